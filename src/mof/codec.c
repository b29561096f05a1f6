/*
 * codec.c - decode a data block into named values and encode values into
 * a block, walking the items with layout.c's alignment rules.
 *
 * Both directions share one walk: items in WmiDataId order, each aligned
 * on its natural alignment from the start of the block; strings as USHORT
 * byte count + UTF-16; WmiSizeIs arrays sized by their count item; an
 * embedded object occupying its structure size (rounded to its alignment).
 * All multi-byte values are little-endian, as on every Windows target.
 */
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"
#include "mof/codec.h"

static ULONG align_up(ULONG value, ULONG alignment) {
  return (value + alignment - 1) & ~(alignment - 1);
}

static ULONGLONG read_le(const unsigned char *p, ULONG size) {
  ULONGLONG value = 0;
  for (ULONG i = size; i > 0; i--)
    value = (value << 8) | p[i - 1];
  return value;
}

static void write_le(unsigned char *p, ULONGLONG value, ULONG size) {
  for (ULONG i = 0; i < size; i++, value >>= 8)
    p[i] = (unsigned char)value;
}

/* ---- decoding ---------------------------------------------------------------- */

static NTSTATUS out_of_bounds(mof_decoder *d, const wmisim_mof_item *item, ULONG offset,
                              ULONG needed) {
  mof_diag_block(d->diags, (long)(d->base + offset),
                 "item '%s' (WmiDataId %u) needs %u bytes at offset %u but the block has %u",
                 item->name, (unsigned)item->data_id, (unsigned)needed,
                 (unsigned)(d->base + offset), (unsigned)(d->base + d->size));
  return STATUS_DATA_ERROR;
}

/* A finding that does not stop the walk (validation only). */
static void violation(mof_decoder *d, ULONG offset, const char *format, ...) WMISIM_PRINTF(3, 4);

static void violation(mof_decoder *d, ULONG offset, const char *format, ...) {
  va_list args;
  va_start(args, format);
  char *message = mof_vformat(format, args);
  va_end(args);
  d->violations++;
  mof_diag_block(d->diags, (long)(d->base + offset), "%s", message ? message : format);
  free(message);
}

static NTSTATUS decode_scalar(mof_decoder *d, const wmisim_mof_item *item, ULONG *cursor,
                              wmisim_mof_value *value) {
  ULONG size = mof_type_fixed_size(item->type);
  if (*cursor > d->size || d->size - *cursor < size)
    return out_of_bounds(d, item, *cursor, size);
  ULONGLONG raw = read_le(d->data + *cursor, size);
  *cursor += size;
  switch (item->type) {
  case WMISIM_MOF_TYPE_BOOLEAN:
    value->kind = WMISIM_MOF_VALUE_BOOLEAN;
    value->u.boolean = raw != 0;
    break;
  case WMISIM_MOF_TYPE_REAL32: {
    uint32_t bits = (uint32_t)raw;
    float real;
    memcpy(&real, &bits, sizeof(real));
    value->kind = WMISIM_MOF_VALUE_REAL;
    value->u.real = real;
    break;
  }
  case WMISIM_MOF_TYPE_REAL64:
    value->kind = WMISIM_MOF_VALUE_REAL;
    memcpy(&value->u.real, &raw, sizeof(double));
    break;
  case WMISIM_MOF_TYPE_CHAR16:
    value->kind = WMISIM_MOF_VALUE_CHAR16;
    value->u.char16 = (USHORT)raw;
    break;
  case WMISIM_MOF_TYPE_SINT8:
  case WMISIM_MOF_TYPE_SINT16:
  case WMISIM_MOF_TYPE_SINT32:
  case WMISIM_MOF_TYPE_SINT64: {
    ULONG bits = size * 8;
    LONGLONG signed_value = bits == 64 ? (LONGLONG)raw
                                       : (LONGLONG)(raw ^ (1ULL << (bits - 1))) -
                                             (LONGLONG)(1ULL << (bits - 1));
    value->kind = WMISIM_MOF_VALUE_SINT;
    value->u.sint = signed_value;
    break;
  }
  default:
    value->kind = WMISIM_MOF_VALUE_UINT;
    value->u.uint = raw;
    break;
  }
  return STATUS_SUCCESS;
}

