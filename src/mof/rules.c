/*
 * rules.c - the WDM rules a MOF must satisfy for WMI, as mofcomp -WMI and
 * wmimofck check them. Sources for each rule are in docs/mof.md.
 *
 * Every violation is reported (not only the first) so `wmisim mof check`
 * shows a driver writer the whole list at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"

typedef struct checker {
  mof_unit *unit;
  mof_guid_taken guid_taken;
  void *context;
  wmisim_mof_diagnostics *diags;
  int errors;
} checker;

static void report(checker *c, const mof_source *source, mof_pos pos, const char *format, ...)
    WMISIM_PRINTF(4, 5);

static void report(checker *c, const mof_source *source, mof_pos pos, const char *format, ...) {
  va_list args;
  va_start(args, format);
  char *message = mof_vformat(format, args);
  va_end(args);
  mof_diag_at(c->diags, WMISIM_MOF_ERROR, source, pos, "%s", message ? message : format);
  c->errors++;
  free(message);
}

static const wmisim_mof_qualifier *find_q(const mof_qualifier_list *list, const char *name) {
  return wmisim_mof_qualifier_find(list->items, list->count, name);
}

/* Where qualifier `name` stands in the list, or `fallback`. */
static mof_pos q_pos(const mof_qualifier_list *list, const char *name, mof_pos fallback) {
  for (size_t i = 0; i < list->count; i++)
    if (mof_strcasecmp(list->items[i].name, name) == 0)
      return list->positions[i];
  return fallback;
}

static int q_true(const mof_qualifier_list *list, const char *name) {
  const wmisim_mof_qualifier *q = find_q(list, name);
  return q != NULL && q->value.kind == WMISIM_MOF_VALUE_BOOLEAN && q->value.u.boolean;
}

/* ---- class qualifiers ------------------------------------------------------- */

static void check_guid(checker *c, const mof_class *cls, size_t index) {
  const mof_qualifier_list *q = &cls->ast->qualifiers;
  const wmisim_mof_qualifier *guid = find_q(q, "guid");
  if (guid == NULL) {
    report(c, cls->source, cls->ast->pos, "class '%s' has no guid qualifier", cls->pub.name);
    return;
  }
  if (!cls->pub.has_guid) {
    report(c, cls->source, q_pos(q, "guid", cls->ast->pos),
           "guid of class '%s' is not a GUID string like \"{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}\"",
           cls->pub.name);
    return;
  }
  for (size_t i = 0; i < index; i++) {
    const mof_class *other = c->unit->classes[i];
    if (other->pub.has_guid && memcmp(&other->pub.guid, &cls->pub.guid, sizeof(GUID)) == 0) {
      report(c, cls->source, q_pos(q, "guid", cls->ast->pos),
             "guid of class '%s' is already used by class '%s'", cls->pub.name, other->pub.name);
      return;
    }
  }
  if (c->guid_taken(c->context, &cls->pub.guid))
    report(c, cls->source, q_pos(q, "guid", cls->ast->pos),
           "guid of class '%s' is already used by a class loaded earlier", cls->pub.name);
}

static void check_block_qualifiers(checker *c, const mof_class *cls) {
  const mof_qualifier_list *q = &cls->ast->qualifiers;
  const char *name = cls->pub.name;
  if (find_q(q, "WMI") == NULL)
    report(c, cls->source, cls->ast->pos, "class '%s' needs the WMI qualifier", name);
  if (find_q(q, "Dynamic") == NULL && find_q(q, "Static") == NULL)
    report(c, cls->source, cls->ast->pos,
           "data block '%s' needs the Dynamic qualifier (Static for MOF-only instances)", name);
  const wmisim_mof_qualifier *provider = find_q(q, "Provider");
  if (provider == NULL)
    report(c, cls->source, cls->ast->pos, "data block '%s' needs Provider(\"WMIProv\")", name);
  else if (provider->value.kind != WMISIM_MOF_VALUE_STRING ||
           mof_strcasecmp(provider->value.u.string, "WMIProv") != 0)
    report(c, cls->source, q_pos(q, "Provider", cls->ast->pos),
           "Provider of data block '%s' must be \"WMIProv\"", name);
}

/* ---- InstanceName, Active, key ----------------------------------------------- */

static void check_required_item(checker *c, const mof_class *cls, const mof_decl *decl,
                                const char *item, const char *type, int key) {
  if (decl == NULL) {
    report(c, cls->source, cls->ast->pos,
           "data block '%s' has no %s item; WDM blocks need '%s%s %s;'", cls->pub.name, item,
           key ? "[key, read] " : "[read] ", type, item);
    return;
  }
  const mof_qualifier_list *q = &decl->ast->qualifiers;
  if (find_q(q, "WmiDataId") != NULL)
    report(c, decl->source, q_pos(q, "WmiDataId", decl->ast->pos),
           "%s is not part of the data block and must not have a WmiDataId", item);
  else if (mof_strcasecmp(decl->ast->type_name, type) != 0 || decl->ast->is_array)
    report(c, decl->source, decl->ast->type_pos, "%s must be declared as '%s %s'", item, type,
           item);
  else if (!q_true(q, "read") || (key && !q_true(q, "key")))
    report(c, decl->source, decl->ast->pos, "%s must be declared '%s %s %s;'", item,
           key ? "[key, read]" : "[read]", type, item);
}

