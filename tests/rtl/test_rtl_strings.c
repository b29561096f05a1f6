/*
 * test_rtl_strings.c - counted strings: initialising, copying, appending,
 * comparing, case mapping, duplication, ANSI conversion and the pool the
 * allocating routines use.
 */
#include "rtl_test.h"

#include <stdlib.h>

/* ---- initialising ---------------------------------------------------------------------------- */

static void test_init_unicode_string_counts_bytes_and_terminator(void **state) {
  (void)state;
  static const WCHAR text[] = L"abc";
  UNICODE_STRING s;
  RtlInitUnicodeString(&s, text);
  assert_int_equal(s.Length, 6);
  assert_int_equal(s.MaximumLength, 8);
  assert_ptr_equal(s.Buffer, text);
}

static void test_init_unicode_string_null_source_gives_empty_string(void **state) {
  (void)state;
  UNICODE_STRING s = {1, 1, (PWCH)L"x"};
  RtlInitUnicodeString(&s, NULL);
  assert_int_equal(s.Length, 0);
  assert_int_equal(s.MaximumLength, 0);
  assert_null(s.Buffer);
}

static WCHAR *long_string(size_t chars) {
  WCHAR *s = malloc((chars + 1) * sizeof(WCHAR));
  for (size_t i = 0; i < chars; i++) s[i] = L'x';
  s[chars] = 0;
  return s;
}

static void test_init_unicode_string_ex_rejects_more_than_32766_characters(void **state) {
  (void)state;
  WCHAR *fits = long_string(32766), *too_long = long_string(32767);
  UNICODE_STRING s;
  assert_int_equal(RtlInitUnicodeStringEx(&s, fits), STATUS_SUCCESS);
  assert_int_equal(s.Length, 65532);
  assert_int_equal(s.MaximumLength, 65534);
  assert_int_equal(RtlInitUnicodeStringEx(&s, too_long), STATUS_NAME_TOO_LONG);
  free(fits);
  free(too_long);
}

static void test_init_unicode_string_cuts_an_overlong_source(void **state) {
  (void)state;
  WCHAR *text = long_string(40000);
  UNICODE_STRING s;
  RtlInitUnicodeString(&s, text);
  assert_int_equal(s.Length, 65532);
  assert_int_equal(s.MaximumLength, 65534);
  free(text);
}

static void test_init_ansi_string_counts_bytes_and_terminator(void **state) {
  (void)state;
  ANSI_STRING s;
  RtlInitAnsiString(&s, "hello");
  assert_int_equal(s.Length, 5);
  assert_int_equal(s.MaximumLength, 6);
  assert_string_equal(s.Buffer, "hello");
}

static void test_null_destination_is_reported_as_invalid_parameter(void **state) {
  RtlInitUnicodeString(NULL, L"x");
  assert_int_equal(wmisim_violation_count_rule(*state, "InvalidParameter"), 1);
}

/* ---- copying and appending ----------------------------------------------------------------------- */

static void test_copy_unicode_string_cuts_to_the_destination(void **state) {
  (void)state;
  WCHAR buffer[3] = {0};
  UNICODE_STRING dest = {0, sizeof buffer, buffer}, src;
  RtlInitUnicodeString(&src, L"abcdef");
  RtlCopyUnicodeString(&dest, &src);
  rtl_assert_ustr(&dest, L"abc");
}

static void test_copy_unicode_string_terminates_when_there_is_room(void **state) {
  (void)state;
  WCHAR buffer[8];
  memset(buffer, 0xCC, sizeof buffer);
  UNICODE_STRING dest = {0, sizeof buffer, buffer}, src;
  RtlInitUnicodeString(&src, L"ab");
  RtlCopyUnicodeString(&dest, &src);
  assert_int_equal(dest.Length, 4);
  assert_int_equal(buffer[2], 0);
}

static void test_copy_unicode_string_from_null_empties_the_destination(void **state) {
  (void)state;
  WCHAR buffer[4] = L"abc";
  UNICODE_STRING dest = {6, sizeof buffer, buffer};
  RtlCopyUnicodeString(&dest, NULL);
  assert_int_equal(dest.Length, 0);
}

