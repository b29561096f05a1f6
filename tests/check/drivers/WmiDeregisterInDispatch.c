/*
 * WmiDeregisterInDispatch: the query callback finds the hardware gone and
 * deregisters from WMI right there, inside the WMI request.
 */
#include "corpus.h"

static NTSTATUS NTAPI query_and_deregister(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance,
                                           ULONG count, PULONG lengths, ULONG avail, PUCHAR buffer) {
  (void)guid_index;
  (void)instance;
  (void)count;
  (void)lengths;
  (void)avail;
  (void)buffer;
  /* BUG: DEREGISTER waits for this very request: a deadlock on Windows. */
  cdrv_deregister(device);
  return WmiCompleteRequest(device, irp, STATUS_WMI_INSTANCE_NOT_FOUND, 0, IO_NO_INCREMENT);
}

static const struct cdrv_hooks hooks = {.query_data_block = query_and_deregister};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiDeregisterInDispatch = {
  .rule = "WmiDeregisterInDispatch",
  .bug = "the query callback calls IoWMIRegistrationControl(DEREGISTER)",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_WMI_INSTANCE_NOT_FOUND,
  .routine = "IoWMIRegistrationControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
