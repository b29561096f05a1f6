/*
 * test_wmi_names.c - instance names: static names from a base name plus a
 * counter (per GUID, so two providers never collide) and from the PDO's
 * device instance ID plus "_" and the index; dynamic names supplied by a
 * provider that handles its IRPs without WMILIB, with requests for an
 * unknown name tried on each dynamic provider; and the routines that
 * suggest and look up names (IoWMISuggestInstanceName,
 * IoWMIDeviceObjectToInstanceName, IoWMIAllocateInstanceIds,
 * IoWMIDeviceObjectToProviderId).
 */
#include "wmi_test.h"

static const GUID DYNAMIC_GUID = {0x4c0ffee0, 0x4444, 0x4d4d, {0xb0, 0x04, 0, 0, 0, 0, 0, 0x01}};

#define ALIGN8(x) (((x) + 7u) & ~7u)

struct fixture {
  wmisim_t *sim;
  wmisim_driver_t *driver;
};

static struct fixture fixture;

static int setup(void **state) {
  test_driver_reset();
  raw_driver_reset();
  fixture.sim = wt_sim_create();
  fixture.driver = NULL;
  *state = &fixture;
  return 0;
}

static int teardown(void **state) {
  struct fixture *f = *state;
  wmisim_destroy(f->sim);
  return 0;
}

static wmisim_devnode_t *wmilib_device(struct fixture *f, const char *instance_id) {
  if (f->driver == NULL)
    assert_int_equal(wmisim_driver_add(f->sim, "wmitest", test_driver_entry, &f->driver), STATUS_SUCCESS);
  return wt_device(f->sim, f->driver, instance_id);
}

static size_t names_of(struct fixture *f, const GUID *guid, char (*names)[64], size_t capacity) {
  return wmisim_wmi_instance_names(f->sim, guid, names[0], 64, capacity);
}

/* ---- static names ------------------------------------------------------------------------------- */

static void test_pdo_names_are_the_device_instance_id_and_the_index(void **state) {
  struct fixture *f = *state;
  test_driver_config.instances = 3;
  wmilib_device(f, "ROOT\\WMISIM\\0000");
  char names[4][64];
  assert_int_equal(names_of(f, &TEST_DATA_GUID, names, 4), 3);
  assert_string_equal(names[0], "ROOT\\WMISIM\\0000_0");
  assert_string_equal(names[2], "ROOT\\WMISIM\\0000_2");
  assert_no_violations();
}

static void test_base_names_get_a_counter_continued_across_providers(void **state) {
  struct fixture *f = *state;
  test_driver_config.reg_flags = WMIREG_FLAG_INSTANCE_BASENAME;
  test_driver_config.base_name = L"Sensor";
  wmilib_device(f, "ROOT\\WMISIM\\0000");
  wmisim_devnode_t *second = wmilib_device(f, "ROOT\\WMISIM\\0001");
  char names[8][64];
  assert_int_equal(names_of(f, &TEST_DATA_GUID, names, 8), 4);
  assert_string_equal(names[0], "Sensor0");
  assert_string_equal(names[1], "Sensor1");
  assert_string_equal(names[2], "Sensor2");
  assert_string_equal(names[3], "Sensor3");
  /* "Sensor3" is the second provider's instance 1. */
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_DATA_GUID, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  unsigned char buffer[512];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "Sensor3", &size, buffer), STATUS_SUCCESS);
  const WNODE_SINGLE_INSTANCE *single = (const WNODE_SINGLE_INSTANCE *)buffer;
  assert_int_equal(single->InstanceIndex, 1);
  assert_int_equal(single->WnodeHeader.ProviderId, IoWMIDeviceObjectToProviderId(wt_fdo(second)));
  size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "Sensor4", &size, buffer), STATUS_WMI_INSTANCE_NOT_FOUND);
  size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "Sensor01", &size, buffer), STATUS_WMI_INSTANCE_NOT_FOUND);
  wmisim_wmi_close(block);
  assert_no_violations();
}

