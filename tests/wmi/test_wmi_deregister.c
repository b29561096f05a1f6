/*
 * test_wmi_deregister.c - DEREGISTER and removal: DEREGISTER waits for the
 * system-control IRPs already sent (also ones the driver pended and
 * completes later on another thread) and stops new ones; a DEREGISTER from
 * inside the device's own dispatch is reported instead of hanging; a drain
 * past the bound is reported with the IRPs still out; the surprise-removal
 * rule broken both ways and deleting a registered device are reported;
 * after deregistration consumers see the GUIDs gone and nothing reaches
 * the device.
 */
#include "wmi_test.h"

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  PDEVICE_OBJECT fdo;
  KEVENT gate;       /* releases pended queries */
  KEVENT started;    /* a query has been pended */
};

static struct fixture fixture;

static int setup_with_timeout(void **state, uint32_t drain_timeout_ms) {
  test_driver_reset();
  wmisim_options_t options;
  wt_options(&options);
  options.drain_timeout_ms = drain_timeout_ms;
  fixture.sim = wt_sim_create_with(&options);
  KeInitializeEvent(&fixture.gate, NotificationEvent, FALSE);
  KeInitializeEvent(&fixture.started, NotificationEvent, FALSE);
  test_driver_config.pend_gate = &fixture.gate;
  test_driver_config.pend_started = &fixture.started;
  fixture.node = NULL;
  fixture.fdo = NULL;
  *state = &fixture;
  return 0;
}

static int setup(void **state) {
  setup_with_timeout(state, 5000);
  fixture.node = wt_wmilib_device(fixture.sim);
  fixture.fdo = wt_fdo(fixture.node);
  return 0;
}

/* The device is added by the test, after it configured the driver. */
static int setup_unstarted(void **state) {
  return setup_with_timeout(state, 5000);
}

static int setup_short_drain(void **state) {
  setup_with_timeout(state, 300);
  fixture.node = wt_wmilib_device(fixture.sim);
  fixture.fdo = wt_fdo(fixture.node);
  return 0;
}

static int teardown(void **state) {
  struct fixture *f = *state;
  KeSetEvent(&f->gate, IO_NO_INCREMENT, FALSE);
  wmisim_destroy(f->sim);
  return 0;
}

/* ---- threads the tests run beside the test thread ------------------------------------------------ */

struct query_job {
  wmisim_t *sim;
  NTSTATUS status;
  KEVENT done;
};

static VOID NTAPI query_thread(PVOID context) {
  struct query_job *job = context;
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  job->status = wt_query_all(job->sim, &TEST_DATA_GUID, buffer, &size);
  KeSetEvent(&job->done, IO_NO_INCREMENT, FALSE);
}

struct deregister_job {
  PDEVICE_OBJECT fdo;
  NTSTATUS status;
  KEVENT done;
};

static VOID NTAPI deregister_thread(PVOID context) {
  struct deregister_job *job = context;
  job->status = IoWMIRegistrationControl(job->fdo, WMIREG_ACTION_DEREGISTER);
  KeSetEvent(&job->done, IO_NO_INCREMENT, FALSE);
}

/* Starts a query on its own thread and waits until the driver pended it. */
static HANDLE start_pended_query(struct fixture *f, struct query_job *job) {
  job->sim = f->sim;
  job->status = STATUS_PENDING;
  KeInitializeEvent(&job->done, NotificationEvent, FALSE);
  HANDLE thread = wt_thread_start(query_thread, job);
  assert_true(wt_wait(&f->started, 5000));
  return thread;
}

static HANDLE start_deregister(struct fixture *f, struct deregister_job *job) {
  job->fdo = f->fdo;
  job->status = STATUS_PENDING;
  KeInitializeEvent(&job->done, NotificationEvent, FALSE);
  return wt_thread_start(deregister_thread, job);
}

/* What a consumer sees of the test driver's GUIDs: every data request
 * fails with STATUS_WMI_GUID_NOT_FOUND and no IRP is sent. */
