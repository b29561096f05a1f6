/*
 * test_io_irp_quarantine.c - a freed IRP waits in the quarantine of the
 * thread that freed it (ke_quarantine), which may outlive the IRP's
 * simulator: misuse of such an IRP is reported to the caller's simulator,
 * never to the destroyed one.
 *
 * INTERNAL: the test runs a plain OS thread (a system thread would be
 * waited for by wmisim_destroy).
 */
#include "io_test.h"

#include "platform/atomic.h"
#include "platform/platform.h"

struct holder {
  PIRP irp;
  volatile int32_t freed;    /* the thread freed the IRP */
  volatile int32_t release;  /* the thread may end (and its quarantine go) */
};

static void free_and_stay(void *context) {
  struct holder *holder = context;
  IoFreeIrp(holder->irp);
  atomic_store_i32(&holder->freed, 1);
  while (!atomic_load_i32(&holder->release)) plat_yield();
}

static void test_a_freed_irp_outliving_its_simulator_is_reported_to_the_callers(void **state) {
  (void)state;
  wmisim_t *first = test_sim_create();
  struct holder holder = {IoAllocateIrp(1, FALSE), 0, 0};
  plat_thread_t *thread;
  assert_int_equal(plat_thread_create(&thread, free_and_stay, &holder), 0);
  while (!atomic_load_i32(&holder.freed)) plat_yield();
  wmisim_destroy(first);
  wmisim_t *second = test_sim_create();
  IoFreeIrp(holder.irp); /* in the other thread's quarantine still, its simulator gone */
  assert_only_violation("IrpUseAfterFree");
  atomic_store_i32(&holder.release, 1);
  plat_thread_join(thread);
  wmisim_destroy(second);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_a_freed_irp_outliving_its_simulator_is_reported_to_the_callers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
