/*
 * dispatcher.c - events, semaphores, mutexes and the waits on them.
 *
 * Dispatcher objects live in driver memory and are never destroyed, so
 * they cannot own OS objects. A waiting thread instead parks on one of a
 * fixed set of lock/condition buckets chosen by the object's address; a
 * signal broadcasts that bucket. Waits on several objects use one more
 * lock/condition pair, touched only while such a wait is in progress.
 * KePulseEvent satisfies only single-object waiters: a multiple-object
 * waiter is not parked on the event's bucket (see docs/runtime.md).
 */
#include "ke/dispatcher.h"

#include "check/check.h"
#include "core/sim.h"
#include "ke/thread.h"
#include "ke/workers.h"
#include "platform/atomic.h"
#include "platform/platform.h"

#define BUCKET_COUNT 128

/* A thread parked in ke_park, on its stack, linked into its bucket while
 * it waits: a pulse satisfies the waiters that are parked at that moment. */
struct parked {
  struct parked *next;
  const void *key;
  bool pulsed;
};

struct bucket {
  plat_mutex_t lock;
  plat_cond_t cond;
  struct parked *parked;  /* newest first */
};

static struct bucket buckets[BUCKET_COUNT];
static plat_mutex_t multi_lock;
static plat_cond_t multi_cond;
static volatile int32_t multi_waiters;
static volatile int32_t init_state;

void ke_dispatcher_global_init(void) {
  if (atomic_load_i32(&init_state) == 2) return;
  if (atomic_cas_i32(&init_state, 0, 1)) {
    for (int i = 0; i < BUCKET_COUNT; i++) {
      plat_mutex_init(&buckets[i].lock);
      plat_cond_init(&buckets[i].cond);
    }
    plat_mutex_init(&multi_lock);
    plat_cond_init(&multi_cond);
    atomic_store_i32(&init_state, 2);
    return;
  }
  while (atomic_load_i32(&init_state) != 2) plat_yield();
}

static struct bucket *bucket_of(const void *object) {
  uintptr_t x = (uintptr_t)object;
  x ^= x >> 17;
  x *= (uintptr_t)0x9E3779B97F4A7C15ull;
  return &buckets[(x >> 7) % BUCKET_COUNT];
}

/* Called after a state change. A multiple-object waiter counts itself in
 * multi_waiters before it looks at the objects and holds multi_lock from
 * then until it sleeps on multi_cond, so either it sees the new state or
 * it is asleep when the broadcast below happens. The read is a full
 * read-modify-write so it cannot move before the state change. */
static void wake_multi_waiters(void) {
  if (atomic_add_i32(&multi_waiters, 0) == 0) return;
  plat_mutex_lock(&multi_lock);
  plat_cond_broadcast(&multi_cond);
  plat_mutex_unlock(&multi_lock);
}

LONG ke_signal_object(DISPATCHER_HEADER *header, LONG state) {
  ke_dispatcher_global_init();
  struct bucket *b = bucket_of(header);
  plat_mutex_lock(&b->lock);
  LONG previous = header->SignalState;
  header->SignalState = state;
  if (state > 0) plat_cond_broadcast(&b->cond);
  plat_mutex_unlock(&b->lock);
  if (state > 0) wake_multi_waiters();
  return previous;
}

LONG ke_pulse_object(DISPATCHER_HEADER *header, bool all) {
  ke_dispatcher_global_init();
  struct bucket *b = bucket_of(header);
  plat_mutex_lock(&b->lock);
  LONG previous = header->SignalState;
  /* With `all` every thread parked on the object is satisfied, else the
   * one that has waited longest (the last in the newest-first list). */
  struct parked *chosen = NULL;
  for (struct parked *p = b->parked; p != NULL; p = p->next) {
    if (p->key != header || p->pulsed) continue;
    if (all)
      p->pulsed = true;
    else
      chosen = p;
  }
  if (chosen != NULL) chosen->pulsed = true;
  header->SignalState = 0;
  plat_cond_broadcast(&b->cond);
  plat_mutex_unlock(&b->lock);
  return previous;
}

