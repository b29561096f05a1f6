/*
 * wdmsec.h - IoCreateDeviceSecure and the SDDL strings for device objects.
 *
 * Part of wmisim's WDK-compatible headers. wmisim records the security
 * descriptor string and class GUID with the device; it does not enforce them.
 */
#ifndef _WDMSEC_H_
#define _WDMSEC_H_

#include <wdm.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The documented SDDL strings, as UNICODE_STRINGs the library defines. */
extern WMISIM_API const UNICODE_STRING SDDL_DEVOBJ_KERNEL_ONLY;
#define SDDL_DEVOBJ_INF_SUPPLIED SDDL_DEVOBJ_KERNEL_ONLY
extern WMISIM_API const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL;
extern WMISIM_API const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_ALL;
extern WMISIM_API const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RX;
extern WMISIM_API const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R;
extern WMISIM_API const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R;
extern WMISIM_API const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R;
extern WMISIM_API const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX;

NTKERNELAPI NTSTATUS NTAPI IoCreateDeviceSecure(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize,
                                                PUNICODE_STRING DeviceName, DEVICE_TYPE DeviceType,
                                                ULONG DeviceCharacteristics, BOOLEAN Exclusive,
                                                PCUNICODE_STRING DefaultSDDLString, LPCGUID DeviceClassGuid,
                                                PDEVICE_OBJECT *DeviceObject);
#define WdmlibIoCreateDeviceSecure IoCreateDeviceSecure

#ifdef __cplusplus
}
#endif

#endif /* _WDMSEC_H_ */
