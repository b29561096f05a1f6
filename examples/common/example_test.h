/*
 * example_test.h - what the examples' CMocka tests share: a simulator per
 * test whose rule violations are recorded, a started device, shortcuts
 * for the consumer API, and an event collector.
 *
 * Test code is driver code (compiled with the driver flags), so it may
 * call kernel routines such as KeDelayExecutionThread directly.
 */
#ifndef WMISIM_EXAMPLE_TEST_H
#define WMISIM_EXAMPLE_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmisim.h>
#include <wmisim/mof.h>

/* ---- a simulator whose violations are recorded ------------------------------------------------- */

#define EX_MAX_VIOLATIONS 32

struct ex_violations {
  volatile LONG count;
  char rule[EX_MAX_VIOLATIONS][64];
  char text[EX_MAX_VIOLATIONS][512];
};

static struct ex_violations ex_violations;

static inline void ex_record_violation(void *context, const wmisim_violation_t *violation) {
  (void)context;
  LONG i = InterlockedIncrement(&ex_violations.count) - 1;
  if (i >= EX_MAX_VIOLATIONS) return;
  snprintf(ex_violations.rule[i], sizeof ex_violations.rule[i], "%s", violation->rule);
  wmisim_violation_format(violation, ex_violations.text[i], sizeof ex_violations.text[i]);
}

static inline void ex_quiet_log(void *context, wmisim_log_level_t level, const char *message) {
  (void)context;
  (void)level;
  (void)message;
}

/* A simulator in checking (report) mode with a quiet log and a short
 * bound on DEREGISTER's wait; its violations land in ex_violations. The
 * checking mode knows the example's MOF file (EXAMPLE_MOF, set by the
 * build), so its WmiDataSchema rule also checks every block, method
 * output, accepted set and event the driver produces against the MOF. */
static inline wmisim_t *ex_sim_create(void) {
  memset(&ex_violations, 0, sizeof ex_violations);
  wmisim_options_t options;
  wmisim_options_init(&options);
  options.check_mode = WMISIM_CHECK_REPORT;
  options.log = ex_quiet_log;
  options.drain_timeout_ms = 5000;
  wmisim_t *sim = NULL;
  assert_int_equal(wmisim_create(&options, &sim), STATUS_SUCCESS);
  wmisim_set_violation_handler(sim, ex_record_violation, NULL);
  assert_int_equal(wmisim_check_load_mof(sim, EXAMPLE_MOF, NULL), STATUS_SUCCESS);
  return sim;
}

/* Violations of the rule with id `rule` recorded so far. */
static inline size_t ex_violations_of(const char *rule) {
  size_t n = 0;
  for (LONG i = 0; i < ex_violations.count && i < EX_MAX_VIOLATIONS; i++)
    if (strcmp(ex_violations.rule[i], rule) == 0) n++;
  return n;
}

/* Fails the test, listing them, if any rule was violated. Valid after
 * wmisim_destroy too: removal and unloading are checked there. */
#define assert_no_violations()                                                                                   \
  do {                                                                                                           \
    for (LONG i_ = 0; i_ < ex_violations.count && i_ < EX_MAX_VIOLATIONS; i_++)                                \
      print_message("violation: %s\n", ex_violations.text[i_]);                                                  \
    assert_int_equal(ex_violations.count, 0);                                                                    \
  } while (0)

/* ---- devices --------------------------------------------------------------------------------- */

/* Adds the driver `entry` under the service name `name`. */
static inline wmisim_driver_t *ex_driver(wmisim_t *sim, const char *name, PDRIVER_INITIALIZE entry) {
  wmisim_driver_t *driver = NULL;
  assert_int_equal(wmisim_driver_add(sim, name, entry, &driver), STATUS_SUCCESS);
  return driver;
}

/* Enumerates a device `instance_id` driven by `driver` and starts it. */
static inline wmisim_devnode_t *ex_device(wmisim_t *sim, wmisim_driver_t *driver, const char *instance_id) {
  wmisim_device_spec_t spec = {.instance_id = instance_id, .function_driver = driver};
  wmisim_devnode_t *node = NULL;
  assert_int_equal(wmisim_device_add(sim, &spec, &node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  return node;
}

/* ---- consumer shortcuts ------------------------------------------------------------------------ */

static inline wmisim_block_t *ex_open(wmisim_t *sim, const GUID *guid, ULONG access) {
  wmisim_block_t *block = NULL;
  assert_int_equal(wmisim_wmi_open(sim, guid, access, &block), STATUS_SUCCESS);
  return block;
}

/* Queries one instance and copies exactly `size` bytes of its data to
 * `data`; fails the test unless the instance has that many. */
static inline void ex_query_single(wmisim_block_t *block, const char *instance, void *data, ULONG size) {
  unsigned char buffer[2048];
  ULONG length = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, instance, &length, buffer), STATUS_SUCCESS);
  wmisim_wnode_instance_t found;
  assert_true(wmisim_wnode_find(buffer, length, instance, &found));
  assert_int_equal(found.size, size);
  memcpy(data, found.data, size);
}

/* ---- the example's MOF file as the contract --------------------------------------------------- */

/* The example's MOF file (EXAMPLE_MOF, its path, is set by the build),
 * loaded into a new schema. */
