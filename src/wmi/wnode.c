/*
 * wnode.c - WNODEs as WMI writes them into requests, and the checks on the
 * WNODEs drivers return. A driver's WNODE is never trusted: every size,
 * offset and count is checked against the bytes it really returned.
 */
#include <stdio.h>
#include <string.h>

#include "core/sim.h"
#include "wmi/wmi_internal.h"

#define ALIGN8(x) (((x) + 7u) & ~(ULONG)7u)

#define DATA_REQUEST_KINDS \
  (WNODE_FLAG_ALL_DATA | WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_SINGLE_ITEM | WNODE_FLAG_METHOD_ITEM)

void wmi_fill_header(WNODE_HEADER *header, const struct wmi_block *block, ULONG buffer_size, ULONG flags) {
  /* The WNODE_HEADER page: WMI sets WNODE_FLAG_STATIC_INSTANCE_NAMES before
   * requesting data of a block registered with static names, and
   * WNODE_FLAG_PDO_INSTANCE_NAMES for PDO-based names. */
  if ((flags & DATA_REQUEST_KINDS) && block->name_kind != WMI_NAMES_DYNAMIC) {
    flags |= WNODE_FLAG_STATIC_INSTANCE_NAMES;
    if (block->name_kind == WMI_NAMES_PDO) flags |= WNODE_FLAG_PDO_INSTANCE_NAMES;
  }
  header->BufferSize = buffer_size;
  header->ProviderId = block->provider->provider_id;
  header->HistoricalContext = 0;
  header->TimeStamp.QuadPart = 0; /* wmi_send's, as it sends the request */
  header->Guid = block->guid;
  header->ClientContext = 0;
  header->Flags = flags;
}

ULONG wmi_put_instance_name(void *wnode, ULONG offset, const WCHAR *name, size_t length) {
  unsigned char *base = wnode;
  USHORT bytes = (USHORT)(length * sizeof(WCHAR));
  memcpy(base + offset, &bytes, sizeof bytes);
  memcpy(base + offset + sizeof bytes, name, bytes);
  return ALIGN8(offset + (ULONG)sizeof bytes + bytes);
}

/* A range [offset, offset + length) inside `size` bytes, without overflow. */
static bool within(uint64_t offset, uint64_t length, uint64_t size) {
  return offset <= size && length <= size - offset;
}

static bool fail(char *why, size_t size, const char *format, unsigned long a, unsigned long b) {
  snprintf(why, size, format, a, b);
  return false;
}

static bool check_too_small(const WNODE_HEADER *header, ULONG valid, ULONG buffer_size, char *why, size_t size) {
  if (valid < sizeof(WNODE_TOO_SMALL))
    return fail(why, size, "WNODE_TOO_SMALL returned in %lu bytes; it needs %lu", valid, sizeof(WNODE_TOO_SMALL));
  ULONG needed = ((const WNODE_TOO_SMALL *)header)->SizeNeeded;
  if (needed <= buffer_size)
    return fail(why, size, "WNODE_TOO_SMALL asks for %lu bytes but the buffer already had %lu", needed, buffer_size);
  return true;
}

static bool check_dynamic_names(const WNODE_ALL_DATA *all, ULONG size, char *why, size_t why_size) {
  const unsigned char *base = (const unsigned char *)all;
  ULONG at = all->OffsetInstanceNameOffsets;
  if (!within(at, (uint64_t)all->InstanceCount * sizeof(ULONG), size) || at % sizeof(ULONG) != 0)
    return fail(why, why_size, "OffsetInstanceNameOffsets 0x%lx for %lu names is outside the WNODE or misaligned",
                at, all->InstanceCount);
  for (ULONG i = 0; i < all->InstanceCount; i++) {
    ULONG name;
    memcpy(&name, base + at + i * sizeof(ULONG), sizeof name);
    USHORT bytes = 0;
    if (!within(name, sizeof(USHORT), size) || name % 2 != 0)
      return fail(why, why_size, "instance name %lu at offset 0x%lx is outside the WNODE or misaligned", i, name);
    memcpy(&bytes, base + name, sizeof bytes);
    if (bytes % 2 != 0 || !within(name + sizeof(USHORT), bytes, size))
      return fail(why, why_size, "instance name %lu at offset 0x%lx has an odd or out-of-range length", i, name);
  }
  return true;
}

