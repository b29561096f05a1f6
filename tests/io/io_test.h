/*
 * io_test.h - helpers shared by the I/O manager and PnP tests: a simulator
 * per test with a quiet log, a violation recorder whose record outlives the
 * simulator (so violations reported by wmisim_destroy count too), and an
 * originator that sends an IRP it allocated and waits for it as a driver
 * would.
 *
 * Everything here is static inline so each test program uses what it needs.
 */
#ifndef WMISIM_TESTS_IO_TEST_H
#define WMISIM_TESTS_IO_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmisim.h>

#define TEST_MAX_VIOLATIONS 64

struct test_record {
  size_t violations;
  char rule[TEST_MAX_VIOLATIONS][40];
  char message[TEST_MAX_VIOLATIONS][320];
  char last_warning[512];
};

static struct test_record test_record;

static inline void test_record_violation(void *context, const wmisim_violation_t *violation) {
  (void)context;
  size_t i = test_record.violations++;
  if (i >= TEST_MAX_VIOLATIONS) return;
  snprintf(test_record.rule[i], sizeof test_record.rule[i], "%s", violation->rule);
  snprintf(test_record.message[i], sizeof test_record.message[i], "%s", violation->message);
}

static inline void test_quiet_log(void *context, wmisim_log_level_t level, const char *message) {
  (void)context;
  if (level >= WMISIM_LOG_WARNING) snprintf(test_record.last_warning, sizeof test_record.last_warning, "%s", message);
}

/* A simulator in report mode whose violations land in test_record. */
static inline wmisim_t *test_sim_create(void) {
  memset(&test_record, 0, sizeof test_record);
  wmisim_options_t options;
  wmisim_options_init(&options);
  options.log = test_quiet_log;
  options.drain_timeout_ms = 2000;
  wmisim_t *sim = NULL;
  assert_int_equal(wmisim_create(&options, &sim), STATUS_SUCCESS);
  assert_non_null(sim);
  wmisim_set_violation_handler(sim, test_record_violation, NULL);
  return sim;
}

/* Violations of `rule` recorded so far (also after wmisim_destroy). */
static inline size_t test_violations_of(const char *rule) {
  size_t n = 0;
  for (size_t i = 0; i < test_record.violations && i < TEST_MAX_VIOLATIONS; i++)
    if (strcmp(test_record.rule[i], rule) == 0) n++;
  return n;
}

/* Prints what was recorded: a failing assertion is easier to read with it. */
static inline void test_dump_violations(void) {
  for (size_t i = 0; i < test_record.violations && i < TEST_MAX_VIOLATIONS; i++)
    print_message("  violation %zu: %s: %s\n", i + 1, test_record.rule[i], test_record.message[i]);
}

#define assert_no_violations()                                                                                   \
  do {                                                                                                           \
    if (test_record.violations != 0) test_dump_violations();                                                     \
    assert_int_equal(test_record.violations, 0);                                                                 \
  } while (0)

#define assert_violation(rule, expected)                                                                         \
  do {                                                                                                           \
    if (test_violations_of(rule) != (size_t)(expected)) test_dump_violations();                                 \
    assert_int_equal(test_violations_of(rule), (expected));                                                      \
  } while (0)

/* Exactly one violation, of `rule`. */
#define assert_only_violation(rule)                                                                              \
  do {                                                                                                           \
    if (test_record.violations != 1 || test_violations_of(rule) != 1) test_dump_violations();                    \
    assert_int_equal(test_record.violations, 1);                                                                 \
    assert_int_equal(test_violations_of(rule), 1);                                                               \
  } while (0)

/* ---- an originator ------------------------------------------------------------------------ */

static inline NTSTATUS NTAPI test_originator_done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  (void)DeviceObject;
  (void)Irp;
  KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED;
}

struct test_result {
  NTSTATUS returned;     /* what IoCallDriver returned */
  NTSTATUS status;       /* IoStatus.Status at completion */
  ULONG_PTR information;
};

/* Allocates an IRP for `device`'s stack, lets `setup` fill the first stack
 * location (major and minor already set), sends it, waits for completion,
 * frees it. IoStatus.Status starts as `preset`. */
static inline struct test_result test_send_irp_ex(PDEVICE_OBJECT device, UCHAR major, UCHAR minor, NTSTATUS preset,
                                                  void (*setup)(PIO_STACK_LOCATION stack, void *argument),
                                                  void *argument) {
  struct test_result result;
  KEVENT done;
  KeInitializeEvent(&done, NotificationEvent, FALSE);
  PIRP irp = IoAllocateIrp(device->StackSize, FALSE);
  assert_non_null(irp);
  irp->IoStatus.Status = preset;
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
  next->MajorFunction = major;
  next->MinorFunction = minor;
  if (setup != NULL) setup(next, argument);
  IoSetCompletionRoutine(irp, test_originator_done, &done, TRUE, TRUE, TRUE);
  result.returned = IoCallDriver(device, irp);
  KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
  result.status = irp->IoStatus.Status;
  result.information = irp->IoStatus.Information;
  IoFreeIrp(irp);
  return result;
}

static inline struct test_result test_send_irp(PDEVICE_OBJECT device, UCHAR major, UCHAR minor) {
  return test_send_irp_ex(device, major, minor, STATUS_NOT_SUPPORTED, NULL, NULL);
}

/* A counted string over a literal (driver code: L"" is 16-bit here). */
static inline UNICODE_STRING test_string(PCWSTR text) {
  UNICODE_STRING s;
  size_t n = 0;
  while (text[n] != 0) n++;
  s.Buffer = (PWSTR)text;
  s.Length = (USHORT)(n * sizeof(WCHAR));
  s.MaximumLength = (USHORT)(s.Length + sizeof(WCHAR));
  return s;
}

/* UTF-16 to ASCII for assertions (non-ASCII becomes '?'). */
static inline const char *test_narrow(const WCHAR *text, size_t chars, char *out, size_t size) {
  size_t i = 0;
  for (; i < chars && i + 1 < size && text[i] != 0; i++) out[i] = text[i] < 0x80 ? (char)text[i] : '?';
  out[i] = '\0';
  return out;
}

#endif /* WMISIM_TESTS_IO_TEST_H */
