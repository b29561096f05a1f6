/*
 * test_kernel_sim.c - simulator instances: the virtual and real clocks,
 * checking modes and violation records, isolation between simulators and
 * the current-simulator rules.
 */
#include "kernel_test.h"

/* 2026-01-01T00:00:00Z: 1,767,225,600 s after the Unix epoch, which is
 * 116,444,736,000,000,000 in 100 ns units since 1601-01-01. */
#define JAN_1_2026 (116444736000000000LL + 1767225600LL * 10000000LL)

/* ---- the clock ---------------------------------------------------------------------------- */

static void test_system_time_starts_at_the_virtual_clock_origin(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  LARGE_INTEGER now;
  KeQuerySystemTime(&now);
  assert_int_equal(now.QuadPart, JAN_1_2026);
  assert_int_equal(wmisim_clock_now(sim), JAN_1_2026);
  assert_int_equal(KeQueryInterruptTime(), 0);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_clock_origin_is_an_option(void **state) {
  (void)state;
  wmisim_options_t options;
  kt_options(&options);
  options.clock_start = JAN_1_2026 + 12345;
  wmisim_t *sim = kt_sim_create_with(&options);
  LARGE_INTEGER now;
  KeQuerySystemTime(&now);
  assert_int_equal(now.QuadPart, JAN_1_2026 + 12345);
  kt_sim_destroy(sim);
}

/* The same calls in two simulators created with the same options give the
 * same times. */
static int64_t run_scripted_timeline(void) {
  wmisim_t *sim = kt_sim_create();
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  LARGE_INTEGER timeout = kt_relative_ms(3);
  KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout);
  LARGE_INTEGER delay = kt_relative_ms(70);
  KeDelayExecutionThread(KernelMode, FALSE, &delay);
  KeStallExecutionProcessor(15);
  wmisim_clock_advance(sim, 1234);
  LARGE_INTEGER now;
  KeQuerySystemTime(&now);
  kt_sim_destroy(sim);
  return now.QuadPart;
}

static void test_virtual_clock_is_identical_in_two_simulators_with_the_same_options(void **state) {
  (void)state;
  int64_t first = run_scripted_timeline();
  int64_t second = run_scripted_timeline();
  assert_int_equal(first, second);
  assert_int_equal(first, JAN_1_2026 + 3 * 10000 + 70 * 10000 + 15 * 10 + 1234);
}

