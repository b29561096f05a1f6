/*
 * test_wmi_requests.c - consumer requests through the WMI service to a
 * WMILIB provider: queries, sets, methods, events and collection.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <wmisim.h>
#include <wmisim/consumer.h>
#include <wmisim/wnode.h>

#include "wmi_test_driver.h"

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
};

static int setup(void **state) {
  static struct fixture f;
  test_driver_reset();
  assert_int_equal(wmisim_create(NULL, &f.sim), STATUS_SUCCESS);
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(f.sim, "wmitest", test_driver_entry, &driver), STATUS_SUCCESS);
  wmisim_device_spec_t spec = {.instance_id = "ROOT\\WMISIM\\0000", .function_driver = driver};
  assert_int_equal(wmisim_device_add(f.sim, &spec, &f.node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  *state = &f;
  return 0;
}

static int teardown(void **state) {
  struct fixture *f = *state;
  wmisim_destroy(f->sim);
  return 0;
}

static void test_query_all_returns_every_instance_with_pdo_names(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_DATA_GUID, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  unsigned char buffer[4096];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_all(block, &size, buffer), STATUS_SUCCESS);
  wmisim_wnode_walk_t walk;
  char why[200];
  assert_true(wmisim_wnode_walk_init(&walk, buffer, size, why, sizeof why));
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_next(&walk, &instance));
  assert_string_equal(instance.name, "ROOT\\WMISIM\\0000_0");
  assert_int_equal(instance.size, sizeof(struct test_data));
  struct test_data data;
  memcpy(&data, instance.data, sizeof data);
  assert_int_equal(data.Value, 100);
  assert_true(wmisim_wnode_next(&walk, &instance));
  assert_string_equal(instance.name, "ROOT\\WMISIM\\0000_1");
  memcpy(&data, instance.data, sizeof data);
  assert_int_equal(data.Value, 101);
  assert_false(wmisim_wnode_next(&walk, &instance));
  wmisim_wmi_close(block);
  assert_int_equal(wmisim_violation_count(f->sim), 0);
}

static void test_query_single_instance_finds_it_by_name(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_DATA_GUID, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  unsigned char buffer[512];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "ROOT\\WMISIM\\0000_1", &size, buffer), STATUS_SUCCESS);
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, size, "ROOT\\WMISIM\\0000_1", &instance));
  struct test_data data;
  memcpy(&data, instance.data, sizeof data);
  assert_int_equal(data.Value, 101);
  size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "ROOT\\WMISIM\\0000_7", &size, buffer), STATUS_WMI_INSTANCE_NOT_FOUND);
  wmisim_wmi_close(block);
  assert_int_equal(wmisim_violation_count(f->sim), 0);
}

static void test_set_item_then_method_change_the_driver_data(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_DATA_GUID, WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE, &block),
                   STATUS_SUCCESS);
  ULONG threshold = 77;
  assert_int_equal(wmisim_wmi_set_item(block, "ROOT\\WMISIM\\0000_0", TEST_ITEM_THRESHOLD, sizeof threshold, &threshold),
                   STATUS_SUCCESS);
  ULONG add = 5, result = 0, out_size = sizeof result;
  assert_int_equal(wmisim_wmi_execute_method(block, "ROOT\\WMISIM\\0000_0", TEST_METHOD_ADD, sizeof add, &add,
                                             &out_size, &result),
                   STATUS_SUCCESS);
  assert_int_equal(out_size, sizeof result);
  assert_int_equal(result, 105);
  struct test_data data = test_driver_data(test_driver_fdo(wmisim_device_pdo(f->node)), 0);
  assert_int_equal(data.Threshold, 77);
  assert_int_equal(data.Value, 105);
  wmisim_wmi_close(block);
  assert_int_equal(wmisim_violation_count(f->sim), 0);
}

struct received {
  int count;
  ULONG value;
};

static void on_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  (void)lost;
  struct received *r = context;
  wmisim_wnode_instance_t instance;
  wmisim_wnode_walk_t walk;
  if (wmisim_wnode_walk_init(&walk, event, event->BufferSize, NULL, 0) && wmisim_wnode_next(&walk, &instance) &&
      instance.size == sizeof(ULONG))
    memcpy(&r->value, instance.data, sizeof(ULONG));
  r->count++;
}

static void test_subscribing_enables_the_event_and_delivers_it(void **state) {
  struct fixture *f = *state;
  struct received r = {0, 0};
  wmisim_subscription_t *subscription;
  assert_int_equal(wmisim_wmi_subscribe(f->sim, &TEST_EVENT_GUID, on_event, &r, &subscription), STATUS_SUCCESS);
  assert_int_equal(test_driver_counters.events_enabled, 1);
  assert_int_equal(test_driver_fire_event(test_driver_fdo(wmisim_device_pdo(f->node)), 42), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f->sim, 5000));
  assert_int_equal(r.count, 1);
  assert_int_equal(r.value, 42);
  wmisim_wmi_unsubscribe(subscription);
  assert_int_equal(test_driver_counters.events_enabled, 0);
  assert_int_equal(wmisim_violation_count(f->sim), 0);
}

static void test_opening_an_expensive_block_enables_collection(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *first, *second;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_EXPENSIVE_GUID, WMIGUID_QUERY, &first), STATUS_SUCCESS);
  assert_int_equal(test_driver_counters.collection_enabled, 1);
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_EXPENSIVE_GUID, WMIGUID_QUERY, &second), STATUS_SUCCESS);
  assert_int_equal(test_driver_counters.collection_enabled, 1);
  wmisim_wmi_close(first);
  assert_int_equal(test_driver_counters.collection_enabled, 1);
  wmisim_wmi_close(second);
  assert_int_equal(test_driver_counters.collection_enabled, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_query_all_returns_every_instance_with_pdo_names, setup, teardown),
    cmocka_unit_test_setup_teardown(test_query_single_instance_finds_it_by_name, setup, teardown),
    cmocka_unit_test_setup_teardown(test_set_item_then_method_change_the_driver_data, setup, teardown),
    cmocka_unit_test_setup_teardown(test_subscribing_enables_the_event_and_delivers_it, setup, teardown),
    cmocka_unit_test_setup_teardown(test_opening_an_expensive_block_enables_collection, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
