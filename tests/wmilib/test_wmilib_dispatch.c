/*
 * test_wmilib_dispatch.c - WmiSystemControl's dispositions and the checks
 * it makes before any callback runs: minor code, ProviderId, GUID, static
 * instance names, instance index, input WNODE size.
 */
#include "wmilib_test.h"

static const UCHAR instance_minors[] = {IRP_MN_QUERY_SINGLE_INSTANCE, IRP_MN_CHANGE_SINGLE_INSTANCE,
                                        IRP_MN_CHANGE_SINGLE_ITEM, IRP_MN_EXECUTE_METHOD};

static LONG callback_calls(void) {
  return wl_record.reginfo.count + wl_record.query.count + wl_record.set_block.count + wl_record.set_item.count +
         wl_record.method.count + wl_record.function_control.count;
}

/* A request for instance `index` of WL_DATA_GUID as `minor` carries it. */
static void *instance_request(struct wl_fixture *f, UCHAR minor, ULONG index, ULONG *size) {
  *size = 128;
  switch (minor) {
  case IRP_MN_CHANGE_SINGLE_ITEM:
    return wl_item(f, &WL_DATA_GUID, *size, index, 1, 4, "abcd");
  case IRP_MN_EXECUTE_METHOD:
    return wl_method(f, &WL_DATA_GUID, *size, index, 1, 4, "abcd");
  default:
    return wl_single(f, &WL_DATA_GUID, *size, index, minor == IRP_MN_CHANGE_SINGLE_INSTANCE ? 8 : 0, "abcdefgh");
  }
}

/* Sends every instance request for instance `index`, after `edit` (if
 * any) changed it, and expects WMILIB itself to fail each with `expected`. */
static void expect_instance_requests_fail(ULONG index, void (*edit)(UCHAR minor, void *wnode), NTSTATUS expected) {
  wl_reset();
  struct wl_fixture f = wl_setup();
  for (size_t i = 0; i < sizeof instance_minors; i++) {
    ULONG size;
    void *wnode = instance_request(&f, instance_minors[i], index, &size);
    if (edit != NULL) edit(instance_minors[i], wnode);
    struct test_result r = wl_send(&f, instance_minors[i], &WL_DATA_GUID, wnode, size);
    assert_wmilib_error(r, expected);
    free(wnode);
  }
  assert_int_equal(callback_calls(), 0);
  wl_teardown(&f);
  assert_no_violations();
}

/* ---- dispositions ------------------------------------------------------------------------ */

static void test_reserved_minor_0x0a_is_not_wmi(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, 256);
  struct test_result r = wl_send(&f, 0x0A, &WL_DATA_GUID, wnode, 256);
  assert_int_equal(wl_record.disposition, IrpNotWmi);
  assert_int_equal(wl_record.returned, STATUS_NOT_SUPPORTED);
  /* passed down to the PDO, which completes it untouched */
  assert_int_equal(r.status, STATUS_NOT_SUPPORTED);
  assert_int_equal(r.returned, STATUS_NOT_SUPPORTED);
  assert_int_equal(callback_calls(), 0);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_minors_above_reginfo_ex_are_not_wmi(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  const UCHAR minors[] = {0x0C, 0x0D, 0x7F, 0xFF};
  for (size_t i = 0; i < sizeof minors; i++) {
    PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, 256);
    struct test_result r = wl_send(&f, minors[i], &WL_DATA_GUID, wnode, 256);
    assert_int_equal(wl_record.disposition, IrpNotWmi);
    assert_int_equal(wl_record.returned, STATUS_NOT_SUPPORTED);
    assert_int_equal(r.status, STATUS_NOT_SUPPORTED);
    free(wnode);
  }
  assert_int_equal(callback_calls(), 0);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_request_for_another_provider_is_forwarded(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, 256);
  /* addressed to the PDO below the driver */
  struct test_result r = wl_send_as(&f, IRP_MN_QUERY_ALL_DATA, f.pdo, (PVOID)&WL_DATA_GUID, wnode, 256);
  assert_int_equal(wl_record.disposition, IrpForward);
  assert_int_equal(wl_record.returned, STATUS_NOT_SUPPORTED);
  assert_int_equal(r.status, STATUS_NOT_SUPPORTED);
  assert_int_equal(r.information, 0);
  assert_int_equal(callback_calls(), 0);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_reginfo_for_another_provider_is_forwarded(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  UCHAR buffer[512] = {0};
  struct test_result r = wl_send_as(&f, IRP_MN_REGINFO_EX, f.pdo, (PVOID)(ULONG_PTR)WMIREGISTER, buffer, sizeof buffer);
  assert_int_equal(wl_record.disposition, IrpForward);
  assert_int_equal(r.status, STATUS_NOT_SUPPORTED);
  assert_int_equal(wl_record.reginfo.count, 0);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_ignoring_irp_forward_is_a_wmiforward_violation(void **state) {
  (void)state;
  wl_reset();
  wl_config.complete_forwarded = true;
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, 256);
  wl_send_as(&f, IRP_MN_QUERY_ALL_DATA, f.pdo, (PVOID)&WL_DATA_GUID, wnode, 256);
  assert_int_equal(wl_record.disposition, IrpForward);
  free(wnode);
  wl_teardown(&f);
  assert_violation("WmiForward", 1);
}