static void test_copy_string_copies_ansi_text(void **state) {
  (void)state;
  char buffer[8];
  STRING dest = {0, sizeof buffer, buffer}, src;
  RtlInitString(&src, "wmi");
  RtlCopyString(&dest, &src);
  assert_int_equal(dest.Length, 3);
  assert_string_equal(buffer, "wmi");
}

static void test_append_unicode_string_to_string_appends(void **state) {
  (void)state;
  WCHAR buffer[16] = L"Root\\";
  UNICODE_STRING dest = {10, sizeof buffer, buffer}, src;
  RtlInitUnicodeString(&src, L"WMI");
  assert_int_equal(RtlAppendUnicodeStringToString(&dest, &src), STATUS_SUCCESS);
  rtl_assert_ustr(&dest, L"Root\\WMI");
  assert_int_equal(buffer[8], 0);
}

static void test_append_unicode_string_to_string_too_small_changes_nothing(void **state) {
  (void)state;
  WCHAR buffer[4] = L"ab";
  UNICODE_STRING dest = {4, sizeof buffer, buffer}, src;
  RtlInitUnicodeString(&src, L"cde");
  assert_int_equal(RtlAppendUnicodeStringToString(&dest, &src), STATUS_BUFFER_TOO_SMALL);
  rtl_assert_ustr(&dest, L"ab");
}

static void test_append_unicode_to_string_appends_a_terminated_source(void **state) {
  (void)state;
  WCHAR buffer[8] = L"ab";
  UNICODE_STRING dest = {4, sizeof buffer, buffer};
  assert_int_equal(RtlAppendUnicodeToString(&dest, L"cd"), STATUS_SUCCESS);
  rtl_assert_ustr(&dest, L"abcd");
}

