/*
 * hellowmi.h - what the hellowmi driver and its tests share: the GUID of its
 * one WMI data block and the block's layout (see hellowmi.mof).
 */
#ifndef HELLOWMI_H
#define HELLOWMI_H

#include <wdm.h>

/* {6B8E3F1A-52C4-4D0B-9E7A-3C1D2B4A5F60} HelloWmi_Counter */
DEFINE_GUID(HELLOWMI_COUNTER_GUID, 0x6b8e3f1a, 0x52c4, 0x4d0b, 0x9e, 0x7a, 0x3c, 0x1d, 0x2b, 0x4a, 0x5f, 0x60);

typedef struct _HELLOWMI_COUNTER {
  ULONG Queries;  /* WmiDataId(1), read-only: how many times the block was queried */
  ULONG Step;     /* WmiDataId(2), read-write: what each query adds */
} HELLOWMI_COUNTER, *PHELLOWMI_COUNTER;

/* DriverEntry is what the I/O manager calls; the test calls it through wmisim. */
DRIVER_INITIALIZE DriverEntry;

#endif /* HELLOWMI_H */
