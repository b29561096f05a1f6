/*
 * PoolLeakAtUnload (Driver Verifier 0xC4/0x62): AddDevice allocates a
 * sample history buffer that nothing ever frees.
 */
#include "corpus.h"

static NTSTATUS allocate_history(PDEVICE_OBJECT device) {
  struct cdrv_extension *ext = device->DeviceExtension;
  /* BUG: freed nowhere, neither at removal nor in DriverUnload. */
  ext->scratch = ExAllocatePoolWithTag(NonPagedPoolNx, 256, CDRV_TAG);
  return ext->scratch != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

static const struct cdrv_hooks hooks = {.add_device = allocate_history};

static VOID NTAPI unload(PDRIVER_OBJECT driver) {
  (void)driver;
}

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  driver->DriverUnload = unload;
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_PoolLeakAtUnload = {
  .rule = "PoolLeakAtUnload",
  .bug = "a pool block allocated in AddDevice is never freed",
  .entry = entry,
  .scenario = CORPUS_UNLOAD,
  .status = STATUS_SUCCESS,
  .routine = "DriverUnload",
  .major = -1,
  .minor = -1,
  .names_irp = false,
};
