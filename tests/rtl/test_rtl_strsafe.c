/*
 * test_rtl_strsafe.c - ntstrsafe.h's RtlStringCch* and RtlStringCb*
 * routines: results, truncation, sizes, and each STRSAFE_* flag of the Ex
 * forms.
 */
#include "rtl_test.h"

#include <ntstrsafe.h>

/* ---- copying ------------------------------------------------------------------------------------ */

static void test_cch_copy_copies_and_terminates(void **state) {
  (void)state;
  WCHAR buffer[8];
  assert_int_equal(RtlStringCchCopyW(buffer, 8, L"copy"), STATUS_SUCCESS);
  rtl_assert_wstr(buffer, L"copy");
  char narrow[8];
  assert_int_equal(RtlStringCchCopyA(narrow, sizeof narrow, "copy"), STATUS_SUCCESS);
  assert_string_equal(narrow, "copy");
}

static void test_cch_copy_truncation_returns_buffer_overflow_and_terminates(void **state) {
  (void)state;
  WCHAR buffer[4];
  assert_int_equal(RtlStringCchCopyW(buffer, 4, L"abcdef"), STATUS_BUFFER_OVERFLOW);
  rtl_assert_wstr(buffer, L"abc");
}

static void test_cch_copy_exactly_filling_the_buffer_succeeds(void **state) {
  (void)state;
  WCHAR buffer[4];
  assert_int_equal(RtlStringCchCopyW(buffer, 4, L"abc"), STATUS_SUCCESS);
  rtl_assert_wstr(buffer, L"abc");
}

static void test_cch_copy_rejects_a_zero_or_oversized_destination(void **state) {
  (void)state;
  WCHAR buffer[4] = L"old";
  assert_int_equal(RtlStringCchCopyW(buffer, 0, L"x"), STATUS_INVALID_PARAMETER);
  assert_int_equal(RtlStringCchCopyW(buffer, (size_t)NTSTRSAFE_MAX_CCH + 1, L"x"), STATUS_INVALID_PARAMETER);
  rtl_assert_wstr(buffer, L"old");
}

static void test_cch_copy_null_source_is_invalid_and_leaves_an_empty_string(void **state) {
  (void)state;
  WCHAR buffer[4] = L"old";
  assert_int_equal(RtlStringCchCopyW(buffer, 4, NULL), STATUS_INVALID_PARAMETER);
  assert_int_equal(buffer[0], 0);
}

static void test_cb_copy_counts_the_destination_in_bytes(void **state) {
  (void)state;
  WCHAR buffer[4];
  assert_int_equal(RtlStringCbCopyW(buffer, 7, L"abc"), STATUS_BUFFER_OVERFLOW);
  rtl_assert_wstr(buffer, L"ab");
  assert_int_equal(RtlStringCbCopyW(buffer, sizeof buffer, L"abc"), STATUS_SUCCESS);
}

static void test_cch_copy_n_copies_at_most_n_characters(void **state) {
  (void)state;
  WCHAR buffer[8];
  assert_int_equal(RtlStringCchCopyNW(buffer, 8, L"abcdef", 3), STATUS_SUCCESS);
  rtl_assert_wstr(buffer, L"abc");
  char narrow[8];
  assert_int_equal(RtlStringCbCopyNA(narrow, sizeof narrow, "abcdef", 2), STATUS_SUCCESS);
  assert_string_equal(narrow, "ab");
  assert_int_equal(RtlStringCbCopyNW(buffer, sizeof buffer, L"abcdef", 4 * sizeof(WCHAR)), STATUS_SUCCESS);
  rtl_assert_wstr(buffer, L"abcd");
}

/* ---- concatenating ----------------------------------------------------------------------------------- */

static void test_cch_cat_appends(void **state) {
  (void)state;
  WCHAR buffer[16] = L"Root";
  assert_int_equal(RtlStringCchCatW(buffer, 16, L"\\WMI"), STATUS_SUCCESS);
  rtl_assert_wstr(buffer, L"Root\\WMI");
}

