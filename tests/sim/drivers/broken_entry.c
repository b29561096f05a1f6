/*
 * broken_entry.c - a module whose DriverEntry fails, for the wmisim
 * command's tests of a driver that refuses to load.
 */
#include <wdm.h>

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  UNREFERENCED_PARAMETER(DriverObject);
  UNREFERENCED_PARAMETER(RegistryPath);
  return STATUS_DEVICE_CONFIGURATION_ERROR;
}
