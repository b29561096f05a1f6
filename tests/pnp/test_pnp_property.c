/*
 * test_pnp_property.c - IoGetDeviceProperty: each property of a root-bus
 * device, the buffer-too-small protocol and a device object that is not a
 * PDO.
 */
#include "pnp_driver.h"

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  PDEVICE_OBJECT pdo;
  struct pnp_instance *fn;
};

static struct fixture setup(const char *friendly_name) {
  struct fixture f;
  pnp_reset();
  f.sim = test_sim_create();
  f.fn = pnp_add_driver(f.sim, "fn");
  wmisim_device_spec_t spec = pnp_spec(f.fn);
  spec.instance_id = "ROOT\\WMISIM\\0003";
  spec.description = "Test toaster";
  spec.friendly_name = friendly_name;
  assert_int_equal(wmisim_device_add(f.sim, &spec, &f.node), STATUS_SUCCESS);
  f.pdo = wmisim_device_pdo(f.node);
  return f;
}

static void teardown(struct fixture *f) {
  wmisim_destroy(f->sim);
}

/* Reads a string property; multi-string properties are joined with '|'. */
static NTSTATUS text_property(PDEVICE_OBJECT pdo, DEVICE_REGISTRY_PROPERTY property, char *out, size_t size,
                              ULONG *length) {
  WCHAR buffer[256];
  *length = 0;
  NTSTATUS status = IoGetDeviceProperty(pdo, property, sizeof buffer, buffer, length);
  if (!NT_SUCCESS(status)) return status;
  size_t chars = *length / sizeof(WCHAR), n = 0;
  for (size_t i = 0; i < chars && n + 1 < size; i++) out[n++] = buffer[i] == 0 ? '|' : (char)buffer[i];
  out[n] = '\0';
  return status;
}

static void expect_text(struct fixture *f, DEVICE_REGISTRY_PROPERTY property, const char *expected) {
  char text[300];
  ULONG length;
  assert_int_equal(text_property(f->pdo, property, text, sizeof text, &length), STATUS_SUCCESS);
  assert_string_equal(text, expected);
}

static void expect_ulong(struct fixture *f, DEVICE_REGISTRY_PROPERTY property, ULONG expected) {
  ULONG value = 0xdeadbeef, length = 0;
  assert_int_equal(IoGetDeviceProperty(f->pdo, property, sizeof value, &value, &length), STATUS_SUCCESS);
  assert_int_equal(length, sizeof value);
  assert_int_equal(value, expected);
}

