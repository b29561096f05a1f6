/*
 * objects.c - events, semaphores, kernel mutexes and fast mutexes.
 */
#include "check/check.h"
#include "core/sim.h"
#include "ke/dispatcher.h"
#include "ke/thread.h"
#include "platform/atomic.h"

static void init_header(DISPATCHER_HEADER *header, UCHAR type, UCHAR size_in_longs, LONG state) {
  header->Lock = 0;
  header->Type = type;
  header->Size = size_in_longs;
  header->SignalState = state;
  header->WaitListHead.Flink = header->WaitListHead.Blink = &header->WaitListHead;
}

VOID NTAPI KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State) {
  init_header(&Event->Header, Type == SynchronizationEvent ? KE_EVENT_SYNCHRONIZATION : KE_EVENT_NOTIFICATION,
              (UCHAR)(sizeof(KEVENT) / sizeof(LONG)), State ? 1 : 0);
}

LONG NTAPI KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait) {
  (void)Increment;
  (void)Wait;
  struct kthread *thread = ke_thread();
  if (thread->irql > DISPATCH_LEVEL) check_irql_violation(sim_current(), "KeSetEvent", thread->irql, DISPATCH_LEVEL);
  return ke_signal_object(&Event->Header, 1);
}

LONG NTAPI KeResetEvent(PRKEVENT Event) {
  return ke_signal_object(&Event->Header, 0);
}

VOID NTAPI KeClearEvent(PRKEVENT Event) {
  ke_signal_object(&Event->Header, 0);
}

LONG NTAPI KeReadStateEvent(PRKEVENT Event) {
  return ke_read_state(&Event->Header);
}

/* Setting then resetting would release nobody: a woken waiter finds the
 * event reset again. The dispatcher satisfies the parked waiters instead. */
LONG NTAPI KePulseEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait) {
  (void)Increment;
  (void)Wait;
  struct kthread *thread = ke_thread();
  if (thread->irql > DISPATCH_LEVEL) check_irql_violation(sim_current(), "KePulseEvent", thread->irql, DISPATCH_LEVEL);
  return ke_pulse_object(&Event->Header, Event->Header.Type == KE_EVENT_NOTIFICATION);
}

VOID NTAPI KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit) {
  init_header(&Semaphore->Header, KE_SEMAPHORE, (UCHAR)(sizeof(KSEMAPHORE) / sizeof(LONG)), Count);
  Semaphore->Limit = Limit;
}

struct semaphore_release {
  LONG adjustment;
  LONG previous;
  bool exceeded;
};

static void release_semaphore(void *key, void *context) {
  KSEMAPHORE *semaphore = key;
  struct semaphore_release *release = context;
  release->previous = semaphore->Header.SignalState;
  if (release->adjustment <= 0 || release->previous > semaphore->Limit - release->adjustment) {
    release->exceeded = true;
    return;
  }
  semaphore->Header.SignalState += release->adjustment;
}

LONG NTAPI KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment, LONG Adjustment, BOOLEAN Wait) {
  (void)Increment;
  (void)Wait;
  struct semaphore_release release = {Adjustment, 0, false};
  ke_unpark_all(Semaphore, release_semaphore, &release);
  if (release.exceeded)
    check_report(sim_current(), CHECK_SEMAPHORE_LIMIT, NULL,
                 "KeReleaseSemaphore(%p, adjustment %ld) past the semaphore's limit", (void *)Semaphore,
                 (long)Adjustment);
  return release.previous;
}

LONG NTAPI KeReadStateSemaphore(PRKSEMAPHORE Semaphore) {
  return ke_read_state(&Semaphore->Header);
}

VOID NTAPI KeInitializeMutex(PRKMUTEX Mutex, ULONG Level) {
  (void)Level;
  init_header(&Mutex->Header, KE_MUTANT, (UCHAR)(sizeof(KMUTEX) / sizeof(LONG)), 1);
  Mutex->MutantListEntry.Flink = Mutex->MutantListEntry.Blink = &Mutex->MutantListEntry;
  Mutex->OwnerThread = NULL;
  Mutex->Abandoned = FALSE;
  Mutex->ApcDisable = 1;
}

struct mutex_release {
  PKTHREAD caller;
  LONG previous;
  bool not_owner;
};

static void release_mutex(void *key, void *context) {
  KMUTEX *mutex = key;
  struct mutex_release *release = context;
  release->previous = mutex->Header.SignalState;
  if (mutex->OwnerThread != release->caller) {
    release->not_owner = true;
    return;
  }
  if (++mutex->Header.SignalState > 0) mutex->OwnerThread = NULL;
}

LONG NTAPI KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait) {
  (void)Wait;
  struct mutex_release release = {KeGetCurrentThread(), 0, false};
  ke_unpark_all(&Mutex->Header, release_mutex, &release);
  if (release.not_owner)
    check_report(sim_current(), CHECK_MUTEX_NOT_OWNED, NULL,
                 "KeReleaseMutex(%p) by a thread that does not own it", (void *)Mutex);
  return release.previous;
}

LONG NTAPI KeReadStateMutex(PRKMUTEX Mutex) {
  return ke_read_state(&Mutex->Header);
}

/* ---- fast mutexes: Count 1 is free; the owner runs at APC_LEVEL ------------------------------ */

/* Owner changes under the mutex's bucket lock, but the owner checks read it
 * without: a thread only compares it with itself, which no other thread
 * can make true or false under it. Atomic access keeps that race benign. */
static PKTHREAD fast_mutex_owner(PFAST_MUTEX mutex) {
  return atomic_load_ptr((void *const volatile *)&mutex->Owner);
}

