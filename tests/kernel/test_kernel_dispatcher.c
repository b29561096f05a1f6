/*
 * test_kernel_dispatcher.c - dispatcher objects and waits: notification and
 * synchronization events, timeouts, semaphores, kernel mutexes, fast
 * mutexes and waits on several objects.
 */
#include "kernel_test.h"

#include "ke/dispatcher.h"

/* Waits until `count` threads are blocked on `object`. */
static bool wait_until_parked(const void *object, size_t count) {
  time_t start = time(NULL);
  while (ke_parked_count(object) != count)
    if (time(NULL) - start > 10) return false;
  return true;
}

/* ---- events ---------------------------------------------------------------------------- */

struct waiter {
  PKEVENT event;
  volatile LONG started;
  volatile LONG woke;
  NTSTATUS status;
};

/* No assertions on other threads: CMocka's longjmp must stay on the
 * test's thread. The routine records; the test asserts after joining. */
static VOID NTAPI wait_for_event(PVOID context) {
  struct waiter *w = context;
  kt_set_flag(&w->started);
  w->status = KeWaitForSingleObject(w->event, Executive, KernelMode, FALSE, NULL);
  kt_set_flag(&w->woke);
}

static LONG woke(struct waiter *w) {
  return __atomic_load_n(&w->woke, __ATOMIC_SEQ_CST);
}

