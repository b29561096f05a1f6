/*
 * test_check_stress.c - the stress mode: correct drivers (cdrv, as
 * function driver, behind a filter, pending on threads; the support test
 * driver) survive every kind of request and edge case without a
 * violation; a driver with a bug only an edge case reaches is found, with
 * the seed and step that reproduce it; runs are deterministic; enable
 * states are set back.
 */
#include "check_test.h"

#include <wmisim/stress.h>

#include "drivers/cdrv.h"
#include "wmi_test_driver.h"

#define SEED 0x2a

/* ---- drivers with bugs only the stress mode reaches ----------------------------------------------- */

/* Answers queries itself, failing those for an instance it does not have,
 * without looking at ProviderId: a query addressed to the PDO below is
 * completed here (WmiCompletedByNonProvider). */
static NTSTATUS NTAPI answers_foreign_queries(PDEVICE_OBJECT device, PIRP irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  if (stack->MinorFunction == IRP_MN_QUERY_SINGLE_INSTANCE && stack->Parameters.WMI.ProviderId != (ULONG_PTR)device &&
      stack->Parameters.WMI.BufferSize >= sizeof(WNODE_SINGLE_INSTANCE))
    return cdrv_complete(irp, STATUS_WMI_INSTANCE_NOT_FOUND, 0);
  return cdrv_system_control(device, irp);
}

/* Treats every minor code it does not know as done (IrpNotWmi is to be
 * passed down): IrpProcessingComplete. */
static NTSTATUS NTAPI drops_unknown_minors(PDEVICE_OBJECT device, PIRP irp) {
  UCHAR minor = IoGetCurrentIrpStackLocation(irp)->MinorFunction;
  if (minor > IRP_MN_EXECUTE_METHOD && minor != IRP_MN_REGINFO_EX) return STATUS_SUCCESS;
  return cdrv_system_control(device, irp);
}

static const struct cdrv_hooks foreign_hooks = {.system_control = answers_foreign_queries};
static const struct cdrv_hooks drop_hooks = {.system_control = drops_unknown_minors};

static NTSTATUS NTAPI foreign_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path) {
  return cdrv_entry(driver, path, &foreign_hooks);
}
static NTSTATUS NTAPI drop_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path) {
  return cdrv_entry(driver, path, &drop_hooks);
}

/* ---- helpers ------------------------------------------------------------------------------------ */

struct fixture {
  wmisim_t *sim;
  PDEVICE_OBJECT provider;     /* the cdrv device (the function driver's) */
};

/* A started device of `entry` as function driver, with `upper` (NULL:
 * none) above it. */
static struct fixture fixture_with(PDRIVER_INITIALIZE entry, PDRIVER_INITIALIZE upper) {
  struct fixture f = {ct_sim_create(NULL), NULL};
  wmisim_driver_t *function = ct_driver(f.sim, "cdrv", entry);
  wmisim_driver_t *filter = upper != NULL ? ct_driver(f.sim, "filter", upper) : NULL;
  wmisim_devnode_t *node;
  assert_int_equal(ct_device(f.sim, CT_INSTANCE_ID, function, filter, &node), STATUS_SUCCESS);
  f.provider = cdrv_device_in_stack(wmisim_device_pdo(node), wmisim_driver_object(function));
  assert_non_null(f.provider);
  return f;
}

static wmisim_stress_options_t options_with(uint64_t seed, uint32_t steps) {
  wmisim_stress_options_t options;
  wmisim_stress_options_init(&options);
  options.seed = seed;
  options.steps = steps;
  return options;
}

static void print_findings(const wmisim_stress_result_t *result) {
  for (uint32_t i = 0; i < result->finding_count; i++) {
    char line[1024];
    wmisim_stress_finding_format(result, &result->findings[i], line, sizeof line);
    print_error("  %s\n", line);
  }
}

/* A clean run of `steps` steps: every step sent, no violation. */
static void assert_clean_run(wmisim_t *sim, PDEVICE_OBJECT provider, uint64_t seed, uint32_t steps) {
  wmisim_stress_options_t options = options_with(seed, steps);
  wmisim_stress_result_t result;
  assert_int_equal(wmisim_stress_run(sim, provider, &options, &result), STATUS_SUCCESS);
  if (result.violations != 0) print_findings(&result);
  assert_int_equal(result.violations, 0);
  assert_int_equal(result.steps_run, steps);
  assert_int_equal(result.requests_sent, steps);
  assert_true(result.requests_succeeded > 0);
  assert_true(result.requests_succeeded < steps); /* edge cases fail */
  wmisim_assert_no_violations(sim);
}

