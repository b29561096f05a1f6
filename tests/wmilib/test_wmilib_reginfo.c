/*
 * test_wmilib_reginfo.c - WMILIB's answer to IRP_MN_REGINFO and
 * IRP_MN_REGINFO_EX: the WMIREGINFO built from the GUID list and
 * DpWmiQueryReginfo, PDO references, the base name's pool buffer, the
 * size probe.
 */
#include "wmilib_test.h"

#include "ob/object.h"

#define REGISTRY_PATH "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\wmilibtest"
#define GUIDS_END ((ULONG)(sizeof(WMIREGINFOW) + 3 * sizeof(WMIREGGUIDW)))

static int32_t references(PDEVICE_OBJECT device) {
  return ob_header_of(device)->references;
}

/* The counted string at `offset` equals the ASCII `expected`. */
static void assert_counted(const UCHAR *buffer, ULONG offset, const char *expected) {
  USHORT bytes;
  memcpy(&bytes, buffer + offset, sizeof bytes);
  assert_int_equal(bytes, strlen(expected) * sizeof(WCHAR));
  for (size_t i = 0; i < strlen(expected); i++) {
    WCHAR c;
    memcpy(&c, buffer + offset + sizeof(USHORT) + i * sizeof(WCHAR), sizeof c);
    assert_int_equal(c, (WCHAR)expected[i]);
  }
}

static ULONG counted_size(const char *text) {
  return (ULONG)(sizeof(USHORT) + strlen(text) * sizeof(WCHAR));
}

static struct test_result reginfo(struct wl_fixture *f, UCHAR minor, ULONG_PTR data_path, void *buffer, ULONG size) {
  return wl_send(f, minor, (const GUID *)data_path, buffer, size);
}

