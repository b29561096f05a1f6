/*
 * test_pnp_toaster.c - a classic WDM function driver (toaster_like.c) run
 * through start, stop, removal, surprise removal, failed start, a cancelled
 * query and power changes: everything it does is the documented pattern,
 * so the checking mode finds nothing.
 */
#include "pnp_driver.h"
#include "toaster_like.h"

struct fixture {
  wmisim_t *sim;
  wmisim_driver_t *toaster;
  wmisim_devnode_t *node;
};

static struct fixture setup(struct pnp_instance **upper, struct pnp_instance **lower) {
  struct fixture f;
  pnp_reset();
  f.sim = test_sim_create();
  assert_int_equal(wmisim_driver_add(f.sim, "toaster", ToasterDriverEntry, &f.toaster), STATUS_SUCCESS);
  wmisim_device_spec_t spec;
  memset(&spec, 0, sizeof spec);
  spec.instance_id = "ROOT\\WMISIM\\0000";
  spec.description = "Toaster";
  spec.function_driver = f.toaster;
  static wmisim_driver_t *uppers[1], *lowers[1];
  if (upper != NULL) {
    *upper = pnp_add_driver(f.sim, "uf");
    uppers[0] = (*upper)->driver;
    spec.upper_filters = uppers;
    spec.upper_filter_count = 1;
  }
  if (lower != NULL) {
    *lower = pnp_add_driver(f.sim, "lf");
    lowers[0] = (*lower)->driver;
    spec.lower_filters = lowers;
    spec.lower_filter_count = 1;
  }
  assert_int_equal(wmisim_device_add(f.sim, &spec, &f.node), STATUS_SUCCESS);
  return f;
}

static bool interface_enabled(struct fixture *f) {
  bool enabled = false;
  assert_int_equal(wmisim_device_interfaces(f->node, NULL, &enabled, 1), 1);
  return enabled;
}

static PDEVICE_OBJECT toaster_fdo(struct fixture *f) {
  return wmisim_driver_object(f->toaster)->DeviceObject;
}

/* IOCTL_TOASTER_GET_NAME through the whole stack, built as an application's request would be. */
static NTSTATUS get_name(struct fixture *f, char *name, size_t size) {
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  IO_STATUS_BLOCK iosb = {0};
  WCHAR output[16] = {0};
  PDEVICE_OBJECT top = wmisim_device_top(f->node);
  PIRP irp = IoBuildDeviceIoControlRequest(IOCTL_TOASTER_GET_NAME, top, NULL, 0, output, sizeof output, FALSE,
                                           &event, &iosb);
  assert_non_null(irp);
  if (IoCallDriver(top, irp) == STATUS_PENDING) KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
  test_narrow(output, iosb.Information / sizeof(WCHAR), name, size);
  return iosb.Status;
}

static void finish(struct fixture *f) {
  wmisim_destroy(f->sim);
  assert_no_violations();
}

static void test_toaster_starts_stops_restarts_and_is_removed_cleanly(void **state) {
  (void)state;
  struct fixture f = setup(NULL, NULL);
  char name[32];
  assert_false(interface_enabled(&f));
  assert_int_equal(get_name(&f, name, sizeof name), STATUS_DEVICE_NOT_READY);

  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  assert_true(interface_enabled(&f));
  assert_int_equal(get_name(&f, name, sizeof name), STATUS_SUCCESS);
  assert_string_equal(name, "Toaster");

  assert_int_equal(wmisim_device_stop(f.node), STATUS_SUCCESS);
  assert_int_equal(get_name(&f, name, sizeof name), STATUS_DEVICE_NOT_READY);
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  assert_int_equal(get_name(&f, name, sizeof name), STATUS_SUCCESS);

  assert_int_equal(wmisim_device_remove(f.node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_state(f.node), WMISIM_DEVICE_REMOVED);
  assert_false(interface_enabled(&f));
  assert_null(toaster_fdo(&f));
  /* The interface name went back to pool with the device. */
  assert_int_equal(wmisim_pool_usage(f.sim, 0).blocks, 0);
  assert_int_equal(wmisim_driver_unload(f.toaster), STATUS_SUCCESS);
  finish(&f);
}

static void test_toaster_surprise_removal_then_removal_is_clean(void **state) {
  (void)state;
  struct fixture f = setup(NULL, NULL);
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_surprise_removal(f.node), STATUS_SUCCESS);
  /* Disabled at surprise removal, not left for REMOVE. */
  assert_false(interface_enabled(&f));
  char name[32];
  assert_int_equal(get_name(&f, name, sizeof name), STATUS_DEVICE_NOT_READY);
  assert_int_equal(wmisim_device_remove_after_surprise(f.node), STATUS_SUCCESS);
  assert_null(toaster_fdo(&f));
  assert_int_equal(wmisim_pool_usage(f.sim, 0).blocks, 0);
  finish(&f);
}

static void test_toaster_removed_before_it_ever_started_is_clean(void **state) {
  (void)state;
  struct fixture f = setup(NULL, NULL);
  assert_int_equal(wmisim_device_remove(f.node), STATUS_SUCCESS);
  assert_null(toaster_fdo(&f));
  finish(&f);
}