static void test_delay_execution_advances_the_virtual_clock(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  LARGE_INTEGER delay = kt_relative_ms(5000); /* passes at once: virtual time */
  time_t start = time(NULL);
  assert_int_equal(KeDelayExecutionThread(KernelMode, FALSE, &delay), STATUS_SUCCESS);
  assert_true(time(NULL) - start < 3);
  assert_int_equal(wmisim_clock_now(sim), JAN_1_2026 + 5000 * 10000LL);
  LARGE_INTEGER until = {.QuadPart = JAN_1_2026 + 6000 * 10000LL};
  KeDelayExecutionThread(KernelMode, FALSE, &until);
  assert_int_equal(wmisim_clock_now(sim), until.QuadPart);
  assert_int_equal(KeQueryInterruptTime(), 6000 * 10000ULL);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_clock_advance_moves_tick_count_and_performance_counter(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  assert_int_equal(wmisim_clock_advance(sim, 10 * 156250), STATUS_SUCCESS);
  LARGE_INTEGER ticks;
  KeQueryTickCount(&ticks);
  assert_int_equal(ticks.QuadPart, 10);
  LARGE_INTEGER frequency;
  LARGE_INTEGER counter = KeQueryPerformanceCounter(&frequency);
  assert_int_equal(frequency.QuadPart, 10000000);
  assert_int_equal(counter.QuadPart, 10 * 156250);
  assert_int_equal(wmisim_clock_advance(sim, -1), STATUS_INVALID_PARAMETER);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_real_clock_tracks_the_host_clock(void **state) {
  (void)state;
  wmisim_options_t options;
  kt_options(&options);
  options.clock_mode = WMISIM_CLOCK_REAL;
  wmisim_t *sim = kt_sim_create_with(&options);
  time_t host = time(NULL);
  LARGE_INTEGER now;
  KeQuerySystemTime(&now);
  int64_t host_100ns = 116444736000000000LL + (int64_t)host * 10000000LL;
  assert_true(now.QuadPart >= host_100ns - 2 * 10000000LL);
  assert_true(now.QuadPart <= host_100ns + 2 * 10000000LL);
  assert_int_equal(wmisim_clock_advance(sim, 10), STATUS_INVALID_DEVICE_STATE);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- checking modes ------------------------------------------------------------------------- */

static void provoke_violation(void) {
  KeLowerIrql(DISPATCH_LEVEL); /* IrqlRaiseLower */
}

static void test_checking_off_records_nothing(void **state) {
  (void)state;
  wmisim_options_t options;
  kt_options(&options);
  options.check_mode = WMISIM_CHECK_OFF;
  wmisim_t *sim = kt_sim_create_with(&options);
  assert_int_equal(wmisim_check_mode(sim), WMISIM_CHECK_OFF);
  provoke_violation();
  assert_int_equal(wmisim_violation_count(sim), 0);
  assert_no_violations();
  kt_sim_destroy(sim);
}

static void test_report_mode_records_violations(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  assert_int_equal(wmisim_check_mode(sim), WMISIM_CHECK_REPORT);
  provoke_violation();
  provoke_violation();
  assert_int_equal(wmisim_violation_count(sim), 2);
  assert_int_equal(wmisim_violation_count_rule(sim, "IrqlRaiseLower"), 2);
  assert_int_equal(wmisim_violation_count_rule(sim, "IrqlTooHigh"), 0);
  wmisim_violation_t first, second;
  assert_true(wmisim_violation_get(sim, 0, &first));
  assert_true(wmisim_violation_get(sim, 1, &second));
  assert_false(wmisim_violation_get(sim, 2, &second));
  assert_int_equal(first.sequence, 1);
  assert_int_equal(second.sequence, 2);
  wmisim_violations_clear(sim);
  assert_int_equal(wmisim_violation_count(sim), 0);
  kt_sim_destroy(sim);
}

struct fail_fast_catch {
  int calls;
  char rule[40];
};

static void catch_fail_fast(void *context, const wmisim_violation_t *violation) {
  struct fail_fast_catch *c = context;
  c->calls++;
  snprintf(c->rule, sizeof c->rule, "%s", violation->rule);
}

static void test_fail_fast_mode_calls_the_violation_handler(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  wmisim_set_check_mode(sim, WMISIM_CHECK_FAIL_FAST);
  assert_int_equal(wmisim_check_mode(sim), WMISIM_CHECK_FAIL_FAST);
  struct fail_fast_catch c = {0, ""};
  wmisim_set_violation_handler(sim, catch_fail_fast, &c);
  provoke_violation();
  assert_int_equal(c.calls, 1);
  assert_string_equal(c.rule, "IrqlRaiseLower");
  assert_int_equal(wmisim_violation_count(sim), 1);
  wmisim_set_check_mode(sim, WMISIM_CHECK_OFF);
  provoke_violation();
  assert_int_equal(c.calls, 1);
  kt_sim_destroy(sim);
}

static NTSTATUS NTAPI misbehaving_driver_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)DriverObject;
  (void)RegistryPath;
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, TRUE);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL); /* IrqlTooHigh */
  KeLowerIrql(old);
  return STATUS_SUCCESS;
}

static void test_violation_names_rule_counterpart_hint_driver_and_routine(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  wmisim_driver_t *driver = NULL;
  assert_int_equal(wmisim_driver_add(sim, "misbehaver", misbehaving_driver_entry, &driver), STATUS_SUCCESS);
  assert_int_equal(wmisim_violation_count(sim), 1);
  wmisim_violation_t v;
  assert_true(wmisim_violation_get(sim, 0, &v));
  assert_string_equal(v.rule, "IrqlTooHigh");
  const wmisim_rule_t *rule = wmisim_rule_find("IrqlTooHigh");
  assert_non_null(rule);
  assert_string_equal(v.counterpart, rule->counterpart);
  assert_string_equal(v.hint, rule->hint);
  assert_true(strlen(v.hint) > 0);
  assert_string_equal(v.driver, "misbehaver");
  assert_string_equal(v.routine, "KeWaitForSingleObject");
  assert_non_null(strstr(v.message, "IRQL 2"));
  assert_int_equal(v.irp, 0);
  assert_int_equal(v.major, -1);
  assert_int_equal(v.minor, -1);

  char line[1024];
  size_t needed = wmisim_violation_format(&v, line, sizeof line);
  assert_int_equal(needed, strlen(line));
  assert_non_null(strstr(line, "IrqlTooHigh"));
  assert_non_null(strstr(line, rule->counterpart));
  assert_non_null(strstr(line, "misbehaver!KeWaitForSingleObject"));
  assert_non_null(strstr(line, "hint:"));
  /* A short buffer is truncated; the length needed is still returned. */
  char small[16];
  assert_int_equal(wmisim_violation_format(&v, small, sizeof small), needed);
  assert_int_equal(strlen(small), sizeof small - 1);
  assert_int_equal(wmisim_driver_unload(driver), STATUS_SUCCESS);
  kt_sim_destroy(sim);
}

/* ---- isolation and the current simulator ---------------------------------------------------- */

