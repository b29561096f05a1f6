/*
 * info.c - the KEY_VALUE_* and KEY_* information structures that
 * ZwQueryValueKey, ZwEnumerateValueKey, ZwEnumerateKey and ZwQueryKey fill.
 *
 * Every class has a fixed part (up to its first variable-length array) and
 * variable pieces at known offsets. If not even the fixed part fits, nothing
 * is written: STATUS_BUFFER_TOO_SMALL. Otherwise the fixed part and as much
 * of the pieces as fits are written: STATUS_BUFFER_OVERFLOW if something was
 * cut, STATUS_SUCCESS if not. The result length is always the full size.
 */
#include "cm/cm_internal.h"

#include <stddef.h>
#include <string.h>

struct piece {
  ULONG offset;
  const void *data;
  ULONG size;
};

static NTSTATUS emit(void *buffer, ULONG length, const void *fixed, ULONG fixed_size, const struct piece *pieces,
                     size_t count, ULONG total, ULONG *result) {
  *result = total;
  if (length < fixed_size) return STATUS_BUFFER_TOO_SMALL;
  unsigned char *out = buffer;
  memcpy(out, fixed, fixed_size);
  for (size_t i = 0; i < count; i++) {
    const struct piece *p = &pieces[i];
    if (p->size == 0 || p->offset >= length) continue;
    ULONG room = length - p->offset;
    memcpy(out + p->offset, p->data, p->size < room ? p->size : room);
  }
  return length < total ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

static ULONG align_up(ULONG offset, ULONG alignment) {
  return (offset + alignment - 1) & ~(alignment - 1);
}

/* ---- values --------------------------------------------------------------------------------- */

static NTSTATUS value_basic(const struct cm_value *value, void *buffer, ULONG length, ULONG *result) {
  KEY_VALUE_BASIC_INFORMATION fixed = {0};
  ULONG name_bytes = (ULONG)(value->name_length * sizeof(WCHAR));
  ULONG fixed_size = (ULONG)offsetof(KEY_VALUE_BASIC_INFORMATION, Name);
  fixed.Type = value->type;
  fixed.NameLength = name_bytes;
  struct piece name = {fixed_size, value->name, name_bytes};
  return emit(buffer, length, &fixed, fixed_size, &name, 1, fixed_size + name_bytes, result);
}

/* The data follows the name aligned to 4 bytes, or 8 for the Align64 class. */
static NTSTATUS value_full(const struct cm_value *value, ULONG alignment, void *buffer, ULONG length,
                           ULONG *result) {
  KEY_VALUE_FULL_INFORMATION fixed = {0};
  ULONG name_bytes = (ULONG)(value->name_length * sizeof(WCHAR));
  ULONG fixed_size = (ULONG)offsetof(KEY_VALUE_FULL_INFORMATION, Name);
  fixed.Type = value->type;
  fixed.DataOffset = align_up(fixed_size + name_bytes, alignment);
  fixed.DataLength = value->size;
  fixed.NameLength = name_bytes;
  struct piece pieces[2] = {{fixed_size, value->name, name_bytes}, {fixed.DataOffset, value->data, value->size}};
  return emit(buffer, length, &fixed, fixed_size, pieces, 2, fixed.DataOffset + value->size, result);
}

/* The Align64 form has no TitleIndex, so its data starts 4 bytes earlier. */
static NTSTATUS value_partial(const struct cm_value *value, bool align64, void *buffer, ULONG length,
                              ULONG *result) {
  KEY_VALUE_PARTIAL_INFORMATION partial = {0, value->type, value->size, {0}};
  KEY_VALUE_PARTIAL_INFORMATION_ALIGN64 partial64 = {value->type, value->size, {0}};
  const void *fixed = align64 ? (const void *)&partial64 : (const void *)&partial;
  ULONG fixed_size = (ULONG)(align64 ? offsetof(KEY_VALUE_PARTIAL_INFORMATION_ALIGN64, Data)
                                     : offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data));
  struct piece data = {fixed_size, value->data, value->size};
  return emit(buffer, length, fixed, fixed_size, &data, 1, fixed_size + value->size, result);
}

