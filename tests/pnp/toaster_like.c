/*
 * toaster_like.c - a classic WDM function driver of the DDK "toaster"
 * kind, written as such a driver is written, for the simulator to run.
 *
 *  - PnP: IRP_MN_START_DEVICE is passed down and waited for (completion
 *    routine + KEVENT) before the driver starts; the other state changes
 *    record the PnP state and pass the IRP down; the cancel IRPs wait for
 *    the lower drivers and then restore the previous state.
 *  - A remove lock is held across every IRP the driver handles and is
 *    released-and-waited at IRP_MN_REMOVE_DEVICE.
 *  - Power: PoStartNextPowerIrp and PoCallDriver; the device state is set
 *    before powering down and after the lower drivers powered up.
 *  - The device interface is registered in AddDevice, enabled at START and
 *    disabled at SURPRISE_REMOVAL or REMOVE.
 *
 * The real toaster reads its parameters from the registry in DriverEntry;
 * that step is skipped here.
 */
#include <initguid.h>

#include "toaster_like.h"

#define TOASTER_POOL_TAG 'tsoT'

typedef enum _DEVICE_PNP_STATE {
  NotStarted = 0,
  Started,
  StopPending,
  Stopped,
  RemovePending,
  SurpriseRemovePending,
  Deleted
} DEVICE_PNP_STATE;

typedef struct _FDO_DATA {
  PDEVICE_OBJECT Self;
  PDEVICE_OBJECT UnderlyingPDO;
  PDEVICE_OBJECT NextLowerDriver;
  DEVICE_PNP_STATE DevicePnPState;
  DEVICE_PNP_STATE PreviousPnPState;
  IO_REMOVE_LOCK RemoveLock;
  UNICODE_STRING InterfaceName;
  DEVICE_POWER_STATE DevicePowerState;
} FDO_DATA, *PFDO_DATA;

#define SET_NEW_PNP_STATE(_Data_, _state_)                                                                     \
  do {                                                                                                         \
    (_Data_)->PreviousPnPState = (_Data_)->DevicePnPState;                                                     \
    (_Data_)->DevicePnPState = (_state_);                                                                      \
  } while (0)

#define RESTORE_PREVIOUS_PNP_STATE(_Data_) ((_Data_)->DevicePnPState = (_Data_)->PreviousPnPState)

static DRIVER_ADD_DEVICE ToasterAddDevice;
static DRIVER_UNLOAD ToasterUnload;
static DRIVER_DISPATCH ToasterDispatchPnp;
static DRIVER_DISPATCH ToasterDispatchPower;
static DRIVER_DISPATCH ToasterDispatchSystemControl;
static DRIVER_DISPATCH ToasterCreateClose;
static DRIVER_DISPATCH ToasterDispatchIoctl;
static IO_COMPLETION_ROUTINE ToasterDispatchPnpComplete;
static IO_COMPLETION_ROUTINE ToasterPowerUpComplete;

