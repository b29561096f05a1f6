/*
 * filter.c - an upper filter driver that passes every IRP to the device
 * stack below it, WMI requests included, and is a WMI provider itself.
 *
 * A filter shares its device stack with a function driver that provides
 * WMI blocks (in the tests: disktemp). WMI sends every request to the top
 * of the stack, so the filter sees the function driver's requests first.
 * What it shows:
 *  - IRP_MJ_SYSTEM_CONTROL: a request whose Parameters.WMI.ProviderId is
 *    not the filter's device object belongs to a driver below; the filter
 *    passes it down untouched (IoSkipCurrentIrpStackLocation, then
 *    IoCallDriver) and returns what IoCallDriver returned. Completing it
 *    instead would answer for the function driver (Driver Verifier 0x220).
 *    WMILIB makes the decision: WmiSystemControl says IrpForward;
 *  - its own block (IrpFilter_Counters), answered through WMILIB, with the
 *    same PDO-based instance name as the function driver's blocks: instance
 *    names are unique per GUID, not per device;
 *  - every other IRP passed down under the remove lock, power with
 *    PoStartNextPowerIrp and PoCallDriver;
 *  - a filter device object that looks like the one below it: its type,
 *    characteristics and buffering flags copied after attaching;
 *  - the filter's own WMI registration at start and deregistration at
 *    surprise removal or removal, like any provider's.
 *
 * The WDM plumbing the examples share is ../common/wdmdevice.c.
 */
#include <initguid.h> /* the DEFINE_GUIDs of filterwmi.h define the GUIDs here */
#include <wdm.h>
#include <wmilib.h>
#include <wmistr.h>

#include "filterwmi.h"
#include "wdmdevice.h"

#define FILTER_TAG 'rtlF' /* "Fltr" in pool dumps */

typedef struct _DEVICE_EXTENSION {
  WDM_DEVICE Wdm;              /* first: the shared PnP and power plumbing uses it */
  WMILIB_CONTEXT WmiLibInfo;
  IrpFilter_Counters Counters; /* each counter changed with InterlockedIncrement */
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD FilterUnload;
static DRIVER_ADD_DEVICE FilterAddDevice;
static DRIVER_DISPATCH FilterDispatchAny;
static DRIVER_DISPATCH FilterDispatchPnp;
static DRIVER_DISPATCH FilterDispatchPower;
static DRIVER_DISPATCH FilterDispatchSystemControl;
static WMI_QUERY_REGINFO_CALLBACK FilterQueryWmiRegInfo;
static WMI_QUERY_DATABLOCK_CALLBACK FilterQueryWmiDataBlock;

static WMIGUIDREGINFO FilterGuidList[] = {
  {&IrpFilter_Counters_GUID, 1, 0},
};

static UNICODE_STRING FilterRegistryPath; /* WMI asks for it at every registration */

static VOID FilterCount(volatile ULONG *counter) {
  InterlockedIncrement((volatile LONG *)counter);
}

/* ---- driver ------------------------------------------------------------------------------------- */

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NTSTATUS status = WdmSaveRegistryPath(&FilterRegistryPath, RegistryPath, FILTER_TAG);
  if (!NT_SUCCESS(status)) return status;
  /* A filter must pass on every IRP, also those it knows nothing about. */
  for (ULONG major = 0; major <= IRP_MJ_MAXIMUM_FUNCTION; major++) DriverObject->MajorFunction[major] = FilterDispatchAny;
  DriverObject->MajorFunction[IRP_MJ_PNP] = FilterDispatchPnp;
  DriverObject->MajorFunction[IRP_MJ_POWER] = FilterDispatchPower;
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = FilterDispatchSystemControl;
  DriverObject->DriverExtension->AddDevice = FilterAddDevice;
  DriverObject->DriverUnload = FilterUnload;
  return STATUS_SUCCESS;
}

static VOID NTAPI FilterUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  WdmFreeRegistryPath(&FilterRegistryPath, FILTER_TAG);
}

static NTSTATUS NTAPI FilterAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo) {
  PDEVICE_OBJECT filter;
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &filter);
  if (!NT_SUCCESS(status)) return status;
  PDEVICE_EXTENSION ext = filter->DeviceExtension;
  RtlZeroMemory(ext, sizeof *ext);
  WdmInitialize(&ext->Wdm, filter, Pdo, FILTER_TAG);
  ext->WmiLibInfo.GuidCount = sizeof FilterGuidList / sizeof FilterGuidList[0];
  ext->WmiLibInfo.GuidList = FilterGuidList;
  ext->WmiLibInfo.QueryWmiRegInfo = FilterQueryWmiRegInfo;
  ext->WmiLibInfo.QueryWmiDataBlock = FilterQueryWmiDataBlock;
  /* Read-only, no methods, events or expensive blocks: the rest stays NULL. */

  PDEVICE_OBJECT lower = IoAttachDeviceToDeviceStack(filter, Pdo);
  if (lower == NULL) {
    IoDeleteDevice(filter);
    return STATUS_NO_SUCH_DEVICE;
  }
  ext->Wdm.LowerDevice = lower;
  /* To the drivers above, the filter looks like the device it filters. */
  filter->DeviceType = lower->DeviceType;
  filter->Characteristics = lower->Characteristics;
  filter->Flags |= lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
  filter->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

