/*
 * test_io_irp.c - IRPs: allocation and stack locations, completion
 * routines (order, selection, arguments, stopping), pending propagation,
 * completion on another thread, built IRPs, synchronous forwarding,
 * cancellation, and misuse the I/O manager reports.
 */
#include "chain_driver.h"

#define IO_TYPE_IRP_VALUE 6 /* IO_TYPE_IRP; <wdm.h> here does not define it yet */

/* ---- allocation and stack locations ------------------------------------------------------ */

static void test_allocate_irp_sets_stack_count_and_current_location(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP irp = IoAllocateIrp(3, FALSE);
  assert_non_null(irp);
  assert_int_equal(irp->Type, IO_TYPE_IRP_VALUE);
  assert_int_equal(irp->Size, IoSizeOfIrp(3));
  assert_int_equal(irp->StackCount, 3);
  assert_int_equal(irp->CurrentLocation, 4);
  assert_ptr_equal(IoGetCurrentIrpStackLocation(irp), (PIO_STACK_LOCATION)(irp + 1) + 3);
  assert_ptr_equal(IoGetNextIrpStackLocation(irp), (PIO_STACK_LOCATION)(irp + 1) + 2);
  assert_false(irp->Cancel);
  assert_null(irp->CancelRoutine);
  IoFreeIrp(irp);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_allocate_irp_with_zero_stack_locations_is_refused(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  assert_null(IoAllocateIrp(0, FALSE));
  assert_only_violation("InvalidParameter");
  wmisim_destroy(sim);
}

static void test_initialize_irp_prepares_caller_memory(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  _Alignas(16) unsigned char memory[sizeof(IRP) + 2 * sizeof(IO_STACK_LOCATION)];
  memset(memory, 0xA5, sizeof memory);
  PIRP irp = (PIRP)memory;
  IoInitializeIrp(irp, IoSizeOfIrp(2), 2);
  assert_int_equal(irp->Type, IO_TYPE_IRP_VALUE);
  assert_int_equal(irp->StackCount, 2);
  assert_int_equal(irp->CurrentLocation, 3);
  assert_ptr_equal(IoGetCurrentIrpStackLocation(irp), (PIO_STACK_LOCATION)(irp + 1) + 2);
  assert_int_equal(irp->IoStatus.Status, 0);
  assert_null(irp->MdlAddress);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_reuse_irp_resets_it_for_another_request(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT top = chain_build(sim, 2, 0);
  chain.bottom_status = STATUS_DEVICE_NOT_READY;
  struct originator o;
  PIRP irp = originator_start(&o, top);
  assert_int_equal(IoCallDriver(top, irp), STATUS_DEVICE_NOT_READY);
  KeWaitForSingleObject(&o.done, Executive, KernelMode, FALSE, NULL);

  IoReuseIrp(irp, STATUS_NOT_SUPPORTED);
  assert_int_equal(irp->CurrentLocation, irp->StackCount + 1);
  assert_int_equal(irp->IoStatus.Status, STATUS_NOT_SUPPORTED);
  assert_false(irp->Cancel);
  assert_ptr_equal(IoGetCurrentIrpStackLocation(irp), (PIO_STACK_LOCATION)(irp + 1) + irp->StackCount);

  /* ... and it travels again. */
  chain.bottom_status = STATUS_SUCCESS;
  KeClearEvent(&o.done);
  IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_DEVICE_CONTROL;
  IoSetCompletionRoutine(irp, originator_routine, &o, TRUE, TRUE, TRUE);
  assert_int_equal(IoCallDriver(top, irp), STATUS_SUCCESS);
  originator_wait_and_free(&o);
  chain_teardown();
  wmisim_destroy(sim);
  assert_no_violations();
}

static const IO_STACK_LOCATION *seen_stack;
static IO_STACK_LOCATION seen_copy;

static NTSTATUS NTAPI remember_stack_and_complete(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  (void)DeviceObject;
  seen_stack = IoGetCurrentIrpStackLocation(Irp);
  seen_copy = *seen_stack;
  Irp->IoStatus.Status = STATUS_SUCCESS;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_SUCCESS;
}

/* A two-driver stack: an upper legacy driver that skips or copies, and a
 * lower one that records its stack location. */
static PDEVICE_OBJECT pair_lower;
static bool pair_skip;

static NTSTATUS NTAPI pair_upper_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  (void)DeviceObject;
  if (pair_skip)
    IoSkipCurrentIrpStackLocation(Irp);
  else
    IoCopyCurrentIrpStackLocationToNext(Irp);
  return IoCallDriver(pair_lower, Irp);
}

static NTSTATUS NTAPI pair_upper_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)RegistryPath;
  DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = pair_upper_dispatch;
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI pair_lower_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)RegistryPath;
  DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = remember_stack_and_complete;
  return STATUS_SUCCESS;
}

