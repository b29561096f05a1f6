/*
 * WmiForward: an upper filter that looks at queries through
 * WmiSystemControl forgets the IrpForward disposition: the query,
 * addressed to the function driver below, is neither passed down nor
 * completed.
 */
#include "corpus.h"

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  if (IoGetCurrentIrpStackLocation(irp)->MinorFunction != IRP_MN_QUERY_SINGLE_INSTANCE)
    return cdrv_system_control(device, irp);
  SYSCTL_IRP_DISPOSITION disposition;
  NTSTATUS status = WmiSystemControl(&ext->wmilib, device, irp, &disposition);
  if (disposition == IrpNotCompleted) IoCompleteRequest(irp, IO_NO_INCREMENT);
  /* BUG: IrpForward (and IrpNotWmi) fall through: the IRP is dropped. */
  return status;
}

static const struct cdrv_hooks hooks = {.filter = true, .system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiForward = {
  .rule = "WmiForward",
  .bug = "an upper filter ignores WmiSystemControl's IrpForward and drops the IRP",
  .entry = entry,
  .role = CORPUS_UPPER_FILTER,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_NOT_SUPPORTED, /* what the filter returned: WMI takes a dropped IRP's returned status */
  .routine = "DispatchSystemControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
  .also = "WmiDeregisterWait", /* the IRP is never completed: cdrv's removal waits for it in vain */
};
