/*
 * timers.c - DPCs and kernel timers, run by one thread per simulator at
 * DISPATCH_LEVEL.
 *
 * A KTIMER lives in driver memory; while armed, the thread keeps a record
 * of it, found again through TimerListEntry.Flink. With the virtual clock,
 * timers expire when the simulator's clock passes their due time
 * (wmisim_clock_advance, delays, wait timeouts); with the real clock, when
 * the host's clock does.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/dispatcher.h"
#include "ke/thread.h"
#include "ke/workers.h"
#include "platform/atomic.h"

struct armed_timer {
  struct armed_timer *next;
  PKTIMER timer;
  int64_t due;              /* system time */
  LONG period_ms;
  PKDPC dpc;
  struct io_driver *driver;  /* the driver that armed it */
};

struct queued_dpc {
  struct queued_dpc *next;
  PKDPC dpc;
  struct io_driver *driver;
};

struct ke_timers {
  struct wmisim *sim;
  plat_mutex_t lock;
  plat_cond_t wake;
  plat_cond_t settled;
  struct armed_timer *timers;
  struct queued_dpc *dpcs, *dpcs_tail;
  plat_thread_t *thread;
  uint64_t thread_id;
  uint64_t requested, processed;  /* clock-change generations */
  bool busy;
  bool stopping;
  /* The clock value from which the thread has work: the earliest due time
   * of an armed timer, INT64_MIN while a DPC is queued or running,
   * INT64_MAX with nothing at all. Republished under the lock after every
   * change, read without it, so a clock step that expires nothing does not
   * wake the thread and wait for it (every WMI request steps the clock). */
  volatile int64_t work_from;
};

#define DPC_INSERTED ((PVOID)(uintptr_t)1)

static struct ke_timers *timers_of_current(void) {
  struct wmisim *sim = sim_current();
  return sim != NULL ? sim->timers : NULL;
}

static void run_dpc(struct ke_timers *t, struct queued_dpc *q) {
  struct kthread *thread = ke_thread();
  PKDPC dpc = q->dpc;
  thread->irql = DISPATCH_LEVEL;
  struct io_driver *previous = ke_enter_driver(thread, q->driver);
  dpc->DeferredRoutine(dpc, dpc->DeferredContext, dpc->SystemArgument1, dpc->SystemArgument2);
  ke_leave_driver(thread, previous);
  if (thread->irql != DISPATCH_LEVEL) {
    struct check_site site = {NULL, NULL, "DPC routine"};
    check_report(t->sim, CHECK_IRQL_NOT_RESTORED, &site, "a DPC routine returned at IRQL %u", thread->irql);
  }
  thread->irql = PASSIVE_LEVEL;
}

/* With the lock held: moves expired timers to the DPC queue. */
static void expire_timers(struct ke_timers *t) {
  int64_t now = sim_clock_now(t->sim);
  for (struct armed_timer **link = &t->timers; *link != NULL;) {
    struct armed_timer *a = *link;
    if (a->due > now) {
      link = &a->next;
      continue;
    }
    ke_signal_object(&a->timer->Header, 1);
    if (a->dpc != NULL && a->dpc->DpcData == NULL) {
      struct queued_dpc *q = malloc(sizeof *q);
      if (q != NULL) {
        a->dpc->DpcData = DPC_INSERTED;
        *q = (struct queued_dpc){NULL, a->dpc, a->driver};
        if (t->dpcs_tail != NULL) t->dpcs_tail->next = q; else t->dpcs = q;
        t->dpcs_tail = q;
      }
    }
    if (a->period_ms > 0) {
      a->due += (int64_t)a->period_ms * 10000;
      link = &a->next;
    } else {
      *link = a->next;
      a->timer->TimerListEntry.Flink = NULL;
      free(a);
    }
  }
}

static int64_t next_due(struct ke_timers *t) {
  int64_t due = INT64_MAX;
  for (struct armed_timer *a = t->timers; a != NULL; a = a->next)
    if (a->due < due) due = a->due;
  return due;
}

/* With the lock held, after any change to the timers, the DPCs or busy. */
static void publish_work(struct ke_timers *t) {
  atomic_store_i64(&t->work_from, t->dpcs != NULL || t->busy ? INT64_MIN : next_due(t));
}

