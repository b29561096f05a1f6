/*
 * test_wmi_control.c - the enable/disable protocol: IRP_MN_ENABLE_COLLECTION
 * when the first consumer opens an EXPENSIVE block and
 * IRP_MN_DISABLE_COLLECTION after the last closes it; IRP_MN_ENABLE_EVENTS
 * for the first subscriber of an event and IRP_MN_DISABLE_EVENTS after the
 * last; a provider that registers while consumers are open or subscribed
 * is enabled at once; nothing is sent to a deregistered provider.
 */
#include "wmi_test.h"

struct fixture {
  wmisim_t *sim;
  wmisim_driver_t *driver;
  wmisim_devnode_t *node;
  struct wt_irp_count count;
};

static struct fixture fixture;

static int setup(void **state) {
  test_driver_reset();
  fixture.sim = wt_sim_create();
  assert_int_equal(wmisim_driver_add(fixture.sim, "wmitest", test_driver_entry, &fixture.driver), STATUS_SUCCESS);
  fixture.node = wt_device(fixture.sim, fixture.driver, "ROOT\\WMISIM\\0000");
  wt_count_start(fixture.sim, &fixture.count);
  *state = &fixture;
  return 0;
}

static int teardown(void **state) {
  struct fixture *f = *state;
  wt_count_stop(&f->count);
  wmisim_destroy(f->sim);
  return 0;
}

static void ignore_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  (void)context, (void)event, (void)lost;
}

static wmisim_subscription_t *subscribe(struct fixture *f, const GUID *guid) {
  wmisim_subscription_t *subscription;
  assert_int_equal(wmisim_wmi_subscribe(f->sim, guid, ignore_event, NULL, &subscription), STATUS_SUCCESS);
  return subscription;
}

static void test_first_subscriber_enables_events_and_the_last_disables_them(void **state) {
  struct fixture *f = *state;
  wmisim_subscription_t *first = subscribe(f, &TEST_EVENT_GUID);
  wmisim_subscription_t *second = subscribe(f, &TEST_EVENT_GUID);
  assert_int_equal(f->count.minors[IRP_MN_ENABLE_EVENTS], 1);
  assert_int_equal(test_driver_counters.events_enabled, 1);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_EVENT_GUID, &info), STATUS_SUCCESS);
  assert_true(info.events_enabled);
  assert_int_equal(info.subscribers, 2);
  wmisim_wmi_unsubscribe(first);
  assert_int_equal(f->count.minors[IRP_MN_DISABLE_EVENTS], 0);
  wmisim_wmi_unsubscribe(second);
  assert_int_equal(f->count.minors[IRP_MN_DISABLE_EVENTS], 1);
  assert_int_equal(test_driver_counters.events_enabled, 0);
  assert_no_violations();
}

static void test_first_open_of_an_expensive_block_enables_collection_and_the_last_close_disables_it(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *first, *second;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_EXPENSIVE_GUID, WMIGUID_QUERY, &first), STATUS_SUCCESS);
  PVOID kernel = NULL;
  assert_int_equal(IoWMIOpenBlock((GUID *)&TEST_EXPENSIVE_GUID, WMIGUID_QUERY, &kernel), STATUS_SUCCESS);
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_EXPENSIVE_GUID, WMIGUID_SET, &second), STATUS_SUCCESS);
  assert_int_equal(f->count.minors[IRP_MN_ENABLE_COLLECTION], 1);
  assert_int_equal(test_driver_counters.collection_enabled, 1);
  wmisim_wmi_close(first);
  ObDereferenceObject(kernel);
  assert_int_equal(f->count.minors[IRP_MN_DISABLE_COLLECTION], 0);
  wmisim_wmi_close(second);
  assert_int_equal(f->count.minors[IRP_MN_DISABLE_COLLECTION], 1);
  assert_int_equal(test_driver_counters.collection_enabled, 0);
  assert_no_violations();
}

static void test_blocks_that_are_not_expensive_get_no_collection_requests(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_DATA_GUID, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  wmisim_wmi_close(block);
  assert_int_equal(f->count.minors[IRP_MN_ENABLE_COLLECTION], 0);
  assert_int_equal(f->count.minors[IRP_MN_DISABLE_COLLECTION], 0);
}

static void test_notification_only_opens_enable_no_collection(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_EXPENSIVE_GUID, WMIGUID_NOTIFICATION, &block), STATUS_SUCCESS);
  assert_int_equal(f->count.minors[IRP_MN_ENABLE_COLLECTION], 0);
  wmisim_wmi_close(block);
}

static void test_provider_registering_while_subscribed_is_enabled_at_once(void **state) {
  struct fixture *f = *state;
  wmisim_subscription_t *subscription = subscribe(f, &TEST_EVENT_GUID);
  assert_int_equal(test_driver_counters.events_enabled, 1);
  /* A second device registers the same event GUID: it is enabled too. */
  wt_device(f->sim, f->driver, "ROOT\\WMISIM\\0001");
  assert_int_equal(test_driver_counters.events_enabled, 2);
  assert_int_equal(f->count.minors[IRP_MN_ENABLE_EVENTS], 2);
  wmisim_wmi_unsubscribe(subscription);
  assert_int_equal(test_driver_counters.events_enabled, 0);
  assert_no_violations();
}

