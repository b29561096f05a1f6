/*
 * test_wmilib_event.c - WmiFireEvent: the WNODE_SINGLE_INSTANCE it builds,
 * delivery through IoWMIWriteEvent to a subscriber, and the ownership of
 * the driver's event data.
 */
#include "wmilib_test.h"

struct received {
  int count;
  ULONG lost;
  UCHAR wnode[2048];
};

static void on_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  struct received *r = context;
  r->count++;
  r->lost += lost;
  memcpy(r->wnode, event, event->BufferSize < sizeof r->wnode ? event->BufferSize : sizeof r->wnode);
}

/* A registered device with a subscriber to WL_EVENT_GUID (none if `r` is NULL). */
static struct wl_fixture subscribed(struct received *r, wmisim_subscription_t **subscription) {
  wl_config.register_at_start = true;
  struct wl_fixture f = wl_setup();
  *subscription = NULL;
  if (r != NULL) {
    memset(r, 0, sizeof *r);
    assert_int_equal(wmisim_wmi_subscribe(f.sim, &WL_EVENT_GUID, on_event, r, subscription), STATUS_SUCCESS);
    assert_int_equal(wl_record.function_control.enable, TRUE);
  }
  return f;
}

/* The driver's event data: `size` bytes from the driver's pool. */
static PUCHAR event_data(ULONG size) {
  PUCHAR data = ExAllocatePoolWithTag(NonPagedPoolNx, size, WL_TAG);
  assert_non_null(data);
  for (ULONG k = 0; k < size; k++) data[k] = (UCHAR)(0xA0 + k);
  return data;
}

static uint64_t pool_blocks(struct wl_fixture *f) {
  return wmisim_pool_usage(f->sim, 0).blocks;
}

