/*
 * WmiStatusNotPreset (Driver Verifier 0x210): at start the driver asks its
 * bus driver for WMI data with an IRP it builds itself, and leaves
 * IoStatus.Status as IoAllocateIrp left it (STATUS_SUCCESS).
 */
#include "corpus.h"

static NTSTATUS NTAPI sent_back(PDEVICE_OBJECT device, PIRP irp, PVOID context) {
  (void)device;
  (void)irp;
  KeSetEvent((PKEVENT)context, IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS query_bus_driver(PDEVICE_OBJECT device) {
  struct cdrv_extension *ext = device->DeviceExtension;
  PIRP irp = IoAllocateIrp(ext->lower->StackSize, FALSE);
  if (irp == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  UCHAR buffer[64] = {0};
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
  next->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
  next->MinorFunction = IRP_MN_QUERY_ALL_DATA;
  next->Parameters.WMI.ProviderId = (ULONG_PTR)ext->lower;
  next->Parameters.WMI.DataPath = (PVOID)&CDRV_DATA_GUID;
  next->Parameters.WMI.BufferSize = sizeof buffer;
  next->Parameters.WMI.Buffer = buffer;
  /* BUG: no irp->IoStatus.Status = STATUS_NOT_SUPPORTED. */
  KEVENT done;
  KeInitializeEvent(&done, NotificationEvent, FALSE);
  IoSetCompletionRoutine(irp, sent_back, &done, TRUE, TRUE, TRUE);
  if (IoCallDriver(ext->lower, irp) == STATUS_PENDING) KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
  IoFreeIrp(irp);
  NTSTATUS status = IoWMIRegistrationControl(device, WMIREG_ACTION_REGISTER);
  ext->registered = NT_SUCCESS(status);
  return status;
}

static const struct cdrv_hooks hooks = {.start = query_bus_driver};

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &hooks);
}

const struct corpus_driver corpus_WmiStatusNotPreset = {
  .rule = "WmiStatusNotPreset",
  .bug = "a WMI IRP the driver builds itself is sent with IoStatus.Status STATUS_SUCCESS",
  .entry = entry,
  .scenario = CORPUS_START,
  .status = STATUS_SUCCESS,
  .routine = "IoCallDriver",
  .major = IRP_MJ_SYSTEM_CONTROL,
  .minor = IRP_MN_QUERY_ALL_DATA,
  .names_irp = true,
};