static void test_static_names_match_without_regard_to_case(void **state) {
  struct fixture *f = *state;
  wmilib_device(f, "ROOT\\WMISIM\\0000");
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &TEST_DATA_GUID, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  unsigned char buffer[512];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "root\\wmisim\\0000_1", &size, buffer), STATUS_SUCCESS);
  assert_int_equal(((const WNODE_SINGLE_INSTANCE *)buffer)->InstanceIndex, 1);
  wmisim_wmi_close(block);
}

static void test_static_names_come_with_query_all_data(void **state) {
  struct fixture *f = *state;
  test_driver_config.instances = 5; /* an odd count: the names array is padded */
  wmilib_device(f, "ROOT\\WMISIM\\0000");
  unsigned char buffer[4096];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &TEST_DATA_GUID, buffer, &size), STATUS_SUCCESS);
  const WNODE_ALL_DATA *all = (const WNODE_ALL_DATA *)buffer;
  assert_true((all->WnodeHeader.Flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) != 0);
  assert_int_not_equal(all->OffsetInstanceNameOffsets, 0);
  assert_int_equal(all->WnodeHeader.BufferSize, size);
  wmisim_wnode_walk_t walk;
  char why[200];
  assert_true(wmisim_wnode_walk_init(&walk, buffer, size, why, sizeof why));
  wmisim_wnode_instance_t instance;
  for (ULONG i = 0; i < 5; i++) {
    assert_true(wmisim_wnode_next(&walk, &instance));
    char expected[64];
    snprintf(expected, sizeof expected, "ROOT\\WMISIM\\0000_%lu", (unsigned long)i);
    assert_string_equal(instance.name, expected);
  }
  assert_false(wmisim_wnode_next(&walk, &instance));
}

/* Queries all data of the test GUID: every instance of the chained
 * WNODE_ALL_DATAs should carry, in order, "<prefix><counter>" from `first` on. */
static void assert_all_data_names(struct fixture *f, const char *prefix, ULONG first, ULONG count) {
  static unsigned char buffer[16384];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &TEST_DATA_GUID, buffer, &size), STATUS_SUCCESS);
  wmisim_wnode_walk_t walk;
  char why[200];
  assert_true(wmisim_wnode_walk_init(&walk, buffer, size, why, sizeof why));
  wmisim_wnode_instance_t instance;
  for (ULONG i = 0; i < count; i++) {
    assert_true(wmisim_wnode_next(&walk, &instance));
    char expected[64];
    snprintf(expected, sizeof expected, "%s%lu", prefix, (unsigned long)(first + i));
    assert_string_equal(instance.name, expected);
  }
  assert_false(wmisim_wnode_next(&walk, &instance));
}

static void test_query_all_data_names_carry_over_decimal_digits(void **state) {
  struct fixture *f = *state;
  test_driver_config.reg_flags = WMIREG_FLAG_INSTANCE_BASENAME;
  test_driver_config.base_name = L"Sensor";
  test_driver_config.instances = 7;
  wmilib_device(f, "ROOT\\WMISIM\\0000");
  test_driver_config.instances = 105; /* Sensor7 .. Sensor111: 9 -> 10 and 99 -> 100 */
  wmilib_device(f, "ROOT\\WMISIM\\0001");
  assert_all_data_names(f, "Sensor", 0, 112);
  assert_no_violations();
}

/* "S0" .. "S100": names of 4, 6 and 8 bytes, each whole and followed by
 * zeros to its 8-byte boundary. */
static void test_query_all_data_short_names_are_whole_and_padded_with_zeros(void **state) {
  struct fixture *f = *state;
  test_driver_config.reg_flags = WMIREG_FLAG_INSTANCE_BASENAME;
  test_driver_config.base_name = L"S";
  test_driver_config.instances = 101;
  wmilib_device(f, "ROOT\\WMISIM\\0000");
  assert_all_data_names(f, "S", 0, 101);
  static unsigned char buffer[16384];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &TEST_DATA_GUID, buffer, &size), STATUS_SUCCESS);
  const WNODE_ALL_DATA *all = (const WNODE_ALL_DATA *)buffer;
  for (ULONG i = 0; i < all->InstanceCount; i++) {
    ULONG name_at;
    memcpy(&name_at, buffer + all->OffsetInstanceNameOffsets + i * sizeof(ULONG), sizeof name_at);
    USHORT bytes;
    memcpy(&bytes, buffer + name_at, sizeof bytes);
    assert_int_equal(bytes, (i < 10 ? 2 : i < 100 ? 3 : 4) * sizeof(WCHAR));
    for (ULONG at = name_at + 2 + bytes; at < ALIGN8(name_at + 2 + bytes); at++) assert_int_equal(buffer[at], 0);
  }
  assert_no_violations();
}

