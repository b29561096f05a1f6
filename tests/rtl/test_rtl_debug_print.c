/*
 * test_rtl_debug_print.c - DbgPrint and DbgPrintEx: the formatted line
 * reaches the log (at WMISIM_LOG_DEBUG, when echo_debug_output is set)
 * and the trace (always), with Windows' format rules.
 */
#include "rtl_test.h"

#include <wmisim/trace.h>

struct captured {
  int lines;
  wmisim_log_level_t level;
  char text[1024];
};

static void capture_log(void *context, wmisim_log_level_t level, const char *message) {
  struct captured *c = context;
  if (level != WMISIM_LOG_DEBUG) return;
  c->lines++;
  c->level = level;
  snprintf(c->text, sizeof c->text, "%s", message);
}

static void capture_note(void *context, const wmisim_trace_event_t *event) {
  struct captured *c = context;
  if (event->kind != WMISIM_TRACE_NOTE || strcmp(event->category, "DbgPrint") != 0) return;
  c->lines++;
  snprintf(c->text, sizeof c->text, "%s", event->text);
}

static struct captured *logged(void **state) {
  static struct captured c;
  memset(&c, 0, sizeof c);
  wmisim_set_log(*state, capture_log, &c);
  return &c;
}

static void test_dbgprint_reaches_the_log_at_debug_level_without_its_newline(void **state) {
  struct captured *c = logged(state);
  assert_int_equal(DbgPrint("value %ld of %lu\n", (LONG)-5, (ULONG)4000000000u), STATUS_SUCCESS);
  assert_int_equal(c->lines, 1);
  assert_int_equal(c->level, WMISIM_LOG_DEBUG);
  assert_string_equal(c->text, "value -5 of 4000000000");
}

static void test_dbgprint_strips_only_one_trailing_newline(void **state) {
  struct captured *c = logged(state);
  DbgPrint("two\r\n\n");
  assert_string_equal(c->text, "two\r\n");
}

static void test_dbgprint_ex_passes_every_component_and_level(void **state) {
  struct captured *c = logged(state);
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "error");
  DbgPrintEx(DPFLTR_IHVBUS_ID, DPFLTR_INFO_LEVEL, "info");
  DbgPrintEx(DPFLTR_DEFAULT_ID, DPFLTR_MASK | 0x10, "masked %d", 16);
  assert_int_equal(c->lines, 3);
  assert_string_equal(c->text, "masked 16");
}

static void test_dbgprint_sends_a_trace_note(void **state) {
  logged(state);
  struct captured c = {0};
  wmisim_trace_subscription_t *subscription;
  assert_int_equal(wmisim_trace_subscribe(*state, capture_note, &c, &subscription), STATUS_SUCCESS);
  DbgPrint("traced %I64u\n", (ULONG64)1 << 40);
  wmisim_trace_unsubscribe(subscription);
  assert_int_equal(c.lines, 1);
  assert_string_equal(c.text, "traced 1099511627776");
}

static void test_dbgprint_without_echo_skips_the_log_but_not_the_trace(void **state) {
  wmisim_options_t options;
  wmisim_options_init(&options);
  options.echo_debug_output = false;
  wmisim_t *quiet;
  assert_int_equal(wmisim_create(&options, &quiet), STATUS_SUCCESS);
  wmisim_make_current(quiet);
  struct captured log = {0}, trace = {0};
  wmisim_set_log(quiet, capture_log, &log);
  wmisim_trace_subscription_t *subscription;
  assert_int_equal(wmisim_trace_subscribe(quiet, capture_note, &trace, &subscription), STATUS_SUCCESS);
  DbgPrint("hidden");
  wmisim_trace_unsubscribe(subscription);
  wmisim_make_current(NULL);
  wmisim_destroy(quiet);
  assert_int_equal(log.lines, 0);
  assert_int_equal(trace.lines, 1);
  assert_string_equal(trace.text, "hidden");
  (void)state;
}

static void test_dbgprint_spells_wchar_text_as_utf8(void **state) {
  struct captured *c = logged(state);
  UNICODE_STRING name;
  RtlInitUnicodeString(&name, L"caf\u00e9 \U0001F600");
  DbgPrint("%ws|%wZ", L"\u00e9", &name);
  assert_string_equal(c->text, "\xc3\xa9|caf\xc3\xa9 \xf0\x9f\x98\x80");
}

static void test_dbgprint_keeps_at_most_511_bytes(void **state) {
  struct captured *c = logged(state);
  char long_text[700];
  memset(long_text, 'a', sizeof long_text - 1);
  long_text[sizeof long_text - 1] = '\0';
  DbgPrint("%s", long_text);
  assert_int_equal(strlen(c->text), 511);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      RTL_TEST(test_dbgprint_reaches_the_log_at_debug_level_without_its_newline),
      RTL_TEST(test_dbgprint_strips_only_one_trailing_newline),
      RTL_TEST(test_dbgprint_ex_passes_every_component_and_level),
      RTL_TEST(test_dbgprint_sends_a_trace_note),
      RTL_TEST(test_dbgprint_without_echo_skips_the_log_but_not_the_trace),
      RTL_TEST(test_dbgprint_spells_wchar_text_as_utf8),
      RTL_TEST(test_dbgprint_keeps_at_most_511_bytes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
