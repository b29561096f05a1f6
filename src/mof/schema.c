/*
 * schema.c - schema sets: loading MOF text or files through the pipeline
 * (parse, build, check, lay out), and looking classes up by name and GUID.
 *
 * Each load is a unit with its own arena. A load that fails is dropped
 * whole, so a schema only ever holds classes that passed every check.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"

struct wmisim_mof_schema {
  mof_unit *base; /* the bundled base classes */
  mof_unit **units;
  size_t unit_count;
  size_t unit_capacity;
};

static void unit_destroy(mof_unit *unit) {
  if (unit == NULL)
    return;
  mof_arena_destroy(unit->arena);
  free(unit);
}

static const wmisim_mof_class *find_in_unit(const mof_unit *unit, const char *name) {
  for (size_t i = 0; unit != NULL && i < unit->class_count; i++)
    if (mof_strcasecmp(unit->classes[i]->pub.name, name) == 0)
      return &unit->classes[i]->pub;
  return NULL;
}

const wmisim_mof_class *wmisim_mof_schema_find_class(const wmisim_mof_schema *schema,
                                                     const char *name) {
  if (schema == NULL || name == NULL)
    return NULL;
  const wmisim_mof_class *cls = find_in_unit(schema->base, name);
  for (size_t i = 0; cls == NULL && i < schema->unit_count; i++)
    cls = find_in_unit(schema->units[i], name);
  return cls;
}

static const wmisim_mof_class *find_guid_in_unit(const mof_unit *unit, const GUID *guid) {
  for (size_t i = 0; unit != NULL && i < unit->class_count; i++) {
    const wmisim_mof_class *cls = &unit->classes[i]->pub;
    if (cls->has_guid && memcmp(&cls->guid, guid, sizeof(GUID)) == 0)
      return cls;
  }
  return NULL;
}

const wmisim_mof_class *wmisim_mof_schema_find_guid(const wmisim_mof_schema *schema,
                                                    const GUID *guid) {
  if (schema == NULL || guid == NULL)
    return NULL;
  const wmisim_mof_class *cls = find_guid_in_unit(schema->base, guid);
  for (size_t i = 0; cls == NULL && i < schema->unit_count; i++)
    cls = find_guid_in_unit(schema->units[i], guid);
  return cls;
}

static const wmisim_mof_class *lookup_in_schema(void *context, const char *name) {
  return wmisim_mof_schema_find_class(context, name);
}

static int guid_taken_in_schema(void *context, const GUID *guid) {
  return wmisim_mof_schema_find_guid(context, guid) != NULL;
}

/* Runs the pipeline on one source; on success *out is a laid-out unit. */
static NTSTATUS compile_unit(wmisim_mof_schema *schema, const char *name, const char *text,
                             size_t length, wmisim_mof_diagnostics *diags, mof_unit **out) {
  mof_unit *unit = calloc(1, sizeof(*unit));
  if (unit == NULL || (unit->arena = mof_arena_create()) == NULL) {
    free(unit);
    return STATUS_NO_MEMORY;
  }
  unit->source.name = mof_arena_strdup(unit->arena, name);
  unit->source.text = mof_arena_strndup(unit->arena, text, length);
  unit->source.length = length;
  if (unit->source.name == NULL || unit->source.text == NULL) {
    unit_destroy(unit);
    return STATUS_NO_MEMORY;
  }
  mof_ast ast;
  NTSTATUS status = mof_parse(&unit->source, unit->arena, &ast, diags);
  if (NT_SUCCESS(status))
    status = mof_build_model(unit, &ast, lookup_in_schema, schema, diags);
  if (NT_SUCCESS(status))
    status = mof_check_rules(unit, guid_taken_in_schema, schema, diags);
  if (!NT_SUCCESS(status)) {
    unit_destroy(unit);
    return status;
  }
  mof_compute_layout(unit);
  *out = unit;
  return STATUS_SUCCESS;
}

NTSTATUS wmisim_mof_schema_create(wmisim_mof_schema **out) {
  if (out == NULL)
    return STATUS_INVALID_PARAMETER;
  wmisim_mof_schema *schema = calloc(1, sizeof(*schema));
  if (schema == NULL)
    return STATUS_NO_MEMORY;
  NTSTATUS status = compile_unit(schema, mof_base_classes_name, mof_base_classes_text,
                                 strlen(mof_base_classes_text), NULL, &schema->base);
  if (!NT_SUCCESS(status)) {
    free(schema);
    return status == STATUS_DATA_ERROR ? STATUS_UNSUCCESSFUL : status;
  }
  for (size_t i = 0; i < schema->base->class_count; i++)
    schema->base->classes[i]->pub.bundled = TRUE;
  *out = schema;
  return STATUS_SUCCESS;
}