static void test_query_all_data_pdo_names_carry_over_decimal_digits(void **state) {
  struct fixture *f = *state;
  test_driver_config.instances = 101;
  wmilib_device(f, "ROOT\\WMISIM\\0000");
  assert_all_data_names(f, "ROOT\\WMISIM\\0000_", 0, 101);
  assert_no_violations();
}

/* Static names are rendered on a block's first query of all data and
 * copied afterwards: the second answer is the first, byte for byte, but
 * for the time stamp of the request. */
static void test_query_all_data_answers_again_byte_for_byte(void **state) {
  struct fixture *f = *state;
  test_driver_config.instances = 101;
  wmilib_device(f, "ROOT\\WMISIM\\0000");
  static unsigned char first[16384], second[16384];
  memset(second, 0xCC, sizeof second);
  ULONG first_size = sizeof first, second_size = sizeof second;
  assert_int_equal(wt_query_all(f->sim, &TEST_DATA_GUID, first, &first_size), STATUS_SUCCESS);
  assert_int_equal(wt_query_all(f->sim, &TEST_DATA_GUID, second, &second_size), STATUS_SUCCESS);
  assert_int_equal(second_size, first_size);
  ULONG stamp = (ULONG)FIELD_OFFSET(WNODE_HEADER, TimeStamp), after = stamp + (ULONG)sizeof(LARGE_INTEGER);
  assert_memory_equal(first, second, stamp);
  assert_memory_equal(first + after, second + after, first_size - after);
  assert_no_violations();
}

/* An update registers the block anew: the next answer carries the new
 * names, not those an earlier answer rendered. */
static void test_query_all_data_after_an_update_carries_the_new_names(void **state) {
  struct fixture *f = *state;
  test_driver_config.reg_flags = WMIREG_FLAG_INSTANCE_BASENAME;
  test_driver_config.base_name = L"Sensor";
  test_driver_config.instances = 3;
  wmisim_devnode_t *node = wmilib_device(f, "ROOT\\WMISIM\\0000");
  assert_all_data_names(f, "Sensor", 0, 3);
  test_driver_config.base_name = L"Probe";
  test_driver_set_instances(wt_fdo(node), 4);
  assert_int_equal(IoWMIRegistrationControl(wt_fdo(node), WMIREG_ACTION_UPDATE_GUIDS), STATUS_SUCCESS);
  assert_all_data_names(f, "Probe", 3, 4); /* base-name counters go on per GUID (WMI15) */
  assert_no_violations();
}

/* ---- dynamic names --------------------------------------------------------------------------------- */

/* Each raw device names one instance after its PDO's last digit: "Dyn-0", "Dyn-1". */
static char dynamic_name_of(PDEVICE_OBJECT device) {
  const char *id = wmisim_device_instance_id(wmisim_device_of(device));
  return id[strlen(id) - 1];
}

static NTSTATUS answer_all(PIRP irp, PWNODE_ALL_DATA all, ULONG size, char digit) {
  ULONG data_at = ALIGN8((ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength) + 8);
  ULONG offsets_at = data_at + 8, name_at = offsets_at + 8;
  ULONG end = name_at + 2 + 10;
  if (size < end) return raw_complete(irp, STATUS_BUFFER_TOO_SMALL, 0);
  all->InstanceCount = 1;
  all->DataBlockOffset = data_at;
  all->OffsetInstanceDataAndLength[0] = (OFFSETINSTANCEDATAANDLENGTH){data_at, 4};
  ULONG value = (ULONG)digit;
  memcpy((PUCHAR)all + data_at, &value, 4);
  all->OffsetInstanceNameOffsets = offsets_at;
  memcpy((PUCHAR)all + offsets_at, &name_at, 4);
  USHORT bytes = 10;
  WCHAR name[5] = {'D', 'y', 'n', '-', (WCHAR)digit};
  memcpy((PUCHAR)all + name_at, &bytes, 2);
  memcpy((PUCHAR)all + name_at + 2, name, 10);
  all->WnodeHeader.BufferSize = end;
  return raw_complete(irp, STATUS_SUCCESS, end);
}

