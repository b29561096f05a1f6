/*
 * iowmi.c - the kernel-mode consumer routines: data block objects opened
 * with IoWMIOpenBlock (closed with ObDereferenceObject) and the IoWMI*
 * routines that query, set, run methods and receive events through them.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "ke/thread.h"
#include "ob/object.h"
#include "wmi/events.h"
#include "wmi/wmi_internal.h"

#define BLOCK_OBJECT_MAGIC 0x424c4b4fu /* "BLKO" */
#define DATA_ACCESS (WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE)

struct block_object {
  uint32_t magic;
  struct wmi_service *service;
  GUID guid;
  struct wmi_guid *entry;      /* opened for data: the GUID's entry, which requests go to */
  ULONG access;
  bool counted_open;
  struct wmi_subscriber *subscriber;
  WMI_NOTIFICATION_CALLBACK callback;
  PVOID callback_context;
  struct ob_header header;     /* immediately before the object */
  ULONG_PTR object;            /* what the caller holds */
};

static void destroy_block_object(struct ob_header *header) {
  struct block_object *b = CONTAINING_RECORD(header, struct block_object, header);
  wmi_unsubscribe(b->subscriber);
  if (b->counted_open) wmi_add_data_open(b->service, &b->guid, -1);
  b->magic = 0;
  free(b);
}

static struct block_object *block_of(PVOID object, ULONG access, NTSTATUS *status) {
  struct ob_header *header = ob_header_of(object);
  struct block_object *b = header != NULL ? CONTAINING_RECORD(header, struct block_object, header) : NULL;
  if (b == NULL || header->type != OB_TYPE_OTHER || b->magic != BLOCK_OBJECT_MAGIC) {
    check_report(sim_current(), CHECK_BAD_PARAMETER, NULL, "%p is not a WMI data block object", object);
    *status = STATUS_INVALID_PARAMETER;
    return NULL;
  }
  if ((b->access & access) != access) {
    *status = STATUS_ACCESS_DENIED;
    return NULL;
  }
  struct kthread *thread = ke_thread();
  if (thread->irql > APC_LEVEL) check_irql_violation(b->service->sim, "IoWMI* consumer routine", thread->irql, APC_LEVEL);
  *status = STATUS_SUCCESS;
  return b;
}

