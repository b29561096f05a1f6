/*
 * writer_mermaid.c - the trace as a Mermaid sequence diagram. Participants
 * are the originators (WMI, PnP, ...) and the devices in order of first
 * appearance; IRPs go down as solid arrows, dispatch returns and finished
 * IRPs come back as dashed ones, completions, WNODEs and notes are notes.
 * The diagram is written when the writer closes, since the participant
 * list must come first.
 */
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"
#include "trace/writer.h"

#define MAX_PARTICIPANTS 64
#define NOTE_INSTANCES 4 /* instances listed in a WNODE note */

struct mermaid {
  char participants[MAX_PARTICIPANTS][WRITER_NAME];
  int participant_count;
  mof_text body;
};

/* Mermaid reads ';' as the end of a statement and "#...;" as an entity. */
static void escaped(mof_text *text, const char *s) {
  for (; *s != '\0'; s++) {
    if (*s == '#') mof_text_puts(text, "#35;");
    else if (*s == ';') mof_text_puts(text, "#59;");
    else if (*s == '\n') mof_text_puts(text, "<br/>");
    else mof_text_append(text, s, 1);
  }
}

/* The participant's id ("P3"), adding it on first use. */
static int participant(struct mermaid *m, const char *name) {
  for (int i = 0; i < m->participant_count; i++)
    if (strcmp(m->participants[i], name) == 0) return i + 1;
  if (m->participant_count == MAX_PARTICIPANTS) return MAX_PARTICIPANTS; /* the last one stands for the rest */
  snprintf(m->participants[m->participant_count], WRITER_NAME, "%s", name);
  return ++m->participant_count;
}

static void arrow(struct mermaid *m, const char *from, const char *to, bool dashed, const char *label) {
  int a = participant(m, from), b = participant(m, to);
  mof_text_printf(&m->body, "    P%d%sP%d: ", a, dashed ? "-->>" : "->>", b);
  escaped(&m->body, label);
  mof_text_puts(&m->body, "\n");
}

static void note(struct mermaid *m, const char *over, const char *text) {
  mof_text_printf(&m->body, "    Note over P%d: ", participant(m, over));
  escaped(&m->body, text);
  mof_text_puts(&m->body, "\n");
}

/* Who a device's dispatch routine returns to: the device above it, or the
 * IRP's originator. */
static const char *caller_of(const struct writer_irp *irp, const char *device) {
  int depth = writer_device_depth(irp, device);
  if (irp == NULL) return "I/O";
  return depth > 1 ? irp->devices[depth - 2] : writer_originator(irp->major);
}

/* Where a note without a device goes: the dispatch routine running now. */
static const char *current_device(wmisim_trace_writer_t *writer, const char *fallback) {
  return writer->stack_depth > 0 ? writer->stack[writer->stack_depth - 1].device : fallback;
}

/* ---- WNODE summaries ------------------------------------------------------------------------------ */

static void leaf_text(mof_text *text, const wv_node_t *node, const char *name, const char *prefix) {
  const wv_node_t *leaf = wv_child(node, name);
  if (leaf != NULL && leaf->text != NULL) mof_text_printf(text, "%s%s %s", prefix, name, leaf->text);
}

static void instance_line(mof_text *text, const wv_node_t *instance) {
  const wv_node_t *name = wv_child(instance, "InstanceName"), *index = wv_child(instance, "InstanceIndex");
  const wv_node_t *properties = wv_child(instance, "Properties");
  mof_text_puts(text, "\n");
  if (name != NULL) mof_text_printf(text, "%s: ", name->text);
  else if (index != NULL) mof_text_printf(text, "[%s]: ", index->text);
  if (properties == NULL) {
    leaf_text(text, instance, "Data", "");
    return;
  }
  for (const wv_node_t *p = properties->first; p != NULL; p = p->next)
    mof_text_printf(text, "%s%s=%s", p == properties->first ? "" : ", ", p->name, p->text != NULL ? p->text : "");
}

static void summary(mof_text *text, const wv_node_t *tree) {
  const wv_node_t *type = wv_child(tree, "Type"), *instances = wv_child(tree, "Instances");
  mof_text_puts(text, type != NULL && type->text != NULL ? type->text : "?");
  leaf_text(text, tree, "Class", " ");
  leaf_text(text, tree, "SizeNeeded", ", ");
  leaf_text(text, tree, "GuidCount", ", ");
  leaf_text(text, tree, "Problem", ", ");
  int shown = 0;
  for (const wv_node_t *i = instances != NULL ? instances->first : NULL; i != NULL; i = i->next)
    if (shown++ < NOTE_INSTANCES) instance_line(text, i);
  if (shown > NOTE_INSTANCES) mof_text_printf(text, "\n... %d instances in all", shown);
}

