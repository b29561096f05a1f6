/*
 * InformationTooLarge (Driver Verifier 0x312): the driver answers
 * IRP_MN_QUERY_SINGLE_INSTANCE itself and reports the size of its whole
 * answer in IoStatus.Information, more than the buffer it was given.
 */
#include "corpus.h"

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  if (stack->MinorFunction != IRP_MN_QUERY_SINGLE_INSTANCE || stack->Parameters.WMI.ProviderId != (ULONG_PTR)device)
    return cdrv_system_control(device, irp);
  /* BUG: Information is what the driver would have liked to write, not
   * what the BufferSize-byte buffer holds. */
  return cdrv_complete(irp, STATUS_SUCCESS, (ULONG_PTR)stack->Parameters.WMI.BufferSize + 4096);
}

static const struct cdrv_hooks hooks = {.system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_InformationTooLarge = {
  .rule = "InformationTooLarge",
  .bug = "a query is completed with IoStatus.Information larger than Parameters.WMI.BufferSize",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_UNSUCCESSFUL,
  .routine = "IoCompleteRequest",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
