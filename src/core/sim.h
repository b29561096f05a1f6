/*
 * sim.h - the simulator instance (struct wmisim) as the layers see it.
 *
 * Each layer keeps its state behind its own pointer here and its own
 * header; this file only ties them together and gives the cross-cutting
 * services: the current simulator, logging, bug checks, the clock and ids.
 */
#ifndef WMISIM_CORE_SIM_H
#define WMISIM_CORE_SIM_H

#include <wmisim/sim.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "platform/platform.h"

struct pool_state;
struct ob_state;
struct io_state;
struct ke_workers;
struct ke_timers;
struct pnp_state;
struct cm_registry;
struct wmi_service;
struct check_state;
struct trace_state;

struct wmisim {
  uint32_t magic;
  wmisim_options_t options;
  plat_mutex_t lock;               /* guards the handler fields below */
  wmisim_log_fn log;
  void *log_context;
  wmisim_bugcheck_fn bugcheck;
  void *bugcheck_context;

  /* Every request on every thread steps the clock and takes an IRP id;
   * every request also reads the fields around them. Padding keeps the two
   * counters on a cache line of their own (both on one: a request moves
   * one line, not two), so their writes do not evict those reads. Both
   * change under `counters_lock`, so a request can take its id and step
   * the clock with one locked operation (sim_next_irp_id_stepping); the
   * clock is read without it. */
  char counters_apart_before[64];
  volatile int64_t clock_now;      /* virtual system time, 100 ns since 1601 */
  int64_t next_irp_id;
  volatile int32_t counters_lock;
  char counters_apart_after[64];
  volatile int32_t destroying;

  struct pool_state *pool;
  struct ob_state *ob;
  struct io_state *io;
  struct ke_workers *workers;
  struct ke_timers *timers;
  struct pnp_state *pnp;
  struct cm_registry *registry;
  struct wmi_service *wmi;
  struct check_state *check;
  struct trace_state *trace;

  struct wmisim *next_live;        /* global list of live simulators */
};

#define WMISIM_MAGIC 0x57534d31u /* "WSM1" */

/* The calling thread's simulator (see wmisim/sim.h for the rule), or NULL. */
struct wmisim *sim_current(void);

/* Logs one line at `level` through the simulator's log callback. */
void sim_log(struct wmisim *sim, wmisim_log_level_t level, const char *format, ...) WMISIM_PRINTF(3, 4);
void sim_vlog(struct wmisim *sim, wmisim_log_level_t level, const char *format, va_list args);

/* Reports a bug check through the simulator's handler; never returns. */
_Noreturn void sim_bugcheck(struct wmisim *sim, ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3,
                            ULONG_PTR p4, const char *description);

/* Current system time of the simulator (virtual or real). */
int64_t sim_clock_now(struct wmisim *sim);

/* Moves a virtual clock forward by `interval` (100 ns units) and lets
 * expired timers fire; no effect with a real clock. */
void sim_clock_step(struct wmisim *sim, int64_t interval);

/* How far the virtual clock moves for each request the simulator itself
 * issues (WMI and PnP IRPs), so consecutive time stamps differ: 1 us. */
#define SIM_CLOCK_REQUEST_STEP 10

/* Whether `sim` is a simulator not destroyed yet (takes the list lock):
 * for memory that may outlive its simulator, such as a freed IRP in a
 * thread's quarantine. */
bool sim_is_live(const struct wmisim *sim);

/* A new IRP id, unique and increasing within the simulator. */
uint64_t sim_next_irp_id(struct wmisim *sim);

/* sim_next_irp_id, then sim_clock_step(sim, interval), for a caller that
 * would do both with nothing in between that reads the clock: one locked
 * operation instead of two. *before (if not NULL) receives the clock
 * before the step. A step is remembered by the calling thread, whose
 * sim_clock_now returns it until ke_clock_forget (the WMI service's
 * request that stepped returns, or the thread waits or takes a lock). */
uint64_t sim_next_irp_id_stepping(struct wmisim *sim, int64_t interval, int64_t *before);

#endif /* WMISIM_CORE_SIM_H */
