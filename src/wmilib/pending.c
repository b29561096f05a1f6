/*
 * pending.c - marking an IRP pending for a callback that returned
 * STATUS_PENDING, without racing its completion.
 *
 * A DpWmiXxx callback may hand the IRP to another thread, which calls
 * WmiCompleteRequest, and return STATUS_PENDING. The IRP has to carry
 * SL_PENDING_RETURNED before it is completed, but WmiSystemControl only
 * learns that the callback pended once it returns - possibly after the
 * other thread completed the IRP. So each callback in progress is listed
 * here: WmiCompleteRequest, called from another thread while the callback
 * has not returned yet, marks the IRP itself before completing it; once the
 * callback returned STATUS_PENDING, WmiSystemControl marks it if nobody
 * did. Both happen under one lock, so exactly one of them touches the IRP
 * and always before its completion.
 */
#include "wmilib/wmilib_internal.h"

#include "io/io.h"
#include "platform/atomic.h"
#include "platform/platform.h"

static volatile int32_t calls_lock;
static struct wmilib_call *calls;

static void lock_calls(void) {
  while (!atomic_cas_i32(&calls_lock, 0, 1)) plat_yield();
}

static void unlock_calls(void) {
  atomic_store_i32(&calls_lock, 0);
}

void wmilib_call_begin(struct wmilib_call *call, PIRP irp) {
  call->irp = irp;
  call->location = irp->CurrentLocation;
  call->thread = plat_thread_id();
  call->marked = false;
  lock_calls();
  call->next = calls;
  calls = call;
  unlock_calls();
}

void wmilib_call_end(struct wmilib_call *call, bool pended) {
  struct io_frame *frame = io_frame_at(call->irp, call->location);
  lock_calls();
  for (struct wmilib_call **link = &calls; *link != NULL; link = &(*link)->next)
    if (*link == call) {
      *link = call->next;
      break;
    }
  if (pended) {
    if (call->marked) {
      /* Completed early on another thread, already marked: the IRP may be
       * gone; only the dispatch frame learns of the mark. */
      if (frame != NULL) frame->marked_pending = true;
    } else if (frame == NULL || !frame->marked_pending) {
      IoMarkIrpPending(call->irp);
    }
  }
  unlock_calls();
}

void wmilib_call_completing(PIRP irp) {
  uint64_t thread = plat_thread_id();
  lock_calls();
  for (struct wmilib_call *call = calls; call != NULL; call = call->next)
    if (call->irp == irp && call->thread != thread) {
      /* The callback is still running and cannot complete synchronously:
       * it is going to return STATUS_PENDING. */
      if (!call->marked) IoMarkIrpPending(irp);
      call->marked = true;
      break;
    }
  unlock_calls();
}
