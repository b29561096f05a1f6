/*
 * test_cm_drivers.c - the registry as drivers meet it: the service key
 * behind DriverEntry's RegistryPath, a WDM function driver reading its
 * device's Device Parameters through IoOpenDeviceRegistryKey in AddDevice,
 * the Enum key the PnP manager writes, handles a driver leaks, and pool
 * RtlQueryRegistryValues allocates for the driver.
 */
#include "cm_test.h"

#define SERVICE_PARAMETERS(name) "HKLM\\System\\CurrentControlSet\\Services\\" name "\\Parameters"
#define ENUM_KEY "HKLM\\System\\CurrentControlSet\\Enum\\ROOT\\CMTEST\\0000"
#define DRIVER_KEY "HKLM\\System\\CurrentControlSet\\Control\\Class\\{87654321-5753-4D53-8000-574D4953494D}\\0000"
#define REGS_TAG 0x53676552u /* 'RegS', RtlQueryRegistryValues' strings */

static struct {
  NTSTATUS status;
  ULONG level;
  ULONG start;
  ULONG threshold;
  UNICODE_STRING name;         /* allocated by RtlQueryRegistryValues */
} seen;

static ULONG read_dword(HANDLE key, const WCHAR *value_name, NTSTATUS *status) {
  UNICODE_STRING name = cm_us(value_name);
  union {
    KEY_VALUE_PARTIAL_INFORMATION info;
    UCHAR bytes[32];
  } u;
  ULONG result;
  *status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, &u, sizeof u, &result);
  return NT_SUCCESS(*status) && u.info.Type == REG_DWORD ? *(ULONG *)u.info.Data : 0;
}

/* ---- a driver reading its service key -------------------------------------------------------- */

static NTSTATUS NTAPI service_reader_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)DriverObject;
  OBJECT_ATTRIBUTES attributes;
  InitializeObjectAttributes(&attributes, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
  HANDLE service, parameters;
  seen.status = ZwOpenKey(&service, KEY_READ, &attributes);
  if (!NT_SUCCESS(seen.status)) return seen.status;
  seen.start = read_dword(service, L"Start", &seen.status);
  UNICODE_STRING name = cm_us(L"Parameters");
  InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, service, NULL);
  seen.status = ZwOpenKey(&parameters, KEY_READ, &attributes);
  if (NT_SUCCESS(seen.status)) {
    seen.level = read_dword(parameters, L"Level", &seen.status);
    ZwClose(parameters);
  }
  ZwClose(service);
  return STATUS_SUCCESS;
}

static void driver_entry_reads_its_service_key_through_registry_path(void **state) {
  wmisim_t *sim = *state;
  memset(&seen, 0, sizeof seen);
  assert_int_equal(wmisim_registry_set_dword(sim, SERVICE_PARAMETERS("reader"), "Level", 5), STATUS_SUCCESS);
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "reader", service_reader_entry, &driver), STATUS_SUCCESS);
  assert_int_equal(seen.status, STATUS_SUCCESS);
  assert_int_equal(seen.level, 5);
  assert_int_equal(seen.start, 3);
  assert_int_equal(cm_record.violations, 0);
}

static void service_key_has_no_parameters_unless_created(void **state) {
  wmisim_t *sim = *state;
  memset(&seen, 0, sizeof seen);
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "bare", service_reader_entry, &driver), STATUS_SUCCESS);
  assert_int_equal(seen.status, STATUS_OBJECT_NAME_NOT_FOUND);
  assert_int_equal(cm_get_dword(sim, "HKLM\\System\\CurrentControlSet\\Services\\bare", "Type"), 1);
}

static NTSTATUS NTAPI empty_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)DriverObject;
  (void)RegistryPath;
  return STATUS_SUCCESS;
}

/* The example of docs/registry.md. */
static void service_key_dumps_with_its_preset_parameters(void **state) {
  wmisim_t *sim = *state;
  assert_int_equal(wmisim_registry_set_dword(sim, SERVICE_PARAMETERS("mydrv"), "Level", 3), STATUS_SUCCESS);
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "mydrv", empty_entry, &driver), STATUS_SUCCESS);
  FILE *f = tmpfile();
  assert_non_null(f);
  assert_int_equal(wmisim_registry_dump(sim, f, "HKLM\\System\\CurrentControlSet\\Services\\mydrv"), STATUS_SUCCESS);
  char text[512];
  rewind(f);
  text[fread(text, 1, sizeof text - 1, f)] = '\0';
  fclose(f);
  assert_string_equal(text, "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\mydrv\n"
                            "    ErrorControl = REG_DWORD 0x00000001 (1)\n"
                            "    Start = REG_DWORD 0x00000003 (3)\n"
                            "    Type = REG_DWORD 0x00000001 (1)\n"
                            "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\mydrv\\Parameters\n"
                            "    Level = REG_DWORD 0x00000003 (3)\n");
}

