/*
 * test_wmi_iowmi.c - the kernel-mode consumer routines with their WDK
 * signatures: IoWMIOpenBlock and its access rights, the query, set and
 * method routines, the *Multiple routines chaining results through
 * Linkage, the STATUS_BUFFER_TOO_SMALL protocol (NULL or short buffer gets
 * the size needed), notification callbacks and IoWMIHandleToInstanceName.
 */
#include "wmi_test.h"

#define IRQL_RULE "IrqlTooHigh"

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  PDEVICE_OBJECT fdo;
};

static struct fixture fixture;

static int setup(void **state) {
  test_driver_reset();
  fixture.sim = wt_sim_create();
  fixture.node = wt_wmilib_device(fixture.sim);
  fixture.fdo = wt_fdo(fixture.node);
  *state = &fixture;
  return 0;
}

static int teardown(void **state) {
  struct fixture *f = *state;
  wmisim_destroy(f->sim);
  return 0;
}

static PVOID open_block(const GUID *guid, ULONG access) {
  PVOID object = NULL;
  assert_int_equal(IoWMIOpenBlock((GUID *)guid, access, &object), STATUS_SUCCESS);
  assert_non_null(object);
  return object;
}

static UNICODE_STRING instance(const WCHAR *name) {
  UNICODE_STRING s;
  RtlInitUnicodeString(&s, name);
  return s;
}

/* ---- IoWMIOpenBlock --------------------------------------------------------------------------- */

static void test_open_block_for_data_needs_a_registered_guid(void **state) {
  (void)state;
  static const GUID unknown = {0x11111111, 0x2222, 0x3333, {4, 4, 4, 4, 4, 4, 4, 4}};
  PVOID object = (PVOID)1;
  assert_int_equal(IoWMIOpenBlock((GUID *)&unknown, WMIGUID_QUERY, &object), STATUS_WMI_GUID_NOT_FOUND);
  assert_null(object);
  /* Waiting for events of a GUID nobody registered yet is allowed. */
  object = open_block(&unknown, WMIGUID_NOTIFICATION | SYNCHRONIZE);
  ObDereferenceObject(object);
  assert_int_equal(IoWMIOpenBlock(NULL, WMIGUID_QUERY, &object), STATUS_INVALID_PARAMETER);
  assert_int_equal(IoWMIOpenBlock((GUID *)&TEST_DATA_GUID, WMIGUID_QUERY, NULL), STATUS_INVALID_PARAMETER);
  assert_no_violations();
}

static void test_notification_access_without_synchronize_is_reported(void **state) {
  (void)state;
  PVOID object = open_block(&TEST_EVENT_GUID, WMIGUID_NOTIFICATION);
  ObDereferenceObject(object);
  assert_only_violations("InvalidParameter", 1);
}

static void test_each_routine_needs_its_access_right(void **state) {
  (void)state;
  PVOID query = open_block(&TEST_DATA_GUID, WMIGUID_QUERY);
  PVOID set = open_block(&TEST_DATA_GUID, WMIGUID_SET);
  UNICODE_STRING name = instance(L"ROOT\\WMISIM\\0000_0");
  unsigned char buffer[512];
  ULONG size = sizeof buffer, value = 1, out = 4;
  assert_int_equal(IoWMIQueryAllData(set, &size, buffer), STATUS_ACCESS_DENIED);
  assert_int_equal(IoWMIQuerySingleInstance(set, &name, &size, buffer), STATUS_ACCESS_DENIED);
  assert_int_equal(IoWMISetSingleInstance(query, &name, 1, sizeof value, &value), STATUS_ACCESS_DENIED);
  assert_int_equal(IoWMISetSingleItem(query, &name, TEST_ITEM_THRESHOLD, 1, sizeof value, &value), STATUS_ACCESS_DENIED);
  assert_int_equal(IoWMIExecuteMethod(query, &name, TEST_METHOD_ADD, sizeof value, &out, (PUCHAR)&value),
                   STATUS_ACCESS_DENIED);
  assert_int_equal(IoWMISetNotificationCallback(query, NULL, NULL), STATUS_ACCESS_DENIED);
  PVOID list[2] = {query, set};
  size = sizeof buffer;
  assert_int_equal(IoWMIQueryAllDataMultiple(list, 2, &size, buffer), STATUS_ACCESS_DENIED);
  ObDereferenceObject(query);
  ObDereferenceObject(set);
  assert_no_violations();
}

