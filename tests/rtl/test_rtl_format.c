/*
 * test_rtl_format.c - Windows' printf rules as the Printf routines apply
 * them: argument sizes (l is 32-bit), %s/%S/%ws/%hs by format width,
 * %wZ and %Z, flags, width and precision, and text crossing widths.
 */
#include "rtl_test.h"

#include <ntstrsafe.h>

/* Formats with RtlStringCchPrintfA into a static buffer. */
static const char *narrow(const char *format, ...) {
  static char buffer[256];
  va_list args;
  va_start(args, format);
  NTSTATUS status = RtlStringCchVPrintfA(buffer, sizeof buffer, format, args);
  va_end(args);
  assert_int_equal(status, STATUS_SUCCESS);
  return buffer;
}

static const WCHAR *wide(const WCHAR *format, ...) {
  static WCHAR buffer[256];
  va_list args;
  va_start(args, format);
  NTSTATUS status = RtlStringCchVPrintfW(buffer, sizeof buffer / sizeof buffer[0], format, args);
  va_end(args);
  assert_int_equal(status, STATUS_SUCCESS);
  return buffer;
}

/* ---- integer sizes --------------------------------------------------------------------------- */

static void test_printf_l_reads_a_32_bit_windows_long(void **state) {
  (void)state;
  LONG negative = -5;
  ULONG all_bits = 0xFFFFFFFFu;
  assert_string_equal(narrow("%ld %lu %lx %d", negative, all_bits, (ULONG)0xDEADBEEF, 7), "-5 4294967295 deadbeef 7");
}

static void test_printf_I64_and_ll_read_64_bits(void **state) {
  (void)state;
  ULONG64 max = 18446744073709551615ull;
  LONG64 min = -9223372036854775807ll - 1;
  assert_string_equal(narrow("%I64u %I64d %lld %llX", max, min, (LONGLONG)-2, (ULONGLONG)0xABCDEF0123ull),
                      "18446744073709551615 -9223372036854775808 -2 ABCDEF0123");
}

static void test_printf_I_z_and_t_are_pointer_sized(void **state) {
  (void)state;
  /* Above 4 GiB where pointers have 64 bits, so a 32-bit read shows. */
  SIZE_T big = (SIZE_T)-1 - 2;
  ptrdiff_t back = -3;
  char expected[64];
  snprintf(expected, sizeof expected, "%llu %llu ff -3", (unsigned long long)big, (unsigned long long)big);
  assert_string_equal(narrow("%Iu %zu %Ix %td", big, big, (ULONG_PTR)0xFF, back), expected);
}

static void test_printf_I32_reads_32_bits(void **state) {
  (void)state;
  assert_string_equal(narrow("%I32d %I32u", (INT32)-1, (UINT32)4000000000u), "-1 4000000000");
}

static void test_printf_h_and_hh_truncate_to_short_and_char(void **state) {
  (void)state;
  assert_string_equal(narrow("%hd %hu %hhx %hhd", 65535, 65537, 0x1FF, 0x80), "-1 1 ff -128");
}

/* ---- flags, width, precision ---------------------------------------------------------------------- */

static void test_printf_flags_width_and_precision_pad_numbers(void **state) {
  (void)state;
  assert_string_equal(narrow("[%5d][%-5d][%05d][%+d][% d][%.3d][%#x][%#o][%#X][%x]", 42, 42, -42, 7, 7, 5, 255, 8,
                             255, 0),
                      "[   42][42   ][-0042][+7][ 7][005][0xff][010][0XFF][0]");
}

static void test_printf_zero_precision_prints_no_digits_for_zero(void **state) {
  (void)state;
  assert_string_equal(narrow("[%.0d][%5.0u][%#.0o]", 0, 0, 0), "[][     ][0]");
}

static void test_printf_star_takes_width_and_precision_from_arguments(void **state) {
  (void)state;
  assert_string_equal(narrow("[%*d][%*d][%.*s][%.*d]", 4, 7, -4, 7, 2, "abc", -1, 9), "[   7][7   ][ab][9]");
}

static void test_printf_strings_pad_and_cut(void **state) {
  (void)state;
  assert_string_equal(narrow("[%5s][%-5s][%.2s][%05s]", "ab", "ab", "abc", "ab"), "[   ab][ab   ][ab][000ab]");
}

/* ---- strings and characters by format width ---------------------------------------------------------- */

static void test_printf_narrow_format_s_and_hs_take_char_strings(void **state) {
  (void)state;
  assert_string_equal(narrow("%s+%hs", "one", "two"), "one+two");
}

static void test_printf_narrow_format_S_ls_and_ws_take_wchar_strings(void **state) {
  (void)state;
  assert_string_equal(narrow("%S %ls %ws", L"upper", L"ell", L"dub"), "upper ell dub");
}

static void test_printf_wide_format_s_is_wchar_and_S_hs_are_char(void **state) {
  (void)state;
  rtl_assert_wstr(wide(L"%s %S %hs %ls %ws", L"w", "n", "h", L"l", L"d"), L"w n h l d");
}

static void test_printf_characters_follow_the_same_widths(void **state) {
  (void)state;
  assert_string_equal(narrow("%c%C%wc%hc%lc", 'a', L'b', L'c', 'd', L'e'), "abcde");
  rtl_assert_wstr(wide(L"%c%C%hc%wc", L'w', 'n', 'h', L'd'), L"wnhd");
}