/* ---- RtlQueryRegistryValues pool, freed by the driver ---------------------------------------- */

static VOID NTAPI name_reader_unload(PDRIVER_OBJECT DriverObject) {
  (void)DriverObject;
  if (seen.name.Buffer != NULL) ExFreePool(seen.name.Buffer);
  seen.name.Buffer = NULL;
}

static NTSTATUS NTAPI name_reader_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  DriverObject->DriverUnload = name_reader_unload;
  RTL_QUERY_REGISTRY_TABLE table[3] = {
      {NULL, RTL_QUERY_REGISTRY_SUBKEY, L"Parameters", NULL, REG_NONE, NULL, 0},
      {NULL, RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK, L"Name", &seen.name,
       (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE, NULL, 0},
      {0}};
  seen.status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
  return seen.status;
}

static void pool_from_a_direct_string_is_freed_by_the_driver(void **state) {
  wmisim_t *sim = *state;
  memset(&seen, 0, sizeof seen);
  assert_int_equal(wmisim_registry_set_string(sim, SERVICE_PARAMETERS("namer"), "Name", "probe"), STATUS_SUCCESS);
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "namer", name_reader_entry, &driver), STATUS_SUCCESS);
  assert_int_equal(seen.name.Length, 5 * sizeof(WCHAR));
  assert_memory_equal(seen.name.Buffer, L"probe", 6 * sizeof(WCHAR));
  assert_int_equal(wmisim_pool_usage(sim, REGS_TAG).blocks, 1);
  assert_int_equal(wmisim_driver_unload(driver), STATUS_SUCCESS);
  assert_int_equal(wmisim_pool_usage(sim, REGS_TAG).blocks, 0);
  assert_int_equal(wmisim_pool_usage(sim, 0).blocks, 0);
  assert_int_equal(cm_record.violations, 0);
}

/* ---- a WDM function driver reading Device Parameters in AddDevice ----------------------------- */

struct fdo_extension {
  PDEVICE_OBJECT lower;
};

static NTSTATUS NTAPI fdo_add_device(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject) {
  PDEVICE_OBJECT fdo;
  NTSTATUS status =
      IoCreateDevice(DriverObject, sizeof(struct fdo_extension), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
  if (!NT_SUCCESS(status)) return status;
  struct fdo_extension *extension = fdo->DeviceExtension;
  extension->lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
  HANDLE key;
  seen.status = IoOpenDeviceRegistryKey(PhysicalDeviceObject, PLUGPLAY_REGKEY_DEVICE, KEY_READ, &key);
  if (NT_SUCCESS(seen.status)) {
    seen.threshold = read_dword(key, L"Threshold", &seen.status);
    ZwClose(key);
  }
  if (NT_SUCCESS(IoOpenDeviceRegistryKey(PhysicalDeviceObject, PLUGPLAY_REGKEY_DRIVER, KEY_ALL_ACCESS, &key))) {
    key_set_dword(key, L"Seen", seen.threshold);
    ZwClose(key);
  }
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI fdo_dispatch_pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  struct fdo_extension *extension = DeviceObject->DeviceExtension;
  PDEVICE_OBJECT lower = extension->lower;
  UCHAR minor = IoGetCurrentIrpStackLocation(Irp)->MinorFunction;
  if (minor == IRP_MN_REMOVE_DEVICE) Irp->IoStatus.Status = STATUS_SUCCESS;
  IoSkipCurrentIrpStackLocation(Irp);
  NTSTATUS status = IoCallDriver(lower, Irp);
  if (minor == IRP_MN_REMOVE_DEVICE) {
    IoDetachDevice(lower);
    IoDeleteDevice(DeviceObject);
  }
  return status;
}

static NTSTATUS NTAPI fdo_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)RegistryPath;
  DriverObject->DriverExtension->AddDevice = fdo_add_device;
  DriverObject->MajorFunction[IRP_MJ_PNP] = fdo_dispatch_pnp;
  return STATUS_SUCCESS;
}

