/*
 * test_cm_keys.c - keys through the Zw routines: creating, opening
 * (absolute and relative), deleting, enumerating, querying, volatility,
 * limits, handles and the PASSIVE_LEVEL rule.
 */
#include "cm_test.h"

#define TEST_KEY CM_SERVICES L"\\cmtest"

static void create_reports_new_then_existing_key(void **state) {
  (void)state;
  HANDLE a, b;
  ULONG disposition = 0;
  assert_int_equal(key_create(&a, NULL, TEST_KEY, 0, &disposition), STATUS_SUCCESS);
  assert_int_equal(disposition, REG_CREATED_NEW_KEY);
  assert_int_equal(key_create(&b, NULL, TEST_KEY, 0, &disposition), STATUS_SUCCESS);
  assert_int_equal(disposition, REG_OPENED_EXISTING_KEY);
  assert_ptr_not_equal(a, b);
  assert_int_equal(ZwClose(a), STATUS_SUCCESS);
  assert_int_equal(ZwClose(b), STATUS_SUCCESS);
}

static void open_missing_key_is_name_not_found(void **state) {
  (void)state;
  HANDLE h = (HANDLE)1;
  assert_int_equal(key_open(&h, NULL, TEST_KEY), STATUS_OBJECT_NAME_NOT_FOUND);
  assert_null(h);
}

