/*
 * test_io_rules.c - every IRP-handling rule of the checking mode: a small
 * buggy dispatch or completion routine is reported under the rule's id, and
 * the correct, documented pattern next to it is clean.
 *
 * The driver under test ("rules") sits on a one-device chain_driver stack
 * (its lower device), so the forwarding cases have someone to forward to.
 */
#include "chain_driver.h"

enum rule_case {
  COMPLETE_ONCE,
  COMPLETE_TWICE,
  COMPLETE_WITH_PENDING_STATUS,
  COMPLETE_WITH_MINUS_ONE,
  PEND_WITHOUT_MARK,
  PEND_WITH_MARK,
  MARK_AND_RETURN_SUCCESS,
  MARK_COMPLETE_AND_RETURN_PENDING,
  RETURN_OTHER_THAN_COMPLETED,
  FORWARD_RETURN_OTHER,
  FORWARD_RETURN_LOWER,
  MARK_FORWARD_RETURN_PENDING,
  FORWARD_AND_WAIT,
  RETURN_WITHOUT_HANDLING,
  INFORMATION_TOO_LARGE,
  INFORMATION_TOO_LARGE_WITH_WARNING,
  INFORMATION_FITS,
  INFORMATION_LARGE_FOR_METHOD_NEITHER,
  RETURN_AT_RAISED_IRQL,
  RAISE_AND_LOWER,
  COMPLETE_WITH_CANCEL_ROUTINE,
  CLEAR_CANCEL_ROUTINE_THEN_COMPLETE,
  FORWARD_WITH_CANCEL_ROUTINE,
  CLEAR_CANCEL_ROUTINE_THEN_FORWARD,
  ROUTINE_IGNORES_PENDING,
  ROUTINE_PROPAGATES_PENDING,
  SET_ROUTINE_THEN_COMPLETE,
  ROUTINE_RETURNS_AT_RAISED_IRQL,
  PEND_CANCELABLE_ROUTINE_KEEPS_LOCK,
};

#define IOCTL_RULES_BUFFERED CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_RULES_NEITHER CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_NEITHER, FILE_ANY_ACCESS)

static struct {
  enum rule_case which;
  wmisim_driver_t *driver;
  PDEVICE_OBJECT device, lower;
  PIRP held;              /* an IRP the driver kept; the test completes it */
  KEVENT forwarded_done;
} rules;

static VOID NTAPI rules_cancel(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  (void)DeviceObject;
  IoReleaseCancelSpinLock(Irp->CancelIrql);
}

static VOID NTAPI rules_cancel_keeping_lock(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  (void)DeviceObject;
  IoSetCancelRoutine(Irp, NULL);
  rules.held = NULL;
  Irp->IoStatus.Status = STATUS_CANCELLED;
  IoCompleteRequest(Irp, IO_NO_INCREMENT); /* but never IoReleaseCancelSpinLock */
}

