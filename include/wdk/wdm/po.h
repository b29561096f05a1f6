/*
 * wdm/po.h - the power manager routines a WDM driver's power path uses.
 *
 * Part of wmisim's <wdm.h>.
 */
#ifndef WMISIM_WDM_PO_H
#define WMISIM_WDM_PO_H

typedef VOID NTAPI REQUEST_POWER_COMPLETE(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction,
                                          POWER_STATE PowerState, PVOID Context, PIO_STATUS_BLOCK IoStatus);
typedef REQUEST_POWER_COMPLETE *PREQUEST_POWER_COMPLETE;

NTKERNELAPI NTSTATUS NTAPI PoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTKERNELAPI VOID NTAPI PoStartNextPowerIrp(PIRP Irp);
NTKERNELAPI NTSTATUS NTAPI PoRequestPowerIrp(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction,
                                             POWER_STATE PowerState, PREQUEST_POWER_COMPLETE CompletionFunction,
                                             PVOID Context, PIRP *Irp);
NTKERNELAPI POWER_STATE NTAPI PoSetPowerState(PDEVICE_OBJECT DeviceObject, POWER_STATE_TYPE Type,
                                              POWER_STATE State);
NTKERNELAPI PULONG NTAPI PoRegisterDeviceForIdleDetection(PDEVICE_OBJECT DeviceObject,
                                                          ULONG ConservationIdleTime,
                                                          ULONG PerformanceIdleTime, DEVICE_POWER_STATE State);
NTKERNELAPI VOID NTAPI PoSetDeviceBusyEx(PULONG IdlePointer);
#define PoSetDeviceBusy(IdlePointer) ((void)(*(IdlePointer) = 0))
NTKERNELAPI PVOID NTAPI PoRegisterSystemState(PVOID StateHandle, EXECUTION_STATE Flags);
NTKERNELAPI VOID NTAPI PoUnregisterSystemState(PVOID StateHandle);

#define ES_SYSTEM_REQUIRED  0x00000001
#define ES_DISPLAY_REQUIRED 0x00000002
#define ES_USER_PRESENT     0x00000004
#define ES_CONTINUOUS       0x80000000

#endif /* WMISIM_WDM_PO_H */
