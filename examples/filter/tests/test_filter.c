/*
 * test_filter.c - the filter example driver stacked above the disktemp
 * example, which is loaded from its module (examples/lib/disktemp.so) as
 * the wmisim command loads drivers. WMI requests for disktemp reach it
 * through the filter, which passes them down untouched; the filter's own
 * block is answered by the filter; PnP and power pass through; removal
 * deregisters both providers once.
 */
#include "example_test.h"

#include <initguid.h> /* disktemp's GUIDs are defined here: its module keeps its own */
#include "disktempwmi.h"
#include "filterwmi.h"

DRIVER_INITIALIZE DriverEntry; /* the filter's */

#define DEVICE "ROOT\\DISKTEMP\\0000"
#define INSTANCE "ROOT\\DISKTEMP\\0000_0"

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  wmisim_block_t *disk;    /* DiskTemp_Temperature, provided below the filter */
  wmisim_block_t *filter;  /* IrpFilter_Counters, provided by the filter */
};

static struct fixture start(void) {
  struct fixture f;
  f.sim = ex_sim_create();
  /* The checking mode knows disktemp's blocks too (filter.mof is loaded). */
  assert_int_equal(wmisim_check_load_mof(f.sim, DISKTEMP_MOF, NULL), STATUS_SUCCESS);
  wmisim_driver_t *disktemp = NULL;
  char error[256] = "";
  assert_int_equal(wmisim_driver_load(f.sim, DISKTEMP_MODULE, NULL, &disktemp, error, sizeof error), STATUS_SUCCESS);
  wmisim_driver_t *filter = ex_driver(f.sim, "filter", DriverEntry);
  wmisim_device_spec_t spec = {
    .instance_id = DEVICE, .function_driver = disktemp, .upper_filters = &filter, .upper_filter_count = 1};
  assert_int_equal(wmisim_device_add(f.sim, &spec, &f.node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  f.disk = ex_open(f.sim, &DiskTemp_Temperature_GUID, WMIGUID_QUERY | WMIGUID_SET);
  f.filter = ex_open(f.sim, &IrpFilter_Counters_GUID, WMIGUID_QUERY);
  return f;
}

static void finish(struct fixture *f) {
  wmisim_wmi_close(f->disk);
  wmisim_wmi_close(f->filter);
  wmisim_destroy(f->sim);
  assert_no_violations();
}

static IrpFilter_Counters counters(struct fixture *f) {
  IrpFilter_Counters data;
  ex_query_single(f->filter, INSTANCE, &data, IrpFilter_Counters_SIZE);
  return data;
}

static DiskTemp_Temperature temperature(struct fixture *f) {
  DiskTemp_Temperature data;
  ex_query_single(f->disk, INSTANCE, &data, DiskTemp_Temperature_SIZE);
  return data;
}

/* The drivers a WMI request of kind `minor` was sent to, in order, and the
 * driver that completed it. */
struct route {
  int minor;
  uint64_t irp;
  int hops;
  char drivers[4][32];
  char completed_by[32];
};

static void record_route(void *context, const wmisim_trace_event_t *event) {
  struct route *route = context;
  if (route->irp == 0 && event->kind == WMISIM_TRACE_IRP_SENT && event->major == IRP_MJ_SYSTEM_CONTROL &&
      event->minor == route->minor)
    route->irp = event->irp;
  if (route->irp == 0 || event->irp != route->irp) return;
  if (event->kind == WMISIM_TRACE_IRP_SENT && route->hops < 4)
    snprintf(route->drivers[route->hops++], sizeof route->drivers[0], "%s", event->driver);
  if (event->kind == WMISIM_TRACE_IRP_COMPLETED)
    snprintf(route->completed_by, sizeof route->completed_by, "%s", event->driver);
}

/* ---- the provider below ---------------------------------------------------------------------------- */

static void test_a_query_for_the_provider_below_passes_the_filter_and_is_answered_below(void **state) {
  (void)state;
  struct fixture f = start();
  struct route route = {.minor = IRP_MN_QUERY_SINGLE_INSTANCE};
  wmisim_trace_subscription_t *subscription = NULL;
  assert_int_equal(wmisim_trace_subscribe(f.sim, record_route, &route, &subscription), STATUS_SUCCESS);
  DiskTemp_Temperature data = temperature(&f);
  wmisim_trace_unsubscribe(subscription);
  assert_int_equal(data.Current, 35); /* what the module's sensor reads until set */
  assert_int_equal(route.hops, 2);
  assert_string_equal(route.drivers[0], "filter");
  assert_string_equal(route.drivers[1], "disktemp");
  assert_string_equal(route.completed_by, "disktemp");
  finish(&f);
}

static void test_each_request_for_the_provider_below_is_counted_as_forwarded(void **state) {
  (void)state;
  struct fixture f = start();
  IrpFilter_Counters before = counters(&f);
  (void)temperature(&f);
  LONG threshold = 60;
  assert_int_equal(wmisim_wmi_set_item(f.disk, INSTANCE, DiskTemp_Temperature_Threshold_ID, sizeof threshold, &threshold),
                   STATUS_SUCCESS);
  IrpFilter_Counters after = counters(&f);
  assert_int_equal(after.WmiForwarded - before.WmiForwarded, 2); /* the query and the set */
  assert_int_equal(temperature(&f).Threshold, 60);
  finish(&f);
}

static void test_the_provider_below_fires_its_event_through_the_filter_stack(void **state) {
  (void)state;
  struct fixture f = start();
  struct ex_events events;
  wmisim_subscription_t *subscription = ex_subscribe(f.sim, &DiskTemp_ThresholdCrossed_GUID, &events);
  LONG threshold = 30; /* below the 35 the sensor reads: crossed at the next poll */
  assert_int_equal(wmisim_wmi_set_item(f.disk, INSTANCE, DiskTemp_Temperature_Threshold_ID, sizeof threshold, &threshold),
                   STATUS_SUCCESS);
  assert_int_equal(wmisim_clock_advance(f.sim, EX_MS(1000)), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f.sim, 10000));
  assert_int_equal(events.count, 1);
  DiskTemp_ThresholdCrossed event;
  memcpy(&event, events.data[0], DiskTemp_ThresholdCrossed_SIZE);
  assert_int_equal(event.Temperature, 35);
  assert_true(event.Above);
  wmisim_wmi_unsubscribe(subscription);
  finish(&f);
}

/* ---- the filter's own block ------------------------------------------------------------------------ */

static void test_the_filter_answers_its_own_block_under_the_same_instance_name(void **state) {
  (void)state;
  struct fixture f = start();
  IrpFilter_Counters first = counters(&f);
  IrpFilter_Counters second = counters(&f);
  assert_int_equal(second.WmiAnswered - first.WmiAnswered, 1); /* the first query, counted once done */
  assert_int_equal(second.WmiForwarded, first.WmiForwarded);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &IrpFilter_Counters_GUID, &info), STATUS_SUCCESS);
  assert_string_equal(info.mof_resource, "filter");
  finish(&f);
}

