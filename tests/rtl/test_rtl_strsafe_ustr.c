/*
 * test_rtl_strsafe_ustr.c - ntstrsafe.h's UNICODE_STRING routines: Init,
 * Validate, Copy, Cat and Printf with their N and Ex forms and flags, and
 * RtlStringCchCopyUnicodeString.
 */
#include "rtl_test.h"

#include <stdlib.h>

#include <ntstrsafe.h>

/* A destination of `chars` characters, filled with 0xCCCC to show what is written. */
static UNICODE_STRING destination(WCHAR *buffer, size_t chars) {
  for (size_t i = 0; i < chars; i++) buffer[i] = 0xCCCC;
  UNICODE_STRING s = {0, (USHORT)(chars * sizeof(WCHAR)), buffer};
  return s;
}

/* ---- Init and Validate ------------------------------------------------------------------------- */

static void test_unicode_string_init_points_at_the_source(void **state) {
  (void)state;
  static const WCHAR text[] = L"abc";
  UNICODE_STRING s;
  assert_int_equal(RtlUnicodeStringInit(&s, text), STATUS_SUCCESS);
  assert_int_equal(s.Length, 6);
  assert_int_equal(s.MaximumLength, 8);
  assert_ptr_equal(s.Buffer, text);
}

static void test_unicode_string_init_of_null_gives_an_empty_string(void **state) {
  (void)state;
  UNICODE_STRING s = {2, 2, (PWCH)L"x"};
  assert_int_equal(RtlUnicodeStringInit(&s, NULL), STATUS_SUCCESS);
  assert_int_equal(s.Length, 0);
  assert_int_equal(s.MaximumLength, 0);
  assert_null(s.Buffer);
}

static void test_unicode_string_init_rejects_32767_characters(void **state) {
  (void)state;
  WCHAR *text = malloc(32768 * sizeof(WCHAR));
  for (int i = 0; i < 32767; i++) text[i] = L'y';
  text[32767] = 0;
  UNICODE_STRING s;
  assert_int_equal(RtlUnicodeStringInit(&s, text), STATUS_INVALID_PARAMETER);
  text[32766] = 0;
  assert_int_equal(RtlUnicodeStringInit(&s, text), STATUS_SUCCESS);
  assert_int_equal(s.MaximumLength, 65534);
  free(text);
}

