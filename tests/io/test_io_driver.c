/*
 * test_io_driver.c - driver objects: DriverEntry's arguments, the default
 * dispatch routine, failing DriverEntry, duplicate names, DriverUnload and
 * driver object extensions.
 */
#include "io_test.h"

static struct {
  int entries;
  char registry_path[200];
  char service_key[64];
  char driver_name[64];
  KIRQL irql;
  PDRIVER_OBJECT object;
  PDRIVER_EXTENSION extension;
  int unloads;
  NTSTATUS result;
  PDEVICE_OBJECT created;
} seen;

static VOID NTAPI recording_unload(PDRIVER_OBJECT DriverObject) {
  (void)DriverObject;
  seen.unloads++;
  if (seen.created != NULL) IoDeleteDevice(seen.created); /* a legacy driver's control device */
}

static NTSTATUS NTAPI recording_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  seen.entries++;
  seen.object = DriverObject;
  seen.extension = DriverObject->DriverExtension;
  seen.irql = KeGetCurrentIrql();
  test_narrow(RegistryPath->Buffer, RegistryPath->Length / 2, seen.registry_path, sizeof seen.registry_path);
  PUNICODE_STRING key = &DriverObject->DriverExtension->ServiceKeyName;
  test_narrow(key->Buffer, key->Length / 2, seen.service_key, sizeof seen.service_key);
  test_narrow(DriverObject->DriverName.Buffer, DriverObject->DriverName.Length / 2, seen.driver_name,
              sizeof seen.driver_name);
  DriverObject->DriverUnload = recording_unload;
  return seen.result;
}

static wmisim_t *start(void) {
  memset(&seen, 0, sizeof seen);
  return test_sim_create();
}

static void test_driver_entry_gets_its_registry_path_and_service_key_name(void **state) {
  (void)state;
  wmisim_t *sim = start();
  wmisim_driver_t *driver = NULL;
  assert_int_equal(wmisim_driver_add(sim, "sampledrv", recording_entry, &driver), STATUS_SUCCESS);
  assert_int_equal(seen.entries, 1);
  assert_string_equal(seen.registry_path, "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\sampledrv");
  assert_string_equal(seen.service_key, "sampledrv");
  assert_string_equal(seen.driver_name, "\\Driver\\sampledrv");
  assert_int_equal(seen.irql, PASSIVE_LEVEL);
  assert_ptr_equal(seen.object, wmisim_driver_object(driver));
  assert_ptr_equal(seen.extension->DriverObject, seen.object);
  assert_string_equal(wmisim_driver_name(driver), "sampledrv");
  assert_ptr_equal(wmisim_driver_find(sim, "sampledrv"), driver);
  wmisim_destroy(sim);
  assert_no_violations();
}

static NTSTATUS NTAPI device_only_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)RegistryPath;
  return IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &seen.created);
}

static void test_unset_major_functions_complete_with_invalid_device_request(void **state) {
  (void)state;
  wmisim_t *sim = start();
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "nohandlers", device_only_entry, &driver), STATUS_SUCCESS);
  seen.created->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
  const UCHAR majors[] = {IRP_MJ_CREATE, IRP_MJ_READ, IRP_MJ_DEVICE_CONTROL, IRP_MJ_PNP, IRP_MJ_POWER};
  for (size_t i = 0; i < sizeof majors; i++) {
    struct test_result r = test_send_irp(seen.created, majors[i], 0);
    assert_int_equal(r.returned, STATUS_INVALID_DEVICE_REQUEST);
    assert_int_equal(r.status, STATUS_INVALID_DEVICE_REQUEST);
    assert_int_equal(r.information, 0);
  }
  /* Every slot holds the same routine, as Windows fills them before DriverEntry. */
  PDRIVER_OBJECT object = wmisim_driver_object(driver);
  for (int i = 1; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
    assert_ptr_equal(object->MajorFunction[i], object->MajorFunction[0]);
  IoDeleteDevice(seen.created);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_failing_driver_entry_returns_its_status_and_leaves_no_driver(void **state) {
  (void)state;
  wmisim_t *sim = start();
  seen.result = STATUS_DEVICE_CONFIGURATION_ERROR;
  wmisim_driver_t *driver = (wmisim_driver_t *)1;
  assert_int_equal(wmisim_driver_add(sim, "failing", recording_entry, &driver), STATUS_DEVICE_CONFIGURATION_ERROR);
  assert_null(driver);
  assert_int_equal(seen.entries, 1);
  assert_null(wmisim_driver_find(sim, "failing"));
  /* DriverUnload is not called for a driver that never loaded. */
  assert_int_equal(seen.unloads, 0);
  /* The name can be used again. */
  seen.result = STATUS_SUCCESS;
  assert_int_equal(wmisim_driver_add(sim, "failing", recording_entry, &driver), STATUS_SUCCESS);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_a_taken_driver_name_gives_object_name_collision(void **state) {
  (void)state;
  wmisim_t *sim = start();
  wmisim_driver_t *first, *second = (wmisim_driver_t *)1;
  assert_int_equal(wmisim_driver_add(sim, "twice", recording_entry, &first), STATUS_SUCCESS);
  assert_int_equal(wmisim_driver_add(sim, "twice", recording_entry, &second), STATUS_OBJECT_NAME_COLLISION);
  assert_null(second);
  assert_int_equal(seen.entries, 1);
  assert_ptr_equal(wmisim_driver_find(sim, "twice"), first);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_driver_add_refuses_bad_arguments(void **state) {
  (void)state;
  wmisim_t *sim = start();
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "", recording_entry, &driver), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_driver_add(sim, NULL, recording_entry, &driver), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_driver_add(sim, "noentry", NULL, &driver), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_driver_add(sim, "noout", recording_entry, NULL), STATUS_INVALID_PARAMETER);
  assert_int_equal(seen.entries, 0);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_unload_lets_driver_unload_delete_a_control_device(void **state) {
  (void)state;
  wmisim_t *sim = start();
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "unloadme", recording_entry, &driver), STATUS_SUCCESS);
  assert_int_equal(IoCreateDevice(wmisim_driver_object(driver), 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &seen.created),
                   STATUS_SUCCESS);
  assert_int_equal(wmisim_driver_unload(driver), STATUS_SUCCESS);
  assert_int_equal(seen.unloads, 1);
  assert_null(wmisim_driver_find(sim, "unloadme"));
  wmisim_destroy(sim);
  assert_int_equal(seen.unloads, 1);
  assert_no_violations();
}

