/*
 * test_kernel_timers.c - DPCs and kernel timers: DPCs run at DISPATCH_LEVEL
 * on the simulator's DPC thread and are queued once; timers follow the
 * virtual clock, refire when periodic, can be cancelled and waited on.
 */
#include "kernel_test.h"

#define MS(n) ((int64_t)(n) * 10000)

struct dpc_probe {
  volatile LONG runs;
  KIRQL irql;
  BOOLEAN system_thread;
  PKTHREAD thread;
  PVOID context;
  PVOID argument1, argument2;
};

static VOID NTAPI probe_dpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2) {
  (void)Dpc;
  struct dpc_probe *probe = DeferredContext;
  probe->irql = KeGetCurrentIrql();
  probe->system_thread = PsIsSystemThread(PsGetCurrentThread());
  probe->thread = KeGetCurrentThread();
  probe->context = DeferredContext;
  probe->argument1 = SystemArgument1;
  probe->argument2 = SystemArgument2;
  __atomic_add_fetch(&probe->runs, 1, __ATOMIC_SEQ_CST);
}

static LONG runs(struct dpc_probe *probe) {
  return __atomic_load_n(&probe->runs, __ATOMIC_SEQ_CST);
}

static void init_probe_dpc(struct dpc_probe *probe, PKDPC dpc) {
  memset(probe, 0, sizeof *probe);
  KeInitializeDpc(dpc, probe_dpc, probe);
}

/* ---- DPCs ---------------------------------------------------------------------------------- */

static void test_dpc_runs_at_dispatch_level_on_the_dpc_thread(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct dpc_probe probe;
  KDPC dpc;
  init_probe_dpc(&probe, &dpc);
  int a1, a2;
  assert_true(KeInsertQueueDpc(&dpc, &a1, &a2));
  assert_true(wmisim_wait_idle(sim, 10000));
  assert_int_equal(runs(&probe), 1);
  assert_int_equal(probe.irql, DISPATCH_LEVEL);
  assert_true(probe.system_thread);
  assert_ptr_not_equal(probe.thread, KeGetCurrentThread());
  assert_ptr_equal(probe.context, &probe);
  assert_ptr_equal(probe.argument1, &a1);
  assert_ptr_equal(probe.argument2, &a2);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* Holds the DPC thread inside a DPC (spinning on a lock the test owns) so
 * that DPCs queued meanwhile stay queued. */
struct dpc_blocker {
  KSPIN_LOCK lock;
  volatile LONG running;
  KDPC dpc;
  KIRQL old_irql;
};

static VOID NTAPI blocking_dpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2) {
  (void)Dpc;
  (void)SystemArgument1;
  (void)SystemArgument2;
  struct dpc_blocker *b = DeferredContext;
  kt_set_flag(&b->running);
  KeAcquireSpinLockAtDpcLevel(&b->lock);
  KeReleaseSpinLockFromDpcLevel(&b->lock);
}

/* Returns with the DPC thread held (and this thread at DISPATCH_LEVEL). */
static void hold_dpc_thread(struct dpc_blocker *b) {
  KeInitializeSpinLock(&b->lock);
  b->running = 0;
  KeInitializeDpc(&b->dpc, blocking_dpc, b);
  KeAcquireSpinLock(&b->lock, &b->old_irql);
  assert_true(KeInsertQueueDpc(&b->dpc, NULL, NULL));
  assert_true(kt_wait_flag(&b->running));
}

static void release_dpc_thread(struct dpc_blocker *b) {
  KeReleaseSpinLock(&b->lock, b->old_irql);
}

