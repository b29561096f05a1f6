/*
 * test_wmilib_complete.c - WmiCompleteRequest: the output WNODE of each
 * request type, WNODE_TOO_SMALL, IoStatus and the status it returns.
 */
#include "wmilib_test.h"

#define ALL_DATA_FIXED ((ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength))
#define ALL_DATA_OFFSET WL_ALIGN8(ALL_DATA_FIXED + WL_DATA_INSTANCES * (ULONG)sizeof(OFFSETINSTANCEDATAANDLENGTH))
#define METHOD_DATA_OFFSET WL_ALIGN8((ULONG)FIELD_OFFSET(WNODE_METHOD_ITEM, VariableData))

static void assert_pattern(const void *data, ULONG guid_index, ULONG instance, ULONG size) {
  for (ULONG k = 0; k < size; k++) assert_int_equal(((const UCHAR *)data)[k], wl_pattern(guid_index, instance, k));
}

/* The WNODE_TOO_SMALL a too-small request must come back as: a success
 * status, the structure's size as Information, only WNODE_FLAG_TOO_SMALL. */
static void assert_too_small(struct test_result r, const void *wnode, ULONG needed) {
  const WNODE_TOO_SMALL *small = wnode;
  assert_int_equal(wl_record.disposition, IrpProcessed);
  assert_int_equal(wl_record.returned, STATUS_SUCCESS);
  assert_int_equal(r.returned, STATUS_SUCCESS);
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_int_equal(r.information, sizeof(WNODE_TOO_SMALL));
  assert_int_equal(small->WnodeHeader.BufferSize, sizeof(WNODE_TOO_SMALL));
  assert_int_equal(small->WnodeHeader.Flags, WNODE_FLAG_TOO_SMALL);
  assert_int_equal(small->SizeNeeded, needed);
}

/* ---- successful answers ------------------------------------------------------------------- */