static void check_keys_and_ids(checker *c, const mof_class *cls) {
  for (size_t i = 0; i < cls->decl_count; i++) {
    const mof_decl *decl = &cls->decls[i];
    const mof_qualifier_list *q = &decl->ast->qualifiers;
    int is_instance_name = mof_strcasecmp(decl->ast->name, "InstanceName") == 0;
    int is_active = mof_strcasecmp(decl->ast->name, "Active") == 0;
    if (!is_instance_name && q_true(q, "key"))
      report(c, decl->source, q_pos(q, "key", decl->ast->pos),
             "only InstanceName can be a key; '%s' is declared key", decl->ast->name);
    if (!is_instance_name && !is_active && find_q(q, "WmiDataId") == NULL)
      report(c, decl->source, decl->ast->pos, "data item '%s' has no WmiDataId",
             decl->ast->name);
  }
}

/* ---- items ------------------------------------------------------------------- */

static void check_data_ids(checker *c, const mof_class *cls) {
  const wmisim_mof_item *items = cls->pub.items;
  for (size_t i = 0; i < cls->pub.item_count; i++) {
    const mof_decl *decl = &cls->item_decls[i];
    mof_pos pos = q_pos(&decl->ast->qualifiers, "WmiDataId", decl->ast->pos);
    if (items[i].data_id == 0) {
      report(c, decl->source, pos, "WmiDataId of '%s' must be a positive integer",
             items[i].name);
      return;
    }
    if (i > 0 && items[i].data_id == items[i - 1].data_id) {
      report(c, decl->source, pos, "WmiDataId(%u) of '%s' is already used by '%s'",
             (unsigned)items[i].data_id, items[i].name, items[i - 1].name);
      return;
    }
    ULONG expected = i == 0 ? 1 : items[i - 1].data_id + 1;
    if (items[i].data_id != expected) {
      report(c, decl->source, pos,
             "WmiDataId values must be dense from 1: '%s' has WmiDataId(%u) but no item has "
             "WmiDataId(%u)",
             items[i].name, (unsigned)items[i].data_id, (unsigned)expected);
      return;
    }
  }
}

static void check_size_is(checker *c, const mof_class *cls, size_t i) {
  const wmisim_mof_item *item = &cls->pub.items[i];
  const mof_decl *decl = &cls->item_decls[i];
  const mof_qualifier_list *q = &decl->ast->qualifiers;
  const wmisim_mof_qualifier *size_is = find_q(q, "WmiSizeIs");
  mof_pos pos = q_pos(q, "WmiSizeIs", decl->ast->pos);
  if (size_is == NULL) {
    if (item->array == WMISIM_MOF_ARRAY_VARIABLE)
      report(c, decl->source, decl->ast->array_pos,
             "variable-length array '%s' needs WmiSizeIs(\"<count item>\")", item->name);
    return;
  }
  if (item->array != WMISIM_MOF_ARRAY_VARIABLE) {
    report(c, decl->source, pos, "WmiSizeIs is valid only on variable-length arrays; '%s' is %s",
           item->name, item->array == WMISIM_MOF_ARRAY_FIXED ? "a fixed array" : "not an array");
    return;
  }
  const char *count_name =
      size_is->value.kind == WMISIM_MOF_VALUE_STRING ? size_is->value.u.string : "";
  const wmisim_mof_item *count = item->size_is;
  if (count == NULL)
    report(c, decl->source, pos, "WmiSizeIs of '%s' names '%s', which is not a data item of '%s'",
           item->name, count_name, cls->pub.name);
  else if (!mof_type_is_integer(count->type) || count->array != WMISIM_MOF_ARRAY_NONE)
    report(c, decl->source, pos, "WmiSizeIs item '%s' of '%s' must be an integer item",
           count->name, item->name);
  else if (count->data_id >= item->data_id)
    report(c, decl->source, pos,
           "WmiSizeIs item '%s' must come before '%s' (a lower WmiDataId)", count->name,
           item->name);
}

/* Depth-first search for a class reaching itself through embedded items. */
static int embeds(const wmisim_mof_class *from, const wmisim_mof_class *target, int depth) {
  if (depth > 64)
    return 1;
  for (size_t i = 0; i < from->item_count; i++) {
    const wmisim_mof_class *inner = from->items[i].object_class;
    if (inner != NULL && (inner == target || embeds(inner, target, depth + 1)))
      return 1;
  }
  return 0;
}