static void test_a_pointer_that_is_not_a_block_object_is_refused(void **state) {
  (void)state;
  ULONG not_an_object[16] = {0};
  ULONG size = 0;
  assert_int_equal(IoWMIQueryAllData(&not_an_object[8], &size, NULL), STATUS_INVALID_PARAMETER);
  assert_only_violations("InvalidParameter", 1);
}

static void test_opening_an_expensive_block_enables_collection_until_the_last_close(void **state) {
  (void)state;
  PVOID first = open_block(&TEST_EXPENSIVE_GUID, WMIGUID_QUERY);
  assert_int_equal(test_driver_counters.collection_enabled, 1);
  PVOID second = open_block(&TEST_EXPENSIVE_GUID, WMIGUID_QUERY);
  ObDereferenceObject(first);
  assert_int_equal(test_driver_counters.collection_enabled, 1);
  ObDereferenceObject(second);
  assert_int_equal(test_driver_counters.collection_enabled, 0);
  assert_no_violations();
}

/* ---- queries ----------------------------------------------------------------------------------- */

static void test_query_all_data_with_a_null_or_short_buffer_returns_the_size_needed(void **state) {
  (void)state;
  PVOID object = open_block(&TEST_DATA_GUID, WMIGUID_QUERY);
  ULONG size = 0;
  assert_int_equal(IoWMIQueryAllData(object, &size, NULL), STATUS_BUFFER_TOO_SMALL);
  ULONG needed = size;
  unsigned char buffer[2048];
  size = needed - 8;
  assert_int_equal(IoWMIQueryAllData(object, &size, buffer), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(size, needed);
  assert_int_equal(IoWMIQueryAllData(object, &size, buffer), STATUS_SUCCESS);
  assert_int_equal(size, needed);
  assert_int_equal(wmisim_wnode_count(buffer, size), 2);
  ObDereferenceObject(object);
  assert_no_violations();
}

static void test_query_single_instance_returns_one_wnode(void **state) {
  (void)state;
  PVOID object = open_block(&TEST_DATA_GUID, WMIGUID_QUERY);
  UNICODE_STRING name = instance(L"ROOT\\WMISIM\\0000_1");
  ULONG size = 0;
  assert_int_equal(IoWMIQuerySingleInstance(object, &name, &size, NULL), STATUS_BUFFER_TOO_SMALL);
  unsigned char buffer[512];
  assert_int_equal(IoWMIQuerySingleInstance(object, &name, &size, buffer), STATUS_SUCCESS);
  const WNODE_SINGLE_INSTANCE *single = (const WNODE_SINGLE_INSTANCE *)buffer;
  assert_int_equal(single->WnodeHeader.Flags & WNODE_FLAG_SINGLE_INSTANCE, WNODE_FLAG_SINGLE_INSTANCE);
  assert_int_equal(single->InstanceIndex, 1);
  struct test_data data;
  memcpy(&data, buffer + single->DataBlockOffset, sizeof data);
  assert_int_equal(data.Value, 101);
  UNICODE_STRING missing = instance(L"ROOT\\WMISIM\\0000_9");
  size = sizeof buffer;
  assert_int_equal(IoWMIQuerySingleInstance(object, &missing, &size, buffer), STATUS_WMI_INSTANCE_NOT_FOUND);
  ObDereferenceObject(object);
  assert_no_violations();
}

static void test_query_all_data_multiple_chains_every_block(void **state) {
  (void)state;
  PVOID list[2] = {open_block(&TEST_DATA_GUID, WMIGUID_QUERY), open_block(&TEST_EXPENSIVE_GUID, WMIGUID_QUERY)};
  ULONG size = 0;
  assert_int_equal(IoWMIQueryAllDataMultiple(list, 2, &size, NULL), STATUS_BUFFER_TOO_SMALL);
  ULONG needed = size;
  unsigned char buffer[4096];
  size = needed - 1;
  assert_int_equal(IoWMIQueryAllDataMultiple(list, 2, &size, buffer), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(size, needed);
  assert_int_equal(IoWMIQueryAllDataMultiple(list, 2, &size, buffer), STATUS_SUCCESS);
  assert_int_equal(size, needed);
  const WNODE_HEADER *first = (const WNODE_HEADER *)buffer;
  assert_true(IsEqualGUID(&first->Guid, &TEST_DATA_GUID));
  assert_int_not_equal(first->Linkage, 0);
  const WNODE_HEADER *second = (const WNODE_HEADER *)(buffer + first->Linkage);
  assert_true(IsEqualGUID(&second->Guid, &TEST_EXPENSIVE_GUID));
  assert_int_equal(second->Linkage, 0);
  assert_int_equal(wmisim_wnode_count(buffer, size), 3);
  ObDereferenceObject(list[0]);
  ObDereferenceObject(list[1]);
  assert_no_violations();
}

static void test_query_multiple_with_nothing_implemented_succeeds_with_no_data(void **state) {
  struct fixture *f = *state;
  PVOID list[1] = {open_block(&TEST_DATA_GUID, WMIGUID_QUERY)};
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_DEREGISTER), STATUS_SUCCESS);
  unsigned char buffer[256];
  ULONG size = sizeof buffer;
  assert_int_equal(IoWMIQueryAllDataMultiple(list, 1, &size, buffer), STATUS_SUCCESS);
  assert_int_equal(size, 0);
  UNICODE_STRING names[1] = {instance(L"ROOT\\WMISIM\\0000_0")};
  size = sizeof buffer;
  assert_int_equal(IoWMIQuerySingleInstanceMultiple(list, names, 1, &size, buffer), STATUS_SUCCESS);
  assert_int_equal(size, 0);
  ObDereferenceObject(list[0]);
  assert_no_violations();
}