static void test_query_all_output_has_each_instance_8_byte_aligned(void **state) {
  (void)state;
  wl_reset();
  wl_config.instance_size[0] = 5;
  wl_config.instance_size[1] = 12;
  wl_config.instance_size[2] = 8;
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, 256);
  wnode->WnodeHeader.TimeStamp.QuadPart = 0;
  struct test_result r = wl_send(&f, IRP_MN_QUERY_ALL_DATA, &WL_DATA_GUID, wnode, 256);
  const ULONG offsets[] = {ALL_DATA_OFFSET, ALL_DATA_OFFSET + 8, ALL_DATA_OFFSET + 24};
  const ULONG used = 24 + 8;
  assert_int_equal(r.returned, STATUS_SUCCESS);
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_int_equal(r.information, ALL_DATA_OFFSET + used);
  assert_int_equal(wnode->WnodeHeader.BufferSize, ALL_DATA_OFFSET + used);
  assert_int_equal(wnode->WnodeHeader.Flags, WNODE_FLAG_ALL_DATA);
  assert_int_equal(wnode->WnodeHeader.TimeStamp.QuadPart, wmisim_clock_now(f.sim));
  assert_true(IsEqualGUID(&wnode->WnodeHeader.Guid, &WL_DATA_GUID));
  assert_int_equal(wnode->DataBlockOffset, ALL_DATA_OFFSET);
  assert_int_equal(wnode->InstanceCount, WL_DATA_INSTANCES);
  for (ULONG i = 0; i < WL_DATA_INSTANCES; i++) {
    assert_int_equal(wnode->OffsetInstanceDataAndLength[i].OffsetInstanceData, offsets[i]);
    assert_int_equal(wnode->OffsetInstanceDataAndLength[i].LengthInstanceData, wl_config.instance_size[i]);
    assert_pattern((PUCHAR)wnode + offsets[i], 0, i, wl_config.instance_size[i]);
  }
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_query_all_output_never_claims_a_fixed_instance_size(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, 256);
  wnode->WnodeHeader.Flags |= WNODE_FLAG_FIXED_INSTANCE_SIZE;
  wl_send(&f, IRP_MN_QUERY_ALL_DATA, &WL_DATA_GUID, wnode, 256);
  /* all three instances are 8 bytes: still offsets and lengths */
  assert_int_equal(wnode->WnodeHeader.Flags & WNODE_FLAG_FIXED_INSTANCE_SIZE, 0);
  for (ULONG i = 0; i < WL_DATA_INSTANCES; i++) {
    assert_int_equal(wnode->OffsetInstanceDataAndLength[i].OffsetInstanceData, ALL_DATA_OFFSET + 8 * i);
    assert_int_equal(wnode->OffsetInstanceDataAndLength[i].LengthInstanceData, 8);
  }
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_query_single_output_sets_the_data_size(void **state) {
  (void)state;
  wl_reset();
  wl_config.instance_size[1] = 12;
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_INSTANCE wnode = wl_single(&f, &WL_DATA_GUID, 128, 1, 0, NULL);
  wnode->WnodeHeader.TimeStamp.QuadPart = 0;
  struct test_result r = wl_send(&f, IRP_MN_QUERY_SINGLE_INSTANCE, &WL_DATA_GUID, wnode, 128);
  ULONG end = (ULONG)sizeof *wnode + 12;
  assert_int_equal(r.returned, STATUS_SUCCESS);
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_int_equal(r.information, end);
  assert_int_equal(wnode->WnodeHeader.BufferSize, end);
  assert_int_equal(wnode->WnodeHeader.Flags, WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  assert_int_equal(wnode->WnodeHeader.TimeStamp.QuadPart, wmisim_clock_now(f.sim));
  assert_int_equal(wnode->InstanceIndex, 1);
  assert_int_equal(wnode->DataBlockOffset, sizeof *wnode);
  assert_int_equal(wnode->SizeDataBlock, 12);
  assert_pattern(wnode->VariableData, 0, 1, 12);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_method_output_replaces_the_input(void **state) {
  (void)state;
  wl_reset();
  wl_config.method_output = 6;
  struct wl_fixture f = wl_setup();
  PWNODE_METHOD_ITEM wnode = wl_method(&f, &WL_DATA_GUID, 128, 2, 9, 16, "sixteen in bytes");
  wnode->WnodeHeader.TimeStamp.QuadPart = 0;
  struct test_result r = wl_send(&f, IRP_MN_EXECUTE_METHOD, &WL_DATA_GUID, wnode, 128);
  assert_int_equal(r.returned, STATUS_SUCCESS);
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_int_equal(r.information, METHOD_DATA_OFFSET + 6);
  assert_int_equal(wnode->WnodeHeader.BufferSize, METHOD_DATA_OFFSET + 6);
  assert_int_equal(wnode->WnodeHeader.TimeStamp.QuadPart, wmisim_clock_now(f.sim));
  assert_int_equal(wnode->MethodId, 9);
  assert_int_equal(wnode->InstanceIndex, 2);
  assert_int_equal(wnode->DataBlockOffset, METHOD_DATA_OFFSET);
  assert_int_equal(wnode->SizeDataBlock, 6);
  assert_pattern((PUCHAR)wnode + METHOD_DATA_OFFSET, 0, 2, 6);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_set_output_has_no_bytes(void **state) {
  (void)state;
  wl_reset();
  wl_config.force = true;
  wl_config.status = STATUS_SUCCESS;
  wl_config.used = 40; /* ignored: a set returns nothing */
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_INSTANCE wnode = wl_single(&f, &WL_DATA_GUID, 128, 0, 8, "12345678");
  struct test_result r = wl_send(&f, IRP_MN_CHANGE_SINGLE_INSTANCE, &WL_DATA_GUID, wnode, 128);
  assert_int_equal(r.returned, STATUS_SUCCESS);
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_int_equal(r.information, 0);
  assert_int_equal(wnode->WnodeHeader.BufferSize, 128);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

/* ---- too-small buffers -------------------------------------------------------------------- */

static void test_query_all_too_small_becomes_wnode_too_small(void **state) {
  (void)state;
  wl_reset();
  wl_config.instance_size[1] = 12;
  struct wl_fixture f = wl_setup();
  ULONG used = wl_query_size(0, WL_DATA_INSTANCES);
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, ALL_DATA_OFFSET + used - 1);
  struct test_result r = wl_send(&f, IRP_MN_QUERY_ALL_DATA, &WL_DATA_GUID, wnode, ALL_DATA_OFFSET + used - 1);
  assert_int_equal(wl_record.query.size, used - 1);
  assert_too_small(r, wnode, ALL_DATA_OFFSET + used);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_query_all_too_small_for_the_offsets_still_gives_the_size_needed(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, ALL_DATA_FIXED);
  struct test_result r = wl_send(&f, IRP_MN_QUERY_ALL_DATA, &WL_DATA_GUID, wnode, ALL_DATA_FIXED);
  assert_too_small(r, wnode, ALL_DATA_OFFSET + wl_query_size(0, WL_DATA_INSTANCES));
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_query_single_too_small_becomes_wnode_too_small(void **state) {
  (void)state;
  wl_reset();
  wl_config.instance_size[0] = 24;
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_INSTANCE wnode = wl_single(&f, &WL_DATA_GUID, sizeof *wnode + 23, 0, 0, NULL);
  struct test_result r = wl_send(&f, IRP_MN_QUERY_SINGLE_INSTANCE, &WL_DATA_GUID, wnode, sizeof *wnode + 23);
  assert_too_small(r, wnode, sizeof *wnode + 24);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_method_too_small_becomes_wnode_too_small(void **state) {
  (void)state;
  wl_reset();
  wl_config.method_output = 40;
  struct wl_fixture f = wl_setup();
  PWNODE_METHOD_ITEM wnode = wl_method(&f, &WL_DATA_GUID, METHOD_DATA_OFFSET + 39, 0, 1, 4, "in!!");
  struct test_result r = wl_send(&f, IRP_MN_EXECUTE_METHOD, &WL_DATA_GUID, wnode, METHOD_DATA_OFFSET + 39);
  assert_int_equal(wl_record.method.out_size, 39);
  assert_too_small(r, wnode, METHOD_DATA_OFFSET + 40);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_success_with_more_bytes_than_the_buffer_becomes_wnode_too_small(void **state) {
  (void)state;
  wl_reset();
  wl_config.force = true;
  wl_config.status = STATUS_SUCCESS;
  wl_config.used = 500;
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_INSTANCE wnode = wl_single(&f, &WL_DATA_GUID, 128, 0, 0, NULL);
  struct test_result r = wl_send(&f, IRP_MN_QUERY_SINGLE_INSTANCE, &WL_DATA_GUID, wnode, 128);
  assert_too_small(r, wnode, sizeof *wnode + 500);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_set_too_small_becomes_wmi_set_failure(void **state) {
  (void)state;
  wl_reset();
  wl_config.force = true;
  wl_config.status = STATUS_BUFFER_TOO_SMALL;
  wl_config.used = 16;
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_INSTANCE single = wl_single(&f, &WL_DATA_GUID, 128, 0, 2, "ab");
  struct test_result r = wl_send(&f, IRP_MN_CHANGE_SINGLE_INSTANCE, &WL_DATA_GUID, single, 128);
  assert_int_equal(r.returned, STATUS_WMI_SET_FAILURE);
  assert_int_equal(r.status, STATUS_WMI_SET_FAILURE);
  assert_int_equal(r.information, 0);
  PWNODE_SINGLE_ITEM item = wl_item(&f, &WL_DATA_GUID, 128, 0, 1, 2, "ab");
  r = wl_send(&f, IRP_MN_CHANGE_SINGLE_ITEM, &WL_DATA_GUID, item, 128);
  assert_int_equal(r.returned, STATUS_WMI_SET_FAILURE);
  assert_int_equal(r.status, STATUS_WMI_SET_FAILURE);
  assert_int_equal(r.information, 0);
  free(single);
  free(item);
  wl_teardown(&f);
  assert_no_violations();
}

/* ---- errors ------------------------------------------------------------------------------- */

static void test_callback_error_passes_through_with_no_bytes(void **state) {
  (void)state;
  wl_reset();
  wl_config.force = true;
  wl_config.status = STATUS_WMI_ITEMID_NOT_FOUND;
  wl_config.used = 10;
  struct wl_fixture f = wl_setup();
  PWNODE_METHOD_ITEM wnode = wl_method(&f, &WL_DATA_GUID, 128, 0, 77, 0, NULL);
  struct test_result r = wl_send(&f, IRP_MN_EXECUTE_METHOD, &WL_DATA_GUID, wnode, 128);
  assert_int_equal(wl_record.disposition, IrpProcessed);
  assert_int_equal(r.returned, STATUS_WMI_ITEMID_NOT_FOUND);
  assert_int_equal(r.status, STATUS_WMI_ITEMID_NOT_FOUND);
  assert_int_equal(r.information, 0);
  /* the request WNODE is left as it was */
  assert_int_equal(wnode->WnodeHeader.BufferSize, 128);
  assert_int_equal(wnode->SizeDataBlock, 0);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_query_all_with_a_clobbered_instance_count_fails_without_overrun(void **state) {
  (void)state;
  wl_reset();
  wl_config.scribble_instance_count = true;
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, 256);
  struct test_result r = wl_send(&f, IRP_MN_QUERY_ALL_DATA, &WL_DATA_GUID, wnode, 256);
  assert_int_equal(r.returned, STATUS_UNSUCCESSFUL);
  assert_int_equal(r.status, STATUS_UNSUCCESSFUL);
  assert_int_equal(r.information, 0);
  free(wnode);
  wl_teardown(&f);
  assert_only_violation("WmiMalformedWnode");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_query_all_output_has_each_instance_8_byte_aligned),
    cmocka_unit_test(test_query_all_output_never_claims_a_fixed_instance_size),
    cmocka_unit_test(test_query_single_output_sets_the_data_size),
    cmocka_unit_test(test_method_output_replaces_the_input),
    cmocka_unit_test(test_set_output_has_no_bytes),
    cmocka_unit_test(test_query_all_too_small_becomes_wnode_too_small),
    cmocka_unit_test(test_query_all_too_small_for_the_offsets_still_gives_the_size_needed),
    cmocka_unit_test(test_query_single_too_small_becomes_wnode_too_small),
    cmocka_unit_test(test_method_too_small_becomes_wnode_too_small),
    cmocka_unit_test(test_success_with_more_bytes_than_the_buffer_becomes_wnode_too_small),
    cmocka_unit_test(test_set_too_small_becomes_wmi_set_failure),
    cmocka_unit_test(test_callback_error_passes_through_with_no_bytes),
    cmocka_unit_test(test_query_all_with_a_clobbered_instance_count_fails_without_overrun),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
