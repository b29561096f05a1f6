/*
 * writer_jsonl.c - the trace as JSON Lines: one object per event, keys in a
 * fixed order per event kind (docs/trace.md lists them), WNODEs as nested
 * objects. Nothing in a line depends on addresses or the host clock.
 */
#include <stdlib.h>
#include <string.h>

#include <wmisim/format.h>

#include "trace/writer.h"

/* `value` as a JSON string. */
static void json_text(FILE *out, const char *value) {
  char small[256];
  size_t needed = wmisim_format_json_string(value, small, sizeof small);
  if (needed < sizeof small) {
    fputs(small, out);
    return;
  }
  char *large = malloc(needed + 1);
  if (large != NULL) wmisim_format_json_string(value, large, needed + 1);
  fputs(large != NULL ? large : "null", out);
  free(large);
}

static void string(FILE *out, const char *key, const char *value) {
  fprintf(out, ",\"%s\":", key);
  json_text(out, value);
}

static void number(FILE *out, const char *key, unsigned long long value) {
  fprintf(out, ",\"%s\":%llu", key, value);
}

static void irp_codes(FILE *out, const wmisim_trace_event_t *event) {
  number(out, "irp", event->irp);
  if (event->major >= 0) string(out, "major", wmisim_major_name(event->major));
  else fputs(",\"major\":null", out);
  if (event->minor >= 0) string(out, "minor", wmisim_minor_name(event->major, event->minor));
  else fputs(",\"minor\":null", out);
}

static void tree(FILE *out, const wv_node_t *node) {
  bool object = node->kind == WV_OBJECT, first = true;
  fputc(object ? '{' : '[', out);
  for (const wv_node_t *child = node->first; child != NULL; child = child->next) {
    if (child->kind == WV_LEAF && child->json == NULL) continue;
    if (!first) fputc(',', out);
    first = false;
    if (object) {
      json_text(out, child->name);
      fputc(':', out);
    }
    if (child->kind == WV_LEAF) fputs(child->json, out);
    else tree(out, child);
  }
  fputc(object ? '}' : ']', out);
}

static void wnode(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event) {
  wv_node_t *root = writer_wnode_tree(writer, event);
  fputs(",\"wnode\":", writer->out);
  if (root == NULL) fputs("null", writer->out);
  else tree(writer->out, root);
  wv_free(root);
}

static void device_fields(FILE *out, const char *device, const char *driver) {
  string(out, "device", device);
  string(out, "driver", driver);
}

static void jsonl_event(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event) {
  FILE *out = writer->out;
  fprintf(out, "{\"seq\":%llu,\"time\":%lld,\"event\":\"%s\"", (unsigned long long)event->sequence,
          (long long)event->time, writer_kind_name(event->kind));
  switch (event->kind) {
  case WMISIM_TRACE_IRP_SENT:
    irp_codes(out, event);
    number(out, "depth", (unsigned long long)writer_device_depth(writer_irp(writer, event->irp), event->to));
    string(out, "from", event->from[0] != '\0' ? event->from : writer_originator(event->major));
    string(out, "to", event->to);
    string(out, "driver", event->driver);
    string(out, "status", wmisim_status_name(event->status));
    break;
  case WMISIM_TRACE_DISPATCH_RETURNED:
    irp_codes(out, event);
    device_fields(out, event->to, event->driver);
    string(out, "status", wmisim_status_name(event->status));
    break;
  case WMISIM_TRACE_COMPLETION_CALLED:
  case WMISIM_TRACE_COMPLETION_RETURNED:
    number(out, "irp", event->irp);
    device_fields(out, event->to, event->driver);
    if (event->kind == WMISIM_TRACE_COMPLETION_RETURNED) string(out, "status", wmisim_status_name(event->status));
    break;
  case WMISIM_TRACE_IRP_COMPLETED:
    number(out, "irp", event->irp);
    device_fields(out, event->from, event->driver);
    string(out, "status", wmisim_status_name(event->status));
    number(out, "information", event->information);
    break;
  case WMISIM_TRACE_IRP_FINISHED:
    number(out, "irp", event->irp);
    string(out, "status", wmisim_status_name(event->status));
    number(out, "information", event->information);
    break;
  case WMISIM_TRACE_WNODE_IN:
  case WMISIM_TRACE_WNODE_OUT:
    irp_codes(out, event);
    wnode(writer, event);
    break;
  case WMISIM_TRACE_NOTE:
    string(out, "category", event->category);
    string(out, "text", event->text);
    break;
  case WMISIM_TRACE_VIOLATION:
    irp_codes(out, event);
    string(out, "rule", event->category);
    string(out, "driver", event->driver);
    string(out, "text", event->text);
    break;
  case WMISIM_TRACE_WMI_EVENT: wnode(writer, event); break;
  default: break;
  }
  fputs("}\n", out);
}

const struct writer_format writer_jsonl_format = {jsonl_event, NULL};
