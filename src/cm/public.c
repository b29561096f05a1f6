/*
 * public.c - wmisim/registry.h: presetting and inspecting values from tests
 * and tools (the dump is in dump.c).
 */
#include <wmisim/registry.h>

#include <stdlib.h>
#include <string.h>

#include "cm/cm_internal.h"
#include "core/sim.h"
#include "rtl/text.h"

NTSTATUS wmisim_registry_set_value(wmisim_t *sim, const char *key_path, const char *value_name, ULONG type,
                                   const void *data, ULONG size) {
  if (sim == NULL || key_path == NULL) return STATUS_INVALID_PARAMETER;
  return cm_set_value(sim->registry, key_path, value_name, type, data, size);
}

NTSTATUS wmisim_registry_set_string(wmisim_t *sim, const char *key_path, const char *value_name,
                                    const char *utf8) {
  if (utf8 == NULL) return STATUS_INVALID_PARAMETER;
  size_t length;
  WCHAR *wide = text_utf16_dup(utf8, &length);
  if (wide == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  NTSTATUS status = (length + 1) * sizeof(WCHAR) > CM_MAX_VALUE_DATA_BYTES
                        ? STATUS_INSUFFICIENT_RESOURCES
                        : wmisim_registry_set_value(sim, key_path, value_name, REG_SZ, wide,
                                                    (ULONG)((length + 1) * sizeof(WCHAR)));
  free(wide);
  return status;
}

NTSTATUS wmisim_registry_set_dword(wmisim_t *sim, const char *key_path, const char *value_name, ULONG value) {
  return wmisim_registry_set_value(sim, key_path, value_name, REG_DWORD, &value, sizeof value);
}

/* Runs `operation` on the value named `value_name` of the key at
 * `key_path`, with the registry locked. */
typedef NTSTATUS (*value_operation)(struct cm_key *key, const WCHAR *name, size_t length, void *context);

static NTSTATUS with_value_name(wmisim_t *sim, const char *key_path, const char *value_name,
                                value_operation operation, void *context) {
  if (sim == NULL || key_path == NULL) return STATUS_INVALID_PARAMETER;
  size_t length;
  WCHAR *name = text_utf16_dup(value_name != NULL ? value_name : "", &length);
  if (name == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  struct cm_registry *registry = cm_lock(sim);
  if (registry == NULL) {
    free(name);
    return STATUS_INVALID_PARAMETER;
  }
  struct cm_key *key;
  NTSTATUS status = cm_walk_utf8_locked(registry, key_path, CM_WALK_OPEN, &key);
  if (NT_SUCCESS(status)) status = operation(key, name, length, context);
  cm_unlock(registry);
  free(name);
  return status;
}

struct get_request {
  ULONG *type;
  void *buffer;
  ULONG *size;
};

static NTSTATUS get_value(struct cm_key *key, const WCHAR *name, size_t length, void *context) {
  struct get_request *request = context;
  const struct cm_value *value = cm_value_find(key, name, length);
  if (value == NULL) return STATUS_OBJECT_NAME_NOT_FOUND;
  if (request->type != NULL) *request->type = value->type;
  bool fits = value->size <= *request->size && (request->buffer != NULL || value->size == 0);
  *request->size = value->size;
  if (!fits) return STATUS_BUFFER_TOO_SMALL;
  if (value->size != 0) memcpy(request->buffer, value->data, value->size);
  return STATUS_SUCCESS;
}

NTSTATUS wmisim_registry_get_value(wmisim_t *sim, const char *key_path, const char *value_name, ULONG *type,
                                   void *buffer, ULONG *size) {
  if (size == NULL) return STATUS_INVALID_PARAMETER;
  struct get_request request = {type, buffer, size};
  return with_value_name(sim, key_path, value_name, get_value, &request);
}

static NTSTATUS delete_value(struct cm_key *key, const WCHAR *name, size_t length, void *context) {
  (void)context;
  return cm_value_delete(key, name, length);
}

NTSTATUS wmisim_registry_delete_value(wmisim_t *sim, const char *key_path, const char *value_name) {
  return with_value_name(sim, key_path, value_name, delete_value, NULL);
}

NTSTATUS wmisim_registry_delete_key(wmisim_t *sim, const char *key_path) {
  struct cm_registry *registry = key_path != NULL ? cm_lock(sim) : NULL;
  if (registry == NULL) return STATUS_INVALID_PARAMETER;
  struct cm_key *key;
  NTSTATUS status = cm_walk_utf8_locked(registry, key_path, CM_WALK_OPEN, &key);
  if (NT_SUCCESS(status)) {
    if (key->permanent) status = STATUS_CANNOT_DELETE;
    else cm_key_delete_tree(key);
  }
  cm_unlock(registry);
  return status;
}
