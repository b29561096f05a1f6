/*
 * wnode.c - decode and validate whole WNODEs: WNODE_ALL_DATA (and chains
 * linked by WnodeHeader.Linkage), WNODE_SINGLE_INSTANCE (queries and
 * WmiFireEvent events), WNODE_SINGLE_ITEM and plain WNODE_EVENT_ITEM.
 *
 * One walker serves both: decoding keeps the objects, validation (strict)
 * checks the structure as well (8-byte aligned blocks, sizes consistent)
 * and throws the objects away. Fields are read with bounds checks from the
 * raw bytes: a driver's buffer is untrusted input.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"
#include "mof/codec.h"

typedef struct walker {
  const unsigned char *bytes;
  ULONG size;
  const wmisim_mof_class *cls;
  wmisim_mof_diagnostics *diags;
  int strict;      /* validating: structural checks and findings */
  int violations;
  mof_vec instances; /* of wmisim_mof_wnode_instance (decoding only) */
} walker;

static int read_ulong(const walker *w, ULONG offset, ULONG *value) {
  if (offset > w->size || w->size - offset < 4)
    return 0;
  const unsigned char *p = w->bytes + offset;
  *value = (ULONG)p[0] | ((ULONG)p[1] << 8) | ((ULONG)p[2] << 16) | ((ULONG)p[3] << 24);
  return 1;
}

static NTSTATUS malformed(walker *w, ULONG offset, const char *message) {
  mof_diag_block(w->diags, (long)offset, "%s", message);
  return STATUS_DATA_ERROR;
}

static NTSTATUS field(walker *w, ULONG node, size_t field_offset, ULONG *value) {
  if (!read_ulong(w, node + (ULONG)field_offset, value))
    return malformed(w, node, "WNODE is shorter than its header fields");
  return STATUS_SUCCESS;
}

/* A counted UTF-16 name: USHORT byte length, then the characters. */
static NTSTATUS read_name(walker *w, ULONG offset, char **name) {
  if (offset > w->size || w->size - offset < 2)
    return malformed(w, offset, "instance name offset is outside the WNODE");
  ULONG length = (ULONG)w->bytes[offset] | ((ULONG)w->bytes[offset + 1] << 8);
  if (w->strict && offset % 2 != 0)
    return malformed(w, offset, "instance name is not USHORT aligned");
  if (length % 2 != 0 || w->size - offset - 2 < length)
    return malformed(w, offset, "instance name length is odd or runs past the WNODE");
  *name = mof_utf16le_to_utf8(w->bytes + offset + 2, length / 2);
  return *name ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

/* Decodes one block at [offset, offset + length) and records the instance. */
static NTSTATUS take_block(walker *w, ULONG offset, ULONG length, char *name, ULONG index) {
  NTSTATUS status = STATUS_SUCCESS;
  if (offset > w->size || w->size - offset < length)
    status = malformed(w, offset, "data block runs past the end of the WNODE");
  else if (w->strict && offset % 8 != 0)
    status = malformed(w, offset, "data block does not start on an 8-byte boundary");
  wmisim_mof_object *object = NULL;
  if (NT_SUCCESS(status)) {
    mof_decoder d = {w->bytes + offset, length, offset, w->diags, w->strict, 0, 0};
    ULONG consumed = 0;
    status = mof_decode_class(&d, w->cls, &object, &consumed);
    w->violations += d.violations;
  }
  if (NT_SUCCESS(status) && !w->strict) {
    wmisim_mof_wnode_instance *instance = mof_vec_push(&w->instances);
    if (instance != NULL) {
      instance->instance_name = name;
      instance->instance_index = index;
      instance->object = object;
      return STATUS_SUCCESS;
    }
    status = STATUS_NO_MEMORY;
  }
  wmisim_mof_object_destroy(object);
  free(name);
  return status;
}

static NTSTATUS all_data_instance(walker *w, ULONG node, ULONG flags, ULONG i) {
  ULONG data_offset, instance_count, names_offset, fixed_size, offset, length;
  NTSTATUS status = field(w, node, offsetof(WNODE_ALL_DATA, DataBlockOffset), &data_offset);
  if (NT_SUCCESS(status))
    status = field(w, node, offsetof(WNODE_ALL_DATA, InstanceCount), &instance_count);
  if (NT_SUCCESS(status))
    status = field(w, node, offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets), &names_offset);
  if (!NT_SUCCESS(status))
    return status;
  ULONG table = (ULONG)offsetof(WNODE_ALL_DATA, OffsetInstanceDataAndLength);
  if (flags & WNODE_FLAG_FIXED_INSTANCE_SIZE) {
    if (!read_ulong(w, node + table, &fixed_size))
      return malformed(w, node, "WNODE_ALL_DATA is shorter than FixedInstanceSize");
    offset = node + data_offset + i * ((fixed_size + 7) & ~7u);
    length = fixed_size;
  } else if (!read_ulong(w, node + table + 8 * i, &offset) ||
             !read_ulong(w, node + table + 8 * i + 4, &length)) {
    return malformed(w, node, "OffsetInstanceDataAndLength runs past the WNODE");
  } else {
    offset += node;
  }
  char *name = NULL;
  if (!(flags & WNODE_FLAG_STATIC_INSTANCE_NAMES)) {
    ULONG name_offset;
    if (!read_ulong(w, node + names_offset + 4 * i, &name_offset))
      return malformed(w, node, "OffsetInstanceNameOffsets runs past the WNODE");
    status = read_name(w, node + name_offset, &name);
    if (!NT_SUCCESS(status))
      return status;
  }
  return take_block(w, offset, length, name, i);
}

