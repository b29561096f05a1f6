/*
 * sim.c - simulator instances: creation, destruction, the current simulator.
 */
#include "core/sim.h"

#include <stdlib.h>
#include <wmistr.h>
#include <string.h>

#include "check/check.h"
#include "cm/registry.h"
#include "ex/pool.h"
#include "io/io.h"
#include "ke/thread.h"
#include "ke/workers.h"
#include "ob/object.h"
#include "platform/atomic.h"
#include "pnp/pnp.h"
#include "trace/trace.h"
#include "wmi/service.h"

/* 2026-01-01T00:00:00Z in 100 ns units since 1601-01-01. */
#define DEFAULT_CLOCK_START 134116992000000000LL

static plat_mutex_t live_lock;
static volatile int32_t live_lock_state; /* 0 none, 1 initialising, 2 ready */
static struct wmisim *live_list;         /* most recently created first */
/* Counts destroyed simulators, so a thread can tell cheaply that the
 * simulator it remembers may be gone and look it up again. */
static volatile int64_t destroy_epoch;

static void live_lock_init(void) {
  if (atomic_load_i32(&live_lock_state) == 2) return;
  if (atomic_cas_i32(&live_lock_state, 0, 1)) {
    plat_mutex_init(&live_lock);
    atomic_store_i32(&live_lock_state, 2);
    return;
  }
  while (atomic_load_i32(&live_lock_state) != 2) plat_yield();
}

void wmisim_options_init(wmisim_options_t *options) {
  memset(options, 0, sizeof *options);
  options->version = WMISIM_OPTIONS_VERSION;
  options->check_mode = WMISIM_CHECK_REPORT;
  options->clock_mode = WMISIM_CLOCK_VIRTUAL;
  options->clock_start = DEFAULT_CLOCK_START;
  options->seed = 1;
  options->event_queue_depth = 256;
  options->max_event_size = 1024;
  options->drain_timeout_ms = 10000;
  options->max_wnode_retries = 8;
  options->echo_debug_output = true;
}

static bool options_valid(const wmisim_options_t *options) {
  return options->version == WMISIM_OPTIONS_VERSION && options->check_mode <= WMISIM_CHECK_FAIL_FAST &&
         options->clock_mode <= WMISIM_CLOCK_REAL && options->event_queue_depth > 0 &&
         options->max_event_size >= sizeof(WNODE_HEADER) && options->max_wnode_retries > 0;
}

static void live_add(struct wmisim *sim) {
  live_lock_init();
  plat_mutex_lock(&live_lock);
  sim->next_live = live_list;
  live_list = sim;
  plat_mutex_unlock(&live_lock);
}

static void live_remove(struct wmisim *sim) {
  plat_mutex_lock(&live_lock);
  for (struct wmisim **link = &live_list; *link != NULL; link = &(*link)->next_live) {
    if (*link == sim) {
      *link = sim->next_live;
      break;
    }
  }
  plat_mutex_unlock(&live_lock);
  struct kthread *thread = ke_thread();
  if (thread->sim == sim) thread->sim = NULL;
}

