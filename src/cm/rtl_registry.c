/*
 * rtl_registry.c - the Rtl registry helpers on a (RelativeTo, Path) pair:
 * RtlWriteRegistryValue, RtlDeleteRegistryValue, RtlCheckRegistryKey,
 * RtlCreateRegistryKey, and the resolution RtlQueryRegistryValues shares.
 * All require PASSIVE_LEVEL.
 *
 * RelativeTo is RTL_REGISTRY_ABSOLUTE or a base key (SERVICES, CONTROL,
 * WINDOWS_NT, DEVICEMAP, USER) to which Path is appended, optionally ORed
 * with RTL_REGISTRY_OPTIONAL; with RTL_REGISTRY_HANDLE, Path is a key
 * handle instead.
 */
#include "cm/cm_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "ob/object.h"
#include "rtl/text.h"

/* base + "\" + path as one UTF-16 string (malloc'd). */
static WCHAR *join_path(const char *base, PCWSTR path, size_t *length) {
  size_t base_length = strlen(base), path_length = text_wlen(path);
  bool separator = base_length != 0 && path_length != 0 && path[0] != '\\';
  size_t n = base_length + separator + path_length;
  WCHAR *joined = malloc((n + 1) * sizeof(WCHAR));
  if (joined == NULL) return NULL;
  for (size_t i = 0; i < base_length; i++) joined[i] = (WCHAR)(unsigned char)base[i];
  if (separator) joined[base_length] = '\\';
  if (path_length != 0) memcpy(joined + base_length + separator, path, path_length * sizeof(WCHAR));
  joined[n] = 0;
  *length = n;
  return joined;
}

NTSTATUS cm_rtl_retain(struct wmisim *sim, const char *routine, ULONG relative_to, PCWSTR path,
                       enum cm_walk_mode mode, struct cm_key **key) {
  if (relative_to & RTL_REGISTRY_HANDLE) return cm_retain_handle(sim, (HANDLE)path, key);
  ULONG base_id = relative_to & ~(ULONG)RTL_REGISTRY_OPTIONAL;
  const char *base = cm_relative_base(base_id);
  if (base == NULL) return STATUS_INVALID_PARAMETER;
  if (base_id == RTL_REGISTRY_ABSOLUTE && path == NULL) return cm_bad_parameter(sim, routine, "Path is NULL");
  if (sim == NULL || sim->registry == NULL) return STATUS_OBJECT_NAME_NOT_FOUND;
  size_t length;
  WCHAR *joined = join_path(base, path, &length);
  if (joined == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  NTSTATUS status = cm_retain_path(sim->registry, joined, length, mode, key);
  free(joined);
  return status;
}

static const WCHAR default_name[1] = {0};

/* RtlWriteRegistryValue (creating the last key) and RtlDeleteRegistryValue. */
static NTSTATUS change_value(const char *routine, ULONG relative_to, PCWSTR path, PCWSTR value_name,
                             const struct cm_change *change) {
  struct wmisim *sim = sim_current();
  cm_check_passive(sim, routine);
  if (change->data == NULL && change->size != 0)
    return cm_bad_parameter(sim, routine, "ValueData is NULL but ValueLength is not 0");
  struct cm_key *key;
  enum cm_walk_mode mode = change->remove ? CM_WALK_OPEN : CM_WALK_CREATE_LEAF;
  NTSTATUS status = cm_rtl_retain(sim, routine, relative_to, path, mode, &key);
  if (!NT_SUCCESS(status)) return status;
  PCWSTR name = value_name != NULL ? value_name : default_name;
  status = cm_change_value(key, name, text_wlen(name), change);
  cm_key_release(key);
  return status;
}

NTSTATUS NTAPI RtlWriteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName, ULONG ValueType,
                                     PVOID ValueData, ULONG ValueLength) {
  struct cm_change change = {false, ValueType, ValueData, ValueLength};
  return change_value("RtlWriteRegistryValue", RelativeTo, Path, ValueName, &change);
}

NTSTATUS NTAPI RtlDeleteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName) {
  struct cm_change change = {true, REG_NONE, NULL, 0};
  return change_value("RtlDeleteRegistryValue", RelativeTo, Path, ValueName, &change);
}

/* Resolves (RelativeTo, Path), creating the last key with CREATE_LEAF. */
static NTSTATUS reach_key(struct wmisim *sim, const char *routine, ULONG relative_to, PCWSTR path,
                          enum cm_walk_mode mode) {
  cm_check_passive(sim, routine);
  struct cm_key *key;
  NTSTATUS status = cm_rtl_retain(sim, routine, relative_to, path, mode, &key);
  if (NT_SUCCESS(status)) cm_key_release(key);
  return status;
}

/* With RTL_REGISTRY_HANDLE the check closes the handle, as documented. */
NTSTATUS NTAPI RtlCheckRegistryKey(ULONG RelativeTo, PWSTR Path) {
  struct wmisim *sim = sim_current();
  NTSTATUS status = reach_key(sim, "RtlCheckRegistryKey", RelativeTo, Path, CM_WALK_OPEN);
  if ((RelativeTo & RTL_REGISTRY_HANDLE) && status != STATUS_INVALID_HANDLE) ob_handle_close(sim, (HANDLE)Path);
  return status;
}

/* Creates the last key of the path only; its parent must exist. */
NTSTATUS NTAPI RtlCreateRegistryKey(ULONG RelativeTo, PWSTR Path) {
  return reach_key(sim_current(), "RtlCreateRegistryKey", RelativeTo, Path, CM_WALK_CREATE_LEAF);
}
