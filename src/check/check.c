/*
 * check.c - recording violations and the checking-mode API.
 */
#include "check/check.h"
#include "check/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "platform/platform.h"

struct stored_violation {
  wmisim_violation_t view;  /* string fields point into the buffers below */
  char message[512];
  char driver[64];
  char device[96];
  char routine[96];
  char context[CHECK_CONTEXT_SIZE];
};

struct check_state *check_create(struct wmisim *sim) {
  struct check_state *state = calloc(1, sizeof *state);
  if (state == NULL) return NULL;
  plat_mutex_init(&state->lock);
  plat_rwlock_init(&state->schema_lock);
  state->head.mode = sim->options.check_mode;
  return state;
}

static void free_items(struct check_state *state) {
  for (size_t i = 0; i < state->count; i++) free(state->items[i]);
  state->count = 0;
}

void check_destroy(struct check_state *state) {
  free_items(state);
  check_schema_free(state);
  free(state->items);
  plat_rwlock_destroy(&state->schema_lock);
  plat_mutex_destroy(&state->lock);
  free(state);
}

static void copy_text(char *to, size_t size, const char *from) {
  snprintf(to, size, "%s", from != NULL ? from : "");
}

/* Fills in the parts of a violation the reporter did not give from the
 * thread's innermost dispatch frame. */
static void describe_site(struct stored_violation *v, const struct check_site *site,
                          const struct check_irp_ref *ref) {
  struct kthread *thread = ke_thread();
  struct io_frame *frame = thread->frame;
  PDEVICE_OBJECT device = site != NULL ? site->device : NULL;
  PIRP irp = site != NULL ? site->irp : NULL;
  const char *routine = site != NULL ? site->routine : NULL;
  if (frame != NULL) {
    if (device == NULL) device = frame->device;
    if (irp == NULL) irp = frame->irp;
    if (routine == NULL) routine = frame->routine;
  }
  v->view.major = v->view.minor = -1;
  if (ref != NULL && ref->id != 0) {
    /* The reporter named the IRP: the frame's may be another one's. */
    v->view.irp = ref->id;
    v->view.major = ref->major;
    v->view.minor = ref->minor;
  } else if (irp != NULL) {
    io_irp_describe(irp, &v->view.irp, &v->view.major, &v->view.minor);
  }
  copy_text(v->device, sizeof v->device, device != NULL ? io_device_display_name(device) : "");
  const char *driver = device != NULL ? io_device_driver_name(device) : NULL;
  if (driver == NULL && thread->driver != NULL) driver = io_driver_name(thread->driver);
  copy_text(v->driver, sizeof v->driver, driver);
  copy_text(v->routine, sizeof v->routine, routine);
}

static void default_fail_fast(const wmisim_violation_t *violation) {
  char line[1024];
  wmisim_violation_format(violation, line, sizeof line);
  fprintf(stderr, "wmisim: checking mode (fail-fast): %s\n", line);
  abort();
}

static void record(struct wmisim *sim, enum check_rule rule, const struct check_site *site,
                   const struct check_irp_ref *ref, const char *format, va_list args) {
  struct check_state *state = sim->check;
  struct stored_violation *v = calloc(1, sizeof *v);
  if (v == NULL) return;
  vsnprintf(v->message, sizeof v->message, format, args);
  const wmisim_rule_t *info = check_rule_info(rule);
  describe_site(v, site, ref);
  v->view.rule = info->id;
  v->view.counterpart = info->counterpart;
  v->view.hint = info->hint;
  v->view.message = v->message;
  v->view.driver = v->driver;
  v->view.device = v->device;
  v->view.routine = v->routine;
  v->view.context = v->context;

  plat_mutex_lock(&state->lock);
  memcpy(v->context, state->context, sizeof v->context);
  if (state->count == state->capacity) {
    size_t capacity = state->capacity ? state->capacity * 2 : 16;
    struct stored_violation **items = realloc(state->items, capacity * sizeof *items);
    if (items == NULL) {
      plat_mutex_unlock(&state->lock);
      free(v);
      return;
    }
    state->items = items;
    state->capacity = capacity;
  }
  v->view.sequence = ++state->sequence;
  state->items[state->count++] = v;
  wmisim_check_mode_t mode = state->head.mode;
  wmisim_violation_fn handler = state->handler;
  void *context = state->handler_context;
  plat_mutex_unlock(&state->lock);

  char line[1024];
  wmisim_violation_format(&v->view, line, sizeof line);
  sim_log(sim, mode == WMISIM_CHECK_FAIL_FAST ? WMISIM_LOG_ERROR : WMISIM_LOG_WARNING, "violation: %s", line);
  trace_violation(sim, &v->view);
  if (handler != NULL)
    handler(context, &v->view);
  else if (mode == WMISIM_CHECK_FAIL_FAST)
    default_fail_fast(&v->view);
}

void check_report(struct wmisim *sim, enum check_rule rule, const struct check_site *site, const char *format,
                  ...) {
  if (!check_enabled(sim)) return;
  va_list args;
  va_start(args, format);
  record(sim, rule, site, NULL, format, args);
  va_end(args);
}

