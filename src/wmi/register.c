/*
 * register.c - IoWMIRegistrationControl and the removal rules: DEREGISTER
 * drains the IRPs already sent, a DEREGISTER from inside the device's own
 * system-control dispatch is reported instead of deadlocking, surprise
 * removal must deregister and removal must not deregister again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wmiguid.h>

#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "ke/workers.h"
#include "rtl/text.h"
#include "wmi/wmi_internal.h"

static struct wmi_provider *new_provider(struct wmi_service *service, struct io_device *record) {
  /* Padded: every request writes its provider's counters, and requests on
   * other threads other providers'. */
  struct wmi_provider *provider = calloc(1, sizeof *provider + 64);
  if (provider == NULL) return NULL;
  provider->service = service;
  provider->device = &record->object;
#if defined(IoWMIDeviceObjectToProviderId)
  /* 32-bit x86: drivers compute ProviderId with the WDK's macro, from the
   * device object's address; the service must hand out the same id. */
  provider->provider_id = IoWMIDeviceObjectToProviderId(&record->object);
#else
  provider->provider_id = record->id;
#endif
  snprintf(provider->name, sizeof provider->name, "%s", record->display_name);
  plat_cond_init(&provider->drained);
  wmi_provider_counts_init(provider);
  provider->listed = true;
  provider->next = service->providers;
  service->providers = provider;
  record->wmi = provider;
  return provider;
}

/* ---- provider lifetime (lock held) -------------------------------------------------------- */

static void free_block_list(struct wmi_block *list) {
  for (struct wmi_block *b = list, *next; b != NULL; b = next) {
    next = b->next_in_provider;
    wmi_block_unlink(b);
    wmi_block_free(b);
  }
}

static void finish_deregistration(struct wmi_provider *provider) {
  free_block_list(provider->blocks);
  provider->blocks = NULL;
  wmi_provider_set_state(provider, WMI_PROVIDER_DEREGISTERED);
  atomic_store_i32(&provider->blocked, 0);
}

/* Everything that waited for the provider's requests to end is done by
 * the time this returns, so the next request to end need not come here. */
void wmi_provider_quiet(struct wmi_provider *provider) {
  wmi_provider_quiet_done(provider);
  wmi_provider_unpin_device(provider);
  free_block_list(provider->retired);
  provider->retired = NULL;
  if (wmi_provider_state(provider) == WMI_PROVIDER_DEREGISTERING) finish_deregistration(provider);
  wmi_provider_release_if_done(provider);
}

/* Takes every block off its GUID, so consumers stop seeing the provider. */
static void withdraw_blocks(struct wmi_provider *provider) {
  for (struct wmi_block *b = provider->blocks; b != NULL; b = b->next_in_provider) wmi_block_unlink(b);
}

/* ---- REGISTER and UPDATE_GUIDS ------------------------------------------------------------------ */

static struct wmi_block *new_block(struct wmi_service *service, struct wmi_provider *provider,
                                   struct wmi_reg_block *reg) {
  struct wmi_block *block = calloc(1, sizeof *block);
  if (block == NULL) return NULL;
  block->provider = provider;
  block->guid = reg->guid;
  block->flags = reg->flags;
  block->instance_count = reg->instance_count;
  block->mof_resource = reg->mof_resource;
  reg->mof_resource = NULL;
  block->entry = wmi_guid_lookup(service, &reg->guid, true); /* for base-name counters */
  wmi_block_take_names(block, reg);
  /* Linked last: requests find blocks without the service lock, so a
   * block must be whole when it appears. */
  wmi_block_link(service, block);
  block->next_in_provider = provider->blocks;
  provider->blocks = block;
  return block;
}

static struct wmi_block *find_block(struct wmi_provider *provider, const GUID *guid) {
  for (struct wmi_block *b = provider->blocks; b != NULL; b = b->next_in_provider)
    if (IsEqualGUID(&b->guid, guid)) return b;
  return NULL;
}

