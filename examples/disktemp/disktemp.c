/*
 * disktemp.c - a WDM function driver that reports a disk's temperature
 * through WMI and fires a WMI event when it crosses a threshold.
 *
 * What it shows:
 *  - a data block (DiskTemp_Temperature) with read-only items and an item
 *    consumers may set, handled through WMILIB (WmiSystemControl and the
 *    DpWmiXxx callbacks);
 *  - a custom event block (DiskTemp_ThresholdCrossed), registered with
 *    WMIREG_FLAG_EVENT_ONLY_GUID and fired with WmiFireEvent;
 *  - work done only while someone listens: the sensor is polled only while
 *    WMI has the event enabled (DpWmiFunctionControl);
 *  - the WMI registration lifecycle: REGISTER at the first start,
 *    DEREGISTER at surprise removal or at removal, once.
 *
 * The blocks are described in disktemp.mof; disktempwmi.h is generated
 * from it (wmimofck -h on Windows, wmisim_mof_header() here). The sensor
 * itself is sensor.c; the WDM plumbing every example shares (remove lock,
 * PnP state, power pass-through, WMILIB dispositions) is
 * ../common/wdmdevice.c.
 */
#include <initguid.h> /* the DEFINE_GUIDs of disktempwmi.h define the GUIDs here */
#include <wdm.h>
#include <wmilib.h>
#include <wmistr.h>

#include "disktempwmi.h"
#include "sensor.h"
#include "wdmdevice.h"

#define DISKTEMP_TAG 'pmTD'              /* "DTmp" in pool dumps */
#define DISKTEMP_DEFAULT_THRESHOLD 55    /* degrees Celsius */
#define DISKTEMP_POLL_INTERVAL_MS 1000   /* the sensor raises no interrupt: it is polled */

/* Indexes into DiskTempGuidList; WMILIB calls back with them. */
#define DISKTEMP_TEMPERATURE_INDEX 0
#define DISKTEMP_THRESHOLD_EVENT_INDEX 1

typedef struct _DEVICE_EXTENSION {
  WDM_DEVICE Wdm;            /* first: the shared PnP, power and WMILIB plumbing uses it */

  WMILIB_CONTEXT WmiLibInfo;

  /* The temperature block. WMI requests and the poll run on different
   * threads, so Lock guards it. */
  KSPIN_LOCK Lock;
  LONG Threshold;
  LONG Highest;
  BOOLEAN LastAbove;         /* where the temperature was at the last poll */

  /* Polling: a periodic timer's DPC queues PollWorkItem, which reads the
   * sensor and fires the event at PASSIVE_LEVEL (IoWMIWriteEvent wants
   * IRQL <= APC_LEVEL). PollIdle is signalled while no poll is queued. */
  BOOLEAN EventEnabled;
  KTIMER PollTimer;
  KDPC PollDpc;
  PIO_WORKITEM PollWorkItem;
  volatile LONG PollQueued;
  KEVENT PollIdle;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD DiskTempUnload;
static DRIVER_ADD_DEVICE DiskTempAddDevice;
static DRIVER_DISPATCH DiskTempDispatchPnp;
static DRIVER_DISPATCH DiskTempDispatchSystemControl;
static WMI_QUERY_REGINFO_CALLBACK DiskTempQueryWmiRegInfo;
static WMI_QUERY_DATABLOCK_CALLBACK DiskTempQueryWmiDataBlock;
static WMI_SET_DATABLOCK_CALLBACK DiskTempSetWmiDataBlock;
static WMI_SET_DATAITEM_CALLBACK DiskTempSetWmiDataItem;
static WMI_FUNCTION_CONTROL_CALLBACK DiskTempWmiFunctionControl;
static KDEFERRED_ROUTINE DiskTempPollDpc;
static IO_WORKITEM_ROUTINE DiskTempPollWorker;

/* The blocks, one instance each per disk. The instance names come from
 * the PDO (WMIREG_FLAG_INSTANCE_PDO in DiskTempQueryWmiRegInfo):
 * "<device instance ID>_0". */
static WMIGUIDREGINFO DiskTempGuidList[] = {
  {&DiskTemp_Temperature_GUID, 1, 0},
  {&DiskTemp_ThresholdCrossed_GUID, 1, WMIREG_FLAG_EVENT_ONLY_GUID},
};

/* WMI asks for the registry path at every registration; it must outlive
 * DriverEntry's argument, so the driver keeps a copy. */
static UNICODE_STRING DiskTempRegistryPath;

/* ---- driver ------------------------------------------------------------------------------------- */

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NTSTATUS status = WdmSaveRegistryPath(&DiskTempRegistryPath, RegistryPath, DISKTEMP_TAG);
  if (!NT_SUCCESS(status)) return status;

  DriverObject->MajorFunction[IRP_MJ_PNP] = DiskTempDispatchPnp;
  DriverObject->MajorFunction[IRP_MJ_POWER] = WdmDispatchPowerPassThrough; /* not the power policy owner */
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = DiskTempDispatchSystemControl;
  DriverObject->DriverExtension->AddDevice = DiskTempAddDevice;
  DriverObject->DriverUnload = DiskTempUnload;
  return STATUS_SUCCESS;
}

