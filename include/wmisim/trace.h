/*
 * wmisim/trace.h - watching every IRP travel: who sent it, each device it
 * passes down the stack, each dispatch routine's return, completion
 * routines back up, the final status, and the WNODEs in and out.
 *
 * A subscriber receives events synchronously, in order, on the thread that
 * caused them; events of one simulator are never delivered concurrently.
 * A subscriber must not call back into the simulator. With the virtual
 * clock, a run's events are identical from run to run.
 */
#ifndef WMISIM_TRACE_H
#define WMISIM_TRACE_H

#include <wmisim/sim.h>

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum wmisim_trace_kind {
  WMISIM_TRACE_IRP_SENT = 0,          /* IoCallDriver: `from` sends IRP `irp` to `to` */
  WMISIM_TRACE_DISPATCH_RETURNED,     /* `to`'s dispatch routine returned `status` */
  WMISIM_TRACE_COMPLETION_CALLED,     /* a completion routine of `to`'s driver is about to run */
  WMISIM_TRACE_COMPLETION_RETURNED,   /* ... and returned `status` */
  WMISIM_TRACE_IRP_COMPLETED,         /* IoCompleteRequest by `from` with `status`, `information` */
  WMISIM_TRACE_IRP_FINISHED,          /* the IRP reached its originator with `status` */
  WMISIM_TRACE_WNODE_IN,              /* the WNODE a WMI request carried down (`data`, `size`) */
  WMISIM_TRACE_WNODE_OUT,             /* the WNODE it came back with */
  WMISIM_TRACE_NOTE,                  /* narration from a layer: `category`, `text` */
  WMISIM_TRACE_VIOLATION,             /* a checking-mode violation: `text` */
  WMISIM_TRACE_WMI_EVENT              /* a WMI event delivered to consumers (`data`, `size`) */
} wmisim_trace_kind_t;

typedef struct wmisim_trace_event {
  wmisim_trace_kind_t kind;
  uint64_t sequence;      /* 1, 2, ... within the simulator */
  int64_t time;           /* simulator clock, 100 ns since 1601 */
  uint64_t irp;           /* the IRP's id, or 0 */
  int major;              /* IRP_MJ_*, or -1 */
  int minor;              /* IRP_MN_*, or -1 */
  int depth;              /* 1 for the first device the IRP reached, 2 below it, ... */
  const char *from;       /* sending or completing device; "" for the originator */
  const char *to;         /* receiving device */
  const char *driver;     /* driver of `to` (sent, returned) or of `from` (completed) */
  NTSTATUS status;
  uint64_t information;
  const char *category;   /* for notes: "PnP", "WMI", "consumer", ... */
  const char *text;       /* for notes and violations */
  const void *data;       /* for WNODEs and WMI events */
  size_t size;
} wmisim_trace_event_t;

typedef void (*wmisim_trace_fn)(void *context, const wmisim_trace_event_t *event);
typedef struct wmisim_trace_subscription wmisim_trace_subscription_t;

/* Starts delivering the simulator's trace events to `fn`. */
WMISIM_API NTSTATUS wmisim_trace_subscribe(wmisim_t *sim, wmisim_trace_fn fn, void *context,
                                           wmisim_trace_subscription_t **subscription);

/* Stops a subscription; NULL is ignored. */
WMISIM_API void wmisim_trace_unsubscribe(wmisim_trace_subscription_t *subscription);

/* ---- writers ---------------------------------------------------------------------------- */

typedef enum wmisim_trace_format {
  WMISIM_TRACE_TEXT = 0,     /* indented, readable; colour if requested */
  WMISIM_TRACE_JSONL = 1,    /* one JSON object per event */
  WMISIM_TRACE_MERMAID = 2   /* a Mermaid sequence diagram, written when the writer closes */
} wmisim_trace_format_t;

typedef struct wmisim_trace_writer wmisim_trace_writer_t;

/* Subscribes a writer that formats events to `out` (not closed by it).
 * `colour` adds ANSI colours to the text format. */
WMISIM_API NTSTATUS wmisim_trace_writer_open(wmisim_t *sim, FILE *out, wmisim_trace_format_t format, bool colour,
                                             wmisim_trace_writer_t **writer);

/* Flushes (the Mermaid diagram is written here), unsubscribes and frees. */
WMISIM_API void wmisim_trace_writer_close(wmisim_trace_writer_t *writer);

/* Names for trace output and messages: "IRP_MJ_SYSTEM_CONTROL",
 * "IRP_MN_QUERY_ALL_DATA", ...; "IRP_MJ_0x%02x" for unknown codes. */
WMISIM_API const char *wmisim_major_name(int major);
WMISIM_API const char *wmisim_minor_name(int major, int minor);

#ifdef __cplusplus
}
#endif

#endif /* WMISIM_TRACE_H */
