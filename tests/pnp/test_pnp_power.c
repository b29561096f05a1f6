/*
 * test_pnp_power.c - the power manager: PoRequestPowerIrp and its
 * callback, a system power IRP turned into a device power IRP by the
 * function driver, PoSetPowerState, and IoInvalidateDeviceState.
 *
 * The function driver is pnp_driver.h's with its own power dispatch
 * routine, which follows the documented pattern for S-IRPs: mark pending,
 * pass down with a completion routine, request the D-IRP from there, and
 * complete the S-IRP in the D-IRP's callback.
 */
#include "pnp_driver.h"

struct power_seen {
  UCHAR minor;
  POWER_STATE_TYPE type;
  POWER_STATE state;
};

static struct {
  struct power_seen irps[16];
  int count;
  NTSTATUS request_status;          /* PoRequestPowerIrp's result in the S-IRP's completion routine */
  DEVICE_POWER_STATE previous;      /* PoSetPowerState's result for the D-IRP */
  int callbacks;
  NTSTATUS callback_status;
  UCHAR callback_minor;
  POWER_STATE callback_state;
  PDEVICE_OBJECT callback_device;
  int irps_before_callback;         /* power IRPs seen when the callback ran */
  KEVENT callback_done;
} power;

static VOID NTAPI device_irp_done(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction, POWER_STATE PowerState,
                                  PVOID Context, PIO_STATUS_BLOCK IoStatus) {
  power.callbacks++;
  power.callback_device = DeviceObject;
  power.callback_minor = MinorFunction;
  power.callback_state = PowerState;
  power.callback_status = IoStatus->Status;
  power.irps_before_callback = power.count;
  PIRP system_irp = Context;
  if (system_irp != NULL) {
    system_irp->IoStatus.Status = IoStatus->Status;
    PoStartNextPowerIrp(system_irp);
    IoCompleteRequest(system_irp, IO_NO_INCREMENT);
  }
  KeSetEvent(&power.callback_done, IO_NO_INCREMENT, FALSE);
}

static NTSTATUS NTAPI system_irp_done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  (void)DeviceObject;
  struct pnp_ext *ext = Context;
  SYSTEM_POWER_STATE system = IoGetCurrentIrpStackLocation(Irp)->Parameters.Power.State.SystemState;
  POWER_STATE device;
  device.DeviceState = system == PowerSystemWorking ? PowerDeviceD0 : PowerDeviceD3;
  power.request_status = PoRequestPowerIrp(ext->pdo, IRP_MN_SET_POWER, device, device_irp_done, Irp, NULL);
  if (!NT_SUCCESS(power.request_status)) {
    PoStartNextPowerIrp(Irp);
    return STATUS_CONTINUE_COMPLETION;
  }
  return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS NTAPI power_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  struct pnp_ext *ext = DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  if (power.count < 16)
    power.irps[power.count++] =
        (struct power_seen){stack->MinorFunction, stack->Parameters.Power.Type, stack->Parameters.Power.State};
  if (stack->MinorFunction == IRP_MN_SET_POWER && stack->Parameters.Power.Type == SystemPowerState) {
    IoMarkIrpPending(Irp);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, system_irp_done, ext, TRUE, TRUE, TRUE);
    PoCallDriver(ext->lower, Irp);
    return STATUS_PENDING;
  }
  if (stack->MinorFunction == IRP_MN_SET_POWER && stack->Parameters.Power.Type == DevicePowerState)
    power.previous = PoSetPowerState(DeviceObject, DevicePowerState, stack->Parameters.Power.State).DeviceState;
  PoStartNextPowerIrp(Irp);
  IoSkipCurrentIrpStackLocation(Irp);
  return PoCallDriver(ext->lower, Irp);
}

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  struct pnp_instance *fn;
};