static LONG dynamic_single_requests;

static NTSTATUS answer_single(PIRP irp, PWNODE_SINGLE_INSTANCE single, ULONG size, char digit) {
  InterlockedIncrement(&dynamic_single_requests);
  USHORT bytes;
  memcpy(&bytes, (PUCHAR)single + single->OffsetInstanceName, 2);
  const WCHAR *name = (const WCHAR *)((PUCHAR)single + single->OffsetInstanceName + 2);
  if (bytes != 10 || name[0] != 'D' || name[3] != '-' || name[4] != (WCHAR)digit)
    return raw_complete(irp, STATUS_WMI_INSTANCE_NOT_FOUND, 0);
  if (size < single->DataBlockOffset + 4) return raw_complete(irp, STATUS_BUFFER_TOO_SMALL, 0);
  ULONG value = (ULONG)digit;
  memcpy((PUCHAR)single + single->DataBlockOffset, &value, 4);
  single->SizeDataBlock = 4;
  single->WnodeHeader.BufferSize = single->DataBlockOffset + 4;
  return raw_complete(irp, STATUS_SUCCESS, single->WnodeHeader.BufferSize);
}

static NTSTATUS NTAPI dynamic_provider(PDEVICE_OBJECT device, PIRP irp, void *context) {
  (void)context;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  void *buffer = stack->Parameters.WMI.Buffer;
  ULONG size = stack->Parameters.WMI.BufferSize;
  switch (stack->MinorFunction) {
  case IRP_MN_REGINFO:
  case IRP_MN_REGINFO_EX: {
    WMIREGINFOW info = {0};
    unsigned char bytes[sizeof info + sizeof(WMIREGGUIDW)] = {0};
    info.BufferSize = sizeof bytes;
    info.GuidCount = 1;
    memcpy(bytes, &info, sizeof info);
    WMIREGGUIDW g = {DYNAMIC_GUID, 0, 0, {0}};
    memcpy(bytes + sizeof info, &g, sizeof g);
    return raw_answer_reginfo(irp, bytes, sizeof bytes);
  }
  case IRP_MN_QUERY_ALL_DATA:
    return answer_all(irp, buffer, size, dynamic_name_of(device));
  case IRP_MN_QUERY_SINGLE_INSTANCE:
    return answer_single(irp, buffer, size, dynamic_name_of(device));
  default:
    return raw_complete(irp, STATUS_WMI_GUID_NOT_FOUND, 0);
  }
}

static void add_dynamic_providers(struct fixture *f) {
  raw_driver_config.system_control = dynamic_provider;
  wmisim_driver_t *raw;
  assert_int_equal(wmisim_driver_add(f->sim, "wmiraw", raw_driver_entry, &raw), STATUS_SUCCESS);
  wt_device(f->sim, raw, "ROOT\\WMIRAW\\0000");
  wt_device(f->sim, raw, "ROOT\\WMIRAW\\0001");
}

static void test_dynamic_names_come_from_each_provider(void **state) {
  struct fixture *f = *state;
  add_dynamic_providers(f);
  unsigned char buffer[4096];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &DYNAMIC_GUID, buffer, &size), STATUS_SUCCESS);
  assert_int_equal(wmisim_wnode_count(buffer, size), 2);
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, size, "Dyn-0", &instance));
  assert_true(wmisim_wnode_find(buffer, size, "Dyn-1", &instance));
  assert_int_equal(*(const ULONG *)instance.data, '1');
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &DYNAMIC_GUID, &info), STATUS_SUCCESS);
  assert_true(info.dynamic_names);
  assert_int_equal(info.provider_count, 2);
  assert_no_violations();
}

