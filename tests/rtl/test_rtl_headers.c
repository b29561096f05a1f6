/*
 * test_rtl_headers.c - ntstrsafe.h and ntintsafe.h stand alone: included
 * before anything else they compile and work, and <wdm.h> after them
 * still does.
 */
#include <ntintsafe.h>
#include <ntstrsafe.h>

#include <wdm.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <wmisim/sim.h>

static void test_safe_string_and_integer_headers_need_nothing_before_them(void **state) {
  (void)state;
  wmisim_t *sim;
  assert_int_equal(wmisim_create(NULL, &sim), STATUS_SUCCESS);
  char buffer[8];
  ULONG sum = 0;
  assert_int_equal(RtlStringCchCopyA(buffer, sizeof buffer, "ok"), STATUS_SUCCESS);
  assert_int_equal(RtlULongAdd(1, 2, &sum), STATUS_SUCCESS);
  assert_int_equal(sum, 3);
  assert_int_equal(NTSTRSAFE_MAX_CCH, 2147483647);
  assert_int_equal(NTSTRSAFE_UNICODE_STRING_MAX_CCH, 32767);
  wmisim_destroy(sim);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_safe_string_and_integer_headers_need_nothing_before_them),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