static void expect_absent(struct fixture *f, DEVICE_REGISTRY_PROPERTY property) {
  unsigned char buffer[64];
  ULONG length = 99;
  assert_int_equal(IoGetDeviceProperty(f->pdo, property, sizeof buffer, buffer, &length),
                   STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(length, 0);
}

/* Strings are REG_SZ (one terminator) or REG_MULTI_SZ (two), shown with '|'. */
static void test_string_properties_describe_the_device(void **state) {
  (void)state;
  struct fixture f = setup("Kitchen toaster");
  expect_text(&f, DevicePropertyDeviceDescription, "Test toaster|");
  expect_text(&f, DevicePropertyFriendlyName, "Kitchen toaster|");
  expect_text(&f, DevicePropertyHardwareID, "ROOT\\WMISIM||");
  expect_text(&f, DevicePropertyCompatibleIDs, "||");
  expect_text(&f, DevicePropertyClassName, "WMISIM|");
  expect_text(&f, DevicePropertyClassGuid, "{87654321-5753-4D53-8000-574D4953494D}|");
  expect_text(&f, DevicePropertyDriverKeyName, "{87654321-5753-4D53-8000-574D4953494D}\\0000|");
  expect_text(&f, DevicePropertyManufacturer, "wmisim|");
  expect_text(&f, DevicePropertyEnumeratorName, "ROOT|");
  teardown(&f);
  assert_no_violations();
}

static void test_physical_device_object_name_is_the_pdos_name(void **state) {
  (void)state;
  struct fixture f = setup(NULL);
  char text[64];
  ULONG length;
  assert_int_equal(text_property(f.pdo, DevicePropertyPhysicalDeviceObjectName, text, sizeof text, &length),
                   STATUS_SUCCESS);
  assert_int_equal(length, (16 + 1) * sizeof(WCHAR));
  assert_memory_equal(text, "\\Device\\", 8);
  teardown(&f);
  assert_no_violations();
}

static void test_numeric_properties(void **state) {
  (void)state;
  struct fixture f = setup(NULL);
  expect_ulong(&f, DevicePropertyLegacyBusType, (ULONG)InterfaceTypeUndefined);
  expect_ulong(&f, DevicePropertyBusNumber, 0);
  expect_ulong(&f, DevicePropertyInstallState, 0 /* InstallStateInstalled */);
  expect_ulong(&f, DevicePropertyRemovalPolicy, 3 /* RemovalPolicyExpectSurpriseRemoval */);
  teardown(&f);
  assert_no_violations();
}

static void test_properties_a_root_device_does_not_have_are_not_found(void **state) {
  (void)state;
  struct fixture f = setup(NULL);
  expect_absent(&f, DevicePropertyFriendlyName);
  expect_absent(&f, DevicePropertyLocationInformation);
  expect_absent(&f, DevicePropertyUINumber);
  expect_absent(&f, DevicePropertyAddress);
  expect_absent(&f, DevicePropertyBusTypeGuid);
  expect_absent(&f, DevicePropertyBootConfiguration);
  expect_absent(&f, DevicePropertyAllocatedResources);
  teardown(&f);
  assert_no_violations();
}

static void test_a_small_buffer_gives_buffer_too_small_and_the_length_needed(void **state) {
  (void)state;
  struct fixture f = setup(NULL);
  WCHAR small[4] = {0x1111, 0x1111, 0x1111, 0x1111};
  ULONG length = 0;
  assert_int_equal(IoGetDeviceProperty(f.pdo, DevicePropertyDeviceDescription, sizeof small, small, &length),
                   STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(length, sizeof(L"Test toaster"));
  assert_int_equal(small[0], 0x1111); /* nothing written */
  /* The usual two calls: ask for the size with no buffer, then read. */
  length = 0;
  assert_int_equal(IoGetDeviceProperty(f.pdo, DevicePropertyHardwareID, 0, NULL, &length), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(length, sizeof(L"ROOT\\WMISIM") + sizeof(WCHAR));
  PVOID buffer = ExAllocatePoolWithTag(PagedPool, length, 'prpT');
  ULONG second = 0;
  assert_int_equal(IoGetDeviceProperty(f.pdo, DevicePropertyHardwareID, length, buffer, &second), STATUS_SUCCESS);
  assert_int_equal(second, length);
  ExFreePoolWithTag(buffer, 'prpT');
  ULONG value, too_short = 0;
  assert_int_equal(IoGetDeviceProperty(f.pdo, DevicePropertyBusNumber, 2, &value, &too_short), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(too_short, sizeof(ULONG));
  teardown(&f);
  assert_no_violations();
}

static void test_an_unknown_property_is_an_invalid_parameter(void **state) {
  (void)state;
  struct fixture f = setup(NULL);
  ULONG value, length;
  assert_int_equal(IoGetDeviceProperty(f.pdo, (DEVICE_REGISTRY_PROPERTY)0x7777, sizeof value, &value, &length),
                   STATUS_INVALID_PARAMETER_2);
  teardown(&f);
  assert_no_violations();
}

static void test_a_device_object_that_is_not_a_pdo_is_reported(void **state) {
  (void)state;
  struct fixture f = setup(NULL);
  WCHAR buffer[64];
  ULONG length = 5;
  assert_int_equal(IoGetDeviceProperty(f.fn->device, DevicePropertyDeviceDescription, sizeof buffer, buffer, &length),
                   STATUS_INVALID_DEVICE_REQUEST);
  assert_int_equal(length, 0);
  assert_only_violation("InvalidParameter");
  teardown(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_string_properties_describe_the_device),
    cmocka_unit_test(test_physical_device_object_name_is_the_pdos_name),
    cmocka_unit_test(test_numeric_properties),
    cmocka_unit_test(test_properties_a_root_device_does_not_have_are_not_found),
    cmocka_unit_test(test_a_small_buffer_gives_buffer_too_small_and_the_length_needed),
    cmocka_unit_test(test_an_unknown_property_is_an_invalid_parameter),
    cmocka_unit_test(test_a_device_object_that_is_not_a_pdo_is_reported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
