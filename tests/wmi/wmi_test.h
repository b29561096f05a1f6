/*
 * wmi_test.h - helpers shared by the WMI service tests: a simulator per
 * test with a quiet log and a violation recorder that outlives it, a
 * device of the WMILIB or raw test driver, a trace subscriber counting the
 * system-control IRPs sent, and system threads for tests that need more
 * than one thread (test code is driver code, so PsCreateSystemThread is
 * the portable way).
 *
 * Everything here is static inline so each test program uses what it needs.
 */
#ifndef WMISIM_TESTS_WMI_TEST_H
#define WMISIM_TESTS_WMI_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmisim.h>

#include "wmi_test_driver.h"

#define WT_MAX_VIOLATIONS 64

struct wt_record {
  volatile LONG reserved;      /* slots taken by recorders */
  volatile LONG violations;    /* slots published: readers look at these only */
  char rule[WT_MAX_VIOLATIONS][40];
  char message[WT_MAX_VIOLATIONS][400];
};

static struct wt_record wt_record;

/* Violations can be reported on any thread: a recorder fills its slot,
 * then publishes it after the slots before it, so a reader that saw the
 * count also sees the text. */
static inline void wt_record_violation(void *context, const wmisim_violation_t *violation) {
  (void)context;
  LONG i = InterlockedIncrement(&wt_record.reserved) - 1;
  if (i < WT_MAX_VIOLATIONS) {
    snprintf(wt_record.rule[i], sizeof wt_record.rule[i], "%s", violation->rule);
    snprintf(wt_record.message[i], sizeof wt_record.message[i], "%s", violation->message);
  }
  while (InterlockedCompareExchange(&wt_record.violations, i + 1, i) != i) continue;
}

/* Violations recorded so far. */
static inline LONG wt_violations(void) {
  return InterlockedCompareExchange(&wt_record.violations, 0, 0);
}

static inline void wt_quiet_log(void *context, wmisim_log_level_t level, const char *message) {
  (void)context;
  (void)level;
  (void)message;
}

/* Options every WMI test starts from: a quiet log and a short drain bound. */
static inline void wt_options(wmisim_options_t *options) {
  wmisim_options_init(options);
  options->log = wt_quiet_log;
  options->drain_timeout_ms = 3000;
}

/* A simulator in report mode whose violations land in wt_record. */
static inline wmisim_t *wt_sim_create_with(const wmisim_options_t *options) {
  memset(&wt_record, 0, sizeof wt_record);
  wmisim_t *sim = NULL;
  assert_int_equal(wmisim_create(options, &sim), STATUS_SUCCESS);
  assert_non_null(sim);
  wmisim_set_violation_handler(sim, wt_record_violation, NULL);
  return sim;
}

static inline wmisim_t *wt_sim_create(void) {
  wmisim_options_t options;
  wt_options(&options);
  return wt_sim_create_with(&options);
}

/* Violations of `rule` recorded so far (also after wmisim_destroy). */
static inline size_t wt_violations_of(const char *rule) {
  size_t n = 0;
  for (LONG i = 0; i < wt_violations() && i < WT_MAX_VIOLATIONS; i++)
    if (strcmp(wt_record.rule[i], rule) == 0) n++;
  return n;
}

/* The message of the first violation of `rule`, or "". */
static inline const char *wt_violation_message(const char *rule) {
  for (LONG i = 0; i < wt_violations() && i < WT_MAX_VIOLATIONS; i++)
    if (strcmp(wt_record.rule[i], rule) == 0) return wt_record.message[i];
  return "";
}

static inline void wt_dump_violations(void) {
  for (LONG i = 0; i < wt_violations() && i < WT_MAX_VIOLATIONS; i++)
    print_message("  violation %ld: %s: %s\n", (long)i + 1, wt_record.rule[i], wt_record.message[i]);
}

#define assert_no_violations()                                                                                   \
  do {                                                                                                           \
    if (wt_violations() != 0) wt_dump_violations();                                                              \
    assert_int_equal(wt_violations(), 0);                                                                        \
  } while (0)

/* Exactly `count` violations, all of `rule`. */
#define assert_only_violations(rule, count)                                                                      \
  do {                                                                                                           \
    if ((size_t)wt_violations() != (size_t)(count) || wt_violations_of(rule) != (size_t)(count))                 \
      wt_dump_violations();                                                                                      \
    assert_int_equal(wt_violations_of(rule), (count));                                                           \
    assert_int_equal(wt_violations(), (count));                                                                  \
  } while (0)

/* ---- devices ------------------------------------------------------------------------------- */

