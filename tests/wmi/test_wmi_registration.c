/*
 * test_wmi_registration.c - IoWMIRegistrationControl: the five actions and
 * what each sends (IRP_MN_REGINFO_EX with WMIREGISTER or WMIUPDATE, the
 * size probe, the IRP_MN_REGINFO fallback), UPDATE_GUIDS adding, removing
 * and resizing blocks, BLOCK_IRPS, and two providers of one GUID.
 */
#include "wmi_test.h"

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  PDEVICE_OBJECT fdo;
};

static struct fixture fixture;

static int setup_unstarted(void **state) {
  test_driver_reset();
  fixture.sim = wt_sim_create();
  fixture.node = NULL;
  fixture.fdo = NULL;
  *state = &fixture;
  return 0;
}

static int setup(void **state) {
  setup_unstarted(state);
  fixture.node = wt_wmilib_device(fixture.sim);
  fixture.fdo = wt_fdo(fixture.node);
  return 0;
}

static int teardown(void **state) {
  struct fixture *f = *state;
  wmisim_destroy(f->sim);
  return 0;
}

static size_t instance_count(wmisim_t *sim, const GUID *guid) {
  unsigned char buffer[4096];
  ULONG size = sizeof buffer;
  if (!NT_SUCCESS(wt_query_all(sim, guid, buffer, &size))) return 0;
  return wmisim_wnode_count(buffer, size);
}

static LONG_PTR references_of(PVOID object) {
  LONG_PTR count = ObReferenceObject(object);
  ObDereferenceObject(object);
  return count - 1;
}

/* ---- REGISTER ------------------------------------------------------------------------------- */

static void test_register_sends_reginfo_ex_with_wmiregister_after_a_size_probe(void **state) {
  struct fixture *f = *state;
  /* WMILIB's answer needs more than the first 256-byte buffer. */
  assert_int_equal(test_driver_counters.reginfo_ex_irps, 2);
  assert_int_equal(test_driver_counters.reginfo_irps, 0);
  assert_int_equal(test_driver_counters.reginfo_buffer_sizes[0], 256);
  assert_true(test_driver_counters.reginfo_buffer_sizes[1] > 256);
  assert_int_equal(test_driver_counters.last_reginfo_data_path, WMIREGISTER);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_DATA_GUID, &info), STATUS_SUCCESS);
  assert_int_equal(info.provider_count, 1);
  assert_int_equal(info.instance_count, 2);
  assert_string_equal(info.mof_resource, "WmiTestMof");
  assert_no_violations();
}

static void test_register_reports_each_block_with_its_flags(void **state) {
  struct fixture *f = *state;
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_EVENT_GUID, &info), STATUS_SUCCESS);
  assert_true(info.event_only);
  assert_false(info.expensive);
  assert_true((info.flags & WMIREG_FLAG_EVENT_ONLY_GUID) != 0);
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_EXPENSIVE_GUID, &info), STATUS_SUCCESS);
  assert_true(info.expensive);
  assert_true((info.flags & WMIREG_FLAG_INSTANCE_PDO) != 0);
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_EXTRA_GUID, &info), STATUS_WMI_GUID_NOT_FOUND);
  GUID guids[8];
  ULONG count = 8;
  assert_int_equal(wmisim_wmi_enumerate_guids(f->sim, guids, &count), STATUS_SUCCESS);
  assert_int_equal(count, 3);
}

static void test_event_only_block_cannot_be_queried(void **state) {
  struct fixture *f = *state;
  LONG queries = test_driver_counters.queries;
  unsigned char buffer[512];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &TEST_EVENT_GUID, buffer, &size), STATUS_WMI_GUID_NOT_FOUND);
  assert_int_equal(test_driver_counters.queries, queries);
  assert_no_violations();
}

static void test_driver_without_reginfo_ex_is_registered_through_reginfo(void **state) {
  struct fixture *f = *state;
  test_driver_config.no_reginfo_ex = true;
  f->node = wt_wmilib_device(f->sim);
  assert_int_equal(test_driver_counters.reginfo_ex_irps, 1);
  assert_true(test_driver_counters.reginfo_irps >= 1);
  assert_int_equal(instance_count(f->sim, &TEST_DATA_GUID), 2);
  assert_no_violations();
}

static void test_register_of_a_registered_device_returns_object_name_exists(void **state) {
  struct fixture *f = *state;
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_REGISTER), STATUS_OBJECT_NAME_EXISTS);
  assert_int_equal(instance_count(f->sim, &TEST_DATA_GUID), 2);
  assert_no_violations();
}