static bool check_all_data(const WNODE_ALL_DATA *all, ULONG size, char *why, size_t why_size) {
  ULONG header_end = (ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength);
  ULONG count = all->InstanceCount;
  if (size < header_end) return fail(why, why_size, "WNODE_ALL_DATA of %lu bytes is shorter than its %lu-byte header", size, header_end);
  if (all->WnodeHeader.Flags & WNODE_FLAG_FIXED_INSTANCE_SIZE) {
    uint64_t stride = ALIGN8((uint64_t)all->FixedInstanceSize);
    uint64_t end = count == 0 ? all->DataBlockOffset
                              : all->DataBlockOffset + (count - 1) * stride + all->FixedInstanceSize;
    if (count != 0 && (all->DataBlockOffset < header_end || all->DataBlockOffset % 8 != 0))
      return fail(why, why_size, "DataBlockOffset 0x%lx is inside the header or not 8-byte aligned",
                  all->DataBlockOffset, 0);
    if (end > size)
      return fail(why, why_size, "%lu fixed-size instances end past the WNODE's %lu bytes", count, size);
  } else {
    if (!within(header_end, (uint64_t)count * sizeof(OFFSETINSTANCEDATAANDLENGTH), size))
      return fail(why, why_size, "the OffsetInstanceDataAndLength array for %lu instances ends past %lu bytes", count, size);
    uint64_t array_end = header_end + (uint64_t)count * sizeof(OFFSETINSTANCEDATAANDLENGTH);
    for (ULONG i = 0; i < count; i++) {
      const OFFSETINSTANCEDATAANDLENGTH *entry = &all->OffsetInstanceDataAndLength[i];
      if (entry->LengthInstanceData != 0 && entry->OffsetInstanceData < array_end)
        return fail(why, why_size, "instance %lu's data at offset 0x%lx overlaps the header or the offsets array", i,
                    entry->OffsetInstanceData);
      if (!within(entry->OffsetInstanceData, entry->LengthInstanceData, size))
        return fail(why, why_size, "instance %lu's data at offset 0x%lx is outside the WNODE", i, entry->OffsetInstanceData);
      if (entry->OffsetInstanceData % 8 != 0)
        return fail(why, why_size, "instance %lu's data at offset 0x%lx is not 8-byte aligned", i, entry->OffsetInstanceData);
    }
  }
  if (!(all->WnodeHeader.Flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) && all->OffsetInstanceNameOffsets != 0)
    return check_dynamic_names(all, size, why, why_size);
  return true;
}

/* A counted instance name at `offset` lies inside `size` bytes. */
static bool name_inside(const void *wnode, ULONG offset, ULONG size) {
  USHORT bytes;
  if (offset % 2 != 0 || !within(offset, sizeof bytes, size)) return false;
  memcpy(&bytes, (const unsigned char *)wnode + offset, sizeof bytes);
  return bytes % 2 == 0 && within((uint64_t)offset + sizeof bytes, bytes, size);
}

/* WNODE_SINGLE_INSTANCE and WNODE_METHOD_ITEM share the fields checked here. */
static bool check_single(const void *wnode, ULONG name_offset, ULONG data_offset, ULONG data_size, ULONG fixed,
                         ULONG size, ULONG expected_offset, char *why, size_t why_size) {
  if (expected_offset != 0 && data_offset != expected_offset)
    return fail(why, why_size, "DataBlockOffset changed from 0x%lx to 0x%lx", expected_offset, data_offset);
  if (data_offset < fixed || !within(data_offset, data_size, size))
    return fail(why, why_size, "the data (offset 0x%lx, %lu bytes) lies outside the WNODE", data_offset, data_size);
  if (name_offset != 0 && !name_inside(wnode, name_offset, size))
    return fail(why, why_size, "the instance name at OffsetInstanceName 0x%lx is not a counted string inside the %lu bytes",
                name_offset, size);
  return true;
}

bool wmi_check_returned_wnode(UCHAR minor, const void *wnode, ULONG valid, ULONG buffer_size,
                              ULONG expected_data_offset, char *why, size_t why_size) {
  const WNODE_HEADER *header = wnode;
  if (valid < sizeof(WNODE_HEADER))
    return fail(why, why_size, "Information is %lu bytes, less than a WNODE_HEADER (%lu)", valid, sizeof(WNODE_HEADER));
  if (header->Flags & WNODE_FLAG_TOO_SMALL) return check_too_small(header, valid, buffer_size, why, why_size);
  if (header->BufferSize > valid)
    return fail(why, why_size, "WnodeHeader.BufferSize is %lu but only %lu bytes were returned", header->BufferSize, valid);
  ULONG size = header->BufferSize;
  switch (minor) {
  case IRP_MN_QUERY_ALL_DATA:
    return check_all_data(wnode, size, why, why_size);
  case IRP_MN_QUERY_SINGLE_INSTANCE: {
    const WNODE_SINGLE_INSTANCE *single = wnode;
    if (size < sizeof *single) return fail(why, why_size, "the WNODE's %lu bytes are shorter than its %lu-byte header", size, sizeof *single);
    return check_single(wnode, single->OffsetInstanceName, single->DataBlockOffset, single->SizeDataBlock,
                        sizeof *single, size, expected_data_offset, why, why_size);
  }
  case IRP_MN_EXECUTE_METHOD: {
    const WNODE_METHOD_ITEM *method = wnode;
    if (size < sizeof *method) return fail(why, why_size, "the WNODE's %lu bytes are shorter than its %lu-byte header", size, sizeof *method);
    return check_single(wnode, method->OffsetInstanceName, method->DataBlockOffset, method->SizeDataBlock,
                        sizeof *method, size, expected_data_offset, why, why_size);
  }
  default:
    return true;
  }
}
