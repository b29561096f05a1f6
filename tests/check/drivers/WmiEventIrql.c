/*
 * WmiEventIrql: the driver writes its event with IoWMIWriteEvent while
 * holding its spin lock, at DISPATCH_LEVEL.
 */
#include "corpus.h"

static NTSTATUS NTAPI function_control(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index,
                                       WMIENABLEDISABLECONTROL function, BOOLEAN enable) {
  struct cdrv_extension *ext = device->DeviceExtension;
  NTSTATUS status = WmiCompleteRequest(device, irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
  if (function != WmiEventControl || guid_index != CDRV_EVENT_INDEX || !enable) return status;
  ULONG size = sizeof(WNODE_SINGLE_INSTANCE) + sizeof(ULONG);
  PWNODE_SINGLE_INSTANCE event = ExAllocatePoolWithTag(NonPagedPoolNx, size, CDRV_TAG);
  if (event == NULL) return status;
  RtlZeroMemory(event, size);
  event->WnodeHeader.BufferSize = size;
  event->WnodeHeader.ProviderId = IoWMIDeviceObjectToProviderId(device);
  event->WnodeHeader.Guid = CDRV_EVENT_GUID;
  event->WnodeHeader.Flags = WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  KeQuerySystemTime(&event->WnodeHeader.TimeStamp);
  event->DataBlockOffset = sizeof *event;
  event->SizeDataBlock = sizeof(ULONG);
  KIRQL old;
  KeAcquireSpinLock(&ext->lock, &old);
  memcpy(event->VariableData, &ext->data[0].Value, sizeof(ULONG));
  /* BUG: IoWMIWriteEvent requires IRQL <= APC_LEVEL; release the lock first. */
  if (!NT_SUCCESS(IoWMIWriteEvent(event))) ExFreePoolWithTag(event, CDRV_TAG);
  KeReleaseSpinLock(&ext->lock, old);
  return status;
}

static const struct cdrv_hooks hooks = {.function_control = function_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiEventIrql = {
  .rule = "WmiEventIrql",
  .bug = "IoWMIWriteEvent called while holding a spin lock",
  .entry = entry,
  .scenario = CORPUS_SUBSCRIBE,
  .status = STATUS_SUCCESS,
  .routine = "IoWMIWriteEvent",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_ENABLE_EVENTS,
  .names_irp = true,
};