static NTSTATUS walk_all_data(walker *w) {
  ULONG node = 0;
  for (int nodes = 0; nodes < 4096; nodes++) {
    ULONG buffer_size, flags, count, linkage;
    NTSTATUS status = field(w, node, offsetof(WNODE_HEADER, BufferSize), &buffer_size);
    if (NT_SUCCESS(status))
      status = field(w, node, offsetof(WNODE_HEADER, Flags), &flags);
    if (NT_SUCCESS(status))
      status = field(w, node, offsetof(WNODE_ALL_DATA, InstanceCount), &count);
    if (NT_SUCCESS(status))
      status = field(w, node, offsetof(WNODE_HEADER, Linkage), &linkage);
    if (!NT_SUCCESS(status))
      return status;
    if (buffer_size > w->size - node)
      return malformed(w, node, "WnodeHeader.BufferSize is larger than the buffer");
    if (count > buffer_size)
      return malformed(w, node, "InstanceCount cannot fit in the WNODE");
    for (ULONG i = 0; i < count; i++) {
      status = all_data_instance(w, node, flags, i);
      if (!NT_SUCCESS(status))
        return status;
    }
    if (linkage == 0)
      return STATUS_SUCCESS;
    if (linkage > w->size - node)
      return malformed(w, node, "WnodeHeader.Linkage points past the buffer");
    node += linkage;
  }
  return malformed(w, 0, "WNODE_ALL_DATA chain is too long");
}

static NTSTATUS walk_single_instance(walker *w, ULONG flags) {
  ULONG name_offset, index, data_offset, size;
  NTSTATUS status = field(w, 0, offsetof(WNODE_SINGLE_INSTANCE, OffsetInstanceName), &name_offset);
  if (NT_SUCCESS(status))
    status = field(w, 0, offsetof(WNODE_SINGLE_INSTANCE, InstanceIndex), &index);
  if (NT_SUCCESS(status))
    status = field(w, 0, offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset), &data_offset);
  if (NT_SUCCESS(status))
    status = field(w, 0, offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), &size);
  if (!NT_SUCCESS(status))
    return status;
  char *name = NULL;
  if (!(flags & WNODE_FLAG_STATIC_INSTANCE_NAMES)) {
    status = read_name(w, name_offset, &name);
    if (!NT_SUCCESS(status))
      return status;
  }
  return take_block(w, data_offset, size, name, index);
}

/* A WNODE_SINGLE_ITEM carries one item: decoded into an object of the
 * class with only that property set. */
static NTSTATUS walk_single_item(walker *w, ULONG flags) {
  ULONG name_offset, index, item_id, data_offset, size;
  NTSTATUS status = field(w, 0, offsetof(WNODE_SINGLE_ITEM, OffsetInstanceName), &name_offset);
  if (NT_SUCCESS(status))
    status = field(w, 0, offsetof(WNODE_SINGLE_ITEM, InstanceIndex), &index);
  if (NT_SUCCESS(status))
    status = field(w, 0, offsetof(WNODE_SINGLE_ITEM, ItemId), &item_id);
  if (NT_SUCCESS(status))
    status = field(w, 0, offsetof(WNODE_SINGLE_ITEM, DataBlockOffset), &data_offset);
  if (NT_SUCCESS(status))
    status = field(w, 0, offsetof(WNODE_SINGLE_ITEM, SizeDataItem), &size);
  if (!NT_SUCCESS(status))
    return status;
  const wmisim_mof_item *item = wmisim_mof_class_find_item_by_id(w->cls, item_id);
  if (item == NULL)
    return malformed(w, (ULONG)offsetof(WNODE_SINGLE_ITEM, ItemId), "ItemId names no data item");
  if (item->array == WMISIM_MOF_ARRAY_VARIABLE)
    return STATUS_NOT_SUPPORTED; /* its count lives in another item */
  /* A one-item class view: the item at offset 0. */
  wmisim_mof_item single = *item;
  single.offset = 0;
  wmisim_mof_class view = *w->cls;
  view.items = &single;
  view.item_count = 1;
  const wmisim_mof_class *real = w->cls;
  w->cls = &view;
  char *name = NULL;
  if (!(flags & WNODE_FLAG_STATIC_INSTANCE_NAMES))
    status = read_name(w, name_offset, &name);
  if (NT_SUCCESS(status))
    status = take_block(w, data_offset, size, name, index);
  w->cls = real;
  if (NT_SUCCESS(status) && !w->strict) { /* re-home the property on the real class */
    wmisim_mof_wnode_instance *instance =
        (wmisim_mof_wnode_instance *)w->instances.data + w->instances.count - 1;
    wmisim_mof_object *full = mof_object_new(real);
    if (full == NULL)
      return STATUS_NO_MEMORY;
    full->properties[item - real->items].value = instance->object->properties[0].value;
    memset(&instance->object->properties[0].value, 0, sizeof(wmisim_mof_value));
    wmisim_mof_object_destroy(instance->object);
    instance->object = full;
  }
  return status;
}