static void test_append_unicode_to_string_too_small_returns_buffer_too_small(void **state) {
  (void)state;
  WCHAR buffer[3] = L"ab";
  UNICODE_STRING dest = {4, sizeof buffer, buffer};
  assert_int_equal(RtlAppendUnicodeToString(&dest, L"cd"), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(dest.Length, 4);
}

/* ---- comparing -------------------------------------------------------------------------------------- */

static void test_equal_unicode_string_honours_case_insensitive(void **state) {
  (void)state;
  UNICODE_STRING a, b;
  RtlInitUnicodeString(&a, L"Hello");
  RtlInitUnicodeString(&b, L"hELLO");
  assert_true(RtlEqualUnicodeString(&a, &b, TRUE));
  assert_false(RtlEqualUnicodeString(&a, &b, FALSE));
}

static void test_equal_unicode_string_folds_non_ascii_letters(void **state) {
  (void)state;
  UNICODE_STRING a, b;
  RtlInitUnicodeString(&a, L"\u00C4\u00D6\u00DC\u0416");
  RtlInitUnicodeString(&b, L"\u00E4\u00F6\u00FC\u0436");
  assert_true(RtlEqualUnicodeString(&a, &b, TRUE));
}

static void test_compare_unicode_string_orders_by_first_difference_then_length(void **state) {
  (void)state;
  UNICODE_STRING abc, abd, ab, upper;
  RtlInitUnicodeString(&abc, L"abc");
  RtlInitUnicodeString(&abd, L"abd");
  RtlInitUnicodeString(&ab, L"ab");
  RtlInitUnicodeString(&upper, L"ABC");
  assert_true(RtlCompareUnicodeString(&abc, &abd, FALSE) < 0);
  assert_true(RtlCompareUnicodeString(&abd, &abc, FALSE) > 0);
  assert_true(RtlCompareUnicodeString(&ab, &abc, FALSE) < 0);
  assert_int_equal(RtlCompareUnicodeString(&upper, &abc, TRUE), 0);
  assert_true(RtlCompareUnicodeString(&upper, &abc, FALSE) < 0);
}

static void test_prefix_unicode_string_checks_the_start(void **state) {
  (void)state;
  UNICODE_STRING prefix, whole, other;
  RtlInitUnicodeString(&prefix, L"\\Device\\");
  RtlInitUnicodeString(&whole, L"\\device\\Wmi0");
  RtlInitUnicodeString(&other, L"\\Dev");
  assert_true(RtlPrefixUnicodeString(&prefix, &whole, TRUE));
  assert_false(RtlPrefixUnicodeString(&prefix, &whole, FALSE));
  assert_false(RtlPrefixUnicodeString(&prefix, &other, TRUE));
}

static void test_equal_and_compare_string_fold_windows_1252_letters(void **state) {
  (void)state;
  STRING a, b;
  RtlInitString(&a, "caf\xe9");
  RtlInitString(&b, "CAF\xc9");
  assert_true(RtlEqualString(&a, &b, TRUE));
  assert_false(RtlEqualString(&a, &b, FALSE));
  assert_int_equal(RtlCompareString(&a, &b, TRUE), 0);
  assert_true(RtlCompareString(&a, &b, FALSE) > 0);
}

/* ---- case mapping --------------------------------------------------------------------------------------- */

static void test_upcase_unicode_char_maps_bmp_letters(void **state) {
  (void)state;
  assert_int_equal(RtlUpcaseUnicodeChar(L'a'), L'A');
  assert_int_equal(RtlUpcaseUnicodeChar(0x00E4), 0x00C4);
  assert_int_equal(RtlUpcaseUnicodeChar(0x00FF), 0x0178);
  assert_int_equal(RtlUpcaseUnicodeChar(0x03C3), 0x03A3);
  assert_int_equal(RtlUpcaseUnicodeChar(0x03C2), 0x03A3);
  assert_int_equal(RtlUpcaseUnicodeChar(0x0101), 0x0100);
  assert_int_equal(RtlUpcaseUnicodeChar(0xFF41), 0xFF21);
  assert_int_equal(RtlUpcaseUnicodeChar(L'1'), L'1');
  assert_int_equal(RtlUpcaseUnicodeChar(0xD800), 0xD800);
}

static void test_upcase_unicode_char_keeps_dotless_i_out_of_ascii(void **state) {
  (void)state;
  assert_int_equal(RtlUpcaseUnicodeChar(0x0131), 0x0131);
  assert_int_equal(RtlUpcaseUnicodeChar(0x017F), 0x017F);
}

static void test_downcase_unicode_char_maps_bmp_letters(void **state) {
  (void)state;
  assert_int_equal(RtlDowncaseUnicodeChar(L'Z'), L'z');
  assert_int_equal(RtlDowncaseUnicodeChar(0x03A3), 0x03C3);
  assert_int_equal(RtlDowncaseUnicodeChar(0x0100), 0x0101);
  assert_int_equal(RtlDowncaseUnicodeChar(0x0130), 0x0130);
  assert_int_equal(RtlDowncaseUnicodeChar(0x212A), 0x212A);
}

static void test_upcase_unicode_string_allocates_strg_pool_that_free_returns(void **state) {
  UNICODE_STRING src, upper;
  RtlInitUnicodeString(&src, L"wmi\u00e9");
  assert_int_equal(RtlUpcaseUnicodeString(&upper, &src, TRUE), STATUS_SUCCESS);
  rtl_assert_ustr(&upper, L"WMI\u00c9");
  assert_int_equal(upper.MaximumLength, 8);
  assert_int_equal(wmisim_pool_usage(*state, RTL_TEST_STRING_TAG).blocks, 1);
  RtlFreeUnicodeString(&upper);
  assert_int_equal(wmisim_pool_usage(*state, RTL_TEST_STRING_TAG).blocks, 0);
}

static void test_upcase_unicode_string_works_in_place(void **state) {
  (void)state;
  WCHAR buffer[] = L"abc";
  UNICODE_STRING s = {6, sizeof buffer, buffer};
  assert_int_equal(RtlUpcaseUnicodeString(&s, &s, FALSE), STATUS_SUCCESS);
  rtl_assert_ustr(&s, L"ABC");
}

static void test_downcase_unicode_string_into_a_small_buffer_overflows(void **state) {
  (void)state;
  WCHAR buffer[2];
  UNICODE_STRING dest = {0, sizeof buffer, buffer}, src;
  RtlInitUnicodeString(&src, L"ABC");
  assert_int_equal(RtlDowncaseUnicodeString(&dest, &src, FALSE), STATUS_BUFFER_OVERFLOW);
  assert_int_equal(dest.Length, 0);
}

/* ---- duplication -------------------------------------------------------------------------------------------- */

static void test_duplicate_unicode_string_null_terminates_on_request(void **state) {
  UNICODE_STRING src, copy;
  RtlInitUnicodeString(&src, L"dup");
  assert_int_equal(RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE, &src, &copy),
                   STATUS_SUCCESS);
  assert_ptr_not_equal(copy.Buffer, src.Buffer);
  assert_int_equal(copy.Length, 6);
  assert_int_equal(copy.MaximumLength, 8);
  rtl_assert_wstr(copy.Buffer, L"dup");
  RtlFreeUnicodeString(&copy);
  assert_int_equal(wmisim_pool_usage(*state, RTL_TEST_STRING_TAG).blocks, 0);
}

