/*
 * WmiDeleteRegisteredDevice: the driver never deregisters; removal
 * deletes a device WMI still sends requests to.
 */
#include "corpus.h"

static void forget_wmi(PDEVICE_OBJECT device) {
  /* BUG: IoDeleteDevice follows without IoWMIRegistrationControl(DEREGISTER). */
  (void)device;
}

static const struct cdrv_hooks hooks = {.removal = forget_wmi};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiDeleteRegisteredDevice = {
  .rule = "WmiDeleteRegisteredDevice",
  .bug = "IRP_MN_REMOVE_DEVICE deletes the device without DEREGISTER",
  .entry = entry,
  .scenario = CORPUS_REMOVE,
  .status = STATUS_SUCCESS,
  .routine = "IoDeleteDevice",
  .major = IRP_MJ_PNP,
  .minor = IRP_MN_REMOVE_DEVICE,
  .names_irp = true,
};