struct pair {
  wmisim_driver_t *upper_driver, *lower_driver;
  PDEVICE_OBJECT upper, lower;
};

static void pair_build(wmisim_t *sim, struct pair *p) {
  assert_int_equal(wmisim_driver_add(sim, "upper", pair_upper_entry, &p->upper_driver), STATUS_SUCCESS);
  assert_int_equal(wmisim_driver_add(sim, "lower", pair_lower_entry, &p->lower_driver), STATUS_SUCCESS);
  assert_int_equal(IoCreateDevice(wmisim_driver_object(p->lower_driver), 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                  &p->lower),
                   STATUS_SUCCESS);
  assert_int_equal(IoCreateDevice(wmisim_driver_object(p->upper_driver), 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                  &p->upper),
                   STATUS_SUCCESS);
  p->lower->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
  pair_lower = IoAttachDeviceToDeviceStack(p->upper, p->lower);
  assert_ptr_equal(pair_lower, p->lower);
  p->upper->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
}

static void pair_teardown(struct pair *p) {
  IoDetachDevice(p->lower);
  IoDeleteDevice(p->upper);
  IoDeleteDevice(p->lower);
}

static PIRP pair_irp(struct originator *o, PDEVICE_OBJECT top) {
  PIRP irp = originator_start(o, top);
  PIO_STACK_LOCATION first = IoGetNextIrpStackLocation(irp);
  first->Parameters.DeviceIoControl.IoControlCode = 0x222004;
  first->Parameters.DeviceIoControl.InputBufferLength = 12;
  first->Parameters.DeviceIoControl.OutputBufferLength = 34;
  return irp;
}