static void assert_guids_gone(struct fixture *f) {
  struct wt_irp_count count;
  wt_count_start(f->sim, &count);
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &TEST_DATA_GUID, buffer, &size), STATUS_WMI_GUID_NOT_FOUND);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_DATA_GUID, &info), STATUS_WMI_GUID_NOT_FOUND);
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_EVENT_GUID, &info), STATUS_WMI_GUID_NOT_FOUND);
  ULONG guids = 0;
  assert_int_equal(wmisim_wmi_enumerate_guids(f->sim, NULL, &guids), STATUS_SUCCESS);
  assert_int_equal(guids, 0);
  PVOID object;
  assert_int_equal(IoWMIOpenBlock((GUID *)&TEST_DATA_GUID, WMIGUID_QUERY, &object), STATUS_WMI_GUID_NOT_FOUND);
  assert_int_equal(count.system_control_sent, 0);
  wt_count_stop(&count);
}

/* ---- the drain -------------------------------------------------------------------------------- */

static void test_deregister_waits_for_a_pended_query_completed_on_another_thread(void **state) {
  struct fixture *f = *state;
  test_driver_config.pend_queries = true;
  struct query_job query;
  HANDLE query_handle = start_pended_query(f, &query);
  struct deregister_job deregister;
  HANDLE deregister_handle = start_deregister(f, &deregister);
  /* DEREGISTER blocks while the query is in the driver. */
  assert_false(wt_wait(&deregister.done, 300));
  assert_int_equal(deregister.status, STATUS_PENDING);
  KeSetEvent(&f->gate, IO_NO_INCREMENT, FALSE);
  assert_true(wt_wait(&deregister.done, 5000));
  assert_int_equal(deregister.status, STATUS_SUCCESS);
  assert_true(wt_wait(&query.done, 5000));
  assert_int_equal(query.status, STATUS_SUCCESS);
  assert_true(wt_thread_join(query_handle, 5000));
  assert_true(wt_thread_join(deregister_handle, 5000));
  assert_guids_gone(f);
  assert_no_violations();
}

static void test_no_request_is_sent_once_deregistration_started(void **state) {
  struct fixture *f = *state;
  test_driver_config.pend_queries = true;
  struct query_job query;
  HANDLE query_handle = start_pended_query(f, &query);
  struct deregister_job deregister;
  HANDLE deregister_handle = start_deregister(f, &deregister);
  assert_false(wt_wait(&deregister.done, 200));
  /* Deregistration is under way: the GUIDs are gone already. */
  LONG queries = test_driver_counters.queries;
  assert_guids_gone(f);
  assert_int_equal(test_driver_counters.queries, queries);
  KeSetEvent(&f->gate, IO_NO_INCREMENT, FALSE);
  assert_true(wt_thread_join(query_handle, 5000));
  assert_true(wt_thread_join(deregister_handle, 5000));
  assert_int_equal(deregister.status, STATUS_SUCCESS);
  assert_no_violations();
}

static void test_deregister_inside_its_own_dispatch_is_reported_not_hung(void **state) {
  struct fixture *f = *state;
  test_driver_config.deregister_in_dispatch = true;
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  /* The query that runs DEREGISTER still completes normally. */
  assert_int_equal(wt_query_all(f->sim, &TEST_DATA_GUID, buffer, &size), STATUS_SUCCESS);
  assert_only_violations("WmiDeregisterInDispatch", 1);
  assert_non_null(strstr(wt_violation_message("WmiDeregisterInDispatch"), "IRP_MN_QUERY_ALL_DATA"));
  test_driver_config.deregister_in_dispatch = false;
  assert_guids_gone(f);
  /* The deregistration completed with the IRP: the device can register again. */
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_REGISTER), STATUS_SUCCESS);
  size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &TEST_DATA_GUID, buffer, &size), STATUS_SUCCESS);
}

/* With a query held in the driver (the gate shut), DEREGISTER gives up
 * after drain_timeout_ms and reports that one IRP by its id. */
static void assert_deregister_reports_the_query(struct fixture *f) {
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_DEREGISTER), STATUS_SUCCESS);
  assert_int_equal(wt_violations_of("WmiDeregisterWait"), 1);
  assert_non_null(strstr(wt_violation_message("WmiDeregisterWait"), "1 IRP(s) still in the driver: #"));
}