static VOID NTAPI DiskTempUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject); /* every device is gone by now */
  WdmFreeRegistryPath(&DiskTempRegistryPath, DISKTEMP_TAG);
}

static NTSTATUS NTAPI DiskTempAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo) {
  PDEVICE_OBJECT fdo;
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_DISK,
                                   FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
  if (!NT_SUCCESS(status)) return status;

  PDEVICE_EXTENSION ext = fdo->DeviceExtension;
  RtlZeroMemory(ext, sizeof *ext);
  WdmInitialize(&ext->Wdm, fdo, Pdo, DISKTEMP_TAG);
  KeInitializeSpinLock(&ext->Lock);
  ext->Threshold = DISKTEMP_DEFAULT_THRESHOLD;
  KeInitializeTimerEx(&ext->PollTimer, NotificationTimer);
  KeInitializeDpc(&ext->PollDpc, DiskTempPollDpc, ext);
  KeInitializeEvent(&ext->PollIdle, NotificationEvent, TRUE);
  ext->PollWorkItem = IoAllocateWorkItem(fdo);
  if (ext->PollWorkItem == NULL) {
    IoDeleteDevice(fdo);
    return STATUS_INSUFFICIENT_RESOURCES;
  }

  /* WMILIB answers the WMI requests; the callbacks supply the data. */
  ext->WmiLibInfo.GuidCount = sizeof DiskTempGuidList / sizeof DiskTempGuidList[0];
  ext->WmiLibInfo.GuidList = DiskTempGuidList;
  ext->WmiLibInfo.QueryWmiRegInfo = DiskTempQueryWmiRegInfo;
  ext->WmiLibInfo.QueryWmiDataBlock = DiskTempQueryWmiDataBlock;
  ext->WmiLibInfo.SetWmiDataBlock = DiskTempSetWmiDataBlock;
  ext->WmiLibInfo.SetWmiDataItem = DiskTempSetWmiDataItem;
  ext->WmiLibInfo.ExecuteWmiMethod = NULL; /* no methods */
  ext->WmiLibInfo.WmiFunctionControl = DiskTempWmiFunctionControl;

  ext->Wdm.LowerDevice = IoAttachDeviceToDeviceStack(fdo, Pdo);
  if (ext->Wdm.LowerDevice == NULL) {
    IoFreeWorkItem(ext->PollWorkItem);
    IoDeleteDevice(fdo);
    return STATUS_NO_SUCH_DEVICE;
  }
  fdo->Flags |= DO_POWER_PAGABLE;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

/* ---- the sensor and its polling ------------------------------------------------------------------ */

/* Reads the sensor and keeps the highest reading. */
static LONG DiskTempMeasure(PDEVICE_EXTENSION ext) {
  LONG celsius = DiskTempSensorRead();
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  if (celsius > ext->Highest) ext->Highest = celsius;
  KeReleaseSpinLock(&ext->Lock, irql);
  return celsius;
}

static VOID DiskTempStartPolling(PDEVICE_EXTENSION ext) {
  LONG celsius = DiskTempMeasure(ext);
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  /* Only a change after the consumer started listening is a crossing. */
  ext->LastAbove = celsius >= ext->Threshold;
  ext->EventEnabled = TRUE;
  KeReleaseSpinLock(&ext->Lock, irql);
  LARGE_INTEGER due;
  due.QuadPart = -(LONGLONG)DISKTEMP_POLL_INTERVAL_MS * 10000; /* relative, 100 ns units */
  KeSetTimerEx(&ext->PollTimer, due, DISKTEMP_POLL_INTERVAL_MS, &ext->PollDpc);
}

/* Returns when no poll runs or will run. After it the driver fires no
 * event, so it may deregister or let WMI disable the event. */
static VOID DiskTempStopPolling(PDEVICE_EXTENSION ext) {
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  ext->EventEnabled = FALSE;
  KeReleaseSpinLock(&ext->Lock, irql);
  KeCancelTimer(&ext->PollTimer);
  KeFlushQueuedDpcs();
  KeWaitForSingleObject(&ext->PollIdle, Executive, KernelMode, FALSE, NULL);
}

static VOID NTAPI DiskTempPollDpc(PKDPC Dpc, PVOID Context, PVOID SystemArgument1, PVOID SystemArgument2) {
  UNREFERENCED_PARAMETER(Dpc);
  UNREFERENCED_PARAMETER(SystemArgument1);
  UNREFERENCED_PARAMETER(SystemArgument2);
  PDEVICE_EXTENSION ext = Context;
  /* One poll at a time: a tick that finds one queued is skipped. */
  if (InterlockedCompareExchange(&ext->PollQueued, 1, 0) != 0) return;
  KeClearEvent(&ext->PollIdle);
  IoQueueWorkItem(ext->PollWorkItem, DiskTempPollWorker, DelayedWorkQueue, ext);
}

static VOID DiskTempFireThresholdCrossed(PDEVICE_EXTENSION ext, LONG celsius, LONG threshold, BOOLEAN above) {
  /* WMI frees the event data, so it comes from nonpaged pool. */
  PDiskTemp_ThresholdCrossed event = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *event, DISKTEMP_TAG);
  if (event == NULL) return; /* an event is a hint; the data block still tells the truth */
  RtlZeroMemory(event, sizeof *event);
  event->Temperature = celsius;
  event->Threshold = threshold;
  event->Above = above;
  WmiFireEvent(ext->Wdm.Self, &DiskTemp_ThresholdCrossed_GUID, 0, DiskTemp_ThresholdCrossed_SIZE, event);
}

