/*
 * wmisim/registry.h - presetting and inspecting a simulator's registry.
 *
 * Every simulator has its own in-memory registry, which drivers reach with
 * ZwOpenKey, RtlQueryRegistryValues, IoOpenDeviceRegistryKey and the rest.
 * Tests and tools use these functions to put values there before a driver
 * reads them (a driver's Parameters, a device's Device Parameters) and to
 * look at what drivers wrote. docs/registry.md describes the tree wmisim
 * creates and the limits.
 *
 * Paths are UTF-8 absolute NT paths, "\\Registry\\Machine\\System\\
 * CurrentControlSet\\Services\\mydriver\\Parameters", compared
 * case-insensitively. The friendlier forms "HKLM\\..." and
 * "HKEY_LOCAL_MACHINE\\..." stand for "\\Registry\\Machine\\...", "HKU\\..."
 * and "HKEY_USERS\\..." for "\\Registry\\User\\...". Any other path is
 * rejected with STATUS_OBJECT_PATH_SYNTAX_BAD.
 *
 * Value names are UTF-8; NULL or "" names the key's default value. Value
 * data is stored as given: strings a driver reads (REG_SZ, REG_MULTI_SZ,
 * REG_EXPAND_SZ) are UTF-16 with their terminators, which
 * wmisim_registry_set_string writes for you.
 *
 * These functions may be called from any thread, also while drivers run.
 * They return NTSTATUS values; wmisim_status_name() names them.
 */
#ifndef WMISIM_REGISTRY_H
#define WMISIM_REGISTRY_H

#include <wdm.h>

#include <stdio.h>

#include <wmisim/export.h>
#include <wmisim/sim.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Sets a value of any REG_xxx type, creating the key and its missing
 * parents. `data` (`size` bytes, copied) may be NULL only if `size` is 0.
 * Keys created under a volatile key (\Registry\Machine\Hardware) are
 * volatile too. Returns STATUS_INVALID_PARAMETER for a bad argument, a key
 * name over 255 or a value name over 16383 characters,
 * STATUS_INSUFFICIENT_RESOURCES for data over 1 MB. */
WMISIM_API NTSTATUS wmisim_registry_set_value(wmisim_t *sim, const char *key_path, const char *value_name,
                                              ULONG type, const void *data, ULONG size);

/* Sets a REG_SZ value: `utf8` converted to UTF-16 with its terminator. */
WMISIM_API NTSTATUS wmisim_registry_set_string(wmisim_t *sim, const char *key_path, const char *value_name,
                                               const char *utf8);

/* Sets a REG_DWORD value. */
WMISIM_API NTSTATUS wmisim_registry_set_dword(wmisim_t *sim, const char *key_path, const char *value_name,
                                              ULONG value);

/* Reads a value. `*size` is the capacity of `buffer` on entry and the size
 * of the data on return; `type` (may be NULL) receives its REG_xxx type.
 * Returns STATUS_BUFFER_TOO_SMALL, copying nothing, if the data does not
 * fit (`buffer` may be NULL to ask for the size), STATUS_OBJECT_NAME_NOT_FOUND
 * if the key or the value does not exist. */
WMISIM_API NTSTATUS wmisim_registry_get_value(wmisim_t *sim, const char *key_path, const char *value_name,
                                              ULONG *type, void *buffer, ULONG *size);

/* Deletes a value. STATUS_OBJECT_NAME_NOT_FOUND if the key or the value
 * does not exist. */
WMISIM_API NTSTATUS wmisim_registry_delete_value(wmisim_t *sim, const char *key_path, const char *value_name);

/* Deletes a key with everything below it. Handles drivers hold to deleted
 * keys stay open and answer STATUS_KEY_DELETED. STATUS_OBJECT_NAME_NOT_FOUND
 * if it does not exist, STATUS_CANNOT_DELETE for \Registry, its two trees
 * and the hive roots (\Registry\Machine\System, ...). */
WMISIM_API NTSTATUS wmisim_registry_delete_key(wmisim_t *sim, const char *key_path);

/* Writes the tree below `path_prefix` (NULL or "" for all of it) to `out`:
 * each key's full path on a line ("(volatile)" after volatile keys), then
 * its values indented, one per line, "name = TYPE decoded-data", the
 * default value as "(default)". Subkeys in the order ZwEnumerateKey returns
 * them (sorted case-insensitively), values sorted by name, so the output
 * of equal registries is equal. Meant for people, not for parsing.
 * STATUS_OBJECT_NAME_NOT_FOUND if the prefix key does not exist. */
WMISIM_API NTSTATUS wmisim_registry_dump(wmisim_t *sim, FILE *out, const char *path_prefix);

#ifdef __cplusplus
}
#endif

#endif /* WMISIM_REGISTRY_H */
