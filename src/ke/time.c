/*
 * time.c - system time, tick counts and performance counters, all read
 * from the simulator's clock so a virtual clock makes them reproducible.
 */
#include "core/sim.h"
#include "ke/thread.h"
#include "platform/platform.h"

/* Windows' clock interrupt period: 15.625 ms in 100 ns units. */
#define TIME_INCREMENT 156250

VOID NTAPI KeQuerySystemTime(PLARGE_INTEGER CurrentTime) {
  CurrentTime->QuadPart = sim_clock_now(sim_current());
}

VOID NTAPI KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime) {
  KeQuerySystemTime(CurrentTime);
}

/* Interrupt time counts from the simulator's start (its "boot"). */
ULONGLONG NTAPI KeQueryInterruptTime(VOID) {
  struct wmisim *sim = sim_current();
  if (sim == NULL) return plat_monotonic_ns() / 100u;
  int64_t since = sim_clock_now(sim) - sim->options.clock_start;
  return since > 0 ? (ULONGLONG)since : 0;
}

ULONGLONG NTAPI KeQueryUnbiasedInterruptTime(VOID) {
  return KeQueryInterruptTime();
}

VOID NTAPI KeQueryTickCount(PLARGE_INTEGER TickCount) {
  TickCount->QuadPart = (LONGLONG)(KeQueryInterruptTime() / TIME_INCREMENT);
}

ULONG NTAPI KeQueryTimeIncrement(VOID) {
  return TIME_INCREMENT;
}

/* A 10 MHz counter over interrupt time, as on most current systems. */
LARGE_INTEGER NTAPI KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency) {
  if (PerformanceFrequency != NULL) PerformanceFrequency->QuadPart = 10000000;
  LARGE_INTEGER counter;
  counter.QuadPart = (LONGLONG)KeQueryInterruptTime();
  return counter;
}

VOID NTAPI KeStallExecutionProcessor(ULONG MicroSeconds) {
  struct wmisim *sim = sim_current();
  if (sim != NULL && sim->options.clock_mode == WMISIM_CLOCK_VIRTUAL)
    sim_clock_step(sim, (int64_t)MicroSeconds * 10);
  else
    plat_sleep_ns((uint64_t)MicroSeconds * 1000u);
}

/* The simulated machine runs in UTC. */
VOID NTAPI ExSystemTimeToLocalTime(PLARGE_INTEGER SystemTime, PLARGE_INTEGER LocalTime) {
  *LocalTime = *SystemTime;
}

VOID NTAPI ExLocalTimeToSystemTime(PLARGE_INTEGER LocalTime, PLARGE_INTEGER SystemTime) {
  *SystemTime = *LocalTime;
}