/* Component start-up, in dependency order; teardown runs it backwards. */
static NTSTATUS create_components(struct wmisim *sim) {
  if ((sim->pool = pool_create()) == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  if ((sim->check = check_create(sim)) == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  if ((sim->trace = trace_create(sim)) == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  if ((sim->ob = ob_create_state()) == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  if ((sim->io = io_create_state(sim)) == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  if ((sim->registry = cm_create_for(sim)) == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  if ((sim->workers = ke_workers_create(sim)) == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  if ((sim->timers = ke_timers_create(sim)) == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  if ((sim->pnp = pnp_create(sim)) == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  if ((sim->wmi = wmi_service_create(sim)) == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  return STATUS_SUCCESS;
}

static void destroy_components(struct wmisim *sim) {
  if (sim->pnp != NULL) pnp_shutdown(sim);          /* removes devices, unloads drivers */
  if (sim->wmi != NULL) wmi_service_destroy(sim->wmi);
  if (sim->timers != NULL) ke_timers_destroy(sim->timers);
  if (sim->workers != NULL) ke_workers_destroy(sim->workers);
  if (sim->pnp != NULL) pnp_destroy(sim->pnp);
  if (sim->registry != NULL) cm_destroy(sim->registry);
  if (sim->io != NULL) io_destroy_state(sim, sim->io);
  if (sim->ob != NULL) ob_destroy_state(sim, sim->ob);
  if (sim->pool != NULL) pool_destroy(sim, sim->pool);
  if (sim->trace != NULL) trace_destroy(sim->trace);
  if (sim->check != NULL) check_destroy(sim->check);
}

NTSTATUS wmisim_create(const wmisim_options_t *options, wmisim_t **out) {
  if (out == NULL) return STATUS_INVALID_PARAMETER;
  *out = NULL;
  wmisim_options_t defaults;
  if (options == NULL) {
    wmisim_options_init(&defaults);
    options = &defaults;
  }
  if (!options_valid(options)) return STATUS_INVALID_PARAMETER;
  ke_thread_global_init();
  struct wmisim *sim = calloc(1, sizeof *sim);
  if (sim == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  sim->magic = WMISIM_MAGIC;
  sim->options = *options;
  sim->log = options->log;
  sim->log_context = options->log_context;
  sim->clock_now = options->clock_start;
  plat_mutex_init(&sim->lock);
  live_add(sim);
  NTSTATUS status = create_components(sim);
  if (!NT_SUCCESS(status)) {
    wmisim_destroy(sim);
    return status;
  }
  *out = sim;
  return STATUS_SUCCESS;
}

void wmisim_destroy(wmisim_t *sim) {
  if (sim == NULL || sim->magic != WMISIM_MAGIC) return;
  atomic_store_i32(&sim->destroying, 1);
  struct kthread *thread = ke_thread();
  struct wmisim *previous = thread->sim;
  thread->sim = sim;
  destroy_components(sim);
  thread->sim = previous == sim ? NULL : previous;
  live_remove(sim);
  atomic_add_i64(&destroy_epoch, 1);
  plat_mutex_destroy(&sim->lock);
  sim->magic = 0;
  free(sim);
}

static bool live_contains(const struct wmisim *sim) {
  bool found = false;
  plat_mutex_lock(&live_lock);
  for (const struct wmisim *live = live_list; live != NULL && !found; live = live->next_live) found = live == sim;
  plat_mutex_unlock(&live_lock);
  return found;
}

/* A system thread's simulator outlives it (destroy joins it); a caller's
 * thread may remember one that another thread has destroyed since. */
static bool remembered_sim_alive(struct kthread *thread) {
  if (thread->system_thread) return true;
  int64_t epoch = atomic_load_i64(&destroy_epoch);
  if (thread->sim_epoch == epoch) return true;
  if (!live_contains(thread->sim)) return false;
  thread->sim_epoch = epoch;
  return true;
}

bool sim_is_live(const struct wmisim *sim) {
  live_lock_init();
  return sim != NULL && live_contains(sim);
}

struct wmisim *sim_current(void) {
  struct kthread *thread = ke_thread();
  live_lock_init();
  if (thread->sim != NULL) {
    if (remembered_sim_alive(thread)) return thread->sim;
    thread->sim = NULL;
  }
  plat_mutex_lock(&live_lock);
  struct wmisim *sim = live_list;
  plat_mutex_unlock(&live_lock);
  return sim;
}

void wmisim_make_current(wmisim_t *sim) {
  ke_thread()->sim = sim;
}

wmisim_t *wmisim_current(void) {
  return sim_current();
}

const wmisim_options_t *wmisim_options(const wmisim_t *sim) {
  return &sim->options;
}

uint64_t sim_next_irp_id(struct wmisim *sim) {
  return sim_next_irp_id_stepping(sim, 0, NULL);
}
