/*
 * wnode_view.c - a WMI request's buffer as a tree of named values: the
 * WNODE header, the fields of its kind, each instance's name and data, and
 * the data by property name when the schema has a class for the GUID.
 * Every offset is checked against the buffer before it is read: the trace
 * shows what a driver wrote, right or wrong.
 */
#include "trace/wnode_view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wdm.h>
#include <wmisim/format.h>
#include <wmisim/sim.h>

#include "rtl/text.h"

#define TEXT_HEX_LIMIT 64 /* bytes of data shown in text; JSON has them all */

struct wv {
  bool failed;
};

/* ---- building --------------------------------------------------------------------------------- */

static char *dup_text(struct wv *wv, const char *text) {
  if (text == NULL) return NULL;
  size_t length = strlen(text);
  char *copy = malloc(length + 1);
  if (copy == NULL) {
    wv->failed = true;
    return NULL;
  }
  memcpy(copy, text, length + 1);
  return copy;
}

static wv_node_t *add(struct wv *wv, wv_node_t *parent, wv_kind_t kind, const char *name) {
  wv_node_t *node = calloc(1, sizeof *node);
  if (node == NULL || (node->name = dup_text(wv, name != NULL ? name : "")) == NULL) {
    free(node);
    wv->failed = true;
    return NULL;
  }
  node->kind = kind;
  if (parent != NULL) {
    if (parent->last != NULL) parent->last->next = node;
    else parent->first = node;
    parent->last = node;
  }
  return node;
}

static void leaf(struct wv *wv, wv_node_t *parent, const char *name, const char *text, const char *json) {
  if (parent == NULL) return;
  wv_node_t *node = add(wv, parent, WV_LEAF, name);
  if (node == NULL) return;
  node->text = dup_text(wv, text);
  node->json = dup_text(wv, json);
}

static void number(struct wv *wv, wv_node_t *parent, const char *name, uint64_t value) {
  char text[32];
  snprintf(text, sizeof text, "%llu", (unsigned long long)value);
  leaf(wv, parent, name, text, text);
}

/* A leaf whose JSON is `value` quoted; `text` may be NULL (JSON only). */
static void quoted_leaf(struct wv *wv, wv_node_t *parent, const char *name, const char *text, const char *value) {
  size_t needed = wmisim_format_json_string(value, NULL, 0) + 1;
  char *json = malloc(needed);
  if (json == NULL) {
    wv->failed = true;
    return;
  }
  wmisim_format_json_string(value, json, needed);
  leaf(wv, parent, name, text, json);
  free(json);
}

/* A string leaf: shown as is, quoted in JSON. */
static void string(struct wv *wv, wv_node_t *parent, const char *name, const char *value) {
  quoted_leaf(wv, parent, name, value, value);
}

static void guid_leaf(struct wv *wv, wv_node_t *parent, const char *name, const GUID *guid) {
  char text[39];
  wmisim_guid_format(guid, text);
  string(wv, parent, name, text);
}

/* Flags: "0x00000081 ALL_DATA|STATIC_INSTANCE_NAMES" in text, the number and
 * a "FlagNames" string in JSON. */
static void flags_leaf(struct wv *wv, wv_node_t *parent, const char *name, ULONG flags, bool reg) {
  char names[256], text[300], json[16];
  if (reg) wmisim_format_reg_flags(flags, names, sizeof names);
  else wmisim_format_wnode_flags(flags, names, sizeof names);
  if (flags != 0) snprintf(text, sizeof text, "0x%08lX %s", (unsigned long)flags, names);
  else snprintf(text, sizeof text, "0x00000000");
  snprintf(json, sizeof json, "%lu", (unsigned long)flags);
  leaf(wv, parent, name, text, json);
  quoted_leaf(wv, parent, "FlagNames", NULL, names);
}

static void problem(struct wv *wv, wv_node_t *parent, const char *format, ...) WMISIM_PRINTF(3, 4);
static void problem(struct wv *wv, wv_node_t *parent, const char *format, ...) {
  char text[256];
  va_list args;
  va_start(args, format);
  vsnprintf(text, sizeof text, format, args);
  va_end(args);
  string(wv, parent, "Problem", text);
}