static void test_unknown_action_returns_invalid_parameter(void **state) {
  struct fixture *f = *state;
  LONG before = test_driver_counters.system_control;
  assert_int_equal(IoWMIRegistrationControl(f->fdo, 0), STATUS_INVALID_PARAMETER);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, 6), STATUS_INVALID_PARAMETER);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, 0x80000001u), STATUS_INVALID_PARAMETER);
  assert_int_equal(test_driver_counters.system_control, before);
  assert_int_equal(instance_count(f->sim, &TEST_DATA_GUID), 2);
}

static void update_at_dispatch(void *context) {
  *(NTSTATUS *)((void **)context)[1] = IoWMIRegistrationControl(((void **)context)[0], WMIREG_ACTION_UPDATE_GUIDS);
}

static void test_registration_control_above_passive_level_is_reported(void **state) {
  struct fixture *f = *state;
  NTSTATUS status = STATUS_PENDING;
  void *args[2] = {f->fdo, &status};
  wmisim_call_at_irql(DISPATCH_LEVEL, update_at_dispatch, args);
  assert_int_equal(wt_violations_of("IrqlIoPassive5"), 1);
}

static void test_deregister_of_a_device_never_registered_returns_invalid_parameter(void **state) {
  struct fixture *f = *state;
  test_driver_config.register_at_start = false;
  f->node = wt_wmilib_device(f->sim);
  assert_int_equal(IoWMIRegistrationControl(wt_fdo(f->node), WMIREG_ACTION_DEREGISTER), STATUS_INVALID_PARAMETER);
  assert_no_violations();
}

static void test_registration_control_on_a_non_device_is_invalid_parameter(void **state) {
  (void)state;
  static DEVICE_OBJECT fake; /* zeroed: Type is not IO_TYPE_DEVICE */
  assert_int_equal(IoWMIRegistrationControl(&fake, WMIREG_ACTION_REGISTER), STATUS_INVALID_PARAMETER);
  assert_int_equal(IoWMIRegistrationControl(NULL, WMIREG_ACTION_REGISTER), STATUS_INVALID_PARAMETER);
}

/* ---- REREGISTER and UPDATE_GUIDS --------------------------------------------------------------- */

static void test_reregister_asks_again_with_wmiregister(void **state) {
  struct fixture *f = *state;
  LONG before = test_driver_counters.reginfo_ex_irps;
  test_driver_set_instances(f->fdo, 3);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_REREGISTER), STATUS_SUCCESS);
  assert_true(test_driver_counters.reginfo_ex_irps > before);
  assert_int_equal(test_driver_counters.last_reginfo_data_path, WMIREGISTER);
  assert_int_equal(instance_count(f->sim, &TEST_DATA_GUID), 3);
  assert_no_violations();
}

static void test_reregister_of_an_unregistered_device_registers_it(void **state) {
  struct fixture *f = *state;
  test_driver_config.register_at_start = false;
  f->node = wt_wmilib_device(f->sim);
  assert_int_equal(IoWMIRegistrationControl(wt_fdo(f->node), WMIREG_ACTION_REREGISTER), STATUS_SUCCESS);
  assert_int_equal(instance_count(f->sim, &TEST_DATA_GUID), 2);
  assert_no_violations();
}

static void test_update_guids_asks_with_wmiupdate(void **state) {
  struct fixture *f = *state;
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_UPDATE_GUIDS), STATUS_SUCCESS);
  assert_int_equal(test_driver_counters.last_reginfo_data_path, WMIUPDATE);
  assert_no_violations();
}

static void test_update_guids_adds_a_block(void **state) {
  struct fixture *f = *state;
  test_driver_set_guid_count(f->fdo, 4);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_UPDATE_GUIDS), STATUS_SUCCESS);
  assert_int_equal(instance_count(f->sim, &TEST_EXTRA_GUID), 1);
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &TEST_EXTRA_GUID, buffer, &size), STATUS_SUCCESS);
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, size, "ROOT\\WMISIM\\0000_0", &instance));
  assert_int_equal(*(const ULONG *)instance.data, 9);
  assert_no_violations();
}

static void test_update_guids_removes_a_block_flagged_remove_guid(void **state) {
  struct fixture *f = *state;
  test_driver_set_guid_flags(f->fdo, 2, WMIREG_FLAG_EXPENSIVE | WMIREG_FLAG_REMOVE_GUID);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_UPDATE_GUIDS), STATUS_SUCCESS);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_EXPENSIVE_GUID, &info), STATUS_WMI_GUID_NOT_FOUND);
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_EXPENSIVE_GUID, WMIGUID_QUERY, &block), STATUS_WMI_GUID_NOT_FOUND);
  assert_int_equal(instance_count(f->sim, &TEST_DATA_GUID), 2);
  assert_no_violations();
}