static void create_needs_existing_parent(void **state) {
  (void)state;
  HANDLE h;
  assert_int_equal(key_create(&h, NULL, TEST_KEY L"\\a\\b", 0, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(key_open(&h, NULL, TEST_KEY), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void names_match_case_insensitively_and_keep_their_case(void **state) {
  (void)state;
  HANDLE created, opened, services;
  assert_int_equal(key_create(&created, NULL, CM_SERVICES L"\\MixedCase", 0, NULL), STATUS_SUCCESS);
  assert_int_equal(key_open(&opened, NULL, L"\\REGISTRY\\machine\\SYSTEM\\currentcontrolset\\SERVICES\\mixedCASE"),
                   STATUS_SUCCESS);
  assert_int_equal(key_open(&services, NULL, CM_SERVICES), STATUS_SUCCESS);
  union {
    KEY_BASIC_INFORMATION info;
    UCHAR bytes[128];
  } u;
  ULONG result;
  assert_int_equal(ZwEnumerateKey(services, 0, KeyBasicInformation, &u, sizeof u, &result), STATUS_SUCCESS);
  assert_true(cm_name_is(u.info.Name, u.info.NameLength, L"MixedCase"));
  ZwClose(created);
  ZwClose(opened);
  ZwClose(services);
}

static void relative_open_starts_at_root_directory(void **state) {
  (void)state;
  HANDLE services, key, sub, again;
  assert_int_equal(key_open(&services, NULL, CM_SERVICES), STATUS_SUCCESS);
  assert_int_equal(key_create(&key, services, L"cmtest", 0, NULL), STATUS_SUCCESS);
  assert_int_equal(key_create(&sub, key, L"Parameters", 0, NULL), STATUS_SUCCESS);
  assert_int_equal(key_set_dword(sub, L"Level", 7), STATUS_SUCCESS);
  assert_int_equal(key_open(&again, services, L"cmtest\\parameters"), STATUS_SUCCESS);
  assert_int_equal(cm_get_dword(*state, "HKLM\\System\\CurrentControlSet\\Services\\cmtest\\Parameters", "Level"),
                   7);
  ZwClose(again);
  ZwClose(sub);
  ZwClose(key);
  ZwClose(services);
}

static void empty_relative_name_opens_the_root_directory_key(void **state) {
  (void)state;
  HANDLE services, same;
  assert_int_equal(key_open(&services, NULL, CM_SERVICES), STATUS_SUCCESS);
  assert_int_equal(key_open(&same, services, L""), STATUS_SUCCESS);
  assert_ptr_not_equal(services, same);
  assert_int_equal(key_set_dword(same, L"Marker", 1), STATUS_SUCCESS);
  assert_int_equal(cm_get_dword(*state, "HKLM\\SYSTEM\\CurrentControlSet\\Services", "Marker"), 1);
  ZwClose(same);
  ZwClose(services);
}

static void bad_path_syntax_is_rejected(void **state) {
  (void)state;
  HANDLE services, h;
  assert_int_equal(key_open(&h, NULL, L"Registry\\Machine"), STATUS_OBJECT_PATH_SYNTAX_BAD);
  assert_int_equal(key_open(&services, NULL, CM_SERVICES), STATUS_SUCCESS);
  assert_int_equal(key_open(&h, services, L"\\cmtest"), STATUS_OBJECT_PATH_SYNTAX_BAD);
  assert_int_equal(key_open(&h, NULL, L"\\Device\\Null"), STATUS_OBJECT_PATH_NOT_FOUND);
  ZwClose(services);
}

static void closed_handle_is_invalid(void **state) {
  (void)state;
  HANDLE h;
  assert_int_equal(key_create(&h, NULL, TEST_KEY, 0, NULL), STATUS_SUCCESS);
  assert_int_equal(ZwClose(h), STATUS_SUCCESS);
  assert_int_equal(key_set_dword(h, L"x", 1), STATUS_INVALID_HANDLE);
  assert_int_equal(ZwClose(h), STATUS_INVALID_HANDLE);
  assert_int_equal(ZwFlushKey((HANDLE)(uintptr_t)0x7ffc), STATUS_INVALID_HANDLE);
}

static VOID NTAPI thread_that_returns(PVOID context) {
  UNREFERENCED_PARAMETER(context);
}

static void handle_of_another_type_is_type_mismatch(void **state) {
  (void)state;
  HANDLE thread;
  assert_int_equal(PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, thread_that_returns, NULL),
                   STATUS_SUCCESS);
  assert_int_equal(key_set_dword(thread, L"x", 1), STATUS_OBJECT_TYPE_MISMATCH);
  assert_int_equal(ZwFlushKey(thread), STATUS_OBJECT_TYPE_MISMATCH);
  assert_int_equal(ZwClose(thread), STATUS_SUCCESS);
}

static void key_with_subkeys_cannot_be_deleted(void **state) {
  (void)state;
  HANDLE key, sub;
  assert_int_equal(key_create(&key, NULL, TEST_KEY, 0, NULL), STATUS_SUCCESS);
  assert_int_equal(key_create(&sub, key, L"Child", 0, NULL), STATUS_SUCCESS);
  assert_int_equal(ZwDeleteKey(key), STATUS_CANNOT_DELETE);
  assert_int_equal(ZwDeleteKey(sub), STATUS_SUCCESS);
  assert_int_equal(ZwDeleteKey(key), STATUS_SUCCESS);
  ZwClose(sub);
  ZwClose(key);
  HANDLE h;
  assert_int_equal(key_open(&h, NULL, TEST_KEY), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void handles_to_a_deleted_key_answer_key_deleted(void **state) {
  (void)state;
  HANDLE key, other;
  assert_int_equal(key_create(&key, NULL, TEST_KEY, 0, NULL), STATUS_SUCCESS);
  assert_int_equal(key_open(&other, NULL, TEST_KEY), STATUS_SUCCESS);
  assert_int_equal(ZwDeleteKey(key), STATUS_SUCCESS);
  UNICODE_STRING name = cm_us(L"x");
  UCHAR buffer[64];
  ULONG result;
  assert_int_equal(key_set_dword(other, L"x", 1), STATUS_KEY_DELETED);
  assert_int_equal(ZwQueryValueKey(other, &name, KeyValuePartialInformation, buffer, sizeof buffer, &result),
                   STATUS_KEY_DELETED);
  assert_int_equal(ZwEnumerateKey(other, 0, KeyBasicInformation, buffer, sizeof buffer, &result), STATUS_KEY_DELETED);
  assert_int_equal(ZwFlushKey(other), STATUS_KEY_DELETED);
  assert_int_equal(ZwDeleteKey(other), STATUS_KEY_DELETED);
  HANDLE child;
  assert_int_equal(key_create(&child, other, L"Child", 0, NULL), STATUS_KEY_DELETED);
  assert_int_equal(ZwClose(key), STATUS_SUCCESS);
  assert_int_equal(ZwClose(other), STATUS_SUCCESS);
}

static void subkeys_enumerate_sorted_then_no_more_entries(void **state) {
  (void)state;
  HANDLE key, sub;
  assert_int_equal(key_create(&key, NULL, TEST_KEY, 0, NULL), STATUS_SUCCESS);
  static const WCHAR *const created[] = {L"gamma", L"Alpha", L"beta"};
  for (int i = 0; i < 3; i++) {
    assert_int_equal(key_create(&sub, key, created[i], 0, NULL), STATUS_SUCCESS);
    ZwClose(sub);
  }
  static const WCHAR *const expected[] = {L"Alpha", L"beta", L"gamma"};
  union {
    KEY_BASIC_INFORMATION info;
    UCHAR bytes[128];
  } u;
  ULONG result;
  for (ULONG i = 0; i < 3; i++) {
    assert_int_equal(ZwEnumerateKey(key, i, KeyBasicInformation, &u, sizeof u, &result), STATUS_SUCCESS);
    assert_true(cm_name_is(u.info.Name, u.info.NameLength, expected[i]));
    assert_int_equal(result, offsetof(KEY_BASIC_INFORMATION, Name) + u.info.NameLength);
  }
  assert_int_equal(ZwEnumerateKey(key, 3, KeyBasicInformation, &u, sizeof u, &result), STATUS_NO_MORE_ENTRIES);
  ZwClose(key);
}

static void node_information_carries_name_and_class(void **state) {
  (void)state;
  HANDLE key, sub;
  assert_int_equal(key_create(&key, NULL, TEST_KEY, 0, NULL), STATUS_SUCCESS);
  UNICODE_STRING name = cm_us(L"Child"), class_name = cm_us(L"Widget");
  OBJECT_ATTRIBUTES attributes;
  InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE, key, NULL);
  assert_int_equal(ZwCreateKey(&sub, KEY_ALL_ACCESS, &attributes, 0, &class_name, 0, NULL), STATUS_SUCCESS);
  union {
    KEY_NODE_INFORMATION info;
    UCHAR bytes[128];
  } u;
  ULONG result;
  assert_int_equal(ZwEnumerateKey(key, 0, KeyNodeInformation, &u, sizeof u, &result), STATUS_SUCCESS);
  assert_true(cm_name_is(u.info.Name, u.info.NameLength, L"Child"));
  assert_int_equal(u.info.ClassOffset, offsetof(KEY_NODE_INFORMATION, Name) + u.info.NameLength);
  assert_true(cm_name_is((const WCHAR *)(u.bytes + u.info.ClassOffset), u.info.ClassLength, L"Widget"));
  assert_int_equal(result, u.info.ClassOffset + u.info.ClassLength);
  ZwClose(sub);
  ZwClose(key);
}

static void full_information_counts_subkeys_and_values(void **state) {
  (void)state;
  HANDLE key, sub;
  assert_int_equal(key_create(&key, NULL, TEST_KEY, 0, NULL), STATUS_SUCCESS);
  assert_int_equal(key_create(&sub, key, L"LongerName", 0, NULL), STATUS_SUCCESS);
  ZwClose(sub);
  assert_int_equal(key_create(&sub, key, L"Short", 0, NULL), STATUS_SUCCESS);
  ZwClose(sub);
  assert_int_equal(key_set_dword(key, L"Value", 1), STATUS_SUCCESS);
  KEY_FULL_INFORMATION info;
  ULONG result;
  assert_int_equal(ZwQueryKey(key, KeyFullInformation, &info, sizeof info, &result), STATUS_SUCCESS);
  assert_int_equal(info.SubKeys, 2);
  assert_int_equal(info.MaxNameLen, 10 * sizeof(WCHAR));
  assert_int_equal(info.Values, 1);
  assert_int_equal(info.MaxValueNameLen, 5 * sizeof(WCHAR));
  assert_int_equal(info.MaxValueDataLen, sizeof(ULONG));
  assert_int_equal(info.ClassLength, 0);
  assert_int_equal(info.ClassOffset, 0xFFFFFFFFu);
  assert_int_equal(result, offsetof(KEY_FULL_INFORMATION, Class));
  ZwClose(key);
}

static void key_information_buffer_protocol(void **state) {
  (void)state;
  HANDLE key;
  assert_int_equal(key_create(&key, NULL, TEST_KEY, 0, NULL), STATUS_SUCCESS);
  union {
    KEY_BASIC_INFORMATION info;
    UCHAR bytes[64];
  } u;
  ULONG result = 0;
  ULONG fixed = offsetof(KEY_BASIC_INFORMATION, Name), full = fixed + 6 * sizeof(WCHAR);
  assert_int_equal(ZwQueryKey(key, KeyBasicInformation, NULL, 0, &result), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(result, full);
  memset(&u, 0xAA, sizeof u);
  assert_int_equal(ZwQueryKey(key, KeyBasicInformation, &u, fixed + 4, &result), STATUS_BUFFER_OVERFLOW);
  assert_int_equal(result, full);
  assert_int_equal(u.info.NameLength, 6 * sizeof(WCHAR));
  assert_memory_equal(u.info.Name, L"cm", 4);
  assert_int_equal(u.bytes[fixed + 4], 0xAA);
  assert_int_equal(ZwQueryKey(key, KeyNameInformation, &u, sizeof u, &result), STATUS_INVALID_PARAMETER);
  ZwClose(key);
}

static void children_of_a_volatile_key_must_be_volatile(void **state) {
  (void)state;
  HANDLE key, sub;
  assert_int_equal(key_create(&key, NULL, TEST_KEY, REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
  assert_int_equal(key_create(&sub, key, L"Stable", 0, NULL), STATUS_CHILD_MUST_BE_VOLATILE);
  assert_int_equal(key_create(&sub, key, L"Fleeting", REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
  ZwClose(sub);
  ZwClose(key);
}

static void key_name_over_255_characters_is_invalid(void **state) {
  (void)state;
  WCHAR name[300];
  for (int i = 0; i < 256; i++) name[i] = 'k';
  name[256] = 0;
  HANDLE services, h;
  assert_int_equal(key_open(&services, NULL, CM_SERVICES), STATUS_SUCCESS);
  assert_int_equal(key_create(&h, services, name, 0, NULL), STATUS_INVALID_PARAMETER);
  name[255] = 0;
  assert_int_equal(key_create(&h, services, name, 0, NULL), STATUS_SUCCESS);
  ZwClose(h);
  ZwClose(services);
}

static void hive_roots_cannot_be_deleted(void **state) {
  (void)state;
  HANDLE h;
  assert_int_equal(key_open(&h, NULL, L"\\Registry\\Machine\\System"), STATUS_SUCCESS);
  assert_int_equal(ZwDeleteKey(h), STATUS_CANNOT_DELETE);
  ZwClose(h);
}

static void last_write_time_follows_the_simulator_clock(void **state) {
  wmisim_t *sim = *state;
  HANDLE key;
  assert_int_equal(key_create(&key, NULL, TEST_KEY, 0, NULL), STATUS_SUCCESS);
  KEY_BASIC_INFORMATION info;
  ULONG result;
  ZwQueryKey(key, KeyBasicInformation, &info, sizeof info, &result);
  assert_int_equal(info.LastWriteTime.QuadPart, wmisim_clock_now(sim));
  assert_int_equal(wmisim_clock_advance(sim, 10000000), STATUS_SUCCESS);
  assert_int_equal(key_set_dword(key, L"x", 1), STATUS_SUCCESS);
  ZwQueryKey(key, KeyBasicInformation, &info, sizeof info, &result);
  assert_int_equal(info.LastWriteTime.QuadPart, wmisim_clock_now(sim));
  ZwClose(key);
}

static void creating_a_subkey_updates_the_parent_write_time(void **state) {
  wmisim_t *sim = *state;
  HANDLE key, sub;
  assert_int_equal(key_create(&key, NULL, TEST_KEY, 0, NULL), STATUS_SUCCESS);
  assert_int_equal(wmisim_clock_advance(sim, 5000), STATUS_SUCCESS);
  assert_int_equal(key_create(&sub, key, L"Child", 0, NULL), STATUS_SUCCESS);
  KEY_BASIC_INFORMATION info;
  ULONG result;
  ZwQueryKey(key, KeyBasicInformation, &info, sizeof info, &result);
  assert_int_equal(info.LastWriteTime.QuadPart, wmisim_clock_now(sim));
  ZwClose(sub);
  ZwClose(key);
}

static void trees_deeper_than_512_levels_are_refused(void **state) {
  static char path[16 + 512 * 2];
  strcpy(path, "\\Registry");
  size_t n = strlen(path);
  for (int level = 1; level < 512; level++) n += (size_t)sprintf(path + n, "\\k");
  assert_int_equal(wmisim_registry_set_dword(*state, path, "deepest", 1), STATUS_SUCCESS);
  strcat(path, "\\k");
  assert_int_equal(wmisim_registry_set_dword(*state, path, "too deep", 1), STATUS_INVALID_PARAMETER);
}

static void symbolic_link_keys_are_not_supported(void **state) {
  (void)state;
  HANDLE h;
  assert_int_equal(key_create(&h, NULL, TEST_KEY, REG_OPTION_CREATE_LINK, NULL), STATUS_NOT_SUPPORTED);
  assert_true(cm_warned("REG_OPTION_CREATE_LINK"));
  assert_int_equal(key_create(&h, NULL, TEST_KEY, 0x100, NULL), STATUS_INVALID_PARAMETER);
}

static void flush_key_succeeds(void **state) {
  (void)state;
  HANDLE key;
  assert_int_equal(key_open(&key, NULL, CM_SERVICES), STATUS_SUCCESS);
  assert_int_equal(ZwFlushKey(key), STATUS_SUCCESS);
  ZwClose(key);
}

static void open_above_passive(void *context) {
  HANDLE *handle = context;
  key_open(handle, NULL, CM_SERVICES);
}

static void registry_routines_above_passive_level_are_reported(void **state) {
  (void)state;
  HANDLE h = NULL;
  wmisim_call_at_irql(DISPATCH_LEVEL, open_above_passive, &h);
  assert_int_equal(cm_violations_of("IrqlTooHigh"), 1);
  assert_non_null(strstr(cm_record.message[0], "ZwOpenKey"));
  ZwClose(h);
}

static void uninitialised_object_attributes_are_reported(void **state) {
  (void)state;
  UNICODE_STRING name = cm_us(CM_SERVICES);
  OBJECT_ATTRIBUTES attributes = {0};
  attributes.ObjectName = &name;
  HANDLE h;
  assert_int_equal(ZwOpenKey(&h, KEY_READ, &attributes), STATUS_INVALID_PARAMETER);
  assert_int_equal(ZwOpenKey(NULL, KEY_READ, NULL), STATUS_INVALID_PARAMETER);
  assert_int_equal(cm_violations_of("InvalidParameter"), 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cm_test(create_reports_new_then_existing_key),
      cm_test(open_missing_key_is_name_not_found),
      cm_test(create_needs_existing_parent),
      cm_test(names_match_case_insensitively_and_keep_their_case),
      cm_test(relative_open_starts_at_root_directory),
      cm_test(empty_relative_name_opens_the_root_directory_key),
      cm_test(bad_path_syntax_is_rejected),
      cm_test(closed_handle_is_invalid),
      cm_test(handle_of_another_type_is_type_mismatch),
      cm_test(key_with_subkeys_cannot_be_deleted),
      cm_test(handles_to_a_deleted_key_answer_key_deleted),
      cm_test(subkeys_enumerate_sorted_then_no_more_entries),
      cm_test(node_information_carries_name_and_class),
      cm_test(full_information_counts_subkeys_and_values),
      cm_test(key_information_buffer_protocol),
      cm_test(children_of_a_volatile_key_must_be_volatile),
      cm_test(key_name_over_255_characters_is_invalid),
      cm_test(hive_roots_cannot_be_deleted),
      cm_test(last_write_time_follows_the_simulator_clock),
      cm_test(creating_a_subkey_updates_the_parent_write_time),
      cm_test(trees_deeper_than_512_levels_are_refused),
      cm_test(symbolic_link_keys_are_not_supported),
      cm_test(flush_key_succeeds),
      cm_test(registry_routines_above_passive_level_are_reported),
      cm_test(uninitialised_object_attributes_are_reported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