static void test_drain_past_the_bound_is_reported_with_the_irps_outstanding(void **state) {
  struct fixture *f = *state;
  test_driver_config.pend_queries = true;
  struct query_job query;
  HANDLE query_handle = start_pended_query(f, &query);
  assert_deregister_reports_the_query(f);
  /* The consumer gave up on the pended IRP too. */
  assert_true(wt_wait(&query.done, 5000));
  assert_int_equal(query.status, STATUS_IO_TIMEOUT);
  assert_int_equal(wt_violations_of("WmiComplete"), 1);
  assert_guids_gone(f);
  /* The late completion is still accounted for, never sent anywhere. */
  KeSetEvent(&f->gate, IO_NO_INCREMENT, FALSE);
  assert_true(wt_thread_join(query_handle, 5000));
  assert_true(wmisim_wait_idle(f->sim, 5000));
  assert_int_equal(wt_violations(), 2);
}

/* The query's dispatch routine blocks without pending: its sender is still
 * inside IoCallDriver, and the report names the IRP all the same. */
static void test_drain_past_the_bound_names_an_irp_whose_dispatch_blocks(void **state) {
  struct fixture *f = *state;
  test_driver_config.block_queries = true;
  struct query_job query;
  HANDLE query_handle = start_pended_query(f, &query);
  assert_deregister_reports_the_query(f);
  KeSetEvent(&f->gate, IO_NO_INCREMENT, FALSE);
  assert_true(wt_thread_join(query_handle, 5000));
  assert_int_equal(query.status, STATUS_SUCCESS); /* nobody gave up on it */
  assert_true(wmisim_wait_idle(f->sim, 5000));
  assert_int_equal(wt_violations(), 1);
}

static void test_second_deregister_is_reported_as_double_deregistration(void **state) {
  struct fixture *f = *state;
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_DEREGISTER), STATUS_SUCCESS);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_DEREGISTER), STATUS_INVALID_PARAMETER);
  assert_only_violations("WmiDoubleDeregister", 1);
}

static void test_register_after_deregister_serves_the_device_again(void **state) {
  struct fixture *f = *state;
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_DEREGISTER), STATUS_SUCCESS);
  assert_guids_gone(f);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_REGISTER), STATUS_SUCCESS);
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &TEST_DATA_GUID, buffer, &size), STATUS_SUCCESS);
  assert_int_equal(wmisim_wnode_count(buffer, size), 2);
  assert_no_violations();
}

static void test_block_opened_before_deregistration_finds_the_guid_gone(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_DATA_GUID, WMIGUID_QUERY | WMIGUID_SET, &block), STATUS_SUCCESS);
  PVOID object;
  assert_int_equal(IoWMIOpenBlock((GUID *)&TEST_DATA_GUID, WMIGUID_QUERY, &object), STATUS_SUCCESS);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_DEREGISTER), STATUS_SUCCESS);
  struct wt_irp_count count;
  wt_count_start(f->sim, &count);
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_all(block, &size, buffer), STATUS_WMI_GUID_NOT_FOUND);
  size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "ROOT\\WMISIM\\0000_0", &size, buffer), STATUS_WMI_GUID_NOT_FOUND);
  ULONG value = 1;
  assert_int_equal(wmisim_wmi_set_item(block, "ROOT\\WMISIM\\0000_0", TEST_ITEM_THRESHOLD, sizeof value, &value),
                   STATUS_WMI_GUID_NOT_FOUND);
  size = sizeof buffer;
  assert_int_equal(IoWMIQueryAllData(object, &size, buffer), STATUS_WMI_GUID_NOT_FOUND);
  assert_int_equal(count.system_control_sent, 0);
  wt_count_stop(&count);
  ObDereferenceObject(object);
  wmisim_wmi_close(block);
  assert_no_violations();
}

/* A data block object keeps the GUID's entry from its open: a provider
 * that registers the GUID again is reached through it, on both APIs. */