static NTSTATUS NTAPI routine_without_mark(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  (void)DeviceObject;
  (void)Irp;
  (void)Context;
  return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS NTAPI routine_with_mark(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  (void)DeviceObject;
  (void)Context;
  if (Irp->PendingReturned) IoMarkIrpPending(Irp);
  return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS NTAPI routine_raising_irql(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  (void)DeviceObject;
  (void)Context;
  KIRQL old;
  KeRaiseIrql(HIGH_LEVEL, &old);
  if (Irp->PendingReturned) IoMarkIrpPending(Irp);
  return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS NTAPI routine_signal_and_stop(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  (void)DeviceObject;
  (void)Irp;
  KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS complete(PIRP irp, NTSTATUS status, ULONG_PTR information) {
  irp->IoStatus.Status = status;
  irp->IoStatus.Information = information;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

static NTSTATUS forward_with(PIRP irp, PIO_COMPLETION_ROUTINE routine, PVOID context) {
  IoCopyCurrentIrpStackLocationToNext(irp);
  IoSetCompletionRoutine(irp, routine, context, TRUE, TRUE, TRUE);
  return IoCallDriver(rules.lower, irp);
}

static NTSTATUS rules_forwarding(PIRP irp) {
  switch (rules.which) {
  case FORWARD_RETURN_OTHER:
    IoSkipCurrentIrpStackLocation(irp);
    IoCallDriver(rules.lower, irp);
    return STATUS_SUCCESS;
  case FORWARD_RETURN_LOWER:
    IoSkipCurrentIrpStackLocation(irp);
    return IoCallDriver(rules.lower, irp);
  case MARK_FORWARD_RETURN_PENDING:
    IoMarkIrpPending(irp);
    IoCopyCurrentIrpStackLocationToNext(irp);
    IoCallDriver(rules.lower, irp);
    return STATUS_PENDING;
  case FORWARD_AND_WAIT: {
    KeClearEvent(&rules.forwarded_done);
    NTSTATUS status = forward_with(irp, routine_signal_and_stop, &rules.forwarded_done);
    if (status == STATUS_PENDING) KeWaitForSingleObject(&rules.forwarded_done, Executive, KernelMode, FALSE, NULL);
    status = irp->IoStatus.Status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
  }
  case FORWARD_WITH_CANCEL_ROUTINE:
    IoSetCancelRoutine(irp, rules_cancel);
    IoSkipCurrentIrpStackLocation(irp);
    return IoCallDriver(rules.lower, irp);
  case CLEAR_CANCEL_ROUTINE_THEN_FORWARD:
    IoSetCancelRoutine(irp, rules_cancel);
    IoSetCancelRoutine(irp, NULL);
    IoSkipCurrentIrpStackLocation(irp);
    return IoCallDriver(rules.lower, irp);
  case ROUTINE_IGNORES_PENDING: return forward_with(irp, routine_without_mark, NULL);
  case ROUTINE_PROPAGATES_PENDING: return forward_with(irp, routine_with_mark, NULL);
  case ROUTINE_RETURNS_AT_RAISED_IRQL: return forward_with(irp, routine_raising_irql, NULL);
  default: return STATUS_INTERNAL_ERROR;
  }
}

static NTSTATUS NTAPI rules_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  (void)DeviceObject;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  KIRQL old;
  switch (rules.which) {
  case COMPLETE_ONCE: return complete(Irp, STATUS_SUCCESS, 0);
  case COMPLETE_TWICE:
    complete(Irp, STATUS_SUCCESS, 0);
    return complete(Irp, STATUS_SUCCESS, 0);
  case COMPLETE_WITH_PENDING_STATUS:
    IoMarkIrpPending(Irp);
    complete(Irp, STATUS_PENDING, 0);
    return STATUS_PENDING;
  case COMPLETE_WITH_MINUS_ONE: return complete(Irp, (NTSTATUS)-1, 0);
  case PEND_WITHOUT_MARK:
    rules.held = Irp;
    return STATUS_PENDING;
  case PEND_WITH_MARK:
    IoMarkIrpPending(Irp);
    rules.held = Irp;
    return STATUS_PENDING;
  case MARK_AND_RETURN_SUCCESS:
    IoMarkIrpPending(Irp);
    return complete(Irp, STATUS_SUCCESS, 0);
  case MARK_COMPLETE_AND_RETURN_PENDING:
    IoMarkIrpPending(Irp);
    complete(Irp, STATUS_SUCCESS, 0);
    return STATUS_PENDING;
  case RETURN_OTHER_THAN_COMPLETED:
    complete(Irp, STATUS_SUCCESS, 0);
    return STATUS_UNSUCCESSFUL;
  case RETURN_WITHOUT_HANDLING:
    rules.held = Irp;
    return STATUS_SUCCESS;
  case INFORMATION_TOO_LARGE:
    return complete(Irp, STATUS_SUCCESS, stack->Parameters.DeviceIoControl.OutputBufferLength + 4);
  case INFORMATION_TOO_LARGE_WITH_WARNING:
    return complete(Irp, STATUS_BUFFER_OVERFLOW, stack->Parameters.DeviceIoControl.OutputBufferLength + 4);
  case INFORMATION_FITS: return complete(Irp, STATUS_SUCCESS, stack->Parameters.DeviceIoControl.OutputBufferLength);
  case INFORMATION_LARGE_FOR_METHOD_NEITHER:
    return complete(Irp, STATUS_SUCCESS, stack->Parameters.DeviceIoControl.OutputBufferLength + 100);
  case RETURN_AT_RAISED_IRQL:
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    return complete(Irp, STATUS_SUCCESS, 0);
  case RAISE_AND_LOWER: {
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    NTSTATUS status = complete(Irp, STATUS_SUCCESS, 0);
    KeLowerIrql(old);
    return status;
  }
  case COMPLETE_WITH_CANCEL_ROUTINE:
    IoSetCancelRoutine(Irp, rules_cancel);
    return complete(Irp, STATUS_SUCCESS, 0);
  case CLEAR_CANCEL_ROUTINE_THEN_COMPLETE:
    IoSetCancelRoutine(Irp, rules_cancel);
    IoSetCancelRoutine(Irp, NULL);
    return complete(Irp, STATUS_SUCCESS, 0);
  case SET_ROUTINE_THEN_COMPLETE:
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, routine_with_mark, NULL, TRUE, TRUE, TRUE);
    return complete(Irp, STATUS_SUCCESS, 0);
  case PEND_CANCELABLE_ROUTINE_KEEPS_LOCK:
    IoMarkIrpPending(Irp);
    IoSetCancelRoutine(Irp, rules_cancel_keeping_lock);
    rules.held = Irp;
    return STATUS_PENDING;
  default: return rules_forwarding(Irp);
  }
}

static NTSTATUS NTAPI rules_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)RegistryPath;
  DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = rules_dispatch;
  return STATUS_SUCCESS;
}

static wmisim_t *rules_setup(enum rule_case which) {
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT lower = chain_build(sim, 1, 0);
  memset(&rules, 0, sizeof rules);
  rules.which = which;
  KeInitializeEvent(&rules.forwarded_done, NotificationEvent, FALSE);
  assert_int_equal(wmisim_driver_add(sim, "rules", rules_entry, &rules.driver), STATUS_SUCCESS);
  assert_int_equal(IoCreateDevice(wmisim_driver_object(rules.driver), 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                  &rules.device),
                   STATUS_SUCCESS);
  rules.lower = IoAttachDeviceToDeviceStack(rules.device, lower);
  rules.device->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
  return sim;
}

static void rules_teardown(wmisim_t *sim) {
  IoDetachDevice(rules.lower);
  IoDeleteDevice(rules.device);
  chain_teardown();
  wmisim_destroy(sim);
}

static void set_ioctl(PIO_STACK_LOCATION stack, void *argument) {
  stack->Parameters.DeviceIoControl.IoControlCode = (ULONG)(uintptr_t)argument;
  stack->Parameters.DeviceIoControl.OutputBufferLength = 16;
}

/* Sends one METHOD_BUFFERED IOCTL; an IRP the driver kept is completed by
 * the test (success) so the originator's wait ends. */
static struct test_result rules_send_ioctl(ULONG code) {
  struct originator o;
  PIRP irp = originator_start(&o, rules.device);
  set_ioctl(IoGetNextIrpStackLocation(irp), (void *)(uintptr_t)code);
  struct test_result result;
  result.returned = IoCallDriver(rules.device, irp);
  if (rules.held != NULL) {
    PIRP held = rules.held;
    rules.held = NULL;
    complete(held, STATUS_SUCCESS, 0);
  }
  KeWaitForSingleObject(&o.done, Executive, KernelMode, FALSE, NULL);
  result.status = irp->IoStatus.Status;
  result.information = irp->IoStatus.Information;
  IoFreeIrp(irp);
  return result;
}

static struct test_result rules_send(void) {
  return rules_send_ioctl(IOCTL_RULES_BUFFERED);
}

/* One case with the lower driver completing or pending as told: expect
 * `count` violations of `rule` and none other, also after destruction. */
static void expect_with_lower(enum rule_case which, enum bottom_mode bottom, NTSTATUS lower_status, const char *rule,
                              size_t count) {
  wmisim_t *sim = rules_setup(which);
  chain.bottom = bottom;
  chain.bottom_status = lower_status;
  rules_send();
  if (test_record.violations != count || (count != 0 && test_violations_of(rule) != count)) test_dump_violations();
  assert_int_equal(test_record.violations, count);
  if (count != 0) assert_int_equal(test_violations_of(rule), count);
  rules_teardown(sim);
  assert_int_equal(test_record.violations, count);
}

/* ---- the simple cases, one named test each ---------------------------------------------- */

struct expectation {
  enum rule_case which;
  enum bottom_mode bottom;     /* what the lower driver does */
  NTSTATUS lower_status;
  const char *rule;            /* NULL: the case is clean */
  size_t count;
};

static void run_expectation(void **state) {
  const struct expectation *e = *state;
  expect_with_lower(e->which, e->bottom, e->lower_status, e->rule, e->count);
}

/* CASE(test name, case, rule or NULL, violations) with the lower driver completing with success;
 * LOWER_CASE(test name, case, lower driver's mode, its status, rule or NULL, violations). */
#define LOWER_CASE(name, ...) {#name, run_expectation, NULL, NULL, &(struct expectation){__VA_ARGS__}}
#define CASE(name, which, rule, count) LOWER_CASE(name, which, BOTTOM_COMPLETE, STATUS_SUCCESS, rule, count)

/* ---- DoubleCompletion ---------------------------------------------------------------------- */

static void test_double_completion_of_a_built_irp_is_reported_as_double_completion(void **state) {
  (void)state;
  wmisim_t *sim = rules_setup(COMPLETE_TWICE);
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  IO_STATUS_BLOCK iosb;
  PIRP irp = IoBuildDeviceIoControlRequest(IOCTL_RULES_NEITHER, rules.device, NULL, 0, NULL, 0, FALSE, &event, &iosb);
  assert_int_equal(IoCallDriver(rules.device, irp), STATUS_SUCCESS);
  assert_only_violation("DoubleCompletion");
  rules_teardown(sim);
}

/* ---- CompleteWithPendingStatus ------------------------------------------------------------ */

/* ---- MarkIrpPending2 / MarkIrpPending ----------------------------------------------------- */

/* ---- CompleteRequestStatusCheck ---------------------------------------------------------- */

/* ---- LowerDriverReturn --------------------------------------------------------------------- */

/* ---- IrpProcessingComplete ------------------------------------------------------------------ */

/* ---- InformationTooLarge ----------------------------------------------------------------- */

static void test_information_of_a_method_neither_ioctl_is_not_checked(void **state) {
  (void)state;
  wmisim_t *sim = rules_setup(INFORMATION_LARGE_FOR_METHOD_NEITHER);
  rules_send_ioctl(IOCTL_RULES_NEITHER);
  assert_no_violations();
  rules_teardown(sim);
  assert_no_violations();
}

/* ---- IrqlNotRestored ------------------------------------------------------------------------ */

static void test_dispatch_returning_at_raised_irql_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = rules_setup(RETURN_AT_RAISED_IRQL);
  rules_send();
  assert_only_violation("IrqlNotRestored");
  /* The simulator put the IRQL back. */
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  rules_teardown(sim);
}

