/*
 * MarkIrpPending (Driver Verifier 0x23E): DispatchSystemControl marks every
 * request pending "in case the callback pends" and then returns the
 * callback's success.
 */
#include "corpus.h"

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  if (IoGetCurrentIrpStackLocation(irp)->MinorFunction != IRP_MN_QUERY_SINGLE_INSTANCE)
    return cdrv_system_control(device, irp);
  /* BUG: marking pending obliges the routine to return STATUS_PENDING. */
  IoMarkIrpPending(irp);
  SYSCTL_IRP_DISPOSITION disposition;
  NTSTATUS status = WmiSystemControl(&ext->wmilib, device, irp, &disposition);
  if (disposition == IrpNotCompleted) IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

static const struct cdrv_hooks hooks = {.system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_MarkIrpPending = {
  .rule = "MarkIrpPending",
  .bug = "DispatchSystemControl calls IoMarkIrpPending and returns STATUS_SUCCESS",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_SUCCESS,
  .routine = "DispatchSystemControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
