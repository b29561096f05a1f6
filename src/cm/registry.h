/*
 * registry.h - the configuration manager: an in-memory registry per
 * simulator, reached by drivers through handles (ZwOpenKey, ...).
 *
 * Paths are absolute NT paths ("\Registry\Machine\System\...") compared
 * case-insensitively, as on Windows; the UTF-8 paths here also accept the
 * "HKLM\..." form (see docs/registry.md). The tree wmisim creates and the
 * limits are described in docs/registry.md.
 */
#ifndef WMISIM_CM_REGISTRY_H
#define WMISIM_CM_REGISTRY_H

#include <wdm.h>

#include <stdbool.h>
#include <stddef.h>

struct wmisim;
struct cm_registry;

/* Creates a registry with the standard tree (\REGISTRY\MACHINE\SYSTEM\
 * CurrentControlSet\{Services,Control\Class,Enum}, SOFTWARE, HARDWARE\
 * DEVICEMAP, \REGISTRY\USER\.DEFAULT). cm_create_for stamps LastWriteTime
 * from the simulator's clock; cm_create, a registry outside any simulator,
 * from the host's. NULL if out of memory. */
struct cm_registry *cm_create_for(struct wmisim *sim);
struct cm_registry *cm_create(void);
/* Deletes the tree. Keys still open through handles stay allocated, deleted,
 * until the handles are closed (ob_destroy_state closes leaked ones later). */
void cm_destroy(struct cm_registry *registry);

/* Creates the service key \Registry\Machine\System\CurrentControlSet\
 * Services\<name> if it does not exist, with the values an INF's AddService
 * writes for a demand-start kernel driver (Type 1, Start 3, ErrorControl 1)
 * where they are missing. No Parameters subkey: on Windows it exists only if
 * the INF creates it, so drivers must cope with its absence. */
void cm_create_service_key(struct cm_registry *registry, const char *service_name);

/* Opens the key at an absolute path (UTF-8), creating it and its parents if
 * `create`; the handle lives in the simulator's handle table and is closed
 * with ZwClose. STATUS_OBJECT_NAME_NOT_FOUND if absent and not created. */
NTSTATUS cm_open_path(struct wmisim *sim, const char *path, bool create, HANDLE *handle);

/* Sets a value under an absolute path (UTF-8), creating the key and its
 * parents. An empty or NULL value name is the key's default value. */
NTSTATUS cm_set_value(struct cm_registry *registry, const char *key_path, const char *value_name, ULONG type,
                      const void *data, ULONG size);

#endif /* WMISIM_CM_REGISTRY_H */