static void test_printf_wZ_prints_a_counted_unicode_string(void **state) {
  (void)state;
  UNICODE_STRING counted = {6, 12, (PWCH)L"abcdef"};
  assert_string_equal(narrow("<%wZ>", &counted), "<abc>");
  rtl_assert_wstr(wide(L"<%wZ>", &counted), L"<abc>");
}

static void test_printf_Z_prints_a_counted_ansi_string(void **state) {
  (void)state;
  ANSI_STRING counted = {2, 4, (PCHAR) "xyz"};
  assert_string_equal(narrow("<%Z>", &counted), "<xy>");
  rtl_assert_wstr(wide(L"<%Z>", &counted), L"<xy>");
}

static void test_printf_null_strings_print_null(void **state) {
  (void)state;
  UNICODE_STRING no_buffer = {0, 0, NULL};
  assert_string_equal(narrow("%s|%ws|%wZ|%Z|%wZ", (char *)NULL, (WCHAR *)NULL, (UNICODE_STRING *)NULL,
                             (ANSI_STRING *)NULL, &no_buffer),
                      "(null)|(null)|(null)|(null)|(null)");
  rtl_assert_wstr(wide(L"%s", (WCHAR *)NULL), L"(null)");
}

static void test_printf_wchar_text_in_char_output_uses_the_ansi_code_page(void **state) {
  (void)state;
  assert_string_equal(narrow("%ws", L"\u00e9\u20ac\u4e2d"), "\xe9\x80?");
}

static void test_printf_char_text_in_wchar_output_uses_the_ansi_code_page(void **state) {
  (void)state;
  rtl_assert_wstr(wide(L"%hs", "\x80\xe9"), L"\u20ac\u00e9");
}

/* ---- the rest ------------------------------------------------------------------------------------------- */

static void test_printf_p_prints_the_pointer_width_in_upper_hex(void **state) {
  (void)state;
  const char *expected = sizeof(void *) == 8 ? "000000000000BEEF" : "0000BEEF";
  assert_string_equal(narrow("%p", (void *)(uintptr_t)0xBEEF), expected);
}

static void test_printf_floating_point_conversions(void **state) {
  (void)state;
  assert_string_equal(narrow("%.2f|%e|%g|%5.1f|%-6.1f|%+.0f", 3.14159, 12345.678, 0.0001, 2.26, 1.0, 2.0),
                      "3.14|1.234568e+04|0.0001|  2.3|1.0   |+2");
}

static void test_printf_percent_and_unknown_conversions_print_as_written(void **state) {
  (void)state;
  assert_string_equal(narrow("100%% %y %"), "100% %y %");
}

static void test_printf_n_writes_nothing(void **state) {
  (void)state;
  int count = 12345;
  assert_string_equal(narrow("ab%ncd", &count), "abcd");
  assert_int_equal(count, 12345);
}

static void test_unicode_string_printf_formats_into_the_counted_buffer(void **state) {
  (void)state;
  WCHAR buffer[32];
  UNICODE_STRING dest = {0, sizeof buffer, buffer}, name;
  RtlInitUnicodeString(&name, L"Wmi");
  assert_int_equal(RtlUnicodeStringPrintf(&dest, L"%d-%wZ-%I64x", 42, &name, (ULONG64)0x1234567890ull),
                   STATUS_SUCCESS);
  rtl_assert_ustr(&dest, L"42-Wmi-1234567890");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      RTL_TEST(test_printf_l_reads_a_32_bit_windows_long),
      RTL_TEST(test_printf_I64_and_ll_read_64_bits),
      RTL_TEST(test_printf_I_z_and_t_are_pointer_sized),
      RTL_TEST(test_printf_I32_reads_32_bits),
      RTL_TEST(test_printf_h_and_hh_truncate_to_short_and_char),
      RTL_TEST(test_printf_flags_width_and_precision_pad_numbers),
      RTL_TEST(test_printf_zero_precision_prints_no_digits_for_zero),
      RTL_TEST(test_printf_star_takes_width_and_precision_from_arguments),
      RTL_TEST(test_printf_strings_pad_and_cut),
      RTL_TEST(test_printf_narrow_format_s_and_hs_take_char_strings),
      RTL_TEST(test_printf_narrow_format_S_ls_and_ws_take_wchar_strings),
      RTL_TEST(test_printf_wide_format_s_is_wchar_and_S_hs_are_char),
      RTL_TEST(test_printf_characters_follow_the_same_widths),
      RTL_TEST(test_printf_wZ_prints_a_counted_unicode_string),
      RTL_TEST(test_printf_Z_prints_a_counted_ansi_string),
      RTL_TEST(test_printf_null_strings_print_null),
      RTL_TEST(test_printf_wchar_text_in_char_output_uses_the_ansi_code_page),
      RTL_TEST(test_printf_char_text_in_wchar_output_uses_the_ansi_code_page),
      RTL_TEST(test_printf_p_prints_the_pointer_width_in_upper_hex),
      RTL_TEST(test_printf_floating_point_conversions),
      RTL_TEST(test_printf_percent_and_unknown_conversions_print_as_written),
      RTL_TEST(test_printf_n_writes_nothing),
      RTL_TEST(test_unicode_string_printf_formats_into_the_counted_buffer),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
