/*
 * layout.c - where each data item sits in a WMI data block.
 *
 * The rules are those of "Driver-Defined WMI Data Items" (WDK): a block
 * starts 8-byte aligned, each item is aligned on its type's natural
 * alignment, arrays on their element's, an embedded class on its largest
 * item's, "the same conventions as the /Zp8 switch on the Microsoft C
 * compiler". So a fixed class lays out exactly like the C structure
 * wmimofck generates for it, and an embedded class occupies sizeof() of
 * that structure (its size rounded up to its alignment).
 *
 * Strings (USHORT byte count + UTF-16) and WmiSizeIs arrays have a size
 * only known per instance: items after the first of them have no fixed
 * offset, and codec.c walks them at run time with the same alignment rules.
 */
#include <ctype.h>
#include <string.h>

#include "mof/mof_internal.h"

static const struct {
  const char *name;
  wmisim_mof_type type;
  ULONG size;
  ULONG alignment;
} type_table[] = {
    {"boolean", WMISIM_MOF_TYPE_BOOLEAN, 1, 1},   {"sint8", WMISIM_MOF_TYPE_SINT8, 1, 1},
    {"uint8", WMISIM_MOF_TYPE_UINT8, 1, 1},       {"sint16", WMISIM_MOF_TYPE_SINT16, 2, 2},
    {"uint16", WMISIM_MOF_TYPE_UINT16, 2, 2},     {"sint32", WMISIM_MOF_TYPE_SINT32, 4, 4},
    {"uint32", WMISIM_MOF_TYPE_UINT32, 4, 4},     {"sint64", WMISIM_MOF_TYPE_SINT64, 8, 8},
    {"uint64", WMISIM_MOF_TYPE_UINT64, 8, 8},     {"real32", WMISIM_MOF_TYPE_REAL32, 4, 4},
    {"real64", WMISIM_MOF_TYPE_REAL64, 8, 8},     {"char16", WMISIM_MOF_TYPE_CHAR16, 2, 2},
    {"string", WMISIM_MOF_TYPE_STRING, 0, 2},     {"datetime", WMISIM_MOF_TYPE_DATETIME, 50, 2},
};

#define TYPE_COUNT (sizeof(type_table) / sizeof(type_table[0]))

wmisim_mof_type mof_type_from_name(const char *name) {
  for (size_t i = 0; i < TYPE_COUNT; i++)
    if (mof_strcasecmp(type_table[i].name, name) == 0)
      return type_table[i].type;
  return WMISIM_MOF_TYPE_NONE;
}

const char *wmisim_mof_type_name(wmisim_mof_type type) {
  for (size_t i = 0; i < TYPE_COUNT; i++)
    if (type_table[i].type == type)
      return type_table[i].name;
  return type == WMISIM_MOF_TYPE_OBJECT ? "object" : "none";
}

ULONG mof_type_alignment(wmisim_mof_type type) {
  for (size_t i = 0; i < TYPE_COUNT; i++)
    if (type_table[i].type == type)
      return type_table[i].alignment;
  return 1;
}

ULONG mof_type_fixed_size(wmisim_mof_type type) {
  for (size_t i = 0; i < TYPE_COUNT; i++)
    if (type_table[i].type == type)
      return type_table[i].size;
  return 0;
}

int mof_type_is_integer(wmisim_mof_type type) {
  return type >= WMISIM_MOF_TYPE_SINT8 && type <= WMISIM_MOF_TYPE_UINT64;
}

static ULONG align_up(ULONG value, ULONG alignment) {
  return (value + alignment - 1) & ~(alignment - 1);
}

