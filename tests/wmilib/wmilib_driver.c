/*
 * wmilib_driver.c - the WMILIB tests' driver (see wmilib_driver.h).
 */
#include <initguid.h>

#include "wmilib_driver.h"

#include <string.h>

struct wl_config wl_config;
struct wl_record wl_record;

struct extension {
  PDEVICE_OBJECT pdo;
  PDEVICE_OBJECT lower;
  WMILIB_CONTEXT wmilib;
  WMIGUIDREGINFO guids[WL_MAX_GUIDS];
  bool registered;
};

static UNICODE_STRING registry_path;
static WCHAR registry_path_buffer[200];

void wl_reset(void) {
  memset(&wl_config, 0, sizeof wl_config);
  memset(&wl_record, 0, sizeof wl_record);
  wl_config.guids[0] = (WMIGUIDREGINFO){&WL_DATA_GUID, WL_DATA_INSTANCES, 0};
  wl_config.guids[1] = (WMIGUIDREGINFO){&WL_EVENT_GUID, 1, WMIREG_FLAG_EVENT_ONLY_GUID};
  wl_config.guids[2] = (WMIGUIDREGINFO){&WL_OTHER_GUID, 1, 0};
  wl_config.guid_count = 3;
  wl_config.reg_flags = WMIREG_FLAG_INSTANCE_PDO;
  for (ULONG i = 0; i < WL_MAX_INSTANCES; i++) wl_config.instance_size[i] = 8;
  wl_config.method_output = 4;
}

UCHAR wl_pattern(ULONG guid_index, ULONG instance, ULONG offset) {
  return (UCHAR)(0x40 + guid_index * 0x20 + instance * 0x08 + offset);
}

ULONG wl_query_size(ULONG first, ULONG count) {
  ULONG at = 0;
  for (ULONG i = 0; i < count; i++) at = ((at + 7u) & ~7u) + wl_config.instance_size[first + i];
  return at;
}

static void record(struct wl_call *call, PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG size,
                   PUCHAR buffer) {
  call->count++;
  call->device = device;
  call->irp = irp;
  call->guid_index = guid_index;
  call->size = size;
  call->buffer = buffer;
  memset(call->data, 0, sizeof call->data);
  if (buffer != NULL) memcpy(call->data, buffer, size < sizeof call->data ? size : sizeof call->data);
}

/* ---- finishing a request, now or from a system thread ------------------------------------ */

struct job {
  PDEVICE_OBJECT device;
  PIRP irp;
  NTSTATUS status;
  ULONG used;
  KEVENT done;
  bool waited_for;
};

static VOID NTAPI complete_job(PVOID context) {
  struct job *job = context;
  if (!job->waited_for && wl_config.pend_gate != NULL)
    KeWaitForSingleObject(wl_config.pend_gate, Executive, KernelMode, FALSE, NULL);
  if (job->waited_for) {
    WmiCompleteRequest(job->device, job->irp, job->status, job->used, IO_NO_INCREMENT);
    KeSetEvent(&job->done, IO_NO_INCREMENT, FALSE);
  } else {
    /* freed first: once the IRP completes, the test may end the simulator */
    PDEVICE_OBJECT device = job->device;
    PIRP irp = job->irp;
    NTSTATUS status = job->status;
    ULONG used = job->used;
    ExFreePoolWithTag(job, WL_TAG);
    WmiCompleteRequest(device, irp, status, used, IO_NO_INCREMENT);
  }
  PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS finish(PDEVICE_OBJECT device, PIRP irp, NTSTATUS status, ULONG used) {
  if (wl_config.force) {
    status = wl_config.status;
    used = wl_config.used;
  }
  if (wl_config.pend == WL_COMPLETE_IN_CALLBACK) return WmiCompleteRequest(device, irp, status, used, IO_NO_INCREMENT);
  struct job *job = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *job, WL_TAG);
  if (job == NULL) return WmiCompleteRequest(device, irp, STATUS_INSUFFICIENT_RESOURCES, 0, IO_NO_INCREMENT);
  memset(job, 0, sizeof *job);
  job->device = device;
  job->irp = irp;
  job->status = status;
  job->used = used;
  bool waited_for = wl_config.pend == WL_PEND_COMPLETE_BEFORE_RETURN;
  job->waited_for = waited_for;
  KeInitializeEvent(&job->done, NotificationEvent, FALSE);
  if (wl_config.mark_pending) IoMarkIrpPending(irp);
  HANDLE thread;
  if (!NT_SUCCESS(PsCreateSystemThread(&thread, 0, NULL, NULL, NULL, complete_job, job))) {
    ExFreePoolWithTag(job, WL_TAG);
    return WmiCompleteRequest(device, irp, STATUS_INSUFFICIENT_RESOURCES, 0, IO_NO_INCREMENT);
  }
  ZwClose(thread);
  if (waited_for) { /* otherwise the job is the thread's, maybe freed already */
    KeWaitForSingleObject(&job->done, Executive, KernelMode, FALSE, NULL);
    ExFreePoolWithTag(job, WL_TAG);
  }
  return STATUS_PENDING;
}