/* ---- passing IRPs down -------------------------------------------------------------------------- */

static NTSTATUS NTAPI FilterDispatchAny(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->Wdm.RemoveLock, Irp);
  if (!NT_SUCCESS(status)) return WdmCompleteIrp(Irp, status);
  FilterCount(&ext->Counters.OtherForwarded);
  return WdmPassDown(&ext->Wdm, Irp);
}

static NTSTATUS NTAPI FilterDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  FilterCount(&ext->Counters.PowerForwarded);
  return WdmDispatchPowerPassThrough(DeviceObject, Irp); /* PoStartNextPowerIrp, PoCallDriver */
}

static NTSTATUS NTAPI FilterDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->Wdm.RemoveLock, Irp);
  if (!NT_SUCCESS(status)) return WdmCompleteIrp(Irp, status);
  FilterCount(&ext->Counters.PnpForwarded);

  switch (IoGetCurrentIrpStackLocation(Irp)->MinorFunction) {
  case IRP_MN_START_DEVICE:
    /* The drivers below start first (the function driver registers its
     * own blocks then); the filter registers once they have. */
    status = WdmForwardAndWait(&ext->Wdm, Irp);
    if (NT_SUCCESS(status)) status = WdmWmiRegister(&ext->Wdm);
    if (NT_SUCCESS(status)) WdmSetPnpState(&ext->Wdm, Started);
    WdmCompleteIrp(Irp, status);
    IoReleaseRemoveLock(&ext->Wdm.RemoveLock, Irp);
    return status;
  case IRP_MN_SURPRISE_REMOVAL:
    WdmSetPnpState(&ext->Wdm, SurpriseRemovePending);
    WdmWmiDeregister(&ext->Wdm);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    return WdmPassDown(&ext->Wdm, Irp);
  case IRP_MN_REMOVE_DEVICE:
    WdmWmiDeregister(&ext->Wdm); /* nothing to do after a surprise removal */
    status = WdmRemoveDevice(&ext->Wdm, Irp);
    IoDeleteDevice(DeviceObject);
    return status;
  default:
    return WdmDispatchOtherPnp(&ext->Wdm, Irp);
  }
}

/* ---- WMI ----------------------------------------------------------------------------------------- */

static NTSTATUS NTAPI FilterQueryWmiRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags,
                                            PUNICODE_STRING InstanceName, PUNICODE_STRING *RegistryPath,
                                            PUNICODE_STRING MofResourceName, PDEVICE_OBJECT *Pdo) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceName);
  *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
  *RegistryPath = &FilterRegistryPath;
  *Pdo = ext->Wdm.Pdo;
  RtlInitUnicodeString(MofResourceName, L"filter");
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FilterQueryWmiDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                              ULONG InstanceIndex, ULONG InstanceCount,
                                              PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(GuidIndex); /* one block */
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InstanceCount);
  if (BufferAvail < IrpFilter_Counters_SIZE)
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, IrpFilter_Counters_SIZE, IO_NO_INCREMENT);
  IrpFilter_Counters counters = ext->Counters; /* this request is counted when it is done */
  RtlCopyMemory(Buffer, &counters, IrpFilter_Counters_SIZE);
  InstanceLengthArray[0] = IrpFilter_Counters_SIZE;
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, IrpFilter_Counters_SIZE, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI FilterDispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->Wdm.RemoveLock, Irp);
  if (!NT_SUCCESS(status)) return WdmCompleteIrp(Irp, status);
  SYSCTL_IRP_DISPOSITION disposition;
  status = WmiSystemControl(&ext->WmiLibInfo, DeviceObject, Irp, &disposition);
  switch (disposition) {
  case IrpProcessed:
    /* The filter's own block: FilterQueryWmiDataBlock completed it. */
    FilterCount(&ext->Counters.WmiAnswered);
    break;
  case IrpNotCompleted:
    /* The filter's own request, answered by WMILIB (its REGINFO, or an
     * error such as a GUID the filter does not have): complete it. */
    FilterCount(&ext->Counters.WmiAnswered);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    break;
  case IrpForward:
  case IrpNotWmi:
  default:
    /* ProviderId is another device object of the stack (the function
     * driver's), or it is no WMI request at all: the IRP is not the
     * filter's to answer. Pass it down as it came and return the lower
     * drivers' status. */
    FilterCount(&ext->Counters.WmiForwarded);
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Wdm.LowerDevice, Irp);
    break;
  }
  IoReleaseRemoveLock(&ext->Wdm.RemoveLock, Irp);
  return status;
}
