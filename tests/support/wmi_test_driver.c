/*
 * wmi_test_driver.c - the configurable WMILIB test driver and the raw
 * driver whose system-control handling the test supplies.
 */
#include <initguid.h>

#include "wmi_test_driver.h"

#include <string.h>

#define TAG 'tsTW'

struct test_driver_config test_driver_config;
struct test_driver_counters test_driver_counters;

/* The first member of both drivers' device extensions. */
struct stack_links {
  PDEVICE_OBJECT self;
  PDEVICE_OBJECT pdo;
  PDEVICE_OBJECT lower;
};

struct extension {
  struct stack_links links;
  WMILIB_CONTEXT wmilib;
  WMIGUIDREGINFO guids[TEST_GUID_COUNT];
  struct test_data data[TEST_MAX_INSTANCES];
  ULONG expensive_value;
  ULONG extra_value;
  bool registered;
  bool deregistered_at_surprise;
  IO_REMOVE_LOCK remove_lock;
};

static UNICODE_STRING registry_path_copy;
static WCHAR registry_path_buffer[256];

void test_driver_reset(void) {
  memset(&test_driver_config, 0, sizeof test_driver_config);
  memset((void *)&test_driver_counters, 0, sizeof test_driver_counters);
  test_driver_config.instances = 2;
  test_driver_config.reg_flags = WMIREG_FLAG_INSTANCE_PDO;
  test_driver_config.register_at_start = true;
  test_driver_config.deregister_at_surprise = true;
  test_driver_config.deregister_at_remove = true;
}

