/*
 * test_check_record.c - the checking mode's record: modes, the fields and
 * format of a violation, the handler, clearing, the rule table, and
 * wmisim_violation_unwind().
 */
#include "check_test.h"

#include "drivers/corpus.h"

/* A violation any test code can cause: freeing memory that is not pool
 * (PoolBadFree), reported without a driver, device or IRP. */
static void free_stack_memory(void) {
  ULONG not_pool[4] = {0};
  ExFreePool(not_pool);
}

/* A simulator with a started device of the corpus's DoubleCompletion
 * driver, queried once: one DoubleCompletion with every field set. */
static wmisim_t *double_completion(wmisim_check_mode_t mode) {
  wmisim_options_t options;
  ct_options(&options);
  options.check_mode = mode;
  wmisim_t *sim = ct_sim_create(&options);
  wmisim_devnode_t *node;
  assert_int_equal(ct_device(sim, CT_INSTANCE_ID, ct_driver(sim, "buggy", corpus_DoubleCompletion.entry), NULL, &node),
                   STATUS_SUCCESS);
  UCHAR buffer[512];
  ULONG size = sizeof buffer;
  assert_int_equal(ct_query_single(sim, &CDRV_DATA_GUID, CT_INSTANCE_NAME, buffer, &size), STATUS_SUCCESS);
  return sim;
}

/* ---- modes ---------------------------------------------------------------------------------- */

static void test_report_mode_is_the_default(void **state) {
  (void)state;
  wmisim_options_t options;
  wmisim_options_init(&options);
  assert_int_equal(options.check_mode, WMISIM_CHECK_REPORT);
  wmisim_t *sim = NULL;
  assert_int_equal(wmisim_create(NULL, &sim), STATUS_SUCCESS);
  assert_int_equal(wmisim_check_mode(sim), WMISIM_CHECK_REPORT);
  wmisim_destroy(sim);
}

static void test_off_mode_records_nothing(void **state) {
  (void)state;
  wmisim_t *sim = double_completion(WMISIM_CHECK_OFF);
  free_stack_memory();
  assert_int_equal(wmisim_violation_count(sim), 0);
  wmisim_destroy(sim);
  wmisim_assert_no_violations(NULL);
}

static void test_mode_can_change_while_the_simulator_runs(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  wmisim_set_check_mode(sim, WMISIM_CHECK_OFF);
  free_stack_memory();
  assert_int_equal(wmisim_check_mode(sim), WMISIM_CHECK_OFF);
  wmisim_set_check_mode(sim, WMISIM_CHECK_REPORT);
  free_stack_memory();
  wmisim_assert_violations(sim, "PoolBadFree", NULL);
  wmisim_destroy(sim);
}

/* ---- the record ---------------------------------------------------------------------------------- */

static void test_violation_carries_every_field_of_the_fault(void **state) {
  (void)state;
  wmisim_t *sim = double_completion(WMISIM_CHECK_REPORT);
  wmisim_assert_violations(sim, "DoubleCompletion", NULL);
  wmisim_violation_t v;
  assert_true(wmisim_violation_get(sim, 0, &v));
  assert_int_equal(v.sequence, 1);
  assert_string_equal(v.rule, "DoubleCompletion");
  assert_string_equal(v.counterpart, wmisim_rule_find("DoubleCompletion")->counterpart);
  assert_string_equal(v.hint, wmisim_rule_find("DoubleCompletion")->hint);
  assert_string_equal(v.driver, "buggy");
  assert_string_equal(v.device, "buggy#2");
  assert_string_equal(v.routine, "IoCompleteRequest");
  assert_int_equal(v.irp, 4); /* PnP start, REGINFO_EX probe, REGINFO_EX, the query */
  assert_int_equal(v.major, IRP_MJ_SYSTEM_CONTROL);
  assert_int_equal(v.minor, IRP_MN_QUERY_SINGLE_INSTANCE);
  assert_non_null(strstr(v.message, "completed again"));
  assert_string_equal(v.context, "");
  wmisim_destroy(sim);
}