static void test_pnp_and_power_irps_pass_through_the_filter(void **state) {
  (void)state;
  struct fixture f = start();
  IrpFilter_Counters before = counters(&f);
  assert_int_equal(wmisim_device_set_system_power(f.node, PowerSystemSleeping3), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_set_system_power(f.node, PowerSystemWorking), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_stop(f.node), STATUS_SUCCESS);  /* query stop, stop */
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  IrpFilter_Counters after = counters(&f);
  assert_true(after.PowerForwarded - before.PowerForwarded >= 2);
  assert_int_equal(after.PnpForwarded - before.PnpForwarded, 3);
  assert_int_equal(temperature(&f).Current, 35); /* the provider below still answers */
  finish(&f);
}

/* ---- removal and the module's files ---------------------------------------------------------------- */

static void test_surprise_removal_deregisters_the_filter_and_the_provider_below_once(void **state) {
  (void)state;
  struct fixture f = start();
  assert_int_equal(wmisim_device_surprise_remove(f.node), STATUS_SUCCESS);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &DiskTemp_Temperature_GUID, &info), STATUS_WMI_GUID_NOT_FOUND);
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &IrpFilter_Counters_GUID, &info), STATUS_WMI_GUID_NOT_FOUND);
  finish(&f); /* no WmiDoubleDeregister, no WmiSurpriseRemoveDeregister */
}

static void test_the_disktemp_module_finds_its_mof_file_beside_it(void **state) {
  (void)state;
  struct fixture f = start();
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &DiskTemp_Temperature_GUID, &info), STATUS_SUCCESS);
  char path[1024];
  size_t needed = 0;
  assert_int_equal(wmisim_mof_resource_path(DISKTEMP_MODULE, info.mof_resource, path, sizeof path, &needed),
                   STATUS_SUCCESS);
  wmisim_mof_schema *schema = NULL;
  assert_int_equal(wmisim_mof_schema_create(&schema), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_schema_load_for_driver(schema, DISKTEMP_MODULE, info.mof_resource, NULL), STATUS_SUCCESS);
  assert_non_null(wmisim_mof_schema_find_guid(schema, &DiskTemp_Temperature_GUID));
  wmisim_mof_schema_destroy(schema);
  finish(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_a_query_for_the_provider_below_passes_the_filter_and_is_answered_below),
    cmocka_unit_test(test_each_request_for_the_provider_below_is_counted_as_forwarded),
    cmocka_unit_test(test_the_provider_below_fires_its_event_through_the_filter_stack),
    cmocka_unit_test(test_the_filter_answers_its_own_block_under_the_same_instance_name),
    cmocka_unit_test(test_pnp_and_power_irps_pass_through_the_filter),
    cmocka_unit_test(test_surprise_removal_deregisters_the_filter_and_the_provider_below_once),
    cmocka_unit_test(test_the_disktemp_module_finds_its_mof_file_beside_it),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
