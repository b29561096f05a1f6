/*
 * registry_view.c - what consumers can learn of the WMI service's
 * registrations: the GUIDs, their providers, flags and instance names.
 */
#include <wmisim/consumer.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "rtl/text.h"
#include "wmi/events.h"
#include "wmi/wmi_internal.h"

static int compare_guids(const void *a, const void *b) {
  return memcmp(a, b, sizeof(GUID));
}

NTSTATUS wmisim_wmi_enumerate_guids(wmisim_t *sim, GUID *guids, ULONG *count) {
  if (sim == NULL || count == NULL) return STATUS_INVALID_PARAMETER;
  struct wmi_service *service = wmi_of(sim);
  plat_mutex_lock(&service->lock);
  size_t total = 0;
  for (struct wmi_guid *g = service->guids; g != NULL; g = g->next)
    if (g->blocks != NULL) total++;
  GUID *all = malloc((total ? total : 1) * sizeof *all);
  size_t n = 0;
  for (struct wmi_guid *g = service->guids; all != NULL && g != NULL; g = g->next)
    if (g->blocks != NULL) all[n++] = g->guid;
  plat_mutex_unlock(&service->lock);
  if (all == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  qsort(all, n, sizeof *all, compare_guids);
  ULONG capacity = *count;
  *count = (ULONG)n;
  if (guids != NULL) memcpy(guids, all, (n < capacity ? n : capacity) * sizeof *all);
  free(all);
  return n <= capacity ? STATUS_SUCCESS : STATUS_BUFFER_TOO_SMALL;
}

NTSTATUS wmisim_wmi_guid_info(wmisim_t *sim, const GUID *guid, wmisim_guid_info_t *info) {
  if (sim == NULL || guid == NULL || info == NULL) return STATUS_INVALID_PARAMETER;
  memset(info, 0, sizeof *info);
  struct wmi_service *service = wmi_of(sim);
  plat_mutex_lock(&service->lock);
  struct wmi_guid *entry = wmi_guid_lookup(service, guid, false);
  if (entry == NULL || entry->blocks == NULL) {
    plat_mutex_unlock(&service->lock);
    return STATUS_WMI_GUID_NOT_FOUND;
  }
  info->flags = entry->blocks->flags;
  info->subscribers = (ULONG)entry->subscribers;
  info->events_dropped = entry->events_not_enabled;
  if (entry->blocks->mof_resource != NULL)
    snprintf(info->mof_resource, sizeof info->mof_resource, "%s", entry->blocks->mof_resource);
  for (struct wmi_block *b = entry->blocks; b != NULL; b = b->next_in_guid) {
    info->provider_count++;
    if (b->name_kind == WMI_NAMES_DYNAMIC) info->dynamic_names = true;
    else info->instance_count += b->instance_count;
    info->expensive |= (b->flags & WMIREG_FLAG_EXPENSIVE) != 0;
    info->event_only |= (b->flags & WMIREG_FLAG_EVENT_ONLY_GUID) != 0;
    info->events_enabled |= b->events_enabled;
    info->collecting |= b->collection_enabled;
  }
  plat_mutex_unlock(&service->lock);
  return STATUS_SUCCESS;
}

size_t wmisim_wmi_instance_names(wmisim_t *sim, const GUID *guid, char *names, size_t name_size, size_t capacity) {
  struct wmi_service *service = wmi_of(sim);
  size_t count = 0;
  plat_mutex_lock(&service->lock);
  struct wmi_guid *entry = wmi_guid_lookup(service, guid, false);
  for (struct wmi_block *b = entry != NULL ? entry->blocks : NULL; b != NULL; b = b->next_in_guid) {
    if (b->name_kind == WMI_NAMES_DYNAMIC) continue;
    for (ULONG i = 0; i < b->instance_count; i++, count++) {
      if (count >= capacity || names == NULL) continue;
      WCHAR name[512];
      size_t length = wmi_instance_name(b, i, name, 512);
      text_utf16_to_utf8(name, length < 512 ? length : 512, names + count * name_size, name_size);
    }
  }
  plat_mutex_unlock(&service->lock);
  return count;
}
