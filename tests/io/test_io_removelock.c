/*
 * test_io_removelock.c - remove locks: balanced use, release-and-wait
 * blocking until the last holder releases (real threads), acquisition
 * after removal, and the misuse the checking mode reports.
 */
#include "io_test.h"

#define TAG ((PVOID)(uintptr_t)0x6b636f4c) /* any address-sized tag */

static void test_balanced_acquire_and_release_leaves_the_lock_idle(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  IO_REMOVE_LOCK lock;
  IoInitializeRemoveLock(&lock, 'tseT', 0, 0);
  assert_int_equal(IoAcquireRemoveLock(&lock, TAG), STATUS_SUCCESS);
  assert_int_equal(IoAcquireRemoveLock(&lock, TAG), STATUS_SUCCESS);
  IoReleaseRemoveLock(&lock, TAG);
  IoReleaseRemoveLock(&lock, TAG);
  /* The remove path: acquire, then release-and-wait returns at once with no other holder. */
  assert_int_equal(IoAcquireRemoveLock(&lock, TAG), STATUS_SUCCESS);
  IoReleaseRemoveLockAndWait(&lock, TAG);
  assert_true(lock.Common.Removed);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_acquisition_after_removal_returns_delete_pending(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  IO_REMOVE_LOCK lock;
  IoInitializeRemoveLock(&lock, 'tseT', 0, 0);
  assert_int_equal(IoAcquireRemoveLock(&lock, TAG), STATUS_SUCCESS);
  IoReleaseRemoveLockAndWait(&lock, TAG);
  assert_int_equal(IoAcquireRemoveLock(&lock, TAG), STATUS_DELETE_PENDING);
  assert_int_equal(IoAcquireRemoveLock(&lock, TAG), STATUS_DELETE_PENDING);
  wmisim_destroy(sim);
  assert_no_violations();
}

/* A holder on one system thread, release-and-wait on another. */
static struct {
  IO_REMOVE_LOCK lock;
  KEVENT acquired;          /* the holder holds the lock */
  KEVENT let_go;            /* the test lets the holder release */
  volatile LONG holder_released;
  volatile LONG waiter_returned;
  LONG released_when_waiter_returned;
  NTSTATUS holder_acquire, waiter_acquire; /* threads never assert: cmocka fails on the test's thread */
} remlock;

static VOID NTAPI holder_thread(PVOID Context) {
  (void)Context;
  remlock.holder_acquire = IoAcquireRemoveLock(&remlock.lock, TAG);
  KeSetEvent(&remlock.acquired, IO_NO_INCREMENT, FALSE);
  KeWaitForSingleObject(&remlock.let_go, Executive, KernelMode, FALSE, NULL);
  InterlockedExchange(&remlock.holder_released, 1);
  IoReleaseRemoveLock(&remlock.lock, TAG);
}

static VOID NTAPI waiter_thread(PVOID Context) {
  (void)Context;
  remlock.waiter_acquire = IoAcquireRemoveLock(&remlock.lock, TAG);
  IoReleaseRemoveLockAndWait(&remlock.lock, TAG);
  remlock.released_when_waiter_returned = remlock.holder_released;
  InterlockedExchange(&remlock.waiter_returned, 1);
}

static void join(HANDLE handle) {
  PVOID thread;
  assert_int_equal(ObReferenceObjectByHandle(handle, SYNCHRONIZE, NULL, KernelMode, &thread, NULL), STATUS_SUCCESS);
  KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL);
  ObDereferenceObject(thread);
  ZwClose(handle);
}

static void test_release_and_wait_blocks_until_the_last_holder_releases(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  memset(&remlock, 0, sizeof remlock);
  IoInitializeRemoveLock(&remlock.lock, 'tseT', 0, 0);
  KeInitializeEvent(&remlock.acquired, NotificationEvent, FALSE);
  KeInitializeEvent(&remlock.let_go, NotificationEvent, FALSE);
  HANDLE holder, waiter;
  assert_int_equal(PsCreateSystemThread(&holder, GENERIC_ALL, NULL, NULL, NULL, holder_thread, NULL), STATUS_SUCCESS);
  KeWaitForSingleObject(&remlock.acquired, Executive, KernelMode, FALSE, NULL);
  assert_int_equal(PsCreateSystemThread(&waiter, GENERIC_ALL, NULL, NULL, NULL, waiter_thread, NULL), STATUS_SUCCESS);
  /* Once acquisitions fail the waiter is in IoReleaseRemoveLockAndWait; it
   * cannot return while the holder holds the lock. */
  LARGE_INTEGER tick = {.QuadPart = -10000};
  while (IoAcquireRemoveLock(&remlock.lock, TAG) == STATUS_SUCCESS) {
    IoReleaseRemoveLock(&remlock.lock, TAG);
    KeDelayExecutionThread(KernelMode, FALSE, &tick);
  }
  for (int i = 0; i < 20; i++) KeDelayExecutionThread(KernelMode, FALSE, &tick);
  assert_int_equal(InterlockedCompareExchange(&remlock.waiter_returned, 0, 0), 0);
  KeSetEvent(&remlock.let_go, IO_NO_INCREMENT, FALSE);
  join(waiter);
  join(holder);
  assert_int_equal(remlock.holder_acquire, STATUS_SUCCESS);
  assert_int_equal(remlock.waiter_acquire, STATUS_SUCCESS);
  assert_int_equal(remlock.waiter_returned, 1);
  assert_int_equal(remlock.released_when_waiter_returned, 1);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_releasing_more_than_acquired_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  IO_REMOVE_LOCK lock;
  IoInitializeRemoveLock(&lock, 'tseT', 0, 0);
  assert_int_equal(IoAcquireRemoveLock(&lock, TAG), STATUS_SUCCESS);
  IoReleaseRemoveLock(&lock, TAG);
  assert_no_violations();
  IoReleaseRemoveLock(&lock, TAG);
  assert_only_violation("RemoveLockMisuse");
  wmisim_destroy(sim);
}

static void test_release_and_wait_twice_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  IO_REMOVE_LOCK lock;
  IoInitializeRemoveLock(&lock, 'tseT', 0, 0);
  assert_int_equal(IoAcquireRemoveLock(&lock, TAG), STATUS_SUCCESS);
  IoReleaseRemoveLockAndWait(&lock, TAG);
  IoReleaseRemoveLockAndWait(&lock, TAG);
  assert_only_violation("RemoveLockMisuse");
  wmisim_destroy(sim);
}

static void test_release_and_wait_without_acquiring_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  IO_REMOVE_LOCK lock;
  IoInitializeRemoveLock(&lock, 'tseT', 0, 0);
  IoReleaseRemoveLockAndWait(&lock, TAG); /* returns: nobody else holds it */
  assert_only_violation("RemoveLockMisuse");
  assert_true(lock.Common.Removed);
  assert_int_equal(IoAcquireRemoveLock(&lock, TAG), STATUS_DELETE_PENDING);
  wmisim_destroy(sim);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_balanced_acquire_and_release_leaves_the_lock_idle),
    cmocka_unit_test(test_acquisition_after_removal_returns_delete_pending),
    cmocka_unit_test(test_release_and_wait_blocks_until_the_last_holder_releases),
    cmocka_unit_test(test_releasing_more_than_acquired_is_reported),
    cmocka_unit_test(test_release_and_wait_twice_is_reported),
    cmocka_unit_test(test_release_and_wait_without_acquiring_is_reported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
