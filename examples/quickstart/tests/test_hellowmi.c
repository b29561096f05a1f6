/*
 * test_hellowmi.c - the hellowmi driver, tested through wmisim: loaded,
 * started on a simulated root bus, queried and set as a WMI consumer,
 * under the checking mode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <wmisim.h>

#include "../hellowmi.h"

#define INSTANCE "ROOT\\HELLOWMI\\0000_0"

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  wmisim_block_t *block;
};

static int start_driver(void **state) {
  static struct fixture f;
  wmisim_options_t options;
  wmisim_options_init(&options);
  options.check_mode = WMISIM_CHECK_REPORT; /* collect violations; each test asserts there are none */
  if (wmisim_create(&options, &f.sim) != STATUS_SUCCESS) return -1;

  wmisim_driver_t *driver;
  if (wmisim_driver_add(f.sim, "hellowmi", DriverEntry, &driver) != STATUS_SUCCESS) return -1;
  wmisim_device_spec_t spec = {.instance_id = "ROOT\\HELLOWMI\\0000", .function_driver = driver};
  if (wmisim_device_add(f.sim, &spec, &f.node) != STATUS_SUCCESS) return -1;
  if (wmisim_device_start(f.node) != STATUS_SUCCESS) return -1;
  if (wmisim_wmi_open(f.sim, &HELLOWMI_COUNTER_GUID, WMIGUID_QUERY | WMIGUID_SET, &f.block) != STATUS_SUCCESS)
    return -1;
  *state = &f;
  return 0;
}

static int stop_driver(void **state) {
  struct fixture *f = *state;
  wmisim_wmi_close(f->block);
  NTSTATUS removed = wmisim_device_remove(f->node);
  size_t violations = wmisim_violation_count(f->sim);
  wmisim_destroy(f->sim); /* reports leaked pool and objects through the log */
  return removed == STATUS_SUCCESS && violations == 0 ? 0 : -1;
}

static HELLOWMI_COUNTER query(struct fixture *f) {
  union {
    WNODE_SINGLE_INSTANCE wnode;
    UCHAR bytes[256];
  } buffer;
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(f->block, INSTANCE, &size, &buffer), STATUS_SUCCESS);
  assert_int_equal(buffer.wnode.SizeDataBlock, sizeof(HELLOWMI_COUNTER));
  HELLOWMI_COUNTER counter;
  memcpy(&counter, buffer.bytes + buffer.wnode.DataBlockOffset, sizeof counter);
  return counter;
}

static void each_query_adds_step_to_queries(void **state) {
  struct fixture *f = *state;
  assert_int_equal(query(f).Queries, 1);
  assert_int_equal(query(f).Queries, 2);
  assert_int_equal(wmisim_violation_count(f->sim), 0);
}

static void setting_item_2_changes_step(void **state) {
  struct fixture *f = *state;
  ULONG step = 10;
  assert_int_equal(wmisim_wmi_set_item(f->block, INSTANCE, 2, sizeof step, &step), STATUS_SUCCESS);
  HELLOWMI_COUNTER counter = query(f);
  assert_int_equal(counter.Step, 10);
  assert_int_equal(counter.Queries, 10);
}

static void queries_item_is_read_only(void **state) {
  struct fixture *f = *state;
  ULONG queries = 99;
  assert_int_equal(wmisim_wmi_set_item(f->block, INSTANCE, 1, sizeof queries, &queries), STATUS_WMI_READ_ONLY);
}

static void unknown_instance_is_not_found(void **state) {
  struct fixture *f = *state;
  UCHAR buffer[256];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(f->block, "ROOT\\HELLOWMI\\0001_0", &size, buffer),
                   STATUS_WMI_INSTANCE_NOT_FOUND);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(each_query_adds_step_to_queries, start_driver, stop_driver),
      cmocka_unit_test_setup_teardown(setting_item_2_changes_step, start_driver, stop_driver),
      cmocka_unit_test_setup_teardown(queries_item_is_read_only, start_driver, stop_driver),
      cmocka_unit_test_setup_teardown(unknown_instance_is_not_found, start_driver, stop_driver),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