static void test_skip_current_location_gives_the_lower_driver_the_callers_location(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  memset(&chain, 0, sizeof chain);
  struct pair p;
  pair_build(sim, &p);
  pair_skip = true;
  struct originator o;
  PIRP irp = pair_irp(&o, p.upper);
  PIO_STACK_LOCATION upper_location = IoGetNextIrpStackLocation(irp);
  assert_int_equal(IoCallDriver(p.upper, irp), STATUS_SUCCESS);
  assert_ptr_equal(seen_stack, upper_location);
  assert_int_equal(seen_copy.Parameters.DeviceIoControl.IoControlCode, 0x222004);
  assert_ptr_equal(seen_copy.DeviceObject, p.lower);
  originator_wait_and_free(&o);
  pair_teardown(&p);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_copy_to_next_copies_parameters_but_not_completion_routine_or_control(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  memset(&chain, 0, sizeof chain);
  struct pair p;
  pair_build(sim, &p);
  pair_skip = false;
  struct originator o;
  PIRP irp = pair_irp(&o, p.upper);
  PIO_STACK_LOCATION upper_location = IoGetNextIrpStackLocation(irp);
  /* The originator's routine and its SL_INVOKE_* bits sit in the upper driver's location. */
  assert_non_null(upper_location->CompletionRoutine);
  assert_int_not_equal(upper_location->Control, 0);
  assert_int_equal(IoCallDriver(p.upper, irp), STATUS_SUCCESS);
  assert_ptr_equal(seen_stack, upper_location - 1);
  assert_int_equal(seen_copy.MajorFunction, IRP_MJ_DEVICE_CONTROL);
  assert_int_equal(seen_copy.Parameters.DeviceIoControl.IoControlCode, 0x222004);
  assert_int_equal(seen_copy.Parameters.DeviceIoControl.InputBufferLength, 12);
  assert_int_equal(seen_copy.Parameters.DeviceIoControl.OutputBufferLength, 34);
  assert_null(seen_copy.CompletionRoutine);
  assert_null(seen_copy.Context);
  assert_int_equal(seen_copy.Control, 0);
  assert_ptr_equal(seen_copy.DeviceObject, p.lower);
  originator_wait_and_free(&o);
  pair_teardown(&p);
  wmisim_destroy(sim);
  assert_no_violations();
}

/* ---- completion routines ---------------------------------------------------------------- */

static void test_completion_routines_run_in_order_bottom_up_and_can_stop_completion(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT top = chain_build(sim, 4, 0);
  chain_routine_at(1, false);
  chain_routine_at(2, true); /* stops completion, then completes again */
  chain_routine_at(3, false);
  struct originator o;
  PIRP irp = originator_start(&o, top);
  assert_int_equal(IoCallDriver(top, irp), STATUS_SUCCESS);
  originator_wait_and_free(&o);
  assert_int_equal(chain.call_count, 4);
  assert_int_equal(chain.calls[0].level, 1);
  assert_int_equal(chain.calls[1].level, 2);
  assert_int_equal(chain.calls[2].level, 3);
  assert_int_equal(chain.calls[3].level, CHAIN_ORIGINATOR);
  /* Nothing above level 2 ran until level 2's driver completed the IRP again. */
  assert_int_equal(chain.calls_when_stopped, 2);
  chain_teardown();
  wmisim_destroy(sim);
  assert_no_violations();
}

/* One IRP through three levels, routines at levels 1 and 2, completed at once. */
static wmisim_t *run_three_levels_synchronously(void) {
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT top = chain_build(sim, 3, 0);
  chain_routine_at(1, false);
  chain_routine_at(2, false);
  struct originator o;
  assert_int_equal(IoCallDriver(top, originator_start(&o, top)), STATUS_SUCCESS);
  originator_wait_and_free(&o);
  assert_int_equal(chain.call_count, 3);
  return sim;
}

static void finish_clean(wmisim_t *sim) {
  chain_teardown();
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_completion_routine_receives_the_setters_device_and_the_originator_null(void **state) {
  (void)state;
  wmisim_t *sim = run_three_levels_synchronously();
  assert_ptr_equal(chain.calls[0].device, chain.device[1]);
  assert_ptr_equal(chain.calls[1].device, chain.device[2]);
  assert_null(chain.calls[2].device);
  finish_clean(sim);
}

static void run_with_invoke_flags(NTSTATUS status, BOOLEAN on_success, BOOLEAN on_error, BOOLEAN on_cancel,
                                  bool cancel, int expected_calls) {
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT top = chain_build(sim, 2, 0);
  chain.config[1] = (struct level_config){false, true, on_success, on_error, on_cancel, false};
  chain.bottom_status = status;
  struct originator o;
  PIRP irp = originator_start(&o, top);
  if (cancel) irp->Cancel = TRUE; /* as if IoCancelIrp ran while no cancel routine was set */
  assert_int_equal(IoCallDriver(top, irp), status);
  originator_wait_and_free(&o);
  /* The originator's routine always runs: it asked for every outcome. */
  assert_int_equal(chain.call_count, expected_calls);
  assert_int_equal(chain.calls[chain.call_count - 1].level, CHAIN_ORIGINATOR);
  if (expected_calls == 2) assert_int_equal(chain.calls[0].level, 1);
  chain_teardown();
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_invoke_on_success_runs_only_for_success(void **state) {
  (void)state;
  run_with_invoke_flags(STATUS_SUCCESS, TRUE, FALSE, FALSE, false, 2);
  run_with_invoke_flags(STATUS_UNSUCCESSFUL, TRUE, FALSE, FALSE, false, 1);
}

static void test_invoke_on_error_runs_only_for_failure(void **state) {
  (void)state;
  run_with_invoke_flags(STATUS_UNSUCCESSFUL, FALSE, TRUE, FALSE, false, 2);
  run_with_invoke_flags(STATUS_SUCCESS, FALSE, TRUE, FALSE, false, 1);
}

static void test_invoke_on_cancel_runs_for_a_cancelled_irp(void **state) {
  (void)state;
  run_with_invoke_flags(STATUS_CANCELLED, FALSE, FALSE, TRUE, true, 2);
  run_with_invoke_flags(STATUS_CANCELLED, FALSE, FALSE, TRUE, false, 1);
  /* A warning status is not success: NT_SUCCESS(STATUS_BUFFER_OVERFLOW) is false. */
  run_with_invoke_flags(STATUS_BUFFER_OVERFLOW, FALSE, TRUE, FALSE, false, 2);
}

/* ---- pending --------------------------------------------------------------------------------- */

static void test_pending_returned_reaches_every_completion_routine_above(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT top = chain_build(sim, 4, 0);
  chain.bottom = BOTTOM_PEND_AND_COMPLETE;
  chain_routine_at(1, false);
  /* level 2 sets no routine: the I/O manager propagates the pending bit for it */
  chain_routine_at(3, false);
  struct originator o;
  PIRP irp = originator_start(&o, top);
  assert_int_equal(IoCallDriver(top, irp), STATUS_PENDING);
  originator_wait_and_free(&o);
  assert_int_equal(chain.call_count, 3);
  assert_true(chain.calls[0].pending_returned);
  assert_true(chain.calls[1].pending_returned);
  assert_true(chain.calls[2].pending_returned);
  chain_teardown();
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_pending_returned_is_false_for_synchronous_completion(void **state) {
  (void)state;
  wmisim_t *sim = run_three_levels_synchronously();
  for (int i = 0; i < chain.call_count; i++) assert_false(chain.calls[i].pending_returned);
  finish_clean(sim);
}

static void test_mark_irp_pending_sets_sl_pending_returned(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP irp = IoAllocateIrp(2, FALSE);
  IoSetNextIrpStackLocation(irp);
  assert_int_equal(IoGetCurrentIrpStackLocation(irp)->Control & SL_PENDING_RETURNED, 0);
  IoMarkIrpPending(irp);
  assert_int_equal(IoGetCurrentIrpStackLocation(irp)->Control & SL_PENDING_RETURNED, SL_PENDING_RETURNED);
  IoSkipCurrentIrpStackLocation(irp);
  IoFreeIrp(irp);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void pended_irp_wakes_waiter(enum bottom_mode mode) {
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT top = chain_build(sim, 3, 0);
  chain.bottom = mode;
  chain.bottom_information = 7;
  chain_routine_at(1, false);
  chain_routine_at(2, false);
  struct originator o;
  PIRP irp = originator_start(&o, top);
  assert_int_equal(IoCallDriver(top, irp), STATUS_PENDING);
  /* Not complete until the other thread is allowed to finish it. */
  LARGE_INTEGER zero = {.QuadPart = 0};
  assert_int_equal(KeWaitForSingleObject(&o.done, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
  assert_int_equal(chain.call_count, 0);
  KeSetEvent(&chain.release, IO_NO_INCREMENT, FALSE);
  assert_int_equal(KeWaitForSingleObject(&o.done, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
  assert_int_equal(irp->IoStatus.Status, STATUS_SUCCESS);
  assert_int_equal(irp->IoStatus.Information, 7);
  assert_int_equal(chain.call_count, 3);
  assert_true(chain.calls[2].pending_returned);
  IoFreeIrp(irp);
  chain_join_thread();
  assert_true(wmisim_wait_idle(sim, 5000));
  chain_teardown();
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_irp_pended_and_completed_on_a_system_thread_wakes_its_waiter(void **state) {
  (void)state;
  pended_irp_wakes_waiter(BOTTOM_PEND_THREAD);
}

static void test_irp_pended_and_completed_by_a_work_item_wakes_its_waiter(void **state) {
  (void)state;
  pended_irp_wakes_waiter(BOTTOM_PEND_WORK_ITEM);
}

/* ---- built IRPs ------------------------------------------------------------------------------ */

#define IOCTL_TEST_BUFFERED CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

static ULONG built_input_seen;
static bool built_pend;
static PIRP built_pended;
static NTSTATUS built_status; /* what the driver completes with */

static NTSTATUS NTAPI built_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  (void)DeviceObject;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  char *buffer = Irp->AssociatedIrp.SystemBuffer;
  ULONG_PTR written = 0;
  if (stack->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
    built_input_seen = stack->Parameters.DeviceIoControl.InputBufferLength;
    assert_memory_equal(buffer, "ping", 4);
    memcpy(buffer, "pong!", 5);
    written = 5;
  } else if (stack->MajorFunction == IRP_MJ_READ) {
    memcpy(buffer, "data", 4);
    written = 4;
  }
  Irp->IoStatus.Information = written;
  if (built_pend) {
    IoMarkIrpPending(Irp);
    built_pended = Irp;
    return STATUS_PENDING;
  }
  NTSTATUS status = built_status;
  Irp->IoStatus.Status = status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return status;
}

static NTSTATUS NTAPI built_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)RegistryPath;
  DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = built_dispatch;
  DriverObject->MajorFunction[IRP_MJ_READ] = built_dispatch;
  return STATUS_SUCCESS;
}

static PDEVICE_OBJECT built_device(wmisim_t *sim) {
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "built", built_entry, &driver), STATUS_SUCCESS);
  PDEVICE_OBJECT device;
  assert_int_equal(IoCreateDevice(wmisim_driver_object(driver), 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device),
                   STATUS_SUCCESS);
  device->Flags |= DO_BUFFERED_IO;
  device->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
  built_pend = false;
  built_pended = NULL;
  built_status = STATUS_SUCCESS;
  return device;
}

static void test_build_device_io_control_request_copies_buffered_output_back(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT device = built_device(sim);
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  IO_STATUS_BLOCK iosb = {.Status = -1, .Information = 99};
  char input[4] = {'p', 'i', 'n', 'g'};
  char output[8] = {0};
  PIRP irp = IoBuildDeviceIoControlRequest(IOCTL_TEST_BUFFERED, device, input, sizeof input, output, sizeof output,
                                           FALSE, &event, &iosb);
  assert_non_null(irp);
  assert_int_equal(IoGetNextIrpStackLocation(irp)->MajorFunction, IRP_MJ_DEVICE_CONTROL);
  assert_int_equal(IoCallDriver(device, irp), STATUS_SUCCESS);
  assert_int_equal(KeReadStateEvent(&event), 1);
  assert_int_equal(iosb.Status, STATUS_SUCCESS);
  assert_int_equal(iosb.Information, 5);
  assert_memory_equal(output, "pong!", 5);
  assert_int_equal(output[5], 0);
  assert_int_equal(built_input_seen, 4);
  /* The system buffer went back to pool. */
  assert_int_equal(wmisim_pool_usage(sim, 0).blocks, 0);
  IoDeleteDevice(device);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_build_device_io_control_request_completed_later_sets_event_and_status(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT device = built_device(sim);
  built_pend = true;
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  IO_STATUS_BLOCK iosb = {.Status = -1};
  char input[4] = {'p', 'i', 'n', 'g'};
  char output[8] = {0};
  PIRP irp = IoBuildDeviceIoControlRequest(IOCTL_TEST_BUFFERED, device, input, sizeof input, output, sizeof output,
                                           FALSE, &event, &iosb);
  assert_int_equal(IoCallDriver(device, irp), STATUS_PENDING);
  assert_int_equal(KeReadStateEvent(&event), 0);
  assert_ptr_equal(built_pended, irp);
  built_pended->IoStatus.Status = STATUS_SUCCESS;
  IoCompleteRequest(built_pended, IO_NO_INCREMENT);
  assert_int_equal(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
  assert_int_equal(iosb.Status, STATUS_SUCCESS);
  assert_int_equal(iosb.Information, 5);
  assert_memory_equal(output, "pong!", 5);
  assert_int_equal(wmisim_pool_usage(sim, 0).blocks, 0);
  IoDeleteDevice(device);
  wmisim_destroy(sim);
  assert_no_violations();
}

/* Buffered output comes back for success and for warnings such as
 * STATUS_BUFFER_OVERFLOW (partial data), not for errors. */
static NTSTATUS buffered_ioctl_with(wmisim_t *sim, NTSTATUS status, char output[8], IO_STATUS_BLOCK *iosb) {
  PDEVICE_OBJECT device = built_device(sim);
  built_status = status;
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  char input[4] = {'p', 'i', 'n', 'g'};
  memset(output, 0, 8);
  PIRP irp = IoBuildDeviceIoControlRequest(IOCTL_TEST_BUFFERED, device, input, sizeof input, output, 8, FALSE, &event,
                                           iosb);
  NTSTATUS returned = IoCallDriver(device, irp);
  IoDeleteDevice(device);
  return returned;
}

static void test_build_device_io_control_request_copies_back_for_a_warning(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  char output[8];
  IO_STATUS_BLOCK iosb;
  assert_int_equal(buffered_ioctl_with(sim, STATUS_BUFFER_OVERFLOW, output, &iosb), STATUS_BUFFER_OVERFLOW);
  assert_int_equal(iosb.Status, STATUS_BUFFER_OVERFLOW);
  assert_int_equal(iosb.Information, 5);
  assert_memory_equal(output, "pong!", 5);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_build_device_io_control_request_copies_nothing_back_for_an_error(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  char output[8];
  IO_STATUS_BLOCK iosb;
  assert_int_equal(buffered_ioctl_with(sim, STATUS_INVALID_PARAMETER, output, &iosb), STATUS_INVALID_PARAMETER);
  assert_int_equal(iosb.Status, STATUS_INVALID_PARAMETER);
  assert_int_equal(output[0], 0);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_build_synchronous_fsd_request_reads_into_callers_buffer(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT device = built_device(sim);
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  IO_STATUS_BLOCK iosb = {.Status = -1};
  char buffer[16] = {0};
  LARGE_INTEGER offset = {.QuadPart = 512};
  PIRP irp = IoBuildSynchronousFsdRequest(IRP_MJ_READ, device, buffer, sizeof buffer, &offset, &event, &iosb);
  assert_non_null(irp);
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
  assert_int_equal(next->MajorFunction, IRP_MJ_READ);
  assert_int_equal(next->Parameters.Read.Length, sizeof buffer);
  assert_int_equal(next->Parameters.Read.ByteOffset.QuadPart, 512);
  assert_int_equal(IoCallDriver(device, irp), STATUS_SUCCESS);
  assert_int_equal(KeReadStateEvent(&event), 1);
  assert_int_equal(iosb.Status, STATUS_SUCCESS);
  assert_int_equal(iosb.Information, 4);
  assert_memory_equal(buffer, "data", 4);
  assert_int_equal(wmisim_pool_usage(sim, 0).blocks, 0);
  IoDeleteDevice(device);
  wmisim_destroy(sim);
  assert_no_violations();
}

/* ---- synchronous forwarding -------------------------------------------------------------- */

static NTSTATUS forward_sync_seen;

static NTSTATUS NTAPI forward_sync_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  (void)DeviceObject;
  PDEVICE_OBJECT lower = chain.device[chain.levels - 1];
  assert_true(IoForwardIrpSynchronously(lower, Irp));
  /* The IRP is back with this driver, its stack location current again. */
  assert_ptr_equal(IoGetCurrentIrpStackLocation(Irp)->DeviceObject, DeviceObject);
  NTSTATUS status = Irp->IoStatus.Status;
  forward_sync_seen = status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return status;
}

static NTSTATUS NTAPI forward_sync_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)RegistryPath;
  DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = forward_sync_dispatch;
  return STATUS_SUCCESS;
}

static void test_forward_irp_synchronously_waits_for_a_pended_lower_driver(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT chain_top = chain_build(sim, 1, 0);
  chain.bottom = BOTTOM_PEND_THREAD;
  chain.bottom_status = STATUS_DEVICE_BUSY;
  KeSetEvent(&chain.release, IO_NO_INCREMENT, FALSE);
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "fwdsync", forward_sync_entry, &driver), STATUS_SUCCESS);
  PDEVICE_OBJECT upper;
  assert_int_equal(IoCreateDevice(wmisim_driver_object(driver), 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &upper),
                   STATUS_SUCCESS);
  assert_ptr_equal(IoAttachDeviceToDeviceStack(upper, chain_top), chain_top);
  upper->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
  struct test_result r = test_send_irp(upper, IRP_MJ_DEVICE_CONTROL, 0);
  assert_int_equal(r.returned, STATUS_DEVICE_BUSY);
  assert_int_equal(r.status, STATUS_DEVICE_BUSY);
  assert_int_equal(forward_sync_seen, STATUS_DEVICE_BUSY);
  chain_join_thread();
  IoDetachDevice(chain_top);
  IoDeleteDevice(upper);
  chain_teardown();
  wmisim_destroy(sim);
  assert_no_violations();
}

/* ---- cancellation ----------------------------------------------------------------------------- */

static void test_cancel_irp_calls_the_cancel_routine_at_dispatch_level_holding_the_cancel_lock(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT top = chain_build(sim, 2, 0);
  chain.bottom = BOTTOM_PEND_CANCELABLE;
  chain_routine_at(1, false);
  struct originator o;
  PIRP irp = originator_start(&o, top);
  assert_int_equal(IoCallDriver(top, irp), STATUS_PENDING);
  assert_ptr_equal(chain.pended, irp);
  assert_true(IoCancelIrp(irp));
  assert_int_equal(chain.cancel_irql, DISPATCH_LEVEL);
  assert_true(chain.cancel_flag);
  assert_true(chain.cancel_routine_cleared);
  assert_ptr_equal(chain.cancel_device, chain.device[0]);
  /* The routine released the cancel spin lock: the IRQL is back and the lock is free. */
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  KIRQL irql;
  IoAcquireCancelSpinLock(&irql);
  assert_int_equal(irql, PASSIVE_LEVEL);
  IoReleaseCancelSpinLock(irql);
  originator_wait_and_free(&o);
  assert_int_equal(chain.calls[chain.call_count - 1].status, STATUS_CANCELLED);
  assert_true(chain.calls[0].pending_returned);
  chain_teardown();
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_cancel_irp_without_cancel_routine_only_sets_cancel(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP irp = IoAllocateIrp(1, FALSE);
  assert_false(IoCancelIrp(irp));
  assert_true(irp->Cancel);
  assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
  IoFreeIrp(irp);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_set_cancel_routine_returns_the_previous_routine(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP irp = IoAllocateIrp(1, FALSE);
  assert_null(IoSetCancelRoutine(irp, chain_cancel));
  assert_ptr_equal(IoSetCancelRoutine(irp, NULL), chain_cancel);
  assert_null(IoSetCancelRoutine(irp, NULL));
  IoFreeIrp(irp);
  wmisim_destroy(sim);
  assert_no_violations();
}

/* ---- misuse -------------------------------------------------------------------------------- */

static void test_call_driver_past_the_last_stack_location_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT top = chain_build(sim, 2, 0);
  /* One location for a two-device stack. */
  KEVENT done;
  KeInitializeEvent(&done, NotificationEvent, FALSE);
  PIRP irp = IoAllocateIrp(1, FALSE);
  IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_DEVICE_CONTROL;
  IoSetCompletionRoutine(irp, test_originator_done, &done, TRUE, TRUE, TRUE);
  /* The top driver's IoCopyCurrentIrpStackLocationToNext and IoCallDriver both find no location. */
  assert_int_equal(IoCallDriver(top, irp), STATUS_INVALID_PARAMETER);
  assert_violation("NoMoreIrpStackLocations", 2);
  /* The IRP stayed with the top driver; finish it for it. */
  irp->IoStatus.Status = STATUS_INVALID_PARAMETER;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
  IoFreeIrp(irp);
  chain_teardown();
  wmisim_destroy(sim);
}

static void test_irp_freed_twice_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP irp = IoAllocateIrp(1, FALSE);
  IoFreeIrp(irp);
  IoFreeIrp(irp);
  assert_only_violation("IrpUseAfterFree");
  wmisim_destroy(sim);
}

/* A freed IRP stays recognisable while its thread frees fewer than
 * KE_QUARANTINE_SIZE (64) others, whatever other threads free. */
static void allocate_and_free_irps(int count) {
  for (int i = 0; i < count; i++) IoFreeIrp(IoAllocateIrp(1, FALSE));
}

static void test_irp_freed_twice_after_63_other_frees_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP irp = IoAllocateIrp(1, FALSE);
  IoFreeIrp(irp);
  allocate_and_free_irps(63);
  IoFreeIrp(irp);
  assert_only_violation("IrpUseAfterFree");
  wmisim_destroy(sim);
}

static VOID NTAPI free_many_irps(PVOID context) {
  (void)context;
  allocate_and_free_irps(500);
}

static void test_irp_freed_twice_after_another_thread_freed_many_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP irp = IoAllocateIrp(1, FALSE);
  IoFreeIrp(irp);
  HANDLE handle;
  assert_int_equal(PsCreateSystemThread(&handle, GENERIC_ALL, NULL, NULL, NULL, free_many_irps, NULL), STATUS_SUCCESS);
  PVOID thread;
  assert_int_equal(ObReferenceObjectByHandle(handle, SYNCHRONIZE, NULL, KernelMode, &thread, NULL), STATUS_SUCCESS);
  KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL);
  ObDereferenceObject(thread);
  ZwClose(handle);
  IoFreeIrp(irp);
  assert_only_violation("IrpUseAfterFree");
  wmisim_destroy(sim);
}

static void test_call_driver_with_a_freed_irp_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT top = chain_build(sim, 1, 0);
  PIRP irp = IoAllocateIrp(1, FALSE);
  IoFreeIrp(irp);
  assert_int_equal(IoCallDriver(top, irp), STATUS_INVALID_PARAMETER);
  assert_only_violation("IrpUseAfterFree");
  chain_teardown();
  wmisim_destroy(sim);
}