static void test_violation_without_a_driver_has_empty_names_and_no_irp(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  free_stack_memory();
  wmisim_violation_t v;
  assert_true(wmisim_violation_get(sim, 0, &v));
  assert_string_equal(v.rule, "PoolBadFree");
  assert_string_equal(v.driver, "");
  assert_string_equal(v.device, "");
  assert_int_equal(v.irp, 0);
  assert_int_equal(v.major, -1);
  assert_int_equal(v.minor, -1);
  wmisim_destroy(sim);
}

static void test_format_names_driver_routine_irp_device_message_and_hint(void **state) {
  (void)state;
  wmisim_t *sim = double_completion(WMISIM_CHECK_REPORT);
  wmisim_violation_t v;
  assert_true(wmisim_violation_get(sim, 0, &v));
  char line[1024];
  size_t length = wmisim_violation_format(&v, line, sizeof line);
  assert_int_equal(length, strlen(line));
  char expected[1024];
  snprintf(expected, sizeof expected,
           "DoubleCompletion (%s): buggy!IoCompleteRequest, IRP #4 IRP_MJ_SYSTEM_CONTROL/IRP_MN_QUERY_SINGLE_INSTANCE, "
           "on buggy#2, %s -- hint: %s",
           v.counterpart, v.message, v.hint);
  assert_string_equal(line, expected);
  wmisim_destroy(sim);
}

static void test_format_truncates_and_returns_the_length_it_needed(void **state) {
  (void)state;
  wmisim_t *sim = double_completion(WMISIM_CHECK_REPORT);
  wmisim_violation_t v;
  assert_true(wmisim_violation_get(sim, 0, &v));
  char full[1024], small[16];
  size_t needed = wmisim_violation_format(&v, full, sizeof full);
  assert_int_equal(wmisim_violation_format(&v, small, sizeof small), needed);
  assert_int_equal(strlen(small), sizeof small - 1);
  assert_memory_equal(small, full, sizeof small - 1);
  wmisim_destroy(sim);
}

static void test_sequence_numbers_keep_counting_after_a_clear(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  free_stack_memory();
  free_stack_memory();
  assert_int_equal(wmisim_violation_count(sim), 2);
  wmisim_violations_clear(sim);
  assert_int_equal(wmisim_violation_count(sim), 0);
  free_stack_memory();
  wmisim_violation_t v;
  assert_true(wmisim_violation_get(sim, 0, &v));
  assert_int_equal(v.sequence, 3);
  assert_false(wmisim_violation_get(sim, 1, &v));
  wmisim_destroy(sim);
}

static void test_count_of_a_rule_counts_only_that_rule(void **state) {
  (void)state;
  wmisim_t *sim = double_completion(WMISIM_CHECK_REPORT);
  free_stack_memory();
  free_stack_memory();
  assert_int_equal(wmisim_violation_count(sim), 3);
  assert_int_equal(wmisim_violation_count_rule(sim, "PoolBadFree"), 2);
  assert_int_equal(wmisim_violation_count_rule(sim, "DoubleCompletion"), 1);
  assert_int_equal(wmisim_violation_count_rule(sim, "WmiComplete"), 0);
  wmisim_destroy(sim);
}

/* ---- handlers ---------------------------------------------------------------------------------- */

struct seen {
  int calls;
  char rule[48];
};

static void remember(void *context, const wmisim_violation_t *violation) {
  struct seen *seen = context;
  seen->calls++;
  snprintf(seen->rule, sizeof seen->rule, "%s", violation->rule);
}

static void test_handler_is_called_for_each_violation_as_it_is_recorded(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  struct seen seen = {0, ""};
  wmisim_set_violation_handler(sim, remember, &seen);
  free_stack_memory();
  assert_int_equal(seen.calls, 1);
  assert_string_equal(seen.rule, "PoolBadFree");
  assert_int_equal(wmisim_violation_count(sim), 1);
  wmisim_destroy(sim);
}

static void test_fail_fast_calls_the_handler_at_the_violation(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  struct seen seen = {0, ""};
  wmisim_set_violation_handler(sim, remember, &seen);
  wmisim_set_check_mode(sim, WMISIM_CHECK_FAIL_FAST);
  free_stack_memory();
  assert_int_equal(seen.calls, 1);
  wmisim_destroy(sim);
}