/* ---- the callbacks --------------------------------------------------------------------------- */

static UNICODE_STRING counted(const WCHAR *text) {
  USHORT length = 0;
  while (text[length] != 0) length++;
  UNICODE_STRING s = {(USHORT)(length * sizeof(WCHAR)), (USHORT)((length + 1u) * sizeof(WCHAR)), (PWSTR)text};
  return s;
}

static NTSTATUS NTAPI query_reginfo(PDEVICE_OBJECT device, PULONG reg_flags, PUNICODE_STRING instance_name,
                                    PUNICODE_STRING *registry_path_out, PUNICODE_STRING mof_name, PDEVICE_OBJECT *pdo) {
  struct extension *ext = device->DeviceExtension;
  record(&wl_record.reginfo, device, NULL, 0, 0, NULL);
  *reg_flags = wl_config.reg_flags;
  if (!wl_config.no_registry_path) *registry_path_out = &registry_path;
  if (wl_config.mof_name != NULL) *mof_name = counted(wl_config.mof_name);
  if (!wl_config.no_pdo) *pdo = ext->pdo;
  if (wl_config.base_name != NULL) {
    UNICODE_STRING base = counted(wl_config.base_name);
    PWCHAR copy = ExAllocatePoolWithTag(PagedPool, base.MaximumLength, WL_TAG);
    if (copy == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(copy, base.Buffer, base.MaximumLength);
    base.Buffer = copy;
    *instance_name = base;
  }
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI query_data_block(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance,
                                       ULONG count, PULONG lengths, ULONG avail, PUCHAR buffer) {
  struct wl_call *call = &wl_record.query;
  record(call, device, irp, guid_index, avail, NULL);
  call->instance_index = instance;
  call->instance_count = count;
  call->lengths = lengths;
  call->buffer = buffer;
  if (wl_config.scribble_instance_count)
    ((PWNODE_ALL_DATA)IoGetCurrentIrpStackLocation(irp)->Parameters.WMI.Buffer)->InstanceCount = 1000;
  ULONG used = wl_query_size(instance, count);
  if (lengths == NULL || buffer == NULL || avail < used) return finish(device, irp, STATUS_BUFFER_TOO_SMALL, used);
  ULONG at = 0;
  for (ULONG i = 0; i < count; i++) {
    at = (at + 7u) & ~7u;
    for (ULONG k = 0; k < wl_config.instance_size[instance + i]; k++)
      buffer[at + k] = wl_pattern(guid_index, instance + i, k);
    lengths[i] = wl_config.instance_size[instance + i];
    at += lengths[i];
  }
  return finish(device, irp, STATUS_SUCCESS, used);
}

static NTSTATUS NTAPI set_data_block(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance, ULONG size,
                                     PUCHAR buffer) {
  record(&wl_record.set_block, device, irp, guid_index, size, buffer);
  wl_record.set_block.instance_index = instance;
  return finish(device, irp, STATUS_SUCCESS, 0);
}

static NTSTATUS NTAPI set_data_item(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance, ULONG item,
                                    ULONG size, PUCHAR buffer) {
  record(&wl_record.set_item, device, irp, guid_index, size, buffer);
  wl_record.set_item.instance_index = instance;
  wl_record.set_item.id = item;
  return finish(device, irp, STATUS_SUCCESS, 0);
}

static NTSTATUS NTAPI execute_method(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance, ULONG method,
                                     ULONG in_size, ULONG out_size, PUCHAR buffer) {
  struct wl_call *call = &wl_record.method;
  record(call, device, irp, guid_index, in_size, buffer);
  call->instance_index = instance;
  call->id = method;
  call->out_size = out_size;
  ULONG used = wl_config.method_output;
  if (out_size < used) return finish(device, irp, STATUS_BUFFER_TOO_SMALL, used);
  for (ULONG k = 0; k < used; k++) buffer[k] = wl_pattern(guid_index, instance, k);
  return finish(device, irp, STATUS_SUCCESS, used);
}

static NTSTATUS NTAPI function_control(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index,
                                       WMIENABLEDISABLECONTROL function, BOOLEAN enable) {
  record(&wl_record.function_control, device, irp, guid_index, 0, NULL);
  wl_record.function_control.function = function;
  wl_record.function_control.enable = enable;
  return finish(device, irp, STATUS_SUCCESS, 0);
}

/* ---- dispatch ------------------------------------------------------------------------------ */

static NTSTATUS NTAPI dispatch_system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct extension *ext = device->DeviceExtension;
  SYSCTL_IRP_DISPOSITION disposition = (SYSCTL_IRP_DISPOSITION)-1;
  NTSTATUS status = WmiSystemControl(&ext->wmilib, device, irp, &disposition);
  InterlockedIncrement(&wl_record.dispatches);
  wl_record.disposition = disposition;
  wl_record.returned = status;
  switch (disposition) {
  case IrpProcessed:
    return status;
  case IrpNotCompleted:
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
  default:
    if (wl_config.complete_forwarded) {
      status = irp->IoStatus.Status;
      IoCompleteRequest(irp, IO_NO_INCREMENT);
      return status;
    }
    IoSkipCurrentIrpStackLocation(irp);
    return IoCallDriver(ext->lower, irp);
  }
}

static NTSTATUS NTAPI dispatch_pnp(PDEVICE_OBJECT device, PIRP irp) {
  struct extension *ext = device->DeviceExtension;
  NTSTATUS status;
  switch (IoGetCurrentIrpStackLocation(irp)->MinorFunction) {
  case IRP_MN_START_DEVICE:
    IoForwardIrpSynchronously(ext->lower, irp);
    status = irp->IoStatus.Status;
    if (NT_SUCCESS(status) && wl_config.register_at_start) {
      status = IoWMIRegistrationControl(device, WMIREG_ACTION_REGISTER);
      ext->registered = NT_SUCCESS(status);
    }
    irp->IoStatus.Status = status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
  case IRP_MN_REMOVE_DEVICE:
    if (ext->registered) IoWMIRegistrationControl(device, WMIREG_ACTION_DEREGISTER);
    ext->registered = false;
    irp->IoStatus.Status = STATUS_SUCCESS;
    IoSkipCurrentIrpStackLocation(irp);
    status = IoCallDriver(ext->lower, irp);
    IoDetachDevice(ext->lower);
    IoDeleteDevice(device);
    return status;
  case IRP_MN_SURPRISE_REMOVAL:
  case IRP_MN_QUERY_REMOVE_DEVICE:
  case IRP_MN_CANCEL_REMOVE_DEVICE:
    irp->IoStatus.Status = STATUS_SUCCESS;
    break;
  default:
    break;
  }
  IoSkipCurrentIrpStackLocation(irp);
  return IoCallDriver(ext->lower, irp);
}

static NTSTATUS NTAPI dispatch_power(PDEVICE_OBJECT device, PIRP irp) {
  struct extension *ext = device->DeviceExtension;
  PoStartNextPowerIrp(irp);
  IoSkipCurrentIrpStackLocation(irp);
  return PoCallDriver(ext->lower, irp);
}

static void setup_wmilib(struct extension *ext) {
  memcpy(ext->guids, wl_config.guids, sizeof ext->guids);
  WMILIB_CONTEXT *w = &ext->wmilib;
  w->GuidCount = wl_config.guid_count;
  w->GuidList = ext->guids;
  w->QueryWmiRegInfo = wl_config.null_reginfo ? NULL : query_reginfo;
  w->QueryWmiDataBlock = wl_config.null_query ? NULL : query_data_block;
  w->SetWmiDataBlock = wl_config.null_set_block ? NULL : set_data_block;
  w->SetWmiDataItem = wl_config.null_set_item ? NULL : set_data_item;
  w->ExecuteWmiMethod = wl_config.null_method ? NULL : execute_method;
  w->WmiFunctionControl = wl_config.null_function_control ? NULL : function_control;
}

static NTSTATUS NTAPI add_device(PDRIVER_OBJECT driver, PDEVICE_OBJECT pdo) {
  PDEVICE_OBJECT device;
  NTSTATUS status = IoCreateDevice(driver, sizeof(struct extension), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
  if (!NT_SUCCESS(status)) return status;
  struct extension *ext = device->DeviceExtension;
  ext->pdo = pdo;
  setup_wmilib(ext);
  ext->lower = IoAttachDeviceToDeviceStack(device, pdo);
  if (ext->lower == NULL) {
    IoDeleteDevice(device);
    return STATUS_NO_SUCH_DEVICE;
  }
  device->Flags |= DO_POWER_PAGABLE;
  device->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI wl_driver_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path) {
  registry_path.Buffer = registry_path_buffer;
  registry_path.MaximumLength = sizeof registry_path_buffer;
  registry_path.Length = path->Length < sizeof registry_path_buffer ? path->Length : 0;
  memcpy(registry_path_buffer, path->Buffer, registry_path.Length);
  driver->DriverExtension->AddDevice = add_device;
  driver->MajorFunction[IRP_MJ_PNP] = dispatch_pnp;
  driver->MajorFunction[IRP_MJ_POWER] = dispatch_power;
  driver->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = dispatch_system_control;
  return STATUS_SUCCESS;
}

PDEVICE_OBJECT wl_fdo(PDEVICE_OBJECT pdo) {
  return pdo != NULL ? pdo->AttachedDevice : NULL;
}