/* Data bytes: hexadecimal, the text cut after TEXT_HEX_LIMIT bytes. */
static void data_leaf(struct wv *wv, wv_node_t *parent, const void *data, size_t size) {
  size_t shown = size < TEXT_HEX_LIMIT ? size : TEXT_HEX_LIMIT;
  char *text = malloc(shown * 3 + 32);
  char *json = malloc(size * 3 + 3);
  if (text == NULL || json == NULL) {
    wv->failed = true;
  } else {
    size_t n = wmisim_format_hex(data, shown, text, shown * 3 + 32);
    if (shown < size) snprintf(text + n, 32, " ...");
    json[0] = '"';
    wmisim_format_hex(data, size, json + 1, size * 3 + 1);
    strcat(json, "\"");
    leaf(wv, parent, "Data", text, json);
  }
  free(text);
  free(json);
}

/* ---- reading the buffer ------------------------------------------------------------------------ */

struct buffer {
  const unsigned char *bytes;
  size_t size;
};

static bool within(const struct buffer *b, uint64_t offset, uint64_t length) {
  return offset <= b->size && length <= b->size - offset;
}

static ULONG read_ulong(const struct buffer *b, size_t offset) {
  ULONG value = 0;
  if (within(b, offset, sizeof value)) memcpy(&value, b->bytes + offset, sizeof value);
  return value;
}

/* A counted UTF-16 string (USHORT byte count, then the characters). */
static bool counted_name(const struct buffer *b, uint64_t offset, char *out, size_t out_size) {
  USHORT bytes;
  if (!within(b, offset, sizeof bytes)) return false;
  memcpy(&bytes, b->bytes + offset, sizeof bytes);
  if (!within(b, offset + sizeof bytes, bytes)) return false;
  WCHAR name[512];
  size_t chars = bytes / 2 < 512 ? bytes / 2 : 512;
  memcpy(name, b->bytes + offset + sizeof bytes, chars * sizeof(WCHAR));
  text_utf16_to_utf8(name, chars, out, out_size);
  return true;
}

/* ---- properties ---------------------------------------------------------------------------------- */

/* The decoded properties; `only_set` leaves out unset ones (a single item). */
static void property_leaves(struct wv *wv, wv_node_t *parent, const wmisim_mof_object *object, bool only_set) {
  wv_node_t *properties = add(wv, parent, WV_OBJECT, "Properties");
  for (size_t i = 0; properties != NULL && i < object->property_count; i++) {
    const wmisim_mof_property *property = &object->properties[i];
    if (only_set && property->value.kind == WMISIM_MOF_VALUE_NULL) continue;
    size_t text_size = wmisim_format_mof_value(&property->value, WMISIM_VALUE_TEXT, NULL, 0) + 1;
    size_t json_size = wmisim_format_mof_value(&property->value, WMISIM_VALUE_JSON, NULL, 0) + 1;
    char *text = malloc(text_size), *json = malloc(json_size);
    if (text != NULL && json != NULL) {
      wmisim_format_mof_value(&property->value, WMISIM_VALUE_TEXT, text, text_size);
      wmisim_format_mof_value(&property->value, WMISIM_VALUE_JSON, json, json_size);
      leaf(wv, properties, property->item->name, text, json);
    } else {
      wv->failed = true;
    }
    free(text);
    free(json);
  }
}

/* Decodes a block by `cls` (may be NULL: only the bytes are shown). */
static void decoded(struct wv *wv, wv_node_t *parent, const wmisim_mof_class *cls, const void *data, ULONG size) {
  if (cls == NULL) return;
  wmisim_mof_object *object = NULL;
  if (NT_SUCCESS(wmisim_mof_decode(cls, data, size, &object, NULL, NULL))) {
    property_leaves(wv, parent, object, false);
    wmisim_mof_object_destroy(object);
  } else {
    problem(wv, parent, "the data does not decode as %s", cls->name);
  }
}

/* The value of a WNODE_SINGLE_ITEM, decoded by the codec's WNODE reader,
 * which finds the item by its ItemId. */
static void decoded_item(struct wv *wv, wv_node_t *parent, const wmisim_mof_schema *schema, const struct buffer *b) {
  wmisim_mof_wnode_data *data = NULL;
  if (parent == NULL) return;
  if (NT_SUCCESS(wmisim_mof_decode_wnode(schema, (const WNODE_HEADER *)b->bytes, (ULONG)b->size, &data, NULL)) &&
      data->instance_count == 1 && data->instances[0].object != NULL)
    property_leaves(wv, parent, data->instances[0].object, true);
  else
    problem(wv, parent, "the item does not decode");
  wmisim_mof_wnode_data_destroy(data);
}