static void timer_main(void *raw) {
  struct ke_timers *t = raw;
  struct kthread *thread = ke_thread();
  thread->system_thread = true;
  thread->sim = t->sim;
  plat_mutex_lock(&t->lock);
  t->thread_id = plat_thread_id();
  while (!t->stopping) {
    t->busy = true;
    publish_work(t);
    uint64_t generation = t->requested;
    expire_timers(t);
    while (t->dpcs != NULL) {
      struct queued_dpc *q = t->dpcs;
      t->dpcs = q->next;
      if (t->dpcs == NULL) t->dpcs_tail = NULL;
      q->dpc->DpcData = NULL;
      plat_mutex_unlock(&t->lock);
      run_dpc(t, q);
      free(q);
      plat_mutex_lock(&t->lock);
      expire_timers(t);
    }
    t->busy = false;
    publish_work(t);
    t->processed = generation;
    plat_cond_broadcast(&t->settled);
    if (t->requested != generation || t->dpcs != NULL) continue;
    int64_t due = next_due(t);
    if (due == INT64_MAX || t->sim->options.clock_mode == WMISIM_CLOCK_VIRTUAL) {
      plat_cond_wait(&t->wake, &t->lock);
    } else {
      int64_t wait_100ns = due - sim_clock_now(t->sim);
      if (wait_100ns > 0) {
        uint64_t deadline = ke_host_deadline(wait_100ns);
        if (deadline == UINT64_MAX)
          plat_cond_wait(&t->wake, &t->lock);
        else
          plat_cond_wait_until(&t->wake, &t->lock, deadline);
      }
    }
  }
  plat_mutex_unlock(&t->lock);
}

struct ke_timers *ke_timers_create(struct wmisim *sim) {
  struct ke_timers *t = calloc(1, sizeof *t);
  if (t == NULL) return NULL;
  t->sim = sim;
  t->work_from = INT64_MAX;
  plat_mutex_init(&t->lock);
  plat_cond_init(&t->wake);
  plat_cond_init(&t->settled);
  if (plat_thread_create(&t->thread, timer_main, t) != 0) {
    plat_cond_destroy(&t->settled);
    plat_cond_destroy(&t->wake);
    plat_mutex_destroy(&t->lock);
    free(t);
    return NULL;
  }
  return t;
}

void ke_timers_destroy(struct ke_timers *t) {
  plat_mutex_lock(&t->lock);
  t->stopping = true;
  plat_cond_broadcast(&t->wake);
  plat_mutex_unlock(&t->lock);
  plat_thread_join(t->thread);
  for (struct armed_timer *a = t->timers, *next; a != NULL; a = next) {
    next = a->next;
    a->timer->TimerListEntry.Flink = NULL;
    free(a);
  }
  for (struct queued_dpc *q = t->dpcs, *next; q != NULL; q = next) {
    next = q->next;
    q->dpc->DpcData = NULL;
    free(q);
  }
  plat_cond_destroy(&t->settled);
  plat_cond_destroy(&t->wake);
  plat_mutex_destroy(&t->lock);
  free(t);
}

/* The caller waits for the expired timers' DPCs only from below
 * DISPATCH_LEVEL: code at DISPATCH_LEVEL (KeStallExecutionProcessor under
 * a spin lock) may hold the very lock such a DPC needs, and a DPC cannot
 * wait for itself on the DPC thread. */
bool ke_timers_clock_changed(struct ke_timers *t, int64_t now) {
  if (t == NULL) return false;
  /* Nothing expires and no DPC is pending: the thread would wake to find
   * nothing to do. A timer armed meanwhile wakes it itself; a step by
   * another thread past `now` is announced by that thread. */
  if (atomic_load_i64(&t->work_from) > now) return false;
  bool wait = ke_thread()->irql < DISPATCH_LEVEL;
  plat_mutex_lock(&t->lock);
  uint64_t generation = ++t->requested;
  plat_cond_broadcast(&t->wake);
  if (wait && plat_thread_id() != t->thread_id)
    while (t->processed < generation && !t->stopping) plat_cond_wait(&t->settled, &t->lock);
  plat_mutex_unlock(&t->lock);
  return true;
}

/* With the lock held: nothing queued, running, or announced and not yet
 * looked at (a clock change the thread has not woken up for). */
