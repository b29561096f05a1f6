/*
 * test_cm_values.c - values through the Zw routines: each information
 * class and its layout, the buffer-size protocol, the default value,
 * replacing, deleting, enumerating and the limits.
 */
#include "cm_test.h"

#define TEST_KEY CM_SERVICES L"\\cmtest"

static HANDLE test_key(void) {
  HANDLE key;
  assert_int_equal(key_create(&key, NULL, TEST_KEY, 0, NULL), STATUS_SUCCESS);
  return key;
}

static void set_string(HANDLE key, const WCHAR *name, const WCHAR *text) {
  UNICODE_STRING n = cm_us(name), t = cm_us(text);
  assert_int_equal(ZwSetValueKey(key, &n, 0, REG_SZ, t.Buffer, t.MaximumLength), STATUS_SUCCESS);
}

static void partial_information_returns_type_and_data(void **state) {
  (void)state;
  HANDLE key = test_key();
  assert_int_equal(key_set_dword(key, L"Level", 0x1234), STATUS_SUCCESS);
  union {
    KEY_VALUE_PARTIAL_INFORMATION info;
    UCHAR bytes[32];
  } u;
  UNICODE_STRING name = cm_us(L"Level");
  ULONG result;
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValuePartialInformation, &u, sizeof u, &result), STATUS_SUCCESS);
  assert_int_equal(u.info.Type, REG_DWORD);
  assert_int_equal(u.info.DataLength, sizeof(ULONG));
  assert_int_equal(*(ULONG *)u.info.Data, 0x1234);
  assert_int_equal(result, offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data) + sizeof(ULONG));
  ZwClose(key);
}

static void basic_information_returns_type_and_name(void **state) {
  (void)state;
  HANDLE key = test_key();
  set_string(key, L"Name", L"text");
  union {
    KEY_VALUE_BASIC_INFORMATION info;
    UCHAR bytes[64];
  } u;
  UNICODE_STRING name = cm_us(L"name");
  ULONG result;
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValueBasicInformation, &u, sizeof u, &result), STATUS_SUCCESS);
  assert_int_equal(u.info.Type, REG_SZ);
  assert_true(cm_name_is(u.info.Name, u.info.NameLength, L"Name"));
  assert_int_equal(result, offsetof(KEY_VALUE_BASIC_INFORMATION, Name) + 4 * sizeof(WCHAR));
  ZwClose(key);
}

static void full_information_puts_data_after_the_name_aligned_to_4(void **state) {
  (void)state;
  HANDLE key = test_key();
  set_string(key, L"Abc", L"xy");
  union {
    KEY_VALUE_FULL_INFORMATION info;
    UCHAR bytes[64];
  } u;
  UNICODE_STRING name = cm_us(L"Abc");
  ULONG result;
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValueFullInformation, &u, sizeof u, &result), STATUS_SUCCESS);
  ULONG name_end = offsetof(KEY_VALUE_FULL_INFORMATION, Name) + 3 * sizeof(WCHAR); /* 26 */
  assert_int_equal(u.info.DataOffset, 28);
  assert_true(u.info.DataOffset >= name_end);
  assert_int_equal(u.info.DataLength, 3 * sizeof(WCHAR));
  assert_true(cm_name_is(u.info.Name, u.info.NameLength, L"Abc"));
  assert_memory_equal(u.bytes + u.info.DataOffset, L"xy", 3 * sizeof(WCHAR));
  assert_int_equal(result, 28 + 3 * sizeof(WCHAR));
  ZwClose(key);
}

static void align64_classes_align_data_to_8_and_need_an_aligned_buffer(void **state) {
  (void)state;
  HANDLE key = test_key();
  set_string(key, L"Abc", L"xy");
  union {
    KEY_VALUE_FULL_INFORMATION info;
    ULONGLONG align;
    UCHAR bytes[72];
  } u;
  UNICODE_STRING name = cm_us(L"Abc");
  ULONG result;
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValueFullInformationAlign64, &u, 64, &result), STATUS_SUCCESS);
  assert_int_equal(u.info.DataOffset, 32);
  assert_memory_equal(u.bytes + 32, L"xy", 3 * sizeof(WCHAR));
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValueFullInformationAlign64, u.bytes + 4, 64, &result),
                   STATUS_DATATYPE_MISALIGNMENT);
  KEY_VALUE_PARTIAL_INFORMATION_ALIGN64 *partial = (void *)&u;
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValuePartialInformationAlign64, &u, 64, &result), STATUS_SUCCESS);
  assert_int_equal(partial->Type, REG_SZ);
  assert_int_equal(partial->DataLength, 3 * sizeof(WCHAR));
  assert_memory_equal(partial->Data, L"xy", 3 * sizeof(WCHAR));
  assert_int_equal(result, offsetof(KEY_VALUE_PARTIAL_INFORMATION_ALIGN64, Data) + 3 * sizeof(WCHAR));
  ZwClose(key);
}

