/*
 * test_sim_library.c - the library functions the wmisim command relies on:
 * status names parsed back, symbols of a driver's module, waiting for the
 * trace, and whether a stream is a terminal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmisim.h>

static void quiet(void *context, wmisim_log_level_t level, const char *message) {
  (void)context;
  (void)level;
  (void)message;
}

static wmisim_t *create(void) {
  wmisim_options_t options;
  wmisim_options_init(&options);
  options.log = quiet;
  wmisim_t *sim = NULL;
  assert_int_equal(wmisim_create(&options, &sim), STATUS_SUCCESS);
  return sim;
}

static void test_status_parse_takes_the_full_name(void **state) {
  (void)state;
  NTSTATUS status = 0;
  assert_int_equal(wmisim_status_parse("STATUS_WMI_GUID_NOT_FOUND", &status), STATUS_SUCCESS);
  assert_int_equal(status, STATUS_WMI_GUID_NOT_FOUND);
}

static void test_status_parse_takes_the_name_without_prefix_in_any_case(void **state) {
  (void)state;
  NTSTATUS status = 0;
  assert_int_equal(wmisim_status_parse("wmi_instance_not_found", &status), STATUS_SUCCESS);
  assert_int_equal(status, STATUS_WMI_INSTANCE_NOT_FOUND);
  assert_int_equal(wmisim_status_parse("Success", &status), STATUS_SUCCESS);
  assert_int_equal(status, STATUS_SUCCESS);
}

static void test_status_parse_takes_numbers(void **state) {
  (void)state;
  NTSTATUS status = 0;
  assert_int_equal(wmisim_status_parse("0xC0000023", &status), STATUS_SUCCESS);
  assert_int_equal(status, STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(wmisim_status_parse("259", &status), STATUS_SUCCESS);
  assert_int_equal(status, STATUS_PENDING);
}

static void test_status_parse_refuses_unknown_names(void **state) {
  (void)state;
  NTSTATUS status = 7;
  assert_int_equal(wmisim_status_parse("STATUS_NO_SUCH_THING", &status), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_status_parse("", &status), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_status_parse("0x1FFFFFFFF", &status), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_status_parse(NULL, &status), STATUS_INVALID_PARAMETER);
  assert_int_equal(status, 7);
}

static void test_driver_symbol_finds_an_export_of_the_module(void **state) {
  (void)state;
  wmisim_t *sim = create();
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_load(sim, WMITEST_MODULE, NULL, &driver, NULL, 0), STATUS_SUCCESS);
  assert_non_null(wmisim_driver_symbol(driver, "WmiTestFireEvent"));
  assert_null(wmisim_driver_symbol(driver, "NoSuchExport"));
  assert_null(wmisim_driver_symbol(driver, NULL));
  wmisim_destroy(sim);
}

static NTSTATUS NTAPI entry(PDRIVER_OBJECT driver, PUNICODE_STRING path) {
  (void)driver;
  (void)path;
  return STATUS_SUCCESS;
}

static void test_driver_symbol_of_a_driver_added_in_process_is_null(void **state) {
  (void)state;
  wmisim_t *sim = create();
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "inproc", entry, &driver), STATUS_SUCCESS);
  assert_null(wmisim_driver_symbol(driver, "DriverEntry"));
  assert_null(wmisim_driver_symbol(NULL, "DriverEntry"));
  wmisim_destroy(sim);
}

static void count(void *context, const wmisim_trace_event_t *event) {
  (void)event;
  (*(int *)context)++;
}

static void test_trace_wait_returns_at_once_when_an_event_came_after(void **state) {
  (void)state;
  wmisim_t *sim = create();
  int events = 0;
  wmisim_trace_subscription_t *subscription;
  assert_int_equal(wmisim_trace_subscribe(sim, count, &events, &subscription), STATUS_SUCCESS);
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_load(sim, WMITEST_MODULE, NULL, &driver, NULL, 0), STATUS_SUCCESS);
  wmisim_device_spec_t spec = {.instance_id = "ROOT\\TRACEWAIT\\0000", .function_driver = driver};
  wmisim_devnode_t *node;
  assert_int_equal(wmisim_device_add(sim, &spec, &node), STATUS_SUCCESS);
  assert_true(events > 0);
  /* A long timeout that must not be waited out: events are there already. */
  assert_int_equal(wmisim_trace_wait(sim, 0, 60000), (uint64_t)events);
  wmisim_trace_unsubscribe(subscription);
  wmisim_destroy(sim);
}

static void test_trace_wait_gives_the_latest_number_when_nothing_comes(void **state) {
  (void)state;
  wmisim_t *sim = create();
  assert_int_equal(wmisim_trace_wait(sim, 0, 1), 0);
  assert_int_equal(wmisim_trace_wait(NULL, 0, 1), 0);
  wmisim_destroy(sim);
}

static void test_a_file_is_not_a_terminal(void **state) {
  (void)state;
  FILE *file = tmpfile();
  assert_non_null(file);
  assert_false(wmisim_stream_is_terminal(file));
  fclose(file);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_status_parse_takes_the_full_name),
    cmocka_unit_test(test_status_parse_takes_the_name_without_prefix_in_any_case),
    cmocka_unit_test(test_status_parse_takes_numbers),
    cmocka_unit_test(test_status_parse_refuses_unknown_names),
    cmocka_unit_test(test_driver_symbol_finds_an_export_of_the_module),
    cmocka_unit_test(test_driver_symbol_of_a_driver_added_in_process_is_null),
    cmocka_unit_test(test_trace_wait_returns_at_once_when_an_event_came_after),
    cmocka_unit_test(test_trace_wait_gives_the_latest_number_when_nothing_comes),
    cmocka_unit_test(test_a_file_is_not_a_terminal),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