static VOID NTAPI DiskTempPollWorker(PDEVICE_OBJECT DeviceObject, PVOID Context) {
  UNREFERENCED_PARAMETER(DeviceObject);
  PDEVICE_EXTENSION ext = Context;
  LONG celsius = DiskTempMeasure(ext);
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  BOOLEAN above = celsius >= ext->Threshold;
  BOOLEAN crossed = ext->EventEnabled && above != ext->LastAbove;
  LONG threshold = ext->Threshold;
  ext->LastAbove = above;
  KeReleaseSpinLock(&ext->Lock, irql);

  if (crossed) DiskTempFireThresholdCrossed(ext, celsius, threshold, above);
  InterlockedExchange(&ext->PollQueued, 0);
  KeSetEvent(&ext->PollIdle, IO_NO_INCREMENT, FALSE);
}

/* ---- WMI ------------------------------------------------------------------------------------- */

static NTSTATUS NTAPI DiskTempQueryWmiRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags,
                                              PUNICODE_STRING InstanceName, PUNICODE_STRING *RegistryPath,
                                              PUNICODE_STRING MofResourceName, PDEVICE_OBJECT *Pdo) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceName); /* names come from the PDO, not from a base name */
  *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
  *RegistryPath = &DiskTempRegistryPath;
  *Pdo = ext->Wdm.Pdo;
  RtlInitUnicodeString(MofResourceName, L"disktemp"); /* the blocks' MOF: disktemp.mof */
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI DiskTempQueryWmiDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                                ULONG InstanceIndex, ULONG InstanceCount,
                                                PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceIndex); /* one instance per disk */
  UNREFERENCED_PARAMETER(InstanceCount);
  /* The event block is event-only: WMI does not query it. */
  if (GuidIndex != DISKTEMP_TEMPERATURE_INDEX)
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_GUID_NOT_FOUND, 0, IO_NO_INCREMENT);
  /* Too small: WmiCompleteRequest tells WMI how much to come back with. */
  if (BufferAvail < DiskTemp_Temperature_SIZE)
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, DiskTemp_Temperature_SIZE,
                              IO_NO_INCREMENT);

  DiskTemp_Temperature block;
  block.Current = DiskTempMeasure(ext);
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  block.Threshold = ext->Threshold;
  block.Highest = ext->Highest;
  KeReleaseSpinLock(&ext->Lock, irql);
  RtlCopyMemory(Buffer, &block, DiskTemp_Temperature_SIZE);
  InstanceLengthArray[0] = DiskTemp_Temperature_SIZE;
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, DiskTemp_Temperature_SIZE, IO_NO_INCREMENT);
}

static VOID DiskTempSetThreshold(PDEVICE_EXTENSION ext, LONG threshold) {
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  ext->Threshold = threshold;
  KeReleaseSpinLock(&ext->Lock, irql);
}

/* A whole block: only Threshold is writable (the MOF says so), so the
 * other items are ignored. */
