/*
 * clock.c - POSIX clocks.
 */
#define _GNU_SOURCE
#include <time.h>

#include "platform/platform.h"

/* Seconds between 1601-01-01 and 1970-01-01, Windows' and Unix's epochs. */
#define EPOCH_DIFFERENCE_SECONDS 11644473600ull

static uint64_t read_clock(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t plat_monotonic_ns(void) {
  return read_clock(CLOCK_MONOTONIC);
}

uint64_t plat_system_time_100ns(void) {
  return read_clock(CLOCK_REALTIME) / 100u + EPOCH_DIFFERENCE_SECONDS * 10000000u;
}

uint64_t plat_thread_cpu_ns(void) {
  return read_clock(CLOCK_THREAD_CPUTIME_ID);
}
