/*
 * wmilib.c - WmiSystemControl: decides whether a system-control IRP is a
 * WMI request for this device and, if so, hands it to the driver's
 * DpWmiXxx callback. Errors WMILIB finds itself (unknown GUID, bad input
 * WNODE, bad instance, missing callback) leave the IRP set up with the
 * error but not completed (IrpNotCompleted), as the WmiSystemControl page
 * describes; the driver completes it. docs/wmilib.md has the steps.
 */
#include <stdbool.h>
#include <string.h>

#include "check/check.h"
#include "check/irp_rules.h"
#include "core/sim.h"
#include "io/io.h"
#include "wmilib/wmilib_internal.h"

/* The fixed part of the WNODE a request carries: everything WMILIB reads
 * from it before the sizes and offsets the WNODE itself gives. */
static ULONG fixed_size(UCHAR minor) {
  switch (minor) {
  case IRP_MN_QUERY_ALL_DATA: return FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength);
  case IRP_MN_QUERY_SINGLE_INSTANCE:
  case IRP_MN_CHANGE_SINGLE_INSTANCE: return FIELD_OFFSET(WNODE_SINGLE_INSTANCE, VariableData);
  case IRP_MN_CHANGE_SINGLE_ITEM: return FIELD_OFFSET(WNODE_SINGLE_ITEM, VariableData);
  case IRP_MN_EXECUTE_METHOD: return FIELD_OFFSET(WNODE_METHOD_ITEM, VariableData);
  default: return sizeof(WNODE_HEADER);
  }
}

static bool addresses_instance(UCHAR minor) {
  return minor == IRP_MN_QUERY_SINGLE_INSTANCE || minor == IRP_MN_CHANGE_SINGLE_INSTANCE ||
         minor == IRP_MN_CHANGE_SINGLE_ITEM || minor == IRP_MN_EXECUTE_METHOD;
}

/* DataBlockOffset sits at a different place in each of the three layouts. */
static ULONG data_offset_of(UCHAR minor, const void *wnode) {
  switch (minor) {
  case IRP_MN_CHANGE_SINGLE_ITEM: return ((const WNODE_SINGLE_ITEM *)wnode)->DataBlockOffset;
  case IRP_MN_EXECUTE_METHOD: return ((const WNODE_METHOD_ITEM *)wnode)->DataBlockOffset;
  default: return ((const WNODE_SINGLE_INSTANCE *)wnode)->DataBlockOffset;
  }
}

/* The input WNODE holds its fixed part, and the data it points to does not
 * overlap it. WMI never sends less; a hand-made request may. */
static NTSTATUS check_input(const PIO_STACK_LOCATION stack) {
  UCHAR minor = stack->MinorFunction;
  if (stack->Parameters.WMI.Buffer == NULL || stack->Parameters.WMI.BufferSize < fixed_size(minor))
    return STATUS_INVALID_PARAMETER;
  if (addresses_instance(minor) && data_offset_of(minor, stack->Parameters.WMI.Buffer) < fixed_size(minor))
    return STATUS_INVALID_PARAMETER;
  return STATUS_SUCCESS;
}

/* The static instance a single-instance request addresses; WMILIB handles
 * only static names. */
static NTSTATUS instance_of(PWMILIB_CONTEXT context, ULONG guid_index, const PIO_STACK_LOCATION stack,
                            ULONG *instance) {
  const WNODE_SINGLE_INSTANCE *wnode = stack->Parameters.WMI.Buffer;
  if (!(wnode->WnodeHeader.Flags & WNODE_FLAG_STATIC_INSTANCE_NAMES)) return STATUS_WMI_INSTANCE_NOT_FOUND;
  if (wnode->InstanceIndex >= context->GuidList[guid_index].InstanceCount) return STATUS_WMI_INSTANCE_NOT_FOUND;
  *instance = wnode->InstanceIndex;
  return STATUS_SUCCESS;
}

static NTSTATUS query_all(PWMILIB_CONTEXT context, PDEVICE_OBJECT device, PIRP irp, ULONG guid_index,
                          PIO_STACK_LOCATION stack, PSYSCTL_IRP_DISPOSITION disposition) {
  PWNODE_ALL_DATA wnode = stack->Parameters.WMI.Buffer;
  ULONG count = context->GuidList[guid_index].InstanceCount;
  ULONG size = stack->Parameters.WMI.BufferSize;
  /* Nothing to return; KMDF answers the same without asking the driver. */
  if (count == 0) return wmilib_not_completed(irp, STATUS_WMI_INSTANCE_NOT_FOUND, disposition);
  uint64_t offset = ((uint64_t)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength) +
                     (uint64_t)count * sizeof(OFFSETINSTANCEDATAANDLENGTH) + 7u) & ~(uint64_t)7u;
  if (offset > MAXULONG) return wmilib_not_completed(irp, STATUS_INTEGER_OVERFLOW, disposition);
  ULONG avail = offset < size ? (ULONG)(size - offset) : 0;
  /* The lengths go where the offsets will be; WmiCompleteRequest expands them. */
  PULONG lengths = avail != 0 ? (PULONG)&wnode->OffsetInstanceDataAndLength[0] : NULL;
  wnode->DataBlockOffset = (ULONG)offset;
  wnode->InstanceCount = count;
  PUCHAR buffer = avail != 0 ? (PUCHAR)wnode + offset : NULL;
  return context->QueryWmiDataBlock(device, irp, guid_index, 0, count, lengths, avail, buffer);
}

