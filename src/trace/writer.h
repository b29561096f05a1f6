/*
 * writer.h - what the three trace writers (text, JSON Lines, Mermaid)
 * share: the writer object, the bookkeeping of IRPs in flight that lets a
 * writer place an event (which IRP, which originator, how deep in the
 * stack), and the WNODE trees of WNODE and WMI event events.
 *
 * A writer is a trace subscriber: its callbacks run under the trace lock,
 * one event at a time. Its only lock of its own keeps the schema from
 * being swapped (wmisim_trace_writer_set_schema) while an event is written.
 */
#ifndef WMISIM_TRACE_WRITER_H
#define WMISIM_TRACE_WRITER_H

#include <stdio.h>

#include <wmisim/trace.h>

#include "platform/platform.h"
#include "trace/wnode_view.h"

#define WRITER_IRPS 256      /* IRPs remembered at once; the oldest is forgotten first */
#define WRITER_DEPTH 16      /* devices remembered per IRP */
#define WRITER_STACK 64      /* dispatch routines running at once */
#define WRITER_NAME 64

/* What a writer remembers of one IRP. */
struct writer_irp {
  uint64_t id;               /* 0: free slot */
  int major;
  int minor;
  int base;                  /* indentation of the IRP's originator */
  int device_count;
  char devices[WRITER_DEPTH][WRITER_NAME]; /* devices[0] is at depth 1 */
};

/* A dispatch routine that has not returned yet. */
struct writer_dispatch {
  uint64_t irp;
  int indent;
  char device[WRITER_NAME];
};

struct writer_format {
  void (*event)(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event);
  void (*close)(wmisim_trace_writer_t *writer); /* may be NULL */
};

struct wmisim_trace_writer {
  FILE *out;
  bool colour;
  const struct writer_format *format;
  plat_mutex_t schema_lock;  /* held while an event is written and to change `schema` */
  const wmisim_mof_schema *schema;
  wmisim_trace_subscription_t *subscription;
  struct writer_irp irps[WRITER_IRPS];
  size_t next_irp_slot;
  struct writer_dispatch stack[WRITER_STACK];
  int stack_depth;
  void *state;               /* the format's own state */
};

extern const struct writer_format writer_text_format;
extern const struct writer_format writer_jsonl_format;
extern const struct writer_format writer_mermaid_format;

/* The IRP with `id`, or NULL if the writer never saw it sent. */
struct writer_irp *writer_irp(wmisim_trace_writer_t *writer, uint64_t id);

/* Updates the bookkeeping for an event before a format renders it. */
void writer_track(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event);

/* Updates it after the format rendered the event (a returned dispatch
 * routine leaves the stack only then). */
void writer_untrack(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event);

/* Depth (1 = top) of `device` in the IRP's path, or 0 if unknown. */
int writer_device_depth(const struct writer_irp *irp, const char *device);

/* The indentation of an event, from the IRP's base and the device's depth:
 * where the text writer puts it. */
int writer_indent(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event);

/* Who sends IRPs of `major` when no device does: "WMI", "PnP", "Power", "I/O". */
const char *writer_originator(int major);

/* "QUERY_ALL_DATA" for IRP_MN_QUERY_ALL_DATA: the minor name without its prefix. */
const char *writer_short_minor(int major, int minor);

/* The WNODE tree of a WNODE_IN, WNODE_OUT or WMI_EVENT event; NULL if out
 * of memory. Free with wv_free(). */
wv_node_t *writer_wnode_tree(wmisim_trace_writer_t *writer, const wmisim_trace_event_t *event);

/* Event kind names as JSON Lines uses them: "irp_sent", "wnode_in", ... */
const char *writer_kind_name(wmisim_trace_kind_t kind);

#endif /* WMISIM_TRACE_WRITER_H */