static void test_toaster_whose_start_fails_below_it_is_removed_cleanly(void **state) {
  (void)state;
  struct pnp_instance *lower;
  struct fixture f = setup(NULL, &lower);
  lower->behaviour.start = STATUS_INSUFFICIENT_RESOURCES;
  assert_int_equal(wmisim_device_start(f.node), STATUS_INSUFFICIENT_RESOURCES);
  assert_int_equal(wmisim_device_state(f.node), WMISIM_DEVICE_FAILED);
  assert_false(interface_enabled(&f));
  assert_null(toaster_fdo(&f));
  finish(&f);
}

static void test_toaster_gets_cancel_remove_after_a_filter_above_refused_the_query(void **state) {
  (void)state;
  struct pnp_instance *upper;
  struct fixture f = setup(&upper, NULL);
  upper->behaviour.query_remove = STATUS_DEVICE_BUSY;
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_remove(f.node), STATUS_DEVICE_BUSY);
  assert_true(pnp_find("uf:CANCEL_REMOVE_DEVICE", 0) >= 0);
  /* The toaster never saw the query, so it is still started. */
  char name[32];
  assert_int_equal(get_name(&f, name, sizeof name), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_state(f.node), WMISIM_DEVICE_STARTED);
  upper->behaviour.query_remove = STATUS_SUCCESS;
  assert_int_equal(wmisim_device_remove(f.node), STATUS_SUCCESS);
  finish(&f);
}

static void test_toaster_gets_cancel_stop_after_a_filter_above_refused_the_query(void **state) {
  (void)state;
  struct pnp_instance *upper;
  struct fixture f = setup(&upper, NULL);
  upper->behaviour.query_stop = STATUS_DEVICE_BUSY;
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_stop(f.node), STATUS_DEVICE_BUSY);
  char name[32];
  assert_int_equal(get_name(&f, name, sizeof name), STATUS_SUCCESS);
  finish(&f);
}

static volatile LONG power_callbacks;
static NTSTATUS power_status;

static VOID NTAPI power_done(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction, POWER_STATE PowerState, PVOID Context,
                             PIO_STATUS_BLOCK IoStatus) {
  (void)DeviceObject;
  (void)MinorFunction;
  (void)PowerState;
  (void)Context;
  power_status = IoStatus->Status;
  InterlockedIncrement(&power_callbacks);
}

static void request_device_power(struct fixture *f, DEVICE_POWER_STATE state) {
  POWER_STATE power;
  power.DeviceState = state;
  LONG before = power_callbacks;
  assert_int_equal(PoRequestPowerIrp(wmisim_device_pdo(f->node), IRP_MN_SET_POWER, power, power_done, NULL, NULL),
                   STATUS_PENDING);
  assert_true(wmisim_wait_idle(f->sim, 5000));
  assert_int_equal(power_callbacks, before + 1);
  assert_int_equal(power_status, STATUS_SUCCESS);
}

static void test_toaster_power_transitions_are_clean(void **state) {
  (void)state;
  struct fixture f = setup(NULL, NULL);
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_set_system_power(f.node, PowerSystemSleeping3), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_set_system_power(f.node, PowerSystemWorking), STATUS_SUCCESS);
  POWER_STATE d0;
  d0.DeviceState = PowerDeviceD0;
  request_device_power(&f, PowerDeviceD3);
  /* The toaster recorded D3 before powering down: setting it again returns D3. */
  assert_int_equal(PoSetPowerState(toaster_fdo(&f), DevicePowerState, d0).DeviceState, PowerDeviceD3);
  request_device_power(&f, PowerDeviceD0);
  char name[32];
  assert_int_equal(get_name(&f, name, sizeof name), STATUS_SUCCESS);
  finish(&f);
}

static void setup_capabilities(PIO_STACK_LOCATION stack, void *argument) {
  stack->Parameters.DeviceCapabilities.Capabilities = argument;
}

static void test_toaster_passes_pnp_irps_it_does_not_handle_to_the_bus_driver(void **state) {
  (void)state;
  struct fixture f = setup(NULL, NULL);
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  DEVICE_CAPABILITIES caps;
  memset(&caps, 0, sizeof caps);
  caps.Size = sizeof caps;
  caps.Version = 1;
  caps.Address = caps.UINumber = 0xffffffff;
  struct test_result r = test_send_irp_ex(wmisim_device_top(f.node), IRP_MJ_PNP, IRP_MN_QUERY_CAPABILITIES,
                                          STATUS_NOT_SUPPORTED, setup_capabilities, &caps);
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_true(caps.SurpriseRemovalOK);
  assert_int_equal(caps.DeviceState[PowerSystemWorking], PowerDeviceD0);
  finish(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_toaster_starts_stops_restarts_and_is_removed_cleanly),
    cmocka_unit_test(test_toaster_surprise_removal_then_removal_is_clean),
    cmocka_unit_test(test_toaster_removed_before_it_ever_started_is_clean),
    cmocka_unit_test(test_toaster_whose_start_fails_below_it_is_removed_cleanly),
    cmocka_unit_test(test_toaster_gets_cancel_remove_after_a_filter_above_refused_the_query),
    cmocka_unit_test(test_toaster_gets_cancel_stop_after_a_filter_above_refused_the_query),
    cmocka_unit_test(test_toaster_power_transitions_are_clean),
    cmocka_unit_test(test_toaster_passes_pnp_irps_it_does_not_handle_to_the_bus_driver),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