static NTSTATUS walk(walker *w, const wmisim_mof_schema *schema) {
  ULONG buffer_size, flags;
  if (w->size < sizeof(WNODE_HEADER))
    return malformed(w, 0, "buffer is smaller than a WNODE_HEADER");
  field(w, 0, offsetof(WNODE_HEADER, BufferSize), &buffer_size);
  field(w, 0, offsetof(WNODE_HEADER, Flags), &flags);
  if (buffer_size < sizeof(WNODE_HEADER) || buffer_size > w->size)
    return malformed(w, 0, "WnodeHeader.BufferSize is outside the buffer");
  GUID guid;
  memcpy(&guid, w->bytes + offsetof(WNODE_HEADER, Guid), sizeof(guid));
  w->cls = wmisim_mof_schema_find_guid(schema, &guid);
  if (w->cls == NULL) {
    mof_diag_block(w->diags, -1,
                   "no class in the schema has guid {%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
                   (unsigned)guid.Data1, guid.Data2, guid.Data3, guid.Data4[0], guid.Data4[1],
                   guid.Data4[2], guid.Data4[3], guid.Data4[4], guid.Data4[5], guid.Data4[6],
                   guid.Data4[7]);
    return STATUS_NOT_FOUND;
  }
  if (flags & WNODE_FLAG_ALL_DATA)
    return walk_all_data(w);
  w->size = buffer_size; /* single WNODEs end at BufferSize */
  if (flags & WNODE_FLAG_SINGLE_INSTANCE)
    return walk_single_instance(w, flags);
  if (flags & WNODE_FLAG_SINGLE_ITEM)
    return walk_single_item(w, flags);
  if (flags & WNODE_FLAG_EVENT_ITEM)
    return take_block(w, sizeof(WNODE_HEADER), buffer_size - (ULONG)sizeof(WNODE_HEADER), NULL,
                      0);
  return STATUS_NOT_SUPPORTED;
}

void wmisim_mof_wnode_data_destroy(wmisim_mof_wnode_data *data) {
  if (data == NULL)
    return;
  for (size_t i = 0; i < data->instance_count; i++) {
    free((char *)(uintptr_t)data->instances[i].instance_name);
    wmisim_mof_object_destroy(data->instances[i].object);
  }
  free(data->instances);
  free(data);
}

NTSTATUS wmisim_mof_decode_wnode(const wmisim_mof_schema *schema, const WNODE_HEADER *wnode,
                                 ULONG size, wmisim_mof_wnode_data **out,
                                 wmisim_mof_diagnostics *diags) {
  if (schema == NULL || wnode == NULL || out == NULL)
    return STATUS_INVALID_PARAMETER;
  walker w = {(const unsigned char *)wnode, size, NULL, diags, 0, 0, {0}};
  mof_vec_init(&w.instances, sizeof(wmisim_mof_wnode_instance));
  NTSTATUS status = walk(&w, schema);
  wmisim_mof_wnode_data *data = calloc(1, sizeof(*data));
  if (NT_SUCCESS(status) && data == NULL)
    status = STATUS_NO_MEMORY;
  if (data != NULL) {
    data->instances = w.instances.data;
    data->instance_count = w.instances.count;
    data->cls = w.cls;
    data->flags = size >= sizeof(WNODE_HEADER) ? wnode->Flags : 0;
  }
  if (!NT_SUCCESS(status)) {
    if (data != NULL)
      wmisim_mof_wnode_data_destroy(data);
    else
      mof_vec_free(&w.instances);
    return status;
  }
  *out = data;
  return STATUS_SUCCESS;
}

NTSTATUS wmisim_mof_validate_wnode(const wmisim_mof_schema *schema, const WNODE_HEADER *wnode,
                                   ULONG size, wmisim_mof_diagnostics *diags) {
  if (schema == NULL || wnode == NULL)
    return STATUS_INVALID_PARAMETER;
  walker w = {(const unsigned char *)wnode, size, NULL, diags, 1, 0, {0}};
  mof_vec_init(&w.instances, sizeof(wmisim_mof_wnode_instance));
  NTSTATUS status = walk(&w, schema);
  mof_vec_free(&w.instances);
  if (NT_SUCCESS(status) && w.violations > 0)
    return STATUS_DATA_ERROR;
  return status;
}
