/*
 * cmocka_failures.c - wmisim/cmocka.h failing tests cleanly. Run by
 * expect_output.cmake, which requires exactly the tests marked FAILS to
 * fail, each with the violations it printed, and the others to pass:
 *  - fail-fast stops a test inside the driver call that broke a rule, and
 *    the next test's simulator works on the same thread;
 *  - a violation on a simulator thread fails the test at its next wmisim
 *    assertion;
 *  - an assertion that does not match lists what was recorded.
 */
#include "check_test.h"

#include "drivers/corpus.h"

static wmisim_t *fixture_sim;

static int destroy_fixture(void **state) {
  (void)state;
  wmisim_destroy(fixture_sim);
  fixture_sim = NULL;
  return 0;
}

/* A started device of a corpus driver. */
static wmisim_t *corpus_device(const struct corpus_driver *c, bool fail_fast) {
  wmisim_options_t options;
  ct_options(&options);
  wmisim_t *sim = NULL;
  assert_int_equal(wmisim_create(&options, &sim), STATUS_SUCCESS);
  fixture_sim = sim;
  if (fail_fast)
    wmisim_cmocka_fail_fast(sim);
  else
    wmisim_cmocka_watch(sim);
  wmisim_devnode_t *node;
  wmisim_driver_t *buggy = ct_driver(sim, "buggy", c->entry);
  if (c->role == CORPUS_UPPER_FILTER)
    assert_int_equal(ct_device(sim, CT_INSTANCE_ID, ct_driver(sim, "cdrv", c->lower != NULL ? c->lower : cdrv_correct_entry),
                               buggy, &node),
                     STATUS_SUCCESS);
  else
    assert_int_equal(ct_device(sim, CT_INSTANCE_ID, buggy, NULL, &node), STATUS_SUCCESS);
  return sim;
}

static NTSTATUS query(wmisim_t *sim) {
  UCHAR buffer[512];
  ULONG size = sizeof buffer;
  return ct_query_single(sim, &CDRV_DATA_GUID, CT_INSTANCE_NAME, buffer, &size);
}

/* FAILS: with "wmisim: violation (fail-fast): DoubleCompletion". */
static void test_fail_fast_stops_at_the_double_completion(void **state) {
  (void)state;
  wmisim_t *sim = corpus_device(&corpus_DoubleCompletion, true);
  query(sim);
  print_error("not reached: the query returned\n");
}

/* Passes: the thread the failed test left works with a new simulator. */
static void test_a_simulator_after_a_fail_fast_failure_works(void **state) {
  (void)state;
  wmisim_t *sim = corpus_device(&corpus_DoubleCompletion, false);
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  assert_int_equal(query(sim), STATUS_SUCCESS);
  wmisim_assert_violations(sim, "DoubleCompletion", NULL);
}

/* FAILS: with "wmisim: violation (fail-fast): IrqlNotRestored", raised at
 * DISPATCH_LEVEL inside the driver's spin lock. */
static void test_fail_fast_stops_at_a_raised_irql(void **state) {
  (void)state;
  wmisim_t *sim = corpus_device(&corpus_IrqlNotRestored, true);
  query(sim);
}

/* Passes: after unwinding from DISPATCH_LEVEL the thread is at PASSIVE_LEVEL. */
static void test_the_irql_is_passive_after_a_fail_fast_failure(void **state) {
  (void)state;
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  wmisim_t *sim = corpus_device(&corpus_DoubleCompletion, false);
  assert_int_equal(query(sim), STATUS_SUCCESS);
}

/* FAILS: the filter's completion routine runs on the thread that
 * completes the pended query, a simulator thread that cannot be unwound:
 * the violation is printed, the query returns, and the next wmisim
 * assertion fails even though it would otherwise pass. */
static void test_fail_fast_on_a_simulator_thread_fails_at_the_next_assertion(void **state) {
  (void)state;
  wmisim_t *sim = corpus_device(&corpus_CompletionPendingPropagation, true);
  assert_int_equal(query(sim), STATUS_SUCCESS);
  print_error("reached: the query returned\n");
  wmisim_assert_violations(sim, "CompletionPendingPropagation", NULL);
}

/* FAILS: with "wmisim: expected violations: WmiForward" and the
 * DoubleCompletion recorded listed. */
static void test_a_wrong_expectation_lists_what_was_recorded(void **state) {
  (void)state;
  wmisim_t *sim = corpus_device(&corpus_DoubleCompletion, false);
  query(sim);
  wmisim_assert_violations(sim, "WmiForward", NULL);
}

/* FAILS: with "wmisim: expected violations: none". */
static void test_no_violations_fails_when_there_is_one(void **state) {
  (void)state;
  wmisim_t *sim = corpus_device(&corpus_DoubleCompletion, false);
  query(sim);
  wmisim_assert_no_violations(sim);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown(test_fail_fast_stops_at_the_double_completion, destroy_fixture),
    cmocka_unit_test_teardown(test_a_simulator_after_a_fail_fast_failure_works, destroy_fixture),
    cmocka_unit_test_teardown(test_fail_fast_stops_at_a_raised_irql, destroy_fixture),
    cmocka_unit_test_teardown(test_the_irql_is_passive_after_a_fail_fast_failure, destroy_fixture),
    cmocka_unit_test_teardown(test_fail_fast_on_a_simulator_thread_fails_at_the_next_assertion, destroy_fixture),
    cmocka_unit_test_teardown(test_a_wrong_expectation_lists_what_was_recorded, destroy_fixture),
    cmocka_unit_test_teardown(test_no_violations_fails_when_there_is_one, destroy_fixture),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
