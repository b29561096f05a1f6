/*
 * hellowmi.c - the smallest useful WDM driver with a WMI block, handled
 * through WMILIB. It compiles unchanged for Windows; its tests run it in
 * wmisim.
 *
 * One device, one instance of HelloWmi_Counter: every query adds Step to
 * Queries; a consumer may change Step (whole instance or item 2).
 */
#include <initguid.h>

#include <ntddk.h>
#include <wmilib.h>

#include "hellowmi.h"

typedef struct _DEVICE_EXTENSION {
  PDEVICE_OBJECT Pdo;
  PDEVICE_OBJECT Lower;
  WMILIB_CONTEXT WmiLib;
  HELLOWMI_COUNTER Counter;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static WMIGUIDREGINFO HelloGuids[] = {{&HELLOWMI_COUNTER_GUID, 1, 0}};
static UNICODE_STRING HelloRegistryPath;

static DRIVER_ADD_DEVICE HelloAddDevice;
static DRIVER_UNLOAD HelloUnload;
_Dispatch_type_(IRP_MJ_PNP) static DRIVER_DISPATCH HelloPnp;
_Dispatch_type_(IRP_MJ_POWER) static DRIVER_DISPATCH HelloPower;
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL) static DRIVER_DISPATCH HelloSystemControl;
static WMI_QUERY_REGINFO_CALLBACK HelloQueryRegInfo;
static WMI_QUERY_DATABLOCK_CALLBACK HelloQueryDataBlock;
static WMI_SET_DATABLOCK_CALLBACK HelloSetDataBlock;
static WMI_SET_DATAITEM_CALLBACK HelloSetDataItem;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  /* WMILIB hands the registry path to WMI after DriverEntry returns, so keep a copy. */
  HelloRegistryPath.Buffer = ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length, 'oleH');
  if (HelloRegistryPath.Buffer == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  HelloRegistryPath.MaximumLength = RegistryPath->Length;
  RtlCopyUnicodeString(&HelloRegistryPath, RegistryPath);

  DriverObject->DriverExtension->AddDevice = HelloAddDevice;
  DriverObject->DriverUnload = HelloUnload;
  DriverObject->MajorFunction[IRP_MJ_PNP] = HelloPnp;
  DriverObject->MajorFunction[IRP_MJ_POWER] = HelloPower;
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = HelloSystemControl;
  return STATUS_SUCCESS;
}

static VOID HelloUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  ExFreePool(HelloRegistryPath.Buffer);
}

static NTSTATUS HelloAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo) {
  PDEVICE_OBJECT device;
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                                   FILE_DEVICE_SECURE_OPEN, FALSE, &device);
  if (!NT_SUCCESS(status)) return status;

  PDEVICE_EXTENSION ext = device->DeviceExtension;
  RtlZeroMemory(ext, sizeof *ext);
  ext->Pdo = Pdo;
  ext->Counter.Step = 1;
  ext->Lower = IoAttachDeviceToDeviceStack(device, Pdo);
  if (ext->Lower == NULL) {
    IoDeleteDevice(device);
    return STATUS_NO_SUCH_DEVICE;
  }

  ext->WmiLib.GuidCount = ARRAYSIZE(HelloGuids);
  ext->WmiLib.GuidList = HelloGuids;
  ext->WmiLib.QueryWmiRegInfo = HelloQueryRegInfo;
  ext->WmiLib.QueryWmiDataBlock = HelloQueryDataBlock;
  ext->WmiLib.SetWmiDataBlock = HelloSetDataBlock;
  ext->WmiLib.SetWmiDataItem = HelloSetDataItem;

  device->Flags |= DO_POWER_PAGABLE;
  device->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

/* The PDO completes start and removal; the WMI registration follows them. */
static NTSTATUS HelloPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UCHAR minor = IoGetCurrentIrpStackLocation(Irp)->MinorFunction;
  NTSTATUS status;

  switch (minor) {
  case IRP_MN_START_DEVICE:
    status = IoForwardIrpSynchronously(ext->Lower, Irp) ? Irp->IoStatus.Status : STATUS_UNSUCCESSFUL;
    if (NT_SUCCESS(status)) status = IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_REGISTER);
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
  case IRP_MN_REMOVE_DEVICE:
    IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoDetachDevice(ext->Lower);
    IoDeleteDevice(DeviceObject);
    return status;
  default:
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
  }
}

static NTSTATUS HelloPower(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  PoStartNextPowerIrp(Irp);
  IoSkipCurrentIrpStackLocation(Irp);
  return PoCallDriver(ext->Lower, Irp);
}

static NTSTATUS HelloSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  SYSCTL_IRP_DISPOSITION disposition;
  NTSTATUS status = WmiSystemControl(&ext->WmiLib, DeviceObject, Irp, &disposition);

  switch (disposition) {
  case IrpProcessed:      /* WMILIB called us back and the IRP is completed */
    break;
  case IrpNotCompleted:   /* WMILIB filled in an error; we complete it */
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    break;
  case IrpForward:        /* meant for another device in the stack */
  case IrpNotWmi:
  default:
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    break;
  }
  return status;
}

static NTSTATUS HelloQueryRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags, PUNICODE_STRING InstanceName,
                                  PUNICODE_STRING *RegistryPath, PUNICODE_STRING MofResourceName,
                                  PDEVICE_OBJECT *Pdo) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceName);
  UNREFERENCED_PARAMETER(MofResourceName);
  /* Instance names derive from the PDO's device instance ID: ROOT\HELLOWMI\0000_0. */
  *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
  *RegistryPath = &HelloRegistryPath;
  *Pdo = ext->Pdo;
  return STATUS_SUCCESS;
}

static NTSTATUS HelloQueryDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                                    ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail,
                                    PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InstanceCount);

  /* WMILIB turns STATUS_BUFFER_TOO_SMALL into WNODE_TOO_SMALL with the size we need. */
  if (BufferAvail < sizeof(HELLOWMI_COUNTER))
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, sizeof(HELLOWMI_COUNTER),
                              IO_NO_INCREMENT);

  ext->Counter.Queries += ext->Counter.Step;
  RtlCopyMemory(Buffer, &ext->Counter, sizeof ext->Counter);
  InstanceLengthArray[0] = sizeof ext->Counter;
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, sizeof ext->Counter, IO_NO_INCREMENT);
}

static NTSTATUS HelloSetDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                                  ULONG BufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(InstanceIndex);
  NTSTATUS status = STATUS_INFO_LENGTH_MISMATCH;
  if (BufferSize == sizeof(HELLOWMI_COUNTER)) {
    /* Queries is read-only; only Step is taken from the new instance. */
    ext->Counter.Step = ((PHELLOWMI_COUNTER)Buffer)->Step;
    status = STATUS_SUCCESS;
  }
  return WmiCompleteRequest(DeviceObject, Irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS HelloSetDataItem(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                                 ULONG DataItemId, ULONG BufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(InstanceIndex);
  NTSTATUS status;
  if (DataItemId == 1)
    status = STATUS_WMI_READ_ONLY;
  else if (DataItemId != 2)
    status = STATUS_WMI_ITEMID_NOT_FOUND;
  else if (BufferSize != sizeof(ULONG))
    status = STATUS_INFO_LENGTH_MISMATCH;
  else {
    RtlCopyMemory(&ext->Counter.Step, Buffer, sizeof(ULONG));
    status = STATUS_SUCCESS;
  }
  return WmiCompleteRequest(DeviceObject, Irp, status, 0, IO_NO_INCREMENT);
}
