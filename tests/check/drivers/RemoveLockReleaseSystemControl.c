/*
 * RemoveLockReleaseSystemControl: DispatchSystemControl forgets to release
 * the remove lock when a callback processed the request (IrpProcessed);
 * each such request leaves one acquisition behind.
 */
#include "corpus.h"

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->remove_lock, irp);
  if (!NT_SUCCESS(status)) return cdrv_complete(irp, status, 0);
  SYSCTL_IRP_DISPOSITION disposition;
  status = WmiSystemControl(&ext->wmilib, device, irp, &disposition);
  if (disposition == IrpForward || disposition == IrpNotWmi) {
    IoSkipCurrentIrpStackLocation(irp);
    status = IoCallDriver(ext->lower, irp);
    IoReleaseRemoveLock(&ext->remove_lock, irp);
    return status;
  }
  if (disposition == IrpNotCompleted) {
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    IoReleaseRemoveLock(&ext->remove_lock, irp);
  }
  /* BUG: no IoReleaseRemoveLock for IrpProcessed. */
  return status;
}

static const struct cdrv_hooks hooks = {.system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_RemoveLockReleaseSystemControl = {
  .rule = "RemoveLockReleaseSystemControl",
  .bug = "the remove lock acquired in DispatchSystemControl is not released when the request is processed",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_SUCCESS,
  .routine = "DispatchSystemControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
  .also = "RemoveLockMisuse", /* removal's IoReleaseRemoveLockAndWait waits for it in vain */
};