static void too_small_for_the_fixed_part_writes_nothing(void **state) {
  (void)state;
  HANDLE key = test_key();
  assert_int_equal(key_set_dword(key, L"Level", 5), STATUS_SUCCESS);
  UCHAR buffer[32];
  memset(buffer, 0xAA, sizeof buffer);
  UNICODE_STRING name = cm_us(L"Level");
  ULONG result = 0;
  ULONG needed = offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data) + sizeof(ULONG);
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValuePartialInformation, buffer, 8, &result),
                   STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(result, needed);
  assert_int_equal(buffer[0], 0xAA);
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValuePartialInformation, NULL, 0, &result), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(result, needed);
  ZwClose(key);
}

static void too_small_for_the_data_writes_what_fits(void **state) {
  (void)state;
  HANDLE key = test_key();
  set_string(key, L"Text", L"abcdef");
  union {
    KEY_VALUE_PARTIAL_INFORMATION info;
    UCHAR bytes[64];
  } u;
  memset(&u, 0xAA, sizeof u);
  UNICODE_STRING name = cm_us(L"Text");
  ULONG result = 0;
  ULONG fixed = offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data);
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValuePartialInformation, &u, fixed + 4, &result),
                   STATUS_BUFFER_OVERFLOW);
  assert_int_equal(result, fixed + 7 * sizeof(WCHAR));
  assert_int_equal(u.info.Type, REG_SZ);
  assert_int_equal(u.info.DataLength, 7 * sizeof(WCHAR));
  assert_memory_equal(u.info.Data, L"ab", 4);
  assert_int_equal(u.bytes[fixed + 4], 0xAA);
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValuePartialInformation, &u, result, &result), STATUS_SUCCESS);
  assert_memory_equal(u.info.Data, L"abcdef", 7 * sizeof(WCHAR));
  ZwClose(key);
}

static void missing_value_is_name_not_found(void **state) {
  (void)state;
  HANDLE key = test_key();
  UCHAR buffer[32];
  UNICODE_STRING name = cm_us(L"Absent");
  ULONG result = 99;
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValuePartialInformation, buffer, sizeof buffer, &result),
                   STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(result, 0);
  ZwClose(key);
}

static void null_or_empty_name_is_the_default_value(void **state) {
  (void)state;
  HANDLE key = test_key();
  ULONG value = 42;
  assert_int_equal(ZwSetValueKey(key, NULL, 0, REG_DWORD, &value, sizeof value), STATUS_SUCCESS);
  union {
    KEY_VALUE_FULL_INFORMATION info;
    UCHAR bytes[64];
  } u;
  UNICODE_STRING empty = {0, 0, NULL};
  ULONG result;
  assert_int_equal(ZwQueryValueKey(key, &empty, KeyValueFullInformation, &u, sizeof u, &result), STATUS_SUCCESS);
  assert_int_equal(u.info.NameLength, 0);
  assert_int_equal(*(ULONG *)(u.bytes + u.info.DataOffset), 42);
  ULONG size = sizeof value;
  value = 0;
  assert_int_equal(wmisim_registry_get_value(*state, "HKLM\\System\\CurrentControlSet\\Services\\cmtest", NULL, NULL,
                                             &value, &size),
                   STATUS_SUCCESS);
  assert_int_equal(value, 42);
  assert_int_equal(ZwDeleteValueKey(key, NULL), STATUS_SUCCESS);
  assert_int_equal(ZwQueryValueKey(key, NULL, KeyValueFullInformation, &u, sizeof u, &result),
                   STATUS_OBJECT_NAME_NOT_FOUND);
  ZwClose(key);
}

static void setting_a_value_again_replaces_it_whatever_the_case(void **state) {
  (void)state;
  HANDLE key = test_key();
  assert_int_equal(key_set_dword(key, L"Level", 1), STATUS_SUCCESS);
  set_string(key, L"LEVEL", L"two");
  union {
    KEY_VALUE_BASIC_INFORMATION info;
    UCHAR bytes[64];
  } u;
  ULONG result;
  assert_int_equal(ZwEnumerateValueKey(key, 0, KeyValueBasicInformation, &u, sizeof u, &result), STATUS_SUCCESS);
  assert_int_equal(u.info.Type, REG_SZ);
  assert_true(cm_name_is(u.info.Name, u.info.NameLength, L"Level"));
  assert_int_equal(ZwEnumerateValueKey(key, 1, KeyValueBasicInformation, &u, sizeof u, &result),
                   STATUS_NO_MORE_ENTRIES);
  ZwClose(key);
}

static void deleted_value_is_gone(void **state) {
  (void)state;
  HANDLE key = test_key();
  assert_int_equal(key_set_dword(key, L"Level", 1), STATUS_SUCCESS);
  UNICODE_STRING name = cm_us(L"level");
  assert_int_equal(ZwDeleteValueKey(key, &name), STATUS_SUCCESS);
  assert_int_equal(ZwDeleteValueKey(key, &name), STATUS_OBJECT_NAME_NOT_FOUND);
  ULONG result;
  UCHAR buffer[32];
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValueBasicInformation, buffer, sizeof buffer, &result),
                   STATUS_OBJECT_NAME_NOT_FOUND);
  ZwClose(key);
}