static void test_inserting_a_queued_dpc_again_queues_it_once(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct dpc_blocker b;
  hold_dpc_thread(&b);
  struct dpc_probe probe;
  KDPC dpc;
  init_probe_dpc(&probe, &dpc);
  assert_true(KeInsertQueueDpc(&dpc, (PVOID)1, NULL));
  assert_false(KeInsertQueueDpc(&dpc, (PVOID)2, NULL));
  release_dpc_thread(&b);

  assert_true(wmisim_wait_idle(sim, 10000));
  assert_int_equal(runs(&probe), 1);
  assert_ptr_equal(probe.argument1, (PVOID)1); /* the second insertion changed nothing */
  /* Once it has run, it can be queued again. */
  assert_true(KeInsertQueueDpc(&dpc, NULL, NULL));
  assert_true(wmisim_wait_idle(sim, 10000));
  assert_int_equal(runs(&probe), 2);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_removing_a_queued_dpc_keeps_it_from_running(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct dpc_blocker b;
  hold_dpc_thread(&b);
  struct dpc_probe probe;
  KDPC dpc;
  init_probe_dpc(&probe, &dpc);
  KeInsertQueueDpc(&dpc, NULL, NULL);
  assert_true(KeRemoveQueueDpc(&dpc));
  assert_false(KeRemoveQueueDpc(&dpc));
  release_dpc_thread(&b);
  assert_true(wmisim_wait_idle(sim, 10000));
  assert_int_equal(runs(&probe), 0);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- timers ------------------------------------------------------------------------------------ */

static void test_timer_fires_only_when_the_virtual_clock_passes_its_due_time(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct dpc_probe probe;
  KDPC dpc;
  init_probe_dpc(&probe, &dpc);
  KTIMER timer;
  KeInitializeTimer(&timer);
  LARGE_INTEGER due = {.QuadPart = -MS(1000)};
  assert_false(KeSetTimer(&timer, due, &dpc));

  assert_int_equal(wmisim_clock_advance(sim, MS(999)), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(sim, 10000));
  assert_int_equal(runs(&probe), 0);
  assert_false(KeReadStateTimer(&timer));

  assert_int_equal(wmisim_clock_advance(sim, MS(1)), STATUS_SUCCESS);
  /* wmisim_clock_advance returns once the timers that expired have run. */
  assert_int_equal(runs(&probe), 1);
  assert_int_equal(probe.irql, DISPATCH_LEVEL);
  assert_true(KeReadStateTimer(&timer));

  /* A one-shot timer does not fire again. */
  assert_int_equal(wmisim_clock_advance(sim, MS(5000)), STATUS_SUCCESS);
  assert_int_equal(runs(&probe), 1);
  assert_false(KeCancelTimer(&timer));
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_timer_with_absolute_due_time_fires_at_that_time(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KTIMER timer;
  KeInitializeTimerEx(&timer, NotificationTimer);
  LARGE_INTEGER due = {.QuadPart = wmisim_clock_now(sim) + MS(250)};
  KeSetTimer(&timer, due, NULL);
  wmisim_clock_advance(sim, MS(249));
  assert_false(KeReadStateTimer(&timer));
  wmisim_clock_advance(sim, MS(1));
  assert_true(KeReadStateTimer(&timer));
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_periodic_timer_fires_once_per_period(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct dpc_probe probe;
  KDPC dpc;
  init_probe_dpc(&probe, &dpc);
  KTIMER timer;
  KeInitializeTimer(&timer);
  LARGE_INTEGER due = {.QuadPart = -MS(100)};
  KeSetTimerEx(&timer, due, 50, &dpc);
  wmisim_clock_advance(sim, MS(100));
  assert_int_equal(runs(&probe), 1);
  wmisim_clock_advance(sim, MS(49));
  assert_int_equal(runs(&probe), 1);
  wmisim_clock_advance(sim, MS(1));
  assert_int_equal(runs(&probe), 2);
  wmisim_clock_advance(sim, MS(50));
  assert_int_equal(runs(&probe), 3);
  /* Still set: cancelling reports it was. */
  assert_true(KeCancelTimer(&timer));
  wmisim_clock_advance(sim, MS(500));
  assert_int_equal(runs(&probe), 3);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_cancelled_timer_does_not_fire(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct dpc_probe probe;
  KDPC dpc;
  init_probe_dpc(&probe, &dpc);
  KTIMER timer;
  KeInitializeTimer(&timer);
  LARGE_INTEGER due = {.QuadPart = -MS(10)};
  KeSetTimer(&timer, due, &dpc);
  assert_true(KeCancelTimer(&timer));
  assert_false(KeCancelTimer(&timer));
  wmisim_clock_advance(sim, MS(100));
  assert_true(wmisim_wait_idle(sim, 10000));
  assert_int_equal(runs(&probe), 0);
  assert_false(KeReadStateTimer(&timer));
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_setting_a_timer_again_replaces_its_due_time(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KTIMER timer;
  KeInitializeTimer(&timer);
  LARGE_INTEGER first = {.QuadPart = -MS(10)}, second = {.QuadPart = -MS(100)};
  assert_false(KeSetTimer(&timer, first, NULL));
  assert_true(KeSetTimer(&timer, second, NULL));
  wmisim_clock_advance(sim, MS(50));
  assert_false(KeReadStateTimer(&timer));
  wmisim_clock_advance(sim, MS(50));
  assert_true(KeReadStateTimer(&timer));
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_timer_due_at_the_largest_time_does_not_fire(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KTIMER relative, absolute;
  KeInitializeTimer(&relative);
  KeInitializeTimer(&absolute);
  LARGE_INTEGER never = {.QuadPart = -MAXLONGLONG}, last = {.QuadPart = MAXLONGLONG};
  KeSetTimer(&relative, never, NULL);
  KeSetTimer(&absolute, last, NULL);
  assert_int_equal(wmisim_clock_advance(sim, 400LL * 365 * 24 * 3600 * 10000000LL), STATUS_SUCCESS);
  assert_false(KeReadStateTimer(&relative));
  assert_false(KeReadStateTimer(&absolute));
  assert_true(KeCancelTimer(&relative));
  assert_true(KeCancelTimer(&absolute));
  kt_sim_destroy(sim);
  assert_no_violations();
}

struct timer_waiter {
  PKTIMER timer;
  volatile LONG started;
  NTSTATUS status;
};

static VOID NTAPI wait_for_timer(PVOID context) {
  struct timer_waiter *w = context;
  kt_set_flag(&w->started);
  w->status = KeWaitForSingleObject(w->timer, Executive, KernelMode, FALSE, NULL);
}

static void test_a_thread_waiting_on_a_timer_wakes_when_it_expires(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KTIMER timer;
  KeInitializeTimer(&timer);
  LARGE_INTEGER due = {.QuadPart = -MS(1000)};
  KeSetTimer(&timer, due, NULL);
  LARGE_INTEGER zero = {.QuadPart = 0};
  assert_int_equal(KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
  struct timer_waiter w = {&timer, 0, STATUS_PENDING};
  PVOID thread = kt_thread_start(wait_for_timer, &w);
  assert_true(kt_wait_flag(&w.started));
  wmisim_clock_advance(sim, MS(1000));
  kt_thread_join(thread);
  assert_int_equal(w.status, STATUS_SUCCESS);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_synchronization_timer_resets_when_a_wait_is_satisfied(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KTIMER timer;
  KeInitializeTimerEx(&timer, SynchronizationTimer);
  LARGE_INTEGER due = {.QuadPart = -MS(1)};
  KeSetTimer(&timer, due, NULL);
  wmisim_clock_advance(sim, MS(1));
  LARGE_INTEGER zero = {.QuadPart = 0};
  assert_int_equal(KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
  assert_int_equal(KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
  kt_sim_destroy(sim);
  assert_no_violations();
}

struct locked_counter {
  KSPIN_LOCK lock;
  volatile LONG runs;
};

static VOID NTAPI count_under_lock(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2) {
  (void)Dpc;
  (void)SystemArgument1;
  (void)SystemArgument2;
  struct locked_counter *c = DeferredContext;
  KeAcquireSpinLockAtDpcLevel(&c->lock);
  __atomic_add_fetch(&c->runs, 1, __ATOMIC_SEQ_CST);
  KeReleaseSpinLockFromDpcLevel(&c->lock);
}

/* Stalling moves the virtual clock; under a spin lock the stalling thread
 * must not wait for a timer DPC that needs the same lock. */
static void test_stalling_under_a_spin_lock_a_timer_dpc_needs_does_not_deadlock(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct locked_counter c;
  KeInitializeSpinLock(&c.lock);
  c.runs = 0;
  KDPC dpc;
  KeInitializeDpc(&dpc, count_under_lock, &c);
  KTIMER timer;
  KeInitializeTimer(&timer);
  LARGE_INTEGER due = {.QuadPart = -10}; /* 1 us */
  KeSetTimer(&timer, due, &dpc);
  KIRQL old;
  KeAcquireSpinLock(&c.lock, &old);
  KeStallExecutionProcessor(5);
  KeReleaseSpinLock(&c.lock, old);
  assert_true(wmisim_wait_idle(sim, 10000));
  assert_int_equal(__atomic_load_n(&c.runs, __ATOMIC_SEQ_CST), 1);
  kt_sim_destroy(sim);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_dpc_runs_at_dispatch_level_on_the_dpc_thread),
    cmocka_unit_test(test_inserting_a_queued_dpc_again_queues_it_once),
    cmocka_unit_test(test_removing_a_queued_dpc_keeps_it_from_running),
    cmocka_unit_test(test_timer_fires_only_when_the_virtual_clock_passes_its_due_time),
    cmocka_unit_test(test_timer_with_absolute_due_time_fires_at_that_time),
    cmocka_unit_test(test_periodic_timer_fires_once_per_period),
    cmocka_unit_test(test_cancelled_timer_does_not_fire),
    cmocka_unit_test(test_setting_a_timer_again_replaces_its_due_time),
    cmocka_unit_test(test_timer_due_at_the_largest_time_does_not_fire),
    cmocka_unit_test(test_a_thread_waiting_on_a_timer_wakes_when_it_expires),
    cmocka_unit_test(test_synchronization_timer_resets_when_a_wait_is_satisfied),
    cmocka_unit_test(test_stalling_under_a_spin_lock_a_timer_dpc_needs_does_not_deadlock),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
