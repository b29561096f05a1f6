/*
 * access.c - reaching the tree: the registry lock, key handles in the
 * simulator's handle table, retained keys for routines that work without
 * the lock, and the checks every registry routine makes.
 *
 * Lock order: the registry's lock, then the handle table's (ob_handle_*
 * take it inside ours). A handle is closed without the table's lock held,
 * and its close routine takes ours, so a key found through a handle under
 * our lock cannot be freed before we let go.
 */
#include "cm/cm_internal.h"

#include <stdlib.h>

#include "check/check.h"
#include "core/sim.h"
#include "ke/thread.h"
#include "ob/object.h"

struct cm_registry *cm_lock(struct wmisim *sim) {
  if (sim == NULL || sim->registry == NULL) return NULL;
  plat_mutex_lock(&sim->registry->lock);
  return sim->registry;
}

void cm_unlock(struct cm_registry *registry) {
  plat_mutex_unlock(&registry->lock);
}

void cm_check_passive(struct wmisim *sim, const char *routine) {
  KIRQL irql = ke_thread()->irql;
  if (irql > PASSIVE_LEVEL && sim != NULL) check_irql_violation(sim, routine, irql, PASSIVE_LEVEL);
}

NTSTATUS cm_bad_parameter(struct wmisim *sim, const char *routine, const char *what) {
  if (sim != NULL) {
    struct check_site site = {NULL, NULL, routine};
    check_report(sim, CHECK_BAD_PARAMETER, &site, "%s: %s", routine, what);
  }
  return STATUS_INVALID_PARAMETER;
}

bool cm_string_valid(const UNICODE_STRING *string) {
  if (string == NULL) return true;
  if (string->Length % sizeof(WCHAR) != 0 || string->Length > string->MaximumLength) return false;
  return string->Length == 0 || string->Buffer != NULL;
}

NTSTATUS cm_check_output(struct wmisim *sim, const char *routine, const void *buffer, ULONG length,
                         const ULONG *result_length) {
  cm_check_passive(sim, routine);
  if (result_length == NULL) return cm_bad_parameter(sim, routine, "ResultLength is NULL");
  if (buffer == NULL && length != 0) return cm_bad_parameter(sim, routine, "the buffer is NULL but its Length is not 0");
  return STATUS_SUCCESS;
}

/* ---- handles -------------------------------------------------------------------------------- */

static void handle_closed(void *object) {
  cm_key_release(object);
}

NTSTATUS cm_handle_create_locked(struct wmisim *sim, struct cm_key *key, HANDLE *handle) {
  cm_key_retain(key);
  NTSTATUS status = ob_handle_create(sim, OB_TYPE_REGISTRY_KEY, key, handle_closed, handle);
  if (!NT_SUCCESS(status)) cm_key_release_locked(key); /* the registry is locked, so not destroyed */
  return status;
}

NTSTATUS cm_handle_key_locked(struct wmisim *sim, HANDLE handle, struct cm_key **key) {
  void *object;
  NTSTATUS status = ob_handle_lookup(sim, handle, OB_TYPE_REGISTRY_KEY, &object);
  *key = object;
  if (!NT_SUCCESS(status)) return status;
  return (*key)->deleted ? STATUS_KEY_DELETED : STATUS_SUCCESS;
}

/* ---- retained keys -------------------------------------------------------------------------- */

void cm_retain_key(struct cm_key *key) {
  plat_mutex_lock(&key->registry->lock);
  cm_key_retain(key);
  plat_mutex_unlock(&key->registry->lock);
}

NTSTATUS cm_retain_handle(struct wmisim *sim, HANDLE handle, struct cm_key **key) {
  struct cm_registry *registry = cm_lock(sim);
  if (registry == NULL) return STATUS_INVALID_HANDLE;
  NTSTATUS status = cm_handle_key_locked(sim, handle, key);
  if (NT_SUCCESS(status)) cm_key_retain(*key);
  cm_unlock(registry);
  return status;
}

NTSTATUS cm_retain_path(struct cm_registry *registry, const WCHAR *path, size_t length, enum cm_walk_mode mode,
                        struct cm_key **key) {
  plat_mutex_lock(&registry->lock);
  NTSTATUS status = cm_walk_absolute_locked(registry, path, length, mode, key);
  if (NT_SUCCESS(status)) cm_key_retain(*key);
  plat_mutex_unlock(&registry->lock);
  return status;
}

NTSTATUS cm_retain_utf8_path(struct cm_registry *registry, const char *path, enum cm_walk_mode mode,
                             struct cm_key **key) {
  plat_mutex_lock(&registry->lock);
  NTSTATUS status = cm_walk_utf8_locked(registry, path, mode, key);
  if (NT_SUCCESS(status)) cm_key_retain(*key);
  plat_mutex_unlock(&registry->lock);
  return status;
}

NTSTATUS cm_retain_subkey(struct cm_key *key, const WCHAR *path, size_t length, enum cm_walk_mode mode,
                          struct cm_key **subkey) {
  plat_mutex_lock(&key->registry->lock);
  NTSTATUS status = cm_walk(key, path, length, mode, false, subkey, NULL);
  if (NT_SUCCESS(status)) cm_key_retain(*subkey);
  plat_mutex_unlock(&key->registry->lock);
  return status;
}

NTSTATUS cm_copy_value(struct cm_key *key, const WCHAR *name, size_t length, ULONG index,
                       struct cm_value_copy *copy) {
  plat_mutex_lock(&key->registry->lock);
  NTSTATUS status;
  if (key->deleted) {
    status = STATUS_KEY_DELETED;
  } else if (name != NULL) {
    struct cm_value *value = cm_value_find(key, name, length);
    status = value != NULL ? cm_value_copy(value, copy) : STATUS_OBJECT_NAME_NOT_FOUND;
  } else {
    status = index < key->value_count ? cm_value_copy(&key->values[index], copy) : STATUS_NO_MORE_ENTRIES;
  }
  plat_mutex_unlock(&key->registry->lock);
  return status;
}

NTSTATUS cm_change_value(struct cm_key *key, const WCHAR *name, size_t length, const struct cm_change *change) {
  plat_mutex_lock(&key->registry->lock);
  NTSTATUS status = cm_value_change(key, name, length, change);
  plat_mutex_unlock(&key->registry->lock);
  return status;
}