/* One instance: its name or index, size, bytes and decoded properties. */
static void instance(struct wv *wv, wv_node_t *array, const char *name, long index, const void *data, ULONG size,
                     const wmisim_mof_class *cls) {
  wv_node_t *node = add(wv, array, WV_OBJECT, "");
  if (node == NULL) return;
  if (name != NULL) string(wv, node, "InstanceName", name);
  if (index >= 0) number(wv, node, "InstanceIndex", (uint64_t)index);
  number(wv, node, "Size", size);
  data_leaf(wv, node, data, size);
  decoded(wv, node, cls, data, size);
}

/* ---- WNODE kinds -------------------------------------------------------------------------------- */

static const wmisim_mof_class *class_of(const struct wv_request *request, const GUID *guid) {
  return request->schema != NULL ? wmisim_mof_schema_find_guid(request->schema, guid) : NULL;
}

static void all_data(struct wv *wv, wv_node_t *root, const struct buffer *b, const wmisim_mof_class *cls) {
  const size_t fixed = FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength);
  if (!within(b, 0, fixed)) {
    problem(wv, root, "%zu bytes: shorter than WNODE_ALL_DATA", b->size);
    return;
  }
  ULONG flags = read_ulong(b, offsetof(WNODE_HEADER, Flags));
  ULONG data_offset = read_ulong(b, offsetof(WNODE_ALL_DATA, DataBlockOffset));
  ULONG count = read_ulong(b, offsetof(WNODE_ALL_DATA, InstanceCount));
  ULONG names = read_ulong(b, offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets));
  number(wv, root, "DataBlockOffset", data_offset);
  number(wv, root, "InstanceCount", count);
  number(wv, root, "OffsetInstanceNameOffsets", names);
  bool fixed_size = (flags & WNODE_FLAG_FIXED_INSTANCE_SIZE) != 0;
  if (fixed_size) number(wv, root, "FixedInstanceSize", read_ulong(b, fixed));
  wv_node_t *array = add(wv, root, WV_ARRAY, "Instances");
  for (ULONG i = 0; array != NULL && i < count && i < 4096; i++) {
    uint64_t offset, length;
    if (fixed_size) {
      length = read_ulong(b, fixed);
      offset = data_offset + (uint64_t)i * ((length + 7u) & ~(uint64_t)7u);
    } else {
      if (!within(b, fixed + (uint64_t)i * 8, 8)) {
        problem(wv, root, "OffsetInstanceDataAndLength[%lu] lies outside the buffer", (unsigned long)i);
        return;
      }
      offset = read_ulong(b, fixed + i * 8);
      length = read_ulong(b, fixed + i * 8 + 4);
    }
    if (!within(b, offset, length)) {
      problem(wv, root, "instance %lu's data lies outside the buffer", (unsigned long)i);
      return;
    }
    char name[256];
    bool named = !(flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) && names != 0;
    if (named && !counted_name(b, read_ulong(b, names + i * sizeof(ULONG)), name, sizeof name)) {
      problem(wv, root, "instance %lu's name lies outside the buffer", (unsigned long)i);
      return;
    }
    instance(wv, array, named ? name : NULL, named ? -1 : (long)i, b->bytes + offset, (ULONG)length, cls);
  }
}

/* The parts WNODE_SINGLE_INSTANCE, _SINGLE_ITEM and _METHOD_ITEM share:
 * OffsetInstanceName and InstanceIndex, then kind-specific fields. */
struct single_layout {
  const char *id_name;      /* "ItemId", "MethodId" or NULL */
  size_t data_offset_at;    /* where DataBlockOffset is */
  size_t size_at;           /* where the data size is */
  const char *size_name;
};

static const wmisim_mof_class *method_class(const wmisim_mof_class *cls, ULONG method_id, bool output) {
  const wmisim_mof_method *method = cls != NULL ? wmisim_mof_class_find_method(cls, method_id) : NULL;
  return method == NULL ? NULL : output ? method->output : method->input;
}

