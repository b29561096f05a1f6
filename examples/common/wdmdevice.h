/*
 * wdmdevice.h - the WDM plumbing every example driver needs and none of
 * them is about: the PnP state a function driver keeps, passing IRPs down
 * under the remove lock, power passed through, the removal steps, and the
 * dispositions of WmiSystemControl. A WDK sample carries this code in each
 * driver; here it is written once, and each example's DispatchPnp shows
 * only what WMI adds: REGISTER at start, DEREGISTER at surprise removal or
 * removal.
 *
 * Every example's device extension starts with a WDM_DEVICE. Only WDK
 * headers are used, as in the drivers themselves.
 */
#ifndef EXAMPLES_WDMDEVICE_H
#define EXAMPLES_WDMDEVICE_H

#include <wdm.h>
#include <wmilib.h>

/* Where the device is in its PnP life, as the DDK samples track it. */
typedef enum _DEVICE_PNP_STATE {
  NotStarted,
  Started,
  StopPending,
  Stopped,
  RemovePending,
  SurpriseRemovePending,
  Deleted
} DEVICE_PNP_STATE;

/* The first member of every example's device extension. */
typedef struct _WDM_DEVICE {
  PDEVICE_OBJECT Self;           /* the device object this driver created */
  PDEVICE_OBJECT Pdo;            /* the bus driver's PDO, for instance names */
  PDEVICE_OBJECT LowerDevice;    /* what IoAttachDeviceToDeviceStack returned */
  IO_REMOVE_LOCK RemoveLock;     /* held across every IRP the driver handles */
  DEVICE_PNP_STATE PnpState;
  DEVICE_PNP_STATE PreviousPnpState;
  BOOLEAN WmiRegistered;         /* REGISTER succeeded, DEREGISTER not called yet */
} WDM_DEVICE, *PWDM_DEVICE;

/* Copies DriverEntry's RegistryPath into `Copy` (paged pool with `PoolTag`):
 * WMI asks for the path at every registration, long after DriverEntry's
 * argument is gone. Free it in DriverUnload with WdmFreeRegistryPath. */
NTSTATUS WdmSaveRegistryPath(PUNICODE_STRING Copy, PCUNICODE_STRING RegistryPath, ULONG PoolTag);
VOID WdmFreeRegistryPath(PUNICODE_STRING Copy, ULONG PoolTag);

/* Fills in a WDM_DEVICE for a device object just created by AddDevice,
 * before it is attached (LowerDevice stays NULL until then). */
VOID WdmInitialize(PWDM_DEVICE Wdm, PDEVICE_OBJECT Self, PDEVICE_OBJECT Pdo, ULONG PoolTag);

/* Records a new PnP state, keeping the previous one for a cancel. */
VOID WdmSetPnpState(PWDM_DEVICE Wdm, DEVICE_PNP_STATE State);

/* Completes an IRP with `Status` and returns it. */
NTSTATUS WdmCompleteIrp(PIRP Irp, NTSTATUS Status);

/* Passes the IRP, untouched, to the next lower driver and releases the
 * remove lock the dispatch routine acquired for it. */
NTSTATUS WdmPassDown(PWDM_DEVICE Wdm, PIRP Irp);

/* Sends the IRP down and waits until the drivers below completed it;
 * returns their status. The IRP is the caller's again, to complete: how
 * IRP_MN_START_DEVICE begins (the bus driver starts the device first). */
NTSTATUS WdmForwardAndWait(PWDM_DEVICE Wdm, PIRP Irp);

/* The PnP IRPs a function driver only keeps its state for (query stop,
 * stop, query remove and their cancels, handled on the way up) and every
 * IRP it does not handle: passed down. Releases the remove lock. */
NTSTATUS WdmDispatchOtherPnp(PWDM_DEVICE Wdm, PIRP Irp);

/* IRP_MN_REMOVE_DEVICE after the driver left WMI: passes the IRP down,
 * waits until no other IRP holds the remove lock, and detaches the device.
 * Returns the lower drivers' status; the caller then frees what the device
 * owns and deletes it (IoDeleteDevice). */
NTSTATUS WdmRemoveDevice(PWDM_DEVICE Wdm, PIRP Irp);

/* IoWMIRegistrationControl(REGISTER) for the device, unless it is
 * registered: a device restarted after IRP_MN_STOP_DEVICE still is. WMI
 * sends the device IRP_MN_REGINFO_EX before this returns. */
NTSTATUS WdmWmiRegister(PWDM_DEVICE Wdm);

/* IoWMIRegistrationControl(DEREGISTER) for the device if it is
 * registered, so that IRP_MN_SURPRISE_REMOVAL and the IRP_MN_REMOVE_DEVICE
 * after it can both call this and WMI hears it once. Returns when the WMI
 * requests already sent to the device have completed. */
VOID WdmWmiDeregister(PWDM_DEVICE Wdm);

/* IRP_MJ_POWER for a driver that does not own its device's power policy:
 * PoStartNextPowerIrp, then PoCallDriver to the next lower driver. Put it
 * in MajorFunction[IRP_MJ_POWER] of a driver whose extensions start with
 * a WDM_DEVICE. */
DRIVER_DISPATCH WdmDispatchPowerPassThrough;

/* IRP_MJ_SYSTEM_CONTROL through WMILIB: calls WmiSystemControl under the
 * remove lock and acts on its disposition. */
NTSTATUS WdmDispatchWmiLib(PWDM_DEVICE Wdm, PWMILIB_CONTEXT WmiLibInfo, PIRP Irp);

#endif /* EXAMPLES_WDMDEVICE_H */
