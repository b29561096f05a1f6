/*
 * toaster_like.h - what a test needs to know about toaster_like.c: its
 * entry point, its device interface class and its one IOCTL.
 */
#ifndef TOASTER_LIKE_H
#define TOASTER_LIKE_H

#include <wdm.h>

/* {781EF630-72B2-11D2-B852-00C04FAD5171}: the DDK toaster's interface class. */
DEFINE_GUID(GUID_DEVINTERFACE_TOASTER_LIKE, 0x781EF630, 0x72B2, 0x11D2, 0xB8, 0x52, 0x00, 0xC0, 0x4F, 0xAD, 0x51,
            0x71);

/* Returns the device's name for the toaster ("Toaster") in a buffered output buffer. */
#define IOCTL_TOASTER_GET_NAME CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)

NTSTATUS NTAPI ToasterDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

#endif /* TOASTER_LIKE_H */
