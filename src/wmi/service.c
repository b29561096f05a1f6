/*
 * service.c - the WMI service's tables: GUIDs, providers and their blocks.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "io/io.h"
#include "wmi/wmi_internal.h"

struct wmi_service *wmi_of(struct wmisim *sim) {
  return sim != NULL ? sim->wmi : NULL;
}

struct wmi_service *wmi_service_create(struct wmisim *sim) {
  struct wmi_service *service = calloc(1, sizeof *service);
  if (service == NULL) return NULL;
  service->sim = sim;
  wmi_senders_init(service);
  plat_mutex_init(&service->lock);
  plat_cond_init(&service->irp_done);
  service->events = wmi_guid_table_init(service) ? wmi_events_create(service) : NULL;
  if (service->events == NULL) {
    wmi_guid_table_destroy(service);
    plat_cond_destroy(&service->irp_done);
    plat_mutex_destroy(&service->lock);
    free(service);
    return NULL;
  }
  return service;
}

static void free_block_list_all(struct wmi_block *list) {
  for (struct wmi_block *b = list, *next; b != NULL; b = next) {
    next = b->next_in_provider;
    wmi_block_unlink(b);
    wmi_block_free(b);
  }
}

void wmi_provider_unpin_device(struct wmi_provider *provider) {
  if (!provider->device_pinned) return;
  provider->device_pinned = false;
  ObfDereferenceObject(provider->device);
}

void wmi_provider_free(struct wmi_provider *provider) {
  wmi_provider_unpin_device(provider);
  free_block_list_all(provider->blocks);
  if (!provider->device_deleted) {
    struct io_device *record = io_device_of(provider->device);
    if (record != NULL && record->wmi == provider) record->wmi = NULL;
  }
  free_block_list_all(provider->retired);
  plat_cond_destroy(&provider->drained);
  free(provider->registry_path);
  free(provider);
}

/* A driver may still complete an IRP the service sent (one a consumer gave
 * up on) from a thread of its own: wait for it, and for the completion of
 * such a request to finish with the service, within the drain bound,
 * before the providers it will touch are freed. */
static void wait_for_late_completions(struct wmi_service *service) {
  uint64_t deadline = plat_monotonic_ns() + (uint64_t)service->sim->options.drain_timeout_ms * 1000000u;
  plat_mutex_lock(&service->lock);
  atomic_store_i32(&service->late_waiters, 1); /* completions broadcast irp_done from now on */
  for (;;) {
    int irps = 0;
    for (struct wmi_provider *p = service->providers; p != NULL; p = p->next) irps += wmi_provider_irps(p, NULL, 0, NULL);
    if ((irps == 0 && !wmi_abandoned_completing(service)) ||
        !plat_cond_wait_until(&service->irp_done, &service->lock, deadline))
      break;
  }
  atomic_store_i32(&service->late_waiters, 0);
  plat_mutex_unlock(&service->lock);
}

void wmi_service_destroy(struct wmi_service *service) {
  wait_for_late_completions(service);
  wmi_release_abandoned(service);
  wmi_events_destroy(service->events);
  for (struct wmi_provider *p = service->providers, *next; p != NULL; p = next) {
    next = p->next;
    wmi_provider_free(p);
  }
  wmi_guid_table_destroy(service);
  wmi_senders_free(service);
  plat_cond_destroy(&service->irp_done);
  plat_mutex_destroy(&service->lock);
  free(service);
}

bool wmi_service_wait_idle(struct wmi_service *service, uint64_t deadline_ns) {
  return service == NULL || wmi_events_wait_idle(service->events, deadline_ns);
}

struct wmi_provider *wmi_provider_of_device(struct wmi_service *service, PDEVICE_OBJECT device) {
  struct io_device *record = io_device_of(device);
  struct wmi_provider *provider = record != NULL ? record->wmi : NULL;
  return provider != NULL && provider->service == service ? provider : NULL;
}

struct wmi_provider *wmi_provider_by_id(struct wmi_service *service, ULONG provider_id) {
  for (struct wmi_provider *p = service->providers; p != NULL; p = p->next)
    if (p->provider_id == provider_id) return p;
  return NULL;
}

void wmi_provider_set_state(struct wmi_provider *provider, enum wmi_provider_state state) {
  atomic_store_i32(&provider->state, (int32_t)state);
}

bool wmi_provider_active(const struct wmi_provider *provider) {
  return wmi_provider_state(provider) == WMI_PROVIDER_REGISTERED && !atomic_load_i32(&provider->blocked);
}

void wmi_block_link(struct wmi_service *service, struct wmi_block *block) {
  struct wmi_guid *entry = wmi_guid_lookup(service, &block->guid, true);
  block->entry = entry;
  if (entry == NULL) return;
  /* Providers keep registration order, so chained results are stable. */
  wmi_guid_entry_lock(entry);
  struct wmi_block **tail = &entry->blocks;
  while (*tail != NULL) tail = &(*tail)->next_in_guid;
  block->next_in_guid = NULL;
  *tail = block;
  wmi_guid_entry_unlock(entry);
}

void wmi_block_unlink(struct wmi_block *block) {
  struct wmi_guid *entry = block->entry;
  if (entry == NULL) return;
  wmi_guid_entry_lock(entry);
  for (struct wmi_block **link = &entry->blocks; *link != NULL; link = &(*link)->next_in_guid)
    if (*link == block) {
      *link = block->next_in_guid;
      break;
    }
  wmi_guid_entry_unlock(entry);
  block->entry = NULL;
}

void wmi_block_free(struct wmi_block *block) {
  if (block->names != NULL)
    for (ULONG i = 0; i < block->instance_count; i++) free(block->names[i]);
  free(block->names);
  free(block->name_lengths);
  free(block->base);
  free(block->mof_resource);
  wmi_names_region_free(block);
  free(block);
}

void wmi_provider_release_if_done(struct wmi_provider *provider) {
  if (!provider->listed || !provider->device_deleted || wmi_provider_outstanding(provider) != 0) return;
  if (wmi_provider_state(provider) != WMI_PROVIDER_DEREGISTERED) return;
  struct wmi_service *service = provider->service;
  for (struct wmi_provider **link = &service->providers; *link != NULL; link = &(*link)->next)
    if (*link == provider) {
      *link = provider->next;
      break;
    }
  provider->listed = false;
  wmi_provider_drop(provider);
}