static void test_processed_request_is_completed_by_its_callback(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, 256);
  struct test_result r = wl_send(&f, IRP_MN_QUERY_ALL_DATA, &WL_DATA_GUID, wnode, 256);
  assert_int_equal(wl_record.disposition, IrpProcessed);
  assert_int_equal(wl_record.query.count, 1);
  assert_int_equal(wl_record.returned, STATUS_SUCCESS);
  assert_int_equal(r.returned, STATUS_SUCCESS);
  assert_int_equal(r.status, STATUS_SUCCESS);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_reginfo_is_answered_but_not_completed(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  UCHAR buffer[512] = {0};
  struct test_result r = wl_send(&f, IRP_MN_REGINFO, (const GUID *)(ULONG_PTR)WMIREGISTER, buffer, sizeof buffer);
  assert_int_equal(wl_record.disposition, IrpNotCompleted);
  assert_int_equal(wl_record.reginfo.count, 1);
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_int_equal(r.returned, STATUS_SUCCESS);
  assert_true(r.information > sizeof(WMIREGINFOW));
  wl_teardown(&f);
  assert_no_violations();
}

static void test_disposition_is_set_even_for_a_null_context(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PIRP irp = IoAllocateIrp(1, FALSE);
  assert_non_null(irp);
  IoSetNextIrpStackLocation(irp);
  SYSCTL_IRP_DISPOSITION disposition = IrpProcessed;
  NTSTATUS status = WmiSystemControl(NULL, f.fdo, irp, &disposition);
  assert_int_equal(status, STATUS_INVALID_PARAMETER);
  assert_int_equal(disposition, IrpNotCompleted);
  /* what a driver completing it on IrpNotCompleted passes on */
  assert_int_equal(irp->IoStatus.Status, STATUS_INVALID_PARAMETER);
  assert_int_equal(irp->IoStatus.Information, 0);
  IoFreeIrp(irp);
  wl_teardown(&f);
  assert_violation("InvalidParameter", 1);
}

/* ---- GUIDs ------------------------------------------------------------------------------- */

