/*
 * wmisim/cmocka.h - CMocka assertions on the checking mode (docs/checks.md).
 *
 * Header-only: include <cmocka.h> (with what it needs before it:
 * <stdarg.h>, <stddef.h>, <stdint.h>, <setjmp.h>) and <wmisim.h> first.
 *
 *   wmisim_assert_no_violations(sim);
 *   wmisim_assert_violations(sim, "WmiForward", NULL);      exactly these, in any order
 *
 * fail the test with every recorded violation printed, one per line, as
 * wmisim_violation_format() writes it. They read the simulator's own
 * record. Violations found while a simulator is destroyed (pool left at
 * unload, a device still registered) are seen only by a watch: after
 *
 *   wmisim_cmocka_watch(sim);              or wmisim_cmocka_fail_fast(sim);
 *   ...
 *   wmisim_destroy(sim);
 *   wmisim_assert_no_violations(NULL);     NULL: what the watch recorded
 *
 * wmisim_cmocka_fail_fast(sim) turns on fail-fast mode: the test fails at
 * the first violation, inside the call that broke the rule (see
 * wmisim_violation_unwind() in wmisim/check.h), and the simulator's
 * checking mode is then off: destroying a simulator whose call was cut
 * short finds leftovers that are no fault of the driver. A violation on
 * one of the simulator's own threads cannot unwind that thread, so it is
 * printed and the test fails at its next wmisim assertion instead.
 * Destroy the simulator in a teardown function (cmocka_unit_test_teardown)
 * so it also goes when the test fails; what the cut-short call itself held
 * (a consumer handle, a request buffer) is not freed, which
 * LeakSanitizer will list after the failure.
 *
 * One watch per test program at a time: the record is static and is reset
 * by the next wmisim_cmocka_watch() or wmisim_cmocka_fail_fast().
 */
#ifndef WMISIM_CMOCKA_H
#define WMISIM_CMOCKA_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <wmisim/check.h>

#ifndef WMISIM_CMOCKA_MAX_VIOLATIONS
#define WMISIM_CMOCKA_MAX_VIOLATIONS 64 /* kept by a watch; more are counted, not kept */
#endif

/* What a watch recorded: every violation's rule and formatted line. */
typedef struct wmisim_cmocka_record {
  wmisim_t *sim;                  /* the watched simulator (may be destroyed by now) */
  volatile LONG count;            /* violations seen, also beyond the ones kept */
  volatile LONG failed_unwound;   /* fail-fast violations on threads that could not unwind */
  bool fail_fast;
  char rule[WMISIM_CMOCKA_MAX_VIOLATIONS][48];
  char text[WMISIM_CMOCKA_MAX_VIOLATIONS][768];
} wmisim_cmocka_record_t;

static wmisim_cmocka_record_t wmisim_cmocka_record;

static inline void wmisim_cmocka_keep(const wmisim_violation_t *violation) {
  LONG i = InterlockedIncrement(&wmisim_cmocka_record.count) - 1;
  if (i >= WMISIM_CMOCKA_MAX_VIOLATIONS) return;
  snprintf(wmisim_cmocka_record.rule[i], sizeof wmisim_cmocka_record.rule[i], "%s", violation->rule);
  wmisim_violation_format(violation, wmisim_cmocka_record.text[i], sizeof wmisim_cmocka_record.text[i]);
}

static inline void wmisim_cmocka_on_violation(void *context, const wmisim_violation_t *violation) {
  (void)context;
  wmisim_cmocka_keep(violation);
  if (!wmisim_cmocka_record.fail_fast) return;
  char line[768];
  wmisim_violation_format(violation, line, sizeof line);
  if (wmisim_violation_unwind(wmisim_cmocka_record.sim)) {
    /* The test ends here. What destroying a simulator cut short in the
     * middle of a call finds next is not the driver's fault: stop checking. */
    wmisim_cmocka_record.fail_fast = false;
    wmisim_set_check_mode(wmisim_cmocka_record.sim, WMISIM_CHECK_OFF);
    print_error("wmisim: violation (fail-fast): %s\n", line);
    fail();
  }
  InterlockedIncrement(&wmisim_cmocka_record.failed_unwound);
  print_error("wmisim: violation (fail-fast) on a simulator thread; the test fails at its next wmisim "
              "assertion: %s\n", line);
}

/* Starts recording every violation of `sim` in wmisim_cmocka_record (in
 * addition to the simulator's own record), so they can be asserted on
 * after wmisim_destroy(). Keeps the simulator's checking mode; installs a
 * violation handler (replacing any other). */
static inline void wmisim_cmocka_watch(wmisim_t *sim) {
  memset(&wmisim_cmocka_record, 0, sizeof wmisim_cmocka_record);
  wmisim_cmocka_record.sim = sim;
  wmisim_set_violation_handler(sim, wmisim_cmocka_on_violation, NULL);
}

/* As wmisim_cmocka_watch(), in fail-fast mode: the first violation fails
 * the test. */
