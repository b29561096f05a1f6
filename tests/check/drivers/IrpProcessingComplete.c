/*
 * IrpProcessingComplete (Driver Verifier 0x226): DispatchPower returns
 * STATUS_SUCCESS for a system power IRP without passing it down or
 * completing it.
 */
#include "corpus.h"

static NTSTATUS NTAPI power(PDEVICE_OBJECT device, PIRP irp) {
  (void)device;
  PoStartNextPowerIrp(irp);
  /* BUG: a driver that is not the power policy owner must PoCallDriver. */
  return STATUS_SUCCESS;
}

static const struct cdrv_hooks hooks = {.power = power};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_IrpProcessingComplete = {
  .rule = "IrpProcessingComplete",
  .bug = "DispatchPower returns STATUS_SUCCESS without passing the IRP down or completing it",
  .entry = entry,
  .scenario = CORPUS_SYSTEM_POWER,
  .status = STATUS_SUCCESS, /* what DispatchPower returned, as Windows' PnP manager takes it */
  .routine = "DispatchPower",
  .major = IRP_MJ_POWER,
  .minor = IRP_MN_SET_POWER,
  .names_irp = true,
};
