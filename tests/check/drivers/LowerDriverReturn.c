/*
 * LowerDriverReturn: an upper filter passes WMI requests down and returns
 * STATUS_SUCCESS instead of what IoCallDriver returned.
 */
#include "corpus.h"

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  IoSkipCurrentIrpStackLocation(irp);
  IoCallDriver(ext->lower, irp);
  /* BUG: return IoCallDriver's status, not one of your own. */
  return STATUS_SUCCESS;
}

static const struct cdrv_hooks hooks = {.filter = true, .system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_LowerDriverReturn = {
  .rule = "LowerDriverReturn",
  .bug = "an upper filter returns STATUS_SUCCESS after the driver below failed the request",
  .entry = entry,
  .role = CORPUS_UPPER_FILTER,
  .scenario = CORPUS_SET_BAD_ITEM,
  .status = STATUS_WMI_ITEMID_NOT_FOUND,
  .routine = "DispatchSystemControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_CHANGE_SINGLE_ITEM,
  .names_irp = true,
};
