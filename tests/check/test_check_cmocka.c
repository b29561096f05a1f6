/*
 * test_check_cmocka.c - the wmisim/cmocka.h assertions that pass: a clean
 * scenario, exactly the expected violations in any order, a rule expected
 * as often as it was broken, and a watch that outlives the simulator.
 * Their failures are tested by cmocka_failures.c, which must fail.
 */
#include "check_test.h"

static void free_stack_memory(void) {
  ULONG not_pool[4] = {0};
  ExFreePool(not_pool);
}

static void lower_irql_upward(void) {
  KIRQL old;
  KeRaiseIrql(APC_LEVEL, &old);
  KeLowerIrql(DISPATCH_LEVEL); /* IrqlRaiseLower: lowering to a higher IRQL */
  KeLowerIrql(old);
}

static void test_no_violations_passes_for_a_clean_simulator(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  wmisim_assert_no_violations(sim);
  wmisim_destroy(sim);
  wmisim_assert_no_violations(NULL);
}

static void test_expected_violations_match_in_any_order(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  free_stack_memory();
  lower_irql_upward();
  wmisim_assert_violations(sim, "IrqlRaiseLower", "PoolBadFree", NULL);
  wmisim_assert_violations(sim, "PoolBadFree", "IrqlRaiseLower", NULL);
  wmisim_destroy(sim);
}

static void test_a_rule_broken_twice_is_expected_twice(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  free_stack_memory();
  free_stack_memory();
  wmisim_assert_violations(sim, "PoolBadFree", "PoolBadFree", NULL);
  const char *rules[4];
  assert_int_equal(wmisim_cmocka_rules(sim, rules, 4), 2);
  wmisim_destroy(sim);
}

static void test_watch_keeps_the_violations_after_destroy(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  free_stack_memory();
  wmisim_destroy(sim);
  wmisim_assert_violations(NULL, "PoolBadFree", NULL);
  assert_int_equal(wmisim_cmocka_record.count, 1);
  assert_non_null(strstr(wmisim_cmocka_record.text[0], "PoolBadFree ("));
}

static void test_a_new_watch_starts_empty(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  free_stack_memory();
  wmisim_destroy(sim);
  sim = ct_sim_create(NULL);
  wmisim_assert_no_violations(NULL);
  wmisim_destroy(sim);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_no_violations_passes_for_a_clean_simulator),
    cmocka_unit_test(test_expected_violations_match_in_any_order),
    cmocka_unit_test(test_a_rule_broken_twice_is_expected_twice),
    cmocka_unit_test(test_watch_keeps_the_violations_after_destroy),
    cmocka_unit_test(test_a_new_watch_starts_empty),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