static NTSTATUS NTAPI query_reginfo(PDEVICE_OBJECT device, PULONG flags, PUNICODE_STRING instance_name,
                                    PUNICODE_STRING *registry_path, PUNICODE_STRING mof_name, PDEVICE_OBJECT *pdo) {
  struct extension *ext = device->DeviceExtension;
  InterlockedIncrement(&test_driver_counters.reginfo_calls);
  *flags = test_driver_config.reg_flags;
  *registry_path = &registry_path_copy;
  RtlInitUnicodeString(mof_name, L"WmiTestMof");
  *pdo = ext->links.pdo;
  if (test_driver_config.reg_flags & WMIREG_FLAG_INSTANCE_BASENAME) {
    const WCHAR *base = test_driver_config.base_name != NULL ? test_driver_config.base_name : L"TestBase";
    size_t length = 0;
    while (base[length] != 0) length++;
    PWCHAR copy = ExAllocatePoolWithTag(PagedPool, (length + 1) * sizeof(WCHAR), TAG);
    if (copy == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(copy, base, (length + 1) * sizeof(WCHAR));
    instance_name->Buffer = copy;
    instance_name->Length = (USHORT)(length * sizeof(WCHAR));
    instance_name->MaximumLength = (USHORT)((length + 1) * sizeof(WCHAR));
  }
  return STATUS_SUCCESS;
}

struct pended {
  PDEVICE_OBJECT device;
  PIRP irp;
  ULONG guid_index;
  ULONG instance;
  ULONG count;
  PULONG lengths;
  ULONG avail;
  PUCHAR buffer;
};

static NTSTATUS fill(struct extension *ext, ULONG guid_index, ULONG instance, ULONG count, PULONG lengths,
                     ULONG avail, PUCHAR buffer, ULONG *used) {
  ULONG size = guid_index >= 2 ? sizeof(ULONG) : sizeof(struct test_data);
  ULONG stride = (size + 7) & ~7u;
  *used = stride * (count - 1) + size;
  if (lengths == NULL || avail < *used) return STATUS_BUFFER_TOO_SMALL;
  for (ULONG i = 0; i < count; i++) {
    if (guid_index == 2)
      memcpy(buffer + i * stride, &ext->expensive_value, size);
    else if (guid_index == 3)
      memcpy(buffer + i * stride, &ext->extra_value, size);
    else
      memcpy(buffer + i * stride, &ext->data[instance + i], size);
    lengths[i] = size;
  }
  return STATUS_SUCCESS;
}

static VOID NTAPI complete_later(PVOID context) {
  struct pended *p = context;
  if (test_driver_config.pend_gate != NULL)
    KeWaitForSingleObject(test_driver_config.pend_gate, Executive, KernelMode, FALSE, NULL);
  ULONG used;
  NTSTATUS status = fill(p->device->DeviceExtension, p->guid_index, p->instance, p->count, p->lengths, p->avail,
                         p->buffer, &used);
  /* Freed before completing: once the IRP completes, the device may be
   * removed and the driver unloaded, and the block would count as leaked. */
  struct pended copy = *p;
  ExFreePoolWithTag(p, TAG);
  WmiCompleteRequest(copy.device, copy.irp, status, used, IO_NO_INCREMENT);
  PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS NTAPI query_data_block(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance,
                                       ULONG count, PULONG lengths, ULONG avail, PUCHAR buffer) {
  struct extension *ext = device->DeviceExtension;
  InterlockedIncrement(&test_driver_counters.queries);
  if (test_driver_config.deregister_in_dispatch) IoWMIRegistrationControl(device, WMIREG_ACTION_DEREGISTER);
  if (test_driver_config.pend_queries) {
    struct pended *p = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *p, TAG);
    if (p == NULL) return WmiCompleteRequest(device, irp, STATUS_INSUFFICIENT_RESOURCES, 0, IO_NO_INCREMENT);
    *p = (struct pended){device, irp, guid_index, instance, count, lengths, avail, buffer};
    HANDLE thread;
    if (!NT_SUCCESS(PsCreateSystemThread(&thread, 0, NULL, NULL, NULL, complete_later, p))) {
      ExFreePoolWithTag(p, TAG);
      return WmiCompleteRequest(device, irp, STATUS_INSUFFICIENT_RESOURCES, 0, IO_NO_INCREMENT);
    }
    ZwClose(thread);
    if (test_driver_config.pend_started != NULL) KeSetEvent(test_driver_config.pend_started, IO_NO_INCREMENT, FALSE);
    return STATUS_PENDING;
  }
  if (test_driver_config.block_queries) {
    if (test_driver_config.pend_started != NULL) KeSetEvent(test_driver_config.pend_started, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(test_driver_config.pend_gate, Executive, KernelMode, FALSE, NULL);
  }
  ULONG used;
  NTSTATUS status = fill(ext, guid_index, instance, count, lengths, avail, buffer, &used);
  return WmiCompleteRequest(device, irp, status, used, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI set_data_block(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance,
                                     ULONG size, PUCHAR buffer) {
  struct extension *ext = device->DeviceExtension;
  InterlockedIncrement(&test_driver_counters.sets);
  NTSTATUS status = STATUS_WMI_READ_ONLY;
  if (guid_index == 0) {
    status = size == sizeof(struct test_data) ? STATUS_SUCCESS : STATUS_WMI_SET_FAILURE;
    if (NT_SUCCESS(status)) memcpy(&ext->data[instance], buffer, size);
  }
  return WmiCompleteRequest(device, irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI set_data_item(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance, ULONG item,
                                    ULONG size, PUCHAR buffer) {
  struct extension *ext = device->DeviceExtension;
  InterlockedIncrement(&test_driver_counters.sets);
  NTSTATUS status;
  if (guid_index != 0 || item != TEST_ITEM_THRESHOLD)
    status = STATUS_WMI_ITEMID_NOT_FOUND;
  else if (size != sizeof(ULONG))
    status = STATUS_WMI_SET_FAILURE;
  else {
    memcpy(&ext->data[instance].Threshold, buffer, sizeof(ULONG));
    status = STATUS_SUCCESS;
  }
  return WmiCompleteRequest(device, irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI execute_method(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance,
                                     ULONG method, ULONG in_size, ULONG out_size, PUCHAR buffer) {
  struct extension *ext = device->DeviceExtension;
  InterlockedIncrement(&test_driver_counters.methods);
  ULONG output = test_driver_config.method_output > sizeof(ULONG) ? test_driver_config.method_output : sizeof(ULONG);
  NTSTATUS status = STATUS_SUCCESS;
  ULONG used = 0;
  if (guid_index != 0 || method != TEST_METHOD_ADD) {
    status = STATUS_WMI_ITEMID_NOT_FOUND;
  } else if (in_size < sizeof(ULONG)) {
    status = STATUS_INVALID_PARAMETER;
  } else if (out_size < output) {
    status = STATUS_BUFFER_TOO_SMALL; /* checked before the method runs, as a method must */
    used = output;
  } else {
    ULONG add;
    memcpy(&add, buffer, sizeof add);
    ext->data[instance].Value += add;
    memset(buffer, 0, output);
    memcpy(buffer, &ext->data[instance].Value, sizeof(ULONG));
    used = output;
  }
  return WmiCompleteRequest(device, irp, status, used, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI function_control(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index,
                                       WMIENABLEDISABLECONTROL function, BOOLEAN enable) {
  InterlockedIncrement(&test_driver_counters.enable_calls);
  LONG delta = enable ? 1 : -1;
  if (function == WmiEventControl && guid_index == 1) InterlockedExchangeAdd(&test_driver_counters.events_enabled, delta);
  if (function == WmiDataBlockControl && guid_index == 2)
    InterlockedExchangeAdd(&test_driver_counters.collection_enabled, delta);
  return WmiCompleteRequest(device, irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
}

static void setup_wmilib(struct extension *ext) {
  ext->guids[0] = (WMIGUIDREGINFO){&TEST_DATA_GUID, test_driver_config.instances, 0};
  ext->guids[1] = (WMIGUIDREGINFO){&TEST_EVENT_GUID, 1, WMIREG_FLAG_EVENT_ONLY_GUID};
  ext->guids[2] = (WMIGUIDREGINFO){&TEST_EXPENSIVE_GUID, 1, WMIREG_FLAG_EXPENSIVE};
  ext->guids[3] = (WMIGUIDREGINFO){&TEST_EXTRA_GUID, 1, 0};
  ext->wmilib.GuidCount = 3;
  ext->wmilib.GuidList = ext->guids;
  ext->wmilib.QueryWmiRegInfo = query_reginfo;
  ext->wmilib.QueryWmiDataBlock = query_data_block;
  ext->wmilib.SetWmiDataBlock = test_driver_config.no_set_callbacks ? NULL : set_data_block;
  ext->wmilib.SetWmiDataItem = test_driver_config.no_set_callbacks ? NULL : set_data_item;
  ext->wmilib.ExecuteWmiMethod = test_driver_config.no_method_callback ? NULL : execute_method;
  ext->wmilib.WmiFunctionControl = function_control;
  for (ULONG i = 0; i < TEST_MAX_INSTANCES; i++) ext->data[i] = (struct test_data){100 + i, 50};
  ext->expensive_value = 7;
  ext->extra_value = 9;
}

/* What the WMI service asked for, counted before WMILIB answers. */
static bool count_request(PIRP irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  InterlockedIncrement(&test_driver_counters.system_control);
  if (stack->MinorFunction != IRP_MN_REGINFO && stack->MinorFunction != IRP_MN_REGINFO_EX) return true;
  LONG n = InterlockedIncrement(stack->MinorFunction == IRP_MN_REGINFO ? &test_driver_counters.reginfo_irps
                                                                       : &test_driver_counters.reginfo_ex_irps);
  LONG total = test_driver_counters.reginfo_irps + test_driver_counters.reginfo_ex_irps;
  (void)n;
  if (total >= 1 && total <= 8) test_driver_counters.reginfo_buffer_sizes[total - 1] = stack->Parameters.WMI.BufferSize;
  test_driver_counters.last_reginfo_data_path = (ULONG_PTR)stack->Parameters.WMI.DataPath;
  /* A driver written for Windows 2000 knows only IRP_MN_REGINFO. */
  return !(stack->MinorFunction == IRP_MN_REGINFO_EX && test_driver_config.no_reginfo_ex);
}

static NTSTATUS NTAPI dispatch_system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct extension *ext = device->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->remove_lock, irp);
  if (!NT_SUCCESS(status)) {
    irp->IoStatus.Status = status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
  }
  if (!count_request(irp)) {
    status = irp->IoStatus.Status; /* STATUS_NOT_SUPPORTED, as WMI preset it */
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    IoReleaseRemoveLock(&ext->remove_lock, irp);
    return status;
  }
  SYSCTL_IRP_DISPOSITION disposition;
  status = WmiSystemControl(&ext->wmilib, device, irp, &disposition);
  switch (disposition) {
  case IrpProcessed:
    break;
  case IrpNotCompleted:
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    break;
  default:
    IoSkipCurrentIrpStackLocation(irp);
    status = IoCallDriver(ext->links.lower, irp);
    break;
  }
  IoReleaseRemoveLock(&ext->remove_lock, irp);
  return status;
}

/* PnP requests both drivers succeed without doing anything. */
static bool succeeds_as_is(UCHAR minor) {
  return minor == IRP_MN_QUERY_REMOVE_DEVICE || minor == IRP_MN_CANCEL_REMOVE_DEVICE ||
         minor == IRP_MN_QUERY_STOP_DEVICE || minor == IRP_MN_CANCEL_STOP_DEVICE || minor == IRP_MN_STOP_DEVICE;
}

static void deregister(struct extension *ext) {
  if (ext->registered || test_driver_config.deregister_twice) IoWMIRegistrationControl(ext->links.self, WMIREG_ACTION_DEREGISTER);
  ext->registered = false;
}

static NTSTATUS NTAPI dispatch_pnp(PDEVICE_OBJECT device, PIRP irp) {
  struct extension *ext = device->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  NTSTATUS status = IoAcquireRemoveLock(&ext->remove_lock, irp);
  if (!NT_SUCCESS(status)) {
    irp->IoStatus.Status = status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
  }
  switch (stack->MinorFunction) {
  case IRP_MN_START_DEVICE:
    IoForwardIrpSynchronously(ext->links.lower, irp);
    status = irp->IoStatus.Status;
    if (NT_SUCCESS(status) && test_driver_config.register_at_start) {
      status = IoWMIRegistrationControl(device, WMIREG_ACTION_REGISTER);
      ext->registered = NT_SUCCESS(status);
    }
    irp->IoStatus.Status = status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    IoReleaseRemoveLock(&ext->remove_lock, irp);
    return status;
  case IRP_MN_SURPRISE_REMOVAL:
    if (test_driver_config.deregister_at_surprise) {
      deregister(ext);
      ext->deregistered_at_surprise = true;
    }
    irp->IoStatus.Status = STATUS_SUCCESS;
    break;
  case IRP_MN_REMOVE_DEVICE:
    if (test_driver_config.deregister_at_remove &&
        (!ext->deregistered_at_surprise || test_driver_config.deregister_twice))
      deregister(ext);
    irp->IoStatus.Status = STATUS_SUCCESS;
    IoSkipCurrentIrpStackLocation(irp);
    status = IoCallDriver(ext->links.lower, irp);
    IoReleaseRemoveLockAndWait(&ext->remove_lock, irp);
    IoDetachDevice(ext->links.lower);
    IoDeleteDevice(device);
    return status;
  default:
    if (succeeds_as_is(stack->MinorFunction)) irp->IoStatus.Status = STATUS_SUCCESS;
    break;
  }
  IoSkipCurrentIrpStackLocation(irp);
  status = IoCallDriver(ext->links.lower, irp);
  IoReleaseRemoveLock(&ext->remove_lock, irp);
  return status;
}

/* Both drivers pass power IRPs down untouched. */
static NTSTATUS NTAPI dispatch_power(PDEVICE_OBJECT device, PIRP irp) {
  struct stack_links *links = device->DeviceExtension;
  PoStartNextPowerIrp(irp);
  IoSkipCurrentIrpStackLocation(irp);
  return PoCallDriver(links->lower, irp);
}

/* Creates a function device object with an extension of `size` bytes
 * (starting with struct stack_links) and attaches it above `pdo`. */
static NTSTATUS create_fdo(PDRIVER_OBJECT driver, PDEVICE_OBJECT pdo, ULONG size, PDEVICE_OBJECT *out) {
  PDEVICE_OBJECT device;
  NTSTATUS status = IoCreateDevice(driver, size, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
  if (!NT_SUCCESS(status)) return status;
  struct stack_links *links = device->DeviceExtension;
  links->self = device;
  links->pdo = pdo;
  links->lower = IoAttachDeviceToDeviceStack(device, pdo);
  if (links->lower == NULL) {
    IoDeleteDevice(device);
    return STATUS_NO_SUCH_DEVICE;
  }
  device->Flags |= DO_POWER_PAGABLE;
  *out = device;
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI add_device(PDRIVER_OBJECT driver, PDEVICE_OBJECT pdo) {
  if (test_driver_config.instances > TEST_MAX_INSTANCES) return STATUS_INVALID_PARAMETER; /* a test's mistake */
  PDEVICE_OBJECT device;
  NTSTATUS status = create_fdo(driver, pdo, sizeof(struct extension), &device);
  if (!NT_SUCCESS(status)) return status;
  struct extension *ext = device->DeviceExtension;
  IoInitializeRemoveLock(&ext->remove_lock, TAG, 0, 0);
  setup_wmilib(ext);
  device->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI test_driver_entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  registry_path_copy.Buffer = registry_path_buffer;
  registry_path_copy.MaximumLength = sizeof registry_path_buffer;
  registry_path_copy.Length = registry_path->Length < sizeof registry_path_buffer ? registry_path->Length : 0;
  memcpy(registry_path_buffer, registry_path->Buffer, registry_path_copy.Length);
  driver->DriverExtension->AddDevice = add_device;
  driver->MajorFunction[IRP_MJ_PNP] = dispatch_pnp;
  driver->MajorFunction[IRP_MJ_POWER] = dispatch_power;
  driver->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = dispatch_system_control;
  return STATUS_SUCCESS;
}

NTSTATUS test_driver_fire_event(PDEVICE_OBJECT fdo, ULONG value) {
  PULONG data = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *data, TAG);
  if (data == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  *data = value;
  return WmiFireEvent(fdo, &TEST_EVENT_GUID, 0, sizeof *data, data);
}

PDEVICE_OBJECT test_driver_fdo(PDEVICE_OBJECT pdo) {
  return pdo != NULL ? pdo->AttachedDevice : NULL;
}

struct test_data test_driver_data(PDEVICE_OBJECT fdo, ULONG index) {
  return ((struct extension *)fdo->DeviceExtension)->data[index];
}

void test_driver_set_instances(PDEVICE_OBJECT fdo, ULONG count) {
  ((struct extension *)fdo->DeviceExtension)->guids[0].InstanceCount = count;
}

void test_driver_set_guid_flags(PDEVICE_OBJECT fdo, ULONG index, ULONG flags) {
  ((struct extension *)fdo->DeviceExtension)->guids[index].Flags = flags;
}

void test_driver_set_guid_count(PDEVICE_OBJECT fdo, ULONG count) {
  ((struct extension *)fdo->DeviceExtension)->wmilib.GuidCount = count;
}

/* ---- the raw driver ------------------------------------------------------------------------- */

struct raw_driver_config raw_driver_config;

struct raw_extension {
  struct stack_links links;
  bool registered;
};

void raw_driver_reset(void) {
  memset(&raw_driver_config, 0, sizeof raw_driver_config);
  raw_driver_config.register_at_start = true;
}

NTSTATUS raw_complete(PIRP irp, NTSTATUS status, ULONG_PTR information) {
  irp->IoStatus.Status = status;
  irp->IoStatus.Information = information;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

NTSTATUS raw_answer_reginfo(PIRP irp, const void *reginfo, ULONG size) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  if (stack->Parameters.WMI.BufferSize < size) {
    *(PULONG)stack->Parameters.WMI.Buffer = size;
    return raw_complete(irp, STATUS_SUCCESS, sizeof(ULONG));
  }
  memcpy(stack->Parameters.WMI.Buffer, reginfo, size);
  return raw_complete(irp, STATUS_SUCCESS, size);
}

static NTSTATUS NTAPI raw_system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct raw_extension *ext = device->DeviceExtension;
  if (raw_driver_config.system_control != NULL) return raw_driver_config.system_control(device, irp, raw_driver_config.context);
  IoSkipCurrentIrpStackLocation(irp);
  return IoCallDriver(ext->links.lower, irp);
}

static void raw_deregister(struct raw_extension *ext) {
  if (ext->registered) IoWMIRegistrationControl(ext->links.self, WMIREG_ACTION_DEREGISTER);
  ext->registered = false;
}

static NTSTATUS NTAPI raw_pnp(PDEVICE_OBJECT device, PIRP irp) {
  struct raw_extension *ext = device->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  NTSTATUS status;
  switch (stack->MinorFunction) {
  case IRP_MN_START_DEVICE:
    IoForwardIrpSynchronously(ext->links.lower, irp);
    status = irp->IoStatus.Status;
    if (NT_SUCCESS(status) && raw_driver_config.register_at_start) {
      raw_driver_config.register_status = IoWMIRegistrationControl(device, WMIREG_ACTION_REGISTER);
      ext->registered = NT_SUCCESS(raw_driver_config.register_status);
    }
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
  case IRP_MN_SURPRISE_REMOVAL:
    raw_deregister(ext);
    irp->IoStatus.Status = STATUS_SUCCESS;
    break;
  case IRP_MN_REMOVE_DEVICE:
    raw_deregister(ext);
    irp->IoStatus.Status = STATUS_SUCCESS;
    IoSkipCurrentIrpStackLocation(irp);
    status = IoCallDriver(ext->links.lower, irp);
    IoDetachDevice(ext->links.lower);
    IoDeleteDevice(device);
    return status;
  default:
    if (succeeds_as_is(stack->MinorFunction)) irp->IoStatus.Status = STATUS_SUCCESS;
    break;
  }
  IoSkipCurrentIrpStackLocation(irp);
  return IoCallDriver(ext->links.lower, irp);
}

static NTSTATUS NTAPI raw_add_device(PDRIVER_OBJECT driver, PDEVICE_OBJECT pdo) {
  PDEVICE_OBJECT device;
  NTSTATUS status = create_fdo(driver, pdo, sizeof(struct raw_extension), &device);
  if (NT_SUCCESS(status)) device->Flags &= ~DO_DEVICE_INITIALIZING;
  return status;
}

NTSTATUS NTAPI raw_driver_entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  (void)registry_path;
  driver->DriverExtension->AddDevice = raw_add_device;
  driver->MajorFunction[IRP_MJ_PNP] = raw_pnp;
  driver->MajorFunction[IRP_MJ_POWER] = dispatch_power;
  driver->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = raw_system_control;
  return STATUS_SUCCESS;
}

PDEVICE_OBJECT raw_driver_device(PDEVICE_OBJECT pdo) {
  return pdo != NULL ? pdo->AttachedDevice : NULL;
}