NTSTATUS NTAPI ToasterDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  UNREFERENCED_PARAMETER(RegistryPath); /* the parameters under RegistryPath are not read here */
  DriverObject->MajorFunction[IRP_MJ_PNP] = ToasterDispatchPnp;
  DriverObject->MajorFunction[IRP_MJ_POWER] = ToasterDispatchPower;
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = ToasterDispatchSystemControl;
  DriverObject->MajorFunction[IRP_MJ_CREATE] = ToasterCreateClose;
  DriverObject->MajorFunction[IRP_MJ_CLOSE] = ToasterCreateClose;
  DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ToasterDispatchIoctl;
  DriverObject->DriverExtension->AddDevice = ToasterAddDevice;
  DriverObject->DriverUnload = ToasterUnload;
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI ToasterAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject) {
  PAGED_CODE();
  PDEVICE_OBJECT deviceObject = NULL;
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(FDO_DATA), NULL, FILE_DEVICE_UNKNOWN,
                                   FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
  if (!NT_SUCCESS(status)) return status;

  PFDO_DATA fdoData = (PFDO_DATA)deviceObject->DeviceExtension;
  fdoData->Self = deviceObject;
  fdoData->UnderlyingPDO = PhysicalDeviceObject;
  fdoData->DevicePnPState = NotStarted;
  fdoData->PreviousPnPState = NotStarted;
  fdoData->DevicePowerState = PowerDeviceD0;
  IoInitializeRemoveLock(&fdoData->RemoveLock, TOASTER_POOL_TAG, 1, 100);

  status = IoRegisterDeviceInterface(PhysicalDeviceObject, &GUID_DEVINTERFACE_TOASTER_LIKE, NULL,
                                     &fdoData->InterfaceName);
  if (!NT_SUCCESS(status)) {
    IoDeleteDevice(deviceObject);
    return status;
  }

  fdoData->NextLowerDriver = IoAttachDeviceToDeviceStack(deviceObject, PhysicalDeviceObject);
  if (fdoData->NextLowerDriver == NULL) {
    RtlFreeUnicodeString(&fdoData->InterfaceName);
    IoDeleteDevice(deviceObject);
    return STATUS_NO_SUCH_DEVICE;
  }

  deviceObject->Flags |= DO_POWER_PAGABLE | DO_BUFFERED_IO;
  deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

static VOID NTAPI ToasterUnload(PDRIVER_OBJECT DriverObject) {
  PAGED_CODE();
  UNREFERENCED_PARAMETER(DriverObject); /* every device is gone by now */
}

/* ---- PnP ------------------------------------------------------------------------------------- */

static NTSTATUS NTAPI ToasterDispatchPnpComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  UNREFERENCED_PARAMETER(DeviceObject);
  UNREFERENCED_PARAMETER(Irp);
  /* The dispatch routine waits on the event and completes the IRP itself,
   * so no IoMarkIrpPending here: completion stops. */
  KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Passes the IRP down and waits until the lower drivers are done with it. */
static NTSTATUS ToasterSendIrpSynchronously(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PAGED_CODE();
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  IoCopyCurrentIrpStackLocationToNext(Irp);
  IoSetCompletionRoutine(Irp, ToasterDispatchPnpComplete, &event, TRUE, TRUE, TRUE);
  NTSTATUS status = IoCallDriver(DeviceObject, Irp);
  if (status == STATUS_PENDING) {
    KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
    status = Irp->IoStatus.Status;
  }
  return status;
}

static NTSTATUS ToasterStartDevice(PFDO_DATA fdoData) {
  /* A real toaster would look at its translated resources here. */
  NTSTATUS status = IoSetDeviceInterfaceState(&fdoData->InterfaceName, TRUE);
  if (NT_SUCCESS(status)) SET_NEW_PNP_STATE(fdoData, Started);
  return status;
}

static NTSTATUS ToasterPassDown(PFDO_DATA fdoData, PIRP Irp) {
  Irp->IoStatus.Status = STATUS_SUCCESS;
  IoSkipCurrentIrpStackLocation(Irp);
  NTSTATUS status = IoCallDriver(fdoData->NextLowerDriver, Irp);
  IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
  return status;
}

static NTSTATUS ToasterWaitAndComplete(PFDO_DATA fdoData, PIRP Irp, BOOLEAN restoreState) {
  NTSTATUS status = ToasterSendIrpSynchronously(fdoData->NextLowerDriver, Irp);
  if (restoreState && NT_SUCCESS(status)) RESTORE_PREVIOUS_PNP_STATE(fdoData);
  Irp->IoStatus.Status = status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
  return status;
}

static NTSTATUS ToasterRemoveDevice(PFDO_DATA fdoData, PIRP Irp) {
  /* After a surprise removal the interface is already disabled. */
  if (fdoData->DevicePnPState != SurpriseRemovePending) IoSetDeviceInterfaceState(&fdoData->InterfaceName, FALSE);
  SET_NEW_PNP_STATE(fdoData, Deleted);

  Irp->IoStatus.Status = STATUS_SUCCESS;
  IoSkipCurrentIrpStackLocation(Irp);
  NTSTATUS status = IoCallDriver(fdoData->NextLowerDriver, Irp);

  /* Wait for every IRP in progress; nothing new gets the lock now. */
  IoReleaseRemoveLockAndWait(&fdoData->RemoveLock, Irp);

  IoDetachDevice(fdoData->NextLowerDriver);
  RtlFreeUnicodeString(&fdoData->InterfaceName);
  IoDeleteDevice(fdoData->Self);
  return status;
}

static NTSTATUS NTAPI ToasterDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PAGED_CODE();
  PFDO_DATA fdoData = (PFDO_DATA)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status = IoAcquireRemoveLock(&fdoData->RemoveLock, Irp);
  if (!NT_SUCCESS(status)) {
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
  }

  switch (stack->MinorFunction) {
  case IRP_MN_START_DEVICE:
    /* The bus driver starts the hardware first. */
    status = ToasterSendIrpSynchronously(fdoData->NextLowerDriver, Irp);
    if (NT_SUCCESS(status)) status = ToasterStartDevice(fdoData);
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
    return status;

  case IRP_MN_QUERY_STOP_DEVICE:
    SET_NEW_PNP_STATE(fdoData, StopPending);
    return ToasterPassDown(fdoData, Irp);

  case IRP_MN_CANCEL_STOP_DEVICE:
    return ToasterWaitAndComplete(fdoData, Irp, fdoData->DevicePnPState == StopPending);

  case IRP_MN_STOP_DEVICE:
    SET_NEW_PNP_STATE(fdoData, Stopped);
    return ToasterPassDown(fdoData, Irp);

  case IRP_MN_QUERY_REMOVE_DEVICE:
    SET_NEW_PNP_STATE(fdoData, RemovePending);
    return ToasterPassDown(fdoData, Irp);

  case IRP_MN_CANCEL_REMOVE_DEVICE:
    /* The query may have failed above us: then the state never changed. */
    return ToasterWaitAndComplete(fdoData, Irp, fdoData->DevicePnPState == RemovePending);

  case IRP_MN_SURPRISE_REMOVAL:
    SET_NEW_PNP_STATE(fdoData, SurpriseRemovePending);
    IoSetDeviceInterfaceState(&fdoData->InterfaceName, FALSE);
    return ToasterPassDown(fdoData, Irp);

  case IRP_MN_REMOVE_DEVICE:
    return ToasterRemoveDevice(fdoData, Irp);

  default:
    /* Not ours: pass it down untouched, status and all. */
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(fdoData->NextLowerDriver, Irp);
    IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
    return status;
  }
}