static inline wmisim_mof_schema *ex_schema(void) {
  wmisim_mof_schema *schema = NULL;
  wmisim_mof_diagnostics *diags = NULL;
  assert_int_equal(wmisim_mof_schema_create(&schema), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_diagnostics_create(&diags), STATUS_SUCCESS);
  NTSTATUS status = wmisim_mof_schema_load_file(schema, EXAMPLE_MOF, diags);
  wmisim_mof_diagnostics_print(diags, stderr);
  wmisim_mof_diagnostics_destroy(diags);
  assert_int_equal(status, STATUS_SUCCESS);
  return schema;
}

/* A WNODE decoded with the classes of the example's MOF file. */
struct ex_decoded {
  wmisim_mof_schema *schema;
  wmisim_mof_wnode_data *data;
};

/* Checks a WNODE a query returned against the example's MOF file and
 * decodes it; fails the test (printing why) if its data does not match
 * the classes. Free the result with ex_decoded_free. */
static inline struct ex_decoded ex_decode(const void *wnode, ULONG size) {
  struct ex_decoded decoded = {ex_schema(), NULL};
  wmisim_mof_diagnostics *diags = NULL;
  assert_int_equal(wmisim_mof_diagnostics_create(&diags), STATUS_SUCCESS);
  NTSTATUS status = wmisim_mof_validate_wnode(decoded.schema, wnode, size, diags);
  if (NT_SUCCESS(status)) status = wmisim_mof_decode_wnode(decoded.schema, wnode, size, &decoded.data, diags);
  wmisim_mof_diagnostics_print(diags, stderr);
  wmisim_mof_diagnostics_destroy(diags);
  assert_int_equal(status, STATUS_SUCCESS);
  return decoded;
}

static inline void ex_decoded_free(struct ex_decoded *decoded) {
  wmisim_mof_wnode_data_destroy(decoded->data);
  wmisim_mof_schema_destroy(decoded->schema);
}

/* The value of property `name` of a decoded object; fails if it has none. */
static inline const wmisim_mof_value *ex_property(const wmisim_mof_object *object, const char *name) {
  const wmisim_mof_property *property = wmisim_mof_object_get(object, name);
  assert_non_null(property);
  return &property->value;
}

/* ---- events ------------------------------------------------------------------------------------- */

#define EX_MAX_EVENTS 8

/* The events one subscription received, in order. */
struct ex_events {
  volatile LONG count;
  ULONG lost;
  char instance[EX_MAX_EVENTS][256];
  ULONG size[EX_MAX_EVENTS];
  unsigned char data[EX_MAX_EVENTS][128];
};

static inline void ex_collect_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  struct ex_events *events = context;
  LONG i = events->count;
  events->lost += lost;
  wmisim_wnode_walk_t walk;
  wmisim_wnode_instance_t instance;
  if (i < EX_MAX_EVENTS && wmisim_wnode_walk_init(&walk, event, event->BufferSize, NULL, 0) &&
      wmisim_wnode_next(&walk, &instance)) {
    snprintf(events->instance[i], sizeof events->instance[i], "%s", instance.name);
    events->size[i] = instance.size;
    memcpy(events->data[i], instance.data, instance.size < 128 ? instance.size : 128);
  }
  InterlockedIncrement(&events->count);
}

static inline wmisim_subscription_t *ex_subscribe(wmisim_t *sim, const GUID *guid, struct ex_events *events) {
  memset(events, 0, sizeof *events);
  wmisim_subscription_t *subscription = NULL;
  assert_int_equal(wmisim_wmi_subscribe(sim, guid, ex_collect_event, events, &subscription), STATUS_SUCCESS);
  return subscription;
}

/* ---- waiting for another thread ----------------------------------------------------------------- */

/* Gives other threads the processor until *flag is non-zero. A zero
 * delay passes no virtual time, so no timer of the driver fires. */
static inline void ex_wait_for(volatile LONG *flag) {
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  for (uint32_t spins = 0; spins < 20000000u && InterlockedCompareExchange(flag, 0, 0) == 0; spins++)
    KeDelayExecutionThread(KernelMode, FALSE, &zero);
  assert_int_not_equal(InterlockedCompareExchange(flag, 0, 0), 0);
}

/* Starts `routine(context)` on a system thread of the current simulator
 * (test code is driver code: PsCreateSystemThread is the portable way).
 * The routine ends with PsTerminateSystemThread. */
static inline HANDLE ex_thread_start(PKSTART_ROUTINE routine, PVOID context) {
  HANDLE handle = NULL;
  assert_int_equal(PsCreateSystemThread(&handle, 0, NULL, NULL, NULL, routine, context), STATUS_SUCCESS);
  return handle;
}

/* Waits for a thread started by ex_thread_start and closes its handle.
 * The bound only keeps a broken driver from hanging the test program. */
static inline void ex_thread_join(HANDLE handle) {
  PVOID thread = NULL;
  assert_int_equal(ObReferenceObjectByHandle(handle, SYNCHRONIZE, NULL, KernelMode, &thread, NULL), STATUS_SUCCESS);
  LARGE_INTEGER bound;
  bound.QuadPart = -(LONGLONG)30000 * 10000;
  NTSTATUS status = KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, &bound);
  ObDereferenceObject(thread);
  ZwClose(handle);
  assert_int_equal(status, STATUS_SUCCESS);
}

/* 100 ns units of `ms` milliseconds, for wmisim_clock_advance. */
#define EX_MS(ms) ((int64_t)(ms) * 10000)

#endif /* WMISIM_EXAMPLE_TEST_H */
