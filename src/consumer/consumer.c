/*
 * consumer.c - wmisim's user-mode style consumer API, a thin layer over the
 * WMI service's consumer operations (the same ones IoWMI* use).
 */
#include <wmisim/consumer.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "rtl/text.h"
#include "wmi/events.h"
#include "wmi/wmi_internal.h"

#define DATA_ACCESS (WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE)
#define MAX_NAME 512

struct wmisim_block {
  struct wmi_service *service;
  GUID guid;
  struct wmi_guid *entry;      /* opened for data: the GUID's entry, which requests go to */
  ULONG access;
};

struct wmisim_subscription {
  struct wmi_subscriber *subscriber;
};

NTSTATUS wmisim_wmi_open(wmisim_t *sim, const GUID *guid, ULONG access, wmisim_block_t **out) {
  if (sim == NULL || guid == NULL || out == NULL) return STATUS_INVALID_PARAMETER;
  *out = NULL;
  struct wmi_service *service = wmi_of(sim);
  struct wmi_guid *entry = NULL;
  if ((access & DATA_ACCESS) && (entry = wmi_guid_registered(service, guid)) == NULL)
    return STATUS_WMI_GUID_NOT_FOUND;
  struct wmisim_block *block = malloc(sizeof *block);
  if (block == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  *block = (struct wmisim_block){service, *guid, entry, access};
  if (access & DATA_ACCESS) wmi_add_data_open(service, guid, 1);
  *out = block;
  return STATUS_SUCCESS;
}

void wmisim_wmi_close(wmisim_block_t *block) {
  if (block == NULL) return;
  if (block->access & DATA_ACCESS) wmi_add_data_open(block->service, &block->guid, -1);
  free(block);
}

/* An instance name in UTF-16 for the service. */
static bool wide_name(const char *name, WCHAR *out, size_t *length) {
  if (name == NULL || name[0] == '\0') return false;
  *length = text_utf8_to_utf16(name, strlen(name), out, MAX_NAME);
  return *length <= MAX_NAME;
}

static NTSTATUS check_access(const wmisim_block_t *block, ULONG access) {
  if (block == NULL) return STATUS_INVALID_PARAMETER;
  return (block->access & access) == access ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
}

NTSTATUS wmisim_wmi_query_all(wmisim_block_t *block, ULONG *size, void *buffer) {
  NTSTATUS status = check_access(block, WMIGUID_QUERY);
  if (!NT_SUCCESS(status)) return status;
  if (size == NULL) return STATUS_INVALID_PARAMETER;
  return wmi_query_all(block->entry, size, buffer);
}

NTSTATUS wmisim_wmi_query_single(wmisim_block_t *block, const char *instance, ULONG *size, void *buffer) {
  NTSTATUS status = check_access(block, WMIGUID_QUERY);
  if (!NT_SUCCESS(status)) return status;
  WCHAR name[MAX_NAME];
  size_t length;
  if (size == NULL || !wide_name(instance, name, &length)) return STATUS_INVALID_PARAMETER;
  return wmi_query_single(block->entry, name, length, size, buffer);
}

NTSTATUS wmisim_wmi_set_single(wmisim_block_t *block, const char *instance, ULONG size, const void *data) {
  NTSTATUS status = check_access(block, WMIGUID_SET);
  if (!NT_SUCCESS(status)) return status;
  WCHAR name[MAX_NAME];
  size_t length;
  if (!wide_name(instance, name, &length) || (size != 0 && data == NULL)) return STATUS_INVALID_PARAMETER;
  return wmi_set_single(block->entry, name, length, 0, size, data);
}

NTSTATUS wmisim_wmi_set_item(wmisim_block_t *block, const char *instance, ULONG item_id, ULONG size,
                             const void *data) {
  NTSTATUS status = check_access(block, WMIGUID_SET);
  if (!NT_SUCCESS(status)) return status;
  WCHAR name[MAX_NAME];
  size_t length;
  if (!wide_name(instance, name, &length) || (size != 0 && data == NULL)) return STATUS_INVALID_PARAMETER;
  return wmi_set_item(block->entry, name, length, item_id, 0, size, data);
}

NTSTATUS wmisim_wmi_execute_method(wmisim_block_t *block, const char *instance, ULONG method_id, ULONG input_size,
                                   const void *input, ULONG *output_size, void *output) {
  NTSTATUS status = check_access(block, WMIGUID_EXECUTE);
  if (!NT_SUCCESS(status)) return status;
  WCHAR name[MAX_NAME];
  size_t length;
  ULONG no_output = 0;
  if (output_size == NULL) output_size = &no_output;
  if (!wide_name(instance, name, &length) || (input_size != 0 && input == NULL)) return STATUS_INVALID_PARAMETER;
  return wmi_execute_method(block->entry, name, length, method_id, input_size, input, output_size,
                            output);
}

/* ---- events --------------------------------------------------------------------------------- */

struct consumer_callback {
  wmisim_event_fn fn;
  void *context;
};

static void forward_event(void *raw, const WNODE_HEADER *event, ULONG lost) {
  struct consumer_callback *callback = raw;
  callback->fn(callback->context, event, lost);
}

struct wmisim_subscription_with_callback {
  struct wmisim_subscription subscription;
  struct consumer_callback callback;
};

NTSTATUS wmisim_wmi_subscribe(wmisim_t *sim, const GUID *guid, wmisim_event_fn fn, void *context,
                              wmisim_subscription_t **out) {
  if (sim == NULL || guid == NULL || fn == NULL || out == NULL) return STATUS_INVALID_PARAMETER;
  struct wmisim_subscription_with_callback *s = malloc(sizeof *s);
  if (s == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  s->callback = (struct consumer_callback){fn, context};
  s->subscription.subscriber = wmi_subscribe(wmi_of(sim), guid, forward_event, &s->callback);
  if (s->subscription.subscriber == NULL) {
    free(s);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  *out = &s->subscription;
  return STATUS_SUCCESS;
}

void wmisim_wmi_unsubscribe(wmisim_subscription_t *subscription) {
  if (subscription == NULL) return;
  wmi_unsubscribe(subscription->subscriber);
  free(CONTAINING_RECORD(subscription, struct wmisim_subscription_with_callback, subscription));
}

uint64_t wmisim_wmi_events_dropped(wmisim_t *sim, const GUID *guid, bool queue_full) {
  return wmi_events_dropped(wmi_of(sim), guid, queue_full);
}
