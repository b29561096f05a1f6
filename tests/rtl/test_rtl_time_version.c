/*
 * test_rtl_time_version.c - RtlCompareMemory(Ulong), time fields, and the
 * Windows version the simulator reports.
 */
#include "rtl_test.h"

/* ---- memory ----------------------------------------------------------------------------------- */

static void test_compare_memory_counts_the_equal_prefix(void **state) {
  (void)state;
  assert_int_equal(RtlCompareMemory("abcdef", "abcxef", 6), 3);
  assert_int_equal(RtlCompareMemory("same", "same", 4), 4);
  assert_int_equal(RtlCompareMemory("a", "b", 0), 0);
}

static void test_compare_memory_ulong_counts_matching_ulongs_only(void **state) {
  (void)state;
  ULONG block[4] = {0xAAAAAAAA, 0xAAAAAAAA, 0x12345678, 0xAAAAAAAA};
  assert_int_equal(RtlCompareMemoryUlong(block, sizeof block, 0xAAAAAAAA), 8);
  assert_int_equal(RtlCompareMemoryUlong(block, 7, 0xAAAAAAAA), 4);
  assert_int_equal(RtlCompareMemoryUlong(block, sizeof block, 0), 0);
}

/* ---- time fields ------------------------------------------------------------------------------------ */

static void assert_fields(const TIME_FIELDS *f, int year, int month, int day, int hour, int minute, int second,
                          int ms, int weekday) {
  assert_int_equal(f->Year, year);
  assert_int_equal(f->Month, month);
  assert_int_equal(f->Day, day);
  assert_int_equal(f->Hour, hour);
  assert_int_equal(f->Minute, minute);
  assert_int_equal(f->Second, second);
  assert_int_equal(f->Milliseconds, ms);
  assert_int_equal(f->Weekday, weekday);
}

static void test_time_to_time_fields_of_zero_is_1601_01_01_a_monday(void **state) {
  (void)state;
  LARGE_INTEGER t = {.QuadPart = 0};
  TIME_FIELDS f;
  RtlTimeToTimeFields(&t, &f);
  assert_fields(&f, 1601, 1, 1, 0, 0, 0, 0, 1);
}

static void test_time_to_time_fields_of_known_dates(void **state) {
  (void)state;
  LARGE_INTEGER t;
  TIME_FIELDS f;
  t.QuadPart = 134116992000000000LL;
  RtlTimeToTimeFields(&t, &f);
  assert_fields(&f, 2026, 1, 1, 0, 0, 0, 0, 4);
  t.QuadPart = 133536836967890000LL;
  RtlTimeToTimeFields(&t, &f);
  assert_fields(&f, 2024, 2, 29, 12, 34, 56, 789, 4);
  t.QuadPart = 31292352000000000LL;
  RtlTimeToTimeFields(&t, &f);
  assert_fields(&f, 1700, 3, 1, 0, 0, 0, 0, 1);
}

static void test_time_fields_to_time_round_trips(void **state) {
  (void)state;
  static const LONGLONG times[] = {0, 125963423999990000LL, 157783680000000000LL, 134116992000000000LL,
                                   0x7FFF35F4F06C7FFFLL - 0x7FFF35F4F06C7FFFLL % 10000};
  for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
    LARGE_INTEGER t = {.QuadPart = times[i]}, back;
    TIME_FIELDS f;
    RtlTimeToTimeFields(&t, &f);
    assert_true(RtlTimeFieldsToTime(&f, &back));
    assert_true(back.QuadPart == times[i]);
  }
}

static void test_time_fields_to_time_rejects_invalid_fields(void **state) {
  (void)state;
  TIME_FIELDS not_leap = {2023, 2, 29, 0, 0, 0, 0, 0}, month = {2024, 13, 1, 0, 0, 0, 0, 0},
              hour = {2024, 1, 1, 24, 0, 0, 0, 0}, early = {1600, 12, 31, 0, 0, 0, 0, 0},
              ms = {2024, 1, 1, 0, 0, 0, 1000, 0};
  LARGE_INTEGER t = {.QuadPart = 42};
  assert_false(RtlTimeFieldsToTime(&not_leap, &t));
  assert_false(RtlTimeFieldsToTime(&month, &t));
  assert_false(RtlTimeFieldsToTime(&hour, &t));
  assert_false(RtlTimeFieldsToTime(&early, &t));
  assert_false(RtlTimeFieldsToTime(&ms, &t));
  assert_true(t.QuadPart == 42);
}