/* ---- power --------------------------------------------------------------------------------- */

static NTSTATUS NTAPI ToasterPowerUpComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  PFDO_DATA fdoData = (PFDO_DATA)Context;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  if (Irp->PendingReturned) IoMarkIrpPending(Irp);
  /* The hardware is powered now: record the new state. */
  if (NT_SUCCESS(Irp->IoStatus.Status)) {
    fdoData->DevicePowerState = stack->Parameters.Power.State.DeviceState;
    PoSetPowerState(DeviceObject, DevicePowerState, stack->Parameters.Power.State);
  }
  PoStartNextPowerIrp(Irp);
  IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
  return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS NTAPI ToasterDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PFDO_DATA fdoData = (PFDO_DATA)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status = IoAcquireRemoveLock(&fdoData->RemoveLock, Irp);
  if (!NT_SUCCESS(status)) {
    PoStartNextPowerIrp(Irp);
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
  }

  if (stack->MinorFunction == IRP_MN_SET_POWER && stack->Parameters.Power.Type == DevicePowerState) {
    DEVICE_POWER_STATE newState = stack->Parameters.Power.State.DeviceState;
    if (newState < fdoData->DevicePowerState) {
      /* Powering up: the lower drivers go first. */
      IoCopyCurrentIrpStackLocationToNext(Irp);
      IoSetCompletionRoutine(Irp, ToasterPowerUpComplete, fdoData, TRUE, TRUE, TRUE);
      return PoCallDriver(fdoData->NextLowerDriver, Irp);
    }
    /* Powering down: save the state first, then let the lower drivers go. */
    fdoData->DevicePowerState = newState;
    PoSetPowerState(DeviceObject, DevicePowerState, stack->Parameters.Power.State);
  }

  PoStartNextPowerIrp(Irp);
  IoSkipCurrentIrpStackLocation(Irp);
  status = PoCallDriver(fdoData->NextLowerDriver, Irp);
  IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
  return status;
}

/* ---- WMI, create/close, IOCTL ------------------------------------------------------------------- */

static NTSTATUS NTAPI ToasterDispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PFDO_DATA fdoData = (PFDO_DATA)DeviceObject->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&fdoData->RemoveLock, Irp);
  if (!NT_SUCCESS(status)) {
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
  }
  /* This toaster provides no WMI data: every request goes to the bus driver. */
  IoSkipCurrentIrpStackLocation(Irp);
  status = IoCallDriver(fdoData->NextLowerDriver, Irp);
  IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
  return status;
}

static NTSTATUS NTAPI ToasterCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PFDO_DATA fdoData = (PFDO_DATA)DeviceObject->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&fdoData->RemoveLock, Irp);
  if (NT_SUCCESS(status)) {
    IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
    status = STATUS_SUCCESS;
  }
  Irp->IoStatus.Status = status;
  Irp->IoStatus.Information = 0;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return status;
}

static NTSTATUS NTAPI ToasterDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PFDO_DATA fdoData = (PFDO_DATA)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  ULONG_PTR information = 0;
  NTSTATUS status = IoAcquireRemoveLock(&fdoData->RemoveLock, Irp);
  if (!NT_SUCCESS(status)) {
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
  }
  if (fdoData->DevicePnPState != Started) {
    status = STATUS_DEVICE_NOT_READY;
  } else if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_TOASTER_GET_NAME) {
    status = STATUS_INVALID_DEVICE_REQUEST;
  } else if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(L"Toaster")) {
    status = STATUS_BUFFER_TOO_SMALL;
  } else {
    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, L"Toaster", sizeof(L"Toaster"));
    information = sizeof(L"Toaster");
    status = STATUS_SUCCESS;
  }
  Irp->IoStatus.Status = status;
  Irp->IoStatus.Information = information;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
  return status;
}
