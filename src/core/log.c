/*
 * log.c - the simulator's log and bug checks.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/sim.h"

static const char *level_name(wmisim_log_level_t level) {
  switch (level) {
  case WMISIM_LOG_DEBUG: return "debug";
  case WMISIM_LOG_INFO: return "info";
  case WMISIM_LOG_WARNING: return "warning";
  default: return "error";
  }
}

static void default_log(void *context, wmisim_log_level_t level, const char *message) {
  (void)context;
  if (level == WMISIM_LOG_INFO) return;
  if (level == WMISIM_LOG_DEBUG)
    fprintf(stderr, "%s\n", message);
  else
    fprintf(stderr, "wmisim: %s: %s\n", level_name(level), message);
}

void sim_vlog(struct wmisim *sim, wmisim_log_level_t level, const char *format, va_list args) {
  char line[1024];
  vsnprintf(line, sizeof line, format, args);
  wmisim_log_fn log = default_log;
  void *context = NULL;
  if (sim != NULL) {
    plat_mutex_lock(&sim->lock);
    if (sim->log != NULL) {
      log = sim->log;
      context = sim->log_context;
    }
    plat_mutex_unlock(&sim->lock);
  }
  log(context, level, line);
}

void sim_log(struct wmisim *sim, wmisim_log_level_t level, const char *format, ...) {
  va_list args;
  va_start(args, format);
  sim_vlog(sim, level, format, args);
  va_end(args);
}

void wmisim_set_log(wmisim_t *sim, wmisim_log_fn log, void *context) {
  plat_mutex_lock(&sim->lock);
  sim->log = log;
  sim->log_context = context;
  plat_mutex_unlock(&sim->lock);
}

void wmisim_set_bugcheck_handler(wmisim_t *sim, wmisim_bugcheck_fn handler, void *context) {
  plat_mutex_lock(&sim->lock);
  sim->bugcheck = handler;
  sim->bugcheck_context = context;
  plat_mutex_unlock(&sim->lock);
}

_Noreturn void sim_bugcheck(struct wmisim *sim, ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3,
                            ULONG_PTR p4, const char *description) {
  ULONG_PTR parameters[4] = {p1, p2, p3, p4};
  wmisim_bugcheck_fn handler = NULL;
  void *context = NULL;
  if (sim != NULL) {
    plat_mutex_lock(&sim->lock);
    handler = sim->bugcheck;
    context = sim->bugcheck_context;
    plat_mutex_unlock(&sim->lock);
    sim_log(sim, WMISIM_LOG_ERROR, "bug check 0x%08X (%#llx, %#llx, %#llx, %#llx): %s", (unsigned)code,
            (unsigned long long)p1, (unsigned long long)p2, (unsigned long long)p3, (unsigned long long)p4,
            description);
  } else {
    fprintf(stderr, "wmisim: bug check 0x%08X: %s\n", (unsigned)code, description);
  }
  if (handler != NULL) handler(context, code, parameters, description);
  abort();
}
