/*
 * test_fancontrol.c - the fancontrol example driver end to end through the
 * consumer API: the SetSpeed and ResetHistogram methods (input, output,
 * refusals, too little room for the output), the read-only data block,
 * and the EXPENSIVE histogram collected exactly while a consumer has it
 * open, as the driver sees it.
 */
#include "example_test.h"

#include "fancontrolwmi.h"

DRIVER_INITIALIZE DriverEntry;

#define FAN_DEVICE "ROOT\\FANCONTROL\\0000"
#define FAN "ROOT\\FANCONTROL\\0000_0"
#define ONE_SECOND_OF_SAMPLES 10

struct fixture {
  wmisim_t *sim;
  wmisim_block_t *fan; /* FanControl_Fan, for queries and methods */
};

static struct fixture start(void) {
  struct fixture f;
  f.sim = ex_sim_create();
  ex_device(f.sim, ex_driver(f.sim, "fancontrol", DriverEntry), FAN_DEVICE);
  f.fan = ex_open(f.sim, &FanControl_Fan_GUID, WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE);
  return f;
}

static void finish(struct fixture *f) {
  wmisim_wmi_close(f->fan);
  wmisim_destroy(f->sim);
  assert_no_violations();
}

static FanControl_Fan query_fan(struct fixture *f) {
  FanControl_Fan fan;
  ex_query_single(f->fan, FAN, &fan, FanControl_Fan_SIZE);
  return fan;
}

static NTSTATUS set_speed(struct fixture *f, ULONG percent, SetSpeed_OUT *out) {
  SetSpeed_IN in = {percent};
  ULONG out_size = SetSpeed_OUT_SIZE;
  return wmisim_wmi_execute_method(f->fan, FAN, SetSpeed, SetSpeed_IN_SIZE, &in, &out_size, out);
}

/* Opens the EXPENSIVE block, as a consumer that wants the histogram does. */
static wmisim_block_t *open_histogram(struct fixture *f) {
  return ex_open(f->sim, &FanControl_SpeedHistogram_GUID, WMIGUID_QUERY);
}

static FanControl_SpeedHistogram query_histogram(wmisim_block_t *histogram) {
  FanControl_SpeedHistogram data;
  ex_query_single(histogram, FAN, &data, FanControl_SpeedHistogram_SIZE);
  return data;
}

/* A second of virtual time passes, one sampling period at a time. */
static void run_one_second(struct fixture *f) {
  for (int i = 0; i < ONE_SECOND_OF_SAMPLES; i++) assert_int_equal(wmisim_clock_advance(f->sim, EX_MS(100)), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f->sim, 10000));
}

static bool collecting(struct fixture *f) {
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &FanControl_SpeedHistogram_GUID, &info), STATUS_SUCCESS);
  return info.collecting;
}

/* ---- the data block and its methods ------------------------------------------------------------- */

static void test_the_fan_starts_at_half_speed(void **state) {
  (void)state;
  struct fixture f = start();
  FanControl_Fan fan = query_fan(&f);
  assert_int_equal(fan.TargetPercent, 50);
  assert_int_equal(fan.SpeedRpm, 1500);
  assert_int_equal(fan.MaximumRpm, 3000);
  finish(&f);
}

static void test_set_speed_returns_the_previous_speed_and_changes_it(void **state) {
  (void)state;
  struct fixture f = start();
  SetSpeed_OUT out = {0};
  assert_int_equal(set_speed(&f, 80, &out), STATUS_SUCCESS);
  assert_int_equal(out.PreviousPercent, 50);
  FanControl_Fan fan = query_fan(&f);
  assert_int_equal(fan.TargetPercent, 80);
  assert_int_equal(fan.SpeedRpm, 2400);
  finish(&f);
}

static void test_set_speed_refuses_more_than_100_percent(void **state) {
  (void)state;
  struct fixture f = start();
  SetSpeed_OUT out = {0};
  assert_int_equal(set_speed(&f, 101, &out), STATUS_INVALID_PARAMETER);
  assert_int_equal(query_fan(&f).TargetPercent, 50);
  finish(&f);
}