static void check_embedded_type(checker *c, const mof_class *cls, size_t i) {
  const wmisim_mof_item *item = &cls->pub.items[i];
  const mof_decl *decl = &cls->item_decls[i];
  if (item->object_class == NULL)
    return;
  const mof_class *inner = mof_class_of(item->object_class);
  if (wmisim_mof_qualifier_find(inner->pub.qualifiers, inner->pub.qualifier_count, "WMI") ==
      NULL)
    report(c, decl->source, decl->ast->type_pos,
           "embedded class '%s' used by '%s' must have the WMI qualifier", inner->pub.name,
           item->name);
  else if (inner == cls || embeds(&inner->pub, &cls->pub, 0))
    report(c, decl->source, decl->ast->type_pos, "class '%s' embeds itself through '%s'",
           cls->pub.name, item->name);
}

static void check_items(checker *c, const mof_class *cls, int dense_ids) {
  if (dense_ids)
    check_data_ids(c, cls);
  for (size_t i = 0; i < cls->pub.item_count; i++) {
    check_size_is(c, cls, i);
    check_embedded_type(c, cls, i);
  }
}

/* ---- methods ------------------------------------------------------------------ */

static void check_parameters(checker *c, const mof_method_decl *m) {
  for (size_t i = 0; i < m->ast->parameter_count; i++) {
    const mof_ast_property *param = &m->ast->parameters[i];
    if (find_q(&param->qualifiers, "in") == NULL && find_q(&param->qualifiers, "out") == NULL)
      report(c, m->source, param->pos, "parameter '%s' of method '%s' must be [in], [out] or both",
             param->name, m->ast->name);
  }
}

static void check_methods(checker *c, const mof_class *cls) {
  int is_block = cls->pub.kind == WMISIM_MOF_CLASS_DATA_BLOCK ||
                 cls->pub.kind == WMISIM_MOF_CLASS_EVENT_BLOCK;
  for (size_t i = 0; i < cls->method_decl_count; i++) {
    const mof_method_decl *m = &cls->method_decls[i];
    const mof_qualifier_list *q = &m->ast->qualifiers;
    if (!is_block && cls->pub.kind != WMISIM_MOF_CLASS_BASE) {
      report(c, m->source, m->ast->pos, "only data blocks can have methods; '%s' is in '%s'",
             m->ast->name, cls->pub.name);
      continue;
    }
    if (find_q(q, "WmiMethodId") == NULL) {
      if (is_block)
        report(c, m->source, m->ast->pos, "method '%s' has no WmiMethodId", m->ast->name);
      continue;
    }
    check_parameters(c, m);
  }
  for (size_t i = 0; is_block && i < cls->pub.method_count; i++) {
    const wmisim_mof_method *method = &cls->pub.methods[i];
    if (method->method_id == 0 && wmisim_mof_qualifier_find(method->qualifiers,
                                                            method->qualifier_count,
                                                            "WmiMethodId") != NULL)
      report(c, cls->source, cls->ast->pos, "WmiMethodId of method '%s' must be a positive integer",
             method->name);
    else if (i > 0 && method->method_id != 0 && method->method_id == cls->pub.methods[i - 1].method_id)
      report(c, cls->source, cls->ast->pos, "WmiMethodId(%u) of method '%s' is already used by '%s'",
             (unsigned)method->method_id, method->name, cls->pub.methods[i - 1].name);
    if (method->input != NULL)
      check_items(c, mof_class_of(method->input), 0);
    if (method->output != NULL)
      check_items(c, mof_class_of(method->output), 0);
  }
}

static void check_class(checker *c, const mof_class *cls, size_t index) {
  switch (cls->pub.kind) {
  case WMISIM_MOF_CLASS_DATA_BLOCK:
  case WMISIM_MOF_CLASS_EVENT_BLOCK:
    check_block_qualifiers(c, cls);
    check_guid(c, cls, index);
    check_required_item(c, cls, cls->instance_name, "InstanceName", "string", 1);
    check_required_item(c, cls, cls->active, "Active", "boolean", 0);
    check_keys_and_ids(c, cls);
    check_items(c, cls, 1);
    break;
  case WMISIM_MOF_CLASS_EMBEDDED:
    check_guid(c, cls, index);
    check_items(c, cls, 1);
    break;
  default:
    check_items(c, cls, 0);
    break;
  }
  check_methods(c, cls);
}

NTSTATUS mof_check_rules(mof_unit *unit, mof_guid_taken guid_taken, void *context,
                         wmisim_mof_diagnostics *diags) {
  checker c = {unit, guid_taken, context, diags, 0};
  for (size_t i = 0; i < unit->class_count; i++)
    check_class(&c, unit->classes[i], i);
  return c.errors ? STATUS_DATA_ERROR : STATUS_SUCCESS;
}
