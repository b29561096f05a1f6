/*
 * CompleteWithPendingStatus (Driver Verifier 0xC9/0x06): the driver
 * completes the request with the STATUS_PENDING it meant to return, not
 * with a final status.
 */
#include "corpus.h"

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  if (IoGetCurrentIrpStackLocation(irp)->MinorFunction != IRP_MN_QUERY_SINGLE_INSTANCE)
    return cdrv_system_control(device, irp);
  IoMarkIrpPending(irp);
  /* BUG: IoStatus.Status must be the final status when the IRP completes. */
  irp->IoStatus.Status = STATUS_PENDING;
  irp->IoStatus.Information = 0;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return STATUS_PENDING;
}

static const struct cdrv_hooks hooks = {.system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_CompleteWithPendingStatus = {
  .rule = "CompleteWithPendingStatus",
  .bug = "the IRP is completed with IoStatus.Status STATUS_PENDING",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_UNSUCCESSFUL,
  .routine = "IoCompleteRequest",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
