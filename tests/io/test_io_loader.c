/*
 * test_io_loader.c - drivers loaded from shared libraries: a driver module
 * built by this directory, a missing file, a file that is not a library, a
 * library without DriverEntry, and a DriverEntry that fails.
 *
 * The program links libwmisim as a shared library, as the module does, so
 * both use one copy of the simulator.
 */
#include "io_test.h"

/* The module answers with Information 0x1234, which only an IOCTL without a
 * system buffer may carry. */
static void neither_ioctl(PIO_STACK_LOCATION stack, void *argument) {
  (void)argument;
  stack->Parameters.DeviceIoControl.IoControlCode =
      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_NEITHER, FILE_ANY_ACCESS);
}

static void test_load_runs_driver_entry_of_a_driver_module(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  wmisim_driver_t *driver = NULL;
  char error[256] = "";
  assert_int_equal(wmisim_driver_load(sim, MODULE_DRIVER_PATH, NULL, &driver, error, sizeof error), STATUS_SUCCESS);
  assert_non_null(driver);
  /* The service name is the file's base name without "lib" and suffix. */
  assert_string_equal(wmisim_driver_name(driver), "test_io_module");
  assert_ptr_equal(wmisim_driver_find(sim, "test_io_module"), driver);
  PDRIVER_OBJECT object = wmisim_driver_object(driver);
  assert_non_null(object->DriverUnload);
  PDEVICE_OBJECT device = object->DeviceObject;
  assert_non_null(device);
  struct test_result r = test_send_irp_ex(device, IRP_MJ_DEVICE_CONTROL, 0, STATUS_NOT_SUPPORTED, neither_ioctl, NULL);
  assert_int_equal(r.status, STATUS_SUCCESS);
  assert_int_equal(r.information, 0x1234);
  IoDeleteDevice(device);
  assert_int_equal(wmisim_driver_unload(driver), STATUS_SUCCESS);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_load_under_a_given_service_name(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  wmisim_driver_t *driver = NULL;
  assert_int_equal(wmisim_driver_load(sim, MODULE_DRIVER_PATH, "renamed", &driver, NULL, 0), STATUS_SUCCESS);
  assert_string_equal(wmisim_driver_name(driver), "renamed");
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_loading_a_missing_file_gives_object_name_not_found(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  wmisim_driver_t *driver = (wmisim_driver_t *)1;
  char error[512] = "";
  assert_int_equal(wmisim_driver_load(sim, MISSING_PATH, NULL, &driver, error, sizeof error),
                   STATUS_OBJECT_NAME_NOT_FOUND);
  assert_null(driver);
  assert_non_null(strstr(error, MISSING_PATH));
  assert_non_null(strstr(error, "no such file"));
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_loading_a_file_that_is_not_a_library_gives_invalid_image_format(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  wmisim_driver_t *driver = (wmisim_driver_t *)1;
  char error[512] = "";
  assert_int_equal(wmisim_driver_load(sim, NOT_A_LIBRARY_PATH, NULL, &driver, error, sizeof error),
                   STATUS_INVALID_IMAGE_FORMAT);
  assert_null(driver);
  assert_non_null(strstr(error, "not a loadable driver library"));
  assert_null(wmisim_driver_find(sim, "CMakeLists"));
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_loading_a_library_without_driver_entry_gives_object_name_not_found(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  wmisim_driver_t *driver = (wmisim_driver_t *)1;
  char error[512] = "";
  assert_int_equal(wmisim_driver_load(sim, MODULE_NO_ENTRY_PATH, NULL, &driver, error, sizeof error),
                   STATUS_OBJECT_NAME_NOT_FOUND);
  assert_null(driver);
  assert_non_null(strstr(error, "exports no DriverEntry"));
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_a_failing_driver_entry_is_returned_with_its_reason(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  wmisim_driver_t *driver = (wmisim_driver_t *)1;
  char error[512] = "";
  assert_int_equal(wmisim_driver_load(sim, MODULE_DRIVER_PATH, "refuse", &driver, error, sizeof error),
                   STATUS_NOT_SUPPORTED);
  assert_null(driver);
  assert_non_null(strstr(error, "STATUS_NOT_SUPPORTED"));
  assert_null(wmisim_driver_find(sim, "refuse"));
  wmisim_destroy(sim);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_load_runs_driver_entry_of_a_driver_module),
    cmocka_unit_test(test_load_under_a_given_service_name),
    cmocka_unit_test(test_loading_a_missing_file_gives_object_name_not_found),
    cmocka_unit_test(test_loading_a_file_that_is_not_a_library_gives_invalid_image_format),
    cmocka_unit_test(test_loading_a_library_without_driver_entry_gives_object_name_not_found),
    cmocka_unit_test(test_a_failing_driver_entry_is_returned_with_its_reason),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
