/*
 * MarkIrpPending2 (Driver Verifier 0x23D): DispatchSystemControl hands the
 * request to a system thread and returns STATUS_PENDING without
 * IoMarkIrpPending.
 */
#include "corpus.h"

struct handoff {
  PDEVICE_OBJECT device;
  PIRP irp;
};

static VOID NTAPI worker(PVOID context) {
  struct handoff h = *(struct handoff *)context;
  ExFreePoolWithTag(context, CDRV_TAG); /* before the IRP completes and the driver may go */
  cdrv_system_control(h.device, h.irp);
  PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  UCHAR minor = IoGetCurrentIrpStackLocation(irp)->MinorFunction;
  if (minor != IRP_MN_QUERY_SINGLE_INSTANCE) return cdrv_system_control(device, irp);
  struct handoff *h = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *h, CDRV_TAG);
  if (h == NULL) return cdrv_complete(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
  h->device = device;
  h->irp = irp;
  HANDLE thread;
  /* BUG: no IoMarkIrpPending(irp) before the IRP goes to another thread. */
  if (!NT_SUCCESS(PsCreateSystemThread(&thread, 0, NULL, NULL, NULL, worker, h))) {
    ExFreePoolWithTag(h, CDRV_TAG);
    return cdrv_complete(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
  }
  ZwClose(thread);
  return STATUS_PENDING;
}

static const struct cdrv_hooks hooks = {.system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_MarkIrpPending2 = {
  .rule = "MarkIrpPending2",
  .bug = "DispatchSystemControl returns STATUS_PENDING without IoMarkIrpPending",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_SUCCESS,
  .routine = "DispatchSystemControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