static void test_cch_cat_truncation_returns_buffer_overflow_and_terminates(void **state) {
  (void)state;
  char buffer[6] = "abc";
  assert_int_equal(RtlStringCchCatA(buffer, sizeof buffer, "defg"), STATUS_BUFFER_OVERFLOW);
  assert_string_equal(buffer, "abcde");
}

static void test_cch_cat_into_an_unterminated_destination_is_invalid(void **state) {
  (void)state;
  char buffer[3] = {'a', 'b', 'c'};
  assert_int_equal(RtlStringCchCatA(buffer, sizeof buffer, "d"), STATUS_INVALID_PARAMETER);
  assert_memory_equal(buffer, "abc", 3);
}

static void test_cch_cat_n_appends_at_most_n_characters(void **state) {
  (void)state;
  WCHAR buffer[8] = L"ab";
  assert_int_equal(RtlStringCchCatNW(buffer, 8, L"cdef", 2), STATUS_SUCCESS);
  rtl_assert_wstr(buffer, L"abcd");
  assert_int_equal(RtlStringCbCatNW(buffer, sizeof buffer, L"xyz", sizeof(WCHAR)), STATUS_SUCCESS);
  rtl_assert_wstr(buffer, L"abcdx");
}

/* ---- lengths ------------------------------------------------------------------------------------------- */

static void test_cch_length_counts_and_rejects_an_unterminated_string(void **state) {
  (void)state;
  size_t length = 99;
  assert_int_equal(RtlStringCchLengthW(L"four", 5, &length), STATUS_SUCCESS);
  assert_int_equal(length, 4);
  assert_int_equal(RtlStringCchLengthW(L"four", 4, &length), STATUS_INVALID_PARAMETER);
  assert_int_equal(length, 0);
  assert_int_equal(RtlStringCchLengthA(NULL, 4, &length), STATUS_INVALID_PARAMETER);
  assert_int_equal(RtlStringCchLengthA("x", (size_t)NTSTRSAFE_MAX_CCH + 1, &length), STATUS_INVALID_PARAMETER);
}

static void test_cb_length_gives_bytes(void **state) {
  (void)state;
  size_t length = 0;
  assert_int_equal(RtlStringCbLengthW(L"four", 10, &length), STATUS_SUCCESS);
  assert_int_equal(length, 8);
  assert_int_equal(RtlStringCbLengthA("four", 5, &length), STATUS_SUCCESS);
  assert_int_equal(length, 4);
}

/* ---- Ex: end, remaining and each flag --------------------------------------------------------------------- */

static void test_cch_copy_ex_reports_the_terminator_and_the_room_left(void **state) {
  (void)state;
  WCHAR buffer[10];
  WCHAR *end = NULL;
  size_t remaining = 0;
  assert_int_equal(RtlStringCchCopyExW(buffer, 10, L"abc", &end, &remaining, 0), STATUS_SUCCESS);
  assert_ptr_equal(end, buffer + 3);
  assert_int_equal(remaining, 7);
}

static void test_cch_cat_ex_reports_the_end_of_the_whole_string(void **state) {
  (void)state;
  char buffer[8] = "ab";
  char *end = NULL;
  size_t remaining = 0;
  assert_int_equal(RtlStringCchCatExA(buffer, 8, "cdefghij", &end, &remaining, 0), STATUS_BUFFER_OVERFLOW);
  assert_string_equal(buffer, "abcdefg");
  assert_ptr_equal(end, buffer + 7);
  assert_int_equal(remaining, 1);
}

static void test_cb_copy_ex_remaining_bytes_include_an_odd_byte(void **state) {
  (void)state;
  WCHAR buffer[5];
  size_t remaining = 0;
  assert_int_equal(RtlStringCbCopyExW(buffer, 9, L"ab", NULL, &remaining, 0), STATUS_SUCCESS);
  assert_int_equal(remaining, 5);
}