static bool timers_quiet(struct ke_timers *t) {
  return t->dpcs == NULL && !t->busy && (t->processed >= t->requested || t->stopping);
}

bool ke_timers_wait_idle(struct ke_timers *t, uint64_t deadline_ns) {
  bool idle = true;
  plat_mutex_lock(&t->lock);
  while (!timers_quiet(t) && idle) {
    if (deadline_ns == UINT64_MAX)
      plat_cond_wait(&t->settled, &t->lock);
    else
      idle = plat_cond_wait_until(&t->settled, &t->lock, deadline_ns);
  }
  idle = timers_quiet(t);
  plat_mutex_unlock(&t->lock);
  return idle;
}

/* ---- DPCs ------------------------------------------------------------------------------------ */

VOID NTAPI KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext) {
  Dpc->Type = 19; /* DpcObject */
  Dpc->Importance = MediumImportance;
  Dpc->Number = 0;
  Dpc->DpcListEntry.Flink = Dpc->DpcListEntry.Blink = NULL;
  Dpc->DeferredRoutine = DeferredRoutine;
  Dpc->DeferredContext = DeferredContext;
  Dpc->SystemArgument1 = Dpc->SystemArgument2 = NULL;
  Dpc->DpcData = NULL;
}

VOID NTAPI KeInitializeThreadedDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext) {
  KeInitializeDpc(Dpc, DeferredRoutine, DeferredContext);
}

VOID NTAPI KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance) {
  Dpc->Importance = (UCHAR)Importance;
}

BOOLEAN NTAPI KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2) {
  struct ke_timers *t = timers_of_current();
  if (t == NULL) return FALSE;
  struct queued_dpc *q = malloc(sizeof *q);
  if (q == NULL) return FALSE;
  plat_mutex_lock(&t->lock);
  if (Dpc->DpcData != NULL) {
    plat_mutex_unlock(&t->lock);
    free(q);
    return FALSE;
  }
  Dpc->DpcData = DPC_INSERTED;
  Dpc->SystemArgument1 = SystemArgument1;
  Dpc->SystemArgument2 = SystemArgument2;
  *q = (struct queued_dpc){NULL, Dpc, ke_thread()->driver};
  if (t->dpcs_tail != NULL) t->dpcs_tail->next = q; else t->dpcs = q;
  t->dpcs_tail = q;
  publish_work(t);
  plat_cond_broadcast(&t->wake);
  plat_mutex_unlock(&t->lock);
  return TRUE;
}

BOOLEAN NTAPI KeRemoveQueueDpc(PRKDPC Dpc) {
  struct ke_timers *t = timers_of_current();
  if (t == NULL) return FALSE;
  bool removed = false;
  plat_mutex_lock(&t->lock);
  struct queued_dpc *previous = NULL;
  for (struct queued_dpc *q = t->dpcs; q != NULL; previous = q, q = q->next) {
    if (q->dpc != Dpc) continue;
    if (previous != NULL) previous->next = q->next; else t->dpcs = q->next;
    if (t->dpcs_tail == q) t->dpcs_tail = previous;
    Dpc->DpcData = NULL;
    free(q);
    removed = true;
    break;
  }
  publish_work(t);
  plat_mutex_unlock(&t->lock);
  return removed;
}

VOID NTAPI KeFlushQueuedDpcs(VOID) {
  struct ke_timers *t = timers_of_current();
  if (t != NULL && plat_thread_id() != t->thread_id) ke_timers_wait_idle(t, UINT64_MAX);
}

/* ---- memory freed under armed timers and queued DPCs -------------------------------------------- */

static bool within(const void *object, size_t object_size, const void *start, size_t size) {
  uintptr_t o = (uintptr_t)object, s = (uintptr_t)start;
  return object != NULL && o >= s && o - s < size && object_size <= size - (o - s);
}

static size_t forget_queued_dpcs(struct ke_timers *t, const void *start, size_t size, char *what, size_t what_size,
                                 size_t found) {
  struct queued_dpc *previous = NULL;
  for (struct queued_dpc *q = t->dpcs; q != NULL;) {
    struct queued_dpc *next = q->next;
    if (!within(q->dpc, sizeof(KDPC), start, size)) {
      previous = q;
    } else {
      if (found++ == 0) snprintf(what, what_size, "a queued DPC at %p", (void *)q->dpc);
      if (previous != NULL) previous->next = next; else t->dpcs = next;
      if (t->dpcs_tail == q) t->dpcs_tail = previous;
      free(q);
    }
    q = next;
  }
  return found;
}