static void values_enumerate_in_creation_order(void **state) {
  (void)state;
  HANDLE key = test_key();
  static const WCHAR *const names[] = {L"zeta", L"Alpha", L"mid"};
  for (ULONG i = 0; i < 3; i++) assert_int_equal(key_set_dword(key, names[i], i), STATUS_SUCCESS);
  union {
    KEY_VALUE_FULL_INFORMATION info;
    UCHAR bytes[64];
  } u;
  ULONG result;
  for (ULONG i = 0; i < 3; i++) {
    assert_int_equal(ZwEnumerateValueKey(key, i, KeyValueFullInformation, &u, sizeof u, &result), STATUS_SUCCESS);
    assert_true(cm_name_is(u.info.Name, u.info.NameLength, names[i]));
    assert_int_equal(*(ULONG *)(u.bytes + u.info.DataOffset), i);
  }
  assert_int_equal(ZwEnumerateValueKey(key, 3, KeyValueFullInformation, &u, sizeof u, &result),
                   STATUS_NO_MORE_ENTRIES);
  ZwClose(key);
}

static void unknown_information_class_is_invalid_parameter(void **state) {
  (void)state;
  HANDLE key = test_key();
  assert_int_equal(key_set_dword(key, L"Level", 1), STATUS_SUCCESS);
  UNICODE_STRING name = cm_us(L"Level");
  UCHAR buffer[64];
  ULONG result;
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValueLayerInformation, buffer, sizeof buffer, &result),
                   STATUS_INVALID_PARAMETER);
  assert_int_equal(ZwEnumerateKey(key, 0, KeyNameInformation, buffer, sizeof buffer, &result),
                   STATUS_INVALID_PARAMETER);
  ZwClose(key);
}

static void value_name_and_data_limits(void **state) {
  (void)state;
  HANDLE key = test_key();
  static WCHAR long_name[16385];
  for (int i = 0; i < 16384; i++) long_name[i] = 'v';
  UNICODE_STRING name = {16384 * sizeof(WCHAR), 16384 * sizeof(WCHAR), long_name};
  ULONG value = 1;
  assert_int_equal(ZwSetValueKey(key, &name, 0, REG_DWORD, &value, sizeof value), STATUS_INVALID_PARAMETER);
  name.Length = name.MaximumLength = 16383 * sizeof(WCHAR);
  assert_int_equal(ZwSetValueKey(key, &name, 0, REG_DWORD, &value, sizeof value), STATUS_SUCCESS);
  static UCHAR big[1024 * 1024 + 1];
  UNICODE_STRING blob = cm_us(L"Blob");
  assert_int_equal(ZwSetValueKey(key, &blob, 0, REG_BINARY, big, sizeof big), STATUS_INSUFFICIENT_RESOURCES);
  assert_int_equal(ZwSetValueKey(key, &blob, 0, REG_BINARY, big, sizeof big - 1), STATUS_SUCCESS);
  ZwClose(key);
}

static void bad_output_pointers_are_reported(void **state) {
  (void)state;
  HANDLE key = test_key();
  assert_int_equal(key_set_dword(key, L"Level", 1), STATUS_SUCCESS);
  UNICODE_STRING name = cm_us(L"Level");
  UCHAR buffer[32];
  ULONG result;
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValuePartialInformation, buffer, sizeof buffer, NULL),
                   STATUS_INVALID_PARAMETER);
  assert_int_equal(ZwQueryValueKey(key, &name, KeyValuePartialInformation, NULL, 16, &result),
                   STATUS_INVALID_PARAMETER);
  assert_int_equal(ZwSetValueKey(key, &name, 0, REG_BINARY, NULL, 4), STATUS_INVALID_PARAMETER);
  UNICODE_STRING odd = {3, 4, (PWSTR)L"ab"};
  assert_int_equal(ZwSetValueKey(key, &odd, 0, REG_BINARY, buffer, 1), STATUS_INVALID_PARAMETER);
  assert_int_equal(cm_violations_of("InvalidParameter"), 4);
  ZwClose(key);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cm_test(partial_information_returns_type_and_data),
      cm_test(basic_information_returns_type_and_name),
      cm_test(full_information_puts_data_after_the_name_aligned_to_4),
      cm_test(align64_classes_align_data_to_8_and_need_an_aligned_buffer),
      cm_test(too_small_for_the_fixed_part_writes_nothing),
      cm_test(too_small_for_the_data_writes_what_fits),
      cm_test(missing_value_is_name_not_found),
      cm_test(null_or_empty_name_is_the_default_value),
      cm_test(setting_a_value_again_replaces_it_whatever_the_case),
      cm_test(deleted_value_is_gone),
      cm_test(values_enumerate_in_creation_order),
      cm_test(unknown_information_class_is_invalid_parameter),
      cm_test(value_name_and_data_limits),
      cm_test(bad_output_pointers_are_reported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