void check_vreport_irp(struct wmisim *sim, enum check_rule rule, const struct check_site *site,
                       const struct check_irp_ref *irp, const char *format, va_list args) {
  if (!check_enabled(sim)) return;
  struct check_site without_irp = {site != NULL ? site->device : NULL, NULL, site != NULL ? site->routine : NULL};
  record(sim, rule, &without_irp, irp, format, args);
}

void check_report_irp(struct wmisim *sim, enum check_rule rule, const struct check_site *site,
                      const struct check_irp_ref *irp, const char *format, ...) {
  va_list args;
  va_start(args, format);
  check_vreport_irp(sim, rule, site, irp, format, args);
  va_end(args);
}

void check_irql_violation(struct wmisim *sim, const char *routine, KIRQL current, KIRQL maximum) {
  struct check_site site = {NULL, NULL, routine};
  check_report(sim, CHECK_IRQL_TOO_HIGH, &site, "%s called at IRQL %u; it requires IRQL <= %u", routine,
               current, maximum);
}

void check_set_context(struct wmisim *sim, const char *context) {
  if (sim == NULL || sim->check == NULL) return;
  plat_mutex_lock(&sim->check->lock);
  copy_text(sim->check->context, sizeof sim->check->context, context);
  plat_mutex_unlock(&sim->check->lock);
}

/* ---- public API --------------------------------------------------------------------------- */

bool wmisim_violation_unwind(wmisim_t *sim) {
  struct kthread *thread = ke_thread();
  if (thread->system_thread) return false;
  /* The frames live on the stack the handler is about to leave. */
  thread->frame = NULL;
  thread->irql = PASSIVE_LEVEL;
  thread->sim = NULL;
  thread->driver = NULL;
  thread->critical_region_depth = 0;
  if (sim != NULL) {
    plat_mutex_lock(&sim->lock);
    sim->options.drain_timeout_ms = 0;
    plat_mutex_unlock(&sim->lock);
  }
  return true;
}

void wmisim_set_check_mode(wmisim_t *sim, wmisim_check_mode_t mode) {
  plat_mutex_lock(&sim->check->lock);
  sim->check->head.mode = mode;
  plat_mutex_unlock(&sim->check->lock);
}

wmisim_check_mode_t wmisim_check_mode(const wmisim_t *sim) {
  return sim->check->head.mode;
}

void wmisim_set_violation_handler(wmisim_t *sim, wmisim_violation_fn handler, void *context) {
  plat_mutex_lock(&sim->check->lock);
  sim->check->handler = handler;
  sim->check->handler_context = context;
  plat_mutex_unlock(&sim->check->lock);
}

size_t wmisim_violation_count(wmisim_t *sim) {
  plat_mutex_lock(&sim->check->lock);
  size_t count = sim->check->count;
  plat_mutex_unlock(&sim->check->lock);
  return count;
}

size_t wmisim_violation_count_rule(wmisim_t *sim, const char *rule) {
  size_t count = 0;
  plat_mutex_lock(&sim->check->lock);
  for (size_t i = 0; i < sim->check->count; i++)
    if (strcmp(sim->check->items[i]->view.rule, rule) == 0) count++;
  plat_mutex_unlock(&sim->check->lock);
  return count;
}

bool wmisim_violation_get(wmisim_t *sim, size_t index, wmisim_violation_t *violation) {
  bool found = false;
  plat_mutex_lock(&sim->check->lock);
  if (index < sim->check->count) {
    *violation = sim->check->items[index]->view;
    found = true;
  }
  plat_mutex_unlock(&sim->check->lock);
  return found;
}

void wmisim_violations_clear(wmisim_t *sim) {
  plat_mutex_lock(&sim->check->lock);
  free_items(sim->check);
  plat_mutex_unlock(&sim->check->lock);
}

size_t wmisim_violation_format(const wmisim_violation_t *v, char *buffer, size_t size) {
  char where[256] = "";
  size_t n = 0;
  if (v->driver[0] != '\0' || v->routine[0] != '\0')
    n += (size_t)snprintf(where + n, sizeof where - n, " %s%s%s,", v->driver, v->driver[0] && v->routine[0] ? "!" : "",
                          v->routine);
  if (v->irp != 0 && n < sizeof where)
    n += (size_t)snprintf(where + n, sizeof where - n, " IRP #%llu %s/%s,", (unsigned long long)v->irp,
                          io_major_name(v->major), io_minor_name(v->major, v->minor));
  if (v->device[0] != '\0' && n < sizeof where) snprintf(where + n, sizeof where - n, " on %s,", v->device);
  bool context = v->context != NULL && v->context[0] != '\0';
  int written = snprintf(buffer, size, "%s (%s):%s %s -- hint: %s%s%s%s", v->rule, v->counterpart, where, v->message,
                         v->hint, context ? " [" : "", context ? v->context : "", context ? "]" : "");
  return written < 0 ? 0 : (size_t)written;
}
