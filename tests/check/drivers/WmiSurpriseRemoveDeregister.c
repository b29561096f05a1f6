/*
 * WmiSurpriseRemoveDeregister: the driver deregisters only at
 * IRP_MN_REMOVE_DEVICE, so WMI keeps sending requests to hardware that is
 * gone between surprise removal and removal.
 */
#include "corpus.h"

static void keep_registered(PDEVICE_OBJECT device) {
  /* BUG: the WDK says to deregister here, at surprise removal. */
  (void)device;
}

static const struct cdrv_hooks hooks = {.surprise_removal = keep_registered};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiSurpriseRemoveDeregister = {
  .rule = "WmiSurpriseRemoveDeregister",
  .bug = "no DEREGISTER at IRP_MN_SURPRISE_REMOVAL, only at removal",
  .entry = entry,
  .scenario = CORPUS_SURPRISE_REMOVE,
  .status = STATUS_SUCCESS,
  .routine = "DispatchPnp", /* checked once IRP_MN_SURPRISE_REMOVAL completed: no IRP named */
  .major = -1,
  .minor = -1,
  .names_irp = false,
};