/* Adds and starts a device with instance ID `instance_id` driven by `driver`. */
static inline wmisim_devnode_t *wt_device(wmisim_t *sim, wmisim_driver_t *driver, const char *instance_id) {
  wmisim_device_spec_t spec = {.instance_id = instance_id, .function_driver = driver};
  wmisim_devnode_t *node = NULL;
  assert_int_equal(wmisim_device_add(sim, &spec, &node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  return node;
}

/* A simulator with the WMILIB test driver's device ROOT\WMISIM\0000 started. */
static inline wmisim_devnode_t *wt_wmilib_device(wmisim_t *sim) {
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "wmitest", test_driver_entry, &driver), STATUS_SUCCESS);
  return wt_device(sim, driver, "ROOT\\WMISIM\\0000");
}

/* ... or the raw driver's. */
static inline wmisim_devnode_t *wt_raw_device(wmisim_t *sim) {
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "wmiraw", raw_driver_entry, &driver), STATUS_SUCCESS);
  return wt_device(sim, driver, "ROOT\\WMIRAW\\0000");
}

static inline PDEVICE_OBJECT wt_fdo(wmisim_devnode_t *node) {
  return wmisim_device_pdo(node)->AttachedDevice;
}

/* ---- trace: IRPs sent ---------------------------------------------------------------------- */

struct wt_irp_count {
  volatile LONG system_control_sent;   /* IRP_MJ_SYSTEM_CONTROL IRPs sent by the WMI service */
  volatile LONG minors[16];            /* ... per minor code */
  wmisim_trace_subscription_t *subscription;
};

static inline void wt_count_irp(void *context, const wmisim_trace_event_t *event) {
  struct wt_irp_count *count = context;
  if (event->kind != WMISIM_TRACE_IRP_SENT || event->major != IRP_MJ_SYSTEM_CONTROL || event->depth != 1) return;
  InterlockedIncrement(&count->system_control_sent);
  if (event->minor >= 0 && event->minor < 16) InterlockedIncrement(&count->minors[event->minor]);
}

static inline void wt_count_start(wmisim_t *sim, struct wt_irp_count *count) {
  memset(count, 0, sizeof *count);
  assert_int_equal(wmisim_trace_subscribe(sim, wt_count_irp, count, &count->subscription), STATUS_SUCCESS);
}

static inline void wt_count_stop(struct wt_irp_count *count) {
  wmisim_trace_unsubscribe(count->subscription);
  count->subscription = NULL;
}

/* ---- threads ------------------------------------------------------------------------------ */

/* Starts `routine(context)` on a system thread of the current simulator. */
static inline HANDLE wt_thread_start(PKSTART_ROUTINE routine, PVOID context) {
  HANDLE handle = NULL;
  assert_int_equal(PsCreateSystemThread(&handle, 0, NULL, NULL, NULL, routine, context), STATUS_SUCCESS);
  return handle;
}

/* Waits for a thread started by wt_thread_start and closes its handle;
 * false if it did not end within `timeout_ms`. */
static inline bool wt_thread_join(HANDLE handle, uint32_t timeout_ms) {
  PVOID thread = NULL;
  assert_int_equal(ObReferenceObjectByHandle(handle, SYNCHRONIZE, NULL, KernelMode, &thread, NULL), STATUS_SUCCESS);
  LARGE_INTEGER timeout;
  timeout.QuadPart = -(LONGLONG)timeout_ms * 10000;
  NTSTATUS status = KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, &timeout);
  ObDereferenceObject(thread);
  ZwClose(handle);
  return status == STATUS_SUCCESS;
}

/* Waits up to `timeout_ms` for an event; true if it was signalled. */
static inline bool wt_wait(PKEVENT event, uint32_t timeout_ms) {
  LARGE_INTEGER timeout;
  timeout.QuadPart = -(LONGLONG)timeout_ms * 10000;
  return KeWaitForSingleObject(event, Executive, KernelMode, FALSE, &timeout) == STATUS_SUCCESS;
}

/* ---- consumer shortcuts ---------------------------------------------------------------------- */

/* Queries all data of `guid` into `buffer`; returns the status. */
static inline NTSTATUS wt_query_all(wmisim_t *sim, const GUID *guid, void *buffer, ULONG *size) {
  wmisim_block_t *block;
  NTSTATUS status = wmisim_wmi_open(sim, guid, WMIGUID_QUERY, &block);
  if (!NT_SUCCESS(status)) return status;
  status = wmisim_wmi_query_all(block, size, buffer);
  wmisim_wmi_close(block);
  return status;
}

#endif /* WMISIM_TESTS_WMI_TEST_H */
