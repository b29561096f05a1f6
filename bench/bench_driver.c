/*
 * bench_driver.c - the benchmark's WMILIB driver: a plain WDM function
 * driver as a WMI provider is usually written (remove lock, WMILIB,
 * WmiCompleteRequest), so the benchmark measures what driver tests run.
 */
#include "bench_driver.h"

#include <string.h>

#define TAG 'hcnB'

struct bench_driver_config bench_driver_config;

/* {B3E1C5A0-51D7-4B6E-9C0D-7A11E0B3E7E5} */
const GUID bench_event_guid = {0xb3e1c5a0, 0x51d7, 0x4b6e, {0x9c, 0x0d, 0x7a, 0x11, 0xe0, 0xb3, 0xe7, 0xe5}};

static volatile LONG next_device_index;
static UNICODE_STRING registry_path_copy;
static WCHAR registry_path_buffer[256];

/* A query the device left pending, with what WMILIB gave its callback. */
struct pended_query {
  PIRP irp;
  ULONG guid_index;
  ULONG instance;
  ULONG count;
  PULONG lengths;
  ULONG avail;
  PUCHAR buffer;
};

struct extension {
  PDEVICE_OBJECT self;
  PDEVICE_OBJECT pdo;
  PDEVICE_OBJECT lower;
  ULONG index;
  ULONG guid_count;             /* data blocks; the event block follows them */
  ULONG instances;
  GUID *guids;                  /* guid_count + 1, from pool */
  WMIGUIDREGINFO *guid_list;    /* as many, from pool */
  WMILIB_CONTEXT wmilib;
  IO_REMOVE_LOCK remove_lock;
  bool registered;
  ULONGLONG value;              /* what CHANGE_SINGLE_ITEM and the method change */
  bool pend;
  PKEVENT pended_event;
  KSPIN_LOCK pended_lock;
  struct pended_query pended;   /* valid while pended.irp is not NULL */
};

void bench_driver_reset(void) {
  memset(&bench_driver_config, 0, sizeof bench_driver_config);
  bench_driver_config.guids = 1;
  bench_driver_config.instances = 1;
  InterlockedExchange(&next_device_index, 0);
}

