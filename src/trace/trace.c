/*
 * trace.c - trace subscriptions and the hooks the layers call.
 */
#include "trace/trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "platform/atomic.h"

struct wmisim_trace_subscription {
  struct wmisim_trace_subscription *next;
  struct trace_state *state;
  wmisim_trace_fn fn;
  void *context;
};

struct trace_state {
  struct trace_state_head head;  /* first: trace_active reads it */
  plat_mutex_t lock;      /* serialises delivery and guards the list */
  plat_cond_t emitted;    /* broadcast after every event, for wmisim_trace_wait */
  struct wmisim *sim;
  struct wmisim_trace_subscription *subscribers;
  uint64_t sequence;
};

struct trace_state *trace_create(struct wmisim *sim) {
  struct trace_state *state = calloc(1, sizeof *state);
  if (state == NULL) return NULL;
  plat_mutex_init(&state->lock);
  plat_cond_init(&state->emitted);
  state->sim = sim;
  return state;
}

void trace_destroy(struct trace_state *state) {
  for (struct wmisim_trace_subscription *s = state->subscribers, *next; s != NULL; s = next) {
    next = s->next;
    free(s);
  }
  plat_cond_destroy(&state->emitted);
  plat_mutex_destroy(&state->lock);
  free(state);
}

NTSTATUS wmisim_trace_subscribe(wmisim_t *sim, wmisim_trace_fn fn, void *context,
                                wmisim_trace_subscription_t **out) {
  if (sim == NULL || fn == NULL || out == NULL) return STATUS_INVALID_PARAMETER;
  struct wmisim_trace_subscription *s = calloc(1, sizeof *s);
  if (s == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  s->state = sim->trace;
  s->fn = fn;
  s->context = context;
  plat_mutex_lock(&sim->trace->lock);
  struct wmisim_trace_subscription **tail = &sim->trace->subscribers;
  while (*tail != NULL) tail = &(*tail)->next;
  *tail = s;
  atomic_add_i32(&sim->trace->head.subscriber_count, 1);
  plat_mutex_unlock(&sim->trace->lock);
  *out = s;
  return STATUS_SUCCESS;
}

void wmisim_trace_unsubscribe(wmisim_trace_subscription_t *subscription) {
  if (subscription == NULL) return;
  struct trace_state *state = subscription->state;
  plat_mutex_lock(&state->lock);
  for (struct wmisim_trace_subscription **link = &state->subscribers; *link != NULL; link = &(*link)->next)
    if (*link == subscription) {
      *link = subscription->next;
      atomic_add_i32(&state->head.subscriber_count, -1);
      break;
    }
  plat_mutex_unlock(&state->lock);
  free(subscription);
}

static void emit(struct wmisim *sim, wmisim_trace_event_t *event) {
  struct trace_state *state = sim->trace;
  plat_mutex_lock(&state->lock);
  event->sequence = ++state->sequence;
  event->time = sim_clock_now(sim);
  for (struct wmisim_trace_subscription *s = state->subscribers; s != NULL; s = s->next) s->fn(s->context, event);
  plat_cond_broadcast(&state->emitted);
  plat_mutex_unlock(&state->lock);
}

uint64_t wmisim_trace_wait(wmisim_t *sim, uint64_t after, uint32_t timeout_ms) {
  if (sim == NULL) return 0;
  struct trace_state *state = sim->trace;
  uint64_t deadline = plat_monotonic_ns() + (uint64_t)timeout_ms * 1000000u;
  plat_mutex_lock(&state->lock);
  while (state->sequence <= after && plat_cond_wait_until(&state->emitted, &state->lock, deadline)) {
  }
  uint64_t latest = state->sequence;
  plat_mutex_unlock(&state->lock);
  return latest;
}

static wmisim_trace_event_t blank(wmisim_trace_kind_t kind, struct io_irp_track *track) {
  wmisim_trace_event_t event = {0};
  event.kind = kind;
  event.irp = track != NULL ? track->id : 0;
  event.major = event.minor = -1;
  event.from = event.to = event.driver = event.category = event.text = "";
  return event;
}

/* The receiving device's place in the IRP's path: one more than the
 * dispatch routines of this IRP running on the sending thread. Counting
 * stack locations instead would put the device below a filter that skips
 * its location (IoSkipCurrentIrpStackLocation) at the filter's depth. */
static int depth_of(PIRP irp) {
  int depth = 1;
  for (struct io_frame *frame = ke_thread()->frame; frame != NULL; frame = frame->outer)
    if (frame->irp == irp) depth++;
  return depth;
}

void trace_irp_sent(struct wmisim *sim, struct io_irp_track *track, PIRP irp, PDEVICE_OBJECT from,
                    PDEVICE_OBJECT to, UCHAR major, UCHAR minor) {
  if (!trace_active(sim)) return;
  wmisim_trace_event_t event = blank(WMISIM_TRACE_IRP_SENT, track);
  event.major = major;
  event.minor = minor;
  event.depth = depth_of(irp);
  event.from = from != NULL ? io_device_display_name(from) : "";
  event.to = io_device_display_name(to);
  const char *driver = io_device_driver_name(to);
  event.driver = driver != NULL ? driver : "";
  event.status = irp->IoStatus.Status;
  emit(sim, &event);
}

void trace_dispatch_returned(struct wmisim *sim, struct io_irp_track *track, PDEVICE_OBJECT device, UCHAR major,
                             UCHAR minor, NTSTATUS status) {
  if (!trace_active(sim)) return;
  wmisim_trace_event_t event = blank(WMISIM_TRACE_DISPATCH_RETURNED, track);
  event.major = major;
  event.minor = minor;
  event.to = io_device_display_name(device);
  const char *driver = io_device_driver_name(device);
  event.driver = driver != NULL ? driver : "";
  event.status = status;
  emit(sim, &event);
}

void trace_completion_routine(struct wmisim *sim, struct io_irp_track *track, PDEVICE_OBJECT device, int phase,
                              NTSTATUS result) {
  if (!trace_active(sim)) return;
  wmisim_trace_event_t event =
      blank(phase == 0 ? WMISIM_TRACE_COMPLETION_CALLED : WMISIM_TRACE_COMPLETION_RETURNED, track);
  event.to = device != NULL ? io_device_display_name(device) : "";
  const char *driver = device != NULL ? io_device_driver_name(device) : NULL;
  event.driver = driver != NULL ? driver : "";
  event.status = result;
  emit(sim, &event);
}

void trace_irp_completed(struct wmisim *sim, struct io_irp_track *track, PDEVICE_OBJECT completer, NTSTATUS status,
                         ULONG_PTR information) {
  if (!trace_active(sim)) return;
  wmisim_trace_event_t event = blank(WMISIM_TRACE_IRP_COMPLETED, track);
  event.from = completer != NULL ? io_device_display_name(completer) : "";
  const char *driver = completer != NULL ? io_device_driver_name(completer) : NULL;
  event.driver = driver != NULL ? driver : "";
  event.status = status;
  event.information = information;
  emit(sim, &event);
}

void trace_irp_finished(struct wmisim *sim, struct io_irp_track *track, PIRP irp) {
  if (!trace_active(sim)) return;
  wmisim_trace_event_t event = blank(WMISIM_TRACE_IRP_FINISHED, track);
  event.status = irp->IoStatus.Status;
  event.information = irp->IoStatus.Information;
  emit(sim, &event);
}

void trace_violation(struct wmisim *sim, const wmisim_violation_t *violation) {
  if (!trace_active(sim)) return;
  char line[1024];
  wmisim_violation_format(violation, line, sizeof line);
  wmisim_trace_event_t event = blank(WMISIM_TRACE_VIOLATION, NULL);
  event.irp = violation->irp;
  event.major = violation->major;
  event.minor = violation->minor;
  event.category = violation->rule;
  event.driver = violation->driver;
  event.text = line;
  emit(sim, &event);
}

void trace_wnode(struct wmisim *sim, uint64_t irp_id, UCHAR minor, bool output, const void *wnode, size_t size) {
  if (!trace_active(sim)) return;
  wmisim_trace_event_t event = blank(output ? WMISIM_TRACE_WNODE_OUT : WMISIM_TRACE_WNODE_IN, NULL);
  event.irp = irp_id;
  event.major = IRP_MJ_SYSTEM_CONTROL;
  event.minor = minor;
  event.data = wnode;
  event.size = size;
  emit(sim, &event);
}

void trace_note(struct wmisim *sim, const char *category, const char *format, ...) {
  if (!trace_active(sim)) return;
  char text[512];
  va_list args;
  va_start(args, format);
  vsnprintf(text, sizeof text, format, args);
  va_end(args);
  wmisim_trace_event_t event = blank(WMISIM_TRACE_NOTE, NULL);
  event.category = category;
  event.text = text;
  emit(sim, &event);
}

void trace_event_delivered(struct wmisim *sim, const void *wnode, size_t size) {
  if (!trace_active(sim)) return;
  wmisim_trace_event_t event = blank(WMISIM_TRACE_WMI_EVENT, NULL);
  event.data = wnode;
  event.size = size;
  emit(sim, &event);
}
