/*
 * kernel_test.h - helpers shared by the kernel runtime tests: a simulator
 * per test with a quiet log, a violation recorder whose record outlives the
 * simulator, a minimal driver with one device object, and system threads to
 * run test code on other threads portably.
 *
 * Everything here is static inline so each test program uses what it needs.
 */
#ifndef WMISIM_TESTS_KERNEL_TEST_H
#define WMISIM_TESTS_KERNEL_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmisim.h>

#define KT_MAX_VIOLATIONS 32

struct kt_record {
  size_t violations;
  char rule[KT_MAX_VIOLATIONS][40];
  char message[KT_MAX_VIOLATIONS][400];
  char driver[KT_MAX_VIOLATIONS][64];
  char routine[KT_MAX_VIOLATIONS][96];
  size_t warnings;
  char last_warning[512];
};

static struct kt_record kt_record;

static inline void kt_record_violation(void *context, const wmisim_violation_t *violation) {
  (void)context;
  size_t i = __atomic_fetch_add(&kt_record.violations, 1, __ATOMIC_SEQ_CST);
  if (i >= KT_MAX_VIOLATIONS) return;
  snprintf(kt_record.rule[i], sizeof kt_record.rule[i], "%s", violation->rule);
  snprintf(kt_record.message[i], sizeof kt_record.message[i], "%s", violation->message);
  snprintf(kt_record.driver[i], sizeof kt_record.driver[i], "%s", violation->driver);
  snprintf(kt_record.routine[i], sizeof kt_record.routine[i], "%s", violation->routine);
}

static inline void kt_quiet_log(void *context, wmisim_log_level_t level, const char *message) {
  (void)context;
  if (level < WMISIM_LOG_WARNING) return;
  __atomic_fetch_add(&kt_record.warnings, 1, __ATOMIC_SEQ_CST);
  snprintf(kt_record.last_warning, sizeof kt_record.last_warning, "%s", message);
}

/* Options every kernel test starts from: quiet log, short drain bound. */
static inline void kt_options(wmisim_options_t *options) {
  wmisim_options_init(options);
  options->log = kt_quiet_log;
  options->drain_timeout_ms = 5000;
}

/* A simulator created with `options` (NULL: kt_options), in report mode,
 * whose violations land in kt_record, made current on this thread. */
static inline wmisim_t *kt_sim_create_with(const wmisim_options_t *options) {
  memset(&kt_record, 0, sizeof kt_record);
  wmisim_options_t defaults;
  if (options == NULL) {
    kt_options(&defaults);
    options = &defaults;
  }
  wmisim_t *sim = NULL;
  assert_int_equal(wmisim_create(options, &sim), STATUS_SUCCESS);
  assert_non_null(sim);
  wmisim_set_violation_handler(sim, kt_record_violation, NULL);
  wmisim_make_current(sim);
  return sim;
}

static inline wmisim_t *kt_sim_create(void) {
  return kt_sim_create_with(NULL);
}

static inline void kt_sim_destroy(wmisim_t *sim) {
  wmisim_destroy(sim);
  wmisim_make_current(NULL);
}

static inline size_t kt_violations_of(const char *rule) {
  size_t n = 0;
  for (size_t i = 0; i < kt_record.violations && i < KT_MAX_VIOLATIONS; i++)
    if (strcmp(kt_record.rule[i], rule) == 0) n++;
  return n;
}

static inline void kt_dump_violations(void) {
  for (size_t i = 0; i < kt_record.violations && i < KT_MAX_VIOLATIONS; i++)
    print_message("  violation %zu: %s [%s!%s]: %s\n", i + 1, kt_record.rule[i], kt_record.driver[i],
                  kt_record.routine[i], kt_record.message[i]);
}

#define assert_no_violations()                                                                   \
  do {                                                                                           \
    if (kt_record.violations != 0) kt_dump_violations();                                         \
    assert_int_equal(kt_record.violations, 0);                                                   \
  } while (0)

/* Exactly one violation, of `rule`. */
#define assert_only_violation(rule)                                                              \
  do {                                                                                           \
    if (kt_record.violations != 1 || kt_violations_of(rule) != 1) kt_dump_violations();          \
    assert_int_equal(kt_record.violations, 1);                                                   \
    assert_int_equal(kt_violations_of(rule), 1);                                                 \
  } while (0)

/* ---- a driver with one device --------------------------------------------------------------- */

static PDEVICE_OBJECT kt_device;

static inline NTSTATUS NTAPI kt_device_driver_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)RegistryPath;
  return IoCreateDevice(DriverObject, 64, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &kt_device);
}

static inline VOID NTAPI kt_device_driver_unload(PDRIVER_OBJECT DriverObject) {
  (void)DriverObject;
}

/* Adds driver `name` with one (unnamed) device object, kt_device. */
static inline wmisim_driver_t *kt_add_device_driver(wmisim_t *sim, const char *name) {
  wmisim_driver_t *driver = NULL;
  kt_device = NULL;
  assert_int_equal(wmisim_driver_add(sim, name, kt_device_driver_entry, &driver), STATUS_SUCCESS);
  assert_non_null(kt_device);
  wmisim_driver_object(driver)->DriverUnload = kt_device_driver_unload;
  return driver;
}

/* Deletes kt_device and unloads its driver. */
static inline void kt_remove_device_driver(wmisim_driver_t *driver) {
  IoDeleteDevice(kt_device);
  kt_device = NULL;
  assert_int_equal(wmisim_driver_unload(driver), STATUS_SUCCESS);
}

/* ---- threads ------------------------------------------------------------------------------ */

/* Starts `routine(context)` on a new system thread and returns its thread
 * object, referenced; kt_thread_join waits for it and drops the reference. */
static inline PVOID kt_thread_start(PKSTART_ROUTINE routine, PVOID context) {
  HANDLE handle = NULL;
  assert_int_equal(PsCreateSystemThread(&handle, 0, NULL, NULL, NULL, routine, context), STATUS_SUCCESS);
  PVOID thread = NULL;
  assert_int_equal(ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType, KernelMode, &thread, NULL),
                   STATUS_SUCCESS);
  assert_int_equal(ZwClose(handle), STATUS_SUCCESS);
  return thread;
}

static inline void kt_thread_join(PVOID thread) {
  assert_int_equal(KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
  ObDereferenceObject(thread);
}

/* A relative timeout of `ms` milliseconds, in KeWait* form. */
static inline LARGE_INTEGER kt_relative_ms(LONGLONG ms) {
  LARGE_INTEGER timeout;
  timeout.QuadPart = -ms * 10000;
  return timeout;
}

/* Spins until *flag is nonzero; false after about 10 s. (A test must not
 * sleep through the kernel: waits with a timeout move the virtual clock.) */
static inline bool kt_wait_flag(volatile LONG *flag) {
  time_t start = time(NULL);
  while (__atomic_load_n(flag, __ATOMIC_SEQ_CST) == 0)
    if (time(NULL) - start > 10) return false;
  return true;
}

static inline void kt_set_flag(volatile LONG *flag) {
  __atomic_store_n(flag, 1, __ATOMIC_SEQ_CST);
}

#endif /* WMISIM_TESTS_KERNEL_TEST_H */
