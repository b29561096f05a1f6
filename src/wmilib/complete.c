/*
 * complete.c - WmiCompleteRequest: finishes the WNODE the callback filled
 * (offsets and lengths of all instances, sizes, time stamp), turns
 * STATUS_BUFFER_TOO_SMALL into a WNODE_TOO_SMALL with SizeNeeded and a
 * success status so WMI asks again, and completes the IRP.
 */
#include <stdbool.h>
#include <stdint.h>

#include "check/check.h"
#include "core/sim.h"
#include "wmilib/wmilib_internal.h"

#define ALIGN8_64(x) (((x) + 7u) & ~(uint64_t)7u)

static bool returns_wnode(UCHAR minor) {
  return minor == IRP_MN_QUERY_ALL_DATA || minor == IRP_MN_QUERY_SINGLE_INSTANCE || minor == IRP_MN_EXECUTE_METHOD;
}

/* Rewrites the WNODE in place as a WNODE_TOO_SMALL; the old flags go. */
static NTSTATUS too_small(PIRP irp, PWNODE_HEADER header, ULONG buffer_size, ULONG needed) {
  if (buffer_size < sizeof(WNODE_TOO_SMALL)) {
    irp->IoStatus.Information = 0;
    return STATUS_BUFFER_TOO_SMALL;
  }
  PWNODE_TOO_SMALL small = (PWNODE_TOO_SMALL)header;
  small->WnodeHeader.BufferSize = sizeof(WNODE_TOO_SMALL);
  small->WnodeHeader.Flags = WNODE_FLAG_TOO_SMALL;
  small->SizeNeeded = needed;
  irp->IoStatus.Information = sizeof(WNODE_TOO_SMALL);
  return STATUS_SUCCESS;
}

/* The lengths the callback left where the offsets go become
 * OFFSETINSTANCEDATAANDLENGTH entries, each instance 8-byte aligned.
 * Entry i takes the room of lengths 2i and 2i+1, so the array is rewritten
 * from the end: every length is read before its slot is reused. Each
 * instance starts on an 8-byte boundary, so instance i starts
 * ALIGN8(length i) bytes before instance i + 1. */
static NTSTATUS finish_all_data(PIRP irp, PWNODE_ALL_DATA wnode, ULONG used) {
  ULONG count = wnode->InstanceCount;
  uint64_t array_end = FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength) +
                       (uint64_t)count * sizeof(OFFSETINSTANCEDATAANDLENGTH);
  /* WmiSystemControl wrote both fields; a callback that overwrote them
   * would have WMILIB write past the request buffer. */
  if (count == 0 || array_end > wnode->DataBlockOffset) {
    check_report(sim_current(), CHECK_WMI_MALFORMED_WNODE, &(struct check_site){NULL, irp, "WmiCompleteRequest"},
                 "the WNODE_ALL_DATA's InstanceCount (%lu) or DataBlockOffset (%lu) was changed by the driver",
                 (unsigned long)count, (unsigned long)wnode->DataBlockOffset);
    return STATUS_UNSUCCESSFUL;
  }
  PULONG lengths = (PULONG)&wnode->OffsetInstanceDataAndLength[0];
  uint64_t start = wnode->DataBlockOffset;
  for (ULONG i = 0; i + 1 < count; i++) start = ALIGN8_64(start + lengths[i]);
  if (start > MAXULONG) return STATUS_UNSUCCESSFUL;
  for (ULONG i = count; i-- > 0;) {
    ULONG length = lengths[i];
    wnode->OffsetInstanceDataAndLength[i].OffsetInstanceData = (ULONG)start;
    wnode->OffsetInstanceDataAndLength[i].LengthInstanceData = length;
    if (i > 0) start -= ALIGN8_64((uint64_t)lengths[i - 1]);
  }
  wnode->WnodeHeader.Flags &= ~(ULONG)WNODE_FLAG_FIXED_INSTANCE_SIZE;
  wnode->WnodeHeader.BufferSize = wnode->DataBlockOffset + used;
  return STATUS_SUCCESS;
}

static NTSTATUS finish_wnode(PIRP irp, PIO_STACK_LOCATION stack, NTSTATUS status, ULONG used) {
  PWNODE_HEADER header = stack->Parameters.WMI.Buffer;
  ULONG size = stack->Parameters.WMI.BufferSize;
  UCHAR minor = stack->MinorFunction;
  ULONG data_offset = minor == IRP_MN_QUERY_ALL_DATA    ? ((PWNODE_ALL_DATA)header)->DataBlockOffset
                      : minor == IRP_MN_EXECUTE_METHOD ? ((PWNODE_METHOD_ITEM)header)->DataBlockOffset
                                                       : ((PWNODE_SINGLE_INSTANCE)header)->DataBlockOffset;
  ULONG needed = used <= MAXULONG - data_offset ? data_offset + used : MAXULONG;
  if (status == STATUS_BUFFER_TOO_SMALL) return too_small(irp, header, size, needed);
  if (!NT_SUCCESS(status)) {
    irp->IoStatus.Information = 0;
    return status;
  }
  if (data_offset > size || used > size - data_offset) return too_small(irp, header, size, needed);
  if (minor == IRP_MN_QUERY_ALL_DATA) {
    status = finish_all_data(irp, (PWNODE_ALL_DATA)header, used);
  } else if (minor == IRP_MN_EXECUTE_METHOD) {
    ((PWNODE_METHOD_ITEM)header)->SizeDataBlock = used;
    header->BufferSize = data_offset + used;
  } else {
    ((PWNODE_SINGLE_INSTANCE)header)->SizeDataBlock = used;
    header->BufferSize = data_offset + used;
  }
  KeQuerySystemTime(&header->TimeStamp);
  irp->IoStatus.Information = NT_SUCCESS(status) ? header->BufferSize : 0;
  return status;
}

NTSTATUS NTAPI WmiCompleteRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp, NTSTATUS Status, ULONG BufferUsed,
                                  CCHAR PriorityBoost) {
  (void)DeviceObject;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  UCHAR minor = stack->MinorFunction;
  bool system_control = stack->MajorFunction == IRP_MJ_SYSTEM_CONTROL;
  bool wnode = system_control && returns_wnode(minor) && stack->Parameters.WMI.Buffer != NULL &&
               stack->Parameters.WMI.BufferSize >= sizeof(WNODE_HEADER);
  /* A set has no output to grow; WMI expects STATUS_WMI_SET_FAILURE for the
   * buffer-size errors many drivers report (KMDF rewrites it the same way). */
  bool set = system_control && (minor == IRP_MN_CHANGE_SINGLE_INSTANCE || minor == IRP_MN_CHANGE_SINGLE_ITEM);
  if (set && Status == STATUS_BUFFER_TOO_SMALL) Status = STATUS_WMI_SET_FAILURE;
  if (wnode) {
    Status = finish_wnode(Irp, stack, Status, BufferUsed);
  } else {
    Irp->IoStatus.Information = 0;
  }
  Irp->IoStatus.Status = Status;
  wmilib_call_completing(Irp);
  IoCompleteRequest(Irp, PriorityBoost);
  return Status;
}
