/*
 * model.c - turns the syntax tree into classes: resolves base classes and
 * embedded types, merges inherited properties and methods, classifies each
 * class (data block, event block, embedded, base) and builds its items in
 * WmiDataId order and its methods' parameter classes.
 *
 * Only errors that stop the model from being built are reported here;
 * the WDM rules are checked afterwards by rules.c.
 */
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"

typedef struct builder {
  mof_unit *unit;
  mof_class_lookup lookup;
  void *lookup_context;
  wmisim_mof_diagnostics *diags;
  size_t built;   /* classes of the unit built so far, visible to later ones */
  const mof_class *current; /* the class being built: it may name itself */
  int failed;
  int no_memory;
} builder;

static void build_error(builder *b, const mof_source *source, mof_pos pos, const char *format,
                        const char *name) {
  b->failed = 1;
  mof_diag_at(b->diags, WMISIM_MOF_ERROR, source, pos, format, name);
}

static const wmisim_mof_class *find_class(builder *b, const char *name) {
  if (b->current != NULL && mof_strcasecmp(b->current->pub.name, name) == 0)
    return &b->current->pub;
  for (size_t i = 0; i < b->built; i++)
    if (mof_strcasecmp(b->unit->classes[i]->pub.name, name) == 0)
      return &b->unit->classes[i]->pub;
  return b->lookup(b->lookup_context, name);
}

static const wmisim_mof_qualifier *qualifier(const mof_qualifier_list *list, const char *name) {
  return wmisim_mof_qualifier_find(list->items, list->count, name);
}

static int qualifier_is_true(const mof_qualifier_list *list, const char *name) {
  const wmisim_mof_qualifier *q = qualifier(list, name);
  return q != NULL && q->value.kind == WMISIM_MOF_VALUE_BOOLEAN && q->value.u.boolean;
}

static const char *qualifier_string(const mof_qualifier_list *list, const char *name) {
  const wmisim_mof_qualifier *q = qualifier(list, name);
  return q != NULL && q->value.kind == WMISIM_MOF_VALUE_STRING ? q->value.u.string : NULL;
}

/* A positive integer qualifier value, or 0 when absent or not one. */
static ULONG qualifier_ulong(const mof_qualifier_list *list, const char *name) {
  const wmisim_mof_qualifier *q = qualifier(list, name);
  if (q == NULL || q->value.kind != WMISIM_MOF_VALUE_SINT || q->value.u.sint <= 0 ||
      q->value.u.sint > 0xffffffffLL)
    return 0;
  return (ULONG)q->value.u.sint;
}

static int derives_from(const wmisim_mof_class *cls, const char *name) {
  for (; cls != NULL; cls = cls->superclass)
    if (mof_strcasecmp(cls->name, name) == 0)
      return 1;
  return 0;
}

static wmisim_mof_class_kind classify(const mof_class *cls) {
  const mof_qualifier_list *q = &cls->ast->qualifiers;
  if (qualifier_is_true(q, "abstract"))
    return WMISIM_MOF_CLASS_BASE;
  if (qualifier(q, "Dynamic") != NULL || qualifier(q, "Static") != NULL ||
      qualifier(q, "Provider") != NULL)
    return derives_from(&cls->pub, "WMIEvent") ? WMISIM_MOF_CLASS_EVENT_BLOCK
                                               : WMISIM_MOF_CLASS_DATA_BLOCK;
  if (qualifier(q, "WMI") != NULL)
    return WMISIM_MOF_CLASS_EMBEDDED;
  return WMISIM_MOF_CLASS_BASE;
}