void wmisim_mof_schema_destroy(wmisim_mof_schema *schema) {
  if (schema == NULL)
    return;
  for (size_t i = 0; i < schema->unit_count; i++)
    unit_destroy(schema->units[i]);
  free(schema->units);
  unit_destroy(schema->base);
  free(schema);
}

NTSTATUS wmisim_mof_schema_load_text(wmisim_mof_schema *schema, const char *name,
                                     const char *text, size_t length,
                                     wmisim_mof_diagnostics *diags) {
  if (schema == NULL || text == NULL)
    return STATUS_INVALID_PARAMETER;
  if (schema->unit_count == schema->unit_capacity) {
    size_t capacity = schema->unit_capacity ? schema->unit_capacity * 2 : 4;
    mof_unit **units = realloc(schema->units, capacity * sizeof(*units));
    if (units == NULL)
      return STATUS_NO_MEMORY;
    schema->units = units;
    schema->unit_capacity = capacity;
  }
  mof_unit *unit = NULL;
  NTSTATUS status = compile_unit(schema, name ? name : "<text>", text, length, diags, &unit);
  if (NT_SUCCESS(status))
    schema->units[schema->unit_count++] = unit;
  return status;
}

/* Reads a whole file into a malloc'ed buffer. */
static NTSTATUS read_file(const char *path, char **text, size_t *length) {
  FILE *file = fopen(path, "rb");
  if (file == NULL)
    return STATUS_OBJECT_NAME_NOT_FOUND;
  mof_text buffer;
  mof_text_init(&buffer);
  char chunk[4096];
  size_t got;
  while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0)
    mof_text_append(&buffer, chunk, got);
  int read_error = ferror(file);
  fclose(file);
  if (read_error || buffer.failed) {
    mof_text_free(&buffer);
    return read_error ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_NO_MEMORY;
  }
  *text = buffer.data;
  *length = buffer.length;
  return STATUS_SUCCESS;
}

NTSTATUS wmisim_mof_schema_load_file(wmisim_mof_schema *schema, const char *path,
                                     wmisim_mof_diagnostics *diags) {
  if (schema == NULL || path == NULL)
    return STATUS_INVALID_PARAMETER;
  char *text = NULL;
  size_t length = 0;
  errno = 0;
  NTSTATUS status = read_file(path, &text, &length);
  if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
    mof_diag_plain(diags, path, "cannot read the file: %s",
                   errno ? strerror(errno) : "read error");
    return status;
  }
  if (!NT_SUCCESS(status))
    return status;
  status = wmisim_mof_schema_load_text(schema, path, text ? text : "", length, diags);
  free(text);
  return status;
}

size_t wmisim_mof_schema_class_count(const wmisim_mof_schema *schema) {
  size_t count = 0;
  for (size_t i = 0; schema != NULL && i < schema->unit_count; i++)
    count += schema->units[i]->class_count;
  return count;
}

const wmisim_mof_class *wmisim_mof_schema_class_at(const wmisim_mof_schema *schema, size_t index) {
  for (size_t i = 0; schema != NULL && i < schema->unit_count; i++) {
    if (index < schema->units[i]->class_count)
      return &schema->units[i]->classes[index]->pub;
    index -= schema->units[i]->class_count;
  }
  return NULL;
}

const wmisim_mof_qualifier *wmisim_mof_qualifier_find(const wmisim_mof_qualifier *qualifiers,
                                                      size_t count, const char *name) {
  for (size_t i = 0; qualifiers != NULL && name != NULL && i < count; i++)
    if (mof_strcasecmp(qualifiers[i].name, name) == 0)
      return &qualifiers[i];
  return NULL;
}

const wmisim_mof_item *wmisim_mof_class_find_item(const wmisim_mof_class *cls, const char *name) {
  for (size_t i = 0; cls != NULL && name != NULL && i < cls->item_count; i++)
    if (mof_strcasecmp(cls->items[i].name, name) == 0)
      return &cls->items[i];
  return NULL;
}

const wmisim_mof_item *wmisim_mof_class_find_item_by_id(const wmisim_mof_class *cls,
                                                        ULONG data_id) {
  for (size_t i = 0; cls != NULL && i < cls->item_count; i++)
    if (cls->items[i].data_id == data_id)
      return &cls->items[i];
  return NULL;
}

const wmisim_mof_method *wmisim_mof_class_find_method(const wmisim_mof_class *cls,
                                                      ULONG method_id) {
  for (size_t i = 0; cls != NULL && i < cls->method_count; i++)
    if (cls->methods[i].method_id == method_id)
      return &cls->methods[i];
  return NULL;
}

void wmisim_mof_free(void *memory) {
  free(memory);
}