static void test_two_simulators_do_not_see_each_others_pool_devices_or_violations(void **state) {
  (void)state;
  wmisim_t *a = kt_sim_create();
  wmisim_options_t options;
  kt_options(&options);
  wmisim_t *b = NULL;
  assert_int_equal(wmisim_create(&options, &b), STATUS_SUCCESS);

  wmisim_make_current(a);
  void *block = ExAllocatePoolWithTag(NonPagedPoolNx, 40, 'oslI');
  wmisim_driver_t *driver = kt_add_device_driver(a, "isolated");
  provoke_violation();

  assert_int_equal(wmisim_pool_usage(a, 'oslI').blocks, 1);
  assert_int_equal(wmisim_pool_usage(b, 'oslI').blocks, 0);
  assert_int_equal(wmisim_pool_usage(b, 'oslI').allocations, 0);
  assert_ptr_equal(wmisim_driver_find(a, "isolated"), driver);
  assert_null(wmisim_driver_find(b, "isolated"));
  assert_int_equal(wmisim_violation_count(a), 1);
  assert_int_equal(wmisim_violation_count(b), 0);

  /* The same work in b is b's alone. */
  wmisim_make_current(b);
  void *other = ExAllocatePoolWithTag(NonPagedPoolNx, 8, 'oslI');
  assert_int_equal(wmisim_pool_usage(b, 'oslI').blocks, 1);
  assert_int_equal(wmisim_pool_usage(a, 'oslI').bytes, 40);
  ExFreePool(other);

  wmisim_make_current(a);
  ExFreePool(block);
  kt_remove_device_driver(driver);
  wmisim_destroy(b);
  kt_sim_destroy(a);
}

static void test_current_simulator_follows_make_current_then_the_newest(void **state) {
  (void)state;
  wmisim_options_t options;
  kt_options(&options);
  wmisim_t *a = NULL, *b = NULL;
  assert_int_equal(wmisim_create(&options, &a), STATUS_SUCCESS);
  assert_ptr_equal(wmisim_current(), a);
  assert_int_equal(wmisim_create(&options, &b), STATUS_SUCCESS);
  /* Without wmisim_make_current: the most recently created live one. */
  assert_ptr_equal(wmisim_current(), b);
  wmisim_make_current(a);
  assert_ptr_equal(wmisim_current(), a);
  wmisim_make_current(NULL);
  assert_ptr_equal(wmisim_current(), b);
  wmisim_make_current(b);
  wmisim_destroy(b);
  /* Destroying the thread's current simulator clears it. */
  assert_ptr_equal(wmisim_current(), a);
  wmisim_destroy(a);
  assert_null(wmisim_current());
}

struct current_probe {
  wmisim_t *seen;
};

static VOID NTAPI record_current(PVOID context) {
  ((struct current_probe *)context)->seen = wmisim_current();
}

static void test_a_system_thread_works_for_the_simulator_that_created_it(void **state) {
  (void)state;
  wmisim_t *a = kt_sim_create();
  wmisim_options_t options;
  kt_options(&options);
  wmisim_t *b = NULL;
  assert_int_equal(wmisim_create(&options, &b), STATUS_SUCCESS);
  wmisim_make_current(a); /* b is the newest, a is this thread's */
  struct current_probe probe = {NULL};
  kt_thread_join(kt_thread_start(record_current, &probe));
  assert_ptr_equal(probe.seen, a);
  wmisim_destroy(b);
  kt_sim_destroy(a);
}

static void test_create_rejects_an_unknown_options_version(void **state) {
  (void)state;
  wmisim_options_t options;
  kt_options(&options);
  options.version = 99;
  wmisim_t *sim = (wmisim_t *)&options;
  assert_int_equal(wmisim_create(&options, &sim), STATUS_INVALID_PARAMETER);
  assert_null(sim);
  wmisim_options_init(&options);
  options.check_mode = (wmisim_check_mode_t)7;
  assert_int_equal(wmisim_create(&options, &sim), STATUS_INVALID_PARAMETER);
  wmisim_destroy(NULL); /* ignored */
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_system_time_starts_at_the_virtual_clock_origin),
    cmocka_unit_test(test_clock_origin_is_an_option),
    cmocka_unit_test(test_virtual_clock_is_identical_in_two_simulators_with_the_same_options),
    cmocka_unit_test(test_delay_execution_advances_the_virtual_clock),
    cmocka_unit_test(test_clock_advance_moves_tick_count_and_performance_counter),
    cmocka_unit_test(test_real_clock_tracks_the_host_clock),
    cmocka_unit_test(test_checking_off_records_nothing),
    cmocka_unit_test(test_report_mode_records_violations),
    cmocka_unit_test(test_fail_fast_mode_calls_the_violation_handler),
    cmocka_unit_test(test_violation_names_rule_counterpart_hint_driver_and_routine),
    cmocka_unit_test(test_two_simulators_do_not_see_each_others_pool_devices_or_violations),
    cmocka_unit_test(test_current_simulator_follows_make_current_then_the_newest),
    cmocka_unit_test(test_a_system_thread_works_for_the_simulator_that_created_it),
    cmocka_unit_test(test_create_rejects_an_unknown_options_version),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
