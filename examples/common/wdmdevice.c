/*
 * wdmdevice.c - the WDM plumbing shared by the example drivers (see
 * wdmdevice.h). This is the classic function-driver shape of the DDK
 * samples (toaster, wmisamp): a remove lock held across every IRP, PnP
 * state kept for the cancel IRPs, power passed down.
 */
#include "wdmdevice.h"

NTSTATUS WdmSaveRegistryPath(PUNICODE_STRING Copy, PCUNICODE_STRING RegistryPath, ULONG PoolTag) {
  Copy->Length = 0;
  Copy->MaximumLength = RegistryPath->Length + sizeof(WCHAR);
  Copy->Buffer = ExAllocatePoolWithTag(PagedPool, Copy->MaximumLength, PoolTag);
  if (Copy->Buffer == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  RtlCopyUnicodeString(Copy, RegistryPath);
  return STATUS_SUCCESS;
}

VOID WdmFreeRegistryPath(PUNICODE_STRING Copy, ULONG PoolTag) {
  if (Copy->Buffer != NULL) ExFreePoolWithTag(Copy->Buffer, PoolTag);
  RtlZeroMemory(Copy, sizeof *Copy);
}

VOID WdmInitialize(PWDM_DEVICE Wdm, PDEVICE_OBJECT Self, PDEVICE_OBJECT Pdo, ULONG PoolTag) {
  Wdm->Self = Self;
  Wdm->Pdo = Pdo;
  Wdm->LowerDevice = NULL;
  Wdm->PnpState = NotStarted;
  Wdm->PreviousPnpState = NotStarted;
  Wdm->WmiRegistered = FALSE;
  IoInitializeRemoveLock(&Wdm->RemoveLock, PoolTag, 0, 0);
}

VOID WdmSetPnpState(PWDM_DEVICE Wdm, DEVICE_PNP_STATE State) {
  Wdm->PreviousPnpState = Wdm->PnpState;
  Wdm->PnpState = State;
}

NTSTATUS WdmCompleteIrp(PIRP Irp, NTSTATUS Status) {
  Irp->IoStatus.Status = Status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return Status;
}

NTSTATUS WdmPassDown(PWDM_DEVICE Wdm, PIRP Irp) {
  IoSkipCurrentIrpStackLocation(Irp);
  NTSTATUS status = IoCallDriver(Wdm->LowerDevice, Irp);
  IoReleaseRemoveLock(&Wdm->RemoveLock, Irp);
  return status;
}

NTSTATUS WdmForwardAndWait(PWDM_DEVICE Wdm, PIRP Irp) {
  if (!IoForwardIrpSynchronously(Wdm->LowerDevice, Irp)) return STATUS_UNSUCCESSFUL;
  return Irp->IoStatus.Status;
}

NTSTATUS WdmDispatchOtherPnp(PWDM_DEVICE Wdm, PIRP Irp) {
  NTSTATUS status;
  switch (IoGetCurrentIrpStackLocation(Irp)->MinorFunction) {
  case IRP_MN_QUERY_STOP_DEVICE:
    WdmSetPnpState(Wdm, StopPending);
    break;
  case IRP_MN_STOP_DEVICE:
    WdmSetPnpState(Wdm, Stopped);
    break;
  case IRP_MN_QUERY_REMOVE_DEVICE:
    WdmSetPnpState(Wdm, RemovePending);
    break;
  case IRP_MN_CANCEL_STOP_DEVICE:
  case IRP_MN_CANCEL_REMOVE_DEVICE:
    /* Handled on the way up: the drivers below cancel first. The query may
     * have failed above this driver, and then the state never changed. */
    status = WdmForwardAndWait(Wdm, Irp);
    if (NT_SUCCESS(status) && (Wdm->PnpState == StopPending || Wdm->PnpState == RemovePending))
      Wdm->PnpState = Wdm->PreviousPnpState;
    WdmCompleteIrp(Irp, status);
    IoReleaseRemoveLock(&Wdm->RemoveLock, Irp);
    return status;
  default:
    return WdmPassDown(Wdm, Irp); /* not ours: status and all untouched */
  }
  Irp->IoStatus.Status = STATUS_SUCCESS; /* the state changes this driver agrees to */
  return WdmPassDown(Wdm, Irp);
}

NTSTATUS WdmRemoveDevice(PWDM_DEVICE Wdm, PIRP Irp) {
  WdmSetPnpState(Wdm, Deleted);
  Irp->IoStatus.Status = STATUS_SUCCESS;
  IoSkipCurrentIrpStackLocation(Irp);
  NTSTATUS status = IoCallDriver(Wdm->LowerDevice, Irp);
  /* Waits for every IRP in progress; none acquires the lock any more. */
  IoReleaseRemoveLockAndWait(&Wdm->RemoveLock, Irp);
  IoDetachDevice(Wdm->LowerDevice);
  Wdm->LowerDevice = NULL;
  return status;
}

NTSTATUS WdmWmiRegister(PWDM_DEVICE Wdm) {
  if (Wdm->WmiRegistered) return STATUS_SUCCESS;
  NTSTATUS status = IoWMIRegistrationControl(Wdm->Self, WMIREG_ACTION_REGISTER);
  Wdm->WmiRegistered = NT_SUCCESS(status);
  return status;
}

VOID WdmWmiDeregister(PWDM_DEVICE Wdm) {
  if (!Wdm->WmiRegistered) return;
  IoWMIRegistrationControl(Wdm->Self, WMIREG_ACTION_DEREGISTER);
  Wdm->WmiRegistered = FALSE;
}

NTSTATUS NTAPI WdmDispatchPowerPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PWDM_DEVICE wdm = DeviceObject->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&wdm->RemoveLock, Irp);
  PoStartNextPowerIrp(Irp);
  if (!NT_SUCCESS(status)) return WdmCompleteIrp(Irp, status);
  IoSkipCurrentIrpStackLocation(Irp);
  status = PoCallDriver(wdm->LowerDevice, Irp);
  IoReleaseRemoveLock(&wdm->RemoveLock, Irp);
  return status;
}

NTSTATUS WdmDispatchWmiLib(PWDM_DEVICE Wdm, PWMILIB_CONTEXT WmiLibInfo, PIRP Irp) {
  NTSTATUS status = IoAcquireRemoveLock(&Wdm->RemoveLock, Irp);
  if (!NT_SUCCESS(status)) return WdmCompleteIrp(Irp, status); /* removed: no more WMI either */
  SYSCTL_IRP_DISPOSITION disposition;
  status = WmiSystemControl(WmiLibInfo, Wdm->Self, Irp, &disposition);
  switch (disposition) {
  case IrpProcessed:
    /* A DpWmiXxx callback completed it with WmiCompleteRequest. */
    break;
  case IrpNotCompleted:
    /* WMILIB filled the IRP in (REGINFO, or an error it found itself,
     * such as an unknown GUID); the driver completes it. */
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    break;
  case IrpForward:
  case IrpNotWmi:
  default:
    /* Addressed to another device object (ProviderId), or not a WMI
     * request: the drivers below handle it. */
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(Wdm->LowerDevice, Irp);
    break;
  }
  IoReleaseRemoveLock(&Wdm->RemoveLock, Irp);
  return status;
}
