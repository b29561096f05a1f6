/*
 * fancontrol.c - a WDM function driver for a fan, with WMI methods to
 * change its speed and an EXPENSIVE block it collects only on demand.
 *
 * What it shows, through WMILIB:
 *  - methods of a data block (DpWmiExecuteMethod): input and output share
 *    one buffer, the input is read before the output is written, a method
 *    unknown to the block is STATUS_WMI_ITEMID_NOT_FOUND, bad input is
 *    refused, and too little room for the output is STATUS_BUFFER_TOO_SMALL
 *    with the size needed;
 *  - a read-only data block without set callbacks: WMILIB itself answers
 *    sets with STATUS_WMI_READ_ONLY;
 *  - an EXPENSIVE block (WMIREG_FLAG_EXPENSIVE): sampling the fan ten times
 *    a second costs, so the driver samples only between
 *    IRP_MN_ENABLE_COLLECTION (WMI sends it when the first consumer opens
 *    the block) and IRP_MN_DISABLE_COLLECTION (after the last one closes
 *    it), both arriving at DpWmiFunctionControl.
 *
 * fancontrolwmi.h is generated from fancontrol.mof with the method
 * structures (wmimofck -h -m; wmisim_mof_header(... METHODS) here):
 * SetSpeed_IN, SetSpeed_OUT, ResetHistogram_OUT and the method IDs. The
 * WDM plumbing the examples share is ../common/wdmdevice.c.
 */
#include <initguid.h> /* the DEFINE_GUIDs of fancontrolwmi.h define the GUIDs here */
#include <wdm.h>
#include <wmilib.h>
#include <wmistr.h>

#include "fancontrolwmi.h"
#include "wdmdevice.h"

#define FAN_TAG 'ntaF'                /* "Fatn" in pool dumps */
#define FAN_MAXIMUM_RPM 3000
#define FAN_DEFAULT_PERCENT 50
#define FAN_SAMPLE_INTERVAL_MS 100
#define FAN_BAND_COUNT 5              /* 20 percent each; 100 percent is in the last */

/* Indexes into FanGuidList; WMILIB calls back with them. */
#define FAN_INDEX 0
#define FAN_HISTOGRAM_INDEX 1

typedef struct _DEVICE_EXTENSION {
  WDM_DEVICE Wdm;             /* first: the shared PnP, power and WMILIB plumbing uses it */
  WMILIB_CONTEXT WmiLibInfo;

  /* Everything below is guarded by Lock: WMI requests and the sampling
   * DPC run on different threads. */
  KSPIN_LOCK Lock;
  ULONG TargetPercent;
  FanControl_SpeedHistogram Histogram;

  /* Sampling, while collection is enabled: a periodic timer and its DPC. */
  BOOLEAN Collecting;
  KTIMER SampleTimer;
  KDPC SampleDpc;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD FanUnload;
static DRIVER_ADD_DEVICE FanAddDevice;
static DRIVER_DISPATCH FanDispatchPnp;
static DRIVER_DISPATCH FanDispatchSystemControl;
static WMI_QUERY_REGINFO_CALLBACK FanQueryWmiRegInfo;
static WMI_QUERY_DATABLOCK_CALLBACK FanQueryWmiDataBlock;
static WMI_EXECUTE_METHOD_CALLBACK FanExecuteWmiMethod;
static WMI_FUNCTION_CONTROL_CALLBACK FanWmiFunctionControl;
static KDEFERRED_ROUTINE FanSampleDpc;

/* One instance of each block per fan, named after the PDO. The histogram
 * is EXPENSIVE: WMI tells the driver when someone wants it. */
static WMIGUIDREGINFO FanGuidList[] = {
  {&FanControl_Fan_GUID, 1, 0},
  {&FanControl_SpeedHistogram_GUID, 1, WMIREG_FLAG_EXPENSIVE},
};

static UNICODE_STRING FanRegistryPath; /* WMI asks for it at every registration */

/* ---- driver ------------------------------------------------------------------------------------- */

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NTSTATUS status = WdmSaveRegistryPath(&FanRegistryPath, RegistryPath, FAN_TAG);
  if (!NT_SUCCESS(status)) return status;

  DriverObject->MajorFunction[IRP_MJ_PNP] = FanDispatchPnp;
  DriverObject->MajorFunction[IRP_MJ_POWER] = WdmDispatchPowerPassThrough; /* not the power policy owner */
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = FanDispatchSystemControl;
  DriverObject->DriverExtension->AddDevice = FanAddDevice;
  DriverObject->DriverUnload = FanUnload;
  return STATUS_SUCCESS;
}

static VOID NTAPI FanUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  WdmFreeRegistryPath(&FanRegistryPath, FAN_TAG);
}

