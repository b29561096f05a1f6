/*
 * send.c - one stress request: its WNODE laid out as WMI lays out the
 * requests it sends (wmi/query.c, wmi/change.c), cut to the buffer size
 * the plan chose, sent through the WMI service's request path, and what
 * comes back checked as the service checks its own answers.
 */
#include "stress/stress_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "wmi/wmi_internal.h"

#define ALIGN8(x) (((x) + 7u) & ~(ULONG)7u)

/* Writes the counted instance name at `offset`; returns the aligned
 * offset after it, where the data goes. */
static ULONG put_name(unsigned char *wnode, ULONG offset, const struct stress_request *r) {
  USHORT bytes = (USHORT)(r->name_length * sizeof(WCHAR));
  memcpy(wnode + offset, &bytes, sizeof bytes);
  memcpy(wnode + offset + sizeof bytes, r->name, bytes);
  return ALIGN8(offset + (ULONG)sizeof bytes + bytes);
}

static void put_data(unsigned char *at, const struct stress_request *r) {
  uint64_t state = r->data_seed;
  for (ULONG i = 0; i < r->data_size; i += sizeof(uint64_t)) {
    uint64_t bytes = stress_next(&state);
    memcpy(at + i, &bytes, r->data_size - i < sizeof bytes ? r->data_size - i : sizeof bytes);
  }
}

static ULONG header_flags(const struct stress_request *r, ULONG kind) {
  if (kind == 0 || r->dynamic_name || r->block == NULL || !r->block->static_names) return kind;
  return kind | WNODE_FLAG_STATIC_INSTANCE_NAMES | (r->block->pdo_names ? WNODE_FLAG_PDO_INSTANCE_NAMES : 0);
}

/* The single-instance part shared by WNODE_SINGLE_INSTANCE, _ITEM and
 * WNODE_METHOD_ITEM: name offset, index, then name and data. Returns the
 * DataBlockOffset. */
static ULONG put_instance(unsigned char *wnode, ULONG fixed, const struct stress_request *r, ULONG *name_offset,
                          ULONG *index) {
  *name_offset = fixed;
  *index = r->dynamic_name ? 0 : r->index;
  ULONG data_offset = put_name(wnode, fixed, r);
  put_data(wnode + data_offset, r);
  return data_offset;
}

/* Lays the full request WNODE out in `wnode` (large enough); returns its
 * input size and sets *data_offset (0 when it has none). */
static ULONG lay_out(unsigned char *wnode, const struct stress_request *r, struct wmisim *sim, ULONG *data_offset) {
  WNODE_HEADER *header = (WNODE_HEADER *)wnode;
  header->ProviderId = r->target->provider_id;
  header->TimeStamp.QuadPart = sim_clock_now(sim);
  header->Guid = r->guid;
  *data_offset = 0;
  ULONG size = sizeof *header;
  switch (r->minor) {
  case IRP_MN_QUERY_ALL_DATA:
    header->Flags = header_flags(r, WNODE_FLAG_ALL_DATA);
    size = (ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength);
    break;
  case IRP_MN_QUERY_SINGLE_INSTANCE:
  case IRP_MN_CHANGE_SINGLE_INSTANCE: {
    WNODE_SINGLE_INSTANCE *single = (WNODE_SINGLE_INSTANCE *)wnode;
    header->Flags = header_flags(r, WNODE_FLAG_SINGLE_INSTANCE);
    *data_offset = put_instance(wnode, sizeof *single, r, &single->OffsetInstanceName, &single->InstanceIndex);
    single->DataBlockOffset = *data_offset;
    single->SizeDataBlock = r->data_size;
    size = *data_offset + r->data_size;
    break;
  }
  case IRP_MN_CHANGE_SINGLE_ITEM: {
    WNODE_SINGLE_ITEM *item = (WNODE_SINGLE_ITEM *)wnode;
    header->Flags = header_flags(r, WNODE_FLAG_SINGLE_ITEM);
    *data_offset = put_instance(wnode, sizeof *item, r, &item->OffsetInstanceName, &item->InstanceIndex);
    item->ItemId = r->id;
    item->DataBlockOffset = *data_offset;
    item->SizeDataItem = r->data_size;
    size = *data_offset + r->data_size;
    break;
  }
  case IRP_MN_EXECUTE_METHOD: {
    WNODE_METHOD_ITEM *method = (WNODE_METHOD_ITEM *)wnode;
    header->Flags = header_flags(r, WNODE_FLAG_METHOD_ITEM);
    *data_offset = put_instance(wnode, sizeof *method, r, &method->OffsetInstanceName, &method->InstanceIndex);
    method->MethodId = r->id;
    method->DataBlockOffset = *data_offset;
    method->SizeDataBlock = r->data_size;
    size = *data_offset + r->data_size;
    break;
  }
  default:
    break;
  }
  /* Queries carry the room for output; sets and methods their input size
   * (the WNODE_HEADER page). */
  bool query = r->minor == IRP_MN_QUERY_ALL_DATA || r->minor == IRP_MN_QUERY_SINGLE_INSTANCE;
  header->BufferSize = query ? r->buffer_size : size;
  return size;
}

