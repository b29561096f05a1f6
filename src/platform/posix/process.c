/*
 * process.c - POSIX: what the process itself uses.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

#include "platform/platform.h"

/* Linux reports the resident set in /proc/self/statm (pages); other POSIX
 * systems have no portable way to read the current size (getrusage gives
 * the peak), so they report 0, "unknown". */
uint64_t plat_process_rss_bytes(void) {
#if defined(__linux__)
  FILE *statm = fopen("/proc/self/statm", "r");
  if (statm == NULL) return 0;
  unsigned long long size = 0, resident = 0;
  int fields = fscanf(statm, "%llu %llu", &size, &resident);
  fclose(statm);
  long page = sysconf(_SC_PAGESIZE);
  return fields == 2 && page > 0 ? (uint64_t)resident * (uint64_t)page : 0;
#else
  return 0;
#endif
}
