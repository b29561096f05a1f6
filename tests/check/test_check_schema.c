/*
 * test_check_schema.c - WmiDataSchema: with the drivers' MOF given to the
 * checking mode, what a driver returns (queries, method output, events)
 * and accepts (sets) is checked against the classes; the correct driver
 * is clean through every kind of request.
 */
#include "check_test.h"

#include <wmisim/mof.h>

#include "drivers/cdrv.h"

/* ---- drivers breaking their MOF in other ways than the corpus's ------------------------------- */

/* Accepts every item id, the read-only Value (1) included. */
static NTSTATUS NTAPI set_any_item(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance, ULONG item,
                                   ULONG size, PUCHAR buffer) {
  (void)guid_index;
  (void)instance;
  (void)item;
  (void)size;
  (void)buffer;
  return WmiCompleteRequest(device, irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
}

/* Answers every method id with 2 bytes. */
static NTSTATUS NTAPI method_short_output(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance,
                                         ULONG method, ULONG in_size, ULONG out_size, PUCHAR buffer) {
  (void)guid_index;
  (void)instance;
  (void)method;
  (void)in_size;
  if (out_size < 2) return WmiCompleteRequest(device, irp, STATUS_BUFFER_TOO_SMALL, 2, IO_NO_INCREMENT);
  buffer[0] = buffer[1] = 0;
  return WmiCompleteRequest(device, irp, STATUS_SUCCESS, 2, IO_NO_INCREMENT);
}

/* Fires the event with a USHORT where the MOF has a uint32. */
static NTSTATUS NTAPI fire_short_event(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index,
                                       WMIENABLEDISABLECONTROL function, BOOLEAN enable) {
  NTSTATUS status = WmiCompleteRequest(device, irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
  if (function != WmiEventControl || guid_index != CDRV_EVENT_INDEX || !enable) return status;
  PUSHORT data = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *data, CDRV_TAG);
  if (data != NULL) {
    *data = 7;
    WmiFireEvent(device, &CDRV_EVENT_GUID, 0, sizeof *data, data);
  }
  return status;
}

static const struct cdrv_hooks set_any_hooks = {.set_data_item = set_any_item};
static const struct cdrv_hooks short_method_hooks = {.execute_method = method_short_output};
static const struct cdrv_hooks short_event_hooks = {.function_control = fire_short_event};

static NTSTATUS NTAPI set_any_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path) {
  return cdrv_entry(driver, path, &set_any_hooks);
}
static NTSTATUS NTAPI short_method_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path) {
  return cdrv_entry(driver, path, &short_method_hooks);
}
static NTSTATUS NTAPI short_event_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path) {
  return cdrv_entry(driver, path, &short_event_hooks);
}

/* ---- helpers ------------------------------------------------------------------------------------ */

/* A simulator with cdrv.mof loaded and a started device of `entry`. */
static wmisim_t *schema_setup(PDRIVER_INITIALIZE entry) {
  wmisim_t *sim = ct_sim_create(NULL);
  assert_int_equal(wmisim_check_load_mof(sim, CHECK_CORPUS_MOF, NULL), STATUS_SUCCESS);
  wmisim_devnode_t *node;
  assert_int_equal(ct_device(sim, CT_INSTANCE_ID, ct_driver(sim, "cdrv", entry), NULL, &node), STATUS_SUCCESS);
  return sim;
}

static NTSTATUS set_item(wmisim_t *sim, ULONG item, ULONG size) {
  wmisim_block_t *block = NULL;
  assert_int_equal(wmisim_wmi_open(sim, &CDRV_DATA_GUID, WMIGUID_SET, &block), STATUS_SUCCESS);
  UCHAR value[8] = {1};
  NTSTATUS status = wmisim_wmi_set_item(block, CT_INSTANCE_NAME, item, size, value);
  wmisim_wmi_close(block);
  return status;
}

static NTSTATUS run_method(wmisim_t *sim, ULONG method) {
  wmisim_block_t *block = NULL;
  assert_int_equal(wmisim_wmi_open(sim, &CDRV_DATA_GUID, WMIGUID_EXECUTE, &block), STATUS_SUCCESS);
  ULONG in = 3, out[2] = {0}, out_size = sizeof out;
  NTSTATUS status = wmisim_wmi_execute_method(block, CT_INSTANCE_NAME, method, sizeof in, &in, &out_size, out);
  wmisim_wmi_close(block);
  return status;
}