static void test_query_single_instance_multiple_chains_each_instance(void **state) {
  (void)state;
  PVOID object = open_block(&TEST_DATA_GUID, WMIGUID_QUERY);
  PVOID list[3] = {object, object, object};
  UNICODE_STRING names[3] = {instance(L"ROOT\\WMISIM\\0000_1"), instance(L"ROOT\\WMISIM\\0000_7"),
                             instance(L"ROOT\\WMISIM\\0000_0")};
  ULONG size = 0;
  assert_int_equal(IoWMIQuerySingleInstanceMultiple(list, names, 3, &size, NULL), STATUS_BUFFER_TOO_SMALL);
  unsigned char buffer[2048];
  assert_int_equal(IoWMIQuerySingleInstanceMultiple(list, names, 3, &size, buffer), STATUS_SUCCESS);
  /* The instance nobody has is left out; the other two are chained. */
  assert_int_equal(wmisim_wnode_count(buffer, size), 2);
  wmisim_wnode_walk_t walk;
  assert_true(wmisim_wnode_walk_init(&walk, buffer, size, NULL, 0));
  wmisim_wnode_instance_t found;
  assert_true(wmisim_wnode_next(&walk, &found));
  assert_string_equal(found.name, "ROOT\\WMISIM\\0000_1");
  assert_true(wmisim_wnode_next(&walk, &found));
  assert_string_equal(found.name, "ROOT\\WMISIM\\0000_0");
  ObDereferenceObject(object);
  assert_no_violations();
}

/* ---- sets and methods ------------------------------------------------------------------------------ */

static void test_set_single_instance_and_item_reach_the_driver(void **state) {
  struct fixture *f = *state;
  PVOID object = open_block(&TEST_DATA_GUID, WMIGUID_SET);
  UNICODE_STRING name = instance(L"ROOT\\WMISIM\\0000_1");
  struct test_data data = {500, 60};
  assert_int_equal(IoWMISetSingleInstance(object, &name, 1, sizeof data, &data), STATUS_SUCCESS);
  ULONG threshold = 75;
  assert_int_equal(IoWMISetSingleItem(object, &name, TEST_ITEM_THRESHOLD, 1, sizeof threshold, &threshold),
                   STATUS_SUCCESS);
  struct test_data now = test_driver_data(f->fdo, 1);
  assert_int_equal(now.Value, 500);
  assert_int_equal(now.Threshold, 75);
  assert_int_equal(IoWMISetSingleItem(object, &name, 9, 1, sizeof threshold, &threshold), STATUS_WMI_ITEMID_NOT_FOUND);
  assert_int_equal(IoWMISetSingleInstance(object, &name, 1, 3, &data), STATUS_WMI_SET_FAILURE);
  ObDereferenceObject(object);
  assert_no_violations();
}

