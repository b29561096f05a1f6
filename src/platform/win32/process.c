/*
 * process.c - Win32: what the process itself uses.
 */
#define WIN32_LEAN_AND_MEAN
#ifndef PSAPI_VERSION
#define PSAPI_VERSION 2 /* K32GetProcessMemoryInfo, in kernel32 since Windows 7: no psapi.lib */
#endif
#include <windows.h>
#include <psapi.h>

#include "platform/platform.h"

uint64_t plat_process_rss_bytes(void) {
  PROCESS_MEMORY_COUNTERS counters;
  if (!K32GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof counters)) return 0;
  return (uint64_t)counters.WorkingSetSize;
}
