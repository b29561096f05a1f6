/*
 * WmiEventTooLarge: when a consumer enables the event the driver fires it
 * with its whole 2 KB history buffer, over the 1 KB event size limit.
 */
#include "corpus.h"

#define HISTORY_SIZE 2048

static NTSTATUS NTAPI function_control(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index,
                                       WMIENABLEDISABLECONTROL function, BOOLEAN enable) {
  NTSTATUS status = WmiCompleteRequest(device, irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
  if (function != WmiEventControl || guid_index != CDRV_EVENT_INDEX || !enable) return status;
  PUCHAR history = ExAllocatePoolWithTag(NonPagedPoolNx, HISTORY_SIZE, CDRV_TAG);
  if (history == NULL) return status;
  RtlZeroMemory(history, HISTORY_SIZE);
  /* BUG: an event WNODE this size is refused (MaxEventSize, 1024 bytes). */
  WmiFireEvent(device, &CDRV_EVENT_GUID, 0, HISTORY_SIZE, history);
  return status;
}

static const struct cdrv_hooks hooks = {.function_control = function_control};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiEventTooLarge = {
  .rule = "WmiEventTooLarge",
  .bug = "an event of 2 KB of data, over the 1 KB limit",
  .entry = entry,
  .scenario = CORPUS_SUBSCRIBE,
  .status = STATUS_SUCCESS,
  .routine = "IoWMIWriteEvent",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_ENABLE_EVENTS,
  .names_irp = true,
};
