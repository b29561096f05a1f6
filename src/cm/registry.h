/*
 * registry.h - the configuration manager: an in-memory registry per
 * simulator, reached by drivers through handles (ZwOpenKey, ...).
 *
 * Paths are absolute NT paths ("\Registry\Machine\System\...") compared
 * case-insensitively, as on Windows.
 */
#ifndef WMISIM_CM_REGISTRY_H
#define WMISIM_CM_REGISTRY_H

#include <wdm.h>

#include <stdbool.h>
#include <stddef.h>

struct wmisim;
struct cm_registry;

struct cm_registry *cm_create(void);
void cm_destroy(struct cm_registry *registry);

/* Creates the service key \Registry\Machine\System\CurrentControlSet\
 * Services\<name> if it does not exist. */
void cm_create_service_key(struct cm_registry *registry, const char *service_name);

/* Opens the key at an absolute path (UTF-8), creating it and its parents if
 * `create`; the handle lives in the simulator's handle table and is closed
 * with ZwClose. STATUS_OBJECT_NAME_NOT_FOUND if absent and not created. */
NTSTATUS cm_open_path(struct wmisim *sim, const char *path, bool create, HANDLE *handle);

/* Sets a value under an absolute path (UTF-8), creating the key. */
NTSTATUS cm_set_value(struct cm_registry *registry, const char *key_path, const char *value_name, ULONG type,
                      const void *data, ULONG size);

#endif /* WMISIM_CM_REGISTRY_H */