static void test_reginfo_ex_lists_every_guid_then_the_mof_name_and_registry_path(void **state) {
  (void)state;
  wl_reset();
  wl_config.mof_name = L"WlMof";
  wl_config.guids[2].Flags = WMIREG_FLAG_EXPENSIVE;
  struct wl_fixture f = wl_setup();
  UCHAR buffer[1024];
  memset(buffer, 0xCC, sizeof buffer);
  struct test_result r = reginfo(&f, IRP_MN_REGINFO_EX, WMIREGISTER, buffer, sizeof buffer);
  ULONG size = GUIDS_END + counted_size("WlMof") + counted_size(REGISTRY_PATH);
  assert_int_equal(wl_record.disposition, IrpNotCompleted);
  assert_int_equal(r.returned, STATUS_SUCCESS);
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_int_equal(r.information, size);
  const WMIREGINFOW *info = (const WMIREGINFOW *)buffer;
  assert_int_equal(info->BufferSize, size);
  assert_int_equal(info->NextWmiRegInfo, 0);
  assert_int_equal(info->GuidCount, 3);
  assert_int_equal(info->MofResourceName, GUIDS_END);
  assert_counted(buffer, info->MofResourceName, "WlMof");
  assert_int_equal(info->RegistryPath, GUIDS_END + counted_size("WlMof"));
  assert_counted(buffer, info->RegistryPath, REGISTRY_PATH);
  const ULONG flags[] = {WMIREG_FLAG_INSTANCE_PDO, WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_EVENT_ONLY_GUID,
                         WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_EXPENSIVE};
  const ULONG counts[] = {WL_DATA_INSTANCES, 1, 1};
  for (ULONG i = 0; i < 3; i++) {
    assert_true(IsEqualGUID(&info->WmiRegGuid[i].Guid, wl_config.guids[i].Guid));
    assert_int_equal(info->WmiRegGuid[i].Flags, flags[i]);
    assert_int_equal(info->WmiRegGuid[i].InstanceCount, counts[i]);
    assert_ptr_equal((PDEVICE_OBJECT)info->WmiRegGuid[i].Pdo, f.pdo);
  }
  assert_int_equal(wl_record.reginfo.count, 1);
  assert_ptr_equal(wl_record.reginfo.device, f.fdo);
  /* one reference per GUID for WMI to drop, as the REGINFO_EX page says */
  for (int i = 0; i < 3; i++) ObDereferenceObject(f.pdo);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_reginfo_ex_references_the_pdo_once_per_guid(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  int32_t before = references(f.pdo);
  UCHAR buffer[1024];
  reginfo(&f, IRP_MN_REGINFO_EX, WMIREGISTER, buffer, sizeof buffer);
  assert_int_equal(references(f.pdo), before + 3);
  for (int i = 0; i < 3; i++) ObDereferenceObject(f.pdo);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_reginfo_does_not_reference_the_pdo(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  int32_t before = references(f.pdo);
  UCHAR buffer[1024];
  struct test_result r = reginfo(&f, IRP_MN_REGINFO, WMIREGISTER, buffer, sizeof buffer);
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_ptr_equal((PDEVICE_OBJECT)((const WMIREGINFOW *)buffer)->WmiRegGuid[0].Pdo, f.pdo);
  assert_int_equal(references(f.pdo), before);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_reginfo_base_name_follows_the_strings_and_its_buffer_is_freed(void **state) {
  (void)state;
  wl_reset();
  wl_config.reg_flags = WMIREG_FLAG_INSTANCE_BASENAME;
  wl_config.base_name = L"WlBase";
  struct wl_fixture f = wl_setup();
  int32_t before = references(f.pdo);
  UCHAR buffer[1024];
  struct test_result r = reginfo(&f, IRP_MN_REGINFO_EX, WMIREGISTER, buffer, sizeof buffer);
  const WMIREGINFOW *info = (const WMIREGINFOW *)buffer;
  ULONG base = GUIDS_END + counted_size(REGISTRY_PATH);
  assert_int_equal(r.information, base + counted_size("WlBase"));
  assert_int_equal(info->MofResourceName, 0);
  for (ULONG i = 0; i < 3; i++) {
    assert_int_equal(info->WmiRegGuid[i].Flags & WMIREG_FLAG_INSTANCE_BASENAME, WMIREG_FLAG_INSTANCE_BASENAME);
    assert_int_equal(info->WmiRegGuid[i].BaseNameOffset, base);
  }
  assert_counted(buffer, base, "WlBase");
  assert_int_equal(references(f.pdo), before);
  wmisim_pool_usage_t pool = wmisim_pool_usage(f.sim, WL_TAG);
  assert_int_equal(pool.allocations, 1);
  assert_int_equal(pool.blocks, 0);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_reginfo_base_name_set_for_one_block_only(void **state) {
  (void)state;
  wl_reset();
  wl_config.reg_flags = 0;
  wl_config.guids[2].Flags = WMIREG_FLAG_INSTANCE_BASENAME;
  wl_config.base_name = L"Other";
  struct wl_fixture f = wl_setup();
  UCHAR buffer[1024];
  reginfo(&f, IRP_MN_REGINFO_EX, WMIREGISTER, buffer, sizeof buffer);
  const WMIREGINFOW *info = (const WMIREGINFOW *)buffer;
  ULONG base = GUIDS_END + counted_size(REGISTRY_PATH);
  assert_int_equal(info->WmiRegGuid[0].Flags, 0);
  assert_int_equal(info->WmiRegGuid[0].InstanceNameList, 0);
  assert_int_equal(info->WmiRegGuid[2].Flags, WMIREG_FLAG_INSTANCE_BASENAME);
  assert_int_equal(info->WmiRegGuid[2].BaseNameOffset, base);
  assert_counted(buffer, base, "Other");
  assert_int_equal(wmisim_pool_usage(f.sim, WL_TAG).blocks, 0);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_reginfo_keeps_remove_guid_entries(void **state) {
  (void)state;
  wl_reset();
  wl_config.guids[2].Flags = WMIREG_FLAG_REMOVE_GUID;
  struct wl_fixture f = wl_setup();
  UCHAR buffer[1024];
  reginfo(&f, IRP_MN_REGINFO, WMIUPDATE, buffer, sizeof buffer);
  const WMIREGINFOW *info = (const WMIREGINFOW *)buffer;
  assert_int_equal(info->GuidCount, 3);
  assert_int_equal(info->WmiRegGuid[2].Flags, WMIREG_FLAG_REMOVE_GUID | WMIREG_FLAG_INSTANCE_PDO);
  assert_int_equal(info->WmiRegGuid[2].InstanceCount, 1);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_reginfo_update_is_answered_as_registration(void **state) {
  (void)state;
  wl_reset();
  wl_config.mof_name = L"WlMof";
  struct wl_fixture f = wl_setup();
  UCHAR registered[1024], updated[1024];
  memset(registered, 0, sizeof registered);
  memset(updated, 0, sizeof updated);
  struct test_result a = reginfo(&f, IRP_MN_REGINFO, WMIREGISTER, registered, sizeof registered);
  struct test_result b = reginfo(&f, IRP_MN_REGINFO, WMIUPDATE, updated, sizeof updated);
  assert_int_equal(a.information, b.information);
  assert_memory_equal(registered, updated, a.information);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_reginfo_without_mof_name_or_registry_path_has_zero_offsets(void **state) {
  (void)state;
  wl_reset();
  wl_config.no_registry_path = true;
  struct wl_fixture f = wl_setup();
  UCHAR buffer[1024];
  struct test_result r = reginfo(&f, IRP_MN_REGINFO, WMIREGISTER, buffer, sizeof buffer);
  const WMIREGINFOW *info = (const WMIREGINFOW *)buffer;
  assert_int_equal(r.information, GUIDS_END);
  assert_int_equal(info->BufferSize, GUIDS_END);
  assert_int_equal(info->MofResourceName, 0);
  assert_int_equal(info->RegistryPath, 0);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_reginfo_without_a_callback_gives_the_driver_registry_path(void **state) {
  (void)state;
  wl_reset();
  wl_config.null_reginfo = true;
  wl_config.guids[0].Flags = WMIREG_FLAG_EXPENSIVE;
  struct wl_fixture f = wl_setup();
  UCHAR buffer[1024];
  struct test_result r = reginfo(&f, IRP_MN_REGINFO_EX, WMIREGISTER, buffer, sizeof buffer);
  const WMIREGINFOW *info = (const WMIREGINFOW *)buffer;
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_int_equal(info->MofResourceName, 0);
  assert_counted(buffer, info->RegistryPath, REGISTRY_PATH);
  assert_int_equal(info->WmiRegGuid[0].Flags, WMIREG_FLAG_EXPENSIVE);
  assert_int_equal(info->WmiRegGuid[0].Pdo, 0);
  wl_teardown(&f);
  assert_no_violations();
}

/* ---- the size probe ----------------------------------------------------------------------- */

static void test_reginfo_size_probe_writes_the_size_needed_with_success(void **state) {
  (void)state;
  wl_reset();
  wl_config.mof_name = L"WlMof";
  wl_config.reg_flags = WMIREG_FLAG_INSTANCE_BASENAME;
  wl_config.base_name = L"WlBase";
  struct wl_fixture f = wl_setup();
  ULONG needed = GUIDS_END + counted_size("WlMof") + counted_size(REGISTRY_PATH) + counted_size("WlBase");
  const ULONG sizes[] = {sizeof(ULONG), sizeof(WMIREGINFOW), needed - 1};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    UCHAR *buffer = calloc(1, sizes[i]);
    struct test_result r = reginfo(&f, IRP_MN_REGINFO_EX, WMIREGISTER, buffer, sizes[i]);
    assert_int_equal(wl_record.disposition, IrpNotCompleted);
    assert_int_equal(r.returned, STATUS_SUCCESS);
    assert_int_equal(r.status, STATUS_SUCCESS);
    assert_int_equal(r.information, sizeof(ULONG));
    ULONG written;
    memcpy(&written, buffer, sizeof written);
    assert_int_equal(written, needed);
    free(buffer);
  }
  /* each probe asked the driver again and freed its base name each time */
  assert_int_equal(wl_record.reginfo.count, 3);
  assert_int_equal(wmisim_pool_usage(f.sim, WL_TAG).blocks, 0);
  UCHAR *exact = calloc(1, needed);
  struct test_result r = reginfo(&f, IRP_MN_REGINFO_EX, WMIREGISTER, exact, needed);
  assert_int_equal(r.information, needed);
  free(exact);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_reginfo_size_probe_takes_no_pdo_reference(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  int32_t before = references(f.pdo);
  UCHAR buffer[sizeof(WMIREGINFOW)];
  struct test_result r = reginfo(&f, IRP_MN_REGINFO_EX, WMIREGISTER, buffer, sizeof buffer);
  assert_int_equal(r.information, sizeof(ULONG));
  assert_int_equal(references(f.pdo), before);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_reginfo_buffer_smaller_than_a_ulong_is_buffer_too_small(void **state) {
  (void)state;
  wl_reset();
  struct wl_fixture f = wl_setup();
  UCHAR *buffer = calloc(1, 2);
  struct test_result r = reginfo(&f, IRP_MN_REGINFO_EX, WMIREGISTER, buffer, 2);
  assert_int_equal(wl_record.disposition, IrpNotCompleted);
  assert_int_equal(r.returned, STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(r.status, STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(r.information, 0);
  free(buffer);
  wl_teardown(&f);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reginfo_ex_lists_every_guid_then_the_mof_name_and_registry_path),
    cmocka_unit_test(test_reginfo_ex_references_the_pdo_once_per_guid),
    cmocka_unit_test(test_reginfo_does_not_reference_the_pdo),
    cmocka_unit_test(test_reginfo_base_name_follows_the_strings_and_its_buffer_is_freed),
    cmocka_unit_test(test_reginfo_base_name_set_for_one_block_only),
    cmocka_unit_test(test_reginfo_keeps_remove_guid_entries),
    cmocka_unit_test(test_reginfo_update_is_answered_as_registration),
    cmocka_unit_test(test_reginfo_without_mof_name_or_registry_path_has_zero_offsets),
    cmocka_unit_test(test_reginfo_without_a_callback_gives_the_driver_registry_path),
    cmocka_unit_test(test_reginfo_size_probe_writes_the_size_needed_with_success),
    cmocka_unit_test(test_reginfo_size_probe_takes_no_pdo_reference),
    cmocka_unit_test(test_reginfo_buffer_smaller_than_a_ulong_is_buffer_too_small),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
