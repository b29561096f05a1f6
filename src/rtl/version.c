/*
 * version.c - the Windows version the simulated machine reports:
 * RtlGetVersion, RtlIsNtDdiVersionAvailable, PsGetVersion and
 * IoIsWdmVersionAvailable.
 *
 * wmisim plays Windows 11 version 24H2 (10.0.26100, NTDDI_WIN11_GE), a
 * workstation without service packs, as a free (retail) build. WDM's
 * version is 6.00, the last one Microsoft documents (Windows Vista onward).
 */
#include <wdm.h>

#include <string.h>

#include "rtl/rtl_internal.h"

#define SIM_MAJOR_VERSION 10
#define SIM_MINOR_VERSION 0
#define SIM_BUILD_NUMBER 26100
#define SIM_NTDDI_VERSION 0x0A000010u /* NTDDI_WIN11_GE */
#define SIM_WDM_MAJOR 6
#define SIM_WDM_MINOR 0x00

#define SIM_PLATFORM_WIN32_NT 2       /* VER_PLATFORM_WIN32_NT */
#define SIM_SUITE_SINGLEUSERTS 0x0100 /* VER_SUITE_SINGLEUSERTS: one interactive session */
#define SIM_NT_WORKSTATION 1          /* VER_NT_WORKSTATION */

_Static_assert(sizeof(RTL_OSVERSIONINFOW) == 276, "RTL_OSVERSIONINFOW layout");
_Static_assert(sizeof(RTL_OSVERSIONINFOEXW) == 284, "RTL_OSVERSIONINFOEXW layout");

/* dwOSVersionInfoSize must name one of the two structures; anything else
 * could be written past its end, so it is refused. */
NTSTATUS NTAPI RtlGetVersion(PRTL_OSVERSIONINFOW lpVersionInformation) {
  if (lpVersionInformation == NULL) {
    rtl_bad_call("RtlGetVersion", "lpVersionInformation is NULL");
    return STATUS_INVALID_PARAMETER;
  }
  ULONG size = lpVersionInformation->dwOSVersionInfoSize;
  if (size != sizeof(RTL_OSVERSIONINFOW) && size != sizeof(RTL_OSVERSIONINFOEXW)) {
    rtl_bad_call("RtlGetVersion", "dwOSVersionInfoSize %lu is neither sizeof(RTL_OSVERSIONINFOW) nor "
                 "sizeof(RTL_OSVERSIONINFOEXW)", (unsigned long)size);
    return STATUS_INVALID_PARAMETER;
  }
  lpVersionInformation->dwMajorVersion = SIM_MAJOR_VERSION;
  lpVersionInformation->dwMinorVersion = SIM_MINOR_VERSION;
  lpVersionInformation->dwBuildNumber = SIM_BUILD_NUMBER;
  lpVersionInformation->dwPlatformId = SIM_PLATFORM_WIN32_NT;
  memset(lpVersionInformation->szCSDVersion, 0, sizeof lpVersionInformation->szCSDVersion);
  if (size == sizeof(RTL_OSVERSIONINFOEXW)) {
    PRTL_OSVERSIONINFOEXW ex = (PRTL_OSVERSIONINFOEXW)lpVersionInformation;
    ex->wServicePackMajor = 0;
    ex->wServicePackMinor = 0;
    ex->wSuiteMask = SIM_SUITE_SINGLEUSERTS;
    ex->wProductType = SIM_NT_WORKSTATION;
    ex->wReserved = 0;
  }
  return STATUS_SUCCESS;
}

BOOLEAN NTAPI RtlIsNtDdiVersionAvailable(ULONG Version) {
  return Version <= SIM_NTDDI_VERSION;
}

/* Returns whether this is a checked build: never. CSDVersion (the service
 * pack) is empty. */
BOOLEAN NTAPI PsGetVersion(PULONG MajorVersion, PULONG MinorVersion, PULONG BuildNumber,
                           PUNICODE_STRING CSDVersion) {
  if (MajorVersion != NULL) *MajorVersion = SIM_MAJOR_VERSION;
  if (MinorVersion != NULL) *MinorVersion = SIM_MINOR_VERSION;
  if (BuildNumber != NULL) *BuildNumber = SIM_BUILD_NUMBER;
  if (CSDVersion != NULL) CSDVersion->Length = 0;
  return FALSE;
}

BOOLEAN NTAPI IoIsWdmVersionAvailable(UCHAR MajorVersion, UCHAR MinorVersion) {
  return MajorVersion < SIM_WDM_MAJOR || (MajorVersion == SIM_WDM_MAJOR && MinorVersion <= SIM_WDM_MINOR);
}
