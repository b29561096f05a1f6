/*
 * WmiDoubleDeregister: the driver deregisters at surprise removal and
 * again, unconditionally, at removal.
 */
#include "corpus.h"

static void deregister_again(PDEVICE_OBJECT device) {
  /* BUG: no record that surprise removal deregistered already. */
  IoWMIRegistrationControl(device, WMIREG_ACTION_DEREGISTER);
}

static const struct cdrv_hooks hooks = {.removal = deregister_again};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiDoubleDeregister = {
  .rule = "WmiDoubleDeregister",
  .bug = "DEREGISTER at surprise removal and again at removal",
  .entry = entry,
  .scenario = CORPUS_SURPRISE_REMOVE,
  .status = STATUS_SUCCESS,
  .routine = "IoWMIRegistrationControl",
  .major = IRP_MJ_PNP,
  .minor = IRP_MN_REMOVE_DEVICE,
  .names_irp = true,
};
