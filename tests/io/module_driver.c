/*
 * module_driver.c - a driver built as a shared library (MODULE) for the
 * loader tests: DriverEntry creates one device that answers any IOCTL with
 * Information 0x1234, DriverUnload deletes nothing (the test deletes the
 * device first), and a driver loaded under the service name "refuse" fails
 * its DriverEntry.
 */
#include <wdm.h>

static VOID NTAPI ModuleUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
}

static NTSTATUS NTAPI ModuleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  UNREFERENCED_PARAMETER(DeviceObject);
  Irp->IoStatus.Status = STATUS_SUCCESS;
  Irp->IoStatus.Information = 0x1234;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_SUCCESS;
}

static BOOLEAN ends_with_refuse(PCUNICODE_STRING path) {
  static const WCHAR refuse[] = L"\\refuse";
  USHORT n = (USHORT)(sizeof refuse - sizeof(WCHAR));
  if (path->Length < n) return FALSE;
  const WCHAR *tail = path->Buffer + (path->Length - n) / sizeof(WCHAR);
  for (USHORT i = 0; i < n / sizeof(WCHAR); i++)
    if (tail[i] != refuse[i]) return FALSE;
  return TRUE;
}

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  if (ends_with_refuse(RegistryPath)) return STATUS_NOT_SUPPORTED;
  DriverObject->DriverUnload = ModuleUnload;
  DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ModuleDeviceControl;
  PDEVICE_OBJECT device;
  NTSTATUS status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
  if (NT_SUCCESS(status)) device->Flags &= ~DO_DEVICE_INITIALIZING;
  return status;
}
