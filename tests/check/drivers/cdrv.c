/*
 * cdrv.c - the correct WMI driver of the checking-mode corpus (cdrv.h).
 *
 * Written the way the WDK pages and samples say: the remove lock around
 * every IRP, WmiSystemControl's dispositions handled, REGISTER at start,
 * DEREGISTER at surprise removal or removal, once, and every pool block
 * freed.
 */
#include <initguid.h>

#include "cdrv.h"

#include <string.h>

/* Per driver object: its hooks and the registry path WMI asks for. */
struct cdrv_driver {
  const struct cdrv_hooks *hooks;
  UNICODE_STRING registry_path;
  WCHAR buffer[256];
};

static const struct cdrv_hooks no_hooks;
static const struct cdrv_hooks filter_hooks = {.filter = true};
static const struct cdrv_hooks pending_hooks = {.pend_queries = true};

static struct cdrv_driver *driver_of(PDRIVER_OBJECT driver) {
  return IoGetDriverObjectExtension(driver, (PVOID)cdrv_entry);
}

NTSTATUS cdrv_complete(PIRP irp, NTSTATUS status, ULONG_PTR information) {
  irp->IoStatus.Status = status;
  irp->IoStatus.Information = information;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

/* ---- WMILIB callbacks ------------------------------------------------------------------------ */

static NTSTATUS NTAPI query_reginfo(PDEVICE_OBJECT device, PULONG flags, PUNICODE_STRING instance_name,
                                    PUNICODE_STRING *registry_path, PUNICODE_STRING mof_name, PDEVICE_OBJECT *pdo) {
  struct cdrv_extension *ext = device->DeviceExtension;
  (void)instance_name;
  *flags = WMIREG_FLAG_INSTANCE_PDO;
  *registry_path = &driver_of(device->DriverObject)->registry_path;
  RtlInitUnicodeString(mof_name, L"CheckCorpus");
  *pdo = ext->pdo;
  return STATUS_SUCCESS;
}

NTSTATUS cdrv_fill(struct cdrv_extension *ext, ULONG guid_index, ULONG instance, ULONG count, PULONG lengths,
                   ULONG avail, PUCHAR buffer, ULONG *used) {
  ULONG size = guid_index == CDRV_DATA_INDEX ? sizeof(struct cdrv_data) : sizeof(ULONG);
  ULONG stride = (size + 7) & ~7u;
  *used = stride * (count - 1) + size;
  if (lengths == NULL || avail < *used) return STATUS_BUFFER_TOO_SMALL;
  for (ULONG i = 0; i < count; i++) {
    const void *from = guid_index == CDRV_DATA_INDEX ? (const void *)&ext->data[instance + i]
                                                     : (const void *)&ext->expensive_count;
    memcpy(buffer + i * stride, from, size);
    lengths[i] = size;
  }
  return STATUS_SUCCESS;
}

struct pended_query {
  PDEVICE_OBJECT device;
  PIRP irp;
  ULONG guid_index, instance, count, avail;
  PULONG lengths;
  PUCHAR buffer;
};

static VOID NTAPI complete_query_later(PVOID context) {
  /* Freed before the completion: once the IRP is completed the device may
   * be removed and the driver unloaded at any moment. */
  struct pended_query q = *(struct pended_query *)context;
  ExFreePoolWithTag(context, CDRV_TAG);
  ULONG used;
  NTSTATUS status = cdrv_fill(q.device->DeviceExtension, q.guid_index, q.instance, q.count, q.lengths, q.avail,
                              q.buffer, &used);
  WmiCompleteRequest(q.device, q.irp, status, used, IO_NO_INCREMENT);
  PsTerminateSystemThread(STATUS_SUCCESS);
}

/* Pends the query (WMILIB marks the IRP pending) and completes it from a
 * system thread. */
static NTSTATUS pend_query(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance, ULONG count,
                           PULONG lengths, ULONG avail, PUCHAR buffer) {
  struct pended_query *q = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *q, CDRV_TAG);
  if (q == NULL) return WmiCompleteRequest(device, irp, STATUS_INSUFFICIENT_RESOURCES, 0, IO_NO_INCREMENT);
  *q = (struct pended_query){device, irp, guid_index, instance, count, avail, lengths, buffer};
  HANDLE thread;
  if (!NT_SUCCESS(PsCreateSystemThread(&thread, 0, NULL, NULL, NULL, complete_query_later, q))) {
    ExFreePoolWithTag(q, CDRV_TAG);
    return WmiCompleteRequest(device, irp, STATUS_INSUFFICIENT_RESOURCES, 0, IO_NO_INCREMENT);
  }
  ZwClose(thread);
  return STATUS_PENDING;
}

