/*
 * test_disktemp.c - the disktemp example driver end to end through the
 * consumer API: its temperature block queried and set, its threshold
 * event fired when the sensor crosses the threshold, polling only while
 * the event is enabled, and its WMI registration over the device's life.
 */
#include "example_test.h"

#include "disktempwmi.h" /* GUIDs and the block layouts, generated from disktemp.mof */
#include "sensor.h"

DRIVER_INITIALIZE DriverEntry;

#define DISK "ROOT\\DISKTEMP\\0000"
#define DISK_INSTANCE "ROOT\\DISKTEMP\\0000_0"
#define ONE_POLL EX_MS(1000)

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  wmisim_block_t *block; /* DiskTemp_Temperature, opened to query and set */
};

static struct fixture start(LONG celsius) {
  struct fixture f;
  DiskTempSensorSet(celsius);
  f.sim = ex_sim_create();
  f.node = ex_device(f.sim, ex_driver(f.sim, "disktemp", DriverEntry), DISK);
  f.block = ex_open(f.sim, &DiskTemp_Temperature_GUID, WMIGUID_QUERY | WMIGUID_SET);
  return f;
}

static void finish(struct fixture *f) {
  wmisim_wmi_close(f->block);
  wmisim_destroy(f->sim);
  assert_no_violations();
}

static DiskTemp_Temperature query(struct fixture *f) {
  DiskTemp_Temperature block;
  ex_query_single(f->block, DISK_INSTANCE, &block, DiskTemp_Temperature_SIZE);
  return block;
}

/* Sets the Threshold item to `size` bytes at `value`. */
static NTSTATUS set_threshold(struct fixture *f, const void *value, ULONG size) {
  return wmisim_wmi_set_item(f->block, DISK_INSTANCE, DiskTemp_Temperature_Threshold_ID, size, value);
}

/* One poll period passes and whatever it started is finished. */
static void poll_once(struct fixture *f) {
  assert_int_equal(wmisim_clock_advance(f->sim, ONE_POLL), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f->sim, 10000));
}

static DiskTemp_ThresholdCrossed event_at(const struct ex_events *events, LONG index) {
  DiskTemp_ThresholdCrossed event;
  memset(&event, 0, sizeof event);
  assert_int_equal(events->size[index], DiskTemp_ThresholdCrossed_SIZE);
  memcpy(&event, events->data[index], DiskTemp_ThresholdCrossed_SIZE);
  return event;
}

/* ---- the data block ---------------------------------------------------------------------------- */

static void test_query_single_reports_the_sensor_the_threshold_and_the_highest(void **state) {
  (void)state;
  struct fixture f = start(41);
  DiskTemp_Temperature block = query(&f);
  assert_int_equal(block.Current, 41);
  assert_int_equal(block.Threshold, 55);
  assert_int_equal(block.Highest, 41);
  finish(&f);
}

static void test_highest_keeps_the_highest_reading_after_the_disk_cools(void **state) {
  (void)state;
  struct fixture f = start(41);
  DiskTempSensorSet(48);
  (void)query(&f);
  DiskTempSensorSet(30);
  DiskTemp_Temperature block = query(&f);
  assert_int_equal(block.Current, 30);
  assert_int_equal(block.Highest, 48);
  finish(&f);
}

static void test_query_all_returns_one_instance_named_after_the_pdo(void **state) {
  (void)state;
  struct fixture f = start(39);
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_all(f.block, &size, buffer), STATUS_SUCCESS);
  assert_int_equal(wmisim_wnode_count(buffer, size), 1);
  wmisim_wnode_walk_t walk;
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_walk_init(&walk, buffer, size, NULL, 0));
  assert_true(wmisim_wnode_next(&walk, &instance));
  assert_string_equal(instance.name, DISK_INSTANCE);
  assert_int_equal(instance.size, DiskTemp_Temperature_SIZE);
  DiskTemp_Temperature block;
  memcpy(&block, instance.data, DiskTemp_Temperature_SIZE);
  assert_int_equal(block.Current, 39);
  /* The same data, read the way disktemp.mof describes it. */
  struct ex_decoded decoded = ex_decode(buffer, size);
  assert_int_equal(decoded.data->instance_count, 1);
  assert_int_equal(ex_property(decoded.data->instances[0].object, "Current")->u.sint, 39);
  assert_int_equal(ex_property(decoded.data->instances[0].object, "Threshold")->u.sint, 55);
  ex_decoded_free(&decoded);
  finish(&f);
}

