/*
 * WmiMalformedWnode: the driver fills IRP_MN_QUERY_SINGLE_INSTANCE itself
 * and sets SizeDataBlock to the size of its data without checking that it
 * fits: the WNODE claims data past its own end.
 */
#include "corpus.h"

static NTSTATUS NTAPI system_control(PDEVICE_OBJECT device, PIRP irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  PWNODE_SINGLE_INSTANCE wnode = stack->Parameters.WMI.Buffer;
  ULONG size = stack->Parameters.WMI.BufferSize;
  if (stack->MinorFunction != IRP_MN_QUERY_SINGLE_INSTANCE || stack->Parameters.WMI.ProviderId != (ULONG_PTR)device ||
      size < sizeof *wnode)
    return cdrv_system_control(device, irp);
  /* BUG: SizeDataBlock says 4 KB; BufferSize says the WNODE ends sooner. */
  wnode->SizeDataBlock = 4096;
  wnode->WnodeHeader.BufferSize = size;
  return cdrv_complete(irp, STATUS_SUCCESS, size);
}

static const struct cdrv_hooks hooks = {.system_control = system_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiMalformedWnode = {
  .rule = "WmiMalformedWnode",
  .bug = "a WNODE_SINGLE_INSTANCE whose SizeDataBlock runs past its BufferSize",
  .entry = entry,
  .scenario = CORPUS_QUERY_SINGLE,
  .status = STATUS_UNSUCCESSFUL,
  .routine = "DispatchSystemControl",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_SINGLE_INSTANCE,
  .names_irp = true,
};
