/*
 * query.c - IRP_MN_QUERY_ALL_DATA and IRP_MN_QUERY_SINGLE_INSTANCE for
 * consumers. A query of all data asks every provider of the GUID and
 * chains their WNODE_ALL_DATAs through WnodeHeader.Linkage.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "platform/atomic.h"
#include "wmi/exchange.h"

#define ALIGN8(x) (((x) + 7u) & ~(ULONG)7u)
#define FIRST_QUERY_SIZE 1024
#define MAX_RESULT_SIZE (256u << 20)

static ULONG first_size(const struct wmi_block *block, ULONG minimum) {
  ULONG cached = (ULONG)atomic_load_i32(&block->cached_size);
  return cached > minimum ? cached : (minimum > FIRST_QUERY_SIZE ? minimum : FIRST_QUERY_SIZE);
}

/* ---- all data --------------------------------------------------------------------------------- */

static ULONG build_all_data(void *wnode, ULONG size, const struct wmi_block *block, const void *args) {
  (void)args;
  wmi_fill_header(wnode, block, size, WNODE_FLAG_ALL_DATA);
  return 0;
}

/* What consumers receive: the driver's WNODE_ALL_DATA with WMI's header
 * fields and, for static names, the instance names appended, 8-byte
 * aligned after the driver's data (names_region.c). Its size: */
static uint64_t consumer_all_data_size(const struct wmi_block *block, const WNODE_ALL_DATA *all) {
  return ALIGN8(all->WnodeHeader.BufferSize) + wmi_names_region_size(block, all->InstanceCount);
}

/* ... and the WNODE itself, written straight into the consumer's buffer:
 * `size` bytes from consumer_all_data_size, padding zeroed. */
static void write_consumer_all_data(struct wmi_block *block, const WNODE_ALL_DATA *all, unsigned char *out,
                                    ULONG size) {
  ULONG driver_size = all->WnodeHeader.BufferSize, base = ALIGN8(driver_size);
  memcpy(out, all, driver_size);
  memset(out + driver_size, 0, base - driver_size);
  WNODE_ALL_DATA head; /* the fixed part, through a copy: `out` need not be aligned */
  memcpy(&head, out, FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength));
  head.WnodeHeader.Guid = block->guid;
  head.WnodeHeader.ProviderId = block->provider->provider_id;
  head.WnodeHeader.Linkage = 0;
  head.WnodeHeader.BufferSize = size;
  if (block->name_kind != WMI_NAMES_DYNAMIC) {
    head.WnodeHeader.Flags |= WNODE_FLAG_STATIC_INSTANCE_NAMES;
    head.OffsetInstanceNameOffsets = base;
    wmi_write_names_region(block, all->InstanceCount, out, base);
  }
  memcpy(out, &head, FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength));
}

/* A provider's answer: its driver's WNODE and what the consumer gets of it. */
struct piece {
  struct wmi_block *block;
  void *wnode;
  ULONG size;
};

/* Chains the pieces through Linkage, straight into the consumer's buffer
 * (no copy in between), or says the size needed. */
static NTSTATUS assemble(const struct piece *pieces, size_t count, ULONG *size, void *out) {
  uint64_t total = 0;
  for (size_t i = 0; i < count; i++) total += ALIGN8(pieces[i].size);
  if (total > MAX_RESULT_SIZE) return STATUS_INSUFFICIENT_RESOURCES;
  if (out == NULL || *size < total) {
    *size = (ULONG)total;
    return STATUS_BUFFER_TOO_SMALL;
  }
  unsigned char *at = out;
  for (size_t i = 0; i < count; i++) {
    ULONG room = ALIGN8(pieces[i].size);
    write_consumer_all_data(pieces[i].block, pieces[i].wnode, at, pieces[i].size);
    memset(at + pieces[i].size, 0, room - pieces[i].size);
    ULONG linkage = i + 1 < count ? room : 0;
    memcpy(at + FIELD_OFFSET(WNODE_HEADER, Linkage), &linkage, sizeof linkage);
    at += room;
  }
  *size = (ULONG)total;
  return STATUS_SUCCESS;
}

