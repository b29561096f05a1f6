/*
 * test_pnp_interface.c - device interfaces: IoRegisterDeviceInterface's
 * symbolic link names and reference strings, the returned string's
 * ownership, IoSetDeviceInterfaceState's statuses, and
 * wmisim_device_interfaces.
 */
#include "pnp_driver.h"

/* {0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9} */
static const GUID toaster_class = {0x0A1B2C3D, 0x4E5F, 0x6071, {0x82, 0x93, 0xA4, 0xB5, 0xC6, 0xD7, 0xE8, 0xF9}};
static const GUID other_class = {0x11111111, 0x2222, 0x3333, {0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55}};

#define TOASTER_LINK "\\??\\ROOT#WMISIM#0000#{0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9}"

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  PDEVICE_OBJECT pdo;
  struct pnp_instance *fn;
};

static struct fixture setup(void) {
  struct fixture f;
  pnp_reset();
  f.sim = test_sim_create();
  f.fn = pnp_add_driver(f.sim, "fn");
  wmisim_device_spec_t spec = pnp_spec(f.fn);
  assert_int_equal(wmisim_device_add(f.sim, &spec, &f.node), STATUS_SUCCESS);
  f.pdo = wmisim_device_pdo(f.node);
  return f;
}

static const char *text_of(PUNICODE_STRING s) {
  static char text[300];
  return test_narrow(s->Buffer, s->Length / 2, text, sizeof text);
}

/* The registered name is the caller's: free it as a driver does. */
static void release(PUNICODE_STRING s) {
  RtlFreeUnicodeString(s);
  assert_null(s->Buffer);
}