static void test_set_speed_without_its_input_is_refused(void **state) {
  (void)state;
  struct fixture f = start();
  SetSpeed_OUT out = {0};
  ULONG out_size = sizeof out;
  assert_int_equal(wmisim_wmi_execute_method(f.fan, FAN, SetSpeed, 0, NULL, &out_size, &out),
                   STATUS_INVALID_PARAMETER);
  finish(&f);
}

static void test_an_unknown_method_is_item_not_found(void **state) {
  (void)state;
  struct fixture f = start();
  ULONG out = 0, out_size = sizeof out;
  assert_int_equal(wmisim_wmi_execute_method(f.fan, FAN, 7, 0, NULL, &out_size, &out), STATUS_WMI_ITEMID_NOT_FOUND);
  finish(&f);
}

static void test_too_little_room_for_the_output_reports_the_size_needed(void **state) {
  (void)state;
  struct fixture f = start();
  ULONG out_size = 0;
  assert_int_equal(wmisim_wmi_execute_method(f.fan, FAN, ResetHistogram, 0, NULL, &out_size, NULL),
                   STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(out_size, ResetHistogram_OUT_SIZE);
  finish(&f);
}

static void test_the_data_block_is_read_only(void **state) {
  (void)state;
  struct fixture f = start();
  FanControl_Fan fan = {100, 3000, 3000};
  assert_int_equal(wmisim_wmi_set_single(f.fan, FAN, FanControl_Fan_SIZE, &fan), STATUS_WMI_READ_ONLY);
  assert_int_equal(wmisim_wmi_set_item(f.fan, FAN, FanControl_Fan_TargetPercent_ID, sizeof(ULONG), &fan.TargetPercent),
                   STATUS_WMI_READ_ONLY);
  assert_int_equal(query_fan(&f).TargetPercent, 50);
  finish(&f);
}

static void test_a_method_call_matches_the_mof_parameters(void **state) {
  (void)state;
  struct fixture f = start();
  wmisim_mof_schema *schema = ex_schema();
  const wmisim_mof_class *cls = wmisim_mof_schema_find_class(schema, "FanControl_Fan");
  const wmisim_mof_method *method = wmisim_mof_class_find_method(cls, SetSpeed);
  assert_non_null(method);
  SetSpeed_OUT out = {0};
  assert_int_equal(set_speed(&f, 20, &out), STATUS_SUCCESS);
  wmisim_mof_object *decoded = NULL;
  ULONG consumed = 0;
  assert_int_equal(wmisim_mof_decode(method->output, &out, SetSpeed_OUT_SIZE, &decoded, &consumed, NULL), STATUS_SUCCESS);
  assert_int_equal(consumed, SetSpeed_OUT_SIZE);
  assert_int_equal(ex_property(decoded, "PreviousPercent")->u.uint, 50);
  wmisim_mof_object_destroy(decoded);
  wmisim_mof_schema_destroy(schema);
  finish(&f);
}

/* ---- the EXPENSIVE block -------------------------------------------------------------------------- */

static void test_the_histogram_is_registered_expensive(void **state) {
  (void)state;
  struct fixture f = start();
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &FanControl_SpeedHistogram_GUID, &info), STATUS_SUCCESS);
  assert_true(info.expensive);
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &FanControl_Fan_GUID, &info), STATUS_SUCCESS);
  assert_false(info.expensive);
  finish(&f);
}

static void test_opening_the_histogram_starts_the_sampling(void **state) {
  (void)state;
  struct fixture f = start();
  assert_false(collecting(&f));
  wmisim_block_t *histogram = open_histogram(&f);
  assert_true(collecting(&f));
  run_one_second(&f);
  FanControl_SpeedHistogram data = query_histogram(histogram);
  assert_int_equal(data.SampleCount, ONE_SECOND_OF_SAMPLES);
  assert_int_equal(data.Bands[2], ONE_SECOND_OF_SAMPLES); /* 50 percent: 40-59 */
  wmisim_wmi_close(histogram);
  finish(&f);
}

