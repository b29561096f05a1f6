/*
 * WmiEventUnregisteredGuid: the driver fires its event under a GUID that
 * differs from the one it registered (a copy-paste slip in the last byte).
 */
#include "corpus.h"

static const GUID MISTYPED_EVENT_GUID = {0x6a1e0f3c, 0x52b7, 0x4d0e, {0x8c, 0x11, 0x0c, 0x4e, 0xc4, 0x00, 0x00, 0x20}};

static NTSTATUS NTAPI function_control(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index,
                                       WMIENABLEDISABLECONTROL function, BOOLEAN enable) {
  struct cdrv_extension *ext = device->DeviceExtension;
  NTSTATUS status = WmiCompleteRequest(device, irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
  if (function != WmiEventControl || guid_index != CDRV_EVENT_INDEX || !enable) return status;
  PULONG data = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *data, CDRV_TAG);
  if (data == NULL) return status;
  *data = ext->data[0].Value;
  /* BUG: MISTYPED_EVENT_GUID is not in the driver's GuidList. */
  WmiFireEvent(device, (LPGUID)&MISTYPED_EVENT_GUID, 0, sizeof *data, data);
  return status;
}

static const struct cdrv_hooks hooks = {.function_control = function_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiEventUnregisteredGuid = {
  .rule = "WmiEventUnregisteredGuid",
  .bug = "an event fired under a GUID the driver never registered",
  .entry = entry,
  .scenario = CORPUS_SUBSCRIBE,
  .status = STATUS_SUCCESS,
  .routine = "IoWMIWriteEvent",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_ENABLE_EVENTS,
  .names_irp = true,
};