static void test_update_guids_changes_the_instance_count(void **state) {
  struct fixture *f = *state;
  test_driver_set_instances(f->fdo, 5);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_UPDATE_GUIDS), STATUS_SUCCESS);
  assert_int_equal(instance_count(f->sim, &TEST_DATA_GUID), 5);
  char names[8][64];
  assert_int_equal(wmisim_wmi_instance_names(f->sim, &TEST_DATA_GUID, names[0], 64, 8), 5);
  assert_string_equal(names[4], "ROOT\\WMISIM\\0000_4");
  test_driver_set_instances(f->fdo, 1);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_UPDATE_GUIDS), STATUS_SUCCESS);
  assert_int_equal(instance_count(f->sim, &TEST_DATA_GUID), 1);
  assert_no_violations();
}

static void test_update_guids_that_changes_nothing_keeps_collection_enabled(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_EXPENSIVE_GUID, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  assert_int_equal(test_driver_counters.collection_enabled, 1);
  LONG calls = test_driver_counters.enable_calls;
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_UPDATE_GUIDS), STATUS_SUCCESS);
  assert_int_equal(test_driver_counters.enable_calls, calls);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_EXPENSIVE_GUID, &info), STATUS_SUCCESS);
  assert_true(info.collecting);
  wmisim_wmi_close(block);
  assert_int_equal(test_driver_counters.collection_enabled, 0);
  assert_no_violations();
}

static void test_update_guids_of_an_unregistered_device_is_invalid_parameter(void **state) {
  struct fixture *f = *state;
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_DEREGISTER), STATUS_SUCCESS);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_UPDATE_GUIDS), STATUS_INVALID_PARAMETER);
}

/* ---- BLOCK_IRPS ------------------------------------------------------------------------------ */

static void test_block_irps_stops_every_new_request(void **state) {
  struct fixture *f = *state;
  struct wt_irp_count count;
  wt_count_start(f->sim, &count);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_BLOCK_IRPS), STATUS_SUCCESS);
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_DATA_GUID, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  assert_int_equal(wmisim_wmi_query_all(block, &size, buffer), STATUS_WMI_GUID_NOT_FOUND);
  size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "ROOT\\WMISIM\\0000_0", &size, buffer), STATUS_WMI_GUID_NOT_FOUND);
  wmisim_wmi_close(block);
  assert_int_equal(count.system_control_sent, 0);
  wt_count_stop(&count);
  /* Deregistration still works, and sends nothing either. */
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_DEREGISTER), STATUS_SUCCESS);
  assert_no_violations();
}

static void test_block_irps_of_an_unregistered_device_is_invalid_parameter(void **state) {
  struct fixture *f = *state;
  test_driver_config.register_at_start = false;
  f->node = wt_wmilib_device(f->sim);
  assert_int_equal(IoWMIRegistrationControl(wt_fdo(f->node), WMIREG_ACTION_BLOCK_IRPS), STATUS_INVALID_PARAMETER);
}

/* ---- PDO references -------------------------------------------------------------------------- */

static void test_pdo_reference_taken_for_reginfo_ex_is_released(void **state) {
  struct fixture *f = *state;
  PDEVICE_OBJECT pdo = wmisim_device_pdo(f->node);
  LONG_PTR before = references_of(pdo);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_UPDATE_GUIDS), STATUS_SUCCESS);
  assert_int_equal(IoWMIRegistrationControl(f->fdo, WMIREG_ACTION_REREGISTER), STATUS_SUCCESS);
  assert_int_equal(references_of(pdo), before);
  assert_no_violations();
}

/* ---- two providers of one GUID ---------------------------------------------------------------- */

