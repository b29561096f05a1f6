/*
 * irql.c - IRQL, tracked per thread, and spin locks, which raise it.
 *
 * wmisim's threads are ordinary threads, so IRQL does not mask anything;
 * it is bookkeeping that lets the checking mode see a routine called at the
 * wrong level, and spin locks spin for real.
 */
#include "check/check.h"
#include "core/sim.h"
#include "ke/thread.h"
#include "platform/atomic.h"
#include "platform/platform.h"

KIRQL NTAPI KeGetCurrentIrql(VOID) {
  return ke_thread()->irql;
}

KIRQL NTAPI KfRaiseIrql(KIRQL NewIrql) {
  struct kthread *thread = ke_thread();
  KIRQL old = thread->irql;
  if (NewIrql < old) {
    check_report(sim_current(), CHECK_IRQL_RAISE_LOWER, NULL,
                 "KeRaiseIrql from %u to the lower IRQL %u (bug check 0x09 on Windows)", old, NewIrql);
    return old;
  }
  thread->irql = NewIrql;
  return old;
}

VOID NTAPI KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql) {
  *OldIrql = KfRaiseIrql(NewIrql);
}

VOID NTAPI KeLowerIrql(KIRQL NewIrql) {
  struct kthread *thread = ke_thread();
  if (NewIrql > thread->irql) {
    check_report(sim_current(), CHECK_IRQL_RAISE_LOWER, NULL,
                 "KeLowerIrql from %u to the higher IRQL %u", thread->irql, NewIrql);
    return;
  }
  thread->irql = NewIrql;
}

KIRQL NTAPI KeRaiseIrqlToDpcLevel(VOID) {
  return KfRaiseIrql(DISPATCH_LEVEL);
}

KIRQL NTAPI KeRaiseIrqlToSynchLevel(VOID) {
  return KfRaiseIrql(SYNCH_LEVEL);
}

void wmisim_call_at_irql(KIRQL irql, void (*routine)(void *context), void *context) {
  struct kthread *thread = ke_thread();
  KIRQL old = thread->irql;
  thread->irql = irql;
  routine(context);
  thread->irql = old;
}

/* ---- spin locks: 0 when free, the owner's kthread address when held ------------------------ */

VOID NTAPI KeInitializeSpinLock(PKSPIN_LOCK SpinLock) {
  *SpinLock = 0;
}

/* A recursive acquisition would deadlock: it is reported and skipped. */
void ke_spin_acquire(PKSPIN_LOCK lock, struct kthread *thread) {
  void *volatile *word = (void *volatile *)lock;
  ke_clock_forget(thread);
  if (atomic_load_ptr(word) == thread) {
    check_report(sim_current(), CHECK_SPIN_LOCK_OWNED, NULL,
                 "spin lock %p acquired again by the thread that holds it", (void *)lock);
    return;
  }
  unsigned spins = 0;
  while (!atomic_cas_ptr(word, NULL, thread)) {
    if (++spins % 64 == 0) plat_yield();
  }
}

void ke_spin_release(PKSPIN_LOCK lock, struct kthread *thread) {
  void *volatile *word = (void *volatile *)lock;
  if (!atomic_cas_ptr(word, thread, NULL))
    check_report(sim_current(), CHECK_SPIN_LOCK_NOT_OWNED, NULL,
                 "spin lock %p released by a thread that does not hold it", (void *)lock);
}

KIRQL NTAPI KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock) {
  struct kthread *thread = ke_thread();
  if (thread->irql > DISPATCH_LEVEL)
    check_irql_violation(sim_current(), "KeAcquireSpinLock", thread->irql, DISPATCH_LEVEL);
  KIRQL old = thread->irql;
  thread->irql = DISPATCH_LEVEL;
  ke_spin_acquire(SpinLock, thread);
  return old;
}

VOID NTAPI KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql) {
  struct kthread *thread = ke_thread();
  ke_spin_release(SpinLock, thread);
  thread->irql = NewIrql;
}

VOID NTAPI KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock) {
  struct kthread *thread = ke_thread();
  if (thread->irql < DISPATCH_LEVEL) {
    /* Too low, not too high: check_irql_violation would say "requires IRQL
     * <= 2". The rule is the same IRQL rule (DDI compliance IrqlDispatch). */
    struct check_site site = {NULL, NULL, "KeAcquireSpinLockAtDpcLevel"};
    check_report(sim_current(), CHECK_IRQL_TOO_HIGH, &site,
                 "KeAcquireSpinLockAtDpcLevel called at IRQL %u; it requires DISPATCH_LEVEL", thread->irql);
  }
  ke_spin_acquire(SpinLock, thread);
}

VOID NTAPI KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock) {
  ke_spin_release(SpinLock, ke_thread());
}

BOOLEAN NTAPI KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock) {
  struct kthread *thread = ke_thread();
  ke_clock_forget(thread);
  return atomic_cas_ptr((void *volatile *)SpinLock, NULL, thread) ? TRUE : FALSE;
}

BOOLEAN NTAPI KeTestSpinLock(PKSPIN_LOCK SpinLock) {
  return atomic_load_ptr((void *const volatile *)SpinLock) == NULL ? TRUE : FALSE;
}

VOID NTAPI KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle) {
  LockHandle->LockQueue.Lock = SpinLock;
  LockHandle->LockQueue.Next = NULL;
  LockHandle->OldIrql = KeAcquireSpinLockRaiseToDpc(SpinLock);
}

VOID NTAPI KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle) {
  KeReleaseSpinLock(LockHandle->LockQueue.Lock, LockHandle->OldIrql);
}

VOID NTAPI KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle) {
  LockHandle->LockQueue.Lock = SpinLock;
  LockHandle->LockQueue.Next = NULL;
  KeAcquireSpinLockAtDpcLevel(SpinLock);
}

VOID NTAPI KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle) {
  KeReleaseSpinLockFromDpcLevel(LockHandle->LockQueue.Lock);
}
