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

#include <wmisim/mof.h>
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
  WMISIM_TRACE_WNODE_IN,              /* the buffer a WMI request carried down (`data`, `size`; `major`
                                         and `minor` say which request: a REGINFO buffer is no WNODE) */
  WMISIM_TRACE_WNODE_OUT,             /* the buffer it came back with (`size`: the valid bytes) */
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
  int depth;              /* IRP_SENT: 1 for the first device the IRP reached, 2 below it, ...
                             (devices, not stack locations: a filter that skips its location
                             still passes the IRP one device down); an IRP sent on from
                             another thread starts at 1 again */
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

/* Waits until the simulator has delivered an event numbered after `after`
 * to its subscribers, or until `timeout_ms` of host time have passed, and
 * returns the number of the latest event (0 if none yet). Events are only
 * numbered while someone subscribes. A tool's way to wait for what other
 * threads do without polling; the virtual clock is not touched. */
WMISIM_API uint64_t wmisim_trace_wait(wmisim_t *sim, uint64_t after, uint32_t timeout_ms);

/* ---- writers ---------------------------------------------------------------------------- */

/* The formats are described in docs/trace.md. */
typedef enum wmisim_trace_format {
  WMISIM_TRACE_TEXT = 0,     /* one line per event, indented by stack depth; colour if requested */
  WMISIM_TRACE_JSONL = 1,    /* one JSON object per event, keys in a fixed order per kind */
  WMISIM_TRACE_MERMAID = 2   /* a Mermaid sequence diagram, written when the writer closes */
} wmisim_trace_format_t;

typedef struct wmisim_trace_writer wmisim_trace_writer_t;

/* Subscribes a writer that formats the simulator's events to `out` (which
 * the writer does not close). `colour` adds ANSI colours to the text format
 * and is ignored by the others. WNODEs are decoded: header fields, instance
 * names and data in hexadecimal; by property name once a schema is attached
 * (wmisim_trace_writer_set_schema). Output depends only on the events, so
 * with the virtual clock it is byte-for-byte the same from run to run.
 * Returns STATUS_INVALID_PARAMETER for a NULL argument or unknown format,
 * STATUS_INSUFFICIENT_RESOURCES if memory runs out. */
WMISIM_API NTSTATUS wmisim_trace_writer_open(wmisim_t *sim, FILE *out, wmisim_trace_format_t format, bool colour,
                                             wmisim_trace_writer_t **writer);

/* Lets the writer show WNODE data by property name: a WNODE's class is
 * looked up in `schema` by GUID (method input and output by the method's
 * parameter classes) when the event is written, so MOF loaded into the
 * schema later is used from then on. The schema is not owned; it must stay
 * alive until the writer is closed or given another schema. NULL detaches
 * it. Events being written on other threads finish before this returns, so
 * to load into the attached schema while the simulator runs, detach it,
 * load, and attach it again. */
WMISIM_API void wmisim_trace_writer_set_schema(wmisim_trace_writer_t *writer, const wmisim_mof_schema *schema);

/* Unsubscribes, writes what the format keeps for the end (the Mermaid
 * diagram), flushes `out` and frees the writer. NULL is ignored. */
WMISIM_API void wmisim_trace_writer_close(wmisim_trace_writer_t *writer);

/* Whether `stream` is stdin, stdout or stderr and that stream is a
 * terminal (an interactive prompt's question); false for other streams. */
WMISIM_API bool wmisim_stream_is_terminal(FILE *stream);

/* Whether text written to `out` should be coloured by default: true when
 * `out` is stdout or stderr, that stream is a terminal, NO_COLOR is unset
 * or empty and TERM is not "dumb". */
WMISIM_API bool wmisim_trace_colour_default(FILE *out);

/* Names for trace output and messages: "IRP_MJ_SYSTEM_CONTROL",
 * "IRP_MN_QUERY_ALL_DATA", ...; "IRP_MJ_0x%02x" for unknown codes. */
WMISIM_API const char *wmisim_major_name(int major);
WMISIM_API const char *wmisim_minor_name(int major, int minor);

#ifdef __cplusplus
}
#endif

#endif /* WMISIM_TRACE_H */