static void test_completion_routine_returning_at_raised_irql_is_reported(void **state) {
  (void)state;
  expect_with_lower(ROUTINE_RETURNS_AT_RAISED_IRQL, BOTTOM_COMPLETE, STATUS_SUCCESS, "IrqlNotRestored", 1);
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* ---- cancel routines --------------------------------------------------------------------- */

static void test_forwarding_with_a_cancel_routine_set_is_reported(void **state) {
  (void)state;
  /* The lower driver then completes it with the routine still set, too. */
  wmisim_t *sim = rules_setup(FORWARD_WITH_CANCEL_ROUTINE);
  rules_send();
  assert_violation("ForwardWithCancelRoutine", 1);
  rules_teardown(sim);
}

static void test_cancel_routine_keeping_the_cancel_spin_lock_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = rules_setup(PEND_CANCELABLE_ROUTINE_KEEPS_LOCK);
  struct originator o;
  PIRP irp = originator_start(&o, rules.device);
  assert_int_equal(IoCallDriver(rules.device, irp), STATUS_PENDING);
  assert_true(IoCancelIrp(irp));
  KeWaitForSingleObject(&o.done, Executive, KernelMode, FALSE, NULL);
  assert_int_equal(irp->IoStatus.Status, STATUS_CANCELLED);
  IoFreeIrp(irp);
  assert_only_violation("CancelRoutineMisuse");
  /* The simulator released the lock for it. */
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  KIRQL irql;
  IoAcquireCancelSpinLock(&irql);
  IoReleaseCancelSpinLock(irql);
  rules_teardown(sim);
}

