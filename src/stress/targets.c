/*
 * targets.c - the providers a stress run sends to, read once at its
 * start, and setting their enable states back at its end.
 */
#include "stress/stress_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "wmi/wmi_internal.h"

static void copy_block(struct stress_block *out, const struct wmi_block *block) {
  out->guid = block->guid;
  out->flags = block->flags;
  out->instance_count = block->instance_count;
  out->static_names = block->name_kind != WMI_NAMES_DYNAMIC;
  out->pdo_names = block->name_kind == WMI_NAMES_PDO;
  for (ULONG i = 0; out->static_names && i < STRESS_NAMES && i < block->instance_count; i++) {
    size_t length = wmi_instance_name(block, i, out->names[i], STRESS_NAME_CHARS);
    out->name_lengths[i] = (USHORT)(length < STRESS_NAME_CHARS ? length : STRESS_NAME_CHARS);
  }
  out->events_sent = out->collection_sent = -1;
}

/* With the service lock held. */
static NTSTATUS read_target(struct stress_target *target, const struct wmi_provider *provider) {
  target->device = provider->device;
  target->provider_id = provider->provider_id;
  snprintf(target->name, sizeof target->name, "%s", provider->name);
  size_t count = 0;
  for (const struct wmi_block *b = provider->blocks; b != NULL; b = b->next_in_provider) count++;
  target->blocks = calloc(count != 0 ? count : 1, sizeof *target->blocks);
  if (target->blocks == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  for (const struct wmi_block *b = provider->blocks; b != NULL; b = b->next_in_provider)
    copy_block(&target->blocks[target->block_count++], b);
  return STATUS_SUCCESS;
}

static size_t count_active(const struct wmi_service *service, PDEVICE_OBJECT only) {
  size_t count = 0;
  for (const struct wmi_provider *p = service->providers; p != NULL; p = p->next)
    if (wmi_provider_active(p) && (only == NULL || p->device == only)) count++;
  return count;
}

NTSTATUS stress_read_targets(struct stress_run *run, PDEVICE_OBJECT provider) {
  struct wmi_service *service = run->service;
  plat_mutex_lock(&service->lock);
  size_t count = count_active(service, provider);
  if (count == 0) {
    plat_mutex_unlock(&service->lock);
    return STATUS_WMI_GUID_NOT_FOUND;
  }
  run->targets = calloc(count, sizeof *run->targets);
  NTSTATUS status = run->targets != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
  for (const struct wmi_provider *p = service->providers; p != NULL && NT_SUCCESS(status); p = p->next) {
    if (!wmi_provider_active(p) || (provider != NULL && p->device != provider)) continue;
    status = read_target(&run->targets[run->target_count++], p);
  }
  plat_mutex_unlock(&service->lock);
  if (!NT_SUCCESS(status)) return status;
  for (size_t i = 0; i < run->target_count; i++) {
    wmisim_devnode_t *node = wmisim_device_of(run->targets[i].device);
    run->targets[i].pdo = node != NULL ? wmisim_device_pdo(node) : NULL;
  }
  return STATUS_SUCCESS;
}

void stress_free_targets(struct stress_run *run) {
  for (size_t i = 0; i < run->target_count; i++) free(run->targets[i].blocks);
  free(run->targets);
  run->targets = NULL;
  run->target_count = 0;
}

/* What the WMI service believes of a block's events and collection. */
static bool believed_states(struct stress_run *run, struct stress_target *target, const struct stress_block *block,
                            bool *events, bool *collection) {
  struct wmi_service *service = run->service;
  bool found = false;
  plat_mutex_lock(&service->lock);
  struct wmi_provider *provider = wmi_provider_of_device(service, target->device);
  for (struct wmi_block *b = provider != NULL ? provider->blocks : NULL; b != NULL && !found; b = b->next_in_provider)
    if (IsEqualGUID(&b->guid, &block->guid)) {
      *events = b->events_enabled;
      *collection = b->collection_enabled;
      found = true;
    }
  plat_mutex_unlock(&service->lock);
  return found;
}

static void send_control(struct stress_run *run, struct stress_target *target, struct stress_block *block,
                         UCHAR minor) {
  struct stress_request request;
  memset(&request, 0, sizeof request);
  request.minor = minor;
  request.target = target;
  request.block = block;
  request.guid = block->guid;
  request.buffer_size = sizeof(WNODE_HEADER);
  snprintf(request.text, sizeof request.text, "%s to set the state WMI believes back",
           wmisim_minor_name(IRP_MJ_SYSTEM_CONTROL, minor));
  bool sent;
  stress_send(run, &request, &sent);
}

void stress_restore_enables(struct stress_run *run) {
  for (size_t t = 0; t < run->target_count; t++) {
    struct stress_target *target = &run->targets[t];
    for (size_t i = 0; i < target->block_count && !target->gone; i++) {
      struct stress_block *block = &target->blocks[i];
      bool events, collection;
      if ((block->events_sent < 0 && block->collection_sent < 0) ||
          !believed_states(run, target, block, &events, &collection))
        continue;
      if (block->events_sent >= 0 && (block->events_sent != 0) != events)
        send_control(run, target, block, events ? IRP_MN_ENABLE_EVENTS : IRP_MN_DISABLE_EVENTS);
      if (block->collection_sent >= 0 && (block->collection_sent != 0) != collection)
        send_control(run, target, block, collection ? IRP_MN_ENABLE_COLLECTION : IRP_MN_DISABLE_COLLECTION);
    }
  }
}
