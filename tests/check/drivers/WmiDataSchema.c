/*
 * WmiDataSchema: the query callback returns only the first item of the
 * block; cdrv.mof says CheckCorpus_Data has Value and Threshold.
 */
#include "corpus.h"

static NTSTATUS NTAPI query_value_only(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance,
                                       ULONG count, PULONG lengths, ULONG avail, PUCHAR buffer) {
  struct cdrv_extension *ext = device->DeviceExtension;
  if (guid_index != CDRV_DATA_INDEX || count != 1)
    return cdrv_query_data_block(device, irp, guid_index, instance, count, lengths, avail, buffer);
  if (lengths == NULL || avail < sizeof(ULONG))
    return WmiCompleteRequest(device, irp, STATUS_BUFFER_TOO_SMALL, sizeof(ULONG), IO_NO_INCREMENT);
  /* BUG: the block is a struct cdrv_data; Threshold is left out. */
  memcpy(buffer, &ext->data[instance].Value, sizeof(ULONG));
  lengths[0] = sizeof(ULONG);
  return WmiCompleteRequest(device, irp, STATUS_SUCCESS, sizeof(ULONG), IO_NO_INCREMENT);
}

static const struct cdrv_hooks hooks = {.query_data_block = query_value_only};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiDataSchema = {
  .rule = "WmiDataSchema",
  .bug = "a query returns 4 bytes of a block its MOF class lays out in 8",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_SUCCESS,
  .routine = "DispatchSystemControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
  .mof = true,
};