static void test_unicode_string_init_ex_accepts_a_null_destination_only_with_ignore_nulls(void **state) {
  (void)state;
  assert_int_equal(RtlUnicodeStringInitEx(NULL, NULL, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
  assert_int_equal(RtlUnicodeStringInitEx(NULL, NULL, 0), STATUS_INVALID_PARAMETER);
  assert_int_equal(RtlUnicodeStringInitEx(NULL, L"x", STRSAFE_IGNORE_NULLS), STATUS_INVALID_PARAMETER);
}

static void test_unicode_string_validate_rejects_inconsistent_structures(void **state) {
  (void)state;
  WCHAR buffer[4];
  UNICODE_STRING odd_length = {3, 8, buffer}, odd_maximum = {2, 7, buffer}, longer = {8, 6, buffer},
                 no_buffer = {0, 8, NULL}, too_big = {0, 65535, buffer}, good = {4, 8, buffer}, empty = {0, 0, NULL};
  assert_int_equal(RtlUnicodeStringValidate(&odd_length), STATUS_INVALID_PARAMETER);
  assert_int_equal(RtlUnicodeStringValidate(&odd_maximum), STATUS_INVALID_PARAMETER);
  assert_int_equal(RtlUnicodeStringValidate(&longer), STATUS_INVALID_PARAMETER);
  assert_int_equal(RtlUnicodeStringValidate(&no_buffer), STATUS_INVALID_PARAMETER);
  assert_int_equal(RtlUnicodeStringValidate(&too_big), STATUS_INVALID_PARAMETER);
  assert_int_equal(RtlUnicodeStringValidate(&good), STATUS_SUCCESS);
  assert_int_equal(RtlUnicodeStringValidate(&empty), STATUS_SUCCESS);
}

static void test_unicode_string_validate_ex_ignore_nulls_accepts_null(void **state) {
  (void)state;
  assert_int_equal(RtlUnicodeStringValidate(NULL), STATUS_INVALID_PARAMETER);
  assert_int_equal(RtlUnicodeStringValidateEx(NULL, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
  assert_int_equal(RtlUnicodeStringValidateEx(NULL, 0x00400000), STATUS_INVALID_PARAMETER);
}

/* ---- Copy and Cat ------------------------------------------------------------------------------------ */

static void test_unicode_string_copy_copies_without_a_terminator(void **state) {
  (void)state;
  WCHAR buffer[8];
  UNICODE_STRING dest = destination(buffer, 8), src;
  RtlInitUnicodeString(&src, L"abc");
  assert_int_equal(RtlUnicodeStringCopy(&dest, &src), STATUS_SUCCESS);
  rtl_assert_ustr(&dest, L"abc");
  assert_int_equal(buffer[3], 0xCCCC);
}

static void test_unicode_string_copy_truncation_fills_the_buffer_and_overflows(void **state) {
  (void)state;
  WCHAR buffer[3];
  UNICODE_STRING dest = destination(buffer, 3), src;
  RtlInitUnicodeString(&src, L"abcdef");
  assert_int_equal(RtlUnicodeStringCopy(&dest, &src), STATUS_BUFFER_OVERFLOW);
  rtl_assert_ustr(&dest, L"abc");
}

static void test_unicode_string_copy_string_copies_a_terminated_source(void **state) {
  (void)state;
  WCHAR buffer[8];
  UNICODE_STRING dest = destination(buffer, 8);
  assert_int_equal(RtlUnicodeStringCopyString(&dest, L"wmisim"), STATUS_SUCCESS);
  rtl_assert_ustr(&dest, L"wmisim");
}

static void test_unicode_string_cat_appends_to_the_counted_text(void **state) {
  (void)state;
  WCHAR buffer[8];
  UNICODE_STRING dest = destination(buffer, 8), src;
  RtlUnicodeStringCopyString(&dest, L"ab");
  RtlInitUnicodeString(&src, L"cd");
  assert_int_equal(RtlUnicodeStringCat(&dest, &src), STATUS_SUCCESS);
  rtl_assert_ustr(&dest, L"abcd");
  assert_int_equal(RtlUnicodeStringCatString(&dest, L"efghij"), STATUS_BUFFER_OVERFLOW);
  rtl_assert_ustr(&dest, L"abcdefgh");
}

static void test_unicode_string_n_forms_limit_the_source(void **state) {
  (void)state;
  WCHAR buffer[8];
  UNICODE_STRING dest = destination(buffer, 8), src;
  RtlInitUnicodeString(&src, L"abcdef");
  assert_int_equal(RtlUnicodeStringCchCopyN(&dest, &src, 2), STATUS_SUCCESS);
  rtl_assert_ustr(&dest, L"ab");
  assert_int_equal(RtlUnicodeStringCbCatStringN(&dest, L"xyz", 2 * sizeof(WCHAR)), STATUS_SUCCESS);
  rtl_assert_ustr(&dest, L"abxy");
  assert_int_equal(RtlUnicodeStringCchCopyStringN(&dest, L"q", NTSTRSAFE_UNICODE_STRING_MAX_CCH + 1),
                   STATUS_INVALID_PARAMETER);
}

static void test_unicode_string_copy_ex_describes_the_remaining_buffer(void **state) {
  (void)state;
  WCHAR buffer[8];
  UNICODE_STRING dest = destination(buffer, 8), src, rest;
  RtlInitUnicodeString(&src, L"abc");
  assert_int_equal(RtlUnicodeStringCopyEx(&dest, &src, &rest, 0), STATUS_SUCCESS);
  assert_ptr_equal(rest.Buffer, buffer + 3);
  assert_int_equal(rest.Length, 0);
  assert_int_equal(rest.MaximumLength, 10);
}

static void test_unicode_string_cat_ex_no_truncation_keeps_the_original(void **state) {
  (void)state;
  WCHAR buffer[4];
  UNICODE_STRING dest = destination(buffer, 4);
  RtlUnicodeStringCopyString(&dest, L"ab");
  assert_int_equal(RtlUnicodeStringCatStringEx(&dest, L"cde", NULL, STRSAFE_NO_TRUNCATION), STATUS_BUFFER_OVERFLOW);
  rtl_assert_ustr(&dest, L"ab");
  assert_int_equal(buffer[2], 0xCCCC);
}

static void test_unicode_string_copy_ex_zero_length_on_failure_empties_the_result(void **state) {
  (void)state;
  WCHAR buffer[2];
  UNICODE_STRING dest = destination(buffer, 2);
  assert_int_equal(RtlUnicodeStringCopyStringEx(&dest, L"abc", NULL, STRSAFE_ZERO_LENGTH_ON_FAILURE),
                   STATUS_BUFFER_OVERFLOW);
  assert_int_equal(dest.Length, 0);
}

static void test_unicode_string_copy_ex_fill_on_failure_fills_the_buffer(void **state) {
  (void)state;
  WCHAR buffer[2];
  UNICODE_STRING dest = destination(buffer, 2);
  assert_int_equal(RtlUnicodeStringCopyStringEx(&dest, L"abc", NULL, STRSAFE_FAILURE_BYTE(0x41)),
                   STATUS_BUFFER_OVERFLOW);
  assert_int_equal(dest.Length, 0);
  assert_int_equal(buffer[0], 0x4141);
  assert_int_equal(buffer[1], 0x4141);
}

static void test_unicode_string_copy_ex_fill_behind_with_zero_terminates(void **state) {
  (void)state;
  WCHAR buffer[6];
  UNICODE_STRING dest = destination(buffer, 6);
  assert_int_equal(RtlUnicodeStringCopyStringEx(&dest, L"ab", NULL, STRSAFE_FILL_BEHIND | 0), STATUS_SUCCESS);
  rtl_assert_wstr(buffer, L"ab");
  assert_int_equal(buffer[5], 0);
}

static void test_dest_null_terminated_flag_keeps_room_for_the_terminator(void **state) {
  (void)state;
  WCHAR buffer[4];
  UNICODE_STRING dest = destination(buffer, 4);
  assert_int_equal(
      RtlUnicodeStringCopyStringEx(&dest, L"abcd", NULL, STRSAFE_UNICODE_STRING_DEST_NULL_TERMINATED),
      STATUS_BUFFER_OVERFLOW);
  rtl_assert_ustr(&dest, L"abc");
  assert_int_equal(buffer[3], 0);
}

static void test_unicode_string_ex_ignore_nulls_copies_nothing_from_null(void **state) {
  (void)state;
  WCHAR buffer[4];
  UNICODE_STRING dest = destination(buffer, 4);
  RtlUnicodeStringCopyString(&dest, L"ab");
  assert_int_equal(RtlUnicodeStringCatEx(&dest, NULL, NULL, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
  rtl_assert_ustr(&dest, L"ab");
  assert_int_equal(RtlUnicodeStringCat(&dest, NULL), STATUS_INVALID_PARAMETER);
}

static void test_unicode_string_invalid_destination_is_invalid_parameter(void **state) {
  (void)state;
  WCHAR buffer[4];
  UNICODE_STRING odd = {0, 7, buffer};
  assert_int_equal(RtlUnicodeStringCopyString(&odd, L"x"), STATUS_INVALID_PARAMETER);
  assert_int_equal(RtlUnicodeStringCopyString(NULL, L"x"), STATUS_INVALID_PARAMETER);
}

/* ---- Printf -------------------------------------------------------------------------------------------- */

static void test_unicode_string_printf_truncates_to_the_maximum_length(void **state) {
  (void)state;
  WCHAR buffer[4];
  UNICODE_STRING dest = destination(buffer, 4);
  assert_int_equal(RtlUnicodeStringPrintf(&dest, L"%lu", (ULONG)1234567), STATUS_BUFFER_OVERFLOW);
  rtl_assert_ustr(&dest, L"1234");
}

static void test_unicode_string_printf_terminates_when_there_is_room(void **state) {
  (void)state;
  WCHAR buffer[4];
  UNICODE_STRING dest = destination(buffer, 4);
  assert_int_equal(RtlUnicodeStringPrintf(&dest, L"%d", 12), STATUS_SUCCESS);
  rtl_assert_ustr(&dest, L"12");
  assert_int_equal(buffer[2], 0);
}

static void test_unicode_string_printf_ex_no_truncation_keeps_the_buffer(void **state) {
  (void)state;
  WCHAR buffer[3];
  UNICODE_STRING dest = destination(buffer, 3), rest;
  assert_int_equal(RtlUnicodeStringPrintfEx(&dest, &rest, STRSAFE_NO_TRUNCATION, L"%s", L"long"),
                   STATUS_BUFFER_OVERFLOW);
  assert_int_equal(dest.Length, 0);
  assert_int_equal(buffer[0], 0xCCCC);
  assert_int_equal(rest.MaximumLength, 6);
}

/* ---- into a terminated buffer ------------------------------------------------------------------------------ */

static void test_string_cch_copy_unicode_string_terminates_the_copy(void **state) {
  (void)state;
  WCHAR buffer[8];
  UNICODE_STRING src = {6, 12, (PWCH)L"abcdef"};
  assert_int_equal(RtlStringCchCopyUnicodeString(buffer, 8, &src), STATUS_SUCCESS);
  rtl_assert_wstr(buffer, L"abc");
  assert_int_equal(RtlStringCbCopyUnicodeString(buffer, 4, &src), STATUS_BUFFER_OVERFLOW);
  rtl_assert_wstr(buffer, L"a");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      RTL_TEST(test_unicode_string_init_points_at_the_source),
      RTL_TEST(test_unicode_string_init_of_null_gives_an_empty_string),
      RTL_TEST(test_unicode_string_init_rejects_32767_characters),
      RTL_TEST(test_unicode_string_init_ex_accepts_a_null_destination_only_with_ignore_nulls),
      RTL_TEST(test_unicode_string_validate_rejects_inconsistent_structures),
      RTL_TEST(test_unicode_string_validate_ex_ignore_nulls_accepts_null),
      RTL_TEST(test_unicode_string_copy_copies_without_a_terminator),
      RTL_TEST(test_unicode_string_copy_truncation_fills_the_buffer_and_overflows),
      RTL_TEST(test_unicode_string_copy_string_copies_a_terminated_source),
      RTL_TEST(test_unicode_string_cat_appends_to_the_counted_text),
      RTL_TEST(test_unicode_string_n_forms_limit_the_source),
      RTL_TEST(test_unicode_string_copy_ex_describes_the_remaining_buffer),
      RTL_TEST(test_unicode_string_cat_ex_no_truncation_keeps_the_original),
      RTL_TEST(test_unicode_string_copy_ex_zero_length_on_failure_empties_the_result),
      RTL_TEST(test_unicode_string_copy_ex_fill_on_failure_fills_the_buffer),
      RTL_TEST(test_unicode_string_copy_ex_fill_behind_with_zero_terminates),
      RTL_TEST(test_dest_null_terminated_flag_keeps_room_for_the_terminator),
      RTL_TEST(test_unicode_string_ex_ignore_nulls_copies_nothing_from_null),
      RTL_TEST(test_unicode_string_invalid_destination_is_invalid_parameter),
      RTL_TEST(test_unicode_string_printf_truncates_to_the_maximum_length),
      RTL_TEST(test_unicode_string_printf_terminates_when_there_is_room),
      RTL_TEST(test_unicode_string_printf_ex_no_truncation_keeps_the_buffer),
      RTL_TEST(test_string_cch_copy_unicode_string_terminates_the_copy),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
