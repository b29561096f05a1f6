/*
 * clock.c - the simulator's clock: virtual by default so that traces,
 * time stamps and outputs are reproducible byte for byte.
 */
#include "core/sim.h"
#include "ke/dispatcher.h"
#include "ke/workers.h"
#include "platform/atomic.h"

int64_t sim_clock_now(struct wmisim *sim) {
  if (sim == NULL) return (int64_t)plat_system_time_100ns();
  if (sim->options.clock_mode == WMISIM_CLOCK_REAL) return (int64_t)plat_system_time_100ns();
  return atomic_load_i64(&sim->clock_now);
}

int64_t wmisim_clock_now(wmisim_t *sim) {
  return sim_clock_now(sim);
}

void sim_clock_step(struct wmisim *sim, int64_t interval) {
  if (sim == NULL || sim->options.clock_mode != WMISIM_CLOCK_VIRTUAL || interval <= 0) return;
  atomic_add_i64(&sim->clock_now, interval);
  ke_timers_clock_changed(sim->timers);
}

NTSTATUS wmisim_clock_advance(wmisim_t *sim, int64_t interval_100ns) {
  if (sim == NULL || interval_100ns < 0) return STATUS_INVALID_PARAMETER;
  if (sim->options.clock_mode != WMISIM_CLOCK_VIRTUAL) return STATUS_INVALID_DEVICE_STATE;
  sim_clock_step(sim, interval_100ns);
  ke_wake_all_waiters(); /* not on every request's step: only an explicit move ends waits early */
  return STATUS_SUCCESS;
}