static struct fixture setup(bool started) {
  struct fixture f;
  pnp_reset();
  memset(&power, 0, sizeof power);
  KeInitializeEvent(&power.callback_done, NotificationEvent, FALSE);
  f.sim = test_sim_create();
  f.fn = pnp_add_driver(f.sim, "fn");
  wmisim_driver_object(f.fn->driver)->MajorFunction[IRP_MJ_POWER] = power_dispatch;
  wmisim_device_spec_t spec = pnp_spec(f.fn);
  assert_int_equal(wmisim_device_add(f.sim, &spec, &f.node), STATUS_SUCCESS);
  if (started) assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  return f;
}

static void test_request_power_irp_returns_pending_and_calls_back_after_the_stack_handled_it(void **state) {
  (void)state;
  struct fixture f = setup(true);
  PDEVICE_OBJECT pdo = wmisim_device_pdo(f.node);
  POWER_STATE d2;
  d2.DeviceState = PowerDeviceD2;
  PIRP irp = NULL;
  assert_int_equal(PoRequestPowerIrp(pdo, IRP_MN_SET_POWER, d2, device_irp_done, NULL, &irp), STATUS_PENDING);
  /* The requester gets the IRP the power manager allocated. */
  assert_non_null(irp);
  assert_int_equal(KeWaitForSingleObject(&power.callback_done, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f.sim, 5000));
  assert_int_equal(power.callbacks, 1);
  assert_int_equal(power.callback_status, STATUS_SUCCESS);
  assert_int_equal(power.callback_minor, IRP_MN_SET_POWER);
  assert_int_equal(power.callback_state.DeviceState, PowerDeviceD2);
  assert_ptr_equal(power.callback_device, pdo);
  /* The D-IRP went through the function driver before the callback. */
  assert_int_equal(power.irps_before_callback, 1);
  assert_int_equal(power.irps[0].minor, IRP_MN_SET_POWER);
  assert_int_equal(power.irps[0].type, DevicePowerState);
  assert_int_equal(power.irps[0].state.DeviceState, PowerDeviceD2);
  assert_int_equal(power.previous, PowerDeviceD0);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

/* The root bus does not support wake: a wait/wake request comes back
 * with the status it was sent with. */
static void test_wait_wake_request_is_not_supported_by_the_root_bus(void **state) {
  (void)state;
  struct fixture f = setup(true);
  POWER_STATE s0;
  s0.SystemState = PowerSystemWorking;
  PIRP irp = NULL;
  assert_int_equal(PoRequestPowerIrp(wmisim_device_pdo(f.node), IRP_MN_WAIT_WAKE, s0, device_irp_done, NULL, &irp),
                   STATUS_PENDING);
  assert_non_null(irp);
  assert_int_equal(KeWaitForSingleObject(&power.callback_done, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(f.sim, 5000));
  assert_int_equal(power.callback_minor, IRP_MN_WAIT_WAKE);
  assert_int_equal(power.callback_status, STATUS_NOT_SUPPORTED);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

static void test_request_power_irp_refuses_other_minor_codes_and_non_pnp_devices(void **state) {
  (void)state;
  struct fixture f = setup(false);
  POWER_STATE d0;
  d0.DeviceState = PowerDeviceD0;
  assert_int_equal(PoRequestPowerIrp(wmisim_device_pdo(f.node), IRP_MN_POWER_SEQUENCE, d0, NULL, NULL, NULL),
                   STATUS_INVALID_PARAMETER_2);
  wmisim_driver_t *legacy = f.fn->driver;
  PDEVICE_OBJECT orphan;
  assert_int_equal(IoCreateDevice(wmisim_driver_object(legacy), 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &orphan),
                   STATUS_SUCCESS);
  assert_int_equal(PoRequestPowerIrp(orphan, IRP_MN_SET_POWER, d0, NULL, NULL, NULL), STATUS_INVALID_PARAMETER_1);
  IoDeleteDevice(orphan);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

static void test_system_power_irp_leads_to_the_function_drivers_device_power_irp(void **state) {
  (void)state;
  struct fixture f = setup(true);
  assert_int_equal(wmisim_device_set_system_power(f.node, PowerSystemSleeping3), STATUS_SUCCESS);
  assert_int_equal(power.request_status, STATUS_PENDING);
  assert_int_equal(power.count, 2);
  assert_int_equal(power.irps[0].type, SystemPowerState);
  assert_int_equal(power.irps[0].state.SystemState, PowerSystemSleeping3);
  assert_int_equal(power.irps[1].type, DevicePowerState);
  assert_int_equal(power.irps[1].state.DeviceState, PowerDeviceD3);
  assert_int_equal(power.previous, PowerDeviceD0);
  assert_int_equal(power.callbacks, 1);
  /* ... and back to work. */
  assert_int_equal(wmisim_device_set_system_power(f.node, PowerSystemWorking), STATUS_SUCCESS);
  assert_int_equal(power.count, 4);
  assert_int_equal(power.irps[3].state.DeviceState, PowerDeviceD0);
  assert_int_equal(power.previous, PowerDeviceD3);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

static void test_system_power_needs_a_started_device(void **state) {
  (void)state;
  struct fixture f = setup(false);
  assert_int_equal(wmisim_device_set_system_power(f.node, PowerSystemSleeping3), STATUS_INVALID_DEVICE_STATE);
  assert_int_equal(wmisim_device_set_system_power(f.node, PowerSystemMaximum), STATUS_INVALID_PARAMETER);
  assert_int_equal(power.count, 0);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

static void test_set_power_state_returns_the_previous_state(void **state) {
  (void)state;
  struct fixture f = setup(false);
  PDEVICE_OBJECT pdo = wmisim_device_pdo(f.node);
  POWER_STATE d2, d3, s3;
  d2.DeviceState = PowerDeviceD2;
  d3.DeviceState = PowerDeviceD3;
  s3.SystemState = PowerSystemSleeping3;
  assert_int_equal(PoSetPowerState(pdo, DevicePowerState, d2).DeviceState, PowerDeviceD0);
  assert_int_equal(PoSetPowerState(f.fn->device, DevicePowerState, d3).DeviceState, PowerDeviceD2);
  assert_int_equal(PoSetPowerState(pdo, SystemPowerState, s3).SystemState, PowerSystemWorking);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

static void test_invalidate_device_state_leads_to_query_pnp_device_state(void **state) {
  (void)state;
  struct fixture f = setup(true);
  int from = pnp.lines;
  IoInvalidateDeviceState(wmisim_device_pdo(f.node));
  assert_true(wmisim_wait_idle(f.sim, 5000));
  assert_int_equal(pnp_find("fn:QUERY_PNP_DEVICE_STATE", from), from);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

static void test_invalidate_device_state_needs_the_pdo(void **state) {
  (void)state;
  struct fixture f = setup(true);
  int from = pnp.lines;
  IoInvalidateDeviceState(f.fn->device);
  assert_true(wmisim_wait_idle(f.sim, 5000));
  assert_int_equal(pnp.lines, from);
  assert_only_violation("InvalidParameter");
  wmisim_destroy(f.sim);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_request_power_irp_returns_pending_and_calls_back_after_the_stack_handled_it),
    cmocka_unit_test(test_wait_wake_request_is_not_supported_by_the_root_bus),
    cmocka_unit_test(test_request_power_irp_refuses_other_minor_codes_and_non_pnp_devices),
    cmocka_unit_test(test_system_power_irp_leads_to_the_function_drivers_device_power_irp),
    cmocka_unit_test(test_system_power_needs_a_started_device),
    cmocka_unit_test(test_set_power_state_returns_the_previous_state),
    cmocka_unit_test(test_invalidate_device_state_leads_to_query_pnp_device_state),
    cmocka_unit_test(test_invalidate_device_state_needs_the_pdo),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
