/*
 * wnode_walk.c - walking WNODE chains for consumers and tests.
 */
#include <wmisim/wnode.h>

#include <stdio.h>
#include <string.h>

#include "rtl/text.h"

static bool within(uint64_t offset, uint64_t length, uint64_t size) {
  return offset <= size && length <= size - offset;
}

static bool fail(char *why, size_t size, const char *text, size_t at) {
  if (why != NULL && size > 0) snprintf(why, size, "WNODE at offset %zu: %s", at, text);
  return false;
}

/* A counted name (USHORT byte length, WCHARs) at `offset` within `size`. */
static bool read_name(const unsigned char *wnode, ULONG size, ULONG offset, char *out, size_t out_size) {
  USHORT bytes;
  if (!within(offset, sizeof bytes, size)) return false;
  memcpy(&bytes, wnode + offset, sizeof bytes);
  if (bytes % 2 != 0 || !within(offset + sizeof bytes, bytes, size)) return false;
  WCHAR name[512];
  size_t chars = bytes / 2 < 512 ? bytes / 2 : 512;
  memcpy(name, wnode + offset + sizeof bytes, chars * sizeof(WCHAR));
  text_utf16_to_utf8(name, chars, out, out_size);
  return true;
}

/* Locates instance `i` of one WNODE; false if it has no such instance or
 * the WNODE is inconsistent. */
static bool locate(const unsigned char *wnode, ULONG size, ULONG i, wmisim_wnode_instance_t *out) {
  const WNODE_HEADER *header = (const WNODE_HEADER *)wnode;
  memset(out, 0, sizeof *out);
  out->wnode = header;
  out->guid = header->Guid;
  out->index = i;
  if (header->Flags & WNODE_FLAG_ALL_DATA) {
    const WNODE_ALL_DATA *all = (const WNODE_ALL_DATA *)wnode;
    ULONG fixed = (ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength);
    if (size < fixed || i >= all->InstanceCount) return false;
    uint64_t offset, length;
    if (header->Flags & WNODE_FLAG_FIXED_INSTANCE_SIZE) {
      length = all->FixedInstanceSize;
      offset = all->DataBlockOffset + (uint64_t)i * ((length + 7u) & ~(uint64_t)7u);
    } else {
      if (!within(fixed, ((uint64_t)i + 1) * sizeof(OFFSETINSTANCEDATAANDLENGTH), size)) return false;
      OFFSETINSTANCEDATAANDLENGTH entry;
      memcpy(&entry, wnode + fixed + i * sizeof entry, sizeof entry);
      offset = entry.OffsetInstanceData;
      length = entry.LengthInstanceData;
    }
    if (!within(offset, length, size)) return false;
    out->data = wnode + offset;
    out->size = (ULONG)length;
    if (all->OffsetInstanceNameOffsets != 0 &&
        within(all->OffsetInstanceNameOffsets, ((uint64_t)i + 1) * sizeof(ULONG), size)) {
      ULONG name_at;
      memcpy(&name_at, wnode + all->OffsetInstanceNameOffsets + i * sizeof(ULONG), sizeof name_at);
      if (!read_name(wnode, size, name_at, out->name, sizeof out->name)) return false;
    }
    return true;
  }
  if (header->Flags & (WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_METHOD_ITEM | WNODE_FLAG_SINGLE_ITEM)) {
    if (i != 0) return false;
    /* The three share OffsetInstanceName and InstanceIndex; where the data
     * is differs (WNODE_SINGLE_ITEM and WNODE_METHOD_ITEM have an id first). */
    ULONG name_at, index, data_at, data_size;
    if (header->Flags & WNODE_FLAG_SINGLE_ITEM) {
      const WNODE_SINGLE_ITEM *item = (const WNODE_SINGLE_ITEM *)wnode;
      if (size < FIELD_OFFSET(WNODE_SINGLE_ITEM, VariableData)) return false;
      name_at = item->OffsetInstanceName;
      index = item->InstanceIndex;
      data_at = item->DataBlockOffset;
      data_size = item->SizeDataItem;
    } else if (header->Flags & WNODE_FLAG_METHOD_ITEM) {
      const WNODE_METHOD_ITEM *method = (const WNODE_METHOD_ITEM *)wnode;
      if (size < FIELD_OFFSET(WNODE_METHOD_ITEM, VariableData)) return false;
      name_at = method->OffsetInstanceName;
      index = method->InstanceIndex;
      data_at = method->DataBlockOffset;
      data_size = method->SizeDataBlock;
    } else {
      const WNODE_SINGLE_INSTANCE *single = (const WNODE_SINGLE_INSTANCE *)wnode;
      if (size < FIELD_OFFSET(WNODE_SINGLE_INSTANCE, VariableData)) return false;
      name_at = single->OffsetInstanceName;
      index = single->InstanceIndex;
      data_at = single->DataBlockOffset;
      data_size = single->SizeDataBlock;
    }
    if (!within(data_at, data_size, size)) return false;
    out->data = wnode + data_at;
    out->size = data_size;
    if (header->Flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) out->index = index;
    if (name_at != 0 && !read_name(wnode, size, name_at, out->name, sizeof out->name)) return false;
    return true;
  }
  if (i != 0) return false;
  /* A bare event item: the data follows the header. */
  out->data = wnode + sizeof *header;
  out->size = size - (ULONG)sizeof *header;
  return true;
}