/* ---- correct drivers are clean --------------------------------------------------------------------- */

static void test_correct_driver_survives_every_kind_and_edge_case(void **state) {
  (void)state;
  struct fixture f = fixture_with(cdrv_correct_entry, NULL);
  assert_clean_run(f.sim, f.provider, SEED, 2000);
  wmisim_destroy(f.sim);
  wmisim_assert_no_violations(NULL);
}

static void test_correct_driver_is_clean_under_many_seeds(void **state) {
  (void)state;
  struct fixture f = fixture_with(cdrv_correct_entry, NULL);
  for (uint64_t seed = 1; seed <= 20; seed++) assert_clean_run(f.sim, f.provider, seed, 100);
  wmisim_destroy(f.sim);
  wmisim_assert_no_violations(NULL);
}

static void test_correct_driver_completing_on_other_threads_is_clean(void **state) {
  (void)state;
  struct fixture f = fixture_with(cdrv_pending_entry, NULL);
  assert_clean_run(f.sim, f.provider, SEED, 500);
  wmisim_destroy(f.sim);
  wmisim_assert_no_violations(NULL);
}

static void test_correct_driver_behind_a_correct_filter_is_clean(void **state) {
  (void)state;
  struct fixture f = fixture_with(cdrv_correct_entry, cdrv_filter_entry);
  assert_clean_run(f.sim, f.provider, SEED, 1000);
  wmisim_destroy(f.sim);
  wmisim_assert_no_violations(NULL);
}

static void test_support_test_driver_is_clean(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  test_driver_reset();
  wmisim_devnode_t *node;
  assert_int_equal(ct_device(sim, "ROOT\\WITNESS\\0000", ct_driver(sim, "witness", test_driver_entry), NULL, &node),
                   STATUS_SUCCESS);
  assert_clean_run(sim, test_driver_fdo(wmisim_device_pdo(node)), SEED, 1000);
  wmisim_destroy(sim);
  wmisim_assert_no_violations(NULL);
}

static void test_every_registered_provider_is_stressed_when_none_is_named(void **state) {
  (void)state;
  struct fixture f = fixture_with(cdrv_correct_entry, NULL);
  test_driver_reset();
  wmisim_devnode_t *node;
  assert_int_equal(ct_device(f.sim, "ROOT\\WITNESS\\0000", ct_driver(f.sim, "witness", test_driver_entry), NULL, &node),
                   STATUS_SUCCESS);
  LONG before = test_driver_counters.system_control;
  assert_clean_run(f.sim, NULL, SEED, 400);
  assert_true(test_driver_counters.system_control > before);
  wmisim_destroy(f.sim);
}

/* ---- bugs are found, with what reproduces them ------------------------------------------------------ */

static void test_completing_foreign_requests_is_found_with_its_step(void **state) {
  (void)state;
  struct fixture f = fixture_with(foreign_entry, NULL);
  wmisim_stress_options_t options = options_with(SEED, 500);
  wmisim_stress_result_t result;
  assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, &result), STATUS_SUCCESS);
  assert_true(result.finding_count > 0);
  const wmisim_stress_finding_t *first = &result.findings[0];
  assert_string_equal(first->rule, "WmiCompletedByNonProvider");
  assert_non_null(strstr(first->request, "IRP_MN_QUERY_SINGLE_INSTANCE"));
  assert_non_null(strstr(first->request, "ProviderId of the PDO"));
  char line[1024];
  wmisim_stress_finding_format(&result, first, line, sizeof line);
  char prefix[64];
  snprintf(prefix, sizeof prefix, "seed 0x2a step %lu: WmiCompletedByNonProvider (", (unsigned long)first->step);
  assert_memory_equal(line, prefix, strlen(prefix));
  wmisim_destroy(f.sim);
}

