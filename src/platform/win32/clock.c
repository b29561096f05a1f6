/*
 * clock.c - Win32 clocks.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "platform/platform.h"

/* The counter's frequency is fixed at boot; reading it each time is cheap
 * and, unlike caching it in a static, no data race between threads. */
uint64_t plat_monotonic_ns(void) {
  LARGE_INTEGER frequency, counter;
  QueryPerformanceFrequency(&frequency);
  QueryPerformanceCounter(&counter);
  uint64_t seconds = (uint64_t)counter.QuadPart / (uint64_t)frequency.QuadPart;
  uint64_t rest = (uint64_t)counter.QuadPart % (uint64_t)frequency.QuadPart;
  return seconds * 1000000000u + rest * 1000000000u / (uint64_t)frequency.QuadPart;
}

uint64_t plat_system_time_100ns(void) {
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  return (uint64_t)ft.dwHighDateTime << 32 | ft.dwLowDateTime;
}

uint64_t plat_thread_cpu_ns(void) {
  FILETIME created, exited, kernel, user;
  if (!GetThreadTimes(GetCurrentThread(), &created, &exited, &kernel, &user)) return 0;
  uint64_t k = (uint64_t)kernel.dwHighDateTime << 32 | kernel.dwLowDateTime;
  uint64_t u = (uint64_t)user.dwHighDateTime << 32 | user.dwLowDateTime;
  return (k + u) * 100u;
}
