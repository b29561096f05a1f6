/*
 * rtl_test.h - what the run-time library tests share: a simulator per test
 * and comparisons of 16-bit strings.
 */
#ifndef WMISIM_TESTS_RTL_TEST_H
#define WMISIM_TESTS_RTL_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmisim/check.h>
#include <wmisim/sim.h>

/* The pool tag of strings the Rtl routines allocate ('Strg'). */
#define RTL_TEST_STRING_TAG 'grtS'

static inline int rtl_sim_setup(void **state) {
  wmisim_t *sim;
  if (wmisim_create(NULL, &sim) != STATUS_SUCCESS) return -1;
  *state = sim;
  return 0;
}

static inline int rtl_sim_teardown(void **state) {
  wmisim_destroy(*state);
  return 0;
}

#define RTL_TEST(f) cmocka_unit_test_setup_teardown(f, rtl_sim_setup, rtl_sim_teardown)

static inline size_t rtl_wlen(const WCHAR *s) {
  size_t n = 0;
  while (s[n] != 0) n++;
  return n;
}

/* Fails with both strings shown (non-ASCII as \uXXXX) if they differ. */
static inline void rtl_assert_wequal_n(const WCHAR *actual, size_t actual_length, const WCHAR *expected) {
  size_t length = rtl_wlen(expected);
  if (actual_length == length && memcmp(actual, expected, length * sizeof(WCHAR)) == 0) return;
  char a[256] = "", e[256] = "";
  for (size_t i = 0, n = 0; i < actual_length && n + 8 < sizeof a; i++)
    n += (size_t)snprintf(a + n, sizeof a - n, actual[i] < 0x80 && actual[i] >= 0x20 ? "%c" : "\\u%04X", actual[i]);
  for (size_t i = 0, n = 0; i < length && n + 8 < sizeof e; i++)
    n += (size_t)snprintf(e + n, sizeof e - n, expected[i] < 0x80 && expected[i] >= 0x20 ? "%c" : "\\u%04X", expected[i]);
  fail_msg("got \"%s\" (%zu), expected \"%s\" (%zu)", a, actual_length, e, length);
}

/* A terminated WCHAR string equals `expected`. */
static inline void rtl_assert_wstr(const WCHAR *actual, const WCHAR *expected) {
  rtl_assert_wequal_n(actual, rtl_wlen(actual), expected);
}

/* A UNICODE_STRING's counted text equals `expected`. */
static inline void rtl_assert_ustr(const UNICODE_STRING *actual, const WCHAR *expected) {
  rtl_assert_wequal_n(actual->Buffer, actual->Length / sizeof(WCHAR), expected);
}

#endif /* WMISIM_TESTS_RTL_TEST_H */