static NTSTATUS query_single(PWMILIB_CONTEXT context, PDEVICE_OBJECT device, PIRP irp, ULONG guid_index,
                             ULONG instance, PIO_STACK_LOCATION stack) {
  PWNODE_SINGLE_INSTANCE wnode = stack->Parameters.WMI.Buffer;
  ULONG size = stack->Parameters.WMI.BufferSize;
  ULONG avail = wnode->DataBlockOffset < size ? size - wnode->DataBlockOffset : 0;
  PUCHAR buffer = avail != 0 ? (PUCHAR)wnode + wnode->DataBlockOffset : NULL;
  return context->QueryWmiDataBlock(device, irp, guid_index, instance, 1, avail != 0 ? &wnode->SizeDataBlock : NULL,
                                    avail, buffer);
}

/* The data a set or a method brings lies within the request buffer. */
static bool data_inside(const PIO_STACK_LOCATION stack) {
  UCHAR minor = stack->MinorFunction;
  const void *wnode = stack->Parameters.WMI.Buffer;
  ULONG size = stack->Parameters.WMI.BufferSize;
  ULONG offset = data_offset_of(minor, wnode);
  ULONG length = minor == IRP_MN_CHANGE_SINGLE_ITEM ? ((const WNODE_SINGLE_ITEM *)wnode)->SizeDataItem
                 : minor == IRP_MN_EXECUTE_METHOD   ? ((const WNODE_METHOD_ITEM *)wnode)->SizeDataBlock
                                                    : ((const WNODE_SINGLE_INSTANCE *)wnode)->SizeDataBlock;
  return offset <= size && length <= size - offset;
}

/* False if the driver left the request's callback NULL; *answer is then
 * what WMILIB returns instead (WMILIB_CONTEXT page). */
static bool has_callback(PWMILIB_CONTEXT context, UCHAR minor, NTSTATUS *answer) {
  switch (minor) {
  case IRP_MN_QUERY_ALL_DATA:
  case IRP_MN_QUERY_SINGLE_INSTANCE:
    *answer = STATUS_INVALID_DEVICE_REQUEST;
    return context->QueryWmiDataBlock != NULL;
  case IRP_MN_CHANGE_SINGLE_INSTANCE:
    *answer = STATUS_WMI_READ_ONLY;
    return context->SetWmiDataBlock != NULL;
  case IRP_MN_CHANGE_SINGLE_ITEM:
    *answer = STATUS_WMI_READ_ONLY;
    return context->SetWmiDataItem != NULL;
  case IRP_MN_EXECUTE_METHOD:
    *answer = STATUS_INVALID_DEVICE_REQUEST;
    return context->ExecuteWmiMethod != NULL;
  default:
    *answer = STATUS_SUCCESS;
    return context->WmiFunctionControl != NULL;
  }
}

static NTSTATUS call_back(PWMILIB_CONTEXT context, PDEVICE_OBJECT device, PIRP irp, ULONG guid_index,
                          ULONG instance, PIO_STACK_LOCATION stack, PSYSCTL_IRP_DISPOSITION disposition) {
  UCHAR minor = stack->MinorFunction;
  PUCHAR wnode = stack->Parameters.WMI.Buffer;
  PUCHAR data = wnode + (addresses_instance(minor) ? data_offset_of(minor, wnode) : 0);
  switch (minor) {
  case IRP_MN_QUERY_ALL_DATA:
    return query_all(context, device, irp, guid_index, stack, disposition);
  case IRP_MN_QUERY_SINGLE_INSTANCE:
    return query_single(context, device, irp, guid_index, instance, stack);
  case IRP_MN_CHANGE_SINGLE_INSTANCE:
    return context->SetWmiDataBlock(device, irp, guid_index, instance,
                                    ((PWNODE_SINGLE_INSTANCE)wnode)->SizeDataBlock, data);
  case IRP_MN_CHANGE_SINGLE_ITEM: {
    PWNODE_SINGLE_ITEM item = (PWNODE_SINGLE_ITEM)wnode;
    return context->SetWmiDataItem(device, irp, guid_index, instance, item->ItemId, item->SizeDataItem, data);
  }
  case IRP_MN_EXECUTE_METHOD: {
    PWNODE_METHOD_ITEM method = (PWNODE_METHOD_ITEM)wnode;
    ULONG out_size = stack->Parameters.WMI.BufferSize - method->DataBlockOffset;
    return context->ExecuteWmiMethod(device, irp, guid_index, instance, method->MethodId, method->SizeDataBlock,
                                     out_size, data);
  }
  default: {
    bool events = minor == IRP_MN_ENABLE_EVENTS || minor == IRP_MN_DISABLE_EVENTS;
    bool enable = minor == IRP_MN_ENABLE_EVENTS || minor == IRP_MN_ENABLE_COLLECTION;
    return context->WmiFunctionControl(device, irp, guid_index, events ? WmiEventControl : WmiDataBlockControl,
                                       enable ? TRUE : FALSE);
  }
  }
}

