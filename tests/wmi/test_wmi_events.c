/*
 * test_wmi_events.c - IoWMIWriteEvent: single-instance events with static
 * and dynamic names, all-data shaped events, event references resolved by a
 * query, buffer ownership (WMI frees on success, the caller on failure,
 * never for WNODE_FLAG_TRACED_GUID), events nobody enabled dropped and
 * counted, the bounded queue telling subscribers what they lost, the size
 * limit, delivery order, and registration-change notifications.
 */
#include "wmi_test.h"

#define EVENT_TAG 'tvEW'
#define ALIGN8(x) (((x) + 7u) & ~7u)

static const GUID REGISTRATION_CHANGE = {0xb48d49a1, 0xe777, 0x11d0, {0xa5, 0x0c, 0x00, 0xa0, 0xc9, 0x06, 0x29, 0x10}};
static const GUID NOBODY_GUID = {0x0b0d0000, 0x5555, 0x4e4e, {0xc0, 0x05, 0, 0, 0, 0, 0, 0x01}};

/* What a subscriber received. */
struct inbox {
  volatile LONG count;
  ULONG lost[64];
  ULONG values[64];             /* first ULONG of the first instance's data */
  char names[64][256];          /* first instance's name */
  ULONG instances[64];          /* instances in the event */
  GUID guids[64];
  PKEVENT gate;                 /* the first delivery waits for it */
  KEVENT first;                 /* set when the first event arrived */
  bool unsubscribe_self;
  wmisim_subscription_t *self;
};

static void on_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  struct inbox *in = context;
  LONG i = in->count;
  if (i < 64) {
    in->lost[i] = lost;
    in->guids[i] = event->Guid;
    wmisim_wnode_walk_t walk;
    wmisim_wnode_instance_t instance;
    if (wmisim_wnode_walk_init(&walk, event, event->BufferSize, NULL, 0) && wmisim_wnode_next(&walk, &instance)) {
      if (instance.size >= sizeof(ULONG)) memcpy(&in->values[i], instance.data, sizeof(ULONG));
      snprintf(in->names[i], sizeof in->names[i], "%s", instance.name);
      in->instances[i] = (ULONG)wmisim_wnode_count(event, event->BufferSize);
    }
  }
  InterlockedIncrement(&in->count);
  if (i == 0) {
    KeSetEvent(&in->first, IO_NO_INCREMENT, FALSE);
    if (in->gate != NULL) KeWaitForSingleObject(in->gate, Executive, KernelMode, FALSE, NULL);
  }
  if (in->unsubscribe_self) {
    wmisim_wmi_unsubscribe(in->self);
    in->self = NULL;
  }
}

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  PDEVICE_OBJECT fdo;
  ULONG provider_id;
  struct inbox inbox;
  KEVENT gate;
  wmisim_subscription_t *subscription;
};

static struct fixture fixture;

static int setup_with(void **state, uint32_t queue_depth, uint32_t max_event_size) {
  test_driver_reset();
  wmisim_options_t options;
  wt_options(&options);
  options.event_queue_depth = queue_depth;
  options.max_event_size = max_event_size;
  memset(&fixture, 0, sizeof fixture);
  KeInitializeEvent(&fixture.inbox.first, NotificationEvent, FALSE);
  fixture.sim = wt_sim_create_with(&options);
  fixture.node = wt_wmilib_device(fixture.sim);
  fixture.fdo = wt_fdo(fixture.node);
  fixture.provider_id = IoWMIDeviceObjectToProviderId(fixture.fdo);
  *state = &fixture;
  return 0;
}

static int setup(void **state) {
  return setup_with(state, 256, 1024);
}

static int setup_small_queue(void **state) {
  return setup_with(state, 2, 1024);
}

static int setup_large_events(void **state) {
  return setup_with(state, 256, 2048);
}

