/*
 * complete.c - WmiCompleteRequest: finishes the WNODE the callback filled
 * (offsets and lengths of all instances, sizes, time stamp), turns
 * STATUS_BUFFER_TOO_SMALL into a WNODE_TOO_SMALL with SizeNeeded and a
 * success status so WMI asks again, and completes the IRP.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "wmilib/wmilib_internal.h"

#define ALIGN8(x) (((x) + 7u) & ~(ULONG)7u)

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
 * OFFSETINSTANCEDATAANDLENGTH entries, each instance 8-byte aligned. */
static NTSTATUS finish_all_data(PWNODE_ALL_DATA wnode, ULONG buffer_size, ULONG used) {
  ULONG count = wnode->InstanceCount;
  PULONG lengths = malloc(((size_t)count + 1) * sizeof *lengths);
  if (lengths == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  memcpy(lengths, &wnode->OffsetInstanceDataAndLength[0], (size_t)count * sizeof *lengths);
  ULONG at = wnode->DataBlockOffset;
  for (ULONG i = 0; i < count; i++) {
    wnode->OffsetInstanceDataAndLength[i].OffsetInstanceData = at;
    wnode->OffsetInstanceDataAndLength[i].LengthInstanceData = lengths[i];
    at = ALIGN8(at + lengths[i]);
  }
  free(lengths);
  wnode->WnodeHeader.Flags &= ~(ULONG)WNODE_FLAG_FIXED_INSTANCE_SIZE;
  wnode->WnodeHeader.BufferSize = wnode->DataBlockOffset + used;
  (void)buffer_size;
  return STATUS_SUCCESS;
}

static NTSTATUS finish_wnode(PIRP irp, PIO_STACK_LOCATION stack, NTSTATUS status, ULONG used) {
  PWNODE_HEADER header = stack->Parameters.WMI.Buffer;
  ULONG size = stack->Parameters.WMI.BufferSize;
  ULONG data_offset = stack->MinorFunction == IRP_MN_QUERY_ALL_DATA ? ((PWNODE_ALL_DATA)header)->DataBlockOffset
                      : stack->MinorFunction == IRP_MN_EXECUTE_METHOD ? ((PWNODE_METHOD_ITEM)header)->DataBlockOffset
                                                                       : ((PWNODE_SINGLE_INSTANCE)header)->DataBlockOffset;
  if (status == STATUS_BUFFER_TOO_SMALL) return too_small(irp, header, size, data_offset + used);
  if (!NT_SUCCESS(status)) {
    irp->IoStatus.Information = 0;
    return status;
  }
  if (data_offset > size || used > size - data_offset) return too_small(irp, header, size, data_offset + used);
  if (stack->MinorFunction == IRP_MN_QUERY_ALL_DATA) {
    status = finish_all_data((PWNODE_ALL_DATA)header, size, used);
  } else if (stack->MinorFunction == IRP_MN_EXECUTE_METHOD) {
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
  bool system_control = stack->MajorFunction == IRP_MJ_SYSTEM_CONTROL;
  bool wnode = system_control && returns_wnode(stack->MinorFunction) && stack->Parameters.WMI.Buffer != NULL &&
               stack->Parameters.WMI.BufferSize >= sizeof(WNODE_HEADER);
  /* A set has no output to grow; WMI expects STATUS_WMI_SET_FAILURE for the
   * buffer-size errors many drivers report (KMDF rewrites it the same way). */
  bool set = system_control &&
             (stack->MinorFunction == IRP_MN_CHANGE_SINGLE_INSTANCE || stack->MinorFunction == IRP_MN_CHANGE_SINGLE_ITEM);
  if (set && Status == STATUS_BUFFER_TOO_SMALL) Status = STATUS_WMI_SET_FAILURE;
  if (wnode) {
    Status = finish_wnode(Irp, stack, Status, BufferUsed);
  } else {
    Irp->IoStatus.Information = 0;
  }
  Irp->IoStatus.Status = Status;
  IoCompleteRequest(Irp, PriorityBoost);
  return Status;
}
