/*
 * test_rtl_integer.c - integers to text (RtlIntegerToUnicodeString,
 * RtlInt64ToUnicodeString, RtlIntegerToChar) and back
 * (RtlUnicodeStringToInteger, RtlCharToInteger).
 */
#include "rtl_test.h"

static const WCHAR *to_text(ULONG value, ULONG base) {
  static WCHAR buffer[40];
  UNICODE_STRING s = {0, sizeof buffer, buffer};
  assert_int_equal(RtlIntegerToUnicodeString(value, base, &s), STATUS_SUCCESS);
  assert_int_equal(s.Length, rtl_wlen(buffer) * sizeof(WCHAR));
  return buffer;
}

static ULONG parse(const WCHAR *text, ULONG base) {
  UNICODE_STRING s;
  ULONG value = 0xCCCCCCCC;
  RtlInitUnicodeString(&s, text);
  assert_int_equal(RtlUnicodeStringToInteger(&s, base, &value), STATUS_SUCCESS);
  return value;
}

/* ---- to text ------------------------------------------------------------------------------------ */

static void test_integer_to_unicode_string_writes_each_base_upper_case(void **state) {
  (void)state;
  rtl_assert_wstr(to_text(255, 16), L"FF");
  rtl_assert_wstr(to_text(255, 2), L"11111111");
  rtl_assert_wstr(to_text(255, 8), L"377");
  rtl_assert_wstr(to_text(255, 10), L"255");
  rtl_assert_wstr(to_text(4294967295u, 0), L"4294967295");
  rtl_assert_wstr(to_text(0, 16), L"0");
}

static void test_integer_to_unicode_string_rejects_other_bases(void **state) {
  (void)state;
  WCHAR buffer[8];
  UNICODE_STRING s = {0, sizeof buffer, buffer};
  assert_int_equal(RtlIntegerToUnicodeString(5, 3, &s), STATUS_INVALID_PARAMETER);
}

static void test_integer_to_unicode_string_needs_room_for_the_terminator(void **state) {
  (void)state;
  WCHAR buffer[4];
  UNICODE_STRING s = {0, 6, buffer};
  assert_int_equal(RtlIntegerToUnicodeString(123, 10, &s), STATUS_BUFFER_OVERFLOW);
  s.MaximumLength = 8;
  assert_int_equal(RtlIntegerToUnicodeString(123, 10, &s), STATUS_SUCCESS);
  rtl_assert_ustr(&s, L"123");
}

static void test_int64_to_unicode_string_writes_64_bit_values(void **state) {
  (void)state;
  WCHAR buffer[24];
  UNICODE_STRING s = {0, sizeof buffer, buffer};
  assert_int_equal(RtlInt64ToUnicodeString(18446744073709551615ull, 10, &s), STATUS_SUCCESS);
  rtl_assert_ustr(&s, L"18446744073709551615");
  assert_int_equal(RtlInt64ToUnicodeString(0x123456789ABCull, 16, &s), STATUS_SUCCESS);
  rtl_assert_ustr(&s, L"123456789ABC");
}

static void test_integer_to_char_terminates_only_when_there_is_room(void **state) {
  (void)state;
  char buffer[8];
  memset(buffer, '#', sizeof buffer);
  assert_int_equal(RtlIntegerToChar(1234, 10, 4, buffer), STATUS_SUCCESS);
  assert_memory_equal(buffer, "1234#", 5);
  assert_int_equal(RtlIntegerToChar(1234, 10, 5, buffer), STATUS_SUCCESS);
  assert_string_equal(buffer, "1234");
  assert_int_equal(RtlIntegerToChar(1234, 10, 3, buffer), STATUS_BUFFER_OVERFLOW);
  assert_int_equal(RtlIntegerToChar(1234, 10, -1, buffer), STATUS_BUFFER_OVERFLOW);
}

/* ---- from text ---------------------------------------------------------------------------------- */

