/*
 * test_cm_public.c - wmisim/registry.h: presetting and reading values,
 * path forms, recursive deletion, the standard tree and the dump.
 */
#include "cm_test.h"

#define KEY "HKLM\\Software\\Vendor\\Product"

static void set_and_get_round_trip_through_hklm(void **state) {
  wmisim_t *sim = *state;
  assert_int_equal(wmisim_registry_set_dword(sim, KEY, "Count", 17), STATUS_SUCCESS);
  ULONG type = 0, value = 0, size = sizeof value;
  assert_int_equal(wmisim_registry_get_value(sim, "\\Registry\\Machine\\SOFTWARE\\vendor\\PRODUCT", "count", &type,
                                             &value, &size),
                   STATUS_SUCCESS);
  assert_int_equal(type, REG_DWORD);
  assert_int_equal(value, 17);
  assert_int_equal(size, sizeof value);
}

static void set_string_stores_terminated_utf16(void **state) {
  wmisim_t *sim = *state;
  assert_int_equal(wmisim_registry_set_string(sim, KEY, "Text", "h\xc3\xa9"), STATUS_SUCCESS);
  WCHAR text[8];
  ULONG type, size = sizeof text;
  assert_int_equal(wmisim_registry_get_value(sim, KEY, "Text", &type, text, &size), STATUS_SUCCESS);
  assert_int_equal(type, REG_SZ);
  assert_int_equal(size, 3 * sizeof(WCHAR));
  assert_int_equal(text[0], 'h');
  assert_int_equal(text[1], 0xE9);
  assert_int_equal(text[2], 0);
}

