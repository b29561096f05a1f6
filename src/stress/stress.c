/*
 * stress.c - the stress mode's public API: a run of seeded steps against
 * registered providers, each violation kept with the step that provoked
 * it, and a bug check during a run announced with its seed and step.
 */
#include "stress/stress_internal.h"

#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "wmi/wmi_internal.h"

#define DEFAULT_STEPS 500
#define DEFAULT_EDGE_PERCENT 50
#define DEFAULT_MAX_BUFFER 4096
#define MIN_MAX_BUFFER 256

void wmisim_stress_options_init(wmisim_stress_options_t *options) {
  if (options == NULL) return;
  memset(options, 0, sizeof *options);
  options->version = WMISIM_STRESS_OPTIONS_VERSION;
  options->steps = DEFAULT_STEPS;
  options->kinds = WMISIM_STRESS_ALL_KINDS;
  options->edges = WMISIM_STRESS_ALL_EDGES;
  options->edge_percent = DEFAULT_EDGE_PERCENT;
  options->max_buffer_size = DEFAULT_MAX_BUFFER;
}

/* The options of a run: the caller's, checked, the seed defaulted. */
static NTSTATUS take_options(struct wmisim *sim, const wmisim_stress_options_t *given, wmisim_stress_options_t *out) {
  wmisim_stress_options_init(out);
  out->seed = sim->options.seed;
  if (given == NULL) return STATUS_SUCCESS;
  if (given->version != WMISIM_STRESS_OPTIONS_VERSION || given->edge_percent > 100 ||
      (given->kinds & WMISIM_STRESS_ALL_KINDS) == 0 || given->max_buffer_size < MIN_MAX_BUFFER)
    return STATUS_INVALID_PARAMETER;
  *out = *given;
  if (out->seed == 0) out->seed = sim->options.seed;
  out->kinds &= WMISIM_STRESS_ALL_KINDS;
  out->edges &= WMISIM_STRESS_ALL_EDGES;
  return STATUS_SUCCESS;
}

/* ---- bug checks ------------------------------------------------------------------------------ */

/* Names the step in flight, then lets the simulator's own handler end the
 * machine. */
static void on_bugcheck(void *context, ULONG code, const ULONG_PTR parameters[4], const char *description) {
  struct stress_run *run = context;
  sim_log(run->sim, WMISIM_LOG_ERROR, "stress seed 0x%llx step %lu: bug check 0x%08lX (%s) during %s",
          (unsigned long long)run->options.seed, (unsigned long)run->step, (unsigned long)code, description,
          run->request);
  wmisim_set_bugcheck_handler(run->sim, run->previous_bugcheck, run->previous_bugcheck_context);
  if (run->previous_bugcheck != NULL) run->previous_bugcheck(run->previous_bugcheck_context, code, parameters, description);
  /* No handler of the test's, or one that returned: the default ends it. */
  sim_bugcheck(run->sim, code, parameters[0], parameters[1], parameters[2], parameters[3], description);
}

static void watch_bugchecks(struct stress_run *run) {
  plat_mutex_lock(&run->sim->lock);
  run->previous_bugcheck = run->sim->bugcheck;
  run->previous_bugcheck_context = run->sim->bugcheck_context;
  plat_mutex_unlock(&run->sim->lock);
  wmisim_set_bugcheck_handler(run->sim, on_bugcheck, run);
}

/* ---- findings -------------------------------------------------------------------------------- */

/* Keeps the violations recorded since `before` as findings of the step. */
static void collect(struct stress_run *run, const struct stress_request *request, size_t before) {
  wmisim_stress_result_t *result = run->result;
  size_t after = wmisim_violation_count(run->sim);
  for (size_t i = before; i < after; i++) {
    result->violations++;
    wmisim_violation_t v;
    if (result->finding_count >= WMISIM_STRESS_MAX_FINDINGS || !wmisim_violation_get(run->sim, i, &v)) continue;
    wmisim_stress_finding_t *finding = &result->findings[result->finding_count++];
    finding->step = run->step;
    finding->sequence = v.sequence;
    finding->rule = wmisim_rule_find(v.rule)->id;
    snprintf(finding->request, sizeof finding->request, "%s", request->text);
    wmisim_violation_format(&v, finding->violation, sizeof finding->violation);
  }
}

size_t wmisim_stress_finding_format(const wmisim_stress_result_t *result, const wmisim_stress_finding_t *finding,
                                    char *buffer, size_t size) {
  int written = snprintf(buffer, size, "seed 0x%llx step %lu: %s", (unsigned long long)result->seed,
                         (unsigned long)finding->step, finding->violation);
  return written < 0 ? 0 : (size_t)written;
}

/* ---- the run --------------------------------------------------------------------------------- */

static void run_step(struct stress_run *run, uint32_t step) {
  struct stress_request request;
  stress_plan(run, step, &request);
  if (request.target->gone) return;
  run->step = step;
  snprintf(run->request, sizeof run->request, "%s to %s", request.text, request.target->name);
  char context[sizeof run->request + 64];
  snprintf(context, sizeof context, "stress seed 0x%llx step %lu: %s", (unsigned long long)run->options.seed,
           (unsigned long)step, run->request);
  size_t before = wmisim_violation_count(run->sim);
  check_set_context(run->sim, context);
  bool sent;
  NTSTATUS status = stress_send(run, &request, &sent);
  check_set_context(run->sim, NULL);
  if (sent) {
    run->result->requests_sent++;
    if (NT_SUCCESS(status)) run->result->requests_succeeded++;
  }
  collect(run, &request, before);
}

NTSTATUS wmisim_stress_run(wmisim_t *sim, PDEVICE_OBJECT provider, const wmisim_stress_options_t *options,
                           wmisim_stress_result_t *result) {
  wmisim_stress_result_t ignored;
  if (sim == NULL) return STATUS_INVALID_PARAMETER;
  struct stress_run run;
  memset(&run, 0, sizeof run);
  run.sim = sim;
  run.service = wmi_of(sim);
  NTSTATUS status = take_options(sim, options, &run.options);
  if (!NT_SUCCESS(status)) return status;
  if (result == NULL) result = &ignored;
  memset(result, 0, sizeof *result);
  result->seed = run.options.seed;
  run.result = result;
  status = stress_read_targets(&run, provider);
  if (!NT_SUCCESS(status)) return status;
  watch_bugchecks(&run);
  uint32_t end = run.options.steps <= UINT32_MAX - run.options.first_step ? run.options.first_step + run.options.steps
                                                                          : UINT32_MAX;
  for (uint32_t step = run.options.first_step; step < end; step++) {
    run_step(&run, step);
    result->steps_run++;
    if (run.options.stop_at_first && result->violations != 0) break;
  }
  stress_restore_enables(&run);
  wmisim_set_bugcheck_handler(sim, run.previous_bugcheck, run.previous_bugcheck_context);
  stress_free_targets(&run);
  return STATUS_SUCCESS;
}