static void test_violation_context_names_the_seed_and_step(void **state) {
  (void)state;
  struct fixture f = fixture_with(foreign_entry, NULL);
  wmisim_stress_options_t options = options_with(SEED, 500);
  wmisim_stress_result_t result;
  assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, &result), STATUS_SUCCESS);
  wmisim_violation_t v = ct_first_violation(f.sim, "WmiCompletedByNonProvider");
  char expected[64];
  snprintf(expected, sizeof expected, "stress seed 0x2a step %lu: IRP_MN_QUERY_SINGLE_INSTANCE",
           (unsigned long)result.findings[0].step);
  assert_memory_equal(v.context, expected, strlen(expected));
  assert_int_equal(v.sequence, result.findings[0].sequence);
  wmisim_destroy(f.sim);
}

static void test_a_finding_replays_alone_from_its_step(void **state) {
  (void)state;
  struct fixture f = fixture_with(foreign_entry, NULL);
  wmisim_stress_options_t options = options_with(SEED, 500);
  wmisim_stress_result_t result;
  assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, &result), STATUS_SUCCESS);
  wmisim_stress_finding_t first = result.findings[0];
  wmisim_destroy(f.sim);

  f = fixture_with(foreign_entry, NULL);
  options.first_step = first.step;
  options.steps = 1;
  assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, &result), STATUS_SUCCESS);
  assert_int_equal(result.finding_count, 1);
  assert_int_equal(result.findings[0].step, first.step);
  assert_string_equal(result.findings[0].rule, first.rule);
  assert_string_equal(result.findings[0].request, first.request);
  wmisim_destroy(f.sim);
}

/* Two runs with one seed find the same violations at the same steps. */
static void test_runs_with_one_seed_are_identical(void **state) {
  (void)state;
  wmisim_stress_result_t a, b;
  wmisim_stress_options_t options = options_with(SEED, 300);
  for (int run = 0; run < 2; run++) {
    struct fixture f = fixture_with(foreign_entry, NULL);
    assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, run == 0 ? &a : &b), STATUS_SUCCESS);
    wmisim_destroy(f.sim);
  }
  assert_true(a.finding_count > 1);
  assert_int_equal(a.finding_count, b.finding_count);
  assert_int_equal(a.requests_succeeded, b.requests_succeeded);
  for (uint32_t i = 0; i < a.finding_count; i++) {
    assert_int_equal(a.findings[i].step, b.findings[i].step);
    assert_string_equal(a.findings[i].violation, b.findings[i].violation);
  }
}

static void test_other_seeds_send_other_requests(void **state) {
  (void)state;
  wmisim_stress_result_t a, b;
  for (int run = 0; run < 2; run++) {
    struct fixture f = fixture_with(foreign_entry, NULL);
    wmisim_stress_options_t options = options_with(run == 0 ? 1 : 2, 300);
    assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, run == 0 ? &a : &b), STATUS_SUCCESS);
    wmisim_destroy(f.sim);
  }
  assert_true(a.finding_count > 0 && b.finding_count > 0);
  assert_true(a.findings[0].step != b.findings[0].step || strcmp(a.findings[0].request, b.findings[0].request) != 0);
}

static void test_stop_at_first_ends_the_run_at_the_first_finding(void **state) {
  (void)state;
  struct fixture f = fixture_with(foreign_entry, NULL);
  wmisim_stress_options_t options = options_with(SEED, 500);
  options.stop_at_first = true;
  wmisim_stress_result_t result;
  assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, &result), STATUS_SUCCESS);
  assert_int_equal(result.finding_count, 1);
  assert_int_equal(result.steps_run, result.findings[0].step + 1);
  wmisim_destroy(f.sim);
}

static void test_dropping_minors_that_are_no_wmi_request_is_found(void **state) {
  (void)state;
  struct fixture f = fixture_with(drop_entry, NULL);
  wmisim_stress_options_t options = options_with(SEED, 200);
  options.kinds = WMISIM_STRESS_NOT_WMI;
  options.edges = 0;
  wmisim_stress_result_t result;
  assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, &result), STATUS_SUCCESS);
  assert_int_equal(result.violations, 200);
  assert_string_equal(result.findings[0].rule, "IrpProcessingComplete");
  assert_int_equal(result.requests_succeeded, 0); /* a dropped IRP fails */
  wmisim_destroy(f.sim);
}

/* ---- options and state ----------------------------------------------------------------------- */