static void test_dynamic_name_request_is_tried_on_each_provider_until_one_has_it(void **state) {
  struct fixture *f = *state;
  add_dynamic_providers(f);
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &DYNAMIC_GUID, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  unsigned char buffer[512];
  ULONG size = sizeof buffer;
  dynamic_single_requests = 0;
  assert_int_equal(wmisim_wmi_query_single(block, "Dyn-1", &size, buffer), STATUS_SUCCESS);
  assert_int_equal(dynamic_single_requests, 2); /* Dyn-0's provider said STATUS_WMI_INSTANCE_NOT_FOUND first */
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, size, "Dyn-1", &instance));
  assert_int_equal(*(const ULONG *)instance.data, '1');
  size = sizeof buffer;
  dynamic_single_requests = 0;
  assert_int_equal(wmisim_wmi_query_single(block, "Dyn-7", &size, buffer), STATUS_WMI_INSTANCE_NOT_FOUND);
  assert_int_equal(dynamic_single_requests, 2);
  wmisim_wmi_close(block);
  assert_no_violations();
}

/* ---- routines for drivers ---------------------------------------------------------------------- */

static void assert_unicode(const UNICODE_STRING *s, const char *expected) {
  char text[256];
  size_t i = 0;
  for (; i < s->Length / 2u && i + 1 < sizeof text; i++) text[i] = (char)s->Buffer[i];
  text[i] = '\0';
  assert_string_equal(text, expected);
  assert_int_equal(s->MaximumLength, s->Length + 2);
}

static void test_suggested_instance_names(void **state) {
  struct fixture *f = *state;
  wmisim_devnode_t *node = wmilib_device(f, "ROOT\\WMISIM\\0000");
  PDEVICE_OBJECT pdo = wmisim_device_pdo(node);
  UNICODE_STRING link;
  RtlInitUnicodeString(&link, L"\\??\\ROOT#WMISIM#0000#{guid}");
  UNICODE_STRING name;
  assert_int_equal(IoWMISuggestInstanceName(pdo, NULL, FALSE, &name), STATUS_SUCCESS);
  assert_unicode(&name, "ROOT\\WMISIM\\0000");
  ExFreePool(name.Buffer);
  assert_int_equal(IoWMISuggestInstanceName(NULL, &link, FALSE, &name), STATUS_SUCCESS);
  assert_unicode(&name, "\\??\\ROOT#WMISIM#0000#{guid}");
  ExFreePool(name.Buffer);
  assert_int_equal(IoWMISuggestInstanceName(pdo, &link, TRUE, &name), STATUS_SUCCESS);
  assert_unicode(&name, "ROOT\\WMISIM\\0000_\\??\\ROOT#WMISIM#0000#{guid}");
  ExFreePool(name.Buffer);
  assert_no_violations();
}

static void test_suggested_name_without_what_it_needs_is_reported(void **state) {
  struct fixture *f = *state;
  wmisim_devnode_t *node = wmilib_device(f, "ROOT\\WMISIM\\0000");
  UNICODE_STRING name;
  assert_int_equal(IoWMISuggestInstanceName(NULL, NULL, FALSE, &name), STATUS_INVALID_PARAMETER);
  assert_int_equal(IoWMISuggestInstanceName(wmisim_device_pdo(node), NULL, TRUE, &name), STATUS_INVALID_PARAMETER);
  assert_only_violations("InvalidParameter", 2);
}

static void test_device_object_to_instance_name(void **state) {
  struct fixture *f = *state;
  wmisim_devnode_t *node = wmilib_device(f, "ROOT\\WMISIM\\0000");
  test_driver_config.register_at_start = false;
  wmisim_devnode_t *unregistered = wmilib_device(f, "ROOT\\WMISIM\\0001");
  PVOID object;
  assert_int_equal(IoWMIOpenBlock((GUID *)&TEST_DATA_GUID, WMIGUID_QUERY, &object), STATUS_SUCCESS);
  UNICODE_STRING name;
  assert_int_equal(IoWMIDeviceObjectToInstanceName(object, wt_fdo(node), &name), STATUS_SUCCESS);
  assert_unicode(&name, "ROOT\\WMISIM\\0000_0");
  ExFreePool(name.Buffer);
  assert_int_equal(IoWMIDeviceObjectToInstanceName(object, wt_fdo(unregistered), &name), STATUS_WMI_INSTANCE_NOT_FOUND);
  ObDereferenceObject(object);
  assert_no_violations();
}

