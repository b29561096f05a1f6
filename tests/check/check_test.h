/*
 * check_test.h - what the checking-mode tests share: a simulator whose
 * violations a wmisim/cmocka.h watch records, and devices of the corpus
 * driver (cdrv) and of the support test driver built on its root bus.
 *
 * Everything here is static inline so each test program uses what it needs.
 */
#ifndef WMISIM_TESTS_CHECK_TEST_H
#define WMISIM_TESTS_CHECK_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmisim.h>
#include <wmisim/cmocka.h>

#define CT_INSTANCE_ID "ROOT\\CHECK\\0000"
#define CT_INSTANCE_NAME "ROOT\\CHECK\\0000_0"
#define CT_DRAIN_MS 1000

/* CT_FILTER=<pattern> in the environment runs only the tests it matches
 * (cmocka_set_test_filter: '*' and '?' wildcards). */
static inline void ct_filter_from_environment(void) {
  const char *pattern = getenv("CT_FILTER");
  if (pattern != NULL && pattern[0] != '\0') cmocka_set_test_filter(pattern);
}

static inline void ct_quiet_log(void *context, wmisim_log_level_t level, const char *message) {
  (void)context;
  (void)level;
  (void)message;
}

/* Options the checking-mode tests start from: report mode, a quiet log and
 * a bound on waits for IRPs a buggy driver never completes: short, so such
 * tests end soon, yet long enough for a correct driver's system thread to
 * complete its IRP on a loaded machine under a sanitizer. */
static inline void ct_options(wmisim_options_t *options) {
  wmisim_options_init(options);
  options->check_mode = WMISIM_CHECK_REPORT;
  options->log = ct_quiet_log;
  options->drain_timeout_ms = CT_DRAIN_MS;
}

/* A simulator with `options` (NULL: ct_options) whose violations the
 * wmisim/cmocka.h watch records. */
static inline wmisim_t *ct_sim_create(const wmisim_options_t *options) {
  wmisim_options_t defaults;
  if (options == NULL) {
    ct_options(&defaults);
    options = &defaults;
  }
  wmisim_t *sim = NULL;
  assert_int_equal(wmisim_create(options, &sim), STATUS_SUCCESS);
  wmisim_cmocka_watch(sim);
  return sim;
}

/* Adds a device `instance_id` with `function` (and `upper`, if not NULL,
 * as its upper filter) and starts it; returns the start status. */
static inline NTSTATUS ct_device(wmisim_t *sim, const char *instance_id, wmisim_driver_t *function,
                                 wmisim_driver_t *upper, wmisim_devnode_t **node) {
  wmisim_device_spec_t spec;
  memset(&spec, 0, sizeof spec);
  spec.instance_id = instance_id;
  spec.function_driver = function;
  wmisim_driver_t *uppers[1] = {upper};
  if (upper != NULL) {
    spec.upper_filters = uppers;
    spec.upper_filter_count = 1;
  }
  NTSTATUS status = wmisim_device_add(sim, &spec, node);
  if (!NT_SUCCESS(status)) return status;
  return wmisim_device_start(*node);
}

/* Adds a driver, failing the test if DriverEntry fails. */
static inline wmisim_driver_t *ct_driver(wmisim_t *sim, const char *name, PDRIVER_INITIALIZE entry) {
  wmisim_driver_t *driver = NULL;
  assert_int_equal(wmisim_driver_add(sim, name, entry, &driver), STATUS_SUCCESS);
  return driver;
}

/* Queries one instance of `guid` into `buffer` (`*size` bytes). */
static inline NTSTATUS ct_query_single(wmisim_t *sim, const GUID *guid, const char *instance, void *buffer,
                                       ULONG *size) {
  wmisim_block_t *block = NULL;
  NTSTATUS status = wmisim_wmi_open(sim, guid, WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE, &block);
  if (!NT_SUCCESS(status)) return status;
  status = wmisim_wmi_query_single(block, instance, size, buffer);
  wmisim_wmi_close(block);
  return status;
}

/* The first recorded violation of `rule` in `sim`'s record; fails the
 * test if there is none. */
static inline wmisim_violation_t ct_first_violation(wmisim_t *sim, const char *rule) {
  wmisim_violation_t v;
  for (size_t i = 0; wmisim_violation_get(sim, i, &v); i++)
    if (strcmp(v.rule, rule) == 0) return v;
  print_error("no %s violation; recorded:\n", rule);
  wmisim_cmocka_print_violations(sim);
  fail();
  return v;
}

#endif /* WMISIM_TESTS_CHECK_TEST_H */