static void test_duplicate_unicode_string_of_empty_string_gives_null_buffer(void **state) {
  (void)state;
  UNICODE_STRING empty = {0, 0, NULL}, copy = {1, 1, (PWCH)L"x"};
  assert_int_equal(RtlDuplicateUnicodeString(0, &empty, &copy), STATUS_SUCCESS);
  assert_null(copy.Buffer);
  assert_int_equal(copy.MaximumLength, 0);
}

static void test_duplicate_unicode_string_rejects_unknown_flags(void **state) {
  (void)state;
  UNICODE_STRING src, copy;
  RtlInitUnicodeString(&src, L"x");
  assert_int_equal(RtlDuplicateUnicodeString(4, &src, &copy), STATUS_INVALID_PARAMETER);
}

static void test_free_unicode_string_clears_the_structure(void **state) {
  (void)state;
  UNICODE_STRING src, copy;
  RtlInitUnicodeString(&src, L"free me");
  assert_int_equal(RtlDuplicateUnicodeString(0, &src, &copy), STATUS_SUCCESS);
  RtlFreeUnicodeString(&copy);
  assert_null(copy.Buffer);
  assert_int_equal(copy.Length, 0);
  assert_int_equal(copy.MaximumLength, 0);
}

/* ---- ANSI ------------------------------------------------------------------------------------------------------ */

static void test_ansi_to_unicode_maps_windows_1252(void **state) {
  ANSI_STRING src;
  UNICODE_STRING dest;
  RtlInitAnsiString(&src, "\x80\xe9\x81\x9f!");
  assert_int_equal(RtlAnsiStringToUnicodeString(&dest, &src, TRUE), STATUS_SUCCESS);
  static const WCHAR expected[] = {0x20AC, 0x00E9, 0x0081, 0x0178, L'!', 0}; /* C forbids \u0081 */
  rtl_assert_ustr(&dest, expected);
  assert_int_equal(dest.MaximumLength, 12);
  assert_int_equal(dest.Buffer[5], 0);
  RtlFreeUnicodeString(&dest);
  assert_int_equal(wmisim_pool_usage(*state, RTL_TEST_STRING_TAG).blocks, 0);
}

static void test_ansi_to_unicode_without_room_for_terminator_overflows(void **state) {
  (void)state;
  WCHAR buffer[3];
  ANSI_STRING src;
  UNICODE_STRING dest = {0, sizeof buffer, buffer};
  RtlInitAnsiString(&src, "abc");
  assert_int_equal(RtlAnsiStringToUnicodeString(&dest, &src, FALSE), STATUS_BUFFER_OVERFLOW);
  assert_int_equal(dest.Length, 0);
}

static void test_unicode_to_ansi_replaces_unmappable_characters_with_question_marks(void **state) {
  (void)state;
  char buffer[8];
  UNICODE_STRING src;
  ANSI_STRING dest = {0, sizeof buffer, buffer};
  RtlInitUnicodeString(&src, L"a\u20ACb\u4E2D");
  assert_int_equal(RtlUnicodeStringToAnsiString(&dest, &src, FALSE), STATUS_SUCCESS);
  assert_int_equal(dest.Length, 4);
  assert_string_equal(buffer, "a\x80" "b?");
}

