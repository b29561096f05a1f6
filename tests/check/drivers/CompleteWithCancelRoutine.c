/*
 * CompleteWithCancelRoutine (Driver Verifier 0xC9/0x07): the query
 * callback makes the request cancelable while it reads the hardware, and
 * completes it without clearing the cancel routine.
 */
#include "corpus.h"

static VOID NTAPI cancel_query(PDEVICE_OBJECT device, PIRP irp) {
  (void)device;
  IoReleaseCancelSpinLock(irp->CancelIrql);
  irp->IoStatus.Status = STATUS_CANCELLED;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI query_cancelable(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance,
                                       ULONG count, PULONG lengths, ULONG avail, PUCHAR buffer) {
  IoSetCancelRoutine(irp, cancel_query);
  ULONG used;
  NTSTATUS status = cdrv_fill(device->DeviceExtension, guid_index, instance, count, lengths, avail, buffer, &used);
  /* BUG: IoSetCancelRoutine(irp, NULL) must come before the completion. */
  return WmiCompleteRequest(device, irp, status, used, IO_NO_INCREMENT);
}

static const struct cdrv_hooks hooks = {.query_data_block = query_cancelable};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_CompleteWithCancelRoutine = {
  .rule = "CompleteWithCancelRoutine",
  .bug = "a request is completed with its cancel routine still set",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_SUCCESS,
  .routine = "IoCompleteRequest",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
