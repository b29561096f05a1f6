/*
 * test_kernel_irql.c - IRQL, kept per thread, and the spin locks that raise
 * it: ordinary, at DPC level and in-stack queued.
 */
#include "kernel_test.h"

/* ---- IRQL ------------------------------------------------------------------------------- */

struct irql_probe {
  KIRQL seen;
};

static VOID NTAPI record_irql(PVOID context) {
  ((struct irql_probe *)context)->seen = KeGetCurrentIrql();
}

static void test_irql_is_kept_per_thread(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  struct irql_probe probe = {0xFF};
  /* Another thread starts at PASSIVE_LEVEL whatever this one runs at. */
  PVOID thread = kt_thread_start(record_irql, &probe);
  KeLowerIrql(old);
  kt_thread_join(thread);
  assert_int_equal(probe.seen, PASSIVE_LEVEL);
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_raise_and_lower_irql_round_trip(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KIRQL old = 0xFF, inner = 0xFF;
  KeRaiseIrql(APC_LEVEL, &old);
  assert_int_equal(old, PASSIVE_LEVEL);
  assert_int_equal(KeGetCurrentIrql(), APC_LEVEL);
  KeRaiseIrql(DISPATCH_LEVEL, &inner);
  assert_int_equal(inner, APC_LEVEL);
  assert_int_equal(KeRaiseIrqlToDpcLevel(), DISPATCH_LEVEL);
  KeLowerIrql(inner);
  assert_int_equal(KeGetCurrentIrql(), APC_LEVEL);
  KeLowerIrql(old);
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_raising_to_a_lower_irql_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KIRQL old, ignored;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  KeRaiseIrql(APC_LEVEL, &ignored);
  assert_only_violation("IrqlRaiseLower");
  assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
  KeLowerIrql(old);
  kt_sim_destroy(sim);
}

static void test_lowering_to_a_higher_irql_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KeLowerIrql(DISPATCH_LEVEL);
  assert_only_violation("IrqlRaiseLower");
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  kt_sim_destroy(sim);
}

static void run_at_dispatch(void *context) {
  *(KIRQL *)context = KeGetCurrentIrql();
}

