/*
 * clock.c - the simulator's clock: virtual by default so that traces,
 * time stamps and outputs are reproducible byte for byte.
 */
#include "core/sim.h"
#include "ke/dispatcher.h"
#include "ke/thread.h"
#include "ke/workers.h"
#include "platform/atomic.h"
#include "platform/spinlock.h"

/* A thread whose WMI request stepped the clock reads the value it saw
 * then until the request returns (sim_next_irp_id_stepping): another
 * thread's steps in the meantime either happened at the same time as the
 * request, in no defined order, or reached this thread through a wait or
 * a lock, which forget the value (ke_clock_forget). Two threads sending
 * requests then do not read the line each of them writes for every
 * request. */
int64_t sim_clock_now(struct wmisim *sim) {
  if (sim == NULL) return (int64_t)plat_system_time_100ns();
  if (sim->options.clock_mode == WMISIM_CLOCK_REAL) return (int64_t)plat_system_time_100ns();
  struct kthread *thread = ke_current_thread;
  if (thread != NULL && thread->clock_sim == sim) return thread->clock_seen;
  return atomic_load_i64(&sim->clock_now);
}

int64_t wmisim_clock_now(wmisim_t *sim) {
  return sim_clock_now(sim);
}

static bool steps(const struct wmisim *sim, int64_t interval) {
  return sim->options.clock_mode == WMISIM_CLOCK_VIRTUAL && interval > 0;
}

void sim_clock_step(struct wmisim *sim, int64_t interval) {
  if (sim == NULL || !steps(sim, interval)) return;
  ke_clock_forget(ke_thread());
  spin_lock(&sim->counters_lock);
  int64_t now = sim->clock_now + interval;
  atomic_store_release_i64(&sim->clock_now, now);
  spin_unlock(&sim->counters_lock);
  ke_timers_clock_changed(sim->timers, now);
}

/* The lock's one locked operation serves both counters, and the line they
 * share is touched only under it: with threads sending requests at once,
 * every touch may have to fetch the line from the other processor. */
uint64_t sim_next_irp_id_stepping(struct wmisim *sim, int64_t interval, int64_t *before) {
  bool step = steps(sim, interval);
  struct kthread *thread = ke_thread();
  if (step) ke_clock_forget(thread);
  spin_lock(&sim->counters_lock);
  uint64_t id = (uint64_t)++sim->next_irp_id;
  int64_t now = sim->clock_now;
  if (step) atomic_store_release_i64(&sim->clock_now, now + interval);
  spin_unlock(&sim->counters_lock);
  if (before != NULL) *before = now;
  if (!step) return id;
  int64_t after = now + interval;
  /* A timer that fired may have run DPCs that moved the clock. */
  thread->clock_seen = ke_timers_clock_changed(sim->timers, after) ? atomic_load_i64(&sim->clock_now) : after;
  thread->clock_sim = sim;
  return id;
}

NTSTATUS wmisim_clock_advance(wmisim_t *sim, int64_t interval_100ns) {
  if (sim == NULL || interval_100ns < 0) return STATUS_INVALID_PARAMETER;
  if (sim->options.clock_mode != WMISIM_CLOCK_VIRTUAL) return STATUS_INVALID_DEVICE_STATE;
  sim_clock_step(sim, interval_100ns);
  ke_wake_all_waiters(); /* not on every request's step: only an explicit move ends waits early */
  return STATUS_SUCCESS;
}
