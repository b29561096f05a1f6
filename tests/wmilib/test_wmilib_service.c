/*
 * test_wmilib_service.c - WMILIB behind the WMI service: what a consumer
 * observes when WMILIB answers WNODE_TOO_SMALL, a size probe, a missing
 * callback or a failed set, and the instance names WMI derives from
 * WMILIB's registration.
 */
#include "wmilib_test.h"

#include "ob/object.h"

static struct wl_fixture registered(void) {
  wl_config.register_at_start = true;
  return wl_setup();
}

static wmisim_block_t *open_block(struct wl_fixture *f, const GUID *guid) {
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, guid, WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE, &block),
                   STATUS_SUCCESS);
  return block;
}

static void assert_instance(const wmisim_wnode_instance_t *instance, ULONG index, ULONG size) {
  assert_int_equal(instance->size, size);
  for (ULONG k = 0; k < size; k++) assert_int_equal(((const UCHAR *)instance->data)[k], wl_pattern(0, index, k));
}

/* ---- WNODE_TOO_SMALL and WMI's second request ------------------------------------------ */

static void test_query_all_too_small_is_asked_again_and_the_consumer_gets_the_data(void **state) {
  (void)state;
  wl_reset();
  for (ULONG i = 0; i < WL_DATA_INSTANCES; i++) wl_config.instance_size[i] = 600;
  struct wl_fixture f = registered();
  wmisim_block_t *block = open_block(&f, &WL_DATA_GUID);
  static UCHAR buffer[8192];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_all(block, &size, buffer), STATUS_SUCCESS);
  /* the first buffer was too small; WMI asked again with SizeNeeded */
  assert_int_equal(wl_record.query.count, 2);
  assert_true(wl_record.query.size >= wl_query_size(0, WL_DATA_INSTANCES));
  wmisim_wnode_walk_t walk;
  assert_true(wmisim_wnode_walk_init(&walk, buffer, size, NULL, 0));
  wmisim_wnode_instance_t instance;
  for (ULONG i = 0; i < WL_DATA_INSTANCES; i++) {
    assert_true(wmisim_wnode_next(&walk, &instance));
    assert_instance(&instance, i, 600);
  }
  assert_false(wmisim_wnode_next(&walk, &instance));
  wmisim_wmi_close(block);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_query_single_too_small_is_asked_again_and_the_consumer_gets_the_data(void **state) {
  (void)state;
  wl_reset();
  wl_config.instance_size[1] = 3000;
  struct wl_fixture f = registered();
  wmisim_block_t *block = open_block(&f, &WL_DATA_GUID);
  static UCHAR buffer[8192];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, WL_INSTANCE_ID "_1", &size, buffer), STATUS_SUCCESS);
  assert_int_equal(wl_record.query.count, 2);
  assert_int_equal(wl_record.query.instance_index, 1);
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, size, WL_INSTANCE_ID "_1", &instance));
  assert_instance(&instance, 1, 3000);
  wmisim_wmi_close(block);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_method_output_too_small_is_asked_again(void **state) {
  (void)state;
  wl_reset();
  wl_config.method_output = 3000;
  struct wl_fixture f = registered();
  wmisim_block_t *block = open_block(&f, &WL_DATA_GUID);
  static UCHAR out[4096];
  ULONG out_size = 16;
  /* the consumer's buffer is too small: WMI learns the size, the consumer is told */
  assert_int_equal(wmisim_wmi_execute_method(block, WL_INSTANCE_ID "_0", 1, 4, "in!!", &out_size, out),
                   STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(out_size, 3000);
  out_size = sizeof out;
  assert_int_equal(wmisim_wmi_execute_method(block, WL_INSTANCE_ID "_0", 1, 4, "in!!", &out_size, out),
                   STATUS_SUCCESS);
  assert_int_equal(out_size, 3000);
  for (ULONG k = 0; k < 3000; k++) assert_int_equal(out[k], wl_pattern(0, 0, k));
  assert_memory_equal(wl_record.method.data, "in!!", 4);
  wmisim_wmi_close(block);
  wl_teardown(&f);
  assert_no_violations();
}

/* ---- statuses WMILIB sets up reach the consumer ------------------------------------------- */

static void test_consumer_sees_the_status_of_a_missing_callback(void **state) {
  (void)state;
  wl_reset();
  wl_config.null_set_block = true;
  wl_config.null_set_item = true;
  wl_config.null_method = true;
  struct wl_fixture f = registered();
  wmisim_block_t *block = open_block(&f, &WL_DATA_GUID);
  const char *name = WL_INSTANCE_ID "_0";
  assert_int_equal(wmisim_wmi_set_single(block, name, 8, "12345678"), STATUS_WMI_READ_ONLY);
  assert_int_equal(wmisim_wmi_set_item(block, name, 1, 4, "1234"), STATUS_WMI_READ_ONLY);
  ULONG out = 0;
  assert_int_equal(wmisim_wmi_execute_method(block, name, 1, 0, NULL, &out, NULL), STATUS_INVALID_DEVICE_REQUEST);
  wmisim_wmi_close(block);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_consumer_sees_set_failure_for_a_set_too_small(void **state) {
  (void)state;
  wl_reset();
  wl_config.force = true;
  wl_config.status = STATUS_BUFFER_TOO_SMALL;
  wl_config.used = 64;
  struct wl_fixture f = registered();
  wmisim_block_t *block = open_block(&f, &WL_DATA_GUID);
  assert_int_equal(wmisim_wmi_set_single(block, WL_INSTANCE_ID "_2", 2, "ab"), STATUS_WMI_SET_FAILURE);
  assert_int_equal(wl_record.set_block.count, 1);
  wmisim_wmi_close(block);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_opening_an_expensive_block_enables_and_closing_disables_collection(void **state) {
  (void)state;
  wl_reset();
  wl_config.guids[2].Flags = WMIREG_FLAG_EXPENSIVE;
  struct wl_fixture f = registered();
  wmisim_block_t *block = open_block(&f, &WL_OTHER_GUID);
  assert_int_equal(wl_record.function_control.count, 1);
  assert_int_equal(wl_record.function_control.guid_index, 2);
  assert_int_equal(wl_record.function_control.function, WmiDataBlockControl);
  assert_int_equal(wl_record.function_control.enable, TRUE);
  wmisim_wmi_close(block);
  assert_int_equal(wl_record.function_control.count, 2);
  assert_int_equal(wl_record.function_control.enable, FALSE);
  wl_teardown(&f);
  assert_no_violations();
}

/* ---- registration ------------------------------------------------------------------------- */

static void test_registration_probes_the_size_then_reads_the_answer(void **state) {
  (void)state;
  wl_reset();
  wl_config.mof_name = L"AVeryLongMofResourceNameThatPushesTheRegistrationPastTheServicesFirstBufferSize";
  wl_config.instance_size[0] = 8;
  struct wl_fixture f = registered();
  /* WMI's first buffer was too small: a size probe, then the full answer */
  assert_int_equal(wl_record.reginfo.count, 2);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &WL_DATA_GUID, &info), STATUS_SUCCESS);
  assert_int_equal(info.instance_count, WL_DATA_INSTANCES);
  assert_string_equal(info.mof_resource,
                      "AVeryLongMofResourceNameThatPushesTheRegistrationPastTheServicesFirstBufferSize");
  char names[WL_DATA_INSTANCES][64];
  assert_int_equal(wmisim_wmi_instance_names(f.sim, &WL_DATA_GUID, names[0], 64, WL_DATA_INSTANCES),
                   WL_DATA_INSTANCES);
  assert_string_equal(names[2], WL_INSTANCE_ID "_2");
  wl_teardown(&f);
  assert_no_violations();
}

static void test_registration_leaves_the_pdo_references_as_they_were(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  int32_t before = ob_header_of(f.pdo)->references;
  assert_int_equal(IoWMIRegistrationControl(f.fdo, WMIREG_ACTION_REGISTER), STATUS_SUCCESS);
  /* WMILIB took one reference per GUID for REGINFO_EX; WMI dropped them */
  assert_int_equal(ob_header_of(f.pdo)->references, before);
  assert_int_equal(IoWMIRegistrationControl(f.fdo, WMIREG_ACTION_DEREGISTER), STATUS_SUCCESS);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_base_name_registration_names_instances_from_the_base(void **state) {
  (void)state;
  wl_reset();
  wl_config.reg_flags = WMIREG_FLAG_INSTANCE_BASENAME;
  wl_config.base_name = L"WlBase";
  struct wl_fixture f = registered();
  char names[WL_DATA_INSTANCES][64];
  assert_int_equal(wmisim_wmi_instance_names(f.sim, &WL_DATA_GUID, names[0], 64, WL_DATA_INSTANCES),
                   WL_DATA_INSTANCES);
  assert_string_equal(names[0], "WlBase0");
  assert_string_equal(names[2], "WlBase2");
  /* the driver's base-name buffer went back to the pool */
  assert_int_equal(wmisim_pool_usage(f.sim, WL_TAG).blocks, 0);
  wmisim_block_t *block = open_block(&f, &WL_DATA_GUID);
  UCHAR buffer[512];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "WlBase1", &size, buffer), STATUS_SUCCESS);
  assert_int_equal(wl_record.query.instance_index, 1);
  wmisim_wmi_close(block);
  wl_teardown(&f);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_query_all_too_small_is_asked_again_and_the_consumer_gets_the_data),
    cmocka_unit_test(test_query_single_too_small_is_asked_again_and_the_consumer_gets_the_data),
    cmocka_unit_test(test_method_output_too_small_is_asked_again),
    cmocka_unit_test(test_consumer_sees_the_status_of_a_missing_callback),
    cmocka_unit_test(test_consumer_sees_set_failure_for_a_set_too_small),
    cmocka_unit_test(test_opening_an_expensive_block_enables_and_closing_disables_collection),
    cmocka_unit_test(test_registration_probes_the_size_then_reads_the_answer),
    cmocka_unit_test(test_registration_leaves_the_pdo_references_as_they_were),
    cmocka_unit_test(test_base_name_registration_names_instances_from_the_base),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
