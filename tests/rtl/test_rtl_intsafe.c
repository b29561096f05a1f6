/*
 * test_rtl_intsafe.c - ntintsafe.h: overflow detection, the error values
 * results are set to, and conversions between types.
 */
#define ENABLE_INTSAFE_SIGNED_FUNCTIONS
#include "rtl_test.h"

#include <ntintsafe.h>

/* ---- unsigned arithmetic ------------------------------------------------------------------------ */

static void test_ulong_add_detects_overflow_and_sets_ulong_error(void **state) {
  (void)state;
  ULONG r = 0;
  assert_int_equal(RtlULongAdd(0xFFFFFFF0u, 0x0F, &r), STATUS_SUCCESS);
  assert_int_equal(r, 0xFFFFFFFFu);
  assert_int_equal(RtlULongAdd(0xFFFFFFF0u, 0x10, &r), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(r, ULONG_ERROR);
}

static void test_ulong_sub_detects_underflow(void **state) {
  (void)state;
  ULONG r = 0;
  assert_int_equal(RtlULongSub(5, 5, &r), STATUS_SUCCESS);
  assert_int_equal(r, 0);
  assert_int_equal(RtlULongSub(5, 6, &r), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(r, ULONG_ERROR);
}

static void test_ulong_mult_detects_overflow(void **state) {
  (void)state;
  ULONG r = 0;
  assert_int_equal(RtlULongMult(65535, 65537, &r), STATUS_SUCCESS);
  assert_int_equal(r, 0xFFFFFFFFu);
  assert_int_equal(RtlULongMult(65536, 65536, &r), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(RtlULongMult(0, 0xFFFFFFFFu, &r), STATUS_SUCCESS);
  assert_int_equal(r, 0);
}

static void test_ulonglong_add_and_mult_detect_64_bit_overflow(void **state) {
  (void)state;
  ULONGLONG r = 0;
  assert_int_equal(RtlULongLongAdd(~0ull - 1, 1, &r), STATUS_SUCCESS);
  assert_int_equal(RtlULongLongAdd(~0ull, 1, &r), STATUS_INTEGER_OVERFLOW);
  assert_true(r == ULONGLONG_ERROR);
  assert_int_equal(RtlULongLongMult(0x100000000ull, 0xFFFFFFFFull, &r), STATUS_SUCCESS);
  assert_int_equal(RtlULongLongMult(0x100000000ull, 0x100000000ull, &r), STATUS_INTEGER_OVERFLOW);
}

static void test_size_t_add_sub_and_mult(void **state) {
  (void)state;
  SIZE_T r = 0;
  assert_int_equal(RtlSizeTAdd(SIZE_MAX - 1, 1, &r), STATUS_SUCCESS);
  assert_int_equal(RtlSizeTAdd(SIZE_MAX, 1, &r), STATUS_INTEGER_OVERFLOW);
  assert_true(r == SIZE_T_ERROR);
  assert_int_equal(RtlSizeTSub(1, 2, &r), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(RtlSizeTMult(SIZE_MAX / 2, 2, &r), STATUS_SUCCESS);
  assert_int_equal(RtlSizeTMult(SIZE_MAX / 2 + 1, 2, &r), STATUS_INTEGER_OVERFLOW);
}

static void test_ushort_add_and_mult_stay_within_16_bits(void **state) {
  (void)state;
  USHORT r = 0;
  assert_int_equal(RtlUShortAdd(65000, 535, &r), STATUS_SUCCESS);
  assert_int_equal(r, 65535);
  assert_int_equal(RtlUShortAdd(65000, 536, &r), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(r, USHORT_ERROR);
  assert_int_equal(RtlUShortMult(256, 256, &r), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(RtlUShortMult(255, 257, &r), STATUS_SUCCESS);
}

static void test_ulong_ptr_add_and_mult_are_pointer_sized(void **state) {
  (void)state;
  ULONG_PTR r = 0;
  assert_int_equal(RtlULongPtrAdd(UINTPTR_MAX, 1, &r), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(RtlULongPtrMult((ULONG_PTR)1 << (sizeof(ULONG_PTR) * 4), (ULONG_PTR)1 << (sizeof(ULONG_PTR) * 4),
                                   &r),
                   STATUS_INTEGER_OVERFLOW);
  assert_int_equal(RtlULongPtrMult(3, 4, &r), STATUS_SUCCESS);
  assert_int_equal(r, 12);
}

/* ---- signed arithmetic -------------------------------------------------------------------------------- */

static void test_signed_add_sub_and_mult_detect_both_directions(void **state) {
  (void)state;
  LONG l = 0;
  INT i = 0;
  LONGLONG ll = 0;
  INT8 i8 = 0;
  assert_int_equal(RtlLongAdd(0x7FFFFFFF, 1, &l), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(l, LONG_ERROR);
  assert_int_equal(RtlLongAdd(-5, 3, &l), STATUS_SUCCESS);
  assert_int_equal(l, -2);
  assert_int_equal(RtlIntAdd(INT_MIN, -1, &i), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(RtlIntSub(INT_MIN + 1, 1, &i), STATUS_SUCCESS);
  assert_int_equal(RtlLongSub(0, INT32_MIN, &l), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(RtlLongLongMult(LLONG_MIN, -1, &ll), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(RtlLongLongMult(-3037000499LL, 3037000499LL, &ll), STATUS_SUCCESS);
  assert_int_equal(RtlInt8Mult(-16, 8, &i8), STATUS_SUCCESS);
  assert_int_equal(i8, -128);
  assert_int_equal(RtlInt8Mult(16, 8, &i8), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(i8, INT8_ERROR);
}

/* ---- conversions ---------------------------------------------------------------------------------------- */

static void test_ulong_to_ushort_and_ulonglong_to_ulong_narrow_safely(void **state) {
  (void)state;
  USHORT us = 0;
  ULONG ul = 0;
  assert_int_equal(RtlULongToUShort(65535, &us), STATUS_SUCCESS);
  assert_int_equal(us, 65535);
  assert_int_equal(RtlULongToUShort(65536, &us), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(us, USHORT_ERROR);
  assert_int_equal(RtlULongLongToULong(0xFFFFFFFFull, &ul), STATUS_SUCCESS);
  assert_int_equal(RtlULongLongToULong(0x100000000ull, &ul), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(ul, ULONG_ERROR);
}

static void test_signed_to_unsigned_conversions_reject_negatives(void **state) {
  (void)state;
  ULONG ul = 0;
  SIZE_T size = 0;
  assert_int_equal(RtlLongToULong(-1, &ul), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(ul, ULONG_ERROR);
  assert_int_equal(RtlLongToULong(7, &ul), STATUS_SUCCESS);
  assert_int_equal(RtlLongPtrToULongPtr(-2, &size), STATUS_INTEGER_OVERFLOW);
}

static void test_unsigned_to_signed_conversions_reject_large_values(void **state) {
  (void)state;
  LONG l = 0;
  INT i = 0;
  LONGLONG ll = 0;
  assert_int_equal(RtlULongToLong(0x80000000u, &l), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(l, LONG_ERROR);
  assert_int_equal(RtlUIntToInt(0x7FFFFFFFu, &i), STATUS_SUCCESS);
  assert_int_equal(RtlULongLongToLongLong(0x8000000000000000ull, &ll), STATUS_INTEGER_OVERFLOW);
}

static void test_uchar_error_is_zero_but_uint8_error_is_0xff(void **state) {
  (void)state;
  UCHAR uc = 1;
  UINT8 u8 = 1;
  assert_int_equal(RtlIntToUChar(256, &uc), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(uc, 0);
  assert_int_equal(RtlIntToUInt8(-1, &u8), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(u8, 0xFF);
}

static void test_conversions_to_char_follow_the_range_of_char(void **state) {
  (void)state;
  CHAR c = 1;
  assert_int_equal(RtlIntToChar(100, &c), STATUS_SUCCESS);
  assert_int_equal(c, 100);
  assert_int_equal(RtlIntToChar(300, &c), STATUS_INTEGER_OVERFLOW);
  assert_int_equal(c, 0);
  assert_int_equal(RtlIntToChar(-1, &c), (char)-1 < 0 ? STATUS_SUCCESS : STATUS_INTEGER_OVERFLOW);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      RTL_TEST(test_ulong_add_detects_overflow_and_sets_ulong_error),
      RTL_TEST(test_ulong_sub_detects_underflow),
      RTL_TEST(test_ulong_mult_detects_overflow),
      RTL_TEST(test_ulonglong_add_and_mult_detect_64_bit_overflow),
      RTL_TEST(test_size_t_add_sub_and_mult),
      RTL_TEST(test_ushort_add_and_mult_stay_within_16_bits),
      RTL_TEST(test_ulong_ptr_add_and_mult_are_pointer_sized),
      RTL_TEST(test_signed_add_sub_and_mult_detect_both_directions),
      RTL_TEST(test_ulong_to_ushort_and_ulonglong_to_ulong_narrow_safely),
      RTL_TEST(test_signed_to_unsigned_conversions_reject_negatives),
      RTL_TEST(test_unsigned_to_signed_conversions_reject_large_values),
      RTL_TEST(test_uchar_error_is_zero_but_uint8_error_is_0xff),
      RTL_TEST(test_conversions_to_char_follow_the_range_of_char),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
