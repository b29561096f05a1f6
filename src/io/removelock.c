/*
 * removelock.c - remove locks: a count of requests in progress that
 * IRP_MN_REMOVE_DEVICE waits to drain.
 *
 * IoCount starts at 1, a bias released by IoReleaseRemoveLockAndWait, so
 * the count reaches zero only after removal has begun and every holder has
 * released. Acquisitions and releases are also counted in the calling
 * thread's dispatch frame for the RemoveLockReleaseSystemControl rule.
 */
#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "platform/atomic.h"

/* Removed is read by IRPs arriving on other threads while removal sets it. */
static bool removed(PIO_REMOVE_LOCK lock) {
  return atomic_load_u8(&lock->Common.Removed) != FALSE;
}

static void count_in_frame(int delta) {
  struct io_frame *frame = ke_thread()->frame;
  if (frame != NULL) frame->remove_lock_balance += delta;
}

VOID NTAPI IoInitializeRemoveLockEx(PIO_REMOVE_LOCK Lock, ULONG AllocateTag, ULONG MaxLockedMinutes,
                                    ULONG HighWatermark, ULONG RemlockSize) {
  (void)AllocateTag;
  (void)MaxLockedMinutes;
  (void)HighWatermark;
  if (RemlockSize < sizeof(IO_REMOVE_LOCK_COMMON_BLOCK)) return;
  atomic_store_u8(&Lock->Common.Removed, FALSE);
  Lock->Common.IoCount = 1;
  KeInitializeEvent(&Lock->Common.RemoveEvent, NotificationEvent, FALSE);
}

NTSTATUS NTAPI IoAcquireRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, PCSTR File, ULONG Line,
                                     ULONG RemlockSize) {
  (void)Tag;
  (void)File;
  (void)Line;
  (void)RemlockSize;
  InterlockedIncrement(&RemoveLock->Common.IoCount);
  if (removed(RemoveLock)) {
    if (InterlockedDecrement(&RemoveLock->Common.IoCount) == 0)
      KeSetEvent(&RemoveLock->Common.RemoveEvent, IO_NO_INCREMENT, FALSE);
    return STATUS_DELETE_PENDING;
  }
  count_in_frame(1);
  return STATUS_SUCCESS;
}

static void release(PIO_REMOVE_LOCK lock, PVOID tag, const char *routine) {
  LONG count = InterlockedDecrement(&lock->Common.IoCount);
  if (count == 0) {
    if (!removed(lock)) {
      struct check_site site = {NULL, NULL, routine};
      check_report(sim_current(), CHECK_REMOVE_LOCK_MISUSE, &site,
                   "remove lock %p released more times than acquired (tag %p)", (void *)lock, tag);
    }
    KeSetEvent(&lock->Common.RemoveEvent, IO_NO_INCREMENT, FALSE);
  } else if (count < 0) {
    struct check_site site = {NULL, NULL, routine};
    check_report(sim_current(), CHECK_REMOVE_LOCK_MISUSE, &site,
                 "remove lock %p released after it drained (count %ld, tag %p)", (void *)lock, (long)count, tag);
  }
}

VOID NTAPI IoReleaseRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize) {
  (void)RemlockSize;
  count_in_frame(-1);
  release(RemoveLock, Tag, "IoReleaseRemoveLock");
}

/* Waits for the other holders to release. An acquisition never released
 * would hang removal on Windows; the wait is bounded by the drain bound
 * and the leak reported. */
static void wait_for_holders(PIO_REMOVE_LOCK lock) {
  struct wmisim *sim = sim_current();
  uint32_t bound = sim != NULL ? sim->options.drain_timeout_ms : 10000;
  LARGE_INTEGER timeout;
  timeout.QuadPart = -(LONGLONG)bound * 10000;
  if (KeWaitForSingleObject(&lock->Common.RemoveEvent, Executive, KernelMode, FALSE, &timeout) != STATUS_TIMEOUT)
    return;
  struct check_site site = {NULL, NULL, "IoReleaseRemoveLockAndWait"};
  check_report(sim, CHECK_REMOVE_LOCK_MISUSE, &site,
               "IoReleaseRemoveLockAndWait waited %u ms for remove lock %p; %ld acquisition(s) were never released "
               "(on Windows removal hangs)",
               bound, (void *)lock, (long)InterlockedCompareExchange(&lock->Common.IoCount, 0, 0));
}

VOID NTAPI IoReleaseRemoveLockAndWaitEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize) {
  (void)RemlockSize;
  struct kthread *thread = ke_thread();
  if (thread->irql > PASSIVE_LEVEL)
    check_irql_violation(sim_current(), "IoReleaseRemoveLockAndWait", thread->irql, PASSIVE_LEVEL);
  if (removed(RemoveLock)) {
    struct check_site site = {NULL, NULL, "IoReleaseRemoveLockAndWait"};
    check_report(sim_current(), CHECK_REMOVE_LOCK_MISUSE, &site, "IoReleaseRemoveLockAndWait called twice on %p",
                 (void *)RemoveLock);
    return;
  }
  atomic_store_u8(&RemoveLock->Common.Removed, TRUE);
  if (InterlockedCompareExchange(&RemoveLock->Common.IoCount, 0, 0) < 2) {
    /* Only the bias is left: the caller never acquired the lock it releases. */
    struct check_site site = {NULL, NULL, "IoReleaseRemoveLockAndWait"};
    check_report(sim_current(), CHECK_REMOVE_LOCK_MISUSE, &site,
                 "IoReleaseRemoveLockAndWait on %p without a matching IoAcquireRemoveLock", (void *)RemoveLock);
  } else {
    count_in_frame(-1);
    release(RemoveLock, Tag, "IoReleaseRemoveLockAndWait"); /* the caller's own acquisition */
  }
  if (InterlockedDecrement(&RemoveLock->Common.IoCount) > 0) /* the initial bias */
    wait_for_holders(RemoveLock);
}