static void test_unload_deletes_a_device_driver_unload_left(void **state) {
  (void)state;
  wmisim_t *sim = start();
  wmisim_driver_t *driver;
  PDEVICE_OBJECT device;
  assert_int_equal(wmisim_driver_add(sim, "forgetful", recording_entry, &driver), STATUS_SUCCESS);
  assert_int_equal(IoCreateDevice(wmisim_driver_object(driver), 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device),
                   STATUS_SUCCESS);
  assert_int_equal(wmisim_driver_unload(driver), STATUS_SUCCESS);
  assert_int_equal(seen.unloads, 1);
  assert_null(wmisim_driver_find(sim, "forgetful"));
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_destroy_unloads_every_driver(void **state) {
  (void)state;
  wmisim_t *sim = start();
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "left", recording_entry, &driver), STATUS_SUCCESS);
  wmisim_destroy(sim);
  assert_int_equal(seen.unloads, 1);
  assert_no_violations();
}

/* ---- driver object extensions --------------------------------------------------------------- */

static int client_a, client_b; /* their addresses identify two clients */

static void test_driver_object_extension_is_allocated_once_per_client(void **state) {
  (void)state;
  wmisim_t *sim = start();
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "extended", recording_entry, &driver), STATUS_SUCCESS);
  PDRIVER_OBJECT object = wmisim_driver_object(driver);
  PVOID a = NULL, again = (PVOID)1;
  assert_int_equal(IoAllocateDriverObjectExtension(object, &client_a, 48, &a), STATUS_SUCCESS);
  assert_non_null(a);
  assert_int_equal((uintptr_t)a % 16, 0);
  for (int i = 0; i < 48; i++) assert_int_equal(((unsigned char *)a)[i], 0);
  memset(a, 0x5A, 48);
  assert_ptr_equal(IoGetDriverObjectExtension(object, &client_a), a);
  assert_null(IoGetDriverObjectExtension(object, &client_b));
  assert_int_equal(IoAllocateDriverObjectExtension(object, &client_a, 8, &again), STATUS_OBJECT_NAME_COLLISION);
  assert_null(again);
  PVOID b = NULL;
  assert_int_equal(IoAllocateDriverObjectExtension(object, &client_b, 8, &b), STATUS_SUCCESS);
  assert_ptr_not_equal(a, b);
  assert_ptr_equal(IoGetDriverObjectExtension(object, &client_b), b);
  wmisim_destroy(sim);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_driver_entry_gets_its_registry_path_and_service_key_name),
    cmocka_unit_test(test_unset_major_functions_complete_with_invalid_device_request),
    cmocka_unit_test(test_failing_driver_entry_returns_its_status_and_leaves_no_driver),
    cmocka_unit_test(test_a_taken_driver_name_gives_object_name_collision),
    cmocka_unit_test(test_driver_add_refuses_bad_arguments),
    cmocka_unit_test(test_unload_lets_driver_unload_delete_a_control_device),
    cmocka_unit_test(test_unload_deletes_a_device_driver_unload_left),
    cmocka_unit_test(test_destroy_unloads_every_driver),
    cmocka_unit_test(test_driver_object_extension_is_allocated_once_per_client),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