static void test_notification_event_stays_signalled_and_releases_every_waiter(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  struct waiter w[3];
  PVOID threads[3];
  for (int i = 0; i < 3; i++) {
    w[i] = (struct waiter){&event, 0, 0, STATUS_PENDING};
    threads[i] = kt_thread_start(wait_for_event, &w[i]);
  }
  for (int i = 0; i < 3; i++) assert_true(kt_wait_flag(&w[i].started));
  assert_int_equal(KeSetEvent(&event, IO_NO_INCREMENT, FALSE), 0);
  for (int i = 0; i < 3; i++) {
    kt_thread_join(threads[i]);
    assert_int_equal(w[i].status, STATUS_SUCCESS);
  }
  assert_int_equal(KeReadStateEvent(&event), 1);
  /* Still signalled: a later wait returns at once. */
  LARGE_INTEGER zero = {.QuadPart = 0};
  assert_int_equal(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
  assert_int_equal(KeResetEvent(&event), 1);
  assert_int_equal(KeReadStateEvent(&event), 0);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_synchronization_event_resets_after_releasing_one_waiter(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, SynchronizationEvent, FALSE);
  struct waiter w[2] = {{&event, 0, 0, STATUS_PENDING}, {&event, 0, 0, STATUS_PENDING}};
  PVOID threads[2] = {kt_thread_start(wait_for_event, &w[0]), kt_thread_start(wait_for_event, &w[1])};
  assert_true(wait_until_parked(&event, 2));

  KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
  /* Exactly one waiter wakes; the event is reset by its wait. */
  assert_true(wait_until_parked(&event, 1));
  time_t start = time(NULL);
  while (woke(&w[0]) + woke(&w[1]) == 0 && time(NULL) - start < 10) {
  }
  assert_int_equal(woke(&w[0]) + woke(&w[1]), 1);
  assert_int_equal(ke_parked_count(&event), 1);
  assert_int_equal(KeReadStateEvent(&event), 0);

  KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
  kt_thread_join(threads[0]);
  kt_thread_join(threads[1]);
  assert_int_equal(w[0].status, STATUS_SUCCESS);
  assert_int_equal(w[1].status, STATUS_SUCCESS);
  assert_int_equal(KeReadStateEvent(&event), 0);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_synchronization_event_signalled_without_waiters_satisfies_one_wait(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, SynchronizationEvent, TRUE);
  LARGE_INTEGER zero = {.QuadPart = 0};
  assert_int_equal(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
  assert_int_equal(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_set_event_from_another_thread_wakes_a_waiter(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  struct waiter w = {&event, 0, 0, STATUS_PENDING};
  PVOID thread = kt_thread_start(wait_for_event, &w);
  assert_true(kt_wait_flag(&w.started));
  assert_false(woke(&w));
  KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
  kt_thread_join(thread);
  assert_true(woke(&w));
  assert_int_equal(w.status, STATUS_SUCCESS);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_clear_event_makes_it_not_signalled(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, TRUE);
  assert_int_equal(KeReadStateEvent(&event), 1);
  KeClearEvent(&event);
  assert_int_equal(KeReadStateEvent(&event), 0);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_pulse_event_releases_every_parked_waiter_and_leaves_it_reset(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  struct waiter w[2] = {{&event, 0, 0, STATUS_PENDING}, {&event, 0, 0, STATUS_PENDING}};
  PVOID threads[2] = {kt_thread_start(wait_for_event, &w[0]), kt_thread_start(wait_for_event, &w[1])};
  assert_true(wait_until_parked(&event, 2));
  assert_int_equal(KePulseEvent(&event, IO_NO_INCREMENT, FALSE), 0);
  assert_int_equal(KeReadStateEvent(&event), 0);
  kt_thread_join(threads[0]);
  kt_thread_join(threads[1]);
  assert_int_equal(w[0].status, STATUS_SUCCESS);
  assert_int_equal(w[1].status, STATUS_SUCCESS);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_pulse_synchronization_event_releases_one_waiter(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, SynchronizationEvent, FALSE);
  struct waiter w[2] = {{&event, 0, 0, STATUS_PENDING}, {&event, 0, 0, STATUS_PENDING}};
  PVOID threads[2] = {kt_thread_start(wait_for_event, &w[0]), kt_thread_start(wait_for_event, &w[1])};
  assert_true(wait_until_parked(&event, 2));
  KePulseEvent(&event, IO_NO_INCREMENT, FALSE);
  assert_true(wait_until_parked(&event, 1));
  assert_int_equal(KeReadStateEvent(&event), 0);
  KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
  kt_thread_join(threads[0]);
  kt_thread_join(threads[1]);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_pulse_event_without_waiters_only_resets_it(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, TRUE);
  assert_int_equal(KePulseEvent(&event, IO_NO_INCREMENT, FALSE), 1);
  assert_int_equal(KeReadStateEvent(&event), 0);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- timeouts ---------------------------------------------------------------------------- */

static void test_wait_with_zero_timeout_polls(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  LARGE_INTEGER zero = {.QuadPart = 0};
  int64_t before = wmisim_clock_now(sim);
  assert_int_equal(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
  assert_int_equal(wmisim_clock_now(sim), before);
  KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
  assert_int_equal(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_wait_with_relative_timeout_times_out_and_moves_the_virtual_clock(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  LARGE_INTEGER timeout = kt_relative_ms(20);
  int64_t before = wmisim_clock_now(sim);
  assert_int_equal(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout), STATUS_TIMEOUT);
  assert_true(wmisim_clock_now(sim) >= before + 20 * 10000);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_wait_with_absolute_timeout_ends_at_that_system_time(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  LARGE_INTEGER now;
  KeQuerySystemTime(&now);
  LARGE_INTEGER deadline = {.QuadPart = now.QuadPart + 20 * 10000};
  assert_int_equal(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &deadline), STATUS_TIMEOUT);
  assert_true(wmisim_clock_now(sim) >= deadline.QuadPart);
  /* A deadline already past is a poll. */
  LARGE_INTEGER past = {.QuadPart = now.QuadPart - 10000};
  assert_int_equal(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &past), STATUS_TIMEOUT);
  kt_sim_destroy(sim);
  assert_no_violations();
}

struct long_waiter {
  PKEVENT event;
  LONGLONG timeout;
  NTSTATUS status;
};

static VOID NTAPI wait_very_long(PVOID context) {
  struct long_waiter *w = context;
  LARGE_INTEGER timeout = {.QuadPart = w->timeout};
  w->status = KeWaitForSingleObject(w->event, Executive, KernelMode, FALSE, &timeout);
}

/* MAXLONGLONG, relative or absolute, means "practically never": the wait
 * must not overflow into an immediate timeout. */
static void test_wait_with_the_largest_timeouts_waits_for_the_object(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  const LONGLONG timeouts[3] = {-MAXLONGLONG, MAXLONGLONG, -MAXLONGLONG - 1};
  for (int i = 0; i < 3; i++) {
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    struct long_waiter w = {&event, timeouts[i], STATUS_PENDING};
    PVOID thread = kt_thread_start(wait_very_long, &w);
    assert_true(wait_until_parked(&event, 1));
    KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
    kt_thread_join(thread);
    assert_int_equal(w.status, STATUS_SUCCESS);
  }
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_wait_at_dispatch_level_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, TRUE);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  assert_int_equal(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
  KeLowerIrql(old);
  assert_only_violation("IrqlTooHigh");
  assert_string_equal(kt_record.routine[0], "KeWaitForSingleObject");
  kt_sim_destroy(sim);
}

static void test_zero_timeout_wait_at_dispatch_level_is_allowed(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, TRUE);
  LARGE_INTEGER zero = {.QuadPart = 0};
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  assert_int_equal(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
  KeLowerIrql(old);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- semaphores ----------------------------------------------------------------------------- */

static void test_semaphore_counts_down_with_waits_and_up_with_releases(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KSEMAPHORE semaphore;
  KeInitializeSemaphore(&semaphore, 2, 3);
  LARGE_INTEGER zero = {.QuadPart = 0};
  assert_int_equal(KeWaitForSingleObject(&semaphore, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
  assert_int_equal(KeWaitForSingleObject(&semaphore, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
  assert_int_equal(KeWaitForSingleObject(&semaphore, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
  assert_int_equal(KeReadStateSemaphore(&semaphore), 0);
  assert_int_equal(KeReleaseSemaphore(&semaphore, IO_NO_INCREMENT, 3, FALSE), 0);
  assert_int_equal(KeReadStateSemaphore(&semaphore), 3);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_releasing_a_semaphore_past_its_limit_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KSEMAPHORE semaphore;
  KeInitializeSemaphore(&semaphore, 1, 2);
  assert_int_equal(KeReleaseSemaphore(&semaphore, IO_NO_INCREMENT, 2, FALSE), 1);
  assert_only_violation("SemaphoreLimit");
  assert_int_equal(KeReadStateSemaphore(&semaphore), 1);
  kt_sim_destroy(sim);
}

/* ---- kernel mutexes -------------------------------------------------------------------------- */

static void test_mutex_is_owned_recursively_until_released_as_often(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KMUTEX mutex;
  KeInitializeMutex(&mutex, 0);
  assert_int_equal(KeReadStateMutex(&mutex), 1);
  assert_int_equal(KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
  assert_int_equal(KeWaitForMutexObject(&mutex, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
  assert_ptr_equal(mutex.OwnerThread, KeGetCurrentThread());
  KeReleaseMutex(&mutex, FALSE);
  assert_ptr_equal(mutex.OwnerThread, KeGetCurrentThread());
  assert_true(KeReadStateMutex(&mutex) <= 0);
  KeReleaseMutex(&mutex, FALSE);
  assert_null(mutex.OwnerThread);
  assert_int_equal(KeReadStateMutex(&mutex), 1);
  kt_sim_destroy(sim);
  assert_no_violations();
}

struct mutex_probe {
  PKMUTEX mutex;
  NTSTATUS wait;
};

static VOID NTAPI release_mutex_elsewhere(PVOID context) {
  KeReleaseMutex(((struct mutex_probe *)context)->mutex, FALSE);
}

static VOID NTAPI poll_mutex_elsewhere(PVOID context) {
  struct mutex_probe *probe = context;
  LARGE_INTEGER zero = {.QuadPart = 0};
  probe->wait = KeWaitForSingleObject(probe->mutex, Executive, KernelMode, FALSE, &zero);
}

static void test_mutex_owned_by_one_thread_is_not_signalled_for_another(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KMUTEX mutex;
  KeInitializeMutex(&mutex, 0);
  KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, NULL);
  struct mutex_probe probe = {&mutex, STATUS_SUCCESS};
  kt_thread_join(kt_thread_start(poll_mutex_elsewhere, &probe));
  assert_int_equal(probe.wait, STATUS_TIMEOUT);
  KeReleaseMutex(&mutex, FALSE);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_releasing_a_mutex_from_another_thread_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KMUTEX mutex;
  KeInitializeMutex(&mutex, 0);
  KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, NULL);
  struct mutex_probe probe = {&mutex, STATUS_SUCCESS};
  kt_thread_join(kt_thread_start(release_mutex_elsewhere, &probe));
  assert_only_violation("MutexNotOwned");
  /* Still this thread's. */
  assert_ptr_equal(mutex.OwnerThread, KeGetCurrentThread());
  KeReleaseMutex(&mutex, FALSE);
  assert_int_equal(KeReadStateMutex(&mutex), 1);
  kt_sim_destroy(sim);
}

/* ---- fast mutexes ----------------------------------------------------------------------------- */

static void test_fast_mutex_raises_to_apc_level_and_release_restores(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  FAST_MUTEX mutex;
  ExInitializeFastMutex(&mutex);
  ExAcquireFastMutex(&mutex);
  assert_int_equal(KeGetCurrentIrql(), APC_LEVEL);
  assert_ptr_equal(mutex.Owner, KeGetCurrentThread());
  ExReleaseFastMutex(&mutex);
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  assert_null(mutex.Owner);
  assert_true(ExTryToAcquireFastMutex(&mutex));
  assert_int_equal(KeGetCurrentIrql(), APC_LEVEL);
  ExReleaseFastMutex(&mutex);
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_acquiring_a_fast_mutex_twice_is_reported_not_deadlocked(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  FAST_MUTEX mutex;
  ExInitializeFastMutex(&mutex);
  ExAcquireFastMutex(&mutex);
  ExAcquireFastMutex(&mutex);
  assert_only_violation("MutexRecursion");
  ExReleaseFastMutex(&mutex);
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  kt_sim_destroy(sim);
}

struct fast_probe {
  PFAST_MUTEX mutex;
  BOOLEAN got;
  volatile LONG holding;
  volatile LONG release;
  long counter;
};

static VOID NTAPI try_fast_mutex_elsewhere(PVOID context) {
  struct fast_probe *probe = context;
  probe->got = ExTryToAcquireFastMutex(probe->mutex);
  if (probe->got) ExReleaseFastMutex(probe->mutex);
}

static VOID NTAPI count_under_fast_mutex(PVOID context) {
  struct fast_probe *probe = context;
  for (int i = 0; i < 2000; i++) {
    ExAcquireFastMutex(probe->mutex);
    long value = probe->counter;
    probe->counter = value + 1;
    ExReleaseFastMutex(probe->mutex);
  }
}

static void test_fast_mutex_excludes_other_threads(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  FAST_MUTEX mutex;
  ExInitializeFastMutex(&mutex);
  struct fast_probe probe = {&mutex, TRUE, 0, 0, 0};
  ExAcquireFastMutex(&mutex);
  kt_thread_join(kt_thread_start(try_fast_mutex_elsewhere, &probe));
  assert_false(probe.got);
  ExReleaseFastMutex(&mutex);

  PVOID threads[3];
  for (int i = 0; i < 3; i++) threads[i] = kt_thread_start(count_under_fast_mutex, &probe);
  for (int i = 0; i < 3; i++) kt_thread_join(threads[i]);
  assert_int_equal(probe.counter, 3 * 2000);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- guarded mutexes -------------------------------------------------------------------------- */

struct guarded_probe {
  PKGUARDED_MUTEX mutex;
  BOOLEAN got;
  BOOLEAN apcs_disabled_after;
};

static VOID NTAPI try_guarded_elsewhere(PVOID context) {
  struct guarded_probe *probe = context;
  probe->got = KeTryToAcquireGuardedMutex(probe->mutex);
  if (probe->got) KeReleaseGuardedMutex(probe->mutex);
  probe->apcs_disabled_after = KeAreApcsDisabled();
}

static void test_guarded_mutex_keeps_the_irql_and_disables_apcs(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KGUARDED_MUTEX mutex;
  KeInitializeGuardedMutex(&mutex);
  assert_false(KeAreApcsDisabled());
  KeAcquireGuardedMutex(&mutex);
  /* Unlike a fast mutex, the IRQL stays: PASSIVE_LEVEL-only routines may
   * still be called. */
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  assert_true(KeAreApcsDisabled());
  struct guarded_probe probe = {&mutex, TRUE, TRUE};
  kt_thread_join(kt_thread_start(try_guarded_elsewhere, &probe));
  assert_false(probe.got);
  assert_false(probe.apcs_disabled_after); /* a failed try leaves the guarded region */
  KeReleaseGuardedMutex(&mutex);
  assert_false(KeAreApcsDisabled());
  kt_thread_join(kt_thread_start(try_guarded_elsewhere, &probe));
  assert_true(probe.got);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_guarded_mutex_unsafe_forms_leave_apcs_alone(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KGUARDED_MUTEX mutex;
  KeInitializeGuardedMutex(&mutex);
  KeEnterGuardedRegion();
  KeAcquireGuardedMutexUnsafe(&mutex);
  assert_ptr_equal(mutex.Owner, KeGetCurrentThread());
  KeReleaseGuardedMutexUnsafe(&mutex);
  assert_true(KeAreApcsDisabled());
  KeLeaveGuardedRegion();
  assert_false(KeAreApcsDisabled());
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- several objects -------------------------------------------------------------------------- */

static void test_wait_any_returns_wait_0_plus_the_signalled_index(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT events[3];
  PVOID objects[3];
  for (int i = 0; i < 3; i++) {
    KeInitializeEvent(&events[i], SynchronizationEvent, FALSE);
    objects[i] = &events[i];
  }
  KeSetEvent(&events[2], IO_NO_INCREMENT, FALSE);
  assert_int_equal(KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode, FALSE, NULL, NULL),
                   STATUS_WAIT_0 + 2);
  /* Satisfying the wait reset the synchronization event. */
  assert_int_equal(KeReadStateEvent(&events[2]), 0);
  KeSetEvent(&events[1], IO_NO_INCREMENT, FALSE);
  assert_int_equal(KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode, FALSE, NULL, NULL),
                   STATUS_WAIT_1);
  LARGE_INTEGER zero = {.QuadPart = 0};
  assert_int_equal(KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode, FALSE, &zero, NULL),
                   STATUS_TIMEOUT);
  kt_sim_destroy(sim);
  assert_no_violations();
}

struct multi_waiter {
  PVOID *objects;
  ULONG count;
  volatile LONG started;
  NTSTATUS status;
};

static VOID NTAPI wait_all(PVOID context) {
  struct multi_waiter *w = context;
  kt_set_flag(&w->started);
  w->status = KeWaitForMultipleObjects(w->count, w->objects, WaitAll, Executive, KernelMode, FALSE, NULL, NULL);
}

static void test_wait_all_returns_only_when_every_object_is_signalled(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KEVENT first, second;
  KSEMAPHORE semaphore;
  KeInitializeEvent(&first, NotificationEvent, FALSE);
  KeInitializeEvent(&second, SynchronizationEvent, FALSE);
  KeInitializeSemaphore(&semaphore, 1, 1);
  PVOID objects[3] = {&first, &second, &semaphore};
  LARGE_INTEGER zero = {.QuadPart = 0};
  /* One of three signalled: not satisfied, and nothing is taken. */
  assert_int_equal(KeWaitForMultipleObjects(3, objects, WaitAll, Executive, KernelMode, FALSE, &zero, NULL),
                   STATUS_TIMEOUT);
  assert_int_equal(KeReadStateSemaphore(&semaphore), 1);

  struct multi_waiter w = {objects, 3, 0, STATUS_PENDING};
  PVOID thread = kt_thread_start(wait_all, &w);
  assert_true(kt_wait_flag(&w.started));
  KeSetEvent(&first, IO_NO_INCREMENT, FALSE);
  KeSetEvent(&second, IO_NO_INCREMENT, FALSE);
  kt_thread_join(thread);
  assert_int_equal(w.status, STATUS_SUCCESS);
  /* Every object was taken: the semaphore counted down, the
   * synchronization event reset, the notification event stays set. */
  assert_int_equal(KeReadStateSemaphore(&semaphore), 0);
  assert_int_equal(KeReadStateEvent(&second), 0);
  assert_int_equal(KeReadStateEvent(&first), 1);
  kt_sim_destroy(sim);
  assert_no_violations();
}

#define HOUR_100NS 36000000000LL

struct hour_wait {
  KEVENT event;
  LARGE_INTEGER timeout;
  volatile LONG started;
  NTSTATUS status;
  bool multiple;
};

static VOID NTAPI wait_an_hour(PVOID context) {
  struct hour_wait *w = context;
  PVOID objects[1] = {&w->event};
  kt_set_flag(&w->started);
  w->status = w->multiple
                  ? KeWaitForMultipleObjects(1, objects, WaitAny, Executive, KernelMode, FALSE, &w->timeout, NULL)
                  : KeWaitForSingleObject(&w->event, Executive, KernelMode, FALSE, &w->timeout);
}

/* The relative timeout is measured from when the wait starts, so the clock
 * moves only once the waiter is parked. */
static void test_advancing_the_virtual_clock_past_a_timeout_ends_the_wait(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct hour_wait w = {.timeout.QuadPart = -HOUR_100NS, .status = STATUS_PENDING};
  KeInitializeEvent(&w.event, NotificationEvent, FALSE);
  PVOID thread = kt_thread_start(wait_an_hour, &w);
  assert_true(wait_until_parked(&w.event, 1));
  assert_int_equal(wmisim_clock_advance(sim, HOUR_100NS), STATUS_SUCCESS);
  kt_thread_join(thread); /* at once, not in an hour */
  assert_int_equal(w.status, STATUS_TIMEOUT);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* An absolute timeout: whenever the wait starts, it ends once the clock
 * reaches it. */
static void test_advancing_the_virtual_clock_past_a_timeout_ends_a_multiple_object_wait(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct hour_wait w = {.timeout.QuadPart = wmisim_clock_now(sim) + HOUR_100NS, .status = STATUS_PENDING,
                        .multiple = true};
  KeInitializeEvent(&w.event, NotificationEvent, FALSE);
  PVOID thread = kt_thread_start(wait_an_hour, &w);
  assert_true(kt_wait_flag(&w.started));
  assert_int_equal(wmisim_clock_advance(sim, HOUR_100NS), STATUS_SUCCESS);
  kt_thread_join(thread);
  assert_int_equal(w.status, STATUS_TIMEOUT);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* Releasing a semaphore or a mutex wakes a multiple-object waiter as a
 * signalled event does; the waiter is not left to notice it later. */
static void test_semaphore_release_wakes_a_multiple_object_wait(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KSEMAPHORE semaphore;
  KMUTEX mutex;
  KeInitializeSemaphore(&semaphore, 0, 1);
  KeInitializeMutex(&mutex, 0);
  assert_int_equal(KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
  PVOID objects[2] = {&semaphore, &mutex};
  struct multi_waiter w = {objects, 2, 0, STATUS_PENDING};
  PVOID thread = kt_thread_start(wait_all, &w);
  assert_true(kt_wait_flag(&w.started));
  KeReleaseMutex(&mutex, FALSE);
  KeReleaseSemaphore(&semaphore, IO_NO_INCREMENT, 1, FALSE);
  kt_thread_join(thread);
  assert_int_equal(w.status, STATUS_SUCCESS);
  assert_int_equal(KeReadStateSemaphore(&semaphore), 0);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* WaitAll takes every object in one step: a wait on one of them alone
 * cannot take it between WaitAll's check and its taking. Each set of the
 * synchronization event below must be consumed by exactly one wait. */
#define HANDOFFS 3000

struct race {
  KEVENT sync, notification;
  volatile LONG stop;
  long single_wins, all_wins;
};

static VOID NTAPI take_alone(PVOID context) {
  struct race *r = context;
  while (!__atomic_load_n(&r->stop, __ATOMIC_SEQ_CST)) {
    LARGE_INTEGER timeout = kt_relative_ms(5);
    if (KeWaitForSingleObject(&r->sync, Executive, KernelMode, FALSE, &timeout) == STATUS_SUCCESS) r->single_wins++;
  }
}

static VOID NTAPI take_with_wait_all(PVOID context) {
  struct race *r = context;
  PVOID objects[2] = {&r->sync, &r->notification};
  while (!__atomic_load_n(&r->stop, __ATOMIC_SEQ_CST)) {
    LARGE_INTEGER timeout = kt_relative_ms(5);
    if (KeWaitForMultipleObjects(2, objects, WaitAll, Executive, KernelMode, FALSE, &timeout, NULL) == STATUS_SUCCESS)
      r->all_wins++;
  }
}

static void test_wait_all_takes_its_objects_in_one_step(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  static struct race r;
  memset(&r, 0, sizeof r);
  KeInitializeEvent(&r.sync, SynchronizationEvent, FALSE);
  KeInitializeEvent(&r.notification, NotificationEvent, TRUE);
  PVOID alone = kt_thread_start(take_alone, &r);
  PVOID all = kt_thread_start(take_with_wait_all, &r);
  for (int i = 0; i < HANDOFFS; i++) {
    KeSetEvent(&r.sync, IO_NO_INCREMENT, FALSE);
    time_t start = time(NULL);
    while (KeReadStateEvent(&r.sync) != 0 && time(NULL) - start < 10) {
    }
  }
  kt_set_flag(&r.stop);
  kt_thread_join(alone);
  kt_thread_join(all);
  assert_int_equal(r.single_wins + r.all_wins, HANDOFFS);
  kt_sim_destroy(sim);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_notification_event_stays_signalled_and_releases_every_waiter),
    cmocka_unit_test(test_synchronization_event_resets_after_releasing_one_waiter),
    cmocka_unit_test(test_synchronization_event_signalled_without_waiters_satisfies_one_wait),
    cmocka_unit_test(test_set_event_from_another_thread_wakes_a_waiter),
    cmocka_unit_test(test_clear_event_makes_it_not_signalled),
    cmocka_unit_test(test_pulse_event_releases_every_parked_waiter_and_leaves_it_reset),
    cmocka_unit_test(test_pulse_synchronization_event_releases_one_waiter),
    cmocka_unit_test(test_pulse_event_without_waiters_only_resets_it),
    cmocka_unit_test(test_wait_with_zero_timeout_polls),
    cmocka_unit_test(test_wait_with_relative_timeout_times_out_and_moves_the_virtual_clock),
    cmocka_unit_test(test_wait_with_absolute_timeout_ends_at_that_system_time),
    cmocka_unit_test(test_wait_with_the_largest_timeouts_waits_for_the_object),
    cmocka_unit_test(test_wait_at_dispatch_level_is_reported),
    cmocka_unit_test(test_zero_timeout_wait_at_dispatch_level_is_allowed),
    cmocka_unit_test(test_semaphore_counts_down_with_waits_and_up_with_releases),
    cmocka_unit_test(test_releasing_a_semaphore_past_its_limit_is_reported),
    cmocka_unit_test(test_mutex_is_owned_recursively_until_released_as_often),
    cmocka_unit_test(test_mutex_owned_by_one_thread_is_not_signalled_for_another),
    cmocka_unit_test(test_releasing_a_mutex_from_another_thread_is_reported),
    cmocka_unit_test(test_fast_mutex_raises_to_apc_level_and_release_restores),
    cmocka_unit_test(test_acquiring_a_fast_mutex_twice_is_reported_not_deadlocked),
    cmocka_unit_test(test_fast_mutex_excludes_other_threads),
    cmocka_unit_test(test_guarded_mutex_keeps_the_irql_and_disables_apcs),
    cmocka_unit_test(test_guarded_mutex_unsafe_forms_leave_apcs_alone),
    cmocka_unit_test(test_wait_any_returns_wait_0_plus_the_signalled_index),
    cmocka_unit_test(test_wait_all_returns_only_when_every_object_is_signalled),
    cmocka_unit_test(test_semaphore_release_wakes_a_multiple_object_wait),
    cmocka_unit_test(test_advancing_the_virtual_clock_past_a_timeout_ends_the_wait),
    cmocka_unit_test(test_advancing_the_virtual_clock_past_a_timeout_ends_a_multiple_object_wait),
    cmocka_unit_test(test_wait_all_takes_its_objects_in_one_step),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