/* Own declarations override inherited ones of the same name. */
static int merge_declarations(builder *b, mof_class *cls) {
  const mof_class *base = cls->pub.superclass ? mof_class_of(cls->pub.superclass) : NULL;
  size_t capacity = cls->ast->property_count + (base ? base->decl_count : 0);
  cls->decls = mof_arena_alloc(b->unit->arena, (capacity ? capacity : 1) * sizeof(mof_decl));
  size_t method_capacity = cls->ast->method_count + (base ? base->method_decl_count : 0);
  cls->method_decls = mof_arena_alloc(
      b->unit->arena, (method_capacity ? method_capacity : 1) * sizeof(mof_method_decl));
  if (cls->decls == NULL || cls->method_decls == NULL)
    return 0;
  for (size_t i = 0; base != NULL && i < base->decl_count; i++)
    cls->decls[cls->decl_count++] = base->decls[i];
  for (size_t i = 0; i < cls->ast->property_count; i++) {
    const mof_ast_property *own = &cls->ast->properties[i];
    size_t slot = 0;
    while (slot < cls->decl_count && mof_strcasecmp(cls->decls[slot].ast->name, own->name) != 0)
      slot++;
    cls->decls[slot].ast = own;
    cls->decls[slot].source = cls->source;
    if (slot == cls->decl_count)
      cls->decl_count++;
  }
  for (size_t i = 0; base != NULL && i < base->method_decl_count; i++)
    cls->method_decls[cls->method_decl_count++] = base->method_decls[i];
  for (size_t i = 0; i < cls->ast->method_count; i++) {
    mof_method_decl *decl = &cls->method_decls[cls->method_decl_count++];
    decl->ast = &cls->ast->methods[i];
    decl->source = cls->source;
  }
  return 1;
}

/* Fills type, array and access fields of an item from its declaration. */
static int build_item(builder *b, const mof_decl *decl, wmisim_mof_item *item, ULONG id) {
  const mof_ast_property *ast = decl->ast;
  item->name = ast->name;
  item->data_id = id;
  item->type = mof_type_from_name(ast->type_name);
  if (item->type == WMISIM_MOF_TYPE_NONE) {
    if (mof_strcasecmp(ast->type_name, "object") == 0) {
      build_error(b, decl->source, ast->type_pos,
                  "untyped 'object' items are not supported; use the embedded class name as "
                  "the type%s", "");
      return 0;
    }
    item->object_class = find_class(b, ast->type_name);
    if (item->object_class == NULL) {
      build_error(b, decl->source, ast->type_pos, "unknown data type or class '%s'",
                  ast->type_name);
      return 0;
    }
    item->type = WMISIM_MOF_TYPE_OBJECT;
  }
  if (ast->is_array) {
    item->array = ast->array_count ? WMISIM_MOF_ARRAY_FIXED : WMISIM_MOF_ARRAY_VARIABLE;
    item->array_count = ast->array_count;
  }
  item->max_len = qualifier_ulong(&ast->qualifiers, "MaxLen");
  item->readable = qualifier_is_true(&ast->qualifiers, "read");
  item->writable = qualifier_is_true(&ast->qualifiers, "write");
  item->description = qualifier_string(&ast->qualifiers, "Description");
  item->display_name = qualifier_string(&ast->qualifiers, "DisplayName");
  item->qualifier_count = ast->qualifiers.count;
  item->qualifiers = ast->qualifiers.items;
  return 1;
}

/* WmiSizeIs names another item of the same class. */
static void resolve_size_is(wmisim_mof_class *cls, const mof_decl *decls) {
  wmisim_mof_item *items = (wmisim_mof_item *)cls->items;
  for (size_t i = 0; i < cls->item_count; i++) {
    const char *count_name = qualifier_string(&decls[i].ast->qualifiers, "WmiSizeIs");
    for (size_t j = 0; count_name != NULL && j < cls->item_count; j++)
      if (mof_strcasecmp(items[j].name, count_name) == 0)
        items[i].size_is = &items[j];
  }
}

static int compare_items(const void *a, const void *b) {
  ULONG x = ((const wmisim_mof_item *)a)->data_id, y = ((const wmisim_mof_item *)b)->data_id;
  return x < y ? -1 : x > y;
}

/* Sorts items by WmiDataId, keeping each item's declaration beside it. */
static void sort_items(wmisim_mof_item *items, mof_decl *decls, size_t count) {
  for (size_t i = 1; i < count; i++)
    for (size_t j = i; j > 0 && compare_items(&items[j - 1], &items[j]) > 0; j--) {
      wmisim_mof_item item = items[j];
      items[j] = items[j - 1];
      items[j - 1] = item;
      mof_decl decl = decls[j];
      decls[j] = decls[j - 1];
      decls[j - 1] = decl;
    }
}

static int is_required_item(const char *name) {
  return mof_strcasecmp(name, "InstanceName") == 0 || mof_strcasecmp(name, "Active") == 0;
}

