/*
 * WmiComplete: the query callback returns without WmiCompleteRequest, so
 * the WMI IRP WmiSystemControl called it for (IrpProcessed) is never
 * completed before DispatchSystemControl returns.
 */
#include "corpus.h"

static NTSTATUS NTAPI query_without_completing(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance,
                                               ULONG count, PULONG lengths, ULONG avail, PUCHAR buffer) {
  (void)irp;
  ULONG used;
  /* BUG: the data is filled in but WmiCompleteRequest is never called. */
  return cdrv_fill(device->DeviceExtension, guid_index, instance, count, lengths, avail, buffer, &used);
}

static const struct cdrv_hooks hooks = {.query_data_block = query_without_completing};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiComplete = {
  .rule = "WmiComplete",
  .bug = "the query callback fills the data and returns without WmiCompleteRequest",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_UNSUCCESSFUL,
  .routine = "DispatchSystemControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
  .also = "WmiDeregisterWait", /* the IRP is never completed: removal waits for it in vain */
};