NTSTATUS NTAPI IoWMIOpenBlock(GUID *DataBlockGuid, ULONG DesiredAccess, PVOID *DataBlockObject) {
  struct wmisim *sim = sim_current();
  struct wmi_service *service = wmi_of(sim);
  if (service == NULL || DataBlockGuid == NULL || DataBlockObject == NULL) return STATUS_INVALID_PARAMETER;
  *DataBlockObject = NULL;
  struct kthread *thread = ke_thread();
  if (thread->irql > APC_LEVEL) check_irql_violation(sim, "IoWMIOpenBlock", thread->irql, APC_LEVEL);
  if ((DesiredAccess & WMIGUID_NOTIFICATION) && !(DesiredAccess & SYNCHRONIZE))
    check_report(sim, CHECK_BAD_PARAMETER, NULL, "IoWMIOpenBlock with WMIGUID_NOTIFICATION also needs SYNCHRONIZE");
  struct wmi_guid *entry = NULL;
  if ((DesiredAccess & DATA_ACCESS) && (entry = wmi_guid_registered(service, DataBlockGuid)) == NULL)
    return STATUS_WMI_GUID_NOT_FOUND;
  struct block_object *b = calloc(1, sizeof *b);
  if (b == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  b->magic = BLOCK_OBJECT_MAGIC;
  b->service = service;
  b->guid = *DataBlockGuid;
  b->entry = entry;
  b->access = DesiredAccess;
  ob_header_init(&b->header, sim, OB_TYPE_OTHER, destroy_block_object);
  if (DesiredAccess & DATA_ACCESS) {
    b->counted_open = true;
    wmi_add_data_open(service, DataBlockGuid, 1);
  }
  *DataBlockObject = &b->object;
  return STATUS_SUCCESS;
}

static bool name_valid(PUNICODE_STRING name) {
  return name != NULL && name->Buffer != NULL && name->Length != 0 && name->Length % 2 == 0;
}

NTSTATUS NTAPI IoWMIQueryAllData(PVOID DataBlockObject, ULONG *InOutBufferSize, PVOID OutBuffer) {
  NTSTATUS status;
  struct block_object *b = block_of(DataBlockObject, WMIGUID_QUERY, &status);
  if (b == NULL) return status;
  if (InOutBufferSize == NULL) return STATUS_INVALID_PARAMETER;
  return wmi_query_all(b->entry, InOutBufferSize, OutBuffer);
}

NTSTATUS NTAPI IoWMIQuerySingleInstance(PVOID DataBlockObject, PUNICODE_STRING InstanceName, ULONG *InOutBufferSize,
                                        PVOID OutBuffer) {
  NTSTATUS status;
  struct block_object *b = block_of(DataBlockObject, WMIGUID_QUERY, &status);
  if (b == NULL) return status;
  if (InOutBufferSize == NULL || !name_valid(InstanceName)) return STATUS_INVALID_PARAMETER;
  return wmi_query_single(b->entry, InstanceName->Buffer, InstanceName->Length / 2, InOutBufferSize,
                          OutBuffer);
}

/* Nothing answered for this object: no provider of the GUID, or none with
 * the instance. The *Multiple pages treat that as no data, not an error. */
static bool nothing_implemented(NTSTATUS status) {
  return status == STATUS_WMI_GUID_NOT_FOUND || status == STATUS_WMI_INSTANCE_NOT_FOUND;
}

/* Chains the results of several queries into one buffer, through Linkage.
 * Per the IoWMIQueryAllDataMultiple and IoWMIQuerySingleInstanceMultiple
 * pages: if no driver implements any of them, STATUS_SUCCESS with a size
 * of 0; if the buffer is short, STATUS_BUFFER_TOO_SMALL with the size of
 * everything. */
static NTSTATUS query_multiple(PVOID *objects, PUNICODE_STRING names, ULONG count, ULONG *size, PVOID out) {
  for (ULONG i = 0; i < count; i++) {
    NTSTATUS status;
    if (block_of(objects[i], WMIGUID_QUERY, &status) == NULL) return status;
    if (names != NULL && !name_valid(&names[i])) return STATUS_INVALID_PARAMETER;
  }
  ULONG capacity = out != NULL ? *size : 0;
  uint64_t total = 0;
  bool fits = true;
  NTSTATUS failure = STATUS_SUCCESS;
  WNODE_HEADER *previous = NULL;
  for (ULONG i = 0; i < count; i++) {
    ULONG piece = fits && capacity > total ? capacity - (ULONG)total : 0;
    PVOID at = piece != 0 ? (unsigned char *)out + total : NULL;
    NTSTATUS status = names != NULL ? IoWMIQuerySingleInstance(objects[i], &names[i], &piece, at)
                                    : IoWMIQueryAllData(objects[i], &piece, at);
    if (status == STATUS_BUFFER_TOO_SMALL) {
      fits = false;
    } else if (!NT_SUCCESS(status)) {
      if (!nothing_implemented(status) && NT_SUCCESS(failure)) failure = status;
      continue;
    } else if (fits) {
      WNODE_HEADER *last = (WNODE_HEADER *)at;
      while (last->Linkage != 0) last = (WNODE_HEADER *)((unsigned char *)last + last->Linkage);
      if (previous != NULL) previous->Linkage = (ULONG)((unsigned char *)at - (unsigned char *)previous);
      previous = last;
    }
    total += (piece + 7u) & ~7u;
  }
  if (total > MAXULONG) return STATUS_INSUFFICIENT_RESOURCES;
  if (total == 0 && !NT_SUCCESS(failure)) return failure;
  *size = (ULONG)total;
  return fits ? STATUS_SUCCESS : STATUS_BUFFER_TOO_SMALL;
}

NTSTATUS NTAPI IoWMIQueryAllDataMultiple(PVOID *DataBlockObjectList, ULONG ObjectCount, ULONG *InOutBufferSize,
                                         PVOID OutBuffer) {
  if (DataBlockObjectList == NULL || InOutBufferSize == NULL) return STATUS_INVALID_PARAMETER;
  return query_multiple(DataBlockObjectList, NULL, ObjectCount, InOutBufferSize, OutBuffer);
}

NTSTATUS NTAPI IoWMIQuerySingleInstanceMultiple(PVOID *DataBlockObjectList, PUNICODE_STRING InstanceNames,
                                                ULONG ObjectCount, ULONG *InOutBufferSize, PVOID OutBuffer) {
  if (DataBlockObjectList == NULL || InstanceNames == NULL || InOutBufferSize == NULL) return STATUS_INVALID_PARAMETER;
  return query_multiple(DataBlockObjectList, InstanceNames, ObjectCount, InOutBufferSize, OutBuffer);
}

NTSTATUS NTAPI IoWMISetSingleInstance(PVOID DataBlockObject, PUNICODE_STRING InstanceName, ULONG Version,
                                      ULONG ValueBufferSize, PVOID ValueBuffer) {
  NTSTATUS status;
  struct block_object *b = block_of(DataBlockObject, WMIGUID_SET, &status);
  if (b == NULL) return status;
  if (!name_valid(InstanceName) || (ValueBufferSize != 0 && ValueBuffer == NULL)) return STATUS_INVALID_PARAMETER;
  return wmi_set_single(b->entry, InstanceName->Buffer, InstanceName->Length / 2, Version,
                        ValueBufferSize, ValueBuffer);
}

NTSTATUS NTAPI IoWMISetSingleItem(PVOID DataBlockObject, PUNICODE_STRING InstanceName, ULONG DataItemId,
                                  ULONG Version, ULONG ValueBufferSize, PVOID ValueBuffer) {
  NTSTATUS status;
  struct block_object *b = block_of(DataBlockObject, WMIGUID_SET, &status);
  if (b == NULL) return status;
  if (!name_valid(InstanceName) || (ValueBufferSize != 0 && ValueBuffer == NULL)) return STATUS_INVALID_PARAMETER;
  return wmi_set_item(b->entry, InstanceName->Buffer, InstanceName->Length / 2, DataItemId, Version,
                      ValueBufferSize, ValueBuffer);
}

NTSTATUS NTAPI IoWMIExecuteMethod(PVOID DataBlockObject, PUNICODE_STRING InstanceName, ULONG MethodId,
                                  ULONG InBufferSize, PULONG OutBufferSize, PUCHAR InOutBuffer) {
  NTSTATUS status;
  struct block_object *b = block_of(DataBlockObject, WMIGUID_EXECUTE, &status);
  if (b == NULL) return status;
  if (!name_valid(InstanceName) || OutBufferSize == NULL || (InBufferSize != 0 && InOutBuffer == NULL))
    return STATUS_INVALID_PARAMETER;
  return wmi_execute_method(b->entry, InstanceName->Buffer, InstanceName->Length / 2, MethodId,
                            InBufferSize, InOutBuffer, OutBufferSize, InOutBuffer);
}

static void call_kernel_callback(void *context, const WNODE_HEADER *event, ULONG lost) {
  (void)lost;
  struct block_object *b = context;
  b->callback((PVOID)event, b->callback_context);
}

NTSTATUS NTAPI IoWMISetNotificationCallback(PVOID Object, WMI_NOTIFICATION_CALLBACK Callback, PVOID Context) {
  NTSTATUS status;
  struct block_object *b = block_of(Object, WMIGUID_NOTIFICATION, &status);
  if (b == NULL) return status;
  wmi_unsubscribe(b->subscriber);
  b->subscriber = NULL;
  b->callback = Callback;
  b->callback_context = Context;
  if (Callback == NULL) return STATUS_SUCCESS;
  b->subscriber = wmi_subscribe(b->service, &b->guid, call_kernel_callback, b);
  return b->subscriber != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

/* wmisim opens no files, so no handle is a file handle: the handle is
 * refused as Windows refuses it when referencing it as a file object
 * (STATUS_INVALID_HANDLE, or STATUS_OBJECT_TYPE_MISMATCH for a handle to
 * something else, such as a thread). */
NTSTATUS NTAPI IoWMIHandleToInstanceName(PVOID DataBlockObject, HANDLE FileHandle, PUNICODE_STRING InstanceName) {
  NTSTATUS status;
  struct block_object *b = block_of(DataBlockObject, 0, &status);
  if (b == NULL) return status;
  if (InstanceName == NULL) return STATUS_INVALID_PARAMETER;
  void *object;
  status = ob_handle_lookup(b->service->sim, FileHandle, OB_TYPE_OTHER, &object);
  return status == STATUS_INVALID_HANDLE ? STATUS_INVALID_HANDLE : STATUS_OBJECT_TYPE_MISMATCH;
}

NTSTATUS NTAPI IoWMIDeviceObjectToInstanceName(PVOID DataBlockObject, PDEVICE_OBJECT DeviceObject,
                                               PUNICODE_STRING InstanceName) {
  NTSTATUS status;
  struct block_object *b = block_of(DataBlockObject, 0, &status);
  if (b == NULL) return status;
  if (InstanceName == NULL) return STATUS_INVALID_PARAMETER;
  return wmi_device_instance_name(b->service, &b->guid, DeviceObject, InstanceName);
}