/* ---- CompletionPendingPropagation ---------------------------------------------------------- */

/* ---- CompletionRoutineMisuse ----------------------------------------------------------------- */

static void test_allocated_irp_completed_to_its_originator_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = rules_setup(COMPLETE_ONCE);
  PIRP irp = IoAllocateIrp(rules.device->StackSize, FALSE);
  irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
  IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_DEVICE_CONTROL;
  /* No completion routine returning STATUS_MORE_PROCESSING_REQUIRED. */
  assert_int_equal(IoCallDriver(rules.device, irp), STATUS_SUCCESS);
  assert_only_violation("CompletionRoutineMisuse");
  IoFreeIrp(irp);
  rules_teardown(sim);
  assert_int_equal(test_record.violations, 1);
}

/* ---- IrpUseAfterFree / IrpFreeInUse ------------------------------------------------------- */

static void test_completing_a_freed_irp_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = rules_setup(COMPLETE_ONCE);
  PIRP irp = IoAllocateIrp(1, FALSE);
  IoFreeIrp(irp);
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  assert_only_violation("IrpUseAfterFree");
  rules_teardown(sim);
}

static void test_freeing_an_irp_a_lower_driver_holds_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = rules_setup(PEND_WITH_MARK);
  PIRP irp = IoAllocateIrp(rules.device->StackSize, FALSE);
  IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_DEVICE_CONTROL;
  assert_int_equal(IoCallDriver(rules.device, irp), STATUS_PENDING);
  IoFreeIrp(irp); /* the "rules" driver still holds it */
  assert_only_violation("IrpFreeInUse");
  rules.held = NULL; /* never completed: it is gone */
  rules_teardown(sim);
}

