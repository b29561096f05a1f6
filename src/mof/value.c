/*
 * value.c - tagged values and objects: deep copy, free, and the checks
 * that a value given by name fits the item it is meant for.
 */
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"

void mof_value_clear(wmisim_mof_value *value) {
  switch (value->kind) {
  case WMISIM_MOF_VALUE_STRING:
  case WMISIM_MOF_VALUE_DATETIME:
    free((char *)(uintptr_t)value->u.string);
    break;
  case WMISIM_MOF_VALUE_ARRAY: {
    wmisim_mof_value *elements = (wmisim_mof_value *)(uintptr_t)value->u.array.elements;
    for (size_t i = 0; i < value->u.array.count; i++)
      mof_value_clear(&elements[i]);
    free(elements);
    break;
  }
  case WMISIM_MOF_VALUE_OBJECT:
    wmisim_mof_object_destroy((wmisim_mof_object *)(uintptr_t)value->u.object);
    break;
  default:
    break;
  }
  memset(value, 0, sizeof(*value));
}

static NTSTATUS copy_object(const wmisim_mof_object *object, const wmisim_mof_object **out) {
  wmisim_mof_object *copy = mof_object_new(object->cls);
  if (copy == NULL)
    return STATUS_NO_MEMORY;
  for (size_t i = 0; i < object->property_count && i < copy->property_count; i++) {
    NTSTATUS status = mof_value_copy(&copy->properties[i].value, &object->properties[i].value);
    if (!NT_SUCCESS(status)) {
      wmisim_mof_object_destroy(copy);
      return status;
    }
  }
  *out = copy;
  return STATUS_SUCCESS;
}

NTSTATUS mof_value_copy(wmisim_mof_value *out, const wmisim_mof_value *value) {
  *out = *value;
  switch (value->kind) {
  case WMISIM_MOF_VALUE_STRING:
  case WMISIM_MOF_VALUE_DATETIME: {
    size_t length = strlen(value->u.string);
    char *copy = malloc(length + 1);
    if (copy == NULL)
      break;
    memcpy(copy, value->u.string, length + 1);
    out->u.string = copy;
    return STATUS_SUCCESS;
  }
  case WMISIM_MOF_VALUE_ARRAY: {
    size_t count = value->u.array.count;
    wmisim_mof_value *elements = calloc(count ? count : 1, sizeof(*elements));
    if (elements == NULL)
      break;
    out->u.array.elements = elements;
    out->u.array.count = 0;
    for (size_t i = 0; i < count; i++, out->u.array.count++)
      if (!NT_SUCCESS(mof_value_copy(&elements[i], &value->u.array.elements[i]))) {
        mof_value_clear(out);
        return STATUS_NO_MEMORY;
      }
    return STATUS_SUCCESS;
  }
  case WMISIM_MOF_VALUE_OBJECT:
    if (value->u.object == NULL)
      return STATUS_INVALID_PARAMETER;
    if (!NT_SUCCESS(copy_object(value->u.object, &out->u.object)))
      break;
    return STATUS_SUCCESS;
  default:
    return STATUS_SUCCESS;
  }
  memset(out, 0, sizeof(*out));
  return STATUS_NO_MEMORY;
}

wmisim_mof_object *mof_object_new(const wmisim_mof_class *cls) {
  wmisim_mof_object *object = calloc(1, sizeof(*object));
  if (object == NULL)
    return NULL;
  object->properties = calloc(cls->item_count ? cls->item_count : 1, sizeof(wmisim_mof_property));
  if (object->properties == NULL) {
    free(object);
    return NULL;
  }
  object->cls = cls;
  object->property_count = cls->item_count;
  for (size_t i = 0; i < cls->item_count; i++)
    object->properties[i].item = &cls->items[i];
  return object;
}

NTSTATUS wmisim_mof_object_create(const wmisim_mof_class *cls, wmisim_mof_object **out) {
  if (cls == NULL || out == NULL)
    return STATUS_INVALID_PARAMETER;
  *out = mof_object_new(cls);
  return *out == NULL ? STATUS_NO_MEMORY : STATUS_SUCCESS;
}

void wmisim_mof_object_destroy(wmisim_mof_object *object) {
  if (object == NULL)
    return;
  for (size_t i = 0; i < object->property_count; i++)
    mof_value_clear(&object->properties[i].value);
  free(object->properties);
  free(object);
}

const wmisim_mof_property *wmisim_mof_object_get(const wmisim_mof_object *object,
                                                 const char *name) {
  for (size_t i = 0; object != NULL && name != NULL && i < object->property_count; i++)
    if (mof_strcasecmp(object->properties[i].item->name, name) == 0)
      return &object->properties[i];
  return NULL;
}