size_t ke_parked_count(const void *key) {
  ke_dispatcher_global_init();
  struct bucket *b = bucket_of(key);
  size_t count = 0;
  plat_mutex_lock(&b->lock);
  for (struct parked *p = b->parked; p != NULL; p = p->next)
    if (p->key == key) count++;
  plat_mutex_unlock(&b->lock);
  return count;
}

LONG ke_read_state(DISPATCHER_HEADER *header) {
  ke_dispatcher_global_init();
  struct bucket *b = bucket_of(header);
  plat_mutex_lock(&b->lock);
  LONG state = header->SignalState;
  plat_mutex_unlock(&b->lock);
  return state;
}

/* ---- waits -------------------------------------------------------------------------------- */

int64_t ke_due_time(int64_t now, LONGLONG due) {
  if (due >= 0) return due;
  int64_t interval = due == INT64_MIN ? INT64_MAX : -due;
  return interval > INT64_MAX - now ? INT64_MAX : now + interval;
}

uint64_t ke_host_deadline(int64_t interval_100ns) {
  if (interval_100ns <= 0) return plat_monotonic_ns();
  uint64_t now = plat_monotonic_ns();
  if ((uint64_t)interval_100ns > (UINT64_MAX - now) / 100u) return UINT64_MAX;
  return now + (uint64_t)interval_100ns * 100u;
}

uint64_t ke_deadline(const LARGE_INTEGER *timeout, int64_t *virtual_target) {
  struct wmisim *sim = sim_current();
  int64_t now = sim_clock_now(sim);
  *virtual_target = 0;
  if (timeout == NULL) return UINT64_MAX;
  int64_t target = ke_due_time(now, timeout->QuadPart);
  if (target < now) target = now;
  *virtual_target = target;
  return ke_host_deadline(target - now);
}

/* Whether `header` is signalled for `thread`; if so, takes it (auto-reset
 * events and timers reset, semaphores count down, mutexes gain an owner). */
static bool try_acquire(DISPATCHER_HEADER *header, struct kthread *thread) {
  switch (header->Type) {
  case KE_MUTANT: {
    KMUTANT *mutant = CONTAINING_RECORD(header, KMUTANT, Header);
    if (header->SignalState > 0 || mutant->OwnerThread == (PKTHREAD)thread) {
      header->SignalState--;
      mutant->OwnerThread = (PKTHREAD)thread;
      return true;
    }
    return false;
  }
  case KE_SEMAPHORE:
    if (header->SignalState <= 0) return false;
    header->SignalState--;
    return true;
  case KE_EVENT_SYNCHRONIZATION:
  case KE_TIMER_SYNCHRONIZATION:
    if (header->SignalState <= 0) return false;
    header->SignalState = 0;
    return true;
  default:
    return header->SignalState > 0;
  }
}

static void check_wait_irql(struct kthread *thread, const LARGE_INTEGER *timeout, const char *routine) {
  bool zero_timeout = timeout != NULL && timeout->QuadPart == 0;
  if (thread->irql > DISPATCH_LEVEL || (thread->irql == DISPATCH_LEVEL && !zero_timeout))
    check_irql_violation(sim_current(), routine, thread->irql, zero_timeout ? DISPATCH_LEVEL : APC_LEVEL);
}

static NTSTATUS finish_timeout(int64_t virtual_target) {
  struct wmisim *sim = sim_current();
  int64_t now = sim_clock_now(sim);
  if (virtual_target > now) sim_clock_step(sim, virtual_target - now);
  return STATUS_TIMEOUT;
}

/* Whether a wait's timeout has passed on a virtual clock that a test moved
 * on with wmisim_clock_advance (which wakes every waiter to look). */
static bool virtual_timeout_passed(int64_t virtual_target) {
  if (virtual_target == 0) return false;
  struct wmisim *sim = sim_current();
  return sim != NULL && sim->options.clock_mode == WMISIM_CLOCK_VIRTUAL && sim_clock_now(sim) >= virtual_target;
}

struct single_wait {
  struct kthread *thread;
  int64_t virtual_target;
  bool timed_out;
};

static bool acquired_or_timed_out(void *object, void *context) {
  struct single_wait *wait = context;
  if (try_acquire(object, wait->thread)) return true;
  wait->timed_out = virtual_timeout_passed(wait->virtual_target);
  return wait->timed_out;
}

NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
                                     BOOLEAN Alertable, PLARGE_INTEGER Timeout) {
  (void)WaitReason;
  (void)WaitMode;
  (void)Alertable;
  struct single_wait wait = {ke_thread(), 0, false};
  ke_clock_forget(wait.thread);
  check_wait_irql(wait.thread, Timeout, "KeWaitForSingleObject");
  uint64_t deadline = ke_deadline(Timeout, &wait.virtual_target);
  /* ke_park also returns true for a pulse, which satisfies the wait. */
  bool satisfied = ke_park(Object, acquired_or_timed_out, &wait, deadline) && !wait.timed_out;
  return satisfied ? STATUS_SUCCESS : finish_timeout(wait.virtual_target);
}

/* Whether `header` would satisfy a wait by `thread` (without taking it). */
static bool signalled_for(DISPATCHER_HEADER *header, struct kthread *thread) {
  return header->SignalState > 0 ||
         (header->Type == KE_MUTANT && CONTAINING_RECORD(header, KMUTANT, Header)->OwnerThread == (PKTHREAD)thread);
}

/* Locks the buckets of `objects`, each once and in address order (so two
 * such waits cannot deadlock); returns how many, in `held`. */
static size_t lock_buckets(ULONG count, PVOID objects[], struct bucket *held[MAXIMUM_WAIT_OBJECTS]) {
  size_t n = 0;
  for (ULONG i = 0; i < count; i++) {
    struct bucket *b = bucket_of(objects[i]);
    size_t at = 0;
    while (at < n && held[at] < b) at++;
    if (at < n && held[at] == b) continue;
    for (size_t j = n; j > at; j--) held[j] = held[j - 1];
    held[at] = b;
    n++;
  }
  for (size_t i = 0; i < n; i++) plat_mutex_lock(&held[i]->lock);
  return n;
}

static bool try_acquire_many(ULONG count, PVOID objects[], WAIT_TYPE type, struct kthread *thread,
                             NTSTATUS *status) {
  if (type == WaitAny) {
    for (ULONG i = 0; i < count; i++) {
      struct bucket *b = bucket_of(objects[i]);
      plat_mutex_lock(&b->lock);
      bool got = try_acquire(objects[i], thread);
      plat_mutex_unlock(&b->lock);
      if (got) {
        *status = (NTSTATUS)(STATUS_WAIT_0 + i);
        return true;
      }
    }
    return false;
  }
  /* WaitAll: check and take under every object's bucket lock at once, so
   * no other wait can take an object between the two. */
  struct bucket *held[MAXIMUM_WAIT_OBJECTS];
  size_t n = lock_buckets(count, objects, held);
  bool all = true;
  for (ULONG i = 0; i < count && all; i++) all = signalled_for(objects[i], thread);
  if (all)
    for (ULONG i = 0; i < count; i++) try_acquire(objects[i], thread);
  while (n > 0) plat_mutex_unlock(&held[--n]->lock);
  if (all) *status = STATUS_SUCCESS;
  return all;
}

NTSTATUS NTAPI KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
                                        KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                        PLARGE_INTEGER Timeout, PKWAIT_BLOCK WaitBlockArray) {
  (void)WaitReason;
  (void)WaitMode;
  (void)Alertable;
  ke_dispatcher_global_init();
  struct kthread *thread = ke_thread();
  ke_clock_forget(thread);
  if (Count == 0 || Count > MAXIMUM_WAIT_OBJECTS || (Count > THREAD_WAIT_OBJECTS && WaitBlockArray == NULL))
    sim_bugcheck(sim_current(), 0x0C, Count, 0, 0, 0, "MAXIMUM_WAIT_OBJECTS_EXCEEDED");
  check_wait_irql(thread, Timeout, "KeWaitForMultipleObjects");
  int64_t virtual_target;
  uint64_t deadline = ke_deadline(Timeout, &virtual_target);
  NTSTATUS status = STATUS_TIMEOUT;
  atomic_add_i32(&multi_waiters, 1);
  plat_mutex_lock(&multi_lock);
  bool blocked = false;
  while (!try_acquire_many(Count, Object, WaitType, thread, &status)) {
    if ((deadline != UINT64_MAX && plat_monotonic_ns() >= deadline) || virtual_timeout_passed(virtual_target)) {
      status = STATUS_TIMEOUT;
      break;
    }
    if (!blocked) {
      blocked = true;
      ke_workers_thread_blocking(thread);
    }
    if (deadline == UINT64_MAX)
      plat_cond_wait(&multi_cond, &multi_lock);
    else
      plat_cond_wait_until(&multi_cond, &multi_lock, deadline);
  }
  plat_mutex_unlock(&multi_lock);
  atomic_add_i32(&multi_waiters, -1);
  if (blocked) ke_workers_thread_unblocked(thread);
  return status == STATUS_TIMEOUT ? finish_timeout(virtual_target) : status;
}

NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Interval) {
  (void)WaitMode;
  (void)Alertable;
  struct kthread *thread = ke_thread();
  ke_clock_forget(thread);
  if (thread->irql > APC_LEVEL) check_irql_violation(sim_current(), "KeDelayExecutionThread", thread->irql, APC_LEVEL);
  struct wmisim *sim = sim_current();
  int64_t virtual_target;
  uint64_t deadline = ke_deadline(Interval, &virtual_target);
  if (sim != NULL && sim->options.clock_mode == WMISIM_CLOCK_VIRTUAL) {
    /* Virtual time: the delay passes at once, so runs stay fast and
     * reproducible; other threads still get the processor. */
    finish_timeout(virtual_target);
    plat_yield();
    return STATUS_SUCCESS;
  }
  uint64_t now = plat_monotonic_ns();
  if (deadline != UINT64_MAX && deadline > now) plat_sleep_ns(deadline - now);
  return STATUS_SUCCESS;
}

void ke_wake_all_waiters(void) {
  ke_dispatcher_global_init();
  for (int i = 0; i < BUCKET_COUNT; i++) {
    plat_mutex_lock(&buckets[i].lock);
    plat_cond_broadcast(&buckets[i].cond);
    plat_mutex_unlock(&buckets[i].lock);
  }
  plat_mutex_lock(&multi_lock);
  plat_cond_broadcast(&multi_cond);
  plat_mutex_unlock(&multi_lock);
}

/* ---- parking for non-dispatcher synchronisation ----------------------------------------------- */

static void unlink_parked(struct bucket *b, struct parked *record) {
  for (struct parked **link = &b->parked; *link != NULL; link = &(*link)->next)
    if (*link == record) {
      *link = record->next;
      return;
    }
}

bool ke_park(const void *key, bool (*ready)(void *key, void *context), void *context, uint64_t deadline) {
  ke_dispatcher_global_init();
  struct bucket *b = bucket_of(key);
  struct kthread *thread = ke_thread();
  ke_clock_forget(thread);
  struct parked record = {NULL, key, false};
  bool blocked = false, ok = true;
  plat_mutex_lock(&b->lock);
  while (!record.pulsed && !ready((void *)(uintptr_t)key, context)) {
    if (deadline != UINT64_MAX && plat_monotonic_ns() >= deadline) {
      ok = false;
      break;
    }
    if (!blocked) {
      blocked = true;
      record.next = b->parked;
      b->parked = &record;
      /* The workers' lock is taken inside the bucket lock here and never
       * the other way round. */
      ke_workers_thread_blocking(thread);
    }
    if (deadline == UINT64_MAX)
      plat_cond_wait(&b->cond, &b->lock);
    else
      plat_cond_wait_until(&b->cond, &b->lock, deadline);
  }
  if (blocked) unlink_parked(b, &record);
  plat_mutex_unlock(&b->lock);
  if (blocked) ke_workers_thread_unblocked(thread);
  return ok;
}

void ke_unpark_all(const void *key, void (*update)(void *key, void *context), void *context) {
  ke_dispatcher_global_init();
  struct bucket *b = bucket_of(key);
  plat_mutex_lock(&b->lock);
  if (update != NULL) update((void *)(uintptr_t)key, context);
  plat_cond_broadcast(&b->cond);
  plat_mutex_unlock(&b->lock);
  wake_multi_waiters(); /* the key may be a semaphore or mutex in a multiple-object wait */
}
