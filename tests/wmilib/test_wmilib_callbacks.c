/*
 * test_wmilib_callbacks.c - what each DpWmiXxx callback receives from
 * WmiSystemControl, and what WMILIB answers when the callback is NULL.
 */
#include "wmilib_test.h"

#define ALL_DATA_FIXED ((ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength))

/* ---- DpWmiQueryDataBlock ---------------------------------------------------------------- */

static void test_query_all_passes_every_instance_and_the_space_after_the_offsets(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, 256);
  wl_send(&f, IRP_MN_QUERY_ALL_DATA, &WL_DATA_GUID, wnode, 256);
  ULONG data_offset = WL_ALIGN8(ALL_DATA_FIXED + WL_DATA_INSTANCES * (ULONG)sizeof(OFFSETINSTANCEDATAANDLENGTH));
  const struct wl_call *q = &wl_record.query;
  assert_int_equal(q->count, 1);
  assert_ptr_equal(q->device, f.fdo);
  assert_non_null(q->irp);
  assert_int_equal(q->guid_index, 0);
  assert_int_equal(q->instance_index, 0);
  assert_int_equal(q->instance_count, WL_DATA_INSTANCES);
  /* the lengths are written where the offsets and lengths will be */
  assert_ptr_equal(q->lengths, (PUCHAR)wnode + ALL_DATA_FIXED);
  assert_int_equal(q->size, 256 - data_offset);
  assert_ptr_equal(q->buffer, (PUCHAR)wnode + data_offset);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_query_all_with_no_room_for_data_passes_no_length_array(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  ULONG data_offset = WL_ALIGN8(ALL_DATA_FIXED + WL_DATA_INSTANCES * (ULONG)sizeof(OFFSETINSTANCEDATAANDLENGTH));
  const ULONG sizes[] = {ALL_DATA_FIXED, data_offset - 1, data_offset};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, sizes[i]);
    wl_send(&f, IRP_MN_QUERY_ALL_DATA, &WL_DATA_GUID, wnode, sizes[i]);
    assert_int_equal(wl_record.query.size, 0);
    assert_null(wl_record.query.lengths);
    assert_null(wl_record.query.buffer);
    assert_int_equal(wl_record.query.instance_count, WL_DATA_INSTANCES);
    free(wnode);
  }
  wl_teardown(&f);
  assert_no_violations();
}

