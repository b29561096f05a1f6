/*
 * test_rtl_utf8.c - RtlUTF8ToUnicodeN and RtlUnicodeToUTF8N: surrogate
 * pairs, invalid input (U+FFFD and STATUS_SOME_NOT_MAPPED), sizes and
 * small buffers.
 */
#include "rtl_test.h"

static NTSTATUS to_utf16(const char *utf8, size_t bytes, WCHAR *out, ULONG out_bytes, ULONG *actual) {
  return RtlUTF8ToUnicodeN(out, out_bytes, actual, utf8, (ULONG)bytes);
}

static void test_utf8_to_unicode_converts_bmp_and_surrogate_pairs(void **state) {
  (void)state;
  static const char text[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
  WCHAR out[8];
  ULONG actual = 0;
  assert_int_equal(to_utf16(text, sizeof text - 1, out, sizeof out, &actual), STATUS_SUCCESS);
  assert_int_equal(actual, 10);
  rtl_assert_wequal_n(out, actual / sizeof(WCHAR), L"a\u00e9\u20ac\U0001F600");
  assert_int_equal(out[3], 0xD83D);
  assert_int_equal(out[4], 0xDE00);
}

static void test_utf8_to_unicode_without_destination_gives_the_size_needed(void **state) {
  (void)state;
  ULONG actual = 0;
  assert_int_equal(to_utf16("\xf0\x9f\x98\x80xyz", 7, NULL, 0, &actual), STATUS_SUCCESS);
  assert_int_equal(actual, 10);
}

static void test_utf8_to_unicode_invalid_byte_gives_replacement_and_some_not_mapped(void **state) {
  (void)state;
  WCHAR out[8];
  ULONG actual = 0;
  assert_int_equal(to_utf16("a\xff" "b", 3, out, sizeof out, &actual), STATUS_SOME_NOT_MAPPED);
  rtl_assert_wequal_n(out, actual / sizeof(WCHAR), L"a\uFFFDb");
}

static void test_utf8_to_unicode_rejects_cut_overlong_and_surrogate_sequences(void **state) {
  (void)state;
  WCHAR out[8];
  ULONG actual = 0;
  assert_int_equal(to_utf16("a\xe2\x82", 3, out, sizeof out, &actual), STATUS_SOME_NOT_MAPPED);
  rtl_assert_wequal_n(out, actual / sizeof(WCHAR), L"a\uFFFD");
  assert_int_equal(to_utf16("\xc0\xaf", 2, out, sizeof out, &actual), STATUS_SOME_NOT_MAPPED);
  assert_int_equal(out[0], 0xFFFD);
  assert_int_equal(to_utf16("\xed\xa0\x80", 3, out, sizeof out, &actual), STATUS_SOME_NOT_MAPPED);
  assert_int_equal(out[0], 0xFFFD);
}

static void test_utf8_to_unicode_keeps_a_real_replacement_character_mapped(void **state) {
  (void)state;
  WCHAR out[2];
  ULONG actual = 0;
  assert_int_equal(to_utf16("\xef\xbf\xbd", 3, out, sizeof out, &actual), STATUS_SUCCESS);
  assert_int_equal(out[0], 0xFFFD);
}

static void test_utf8_to_unicode_small_buffer_takes_whole_characters(void **state) {
  (void)state;
  WCHAR out[3] = {0x1111, 0x1111, 0x1111};
  ULONG actual = 0;
  assert_int_equal(to_utf16("ab\xf0\x9f\x98\x80", 6, out, sizeof out, &actual), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(actual, 4);
  assert_int_equal(out[2], 0x1111);
}

static void test_utf8_to_unicode_terminates_only_when_the_input_does(void **state) {
  (void)state;
  WCHAR out[4] = {0x1111, 0x1111, 0x1111, 0x1111};
  ULONG actual = 0;
  assert_int_equal(to_utf16("ab", 3, out, sizeof out, &actual), STATUS_SUCCESS);
  assert_int_equal(actual, 6);
  assert_int_equal(out[2], 0);
  assert_int_equal(to_utf16("cd", 2, out, sizeof out, &actual), STATUS_SUCCESS);
  assert_int_equal(actual, 4);
  assert_int_equal(out[2], 0);
}

static void test_utf8_to_unicode_checks_its_pointers(void **state) {
  (void)state;
  WCHAR out[2];
  ULONG actual;
  assert_int_equal(to_utf16(NULL, 1, out, sizeof out, &actual), STATUS_INVALID_PARAMETER_4);
  assert_int_equal(to_utf16("a", 1, NULL, 0, NULL), STATUS_INVALID_PARAMETER);
}

static void test_unicode_to_utf8_converts_surrogate_pairs(void **state) {
  (void)state;
  static const WCHAR text[] = L"\u00e9\U0001F600";
  char out[16];
  ULONG actual = 0;
  assert_int_equal(RtlUnicodeToUTF8N(out, sizeof out, &actual, text, 3 * sizeof(WCHAR)), STATUS_SUCCESS);
  assert_int_equal(actual, 6);
  assert_memory_equal(out, "\xc3\xa9\xf0\x9f\x98\x80", 6);
}

static void test_unicode_to_utf8_unpaired_surrogates_give_replacements(void **state) {
  (void)state;
  static const WCHAR text[] = {0xD800, L'x', 0xDC00, 0};
  char out[16];
  ULONG actual = 0;
  assert_int_equal(RtlUnicodeToUTF8N(out, sizeof out, &actual, text, 3 * sizeof(WCHAR)), STATUS_SOME_NOT_MAPPED);
  assert_int_equal(actual, 7);
  assert_memory_equal(out, "\xef\xbf\xbdx\xef\xbf\xbd", 7);
}

static void test_unicode_to_utf8_odd_byte_count_is_invalid_parameter_5(void **state) {
  (void)state;
  char out[4];
  ULONG actual;
  assert_int_equal(RtlUnicodeToUTF8N(out, sizeof out, &actual, L"ab", 3), STATUS_INVALID_PARAMETER_5);
}

static void test_unicode_to_utf8_small_buffer_takes_whole_characters(void **state) {
  (void)state;
  char out[4] = "###";
  ULONG actual = 0;
  assert_int_equal(RtlUnicodeToUTF8N(out, 3, &actual, L"a\u20ac", 2 * sizeof(WCHAR)), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(actual, 1);
  assert_memory_equal(out, "a##", 3);
}

static void test_utf8_round_trip_keeps_every_plane(void **state) {
  (void)state;
  static const WCHAR text[] = L"A\u00df\u0416\u4e2d\uFFFC\U00010348\U0001F600\U0010FFFD z";
  size_t units = rtl_wlen(text);
  char utf8[64];
  WCHAR back[32];
  ULONG utf8_bytes = 0, back_bytes = 0;
  assert_int_equal(RtlUnicodeToUTF8N(utf8, sizeof utf8, &utf8_bytes, text, (ULONG)(units * sizeof(WCHAR))),
                   STATUS_SUCCESS);
  assert_int_equal(to_utf16(utf8, utf8_bytes, back, sizeof back, &back_bytes), STATUS_SUCCESS);
  rtl_assert_wequal_n(back, back_bytes / sizeof(WCHAR), text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      RTL_TEST(test_utf8_to_unicode_converts_bmp_and_surrogate_pairs),
      RTL_TEST(test_utf8_to_unicode_without_destination_gives_the_size_needed),
      RTL_TEST(test_utf8_to_unicode_invalid_byte_gives_replacement_and_some_not_mapped),
      RTL_TEST(test_utf8_to_unicode_rejects_cut_overlong_and_surrogate_sequences),
      RTL_TEST(test_utf8_to_unicode_keeps_a_real_replacement_character_mapped),
      RTL_TEST(test_utf8_to_unicode_small_buffer_takes_whole_characters),
      RTL_TEST(test_utf8_to_unicode_terminates_only_when_the_input_does),
      RTL_TEST(test_utf8_to_unicode_checks_its_pointers),
      RTL_TEST(test_unicode_to_utf8_converts_surrogate_pairs),
      RTL_TEST(test_unicode_to_utf8_unpaired_surrogates_give_replacements),
      RTL_TEST(test_unicode_to_utf8_odd_byte_count_is_invalid_parameter_5),
      RTL_TEST(test_unicode_to_utf8_small_buffer_takes_whole_characters),
      RTL_TEST(test_utf8_round_trip_keeps_every_plane),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