static inline void wmisim_cmocka_fail_fast(wmisim_t *sim) {
  wmisim_cmocka_watch(sim);
  wmisim_cmocka_record.fail_fast = true;
  wmisim_set_check_mode(sim, WMISIM_CHECK_FAIL_FAST);
}

/* The recorded violations: `sim`'s own record, or the watch's for NULL.
 * Writes up to `capacity` rule ids (pointers valid until the record
 * changes) and returns the count. */
static inline size_t wmisim_cmocka_rules(wmisim_t *sim, const char **rules, size_t capacity) {
  size_t count;
  if (sim == NULL) {
    count = (size_t)wmisim_cmocka_record.count;
    for (size_t i = 0; i < count && i < capacity && i < WMISIM_CMOCKA_MAX_VIOLATIONS; i++)
      rules[i] = wmisim_cmocka_record.rule[i];
    return count;
  }
  count = wmisim_violation_count(sim);
  for (size_t i = 0; i < count && i < capacity; i++) {
    wmisim_violation_t v;
    rules[i] = wmisim_violation_get(sim, i, &v) ? v.rule : ""; /* the rule table's string */
  }
  return count;
}

/* Prints the recorded violations, one per line. */
static inline void wmisim_cmocka_print_violations(wmisim_t *sim) {
  if (sim == NULL) {
    for (LONG i = 0; i < wmisim_cmocka_record.count && i < WMISIM_CMOCKA_MAX_VIOLATIONS; i++)
      print_error("  %s\n", wmisim_cmocka_record.text[i]);
    if (wmisim_cmocka_record.count > WMISIM_CMOCKA_MAX_VIOLATIONS)
      print_error("  ... and %ld more\n", (long)(wmisim_cmocka_record.count - WMISIM_CMOCKA_MAX_VIOLATIONS));
    return;
  }
  for (size_t i = 0; i < wmisim_violation_count(sim); i++) {
    wmisim_violation_t v;
    char line[1024];
    if (!wmisim_violation_get(sim, i, &v)) break;
    wmisim_violation_format(&v, line, sizeof line);
    print_error("  %s\n", line);
  }
}

/* True if the `count` recorded rule ids are, in any order, exactly the
 * NULL-terminated `expected` ones (a rule expected twice must be there twice). */
static inline bool wmisim_cmocka_rules_match(const char **rules, size_t count, va_list expected) {
  bool used[WMISIM_CMOCKA_MAX_VIOLATIONS] = {false};
  size_t matched = 0;
  for (const char *rule = va_arg(expected, const char *); rule != NULL; rule = va_arg(expected, const char *)) {
    size_t i = 0;
    while (i < count && (used[i] || strcmp(rules[i], rule) != 0)) i++;
    if (i == count) return false;
    used[i] = true;
    matched++;
  }
  return matched == count;
}

static inline void wmisim_cmocka_assert_violations_(wmisim_t *sim, const char *file, int line, ...) {
  const char *rules[WMISIM_CMOCKA_MAX_VIOLATIONS];
  size_t count = wmisim_cmocka_rules(sim, rules, WMISIM_CMOCKA_MAX_VIOLATIONS);
  va_list expected;
  va_start(expected, line);
  bool match = count <= WMISIM_CMOCKA_MAX_VIOLATIONS && wmisim_cmocka_rules_match(rules, count, expected);
  va_end(expected);
  bool watched = sim == NULL || sim == wmisim_cmocka_record.sim;
  if (match && !(watched && wmisim_cmocka_record.failed_unwound != 0)) return;
  print_error("wmisim: expected violations:");
  va_start(expected, line);
  size_t n = 0;
  for (const char *rule = va_arg(expected, const char *); rule != NULL; rule = va_arg(expected, const char *), n++)
    print_error(" %s", rule);
  va_end(expected);
  print_error("%s\nwmisim: %zu recorded%s\n", n == 0 ? " none" : "", count, count != 0 ? ":" : "");
  wmisim_cmocka_print_violations(sim);
  if (watched && wmisim_cmocka_record.failed_unwound != 0)
    print_error("wmisim: in fail-fast mode, %ld of them on simulator threads, which could not stop the test\n",
                (long)wmisim_cmocka_record.failed_unwound);
  _fail(file, line);
}

/* Fails the test, listing them, unless no violation was recorded: in
 * `sim`'s record, or, for NULL, in the watch's (after wmisim_destroy). */
#define wmisim_assert_no_violations(sim) wmisim_cmocka_assert_violations_((sim), __FILE__, __LINE__, (const char *)NULL)

/* Fails the test, listing them, unless the recorded violations are exactly
 * the rule ids given, in any order, the list ending with NULL:
 * wmisim_assert_violations(sim, "DoubleCompletion", NULL). */
#define wmisim_assert_violations(sim, ...) wmisim_cmocka_assert_violations_((sim), __FILE__, __LINE__, __VA_ARGS__)

#endif /* WMISIM_CMOCKA_H */