static void test_closing_the_last_handle_stops_the_sampling(void **state) {
  (void)state;
  struct fixture f = start();
  wmisim_block_t *histogram = open_histogram(&f);
  run_one_second(&f);
  wmisim_wmi_close(histogram);
  assert_false(collecting(&f));
  run_one_second(&f); /* not collected: nobody has the block open */
  histogram = open_histogram(&f);
  assert_int_equal(query_histogram(histogram).SampleCount, ONE_SECOND_OF_SAMPLES);
  wmisim_wmi_close(histogram);
  finish(&f);
}

static void test_two_consumers_share_one_collection(void **state) {
  (void)state;
  struct fixture f = start();
  wmisim_block_t *first = open_histogram(&f);
  wmisim_block_t *second = open_histogram(&f);
  wmisim_wmi_close(first);
  assert_true(collecting(&f));
  run_one_second(&f);
  assert_int_equal(query_histogram(second).SampleCount, ONE_SECOND_OF_SAMPLES);
  wmisim_wmi_close(second);
  assert_false(collecting(&f));
  finish(&f);
}

static void test_samples_land_in_the_band_of_the_target_speed(void **state) {
  (void)state;
  struct fixture f = start();
  SetSpeed_OUT out;
  assert_int_equal(set_speed(&f, 100, &out), STATUS_SUCCESS);
  wmisim_block_t *histogram = open_histogram(&f);
  run_one_second(&f);
  FanControl_SpeedHistogram data = query_histogram(histogram);
  assert_int_equal(data.Bands[4], ONE_SECOND_OF_SAMPLES);
  assert_int_equal(data.Bands[2], 0);
  wmisim_wmi_close(histogram);
  finish(&f);
}

static void test_reset_histogram_returns_and_discards_the_samples(void **state) {
  (void)state;
  struct fixture f = start();
  wmisim_block_t *histogram = open_histogram(&f);
  run_one_second(&f);
  ResetHistogram_OUT out = {0};
  ULONG out_size = sizeof out;
  assert_int_equal(wmisim_wmi_execute_method(f.fan, FAN, ResetHistogram, 0, NULL, &out_size, &out), STATUS_SUCCESS);
  assert_int_equal(out_size, ResetHistogram_OUT_SIZE);
  assert_int_equal(out.SamplesDiscarded, ONE_SECOND_OF_SAMPLES);
  assert_int_equal(query_histogram(histogram).SampleCount, 0);
  wmisim_wmi_close(histogram);
  finish(&f);
}

static void test_removal_with_the_histogram_open_stops_the_sampling_cleanly(void **state) {
  (void)state;
  struct fixture f = start();
  wmisim_block_t *histogram = open_histogram(&f);
  assert_int_equal(wmisim_device_surprise_remove(wmisim_device_find(f.sim, FAN_DEVICE)), STATUS_SUCCESS);
  run_one_second(&f); /* no DPC of the deleted device may run */
  wmisim_wmi_close(histogram);
  finish(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_the_fan_starts_at_half_speed),
    cmocka_unit_test(test_set_speed_returns_the_previous_speed_and_changes_it),
    cmocka_unit_test(test_set_speed_refuses_more_than_100_percent),
    cmocka_unit_test(test_set_speed_without_its_input_is_refused),
    cmocka_unit_test(test_an_unknown_method_is_item_not_found),
    cmocka_unit_test(test_too_little_room_for_the_output_reports_the_size_needed),
    cmocka_unit_test(test_the_data_block_is_read_only),
    cmocka_unit_test(test_a_method_call_matches_the_mof_parameters),
    cmocka_unit_test(test_the_histogram_is_registered_expensive),
    cmocka_unit_test(test_opening_the_histogram_starts_the_sampling),
    cmocka_unit_test(test_closing_the_last_handle_stops_the_sampling),
    cmocka_unit_test(test_two_consumers_share_one_collection),
    cmocka_unit_test(test_samples_land_in_the_band_of_the_target_speed),
    cmocka_unit_test(test_reset_histogram_returns_and_discards_the_samples),
    cmocka_unit_test(test_removal_with_the_histogram_open_stops_the_sampling_cleanly),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
