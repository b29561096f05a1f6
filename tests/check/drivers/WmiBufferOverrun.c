/*
 * WmiBufferOverrun: the query callback clears its output area with a
 * `<=` loop, one ULONG past BufferAvail.
 */
#include "corpus.h"

static NTSTATUS NTAPI query_past_the_end(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance,
                                         ULONG count, PULONG lengths, ULONG avail, PUCHAR buffer) {
  /* BUG: `<=` writes the ULONG after the last one that fits. */
  if (buffer != NULL)
    for (ULONG at = 0; at <= avail / sizeof(ULONG); at++) ((PULONG)buffer)[at] = 0;
  ULONG used;
  NTSTATUS status = cdrv_fill(device->DeviceExtension, guid_index, instance, count, lengths, avail, buffer, &used);
  return WmiCompleteRequest(device, irp, status, used, IO_NO_INCREMENT);
}

static const struct cdrv_hooks hooks = {.query_data_block = query_past_the_end};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiBufferOverrun = {
  .rule = "WmiBufferOverrun",
  .bug = "the query callback writes one ULONG past the end of the request buffer",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_SUCCESS,
  .routine = "DispatchSystemControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