static void test_execute_method_returns_the_raw_output_and_its_size(void **state) {
  (void)state;
  PVOID object = open_block(&TEST_DATA_GUID, WMIGUID_EXECUTE);
  UNICODE_STRING name = instance(L"ROOT\\WMISIM\\0000_0");
  ULONG io = 5, out = sizeof io;
  assert_int_equal(IoWMIExecuteMethod(object, &name, TEST_METHOD_ADD, sizeof io, &out, (PUCHAR)&io), STATUS_SUCCESS);
  assert_int_equal(out, sizeof io);
  assert_int_equal(io, 105);
  /* Too little room for the output: the size needed comes back. */
  io = 1;
  out = 2;
  assert_int_equal(IoWMIExecuteMethod(object, &name, TEST_METHOD_ADD, sizeof io, &out, (PUCHAR)&io),
                   STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(out, sizeof io);
  out = sizeof io;
  assert_int_equal(IoWMIExecuteMethod(object, &name, 77, sizeof io, &out, (PUCHAR)&io), STATUS_WMI_ITEMID_NOT_FOUND);
  ObDereferenceObject(object);
  assert_no_violations();
}

/* A method that needs more output room than the caller gave answers
 * WNODE_TOO_SMALL without running; WMI hands the size back instead of
 * asking again with more room, so the method runs once, on the retry. */
static void test_a_method_too_big_for_the_callers_buffer_is_not_run(void **state) {
  struct fixture *f = *state;
  test_driver_config.method_output = 64;
  PVOID object = open_block(&TEST_DATA_GUID, WMIGUID_EXECUTE);
  UNICODE_STRING name = instance(L"ROOT\\WMISIM\\0000_0");
  UCHAR io[64] = {5};
  ULONG out = 8;
  assert_int_equal(IoWMIExecuteMethod(object, &name, TEST_METHOD_ADD, sizeof(ULONG), &out, io),
                   STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(out, 64);
  assert_int_equal(test_driver_counters.methods, 1);
  assert_int_equal(test_driver_data(f->fdo, 0).Value, 100);
  out = sizeof io;
  assert_int_equal(IoWMIExecuteMethod(object, &name, TEST_METHOD_ADD, sizeof(ULONG), &out, io), STATUS_SUCCESS);
  assert_int_equal(out, 64);
  assert_int_equal(test_driver_counters.methods, 2);
  assert_int_equal(test_driver_data(f->fdo, 0).Value, 105);
  ObDereferenceObject(object);
  assert_no_violations();
}

/* ---- notifications ---------------------------------------------------------------------------------- */

struct kernel_inbox {
  volatile LONG count;
  ULONG value;
  PVOID context;
};

static VOID NTAPI kernel_callback(PVOID wnode, PVOID context) {
  struct kernel_inbox *in = context;
  const WNODE_SINGLE_INSTANCE *event = wnode;
  memcpy(&in->value, (const unsigned char *)event + event->DataBlockOffset, sizeof(ULONG));
  in->context = context;
  InterlockedIncrement(&in->count);
}

static void test_notification_callback_receives_events_until_removed(void **state) {
  struct fixture *f = *state;
  struct kernel_inbox in = {0, 0, NULL};
  PVOID object = open_block(&TEST_EVENT_GUID, WMIGUID_NOTIFICATION | SYNCHRONIZE);
  assert_int_equal(IoWMISetNotificationCallback(object, kernel_callback, &in), STATUS_SUCCESS);
  assert_int_equal(test_driver_counters.events_enabled, 1);
  assert_int_equal(test_driver_fire_event(f->fdo, 33), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f->sim, 5000));
  assert_int_equal(in.count, 1);
  assert_int_equal(in.value, 33);
  assert_ptr_equal(in.context, &in);
  assert_int_equal(IoWMISetNotificationCallback(object, NULL, NULL), STATUS_SUCCESS);
  assert_int_equal(test_driver_counters.events_enabled, 0);
  assert_int_equal(test_driver_fire_event(f->fdo, 34), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f->sim, 5000));
  assert_int_equal(in.count, 1);
  ObDereferenceObject(object);
  assert_no_violations();
}