static void test_unicode_string_to_integer_gives_the_documented_examples(void **state) {
  (void)state;
  assert_int_equal(parse(L"123", 10), 123);
  assert_int_equal((LONG)parse(L"-345", 10), -345);
  assert_int_equal(parse(L"xyz", 10), 0);
  assert_int_equal(parse(L"+678abc", 10), 678);
  assert_int_equal(parse(L"+678abc", 16), 0x678abc);
}

static void test_unicode_string_to_integer_base_zero_reads_0x_0o_0b_prefixes(void **state) {
  (void)state;
  assert_int_equal(parse(L"0x1F", 0), 31);
  assert_int_equal(parse(L"0o17", 0), 15);
  assert_int_equal(parse(L"0b101", 0), 5);
  assert_int_equal(parse(L"017", 0), 17);
  assert_int_equal((LONG)parse(L"-0x10", 0), -16);
}

static void test_unicode_string_to_integer_with_a_base_does_not_skip_a_prefix(void **state) {
  (void)state;
  assert_int_equal(parse(L"0x1F", 16), 0);
  assert_int_equal(parse(L"101", 2), 5);
  assert_int_equal(parse(L"1012", 2), 5);
}

static void test_unicode_string_to_integer_skips_leading_white_space(void **state) {
  (void)state;
  assert_int_equal(parse(L"  \t42", 10), 42);
  assert_int_equal(parse(L"   ", 10), 0);
}

static void test_unicode_string_to_integer_rejects_an_empty_string_and_other_bases(void **state) {
  (void)state;
  UNICODE_STRING empty = {0, 0, NULL}, text;
  ULONG value;
  assert_int_equal(RtlUnicodeStringToInteger(&empty, 10, &value), STATUS_INVALID_PARAMETER);
  RtlInitUnicodeString(&text, L"12");
  assert_int_equal(RtlUnicodeStringToInteger(&text, 7, &value), STATUS_INVALID_PARAMETER);
}

static void test_unicode_string_to_integer_wraps_modulo_2_to_the_32(void **state) {
  (void)state;
  assert_int_equal(parse(L"4294967297", 10), 1);
}

static void test_unicode_string_to_integer_reads_only_the_counted_length(void **state) {
  (void)state;
  UNICODE_STRING s = {4, 10, (PWCH)L"12345"};
  ULONG value;
  assert_int_equal(RtlUnicodeStringToInteger(&s, 10, &value), STATUS_SUCCESS);
  assert_int_equal(value, 12);
}

static void test_char_to_integer_parses_ansi_text(void **state) {
  (void)state;
  ULONG value;
  assert_int_equal(RtlCharToInteger("  -12", 10, &value), STATUS_SUCCESS);
  assert_int_equal((LONG)value, -12);
  assert_int_equal(RtlCharToInteger("0xff", 0, &value), STATUS_SUCCESS);
  assert_int_equal(value, 255);
  assert_int_equal(RtlCharToInteger("", 10, &value), STATUS_INVALID_PARAMETER);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      RTL_TEST(test_integer_to_unicode_string_writes_each_base_upper_case),
      RTL_TEST(test_integer_to_unicode_string_rejects_other_bases),
      RTL_TEST(test_integer_to_unicode_string_needs_room_for_the_terminator),
      RTL_TEST(test_int64_to_unicode_string_writes_64_bit_values),
      RTL_TEST(test_integer_to_char_terminates_only_when_there_is_room),
      RTL_TEST(test_unicode_string_to_integer_gives_the_documented_examples),
      RTL_TEST(test_unicode_string_to_integer_base_zero_reads_0x_0o_0b_prefixes),
      RTL_TEST(test_unicode_string_to_integer_with_a_base_does_not_skip_a_prefix),
      RTL_TEST(test_unicode_string_to_integer_skips_leading_white_space),
      RTL_TEST(test_unicode_string_to_integer_rejects_an_empty_string_and_other_bases),
      RTL_TEST(test_unicode_string_to_integer_wraps_modulo_2_to_the_32),
      RTL_TEST(test_unicode_string_to_integer_reads_only_the_counted_length),
      RTL_TEST(test_char_to_integer_parses_ansi_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