static void test_ignore_nulls_treats_a_null_source_as_empty(void **state) {
  (void)state;
  WCHAR buffer[4] = L"old";
  assert_int_equal(RtlStringCchCopyExW(buffer, 4, NULL, NULL, NULL, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
  assert_int_equal(buffer[0], 0);
}

static void test_ignore_nulls_lets_a_null_destination_of_size_zero_take_nothing(void **state) {
  (void)state;
  WCHAR *end = (WCHAR *)1;
  size_t remaining = 9;
  assert_int_equal(RtlStringCchCopyExW(NULL, 0, L"", &end, &remaining, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
  assert_null(end);
  assert_int_equal(remaining, 0);
  assert_int_equal(RtlStringCchCopyExW(NULL, 0, L"x", NULL, NULL, STRSAFE_IGNORE_NULLS), STATUS_INVALID_PARAMETER);
  assert_int_equal(RtlStringCchCopyExW(NULL, 4, L"", NULL, NULL, STRSAFE_IGNORE_NULLS), STATUS_INVALID_PARAMETER);
}

static void test_fill_behind_null_fills_the_rest_on_success(void **state) {
  (void)state;
  char buffer[6];
  memset(buffer, 0, sizeof buffer);
  assert_int_equal(RtlStringCchCopyExA(buffer, sizeof buffer, "ab", NULL, NULL, STRSAFE_FILL_BYTE('@')),
                   STATUS_SUCCESS);
  assert_memory_equal(buffer, "ab\0@@@", 6);
}

static void test_fill_on_failure_fills_the_whole_buffer_and_terminates(void **state) {
  (void)state;
  char buffer[5] = "";
  char *end = NULL;
  size_t remaining = 0;
  assert_int_equal(RtlStringCchCopyExA(buffer, sizeof buffer, "abcdef", &end, &remaining, STRSAFE_FAILURE_BYTE('*')),
                   STATUS_BUFFER_OVERFLOW);
  assert_memory_equal(buffer, "****\0", 5);
  assert_ptr_equal(end, buffer + 4);
  assert_int_equal(remaining, 1);
}

static void test_null_on_failure_leaves_an_empty_string(void **state) {
  (void)state;
  WCHAR buffer[4];
  size_t remaining = 0;
  assert_int_equal(RtlStringCchCopyExW(buffer, 4, L"abcdef", NULL, &remaining, STRSAFE_NULL_ON_FAILURE),
                   STATUS_BUFFER_OVERFLOW);
  assert_int_equal(buffer[0], 0);
  assert_int_equal(remaining, 4);
}

static void test_no_truncation_copy_leaves_an_empty_string(void **state) {
  (void)state;
  WCHAR buffer[4] = L"old";
  assert_int_equal(RtlStringCchCopyExW(buffer, 4, L"abcdef", NULL, NULL, STRSAFE_NO_TRUNCATION),
                   STATUS_BUFFER_OVERFLOW);
  assert_int_equal(buffer[0], 0);
}

static void test_no_truncation_cat_keeps_the_original_string(void **state) {
  (void)state;
  char buffer[6] = "abc";
  size_t remaining = 0;
  assert_int_equal(RtlStringCchCatExA(buffer, sizeof buffer, "defg", NULL, &remaining, STRSAFE_NO_TRUNCATION),
                   STATUS_BUFFER_OVERFLOW);
  assert_string_equal(buffer, "abc");
  assert_int_equal(remaining, 3);
}

static void test_an_unknown_flag_is_invalid(void **state) {
  (void)state;
  WCHAR buffer[4];
  assert_int_equal(RtlStringCchCopyExW(buffer, 4, L"a", NULL, NULL, 0x00100000), STATUS_INVALID_PARAMETER);
}

/* ---- formatting ------------------------------------------------------------------------------------------ */

static void test_cch_printf_truncation_returns_buffer_overflow_and_terminates(void **state) {
  (void)state;
  WCHAR buffer[6];
  assert_int_equal(RtlStringCchPrintfW(buffer, 6, L"%d-%s", 1234, L"xyz"), STATUS_BUFFER_OVERFLOW);
  rtl_assert_wstr(buffer, L"1234-");
  char narrow[4];
  assert_int_equal(RtlStringCbPrintfA(narrow, sizeof narrow, "%lu", (ULONG)123456), STATUS_BUFFER_OVERFLOW);
  assert_string_equal(narrow, "123");
}

static void test_cch_printf_ex_reports_the_end(void **state) {
  (void)state;
  char buffer[16];
  char *end = NULL;
  size_t remaining = 0;
  assert_int_equal(RtlStringCchPrintfExA(buffer, sizeof buffer, &end, &remaining, 0, "%s=%d", "x", 5),
                   STATUS_SUCCESS);
  assert_string_equal(buffer, "x=5");
  assert_ptr_equal(end, buffer + 3);
  assert_int_equal(remaining, 13);
}

static void test_cb_printf_ex_fill_behind_fills_after_the_text(void **state) {
  (void)state;
  WCHAR buffer[4];
  size_t remaining = 0;
  memset(buffer, 0xAB, sizeof buffer);
  assert_int_equal(RtlStringCbPrintfExW(buffer, sizeof buffer, NULL, &remaining, STRSAFE_FILL_BYTE(0), L"%c", L'z'),
                   STATUS_SUCCESS);
  assert_int_equal(buffer[0], L'z');
  assert_int_equal(buffer[1], 0);
  assert_int_equal(buffer[2], 0);
  assert_int_equal(buffer[3], 0);
  assert_int_equal(remaining, 6);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      RTL_TEST(test_cch_copy_copies_and_terminates),
      RTL_TEST(test_cch_copy_truncation_returns_buffer_overflow_and_terminates),
      RTL_TEST(test_cch_copy_exactly_filling_the_buffer_succeeds),
      RTL_TEST(test_cch_copy_rejects_a_zero_or_oversized_destination),
      RTL_TEST(test_cch_copy_null_source_is_invalid_and_leaves_an_empty_string),
      RTL_TEST(test_cb_copy_counts_the_destination_in_bytes),
      RTL_TEST(test_cch_copy_n_copies_at_most_n_characters),
      RTL_TEST(test_cch_cat_appends),
      RTL_TEST(test_cch_cat_truncation_returns_buffer_overflow_and_terminates),
      RTL_TEST(test_cch_cat_into_an_unterminated_destination_is_invalid),
      RTL_TEST(test_cch_cat_n_appends_at_most_n_characters),
      RTL_TEST(test_cch_length_counts_and_rejects_an_unterminated_string),
      RTL_TEST(test_cb_length_gives_bytes),
      RTL_TEST(test_cch_copy_ex_reports_the_terminator_and_the_room_left),
      RTL_TEST(test_cch_cat_ex_reports_the_end_of_the_whole_string),
      RTL_TEST(test_cb_copy_ex_remaining_bytes_include_an_odd_byte),
      RTL_TEST(test_ignore_nulls_treats_a_null_source_as_empty),
      RTL_TEST(test_ignore_nulls_lets_a_null_destination_of_size_zero_take_nothing),
      RTL_TEST(test_fill_behind_null_fills_the_rest_on_success),
      RTL_TEST(test_fill_on_failure_fills_the_whole_buffer_and_terminates),
      RTL_TEST(test_null_on_failure_leaves_an_empty_string),
      RTL_TEST(test_no_truncation_copy_leaves_an_empty_string),
      RTL_TEST(test_no_truncation_cat_keeps_the_original_string),
      RTL_TEST(test_an_unknown_flag_is_invalid),
      RTL_TEST(test_cch_printf_truncation_returns_buffer_overflow_and_terminates),
      RTL_TEST(test_cch_printf_ex_reports_the_end),
      RTL_TEST(test_cb_printf_ex_fill_behind_fills_after_the_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