NTSTATUS wmi_query_all(struct wmi_guid *entry, ULONG *size, void *out) {
  struct wmi_target targets[WMI_MAX_TARGETS];
  size_t count = wmi_reserve_targets(entry, false, targets, WMI_MAX_TARGETS);
  if (count == 0) return STATUS_WMI_GUID_NOT_FOUND;
  struct piece pieces[WMI_MAX_TARGETS];
  size_t filled = 0;
  NTSTATUS first_error = STATUS_SUCCESS;
  for (size_t i = 0; i < count; i++) {
    void *wnode;
    ULONG valid;
    ULONG minimum = (ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength);
    NTSTATUS status = wmi_exchange(&targets[i], IRP_MN_QUERY_ALL_DATA, build_all_data, NULL,
                                   first_size(targets[i].block, minimum), &wnode, &valid);
    if (!NT_SUCCESS(status)) {
      if (NT_SUCCESS(first_error)) first_error = status;
      continue;
    }
    uint64_t piece_size = consumer_all_data_size(targets[i].block, wnode);
    if (piece_size > MAX_RESULT_SIZE) {
      wmi_buffer_free(wnode);
      continue;
    }
    pieces[filled++] = (struct piece){targets[i].block, wnode, (ULONG)piece_size};
  }
  /* The blocks stay reserved while their names are written. */
  NTSTATUS status = filled == 0 ? first_error : assemble(pieces, filled, size, out);
  for (size_t i = 0; i < filled; i++) wmi_buffer_free(pieces[i].wnode);
  wmi_release_targets(targets, count);
  return status;
}

/* ---- single instance ----------------------------------------------------------------------- */

/* The header, then the instance name (WMI includes it even for static
 * names), then the data area, 8-byte aligned. */
static ULONG build_single(void *wnode, ULONG size, const struct wmi_block *block, const void *raw) {
  const struct instance_args *args = raw;
  WNODE_SINGLE_INSTANCE *single = wnode;
  wmi_fill_header(wnode, block, size,
                  WNODE_FLAG_SINGLE_INSTANCE | (args->dynamic ? 0 : WNODE_FLAG_STATIC_INSTANCE_NAMES));
  single->OffsetInstanceName = sizeof *single;
  single->InstanceIndex = args->dynamic ? 0 : args->index;
  single->DataBlockOffset = wmi_put_instance_name(wnode, sizeof *single, args->name, args->length);
  single->SizeDataBlock = 0;
  return single->DataBlockOffset;
}

ULONG wmi_instance_request_size(ULONG fixed, size_t name_length, ULONG data) {
  return ALIGN8(fixed + 2 + (ULONG)name_length * 2u) + data;
}

NTSTATUS wmi_for_instance(struct wmi_guid *entry, const WCHAR *name, size_t length,
                          NTSTATUS (*attempt)(struct wmi_target *target, struct instance_args *args, void *context),
                          void *context) {
  struct wmi_target targets[WMI_MAX_TARGETS];
  size_t count = wmi_reserve_targets(entry, false, targets, WMI_MAX_TARGETS);
  if (count == 0) return STATUS_WMI_GUID_NOT_FOUND;
  struct instance_args args = {name, length, 0, false};
  size_t which;
  bool dynamic;
  NTSTATUS status = STATUS_WMI_INSTANCE_NOT_FOUND;
  if (wmi_locate_instance(targets, count, name, length, &which, &args.index, &dynamic)) {
    status = attempt(&targets[which], &args, context);
  } else if (dynamic) {
    args.dynamic = true;
    for (size_t i = 0; i < count && status == STATUS_WMI_INSTANCE_NOT_FOUND; i++)
      if (targets[i].block->name_kind == WMI_NAMES_DYNAMIC) status = attempt(&targets[i], &args, context);
  }
  wmi_release_targets(targets, count);
  return status;
}

struct single_result {
  ULONG *size;
  void *out;
};

static NTSTATUS query_single_attempt(struct wmi_target *target, struct instance_args *args, void *context) {
  struct single_result *result = context;
  void *wnode;
  ULONG valid;
  ULONG minimum = wmi_instance_request_size(sizeof(WNODE_SINGLE_INSTANCE), args->length, 0);
  NTSTATUS status = wmi_exchange(target, IRP_MN_QUERY_SINGLE_INSTANCE, build_single, args,
                                 first_size(target->block, minimum + 256), &wnode, &valid);
  if (!NT_SUCCESS(status)) return status;
  WNODE_SINGLE_INSTANCE *single = wnode;
  single->WnodeHeader.Guid = target->block->guid;
  single->WnodeHeader.ProviderId = target->provider->provider_id;
  ULONG total = single->WnodeHeader.BufferSize;
  if (result->out == NULL || *result->size < total) {
    *result->size = total;
    status = STATUS_BUFFER_TOO_SMALL;
  } else {
    memcpy(result->out, wnode, total);
    *result->size = total;
  }
  wmi_buffer_free(wnode);
  return status;
}

NTSTATUS wmi_query_single(struct wmi_guid *entry, const WCHAR *name, size_t length, ULONG *size, void *out) {
  struct single_result result = {size, out};
  return wmi_for_instance(entry, name, length, query_single_attempt, &result);
}