static int build_items(builder *b, mof_class *cls) {
  size_t count = 0;
  for (size_t i = 0; i < cls->decl_count; i++) {
    const mof_ast_property *ast = cls->decls[i].ast;
    if (mof_strcasecmp(ast->name, "InstanceName") == 0)
      cls->instance_name = &cls->decls[i];
    else if (mof_strcasecmp(ast->name, "Active") == 0)
      cls->active = &cls->decls[i];
    if (qualifier(&ast->qualifiers, "WmiDataId") != NULL && !is_required_item(ast->name))
      count++;
  }
  wmisim_mof_item *items = mof_arena_alloc(b->unit->arena, (count ? count : 1) * sizeof(*items));
  cls->item_decls = mof_arena_alloc(b->unit->arena, (count ? count : 1) * sizeof(mof_decl));
  if (items == NULL || cls->item_decls == NULL)
    return 0;
  size_t n = 0;
  for (size_t i = 0; i < cls->decl_count; i++) {
    const mof_ast_property *ast = cls->decls[i].ast;
    if (qualifier(&ast->qualifiers, "WmiDataId") == NULL || is_required_item(ast->name))
      continue;
    cls->item_decls[n] = cls->decls[i];
    if (!build_item(b, &cls->decls[i], &items[n], qualifier_ulong(&ast->qualifiers, "WmiDataId")))
      return 1; /* reported; keep building the other classes */
    n++;
  }
  sort_items(items, cls->item_decls, n);
  cls->pub.items = items;
  cls->pub.item_count = n;
  resolve_size_is(&cls->pub, cls->item_decls);
  return 1;
}

/* A class holding a method's [in] or [out] parameters, laid out like a block. */
static mof_class *build_parameters(builder *b, const mof_class *owner, const mof_method_decl *m,
                                   const char *direction) {
  const mof_ast_method *ast = m->ast;
  size_t count = 0;
  for (size_t i = 0; i < ast->parameter_count; i++)
    count += qualifier(&ast->parameters[i].qualifiers, direction) != NULL;
  int has_return = mof_strcasecmp(direction, "out") == 0 &&
                   mof_strcasecmp(ast->return_type, "void") != 0;
  if (count == 0 && !has_return)
    return NULL;
  mof_class *params = mof_arena_alloc(b->unit->arena, sizeof(*params));
  size_t slots = count + (size_t)has_return;
  wmisim_mof_item *items = mof_arena_alloc(b->unit->arena, slots * sizeof(*items));
  mof_decl *decls = mof_arena_alloc(b->unit->arena, slots * sizeof(mof_decl));
  mof_ast_property *return_ast = mof_arena_alloc(b->unit->arena, sizeof(*return_ast));
  if (params == NULL || items == NULL || decls == NULL || return_ast == NULL) {
    b->no_memory = 1;
    return NULL;
  }
  size_t n = 0;
  ULONG highest = 0;
  for (size_t i = 0; i < ast->parameter_count; i++) {
    const mof_ast_property *param = &ast->parameters[i];
    ULONG id = qualifier_ulong(&param->qualifiers, "WmiDataId");
    id = id ? id : (ULONG)(i + 1); /* mofcomp numbers parameters in order */
    highest = id > highest ? id : highest;
    if (qualifier(&param->qualifiers, direction) == NULL)
      continue;
    decls[n].ast = param;
    decls[n].source = m->source;
    if (!build_item(b, &decls[n], &items[n], id))
      return NULL;
    n++;
  }
  if (has_return) { /* CIM's implicit out parameter for a non-void method */
    return_ast->type_name = ast->return_type;
    return_ast->type_pos = ast->return_pos;
    return_ast->name = "ReturnValue";
    return_ast->pos = ast->pos;
    decls[n].ast = return_ast;
    decls[n].source = m->source;
    if (!build_item(b, &decls[n], &items[n], highest + 1))
      return NULL;
    n++;
  }
  sort_items(items, decls, n);
  params->pub.name = mof_format_arena(b->unit->arena, "%s_%s", ast->name,
                                      direction[0] == 'i' ? "IN" : "OUT");
  params->pub.kind = WMISIM_MOF_CLASS_PARAMETERS;
  params->pub.source_file = owner->pub.source_file;
  params->pub.line = ast->pos.line;
  params->pub.items = items;
  params->pub.item_count = n;
  params->item_decls = decls;
  params->source = m->source;
  resolve_size_is(&params->pub, decls);
  return params;
}

