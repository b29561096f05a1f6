/*
 * validate.c - the checking mode's view of single blocks: does a block a
 * driver returned hold what the schema says, and does a set request change
 * only items the MOF marks `write`.
 */
#include <math.h>
#include <string.h>

#include "mof/mof_internal.h"
#include "mof/codec.h"

NTSTATUS wmisim_mof_validate_block(const wmisim_mof_class *cls, const void *data, ULONG size,
                                   wmisim_mof_diagnostics *diags) {
  if (cls == NULL || (data == NULL && size > 0))
    return STATUS_INVALID_PARAMETER;
  mof_decoder d = {data, size, 0, diags, 1, 0, 0};
  wmisim_mof_object *object = NULL;
  ULONG consumed = 0;
  NTSTATUS status = mof_decode_class(&d, cls, &object, &consumed);
  wmisim_mof_object_destroy(object);
  if (NT_SUCCESS(status) && d.violations > 0)
    return STATUS_DATA_ERROR;
  return status;
}

static int values_equal(const wmisim_mof_value *a, const wmisim_mof_value *b);

static int objects_equal(const wmisim_mof_object *a, const wmisim_mof_object *b) {
  if (a->property_count != b->property_count)
    return 0;
  for (size_t i = 0; i < a->property_count; i++)
    if (!values_equal(&a->properties[i].value, &b->properties[i].value))
      return 0;
  return 1;
}

static int values_equal(const wmisim_mof_value *a, const wmisim_mof_value *b) {
  if (a->kind != b->kind)
    return 0;
  switch (a->kind) {
  case WMISIM_MOF_VALUE_BOOLEAN: return a->u.boolean == b->u.boolean;
  case WMISIM_MOF_VALUE_SINT: return a->u.sint == b->u.sint;
  case WMISIM_MOF_VALUE_UINT: return a->u.uint == b->u.uint;
  case WMISIM_MOF_VALUE_REAL:
    return memcmp(&a->u.real, &b->u.real, sizeof(double)) == 0 ||
           (isnan(a->u.real) && isnan(b->u.real));
  case WMISIM_MOF_VALUE_CHAR16: return a->u.char16 == b->u.char16;
  case WMISIM_MOF_VALUE_STRING:
  case WMISIM_MOF_VALUE_DATETIME: return strcmp(a->u.string, b->u.string) == 0;
  case WMISIM_MOF_VALUE_OBJECT: return objects_equal(a->u.object, b->u.object);
  case WMISIM_MOF_VALUE_ARRAY:
    if (a->u.array.count != b->u.array.count)
      return 0;
    for (size_t i = 0; i < a->u.array.count; i++)
      if (!values_equal(&a->u.array.elements[i], &b->u.array.elements[i]))
        return 0;
    return 1;
  default: return 1;
  }
}

NTSTATUS wmisim_mof_validate_set(const wmisim_mof_class *cls, const void *old_block,
                                 ULONG old_size, const void *new_block, ULONG new_size,
                                 wmisim_mof_diagnostics *diags) {
  if (cls == NULL || (old_block == NULL && old_size > 0) || (new_block == NULL && new_size > 0))
    return STATUS_INVALID_PARAMETER;
  wmisim_mof_object *before = NULL, *after = NULL;
  NTSTATUS status = wmisim_mof_decode(cls, old_block, old_size, &before, NULL, diags);
  if (NT_SUCCESS(status))
    status = wmisim_mof_decode(cls, new_block, new_size, &after, NULL, diags);
  for (size_t i = 0; NT_SUCCESS(status) && i < cls->item_count; i++) {
    const wmisim_mof_item *item = &cls->items[i];
    if (item->writable || values_equal(&before->properties[i].value, &after->properties[i].value))
      continue;
    mof_diag_block(diags, item->fixed_offset ? (long)item->offset : -1,
                   "item '%s' (WmiDataId %u) is read-only but the set request changes it",
                   item->name, (unsigned)item->data_id);
    status = STATUS_WMI_READ_ONLY;
  }
  wmisim_mof_object_destroy(before);
  wmisim_mof_object_destroy(after);
  return status;
}
