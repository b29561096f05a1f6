/*
 * control.c - targets of a request, and the enable/disable protocol:
 * ENABLE_EVENTS for the first subscriber of an event GUID, DISABLE_EVENTS
 * after the last; ENABLE_COLLECTION for the first consumer that opens an
 * EXPENSIVE block, DISABLE_COLLECTION after the last closes it.
 */
#include <string.h>

#include "core/sim.h"
#include "wmi/wmi_internal.h"

/* Every request starts here: under the GUID entry's own lock, not the
 * service's, so requests on other GUIDs, or registrations, do not wait. */
size_t wmi_reserve_targets(struct wmi_guid *entry, bool events, struct wmi_target *targets, size_t capacity) {
  size_t count = 0, stray = 0;
  struct wmi_provider *strays[WMI_MAX_TARGETS];
  if (entry == NULL) return 0;
  wmi_guid_entry_lock(entry);
  for (struct wmi_block *b = entry->blocks; b != NULL && count < capacity; b = b->next_in_guid) {
    if (!events && (b->flags & WMIREG_FLAG_EVENT_ONLY_GUID)) continue;
    bool held;
    if (wmi_provider_try_reserve(b->provider, &held))
      targets[count++] = (struct wmi_target){b->provider, b};
    else if (held && stray < WMI_MAX_TARGETS)
      strays[stray++] = b->provider;
  }
  wmi_guid_entry_unlock(entry);
  /* Providers that stopped taking requests as they were reserved: their
   * reservations end here, where the service lock may be taken. */
  for (size_t i = 0; i < stray; i++) wmi_provider_release(strays[i]);
  return count;
}

void wmi_release_targets(struct wmi_target *targets, size_t count) {
  for (size_t i = 0; i < count; i++) wmi_provider_release(targets[i].provider);
}

bool wmi_locate_instance(struct wmi_target *targets, size_t count, const WCHAR *name, size_t length,
                         size_t *which, ULONG *index, bool *dynamic) {
  *dynamic = false;
  for (size_t i = 0; i < count; i++) {
    if (targets[i].block->name_kind == WMI_NAMES_DYNAMIC) {
      *dynamic = true;
      continue;
    }
    if (wmi_find_instance(targets[i].block, name, length, index)) {
      *which = i;
      *dynamic = false;
      return true;
    }
  }
  return false;
}

/* Sends one enable or disable request; the block's state changes only if
 * the driver succeeds, as KMDF rolls back a failed enable. */
static void send_control(struct wmi_block *block, UCHAR minor) {
  WNODE_HEADER *header = wmi_buffer_alloc(sizeof *header);
  if (header == NULL) return;
  wmi_fill_header(header, block, sizeof *header, 0);
  if (block->flags & WMIREG_FLAG_TRACED_GUID) header->Flags |= WNODE_FLAG_TRACED_GUID;
  struct wmi_request request = {minor, &block->guid, 0, header, sizeof *header, 0, 0, 0, 0, true};
  NTSTATUS status = wmi_send(block->provider, &request, false);
  wmi_buffer_free(request.buffer);
  if (!NT_SUCCESS(status)) return;
  struct wmi_service *service = block->provider->service;
  plat_mutex_lock(&service->lock);
  switch (minor) {
  case IRP_MN_ENABLE_EVENTS: block->events_enabled = true; break;
  case IRP_MN_DISABLE_EVENTS: block->events_enabled = false; break;
  case IRP_MN_ENABLE_COLLECTION: block->collection_enabled = true; break;
  case IRP_MN_DISABLE_COLLECTION: block->collection_enabled = false; break;
  default: break;
  }
  plat_mutex_unlock(&service->lock);
}

static bool wants_collection(const struct wmi_block *block) {
  return (block->flags & WMIREG_FLAG_EXPENSIVE) != 0;
}

/* What the GUID's consumers want of a block, and what it has (lock held). */
static bool wanted(const struct wmi_block *block, bool events) {
  const struct wmi_guid *entry = block->entry;
  if (entry == NULL) return false;
  return events ? entry->subscribers > 0 : entry->data_opens > 0 && wants_collection(block);
}

static bool enabled(const struct wmi_block *block, bool events) {
  return events ? block->events_enabled : block->collection_enabled;
}

/* Brings one reserved block's events or collection in line with what its
 * GUID's consumers want now. Consumers come and go on many threads: the
 * requests for a block are sent by one thread at a time, which looks again
 * after each request if another consumer came or went meanwhile, so the
 * driver sees enables and disables alternate and ends as wanted. */
static void reconcile(struct wmi_service *service, struct wmi_block *block, bool events) {
  int kind = events ? 0 : 1;
  plat_mutex_lock(&service->lock);
  if (block->control_busy[kind]) {
    block->control_dirty[kind] = true;
    plat_mutex_unlock(&service->lock);
    return;
  }
  block->control_busy[kind] = true;
  for (;;) {
    block->control_dirty[kind] = false;
    bool want = wanted(block, events);
    if (want == enabled(block, events)) break;
    plat_mutex_unlock(&service->lock);
    send_control(block, events ? (want ? IRP_MN_ENABLE_EVENTS : IRP_MN_DISABLE_EVENTS)
                               : (want ? IRP_MN_ENABLE_COLLECTION : IRP_MN_DISABLE_COLLECTION));
    plat_mutex_lock(&service->lock);
    /* A request the driver failed is not repeated unless consumers changed. */
    if (!block->control_dirty[kind]) break;
  }
  block->control_busy[kind] = false;
  plat_mutex_unlock(&service->lock);
}

static void control_all(struct wmi_service *service, const GUID *guid, bool events) {
  struct wmi_target targets[WMI_MAX_TARGETS];
  size_t count = wmi_reserve_targets(wmi_guid_find(service, guid), events, targets, WMI_MAX_TARGETS);
  for (size_t i = 0; i < count; i++) reconcile(service, targets[i].block, events);
  wmi_release_targets(targets, count);
}

static int adjust(struct wmi_service *service, const GUID *guid, int delta, bool subscribers) {
  plat_mutex_lock(&service->lock);
  struct wmi_guid *entry = wmi_guid_lookup(service, guid, true);
  int before = 0, after = 0;
  if (entry != NULL) {
    int *count = subscribers ? &entry->subscribers : &entry->data_opens;
    before = *count;
    *count += delta;
    if (*count < 0) *count = 0;
    after = *count;
  }
  plat_mutex_unlock(&service->lock);
  if (before == 0 && after > 0) return 1;
  if (before > 0 && after == 0) return -1;
  return 0;
}

void wmi_add_subscriber(struct wmi_service *service, const GUID *guid, int delta) {
  if (adjust(service, guid, delta, true) != 0) control_all(service, guid, true);
}

void wmi_add_data_open(struct wmi_service *service, const GUID *guid, int delta) {
  if (adjust(service, guid, delta, false) != 0) control_all(service, guid, false);
}

void wmi_enable_new_block(struct wmi_block *block) {
  struct wmi_service *service = block->provider->service;
  plat_mutex_lock(&service->lock);
  bool reserved = wmi_provider_reserve(block->provider);
  plat_mutex_unlock(&service->lock);
  if (!reserved) return;
  reconcile(service, block, true);
  if (wants_collection(block)) reconcile(service, block, false);
  plat_mutex_lock(&service->lock);
  wmi_provider_unreserve(block->provider);
  plat_mutex_unlock(&service->lock);
}