static void layout_item(wmisim_mof_item *item) {
  if (item->type == WMISIM_MOF_TYPE_OBJECT) {
    mof_class *embedded = mof_class_of(item->object_class);
    mof_layout_class(embedded);
    item->alignment = embedded->pub.alignment;
    item->element_size = embedded->pub.fixed_size
                             ? align_up(embedded->pub.size, embedded->pub.alignment)
                             : 0;
  } else {
    item->alignment = mof_type_alignment(item->type);
    item->element_size = mof_type_fixed_size(item->type);
  }
  item->size = 0;
  if (item->element_size > 0 && item->array == WMISIM_MOF_ARRAY_NONE)
    item->size = item->element_size;
  else if (item->element_size > 0 && item->array == WMISIM_MOF_ARRAY_FIXED)
    item->size = item->element_size * item->array_count;
}

/* Whether an item has the same size in every instance. */
static int item_is_fixed(const wmisim_mof_item *item) {
  if (item->array == WMISIM_MOF_ARRAY_VARIABLE || item->type == WMISIM_MOF_TYPE_STRING)
    return 0;
  return item->type != WMISIM_MOF_TYPE_OBJECT || item->object_class->fixed_size;
}

void mof_layout_class(mof_class *cls) {
  if (cls->laid_out != 0) /* done, or a cycle that rules.c reports */
    return;
  cls->laid_out = 1;
  wmisim_mof_class *pub = &cls->pub;
  wmisim_mof_item *items = (wmisim_mof_item *)pub->items;
  ULONG cursor = 0;
  int fixed = 1;
  pub->alignment = 1;
  pub->fixed_part_size = 0;
  for (size_t i = 0; i < pub->item_count; i++) {
    wmisim_mof_item *item = &items[i];
    layout_item(item);
    if (item->alignment > pub->alignment)
      pub->alignment = item->alignment;
    item->fixed_offset = (BOOLEAN)fixed;
    item->offset = fixed ? align_up(cursor, item->alignment) : 0;
    if (!fixed)
      continue;
    if (item_is_fixed(item)) {
      cursor = item->offset + item->size;
    } else {
      fixed = 0;
      pub->fixed_part_size = item->offset;
    }
  }
  pub->fixed_size = (BOOLEAN)fixed;
  pub->size = fixed ? cursor : 0;
  if (fixed)
    pub->fixed_part_size = cursor;
  cls->laid_out = 2;
}

static void layout_methods(mof_class *cls) {
  for (size_t m = 0; m < cls->pub.method_count; m++) {
    const wmisim_mof_method *method = &cls->pub.methods[m];
    if (method->input != NULL)
      mof_layout_class(mof_class_of(method->input));
    if (method->output != NULL)
      mof_layout_class(mof_class_of(method->output));
  }
}

void mof_compute_layout(mof_unit *unit) {
  for (size_t i = 0; i < unit->class_count; i++) {
    mof_layout_class(unit->classes[i]);
    layout_methods(unit->classes[i]);
  }
}

static int parse_hex(const char *text, size_t digits, ULONGLONG *value) {
  *value = 0;
  for (size_t i = 0; i < digits; i++) {
    if (!isxdigit((unsigned char)text[i]))
      return 0;
    int c = tolower((unsigned char)text[i]);
    *value = *value * 16 + (ULONGLONG)(c <= '9' ? c - '0' : c - 'a' + 10);
  }
  return 1;
}

int mof_parse_guid(const char *text, GUID *guid) {
  size_t length = strlen(text);
  if (length == 38 && text[0] == '{' && text[37] == '}') {
    text++;
    length = 36;
  }
  if (length != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
    return 0;
  ULONGLONG part;
  if (!parse_hex(text, 8, &part))
    return 0;
  guid->Data1 = (uint32_t)part;
  if (!parse_hex(text + 9, 4, &part))
    return 0;
  guid->Data2 = (unsigned short)part;
  if (!parse_hex(text + 14, 4, &part))
    return 0;
  guid->Data3 = (unsigned short)part;
  static const size_t byte_at[8] = {19, 21, 24, 26, 28, 30, 32, 34};
  for (int i = 0; i < 8; i++) {
    if (!parse_hex(text + byte_at[i], 2, &part))
      return 0;
    guid->Data4[i] = (unsigned char)part;
  }
  return 1;
}
