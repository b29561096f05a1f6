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
 *
 * Every request passes here, from any number of threads: the calls are
 * listed in buckets, each with its own lock on its own cache line, by the
 * IRP's home (io_irp_home: the thread that allocated it), so requests
 * sent from different threads do not share a bucket. By address they
 * would: a thread goes through many IRPs (freed ones wait in its
 * quarantine, ke_quarantine), and two threads' IRPs spread over all the
 * buckets, every bucket line passing from one processor to the other.
 * A thread also keeps its own calls in progress: a callback completing
 * its own IRP, as most do, need not look at anyone else's.
 */
#include "wmilib/wmilib_internal.h"

#include "io/io.h"
#include "ke/thread.h"
#include "platform/atomic.h"
#include "platform/platform.h"
#include "platform/spinlock.h"

#define BUCKETS 64

struct bucket {
  _Alignas(64) volatile int32_t lock;
  struct wmilib_call *calls;
};

static struct bucket buckets[BUCKETS];

static struct bucket *bucket_of(PIRP irp) {
  return &buckets[io_irp_home(irp) % BUCKETS];
}

static void lock_bucket(struct bucket *b) {
  spin_lock(&b->lock);
}

static void unlock_bucket(struct bucket *b) {
  spin_unlock(&b->lock);
}

/* The calling thread, cheaply: its kernel thread state lives as long as it. */
static uint64_t this_thread(void) {
  return (uint64_t)(uintptr_t)ke_thread();
}

void wmilib_call_begin(struct wmilib_call *call, PIRP irp) {
  struct kthread *thread = ke_thread();
  call->irp = irp;
  call->location = irp->CurrentLocation;
  call->thread = (uint64_t)(uintptr_t)thread;
  call->marked = false;
  call->outer = thread->wmilib_calls;
  thread->wmilib_calls = call;
  struct bucket *b = bucket_of(irp);
  lock_bucket(b);
  call->next = b->calls;
  b->calls = call;
  unlock_bucket(b);
}

void wmilib_call_end(struct wmilib_call *call, bool pended) {
  struct io_frame *frame = io_frame_at(call->irp, call->location);
  ke_thread()->wmilib_calls = call->outer;
  struct bucket *b = bucket_of(call->irp);
  lock_bucket(b);
  for (struct wmilib_call **link = &b->calls; *link != NULL; link = &(*link)->next)
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
  unlock_bucket(b);
}

void wmilib_call_completing(PIRP irp) {
  for (struct wmilib_call *own = ke_thread()->wmilib_calls; own != NULL; own = own->outer)
    if (own->irp == irp) return; /* its callback is this thread's: it completes synchronously */
  uint64_t thread = this_thread();
  struct bucket *b = bucket_of(irp);
  lock_bucket(b);
  for (struct wmilib_call *call = b->calls; call != NULL; call = call->next)
    if (call->irp == irp && call->thread != thread) {
      /* The callback is still running and cannot complete synchronously:
       * it is going to return STATUS_PENDING. */
      if (!call->marked) IoMarkIrpPending(irp);
      call->marked = true;
      break;
    }
  unlock_bucket(b);
}
