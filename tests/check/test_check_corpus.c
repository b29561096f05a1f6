/*
 * test_check_corpus.c - every buggy driver of the corpus (drivers/<Rule>.c) is
 * reported under its rule, with the driver, device, routine, IRP and
 * codes filled in, and nothing else; the consumer gets the status the
 * corpus entry names; a correct driver in the same simulator still answers
 * afterwards; and the simulator is destroyed cleanly. Then each of them
 * goes through a stress run, which the simulator survives too.
 */
#include "check_test.h"

#include <wmisim/stress.h>

#include "drivers/corpus.h"
#include "wmi_test_driver.h"

#define WITNESS_INSTANCE "ROOT\\WITNESS\\0000_0"

struct run {
  wmisim_t *sim;
  wmisim_driver_t *buggy;
  wmisim_devnode_t *node;
};

static NTSTATUS consumer_set_item(wmisim_t *sim, ULONG item) {
  wmisim_block_t *block = NULL;
  NTSTATUS status = wmisim_wmi_open(sim, &CDRV_DATA_GUID, WMIGUID_SET, &block);
  if (!NT_SUCCESS(status)) return status;
  ULONG value = 75;
  status = wmisim_wmi_set_item(block, CT_INSTANCE_NAME, item, sizeof value, &value);
  wmisim_wmi_close(block);
  return status;
}

static NTSTATUS consumer_method(wmisim_t *sim) {
  wmisim_block_t *block = NULL;
  NTSTATUS status = wmisim_wmi_open(sim, &CDRV_DATA_GUID, WMIGUID_EXECUTE, &block);
  if (!NT_SUCCESS(status)) return status;
  ULONG in = 5, out = 0, out_size = sizeof out;
  status = wmisim_wmi_execute_method(block, CT_INSTANCE_NAME, CDRV_METHOD_ADD, sizeof in, &in, &out_size, &out);
  wmisim_wmi_close(block);
  return status;
}

static NTSTATUS consumer_query_all(wmisim_t *sim) {
  wmisim_block_t *block = NULL;
  NTSTATUS status = wmisim_wmi_open(sim, &CDRV_DATA_GUID, WMIGUID_QUERY, &block);
  if (!NT_SUCCESS(status)) return status;
  static UCHAR buffer[8192];
  ULONG size = sizeof buffer;
  status = wmisim_wmi_query_all(block, &size, buffer);
  wmisim_wmi_close(block);
  return status;
}

static void ignore_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  (void)context;
  (void)event;
  (void)lost;
}

static NTSTATUS consumer_subscribe(wmisim_t *sim) {
  wmisim_subscription_t *subscription = NULL;
  NTSTATUS status = wmisim_wmi_subscribe(sim, &CDRV_EVENT_GUID, ignore_event, NULL, &subscription);
  wmisim_wait_idle(sim, 5000);
  wmisim_wmi_unsubscribe(subscription);
  return status;
}

/* Runs the scenario; returns the status of its consumer or PnP call. */
static NTSTATUS run_scenario(const struct corpus_driver *c, struct run *run) {
  UCHAR buffer[4096];
  ULONG size = sizeof buffer;
  NTSTATUS status;
  switch (c->scenario) {
  case CORPUS_START: return STATUS_INTERNAL_ERROR; /* the start status is the scenario's */
  case CORPUS_QUERY_ALL: return consumer_query_all(run->sim);
  case CORPUS_QUERY_SINGLE: return ct_query_single(run->sim, &CDRV_DATA_GUID, CT_INSTANCE_NAME, buffer, &size);
  case CORPUS_SET_ITEM: return consumer_set_item(run->sim, CDRV_ITEM_THRESHOLD);
  case CORPUS_SET_BAD_ITEM: return consumer_set_item(run->sim, 7);
  case CORPUS_METHOD: return consumer_method(run->sim);
  case CORPUS_SUBSCRIBE: return consumer_subscribe(run->sim);
  case CORPUS_SURPRISE_REMOVE: return wmisim_device_surprise_remove(run->node);
  case CORPUS_REMOVE: return wmisim_device_remove(run->node);
  case CORPUS_UNLOAD:
    status = wmisim_device_remove(run->node);
    return NT_SUCCESS(status) ? wmisim_driver_unload(run->buggy) : status;
  case CORPUS_SYSTEM_POWER: return wmisim_device_set_system_power(run->node, PowerSystemWorking);
  }
  return STATUS_INTERNAL_ERROR;
}

/* The violation names the buggy driver, its device (if it has one at that
 * point), the routine, the IRP and its codes. */