static void single(struct wv *wv, wv_node_t *root, const struct buffer *b, const struct single_layout *layout,
                   const struct wv_request *request, const wmisim_mof_class *cls) {
  if (!within(b, 0, layout->size_at + sizeof(ULONG))) {
    problem(wv, root, "%zu bytes: shorter than its fixed part", b->size);
    return;
  }
  ULONG flags = read_ulong(b, offsetof(WNODE_HEADER, Flags));
  ULONG name_at = read_ulong(b, offsetof(WNODE_SINGLE_INSTANCE, OffsetInstanceName));
  ULONG index = read_ulong(b, offsetof(WNODE_SINGLE_INSTANCE, InstanceIndex));
  ULONG id = layout->id_name != NULL ? read_ulong(b, layout->data_offset_at - sizeof(ULONG)) : 0;
  ULONG offset = read_ulong(b, layout->data_offset_at), size = read_ulong(b, layout->size_at);
  if (layout->id_name != NULL) number(wv, root, layout->id_name, id);
  number(wv, root, "DataBlockOffset", offset);
  number(wv, root, layout->size_name, size);
  char name[256];
  bool named = !(flags & WNODE_FLAG_STATIC_INSTANCE_NAMES);
  if (named && !counted_name(b, name_at, name, sizeof name)) {
    problem(wv, root, "OffsetInstanceName %lu lies outside the buffer", (unsigned long)name_at);
    return;
  }
  if (named) string(wv, root, "InstanceName", name);
  else number(wv, root, "InstanceIndex", index);
  /* A request going down carries no data for a query, and a too-small
   * method output is not data either. */
  if (!within(b, offset, size)) {
    problem(wv, root, "the data block lies outside the buffer");
    return;
  }
  wv_node_t *array = add(wv, root, WV_ARRAY, "Instances");
  if (array == NULL || (size == 0 && request->minor == IRP_MN_QUERY_SINGLE_INSTANCE)) return;
  bool method = layout->id_name != NULL && strcmp(layout->id_name, "MethodId") == 0;
  bool item = layout->id_name != NULL && !method;
  const wmisim_mof_class *block_class = method ? method_class(cls, id, request->output) : item ? NULL : cls;
  instance(wv, array, named ? name : NULL, named ? -1 : (long)index, b->bytes + offset, size, block_class);
  if (item && cls != NULL) decoded_item(wv, array->last, request->schema, b);
}

static void event_reference(struct wv *wv, wv_node_t *root, const struct buffer *b) {
  const size_t index_at = offsetof(WNODE_EVENT_REFERENCE, TargetInstanceIndex);
  if (!within(b, 0, index_at + sizeof(ULONG))) {
    problem(wv, root, "%zu bytes: shorter than WNODE_EVENT_REFERENCE", b->size);
    return;
  }
  GUID target;
  memcpy(&target, b->bytes + offsetof(WNODE_EVENT_REFERENCE, TargetGuid), sizeof target);
  guid_leaf(wv, root, "TargetGuid", &target);
  number(wv, root, "TargetDataBlockSize", read_ulong(b, offsetof(WNODE_EVENT_REFERENCE, TargetDataBlockSize)));
  if (read_ulong(b, offsetof(WNODE_HEADER, Flags)) & WNODE_FLAG_STATIC_INSTANCE_NAMES) {
    number(wv, root, "TargetInstanceIndex", read_ulong(b, index_at));
  } else {
    char name[256];
    if (counted_name(b, index_at, name, sizeof name)) string(wv, root, "TargetInstanceName", name);
  }
}

static const char *wnode_type(ULONG flags) {
  if (flags & WNODE_FLAG_TOO_SMALL) return "WNODE_TOO_SMALL";
  if (flags & WNODE_FLAG_EVENT_REFERENCE) return "WNODE_EVENT_REFERENCE";
  if (flags & WNODE_FLAG_METHOD_ITEM) return "WNODE_METHOD_ITEM";
  if (flags & WNODE_FLAG_SINGLE_ITEM) return "WNODE_SINGLE_ITEM";
  if (flags & WNODE_FLAG_SINGLE_INSTANCE) return "WNODE_SINGLE_INSTANCE";
  if (flags & WNODE_FLAG_ALL_DATA) return "WNODE_ALL_DATA";
  if (flags & WNODE_FLAG_EVENT_ITEM) return "WNODE_EVENT_ITEM";
  return "WNODE_HEADER";
}