static void test_query_with_a_too_small_buffer_reports_the_size_needed(void **state) {
  (void)state;
  struct fixture f = start(40);
  unsigned char buffer[512];
  ULONG full = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(f.block, DISK_INSTANCE, &full, buffer), STATUS_SUCCESS);
  ULONG small = 16;
  assert_int_equal(wmisim_wmi_query_single(f.block, DISK_INSTANCE, &small, buffer), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(small, full);
  finish(&f);
}

static void test_set_item_changes_the_threshold(void **state) {
  (void)state;
  struct fixture f = start(40);
  LONG threshold = 62;
  assert_int_equal(set_threshold(&f, &threshold, sizeof threshold), STATUS_SUCCESS);
  assert_int_equal(query(&f).Threshold, 62);
  finish(&f);
}

static void test_set_instance_changes_only_the_writable_threshold(void **state) {
  (void)state;
  struct fixture f = start(40);
  DiskTemp_Temperature wanted = {.Current = 99, .Threshold = 47, .Highest = 99};
  assert_int_equal(wmisim_wmi_set_single(f.block, DISK_INSTANCE, DiskTemp_Temperature_SIZE, &wanted), STATUS_SUCCESS);
  DiskTemp_Temperature block = query(&f);
  assert_int_equal(block.Threshold, 47);
  assert_int_equal(block.Current, 40);
  assert_int_equal(block.Highest, 40);
  finish(&f);
}

static void test_setting_a_read_only_item_is_refused(void **state) {
  (void)state;
  struct fixture f = start(40);
  LONG celsius = 20;
  assert_int_equal(wmisim_wmi_set_item(f.block, DISK_INSTANCE, DiskTemp_Temperature_Current_ID, sizeof celsius,
                                       &celsius),
                   STATUS_WMI_READ_ONLY);
  assert_int_equal(query(&f).Current, 40);
  finish(&f);
}

static void test_setting_the_threshold_with_the_wrong_size_fails(void **state) {
  (void)state;
  struct fixture f = start(40);
  SHORT threshold = 60;
  assert_int_equal(set_threshold(&f, &threshold, sizeof threshold), STATUS_WMI_SET_FAILURE);
  assert_int_equal(query(&f).Threshold, 55);
  finish(&f);
}

/* ---- the event ------------------------------------------------------------------------------- */

static void test_crossing_the_threshold_upwards_fires_the_event(void **state) {
  (void)state;
  struct fixture f = start(50);
  struct ex_events events;
  wmisim_subscription_t *subscription = ex_subscribe(f.sim, &DiskTemp_ThresholdCrossed_GUID, &events);
  DiskTempSensorSet(61);
  poll_once(&f);
  assert_int_equal(events.count, 1);
  assert_string_equal(events.instance[0], DISK_INSTANCE);
  DiskTemp_ThresholdCrossed event = event_at(&events, 0);
  assert_int_equal(event.Temperature, 61);
  assert_int_equal(event.Threshold, 55);
  assert_true(event.Above);
  wmisim_wmi_unsubscribe(subscription);
  finish(&f);
}

static void test_falling_back_below_the_threshold_fires_the_event_again(void **state) {
  (void)state;
  struct fixture f = start(50);
  struct ex_events events;
  wmisim_subscription_t *subscription = ex_subscribe(f.sim, &DiskTemp_ThresholdCrossed_GUID, &events);
  DiskTempSensorSet(58);
  poll_once(&f);
  DiskTempSensorSet(52);
  poll_once(&f);
  assert_int_equal(events.count, 2);
  DiskTemp_ThresholdCrossed event = event_at(&events, 1);
  assert_int_equal(event.Temperature, 52);
  assert_false(event.Above);
  wmisim_wmi_unsubscribe(subscription);
  finish(&f);
}

static void test_no_event_while_the_temperature_stays_below_the_threshold(void **state) {
  (void)state;
  struct fixture f = start(40);
  struct ex_events events;
  wmisim_subscription_t *subscription = ex_subscribe(f.sim, &DiskTemp_ThresholdCrossed_GUID, &events);
  DiskTempSensorSet(45);
  poll_once(&f);
  DiskTempSensorSet(54);
  poll_once(&f);
  assert_int_equal(events.count, 0);
  wmisim_wmi_unsubscribe(subscription);
  finish(&f);
}

static void test_a_lowered_threshold_is_crossed_at_the_next_poll(void **state) {
  (void)state;
  struct fixture f = start(50);
  struct ex_events events;
  wmisim_subscription_t *subscription = ex_subscribe(f.sim, &DiskTemp_ThresholdCrossed_GUID, &events);
  LONG threshold = 45;
  assert_int_equal(set_threshold(&f, &threshold, sizeof threshold), STATUS_SUCCESS);
  poll_once(&f);
  assert_int_equal(events.count, 1);
  DiskTemp_ThresholdCrossed event = event_at(&events, 0);
  assert_int_equal(event.Temperature, 50);
  assert_int_equal(event.Threshold, 45);
  assert_true(event.Above);
  wmisim_wmi_unsubscribe(subscription);
  finish(&f);
}

