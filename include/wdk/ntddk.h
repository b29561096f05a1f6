/*
 * ntddk.h - the NT driver kit interface: <wdm.h> plus the few routines only
 * non-WDM drivers used to need.
 *
 * Part of wmisim's WDK-compatible headers.
 */
#ifndef _NTDDK_
#define _NTDDK_

#include <wdm.h>

#ifdef __cplusplus
extern "C" {
#endif

NTKERNELAPI NTSTATUS NTAPI IoGetDeviceObjectPointer(PUNICODE_STRING ObjectName, ACCESS_MASK DesiredAccess,
                                                    PFILE_OBJECT *FileObject, PDEVICE_OBJECT *DeviceObject);
NTKERNELAPI NTSTATUS NTAPI IoReportDetectedDevice(PDRIVER_OBJECT DriverObject, INTERFACE_TYPE LegacyBusType,
                                                  ULONG BusNumber, ULONG SlotNumber,
                                                  PCM_RESOURCE_LIST ResourceList,
                                                  PIO_RESOURCE_REQUIREMENTS_LIST ResourceRequirements,
                                                  BOOLEAN ResourceAssigned,
                                                  PDEVICE_OBJECT *DeviceObject);

#ifdef __cplusplus
}
#endif

#endif /* _NTDDK_ */