NTSTATUS cm_value_information(const struct cm_value *value, KEY_VALUE_INFORMATION_CLASS info_class, void *buffer,
                              ULONG length, ULONG *result) {
  bool align64 = info_class == KeyValueFullInformationAlign64 || info_class == KeyValuePartialInformationAlign64;
  if (align64 && ((uintptr_t)buffer & 7) != 0) return STATUS_DATATYPE_MISALIGNMENT;
  switch (info_class) {
  case KeyValueBasicInformation: return value_basic(value, buffer, length, result);
  case KeyValueFullInformation: return value_full(value, sizeof(ULONG), buffer, length, result);
  case KeyValueFullInformationAlign64: return value_full(value, 8, buffer, length, result);
  case KeyValuePartialInformation: return value_partial(value, false, buffer, length, result);
  case KeyValuePartialInformationAlign64: return value_partial(value, true, buffer, length, result);
  default: return STATUS_INVALID_PARAMETER;
  }
}

/* ---- keys ----------------------------------------------------------------------------------- */

/* Windows reports "no class" with an offset of -1. */
#define NO_CLASS_OFFSET 0xFFFFFFFFu

static NTSTATUS key_basic(const struct cm_key *key, void *buffer, ULONG length, ULONG *result) {
  KEY_BASIC_INFORMATION fixed = {0};
  ULONG name_bytes = (ULONG)(key->name_length * sizeof(WCHAR));
  ULONG fixed_size = (ULONG)offsetof(KEY_BASIC_INFORMATION, Name);
  fixed.LastWriteTime.QuadPart = key->last_write;
  fixed.NameLength = name_bytes;
  struct piece name = {fixed_size, key->name, name_bytes};
  return emit(buffer, length, &fixed, fixed_size, &name, 1, fixed_size + name_bytes, result);
}

static NTSTATUS key_node(const struct cm_key *key, void *buffer, ULONG length, ULONG *result) {
  KEY_NODE_INFORMATION fixed = {0};
  ULONG name_bytes = (ULONG)(key->name_length * sizeof(WCHAR));
  ULONG class_bytes = (ULONG)(key->class_length * sizeof(WCHAR));
  ULONG fixed_size = (ULONG)offsetof(KEY_NODE_INFORMATION, Name);
  fixed.LastWriteTime.QuadPart = key->last_write;
  fixed.ClassOffset = class_bytes != 0 ? fixed_size + name_bytes : NO_CLASS_OFFSET;
  fixed.ClassLength = class_bytes;
  fixed.NameLength = name_bytes;
  struct piece pieces[2] = {{fixed_size, key->name, name_bytes}, {fixed_size + name_bytes, key->class_name, class_bytes}};
  return emit(buffer, length, &fixed, fixed_size, pieces, 2, fixed_size + name_bytes + class_bytes, result);
}

static NTSTATUS key_full(const struct cm_key *key, void *buffer, ULONG length, ULONG *result) {
  KEY_FULL_INFORMATION fixed = {0};
  ULONG class_bytes = (ULONG)(key->class_length * sizeof(WCHAR));
  ULONG fixed_size = (ULONG)offsetof(KEY_FULL_INFORMATION, Class);
  fixed.LastWriteTime.QuadPart = key->last_write;
  fixed.ClassOffset = class_bytes != 0 ? fixed_size : NO_CLASS_OFFSET;
  fixed.ClassLength = class_bytes;
  fixed.SubKeys = (ULONG)key->child_count;
  fixed.Values = (ULONG)key->value_count;
  for (size_t i = 0; i < key->child_count; i++) {
    const struct cm_key *child = key->children[i];
    ULONG name = (ULONG)(child->name_length * sizeof(WCHAR)), cls = (ULONG)(child->class_length * sizeof(WCHAR));
    if (name > fixed.MaxNameLen) fixed.MaxNameLen = name;
    if (cls > fixed.MaxClassLen) fixed.MaxClassLen = cls;
  }
  for (size_t i = 0; i < key->value_count; i++) {
    const struct cm_value *value = &key->values[i];
    ULONG name = (ULONG)(value->name_length * sizeof(WCHAR));
    if (name > fixed.MaxValueNameLen) fixed.MaxValueNameLen = name;
    if (value->size > fixed.MaxValueDataLen) fixed.MaxValueDataLen = value->size;
  }
  struct piece cls = {fixed_size, key->class_name, class_bytes};
  return emit(buffer, length, &fixed, fixed_size, &cls, 1, fixed_size + class_bytes, result);
}

NTSTATUS cm_key_information(const struct cm_key *key, KEY_INFORMATION_CLASS info_class, void *buffer,
                            ULONG length, ULONG *result) {
  switch (info_class) {
  case KeyBasicInformation: return key_basic(key, buffer, length, result);
  case KeyNodeInformation: return key_node(key, buffer, length, result);
  case KeyFullInformation: return key_full(key, buffer, length, result);
  default: return STATUS_INVALID_PARAMETER;
  }
}