/* The instance checks, the missing-callback answers and the data bounds, in
 * that order, then the callback. */
static NTSTATUS dispatch_data(PWMILIB_CONTEXT context, PDEVICE_OBJECT device, PIRP irp, ULONG guid_index,
                              PIO_STACK_LOCATION stack, PSYSCTL_IRP_DISPOSITION disposition) {
  UCHAR minor = stack->MinorFunction;
  ULONG instance = 0;
  NTSTATUS status;
  if (addresses_instance(minor) && !NT_SUCCESS(status = instance_of(context, guid_index, stack, &instance)))
    return wmilib_not_completed(irp, status, disposition);
  if (!has_callback(context, minor, &status)) return wmilib_not_completed(irp, status, disposition);
  bool brings_data = addresses_instance(minor) && minor != IRP_MN_QUERY_SINGLE_INSTANCE;
  if (brings_data && !data_inside(stack)) return wmilib_not_completed(irp, STATUS_INVALID_PARAMETER, disposition);
  return call_back(context, device, irp, guid_index, instance, stack, disposition);
}

static void record_disposition(PIRP irp, CHAR location, SYSCTL_IRP_DISPOSITION disposition) {
  struct io_frame *frame = io_frame_at(irp, location);
  if (frame != NULL) frame->wmilib_disposition = (int)disposition;
}

static NTSTATUS system_control(PWMILIB_CONTEXT context, PDEVICE_OBJECT device, PIRP irp,
                               PSYSCTL_IRP_DISPOSITION disposition) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  UCHAR minor = stack->MinorFunction;
  if (!irp_rules_is_wmi_minor(minor)) {
    *disposition = IrpNotWmi;
    return irp->IoStatus.Status;
  }
  if ((PDEVICE_OBJECT)stack->Parameters.WMI.ProviderId != device) {
    *disposition = IrpForward;
    return irp->IoStatus.Status;
  }
  if (minor == IRP_MN_REGINFO || minor == IRP_MN_REGINFO_EX) {
    *disposition = IrpNotCompleted;
    return wmilib_reginfo(context, device, irp, minor == IRP_MN_REGINFO_EX);
  }
  /* A block flagged WMIREG_FLAG_REMOVE_GUID is still dispatched: the
   * callback pages tell drivers to check for it, since a request can arrive
   * before WMI has processed the removal. */
  ULONG guid_index = wmilib_find_guid(context, (const GUID *)stack->Parameters.WMI.DataPath);
  if (guid_index == MAXULONG) return wmilib_not_completed(irp, STATUS_WMI_GUID_NOT_FOUND, disposition);
  NTSTATUS status = check_input(stack);
  if (!NT_SUCCESS(status)) return wmilib_not_completed(irp, status, disposition);
  *disposition = IrpProcessed;
  /* A callback may finish later from another thread: the IRP is then
   * marked pending, before its completion whatever the timing. */
  struct wmilib_call call;
  wmilib_call_begin(&call, irp);
  status = dispatch_data(context, device, irp, guid_index, stack, disposition);
  wmilib_call_end(&call, status == STATUS_PENDING && *disposition == IrpProcessed);
  return status;
}

NTSTATUS NTAPI WmiSystemControl(PWMILIB_CONTEXT WmiLibInfo, PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                PSYSCTL_IRP_DISPOSITION IrpDisposition) {
  SYSCTL_IRP_DISPOSITION ignored;
  if (IrpDisposition == NULL) IrpDisposition = &ignored;
  if (WmiLibInfo == NULL || Irp == NULL || DeviceObject == NULL) {
    struct check_site site = {DeviceObject, Irp, "WmiSystemControl"};
    check_report(sim_current(), CHECK_BAD_PARAMETER, &site, "WmiSystemControl(%p, %p, %p): NULL argument",
                 (void *)WmiLibInfo, (void *)DeviceObject, (void *)Irp);
    /* The driver completes the IRP on IrpNotCompleted: it must carry the error. */
    if (Irp != NULL) return wmilib_not_completed(Irp, STATUS_INVALID_PARAMETER, IrpDisposition);
    *IrpDisposition = IrpNotCompleted;
    return STATUS_INVALID_PARAMETER;
  }
  CHAR location = Irp->CurrentLocation;
  NTSTATUS status = system_control(WmiLibInfo, DeviceObject, Irp, IrpDisposition);
  record_disposition(Irp, location, *IrpDisposition);
  return status;
}