NTSTATUS NTAPI cdrv_query_data_block(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance, ULONG count,
                                     PULONG lengths, ULONG avail, PUCHAR buffer) {
  struct cdrv_extension *ext = device->DeviceExtension;
  if (ext->hooks->pend_queries) return pend_query(device, irp, guid_index, instance, count, lengths, avail, buffer);
  ULONG used;
  NTSTATUS status = cdrv_fill(ext, guid_index, instance, count, lengths, avail, buffer, &used);
  return WmiCompleteRequest(device, irp, status, used, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI set_data_item(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance, ULONG item,
                                    ULONG size, PUCHAR buffer) {
  struct cdrv_extension *ext = device->DeviceExtension;
  NTSTATUS status;
  if (guid_index != CDRV_DATA_INDEX || item != CDRV_ITEM_THRESHOLD) {
    status = guid_index == CDRV_DATA_INDEX ? STATUS_WMI_ITEMID_NOT_FOUND : STATUS_WMI_READ_ONLY;
  } else if (size != sizeof(ULONG)) {
    status = STATUS_WMI_SET_FAILURE;
  } else {
    memcpy(&ext->data[instance].Threshold, buffer, sizeof(ULONG));
    status = STATUS_SUCCESS;
  }
  return WmiCompleteRequest(device, irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI execute_method(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index, ULONG instance, ULONG method,
                                     ULONG in_size, ULONG out_size, PUCHAR buffer) {
  struct cdrv_extension *ext = device->DeviceExtension;
  NTSTATUS status = STATUS_SUCCESS;
  ULONG used = 0;
  if (guid_index != CDRV_DATA_INDEX || method != CDRV_METHOD_ADD) {
    status = STATUS_WMI_ITEMID_NOT_FOUND;
  } else if (in_size < sizeof(ULONG)) {
    status = STATUS_INVALID_PARAMETER;
  } else if (out_size < sizeof(ULONG)) {
    status = STATUS_BUFFER_TOO_SMALL;
    used = sizeof(ULONG);
  } else {
    ULONG add;
    memcpy(&add, buffer, sizeof add);
    ext->data[instance].Value += add;
    memcpy(buffer, &ext->data[instance].Value, sizeof(ULONG));
    used = sizeof(ULONG);
  }
  return WmiCompleteRequest(device, irp, status, used, IO_NO_INCREMENT);
}

NTSTATUS cdrv_fire_event(PDEVICE_OBJECT device, ULONG value) {
  PULONG data = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *data, CDRV_TAG);
  if (data == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  *data = value;
  return WmiFireEvent(device, &CDRV_EVENT_GUID, 0, sizeof *data, data);
}

/* Enabling the event fires it once with the current value, as a sensor
 * driver announces its state to a new listener. */
NTSTATUS NTAPI cdrv_function_control(PDEVICE_OBJECT device, PIRP irp, ULONG guid_index,
                                     WMIENABLEDISABLECONTROL function, BOOLEAN enable) {
  struct cdrv_extension *ext = device->DeviceExtension;
  NTSTATUS status = WmiCompleteRequest(device, irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
  if (function == WmiEventControl && guid_index == CDRV_EVENT_INDEX) {
    ext->events_enabled = enable != FALSE;
    if (enable) cdrv_fire_event(device, ext->data[0].Value);
  }
  return status;
}

/* ---- dispatch routines ---------------------------------------------------------------------- */

static NTSTATUS pass_down(struct cdrv_extension *ext, PIRP irp) {
  IoSkipCurrentIrpStackLocation(irp);
  NTSTATUS status = IoCallDriver(ext->lower, irp);
  IoReleaseRemoveLock(&ext->remove_lock, irp);
  return status;
}

NTSTATUS NTAPI cdrv_system_control(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->remove_lock, irp);
  if (!NT_SUCCESS(status)) return cdrv_complete(irp, status, 0);
  if (ext->hooks->filter) return pass_down(ext, irp);
  SYSCTL_IRP_DISPOSITION disposition;
  status = WmiSystemControl(&ext->wmilib, device, irp, &disposition);
  switch (disposition) {
  case IrpProcessed:
    break;
  case IrpNotCompleted:
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    break;
  default:
    return pass_down(ext, irp);
  }
  IoReleaseRemoveLock(&ext->remove_lock, irp);
  return status;
}

void cdrv_deregister(PDEVICE_OBJECT device) {
  struct cdrv_extension *ext = device->DeviceExtension;
  if (ext->registered) IoWMIRegistrationControl(device, WMIREG_ACTION_DEREGISTER);
  ext->registered = false;
}

static NTSTATUS start_device(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  IoForwardIrpSynchronously(ext->lower, irp);
  NTSTATUS status = irp->IoStatus.Status;
  if (NT_SUCCESS(status) && !ext->hooks->filter) {
    if (ext->hooks->start != NULL) {
      status = ext->hooks->start(device);
    } else {
      status = IoWMIRegistrationControl(device, WMIREG_ACTION_REGISTER);
      ext->registered = NT_SUCCESS(status);
    }
  }
  cdrv_complete(irp, status, irp->IoStatus.Information);
  IoReleaseRemoveLock(&ext->remove_lock, irp);
  return status;
}

static NTSTATUS remove_device(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  if (ext->hooks->removal != NULL)
    ext->hooks->removal(device);
  else
    cdrv_deregister(device);
  irp->IoStatus.Status = STATUS_SUCCESS;
  IoSkipCurrentIrpStackLocation(irp);
  NTSTATUS status = IoCallDriver(ext->lower, irp);
  IoReleaseRemoveLockAndWait(&ext->remove_lock, irp);
  IoDetachDevice(ext->lower);
  IoDeleteDevice(device);
  return status;
}

NTSTATUS NTAPI cdrv_pnp(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->remove_lock, irp);
  if (!NT_SUCCESS(status)) return cdrv_complete(irp, status, 0);
  switch (IoGetCurrentIrpStackLocation(irp)->MinorFunction) {
  case IRP_MN_START_DEVICE:
    return start_device(device, irp);
  case IRP_MN_REMOVE_DEVICE:
    return remove_device(device, irp);
  case IRP_MN_SURPRISE_REMOVAL:
    if (ext->hooks->surprise_removal != NULL)
      ext->hooks->surprise_removal(device);
    else
      cdrv_deregister(device);
    irp->IoStatus.Status = STATUS_SUCCESS;
    break;
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
  return pass_down(ext, irp);
}

NTSTATUS NTAPI cdrv_power(PDEVICE_OBJECT device, PIRP irp) {
  struct cdrv_extension *ext = device->DeviceExtension;
  PoStartNextPowerIrp(irp);
  IoSkipCurrentIrpStackLocation(irp);
  return PoCallDriver(ext->lower, irp);
}

/* ---- objects ------------------------------------------------------------------------------- */

static WMIGUIDREGINFO cdrv_guids[] = {
  {&CDRV_DATA_GUID, CDRV_INSTANCES, 0},
  {&CDRV_EVENT_GUID, 1, WMIREG_FLAG_EVENT_ONLY_GUID},
  {&CDRV_EXPENSIVE_GUID, 1, WMIREG_FLAG_EXPENSIVE},
};

static void setup_wmilib(struct cdrv_extension *ext) {
  const struct cdrv_hooks *h = ext->hooks;
  ext->wmilib.GuidCount = sizeof cdrv_guids / sizeof cdrv_guids[0];
  ext->wmilib.GuidList = cdrv_guids;
  ext->wmilib.QueryWmiRegInfo = query_reginfo;
  ext->wmilib.QueryWmiDataBlock = h->query_data_block != NULL ? h->query_data_block : cdrv_query_data_block;
  ext->wmilib.SetWmiDataBlock = NULL;
  ext->wmilib.SetWmiDataItem = h->set_data_item != NULL ? h->set_data_item : set_data_item;
  ext->wmilib.ExecuteWmiMethod = h->execute_method != NULL ? h->execute_method : execute_method;
  ext->wmilib.WmiFunctionControl = h->function_control != NULL ? h->function_control : cdrv_function_control;
  for (ULONG i = 0; i < CDRV_INSTANCES; i++) ext->data[i] = (struct cdrv_data){100 + i, 50};
}

static NTSTATUS NTAPI add_device(PDRIVER_OBJECT driver, PDEVICE_OBJECT pdo) {
  PDEVICE_OBJECT device;
  NTSTATUS status = IoCreateDevice(driver, sizeof(struct cdrv_extension), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
  if (!NT_SUCCESS(status)) return status;
  struct cdrv_extension *ext = device->DeviceExtension;
  ext->self = device;
  ext->pdo = pdo;
  ext->hooks = driver_of(driver)->hooks;
  KeInitializeSpinLock(&ext->lock);
  IoInitializeRemoveLock(&ext->remove_lock, CDRV_TAG, 0, 0);
  setup_wmilib(ext);
  ext->lower = IoAttachDeviceToDeviceStack(device, pdo);
  if (ext->lower == NULL) {
    IoDeleteDevice(device);
    return STATUS_NO_SUCH_DEVICE;
  }
  device->Flags |= DO_POWER_PAGABLE;
  if (ext->hooks->add_device != NULL && !NT_SUCCESS(status = ext->hooks->add_device(device))) {
    IoDetachDevice(ext->lower);
    IoDeleteDevice(device);
    return status;
  }
  device->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

NTSTATUS cdrv_entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path, const struct cdrv_hooks *hooks) {
  struct cdrv_driver *d;
  NTSTATUS status = IoAllocateDriverObjectExtension(driver, (PVOID)cdrv_entry, sizeof *d, (PVOID *)&d);
  if (!NT_SUCCESS(status)) return status;
  d->hooks = hooks;
  d->registry_path.Buffer = d->buffer;
  d->registry_path.MaximumLength = sizeof d->buffer;
  d->registry_path.Length = 0;
  if (registry_path != NULL && registry_path->Length <= sizeof d->buffer) {
    memcpy(d->buffer, registry_path->Buffer, registry_path->Length);
    d->registry_path.Length = registry_path->Length;
  }
  driver->DriverExtension->AddDevice = add_device;
  driver->MajorFunction[IRP_MJ_PNP] = hooks->pnp != NULL ? hooks->pnp : cdrv_pnp;
  driver->MajorFunction[IRP_MJ_POWER] = hooks->power != NULL ? hooks->power : cdrv_power;
  driver->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = hooks->system_control != NULL ? hooks->system_control
                                                                               : cdrv_system_control;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI cdrv_correct_entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &no_hooks);
}

NTSTATUS NTAPI cdrv_filter_entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &filter_hooks);
}

NTSTATUS NTAPI cdrv_pending_entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  return cdrv_entry(driver, registry_path, &pending_hooks);
}

PDEVICE_OBJECT cdrv_device_in_stack(PDEVICE_OBJECT pdo, PDRIVER_OBJECT driver) {
  for (PDEVICE_OBJECT d = pdo; d != NULL; d = d->AttachedDevice)
    if (d->DriverObject == driver) return d;
  return NULL;
}
