/*
 * writer.c - trace writers: subscribing a format to a simulator's trace and
 * the IRP bookkeeping the formats share.
 */
#include "trace/writer.h"

#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"

static void on_event(void *context, const wmisim_trace_event_t *event) {
  wmisim_trace_writer_t *writer = context;
  plat_mutex_lock(&writer->schema_lock);
  writer_track(writer, event);
  writer->format->event(writer, event);
  writer_untrack(writer, event);
  plat_mutex_unlock(&writer->schema_lock);
}

NTSTATUS wmisim_trace_writer_open(wmisim_t *sim, FILE *out, wmisim_trace_format_t format, bool colour,
                                  wmisim_trace_writer_t **result) {
  if (result != NULL) *result = NULL;
  if (sim == NULL || out == NULL || result == NULL) return STATUS_INVALID_PARAMETER;
  const struct writer_format *chosen = format == WMISIM_TRACE_TEXT    ? &writer_text_format
                                       : format == WMISIM_TRACE_JSONL ? &writer_jsonl_format
                                       : format == WMISIM_TRACE_MERMAID ? &writer_mermaid_format
                                                                        : NULL;
  if (chosen == NULL) return STATUS_INVALID_PARAMETER;
  wmisim_trace_writer_t *writer = calloc(1, sizeof *writer);
  if (writer == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  writer->out = out;
  writer->colour = colour && format == WMISIM_TRACE_TEXT;
  writer->format = chosen;
  plat_mutex_init(&writer->schema_lock);
  NTSTATUS status = wmisim_trace_subscribe(sim, on_event, writer, &writer->subscription);
  if (!NT_SUCCESS(status)) {
    plat_mutex_destroy(&writer->schema_lock);
    free(writer);
    return status;
  }
  *result = writer;
  return STATUS_SUCCESS;
}

void wmisim_trace_writer_close(wmisim_trace_writer_t *writer) {
  if (writer == NULL) return;
  /* Unsubscribing first: no event can arrive while the format finishes. */
  wmisim_trace_unsubscribe(writer->subscription);
  if (writer->format->close != NULL) writer->format->close(writer);
  fflush(writer->out);
  plat_mutex_destroy(&writer->schema_lock);
  free(writer);
}

void wmisim_trace_writer_set_schema(wmisim_trace_writer_t *writer, const wmisim_mof_schema *schema) {
  if (writer == NULL) return;
  plat_mutex_lock(&writer->schema_lock);
  writer->schema = schema;
  plat_mutex_unlock(&writer->schema_lock);
}

bool wmisim_stream_is_terminal(FILE *stream) {
  int number = stream == stdin ? 0 : stream == stdout ? 1 : stream == stderr ? 2 : -1;
  return number >= 0 && plat_is_terminal(number);
}

bool wmisim_trace_colour_default(FILE *out) {
  if ((out != stdout && out != stderr) || !wmisim_stream_is_terminal(out)) return false;
  const char *no_colour = getenv("NO_COLOR"), *term = getenv("TERM");
  if (no_colour != NULL && no_colour[0] != '\0') return false;
  return term == NULL || strcmp(term, "dumb") != 0;
}

/* ---- IRP bookkeeping ---------------------------------------------------------------------------- */

struct writer_irp *writer_irp(wmisim_trace_writer_t *writer, uint64_t id) {
  if (id == 0) return NULL;
  for (size_t i = 0; i < WRITER_IRPS; i++)
    if (writer->irps[i].id == id) return &writer->irps[i];
  return NULL;
}

int writer_device_depth(const struct writer_irp *irp, const char *device) {
  if (irp == NULL || device == NULL) return 0;
  for (int i = irp->device_count; i > 0; i--)
    if (strcmp(irp->devices[i - 1], device) == 0) return i;
  return 0;
}

/* Where new work starts: one level inside the innermost running dispatch. */
static int current_indent(const wmisim_trace_writer_t *writer) {
  return writer->stack_depth > 0 ? writer->stack[writer->stack_depth - 1].indent + 1 : 0;
}

static struct writer_irp *remember(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event) {
  struct writer_irp *irp = writer_irp(writer, event->irp);
  if (irp != NULL) return irp;
  irp = &writer->irps[writer->next_irp_slot];
  writer->next_irp_slot = (writer->next_irp_slot + 1) % WRITER_IRPS;
  memset(irp, 0, sizeof *irp);
  irp->id = event->irp;
  irp->major = event->major;
  irp->minor = event->minor;
  irp->base = current_indent(writer);
  return irp;
}

static void sent(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event) {
  struct writer_irp *irp = remember(writer, event);
  /* The device's place in the IRP's path, counted by the writer: a driver
   * that skips its stack location passes the IRP down at the same stack
   * depth (event->depth), but to the next device. */
  int from_depth = event->from[0] != '\0' ? writer_device_depth(irp, event->from) : 0;
  int depth = from_depth + 1;
  if (depth <= WRITER_DEPTH) {
    snprintf(irp->devices[depth - 1], WRITER_NAME, "%s", event->to);
    irp->device_count = depth;
  }
  if (writer->stack_depth < WRITER_STACK) {
    struct writer_dispatch *d = &writer->stack[writer->stack_depth++];
    d->irp = event->irp;
    d->indent = irp->base + depth - 1;
    snprintf(d->device, WRITER_NAME, "%s", event->to);
  }
}

void writer_track(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event) {
  if (event->kind == WMISIM_TRACE_IRP_SENT) sent(writer, event);
  else if (event->kind == WMISIM_TRACE_WNODE_IN && writer_irp(writer, event->irp) == NULL) remember(writer, event);
}

/* A returned dispatch routine leaves the stack; on other threads' IRPs it
 * need not be the innermost one. */
void writer_untrack(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event) {
  if (event->kind != WMISIM_TRACE_DISPATCH_RETURNED) return;
  for (int i = writer->stack_depth - 1; i >= 0; i--) {
    if (writer->stack[i].irp != event->irp || strcmp(writer->stack[i].device, event->to) != 0) continue;
    memmove(&writer->stack[i], &writer->stack[i + 1], (size_t)(writer->stack_depth - i - 1) * sizeof writer->stack[0]);
    writer->stack_depth--;
    return;
  }
}

int writer_indent(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event) {
  struct writer_irp *irp = writer_irp(writer, event->irp);
  switch (event->kind) {
  case WMISIM_TRACE_IRP_SENT:
  case WMISIM_TRACE_DISPATCH_RETURNED: {
    int depth = writer_device_depth(irp, event->to);
    return irp != NULL && depth > 0 ? irp->base + depth - 1 : current_indent(writer);
  }
  case WMISIM_TRACE_COMPLETION_CALLED:
  case WMISIM_TRACE_COMPLETION_RETURNED: {
    int depth = writer_device_depth(irp, event->to);
    return irp != NULL && depth > 0 ? irp->base + depth : current_indent(writer);
  }
  case WMISIM_TRACE_IRP_COMPLETED: {
    int depth = writer_device_depth(irp, event->from);
    return irp != NULL && depth > 0 ? irp->base + depth : current_indent(writer);
  }
  case WMISIM_TRACE_IRP_FINISHED:
  case WMISIM_TRACE_WNODE_IN:
  case WMISIM_TRACE_WNODE_OUT:
    return irp != NULL ? irp->base : current_indent(writer);
  default:
    return current_indent(writer);
  }
}

const char *writer_originator(int major) {
  switch (major) {
  case IRP_MJ_SYSTEM_CONTROL: return "WMI";
  case IRP_MJ_PNP: return "PnP";
  case IRP_MJ_POWER: return "Power";
  default: return "I/O";
  }
}

const char *writer_short_minor(int major, int minor) {
  const char *name = wmisim_minor_name(major, minor);
  return strncmp(name, "IRP_MN_", 7) == 0 ? name + 7 : name;
}

wv_node_t *writer_wnode_tree(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event) {
  struct wv_request request = {event->kind == WMISIM_TRACE_WMI_EVENT ? -1 : event->minor,
                               event->kind == WMISIM_TRACE_WNODE_OUT, writer->schema};
  return wv_describe(&request, event->data, event->size);
}

const char *writer_kind_name(wmisim_trace_kind_t kind) {
  static const char *const names[] = {"irp_sent",      "dispatch_returned", "completion_called", "completion_returned",
                                      "irp_completed", "irp_finished",      "wnode_in",          "wnode_out",
                                      "note",          "violation",         "wmi_event"};
  return (size_t)kind < sizeof names / sizeof *names ? names[kind] : "unknown";
}
