/*
 * test_io_irp_home.c - an IRP's home (io_irp_home), which places per-IRP
 * state in shared tables (WMILIB's calls in progress): IRPs that threads
 * allocate at the same time have different homes, and an IRP's home is the
 * same whichever thread asks, all its life.
 *
 * INTERNAL: io_irp_home is the I/O manager's, not a public routine.
 */
#include "io_test.h"

#include "io/io.h"

/* What a system thread allocated or saw; it never asserts: cmocka fails on
 * the test's thread. */
struct other_thread {
  PIRP given;           /* an IRP whose home the thread reads, or NULL */
  unsigned given_home;
  PIRP allocated;       /* an IRP the thread allocated */
  unsigned allocated_home;
};

static VOID NTAPI other_thread_main(PVOID Context) {
  struct other_thread *other = Context;
  if (other->given != NULL) other->given_home = io_irp_home(other->given);
  other->allocated = IoAllocateIrp(1, FALSE);
  if (other->allocated != NULL) other->allocated_home = io_irp_home(other->allocated);
}

static void run_other_thread(struct other_thread *other) {
  HANDLE handle;
  assert_int_equal(PsCreateSystemThread(&handle, GENERIC_ALL, NULL, NULL, NULL, other_thread_main, other),
                   STATUS_SUCCESS);
  PVOID thread;
  assert_int_equal(ObReferenceObjectByHandle(handle, SYNCHRONIZE, NULL, KernelMode, &thread, NULL), STATUS_SUCCESS);
  KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL);
  ObDereferenceObject(thread);
  ZwClose(handle);
  assert_non_null(other->allocated);
}

static void test_irps_allocated_on_two_threads_have_different_homes(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP mine = IoAllocateIrp(1, FALSE);
  struct other_thread other = {0};
  run_other_thread(&other);
  assert_int_not_equal(io_irp_home(mine), other.allocated_home);
  IoFreeIrp(other.allocated);
  IoFreeIrp(mine);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_irps_allocated_on_one_thread_share_its_home(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP first = IoAllocateIrp(1, FALSE);
  PIRP second = IoAllocateIrp(3, FALSE);
  assert_int_equal(io_irp_home(first), io_irp_home(second));
  IoFreeIrp(second);
  IoFreeIrp(first);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_an_irps_home_is_the_same_on_another_thread(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP mine = IoAllocateIrp(1, FALSE);
  struct other_thread other = {.given = mine};
  run_other_thread(&other);
  assert_int_equal(other.given_home, io_irp_home(mine));
  IoFreeIrp(other.allocated);
  IoFreeIrp(mine);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_an_irps_home_stays_when_it_is_reused(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP irp = IoAllocateIrp(1, FALSE);
  unsigned home = io_irp_home(irp);
  IoReuseIrp(irp, STATUS_SUCCESS);
  assert_int_equal(io_irp_home(irp), home);
  IoFreeIrp(irp);
  wmisim_destroy(sim);
  assert_no_violations();
}

/* An IRP in the caller's memory has no tracking record: its home comes
 * from its address, and is the same on every thread too. */
static void test_a_caller_built_irp_has_the_same_home_on_every_thread(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  _Alignas(16) unsigned char memory[512];
  PIRP irp = (PIRP)(void *)memory;
  IoInitializeIrp(irp, IoSizeOfIrp(1), 1);
  struct other_thread other = {.given = irp};
  run_other_thread(&other);
  assert_int_equal(other.given_home, io_irp_home(irp));
  IoFreeIrp(other.allocated);
  wmisim_destroy(sim);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_irps_allocated_on_two_threads_have_different_homes),
    cmocka_unit_test(test_irps_allocated_on_one_thread_share_its_home),
    cmocka_unit_test(test_an_irps_home_is_the_same_on_another_thread),
    cmocka_unit_test(test_an_irps_home_stays_when_it_is_reused),
    cmocka_unit_test(test_a_caller_built_irp_has_the_same_home_on_every_thread),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