static void test_call_at_irql_runs_at_that_irql_and_restores(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KIRQL seen = 0xFF;
  wmisim_call_at_irql(DISPATCH_LEVEL, run_at_dispatch, &seen);
  assert_int_equal(seen, DISPATCH_LEVEL);
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- spin locks -------------------------------------------------------------------------- */

static void test_acquire_spin_lock_raises_to_dispatch_and_release_restores(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  assert_true(KeTestSpinLock(&lock));

  KIRQL old = 0xFF;
  KeAcquireSpinLock(&lock, &old);
  assert_int_equal(old, PASSIVE_LEVEL);
  assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
  assert_false(KeTestSpinLock(&lock));
  KeReleaseSpinLock(&lock, old);
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  assert_true(KeTestSpinLock(&lock));

  /* From APC_LEVEL, release goes back to APC_LEVEL. */
  KIRQL apc;
  KeRaiseIrql(APC_LEVEL, &apc);
  KeAcquireSpinLock(&lock, &old);
  assert_int_equal(old, APC_LEVEL);
  KeReleaseSpinLock(&lock, old);
  assert_int_equal(KeGetCurrentIrql(), APC_LEVEL);
  KeLowerIrql(apc);
  kt_sim_destroy(sim);
  assert_no_violations();
}

#define CONTENDERS 4
#define INCREMENTS 20000

struct contended {
  KSPIN_LOCK lock;
  long counter;          /* guarded by lock, deliberately not atomic */
  volatile LONG go;
  bool queued;           /* use in-stack queued spin locks */
};

static VOID NTAPI increment_under_lock(PVOID context) {
  struct contended *c = context;
  kt_wait_flag(&c->go);
  for (int i = 0; i < INCREMENTS; i++) {
    if (c->queued) {
      KLOCK_QUEUE_HANDLE handle;
      KeAcquireInStackQueuedSpinLock(&c->lock, &handle);
      long value = c->counter;
      c->counter = value + 1;
      KeReleaseInStackQueuedSpinLock(&handle);
    } else {
      KIRQL old;
      KeAcquireSpinLock(&c->lock, &old);
      long value = c->counter;
      c->counter = value + 1;
      KeReleaseSpinLock(&c->lock, old);
    }
  }
}

static void run_contention(bool queued) {
  wmisim_t *sim = kt_sim_create();
  struct contended c;
  memset(&c, 0, sizeof c);
  KeInitializeSpinLock(&c.lock);
  c.queued = queued;
  PVOID threads[CONTENDERS];
  for (int i = 0; i < CONTENDERS; i++) threads[i] = kt_thread_start(increment_under_lock, &c);
  kt_set_flag(&c.go);
  for (int i = 0; i < CONTENDERS; i++) kt_thread_join(threads[i]);
  assert_int_equal(c.counter, CONTENDERS * INCREMENTS);
  assert_true(KeTestSpinLock(&c.lock));
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_spin_lock_excludes_other_threads(void **state) {
  (void)state;
  run_contention(false);
}

static void test_queued_spin_lock_excludes_other_threads(void **state) {
  (void)state;
  run_contention(true);
}

static void test_acquiring_a_held_spin_lock_again_is_reported_not_deadlocked(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old, again;
  KeAcquireSpinLock(&lock, &old);
  KeAcquireSpinLock(&lock, &again);
  assert_only_violation("SpinLockAlreadyOwned");
  assert_int_equal(again, DISPATCH_LEVEL);
  KeReleaseSpinLock(&lock, old);
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  assert_true(KeTestSpinLock(&lock));
  kt_sim_destroy(sim);
}

static void test_releasing_a_spin_lock_not_held_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  KeReleaseSpinLock(&lock, old);
  assert_only_violation("SpinLockNotOwned");
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  kt_sim_destroy(sim);
}

static void test_spin_lock_at_dpc_level_keeps_irql(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  KeAcquireSpinLockAtDpcLevel(&lock);
  assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
  assert_false(KeTestSpinLock(&lock));
  KeReleaseSpinLockFromDpcLevel(&lock);
  assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
  assert_true(KeTestSpinLock(&lock));
  KeLowerIrql(old);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_spin_lock_at_dpc_level_below_dispatch_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KeAcquireSpinLockAtDpcLevel(&lock);
  assert_only_violation("IrqlTooHigh");
  assert_string_equal(kt_record.routine[0], "KeAcquireSpinLockAtDpcLevel");
  assert_non_null(strstr(kt_record.message[0], "DISPATCH_LEVEL"));
  KeReleaseSpinLockFromDpcLevel(&lock);
  kt_sim_destroy(sim);
}

struct holder {
  KSPIN_LOCK *lock;
  volatile LONG holding;
  volatile LONG release;
};

/* Holds the lock at DISPATCH_LEVEL (spinning, never waiting) until told. */
static VOID NTAPI hold_lock(PVOID context) {
  struct holder *h = context;
  KIRQL old;
  KeAcquireSpinLock(h->lock, &old);
  kt_set_flag(&h->holding);
  kt_wait_flag(&h->release);
  KeReleaseSpinLock(h->lock, old);
}

static void test_try_to_acquire_fails_while_another_thread_holds_the_lock(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  struct holder h = {&lock, 0, 0};
  PVOID thread = kt_thread_start(hold_lock, &h);
  assert_true(kt_wait_flag(&h.holding));
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  BOOLEAN got = KeTryToAcquireSpinLockAtDpcLevel(&lock);
  KeLowerIrql(old);
  assert_false(got);
  kt_set_flag(&h.release);
  kt_thread_join(thread);

  KeRaiseIrql(DISPATCH_LEVEL, &old);
  got = KeTryToAcquireSpinLockAtDpcLevel(&lock);
  assert_true(got);
  KeReleaseSpinLockFromDpcLevel(&lock);
  KeLowerIrql(old);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_queued_spin_lock_raises_to_dispatch_and_release_restores(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KLOCK_QUEUE_HANDLE handle;
  KeAcquireInStackQueuedSpinLock(&lock, &handle);
  assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
  assert_int_equal(handle.OldIrql, PASSIVE_LEVEL);
  assert_false(KeTestSpinLock(&lock));
  KeReleaseInStackQueuedSpinLock(&handle);
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  assert_true(KeTestSpinLock(&lock));

  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  KeAcquireInStackQueuedSpinLockAtDpcLevel(&lock, &handle);
  assert_false(KeTestSpinLock(&lock));
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&handle);
  assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
  KeLowerIrql(old);
  kt_sim_destroy(sim);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_irql_is_kept_per_thread),
    cmocka_unit_test(test_raise_and_lower_irql_round_trip),
    cmocka_unit_test(test_raising_to_a_lower_irql_is_reported),
    cmocka_unit_test(test_lowering_to_a_higher_irql_is_reported),
    cmocka_unit_test(test_call_at_irql_runs_at_that_irql_and_restores),
    cmocka_unit_test(test_acquire_spin_lock_raises_to_dispatch_and_release_restores),
    cmocka_unit_test(test_spin_lock_excludes_other_threads),
    cmocka_unit_test(test_queued_spin_lock_excludes_other_threads),
    cmocka_unit_test(test_acquiring_a_held_spin_lock_again_is_reported_not_deadlocked),
    cmocka_unit_test(test_releasing_a_spin_lock_not_held_is_reported),
    cmocka_unit_test(test_spin_lock_at_dpc_level_keeps_irql),
    cmocka_unit_test(test_spin_lock_at_dpc_level_below_dispatch_is_reported),
    cmocka_unit_test(test_try_to_acquire_fails_while_another_thread_holds_the_lock),
    cmocka_unit_test(test_queued_spin_lock_raises_to_dispatch_and_release_restores),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
