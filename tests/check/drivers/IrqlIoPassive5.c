/*
 * IrqlIoPassive5: at start the driver takes its instance ids with
 * IoWMIAllocateInstanceIds while holding its spin lock (DISPATCH_LEVEL).
 */
#include "corpus.h"

static NTSTATUS allocate_ids_under_lock(PDEVICE_OBJECT device) {
  struct cdrv_extension *ext = device->DeviceExtension;
  GUID guid = CDRV_DATA_GUID;
  ULONG first;
  KIRQL old;
  KeAcquireSpinLock(&ext->lock, &old);
  /* BUG: IoWMIAllocateInstanceIds runs at PASSIVE_LEVEL only. */
  NTSTATUS status = IoWMIAllocateInstanceIds(&guid, CDRV_INSTANCES, &first);
  KeReleaseSpinLock(&ext->lock, old);
  if (!NT_SUCCESS(status)) return status;
  status = IoWMIRegistrationControl(device, WMIREG_ACTION_REGISTER);
  ext->registered = NT_SUCCESS(status);
  return status;
}

static const struct cdrv_hooks hooks = {.start = allocate_ids_under_lock};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_IrqlIoPassive5 = {
  .rule = "IrqlIoPassive5",
  .bug = "IoWMIAllocateInstanceIds called while holding a spin lock",
  .entry = entry,
  .scenario = CORPUS_START,
  .status = STATUS_SUCCESS,
  .routine = "IoWMIAllocateInstanceIds",
  .major = IRP_MJ_PNP,
  .minor = IRP_MN_START_DEVICE,
  .names_irp = true,
};
