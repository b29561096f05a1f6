/*
 * test_pnp_stack.c - device nodes: building the stack through AddDevice,
 * the root bus driver's PDO, and the IRP sequences the PnP manager sends
 * to start, stop, remove and surprise-remove a device.
 */
#include "pnp_driver.h"

static wmisim_t *start(void) {
  pnp_reset();
  return test_sim_create();
}

/* Adds ROOT\WMISIM\0000 with a function driver "fn" and no filters. */
static wmisim_devnode_t *add_simple(wmisim_t *sim, struct pnp_instance **fn) {
  *fn = pnp_add_driver(sim, "fn");
  wmisim_device_spec_t spec = pnp_spec(*fn);
  wmisim_devnode_t *node = NULL;
  assert_int_equal(wmisim_device_add(sim, &spec, &node), STATUS_SUCCESS);
  assert_non_null(node);
  return node;
}

static void assert_log(int index, const char *line) {
  if (index >= pnp.lines || strcmp(pnp.log[index], line) != 0) pnp_dump_log();
  assert_true(index < pnp.lines);
  assert_string_equal(pnp.log[index], line);
}

/* ---- building the stack -------------------------------------------------------------------- */

static void test_add_device_builds_lower_filters_then_function_then_upper_filters(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *lf1 = pnp_add_driver(sim, "lf1"), *lf2 = pnp_add_driver(sim, "lf2");
  struct pnp_instance *fn = pnp_add_driver(sim, "fn"), *uf = pnp_add_driver(sim, "uf");
  wmisim_driver_t *lowers[] = {lf1->driver, lf2->driver};
  wmisim_driver_t *uppers[] = {uf->driver};
  wmisim_device_spec_t spec = pnp_spec(fn);
  spec.lower_filters = lowers;
  spec.lower_filter_count = 2;
  spec.upper_filters = uppers;
  spec.upper_filter_count = 1;
  wmisim_devnode_t *node;
  assert_int_equal(wmisim_device_add(sim, &spec, &node), STATUS_SUCCESS);
  assert_log(0, "lf1:AddDevice");
  assert_log(1, "lf2:AddDevice");
  assert_log(2, "fn:AddDevice");
  assert_log(3, "uf:AddDevice");
  PDEVICE_OBJECT pdo = wmisim_device_pdo(node);
  /* Every AddDevice got the PDO, and the chain goes up in the same order. */
  for (int i = 0; i < 4; i++) assert_ptr_equal(pnp.instances[i].pdo_given, pdo);
  assert_ptr_equal(pdo->AttachedDevice, lf1->device);
  assert_ptr_equal(lf1->device->AttachedDevice, lf2->device);
  assert_ptr_equal(lf2->device->AttachedDevice, fn->device);
  assert_ptr_equal(fn->device->AttachedDevice, uf->device);
  assert_ptr_equal(wmisim_device_top(node), uf->device);
  assert_int_equal(uf->device->StackSize, 5);
  assert_ptr_equal(wmisim_device_of(fn->device), node);
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_ADDED);
  assert_string_equal(wmisim_device_instance_id(node), "ROOT\\WMISIM\\0000");
  assert_ptr_equal(wmisim_device_find(sim, "root\\wmisim\\0000"), node);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_pdo_belongs_to_the_root_bus_driver_and_is_named_in_hex(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  PDEVICE_OBJECT pdo = wmisim_device_pdo(node);
  char driver_name[64];
  test_narrow(pdo->DriverObject->DriverName.Buffer, pdo->DriverObject->DriverName.Length / 2, driver_name,
              sizeof driver_name);
  assert_string_equal(driver_name, "\\Driver\\PnpManager");
  assert_true(pdo->Flags & DO_BUS_ENUMERATED_DEVICE);
  assert_false(pdo->Flags & DO_DEVICE_INITIALIZING);
  WCHAR name[64];
  ULONG length = 0;
  assert_int_equal(IoGetDeviceProperty(pdo, DevicePropertyPhysicalDeviceObjectName, sizeof name, name, &length),
                   STATUS_SUCCESS);
  char text[64];
  test_narrow(name, length / 2, text, sizeof text);
  assert_int_equal(strlen(text), 16);
  assert_memory_equal(text, "\\Device\\", 8);
  for (int i = 8; i < 16; i++) assert_true((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'A' && text[i] <= 'F'));
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_add_device_failure_tears_the_partial_stack_down_and_returns_the_status(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *lf = pnp_add_driver(sim, "lf"), *fn = pnp_add_driver(sim, "fn");
  struct pnp_instance *uf = pnp_add_driver(sim, "uf");
  fn->behaviour.add_device = STATUS_INSUFFICIENT_RESOURCES;
  wmisim_driver_t *lowers[] = {lf->driver};
  wmisim_driver_t *uppers[] = {uf->driver};
  wmisim_device_spec_t spec = pnp_spec(fn);
  spec.lower_filters = lowers;
  spec.lower_filter_count = 1;
  spec.upper_filters = uppers;
  spec.upper_filter_count = 1;
  wmisim_devnode_t *node = (wmisim_devnode_t *)1;
  assert_int_equal(wmisim_device_add(sim, &spec, &node), STATUS_INSUFFICIENT_RESOURCES);
  assert_null(node);
  assert_log(0, "lf:AddDevice");
  assert_log(1, "fn:AddDevice");
  /* The filter already attached gets IRP_MN_REMOVE_DEVICE; the upper filter is never asked. */
  assert_log(2, "lf:REMOVE_DEVICE");
  assert_int_equal(pnp.lines, 3);
  assert_null(wmisim_driver_object(lf->driver)->DeviceObject);
  assert_null(wmisim_driver_object(uf->driver)->DeviceObject);
  wmisim_devnode_t *failed = wmisim_device_find(sim, "ROOT\\WMISIM\\0000");
  assert_non_null(failed);
  assert_int_equal(wmisim_device_state(failed), WMISIM_DEVICE_FAILED);
  assert_null(wmisim_device_pdo(failed));
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_device_left_initializing_by_add_device_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn = pnp_add_driver(sim, "fn");
  fn->behaviour.leave_initializing = true;
  wmisim_device_spec_t spec = pnp_spec(fn);
  wmisim_devnode_t *node;
  assert_int_equal(wmisim_device_add(sim, &spec, &node), STATUS_SUCCESS);
  assert_only_violation("DeviceInitializing");
  /* Reported once, then cleared so the device can be used. */
  assert_false(fn->device->Flags & DO_DEVICE_INITIALIZING);
  wmisim_destroy(sim);
  assert_int_equal(test_record.violations, 1);
}

static void test_a_taken_instance_id_gives_object_name_collision(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  add_simple(sim, &fn);
  wmisim_device_spec_t spec = pnp_spec(fn);
  wmisim_devnode_t *second = (wmisim_devnode_t *)1;
  assert_int_equal(wmisim_device_add(sim, &spec, &second), STATUS_OBJECT_NAME_COLLISION);
  assert_null(second);
  wmisim_destroy(sim);
  assert_no_violations();
}

/* ---- start and stop --------------------------------------------------------------------------- */

static void test_start_goes_down_the_stack_and_starts_the_device(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn = pnp_add_driver(sim, "fn"), *uf = pnp_add_driver(sim, "uf");
  wmisim_driver_t *uppers[] = {uf->driver};
  wmisim_device_spec_t spec = pnp_spec(fn);
  spec.upper_filters = uppers;
  spec.upper_filter_count = 1;
  wmisim_devnode_t *node;
  assert_int_equal(wmisim_device_add(sim, &spec, &node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_STARTED);
  int top = pnp_find("uf:START_DEVICE", 0);
  assert_true(top >= 0);
  assert_true(pnp_find("fn:START_DEVICE", top) > top);
  /* A started device cannot be started again. */
  assert_int_equal(wmisim_device_start(node), STATUS_INVALID_DEVICE_STATE);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_pnp_irps_arrive_with_status_not_supported(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_stop(node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_remove(node), STATUS_SUCCESS);
  const UCHAR minors[] = {IRP_MN_START_DEVICE, IRP_MN_QUERY_STOP_DEVICE, IRP_MN_STOP_DEVICE,
                          IRP_MN_QUERY_REMOVE_DEVICE, IRP_MN_REMOVE_DEVICE};
  for (size_t i = 0; i < sizeof minors; i++) assert_int_equal(fn->status_at_entry[minors[i]], STATUS_NOT_SUPPORTED);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_stop_sends_query_stop_then_stop_and_the_device_can_restart(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  int from = pnp.lines;
  assert_int_equal(wmisim_device_stop(node), STATUS_SUCCESS);
  assert_log(from, "fn:QUERY_STOP_DEVICE");
  assert_log(from + 1, "fn:STOP_DEVICE");
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_STOPPED);
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_STARTED);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_failed_query_stop_is_followed_by_cancel_stop(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  fn->behaviour.query_stop = STATUS_DEVICE_BUSY;
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  int from = pnp.lines;
  assert_int_equal(wmisim_device_stop(node), STATUS_DEVICE_BUSY);
  assert_log(from, "fn:QUERY_STOP_DEVICE");
  assert_log(from + 1, "fn:CANCEL_STOP_DEVICE");
  assert_int_equal(pnp.lines, from + 2);
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_STARTED);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_failed_start_is_followed_by_remove(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  fn->behaviour.start = STATUS_DEVICE_CONFIGURATION_ERROR;
  assert_int_equal(wmisim_device_start(node), STATUS_DEVICE_CONFIGURATION_ERROR);
  assert_log(1, "fn:START_DEVICE");
  assert_log(2, "fn:REMOVE_DEVICE");
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_FAILED);
  assert_null(wmisim_device_pdo(node));
  assert_int_equal(wmisim_device_start(node), STATUS_INVALID_DEVICE_STATE);
  assert_int_equal(wmisim_device_remove(node), STATUS_INVALID_DEVICE_STATE);
  wmisim_destroy(sim);
  assert_no_violations();
}

/* ---- removal ---------------------------------------------------------------------------------- */

static void test_remove_sends_query_remove_then_remove_and_deletes_the_pdo(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  int from = pnp.lines;
  assert_int_equal(wmisim_device_remove(node), STATUS_SUCCESS);
  assert_log(from, "fn:QUERY_REMOVE_DEVICE");
  assert_log(from + 1, "fn:REMOVE_DEVICE");
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_REMOVED);
  assert_null(wmisim_device_pdo(node));
  assert_null(wmisim_device_top(node));
  assert_null(wmisim_driver_object(fn->driver)->DeviceObject);
  /* Gone for good: the node answers nothing more. */
  assert_int_equal(wmisim_device_start(node), STATUS_INVALID_DEVICE_STATE);
  assert_int_equal(wmisim_device_remove(node), STATUS_INVALID_DEVICE_STATE);
  /* And the driver can go. */
  assert_int_equal(wmisim_driver_unload(fn->driver), STATUS_SUCCESS);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_a_driver_with_a_device_in_a_stack_cannot_unload(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  assert_int_equal(wmisim_driver_unload(fn->driver), STATUS_DEVICE_BUSY);
  assert_non_null(wmisim_driver_object(fn->driver)->DeviceObject);
  assert_int_equal(wmisim_device_remove(node), STATUS_SUCCESS);
  assert_int_equal(wmisim_driver_unload(fn->driver), STATUS_SUCCESS);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_remove_of_a_device_never_started(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  assert_int_equal(wmisim_device_remove(node), STATUS_SUCCESS);
  assert_log(1, "fn:QUERY_REMOVE_DEVICE");
  assert_log(2, "fn:REMOVE_DEVICE");
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_REMOVED);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_failed_query_remove_is_followed_by_cancel_remove(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  fn->behaviour.query_remove = STATUS_DEVICE_BUSY;
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  int from = pnp.lines;
  assert_int_equal(wmisim_device_remove(node), STATUS_DEVICE_BUSY);
  assert_log(from, "fn:QUERY_REMOVE_DEVICE");
  assert_log(from + 1, "fn:CANCEL_REMOVE_DEVICE");
  assert_int_equal(pnp.lines, from + 2);
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_STARTED);
  assert_non_null(wmisim_device_pdo(node));
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_device_objects_left_after_remove_are_reported(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  fn->behaviour.keep_device_at_remove = true;
  assert_int_equal(wmisim_device_remove(node), STATUS_SUCCESS);
  assert_only_violation("PnpIrpHandling");
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_REMOVED);
  wmisim_destroy(sim); /* deletes what the driver left, with a warning */
  assert_int_equal(test_record.violations, 1);
}

static void test_surprise_removal_then_removal(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  int from = pnp.lines;
  assert_int_equal(wmisim_device_surprise_removal(node), STATUS_SUCCESS);
  assert_log(from, "fn:SURPRISE_REMOVAL");
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_SURPRISE_REMOVED);
  assert_non_null(wmisim_device_pdo(node));
  assert_int_equal(wmisim_device_remove_after_surprise(node), STATUS_SUCCESS);
  /* No query: the hardware is gone. */
  assert_log(from + 1, "fn:REMOVE_DEVICE");
  assert_int_equal(pnp.lines, from + 2);
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_REMOVED);
  assert_null(wmisim_device_pdo(node));
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_surprise_remove_sends_surprise_removal_and_remove(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  int from = pnp.lines;
  assert_int_equal(wmisim_device_surprise_remove(node), STATUS_SUCCESS);
  assert_log(from, "fn:SURPRISE_REMOVAL");
  assert_log(from + 1, "fn:REMOVE_DEVICE");
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_REMOVED);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_surprise_removal_needs_a_started_or_stopped_device(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  assert_int_equal(wmisim_device_surprise_removal(node), STATUS_INVALID_DEVICE_STATE);
  assert_int_equal(wmisim_device_remove_after_surprise(node), STATUS_INVALID_DEVICE_STATE);
  assert_int_equal(wmisim_device_state(node), WMISIM_DEVICE_ADDED);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_destroy_removes_a_started_device(void **state) {
  (void)state;
  wmisim_t *sim = start();
  struct pnp_instance *fn;
  wmisim_devnode_t *node = add_simple(sim, &fn);
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  wmisim_destroy(sim);
  assert_true(pnp_find("fn:REMOVE_DEVICE", 0) > 0);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_add_device_builds_lower_filters_then_function_then_upper_filters),
    cmocka_unit_test(test_pdo_belongs_to_the_root_bus_driver_and_is_named_in_hex),
    cmocka_unit_test(test_add_device_failure_tears_the_partial_stack_down_and_returns_the_status),
    cmocka_unit_test(test_device_left_initializing_by_add_device_is_reported),
    cmocka_unit_test(test_a_taken_instance_id_gives_object_name_collision),
    cmocka_unit_test(test_start_goes_down_the_stack_and_starts_the_device),
    cmocka_unit_test(test_pnp_irps_arrive_with_status_not_supported),
    cmocka_unit_test(test_stop_sends_query_stop_then_stop_and_the_device_can_restart),
    cmocka_unit_test(test_failed_query_stop_is_followed_by_cancel_stop),
    cmocka_unit_test(test_failed_start_is_followed_by_remove),
    cmocka_unit_test(test_remove_sends_query_remove_then_remove_and_deletes_the_pdo),
    cmocka_unit_test(test_a_driver_with_a_device_in_a_stack_cannot_unload),
    cmocka_unit_test(test_remove_of_a_device_never_started),
    cmocka_unit_test(test_failed_query_remove_is_followed_by_cancel_remove),
    cmocka_unit_test(test_device_objects_left_after_remove_are_reported),
    cmocka_unit_test(test_surprise_removal_then_removal),
    cmocka_unit_test(test_surprise_remove_sends_surprise_removal_and_remove),
    cmocka_unit_test(test_surprise_removal_needs_a_started_or_stopped_device),
    cmocka_unit_test(test_destroy_removes_a_started_device),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