static void set_fast_mutex_owner(PFAST_MUTEX mutex, PKTHREAD owner) {
  atomic_store_ptr((void *volatile *)&mutex->Owner, owner);
}

VOID NTAPI ExInitializeFastMutex(PFAST_MUTEX FastMutex) {
  FastMutex->Count = 1;
  FastMutex->Owner = NULL;
  FastMutex->Contention = 0;
  KeInitializeEvent(&FastMutex->Event, SynchronizationEvent, FALSE);
  FastMutex->OldIrql = PASSIVE_LEVEL;
}

static bool fast_mutex_free(void *key, void *context) {
  PFAST_MUTEX mutex = key;
  if (mutex->Count != 1) {
    mutex->Contention++;
    return false;
  }
  mutex->Count = 0;
  set_fast_mutex_owner(mutex, (PKTHREAD)context);
  return true;
}

static void acquire_fast_mutex(PFAST_MUTEX FastMutex, bool raise, const char *routine) {
  struct kthread *thread = ke_thread();
  if (thread->irql > APC_LEVEL) check_irql_violation(sim_current(), routine, thread->irql, APC_LEVEL);
  if (fast_mutex_owner(FastMutex) == (PKTHREAD)thread) {
    check_report(sim_current(), CHECK_MUTEX_RECURSION, NULL,
                 "%s: fast mutex %p acquired again by its owner (a deadlock on Windows)", routine,
                 (void *)FastMutex);
    return;
  }
  KIRQL old = thread->irql;
  ke_park(FastMutex, fast_mutex_free, thread, UINT64_MAX);
  if (raise) {
    FastMutex->OldIrql = old;
    if (thread->irql < APC_LEVEL) thread->irql = APC_LEVEL;
  }
}

static void mark_fast_mutex_free(void *key, void *context) {
  (void)context;
  PFAST_MUTEX mutex = key;
  set_fast_mutex_owner(mutex, NULL);
  mutex->Count = 1;
}

static void release_fast_mutex(PFAST_MUTEX FastMutex, bool lower) {
  struct kthread *thread = ke_thread();
  if (fast_mutex_owner(FastMutex) != (PKTHREAD)thread) {
    check_report(sim_current(), CHECK_MUTEX_NOT_OWNED, NULL,
                 "fast mutex %p released by a thread that does not own it", (void *)FastMutex);
    return;
  }
  KIRQL old = (KIRQL)FastMutex->OldIrql;
  ke_unpark_all(FastMutex, mark_fast_mutex_free, NULL);
  if (lower) thread->irql = old;
}

VOID FASTCALL ExAcquireFastMutex(PFAST_MUTEX FastMutex) {
  acquire_fast_mutex(FastMutex, true, "ExAcquireFastMutex");
}

VOID FASTCALL ExReleaseFastMutex(PFAST_MUTEX FastMutex) {
  release_fast_mutex(FastMutex, true);
}

VOID FASTCALL ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex) {
  acquire_fast_mutex(FastMutex, false, "ExAcquireFastMutexUnsafe");
}

VOID FASTCALL ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex) {
  release_fast_mutex(FastMutex, false);
}

/* ---- guarded mutexes: a fast mutex held in a guarded region, IRQL unchanged ------------------- */

VOID NTAPI KeInitializeGuardedMutex(PKGUARDED_MUTEX Mutex) {
  ExInitializeFastMutex(Mutex);
}

VOID NTAPI KeAcquireGuardedMutex(PKGUARDED_MUTEX Mutex) {
  KeEnterGuardedRegion();
  acquire_fast_mutex(Mutex, false, "KeAcquireGuardedMutex");
}

VOID NTAPI KeReleaseGuardedMutex(PKGUARDED_MUTEX Mutex) {
  release_fast_mutex(Mutex, false);
  KeLeaveGuardedRegion();
}

VOID NTAPI KeAcquireGuardedMutexUnsafe(PKGUARDED_MUTEX FastMutex) {
  acquire_fast_mutex(FastMutex, false, "KeAcquireGuardedMutexUnsafe");
}

VOID NTAPI KeReleaseGuardedMutexUnsafe(PKGUARDED_MUTEX FastMutex) {
  release_fast_mutex(FastMutex, false);
}

struct fast_mutex_attempt {
  PKTHREAD thread;
  bool got;
};

static bool fast_mutex_try(void *key, void *context) {
  struct fast_mutex_attempt *attempt = context;
  PFAST_MUTEX mutex = key;
  if (mutex->Count == 1) {
    mutex->Count = 0;
    set_fast_mutex_owner(mutex, attempt->thread);
    attempt->got = true;
  }
  return true;
}

static bool try_fast_mutex(PFAST_MUTEX FastMutex, struct kthread *thread) {
  struct fast_mutex_attempt attempt = {(PKTHREAD)thread, false};
  ke_park(FastMutex, fast_mutex_try, &attempt, UINT64_MAX);
  return attempt.got;
}

BOOLEAN FASTCALL ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex) {
  struct kthread *thread = ke_thread();
  KIRQL old = thread->irql;
  if (!try_fast_mutex(FastMutex, thread)) return FALSE;
  FastMutex->OldIrql = old;
  if (thread->irql < APC_LEVEL) thread->irql = APC_LEVEL;
  return TRUE;
}

BOOLEAN NTAPI KeTryToAcquireGuardedMutex(PKGUARDED_MUTEX Mutex) {
  KeEnterGuardedRegion();
  if (try_fast_mutex(Mutex, ke_thread())) return TRUE;
  KeLeaveGuardedRegion();
  return FALSE;
}
