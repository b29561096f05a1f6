/*
 * CompleteRequestStatusCheck (Driver Verifier 0x224): DispatchSystemControl
 * returns STATUS_SUCCESS whatever status the request was completed with.
 */
#include "corpus.h"

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  SYSCTL_IRP_DISPOSITION disposition;
  WmiSystemControl(&ext->wmilib, device, irp, &disposition);
  if (disposition == IrpForward || disposition == IrpNotWmi) {
    IoSkipCurrentIrpStackLocation(irp);
    return IoCallDriver(ext->lower, irp);
  }
  if (disposition == IrpNotCompleted) IoCompleteRequest(irp, IO_NO_INCREMENT);
  /* BUG: the status WmiSystemControl returned is thrown away. */
  return STATUS_SUCCESS;
}

static const struct cdrv_hooks hooks = {.system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_CompleteRequestStatusCheck = {
  .rule = "CompleteRequestStatusCheck",
  .bug = "DispatchSystemControl returns STATUS_SUCCESS for a request completed with an error",
  .entry = entry,
  .scenario = CORPUS_SET_BAD_ITEM,
  .status = STATUS_WMI_ITEMID_NOT_FOUND,
  .routine = "DispatchSystemControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_CHANGE_SINGLE_ITEM,
  .names_irp = true,
};
