/*
 * wmitest_module.c - the WMILIB test driver (tests/support/wmi_test_driver)
 * built as a loadable module for the wmisim command's tests: DriverEntry,
 * and "hardware" functions a script calls with `hardware wmitest NAME N`
 * to fire events and switch the driver's behaviours.
 */
#include "wmi_test_driver.h"

static PDRIVER_OBJECT driver_object;

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  test_driver_reset();
  driver_object = DriverObject;
  return test_driver_entry(DriverObject, RegistryPath);
}

/* The hardware hooks: VOID Name(LONG). */
void WmiTestFireEvent(LONG value);
void WmiTestDeregisterTwice(LONG on);
void WmiTestInstances(LONG count);
void WmiTestBugCheck(LONG code);
void WmiTestFireEventReference(LONG instance);

/* Fires the event block from the driver's newest device. */
void WmiTestFireEvent(LONG value) {
  if (driver_object != NULL && driver_object->DeviceObject != NULL)
    test_driver_fire_event(driver_object->DeviceObject, (ULONG)value);
}

/* Makes the driver deregister at removal even after a surprise removal:
 * a bug the checking mode reports as WmiDoubleDeregister. */
void WmiTestDeregisterTwice(LONG on) {
  test_driver_config.deregister_twice = on != 0;
}

/* The instance count of the data block for devices added from now on. */
void WmiTestInstances(LONG count) {
  if (count >= 1 && count <= TEST_MAX_INSTANCES) test_driver_config.instances = (ULONG)count;
}

/* Crashes the machine as a driver bug would. */
void WmiTestBugCheck(LONG code) {
  KeBugCheckEx((ULONG)code, 1, 2, 3, 4);
}

/* Fires the event block as a reference to instance `instance` of the data
 * block: WMI queries the instance and delivers its data as the event. */
void WmiTestFireEventReference(LONG instance) {
  PDEVICE_OBJECT fdo = driver_object != NULL ? driver_object->DeviceObject : NULL;
  if (fdo == NULL) return;
  PWNODE_EVENT_REFERENCE reference = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *reference, 'fRtW');
  if (reference == NULL) return;
  RtlZeroMemory(reference, sizeof *reference);
  reference->WnodeHeader.BufferSize = sizeof *reference;
  reference->WnodeHeader.ProviderId = IoWMIDeviceObjectToProviderId(fdo);
  reference->WnodeHeader.Guid = TEST_EVENT_GUID;
  reference->WnodeHeader.Flags = WNODE_FLAG_EVENT_REFERENCE | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  reference->TargetGuid = TEST_DATA_GUID;
  reference->TargetDataBlockSize = sizeof(struct test_data);
  reference->TargetInstanceIndex = (ULONG)instance;
  if (!NT_SUCCESS(IoWMIWriteEvent(reference))) ExFreePoolWithTag(reference, 'fRtW');
}