static NTSTATUS NTAPI DiskTempSetWmiDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                              ULONG InstanceIndex, ULONG BufferSize, PUCHAR Buffer) {
  UNREFERENCED_PARAMETER(InstanceIndex);
  NTSTATUS status;
  if (GuidIndex != DISKTEMP_TEMPERATURE_INDEX) {
    status = STATUS_WMI_READ_ONLY;
  } else if (BufferSize < DiskTemp_Temperature_SIZE) {
    status = STATUS_WMI_SET_FAILURE; /* not a whole block */
  } else {
    DiskTemp_Temperature block;
    RtlCopyMemory(&block, Buffer, DiskTemp_Temperature_SIZE);
    DiskTempSetThreshold(DeviceObject->DeviceExtension, block.Threshold);
    status = STATUS_SUCCESS;
  }
  return WmiCompleteRequest(DeviceObject, Irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI DiskTempSetWmiDataItem(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                             ULONG InstanceIndex, ULONG DataItemId, ULONG BufferSize,
                                             PUCHAR Buffer) {
  UNREFERENCED_PARAMETER(InstanceIndex);
  NTSTATUS status;
  if (GuidIndex != DISKTEMP_TEMPERATURE_INDEX || DataItemId == DiskTemp_Temperature_Current_ID ||
      DataItemId == DiskTemp_Temperature_Highest_ID) {
    status = STATUS_WMI_READ_ONLY;
  } else if (DataItemId != DiskTemp_Temperature_Threshold_ID) {
    status = STATUS_WMI_ITEMID_NOT_FOUND;
  } else if (BufferSize != DiskTemp_Temperature_Threshold_SIZE) {
    status = STATUS_WMI_SET_FAILURE;
  } else {
    LONG threshold;
    RtlCopyMemory(&threshold, Buffer, sizeof threshold);
    DiskTempSetThreshold(DeviceObject->DeviceExtension, threshold);
    status = STATUS_SUCCESS;
  }
  return WmiCompleteRequest(DeviceObject, Irp, status, 0, IO_NO_INCREMENT);
}

/* WMI enables the event for the first consumer that subscribes and
 * disables it after the last one leaves: the driver polls in between. */
static NTSTATUS NTAPI DiskTempWmiFunctionControl(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                                 WMIENABLEDISABLECONTROL Function, BOOLEAN Enable) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  if (Function == WmiEventControl && GuidIndex == DISKTEMP_THRESHOLD_EVENT_INDEX) {
    if (Enable && !ext->EventEnabled) DiskTempStartPolling(ext);
    if (!Enable && ext->EventEnabled) DiskTempStopPolling(ext);
  }
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
}

/* Every IRP_MJ_SYSTEM_CONTROL IRP goes to WMILIB, which calls back the
 * routines above for this device's requests and says what to do with the
 * rest (WdmDispatchWmiLib: complete, or pass down). */
static NTSTATUS NTAPI DiskTempDispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  return WdmDispatchWmiLib(&ext->Wdm, &ext->WmiLibInfo, Irp);
}

/* ---- PnP --------------------------------------------------------------------------------------- */

/* Leaves WMI. No event may follow, so polling stops first. */
static VOID DiskTempDeregister(PDEVICE_EXTENSION ext) {
  if (ext->EventEnabled) DiskTempStopPolling(ext);
  WdmWmiDeregister(&ext->Wdm); /* once, and after the requests already sent */
}

static NTSTATUS DiskTempStartDevice(PDEVICE_EXTENSION ext, PIRP Irp) {
  NTSTATUS status = WdmForwardAndWait(&ext->Wdm, Irp); /* the bus driver starts the disk first */
  if (!NT_SUCCESS(status)) return status;
  ext->Highest = DiskTempSensorRead();
  status = WdmWmiRegister(&ext->Wdm); /* IoWMIRegistrationControl(REGISTER) */
  if (NT_SUCCESS(status)) WdmSetPnpState(&ext->Wdm, Started);
  return status;
}

static NTSTATUS NTAPI DiskTempDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->Wdm.RemoveLock, Irp);
  if (!NT_SUCCESS(status)) return WdmCompleteIrp(Irp, status);

  switch (IoGetCurrentIrpStackLocation(Irp)->MinorFunction) {
  case IRP_MN_START_DEVICE:
    status = WdmCompleteIrp(Irp, DiskTempStartDevice(ext, Irp));
    IoReleaseRemoveLock(&ext->Wdm.RemoveLock, Irp);
    return status;

  case IRP_MN_SURPRISE_REMOVAL:
    /* The disk is gone: leave WMI now, not at IRP_MN_REMOVE_DEVICE. */
    WdmSetPnpState(&ext->Wdm, SurpriseRemovePending);
    DiskTempDeregister(ext);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    return WdmPassDown(&ext->Wdm, Irp);

  case IRP_MN_REMOVE_DEVICE:
    /* After a surprise removal the device is already deregistered, and
     * DEREGISTER must not be called twice: DiskTempDeregister knows. */
    DiskTempDeregister(ext);
    status = WdmRemoveDevice(&ext->Wdm, Irp); /* waits for every IRP in progress */
    IoFreeWorkItem(ext->PollWorkItem);
    IoDeleteDevice(DeviceObject);
    return status;

  default:
    return WdmDispatchOtherPnp(&ext->Wdm, Irp); /* stop, cancels, and what is not ours */
  }
}
