/*
 * event.c - WmiFireEvent: wraps a driver's event data in a static-name
 * WNODE_SINGLE_INSTANCE and writes it through IoWMIWriteEvent, the one
 * path every event takes.
 */
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "ke/thread.h"
#include "wmilib/wmilib_internal.h"

#define EVENT_TAG 0x45696d57u /* 'WmiE' */

/* A call WMILIB cannot turn into an event: reported, and the event data,
 * which belongs to WMI from the call on, freed. */
static NTSTATUS refuse(PDEVICE_OBJECT device, PVOID data, const char *why) {
  struct check_site site = {device, NULL, "WmiFireEvent"};
  check_report(sim_current(), CHECK_BAD_PARAMETER, &site, "WmiFireEvent: %s", why);
  if (data != NULL) ExFreePool(data);
  return STATUS_INVALID_PARAMETER;
}

/* WmiFireEvent is documented for IRQL <= DISPATCH_LEVEL, IoWMIWriteEvent
 * for <= APC_LEVEL. A driver calling WmiFireEvent at DISPATCH_LEVEL did
 * nothing wrong, so the write made on its behalf is checked against
 * WmiFireEvent's limit, not IoWMIWriteEvent's. */
static NTSTATUS write_event(PWNODE_SINGLE_INSTANCE event) {
  struct kthread *thread = ke_thread();
  KIRQL irql = thread->irql;
  if (irql > DISPATCH_LEVEL) check_irql_violation(sim_current(), "WmiFireEvent", irql, DISPATCH_LEVEL);
  if (irql > APC_LEVEL) thread->irql = APC_LEVEL;
  NTSTATUS status = IoWMIWriteEvent(event);
  thread->irql = irql;
  return status;
}

NTSTATUS NTAPI WmiFireEvent(PDEVICE_OBJECT DeviceObject, LPCGUID Guid, ULONG InstanceIndex, ULONG EventDataSize,
                            PVOID EventData) {
  if (Guid == NULL) return refuse(DeviceObject, EventData, "Guid is NULL");
  if (EventDataSize > MAXULONG - sizeof(WNODE_SINGLE_INSTANCE))
    return refuse(DeviceObject, EventData, "EventDataSize too large");
  if (EventData == NULL && EventDataSize != 0)
    return refuse(DeviceObject, NULL, "EventDataSize is not 0 but EventData is NULL");
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
  if (EventDataSize != 0) memcpy(event->VariableData, EventData, EventDataSize);
  if (EventData != NULL) ExFreePool(EventData);
  NTSTATUS status = write_event(event);
  if (!NT_SUCCESS(status)) ExFreePool(event);
  return status;
}
