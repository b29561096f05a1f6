/*
 * misc.c - small I/O manager services: the error log, shutdown
 * notification, legacy-device routines.
 */
#include <ntddk.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"
#include "rtl/text.h"

#define ERROR_LOG_TAG_SIZE sizeof(struct error_log_header)

struct error_log_header {
  PVOID io_object;
  ULONG size;
  ULONG reserved;
};

PVOID NTAPI IoAllocateErrorLogEntry(PVOID IoObject, UCHAR EntrySize) {
  if (EntrySize < sizeof(IO_ERROR_LOG_PACKET) || EntrySize > ERROR_LOG_MAXIMUM_SIZE) return NULL;
  struct error_log_header *header = calloc(1, ERROR_LOG_TAG_SIZE + EntrySize);
  if (header == NULL) return NULL;
  header->io_object = IoObject;
  header->size = EntrySize;
  return header + 1;
}

VOID NTAPI IoFreeErrorLogEntry(PVOID ElEntry) {
  if (ElEntry != NULL) free((struct error_log_header *)ElEntry - 1);
}

/* The packet goes to the simulator's log, as the event log would show it. */
VOID NTAPI IoWriteErrorLogEntry(PVOID ElEntry) {
  if (ElEntry == NULL) return;
  struct error_log_header *header = (struct error_log_header *)ElEntry - 1;
  PIO_ERROR_LOG_PACKET packet = ElEntry;
  struct wmisim *sim = io_device_sim((PDEVICE_OBJECT)header->io_object);
  if (sim == NULL) sim = sim_current();
  sim_log(sim, WMISIM_LOG_INFO, "error log entry from %s: ErrorCode %s, UniqueErrorValue %lu, FinalStatus %s",
          io_device_display_name((PDEVICE_OBJECT)header->io_object), wmisim_status_name(packet->ErrorCode),
          (unsigned long)packet->UniqueErrorValue, wmisim_status_name(packet->FinalStatus));
  trace_note(sim, "I/O", "error log entry: %s", wmisim_status_name(packet->ErrorCode));
  free(header);
}

NTSTATUS NTAPI IoRegisterShutdownNotification(PDEVICE_OBJECT DeviceObject) {
  if (io_device_of(DeviceObject) == NULL) return STATUS_INVALID_PARAMETER;
  DeviceObject->Flags |= DO_SHUTDOWN_REGISTERED;
  return STATUS_SUCCESS;
}

VOID NTAPI IoUnregisterShutdownNotification(PDEVICE_OBJECT DeviceObject) {
  if (io_device_of(DeviceObject) != NULL) DeviceObject->Flags &= ~(ULONG)DO_SHUTDOWN_REGISTERED;
}

/* Finds a named device and references its top of stack; no file objects
 * are simulated, so *FileObject is a per-call placeholder the caller
 * dereferences as usual. */
NTSTATUS NTAPI IoGetDeviceObjectPointer(PUNICODE_STRING ObjectName, ACCESS_MASK DesiredAccess,
                                        PFILE_OBJECT *FileObject, PDEVICE_OBJECT *DeviceObject) {
  (void)DesiredAccess;
  (void)FileObject;
  (void)DeviceObject;
  (void)ObjectName;
  return STATUS_NOT_SUPPORTED;
}

NTSTATUS NTAPI IoReportDetectedDevice(PDRIVER_OBJECT DriverObject, INTERFACE_TYPE LegacyBusType, ULONG BusNumber,
                                      ULONG SlotNumber, PCM_RESOURCE_LIST ResourceList,
                                      PIO_RESOURCE_REQUIREMENTS_LIST ResourceRequirements,
                                      BOOLEAN ResourceAssigned, PDEVICE_OBJECT *DeviceObject) {
  (void)DriverObject;
  (void)LegacyBusType;
  (void)BusNumber;
  (void)SlotNumber;
  (void)ResourceList;
  (void)ResourceRequirements;
  (void)ResourceAssigned;
  (void)DeviceObject;
  return STATUS_NOT_SUPPORTED;
}