static NTSTATUS NTAPI FanAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo) {
  PDEVICE_OBJECT fdo;
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                                   FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
  if (!NT_SUCCESS(status)) return status;

  PDEVICE_EXTENSION ext = fdo->DeviceExtension;
  RtlZeroMemory(ext, sizeof *ext);
  WdmInitialize(&ext->Wdm, fdo, Pdo, FAN_TAG);
  KeInitializeSpinLock(&ext->Lock);
  ext->TargetPercent = FAN_DEFAULT_PERCENT;
  KeInitializeTimerEx(&ext->SampleTimer, NotificationTimer);
  KeInitializeDpc(&ext->SampleDpc, FanSampleDpc, ext);

  ext->WmiLibInfo.GuidCount = sizeof FanGuidList / sizeof FanGuidList[0];
  ext->WmiLibInfo.GuidList = FanGuidList;
  ext->WmiLibInfo.QueryWmiRegInfo = FanQueryWmiRegInfo;
  ext->WmiLibInfo.QueryWmiDataBlock = FanQueryWmiDataBlock;
  ext->WmiLibInfo.SetWmiDataBlock = NULL; /* nothing settable: WMILIB answers STATUS_WMI_READ_ONLY */
  ext->WmiLibInfo.SetWmiDataItem = NULL;
  ext->WmiLibInfo.ExecuteWmiMethod = FanExecuteWmiMethod;
  ext->WmiLibInfo.WmiFunctionControl = FanWmiFunctionControl;

  ext->Wdm.LowerDevice = IoAttachDeviceToDeviceStack(fdo, Pdo);
  if (ext->Wdm.LowerDevice == NULL) {
    IoDeleteDevice(fdo);
    return STATUS_NO_SUCH_DEVICE;
  }
  fdo->Flags |= DO_POWER_PAGABLE;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

/* ---- the expensive part: sampling ------------------------------------------------------------- */

static VOID NTAPI FanSampleDpc(PKDPC Dpc, PVOID Context, PVOID SystemArgument1, PVOID SystemArgument2) {
  UNREFERENCED_PARAMETER(Dpc);
  UNREFERENCED_PARAMETER(SystemArgument1);
  UNREFERENCED_PARAMETER(SystemArgument2);
  PDEVICE_EXTENSION ext = Context;
  KeAcquireSpinLockAtDpcLevel(&ext->Lock);
  if (ext->Collecting) {
    ULONG band = ext->TargetPercent * FAN_BAND_COUNT / 100;
    if (band >= FAN_BAND_COUNT) band = FAN_BAND_COUNT - 1;
    ext->Histogram.Bands[band]++;
    ext->Histogram.SampleCount++;
  }
  KeReleaseSpinLockFromDpcLevel(&ext->Lock);
}

static VOID FanStartSampling(PDEVICE_EXTENSION ext) {
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  ext->Collecting = TRUE;
  KeReleaseSpinLock(&ext->Lock, irql);
  LARGE_INTEGER due;
  due.QuadPart = -(LONGLONG)FAN_SAMPLE_INTERVAL_MS * 10000;
  KeSetTimerEx(&ext->SampleTimer, due, FAN_SAMPLE_INTERVAL_MS, &ext->SampleDpc);
}

/* Returns when no sample is being or will be taken. */
static VOID FanStopSampling(PDEVICE_EXTENSION ext) {
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  ext->Collecting = FALSE;
  KeReleaseSpinLock(&ext->Lock, irql);
  KeCancelTimer(&ext->SampleTimer);
  KeFlushQueuedDpcs();
}

/* ---- WMI --------------------------------------------------------------------------------------- */

static NTSTATUS NTAPI FanQueryWmiRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags, PUNICODE_STRING InstanceName,
                                         PUNICODE_STRING *RegistryPath, PUNICODE_STRING MofResourceName,
                                         PDEVICE_OBJECT *Pdo) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceName);
  *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
  *RegistryPath = &FanRegistryPath;
  *Pdo = ext->Wdm.Pdo;
  RtlInitUnicodeString(MofResourceName, L"fancontrol");
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FanQueryWmiDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                           ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray,
                                           ULONG BufferAvail, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InstanceCount);
  ULONG size = GuidIndex == FAN_INDEX ? FanControl_Fan_SIZE : FanControl_SpeedHistogram_SIZE;
  if (BufferAvail < size) return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, size, IO_NO_INCREMENT);

  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  if (GuidIndex == FAN_INDEX) {
    FanControl_Fan fan;
    fan.TargetPercent = ext->TargetPercent;
    fan.SpeedRpm = ext->TargetPercent * FAN_MAXIMUM_RPM / 100; /* the tachometer agrees with the target */
    fan.MaximumRpm = FAN_MAXIMUM_RPM;
    RtlCopyMemory(Buffer, &fan, size);
  } else {
    /* Collected only while enabled; between collections it keeps what it had. */
    RtlCopyMemory(Buffer, &ext->Histogram, size);
  }
  KeReleaseSpinLock(&ext->Lock, irql);
  InstanceLengthArray[0] = size;
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, size, IO_NO_INCREMENT);
}

/* SetSpeed: the input (SetSpeed_IN) and the output (SetSpeed_OUT) share
 * Buffer, so the input is read completely before the output is written. */
