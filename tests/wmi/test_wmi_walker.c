/*
 * test_wmi_walker.c - the WNODE walking helpers of wmisim/wnode.h: every
 * instance's name and data from each WNODE kind (all data with fixed or
 * variable sizes and static or dynamic names, single instance, single item,
 * method item, a bare event item), chains through Linkage, and refusal of
 * malformed chains.
 */
#include "wmi_test.h"

#define ALIGN8(x) (((x) + 7u) & ~7u)

static _Alignas(8) unsigned char buffer[1024];

static void put_name(ULONG at, const WCHAR *name) {
  USHORT bytes = 0;
  while (name[bytes / 2] != 0) bytes += 2;
  memcpy(buffer + at, &bytes, 2);
  memcpy(buffer + at + 2, name, bytes);
}

static int reset(void **state) {
  (void)state;
  memset(buffer, 0, sizeof buffer);
  return 0;
}

static void test_walks_a_variable_size_all_data_with_dynamic_names(void **state) {
  (void)state;
  PWNODE_ALL_DATA all = (PWNODE_ALL_DATA)buffer;
  ULONG data_at = ALIGN8((ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength) + 16);
  all->WnodeHeader.Flags = WNODE_FLAG_ALL_DATA;
  all->InstanceCount = 2;
  all->OffsetInstanceDataAndLength[0] = (OFFSETINSTANCEDATAANDLENGTH){data_at, 3};
  all->OffsetInstanceDataAndLength[1] = (OFFSETINSTANCEDATAANDLENGTH){data_at + 8, 5};
  memcpy(buffer + data_at, "abc", 3);
  memcpy(buffer + data_at + 8, "defgh", 5);
  ULONG offsets_at = data_at + 16, names_at = offsets_at + 8;
  ULONG offsets[2] = {names_at, names_at + 12};
  memcpy(buffer + offsets_at, offsets, sizeof offsets);
  all->OffsetInstanceNameOffsets = offsets_at;
  put_name(offsets[0], L"One");
  put_name(offsets[1], L"Two");
  all->WnodeHeader.BufferSize = names_at + 24;
  wmisim_wnode_walk_t walk;
  char why[128];
  assert_true(wmisim_wnode_walk_init(&walk, buffer, all->WnodeHeader.BufferSize, why, sizeof why));
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_next(&walk, &instance));
  assert_string_equal(instance.name, "One");
  assert_int_equal(instance.size, 3);
  assert_memory_equal(instance.data, "abc", 3);
  assert_true(wmisim_wnode_next(&walk, &instance));
  assert_string_equal(instance.name, "Two");
  assert_int_equal(instance.index, 1);
  assert_memory_equal(instance.data, "defgh", 5);
  assert_false(wmisim_wnode_next(&walk, &instance));
  assert_true(wmisim_wnode_find(buffer, all->WnodeHeader.BufferSize, "two", &instance));
}

static void test_walks_a_fixed_size_all_data(void **state) {
  (void)state;
  PWNODE_ALL_DATA all = (PWNODE_ALL_DATA)buffer;
  ULONG data_at = ALIGN8((ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength));
  all->WnodeHeader.Flags = WNODE_FLAG_ALL_DATA | WNODE_FLAG_FIXED_INSTANCE_SIZE;
  all->InstanceCount = 3;
  all->DataBlockOffset = data_at;
  all->FixedInstanceSize = 6; /* each instance 8-byte aligned: a stride of 8 */
  for (int i = 0; i < 3; i++) buffer[data_at + 8 * i] = (unsigned char)('x' + i);
  all->WnodeHeader.BufferSize = data_at + 16 + 6;
  assert_int_equal(wmisim_wnode_count(buffer, all->WnodeHeader.BufferSize), 3);
  wmisim_wnode_walk_t walk;
  assert_true(wmisim_wnode_walk_init(&walk, buffer, all->WnodeHeader.BufferSize, NULL, 0));
  wmisim_wnode_instance_t instance;
  for (int i = 0; i < 3; i++) {
    assert_true(wmisim_wnode_next(&walk, &instance));
    assert_int_equal(instance.size, 6);
    assert_int_equal(*(const unsigned char *)instance.data, 'x' + i);
    assert_string_equal(instance.name, "");
  }
}