static void header_fields(struct wv *wv, wv_node_t *root, const struct buffer *b, const wmisim_mof_class *cls,
                          const struct wv_request *request) {
  const WNODE_HEADER *header = (const WNODE_HEADER *)b->bytes;
  number(wv, root, "BufferSize", header->BufferSize);
  guid_leaf(wv, root, "Guid", &header->Guid);
  if (cls != NULL) string(wv, root, "Class", cls->name);
  flags_leaf(wv, root, "Flags", header->Flags, false);
  if (header->Linkage != 0) number(wv, root, "Linkage", header->Linkage);
  if (request->minor < 0) number(wv, root, "TimeStamp", (uint64_t)header->TimeStamp.QuadPart);
}

static void wnode(struct wv *wv, wv_node_t *root, const struct buffer *b, const struct wv_request *request) {
  const WNODE_HEADER *header = (const WNODE_HEADER *)b->bytes;
  const wmisim_mof_class *cls = class_of(request, &header->Guid);
  ULONG flags = header->Flags;
  const char *type = wnode_type(flags);
  string(wv, root, "Type", type);
  header_fields(wv, root, b, cls, request);
  if (header->BufferSize > b->size)
    problem(wv, root, "BufferSize %lu exceeds the %zu bytes returned", (unsigned long)header->BufferSize, b->size);
  if (flags & WNODE_FLAG_TOO_SMALL) {
    number(wv, root, "SizeNeeded", read_ulong(b, offsetof(WNODE_TOO_SMALL, SizeNeeded)));
  } else if (flags & WNODE_FLAG_EVENT_REFERENCE) {
    event_reference(wv, root, b);
  } else if (flags & WNODE_FLAG_METHOD_ITEM) {
    const struct single_layout layout = {"MethodId", offsetof(WNODE_METHOD_ITEM, DataBlockOffset),
                                         offsetof(WNODE_METHOD_ITEM, SizeDataBlock), "SizeDataBlock"};
    single(wv, root, b, &layout, request, cls);
  } else if (flags & WNODE_FLAG_SINGLE_ITEM) {
    const struct single_layout layout = {"ItemId", offsetof(WNODE_SINGLE_ITEM, DataBlockOffset),
                                         offsetof(WNODE_SINGLE_ITEM, SizeDataItem), "SizeDataItem"};
    single(wv, root, b, &layout, request, cls);
  } else if (flags & WNODE_FLAG_SINGLE_INSTANCE) {
    const struct single_layout layout = {NULL, offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset),
                                         offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), "SizeDataBlock"};
    single(wv, root, b, &layout, request, cls);
  } else if (flags & WNODE_FLAG_ALL_DATA) {
    if (request->output || request->minor < 0) all_data(wv, root, b, cls);
  } else if (flags & WNODE_FLAG_EVENT_ITEM) {
    wv_node_t *array = add(wv, root, WV_ARRAY, "Instances");
    instance(wv, array, NULL, -1, b->bytes + sizeof *header, (ULONG)(b->size - sizeof *header), cls);
  }
}

/* ---- REGINFO ------------------------------------------------------------------------------------ */

static void reginfo_guid(struct wv *wv, wv_node_t *array, const struct buffer *b, size_t at,
                         const struct wv_request *request) {
  WMIREGGUIDW entry;
  memcpy(&entry, b->bytes + at, sizeof entry);
  wv_node_t *node = add(wv, array, WV_OBJECT, "");
  if (node == NULL) return;
  guid_leaf(wv, node, "Guid", &entry.Guid);
  const wmisim_mof_class *cls = class_of(request, &entry.Guid);
  if (cls != NULL) string(wv, node, "Class", cls->name);
  flags_leaf(wv, node, "Flags", entry.Flags, true);
  number(wv, node, "InstanceCount", entry.InstanceCount);
  char name[256];
  if ((entry.Flags & WMIREG_FLAG_INSTANCE_BASENAME) && counted_name(b, entry.BaseNameOffset, name, sizeof name))
    string(wv, node, "BaseName", name);
  if (entry.Flags & WMIREG_FLAG_INSTANCE_LIST) {
    wv_node_t *names = add(wv, node, WV_ARRAY, "InstanceNames");
    uint64_t offset = entry.InstanceNameList;
    for (ULONG i = 0; names != NULL && i < entry.InstanceCount && i < 1024; i++) {
      ULONG name_at = read_ulong(b, offset + i * sizeof(ULONG));
      if (!within(b, offset + i * sizeof(ULONG), sizeof(ULONG)) || !counted_name(b, name_at, name, sizeof name)) break;
      string(wv, names, "", name);
    }
  }
}

