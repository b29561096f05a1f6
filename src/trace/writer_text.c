/*
 * writer_text.c - the readable trace: one line per event, indented by how
 * deep the IRP is in its device stack (and how deeply IRPs nest inside
 * other IRPs' dispatch routines), WNODEs decoded on the lines below them,
 * optionally coloured with ANSI escapes.
 */
#include <string.h>

#include "trace/writer.h"

#define BOLD_RED "\033[1;31m"
#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define MAGENTA "\033[35m"
#define CYAN "\033[36m"
#define DIM "\033[2m"
#define RESET "\033[0m"

static void indent(FILE *out, int level) {
  for (int i = 0; i < level; i++) fputs("  ", out);
}

static void colour_on(wmisim_trace_writer_t *writer, const char *code) {
  if (writer->colour) fputs(code, writer->out);
}

static void colour_off(wmisim_trace_writer_t *writer) {
  if (writer->colour) fputs(RESET, writer->out);
}

static const char *status_colour(NTSTATUS status) {
  if (NT_ERROR(status)) return RED;
  if (status == STATUS_SUCCESS) return GREEN;
  return YELLOW; /* pending, informational and warning statuses */
}

static void status_text(wmisim_trace_writer_t *writer, NTSTATUS status) {
  colour_on(writer, status_colour(status));
  fputs(wmisim_status_name(status), writer->out);
  colour_off(writer);
}

static void device(FILE *out, const char *name, const char *driver) {
  fputs(name, out);
  if (driver[0] != '\0') fprintf(out, " [%s]", driver);
}

/* ---- WNODE trees ------------------------------------------------------------------------------ */

/* The leaves of an object on one line: "Name value, Name value", or for
 * properties "Name = value". */
static void leaves(FILE *out, const wv_node_t *node, const char *separator, bool skip_type) {
  bool first = true;
  for (const wv_node_t *child = node->first; child != NULL; child = child->next) {
    if (child->kind != WV_LEAF || child->text == NULL || (skip_type && strcmp(child->name, "Type") == 0)) continue;
    if (child->text[0] == '\0') fprintf(out, "%s%s", first ? "" : ", ", child->name); /* no trailing blank */
    else fprintf(out, "%s%s%s%s", first ? "" : ", ", child->name, separator, child->text);
    first = false;
  }
}

static void branches(wmisim_trace_writer_t *writer, const wv_node_t *node, int level);

static void array(wmisim_trace_writer_t *writer, const wv_node_t *node, int level) {
  FILE *out = writer->out;
  size_t i = 0;
  if (node->first != NULL && node->first->kind == WV_LEAF) {
    indent(out, level);
    fprintf(out, "%s:", node->name);
    for (const wv_node_t *element = node->first; element != NULL; element = element->next)
      fprintf(out, "%s %s", element == node->first ? "" : ",", element->text != NULL ? element->text : "");
    fputc('\n', out);
    return;
  }
  for (const wv_node_t *element = node->first; element != NULL; element = element->next, i++) {
    indent(out, level);
    fprintf(out, "[%zu] ", i);
    leaves(out, element, " ", false);
    fputc('\n', out);
    branches(writer, element, level + 1);
  }
}

static void branches(wmisim_trace_writer_t *writer, const wv_node_t *node, int level) {
  for (const wv_node_t *child = node->first; child != NULL; child = child->next) {
    if (child->kind == WV_ARRAY) {
      array(writer, child, level);
    } else if (child->kind == WV_OBJECT) {
      indent(writer->out, level);
      leaves(writer->out, child, " = ", false);
      fputc('\n', writer->out);
      branches(writer, child, level + 1);
    }
  }
}

static void wnode(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event, int level) {
  FILE *out = writer->out;
  wv_node_t *tree = writer_wnode_tree(writer, event);
  const wv_node_t *type = wv_child(tree, "Type");
  indent(out, level);
  colour_on(writer, MAGENTA);
  if (event->kind == WMISIM_TRACE_WMI_EVENT) fputs("event delivered", out);
  else fprintf(out, "wnode %s IRP #%llu", event->kind == WMISIM_TRACE_WNODE_IN ? "in" : "out",
               (unsigned long long)event->irp);
  colour_off(writer);
  if (tree == NULL) {
    fputs(": (out of memory)\n", out);
    return;
  }
  fprintf(out, ": %s", type != NULL && type->text != NULL ? type->text : "?");
  if (wv_count(tree) > 1) fputs(", ", out);
  leaves(out, tree, " ", true);
  fputc('\n', out);
  branches(writer, tree, level + 1);
  wv_free(tree);
}

/* ---- events ------------------------------------------------------------------------------------ */

static void irp_sent(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event) {
  FILE *out = writer->out;
  colour_on(writer, CYAN);
  fprintf(out, "%s -> ", event->from[0] != '\0' ? event->from : writer_originator(event->major));
  device(out, event->to, event->driver);
  colour_off(writer);
  fprintf(out, " IRP #%llu %s %s\n", (unsigned long long)event->irp, wmisim_major_name(event->major),
          wmisim_minor_name(event->major, event->minor));
}

static void irp_finished(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event) {
  struct writer_irp *irp = writer_irp(writer, event->irp);
  fprintf(writer->out, "IRP #%llu back at %s: ", (unsigned long long)event->irp,
          irp != NULL ? writer_originator(irp->major) : "its originator");
  status_text(writer, event->status);
  fprintf(writer->out, ", Information %llu\n", (unsigned long long)event->information);
}

static void text_event(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event) {
  FILE *out = writer->out;
  int level = writer_indent(writer, event);
  if (event->kind == WMISIM_TRACE_WNODE_IN || event->kind == WMISIM_TRACE_WNODE_OUT ||
      event->kind == WMISIM_TRACE_WMI_EVENT) {
    wnode(writer, event, level);
    return;
  }
  indent(out, level);
  switch (event->kind) {
  case WMISIM_TRACE_IRP_SENT: irp_sent(writer, event); return;
  case WMISIM_TRACE_DISPATCH_RETURNED:
    fprintf(out, "<- %s returned ", event->to);
    break;
  case WMISIM_TRACE_COMPLETION_CALLED:
    fprintf(out, "completion routine of %s called\n", event->to);
    return;
  case WMISIM_TRACE_COMPLETION_RETURNED:
    fprintf(out, "completion routine of %s returned ", event->to);
    break;
  case WMISIM_TRACE_IRP_COMPLETED:
    fprintf(out, "completed by %s: ", event->from[0] != '\0' ? event->from : "the I/O manager");
    status_text(writer, event->status);
    fprintf(out, ", Information %llu\n", (unsigned long long)event->information);
    return;
  case WMISIM_TRACE_IRP_FINISHED: irp_finished(writer, event); return;
  case WMISIM_TRACE_NOTE:
    colour_on(writer, DIM);
    fprintf(out, "%s: %s", event->category, event->text);
    colour_off(writer);
    fputc('\n', out);
    return;
  case WMISIM_TRACE_VIOLATION:
    colour_on(writer, BOLD_RED);
    fprintf(out, "VIOLATION %s", event->text);
    colour_off(writer);
    fputc('\n', out);
    return;
  default: fprintf(out, "event %d\n", (int)event->kind); return;
  }
  status_text(writer, event->status);
  fputc('\n', out);
}

const struct writer_format writer_text_format = {text_event, NULL};