static void test_unicode_to_ansi_allocation_is_freed_by_free_ansi_string(void **state) {
  UNICODE_STRING src;
  ANSI_STRING dest;
  RtlInitUnicodeString(&src, L"pool");
  assert_int_equal(RtlUnicodeStringToAnsiString(&dest, &src, TRUE), STATUS_SUCCESS);
  assert_string_equal(dest.Buffer, "pool");
  assert_int_equal(dest.MaximumLength, 5);
  assert_int_equal(wmisim_pool_usage(*state, RTL_TEST_STRING_TAG).blocks, 1);
  RtlFreeAnsiString(&dest);
  assert_int_equal(wmisim_pool_usage(*state, 0).blocks, 0);
}

static void test_conversion_sizes_count_the_terminator(void **state) {
  (void)state;
  ANSI_STRING a;
  UNICODE_STRING u;
  RtlInitAnsiString(&a, "abc");
  RtlInitUnicodeString(&u, L"abc");
  assert_int_equal(RtlxAnsiStringToUnicodeSize(&a), 8);
  assert_int_equal(RtlAnsiStringToUnicodeSize(&a), 8);
  assert_int_equal(RtlxUnicodeStringToAnsiSize(&u), 4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      RTL_TEST(test_init_unicode_string_counts_bytes_and_terminator),
      RTL_TEST(test_init_unicode_string_null_source_gives_empty_string),
      RTL_TEST(test_init_unicode_string_ex_rejects_more_than_32766_characters),
      RTL_TEST(test_init_unicode_string_cuts_an_overlong_source),
      RTL_TEST(test_init_ansi_string_counts_bytes_and_terminator),
      RTL_TEST(test_null_destination_is_reported_as_invalid_parameter),
      RTL_TEST(test_copy_unicode_string_cuts_to_the_destination),
      RTL_TEST(test_copy_unicode_string_terminates_when_there_is_room),
      RTL_TEST(test_copy_unicode_string_from_null_empties_the_destination),
      RTL_TEST(test_copy_string_copies_ansi_text),
      RTL_TEST(test_append_unicode_string_to_string_appends),
      RTL_TEST(test_append_unicode_string_to_string_too_small_changes_nothing),
      RTL_TEST(test_append_unicode_to_string_appends_a_terminated_source),
      RTL_TEST(test_append_unicode_to_string_too_small_returns_buffer_too_small),
      RTL_TEST(test_equal_unicode_string_honours_case_insensitive),
      RTL_TEST(test_equal_unicode_string_folds_non_ascii_letters),
      RTL_TEST(test_compare_unicode_string_orders_by_first_difference_then_length),
      RTL_TEST(test_prefix_unicode_string_checks_the_start),
      RTL_TEST(test_equal_and_compare_string_fold_windows_1252_letters),
      RTL_TEST(test_upcase_unicode_char_maps_bmp_letters),
      RTL_TEST(test_upcase_unicode_char_keeps_dotless_i_out_of_ascii),
      RTL_TEST(test_downcase_unicode_char_maps_bmp_letters),
      RTL_TEST(test_upcase_unicode_string_allocates_strg_pool_that_free_returns),
      RTL_TEST(test_upcase_unicode_string_works_in_place),
      RTL_TEST(test_downcase_unicode_string_into_a_small_buffer_overflows),
      RTL_TEST(test_duplicate_unicode_string_null_terminates_on_request),
      RTL_TEST(test_duplicate_unicode_string_of_empty_string_gives_null_buffer),
      RTL_TEST(test_duplicate_unicode_string_rejects_unknown_flags),
      RTL_TEST(test_free_unicode_string_clears_the_structure),
      RTL_TEST(test_ansi_to_unicode_maps_windows_1252),
      RTL_TEST(test_ansi_to_unicode_without_room_for_terminator_overflows),
      RTL_TEST(test_unicode_to_ansi_replaces_unmappable_characters_with_question_marks),
      RTL_TEST(test_unicode_to_ansi_allocation_is_freed_by_free_ansi_string),
      RTL_TEST(test_conversion_sizes_count_the_terminator),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