static void test_kinds_limit_the_requests_sent(void **state) {
  (void)state;
  struct fixture f = fixture_with(foreign_entry, NULL);
  wmisim_stress_options_t options = options_with(SEED, 300);
  options.kinds = WMISIM_STRESS_QUERY_ALL | WMISIM_STRESS_EVENTS;
  wmisim_stress_result_t result;
  assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, &result), STATUS_SUCCESS);
  assert_int_equal(result.violations, 0); /* the bug is in QUERY_SINGLE_INSTANCE only */
  wmisim_destroy(f.sim);
}

static void test_event_and_collection_states_are_set_back_after_a_run(void **state) {
  (void)state;
  struct fixture f = fixture_with(cdrv_correct_entry, NULL);
  wmisim_stress_options_t options = options_with(SEED, 301);
  options.kinds = WMISIM_STRESS_EVENTS | WMISIM_STRESS_COLLECTION;
  options.edges = 0;
  assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, NULL), STATUS_SUCCESS);
  struct cdrv_extension *ext = f.provider->DeviceExtension;
  assert_false(ext->events_enabled); /* nobody subscribed: WMI believes it disabled */
  wmisim_assert_no_violations(f.sim);
  wmisim_destroy(f.sim);
}

static void test_an_unregistered_device_is_no_target(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  wmisim_devnode_t *node;
  wmisim_driver_t *filter = ct_driver(sim, "filter", cdrv_filter_entry);
  assert_int_equal(ct_device(sim, CT_INSTANCE_ID, ct_driver(sim, "cdrv", cdrv_correct_entry), filter, &node),
                   STATUS_SUCCESS);
  PDEVICE_OBJECT top = wmisim_device_top(node);
  assert_int_equal(wmisim_stress_run(sim, top, NULL, NULL), STATUS_WMI_GUID_NOT_FOUND);
  wmisim_destroy(sim);
}

static void test_bad_options_are_refused(void **state) {
  (void)state;
  struct fixture f = fixture_with(cdrv_correct_entry, NULL);
  wmisim_stress_options_t options = options_with(SEED, 10);
  options.version = 99;
  assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, NULL), STATUS_INVALID_PARAMETER);
  options = options_with(SEED, 10);
  options.edge_percent = 101;
  assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, NULL), STATUS_INVALID_PARAMETER);
  options = options_with(SEED, 10);
  options.kinds = 0;
  assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, NULL), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_stress_run(NULL, f.provider, NULL, NULL), STATUS_INVALID_PARAMETER);
  wmisim_destroy(f.sim);
}

static void test_default_seed_is_the_simulators(void **state) {
  (void)state;
  struct fixture f = fixture_with(cdrv_correct_entry, NULL);
  wmisim_stress_options_t options;
  wmisim_stress_options_init(&options);
  options.steps = 5;
  wmisim_stress_result_t result;
  assert_int_equal(wmisim_stress_run(f.sim, f.provider, &options, &result), STATUS_SUCCESS);
  assert_int_equal(result.seed, wmisim_options(f.sim)->seed);
  wmisim_destroy(f.sim);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_correct_driver_survives_every_kind_and_edge_case),
    cmocka_unit_test(test_correct_driver_is_clean_under_many_seeds),
    cmocka_unit_test(test_correct_driver_completing_on_other_threads_is_clean),
    cmocka_unit_test(test_correct_driver_behind_a_correct_filter_is_clean),
    cmocka_unit_test(test_support_test_driver_is_clean),
    cmocka_unit_test(test_every_registered_provider_is_stressed_when_none_is_named),
    cmocka_unit_test(test_completing_foreign_requests_is_found_with_its_step),
    cmocka_unit_test(test_violation_context_names_the_seed_and_step),
    cmocka_unit_test(test_a_finding_replays_alone_from_its_step),
    cmocka_unit_test(test_runs_with_one_seed_are_identical),
    cmocka_unit_test(test_other_seeds_send_other_requests),
    cmocka_unit_test(test_stop_at_first_ends_the_run_at_the_first_finding),
    cmocka_unit_test(test_dropping_minors_that_are_no_wmi_request_is_found),
    cmocka_unit_test(test_kinds_limit_the_requests_sent),
    cmocka_unit_test(test_event_and_collection_states_are_set_back_after_a_run),
    cmocka_unit_test(test_an_unregistered_device_is_no_target),
    cmocka_unit_test(test_bad_options_are_refused),
    cmocka_unit_test(test_default_seed_is_the_simulators),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