static void test_query_single_passes_the_instance_and_the_data_area(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_INSTANCE wnode = wl_single(&f, &WL_DATA_GUID, 200, 2, 0, NULL);
  wnode->DataBlockOffset = 96; /* WMI puts the instance name first */
  wl_send(&f, IRP_MN_QUERY_SINGLE_INSTANCE, &WL_DATA_GUID, wnode, 200);
  const struct wl_call *q = &wl_record.query;
  assert_int_equal(q->count, 1);
  assert_int_equal(q->guid_index, 0);
  assert_int_equal(q->instance_index, 2);
  assert_int_equal(q->instance_count, 1);
  assert_non_null(q->lengths);
  assert_int_equal(q->size, 200 - 96);
  assert_ptr_equal(q->buffer, (PUCHAR)wnode + 96);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_query_single_with_no_room_for_data_passes_no_length_array(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_INSTANCE wnode = wl_single(&f, &WL_DATA_GUID, 96, 1, 0, NULL);
  wnode->DataBlockOffset = 96;
  wl_send(&f, IRP_MN_QUERY_SINGLE_INSTANCE, &WL_DATA_GUID, wnode, 96);
  assert_int_equal(wl_record.query.count, 1);
  assert_int_equal(wl_record.query.instance_index, 1);
  assert_int_equal(wl_record.query.size, 0);
  assert_null(wl_record.query.lengths);
  assert_null(wl_record.query.buffer);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_null_query_callback_is_invalid_device_request(void **state) {
  (void)state;
  wl_reset();
  wl_config.null_query = true;
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA all = wl_all_data(&f, &WL_DATA_GUID, 256);
  struct test_result r = wl_send(&f, IRP_MN_QUERY_ALL_DATA, &WL_DATA_GUID, all, 256);
  assert_wmilib_error(r, STATUS_INVALID_DEVICE_REQUEST);
  PWNODE_SINGLE_INSTANCE single = wl_single(&f, &WL_DATA_GUID, 128, 0, 0, NULL);
  r = wl_send(&f, IRP_MN_QUERY_SINGLE_INSTANCE, &WL_DATA_GUID, single, 128);
  assert_wmilib_error(r, STATUS_INVALID_DEVICE_REQUEST);
  free(all);
  free(single);
  wl_teardown(&f);
  assert_no_violations();
}

/* ---- DpWmiSetDataBlock, DpWmiSetDataItem ------------------------------------------------- */

static void test_set_data_block_passes_the_new_instance_data(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_INSTANCE wnode = wl_single(&f, &WL_DATA_GUID, 128, 1, 12, "new contents");
  struct test_result r = wl_send(&f, IRP_MN_CHANGE_SINGLE_INSTANCE, &WL_DATA_GUID, wnode, 128);
  const struct wl_call *s = &wl_record.set_block;
  assert_int_equal(s->count, 1);
  assert_ptr_equal(s->device, f.fdo);
  assert_int_equal(s->guid_index, 0);
  assert_int_equal(s->instance_index, 1);
  assert_int_equal(s->size, 12);
  assert_ptr_equal(s->buffer, (PUCHAR)wnode + wnode->DataBlockOffset);
  assert_memory_equal(s->data, "new contents", 12);
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_int_equal(r.information, 0);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_set_data_item_passes_the_item_id_and_value(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_ITEM wnode = wl_item(&f, &WL_DATA_GUID, 128, 2, 7, 4, "\x2a\0\0\0");
  struct test_result r = wl_send(&f, IRP_MN_CHANGE_SINGLE_ITEM, &WL_DATA_GUID, wnode, 128);
  const struct wl_call *s = &wl_record.set_item;
  assert_int_equal(s->count, 1);
  assert_int_equal(s->guid_index, 0);
  assert_int_equal(s->instance_index, 2);
  assert_int_equal(s->id, 7);
  assert_int_equal(s->size, 4);
  assert_ptr_equal(s->buffer, (PUCHAR)wnode + wnode->DataBlockOffset);
  assert_memory_equal(s->data, "\x2a\0\0\0", 4);
  assert_int_equal(r.status, STATUS_SUCCESS);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_null_set_data_block_is_read_only(void **state) {
  (void)state;
  wl_reset();
  wl_config.null_set_block = true;
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_INSTANCE wnode = wl_single(&f, &WL_DATA_GUID, 128, 0, 4, "abcd");
  struct test_result r = wl_send(&f, IRP_MN_CHANGE_SINGLE_INSTANCE, &WL_DATA_GUID, wnode, 128);
  assert_wmilib_error(r, STATUS_WMI_READ_ONLY);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_null_set_data_item_is_read_only(void **state) {
  (void)state;
  wl_reset();
  wl_config.null_set_item = true;
  struct wl_fixture f = wl_setup();
  PWNODE_SINGLE_ITEM wnode = wl_item(&f, &WL_DATA_GUID, 128, 0, 1, 4, "abcd");
  struct test_result r = wl_send(&f, IRP_MN_CHANGE_SINGLE_ITEM, &WL_DATA_GUID, wnode, 128);
  assert_wmilib_error(r, STATUS_WMI_READ_ONLY);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

/* ---- DpWmiExecuteMethod ------------------------------------------------------------------ */

static void test_execute_method_passes_in_and_out_sizes_over_one_buffer(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  PWNODE_METHOD_ITEM wnode = wl_method(&f, &WL_DATA_GUID, 160, 1, 3, 6, "input!");
  wl_send(&f, IRP_MN_EXECUTE_METHOD, &WL_DATA_GUID, wnode, 160);
  const struct wl_call *m = &wl_record.method;
  assert_int_equal(m->count, 1);
  assert_int_equal(m->guid_index, 0);
  assert_int_equal(m->instance_index, 1);
  assert_int_equal(m->id, 3);
  assert_int_equal(m->size, 6);
  assert_int_equal(m->out_size, 160 - WL_ALIGN8((ULONG)FIELD_OFFSET(WNODE_METHOD_ITEM, VariableData)));
  assert_memory_equal(m->data, "input!", 6);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_null_execute_method_is_invalid_device_request(void **state) {
  (void)state;
  wl_reset();
  wl_config.null_method = true;
  struct wl_fixture f = wl_setup();
  PWNODE_METHOD_ITEM wnode = wl_method(&f, &WL_DATA_GUID, 128, 0, 1, 0, NULL);
  struct test_result r = wl_send(&f, IRP_MN_EXECUTE_METHOD, &WL_DATA_GUID, wnode, 128);
  assert_wmilib_error(r, STATUS_INVALID_DEVICE_REQUEST);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

/* ---- DpWmiFunctionControl ---------------------------------------------------------------- */

static void expect_function_control(struct wl_fixture *f, UCHAR minor, const GUID *guid, ULONG guid_index,
                                    WMIENABLEDISABLECONTROL function, BOOLEAN enable) {
  LONG before = wl_record.function_control.count;
  WNODE_HEADER *wnode = wl_wnode(f, guid, sizeof(WNODE_HEADER), 0);
  struct test_result r = wl_send(f, minor, guid, wnode, sizeof(WNODE_HEADER));
  const struct wl_call *c = &wl_record.function_control;
  assert_int_equal(c->count, before + 1);
  assert_int_equal(c->guid_index, guid_index);
  assert_int_equal(c->function, function);
  assert_int_equal(c->enable, enable);
  assert_int_equal(wl_record.disposition, IrpProcessed);
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_int_equal(r.information, 0);
  free(wnode);
}

static void test_enable_and_disable_events_call_function_control_for_events(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  expect_function_control(&f, IRP_MN_ENABLE_EVENTS, &WL_EVENT_GUID, 1, WmiEventControl, TRUE);
  expect_function_control(&f, IRP_MN_DISABLE_EVENTS, &WL_EVENT_GUID, 1, WmiEventControl, FALSE);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_enable_and_disable_collection_call_function_control_for_the_block(void **state) {
  (void)state;
  wl_reset();
  wl_config.guids[2].Flags = WMIREG_FLAG_EXPENSIVE;
  struct wl_fixture f = wl_setup();
  expect_function_control(&f, IRP_MN_ENABLE_COLLECTION, &WL_OTHER_GUID, 2, WmiDataBlockControl, TRUE);
  expect_function_control(&f, IRP_MN_DISABLE_COLLECTION, &WL_OTHER_GUID, 2, WmiDataBlockControl, FALSE);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_null_function_control_succeeds(void **state) {
  (void)state;
  wl_reset();
  wl_config.null_function_control = true;
  struct wl_fixture f = wl_setup();
  const UCHAR minors[] = {IRP_MN_ENABLE_EVENTS, IRP_MN_DISABLE_EVENTS, IRP_MN_ENABLE_COLLECTION,
                          IRP_MN_DISABLE_COLLECTION};
  for (size_t i = 0; i < sizeof minors; i++) {
    WNODE_HEADER *wnode = wl_wnode(&f, &WL_EVENT_GUID, sizeof(WNODE_HEADER), 0);
    struct test_result r = wl_send(&f, minors[i], &WL_EVENT_GUID, wnode, sizeof(WNODE_HEADER));
    assert_wmilib_error(r, STATUS_SUCCESS);
    free(wnode);
  }
  wl_teardown(&f);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_query_all_passes_every_instance_and_the_space_after_the_offsets),
    cmocka_unit_test(test_query_all_with_no_room_for_data_passes_no_length_array),
    cmocka_unit_test(test_query_single_passes_the_instance_and_the_data_area),
    cmocka_unit_test(test_query_single_with_no_room_for_data_passes_no_length_array),
    cmocka_unit_test(test_null_query_callback_is_invalid_device_request),
    cmocka_unit_test(test_set_data_block_passes_the_new_instance_data),
    cmocka_unit_test(test_set_data_item_passes_the_item_id_and_value),
    cmocka_unit_test(test_null_set_data_block_is_read_only),
    cmocka_unit_test(test_null_set_data_item_is_read_only),
    cmocka_unit_test(test_execute_method_passes_in_and_out_sizes_over_one_buffer),
    cmocka_unit_test(test_null_execute_method_is_invalid_device_request),
    cmocka_unit_test(test_enable_and_disable_events_call_function_control_for_events),
    cmocka_unit_test(test_enable_and_disable_collection_call_function_control_for_the_block),
    cmocka_unit_test(test_null_function_control_succeeds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