static void test_walks_a_single_item(void **state) {
  (void)state;
  PWNODE_SINGLE_ITEM item = (PWNODE_SINGLE_ITEM)buffer;
  item->WnodeHeader.Flags = WNODE_FLAG_SINGLE_ITEM | WNODE_FLAG_EVENT_ITEM;
  item->OffsetInstanceName = sizeof *item;
  put_name(sizeof *item, L"Item0");
  item->ItemId = 4;
  item->DataBlockOffset = ALIGN8((ULONG)sizeof *item + 12);
  item->SizeDataItem = 2;
  memcpy(buffer + item->DataBlockOffset, "hi", 2);
  item->WnodeHeader.BufferSize = item->DataBlockOffset + 2;
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, item->WnodeHeader.BufferSize, "Item0", &instance));
  assert_int_equal(instance.size, 2);
  assert_memory_equal(instance.data, "hi", 2);
}

static void test_walks_a_method_item(void **state) {
  (void)state;
  PWNODE_METHOD_ITEM method = (PWNODE_METHOD_ITEM)buffer;
  method->WnodeHeader.Flags = WNODE_FLAG_METHOD_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  method->OffsetInstanceName = sizeof *method;
  put_name(sizeof *method, L"M_3");
  method->InstanceIndex = 3;
  method->MethodId = 9;
  method->DataBlockOffset = ALIGN8((ULONG)sizeof *method + 8);
  method->SizeDataBlock = 4;
  memcpy(buffer + method->DataBlockOffset, "out!", 4);
  method->WnodeHeader.BufferSize = method->DataBlockOffset + 4;
  wmisim_wnode_walk_t walk;
  assert_true(wmisim_wnode_walk_init(&walk, buffer, method->WnodeHeader.BufferSize, NULL, 0));
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_next(&walk, &instance));
  assert_string_equal(instance.name, "M_3");
  assert_int_equal(instance.index, 3);
  assert_memory_equal(instance.data, "out!", 4);
}

static void test_walks_a_chain_through_linkage(void **state) {
  (void)state;
  for (int i = 0; i < 3; i++) {
    PWNODE_SINGLE_INSTANCE single = (PWNODE_SINGLE_INSTANCE)(buffer + 128 * i);
    single->WnodeHeader.Flags = WNODE_FLAG_SINGLE_INSTANCE;
    single->WnodeHeader.Linkage = i < 2 ? 128 : 0;
    single->DataBlockOffset = sizeof *single;
    single->SizeDataBlock = 1;
    buffer[128 * i + sizeof *single] = (unsigned char)('a' + i);
    single->WnodeHeader.BufferSize = sizeof *single + 1;
  }
  assert_int_equal(wmisim_wnode_count(buffer, 3 * 128), 3);
}

static void test_refuses_malformed_chains(void **state) {
  (void)state;
  PWNODE_SINGLE_INSTANCE single = (PWNODE_SINGLE_INSTANCE)buffer;
  single->WnodeHeader.Flags = WNODE_FLAG_SINGLE_INSTANCE;
  single->WnodeHeader.BufferSize = sizeof *single;
  single->DataBlockOffset = sizeof *single;
  wmisim_wnode_walk_t walk;
  char why[128];
  single->WnodeHeader.Linkage = 8; /* backwards into itself */
  assert_false(wmisim_wnode_walk_init(&walk, buffer, sizeof buffer, why, sizeof why));
  single->WnodeHeader.Linkage = 4096; /* past the buffer */
  assert_false(wmisim_wnode_walk_init(&walk, buffer, sizeof buffer, why, sizeof why));
  single->WnodeHeader.Linkage = 0;
  single->SizeDataBlock = 4000; /* data past the WNODE */
  assert_false(wmisim_wnode_walk_init(&walk, buffer, sizeof buffer, why, sizeof why));
  assert_int_equal(wmisim_wnode_count(buffer, sizeof buffer), 0);
  single->SizeDataBlock = 0;
  single->WnodeHeader.BufferSize = 2000; /* past the buffer */
  assert_false(wmisim_wnode_walk_init(&walk, buffer, sizeof buffer, why, sizeof why));
  assert_non_null(strstr(why, "BufferSize"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_walks_a_variable_size_all_data_with_dynamic_names, reset),
    cmocka_unit_test_setup(test_walks_a_fixed_size_all_data, reset),
    cmocka_unit_test_setup(test_walks_a_single_item, reset),
    cmocka_unit_test_setup(test_walks_a_method_item, reset),
    cmocka_unit_test_setup(test_walks_a_chain_through_linkage, reset),
    cmocka_unit_test_setup(test_refuses_malformed_chains, reset),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
