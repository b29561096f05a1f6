/*
 * CompletionRoutineMisuse: DispatchSystemControl prepares to pass every
 * query down with a completion routine, then answers its own itself, with
 * the completion routine left set and no IoCallDriver.
 */
#include "corpus.h"

static NTSTATUS NTAPI after_lower(PDEVICE_OBJECT device, PIRP irp, PVOID context) {
  (void)device;
  (void)context;
  if (irp->PendingReturned) IoMarkIrpPending(irp);
  return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  if (IoGetCurrentIrpStackLocation(irp)->MinorFunction != IRP_MN_QUERY_SINGLE_INSTANCE)
    return cdrv_system_control(device, irp);
  IoCopyCurrentIrpStackLocationToNext(irp);
  IoSetCompletionRoutine(irp, after_lower, NULL, TRUE, TRUE, TRUE);
  if (IoGetCurrentIrpStackLocation(irp)->Parameters.WMI.ProviderId != (ULONG_PTR)device)
    return IoCallDriver(ext->lower, irp);
  /* BUG: the completion routine set above is for an IoCallDriver that never comes. */
  SYSCTL_IRP_DISPOSITION disposition;
  NTSTATUS status = WmiSystemControl(&ext->wmilib, device, irp, &disposition);
  if (disposition == IrpNotCompleted) IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

static const struct cdrv_hooks hooks = {.system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_CompletionRoutineMisuse = {
  .rule = "CompletionRoutineMisuse",
  .bug = "a completion routine is set, then the IRP is completed without IoCallDriver",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_SUCCESS,
  .routine = "DispatchSystemControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