static void test_register_returns_the_symbolic_link_name_with_a_lowercase_guid(void **state) {
  (void)state;
  struct fixture f = setup();
  UNICODE_STRING link = {0};
  assert_int_equal(IoRegisterDeviceInterface(f.pdo, &toaster_class, NULL, &link), STATUS_SUCCESS);
  assert_string_equal(text_of(&link), TOASTER_LINK);
  assert_int_equal(link.MaximumLength, link.Length + sizeof(WCHAR));
  assert_int_equal(link.Buffer[link.Length / 2], 0);
  release(&link);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

static void test_a_reference_string_follows_the_guid(void **state) {
  (void)state;
  struct fixture f = setup();
  UNICODE_STRING reference = test_string(L"Slot2");
  UNICODE_STRING link = {0};
  assert_int_equal(IoRegisterDeviceInterface(f.pdo, &toaster_class, &reference, &link), STATUS_SUCCESS);
  assert_string_equal(text_of(&link), TOASTER_LINK "\\Slot2");
  release(&link);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

static void test_the_returned_string_is_pool_the_driver_frees(void **state) {
  (void)state;
  struct fixture f = setup();
  wmisim_pool_usage_t before = wmisim_pool_usage(f.sim, 0);
  UNICODE_STRING link = {0};
  assert_int_equal(IoRegisterDeviceInterface(f.pdo, &toaster_class, NULL, &link), STATUS_SUCCESS);
  assert_int_equal(wmisim_pool_usage(f.sim, 0).blocks, before.blocks + 1);
  release(&link);
  assert_int_equal(wmisim_pool_usage(f.sim, 0).blocks, before.blocks);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

static void test_registering_again_gives_the_same_interface(void **state) {
  (void)state;
  struct fixture f = setup();
  UNICODE_STRING a = {0}, b = {0}, c = {0};
  assert_int_equal(IoRegisterDeviceInterface(f.pdo, &toaster_class, NULL, &a), STATUS_SUCCESS);
  assert_int_equal(IoRegisterDeviceInterface(f.pdo, &toaster_class, NULL, &b), STATUS_SUCCESS);
  assert_int_equal(IoRegisterDeviceInterface(f.pdo, &other_class, NULL, &c), STATUS_SUCCESS);
  char first[300];
  snprintf(first, sizeof first, "%s", text_of(&a));
  assert_string_equal(text_of(&b), first);
  char links[4][256];
  bool enabled[4];
  assert_int_equal(wmisim_device_interfaces(f.node, links, enabled, 4), 2);
  release(&a);
  release(&b);
  release(&c);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

static void test_registering_on_a_device_that_is_not_a_pdo_is_reported(void **state) {
  (void)state;
  struct fixture f = setup();
  UNICODE_STRING link = {0};
  assert_int_equal(IoRegisterDeviceInterface(f.fn->device, &toaster_class, NULL, &link),
                   STATUS_INVALID_DEVICE_REQUEST);
  assert_null(link.Buffer);
  assert_only_violation("InvalidParameter");
  assert_int_equal(wmisim_device_interfaces(f.node, NULL, NULL, 0), 0);
  wmisim_destroy(f.sim);
}

/* WDK, IoSetDeviceInterfaceState: enabling an enabled interface returns the
 * informational STATUS_OBJECT_NAME_EXISTS; disabling one that is not enabled
 * fails with STATUS_OBJECT_NAME_NOT_FOUND. */
static void test_set_state_enables_and_disables_with_the_documented_statuses(void **state) {
  (void)state;
  struct fixture f = setup();
  UNICODE_STRING link = {0};
  assert_int_equal(IoRegisterDeviceInterface(f.pdo, &toaster_class, NULL, &link), STATUS_SUCCESS);
  bool enabled = true;
  assert_int_equal(wmisim_device_interfaces(f.node, NULL, &enabled, 1), 1);
  assert_false(enabled);
  assert_int_equal(IoSetDeviceInterfaceState(&link, FALSE), STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(IoSetDeviceInterfaceState(&link, TRUE), STATUS_SUCCESS);
  assert_int_equal(IoSetDeviceInterfaceState(&link, TRUE), STATUS_OBJECT_NAME_EXISTS);
  assert_true(NT_SUCCESS(STATUS_OBJECT_NAME_EXISTS));
  char links[1][256];
  assert_int_equal(wmisim_device_interfaces(f.node, links, &enabled, 1), 1);
  assert_true(enabled);
  assert_string_equal(links[0], TOASTER_LINK);
  assert_int_equal(IoSetDeviceInterfaceState(&link, FALSE), STATUS_SUCCESS);
  assert_int_equal(IoSetDeviceInterfaceState(&link, FALSE), STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(wmisim_device_interfaces(f.node, NULL, &enabled, 1), 1);
  assert_false(enabled);
  release(&link);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

static void test_set_state_of_an_unregistered_link_is_not_found(void **state) {
  (void)state;
  struct fixture f = setup();
  UNICODE_STRING unknown = test_string(L"\\??\\ROOT#WMISIM#0000#{00000000-0000-0000-0000-000000000000}");
  assert_int_equal(IoSetDeviceInterfaceState(&unknown, TRUE), STATUS_OBJECT_NAME_NOT_FOUND);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

/* Links compare as the object manager compares names: without case. */
static void test_set_state_accepts_the_link_in_another_case(void **state) {
  (void)state;
  struct fixture f = setup();
  UNICODE_STRING link = {0};
  assert_int_equal(IoRegisterDeviceInterface(f.pdo, &toaster_class, NULL, &link), STATUS_SUCCESS);
  UNICODE_STRING upper = test_string(L"\\??\\ROOT#WMISIM#0000#{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}");
  assert_int_equal(IoSetDeviceInterfaceState(&upper, TRUE), STATUS_SUCCESS);
  assert_int_equal(IoSetDeviceInterfaceState(&link, TRUE), STATUS_OBJECT_NAME_EXISTS);
  release(&link);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

static void test_device_interfaces_reports_the_total_beyond_capacity(void **state) {
  (void)state;
  struct fixture f = setup();
  UNICODE_STRING a = {0}, b = {0};
  UNICODE_STRING reference = test_string(L"second");
  assert_int_equal(IoRegisterDeviceInterface(f.pdo, &toaster_class, NULL, &a), STATUS_SUCCESS);
  assert_int_equal(IoRegisterDeviceInterface(f.pdo, &toaster_class, &reference, &b), STATUS_SUCCESS);
  char links[1][256];
  assert_int_equal(wmisim_device_interfaces(f.node, links, NULL, 1), 2);
  assert_int_equal(wmisim_device_interfaces(f.node, NULL, NULL, 0), 2);
  release(&a);
  release(&b);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

/* WDK, IoSetDeviceInterfaceState: if a driver does not disable its interface
 * at removal, the PnP manager does when it removes the device. */
static void test_removal_disables_interfaces_the_driver_left_enabled(void **state) {
  (void)state;
  struct fixture f = setup();
  UNICODE_STRING link = {0};
  assert_int_equal(IoRegisterDeviceInterface(f.pdo, &toaster_class, NULL, &link), STATUS_SUCCESS);
  assert_int_equal(IoSetDeviceInterfaceState(&link, TRUE), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_remove(f.node), STATUS_SUCCESS);
  bool enabled = true;
  assert_int_equal(wmisim_device_interfaces(f.node, NULL, &enabled, 1), 1);
  assert_false(enabled);
  release(&link);
  wmisim_destroy(f.sim);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_register_returns_the_symbolic_link_name_with_a_lowercase_guid),
    cmocka_unit_test(test_a_reference_string_follows_the_guid),
    cmocka_unit_test(test_the_returned_string_is_pool_the_driver_frees),
    cmocka_unit_test(test_registering_again_gives_the_same_interface),
    cmocka_unit_test(test_registering_on_a_device_that_is_not_a_pdo_is_reported),
    cmocka_unit_test(test_set_state_enables_and_disables_with_the_documented_statuses),
    cmocka_unit_test(test_set_state_of_an_unregistered_link_is_not_found),
    cmocka_unit_test(test_set_state_accepts_the_link_in_another_case),
    cmocka_unit_test(test_device_interfaces_reports_the_total_beyond_capacity),
    cmocka_unit_test(test_removal_disables_interfaces_the_driver_left_enabled),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