static void assert_fields(const struct corpus_driver *c, const wmisim_violation_t *v) {
  print_message("  %s: %s\n", c->rule, c->bug);
  char line[1024];
  wmisim_violation_format(v, line, sizeof line);
  print_message("  reported: %s\n", line);
  assert_string_equal(v->driver, "buggy");
  if (c->scenario != CORPUS_UNLOAD) assert_memory_equal(v->device, "buggy#", 6);
  assert_string_equal(v->routine, c->routine);
  assert_int_equal(v->major, c->major);
  assert_int_equal(v->minor, c->minor);
  if (c->names_irp)
    assert_true(v->irp != 0);
  else
    assert_true(v->irp == 0);
  assert_non_null(wmisim_rule_find(v->rule));
  assert_string_equal(v->hint, wmisim_rule_find(v->rule)->hint);
}

/* The correct driver next to the buggy one still answers. */
static void assert_witness_answers(wmisim_t *sim) {
  UCHAR buffer[512];
  ULONG size = sizeof buffer;
  assert_int_equal(ct_query_single(sim, &TEST_DATA_GUID, WITNESS_INSTANCE, buffer, &size), STATUS_SUCCESS);
  const WNODE_SINGLE_INSTANCE *wnode = (const WNODE_SINGLE_INSTANCE *)buffer;
  assert_int_equal(wnode->SizeDataBlock, sizeof(struct test_data));
  struct test_data data;
  memcpy(&data, buffer + wnode->DataBlockOffset, sizeof data);
  assert_int_equal(data.Value, 100);
}

/* A simulator with the witness (the support test driver) and the corpus
 * driver's device; returns the status of starting the latter. */
static NTSTATUS set_up(const struct corpus_driver *c, struct run *run) {
  run->sim = ct_sim_create(NULL);
  if (c->mof) assert_int_equal(wmisim_check_load_mof(run->sim, CHECK_CORPUS_MOF, NULL), STATUS_SUCCESS);
  test_driver_reset();
  wmisim_devnode_t *witness;
  wmisim_driver_t *witness_driver = ct_driver(run->sim, "witness", test_driver_entry);
  assert_int_equal(ct_device(run->sim, "ROOT\\WITNESS\\0000", witness_driver, NULL, &witness), STATUS_SUCCESS);
  run->buggy = ct_driver(run->sim, "buggy", c->entry);
  if (c->role == CORPUS_UPPER_FILTER) {
    wmisim_driver_t *lower = ct_driver(run->sim, "cdrv", c->lower != NULL ? c->lower : cdrv_correct_entry);
    return ct_device(run->sim, CT_INSTANCE_ID, lower, run->buggy, &run->node);
  }
  return ct_device(run->sim, CT_INSTANCE_ID, run->buggy, NULL, &run->node);
}

static void test_corpus_driver(void **state) {
  const struct corpus_driver *c = *state;
  struct run run;
  NTSTATUS started = set_up(c, &run);
  NTSTATUS status = started;
  if (c->scenario != CORPUS_START) {
    assert_int_equal(started, STATUS_SUCCESS);
    status = run_scenario(c, &run);
  }
  if (status != c->status) {
    print_error("%s: the scenario returned %s, expected %s\n", c->rule, wmisim_status_name(status),
                wmisim_status_name(c->status));
    wmisim_cmocka_print_violations(run.sim);
  }
  assert_int_equal(status, c->status);
  wmisim_violation_t v = ct_first_violation(run.sim, c->rule);
  assert_fields(c, &v);
  assert_witness_answers(run.sim);
  wmisim_destroy(run.sim);
  wmisim_assert_violations(NULL, c->rule, c->also, NULL);
}

/* Stress runs against every provider of the simulator: the buggy
 * driver's (or the one below a buggy filter) and the witness. */
static void test_corpus_driver_under_stress(void **state) {
  const struct corpus_driver *c = *state;
  struct run run;
  assert_int_equal(set_up(c, &run), STATUS_SUCCESS);
  wmisim_stress_options_t options;
  wmisim_stress_options_init(&options);
  options.seed = 7;
  options.steps = 300;
  wmisim_stress_result_t result;
  assert_int_equal(wmisim_stress_run(run.sim, NULL, &options, &result), STATUS_SUCCESS);
  assert_int_equal(result.steps_run, options.steps);
  assert_true(result.requests_sent > 0);
  print_message("  %s under stress: %lu violation(s), first %s\n", c->rule, (unsigned long)result.violations,
                result.finding_count != 0 ? result.findings[0].rule : "none");
  assert_witness_answers(run.sim);
  wmisim_destroy(run.sim);
}

#define CORPUS_TEST(rule) {"test_" #rule "_driver_is_reported_as_" #rule, test_corpus_driver, NULL, NULL, (void *)&corpus_##rule},
#define CORPUS_STRESS(rule) {"test_" #rule "_driver_survives_a_stress_run", test_corpus_driver_under_stress, NULL, NULL, (void *)&corpus_##rule},

int main(void) {
  const struct CMUnitTest tests[] = {CORPUS_DRIVERS(CORPUS_TEST) CORPUS_DRIVERS(CORPUS_STRESS)};
  ct_filter_from_environment();
  return cmocka_run_group_tests(tests, NULL, NULL);
}
