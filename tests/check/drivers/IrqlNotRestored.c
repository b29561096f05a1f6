/*
 * IrqlNotRestored (Driver Verifier 0xC9/0x05): the query callback takes
 * its spin lock and leaves through an early return that skips the release.
 */
#include "corpus.h"

static NTSTATUS NTAPI query_keeping_the_lock(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance,
                                             ULONG count, PULONG lengths, ULONG avail, PUCHAR buffer) {
  struct cdrv_extension *ext = device->DeviceExtension;
  KIRQL old;
  KeAcquireSpinLock(&ext->lock, &old);
  ULONG used;
  NTSTATUS status = cdrv_fill(ext, guid_index, instance, count, lengths, avail, buffer, &used);
  /* BUG: this return skips KeReleaseSpinLock: the IRQL stays at DISPATCH_LEVEL. */
  if (NT_SUCCESS(status)) return WmiCompleteRequest(device, irp, status, used, IO_NO_INCREMENT);
  KeReleaseSpinLock(&ext->lock, old);
  return WmiCompleteRequest(device, irp, status, used, IO_NO_INCREMENT);
}

static const struct cdrv_hooks hooks = {.query_data_block = query_keeping_the_lock};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_IrqlNotRestored = {
  .rule = "IrqlNotRestored",
  .bug = "the query callback returns with its spin lock held",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_SUCCESS,
  .routine = "DispatchSystemControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
