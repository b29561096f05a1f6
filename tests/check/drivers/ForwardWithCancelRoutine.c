/*
 * ForwardWithCancelRoutine (Driver Verifier 0x203): an upper filter makes
 * queries cancelable while it times them and passes them down with its
 * cancel routine still set.
 */
#include "corpus.h"

static VOID NTAPI cancel_inspection(PDEVICE_OBJECT device, PIRP irp) {
  (void)device;
  IoReleaseCancelSpinLock(irp->CancelIrql);
}

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  if (IoGetCurrentIrpStackLocation(irp)->MinorFunction != IRP_MN_QUERY_SINGLE_INSTANCE)
    return cdrv_system_control(device, irp);
  IoSetCancelRoutine(irp, cancel_inspection);
  /* BUG: the IRP goes to the lower driver with this driver's cancel routine. */
  IoSkipCurrentIrpStackLocation(irp);
  return IoCallDriver(ext->lower, irp);
}

static const struct cdrv_hooks hooks = {.filter = true, .system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_ForwardWithCancelRoutine = {
  .rule = "ForwardWithCancelRoutine",
  .bug = "an upper filter passes WMI requests down with its cancel routine set",
  .entry = entry,
  .role = CORPUS_UPPER_FILTER,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_SUCCESS,
  .routine = "IoCallDriver",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
  /* cdrv below then completes an IRP that still carries the filter's
   * cancel routine (Driver Verifier 0xC9/0x07 would stop there too). */
  .also = "CompleteWithCancelRoutine",
};