static void reginfo(struct wv *wv, wv_node_t *root, const struct buffer *b, const struct wv_request *request) {
  if (b->size == sizeof(ULONG)) { /* the size probe: only the size the answer needs */
    string(wv, root, "Type", "WMIREGINFO size");
    number(wv, root, "SizeNeeded", read_ulong(b, 0));
    return;
  }
  string(wv, root, "Type", "WMIREGINFO");
  const size_t guids_at = offsetof(WMIREGINFOW, WmiRegGuid);
  if (!within(b, 0, guids_at)) {
    problem(wv, root, "%zu bytes: shorter than WMIREGINFO", b->size);
    return;
  }
  ULONG count = read_ulong(b, offsetof(WMIREGINFOW, GuidCount));
  number(wv, root, "BufferSize", read_ulong(b, 0));
  if (read_ulong(b, offsetof(WMIREGINFOW, NextWmiRegInfo)) != 0)
    number(wv, root, "NextWmiRegInfo", read_ulong(b, offsetof(WMIREGINFOW, NextWmiRegInfo)));
  char text[256];
  if (counted_name(b, read_ulong(b, offsetof(WMIREGINFOW, RegistryPath)), text, sizeof text))
    string(wv, root, "RegistryPath", text);
  ULONG mof = read_ulong(b, offsetof(WMIREGINFOW, MofResourceName));
  if (mof != 0 && counted_name(b, mof, text, sizeof text)) string(wv, root, "MofResourceName", text);
  number(wv, root, "GuidCount", count);
  wv_node_t *array = add(wv, root, WV_ARRAY, "Guids");
  for (ULONG i = 0; array != NULL && i < count && i < 1024; i++) {
    size_t at = guids_at + (size_t)i * sizeof(WMIREGGUIDW);
    if (!within(b, at, sizeof(WMIREGGUIDW))) {
      problem(wv, root, "WmiRegGuid[%lu] lies outside the buffer", (unsigned long)i);
      return;
    }
    reginfo_guid(wv, array, b, at, request);
  }
}

/* ---- entry points -------------------------------------------------------------------------------- */

static bool is_reginfo(int minor) {
  return minor == IRP_MN_REGINFO || minor == IRP_MN_REGINFO_EX;
}

wv_node_t *wv_describe(const struct wv_request *request, const void *data, size_t size) {
  struct wv wv = {false};
  wv_node_t *root = add(&wv, NULL, WV_OBJECT, "");
  if (root == NULL) return NULL;
  struct buffer b = {data, data != NULL ? size : 0};
  if (b.size == 0) {
    string(&wv, root, "Type", "none");
  } else if (is_reginfo(request->minor) && request->output) {
    reginfo(&wv, root, &b, request);
  } else if (is_reginfo(request->minor) || b.size < sizeof(WNODE_HEADER)) {
    string(&wv, root, "Type", "buffer");
    number(&wv, root, "Size", b.size);
    if (request->output) data_leaf(&wv, root, b.bytes, b.size);
  } else {
    wnode(&wv, root, &b, request);
  }
  if (wv.failed) {
    wv_free(root);
    return NULL;
  }
  return root;
}

void wv_free(wv_node_t *node) {
  while (node != NULL) {
    wv_node_t *next = node->next;
    wv_free(node->first);
    free(node->name);
    free(node->text);
    free(node->json);
    free(node);
    node = next;
  }
}

const wv_node_t *wv_child(const wv_node_t *node, const char *name) {
  for (const wv_node_t *child = node != NULL ? node->first : NULL; child != NULL; child = child->next)
    if (strcmp(child->name, name) == 0) return child;
  return NULL;
}

size_t wv_count(const wv_node_t *node) {
  size_t count = 0;
  for (const wv_node_t *child = node != NULL ? node->first : NULL; child != NULL; child = child->next) count++;
  return count;
}