/* ---- versions ------------------------------------------------------------------------------------------- */

static void test_get_version_reports_windows_11_24h2(void **state) {
  (void)state;
  RTL_OSVERSIONINFOW info = {.dwOSVersionInfoSize = sizeof info};
  assert_int_equal(RtlGetVersion(&info), STATUS_SUCCESS);
  assert_int_equal(info.dwMajorVersion, 10);
  assert_int_equal(info.dwMinorVersion, 0);
  assert_int_equal(info.dwBuildNumber, 26100);
  assert_int_equal(info.dwPlatformId, 2);
  assert_int_equal(info.szCSDVersion[0], 0);
}

static void test_get_version_ex_reports_a_workstation_without_service_pack(void **state) {
  (void)state;
  RTL_OSVERSIONINFOEXW info;
  memset(&info, 0xFF, sizeof info);
  info.dwOSVersionInfoSize = sizeof info;
  assert_int_equal(RtlGetVersion((PRTL_OSVERSIONINFOW)&info), STATUS_SUCCESS);
  assert_int_equal(info.wServicePackMajor, 0);
  assert_int_equal(info.wProductType, 1);
  assert_int_equal(info.wSuiteMask, 0x0100);
}

static void test_get_version_rejects_an_unknown_size(void **state) {
  RTL_OSVERSIONINFOW info = {.dwOSVersionInfoSize = 12};
  assert_int_equal(RtlGetVersion(&info), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_violation_count_rule(*state, "InvalidParameter"), 1);
}

static void test_is_ntddi_version_available_up_to_win11_24h2(void **state) {
  (void)state;
  assert_true(RtlIsNtDdiVersionAvailable(NTDDI_WIN7));
  assert_true(RtlIsNtDdiVersionAvailable(NTDDI_WIN10_VB));
  assert_true(RtlIsNtDdiVersionAvailable(0x0A000010));
  assert_false(RtlIsNtDdiVersionAvailable(0x0A000011));
}

static void test_ps_get_version_reports_a_free_build(void **state) {
  (void)state;
  ULONG major = 0, minor = 9, build = 0;
  WCHAR buffer[8];
  UNICODE_STRING csd = {4, sizeof buffer, buffer};
  assert_false(PsGetVersion(&major, &minor, &build, &csd));
  assert_int_equal(major, 10);
  assert_int_equal(minor, 0);
  assert_int_equal(build, 26100);
  assert_int_equal(csd.Length, 0);
  assert_false(PsGetVersion(NULL, NULL, NULL, NULL));
}

static void test_io_is_wdm_version_available_up_to_6_00(void **state) {
  (void)state;
  assert_true(IoIsWdmVersionAvailable(1, 0x10));
  assert_true(IoIsWdmVersionAvailable(6, 0x00));
  assert_false(IoIsWdmVersionAvailable(6, 0x01));
  assert_false(IoIsWdmVersionAvailable(7, 0x00));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      RTL_TEST(test_compare_memory_counts_the_equal_prefix),
      RTL_TEST(test_compare_memory_ulong_counts_matching_ulongs_only),
      RTL_TEST(test_time_to_time_fields_of_zero_is_1601_01_01_a_monday),
      RTL_TEST(test_time_to_time_fields_of_known_dates),
      RTL_TEST(test_time_fields_to_time_round_trips),
      RTL_TEST(test_time_fields_to_time_rejects_invalid_fields),
      RTL_TEST(test_get_version_reports_windows_11_24h2),
      RTL_TEST(test_get_version_ex_reports_a_workstation_without_service_pack),
      RTL_TEST(test_get_version_rejects_an_unknown_size),
      RTL_TEST(test_is_ntddi_version_available_up_to_win11_24h2),
      RTL_TEST(test_ps_get_version_reports_a_free_build),
      RTL_TEST(test_io_is_wdm_version_available_up_to_6_00),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
