/*
 * bugcheck_on_bad_index.c - a driver for stress_bugcheck.c: it bug checks
 * (0xDE) on a query for an instance index it does not have, as a driver
 * whose ASSERTs call KeBugCheckEx would. Only the stress mode's edge
 * cases send such a query.
 */
#include "cdrv.h"

NTSTATUS NTAPI stress_bugcheck_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path);

/* Bug checks on an instance index it does not have, as an ASSERT-happy
 * driver built with KeBugCheckEx would. */
static NTSTATUS NTAPI bugchecks_on_bad_index(PDEVICE_OBJECT device, PIRP irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  PWNODE_SINGLE_INSTANCE wnode = stack->Parameters.WMI.Buffer;
  if (stack->MinorFunction == IRP_MN_QUERY_SINGLE_INSTANCE && stack->Parameters.WMI.ProviderId == (ULONG_PTR)device &&
      stack->Parameters.WMI.BufferSize >= sizeof *wnode && (wnode->WnodeHeader.Flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) &&
      wnode->InstanceIndex >= CDRV_INSTANCES)
    KeBugCheckEx(0xDE, wnode->InstanceIndex, 0, 0, 0);
  return cdrv_system_control(device, irp);
}

static const struct cdrv_hooks bugcheck_hooks = {.system_control = bugchecks_on_bad_index};

NTSTATUS NTAPI stress_bugcheck_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path) {
  return cdrv_entry(driver, path, &bugcheck_hooks);
}