/* The driver writes no event nobody asked for: after the last consumer
 * leaves, WMI disables the event and the driver stops polling, so WMI
 * never has an event to drop. */
static void test_the_driver_stops_polling_when_the_event_is_disabled(void **state) {
  (void)state;
  struct fixture f = start(50);
  struct ex_events events;
  wmisim_subscription_t *subscription = ex_subscribe(f.sim, &DiskTemp_ThresholdCrossed_GUID, &events);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &DiskTemp_ThresholdCrossed_GUID, &info), STATUS_SUCCESS);
  assert_true(info.events_enabled);
  wmisim_wmi_unsubscribe(subscription);
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &DiskTemp_ThresholdCrossed_GUID, &info), STATUS_SUCCESS);
  assert_false(info.events_enabled);
  DiskTempSensorSet(70);
  poll_once(&f);
  poll_once(&f);
  assert_int_equal(wmisim_wmi_events_dropped(f.sim, &DiskTemp_ThresholdCrossed_GUID, false), 0);
  assert_int_equal(events.count, 0);
  finish(&f);
}

/* ---- registration ------------------------------------------------------------------------------ */

static void test_registration_names_the_mof_resource_and_flags_the_event_block(void **state) {
  (void)state;
  struct fixture f = start(40);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &DiskTemp_Temperature_GUID, &info), STATUS_SUCCESS);
  assert_string_equal(info.mof_resource, "disktemp");
  assert_int_equal(info.instance_count, 1);
  assert_false(info.event_only);
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &DiskTemp_ThresholdCrossed_GUID, &info), STATUS_SUCCESS);
  assert_true(info.event_only);
  finish(&f);
}

static void test_a_stopped_and_restarted_disk_stays_registered(void **state) {
  (void)state;
  struct fixture f = start(40);
  assert_int_equal(wmisim_device_stop(f.node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  assert_int_equal(query(&f).Current, 40);
  finish(&f);
}

static void test_surprise_removal_deregisters_while_a_consumer_listens(void **state) {
  (void)state;
  struct fixture f = start(40);
  struct ex_events events;
  wmisim_subscription_t *subscription = ex_subscribe(f.sim, &DiskTemp_ThresholdCrossed_GUID, &events);
  assert_int_equal(wmisim_device_surprise_removal(f.node), STATUS_SUCCESS);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &DiskTemp_Temperature_GUID, &info), STATUS_WMI_GUID_NOT_FOUND);
  unsigned char buffer[256];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(f.block, DISK_INSTANCE, &size, buffer), STATUS_WMI_GUID_NOT_FOUND);
  assert_int_equal(wmisim_device_remove_after_surprise(f.node), STATUS_SUCCESS);
  wmisim_wmi_unsubscribe(subscription);
  finish(&f); /* no WmiDoubleDeregister, no event after deregistration */
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_query_single_reports_the_sensor_the_threshold_and_the_highest),
    cmocka_unit_test(test_highest_keeps_the_highest_reading_after_the_disk_cools),
    cmocka_unit_test(test_query_all_returns_one_instance_named_after_the_pdo),
    cmocka_unit_test(test_query_with_a_too_small_buffer_reports_the_size_needed),
    cmocka_unit_test(test_set_item_changes_the_threshold),
    cmocka_unit_test(test_set_instance_changes_only_the_writable_threshold),
    cmocka_unit_test(test_setting_a_read_only_item_is_refused),
    cmocka_unit_test(test_setting_the_threshold_with_the_wrong_size_fails),
    cmocka_unit_test(test_crossing_the_threshold_upwards_fires_the_event),
    cmocka_unit_test(test_falling_back_below_the_threshold_fires_the_event_again),
    cmocka_unit_test(test_no_event_while_the_temperature_stays_below_the_threshold),
    cmocka_unit_test(test_a_lowered_threshold_is_crossed_at_the_next_poll),
    cmocka_unit_test(test_the_driver_stops_polling_when_the_event_is_disabled),
    cmocka_unit_test(test_registration_names_the_mof_resource_and_flags_the_event_block),
    cmocka_unit_test(test_a_stopped_and_restarted_disk_stays_registered),
    cmocka_unit_test(test_surprise_removal_deregisters_while_a_consumer_listens),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
