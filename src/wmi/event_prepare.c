/*
 * event_prepare.c - turning a queued event into what consumers receive:
 * event references are resolved by querying the referenced instance, and
 * static-name single-instance events get their instance name.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "trace/trace.h"
#include "wmi/events.h"
#include "wmi/exchange.h"

#define ALIGN8(x) (((x) + 7u) & ~(ULONG)7u)

static WNODE_HEADER *resolve_reference(struct wmi_service *service, const WNODE_EVENT_REFERENCE *reference) {
  WCHAR name[512];
  size_t length = 0;
  if (reference->WnodeHeader.Flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) {
    plat_mutex_lock(&service->lock);
    struct wmi_guid *entry = wmi_guid_lookup(service, &reference->TargetGuid, false);
    for (struct wmi_block *b = entry != NULL ? entry->blocks : NULL; b != NULL; b = b->next_in_guid)
      if (b->provider->provider_id == reference->WnodeHeader.ProviderId && b->name_kind != WMI_NAMES_DYNAMIC) {
        length = wmi_instance_name(b, reference->TargetInstanceIndex, name, 512);
        break;
      }
    plat_mutex_unlock(&service->lock);
  } else {
    USHORT bytes;
    ULONG at = (ULONG)FIELD_OFFSET(WNODE_EVENT_REFERENCE, TargetInstanceName);
    if (reference->WnodeHeader.BufferSize < at + sizeof bytes) return NULL;
    memcpy(&bytes, (const unsigned char *)reference + at, sizeof bytes);
    if (bytes % 2 != 0 || bytes > 1000 || at + sizeof bytes + bytes > reference->WnodeHeader.BufferSize) return NULL;
    length = bytes / 2;
    memcpy(name, (const unsigned char *)reference + at + sizeof bytes, bytes);
  }
  if (length == 0 || length > 511) return NULL;
  ULONG size = reference->TargetDataBlockSize + 1024;
  void *buffer = malloc(size);
  if (buffer == NULL) return NULL;
  struct wmi_guid *target = wmi_guid_find(service, &reference->TargetGuid);
  NTSTATUS status = wmi_query_single(target, name, length, &size, buffer);
  if (status == STATUS_BUFFER_TOO_SMALL) {
    void *bigger = realloc(buffer, size);
    if (bigger == NULL) {
      free(buffer);
      return NULL;
    }
    buffer = bigger;
    status = wmi_query_single(target, name, length, &size, buffer);
  }
  if (!NT_SUCCESS(status)) {
    trace_note(service->sim, "WMI", "event reference could not be resolved: %s", wmisim_status_name(status));
    free(buffer);
    return NULL;
  }
  WNODE_HEADER *event = buffer;
  event->Guid = reference->WnodeHeader.Guid;
  event->Flags |= WNODE_FLAG_EVENT_ITEM;
  return event;
}

/* A static-name WNODE_SINGLE_INSTANCE event rebuilt with its name before
 * the data, as a queried instance carries it. */
static WNODE_HEADER *with_instance_name(struct wmi_service *service, WNODE_HEADER *event) {
  const WNODE_SINGLE_INSTANCE *single = (const WNODE_SINGLE_INSTANCE *)event;
  if (event->BufferSize < sizeof *single || single->DataBlockOffset > event->BufferSize ||
      single->SizeDataBlock > event->BufferSize - single->DataBlockOffset)
    return event;
  WCHAR name[512];
  size_t length = 0;
  plat_mutex_lock(&service->lock);
  struct wmi_guid *entry = wmi_guid_lookup(service, &event->Guid, false);
  for (struct wmi_block *b = entry != NULL ? entry->blocks : NULL; b != NULL; b = b->next_in_guid)
    if (b->provider->provider_id == event->ProviderId && b->name_kind != WMI_NAMES_DYNAMIC) {
      length = wmi_instance_name(b, single->InstanceIndex, name, 512);
      break;
    }
  plat_mutex_unlock(&service->lock);
  if (length == 0 || length > 511) return event;
  ULONG data_at = ALIGN8((ULONG)sizeof *single + 2u + (ULONG)length * 2u);
  ULONG size = data_at + single->SizeDataBlock;
  WNODE_SINGLE_INSTANCE *copy = calloc(1, size);
  if (copy == NULL) return event;
  copy->WnodeHeader = single->WnodeHeader;
  copy->WnodeHeader.BufferSize = size;
  copy->InstanceIndex = single->InstanceIndex;
  copy->OffsetInstanceName = sizeof *copy;
  wmi_put_instance_name(copy, sizeof *copy, name, length);
  copy->DataBlockOffset = data_at;
  copy->SizeDataBlock = single->SizeDataBlock;
  memcpy((unsigned char *)copy + data_at, (const unsigned char *)single + single->DataBlockOffset, single->SizeDataBlock);
  return &copy->WnodeHeader;
}

WNODE_HEADER *wmi_event_prepare(struct wmi_service *service, WNODE_HEADER *event) {
  if (event->Flags & WNODE_FLAG_EVENT_REFERENCE) {
    if (event->BufferSize < FIELD_OFFSET(WNODE_EVENT_REFERENCE, TargetInstanceName)) return NULL;
    return resolve_reference(service, (const WNODE_EVENT_REFERENCE *)event);
  }
  if ((event->Flags & WNODE_FLAG_SINGLE_INSTANCE) && (event->Flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) &&
      !(event->Flags & WNODE_FLAG_INTERNAL))
    return with_instance_name(service, event);
  return event;
}