/* ---- unwinding ------------------------------------------------------------------------------ */

static void test_unwind_resets_the_calling_thread_and_the_drain_bound(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  assert_true(wmisim_violation_unwind(sim));
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  assert_int_equal(wmisim_options(sim)->drain_timeout_ms, 0);
  wmisim_destroy(sim);
}

struct unwind_probe {
  wmisim_t *sim;
  bool result;
  KEVENT done;
};

static VOID NTAPI probe_unwind(PVOID context) {
  struct unwind_probe *probe = context;
  probe->result = wmisim_violation_unwind(probe->sim);
  KeSetEvent(&probe->done, IO_NO_INCREMENT, FALSE);
  PsTerminateSystemThread(STATUS_SUCCESS);
}

static void test_unwind_is_refused_on_a_simulator_thread(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  struct unwind_probe probe;
  memset(&probe, 0, sizeof probe);
  probe.sim = sim;
  probe.result = true;
  KeInitializeEvent(&probe.done, NotificationEvent, FALSE);
  HANDLE thread;
  assert_int_equal(PsCreateSystemThread(&thread, 0, NULL, NULL, NULL, probe_unwind, &probe), STATUS_SUCCESS);
  ZwClose(thread);
  KeWaitForSingleObject(&probe.done, Executive, KernelMode, FALSE, NULL);
  assert_false(probe.result);
  assert_int_equal(wmisim_options(sim)->drain_timeout_ms, CT_DRAIN_MS);
  wmisim_destroy(sim);
}

/* ---- rules ------------------------------------------------------------------------------------ */

static void test_every_rule_has_an_id_a_counterpart_a_summary_and_a_hint(void **state) {
  (void)state;
  size_t count = 0;
  const wmisim_rule_t *rules = wmisim_rules(&count);
  assert_true(count >= 50);
  for (size_t i = 0; i < count; i++) {
    assert_true(rules[i].id != NULL && rules[i].id[0] != '\0');
    assert_true(rules[i].counterpart != NULL && rules[i].counterpart[0] != '\0');
    assert_true(rules[i].summary != NULL && rules[i].summary[0] != '\0');
    assert_true(rules[i].hint != NULL && rules[i].hint[0] != '\0');
    assert_ptr_equal(wmisim_rule_find(rules[i].id), &rules[i]); /* ids are unique */
  }
}

static void test_unknown_rule_id_is_not_found(void **state) {
  (void)state;
  assert_null(wmisim_rule_find("NoSuchRule"));
}

/* Every corpus driver's rule is a rule of the table. */
#define CORPUS_RULE(rule) assert_non_null(wmisim_rule_find(#rule));
static void test_every_corpus_rule_is_in_the_table(void **state) {
  (void)state;
  CORPUS_DRIVERS(CORPUS_RULE)
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_report_mode_is_the_default),
    cmocka_unit_test(test_off_mode_records_nothing),
    cmocka_unit_test(test_mode_can_change_while_the_simulator_runs),
    cmocka_unit_test(test_violation_carries_every_field_of_the_fault),
    cmocka_unit_test(test_violation_without_a_driver_has_empty_names_and_no_irp),
    cmocka_unit_test(test_format_names_driver_routine_irp_device_message_and_hint),
    cmocka_unit_test(test_format_truncates_and_returns_the_length_it_needed),
    cmocka_unit_test(test_sequence_numbers_keep_counting_after_a_clear),
    cmocka_unit_test(test_count_of_a_rule_counts_only_that_rule),
    cmocka_unit_test(test_handler_is_called_for_each_violation_as_it_is_recorded),
    cmocka_unit_test(test_fail_fast_calls_the_handler_at_the_violation),
    cmocka_unit_test(test_unwind_resets_the_calling_thread_and_the_drain_bound),
    cmocka_unit_test(test_unwind_is_refused_on_a_simulator_thread),
    cmocka_unit_test(test_every_rule_has_an_id_a_counterpart_a_summary_and_a_hint),
    cmocka_unit_test(test_unknown_rule_id_is_not_found),
    cmocka_unit_test(test_every_corpus_rule_is_in_the_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