static void test_cancelling_a_freed_irp_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP irp = IoAllocateIrp(1, FALSE);
  IoFreeIrp(irp);
  assert_false(IoCancelIrp(irp));
  assert_only_violation("IrpUseAfterFree");
  wmisim_destroy(sim);
}

static void test_reusing_a_freed_irp_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  PIRP irp = IoAllocateIrp(1, FALSE);
  IoFreeIrp(irp);
  IoReuseIrp(irp, STATUS_SUCCESS);
  assert_only_violation("IrpUseAfterFree");
  wmisim_destroy(sim);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_allocate_irp_sets_stack_count_and_current_location),
    cmocka_unit_test(test_allocate_irp_with_zero_stack_locations_is_refused),
    cmocka_unit_test(test_initialize_irp_prepares_caller_memory),
    cmocka_unit_test(test_reuse_irp_resets_it_for_another_request),
    cmocka_unit_test(test_skip_current_location_gives_the_lower_driver_the_callers_location),
    cmocka_unit_test(test_copy_to_next_copies_parameters_but_not_completion_routine_or_control),
    cmocka_unit_test(test_completion_routines_run_in_order_bottom_up_and_can_stop_completion),
    cmocka_unit_test(test_completion_routine_receives_the_setters_device_and_the_originator_null),
    cmocka_unit_test(test_invoke_on_success_runs_only_for_success),
    cmocka_unit_test(test_invoke_on_error_runs_only_for_failure),
    cmocka_unit_test(test_invoke_on_cancel_runs_for_a_cancelled_irp),
    cmocka_unit_test(test_pending_returned_reaches_every_completion_routine_above),
    cmocka_unit_test(test_pending_returned_is_false_for_synchronous_completion),
    cmocka_unit_test(test_mark_irp_pending_sets_sl_pending_returned),
    cmocka_unit_test(test_irp_pended_and_completed_on_a_system_thread_wakes_its_waiter),
    cmocka_unit_test(test_irp_pended_and_completed_by_a_work_item_wakes_its_waiter),
    cmocka_unit_test(test_build_device_io_control_request_copies_buffered_output_back),
    cmocka_unit_test(test_build_device_io_control_request_completed_later_sets_event_and_status),
    cmocka_unit_test(test_build_device_io_control_request_copies_back_for_a_warning),
    cmocka_unit_test(test_build_device_io_control_request_copies_nothing_back_for_an_error),
    cmocka_unit_test(test_build_synchronous_fsd_request_reads_into_callers_buffer),
    cmocka_unit_test(test_forward_irp_synchronously_waits_for_a_pended_lower_driver),
    cmocka_unit_test(test_cancel_irp_calls_the_cancel_routine_at_dispatch_level_holding_the_cancel_lock),
    cmocka_unit_test(test_cancel_irp_without_cancel_routine_only_sets_cancel),
    cmocka_unit_test(test_set_cancel_routine_returns_the_previous_routine),
    cmocka_unit_test(test_call_driver_past_the_last_stack_location_is_reported),
    cmocka_unit_test(test_irp_freed_twice_is_reported),
    cmocka_unit_test(test_irp_freed_twice_after_63_other_frees_is_reported),
    cmocka_unit_test(test_irp_freed_twice_after_another_thread_freed_many_is_reported),
    cmocka_unit_test(test_call_driver_with_a_freed_irp_is_reported),
    cmocka_unit_test(test_cancelling_a_freed_irp_is_reported),
    cmocka_unit_test(test_reusing_a_freed_irp_is_reported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
