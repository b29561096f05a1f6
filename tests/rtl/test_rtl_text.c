/*
 * test_rtl_text.c - the library's own text helpers on the request path:
 * UTF-8 to UTF-16 (every consumer request converts its instance name; ASCII
 * goes eight bytes at a time) and name comparison (equal names settled by
 * one memcmp, letter case ignored only when asked).
 *
 * INTERNAL: rtl/text.h is the library's, not a public header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "rtl/text.h"

/* Converts `utf8` into a buffer of 64 WCHARs of which `capacity` may be
 * written; the rest stays 0xEEEE. */
static size_t convert(const char *utf8, size_t capacity, WCHAR out[64]) {
  for (size_t i = 0; i < 64; i++) out[i] = 0xEEEE;
  return text_utf8_to_utf16(utf8, strlen(utf8), out, capacity);
}

static void test_utf8_to_utf16_converts_a_long_ascii_name(void **state) {
  (void)state;
  const char *name = "ROOT\\WMISIM\\0000_0 and some more letters";
  WCHAR out[64];
  assert_int_equal(convert(name, 64, out), strlen(name));
  for (size_t i = 0; i < strlen(name); i++) assert_int_equal(out[i], (unsigned char)name[i]);
  assert_int_equal(out[strlen(name)], 0xEEEE);
}

/* U+00E9 (C3 A9) placed before, at and after eight-byte block edges. */
static void test_utf8_to_utf16_finds_a_non_ascii_character_anywhere_in_a_block(void **state) {
  (void)state;
  for (size_t at = 0; at < 20; at++) {
    char text[32];
    memset(text, 'a', at);
    memcpy(text + at, "\xC3\xA9tail", 7);
    WCHAR out[64];
    assert_int_equal(convert(text, 64, out), at + 5);
    for (size_t i = 0; i < at; i++) assert_int_equal(out[i], 'a');
    assert_int_equal(out[at], 0x00E9);
    assert_int_equal(out[at + 1], 't');
    assert_int_equal(out[at + 4], 'l');
  }
}

static void test_utf8_to_utf16_writes_no_more_than_its_capacity(void **state) {
  (void)state;
  WCHAR out[64];
  assert_int_equal(convert("abcdefghijklmnopqrstuvwxyz", 10, out), 26);
  assert_int_equal(out[9], 'j');
  assert_int_equal(out[10], 0xEEEE);
}

static void test_utf8_to_utf16_without_a_buffer_counts_what_is_needed(void **state) {
  (void)state;
  assert_int_equal(text_utf8_to_utf16("abcdefghij\xF0\x9F\x98\x80", 14, NULL, 0), 12);
}

static void test_wequal_matches_equal_names(void **state) {
  (void)state;
  const WCHAR a[] = {'R', 'O', 'O', 'T', '\\', 'X', '_', '0'}, b[] = {'R', 'O', 'O', 'T', '\\', 'X', '_', '0'};
  assert_true(text_wequal(a, 8, b, 8, false));
  assert_true(text_wequal(a, 8, b, 8, true));
}

static void test_wequal_ignores_letter_case_only_when_asked(void **state) {
  (void)state;
  const WCHAR upper[] = {'R', 'O', 'O', 'T', '_', '0'}, lower[] = {'r', 'o', 'o', 't', '_', '0'};
  assert_true(text_wequal(upper, 6, lower, 6, true));
  assert_false(text_wequal(upper, 6, lower, 6, false));
}

static void test_wequal_tells_different_names_and_lengths_apart(void **state) {
  (void)state;
  const WCHAR a[] = {'R', 'O', 'O', 'T', '_', '0'}, b[] = {'R', 'O', 'O', 'T', '_', '1'};
  assert_false(text_wequal(a, 6, b, 6, true));
  assert_false(text_wequal(a, 6, a, 5, true));
  assert_true(text_wequal(a, 0, b, 0, false));
  assert_true(text_wequal(NULL, 0, NULL, 0, true));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_utf8_to_utf16_converts_a_long_ascii_name),
    cmocka_unit_test(test_utf8_to_utf16_finds_a_non_ascii_character_anywhere_in_a_block),
    cmocka_unit_test(test_utf8_to_utf16_writes_no_more_than_its_capacity),
    cmocka_unit_test(test_utf8_to_utf16_without_a_buffer_counts_what_is_needed),
    cmocka_unit_test(test_wequal_matches_equal_names),
    cmocka_unit_test(test_wequal_ignores_letter_case_only_when_asked),
    cmocka_unit_test(test_wequal_tells_different_names_and_lengths_apart),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