static void test_fired_event_is_a_static_name_single_instance_wnode(void **state) {
  (void)state;
  wl_reset();
  wl_config.reg_flags = 0; /* no instance names: the service delivers the WNODE as WMILIB built it */
  struct received r;
  wmisim_subscription_t *subscription;
  struct wl_fixture f = subscribed(&r, &subscription);
  int64_t fired_at = wmisim_clock_now(f.sim);
  assert_int_equal(WmiFireEvent(f.fdo, &WL_EVENT_GUID, 0, 12, event_data(12)), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f.sim, 5000));
  assert_int_equal(r.count, 1);
  const WNODE_SINGLE_INSTANCE *event = (const WNODE_SINGLE_INSTANCE *)r.wnode;
  assert_int_equal(event->WnodeHeader.BufferSize, sizeof *event + 12);
  assert_int_equal(event->WnodeHeader.ProviderId, IoWMIDeviceObjectToProviderId(f.fdo));
  assert_int_equal(event->WnodeHeader.Flags,
                   WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  assert_int_equal(event->WnodeHeader.TimeStamp.QuadPart, fired_at);
  assert_true(IsEqualGUID(&event->WnodeHeader.Guid, &WL_EVENT_GUID));
  assert_int_equal(event->InstanceIndex, 0);
  assert_int_equal(event->DataBlockOffset, sizeof *event);
  assert_int_equal(event->SizeDataBlock, 12);
  for (ULONG k = 0; k < 12; k++) assert_int_equal(event->VariableData[k], 0xA0 + k);
  wmisim_wmi_unsubscribe(subscription);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_fired_event_reaches_the_subscriber_with_its_instance_name(void **state) {
  (void)state;
  wl_reset();
  wl_config.guids[1].InstanceCount = 2;
  struct received r;
  wmisim_subscription_t *subscription;
  struct wl_fixture f = subscribed(&r, &subscription);
  assert_int_equal(WmiFireEvent(f.fdo, &WL_EVENT_GUID, 1, 4, event_data(4)), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f.sim, 5000));
  assert_int_equal(r.count, 1);
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(r.wnode, sizeof r.wnode, WL_INSTANCE_ID "_1", &instance));
  assert_true(IsEqualGUID(&instance.guid, &WL_EVENT_GUID));
  assert_int_equal(instance.size, 4);
  assert_memory_equal(instance.data, "\xA0\xA1\xA2\xA3", 4);
  wmisim_wmi_unsubscribe(subscription);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_fired_event_leaves_no_pool_behind(void **state) {
  (void)state;
  wl_reset();
  struct received r;
  wmisim_subscription_t *subscription;
  struct wl_fixture f = subscribed(&r, &subscription);
  uint64_t before = pool_blocks(&f);
  for (int i = 0; i < 5; i++)
    assert_int_equal(WmiFireEvent(f.fdo, &WL_EVENT_GUID, 0, 32, event_data(32)), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f.sim, 5000));
  assert_int_equal(r.count, 5);
  /* the driver's buffers and WMILIB's WNODEs are all freed */
  assert_int_equal(pool_blocks(&f), before);
  assert_int_equal(wmisim_pool_usage(f.sim, WL_TAG).allocations, 5);
  wmisim_wmi_unsubscribe(subscription);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_event_without_data_has_an_empty_data_block(void **state) {
  (void)state;
  wl_reset();
  wl_config.reg_flags = 0;
  struct received r;
  wmisim_subscription_t *subscription;
  struct wl_fixture f = subscribed(&r, &subscription);
  assert_int_equal(WmiFireEvent(f.fdo, &WL_EVENT_GUID, 0, 0, NULL), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f.sim, 5000));
  const WNODE_SINGLE_INSTANCE *event = (const WNODE_SINGLE_INSTANCE *)r.wnode;
  assert_int_equal(r.count, 1);
  assert_int_equal(event->WnodeHeader.BufferSize, sizeof *event);
  assert_int_equal(event->SizeDataBlock, 0);
  wmisim_wmi_unsubscribe(subscription);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_event_nobody_subscribed_to_is_dropped_and_counted(void **state) {
  (void)state;
  wl_reset();
  wmisim_subscription_t *subscription;
  struct wl_fixture f = subscribed(NULL, &subscription);
  uint64_t before = pool_blocks(&f);
  assert_int_equal(WmiFireEvent(f.fdo, &WL_EVENT_GUID, 0, 8, event_data(8)), STATUS_SUCCESS);
  assert_int_equal(wmisim_wmi_events_dropped(f.sim, &WL_EVENT_GUID, false), 1);
  assert_int_equal(pool_blocks(&f), before);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_event_too_large_is_refused_by_iowmiwriteevent_and_freed(void **state) {
  (void)state;
  wl_reset();
  struct received r;
  wmisim_subscription_t *subscription;
  struct wl_fixture f = subscribed(&r, &subscription);
  uint64_t before = pool_blocks(&f);
  ULONG size = wmisim_options(f.sim)->max_event_size; /* with the header, over the limit */
  assert_int_equal(WmiFireEvent(f.fdo, &WL_EVENT_GUID, 0, size, event_data(size)), STATUS_BUFFER_OVERFLOW);
  assert_true(wmisim_wait_idle(f.sim, 5000));
  assert_int_equal(r.count, 0);
  assert_int_equal(pool_blocks(&f), before);
  wmisim_wmi_unsubscribe(subscription);
  wl_teardown(&f);
  assert_only_violation("WmiEventTooLarge");
}

/* Holds the delivery thread in the subscriber until released. */
struct held {
  KEVENT delivering;
  KEVENT release;
  int count;
  ULONG lost;
};

static void on_event_held(void *context, const WNODE_HEADER *event, ULONG lost) {
  (void)event;
  struct held *h = context;
  h->count++;
  h->lost += lost;
  KeSetEvent(&h->delivering, IO_NO_INCREMENT, FALSE);
  KeWaitForSingleObject(&h->release, Executive, KernelMode, FALSE, NULL);
}

static void test_event_refused_by_a_full_queue_is_freed_and_counted_as_lost(void **state) {
  (void)state;
  wl_reset();
  wl_config.register_at_start = true;
  wmisim_options_t options;
  wmisim_options_init(&options);
  options.log = test_quiet_log;
  options.event_queue_depth = 1;
  struct wl_fixture f = wl_setup_with(&options);
  struct held h;
  memset(&h, 0, sizeof h);
  KeInitializeEvent(&h.delivering, NotificationEvent, FALSE);
  KeInitializeEvent(&h.release, NotificationEvent, FALSE);
  wmisim_subscription_t *subscription;
  assert_int_equal(wmisim_wmi_subscribe(f.sim, &WL_EVENT_GUID, on_event_held, &h, &subscription), STATUS_SUCCESS);
  uint64_t before = pool_blocks(&f);
  /* the first is being delivered, the second fills the queue, the third is refused */
  assert_int_equal(WmiFireEvent(f.fdo, &WL_EVENT_GUID, 0, 4, event_data(4)), STATUS_SUCCESS);
  KeWaitForSingleObject(&h.delivering, Executive, KernelMode, FALSE, NULL);
  assert_int_equal(WmiFireEvent(f.fdo, &WL_EVENT_GUID, 0, 4, event_data(4)), STATUS_SUCCESS);
  assert_int_equal(WmiFireEvent(f.fdo, &WL_EVENT_GUID, 0, 4, event_data(4)), STATUS_INSUFFICIENT_RESOURCES);
  KeSetEvent(&h.release, IO_NO_INCREMENT, FALSE);
  assert_true(wmisim_wait_idle(f.sim, 5000));
  assert_int_equal(h.count, 2);
  assert_int_equal(h.lost, 1);
  assert_int_equal(wmisim_wmi_events_dropped(f.sim, NULL, true), 1);
  assert_int_equal(pool_blocks(&f), before);
  wmisim_wmi_unsubscribe(subscription);
  wl_teardown(&f);
  assert_no_violations();
}

struct fire {
  PDEVICE_OBJECT fdo;
  NTSTATUS status;
};

static void fire_at_dispatch(void *context) {
  struct fire *fire = context;
  fire->status = WmiFireEvent(fire->fdo, &WL_EVENT_GUID, 0, 4, event_data(4));
}

static void test_event_may_be_fired_at_dispatch_level(void **state) {
  (void)state;
  wl_reset();
  struct received r;
  wmisim_subscription_t *subscription;
  struct wl_fixture f = subscribed(&r, &subscription);
  struct fire fire = {f.fdo, STATUS_UNSUCCESSFUL};
  wmisim_call_at_irql(DISPATCH_LEVEL, fire_at_dispatch, &fire);
  assert_int_equal(fire.status, STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f.sim, 5000));
  assert_int_equal(r.count, 1);
  wmisim_wmi_unsubscribe(subscription);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_event_with_a_null_guid_is_refused_and_its_data_freed(void **state) {
  (void)state;
  wl_reset();
  wmisim_subscription_t *subscription;
  struct wl_fixture f = subscribed(NULL, &subscription);
  uint64_t before = pool_blocks(&f);
  assert_int_equal(WmiFireEvent(f.fdo, NULL, 0, 8, event_data(8)), STATUS_INVALID_PARAMETER);
  assert_int_equal(pool_blocks(&f), before);
  wl_teardown(&f);
  assert_only_violation("InvalidParameter");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_fired_event_is_a_static_name_single_instance_wnode),
    cmocka_unit_test(test_fired_event_reaches_the_subscriber_with_its_instance_name),
    cmocka_unit_test(test_fired_event_leaves_no_pool_behind),
    cmocka_unit_test(test_event_without_data_has_an_empty_data_block),
    cmocka_unit_test(test_event_nobody_subscribed_to_is_dropped_and_counted),
    cmocka_unit_test(test_event_too_large_is_refused_by_iowmiwriteevent_and_freed),
    cmocka_unit_test(test_event_refused_by_a_full_queue_is_freed_and_counted_as_lost),
    cmocka_unit_test(test_event_may_be_fired_at_dispatch_level),
    cmocka_unit_test(test_event_with_a_null_guid_is_refused_and_its_data_freed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