static void test_unknown_guid_is_completed_with_guid_not_found(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  const UCHAR minors[] = {IRP_MN_QUERY_ALL_DATA, IRP_MN_QUERY_SINGLE_INSTANCE, IRP_MN_CHANGE_SINGLE_INSTANCE,
                          IRP_MN_CHANGE_SINGLE_ITEM, IRP_MN_ENABLE_EVENTS, IRP_MN_DISABLE_EVENTS,
                          IRP_MN_ENABLE_COLLECTION, IRP_MN_DISABLE_COLLECTION, IRP_MN_EXECUTE_METHOD};
  for (size_t i = 0; i < sizeof minors; i++) {
    PWNODE_SINGLE_INSTANCE wnode = wl_single(&f, &WL_UNKNOWN_GUID, 128, 0, 0, NULL);
    struct test_result r = wl_send(&f, minors[i], &WL_UNKNOWN_GUID, wnode, 128);
    assert_wmilib_error(r, STATUS_WMI_GUID_NOT_FOUND);
    free(wnode);
  }
  assert_int_equal(callback_calls(), 0);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_null_data_path_is_an_unknown_guid(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, 256);
  struct test_result r = wl_send(&f, IRP_MN_QUERY_ALL_DATA, NULL, wnode, 256);
  assert_wmilib_error(r, STATUS_WMI_GUID_NOT_FOUND);
  assert_int_equal(callback_calls(), 0);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_request_for_a_block_flagged_for_removal_reaches_the_callback(void **state) {
  (void)state;
  wl_reset();
  wl_config.guids[2].Flags |= WMIREG_FLAG_REMOVE_GUID;
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_INSTANCE wnode = wl_single(&f, &WL_OTHER_GUID, 128, 0, 0, NULL);
  struct test_result r = wl_send(&f, IRP_MN_QUERY_SINGLE_INSTANCE, &WL_OTHER_GUID, wnode, 128);
  /* the callback pages: the driver checks, a request may arrive before the removal */
  assert_int_equal(wl_record.disposition, IrpProcessed);
  assert_int_equal(wl_record.query.count, 1);
  assert_int_equal(wl_record.query.guid_index, 2);
  assert_int_equal(r.status, STATUS_SUCCESS);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

/* ---- instances --------------------------------------------------------------------------- */

static void test_instance_index_out_of_range_is_instance_not_found(void **state) {
  (void)state;
  expect_instance_requests_fail(WL_DATA_INSTANCES, NULL, STATUS_WMI_INSTANCE_NOT_FOUND);
}

static void test_last_instance_index_is_in_range(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  for (size_t i = 0; i < sizeof instance_minors; i++) {
    ULONG size;
    void *wnode = instance_request(&f, instance_minors[i], WL_DATA_INSTANCES - 1, &size);
    struct test_result r = wl_send(&f, instance_minors[i], &WL_DATA_GUID, wnode, size);
    assert_int_equal(wl_record.disposition, IrpProcessed);
    assert_int_equal(r.status, STATUS_SUCCESS);
    free(wnode);
  }
  assert_int_equal(callback_calls(), 4);
  wl_teardown(&f);
  assert_no_violations();
}

static void clear_static_names(UCHAR minor, void *wnode) {
  (void)minor;
  ((WNODE_HEADER *)wnode)->Flags &= ~(ULONG)WNODE_FLAG_STATIC_INSTANCE_NAMES;
}

static void test_dynamic_instance_name_is_instance_not_found(void **state) {
  (void)state;
  expect_instance_requests_fail(0, clear_static_names, STATUS_WMI_INSTANCE_NOT_FOUND);
}

static void test_query_all_of_a_block_without_instances_is_instance_not_found(void **state) {
  (void)state;
  wl_reset();
  wl_config.guids[2].InstanceCount = 0;
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_OTHER_GUID, 256);
  struct test_result r = wl_send(&f, IRP_MN_QUERY_ALL_DATA, &WL_OTHER_GUID, wnode, 256);
  assert_wmilib_error(r, STATUS_WMI_INSTANCE_NOT_FOUND);
  assert_int_equal(wl_record.query.count, 0);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

/* ---- input WNODE sizes ------------------------------------------------------------------- */

/* A request buffer of exactly `size` bytes holding only what fits of a WNODE. */
static void *short_wnode(struct wl_fixture *f, ULONG size, ULONG flags) {
  UCHAR full[128];
  memset(full, 0, sizeof full);
  WNODE_HEADER *header = wl_wnode(f, &WL_DATA_GUID, sizeof full, flags | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  memcpy(full, header, sizeof(WNODE_HEADER));
  free(header);
  ((WNODE_HEADER *)full)->BufferSize = size;
  void *buffer = malloc(size);
  assert_non_null(buffer);
  memcpy(buffer, full, size);
  return buffer;
}

static void test_input_wnode_shorter_than_its_fixed_part_is_invalid(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  static const struct {
    UCHAR minor;
    ULONG flags;
    ULONG fixed;
  } cases[] = {
    {IRP_MN_QUERY_ALL_DATA, WNODE_FLAG_ALL_DATA, FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength)},
    {IRP_MN_QUERY_SINGLE_INSTANCE, WNODE_FLAG_SINGLE_INSTANCE, FIELD_OFFSET(WNODE_SINGLE_INSTANCE, VariableData)},
    {IRP_MN_CHANGE_SINGLE_INSTANCE, WNODE_FLAG_SINGLE_INSTANCE, FIELD_OFFSET(WNODE_SINGLE_INSTANCE, VariableData)},
    {IRP_MN_CHANGE_SINGLE_ITEM, WNODE_FLAG_SINGLE_ITEM, FIELD_OFFSET(WNODE_SINGLE_ITEM, VariableData)},
    {IRP_MN_EXECUTE_METHOD, WNODE_FLAG_METHOD_ITEM, FIELD_OFFSET(WNODE_METHOD_ITEM, VariableData)},
    {IRP_MN_ENABLE_EVENTS, 0, sizeof(WNODE_HEADER)},
    {IRP_MN_DISABLE_COLLECTION, 0, sizeof(WNODE_HEADER)},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ULONG size = cases[i].fixed - 1;
    void *wnode = short_wnode(&f, size, cases[i].flags);
    struct test_result r = wl_send(&f, cases[i].minor, &WL_DATA_GUID, wnode, size);
    assert_wmilib_error(r, STATUS_INVALID_PARAMETER);
    free(wnode);
  }
  assert_int_equal(callback_calls(), 0);
  wl_teardown(&f);
  assert_no_violations();
}

static void point_data_into_the_header(UCHAR minor, void *wnode) {
  ULONG *offset = minor == IRP_MN_CHANGE_SINGLE_ITEM ? &((PWNODE_SINGLE_ITEM)wnode)->DataBlockOffset
                  : minor == IRP_MN_EXECUTE_METHOD   ? &((PWNODE_METHOD_ITEM)wnode)->DataBlockOffset
                                                     : &((PWNODE_SINGLE_INSTANCE)wnode)->DataBlockOffset;
  *offset = sizeof(WNODE_HEADER);
}

static void test_data_block_offset_inside_the_fixed_part_is_invalid(void **state) {
  (void)state;
  expect_instance_requests_fail(0, point_data_into_the_header, STATUS_INVALID_PARAMETER);
}

static void test_set_data_past_the_buffer_is_invalid(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_INSTANCE single = wl_single(&f, &WL_DATA_GUID, 80, 0, 16, "0123456789abcdef");
  single->SizeDataBlock = 17;
  struct test_result r = wl_send(&f, IRP_MN_CHANGE_SINGLE_INSTANCE, &WL_DATA_GUID, single, 80);
  assert_wmilib_error(r, STATUS_INVALID_PARAMETER);
  PWNODE_SINGLE_ITEM item = wl_item(&f, &WL_DATA_GUID, 80, 0, 1, 8, "01234567");
  item->SizeDataItem = 9;
  r = wl_send(&f, IRP_MN_CHANGE_SINGLE_ITEM, &WL_DATA_GUID, item, 80);
  assert_wmilib_error(r, STATUS_INVALID_PARAMETER);
  PWNODE_METHOD_ITEM method = wl_method(&f, &WL_DATA_GUID, 80, 0, 1, 8, "01234567");
  method->SizeDataBlock = 9;
  r = wl_send(&f, IRP_MN_EXECUTE_METHOD, &WL_DATA_GUID, method, 80);
  assert_wmilib_error(r, STATUS_INVALID_PARAMETER);
  assert_int_equal(callback_calls(), 0);
  free(single);
  free(item);
  free(method);
  wl_teardown(&f);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reserved_minor_0x0a_is_not_wmi),
    cmocka_unit_test(test_minors_above_reginfo_ex_are_not_wmi),
    cmocka_unit_test(test_request_for_another_provider_is_forwarded),
    cmocka_unit_test(test_reginfo_for_another_provider_is_forwarded),
    cmocka_unit_test(test_ignoring_irp_forward_is_a_wmiforward_violation),
    cmocka_unit_test(test_processed_request_is_completed_by_its_callback),
    cmocka_unit_test(test_reginfo_is_answered_but_not_completed),
    cmocka_unit_test(test_disposition_is_set_even_for_a_null_context),
    cmocka_unit_test(test_unknown_guid_is_completed_with_guid_not_found),
    cmocka_unit_test(test_null_data_path_is_an_unknown_guid),
    cmocka_unit_test(test_request_for_a_block_flagged_for_removal_reaches_the_callback),
    cmocka_unit_test(test_instance_index_out_of_range_is_instance_not_found),
    cmocka_unit_test(test_last_instance_index_is_in_range),
    cmocka_unit_test(test_dynamic_instance_name_is_instance_not_found),
    cmocka_unit_test(test_query_all_of_a_block_without_instances_is_instance_not_found),
    cmocka_unit_test(test_input_wnode_shorter_than_its_fixed_part_is_invalid),
    cmocka_unit_test(test_data_block_offset_inside_the_fixed_part_is_invalid),
    cmocka_unit_test(test_set_data_past_the_buffer_is_invalid),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