static void test_two_providers_of_one_guid_are_both_served_and_chained(void **state) {
  struct fixture *f = *state;
  wmisim_driver_t *driver = wmisim_driver_find(f->sim, "wmitest");
  wmisim_devnode_t *second = wt_device(f->sim, driver, "ROOT\\WMISIM\\0001");
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_DATA_GUID, &info), STATUS_SUCCESS);
  assert_int_equal(info.provider_count, 2);
  assert_int_equal(info.instance_count, 4);
  unsigned char buffer[4096];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &TEST_DATA_GUID, buffer, &size), STATUS_SUCCESS);
  const WNODE_ALL_DATA *first = (const WNODE_ALL_DATA *)buffer;
  assert_int_not_equal(first->WnodeHeader.Linkage, 0);
  assert_int_equal(first->WnodeHeader.Linkage % 8, 0);
  const WNODE_ALL_DATA *next = (const WNODE_ALL_DATA *)(buffer + first->WnodeHeader.Linkage);
  assert_int_equal(next->WnodeHeader.Linkage, 0);
  assert_true(IsEqualGUID(&next->WnodeHeader.Guid, &TEST_DATA_GUID));
  assert_int_equal(first->WnodeHeader.ProviderId, IoWMIDeviceObjectToProviderId(f->fdo));
  assert_int_equal(next->WnodeHeader.ProviderId, IoWMIDeviceObjectToProviderId(wt_fdo(second)));
  assert_int_equal(wmisim_wnode_count(buffer, size), 4);
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, size, "ROOT\\WMISIM\\0001_1", &instance));
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_DATA_GUID, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "ROOT\\WMISIM\\0001_1", &size, buffer), STATUS_SUCCESS);
  const WNODE_SINGLE_INSTANCE *single = (const WNODE_SINGLE_INSTANCE *)buffer;
  assert_int_equal(single->WnodeHeader.ProviderId, IoWMIDeviceObjectToProviderId(wt_fdo(second)));
  wmisim_wmi_close(block);
  assert_no_violations();
}

static void test_one_of_two_providers_deregistering_leaves_the_other(void **state) {
  struct fixture *f = *state;
  wmisim_driver_t *driver = wmisim_driver_find(f->sim, "wmitest");
  wt_device(f->sim, driver, "ROOT\\WMISIM\\0001");
  assert_int_equal(wmisim_device_remove(f->node), STATUS_SUCCESS);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &TEST_DATA_GUID, &info), STATUS_SUCCESS);
  assert_int_equal(info.provider_count, 1);
  unsigned char buffer[4096];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &TEST_DATA_GUID, buffer, &size), STATUS_SUCCESS);
  assert_int_equal(wmisim_wnode_count(buffer, size), 2);
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, size, "ROOT\\WMISIM\\0001_0", &instance));
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_register_sends_reginfo_ex_with_wmiregister_after_a_size_probe, setup, teardown),
    cmocka_unit_test_setup_teardown(test_register_reports_each_block_with_its_flags, setup, teardown),
    cmocka_unit_test_setup_teardown(test_event_only_block_cannot_be_queried, setup, teardown),
    cmocka_unit_test_setup_teardown(test_driver_without_reginfo_ex_is_registered_through_reginfo, setup_unstarted,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_register_of_a_registered_device_returns_object_name_exists, setup, teardown),
    cmocka_unit_test_setup_teardown(test_unknown_action_returns_invalid_parameter, setup, teardown),
    cmocka_unit_test_setup_teardown(test_registration_control_above_passive_level_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_deregister_of_a_device_never_registered_returns_invalid_parameter,
                                    setup_unstarted, teardown),
    cmocka_unit_test_setup_teardown(test_registration_control_on_a_non_device_is_invalid_parameter, setup, teardown),
    cmocka_unit_test_setup_teardown(test_reregister_asks_again_with_wmiregister, setup, teardown),
    cmocka_unit_test_setup_teardown(test_reregister_of_an_unregistered_device_registers_it, setup_unstarted, teardown),
    cmocka_unit_test_setup_teardown(test_update_guids_asks_with_wmiupdate, setup, teardown),
    cmocka_unit_test_setup_teardown(test_update_guids_adds_a_block, setup, teardown),
    cmocka_unit_test_setup_teardown(test_update_guids_removes_a_block_flagged_remove_guid, setup, teardown),
    cmocka_unit_test_setup_teardown(test_update_guids_changes_the_instance_count, setup, teardown),
    cmocka_unit_test_setup_teardown(test_update_guids_that_changes_nothing_keeps_collection_enabled, setup, teardown),
    cmocka_unit_test_setup_teardown(test_update_guids_of_an_unregistered_device_is_invalid_parameter, setup, teardown),
    cmocka_unit_test_setup_teardown(test_block_irps_stops_every_new_request, setup, teardown),
    cmocka_unit_test_setup_teardown(test_block_irps_of_an_unregistered_device_is_invalid_parameter, setup_unstarted,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_pdo_reference_taken_for_reginfo_ex_is_released, setup, teardown),
    cmocka_unit_test_setup_teardown(test_two_providers_of_one_guid_are_both_served_and_chained, setup, teardown),
    cmocka_unit_test_setup_teardown(test_one_of_two_providers_deregistering_leaves_the_other, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