static NTSTATUS query_all(wmisim_t *sim, const GUID *guid) {
  wmisim_block_t *block = NULL;
  assert_int_equal(wmisim_wmi_open(sim, guid, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  UCHAR buffer[2048];
  ULONG size = sizeof buffer;
  NTSTATUS status = wmisim_wmi_query_all(block, &size, buffer);
  wmisim_wmi_close(block);
  return status;
}

static void ignore_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  (void)context;
  (void)event;
  (void)lost;
}

static void subscribe_once(wmisim_t *sim) {
  wmisim_subscription_t *subscription = NULL;
  assert_int_equal(wmisim_wmi_subscribe(sim, &CDRV_EVENT_GUID, ignore_event, NULL, &subscription), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(sim, 5000));
  wmisim_wmi_unsubscribe(subscription);
}

/* The only violation is one WmiDataSchema whose message contains `text`. */
static void assert_one_schema_violation(wmisim_t *sim, const char *text) {
  wmisim_assert_violations(sim, "WmiDataSchema", NULL);
  wmisim_violation_t v = ct_first_violation(sim, "WmiDataSchema");
  if (strstr(v.message, text) == NULL) print_error("message: %s\n", v.message);
  assert_non_null(strstr(v.message, text));
  assert_string_equal(v.driver, "cdrv");
}

/* ---- the correct driver is clean ------------------------------------------------------------- */

static void test_correct_driver_is_clean_through_every_request_kind(void **state) {
  (void)state;
  wmisim_t *sim = schema_setup(cdrv_correct_entry);
  UCHAR buffer[512];
  ULONG size = sizeof buffer;
  assert_int_equal(ct_query_single(sim, &CDRV_DATA_GUID, CT_INSTANCE_NAME, buffer, &size), STATUS_SUCCESS);
  assert_int_equal(query_all(sim, &CDRV_DATA_GUID), STATUS_SUCCESS);
  assert_int_equal(query_all(sim, &CDRV_EXPENSIVE_GUID), STATUS_SUCCESS);
  assert_int_equal(set_item(sim, CDRV_ITEM_THRESHOLD, sizeof(ULONG)), STATUS_SUCCESS);
  assert_int_equal(run_method(sim, CDRV_METHOD_ADD), STATUS_SUCCESS);
  subscribe_once(sim);
  wmisim_assert_no_violations(sim);
  wmisim_destroy(sim);
  wmisim_assert_no_violations(NULL);
}

static void test_requests_the_driver_refuses_are_not_checked(void **state) {
  (void)state;
  wmisim_t *sim = schema_setup(cdrv_correct_entry);
  assert_int_equal(set_item(sim, 1, sizeof(ULONG)), STATUS_WMI_ITEMID_NOT_FOUND);
  assert_int_equal(run_method(sim, 9), STATUS_WMI_ITEMID_NOT_FOUND);
  wmisim_assert_no_violations(sim);
  wmisim_destroy(sim);
}

/* ---- what a driver accepted -------------------------------------------------------------------- */

static void test_accepting_a_change_of_a_read_only_item_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = schema_setup(set_any_entry);
  assert_int_equal(set_item(sim, 1, sizeof(ULONG)), STATUS_SUCCESS);
  assert_one_schema_violation(sim, "item Value (WmiDataId 1) without `write`");
  wmisim_violation_t v = ct_first_violation(sim, "WmiDataSchema");
  assert_int_equal(v.minor, IRP_MN_CHANGE_SINGLE_ITEM);
  wmisim_destroy(sim);
}

static void test_accepting_an_item_the_class_does_not_have_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = schema_setup(set_any_entry);
  assert_int_equal(set_item(sim, 5, sizeof(ULONG)), STATUS_SUCCESS);
  assert_one_schema_violation(sim, "has no item with WmiDataId 5");
  wmisim_destroy(sim);
}

static void test_accepting_an_item_of_the_wrong_size_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = schema_setup(set_any_entry);
  assert_int_equal(set_item(sim, CDRV_ITEM_THRESHOLD, 2), STATUS_SUCCESS);
  assert_one_schema_violation(sim, "in 4 bytes; the driver accepted 2");
  wmisim_destroy(sim);
}