static void test_closing_the_object_ends_its_notifications(void **state) {
  struct fixture *f = *state;
  struct kernel_inbox in = {0, 0, NULL};
  PVOID object = open_block(&TEST_EVENT_GUID, WMIGUID_NOTIFICATION | SYNCHRONIZE);
  assert_int_equal(IoWMISetNotificationCallback(object, kernel_callback, &in), STATUS_SUCCESS);
  ObDereferenceObject(object);
  assert_int_equal(test_driver_counters.events_enabled, 0);
  assert_int_equal(test_driver_fire_event(f->fdo, 35), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f->sim, 5000));
  assert_int_equal(in.count, 0);
  assert_no_violations();
}

/* ---- handles --------------------------------------------------------------------------------------- */

static VOID NTAPI idle_thread(PVOID context) {
  (void)context;
}

static void test_handle_to_instance_name_refuses_handles_that_are_not_files(void **state) {
  (void)state;
  PVOID object = open_block(&TEST_DATA_GUID, WMIGUID_QUERY);
  UNICODE_STRING name = {0, 0, NULL};
  assert_int_equal(IoWMIHandleToInstanceName(object, (HANDLE)(ULONG_PTR)0x7ff0, &name), STATUS_INVALID_HANDLE);
  HANDLE thread = wt_thread_start(idle_thread, NULL);
  assert_int_equal(IoWMIHandleToInstanceName(object, thread, &name), STATUS_OBJECT_TYPE_MISMATCH);
  assert_true(wt_thread_join(thread, 5000));
  assert_null(name.Buffer);
  ObDereferenceObject(object);
  assert_no_violations();
}

static void query_at_dispatch(void *context) {
  ULONG size = 0;
  IoWMIQueryAllData(context, &size, NULL);
}

static void test_consumer_routines_above_apc_level_are_reported(void **state) {
  (void)state;
  PVOID object = open_block(&TEST_DATA_GUID, WMIGUID_QUERY);
  wmisim_call_at_irql(DISPATCH_LEVEL, query_at_dispatch, object);
  ObDereferenceObject(object);
  assert_only_violations(IRQL_RULE, 1);
  assert_non_null(strstr(wt_violation_message(IRQL_RULE), "IoWMI"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_open_block_for_data_needs_a_registered_guid, setup, teardown),
    cmocka_unit_test_setup_teardown(test_notification_access_without_synchronize_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_each_routine_needs_its_access_right, setup, teardown),
    cmocka_unit_test_setup_teardown(test_a_pointer_that_is_not_a_block_object_is_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(test_opening_an_expensive_block_enables_collection_until_the_last_close, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_query_all_data_with_a_null_or_short_buffer_returns_the_size_needed, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_query_single_instance_returns_one_wnode, setup, teardown),
    cmocka_unit_test_setup_teardown(test_query_all_data_multiple_chains_every_block, setup, teardown),
    cmocka_unit_test_setup_teardown(test_query_multiple_with_nothing_implemented_succeeds_with_no_data, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_query_single_instance_multiple_chains_each_instance, setup, teardown),
    cmocka_unit_test_setup_teardown(test_set_single_instance_and_item_reach_the_driver, setup, teardown),
    cmocka_unit_test_setup_teardown(test_execute_method_returns_the_raw_output_and_its_size, setup, teardown),
    cmocka_unit_test_setup_teardown(test_a_method_too_big_for_the_callers_buffer_is_not_run, setup, teardown),
    cmocka_unit_test_setup_teardown(test_notification_callback_receives_events_until_removed, setup, teardown),
    cmocka_unit_test_setup_teardown(test_closing_the_object_ends_its_notifications, setup, teardown),
    cmocka_unit_test_setup_teardown(test_handle_to_instance_name_refuses_handles_that_are_not_files, setup, teardown),
    cmocka_unit_test_setup_teardown(test_consumer_routines_above_apc_level_are_reported, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