static void test_reusing_an_irp_a_lower_driver_holds_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = rules_setup(PEND_WITH_MARK);
  struct originator o;
  PIRP irp = originator_start(&o, rules.device);
  assert_int_equal(IoCallDriver(rules.device, irp), STATUS_PENDING);
  IoReuseIrp(irp, STATUS_SUCCESS);
  assert_only_violation("IrpFreeInUse");
  rules.held = NULL;
  IoFreeIrp(irp);
  rules_teardown(sim);
}

static void test_freeing_an_irp_in_its_completion_routine_is_clean(void **state) {
  (void)state;
  wmisim_t *sim = rules_setup(PEND_WITH_MARK);
  struct originator o;
  PIRP irp = originator_start(&o, rules.device);
  assert_int_equal(IoCallDriver(rules.device, irp), STATUS_PENDING);
  PIRP held = rules.held;
  complete(held, STATUS_SUCCESS, 0);
  originator_wait_and_free(&o);
  rules_teardown(sim);
  assert_no_violations();
}

/* ---- device deletion ------------------------------------------------------------------------ */

static NTSTATUS NTAPI plain_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)DriverObject;
  (void)RegistryPath;
  return STATUS_SUCCESS;
}

static void test_deleting_a_device_twice_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "plain", plain_entry, &driver), STATUS_SUCCESS);
  PDEVICE_OBJECT device;
  assert_int_equal(IoCreateDevice(wmisim_driver_object(driver), 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device),
                   STATUS_SUCCESS);
  IoDeleteDevice(device);
  assert_no_violations();
  IoDeleteDevice(device);
  assert_only_violation("DeleteDeviceTwice");
  wmisim_destroy(sim);
}