/* The function driver and ROOT\CMTEST\0000 with it on the root bus. */
static wmisim_devnode_t *add_test_device(wmisim_t *sim) {
  memset(&seen, 0, sizeof seen);
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "cmfdo", fdo_entry, &driver), STATUS_SUCCESS);
  wmisim_device_spec_t spec = {0};
  spec.instance_id = "ROOT\\CMTEST\\0000";
  spec.description = "registry test device";
  spec.function_driver = driver;
  wmisim_devnode_t *node;
  assert_int_equal(wmisim_device_add(sim, &spec, &node), STATUS_SUCCESS);
  return node;
}

static void add_device_reads_device_parameters_preset_by_the_test(void **state) {
  wmisim_t *sim = *state;
  assert_int_equal(wmisim_registry_set_dword(sim, ENUM_KEY "\\Device Parameters", "Threshold", 42), STATUS_SUCCESS);
  wmisim_devnode_t *node = add_test_device(sim);
  assert_int_equal(seen.status, STATUS_SUCCESS);
  assert_int_equal(seen.threshold, 42);
  assert_int_equal(cm_get_dword(sim, DRIVER_KEY, "Seen"), 42);
  assert_int_equal(wmisim_device_start(node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_remove(node), STATUS_SUCCESS);
  assert_int_equal(cm_record.violations, 0);
}

static void enum_key_holds_description_and_hardware_id(void **state) {
  wmisim_t *sim = *state;
  add_test_device(sim);
  assert_int_equal(seen.status, STATUS_OBJECT_NAME_NOT_FOUND); /* no Threshold preset */
  WCHAR text[64];
  ULONG type, size = sizeof text;
  assert_int_equal(wmisim_registry_get_value(sim, ENUM_KEY, "DeviceDesc", &type, text, &size), STATUS_SUCCESS);
  assert_int_equal(type, REG_SZ);
  assert_int_equal(size, sizeof L"registry test device");
  assert_memory_equal(text, L"registry test device", size);
  size = sizeof text;
  assert_int_equal(wmisim_registry_get_value(sim, ENUM_KEY, "HardwareID", &type, text, &size), STATUS_SUCCESS);
  assert_int_equal(type, REG_MULTI_SZ);
  assert_int_equal(size, sizeof L"ROOT\\CMTEST\0");
  assert_memory_equal(text, L"ROOT\\CMTEST\0", size);
}

/* ---- a driver that leaks a key handle ------------------------------------------------------ */

static NTSTATUS NTAPI leaky_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)DriverObject;
  OBJECT_ATTRIBUTES attributes;
  InitializeObjectAttributes(&attributes, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
  HANDLE key;
  return ZwOpenKey(&key, KEY_READ, &attributes); /* never closed */
}

static void leaked_key_handle_is_reported_at_destroy(void **state) {
  (void)state;
  wmisim_t *sim;
  wmisim_options_t options;
  wmisim_options_init(&options);
  assert_int_equal(wmisim_create(&options, &sim), STATUS_SUCCESS);
  memset(&cm_record, 0, sizeof cm_record);
  wmisim_set_log(sim, cm_test_log, NULL);
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(sim, "leaky", leaky_entry, &driver), STATUS_SUCCESS);
  assert_false(cm_warned("was never closed"));
  wmisim_destroy(sim);
  assert_true(cm_warned("was never closed"));
}

/* The PnP manager creates a device's keys through handles of its own
 * simulator, also while another simulator is the thread's current one. */
static void device_keys_are_created_in_their_own_simulator(void **state) {
  (void)state;
  wmisim_options_t options;
  wmisim_options_init(&options);
  wmisim_t *first, *second;
  assert_int_equal(wmisim_create(&options, &first), STATUS_SUCCESS);
  assert_int_equal(wmisim_create(&options, &second), STATUS_SUCCESS);
  memset(&cm_record, 0, sizeof cm_record);
  wmisim_set_log(first, cm_test_log, NULL);
  wmisim_set_log(second, cm_test_log, NULL);
  add_test_device(first);
  wmisim_destroy(first);
  wmisim_destroy(second);
  assert_false(cm_warned("was never closed"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cm_test(driver_entry_reads_its_service_key_through_registry_path),
      cm_test(service_key_has_no_parameters_unless_created),
      cm_test(service_key_dumps_with_its_preset_parameters),
      cm_test(pool_from_a_direct_string_is_freed_by_the_driver),
      cm_test(add_device_reads_device_parameters_preset_by_the_test),
      cm_test(enum_key_holds_description_and_hardware_id),
      cmocka_unit_test(leaked_key_handle_is_reported_at_destroy),
      cmocka_unit_test(device_keys_are_created_in_their_own_simulator),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
