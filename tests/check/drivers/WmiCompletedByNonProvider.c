/*
 * WmiCompletedByNonProvider (Driver Verifier 0x220): an upper filter fails
 * queries itself while its device is powered down, without looking at
 * Parameters.WMI.ProviderId: it completes a query that belongs to the
 * function driver below it.
 */
#include "corpus.h"

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  bool powered_down = ext->scratch == NULL; /* this filter never powers up */
  if (IoGetCurrentIrpStackLocation(irp)->MinorFunction == IRP_MN_QUERY_SINGLE_INSTANCE && powered_down)
    /* BUG: the query is addressed to the device below (ProviderId); pass it down. */
    return cdrv_complete(irp, STATUS_DEVICE_NOT_READY, 0);
  return cdrv_system_control(device, irp);
}

static const struct cdrv_hooks hooks = {.filter = true, .system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiCompletedByNonProvider = {
  .rule = "WmiCompletedByNonProvider",
  .bug = "an upper filter completes queries addressed to the device below it",
  .entry = entry,
  .role = CORPUS_UPPER_FILTER,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_DEVICE_NOT_READY,
  .routine = "IoCompleteRequest",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