size_t ke_timers_forget_in(struct ke_timers *t, const void *start, size_t size, char *what, size_t what_size) {
  size_t found = 0;
  if (t == NULL || size == 0) return 0;
  /* Every pool free asks: with no timer armed and no DPC queued or
   * running there is nothing to look through, and no lock to take. */
  if (atomic_load_i64(&t->work_from) == INT64_MAX) return 0;
  plat_mutex_lock(&t->lock);
  for (struct armed_timer **link = &t->timers; *link != NULL;) {
    struct armed_timer *a = *link;
    if (!within(a->timer, sizeof(KTIMER), start, size) && !within(a->dpc, sizeof(KDPC), start, size)) {
      link = &a->next;
      continue;
    }
    if (found++ == 0) snprintf(what, what_size, "an armed timer at %p", (void *)a->timer);
    *link = a->next;
    free(a);
  }
  found = forget_queued_dpcs(t, start, size, what, what_size, found);
  publish_work(t);
  plat_mutex_unlock(&t->lock);
  return found;
}

/* ---- timers ------------------------------------------------------------------------------------- */

VOID NTAPI KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type) {
  Timer->Header.Type = Type == SynchronizationTimer ? 9 : 8;
  Timer->Header.Size = (UCHAR)(sizeof(KTIMER) / sizeof(LONG));
  Timer->Header.SignalState = 0;
  Timer->Header.WaitListHead.Flink = Timer->Header.WaitListHead.Blink = &Timer->Header.WaitListHead;
  Timer->DueTime.QuadPart = 0;
  Timer->TimerListEntry.Flink = Timer->TimerListEntry.Blink = NULL;
  Timer->Dpc = NULL;
  Timer->Period = 0;
}

VOID NTAPI KeInitializeTimer(PKTIMER Timer) {
  KeInitializeTimerEx(Timer, NotificationTimer);
}

/* With the lock held: unlinks and frees the timer's record. */
static bool disarm(struct ke_timers *t, PKTIMER timer) {
  struct armed_timer *record = (struct armed_timer *)timer->TimerListEntry.Flink;
  if (record == NULL) return false;
  for (struct armed_timer **link = &t->timers; *link != NULL; link = &(*link)->next)
    if (*link == record) {
      *link = record->next;
      free(record);
      timer->TimerListEntry.Flink = NULL;
      return true;
    }
  timer->TimerListEntry.Flink = NULL;
  return false;
}

BOOLEAN NTAPI KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc) {
  struct ke_timers *t = timers_of_current();
  if (t == NULL) return FALSE;
  struct armed_timer *record = malloc(sizeof *record);
  if (record == NULL) return FALSE;
  int64_t now = sim_clock_now(t->sim);
  plat_mutex_lock(&t->lock);
  bool was_set = disarm(t, Timer);
  ke_signal_object(&Timer->Header, 0);
  *record = (struct armed_timer){t->timers, Timer, ke_due_time(now, DueTime.QuadPart), Period, Dpc,
                                 ke_thread()->driver};
  Timer->DueTime.QuadPart = (ULONGLONG)record->due;
  Timer->Period = (ULONG)Period;
  Timer->Dpc = Dpc;
  Timer->TimerListEntry.Flink = (PLIST_ENTRY)record;
  t->timers = record;
  publish_work(t);
  plat_cond_broadcast(&t->wake);
  plat_mutex_unlock(&t->lock);
  return was_set ? TRUE : FALSE;
}

BOOLEAN NTAPI KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc) {
  return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}

BOOLEAN NTAPI KeCancelTimer(PKTIMER Timer) {
  struct ke_timers *t = timers_of_current();
  if (t == NULL) return FALSE;
  plat_mutex_lock(&t->lock);
  bool was_set = disarm(t, Timer);
  publish_work(t);
  plat_mutex_unlock(&t->lock);
  return was_set ? TRUE : FALSE;
}

BOOLEAN NTAPI KeReadStateTimer(PKTIMER Timer) {
  return ke_read_state(&Timer->Header) > 0 ? TRUE : FALSE;
}