/* UTF-16 units up to the first NUL (a terminator and padding may be
 * counted in the length, per "Driver-Defined WMI Data Items"). */
static size_t units_before_nul(const unsigned char *bytes, size_t count) {
  size_t n = 0;
  while (n < count && (bytes[2 * n] | bytes[2 * n + 1]) != 0)
    n++;
  return n;
}

static NTSTATUS decode_string(mof_decoder *d, const wmisim_mof_item *item, ULONG *cursor,
                              wmisim_mof_value *value) {
  if (*cursor > d->size || d->size - *cursor < 2)
    return out_of_bounds(d, item, *cursor, 2);
  ULONG length = (ULONG)read_le(d->data + *cursor, 2);
  if (length % 2 != 0) {
    mof_diag_block(d->diags, (long)(d->base + *cursor),
                   "string '%s' has an odd byte count %u", item->name, (unsigned)length);
    return STATUS_DATA_ERROR;
  }
  if (d->size - *cursor - 2 < length)
    return out_of_bounds(d, item, *cursor, 2 + length);
  const unsigned char *units = d->data + *cursor + 2;
  size_t count = units_before_nul(units, length / 2);
  if (d->strict && item->max_len > 0 && count > item->max_len)
    violation(d, *cursor, "string '%s' has %u characters, more than its MaxLen(%u)", item->name,
              (unsigned)count, (unsigned)item->max_len);
  value->kind = WMISIM_MOF_VALUE_STRING;
  value->u.string = mof_utf16le_to_utf8(units, count);
  *cursor += 2 + length;
  return value->u.string ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

static int datetime_char_ok(unsigned unit) {
  return (unit >= '0' && unit <= '9') || unit == '.' || unit == '+' || unit == '-' ||
         unit == ':' || unit == '*';
}

static NTSTATUS decode_datetime(mof_decoder *d, const wmisim_mof_item *item, ULONG *cursor,
                                wmisim_mof_value *value) {
  if (*cursor > d->size || d->size - *cursor < 50)
    return out_of_bounds(d, item, *cursor, 50);
  const unsigned char *units = d->data + *cursor;
  size_t count = units_before_nul(units, 25);
  for (size_t i = 0; d->strict && i < 25; i++)
    if (i >= count || !datetime_char_ok(units[2 * i] | (units[2 * i + 1] << 8))) {
      violation(d, *cursor, "datetime '%s' is not 25 CIM datetime characters (bad at %u)",
                item->name, (unsigned)i);
      break;
    }
  value->kind = WMISIM_MOF_VALUE_DATETIME;
  value->u.string = mof_utf16le_to_utf8(units, count);
  *cursor += 50;
  return value->u.string ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

static NTSTATUS decode_object(mof_decoder *d, const wmisim_mof_item *item, ULONG *cursor,
                              wmisim_mof_value *value) {
  const wmisim_mof_class *inner = item->object_class;
  mof_decoder sub = *d;
  sub.data = d->data + *cursor;
  sub.size = d->size - *cursor;
  sub.base = d->base + *cursor;
  wmisim_mof_object *object = NULL;
  ULONG consumed = 0;
  NTSTATUS status = mof_decode_class(&sub, inner, &object, &consumed);
  d->violations = sub.violations;
  if (!NT_SUCCESS(status))
    return status;
  value->kind = WMISIM_MOF_VALUE_OBJECT;
  value->u.object = object;
  *cursor += inner->fixed_size ? item->element_size : align_up(consumed, inner->alignment);
  return STATUS_SUCCESS;
}

static NTSTATUS decode_element(mof_decoder *d, const wmisim_mof_item *item, ULONG *cursor,
                               wmisim_mof_value *value) {
  *cursor = align_up(*cursor, item->alignment);
  switch (item->type) {
  case WMISIM_MOF_TYPE_STRING: return decode_string(d, item, cursor, value);
  case WMISIM_MOF_TYPE_DATETIME: return decode_datetime(d, item, cursor, value);
  case WMISIM_MOF_TYPE_OBJECT: return decode_object(d, item, cursor, value);
  default: return decode_scalar(d, item, cursor, value);
  }
}

/* Elements of a WmiSizeIs array: the value of the count item decoded before. */
static NTSTATUS element_count(mof_decoder *d, const wmisim_mof_object *object,
                              const wmisim_mof_item *item, ULONG cursor, ULONG *count) {
  if (item->array == WMISIM_MOF_ARRAY_FIXED) {
    *count = item->array_count;
    return STATUS_SUCCESS;
  }
  const wmisim_mof_value *size = &object->properties[item->size_is - object->cls->items].value;
  ULONGLONG n = size->kind == WMISIM_MOF_VALUE_SINT ? (ULONGLONG)size->u.sint : size->u.uint;
  if (size->kind == WMISIM_MOF_VALUE_SINT && size->u.sint < 0)
    n = ~0ULL;
  /* Every element takes at least one byte: a larger count cannot fit. */
  if (n > d->size) {
    mof_diag_block(d->diags, (long)(d->base + cursor),
                   "array '%s' has %llu elements (WmiSizeIs \"%s\"), more than the block holds",
                   item->name, (unsigned long long)n, item->size_is->name);
    return STATUS_DATA_ERROR;
  }
  *count = (ULONG)n;
  return STATUS_SUCCESS;
}

static NTSTATUS decode_item(mof_decoder *d, wmisim_mof_object *object, size_t index,
                            ULONG *cursor) {
  const wmisim_mof_item *item = &object->cls->items[index];
  wmisim_mof_value *value = &object->properties[index].value;
  if (item->array == WMISIM_MOF_ARRAY_NONE)
    return decode_element(d, item, cursor, value);
  ULONG count;
  NTSTATUS status = element_count(d, object, item, *cursor, &count);
  if (!NT_SUCCESS(status))
    return status;
  wmisim_mof_value *elements = calloc(count ? count : 1, sizeof(*elements));
  if (elements == NULL)
    return STATUS_NO_MEMORY;
  value->kind = WMISIM_MOF_VALUE_ARRAY;
  value->u.array.elements = elements;
  value->u.array.count = 0;
  *cursor = align_up(*cursor, item->alignment);
  for (ULONG i = 0; i < count; i++, value->u.array.count++) {
    status = decode_element(d, item, cursor, &elements[i]);
    if (!NT_SUCCESS(status))
      return status;
  }
  return STATUS_SUCCESS;
}

NTSTATUS mof_decode_class(mof_decoder *d, const wmisim_mof_class *cls, wmisim_mof_object **out,
                          ULONG *consumed) {
  if (d->depth++ > 64)
    return STATUS_DATA_ERROR;
  wmisim_mof_object *object = mof_object_new(cls);
  if (object == NULL)
    return STATUS_NO_MEMORY;
  ULONG cursor = 0;
  for (size_t i = 0; i < cls->item_count; i++) {
    NTSTATUS status = decode_item(d, object, i, &cursor);
    if (!NT_SUCCESS(status)) {
      wmisim_mof_object_destroy(object);
      return status;
    }
  }
  d->depth--;
  *out = object;
  *consumed = cursor;
  return STATUS_SUCCESS;
}

NTSTATUS wmisim_mof_decode(const wmisim_mof_class *cls, const void *data, ULONG size,
                           wmisim_mof_object **out, ULONG *consumed,
                           wmisim_mof_diagnostics *diags) {
  if (cls == NULL || (data == NULL && size > 0) || out == NULL)
    return STATUS_INVALID_PARAMETER;
  mof_decoder d = {data, size, 0, diags, 0, 0, 0};
  ULONG used = 0;
  NTSTATUS status = mof_decode_class(&d, cls, out, &used);
  if (NT_SUCCESS(status) && consumed != NULL)
    *consumed = used;
  return status;
}

/* ---- encoding ------------------------------------------------------------------ */

typedef struct encoder {
  unsigned char *out; /* NULL while measuring */
  ULONG capacity;
} encoder;

static void put_bytes(encoder *e, ULONG at, const void *bytes, ULONG size) {
  if (e->out != NULL && at <= e->capacity && e->capacity - at >= size)
    memcpy(e->out + at, bytes, size);
}

static void put_integer(encoder *e, ULONG at, ULONGLONG value, ULONG size) {
  unsigned char bytes[8];
  write_le(bytes, value, size);
  put_bytes(e, at, bytes, size);
}

static ULONGLONG scalar_bits(const wmisim_mof_item *item, const wmisim_mof_value *value) {
  switch (value->kind) {
  case WMISIM_MOF_VALUE_BOOLEAN: return value->u.boolean ? 1 : 0;
  case WMISIM_MOF_VALUE_SINT: return (ULONGLONG)value->u.sint;
  case WMISIM_MOF_VALUE_UINT: return value->u.uint;
  case WMISIM_MOF_VALUE_CHAR16: return value->u.char16;
  case WMISIM_MOF_VALUE_REAL:
    if (item->type == WMISIM_MOF_TYPE_REAL32) {
      float real = (float)value->u.real;
      uint32_t bits;
      memcpy(&bits, &real, sizeof(bits));
      return bits;
    } else {
      ULONGLONG bits;
      memcpy(&bits, &value->u.real, sizeof(bits));
      return bits;
    }
  default: return 0;
  }
}

static NTSTATUS encode_text(encoder *e, const wmisim_mof_item *item, const wmisim_mof_value *value,
                            ULONG *cursor) {
  const char *text = value->kind == WMISIM_MOF_VALUE_NULL ? "" : value->u.string;
  USHORT *units = NULL;
  long count = mof_utf8_to_utf16(text, &units);
  if (count < 0)
    return STATUS_INVALID_PARAMETER;
  NTSTATUS status = STATUS_SUCCESS;
  if (item->type == WMISIM_MOF_TYPE_DATETIME) {
    for (ULONG i = 0; i < 25; i++)
      put_integer(e, *cursor + 2 * i, i < (ULONG)count ? units[i] : 0, 2);
    *cursor += 50;
  } else if (count > 32767 || (item->max_len > 0 && (ULONG)count > item->max_len)) {
    status = STATUS_INVALID_PARAMETER;
  } else {
    put_integer(e, *cursor, (ULONGLONG)count * 2, 2);
    for (long i = 0; i < count; i++)
      put_integer(e, *cursor + 2 + 2 * (ULONG)i, units[i], 2);
    *cursor += 2 + (ULONG)count * 2;
  }
  free(units);
  return status;
}

static NTSTATUS encode_class(encoder *e, const wmisim_mof_class *cls,
                             const wmisim_mof_object *object, ULONG *cursor);

static NTSTATUS encode_element(encoder *e, const wmisim_mof_item *item,
                               const wmisim_mof_value *value, ULONG *cursor) {
  *cursor = align_up(*cursor, item->alignment);
  if (item->type == WMISIM_MOF_TYPE_STRING || item->type == WMISIM_MOF_TYPE_DATETIME)
    return encode_text(e, item, value, cursor);
  if (item->type == WMISIM_MOF_TYPE_OBJECT) {
    const wmisim_mof_class *inner = item->object_class;
    encoder sub = {e->out ? e->out + *cursor : NULL,
                   e->out && e->capacity > *cursor ? e->capacity - *cursor : 0};
    ULONG used = 0;
    const wmisim_mof_object *object =
        value->kind == WMISIM_MOF_VALUE_OBJECT ? value->u.object : NULL;
    NTSTATUS status = encode_class(&sub, inner, object, &used);
    *cursor += inner->fixed_size ? item->element_size : align_up(used, inner->alignment);
    return status;
  }
  ULONG size = mof_type_fixed_size(item->type);
  put_integer(e, *cursor, scalar_bits(item, value), size);
  *cursor += size;
  return STATUS_SUCCESS;
}

/* The count an unset WmiSizeIs item takes: the length of the array it sizes. */
static int implied_count(const wmisim_mof_object *object, size_t index, ULONGLONG *count) {
  for (size_t i = 0; i < object->property_count; i++) {
    const wmisim_mof_property *p = &object->properties[i];
    if (p->item->size_is == &object->cls->items[index]) {
      *count = p->value.kind == WMISIM_MOF_VALUE_ARRAY ? p->value.u.array.count : 0;
      return 1;
    }
  }
  return 0;
}

static NTSTATUS encode_item(encoder *e, const wmisim_mof_object *object, size_t index,
                            ULONG *cursor) {
  const wmisim_mof_item *item = &object->cls->items[index];
  const wmisim_mof_value *value = &object->properties[index].value;
  wmisim_mof_value implied = {WMISIM_MOF_VALUE_UINT, {0}};
  if (value->kind == WMISIM_MOF_VALUE_NULL && implied_count(object, index, &implied.u.uint))
    value = &implied;
  if (item->array == WMISIM_MOF_ARRAY_NONE)
    return encode_element(e, item, value, cursor);
  size_t count = value->kind == WMISIM_MOF_VALUE_ARRAY ? value->u.array.count : 0;
  if (item->array == WMISIM_MOF_ARRAY_FIXED)
    count = item->array_count;
  if (item->array == WMISIM_MOF_ARRAY_VARIABLE) {
    const wmisim_mof_value *size = &object->properties[item->size_is - object->cls->items].value;
    ULONGLONG declared = size->kind == WMISIM_MOF_VALUE_SINT ? (ULONGLONG)size->u.sint
                                                             : size->u.uint;
    if (size->kind != WMISIM_MOF_VALUE_NULL && declared != count)
      return STATUS_INVALID_PARAMETER;
  }
  static const wmisim_mof_value unset = {WMISIM_MOF_VALUE_NULL, {0}};
  *cursor = align_up(*cursor, item->alignment);
  for (size_t i = 0; i < count; i++) {
    const wmisim_mof_value *element =
        value->kind == WMISIM_MOF_VALUE_ARRAY && i < value->u.array.count
            ? &value->u.array.elements[i]
            : &unset;
    NTSTATUS status = encode_element(e, item, element, cursor);
    if (!NT_SUCCESS(status))
      return status;
  }
  return STATUS_SUCCESS;
}

/* Encodes `object` (NULL: every item unset) as class `cls`. */
static NTSTATUS encode_class(encoder *e, const wmisim_mof_class *cls,
                             const wmisim_mof_object *object, ULONG *cursor) {
  wmisim_mof_object *blank = NULL;
  if (object == NULL) {
    blank = mof_object_new(cls);
    if (blank == NULL)
      return STATUS_NO_MEMORY;
    object = blank;
  }
  NTSTATUS status = STATUS_SUCCESS;
  for (size_t i = 0; i < cls->item_count && NT_SUCCESS(status); i++)
    status = encode_item(e, object, i, cursor);
  wmisim_mof_object_destroy(blank);
  return status;
}

NTSTATUS wmisim_mof_encode(const wmisim_mof_object *object, void *buffer, ULONG buffer_size,
                           ULONG *needed) {
  if (object == NULL || needed == NULL || (buffer == NULL && buffer_size > 0))
    return STATUS_INVALID_PARAMETER;
  encoder measure = {NULL, 0};
  ULONG size = 0;
  NTSTATUS status = encode_class(&measure, object->cls, object, &size);
  if (!NT_SUCCESS(status))
    return status;
  *needed = size;
  if (buffer_size < size)
    return STATUS_BUFFER_TOO_SMALL;
  if (size == 0)
    return STATUS_SUCCESS;
  memset(buffer, 0, size); /* padding between items is zero */
  encoder write = {buffer, buffer_size};
  size = 0;
  return encode_class(&write, object->cls, object, &size);
}