static NTSTATUS FanSetSpeed(PDEVICE_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                            PULONG used) {
  *used = SetSpeed_OUT_SIZE;
  if (InBufferSize < SetSpeed_IN_SIZE) return STATUS_INVALID_PARAMETER;
  if (OutBufferSize < SetSpeed_OUT_SIZE) return STATUS_BUFFER_TOO_SMALL;
  SetSpeed_IN in;
  RtlCopyMemory(&in, Buffer, SetSpeed_IN_SIZE);
  if (in.Percent > 100) return STATUS_INVALID_PARAMETER;

  SetSpeed_OUT out;
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  out.PreviousPercent = ext->TargetPercent;
  ext->TargetPercent = in.Percent;
  KeReleaseSpinLock(&ext->Lock, irql);
  RtlCopyMemory(Buffer, &out, SetSpeed_OUT_SIZE);
  return STATUS_SUCCESS;
}

static NTSTATUS FanResetHistogram(PDEVICE_EXTENSION ext, ULONG OutBufferSize, PUCHAR Buffer, PULONG used) {
  *used = ResetHistogram_OUT_SIZE;
  /* Room for the output is checked before the samples are discarded: WMI
   * resends a method it got STATUS_BUFFER_TOO_SMALL for with a larger
   * buffer, and the samples must still be there to count then. */
  if (OutBufferSize < ResetHistogram_OUT_SIZE) return STATUS_BUFFER_TOO_SMALL;
  ResetHistogram_OUT out;
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  out.SamplesDiscarded = ext->Histogram.SampleCount;
  RtlZeroMemory(&ext->Histogram, sizeof ext->Histogram);
  KeReleaseSpinLock(&ext->Lock, irql);
  RtlCopyMemory(Buffer, &out, ResetHistogram_OUT_SIZE);
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FanExecuteWmiMethod(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                          ULONG InstanceIndex, ULONG MethodId, ULONG InBufferSize,
                                          ULONG OutBufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceIndex);
  NTSTATUS status;
  ULONG used = 0;
  if (GuidIndex != FAN_INDEX)
    status = STATUS_WMI_ITEMID_NOT_FOUND; /* the histogram has no methods */
  else if (MethodId == SetSpeed)
    status = FanSetSpeed(ext, InBufferSize, OutBufferSize, Buffer, &used);
  else if (MethodId == ResetHistogram)
    status = FanResetHistogram(ext, OutBufferSize, Buffer, &used);
  else
    status = STATUS_WMI_ITEMID_NOT_FOUND;
  /* On STATUS_BUFFER_TOO_SMALL `used` is the size needed; on other errors
   * WmiCompleteRequest ignores it. */
  return WmiCompleteRequest(DeviceObject, Irp, status, used, IO_NO_INCREMENT);
}

/* Collection of the EXPENSIVE block: WMI enables it for the first
 * consumer that opens the block and disables it after the last closes it. */
static NTSTATUS NTAPI FanWmiFunctionControl(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                            WMIENABLEDISABLECONTROL Function, BOOLEAN Enable) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  if (Function == WmiDataBlockControl && GuidIndex == FAN_HISTOGRAM_INDEX) {
    if (Enable && !ext->Collecting) FanStartSampling(ext);
    if (!Enable && ext->Collecting) FanStopSampling(ext);
  }
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI FanDispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  return WdmDispatchWmiLib(&ext->Wdm, &ext->WmiLibInfo, Irp);
}

/* ---- PnP --------------------------------------------------------------------------------------- */

static VOID FanDeregister(PDEVICE_EXTENSION ext) {
  /* WMI sends no DISABLE_COLLECTION when a provider leaves: stop here. */
  if (ext->Collecting) FanStopSampling(ext);
  WdmWmiDeregister(&ext->Wdm); /* once, and after the requests already sent */
}

static NTSTATUS FanStartDevice(PDEVICE_EXTENSION ext, PIRP Irp) {
  NTSTATUS status = WdmForwardAndWait(&ext->Wdm, Irp);
  if (!NT_SUCCESS(status)) return status;
  /* A consumer may already have the histogram open: WMI then enables
   * collection as part of this registration. */
  status = WdmWmiRegister(&ext->Wdm);
  if (NT_SUCCESS(status)) WdmSetPnpState(&ext->Wdm, Started);
  return status;
}

static NTSTATUS NTAPI FanDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->Wdm.RemoveLock, Irp);
  if (!NT_SUCCESS(status)) return WdmCompleteIrp(Irp, status);

  switch (IoGetCurrentIrpStackLocation(Irp)->MinorFunction) {
  case IRP_MN_START_DEVICE:
    status = WdmCompleteIrp(Irp, FanStartDevice(ext, Irp));
    IoReleaseRemoveLock(&ext->Wdm.RemoveLock, Irp);
    return status;
  case IRP_MN_SURPRISE_REMOVAL:
    WdmSetPnpState(&ext->Wdm, SurpriseRemovePending);
    FanDeregister(ext);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    return WdmPassDown(&ext->Wdm, Irp);
  case IRP_MN_REMOVE_DEVICE:
    FanDeregister(ext); /* does nothing more after a surprise removal */
    status = WdmRemoveDevice(&ext->Wdm, Irp); /* waits for every IRP in progress */
    IoDeleteDevice(DeviceObject);
    return status;
  default:
    return WdmDispatchOtherPnp(&ext->Wdm, Irp);
  }
}