static void wnode(wmisim_trace_writer_t *writer, struct mermaid *m, const wmisim_trace_event_t *event) {
  wv_node_t *tree = writer_wnode_tree(writer, event);
  mof_text text;
  mof_text_init(&text);
  if (event->kind == WMISIM_TRACE_WMI_EVENT) mof_text_puts(&text, "event ");
  else mof_text_printf(&text, "%s IRP #%llu: ", event->kind == WMISIM_TRACE_WNODE_IN ? "in" : "out",
                       (unsigned long long)event->irp);
  if (tree != NULL) summary(&text, tree);
  if (event->kind == WMISIM_TRACE_WMI_EVENT) arrow(m, "WMI", "consumer", true, text.data != NULL ? text.data : "");
  else note(m, "WMI", text.data != NULL ? text.data : "");
  mof_text_free(&text);
  wv_free(tree);
}

/* ---- events ------------------------------------------------------------------------------------ */

static void irp_event(wmisim_trace_writer_t *writer, struct mermaid *m, const wmisim_trace_event_t *event) {
  struct writer_irp *irp = writer_irp(writer, event->irp);
  char label[256];
  switch (event->kind) {
  case WMISIM_TRACE_IRP_SENT:
    snprintf(label, sizeof label, "IRP #%llu %s", (unsigned long long)event->irp,
             writer_short_minor(event->major, event->minor));
    arrow(m, event->from[0] != '\0' ? event->from : writer_originator(event->major), event->to, false, label);
    break;
  case WMISIM_TRACE_DISPATCH_RETURNED:
    snprintf(label, sizeof label, "returns %s", wmisim_status_name(event->status));
    arrow(m, event->to, caller_of(irp, event->to), true, label);
    break;
  case WMISIM_TRACE_COMPLETION_RETURNED:
    snprintf(label, sizeof label, "completion routine: %s", wmisim_status_name(event->status));
    note(m, event->to, label);
    break;
  case WMISIM_TRACE_IRP_COMPLETED:
    snprintf(label, sizeof label, "completes IRP #%llu: %s, Information %llu", (unsigned long long)event->irp,
             wmisim_status_name(event->status), (unsigned long long)event->information);
    note(m, event->from[0] != '\0' ? event->from : "I/O", label);
    break;
  case WMISIM_TRACE_IRP_FINISHED:
    snprintf(label, sizeof label, "IRP #%llu done: %s", (unsigned long long)event->irp,
             wmisim_status_name(event->status));
    if (irp != NULL && irp->device_count > 0)
      arrow(m, irp->devices[0], writer_originator(irp->major), true, label);
    break;
  default: break;
  }
}

static void mermaid_event(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event) {
  struct mermaid *m = writer->state;
  if (m == NULL) {
    m = writer->state = calloc(1, sizeof *m);
    if (m == NULL) return;
    mof_text_init(&m->body);
  }
  char text[600];
  switch (event->kind) {
  case WMISIM_TRACE_WNODE_IN:
  case WMISIM_TRACE_WNODE_OUT:
  case WMISIM_TRACE_WMI_EVENT: wnode(writer, m, event); break;
  case WMISIM_TRACE_NOTE: {
    const char *c = event->category;
    bool own = strcmp(c, "WMI") == 0 || strcmp(c, "PnP") == 0 || strcmp(c, "Power") == 0;
    snprintf(text, sizeof text, "%s: %s", c, event->text);
    note(m, own ? c : current_device(writer, "WMI"), own ? event->text : text);
    break;
  }
  case WMISIM_TRACE_VIOLATION:
    snprintf(text, sizeof text, "VIOLATION %s", event->category);
    note(m, current_device(writer, "WMI"), text);
    break;
  default: irp_event(writer, m, event); break;
  }
}

static void mermaid_close(wmisim_trace_writer_t *writer) {
  struct mermaid *m = writer->state;
  fputs("sequenceDiagram\n", writer->out);
  if (m == NULL) return;
  for (int i = 0; i < m->participant_count; i++) {
    mof_text label;
    mof_text_init(&label);
    escaped(&label, m->participants[i]);
    fprintf(writer->out, "    participant P%d as %s\n", i + 1, label.data != NULL ? label.data : "");
    mof_text_free(&label);
  }
  if (m->body.data != NULL) fputs(m->body.data, writer->out);
  mof_text_free(&m->body);
  free(m);
  writer->state = NULL;
}

const struct writer_format writer_mermaid_format = {mermaid_event, mermaid_close};