static ULONG instance_count(const unsigned char *wnode) {
  const WNODE_HEADER *header = (const WNODE_HEADER *)wnode;
  if (header->Flags & WNODE_FLAG_TOO_SMALL) return 0;
  if (header->Flags & WNODE_FLAG_ALL_DATA) return ((const WNODE_ALL_DATA *)wnode)->InstanceCount;
  return 1;
}

bool wmisim_wnode_walk_init(wmisim_wnode_walk_t *walk, const void *buffer, size_t size, char *why, size_t why_size) {
  memset(walk, 0, sizeof *walk);
  walk->buffer = buffer;
  walk->size = size;
  size_t at = 0;
  for (int links = 0; links < 100000; links++) {
    if (!within(at, sizeof(WNODE_HEADER), size)) return fail(why, why_size, "header outside the buffer", at);
    const WNODE_HEADER *header = (const WNODE_HEADER *)(walk->buffer + at);
    if (header->BufferSize < sizeof *header || !within(at, header->BufferSize, size))
      return fail(why, why_size, "BufferSize outside the buffer", at);
    ULONG count = instance_count(walk->buffer + at);
    for (ULONG i = 0; i < count; i++) {
      wmisim_wnode_instance_t probe;
      if (!locate(walk->buffer + at, header->BufferSize, i, &probe))
        return fail(why, why_size, "an instance lies outside the WNODE", at);
    }
    if (header->Linkage == 0) return true;
    if (header->Linkage < sizeof *header) return fail(why, why_size, "Linkage points backwards", at);
    at += header->Linkage;
  }
  return fail(why, why_size, "the chain does not end", at);
}

bool wmisim_wnode_next(wmisim_wnode_walk_t *walk, wmisim_wnode_instance_t *instance) {
  while (walk->buffer != NULL && within(walk->at, sizeof(WNODE_HEADER), walk->size)) {
    const unsigned char *wnode = walk->buffer + walk->at;
    const WNODE_HEADER *header = (const WNODE_HEADER *)wnode;
    if (walk->next_index < instance_count(wnode)) {
      if (!locate(wnode, header->BufferSize, walk->next_index++, instance)) return false;
      return true;
    }
    if (header->Linkage == 0) return false;
    walk->at += header->Linkage;
    walk->next_index = 0;
  }
  return false;
}

size_t wmisim_wnode_count(const void *buffer, size_t size) {
  wmisim_wnode_walk_t walk;
  if (!wmisim_wnode_walk_init(&walk, buffer, size, NULL, 0)) return 0;
  size_t count = 0;
  wmisim_wnode_instance_t instance;
  while (wmisim_wnode_next(&walk, &instance)) count++;
  return count;
}

static bool same_name(const char *a, const char *b) {
  for (; *a != '\0' && *b != '\0'; a++, b++) {
    char x = (*a >= 'a' && *a <= 'z') ? (char)(*a - 32) : *a, y = (*b >= 'a' && *b <= 'z') ? (char)(*b - 32) : *b;
    if (x != y) return false;
  }
  return *a == *b;
}

bool wmisim_wnode_find(const void *buffer, size_t size, const char *name, wmisim_wnode_instance_t *instance) {
  wmisim_wnode_walk_t walk;
  if (!wmisim_wnode_walk_init(&walk, buffer, size, NULL, 0)) return false;
  while (wmisim_wnode_next(&walk, instance))
    if (same_name(instance->name, name)) return true;
  return false;
}
