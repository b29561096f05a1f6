/*
 * test_trace_wnode_view.c - how the trace decodes request buffers: each
 * WNODE kind's fields, REGINFO answers, dynamic names, and buffers a
 * driver got wrong, which become a "Problem" instead of a crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmisim.h>

#include "trace/wnode_view.h"

static _Alignas(8) unsigned char buffer[512];

static const char *text_of(const wv_node_t *tree, const char *name) {
  const wv_node_t *leaf = wv_child(tree, name);
  return leaf != NULL && leaf->text != NULL ? leaf->text : "(none)";
}

static wv_node_t *describe(int minor, bool output, size_t size) {
  struct wv_request request = {minor, output, NULL};
  wv_node_t *tree = wv_describe(&request, buffer, size);
  assert_non_null(tree);
  return tree;
}

static WNODE_HEADER *header(ULONG size, ULONG flags) {
  memset(buffer, 0, sizeof buffer);
  WNODE_HEADER *h = (WNODE_HEADER *)buffer;
  h->BufferSize = size;
  h->Flags = flags;
  h->Guid.Data1 = 0x12345678;
  return h;
}

/* A counted UTF-16 name of ASCII text at `offset`; returns the end. */
static size_t put_name(size_t offset, const char *text) {
  USHORT bytes = (USHORT)(strlen(text) * 2);
  memcpy(buffer + offset, &bytes, sizeof bytes);
  for (size_t i = 0; text[i] != '\0'; i++) {
    WCHAR c = (WCHAR)text[i];
    memcpy(buffer + offset + 2 + i * 2, &c, sizeof c);
  }
  return offset + 2 + bytes;
}

static void test_too_small_shows_the_size_needed(void **state) {
  (void)state;
  header(sizeof(WNODE_TOO_SMALL), WNODE_FLAG_TOO_SMALL);
  ((WNODE_TOO_SMALL *)buffer)->SizeNeeded = 4096;
  wv_node_t *tree = describe(IRP_MN_QUERY_ALL_DATA, true, sizeof(WNODE_TOO_SMALL));
  assert_string_equal(text_of(tree, "Type"), "WNODE_TOO_SMALL");
  assert_string_equal(text_of(tree, "SizeNeeded"), "4096");
  assert_string_equal(text_of(tree, "Flags"), "0x00000020 TOO_SMALL");
  wv_free(tree);
}

static void test_reginfo_size_probe_is_recognised(void **state) {
  (void)state;
  memset(buffer, 0, sizeof buffer);
  ULONG needed = 262;
  memcpy(buffer, &needed, sizeof needed);
  wv_node_t *tree = describe(IRP_MN_REGINFO_EX, true, sizeof needed);
  assert_string_equal(text_of(tree, "Type"), "WMIREGINFO size");
  assert_string_equal(text_of(tree, "SizeNeeded"), "262");
  wv_free(tree);
}

static void test_reginfo_request_going_down_is_a_plain_buffer(void **state) {
  (void)state;
  memset(buffer, 0, sizeof buffer);
  wv_node_t *tree = describe(IRP_MN_REGINFO, false, 256);
  assert_string_equal(text_of(tree, "Type"), "buffer");
  assert_string_equal(text_of(tree, "Size"), "256");
  wv_free(tree);
}

static void test_all_data_with_dynamic_names_shows_each_name(void **state) {
  (void)state;
  header(200, WNODE_FLAG_ALL_DATA | WNODE_FLAG_FIXED_INSTANCE_SIZE);
  WNODE_ALL_DATA *all = (WNODE_ALL_DATA *)buffer;
  all->InstanceCount = 2;
  all->FixedInstanceSize = 4;
  all->DataBlockOffset = 72;
  all->OffsetInstanceNameOffsets = 88;
  ULONG offsets[2] = {96, 0};
  offsets[1] = (ULONG)put_name(96, "Disk0");
  put_name(offsets[1], "Disk1");
  memcpy(buffer + 88, offsets, sizeof offsets);
  buffer[72] = 7;
  buffer[80] = 9;
  wv_node_t *tree = describe(IRP_MN_QUERY_ALL_DATA, true, 200);
  const wv_node_t *instances = wv_child(tree, "Instances");
  assert_int_equal(wv_count(instances), 2);
  assert_string_equal(text_of(instances->first, "InstanceName"), "Disk0");
  assert_string_equal(text_of(instances->first, "Data"), "07 00 00 00");
  assert_string_equal(text_of(instances->first->next, "InstanceName"), "Disk1");
  assert_string_equal(text_of(instances->first->next, "Data"), "09 00 00 00");
  wv_free(tree);
}

