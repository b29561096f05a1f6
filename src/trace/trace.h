/*
 * trace.h - the hooks through which the layers report what they do.
 *
 * Each hook builds a wmisim_trace_event_t and hands it to the simulator's
 * subscribers (wmisim/trace.h); with no subscriber a hook returns at once.
 */
#ifndef WMISIM_TRACE_TRACE_H
#define WMISIM_TRACE_TRACE_H

#include <wmisim/check.h>
#include <wmisim/trace.h>

#include <stdbool.h>

#include "core/sim.h"
#include "platform/atomic.h"

struct io_irp_track;

struct trace_state *trace_create(struct wmisim *sim);
void trace_destroy(struct trace_state *state);

/* The trace state begins with what trace_active reads, so the test is
 * inline: the request path makes it before each hook it would call. */
struct trace_state_head {
  volatile int32_t subscriber_count;
};

/* True if anyone listens; callers may skip building expensive text. */
static inline bool trace_active(const struct wmisim *sim) {
  if (sim == NULL || sim->trace == NULL) return false;
  const struct trace_state_head *head = (const struct trace_state_head *)(const void *)sim->trace;
  return atomic_load_i32(&head->subscriber_count) > 0;
}

void trace_irp_sent(struct wmisim *sim, struct io_irp_track *track, PIRP irp, PDEVICE_OBJECT from,
                    PDEVICE_OBJECT to, UCHAR major, UCHAR minor);
void trace_dispatch_returned(struct wmisim *sim, struct io_irp_track *track, PDEVICE_OBJECT device, UCHAR major,
                             UCHAR minor, NTSTATUS status);
/* phase 0: about to call; phase 1: returned `result`. */
void trace_completion_routine(struct wmisim *sim, struct io_irp_track *track, PDEVICE_OBJECT device, int phase,
                              NTSTATUS result);
void trace_irp_completed(struct wmisim *sim, struct io_irp_track *track, PDEVICE_OBJECT completer, NTSTATUS status,
                         ULONG_PTR information);
void trace_irp_finished(struct wmisim *sim, struct io_irp_track *track, PIRP irp);
void trace_violation(struct wmisim *sim, const wmisim_violation_t *violation);
/* A WNODE going down (`output` false) or coming back up (true) with the
 * IRP_MJ_SYSTEM_CONTROL request `minor` (writers decode the buffer by it:
 * a REGINFO buffer is not a WNODE). */
void trace_wnode(struct wmisim *sim, uint64_t irp_id, UCHAR minor, bool output, const void *wnode, size_t size);
/* A line of narration from a layer: "PnP: starting ROOT\WMISIM\0000". */
void trace_note(struct wmisim *sim, const char *category, const char *format, ...) WMISIM_PRINTF(3, 4);
/* A WMI event delivered to consumers. */
void trace_event_delivered(struct wmisim *sim, const void *wnode, size_t size);

#endif /* WMISIM_TRACE_TRACE_H */