static void get_reports_the_size_needed(void **state) {
  wmisim_t *sim = *state;
  assert_int_equal(wmisim_registry_set_string(sim, KEY, "Text", "abcdef"), STATUS_SUCCESS);
  UCHAR small[4] = {0xAA, 0xAA, 0xAA, 0xAA};
  ULONG size = sizeof small;
  assert_int_equal(wmisim_registry_get_value(sim, KEY, "Text", NULL, small, &size), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(size, 7 * sizeof(WCHAR));
  assert_int_equal(small[0], 0xAA);
  size = 0;
  assert_int_equal(wmisim_registry_get_value(sim, KEY, "Text", NULL, NULL, &size), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(size, 7 * sizeof(WCHAR));
}

static void missing_key_or_value_is_name_not_found(void **state) {
  wmisim_t *sim = *state;
  ULONG size = 4, value;
  assert_int_equal(wmisim_registry_get_value(sim, KEY, "Count", NULL, &value, &size), STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(wmisim_registry_set_dword(sim, KEY, "Count", 1), STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_get_value(sim, KEY, "Other", NULL, &value, &size), STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(wmisim_registry_delete_value(sim, KEY, "Other"), STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(wmisim_registry_delete_value(sim, KEY, "Count"), STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_get_value(sim, KEY, "Count", NULL, &value, &size), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void paths_must_be_absolute_or_hive_prefixed(void **state) {
  wmisim_t *sim = *state;
  assert_int_equal(wmisim_registry_set_dword(sim, "Software\\Vendor", "x", 1), STATUS_OBJECT_PATH_SYNTAX_BAD);
  assert_int_equal(wmisim_registry_set_dword(sim, "HKLMX\\Software", "x", 1), STATUS_OBJECT_PATH_SYNTAX_BAD);
  assert_int_equal(wmisim_registry_set_dword(sim, "HKEY_LOCAL_MACHINE\\Software\\Vendor", "x", 1), STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_set_dword(sim, "HKU\\.DEFAULT\\Console", "x", 1), STATUS_SUCCESS);
  assert_int_equal(cm_get_dword(sim, "\\Registry\\User\\.Default\\Console", "x"), 1);
}

static void delete_key_removes_the_subtree_and_leaves_handles_deleted(void **state) {
  wmisim_t *sim = *state;
  assert_int_equal(wmisim_registry_set_dword(sim, KEY "\\Deep\\Deeper", "x", 1), STATUS_SUCCESS);
  HANDLE deeper;
  assert_int_equal(key_open(&deeper, NULL, L"\\Registry\\Machine\\Software\\Vendor\\Product\\Deep\\Deeper"),
                   STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_delete_key(sim, KEY), STATUS_SUCCESS);
  assert_int_equal(key_set_dword(deeper, L"y", 2), STATUS_KEY_DELETED);
  assert_int_equal(ZwClose(deeper), STATUS_SUCCESS);
  ULONG size = 0;
  assert_int_equal(wmisim_registry_get_value(sim, KEY "\\Deep\\Deeper", "x", NULL, NULL, &size),
                   STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(wmisim_registry_delete_key(sim, KEY), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void hive_roots_are_not_deleted(void **state) {
  wmisim_t *sim = *state;
  assert_int_equal(wmisim_registry_delete_key(sim, "HKLM\\SYSTEM"), STATUS_CANNOT_DELETE);
  assert_int_equal(wmisim_registry_delete_key(sim, "\\Registry"), STATUS_CANNOT_DELETE);
}

static void standard_tree_exists(void **state) {
  (void)state;
  static const WCHAR *const keys[] = {
      CM_SERVICES,
      L"\\Registry\\Machine\\System\\CurrentControlSet\\Enum",
      L"\\Registry\\Machine\\System\\CurrentControlSet\\Control\\Class",
      L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion",
      L"\\Registry\\Machine\\Hardware\\DeviceMap",
      L"\\Registry\\User\\.Default",
  };
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    HANDLE h;
    assert_int_equal(key_open(&h, NULL, keys[i]), STATUS_SUCCESS);
    ZwClose(h);
  }
}

static char *dump_to_string(wmisim_t *sim, const char *prefix, NTSTATUS *status) {
  FILE *f = tmpfile();
  assert_non_null(f);
  *status = wmisim_registry_dump(sim, f, prefix);
  long size = ftell(f);
  static char text[4096];
  rewind(f);
  size_t n = fread(text, 1, size > 0 && size < (long)sizeof text ? (size_t)size : sizeof text - 1, f);
  text[n] = '\0';
  fclose(f);
  return text;
}

static void dump_decodes_values_in_a_stable_order(void **state) {
  wmisim_t *sim = *state;
  static const WCHAR multi[] = L"a\0b c\0";
  static const UCHAR bytes[3] = {0x01, 0xab, 0xff};
  ULONGLONG big = 0x100000000ull;
  assert_int_equal(wmisim_registry_set_dword(sim, KEY, "Zed", 255), STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_set_string(sim, KEY, "Path", "C:\\x \"q\""), STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_set_value(sim, KEY, "Ids", REG_MULTI_SZ, multi, sizeof multi), STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_set_value(sim, KEY, "bin", REG_BINARY, bytes, sizeof bytes), STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_set_value(sim, KEY, "Big", REG_QWORD, &big, sizeof big), STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_set_string(sim, KEY, NULL, "dflt"), STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_set_dword(sim, KEY "\\beta", "v", 2), STATUS_SUCCESS);
  assert_int_equal(wmisim_registry_set_dword(sim, KEY "\\Alpha", "v", 1), STATUS_SUCCESS);
  NTSTATUS status;
  const char *text = dump_to_string(sim, "hklm\\software\\vendor", &status);
  assert_int_equal(status, STATUS_SUCCESS);
  assert_string_equal(text, "\\REGISTRY\\MACHINE\\SOFTWARE\\Vendor\n"
                            "\\REGISTRY\\MACHINE\\SOFTWARE\\Vendor\\Product\n"
                            "    (default) = REG_SZ \"dflt\"\n"
                            "    Big = REG_QWORD 0x0000000100000000 (4294967296)\n"
                            "    bin = REG_BINARY 01 ab ff (3 bytes)\n"
                            "    Ids = REG_MULTI_SZ [\"a\", \"b c\"]\n"
                            "    Path = REG_SZ \"C:\\x \\\"q\\\"\"\n"
                            "    Zed = REG_DWORD 0x000000ff (255)\n"
                            "\\REGISTRY\\MACHINE\\SOFTWARE\\Vendor\\Product\\Alpha\n"
                            "    v = REG_DWORD 0x00000001 (1)\n"
                            "\\REGISTRY\\MACHINE\\SOFTWARE\\Vendor\\Product\\beta\n"
                            "    v = REG_DWORD 0x00000002 (2)\n");
}

static void dump_marks_volatile_keys_and_rejects_missing_prefixes(void **state) {
  wmisim_t *sim = *state;
  NTSTATUS status;
  const char *text = dump_to_string(sim, "HKLM\\Hardware", &status);
  assert_int_equal(status, STATUS_SUCCESS);
  assert_string_equal(text, "\\REGISTRY\\MACHINE\\HARDWARE (volatile)\n"
                            "\\REGISTRY\\MACHINE\\HARDWARE\\DEVICEMAP (volatile)\n");
  dump_to_string(sim, "HKLM\\NoSuchKey", &status);
  assert_int_equal(status, STATUS_OBJECT_NAME_NOT_FOUND);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cm_test(set_and_get_round_trip_through_hklm),
      cm_test(set_string_stores_terminated_utf16),
      cm_test(get_reports_the_size_needed),
      cm_test(missing_key_or_value_is_name_not_found),
      cm_test(paths_must_be_absolute_or_hive_prefixed),
      cm_test(delete_key_removes_the_subtree_and_leaves_handles_deleted),
      cm_test(hive_roots_are_not_deleted),
      cm_test(standard_tree_exists),
      cm_test(dump_decodes_values_in_a_stable_order),
      cm_test(dump_marks_volatile_keys_and_rejects_missing_prefixes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