static int teardown(void **state) {
  struct fixture *f = *state;
  if (f->inbox.gate != NULL) KeSetEvent(f->inbox.gate, IO_NO_INCREMENT, FALSE);
  wmisim_wmi_unsubscribe(f->subscription);
  wmisim_destroy(f->sim);
  return 0;
}

static void subscribe(struct fixture *f, const GUID *guid) {
  assert_int_equal(wmisim_wmi_subscribe(f->sim, guid, on_event, &f->inbox, &f->subscription), STATUS_SUCCESS);
}

static void settle(struct fixture *f) {
  assert_true(wmisim_wait_idle(f->sim, 5000));
}

static ULONG events_in_pool(struct fixture *f) {
  return (ULONG)wmisim_pool_usage(f->sim, EVENT_TAG).blocks;
}

/* A pool-allocated event: a static-name WNODE_SINGLE_INSTANCE of `guid`
 * carrying `value`, padded to `size` bytes. */
static PWNODE_SINGLE_INSTANCE static_event(struct fixture *f, const GUID *guid, ULONG index, ULONG value, ULONG size) {
  if (size < sizeof(WNODE_SINGLE_INSTANCE) + sizeof value) size = sizeof(WNODE_SINGLE_INSTANCE) + sizeof value;
  PWNODE_SINGLE_INSTANCE event = ExAllocatePoolWithTag(NonPagedPoolNx, size, EVENT_TAG);
  memset(event, 0, size);
  event->WnodeHeader.BufferSize = size;
  event->WnodeHeader.ProviderId = f->provider_id;
  event->WnodeHeader.Guid = *guid;
  event->WnodeHeader.Flags = WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  KeQuerySystemTime(&event->WnodeHeader.TimeStamp);
  event->InstanceIndex = index;
  event->DataBlockOffset = sizeof *event;
  event->SizeDataBlock = size - (ULONG)sizeof *event;
  memcpy(event->VariableData, &value, sizeof value);
  return event;
}

/* ---- event shapes -------------------------------------------------------------------------------- */

