/*
 * test_cm_rtl.c - the Rtl registry routines: RtlQueryRegistryValues with
 * QueryRoutine callbacks, DIRECT storage, defaults, flags and RelativeTo
 * bases, and RtlWriteRegistryValue, RtlDeleteRegistryValue,
 * RtlCheckRegistryKey, RtlCreateRegistryKey.
 */
#include "cm_test.h"

#define PARAMETERS "HKLM\\System\\CurrentControlSet\\Services\\rtldrv\\Parameters"

/* ---- a QueryRoutine that records its calls ---------------------------------------------------- */

struct call {
  char name[32];
  ULONG type;
  ULONG length;
  UCHAR data[64];
  void *entry_context;
};

struct calls {
  int count;
  struct call call[8];
  NTSTATUS answer;
};

static void narrow(const WCHAR *wide, char *out, size_t size) {
  size_t i = 0;
  for (; wide != NULL && wide[i] != 0 && i + 1 < size; i++) out[i] = (char)wide[i];
  out[i] = '\0';
}

static NTSTATUS NTAPI record_call(PWSTR ValueName, ULONG ValueType, PVOID ValueData, ULONG ValueLength,
                                  PVOID Context, PVOID EntryContext) {
  struct calls *calls = Context;
  if (calls->count < 8) {
    struct call *c = &calls->call[calls->count];
    narrow(ValueName, c->name, sizeof c->name);
    c->type = ValueType;
    c->length = ValueLength;
    if (ValueData != NULL) memcpy(c->data, ValueData, ValueLength < sizeof c->data ? ValueLength : sizeof c->data);
    c->entry_context = EntryContext;
  }
  calls->count++;
  return calls->answer;
}

static void preset(wmisim_t *sim) {
  assert_int_equal(wmisim_registry_set_dword(sim, PARAMETERS, "Level", 3), STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_set_string(sim, PARAMETERS, "Name", "sensor"), STATUS_SUCCESS);
}

static void set_multi(wmisim_t *sim, const char *name) {
  static const WCHAR multi[] = L"one\0two\0";
  assert_int_equal(wmisim_registry_set_value(sim, PARAMETERS, name, REG_MULTI_SZ, multi, sizeof multi),
                   STATUS_SUCCESS);
}

/* RtlQueryRegistryValues on the test driver's Parameters key. */
static NTSTATUS query_parameters(PRTL_QUERY_REGISTRY_TABLE table, PVOID context) {
  return RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"rtldrv\\Parameters", table, context, NULL);
}

/* ---- RtlQueryRegistryValues ----------------------------------------------------------------- */