/* Range of each integer type, as signed bounds or an unsigned maximum. */
static int integer_fits(wmisim_mof_type type, const wmisim_mof_value *value) {
  static const struct {
    wmisim_mof_type type;
    LONGLONG min;
    LONGLONG max;
    ULONGLONG umax;
  } ranges[] = {
      {WMISIM_MOF_TYPE_SINT8, -128, 127, 127},
      {WMISIM_MOF_TYPE_UINT8, 0, 255, 255},
      {WMISIM_MOF_TYPE_SINT16, -32768, 32767, 32767},
      {WMISIM_MOF_TYPE_UINT16, 0, 65535, 65535},
      {WMISIM_MOF_TYPE_SINT32, -2147483647LL - 1, 2147483647LL, 2147483647ULL},
      {WMISIM_MOF_TYPE_UINT32, 0, 4294967295LL, 4294967295ULL},
      {WMISIM_MOF_TYPE_SINT64, INT64_MIN, INT64_MAX, (ULONGLONG)INT64_MAX},
      {WMISIM_MOF_TYPE_UINT64, 0, INT64_MAX, UINT64_MAX},
  };
  for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
    if (ranges[i].type != type)
      continue;
    if (value->kind == WMISIM_MOF_VALUE_SINT)
      return value->u.sint >= ranges[i].min && value->u.sint <= ranges[i].max;
    return value->u.uint <= ranges[i].umax;
  }
  return 0;
}

static int scalar_fits(const wmisim_mof_item *item, const wmisim_mof_value *value) {
  switch (item->type) {
  case WMISIM_MOF_TYPE_BOOLEAN:
    return value->kind == WMISIM_MOF_VALUE_BOOLEAN;
  case WMISIM_MOF_TYPE_REAL32:
  case WMISIM_MOF_TYPE_REAL64:
    return value->kind == WMISIM_MOF_VALUE_REAL;
  case WMISIM_MOF_TYPE_CHAR16:
    return value->kind == WMISIM_MOF_VALUE_CHAR16;
  case WMISIM_MOF_TYPE_STRING:
    return value->kind == WMISIM_MOF_VALUE_STRING && value->u.string != NULL;
  case WMISIM_MOF_TYPE_DATETIME:
    return (value->kind == WMISIM_MOF_VALUE_DATETIME || value->kind == WMISIM_MOF_VALUE_STRING) &&
           value->u.string != NULL && strlen(value->u.string) == 25;
  case WMISIM_MOF_TYPE_OBJECT:
    return value->kind == WMISIM_MOF_VALUE_OBJECT && value->u.object != NULL &&
           value->u.object->cls == item->object_class;
  default:
    return (value->kind == WMISIM_MOF_VALUE_SINT || value->kind == WMISIM_MOF_VALUE_UINT) &&
           integer_fits(item->type, value);
  }
}

static int value_fits(const wmisim_mof_item *item, const wmisim_mof_value *value) {
  if (value->kind == WMISIM_MOF_VALUE_NULL)
    return 1;
  if (item->array == WMISIM_MOF_ARRAY_NONE)
    return scalar_fits(item, value);
  if (value->kind != WMISIM_MOF_VALUE_ARRAY)
    return 0;
  if (item->array == WMISIM_MOF_ARRAY_FIXED && value->u.array.count != item->array_count)
    return 0;
  for (size_t i = 0; i < value->u.array.count; i++)
    if (!scalar_fits(item, &value->u.array.elements[i]))
      return 0;
  return 1;
}

NTSTATUS wmisim_mof_object_set(wmisim_mof_object *object, const char *name,
                               const wmisim_mof_value *value) {
  if (object == NULL || name == NULL || value == NULL)
    return STATUS_INVALID_PARAMETER;
  wmisim_mof_property *property = (wmisim_mof_property *)wmisim_mof_object_get(object, name);
  if (property == NULL || !value_fits(property->item, value))
    return STATUS_INVALID_PARAMETER;
  wmisim_mof_value copy;
  NTSTATUS status = mof_value_copy(&copy, value);
  if (!NT_SUCCESS(status))
    return status;
  if (property->item->type == WMISIM_MOF_TYPE_DATETIME && copy.kind == WMISIM_MOF_VALUE_STRING)
    copy.kind = WMISIM_MOF_VALUE_DATETIME;
  mof_value_clear(&property->value);
  property->value = copy;
  return STATUS_SUCCESS;
}