static void test_subscription_made_before_any_provider_enables_it_when_it_registers(void **state) {
  struct fixture *f = *state;
  assert_int_equal(wmisim_device_remove(f->node), STATUS_SUCCESS);
  wmisim_subscription_t *subscription = subscribe(f, &TEST_EVENT_GUID);
  assert_int_equal(f->count.minors[IRP_MN_ENABLE_EVENTS], 0);
  wt_device(f->sim, f->driver, "ROOT\\WMISIM\\0001");
  assert_int_equal(f->count.minors[IRP_MN_ENABLE_EVENTS], 1);
  assert_int_equal(test_driver_counters.events_enabled, 1);
  wmisim_wmi_unsubscribe(subscription);
  assert_no_violations();
}

static void test_provider_registering_while_an_expensive_block_is_open_starts_collecting(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_EXPENSIVE_GUID, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  wt_device(f->sim, f->driver, "ROOT\\WMISIM\\0001");
  assert_int_equal(test_driver_counters.collection_enabled, 2);
  wmisim_wmi_close(block);
  assert_int_equal(test_driver_counters.collection_enabled, 0);
  assert_no_violations();
}

static void test_deregistered_provider_gets_no_disable(void **state) {
  struct fixture *f = *state;
  wmisim_subscription_t *subscription = subscribe(f, &TEST_EVENT_GUID);
  assert_int_equal(IoWMIRegistrationControl(wt_fdo(f->node), WMIREG_ACTION_DEREGISTER), STATUS_SUCCESS);
  LONG sent = f->count.system_control_sent;
  wmisim_wmi_unsubscribe(subscription);
  assert_int_equal(f->count.system_control_sent, sent);
  assert_no_violations();
}

static void test_reregistered_provider_is_enabled_again(void **state) {
  struct fixture *f = *state;
  wmisim_subscription_t *subscription = subscribe(f, &TEST_EVENT_GUID);
  PDEVICE_OBJECT fdo = wt_fdo(f->node);
  assert_int_equal(IoWMIRegistrationControl(fdo, WMIREG_ACTION_REREGISTER), STATUS_SUCCESS);
  assert_int_equal(f->count.minors[IRP_MN_ENABLE_EVENTS], 2);
  wmisim_wmi_unsubscribe(subscription);
  assert_int_equal(f->count.minors[IRP_MN_DISABLE_EVENTS], 1);
}

/* ---- concurrent consumers -------------------------------------------------------------------- */

#define CHURN_THREADS 4
#define CHURN_ROUNDS 300

static VOID NTAPI churn_subscriptions(PVOID context) {
  struct fixture *f = context;
  for (int i = 0; i < CHURN_ROUNDS; i++) wmisim_wmi_unsubscribe(subscribe(f, &TEST_EVENT_GUID));
}

static VOID NTAPI churn_opens(PVOID context) {
  struct fixture *f = context;
  for (int i = 0; i < CHURN_ROUNDS; i++) {
    wmisim_block_t *block;
    if (NT_SUCCESS(wmisim_wmi_open(f->sim, &TEST_EXPENSIVE_GUID, WMIGUID_QUERY, &block))) wmisim_wmi_close(block);
  }
}

static void test_concurrent_subscribers_leave_the_event_disabled_when_the_last_leaves(void **state) {
  struct fixture *f = *state;
  HANDLE threads[2 * CHURN_THREADS];
  for (int i = 0; i < CHURN_THREADS; i++) {
    threads[2 * i] = wt_thread_start(churn_subscriptions, f);
    threads[2 * i + 1] = wt_thread_start(churn_opens, f);
  }
  for (int i = 0; i < 2 * CHURN_THREADS; i++) assert_true(wt_thread_join(threads[i], 60000));
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_EVENT_GUID, &info), STATUS_SUCCESS);
  assert_false(info.events_enabled);
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_EXPENSIVE_GUID, &info), STATUS_SUCCESS);
  assert_false(info.collecting);
  /* The driver saw enables and disables alternate: it ends disabled. */
  assert_int_equal(test_driver_counters.events_enabled, 0);
  assert_int_equal(test_driver_counters.collection_enabled, 0);
  assert_int_equal(f->count.minors[IRP_MN_ENABLE_EVENTS], f->count.minors[IRP_MN_DISABLE_EVENTS]);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_first_subscriber_enables_events_and_the_last_disables_them, setup, teardown),
    cmocka_unit_test_setup_teardown(
        test_first_open_of_an_expensive_block_enables_collection_and_the_last_close_disables_it, setup, teardown),
    cmocka_unit_test_setup_teardown(test_blocks_that_are_not_expensive_get_no_collection_requests, setup, teardown),
    cmocka_unit_test_setup_teardown(test_notification_only_opens_enable_no_collection, setup, teardown),
    cmocka_unit_test_setup_teardown(test_provider_registering_while_subscribed_is_enabled_at_once, setup, teardown),
    cmocka_unit_test_setup_teardown(test_subscription_made_before_any_provider_enables_it_when_it_registers, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_provider_registering_while_an_expensive_block_is_open_starts_collecting,
                                    setup, teardown),
    cmocka_unit_test_setup_teardown(test_deregistered_provider_gets_no_disable, setup, teardown),
    cmocka_unit_test_setup_teardown(test_reregistered_provider_is_enabled_again, setup, teardown),
    cmocka_unit_test_setup_teardown(test_concurrent_subscribers_leave_the_event_disabled_when_the_last_leaves, setup,
                                    teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