static void test_static_name_event_arrives_with_its_instance_name(void **state) {
  struct fixture *f = *state;
  subscribe(f, &TEST_EVENT_GUID);
  assert_int_equal(test_driver_fire_event(f->fdo, 42), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(f->inbox.count, 1);
  assert_string_equal(f->inbox.names[0], "ROOT\\WMISIM\\0000_0");
  assert_int_equal(f->inbox.values[0], 42);
  assert_int_equal(f->inbox.lost[0], 0);
  assert_no_violations();
}

static void test_dynamic_name_event_arrives_as_written(void **state) {
  struct fixture *f = *state;
  subscribe(f, &TEST_EVENT_GUID);
  ULONG name_at = sizeof(WNODE_SINGLE_INSTANCE), data_at = ALIGN8(name_at + 2 + 10);
  ULONG size = data_at + 4;
  PWNODE_SINGLE_INSTANCE event = ExAllocatePoolWithTag(NonPagedPoolNx, size, EVENT_TAG);
  memset(event, 0, size);
  event->WnodeHeader.BufferSize = size;
  event->WnodeHeader.ProviderId = f->provider_id;
  event->WnodeHeader.Guid = TEST_EVENT_GUID;
  event->WnodeHeader.Flags = WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_SINGLE_INSTANCE;
  event->OffsetInstanceName = name_at;
  USHORT bytes = 10;
  memcpy((PUCHAR)event + name_at, &bytes, 2);
  memcpy((PUCHAR)event + name_at + 2, L"Probe", 10);
  event->DataBlockOffset = data_at;
  event->SizeDataBlock = 4;
  ULONG value = 7;
  memcpy((PUCHAR)event + data_at, &value, 4);
  assert_int_equal(IoWMIWriteEvent(event), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(f->inbox.count, 1);
  assert_string_equal(f->inbox.names[0], "Probe");
  assert_int_equal(f->inbox.values[0], 7);
  assert_int_equal(events_in_pool(f), 0);
  assert_no_violations();
}

static void test_all_data_shaped_event_arrives_with_every_instance(void **state) {
  struct fixture *f = *state;
  subscribe(f, &TEST_EVENT_GUID);
  ULONG data_at = ALIGN8((ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength));
  ULONG size = data_at + 12;
  PWNODE_ALL_DATA event = ExAllocatePoolWithTag(NonPagedPoolNx, size, EVENT_TAG);
  memset(event, 0, size);
  event->WnodeHeader.BufferSize = size;
  event->WnodeHeader.ProviderId = f->provider_id;
  event->WnodeHeader.Guid = TEST_EVENT_GUID;
  event->WnodeHeader.Flags = WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_ALL_DATA | WNODE_FLAG_FIXED_INSTANCE_SIZE;
  event->InstanceCount = 2;
  event->DataBlockOffset = data_at;
  event->FixedInstanceSize = 4;
  ULONG values[2] = {31, 32};
  memcpy((PUCHAR)event + data_at, &values[0], 4);
  memcpy((PUCHAR)event + data_at + 8, &values[1], 4);
  assert_int_equal(IoWMIWriteEvent(event), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(f->inbox.count, 1);
  assert_int_equal(f->inbox.instances[0], 2);
  assert_int_equal(f->inbox.values[0], 31);
  assert_no_violations();
}

static void test_event_reference_is_resolved_by_querying_the_target(void **state) {
  struct fixture *f = *state;
  subscribe(f, &TEST_EVENT_GUID);
  LONG queries = test_driver_counters.queries;
  PWNODE_EVENT_REFERENCE reference = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *reference, EVENT_TAG);
  memset(reference, 0, sizeof *reference);
  reference->WnodeHeader.BufferSize = sizeof *reference;
  reference->WnodeHeader.ProviderId = f->provider_id;
  reference->WnodeHeader.Guid = TEST_EVENT_GUID;
  reference->WnodeHeader.Flags = WNODE_FLAG_EVENT_REFERENCE | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  reference->TargetGuid = TEST_DATA_GUID;
  reference->TargetDataBlockSize = sizeof(struct test_data);
  reference->TargetInstanceIndex = 1;
  assert_int_equal(IoWMIWriteEvent(reference), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(test_driver_counters.queries, queries + 1);
  assert_int_equal(f->inbox.count, 1);
  assert_true(IsEqualGUID(&f->inbox.guids[0], &TEST_EVENT_GUID));
  assert_string_equal(f->inbox.names[0], "ROOT\\WMISIM\\0000_1");
  assert_int_equal(f->inbox.values[0], 101); /* instance 1's Value */
  assert_int_equal(events_in_pool(f), 0);
  assert_no_violations();
}

static void test_event_reference_by_name_is_resolved(void **state) {
  struct fixture *f = *state;
  subscribe(f, &TEST_EVENT_GUID);
  static const WCHAR name[] = L"ROOT\\WMISIM\\0000_0";
  USHORT bytes = (USHORT)(sizeof name - sizeof(WCHAR));
  ULONG at = (ULONG)FIELD_OFFSET(WNODE_EVENT_REFERENCE, TargetInstanceName);
  ULONG size = at + 2 + bytes;
  PWNODE_EVENT_REFERENCE reference = ExAllocatePoolWithTag(NonPagedPoolNx, size, EVENT_TAG);
  memset(reference, 0, size);
  reference->WnodeHeader.BufferSize = size;
  reference->WnodeHeader.ProviderId = f->provider_id;
  reference->WnodeHeader.Guid = TEST_EVENT_GUID;
  reference->WnodeHeader.Flags = WNODE_FLAG_EVENT_REFERENCE;
  reference->TargetGuid = TEST_DATA_GUID;
  reference->TargetDataBlockSize = sizeof(struct test_data);
  memcpy((PUCHAR)reference + at, &bytes, 2);
  memcpy((PUCHAR)reference + at + 2, name, bytes);
  assert_int_equal(IoWMIWriteEvent(reference), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(f->inbox.count, 1);
  assert_int_equal(f->inbox.values[0], 100);
  assert_no_violations();
}

/* ---- ownership ----------------------------------------------------------------------------------- */

static void test_wmi_frees_a_delivered_event(void **state) {
  struct fixture *f = *state;
  subscribe(f, &TEST_EVENT_GUID);
  assert_int_equal(IoWMIWriteEvent(static_event(f, &TEST_EVENT_GUID, 0, 5, 0)), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(f->inbox.count, 1);
  assert_int_equal(events_in_pool(f), 0);
  assert_no_violations();
}

static void test_the_caller_frees_a_refused_event(void **state) {
  struct fixture *f = *state;
  subscribe(f, &TEST_EVENT_GUID);
  PWNODE_SINGLE_INSTANCE event = static_event(f, &TEST_EVENT_GUID, 0, 5, 1100);
  assert_int_equal(IoWMIWriteEvent(event), STATUS_BUFFER_OVERFLOW);
  assert_int_equal(events_in_pool(f), 1); /* still the caller's */
  ExFreePool(event);
  assert_int_equal(events_in_pool(f), 0);
}

static void test_traced_events_are_never_freed(void **state) {
  struct fixture *f = *state;
  PWNODE_SINGLE_INSTANCE event = static_event(f, &TEST_EVENT_GUID, 0, 5, 0);
  event->WnodeHeader.Flags |= WNODE_FLAG_TRACED_GUID;
  assert_int_equal(IoWMIWriteEvent(event), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(events_in_pool(f), 1);
  ExFreePool(event);
  /* One on the stack, as acpi.sys does (reactos/reactos#3381). */
  struct {
    WNODE_HEADER header;
    ULONG data;
  } on_stack;
  memset(&on_stack, 0, sizeof on_stack);
  on_stack.header.BufferSize = sizeof on_stack;
  on_stack.header.Flags = WNODE_FLAG_TRACED_GUID;
  assert_int_equal(IoWMIWriteEvent(&on_stack), STATUS_SUCCESS);
  assert_no_violations();
}

static void write_traced_at_dispatch(void *context) {
  *(NTSTATUS *)((void **)context)[1] = IoWMIWriteEvent(((void **)context)[0]);
}

static void test_traced_events_may_be_written_at_any_irql(void **state) {
  struct fixture *f = *state;
  PWNODE_SINGLE_INSTANCE event = static_event(f, &TEST_EVENT_GUID, 0, 5, 0);
  event->WnodeHeader.Flags |= WNODE_FLAG_TRACED_GUID;
  NTSTATUS status = STATUS_PENDING;
  void *args[2] = {event, &status};
  wmisim_call_at_irql(HIGH_LEVEL, write_traced_at_dispatch, args);
  assert_int_equal(status, STATUS_SUCCESS);
  ExFreePool(event);
  assert_no_violations();
}

static void test_writing_an_event_above_apc_level_is_reported(void **state) {
  struct fixture *f = *state;
  PWNODE_SINGLE_INSTANCE event = static_event(f, &TEST_EVENT_GUID, 0, 5, 0);
  NTSTATUS status = STATUS_PENDING;
  void *args[2] = {event, &status};
  wmisim_call_at_irql(DISPATCH_LEVEL, write_traced_at_dispatch, args);
  assert_int_equal(status, STATUS_SUCCESS);
  assert_only_violations("WmiEventIrql", 1);
}

/* ---- dropped and lost events ----------------------------------------------------------------------- */

static void test_events_nobody_enabled_are_dropped_and_counted(void **state) {
  struct fixture *f = *state;
  assert_int_equal(test_driver_fire_event(f->fdo, 1), STATUS_SUCCESS);
  assert_int_equal(test_driver_fire_event(f->fdo, 2), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(wmisim_wmi_events_dropped(f->sim, &TEST_EVENT_GUID, false), 2);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_EVENT_GUID, &info), STATUS_SUCCESS);
  assert_int_equal(info.events_dropped, 2);
  assert_false(info.events_enabled);
  assert_int_equal(wmisim_pool_usage(f->sim, 0x45696d57u /* WmiFireEvent's WmiE */).blocks, 0);
  assert_no_violations();
}

static void test_events_of_a_guid_never_seen_are_counted_and_reported(void **state) {
  struct fixture *f = *state;
  assert_int_equal(IoWMIWriteEvent(static_event(f, &NOBODY_GUID, 0, 1, 0)), STATUS_SUCCESS);
  assert_int_equal(events_in_pool(f), 0);
  assert_int_equal(wmisim_wmi_events_dropped(f->sim, &NOBODY_GUID, false), 1);
  assert_only_violations("WmiEventUnregisteredGuid", 1);
}

static void test_full_queue_refuses_events_and_tells_the_subscriber_how_many_it_lost(void **state) {
  struct fixture *f = *state;
  KeInitializeEvent(&f->gate, NotificationEvent, FALSE);
  f->inbox.gate = &f->gate;
  subscribe(f, &TEST_EVENT_GUID);
  /* The first event blocks the delivery thread in the subscriber. */
  assert_int_equal(IoWMIWriteEvent(static_event(f, &TEST_EVENT_GUID, 0, 1, 0)), STATUS_SUCCESS);
  assert_true(wt_wait(&f->inbox.first, 5000));
  /* Two fit in the queue (event_queue_depth 2), the next three are refused. */
  assert_int_equal(IoWMIWriteEvent(static_event(f, &TEST_EVENT_GUID, 0, 2, 0)), STATUS_SUCCESS);
  assert_int_equal(IoWMIWriteEvent(static_event(f, &TEST_EVENT_GUID, 0, 3, 0)), STATUS_SUCCESS);
  for (ULONG value = 4; value <= 6; value++) {
    PWNODE_SINGLE_INSTANCE refused = static_event(f, &TEST_EVENT_GUID, 0, value, 0);
    assert_int_equal(IoWMIWriteEvent(refused), STATUS_INSUFFICIENT_RESOURCES);
    ExFreePool(refused); /* refused: still the caller's */
  }
  assert_int_equal(wmisim_wmi_events_dropped(f->sim, NULL, true), 3);
  KeSetEvent(&f->gate, IO_NO_INCREMENT, FALSE);
  settle(f);
  assert_int_equal(f->inbox.count, 3);
  assert_int_equal(f->inbox.values[1], 2);
  assert_int_equal(f->inbox.lost[1], 3); /* told with the next event it receives */
  assert_int_equal(f->inbox.lost[2], 0);
  /* After the queue drained, events flow again. */
  assert_int_equal(IoWMIWriteEvent(static_event(f, &TEST_EVENT_GUID, 0, 7, 0)), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(f->inbox.count, 4);
  assert_int_equal(f->inbox.lost[3], 0);
  assert_int_equal(events_in_pool(f), 0);
  assert_no_violations();
}

static void test_event_larger_than_the_limit_is_refused_with_buffer_overflow(void **state) {
  struct fixture *f = *state;
  subscribe(f, &TEST_EVENT_GUID);
  PWNODE_SINGLE_INSTANCE event = static_event(f, &TEST_EVENT_GUID, 0, 1, 1025);
  assert_int_equal(IoWMIWriteEvent(event), STATUS_BUFFER_OVERFLOW);
  ExFreePool(event);
  assert_only_violations("WmiEventTooLarge", 1);
  /* Exactly the limit is accepted. */
  assert_int_equal(IoWMIWriteEvent(static_event(f, &TEST_EVENT_GUID, 0, 1, 1024)), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(f->inbox.count, 1);
}

static void test_size_limit_is_configurable(void **state) {
  struct fixture *f = *state;
  subscribe(f, &TEST_EVENT_GUID);
  assert_int_equal(IoWMIWriteEvent(static_event(f, &TEST_EVENT_GUID, 0, 1, 1500)), STATUS_SUCCESS);
  PWNODE_SINGLE_INSTANCE event = static_event(f, &TEST_EVENT_GUID, 0, 1, 2049);
  assert_int_equal(IoWMIWriteEvent(event), STATUS_BUFFER_OVERFLOW);
  ExFreePool(event);
  settle(f);
  assert_int_equal(f->inbox.count, 1);
  assert_only_violations("WmiEventTooLarge", 1);
}

/* ---- delivery ---------------------------------------------------------------------------------- */

static void test_events_are_delivered_in_the_order_written(void **state) {
  struct fixture *f = *state;
  subscribe(f, &TEST_EVENT_GUID);
  for (ULONG value = 0; value < 40; value++) assert_int_equal(test_driver_fire_event(f->fdo, value), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(f->inbox.count, 40);
  for (ULONG i = 0; i < 40 && i < 64; i++) assert_int_equal(f->inbox.values[i], i);
  assert_no_violations();
}

static void test_subscriber_may_unsubscribe_from_its_own_callback(void **state) {
  struct fixture *f = *state;
  subscribe(f, &TEST_EVENT_GUID);
  f->inbox.self = f->subscription;
  f->subscription = NULL;
  f->inbox.unsubscribe_self = true;
  assert_int_equal(test_driver_fire_event(f->fdo, 1), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(test_driver_fire_event(f->fdo, 2), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(f->inbox.count, 1);
  assert_int_equal(test_driver_counters.events_enabled, 0);
  assert_no_violations();
}

static void test_registration_changes_are_notified(void **state) {
  struct fixture *f = *state;
  subscribe(f, &REGISTRATION_CHANGE);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_DEREGISTER), STATUS_SUCCESS);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_REGISTER), STATUS_SUCCESS);
  settle(f);
  assert_int_equal(f->inbox.count, 2);
  assert_true(IsEqualGUID(&f->inbox.guids[0], &REGISTRATION_CHANGE));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_static_name_event_arrives_with_its_instance_name, setup, teardown),
    cmocka_unit_test_setup_teardown(test_dynamic_name_event_arrives_as_written, setup, teardown),
    cmocka_unit_test_setup_teardown(test_all_data_shaped_event_arrives_with_every_instance, setup, teardown),
    cmocka_unit_test_setup_teardown(test_event_reference_is_resolved_by_querying_the_target, setup, teardown),
    cmocka_unit_test_setup_teardown(test_event_reference_by_name_is_resolved, setup, teardown),
    cmocka_unit_test_setup_teardown(test_wmi_frees_a_delivered_event, setup, teardown),
    cmocka_unit_test_setup_teardown(test_the_caller_frees_a_refused_event, setup, teardown),
    cmocka_unit_test_setup_teardown(test_traced_events_are_never_freed, setup, teardown),
    cmocka_unit_test_setup_teardown(test_traced_events_may_be_written_at_any_irql, setup, teardown),
    cmocka_unit_test_setup_teardown(test_writing_an_event_above_apc_level_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_events_nobody_enabled_are_dropped_and_counted, setup, teardown),
    cmocka_unit_test_setup_teardown(test_events_of_a_guid_never_seen_are_counted_and_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_full_queue_refuses_events_and_tells_the_subscriber_how_many_it_lost,
                                    setup_small_queue, teardown),
    cmocka_unit_test_setup_teardown(test_event_larger_than_the_limit_is_refused_with_buffer_overflow, setup, teardown),
    cmocka_unit_test_setup_teardown(test_size_limit_is_configurable, setup_large_events, teardown),
    cmocka_unit_test_setup_teardown(test_events_are_delivered_in_the_order_written, setup, teardown),
    cmocka_unit_test_setup_teardown(test_subscriber_may_unsubscribe_from_its_own_callback, setup, teardown),
    cmocka_unit_test_setup_teardown(test_registration_changes_are_notified, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