/* A guarded request buffer holding as much of the request as fits. */
static void *build(struct stress_run *run, const struct stress_request *r, ULONG *data_offset) {
  size_t room = sizeof(WNODE_METHOD_ITEM) + 2 + STRESS_NAME_CHARS * sizeof(WCHAR) + 8 + r->data_size;
  unsigned char *full = calloc(1, room > r->buffer_size ? room : r->buffer_size);
  void *buffer = wmi_buffer_alloc(r->buffer_size);
  if (full == NULL || buffer == NULL) {
    free(full);
    wmi_buffer_free(buffer);
    return NULL;
  }
  ULONG size = lay_out(full, r, run->sim, data_offset);
  memcpy(buffer, full, size < r->buffer_size ? size : r->buffer_size);
  if (*data_offset > r->buffer_size) *data_offset = 0;
  free(full);
  return buffer;
}

static bool returns_wnode(UCHAR minor) {
  return minor == IRP_MN_QUERY_ALL_DATA || minor == IRP_MN_QUERY_SINGLE_INSTANCE || minor == IRP_MN_EXECUTE_METHOD;
}

/* The service's checks on an answer (wmi/exchange.c): a WNODE that claims
 * more than the driver returned is reported. */
static void check_answer(struct stress_run *run, struct stress_request *r, const struct wmi_request *sent,
                         ULONG data_offset) {
  if (!NT_SUCCESS(sent->status) || !returns_wnode(r->minor) || sent->information > r->buffer_size) return;
  char why[256];
  if (wmi_check_returned_wnode(r->minor, sent->buffer, (ULONG)sent->information, r->buffer_size, data_offset, why,
                               sizeof why))
    return;
  struct check_site site = {r->target->device, NULL, "DispatchSystemControl"};
  struct check_irp_ref ref = {sent->irp_id, IRP_MJ_SYSTEM_CONTROL, r->minor};
  check_report_irp(run->sim, CHECK_WMI_MALFORMED_WNODE, &site, &ref, "%s answered %s with a bad WNODE: %s",
                   r->target->name, wmisim_minor_name(IRP_MJ_SYSTEM_CONTROL, r->minor), why);
}

static void note_enable(struct stress_request *r, NTSTATUS status) {
  if (r->block == NULL || r->provider_id != 0 || !NT_SUCCESS(status)) return;
  switch (r->minor) {
  case IRP_MN_ENABLE_EVENTS: r->block->events_sent = 1; break;
  case IRP_MN_DISABLE_EVENTS: r->block->events_sent = 0; break;
  case IRP_MN_ENABLE_COLLECTION: r->block->collection_sent = 1; break;
  case IRP_MN_DISABLE_COLLECTION: r->block->collection_sent = 0; break;
  default: break;
  }
}

/* Reserves the target's provider so it stays while the request is in
 * flight; NULL if it takes no more requests. */
static struct wmi_provider *reserve(struct stress_run *run, struct stress_target *target) {
  plat_mutex_lock(&run->service->lock);
  struct wmi_provider *provider = wmi_provider_of_device(run->service, target->device);
  if (provider != NULL && !wmi_provider_reserve(provider)) provider = NULL;
  plat_mutex_unlock(&run->service->lock);
  return provider;
}

NTSTATUS stress_send(struct stress_run *run, struct stress_request *r, bool *sent) {
  *sent = false;
  struct wmi_provider *provider = reserve(run, r->target);
  if (provider == NULL) {
    r->target->gone = true;
    return STATUS_WMI_GUID_NOT_FOUND;
  }
  ULONG data_offset;
  void *buffer = build(run, r, &data_offset);
  NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
  if (buffer != NULL) {
    struct wmi_request request = {r->minor, &r->guid, 0, buffer, r->buffer_size, 0, 0, 0, r->provider_id, false};
    status = wmi_send(provider, &request, false);
    *sent = request.irp_id != 0;
    if (request.buffer != NULL) { /* NULL: abandoned to a late completion, which frees it */
      check_answer(run, r, &request, data_offset);
      wmi_buffer_free(request.buffer);
    }
  }
  note_enable(r, status);
  plat_mutex_lock(&run->service->lock);
  wmi_provider_unreserve(provider);
  plat_mutex_unlock(&run->service->lock);
  return status;
}
