/*
 * cm_test.h - helpers shared by the configuration manager tests: a
 * simulator per test (cmocka setup/teardown) whose violations and warnings
 * are recorded, counted strings from L"" literals, and key opening.
 *
 * Test code is driver code (-fshort-wchar): L"" literals are UTF-16. The
 * Rtl string routines are not used, so these tests depend on the registry
 * alone.
 */
#ifndef WMISIM_TESTS_CM_TEST_H
#define WMISIM_TESTS_CM_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmisim.h>

#define CM_TEST_MAX_RECORDS 32

struct cm_test_record {
  size_t violations;
  char rule[CM_TEST_MAX_RECORDS][40];
  char message[CM_TEST_MAX_RECORDS][320];
  size_t warnings;
  char warning[CM_TEST_MAX_RECORDS][320];
};

static struct cm_test_record cm_record;

static inline void cm_test_violation(void *context, const wmisim_violation_t *violation) {
  (void)context;
  size_t i = cm_record.violations++;
  if (i >= CM_TEST_MAX_RECORDS) return;
  snprintf(cm_record.rule[i], sizeof cm_record.rule[i], "%s", violation->rule);
  snprintf(cm_record.message[i], sizeof cm_record.message[i], "%s", violation->message);
}

static inline void cm_test_log(void *context, wmisim_log_level_t level, const char *message) {
  (void)context;
  if (level < WMISIM_LOG_WARNING) return;
  size_t i = cm_record.warnings++;
  if (i < CM_TEST_MAX_RECORDS) snprintf(cm_record.warning[i], sizeof cm_record.warning[i], "%s", message);
}

/* cmocka setup: a simulator in report mode recording into cm_record. */
static inline int cm_setup(void **state) {
  memset(&cm_record, 0, sizeof cm_record);
  wmisim_options_t options;
  wmisim_options_init(&options);
  options.log = cm_test_log;
  wmisim_t *sim = NULL;
  if (wmisim_create(&options, &sim) != STATUS_SUCCESS) return -1;
  wmisim_set_violation_handler(sim, cm_test_violation, NULL);
  *state = sim;
  return 0;
}

static inline int cm_teardown(void **state) {
  wmisim_destroy(*state);
  return 0;
}

#define cm_test(f) cmocka_unit_test_setup_teardown(f, cm_setup, cm_teardown)

static inline size_t cm_violations_of(const char *rule) {
  size_t n = 0;
  for (size_t i = 0; i < cm_record.violations && i < CM_TEST_MAX_RECORDS; i++)
    if (strcmp(cm_record.rule[i], rule) == 0) n++;
  return n;
}

static inline bool cm_warned(const char *text) {
  for (size_t i = 0; i < cm_record.warnings && i < CM_TEST_MAX_RECORDS; i++)
    if (strstr(cm_record.warning[i], text) != NULL) return true;
  return false;
}

/* A counted string over a terminated literal (no copy). */
static inline UNICODE_STRING cm_us(const WCHAR *s) {
  size_t n = 0;
  while (s[n] != 0) n++;
  UNICODE_STRING u = {(USHORT)(n * sizeof(WCHAR)), (USHORT)((n + 1) * sizeof(WCHAR)), (PWSTR)s};
  return u;
}

static inline NTSTATUS key_open(HANDLE *handle, HANDLE root, const WCHAR *path) {
  UNICODE_STRING name = cm_us(path);
  OBJECT_ATTRIBUTES attributes;
  InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, root, NULL);
  return ZwOpenKey(handle, KEY_READ, &attributes);
}

static inline NTSTATUS key_create(HANDLE *handle, HANDLE root, const WCHAR *path, ULONG options,
                                 ULONG *disposition) {
  UNICODE_STRING name = cm_us(path);
  OBJECT_ATTRIBUTES attributes;
  InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, root, NULL);
  return ZwCreateKey(handle, KEY_ALL_ACCESS, &attributes, 0, NULL, options, disposition);
}

static inline NTSTATUS key_set_dword(HANDLE key, const WCHAR *name, ULONG value) {
  UNICODE_STRING n = cm_us(name);
  return ZwSetValueKey(key, &n, 0, REG_DWORD, &value, sizeof value);
}

/* Compares a counted UTF-16 name with a literal. */
static inline bool cm_name_is(const WCHAR *name, ULONG bytes, const WCHAR *expected) {
  size_t n = 0;
  while (expected[n] != 0) n++;
  return bytes == n * sizeof(WCHAR) && memcmp(name, expected, bytes) == 0;
}

/* A REG_DWORD read through the public API; it must exist with that type. */
static inline ULONG cm_get_dword(wmisim_t *sim, const char *key, const char *name) {
  ULONG type = 0, value = 0, size = sizeof value;
  assert_int_equal(wmisim_registry_get_value(sim, key, name, &type, &value, &size), STATUS_SUCCESS);
  assert_int_equal(type, REG_DWORD);
  assert_int_equal(size, sizeof value);
  return value;
}

#define CM_SERVICES L"\\Registry\\Machine\\System\\CurrentControlSet\\Services"

#endif /* WMISIM_TESTS_CM_TEST_H */