static void test_allocated_instance_ids_are_unique_per_guid(void **state) {
  (void)state;
  ULONG first = 99, second = 99, other = 99;
  assert_int_equal(IoWMIAllocateInstanceIds((GUID *)&DYNAMIC_GUID, 6, &first), STATUS_SUCCESS);
  assert_int_equal(IoWMIAllocateInstanceIds((GUID *)&DYNAMIC_GUID, 2, &second), STATUS_SUCCESS);
  assert_int_equal(second, first + 6);
  assert_int_equal(IoWMIAllocateInstanceIds((GUID *)&TEST_DATA_GUID, 1, &other), STATUS_SUCCESS);
  assert_int_equal(other, 0);
  assert_no_violations();
}

static void allocate_at_dispatch(void *context) {
  ULONG first;
  *(NTSTATUS *)context = IoWMIAllocateInstanceIds((GUID *)&DYNAMIC_GUID, 1, &first);
}

static void test_allocating_instance_ids_above_passive_level_is_reported(void **state) {
  (void)state;
  NTSTATUS status = STATUS_PENDING;
  wmisim_call_at_irql(DISPATCH_LEVEL, allocate_at_dispatch, &status);
  assert_only_violations("IrqlIoPassive5", 1);
}

static void test_provider_id_is_the_one_in_returned_wnodes(void **state) {
  struct fixture *f = *state;
  wmisim_devnode_t *node = wmilib_device(f, "ROOT\\WMISIM\\0000");
  ULONG id = IoWMIDeviceObjectToProviderId(wt_fdo(node));
  assert_int_not_equal(id, 0);
  assert_int_not_equal(id, IoWMIDeviceObjectToProviderId(wmisim_device_pdo(node)));
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &TEST_DATA_GUID, buffer, &size), STATUS_SUCCESS);
  assert_int_equal(((const WNODE_HEADER *)buffer)->ProviderId, id);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_pdo_names_are_the_device_instance_id_and_the_index, setup, teardown),
    cmocka_unit_test_setup_teardown(test_base_names_get_a_counter_continued_across_providers, setup, teardown),
    cmocka_unit_test_setup_teardown(test_static_names_match_without_regard_to_case, setup, teardown),
    cmocka_unit_test_setup_teardown(test_static_names_come_with_query_all_data, setup, teardown),
    cmocka_unit_test_setup_teardown(test_query_all_data_names_carry_over_decimal_digits, setup, teardown),
    cmocka_unit_test_setup_teardown(test_query_all_data_short_names_are_whole_and_padded_with_zeros, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_query_all_data_pdo_names_carry_over_decimal_digits, setup, teardown),
    cmocka_unit_test_setup_teardown(test_query_all_data_answers_again_byte_for_byte, setup, teardown),
    cmocka_unit_test_setup_teardown(test_query_all_data_after_an_update_carries_the_new_names, setup, teardown),
    cmocka_unit_test_setup_teardown(test_dynamic_names_come_from_each_provider, setup, teardown),
    cmocka_unit_test_setup_teardown(test_dynamic_name_request_is_tried_on_each_provider_until_one_has_it, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_suggested_instance_names, setup, teardown),
    cmocka_unit_test_setup_teardown(test_suggested_name_without_what_it_needs_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_device_object_to_instance_name, setup, teardown),
    cmocka_unit_test_setup_teardown(test_allocated_instance_ids_are_unique_per_guid, setup, teardown),
    cmocka_unit_test_setup_teardown(test_allocating_instance_ids_above_passive_level_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_provider_id_is_the_one_in_returned_wnodes, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
