/*
 * DoubleCompletion (bug check 0x44): DispatchSystemControl completes the
 * IRP for IrpProcessed too, which the WMILIB callback already completed
 * with WmiCompleteRequest.
 */
#include "corpus.h"

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  SYSCTL_IRP_DISPOSITION disposition;
  NTSTATUS status = WmiSystemControl(&ext->wmilib, device, irp, &disposition);
  if (disposition == IrpForward || disposition == IrpNotWmi) {
    IoSkipCurrentIrpStackLocation(irp);
    return IoCallDriver(ext->lower, irp);
  }
  /* BUG: IrpProcessed means the callback completed it already. */
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

static const struct cdrv_hooks hooks = {.system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_DoubleCompletion = {
  .rule = "DoubleCompletion",
  .bug = "DispatchSystemControl completes IrpProcessed requests its callback completed already",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_SUCCESS,
  .routine = "IoCompleteRequest",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
