/*
 * registry.c - a simulator's registry: the standard tree it starts with,
 * its destruction, and the entry points the I/O and PnP managers use
 * (service keys, device keys and their values).
 */
#include "cm/cm_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtl/text.h"

/* The keys every simulator starts with. Permanent ones are \REGISTRY, its
 * two trees and the hive roots, which Windows never lets a driver delete;
 * HARDWARE is rebuilt at each boot, hence volatile. */
static const struct {
  const char *path;
  bool permanent;
  bool is_volatile;
} standard_keys[] = {
    {"\\REGISTRY\\MACHINE", true, false},
    {"\\REGISTRY\\MACHINE\\SYSTEM", true, false},
    {"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class", false, false},
    {"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Enum", false, false},
    {"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services", false, false},
    {"\\REGISTRY\\MACHINE\\SOFTWARE", true, false},
    {"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", false, false},
    {"\\REGISTRY\\MACHINE\\HARDWARE", true, true},
    {"\\REGISTRY\\MACHINE\\HARDWARE\\DEVICEMAP", false, true},
    {"\\REGISTRY\\USER", true, false},
    {"\\REGISTRY\\USER\\.DEFAULT", true, false},
};

static bool create_standard_tree(struct cm_registry *registry) {
  static const WCHAR root_name[] = {'R', 'E', 'G', 'I', 'S', 'T', 'R', 'Y'};
  if ((registry->root = cm_key_new(registry, root_name, 8)) == NULL) return false;
  registry->root->permanent = true;
  for (size_t i = 0; i < sizeof standard_keys / sizeof standard_keys[0]; i++) {
    WCHAR *path;
    size_t length;
    if (!NT_SUCCESS(cm_utf8_path(standard_keys[i].path, &path, &length))) return false;
    const WCHAR *rest;
    size_t rest_length;
    struct cm_key *key;
    NTSTATUS status = cm_absolute_rest(path, length, &rest, &rest_length);
    if (NT_SUCCESS(status))
      status = cm_walk(registry->root, rest, rest_length, CM_WALK_CREATE_ALL, standard_keys[i].is_volatile, &key,
                       NULL);
    free(path);
    if (!NT_SUCCESS(status)) return false;
    key->permanent = standard_keys[i].permanent;
  }
  return true;
}

struct cm_registry *cm_create_for(struct wmisim *sim) {
  struct cm_registry *registry = calloc(1, sizeof *registry);
  if (registry == NULL) return NULL;
  plat_mutex_init(&registry->lock);
  registry->sim = sim;
  if (!create_standard_tree(registry)) {
    cm_destroy(registry);
    return NULL;
  }
  return registry;
}

struct cm_registry *cm_create(void) {
  return cm_create_for(NULL);
}

void cm_destroy(struct cm_registry *registry) {
  plat_mutex_lock(&registry->lock);
  registry->destroyed = true;
  if (registry->root != NULL) cm_key_delete_tree(registry->root);
  registry->root = NULL;
  bool free_now = registry->retained == 0;
  plat_mutex_unlock(&registry->lock);
  if (free_now) cm_registry_free(registry);
}

/* ---- what the I/O and PnP managers write ------------------------------------------------------ */

static void set_dword_if_missing(struct cm_key *key, const char *name, ULONG value) {
  WCHAR wide[32];
  size_t length = text_utf8_to_utf16(name, strlen(name), wide, sizeof wide / sizeof wide[0]);
  if (cm_value_find(key, wide, length) == NULL) cm_value_set(key, wide, length, REG_DWORD, &value, sizeof value);
}

void cm_create_service_key(struct cm_registry *registry, const char *service_name) {
  char path[512];
  int n = snprintf(path, sizeof path, "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\%s", service_name);
  if (n < 0 || (size_t)n >= sizeof path) return;
  plat_mutex_lock(&registry->lock);
  struct cm_key *key;
  if (NT_SUCCESS(cm_walk_utf8_locked(registry, path, CM_WALK_CREATE_ALL, &key))) {
    set_dword_if_missing(key, "Type", 1);         /* SERVICE_KERNEL_DRIVER */
    set_dword_if_missing(key, "Start", 3);        /* SERVICE_DEMAND_START */
    set_dword_if_missing(key, "ErrorControl", 1); /* SERVICE_ERROR_NORMAL */
  }
  plat_mutex_unlock(&registry->lock);
}

NTSTATUS cm_open_path(struct wmisim *sim, const char *path, bool create, HANDLE *handle) {
  *handle = NULL;
  struct cm_registry *registry = cm_lock(sim);
  if (registry == NULL) return STATUS_OBJECT_NAME_NOT_FOUND;
  struct cm_key *key;
  NTSTATUS status = cm_walk_utf8_locked(registry, path, create ? CM_WALK_CREATE_ALL : CM_WALK_OPEN, &key);
  if (NT_SUCCESS(status)) status = cm_handle_create_locked(sim, key, handle);
  cm_unlock(registry);
  return status;
}

NTSTATUS cm_set_value(struct cm_registry *registry, const char *key_path, const char *value_name, ULONG type,
                      const void *data, ULONG size) {
  if (data == NULL && size != 0) return STATUS_INVALID_PARAMETER;
  WCHAR *name = text_utf16_dup(value_name != NULL ? value_name : "", NULL);
  if (name == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  plat_mutex_lock(&registry->lock);
  struct cm_key *key;
  NTSTATUS status = cm_walk_utf8_locked(registry, key_path, CM_WALK_CREATE_ALL, &key);
  if (NT_SUCCESS(status)) status = cm_value_set(key, name, text_wlen(name), type, data, size);
  plat_mutex_unlock(&registry->lock);
  free(name);
  return status;
}