/* ---- what a driver returned ---------------------------------------------------------------------- */

static void test_method_output_shorter_than_its_out_parameters_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = schema_setup(short_method_entry);
  assert_int_equal(run_method(sim, CDRV_METHOD_ADD), STATUS_SUCCESS);
  assert_one_schema_violation(sim, "the output of method Add");
  wmisim_destroy(sim);
}

static void test_success_for_a_method_the_mof_does_not_declare_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = schema_setup(short_method_entry);
  assert_int_equal(run_method(sim, 9), STATUS_SUCCESS);
  assert_one_schema_violation(sim, "method id 9 succeeded");
  wmisim_destroy(sim);
}

static void test_event_data_shorter_than_its_class_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = schema_setup(short_event_entry);
  subscribe_once(sim);
  assert_one_schema_violation(sim, "an event of class CheckCorpus_Event");
  wmisim_violation_t v = ct_first_violation(sim, "WmiDataSchema");
  assert_string_equal(v.routine, "IoWMIWriteEvent");
  assert_int_equal(v.minor, IRP_MN_ENABLE_EVENTS); /* fired while enabling: the frame's IRP */
  wmisim_destroy(sim);
}

/* ---- attaching --------------------------------------------------------------------------------- */

static void test_a_borrowed_schema_checks_until_it_is_detached(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  wmisim_mof_schema *schema = NULL;
  assert_int_equal(wmisim_mof_schema_create(&schema), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_schema_load_file(schema, CHECK_CORPUS_MOF, NULL), STATUS_SUCCESS);
  assert_int_equal(wmisim_check_attach_mof(sim, schema), STATUS_SUCCESS);
  wmisim_devnode_t *node;
  assert_int_equal(ct_device(sim, CT_INSTANCE_ID, ct_driver(sim, "cdrv", set_any_entry), NULL, &node), STATUS_SUCCESS);
  assert_int_equal(set_item(sim, 1, sizeof(ULONG)), STATUS_SUCCESS);
  assert_int_equal(wmisim_violation_count_rule(sim, "WmiDataSchema"), 1);
  assert_int_equal(wmisim_check_attach_mof(sim, NULL), STATUS_SUCCESS);
  assert_int_equal(set_item(sim, 1, sizeof(ULONG)), STATUS_SUCCESS);
  assert_int_equal(wmisim_violation_count_rule(sim, "WmiDataSchema"), 1);
  wmisim_destroy(sim);
  wmisim_mof_schema_destroy(schema);
}

static void test_without_a_schema_nothing_is_checked(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  wmisim_devnode_t *node;
  assert_int_equal(ct_device(sim, CT_INSTANCE_ID, ct_driver(sim, "cdrv", set_any_entry), NULL, &node), STATUS_SUCCESS);
  assert_int_equal(set_item(sim, 1, sizeof(ULONG)), STATUS_SUCCESS);
  wmisim_assert_no_violations(sim);
  wmisim_destroy(sim);
}

static void test_loading_a_missing_mof_file_fails_and_attaches_nothing(void **state) {
  (void)state;
  wmisim_t *sim = ct_sim_create(NULL);
  assert_int_equal(wmisim_check_load_mof(sim, CHECK_CORPUS_MOF ".missing", NULL), STATUS_OBJECT_NAME_NOT_FOUND);
  wmisim_devnode_t *node;
  assert_int_equal(ct_device(sim, CT_INSTANCE_ID, ct_driver(sim, "cdrv", set_any_entry), NULL, &node), STATUS_SUCCESS);
  assert_int_equal(set_item(sim, 1, sizeof(ULONG)), STATUS_SUCCESS);
  wmisim_assert_no_violations(sim);
  wmisim_destroy(sim);
}

/* ---- threads --------------------------------------------------------------------------------- */

struct querier {
  wmisim_t *sim;
  int failures;
  KEVENT done;
};

static VOID NTAPI query_repeatedly(PVOID context) {
  struct querier *q = context;
  for (int i = 0; i < 200; i++) {
    UCHAR buffer[512];
    ULONG size = sizeof buffer;
    if (ct_query_single(q->sim, &CDRV_DATA_GUID, CT_INSTANCE_NAME, buffer, &size) != STATUS_SUCCESS) q->failures++;
  }
  KeSetEvent(&q->done, IO_NO_INCREMENT, FALSE);
  PsTerminateSystemThread(STATUS_SUCCESS);
}