static void direct_entries_read_services_parameters(void **state) {
  preset(*state);
  ULONG level = 0;
  WCHAR text[16];
  UNICODE_STRING name = {0, sizeof text, text};
  RTL_QUERY_REGISTRY_TABLE table[3] = {
      {NULL, RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK, L"Level", &level,
       (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE, NULL, 0},
      {NULL, RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK, L"Name", &name,
       (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE, NULL, 0},
      {0}};
  assert_int_equal(query_parameters(table, NULL),
                   STATUS_SUCCESS);
  assert_int_equal(level, 3);
  assert_int_equal(name.Length, 6 * sizeof(WCHAR));
  assert_memory_equal(text, L"sensor", 7 * sizeof(WCHAR));
}

static void defaults_stand_in_for_missing_values(void **state) {
  (void)state;
  assert_int_equal(wmisim_registry_set_dword(*state, PARAMETERS, "Other", 1), STATUS_SUCCESS);
  ULONG level = 0, default_level = 9;
  WCHAR text[16];
  UNICODE_STRING name = {0, sizeof text, text};
  RTL_QUERY_REGISTRY_TABLE table[3] = {
      {NULL, RTL_QUERY_REGISTRY_DIRECT, L"Level", &level, REG_DWORD, &default_level, sizeof default_level},
      {NULL, RTL_QUERY_REGISTRY_DIRECT, L"Name", &name, REG_SZ, (PVOID)L"fallback", 0},
      {0}};
  assert_int_equal(query_parameters(table, NULL),
                   STATUS_SUCCESS);
  assert_int_equal(level, 9);
  assert_int_equal(name.Length, 8 * sizeof(WCHAR));
  assert_memory_equal(text, L"fallback", 9 * sizeof(WCHAR));
}

static void missing_value_without_default_leaves_the_variable(void **state) {
  assert_int_equal(wmisim_registry_set_dword(*state, PARAMETERS, "Other", 1), STATUS_SUCCESS);
  ULONG level = 77;
  RTL_QUERY_REGISTRY_TABLE table[2] = {{NULL, RTL_QUERY_REGISTRY_DIRECT, L"Level", &level, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(query_parameters(table, NULL),
                   STATUS_SUCCESS);
  assert_int_equal(level, 77);
}

static void direct_string_with_null_buffer_is_allocated_from_pool(void **state) {
  wmisim_t *sim = *state;
  preset(sim);
  wmisim_pool_usage_t before = wmisim_pool_usage(sim, 0);
  UNICODE_STRING name = {0, 0, NULL};
  RTL_QUERY_REGISTRY_TABLE table[2] = {
      {NULL, RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK, L"Name", &name,
       (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE, NULL, 0},
      {0}};
  assert_int_equal(query_parameters(table, NULL),
                   STATUS_SUCCESS);
  assert_non_null(name.Buffer);
  assert_int_equal(name.Length, 6 * sizeof(WCHAR));
  assert_int_equal(name.MaximumLength, 7 * sizeof(WCHAR));
  assert_memory_equal(name.Buffer, L"sensor", 7 * sizeof(WCHAR));
  assert_int_equal(wmisim_pool_usage(sim, 0).blocks, before.blocks + 1);
  ExFreePool(name.Buffer);
  assert_int_equal(wmisim_pool_usage(sim, 0).blocks, before.blocks);
}

static void direct_string_too_long_for_the_buffer_is_buffer_too_small(void **state) {
  preset(*state);
  WCHAR text[3];
  UNICODE_STRING name = {0, sizeof text, text};
  RTL_QUERY_REGISTRY_TABLE table[2] = {{NULL, RTL_QUERY_REGISTRY_DIRECT, L"Name", &name, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(query_parameters(table, NULL),
                   STATUS_BUFFER_TOO_SMALL);
}

static void direct_binary_uses_the_signed_size_header(void **state) {
  static const UCHAR blob[6] = {1, 2, 3, 4, 5, 6};
  assert_int_equal(wmisim_registry_set_value(*state, PARAMETERS, "Blob", REG_BINARY, blob, sizeof blob),
                   STATUS_SUCCESS);
  union {
    LONG size;
    UCHAR bytes[16];
  } raw = {-16}, framed = {16}, small = {-4};
  RTL_QUERY_REGISTRY_TABLE table[2] = {{NULL, RTL_QUERY_REGISTRY_DIRECT, L"Blob", &raw, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(query_parameters(table, NULL),
                   STATUS_SUCCESS);
  assert_memory_equal(raw.bytes, blob, sizeof blob);
  table[0].EntryContext = &framed;
  assert_int_equal(query_parameters(table, NULL),
                   STATUS_SUCCESS);
  ULONG header[2];
  memcpy(header, framed.bytes, sizeof header);
  assert_int_equal(header[0], sizeof blob);
  assert_int_equal(header[1], REG_BINARY);
  assert_memory_equal(framed.bytes + 8, blob, sizeof blob);
  table[0].EntryContext = &small;
  assert_int_equal(query_parameters(table, NULL),
                   STATUS_BUFFER_TOO_SMALL);
}

static void typecheck_mismatch_fails_the_query(void **state) {
  preset(*state);
  ULONG level = 0;
  RTL_QUERY_REGISTRY_TABLE table[2] = {{NULL, RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK, L"Name",
                                        &level, (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE, NULL, 0},
                                       {0}};
  assert_int_equal(query_parameters(table, NULL),
                   STATUS_OBJECT_TYPE_MISMATCH);
  assert_int_equal(level, 0);
}

static void required_missing_value_is_name_not_found(void **state) {
  preset(*state);
  struct calls calls = {0};
  RTL_QUERY_REGISTRY_TABLE table[3] = {
      {record_call, RTL_QUERY_REGISTRY_REQUIRED, L"Absent", NULL, REG_NONE, NULL, 0},
      {record_call, 0, L"Level", NULL, REG_NONE, NULL, 0},
      {0}};
  assert_int_equal(query_parameters(table, &calls),
                   STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(calls.count, 0);
}

static void query_routine_gets_name_type_data_and_contexts(void **state) {
  preset(*state);
  struct calls calls = {0};
  int marker;
  RTL_QUERY_REGISTRY_TABLE table[2] = {{record_call, 0, L"Level", &marker, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(query_parameters(table, &calls),
                   STATUS_SUCCESS);
  assert_int_equal(calls.count, 1);
  assert_string_equal(calls.call[0].name, "Level");
  assert_int_equal(calls.call[0].type, REG_DWORD);
  assert_int_equal(calls.call[0].length, sizeof(ULONG));
  assert_int_equal(*(ULONG *)calls.call[0].data, 3);
  assert_ptr_equal(calls.call[0].entry_context, &marker);
}

static void null_name_reports_every_value(void **state) {
  preset(*state);
  struct calls calls = {0};
  RTL_QUERY_REGISTRY_TABLE table[2] = {{record_call, 0, NULL, NULL, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(query_parameters(table, &calls),
                   STATUS_SUCCESS);
  assert_int_equal(calls.count, 2);
  assert_string_equal(calls.call[0].name, "Level");
  assert_string_equal(calls.call[1].name, "Name");
  assert_int_equal(calls.call[1].type, REG_SZ);
}

static void multi_sz_is_reported_string_by_string(void **state) {
  set_multi(*state, "Ids");
  struct calls calls = {0};
  RTL_QUERY_REGISTRY_TABLE table[2] = {{record_call, 0, L"Ids", NULL, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(query_parameters(table, &calls),
                   STATUS_SUCCESS);
  assert_int_equal(calls.count, 2);
  assert_int_equal(calls.call[0].type, REG_SZ);
  assert_int_equal(calls.call[0].length, 4 * sizeof(WCHAR));
  assert_memory_equal(calls.call[0].data, L"one", 4 * sizeof(WCHAR));
  assert_memory_equal(calls.call[1].data, L"two", 4 * sizeof(WCHAR));
  assert_string_equal(calls.call[1].name, "Ids");
}

static void noexpand_reports_multi_sz_whole(void **state) {
  set_multi(*state, "Ids");
  struct calls calls = {0};
  RTL_QUERY_REGISTRY_TABLE table[2] = {{record_call, RTL_QUERY_REGISTRY_NOEXPAND, L"Ids", NULL, REG_NONE, NULL, 0},
                                       {0}};
  assert_int_equal(query_parameters(table, &calls),
                   STATUS_SUCCESS);
  assert_int_equal(calls.count, 1);
  assert_int_equal(calls.call[0].type, REG_MULTI_SZ);
  assert_int_equal(calls.call[0].length, 9 * sizeof(WCHAR));
}

static void direct_multi_sz_keeps_the_zeros_between_strings(void **state) {
  set_multi(*state, "Ids");
  WCHAR text[16];
  UNICODE_STRING ids = {0, sizeof text, text};
  RTL_QUERY_REGISTRY_TABLE table[2] = {
      {NULL, RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_NOEXPAND, L"Ids", &ids, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(query_parameters(table, NULL),
                   STATUS_SUCCESS);
  assert_int_equal(ids.Length, 8 * sizeof(WCHAR));
  assert_memory_equal(text, L"one\0two\0", 9 * sizeof(WCHAR));
  assert_int_equal(cm_record.violations, 0);
}

static void expand_sz_is_expanded_and_reported_without_noexpand(void **state) {
  static const WCHAR path[] = L"%SystemRoot%\\x %Unknown%";
  assert_int_equal(wmisim_registry_set_value(*state, PARAMETERS, "Image", REG_EXPAND_SZ, path, sizeof path),
                   STATUS_SUCCESS);
  struct calls calls = {0};
  RTL_QUERY_REGISTRY_TABLE table[2] = {{record_call, 0, L"Image", NULL, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(query_parameters(table, &calls),
                   STATUS_SUCCESS);
  assert_int_equal(calls.count, 1);
  assert_int_equal(calls.call[0].type, REG_SZ);
  static const WCHAR expanded[] = L"C:\\Windows\\x %Unknown%";
  assert_int_equal(calls.call[0].length, sizeof expanded);
  assert_memory_equal(calls.call[0].data, expanded, sizeof expanded);
  assert_int_equal(cm_violations_of("InvalidParameter"), 1);
  table[0].Flags = RTL_QUERY_REGISTRY_NOEXPAND;
  calls.count = 0;
  assert_int_equal(query_parameters(table, &calls),
                   STATUS_SUCCESS);
  assert_int_equal(calls.call[0].type, REG_EXPAND_SZ);
  assert_memory_equal(calls.call[0].data, path, sizeof path);
}

static void expand_sz_uses_the_callers_environment(void **state) {
  static const WCHAR path[] = L"%Base%\\drv.sys";
  assert_int_equal(wmisim_registry_set_value(*state, PARAMETERS, "Image", REG_EXPAND_SZ, path, sizeof path),
                   STATUS_SUCCESS);
  static const WCHAR environment[] = L"Other=1\0BASE=D:\\Drivers\0";
  WCHAR text[32];
  UNICODE_STRING image = {0, sizeof text, text};
  RTL_QUERY_REGISTRY_TABLE table[2] = {{NULL, RTL_QUERY_REGISTRY_DIRECT, L"Image", &image, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(
      RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"rtldrv\\Parameters", table, NULL, (PVOID)environment),
      STATUS_SUCCESS);
  static const WCHAR expanded[] = L"D:\\Drivers\\drv.sys";
  assert_int_equal(image.Length, sizeof expanded - sizeof(WCHAR));
  assert_memory_equal(text, expanded, sizeof expanded);
}

static void direct_without_typecheck_on_the_user_hive_is_reported(void **state) {
  assert_int_equal(wmisim_registry_set_dword(*state, "HKU\\.DEFAULT\\Software\\drv", "Level", 4), STATUS_SUCCESS);
  ULONG level = 0;
  RTL_QUERY_REGISTRY_TABLE table[2] = {{NULL, RTL_QUERY_REGISTRY_DIRECT, L"Level", &level, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(RtlQueryRegistryValues(RTL_REGISTRY_USER, L"Software\\drv", table, NULL, NULL), STATUS_SUCCESS);
  assert_int_equal(level, 4);
  assert_int_equal(cm_violations_of("InvalidParameter"), 1);
  table[0].Flags |= RTL_QUERY_REGISTRY_TYPECHECK;
  table[0].DefaultType = REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT;
  assert_int_equal(RtlQueryRegistryValues(RTL_REGISTRY_USER, L"Software\\drv", table, NULL, NULL), STATUS_SUCCESS);
  assert_int_equal(cm_violations_of("InvalidParameter"), 1);
}

static void subkey_and_topkey_move_the_focus(void **state) {
  wmisim_t *sim = *state;
  assert_int_equal(wmisim_registry_set_dword(sim, "HKLM\\System\\CurrentControlSet\\Services\\rtldrv", "Start", 3),
                   STATUS_SUCCESS);
  preset(sim);
  ULONG level = 0, start = 0, missing = 5, default_missing = 6;
  RTL_QUERY_REGISTRY_TABLE table[6] = {
      {NULL, RTL_QUERY_REGISTRY_SUBKEY, L"Parameters", NULL, REG_NONE, NULL, 0},
      {NULL, RTL_QUERY_REGISTRY_DIRECT, L"Level", &level, REG_NONE, NULL, 0},
      {NULL, RTL_QUERY_REGISTRY_TOPKEY | RTL_QUERY_REGISTRY_DIRECT, L"Start", &start, REG_NONE, NULL, 0},
      {NULL, RTL_QUERY_REGISTRY_SUBKEY, L"NoSuchKey", NULL, REG_NONE, NULL, 0},
      {NULL, RTL_QUERY_REGISTRY_DIRECT, L"Level", &missing, REG_DWORD, &default_missing, sizeof(ULONG)},
      {0}};
  assert_int_equal(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"rtldrv", table, NULL, NULL), STATUS_SUCCESS);
  assert_int_equal(level, 3);
  assert_int_equal(start, 3);
  assert_int_equal(missing, 6);
  table[3].Flags |= RTL_QUERY_REGISTRY_REQUIRED;
  assert_int_equal(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"rtldrv", table, NULL, NULL),
                   STATUS_OBJECT_NAME_NOT_FOUND);
}

static void subkey_entry_with_a_routine_reports_the_subkey_values(void **state) {
  wmisim_t *sim = *state;
  preset(sim);
  assert_int_equal(wmisim_registry_set_dword(sim, PARAMETERS "\\Empty", NULL, 0), STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_delete_value(sim, PARAMETERS "\\Empty", NULL), STATUS_SUCCESS);
  struct calls calls = {0};
  RTL_QUERY_REGISTRY_TABLE table[4] = {
      {record_call, RTL_QUERY_REGISTRY_SUBKEY, L"Parameters", NULL, REG_NONE, NULL, 0},
      {NULL, RTL_QUERY_REGISTRY_TOPKEY, NULL, NULL, REG_NONE, NULL, 0},
      {record_call, RTL_QUERY_REGISTRY_SUBKEY | RTL_QUERY_REGISTRY_REQUIRED, L"Parameters\\Empty", NULL, REG_NONE,
       NULL, 0},
      {0}};
  assert_int_equal(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"rtldrv", table, &calls, NULL),
                   STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(calls.count, 2);
  assert_string_equal(calls.call[0].name, "Level");
  assert_string_equal(calls.call[1].name, "Name");
}

static void delete_flag_removes_values_after_they_are_read(void **state) {
  wmisim_t *sim = *state;
  preset(sim);
  struct calls calls = {0};
  RTL_QUERY_REGISTRY_TABLE table[2] = {{record_call, RTL_QUERY_REGISTRY_DELETE, NULL, NULL, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(query_parameters(table, &calls),
                   STATUS_SUCCESS);
  assert_int_equal(calls.count, 2);
  ULONG size = 0;
  assert_int_equal(wmisim_registry_get_value(sim, PARAMETERS, "Level", NULL, NULL, &size),
                   STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(wmisim_registry_get_value(sim, PARAMETERS, "Name", NULL, NULL, &size),
                   STATUS_OBJECT_NAME_NOT_FOUND);
}

static void novalue_calls_the_routine_once_with_reg_none(void **state) {
  preset(*state);
  struct calls calls = {0};
  RTL_QUERY_REGISTRY_TABLE table[2] = {{record_call, RTL_QUERY_REGISTRY_NOVALUE, NULL, NULL, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(query_parameters(table, &calls),
                   STATUS_SUCCESS);
  assert_int_equal(calls.count, 1);
  assert_int_equal(calls.call[0].type, REG_NONE);
  assert_int_equal(calls.call[0].length, 0);
}

static void query_routine_errors_stop_the_table_except_buffer_too_small(void **state) {
  preset(*state);
  struct calls calls = {0};
  RTL_QUERY_REGISTRY_TABLE table[3] = {{record_call, 0, L"Level", NULL, REG_NONE, NULL, 0},
                                       {record_call, 0, L"Name", NULL, REG_NONE, NULL, 0},
                                       {0}};
  calls.answer = STATUS_BUFFER_TOO_SMALL;
  assert_int_equal(query_parameters(table, &calls),
                   STATUS_SUCCESS);
  assert_int_equal(calls.count, 2);
  calls.count = 0;
  calls.answer = STATUS_UNSUCCESSFUL;
  assert_int_equal(query_parameters(table, &calls),
                   STATUS_UNSUCCESSFUL);
  assert_int_equal(calls.count, 1);
}

static void missing_key_fails_unless_optional(void **state) {
  (void)state;
  ULONG level = 0;
  RTL_QUERY_REGISTRY_TABLE table[2] = {{NULL, RTL_QUERY_REGISTRY_DIRECT, L"Level", &level, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"nodrv\\Parameters", table, NULL, NULL),
                   STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(
      RtlQueryRegistryValues(RTL_REGISTRY_SERVICES | RTL_REGISTRY_OPTIONAL, L"nodrv\\Parameters", table, NULL, NULL),
      STATUS_SUCCESS);
}

static void handle_relative_query_uses_an_open_key(void **state) {
  preset(*state);
  HANDLE key;
  assert_int_equal(key_open(&key, NULL, CM_SERVICES L"\\rtldrv\\Parameters"), STATUS_SUCCESS);
  ULONG level = 0;
  RTL_QUERY_REGISTRY_TABLE table[2] = {{NULL, RTL_QUERY_REGISTRY_DIRECT, L"Level", &level, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)key, table, NULL, NULL), STATUS_SUCCESS);
  assert_int_equal(level, 3);
  assert_int_equal(ZwClose(key), STATUS_SUCCESS);
}

static void direct_entry_without_name_is_invalid(void **state) {
  preset(*state);
  ULONG level = 0;
  RTL_QUERY_REGISTRY_TABLE table[2] = {{NULL, RTL_QUERY_REGISTRY_DIRECT, NULL, &level, REG_NONE, NULL, 0}, {0}};
  assert_int_equal(query_parameters(table, NULL),
                   STATUS_INVALID_PARAMETER);
  assert_int_equal(RtlQueryRegistryValues(RTL_REGISTRY_MAXIMUM, L"rtldrv", table, NULL, NULL),
                   STATUS_INVALID_PARAMETER);
}

/* ---- the other Rtl routines --------------------------------------------------------------- */

static void write_creates_the_last_key_only(void **state) {
  wmisim_t *sim = *state;
  ULONG value = 11;
  assert_int_equal(RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, L"newdrv\\Parameters", L"Level", REG_DWORD, &value,
                                         sizeof value),
                   STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, L"newdrv", L"Level", REG_DWORD, &value, sizeof value),
                   STATUS_SUCCESS);
  assert_int_equal(cm_get_dword(sim, "HKLM\\System\\CurrentControlSet\\Services\\newdrv", "Level"), 11);
}

static void delete_registry_value_removes_it(void **state) {
  preset(*state);
  assert_int_equal(RtlDeleteRegistryValue(RTL_REGISTRY_SERVICES, L"rtldrv\\Parameters", L"Level"), STATUS_SUCCESS);
  assert_int_equal(RtlDeleteRegistryValue(RTL_REGISTRY_SERVICES, L"rtldrv\\Parameters", L"Level"),
                   STATUS_OBJECT_NAME_NOT_FOUND);
}

static void check_registry_key_tells_whether_it_exists(void **state) {
  preset(*state);
  assert_int_equal(RtlCheckRegistryKey(RTL_REGISTRY_SERVICES, L"rtldrv\\Parameters"), STATUS_SUCCESS);
  assert_int_equal(RtlCheckRegistryKey(RTL_REGISTRY_SERVICES, L"rtldrv\\Missing"), STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE, (PWSTR)L"\\Registry\\Machine\\Hardware\\DeviceMap"),
                   STATUS_SUCCESS);
}

static void check_registry_key_with_a_handle_closes_it(void **state) {
  (void)state;
  HANDLE key;
  assert_int_equal(key_open(&key, NULL, CM_SERVICES), STATUS_SUCCESS);
  assert_int_equal(RtlCheckRegistryKey(RTL_REGISTRY_HANDLE, (PWSTR)key), STATUS_SUCCESS);
  assert_int_equal(ZwClose(key), STATUS_INVALID_HANDLE);
}

static void create_registry_key_needs_its_parent(void **state) {
  (void)state;
  assert_int_equal(RtlCreateRegistryKey(RTL_REGISTRY_SERVICES, (PWSTR)L"a\\b"), STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(RtlCreateRegistryKey(RTL_REGISTRY_SERVICES, (PWSTR)L"a"), STATUS_SUCCESS);
  assert_int_equal(RtlCreateRegistryKey(RTL_REGISTRY_SERVICES, (PWSTR)L"a\\b"), STATUS_SUCCESS);
  assert_int_equal(RtlCreateRegistryKey(RTL_REGISTRY_SERVICES, (PWSTR)L"a\\b"), STATUS_SUCCESS);
  assert_int_equal(RtlCheckRegistryKey(RTL_REGISTRY_SERVICES, (PWSTR)L"A\\B"), STATUS_SUCCESS);
}

static void relative_bases_point_where_documented(void **state) {
  wmisim_t *sim = *state;
  ULONG one = 1;
  assert_int_equal(RtlWriteRegistryValue(RTL_REGISTRY_CONTROL, L"", L"c", REG_DWORD, &one, sizeof one), STATUS_SUCCESS);
  assert_int_equal(RtlWriteRegistryValue(RTL_REGISTRY_WINDOWS_NT, NULL, L"w", REG_DWORD, &one, sizeof one),
                   STATUS_SUCCESS);
  assert_int_equal(RtlWriteRegistryValue(RTL_REGISTRY_DEVICEMAP, NULL, L"d", REG_DWORD, &one, sizeof one),
                   STATUS_SUCCESS);
  assert_int_equal(RtlWriteRegistryValue(RTL_REGISTRY_USER, NULL, L"u", REG_DWORD, &one, sizeof one), STATUS_SUCCESS);
  assert_int_equal(cm_get_dword(sim, "HKLM\\SYSTEM\\CurrentControlSet\\Control", "c"), 1);
  assert_int_equal(cm_get_dword(sim, "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "w"), 1);
  assert_int_equal(cm_get_dword(sim, "HKLM\\HARDWARE\\DEVICEMAP", "d"), 1);
  assert_int_equal(cm_get_dword(sim, "HKU\\.DEFAULT", "u"), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cm_test(direct_entries_read_services_parameters),
      cm_test(defaults_stand_in_for_missing_values),
      cm_test(missing_value_without_default_leaves_the_variable),
      cm_test(direct_string_with_null_buffer_is_allocated_from_pool),
      cm_test(direct_string_too_long_for_the_buffer_is_buffer_too_small),
      cm_test(direct_binary_uses_the_signed_size_header),
      cm_test(typecheck_mismatch_fails_the_query),
      cm_test(required_missing_value_is_name_not_found),
      cm_test(query_routine_gets_name_type_data_and_contexts),
      cm_test(null_name_reports_every_value),
      cm_test(multi_sz_is_reported_string_by_string),
      cm_test(noexpand_reports_multi_sz_whole),
      cm_test(direct_multi_sz_keeps_the_zeros_between_strings),
      cm_test(expand_sz_is_expanded_and_reported_without_noexpand),
      cm_test(expand_sz_uses_the_callers_environment),
      cm_test(direct_without_typecheck_on_the_user_hive_is_reported),
      cm_test(subkey_and_topkey_move_the_focus),
      cm_test(subkey_entry_with_a_routine_reports_the_subkey_values),
      cm_test(delete_flag_removes_values_after_they_are_read),
      cm_test(novalue_calls_the_routine_once_with_reg_none),
      cm_test(query_routine_errors_stop_the_table_except_buffer_too_small),
      cm_test(missing_key_fails_unless_optional),
      cm_test(handle_relative_query_uses_an_open_key),
      cm_test(direct_entry_without_name_is_invalid),
      cm_test(write_creates_the_last_key_only),
      cm_test(delete_registry_value_removes_it),
      cm_test(check_registry_key_tells_whether_it_exists),
      cm_test(check_registry_key_with_a_handle_closes_it),
      cm_test(create_registry_key_needs_its_parent),
      cm_test(relative_bases_point_where_documented),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