/* Moves a block from the provider's list to the retired list (lock held). */
static void retire_block(struct wmi_provider *provider, struct wmi_block *block) {
  for (struct wmi_block **link = &provider->blocks; *link != NULL; link = &(*link)->next_in_provider)
    if (*link == block) {
      *link = block->next_in_provider;
      break;
    }
  wmi_block_unlink(block);
  block->next_in_provider = provider->retired;
  provider->retired = block;
}

static bool same_registration(const struct wmi_block *block, const struct wmi_reg_block *reg) {
  if (block->flags != reg->flags || block->instance_count != reg->instance_count || block->name_kind != reg->name_kind)
    return false;
  if (reg->name_kind == WMI_NAMES_BASENAME || reg->name_kind == WMI_NAMES_PDO)
    return text_wequal(block->base, block->base_length, reg->base, reg->base_length, false);
  if (reg->name_kind == WMI_NAMES_LIST)
    for (ULONG i = 0; i < reg->instance_count; i++)
      if (!text_wequal(block->names[i], block->name_lengths[i], reg->names[i], reg->name_lengths[i], false))
        return false;
  return true;
}

/* Applies a registration or update; returns the blocks to enable. */
static size_t apply_reginfo(struct wmi_service *service, struct wmi_provider *provider, struct wmi_reginfo *info,
                            struct wmi_block **added, size_t capacity) {
  size_t count = 0;
  plat_mutex_lock(&service->lock);
  for (size_t i = 0; i < info->count; i++) {
    struct wmi_reg_block *reg = &info->blocks[i];
    struct wmi_block *existing = find_block(provider, &reg->guid);
    if (existing != NULL && !(reg->flags & WMIREG_FLAG_REMOVE_GUID) && same_registration(existing, reg)) continue;
    bool was_enabled = existing != NULL && existing->events_enabled, was_collecting = existing != NULL && existing->collection_enabled;
    if (existing != NULL) retire_block(provider, existing);
    if (reg->flags & WMIREG_FLAG_REMOVE_GUID) continue;
    struct wmi_block *block = new_block(service, provider, reg);
    if (block == NULL) continue;
    block->events_enabled = was_enabled;
    block->collection_enabled = was_collecting;
    if (block->entry != NULL && block->entry->blocks != block)
      trace_note(service->sim, "WMI", "GUID registered by more than one provider; %s adds its instances",
                 provider->name);
    if (count < capacity) added[count++] = block;
  }
  wmi_provider_want_quiet(provider); /* retired blocks go once no request uses them */
  plat_mutex_unlock(&service->lock);
  return count;
}

static void announce(struct wmi_service *service, struct wmi_provider *provider, const char *what) {
  WCHAR text[128];
  char line[128];
  int n = snprintf(line, sizeof line, "%s %s", provider->name, what);
  size_t length = text_utf8_to_utf16(line, (size_t)n, text, 127);
  text[length < 127 ? length : 127] = 0;
  wmi_events_raise_internal(service, &GUID_REGISTRATION_CHANGE_NOTIFICATION, text);
}

static NTSTATUS fetch_and_apply(struct wmi_service *service, struct wmi_provider *provider, ULONG_PTR data_path) {
  struct wmi_reginfo info;
  NTSTATUS status = wmi_fetch_reginfo(provider, data_path, &info);
  if (!NT_SUCCESS(status)) {
    if (status != STATUS_UNSUCCESSFUL) {
      struct check_site site = {provider->device, NULL, "DispatchSystemControl"};
      check_report(service->sim, CHECK_WMI_REGINFO_FAILED, &site, "%s failed %s with %s", provider->name,
                   data_path == WMIREGISTER ? "registration" : "a registration update", wmisim_status_name(status));
    }
    return status;
  }
  if (info.registry_path != NULL) {
    free(provider->registry_path);
    provider->registry_path = info.registry_path;
    info.registry_path = NULL;
  }
  struct wmi_block *added[256];
  size_t count = apply_reginfo(service, provider, &info, added, 256);
  wmi_reginfo_free(&info);
  plat_mutex_lock(&service->lock);
  if (wmi_provider_state(provider) == WMI_PROVIDER_REGISTERING) wmi_provider_set_state(provider, WMI_PROVIDER_REGISTERED);
  plat_mutex_unlock(&service->lock);
  for (size_t i = 0; i < count; i++) wmi_enable_new_block(added[i]);
  return STATUS_SUCCESS;
}