static void test_block_opened_before_deregistration_reaches_the_provider_registered_again(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_DATA_GUID, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  PVOID object;
  assert_int_equal(IoWMIOpenBlock((GUID *)&TEST_DATA_GUID, WMIGUID_QUERY, &object), STATUS_SUCCESS);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_DEREGISTER), STATUS_SUCCESS);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_REGISTER), STATUS_SUCCESS);
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "ROOT\\WMISIM\\0000_0", &size, buffer), STATUS_SUCCESS);
  size = sizeof buffer;
  assert_int_equal(IoWMIQueryAllData(object, &size, buffer), STATUS_SUCCESS);
  assert_int_equal(wmisim_wnode_count(buffer, size), 2);
  ObDereferenceObject(object);
  wmisim_wmi_close(block);
  assert_no_violations();
}

/* ---- surprise removal and deletion ------------------------------------------------------------ */

static void test_surprise_removal_with_deregistration_is_clean(void **state) {
  struct fixture *f = *state;
  f->node = wt_wmilib_device(f->sim);
  assert_int_equal(wmisim_device_surprise_removal(f->node), STATUS_SUCCESS);
  assert_guids_gone(f);
  assert_int_equal(wmisim_device_remove_after_surprise(f->node), STATUS_SUCCESS);
  assert_no_violations();
}

static void test_surprise_removal_without_deregistration_is_reported(void **state) {
  struct fixture *f = *state;
  test_driver_config.deregister_at_surprise = false;
  f->node = wt_wmilib_device(f->sim);
  assert_int_equal(wmisim_device_surprise_remove(f->node), STATUS_SUCCESS);
  assert_only_violations("WmiSurpriseRemoveDeregister", 1);
  assert_guids_gone(f);
}

static void test_deregistering_again_at_remove_after_surprise_removal_is_reported(void **state) {
  struct fixture *f = *state;
  test_driver_config.deregister_twice = true;
  f->node = wt_wmilib_device(f->sim);
  assert_int_equal(wmisim_device_surprise_remove(f->node), STATUS_SUCCESS);
  assert_only_violations("WmiDoubleDeregister", 1);
  assert_guids_gone(f);
}

static void test_deleting_a_registered_device_is_reported_and_deregisters_it(void **state) {
  struct fixture *f = *state;
  test_driver_config.deregister_at_surprise = false;
  test_driver_config.deregister_at_remove = false;
  f->node = wt_wmilib_device(f->sim);
  assert_int_equal(wmisim_device_remove(f->node), STATUS_SUCCESS);
  assert_only_violations("WmiDeleteRegisteredDevice", 1);
  assert_guids_gone(f);
}

static void test_removal_without_surprise_deregistering_at_remove_is_clean(void **state) {
  struct fixture *f = *state;
  f->node = wt_wmilib_device(f->sim);
  assert_int_equal(wmisim_device_remove(f->node), STATUS_SUCCESS);
  assert_guids_gone(f);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_deregister_waits_for_a_pended_query_completed_on_another_thread, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_no_request_is_sent_once_deregistration_started, setup, teardown),
    cmocka_unit_test_setup_teardown(test_deregister_inside_its_own_dispatch_is_reported_not_hung, setup, teardown),
    cmocka_unit_test_setup_teardown(test_drain_past_the_bound_is_reported_with_the_irps_outstanding,
                                    setup_short_drain, teardown),
    cmocka_unit_test_setup_teardown(test_drain_past_the_bound_names_an_irp_whose_dispatch_blocks, setup_short_drain,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_second_deregister_is_reported_as_double_deregistration, setup, teardown),
    cmocka_unit_test_setup_teardown(test_register_after_deregister_serves_the_device_again, setup, teardown),
    cmocka_unit_test_setup_teardown(test_block_opened_before_deregistration_finds_the_guid_gone, setup, teardown),
    cmocka_unit_test_setup_teardown(test_block_opened_before_deregistration_reaches_the_provider_registered_again,
                                    setup, teardown),
    cmocka_unit_test_setup_teardown(test_surprise_removal_with_deregistration_is_clean, setup_unstarted, teardown),
    cmocka_unit_test_setup_teardown(test_surprise_removal_without_deregistration_is_reported, setup_unstarted,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_deregistering_again_at_remove_after_surprise_removal_is_reported,
                                    setup_unstarted, teardown),
    cmocka_unit_test_setup_teardown(test_deleting_a_registered_device_is_reported_and_deregisters_it, setup_unstarted,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_removal_without_surprise_deregistering_at_remove_is_clean, setup_unstarted,
                                    teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