/* A simulator with one driver and two of its devices, one attached above the other. */
static wmisim_t *attached_pair(PDEVICE_OBJECT *lower, PDEVICE_OBJECT *upper) {
  wmisim_t *sim = test_sim_create();
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "plain", plain_entry, &driver), STATUS_SUCCESS);
  PDRIVER_OBJECT object = wmisim_driver_object(driver);
  assert_int_equal(IoCreateDevice(object, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, lower), STATUS_SUCCESS);
  assert_int_equal(IoCreateDevice(object, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, upper), STATUS_SUCCESS);
  (*lower)->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
  assert_ptr_equal(IoAttachDeviceToDeviceStack(*upper, *lower), *lower);
  (*upper)->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
  return sim;
}

static void test_deleting_an_attached_device_is_reported(void **state) {
  (void)state;
  PDEVICE_OBJECT lower, upper;
  wmisim_t *sim = attached_pair(&lower, &upper);
  IoDeleteDevice(upper);
  assert_only_violation("DeleteAttachedDevice");
  IoDeleteDevice(lower);
  wmisim_destroy(sim);
  assert_int_equal(test_record.violations, 1);
}

static void test_detaching_then_deleting_is_clean(void **state) {
  (void)state;
  PDEVICE_OBJECT lower, upper;
  wmisim_t *sim = attached_pair(&lower, &upper);
  IoDetachDevice(lower);
  IoDeleteDevice(upper);
  IoDeleteDevice(lower);
  wmisim_destroy(sim);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    CASE(test_double_completion_is_reported,
         COMPLETE_TWICE, "DoubleCompletion", 1),
    CASE(test_single_completion_is_clean,
         COMPLETE_ONCE, NULL, 0),
    CASE(test_completion_with_status_pending_is_reported,
         COMPLETE_WITH_PENDING_STATUS, "CompleteWithPendingStatus", 1),
    CASE(test_completion_with_status_minus_one_is_reported,
         COMPLETE_WITH_MINUS_ONE, "CompleteWithPendingStatus", 1),
    CASE(test_returning_pending_without_marking_is_reported,
         PEND_WITHOUT_MARK, "MarkIrpPending2", 1),
    CASE(test_marking_and_returning_pending_is_clean,
         PEND_WITH_MARK, NULL, 0),
    CASE(test_marking_pending_and_returning_success_is_reported,
         MARK_AND_RETURN_SUCCESS, "MarkIrpPending", 1),
    CASE(test_marking_pending_completing_and_returning_pending_is_clean,
         MARK_COMPLETE_AND_RETURN_PENDING, NULL, 0),
    CASE(test_returning_a_status_other_than_the_completion_status_is_reported,
         RETURN_OTHER_THAN_COMPLETED, "CompleteRequestStatusCheck", 1),
    LOWER_CASE(test_forwarding_and_returning_another_status_is_reported,
               FORWARD_RETURN_OTHER, BOTTOM_COMPLETE, STATUS_DEVICE_BUSY, "LowerDriverReturn", 1),
    LOWER_CASE(test_forwarding_and_returning_the_lower_status_is_clean,
               FORWARD_RETURN_LOWER, BOTTOM_COMPLETE, STATUS_DEVICE_BUSY, NULL, 0),
    LOWER_CASE(test_forwarding_and_returning_the_lower_drivers_pending_is_clean,
               FORWARD_RETURN_LOWER, BOTTOM_PEND_AND_COMPLETE, STATUS_SUCCESS, NULL, 0),
    CASE(test_marking_forwarding_and_returning_pending_is_clean_when_the_lower_driver_completes,
         MARK_FORWARD_RETURN_PENDING, NULL, 0),
    LOWER_CASE(test_marking_forwarding_and_returning_pending_is_clean_when_the_lower_driver_pends,
               MARK_FORWARD_RETURN_PENDING, BOTTOM_PEND_AND_COMPLETE, STATUS_SUCCESS, NULL, 0),
    LOWER_CASE(test_forwarding_waiting_and_completing_again_is_clean,
               FORWARD_AND_WAIT, BOTTOM_COMPLETE, STATUS_DEVICE_BUSY, NULL, 0),
    LOWER_CASE(test_forwarding_waiting_for_a_pended_lower_driver_and_completing_again_is_clean,
               FORWARD_AND_WAIT, BOTTOM_PEND_AND_COMPLETE, STATUS_SUCCESS, NULL, 0),
    CASE(test_returning_success_without_completing_or_forwarding_is_reported,
         RETURN_WITHOUT_HANDLING, "IrpProcessingComplete", 1),
    CASE(test_information_larger_than_the_output_buffer_is_reported,
         INFORMATION_TOO_LARGE, "InformationTooLarge", 1),
    CASE(test_information_larger_than_the_output_buffer_with_a_warning_is_reported,
         INFORMATION_TOO_LARGE_WITH_WARNING, "InformationTooLarge", 1),
    CASE(test_information_equal_to_the_output_buffer_is_clean,
         INFORMATION_FITS, NULL, 0),
    CASE(test_dispatch_raising_and_lowering_irql_is_clean,
         RAISE_AND_LOWER, NULL, 0),
    CASE(test_completing_with_a_cancel_routine_set_is_reported,
         COMPLETE_WITH_CANCEL_ROUTINE, "CompleteWithCancelRoutine", 1),
    CASE(test_clearing_the_cancel_routine_before_completing_is_clean,
         CLEAR_CANCEL_ROUTINE_THEN_COMPLETE, NULL, 0),
    CASE(test_clearing_the_cancel_routine_before_forwarding_is_clean,
         CLEAR_CANCEL_ROUTINE_THEN_FORWARD, NULL, 0),
    LOWER_CASE(test_completion_routine_ignoring_pending_returned_is_reported,
               ROUTINE_IGNORES_PENDING, BOTTOM_PEND_AND_COMPLETE, STATUS_SUCCESS, "CompletionPendingPropagation", 1),
    LOWER_CASE(test_completion_routine_marking_pending_when_pending_returned_is_clean,
               ROUTINE_PROPAGATES_PENDING, BOTTOM_PEND_AND_COMPLETE, STATUS_SUCCESS, NULL, 0),
    CASE(test_completion_routine_checking_pending_returned_is_clean_without_pending,
         ROUTINE_PROPAGATES_PENDING, NULL, 0),
    CASE(test_completion_routine_not_marking_pending_is_clean_without_pending,
         ROUTINE_IGNORES_PENDING, NULL, 0),
    CASE(test_setting_a_completion_routine_without_calling_the_lower_driver_is_reported,
         SET_ROUTINE_THEN_COMPLETE, "CompletionRoutineMisuse", 1),
    CASE(test_allocated_irp_stopped_and_freed_by_its_originator_is_clean,
         COMPLETE_ONCE, NULL, 0),
    cmocka_unit_test(test_double_completion_of_a_built_irp_is_reported_as_double_completion),
    cmocka_unit_test(test_information_of_a_method_neither_ioctl_is_not_checked),
    cmocka_unit_test(test_dispatch_returning_at_raised_irql_is_reported),
    cmocka_unit_test(test_completion_routine_returning_at_raised_irql_is_reported),
    cmocka_unit_test(test_forwarding_with_a_cancel_routine_set_is_reported),
    cmocka_unit_test(test_cancel_routine_keeping_the_cancel_spin_lock_is_reported),
    cmocka_unit_test(test_allocated_irp_completed_to_its_originator_is_reported),
    cmocka_unit_test(test_completing_a_freed_irp_is_reported),
    cmocka_unit_test(test_freeing_an_irp_a_lower_driver_holds_is_reported),
    cmocka_unit_test(test_reusing_an_irp_a_lower_driver_holds_is_reported),
    cmocka_unit_test(test_freeing_an_irp_in_its_completion_routine_is_clean),
    cmocka_unit_test(test_deleting_a_device_twice_is_reported),
    cmocka_unit_test(test_deleting_an_attached_device_is_reported),
    cmocka_unit_test(test_detaching_then_deleting_is_clean),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
