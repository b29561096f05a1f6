/*
 * CompletionPendingPropagation (Driver Verifier 0x228): an upper filter
 * watches WMI requests with a completion routine that never propagates
 * the pending state; the function driver below completes queries on
 * another thread.
 */
#include "corpus.h"

static NTSTATUS NTAPI count_completion(PDEVICE_OBJECT device, PIRP irp, PVOID context) {
  (void)irp;
  (void)context;
  struct cdrv_extension *ext = device->DeviceExtension;
  InterlockedIncrement((volatile LONG *)&ext->expensive_count);
  /* BUG: missing `if (Irp->PendingReturned) IoMarkIrpPending(Irp);` */
  return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  IoCopyCurrentIrpStackLocationToNext(irp);
  IoSetCompletionRoutine(irp, count_completion, NULL, TRUE, TRUE, TRUE);
  return IoCallDriver(ext->lower, irp);
}

static const struct cdrv_hooks hooks = {.filter = true, .system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_CompletionPendingPropagation = {
  .rule = "CompletionPendingPropagation",
  .bug = "a filter's completion routine ignores Irp->PendingReturned",
  .entry = entry,
  .role = CORPUS_UPPER_FILTER,
  .lower = cdrv_pending_entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_SUCCESS,
  .routine = "completion routine",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