static void test_instance_data_outside_the_buffer_is_a_problem(void **state) {
  (void)state;
  header(100, WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  WNODE_ALL_DATA *all = (WNODE_ALL_DATA *)buffer;
  all->InstanceCount = 1;
  all->DataBlockOffset = 80;
  all->OffsetInstanceDataAndLength[0].OffsetInstanceData = 80;
  all->OffsetInstanceDataAndLength[0].LengthInstanceData = 4000;
  wv_node_t *tree = describe(IRP_MN_QUERY_ALL_DATA, true, 100);
  assert_string_equal(text_of(tree, "Problem"), "instance 0's data lies outside the buffer");
  wv_free(tree);
}

static void test_instance_name_outside_the_buffer_is_a_problem(void **state) {
  (void)state;
  header(sizeof(WNODE_SINGLE_INSTANCE), WNODE_FLAG_SINGLE_INSTANCE);
  ((WNODE_SINGLE_INSTANCE *)buffer)->OffsetInstanceName = 10000;
  wv_node_t *tree = describe(IRP_MN_QUERY_SINGLE_INSTANCE, false, sizeof(WNODE_SINGLE_INSTANCE));
  assert_string_equal(text_of(tree, "Problem"), "OffsetInstanceName 10000 lies outside the buffer");
  wv_free(tree);
}

static void test_buffer_size_beyond_what_came_back_is_a_problem(void **state) {
  (void)state;
  header(4096, WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  wv_node_t *tree = describe(IRP_MN_QUERY_SINGLE_INSTANCE, true, sizeof(WNODE_SINGLE_INSTANCE));
  assert_string_equal(text_of(tree, "Problem"), "BufferSize 4096 exceeds the 64 bytes returned");
  wv_free(tree);
}

static void test_buffer_shorter_than_a_header_is_shown_as_bytes(void **state) {
  (void)state;
  memset(buffer, 0xAB, 8);
  wv_node_t *tree = describe(IRP_MN_QUERY_ALL_DATA, true, 8);
  assert_string_equal(text_of(tree, "Type"), "buffer");
  assert_string_equal(text_of(tree, "Data"), "AB AB AB AB AB AB AB AB");
  wv_free(tree);
}

static void test_no_bytes_back_is_none(void **state) {
  (void)state;
  wv_node_t *tree = describe(IRP_MN_CHANGE_SINGLE_INSTANCE, true, 0);
  assert_string_equal(text_of(tree, "Type"), "none");
  assert_int_equal(wv_count(tree), 1);
  wv_free(tree);
}

static void test_event_reference_shows_its_target(void **state) {
  (void)state;
  header(sizeof(WNODE_EVENT_REFERENCE), WNODE_FLAG_EVENT_REFERENCE | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  WNODE_EVENT_REFERENCE *reference = (WNODE_EVENT_REFERENCE *)buffer;
  reference->TargetGuid.Data1 = 0xAABBCCDD;
  reference->TargetDataBlockSize = 24;
  reference->TargetInstanceIndex = 3;
  wv_node_t *tree = describe(-1, false, sizeof(WNODE_EVENT_REFERENCE));
  assert_string_equal(text_of(tree, "Type"), "WNODE_EVENT_REFERENCE");
  assert_string_equal(text_of(tree, "TargetGuid"), "{AABBCCDD-0000-0000-0000-000000000000}");
  assert_string_equal(text_of(tree, "TargetDataBlockSize"), "24");
  assert_string_equal(text_of(tree, "TargetInstanceIndex"), "3");
  wv_free(tree);
}

static void test_long_data_is_cut_in_text_but_whole_in_json(void **state) {
  (void)state;
  header(64 + 100, WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  WNODE_SINGLE_INSTANCE *single = (WNODE_SINGLE_INSTANCE *)buffer;
  single->DataBlockOffset = 64;
  single->SizeDataBlock = 100;
  wv_node_t *tree = describe(IRP_MN_QUERY_SINGLE_INSTANCE, true, 64 + 100);
  const wv_node_t *data = wv_child(wv_child(tree, "Instances")->first, "Data");
  assert_int_equal(strlen(data->text), 64 * 3 - 1 + 4);
  assert_string_equal(data->text + 64 * 3 - 1, " ...");
  assert_int_equal(strlen(data->json), 100 * 3 - 1 + 2);
  wv_free(tree);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_too_small_shows_the_size_needed),
    cmocka_unit_test(test_reginfo_size_probe_is_recognised),
    cmocka_unit_test(test_reginfo_request_going_down_is_a_plain_buffer),
    cmocka_unit_test(test_all_data_with_dynamic_names_shows_each_name),
    cmocka_unit_test(test_instance_data_outside_the_buffer_is_a_problem),
    cmocka_unit_test(test_instance_name_outside_the_buffer_is_a_problem),
    cmocka_unit_test(test_buffer_size_beyond_what_came_back_is_a_problem),
    cmocka_unit_test(test_buffer_shorter_than_a_header_is_shown_as_bytes),
    cmocka_unit_test(test_no_bytes_back_is_none),
    cmocka_unit_test(test_event_reference_shows_its_target),
    cmocka_unit_test(test_long_data_is_cut_in_text_but_whole_in_json),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
