/*
 * event.c - WmiFireEvent: wraps a driver's event data in a static-name
 * WNODE_SINGLE_INSTANCE and writes it through IoWMIWriteEvent, the one
 * path every event takes.
 */
#include <string.h>

#include "wmilib/wmilib_internal.h"

#define EVENT_TAG 0x45696d57u /* 'WmiE' */

NTSTATUS NTAPI WmiFireEvent(PDEVICE_OBJECT DeviceObject, LPCGUID Guid, ULONG InstanceIndex, ULONG EventDataSize,
                            PVOID EventData) {
  ULONG size = (ULONG)sizeof(WNODE_SINGLE_INSTANCE) + EventDataSize;
  PWNODE_SINGLE_INSTANCE event = ExAllocatePoolWithTag(NonPagedPoolNx, size, EVENT_TAG);
  if (event == NULL) {
    /* The event data belongs to WMI from the call on, even when it fails. */
    if (EventData != NULL) ExFreePool(EventData);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  memset(event, 0, sizeof *event);
  event->WnodeHeader.BufferSize = size;
  event->WnodeHeader.ProviderId = IoWMIDeviceObjectToProviderId(DeviceObject);
  event->WnodeHeader.Version = 1;
  KeQuerySystemTime(&event->WnodeHeader.TimeStamp);
  event->WnodeHeader.Guid = *Guid;
  event->WnodeHeader.Flags = WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  event->InstanceIndex = InstanceIndex;
  event->DataBlockOffset = sizeof *event;
  event->SizeDataBlock = EventDataSize;
  if (EventDataSize != 0 && EventData != NULL) memcpy(event->VariableData, EventData, EventDataSize);
  if (EventData != NULL) ExFreePool(EventData);
  NTSTATUS status = IoWMIWriteEvent(event);
  if (!NT_SUCCESS(status)) ExFreePool(event);
  return status;
}