static int compare_methods(const void *a, const void *b) {
  ULONG x = ((const wmisim_mof_method *)a)->method_id;
  ULONG y = ((const wmisim_mof_method *)b)->method_id;
  return x < y ? -1 : x > y;
}

static int build_methods(builder *b, mof_class *cls) {
  size_t count = cls->method_decl_count;
  wmisim_mof_method *methods = mof_arena_alloc(b->unit->arena,
                                               (count ? count : 1) * sizeof(*methods));
  if (methods == NULL)
    return 0;
  for (size_t i = 0; i < count; i++) {
    const mof_method_decl *m = &cls->method_decls[i];
    const mof_qualifier_list *q = &m->ast->qualifiers;
    methods[i].name = m->ast->name;
    methods[i].method_id = qualifier_ulong(q, "WmiMethodId");
    methods[i].description = qualifier_string(q, "Description");
    methods[i].header_name = qualifier_string(q, "HeaderName");
    methods[i].qualifier_count = q->count;
    methods[i].qualifiers = q->items;
    mof_class *in = build_parameters(b, cls, m, "in");
    mof_class *out = build_parameters(b, cls, m, "out");
    methods[i].input = in ? &in->pub : NULL;
    methods[i].output = out ? &out->pub : NULL;
    if (b->no_memory)
      return 0;
  }
  qsort(methods, count, sizeof(*methods), compare_methods);
  cls->pub.methods = methods;
  cls->pub.method_count = count;
  return 1;
}

static int build_class(builder *b, mof_class *cls, const mof_ast_class *ast) {
  cls->ast = ast;
  cls->source = &b->unit->source;
  wmisim_mof_class *pub = &cls->pub;
  pub->name = ast->name;
  pub->source_file = b->unit->source.name;
  pub->line = ast->pos.line;
  pub->name_space = ast->name_space;
  pub->description = qualifier_string(&ast->qualifiers, "Description");
  pub->header_name = qualifier_string(&ast->qualifiers, "HeaderName");
  pub->qualifier_count = ast->qualifiers.count;
  pub->qualifiers = ast->qualifiers.items;
  const char *guid = qualifier_string(&ast->qualifiers, "guid");
  pub->has_guid = guid != NULL && mof_parse_guid(guid, &pub->guid);
  b->current = NULL;
  if (find_class(b, ast->name) != NULL)
    build_error(b, cls->source, ast->pos, "class '%s' is already defined", ast->name);
  if (ast->superclass != NULL) {
    pub->superclass_name = ast->superclass;
    pub->superclass = find_class(b, ast->superclass);
    if (pub->superclass == NULL) {
      build_error(b, cls->source, ast->superclass_pos, "unknown base class '%s'",
                  ast->superclass);
      return 1;
    }
  }
  pub->kind = classify(cls);
  b->current = cls;
  return merge_declarations(b, cls) && build_items(b, cls) && build_methods(b, cls);
}

NTSTATUS mof_build_model(mof_unit *unit, const mof_ast *ast, mof_class_lookup lookup,
                         void *lookup_context, wmisim_mof_diagnostics *diags) {
  builder b = {unit, lookup, lookup_context, diags, 0, NULL, 0, 0};
  unit->classes = mof_arena_alloc(unit->arena, (ast->class_count + 1) * sizeof(mof_class *));
  if (unit->classes == NULL)
    return STATUS_NO_MEMORY;
  unit->class_count = ast->class_count;
  for (size_t i = 0; i < ast->class_count; i++) {
    unit->classes[i] = mof_arena_alloc(unit->arena, sizeof(mof_class));
    if (unit->classes[i] == NULL || !build_class(&b, unit->classes[i], &ast->classes[i]))
      return STATUS_NO_MEMORY;
    b.built++;
  }
  if (b.no_memory)
    return STATUS_NO_MEMORY;
  return b.failed ? STATUS_DATA_ERROR : STATUS_SUCCESS;
}