/* splitmix64: every bit of the input reaches every bit of the output. */
static ULONGLONG mix(ULONGLONG x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

void bench_guid(ULONG device, ULONG index, GUID *guid) {
  ULONGLONG key = ((ULONGLONG)device << 32) | index;
  ULONGLONG high = mix(key), low = mix(key ^ 0x5bd1e9955bd1e995ull);
  guid->Data1 = (ULONG)(high >> 32);
  guid->Data2 = (USHORT)(high >> 16);
  guid->Data3 = (USHORT)high;
  for (int i = 0; i < 8; i++) guid->Data4[i] = (UCHAR)(low >> (8 * i));
}

/* ---- WMILIB callbacks -------------------------------------------------------------------- */

static NTSTATUS NTAPI query_reginfo(PDEVICE_OBJECT device, PULONG flags, PUNICODE_STRING instance_name,
                                    PUNICODE_STRING *registry_path, PUNICODE_STRING mof_name, PDEVICE_OBJECT *pdo) {
  struct extension *ext = device->DeviceExtension;
  (void)instance_name;
  (void)mof_name;
  *flags = WMIREG_FLAG_INSTANCE_PDO;
  *registry_path = &registry_path_copy;
  *pdo = ext->pdo;
  return STATUS_SUCCESS;
}

/* Writes `count` instances from `instance` on; the bytes they need in *used. */
static NTSTATUS fill(struct extension *ext, ULONG guid_index, ULONG instance, ULONG count, PULONG lengths, ULONG avail,
                     PUCHAR buffer, ULONG *used) {
  *used = count * BENCH_BLOCK_SIZE;
  if (guid_index >= ext->guid_count) return STATUS_WMI_GUID_NOT_FOUND;
  if (lengths == NULL || avail < *used) return STATUS_BUFFER_TOO_SMALL;
  struct bench_block block = {0, guid_index, ext->value};
  for (ULONG i = 0; i < count; i++) {
    block.instance = instance + i;
    memcpy(buffer + (size_t)i * BENCH_BLOCK_SIZE, &block, sizeof block);
    lengths[i] = BENCH_BLOCK_SIZE;
  }
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI query_data_block(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance, ULONG count,
                                       PULONG lengths, ULONG avail, PUCHAR buffer) {
  struct extension *ext = device->DeviceExtension;
  if (ext->pend) {
    KIRQL irql;
    KeAcquireSpinLock(&ext->pended_lock, &irql);
    ext->pended = (struct pended_query){irp, guid_index, instance, count, lengths, avail, buffer};
    KeReleaseSpinLock(&ext->pended_lock, irql);
    if (ext->pended_event != NULL) KeSetEvent(ext->pended_event, IO_NO_INCREMENT, FALSE);
    return STATUS_PENDING;
  }
  ULONG used;
  NTSTATUS status = fill(ext, guid_index, instance, count, lengths, avail, buffer, &used);
  return WmiCompleteRequest(device, irp, status, used, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI set_data_item(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance, ULONG item,
                                    ULONG size, PUCHAR buffer) {
  struct extension *ext = device->DeviceExtension;
  (void)instance;
  NTSTATUS status = STATUS_SUCCESS;
  if (guid_index >= ext->guid_count || item != BENCH_ITEM_VALUE)
    status = STATUS_WMI_ITEMID_NOT_FOUND;
  else if (size != sizeof(ULONGLONG))
    status = STATUS_WMI_SET_FAILURE;
  else
    memcpy(&ext->value, buffer, sizeof ext->value);
  return WmiCompleteRequest(device, irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI execute_method(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance, ULONG method,
                                     ULONG in_size, ULONG out_size, PUCHAR buffer) {
  struct extension *ext = device->DeviceExtension;
  (void)instance;
  NTSTATUS status = STATUS_SUCCESS;
  ULONG used = 0;
  if (guid_index >= ext->guid_count || method != BENCH_METHOD_ADD) {
    status = STATUS_WMI_ITEMID_NOT_FOUND;
  } else if (in_size < sizeof(ULONG)) {
    status = STATUS_INVALID_PARAMETER;
  } else if (out_size < sizeof(ULONGLONG)) {
    status = STATUS_BUFFER_TOO_SMALL;
    used = sizeof(ULONGLONG);
  } else {
    ULONG add;
    memcpy(&add, buffer, sizeof add);
    ext->value += add;
    memcpy(buffer, &ext->value, sizeof ext->value);
    used = sizeof(ULONGLONG);
  }
  return WmiCompleteRequest(device, irp, status, used, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI function_control(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index,
                                       WMIENABLEDISABLECONTROL function, BOOLEAN enable) {
  (void)guid_index;
  (void)function;
  (void)enable;
  return WmiCompleteRequest(device, irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
}

/* ---- the device ------------------------------------------------------------------------------- */

static NTSTATUS setup_wmilib(struct extension *ext) {
  ULONG count = ext->guid_count + (bench_driver_config.event_guid ? 1 : 0);
  ext->guids = ExAllocatePoolWithTag(NonPagedPoolNx, (count + 1) * sizeof(GUID), TAG);
  ext->guid_list = ExAllocatePoolWithTag(NonPagedPoolNx, (count + 1) * sizeof(WMIGUIDREGINFO), TAG);
  if (ext->guids == NULL || ext->guid_list == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  for (ULONG i = 0; i < ext->guid_count; i++) {
    bench_guid(ext->index, i, &ext->guids[i]);
    ext->guid_list[i] = (WMIGUIDREGINFO){&ext->guids[i], ext->instances, 0};
  }
  if (bench_driver_config.event_guid)
    ext->guid_list[ext->guid_count] = (WMIGUIDREGINFO){&bench_event_guid, 1, WMIREG_FLAG_EVENT_ONLY_GUID};
  memset(&ext->wmilib, 0, sizeof ext->wmilib);
  ext->wmilib.GuidCount = count;
  ext->wmilib.GuidList = ext->guid_list;
  ext->wmilib.QueryWmiRegInfo = query_reginfo;
  ext->wmilib.QueryWmiDataBlock = query_data_block;
  ext->wmilib.SetWmiDataItem = set_data_item;
  ext->wmilib.ExecuteWmiMethod = execute_method;
  ext->wmilib.WmiFunctionControl = function_control;
  return STATUS_SUCCESS;
}

static void free_wmilib(struct extension *ext) {
  if (ext->guids != NULL) ExFreePoolWithTag(ext->guids, TAG);
  if (ext->guid_list != NULL) ExFreePoolWithTag(ext->guid_list, TAG);
  ext->guids = NULL;
  ext->guid_list = NULL;
}

static NTSTATUS NTAPI dispatch_system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct extension *ext = device->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->remove_lock, irp);
  if (!NT_SUCCESS(status)) {
    irp->IoStatus.Status = status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
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
    status = IoCallDriver(ext->lower, irp);
    break;
  }
  IoReleaseRemoveLock(&ext->remove_lock, irp);
  return status;
}

NTSTATUS bench_driver_register(PDEVICE_OBJECT fdo, bool registered) {
  struct extension *ext = fdo->DeviceExtension;
  NTSTATUS status = IoWMIRegistrationControl(fdo, registered ? WMIREG_ACTION_REGISTER : WMIREG_ACTION_DEREGISTER);
  if (NT_SUCCESS(status)) ext->registered = registered;
  return status;
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
    IoForwardIrpSynchronously(ext->lower, irp);
    status = irp->IoStatus.Status;
    if (NT_SUCCESS(status)) status = bench_driver_register(device, true);
    irp->IoStatus.Status = status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    IoReleaseRemoveLock(&ext->remove_lock, irp);
    return status;
  case IRP_MN_SURPRISE_REMOVAL:
  case IRP_MN_REMOVE_DEVICE:
    if (ext->registered) bench_driver_register(device, false);
    irp->IoStatus.Status = STATUS_SUCCESS;
    if (stack->MinorFunction == IRP_MN_SURPRISE_REMOVAL) break;
    IoSkipCurrentIrpStackLocation(irp);
    status = IoCallDriver(ext->lower, irp);
    IoReleaseRemoveLockAndWait(&ext->remove_lock, irp);
    free_wmilib(ext);
    IoDetachDevice(ext->lower);
    IoDeleteDevice(device);
    return status;
  case IRP_MN_QUERY_REMOVE_DEVICE:
  case IRP_MN_CANCEL_REMOVE_DEVICE:
  case IRP_MN_QUERY_STOP_DEVICE:
  case IRP_MN_CANCEL_STOP_DEVICE:
  case IRP_MN_STOP_DEVICE:
    irp->IoStatus.Status = STATUS_SUCCESS;
    break;
  default:
    break;
  }
  IoSkipCurrentIrpStackLocation(irp);
  status = IoCallDriver(ext->lower, irp);
  IoReleaseRemoveLock(&ext->remove_lock, irp);
  return status;
}

static NTSTATUS NTAPI dispatch_power(PDEVICE_OBJECT device, PIRP irp) {
  struct extension *ext = device->DeviceExtension;
  PoStartNextPowerIrp(irp);
  IoSkipCurrentIrpStackLocation(irp);
  return PoCallDriver(ext->lower, irp);
}

static NTSTATUS NTAPI add_device(PDRIVER_OBJECT driver, PDEVICE_OBJECT pdo) {
  PDEVICE_OBJECT device;
  NTSTATUS status = IoCreateDevice(driver, sizeof(struct extension), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
  if (!NT_SUCCESS(status)) return status;
  struct extension *ext = device->DeviceExtension;
  memset(ext, 0, sizeof *ext);
  ext->self = device;
  ext->pdo = pdo;
  ext->index = (ULONG)InterlockedIncrement(&next_device_index) - 1;
  ext->guid_count = bench_driver_config.guids;
  ext->instances = bench_driver_config.instances;
  KeInitializeSpinLock(&ext->pended_lock);
  IoInitializeRemoveLock(&ext->remove_lock, TAG, 0, 0);
  status = setup_wmilib(ext);
  ext->lower = NT_SUCCESS(status) ? IoAttachDeviceToDeviceStack(device, pdo) : NULL;
  if (ext->lower == NULL) {
    free_wmilib(ext);
    IoDeleteDevice(device);
    return NT_SUCCESS(status) ? STATUS_NO_SUCH_DEVICE : status;
  }
  device->Flags |= DO_POWER_PAGABLE;
  device->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI bench_driver_entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
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

/* ---- what the benchmark asks of the driver ------------------------------------------------------ */

PDEVICE_OBJECT bench_driver_fdo(PDEVICE_OBJECT pdo) {
  return pdo != NULL ? pdo->AttachedDevice : NULL;
}

ULONG bench_driver_device_index(PDEVICE_OBJECT fdo) {
  return ((struct extension *)fdo->DeviceExtension)->index;
}

void bench_driver_pend_queries(PDEVICE_OBJECT fdo, bool pend, PKEVENT pended) {
  struct extension *ext = fdo->DeviceExtension;
  ext->pended_event = pended;
  ext->pend = pend;
}

bool bench_driver_complete_pended(PDEVICE_OBJECT fdo) {
  struct extension *ext = fdo->DeviceExtension;
  KIRQL irql;
  KeAcquireSpinLock(&ext->pended_lock, &irql);
  struct pended_query query = ext->pended;
  ext->pended.irp = NULL;
  KeReleaseSpinLock(&ext->pended_lock, irql);
  if (query.irp == NULL) return false;
  ULONG used;
  NTSTATUS status = fill(ext, query.guid_index, query.instance, query.count, query.lengths, query.avail, query.buffer,
                         &used);
  WmiCompleteRequest(fdo, query.irp, status, used, IO_NO_INCREMENT);
  return true;
}

NTSTATUS bench_driver_fire_event(PDEVICE_OBJECT fdo, ULONG value) {
  struct extension *ext = fdo->DeviceExtension;
  struct bench_block *data = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *data, TAG);
  if (data == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  *data = (struct bench_block){value, ext->guid_count, ext->value};
  /* WmiFireEvent owns the buffer from here, whatever it returns. */
  return WmiFireEvent(fdo, &bench_event_guid, 0, sizeof *data, data);
}