/* A load into the attached schema is write-held against the checks of the
 * other thread's answers (ThreadSanitizer sees the schema change under a
 * check otherwise). */
static void test_loading_a_mof_while_another_thread_queries_is_safe(void **state) {
  (void)state;
  wmisim_t *sim = schema_setup(cdrv_correct_entry);
  struct querier q;
  memset(&q, 0, sizeof q);
  q.sim = sim;
  KeInitializeEvent(&q.done, NotificationEvent, FALSE);
  HANDLE thread;
  assert_int_equal(PsCreateSystemThread(&thread, 0, NULL, NULL, NULL, query_repeatedly, &q), STATUS_SUCCESS);
  ZwClose(thread);
  assert_int_equal(wmisim_check_load_mof(sim, OTHER_MOF, NULL), STATUS_SUCCESS);
  KeWaitForSingleObject(&q.done, Executive, KernelMode, FALSE, NULL);
  assert_int_equal(q.failures, 0);
  wmisim_assert_no_violations(sim);
  wmisim_destroy(sim);
}

static jmp_buf left_by_longjmp;

static void leave_by_longjmp(void *context, const wmisim_violation_t *violation) {
  (void)violation;
  if (wmisim_violation_unwind(context)) longjmp(left_by_longjmp, 1);
}

/* A handler that leaves by longjmp finds no lock held (check.h): the
 * schema is released before the finding is reported, so it can be
 * replaced afterwards. */
static void test_a_handler_leaving_by_longjmp_leaves_the_schema_free(void **state) {
  (void)state;
  wmisim_t *sim = schema_setup(set_any_entry);
  wmisim_set_violation_handler(sim, leave_by_longjmp, sim);
  wmisim_set_check_mode(sim, WMISIM_CHECK_FAIL_FAST);
  wmisim_block_t *block = NULL;
  assert_int_equal(wmisim_wmi_open(sim, &CDRV_DATA_GUID, WMIGUID_SET, &block), STATUS_SUCCESS);
  wmisim_block_t *volatile open_block = block;
  volatile int jumps = 0;
  ULONG value = 1;
  if (setjmp(left_by_longjmp) == 0) wmisim_wmi_set_item(open_block, CT_INSTANCE_NAME, 1, sizeof value, &value);
  else jumps++;
  assert_int_equal(jumps, 1);
  wmisim_wmi_close(open_block);
  assert_int_equal(wmisim_check_attach_mof(sim, NULL), STATUS_SUCCESS);
  assert_int_equal(wmisim_check_load_mof(sim, CHECK_CORPUS_MOF ".missing", NULL), STATUS_OBJECT_NAME_NOT_FOUND);
  wmisim_set_violation_handler(sim, NULL, NULL);
  wmisim_set_check_mode(sim, WMISIM_CHECK_REPORT);
  wmisim_violations_clear(sim);
  wmisim_destroy(sim);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_correct_driver_is_clean_through_every_request_kind),
    cmocka_unit_test(test_requests_the_driver_refuses_are_not_checked),
    cmocka_unit_test(test_accepting_a_change_of_a_read_only_item_is_reported),
    cmocka_unit_test(test_accepting_an_item_the_class_does_not_have_is_reported),
    cmocka_unit_test(test_accepting_an_item_of_the_wrong_size_is_reported),
    cmocka_unit_test(test_method_output_shorter_than_its_out_parameters_is_reported),
    cmocka_unit_test(test_success_for_a_method_the_mof_does_not_declare_is_reported),
    cmocka_unit_test(test_event_data_shorter_than_its_class_is_reported),
    cmocka_unit_test(test_a_borrowed_schema_checks_until_it_is_detached),
    cmocka_unit_test(test_without_a_schema_nothing_is_checked),
    cmocka_unit_test(test_loading_a_missing_mof_file_fails_and_attaches_nothing),
    cmocka_unit_test(test_loading_a_mof_while_another_thread_queries_is_safe),
    cmocka_unit_test(test_a_handler_leaving_by_longjmp_leaves_the_schema_free),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
