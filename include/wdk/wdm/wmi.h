/*
 * wdm/wmi.h - the WMI kernel component's routines: provider registration,
 * events, and the kernel-mode consumer (IoWMI*) routines.
 *
 * Part of wmisim's <wdm.h>. These calls go to the simulator's WMI service,
 * which sends IRP_MJ_SYSTEM_CONTROL requests to providers exactly as Windows
 * does; see docs/wmi-service.md.
 */
#ifndef WMISIM_WDM_WMI_H
#define WMISIM_WDM_WMI_H

#define WMIREG_ACTION_REGISTER     1
#define WMIREG_ACTION_DEREGISTER   2
#define WMIREG_ACTION_REREGISTER   3
#define WMIREG_ACTION_UPDATE_GUIDS 4
#define WMIREG_ACTION_BLOCK_IRPS   5

/* Parameters.WMI.DataPath of IRP_MN_REGINFO(_EX). */
#define WMIREGISTER 0
#define WMIUPDATE   1

typedef VOID NTAPI FWMI_NOTIFICATION_CALLBACK(PVOID Wnode, PVOID Context);
typedef FWMI_NOTIFICATION_CALLBACK *WMI_NOTIFICATION_CALLBACK;

/* Provider side. Both run at PASSIVE_LEVEL; IoWMIWriteEvent at or below
 * APC_LEVEL (any IRQL for WNODE_FLAG_TRACED_GUID events). */
NTKERNELAPI NTSTATUS NTAPI IoWMIRegistrationControl(PDEVICE_OBJECT DeviceObject, ULONG Action);
NTKERNELAPI NTSTATUS NTAPI IoWMIAllocateInstanceIds(GUID *Guid, ULONG InstanceCount, ULONG *FirstInstanceId);
NTKERNELAPI NTSTATUS NTAPI IoWMISuggestInstanceName(PDEVICE_OBJECT PhysicalDeviceObject,
                                                    PUNICODE_STRING SymbolicLinkName, BOOLEAN CombineNames,
                                                    PUNICODE_STRING SuggestedInstanceName);
NTKERNELAPI NTSTATUS NTAPI IoWMIWriteEvent(PVOID WnodeEventItem);

/* ProviderId as WNODE_HEADER.ProviderId carries it (a ULONG). */
#if defined(_X86_) && defined(_WIN32)
#define IoWMIDeviceObjectToProviderId(DeviceObject) ((ULONG)(ULONG_PTR)(DeviceObject))
#else
NTKERNELAPI ULONG NTAPI IoWMIDeviceObjectToProviderId(PDEVICE_OBJECT DeviceObject);
#endif

/* Consumer side: data-block objects opened by GUID. */
NTKERNELAPI NTSTATUS NTAPI IoWMIOpenBlock(GUID *DataBlockGuid, ULONG DesiredAccess, PVOID *DataBlockObject);
NTKERNELAPI NTSTATUS NTAPI IoWMIQueryAllData(PVOID DataBlockObject, ULONG *InOutBufferSize, PVOID OutBuffer);
NTKERNELAPI NTSTATUS NTAPI IoWMIQueryAllDataMultiple(PVOID *DataBlockObjectList, ULONG ObjectCount,
                                                     ULONG *InOutBufferSize, PVOID OutBuffer);
NTKERNELAPI NTSTATUS NTAPI IoWMIQuerySingleInstance(PVOID DataBlockObject, PUNICODE_STRING InstanceName,
                                                    ULONG *InOutBufferSize, PVOID OutBuffer);
NTKERNELAPI NTSTATUS NTAPI IoWMIQuerySingleInstanceMultiple(PVOID *DataBlockObjectList,
                                                            PUNICODE_STRING InstanceNames, ULONG ObjectCount,
                                                            ULONG *InOutBufferSize, PVOID OutBuffer);
NTKERNELAPI NTSTATUS NTAPI IoWMISetSingleInstance(PVOID DataBlockObject, PUNICODE_STRING InstanceName,
                                                  ULONG Version, ULONG ValueBufferSize, PVOID ValueBuffer);
NTKERNELAPI NTSTATUS NTAPI IoWMISetSingleItem(PVOID DataBlockObject, PUNICODE_STRING InstanceName,
                                              ULONG DataItemId, ULONG Version, ULONG ValueBufferSize,
                                              PVOID ValueBuffer);
NTKERNELAPI NTSTATUS NTAPI IoWMIExecuteMethod(PVOID DataBlockObject, PUNICODE_STRING InstanceName,
                                              ULONG MethodId, ULONG InBufferSize, PULONG OutBufferSize,
                                              PUCHAR InOutBuffer);
NTKERNELAPI NTSTATUS NTAPI IoWMISetNotificationCallback(PVOID Object, WMI_NOTIFICATION_CALLBACK Callback,
                                                        PVOID Context);
NTKERNELAPI NTSTATUS NTAPI IoWMIHandleToInstanceName(PVOID DataBlockObject, HANDLE FileHandle,
                                                     PUNICODE_STRING InstanceName);
NTKERNELAPI NTSTATUS NTAPI IoWMIDeviceObjectToInstanceName(PVOID DataBlockObject, PDEVICE_OBJECT DeviceObject,
                                                           PUNICODE_STRING InstanceName);

#endif /* WMISIM_WDM_WMI_H */