static NTSTATUS do_register(struct wmi_service *service, struct io_device *record) {
  plat_mutex_lock(&service->lock);
  struct wmi_provider *provider = record->wmi;
  if (provider != NULL && wmi_provider_state(provider) != WMI_PROVIDER_DEREGISTERED) {
    plat_mutex_unlock(&service->lock);
    return STATUS_OBJECT_NAME_EXISTS;
  }
  if (provider == NULL) provider = new_provider(service, record);
  if (provider == NULL) {
    plat_mutex_unlock(&service->lock);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  wmi_provider_set_state(provider, WMI_PROVIDER_REGISTERING);
  atomic_store_i32(&provider->blocked, 0);
  provider->deregistered = false;
  plat_mutex_unlock(&service->lock);
  trace_note(service->sim, "WMI", "registering %s", provider->name);
  NTSTATUS status = fetch_and_apply(service, provider, WMIREGISTER);
  if (!NT_SUCCESS(status)) {
    plat_mutex_lock(&service->lock);
    withdraw_blocks(provider);
    wmi_provider_set_state(provider, WMI_PROVIDER_DEREGISTERING);
    wmi_provider_want_quiet(provider);
    plat_mutex_unlock(&service->lock);
    return status;
  }
  announce(service, provider, "registered");
  return STATUS_SUCCESS;
}

static NTSTATUS do_update(struct wmi_service *service, struct io_device *record) {
  plat_mutex_lock(&service->lock);
  struct wmi_provider *provider = record->wmi;
  bool registered = provider != NULL && wmi_provider_state(provider) == WMI_PROVIDER_REGISTERED;
  plat_mutex_unlock(&service->lock);
  if (!registered) return STATUS_INVALID_PARAMETER;
  trace_note(service->sim, "WMI", "updating the registration of %s", provider->name);
  NTSTATUS status = fetch_and_apply(service, provider, WMIUPDATE);
  if (NT_SUCCESS(status)) announce(service, provider, "updated its registration");
  return status;
}

/* ---- DEREGISTER -------------------------------------------------------------------------------- */

/* The innermost system-control dispatch of this device on this thread. */
static struct io_frame *own_dispatch(PDEVICE_OBJECT device) {
  for (struct io_frame *frame = ke_thread()->frame; frame != NULL; frame = frame->outer)
    if (frame->major == IRP_MJ_SYSTEM_CONTROL && frame->wmi_provider == (ULONG_PTR)device) return frame;
  return NULL;
}

static void report_outstanding(struct wmi_service *service, struct wmi_provider *provider) {
  char ids[160] = "";
  size_t n = 0;
  int irps = wmi_provider_irps(provider, ids, sizeof ids, &n);
  struct check_site site = {NULL, NULL, "IoWMIRegistrationControl"};
  check_report(service->sim, CHECK_WMI_DEREGISTER_TIMEOUT, &site,
               "DEREGISTER of %s waited %u ms; %d IRP(s) still in the driver:%s", provider->name,
               service->sim->options.drain_timeout_ms, irps, n != 0 ? ids : " (none; a request is finishing)");
}

/* Waits, lock held, until the provider's requests have drained: the last
 * one to end wakes it (the quiet flag is set), no polling. */
static void drain(struct wmi_service *service, struct wmi_provider *provider) {
  uint64_t deadline = plat_monotonic_ns() + (uint64_t)service->sim->options.drain_timeout_ms * 1000000u;
  struct kthread *thread = ke_thread();
  ke_workers_thread_blocking(thread);
  while (wmi_provider_outstanding(provider) > 0)
    if (!plat_cond_wait_until(&provider->drained, &service->lock, deadline)) break;
  ke_workers_thread_unblocked(thread);
  if (wmi_provider_outstanding(provider) > 0) report_outstanding(service, provider);
}

static NTSTATUS do_deregister(struct wmi_service *service, struct io_device *record) {
  plat_mutex_lock(&service->lock);
  struct wmi_provider *provider = record->wmi;
  if (provider == NULL || wmi_provider_state(provider) == WMI_PROVIDER_DEREGISTERED ||
      wmi_provider_state(provider) == WMI_PROVIDER_DEREGISTERING) {
    bool twice = provider != NULL && provider->deregistered;
    plat_mutex_unlock(&service->lock);
    if (twice) {
      struct check_site site = {&record->object, NULL, "IoWMIRegistrationControl"};
      check_report(service->sim, CHECK_WMI_DOUBLE_DEREGISTER, &site, "%s was already deregistered from WMI",
                   record->display_name);
    }
    return STATUS_INVALID_PARAMETER;
  }
  wmi_provider_set_state(provider, WMI_PROVIDER_DEREGISTERING);
  provider->deregistered = true;
  withdraw_blocks(provider);
  wmi_provider_await_quiet(provider); /* the last request finishes the deregistration */
  struct io_frame *frame = own_dispatch(&record->object);
  if (frame != NULL) {
    plat_mutex_unlock(&service->lock);
    uint64_t irp = 0;
    int major = -1, minor = -1;
    io_irp_describe(frame->irp, &irp, &major, &minor);
    struct check_site site = {&record->object, frame->irp, "IoWMIRegistrationControl"};
    check_report(service->sim, CHECK_WMI_DEREGISTER_IN_DISPATCH, &site,
                 "DEREGISTER of %s called inside its own dispatch of IRP #%llu (%s); on Windows this deadlocks",
                 record->display_name, (unsigned long long)irp, wmisim_minor_name(major, minor));
    return STATUS_SUCCESS; /* completes when that IRP does */
  }
  trace_note(service->sim, "WMI", "deregistering %s (%d IRP(s) still in the driver)", provider->name,
             wmi_provider_irps(provider, NULL, 0, NULL));
  drain(service, provider);
  if (wmi_provider_outstanding(provider) == 0) wmi_provider_quiet(provider);
  plat_mutex_unlock(&service->lock);
  announce(service, provider, "deregistered");
  return STATUS_SUCCESS;
}

/* ---- the routine ------------------------------------------------------------------------------- */

static const char *action_name(ULONG action) {
  switch (action) {
  case WMIREG_ACTION_REGISTER: return "REGISTER";
  case WMIREG_ACTION_DEREGISTER: return "DEREGISTER";
  case WMIREG_ACTION_REREGISTER: return "REREGISTER";
  case WMIREG_ACTION_UPDATE_GUIDS: return "UPDATE_GUIDS";
  case WMIREG_ACTION_BLOCK_IRPS: return "BLOCK_IRPS";
  default: return "an unknown action";
  }
}

static bool is_registered(struct wmi_service *service, struct io_device *record) {
  plat_mutex_lock(&service->lock);
  bool registered = record->wmi != NULL && wmi_provider_state(record->wmi) == WMI_PROVIDER_REGISTERED;
  plat_mutex_unlock(&service->lock);
  return registered;
}

static NTSTATUS block_irps(struct wmi_service *service, struct io_device *record) {
  plat_mutex_lock(&service->lock);
  struct wmi_provider *provider = record->wmi;
  bool registered = provider != NULL && wmi_provider_state(provider) == WMI_PROVIDER_REGISTERED;
  if (registered) atomic_store_i32(&provider->blocked, 1);
  plat_mutex_unlock(&service->lock);
  return registered ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

NTSTATUS NTAPI IoWMIRegistrationControl(PDEVICE_OBJECT DeviceObject, ULONG Action) {
  struct io_device *record = io_device_of(DeviceObject);
  struct wmisim *sim = record != NULL ? record->sim : sim_current();
  struct kthread *thread = ke_thread();
  struct check_site site = {DeviceObject, NULL, "IoWMIRegistrationControl"};
  if (thread->irql > PASSIVE_LEVEL)
    check_report(sim, CHECK_WMI_IRQL_PASSIVE, &site, "IoWMIRegistrationControl(%s) called at IRQL %u",
                 action_name(Action), thread->irql);
  if (record == NULL || record->deleted) {
    check_report(sim, CHECK_BAD_PARAMETER, &site, "IoWMIRegistrationControl(%p): not a live device object",
                 (void *)DeviceObject);
    return STATUS_INVALID_PARAMETER;
  }
  struct wmi_service *service = wmi_of(sim);
  trace_note(sim, "WMI", "IoWMIRegistrationControl(%s, WMIREG_ACTION_%s)", record->display_name, action_name(Action));
  switch (Action) {
  case WMIREG_ACTION_REGISTER:
    return do_register(service, record);
  case WMIREG_ACTION_DEREGISTER:
    return do_deregister(service, record);
  case WMIREG_ACTION_REREGISTER:
    if (is_registered(service, record)) do_deregister(service, record);
    return do_register(service, record);
  case WMIREG_ACTION_UPDATE_GUIDS:
    return do_update(service, record);
  case WMIREG_ACTION_BLOCK_IRPS:
    return block_irps(service, record);
  default:
    return STATUS_INVALID_PARAMETER;
  }
}

/* ---- PnP and I/O manager notifications ---------------------------------------------------------- */

void wmi_surprise_removal_done(struct wmisim *sim, PDEVICE_OBJECT device) {
  struct wmi_service *service = wmi_of(sim);
  if (service == NULL) return;
  plat_mutex_lock(&service->lock);
  struct wmi_provider *provider = wmi_provider_of_device(service, device);
  bool registered = provider != NULL && wmi_provider_state(provider) == WMI_PROVIDER_REGISTERED;
  plat_mutex_unlock(&service->lock);
  if (!registered) return;
  struct check_site site = {device, NULL, "DispatchPnp"};
  check_report(sim, CHECK_WMI_SURPRISE_REMOVE_NO_DEREGISTER, &site,
               "%s is still registered with WMI after IRP_MN_SURPRISE_REMOVAL", io_device_display_name(device));
}

void wmi_device_deleted(struct wmisim *sim, PDEVICE_OBJECT device) {
  struct wmi_service *service = wmi_of(sim);
  struct io_device *record = io_device_of(device);
  if (service == NULL || record == NULL) return;
  plat_mutex_lock(&service->lock);
  struct wmi_provider *provider = record->wmi;
  if (provider == NULL) {
    plat_mutex_unlock(&service->lock);
    return;
  }
  enum wmi_provider_state state = wmi_provider_state(provider);
  bool registered = state == WMI_PROVIDER_REGISTERED || state == WMI_PROVIDER_REGISTERING;
  if (registered) {
    wmi_provider_set_state(provider, WMI_PROVIDER_DEREGISTERING);
    withdraw_blocks(provider);
  }
  provider->device_deleted = true;
  record->wmi = NULL;
  /* After the state, so a request reserving meanwhile either sees the
   * state and is not sent, or is counted here (wmi_provider_try_reserve):
   * the device object stays until the requests in progress end. */
  if (wmi_provider_outstanding(provider) > 0 && !provider->device_pinned) {
    ObfReferenceObject(device);
    provider->device_pinned = true;
  }
  wmi_provider_want_quiet(provider);
  plat_mutex_unlock(&service->lock);
  if (registered) {
    struct check_site site = {device, NULL, "IoDeleteDevice"};
    check_report(sim, CHECK_WMI_DELETE_REGISTERED_DEVICE, &site,
                 "%s was deleted while registered with WMI; it has been deregistered", record->display_name);
  }
}
