/*
 * zw_key.c - the key routines: ZwCreateKey, ZwOpenKey, ZwDeleteKey,
 * ZwFlushKey, ZwEnumerateKey, ZwQueryKey. All require PASSIVE_LEVEL.
 *
 * Names are looked up case-insensitively whatever OBJ_CASE_INSENSITIVE
 * says, as the Windows registry does. Every handle is a kernel handle, so
 * OBJ_KERNEL_HANDLE changes nothing, and access masks are not checked.
 */
#include "cm/cm_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/sim.h"

#define KNOWN_CREATE_OPTIONS \
  (REG_OPTION_VOLATILE | REG_OPTION_CREATE_LINK | REG_OPTION_BACKUP_RESTORE | REG_OPTION_OPEN_LINK)

static NTSTATUS check_attributes(struct wmisim *sim, const char *routine, PHANDLE handle,
                                 const OBJECT_ATTRIBUTES *attributes) {
  if (handle == NULL) return cm_bad_parameter(sim, routine, "KeyHandle is NULL");
  *handle = NULL;
  if (attributes == NULL) return cm_bad_parameter(sim, routine, "ObjectAttributes is NULL");
  if (attributes->Length != sizeof(OBJECT_ATTRIBUTES) || (attributes->Attributes & ~(ULONG)OBJ_VALID_ATTRIBUTES))
    return cm_bad_parameter(sim, routine, "ObjectAttributes is not initialised (InitializeObjectAttributes)");
  if (attributes->ObjectName == NULL) return STATUS_OBJECT_NAME_INVALID;
  if (!cm_string_valid(attributes->ObjectName))
    return cm_bad_parameter(sim, routine, "ObjectName is not a valid UNICODE_STRING");
  return STATUS_SUCCESS;
}

/* The key to start from and the path relative to it (lock held). */
static NTSTATUS find_start(struct wmisim *sim, struct cm_registry *registry, const OBJECT_ATTRIBUTES *attributes,
                           struct cm_key **start, const WCHAR **path, size_t *length) {
  *path = attributes->ObjectName->Buffer;
  *length = attributes->ObjectName->Length / sizeof(WCHAR);
  if (attributes->RootDirectory == NULL) {
    *start = registry->root;
    return cm_absolute_rest(*path, *length, path, length);
  }
  NTSTATUS status = cm_handle_key_locked(sim, attributes->RootDirectory, start);
  if (!NT_SUCCESS(status)) return status;
  return *length != 0 && (*path)[0] == '\\' ? STATUS_OBJECT_PATH_SYNTAX_BAD : STATUS_SUCCESS;
}

static void set_class(struct cm_key *key, const UNICODE_STRING *class_name) {
  if (class_name == NULL || class_name->Length == 0) return;
  key->class_name = malloc(class_name->Length);
  if (key->class_name == NULL) return; /* the class is informational only */
  memcpy(key->class_name, class_name->Buffer, class_name->Length);
  key->class_length = class_name->Length / sizeof(WCHAR);
}

static NTSTATUS open_key(const char *routine, PHANDLE handle, const OBJECT_ATTRIBUTES *attributes, bool create,
                         ULONG options, const UNICODE_STRING *class_name, PULONG disposition) {
  struct wmisim *sim = sim_current();
  cm_check_passive(sim, routine);
  NTSTATUS status = check_attributes(sim, routine, handle, attributes);
  if (!NT_SUCCESS(status)) return status;
  if (!cm_string_valid(class_name)) return cm_bad_parameter(sim, routine, "Class is not a valid UNICODE_STRING");
  if ((options & ~(ULONG)KNOWN_CREATE_OPTIONS) != 0) return STATUS_INVALID_PARAMETER;
  if (options & REG_OPTION_CREATE_LINK) {
    sim_log(sim, WMISIM_LOG_WARNING, "%s: symbolic link keys (REG_OPTION_CREATE_LINK) are not simulated", routine);
    return STATUS_NOT_SUPPORTED;
  }
  struct cm_registry *registry = cm_lock(sim);
  if (registry == NULL) return STATUS_OBJECT_NAME_NOT_FOUND;
  struct cm_key *start, *key;
  const WCHAR *path;
  size_t length;
  bool created = false;
  status = find_start(sim, registry, attributes, &start, &path, &length);
  if (NT_SUCCESS(status)) {
    enum cm_walk_mode mode = create ? CM_WALK_CREATE_LEAF : CM_WALK_OPEN;
    status = cm_walk(start, path, length, mode, (options & REG_OPTION_VOLATILE) != 0, &key, &created);
  }
  if (NT_SUCCESS(status)) {
    if (created) set_class(key, class_name);
    status = cm_handle_create_locked(sim, key, handle);
  }
  cm_unlock(registry);
  if (NT_SUCCESS(status) && disposition != NULL)
    *disposition = created ? REG_CREATED_NEW_KEY : REG_OPENED_EXISTING_KEY;
  return status;
}

NTSTATUS NTAPI ZwCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                           ULONG TitleIndex, PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition) {
  (void)DesiredAccess;
  (void)TitleIndex;
  return open_key("ZwCreateKey", KeyHandle, ObjectAttributes, true, CreateOptions, Class, Disposition);
}

NTSTATUS NTAPI ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes) {
  (void)DesiredAccess;
  return open_key("ZwOpenKey", KeyHandle, ObjectAttributes, false, 0, NULL, NULL);
}

/* ZwDeleteKey, or with `remove` false ZwFlushKey: the registry lives in
 * memory, so flushing has nothing to write back. */
static NTSTATUS act_on_key(const char *routine, HANDLE handle, bool remove) {
  struct wmisim *sim = sim_current();
  cm_check_passive(sim, routine);
  struct cm_registry *registry = cm_lock(sim);
  if (registry == NULL) return STATUS_INVALID_HANDLE;
  struct cm_key *key;
  NTSTATUS status = cm_handle_key_locked(sim, handle, &key);
  if (NT_SUCCESS(status) && remove) status = cm_key_delete(key);
  cm_unlock(registry);
  return status;
}

/* Deleting leaves the handles open: they answer STATUS_KEY_DELETED until
 * closed. */
NTSTATUS NTAPI ZwDeleteKey(HANDLE KeyHandle) {
  return act_on_key("ZwDeleteKey", KeyHandle, true);
}

NTSTATUS NTAPI ZwFlushKey(HANDLE KeyHandle) {
  return act_on_key("ZwFlushKey", KeyHandle, false);
}

static bool enumerable_class(KEY_INFORMATION_CLASS info_class) {
  return info_class == KeyBasicInformation || info_class == KeyNodeInformation || info_class == KeyFullInformation;
}

/* ZwEnumerateKey (a subkey by index) and ZwQueryKey (the key itself). */
static NTSTATUS key_query(const char *routine, HANDLE handle, bool subkey, ULONG index,
                          KEY_INFORMATION_CLASS info_class, PVOID buffer, ULONG length, PULONG result) {
  struct wmisim *sim = sim_current();
  NTSTATUS status = cm_check_output(sim, routine, buffer, length, result);
  if (!NT_SUCCESS(status)) return status;
  if (!enumerable_class(info_class)) return STATUS_INVALID_PARAMETER;
  struct cm_registry *registry = cm_lock(sim);
  if (registry == NULL) return STATUS_INVALID_HANDLE;
  struct cm_key *key;
  status = cm_handle_key_locked(sim, handle, &key);
  if (NT_SUCCESS(status) && subkey) {
    if (index < key->child_count) key = key->children[index];
    else status = STATUS_NO_MORE_ENTRIES;
  }
  if (NT_SUCCESS(status)) status = cm_key_information(key, info_class, buffer, length, result);
  cm_unlock(registry);
  return status;
}

/* Subkeys come in the order of the hive's index: sorted by upcased name. */
NTSTATUS NTAPI ZwEnumerateKey(HANDLE KeyHandle, ULONG Index, KEY_INFORMATION_CLASS KeyInformationClass,
                              PVOID KeyInformation, ULONG Length, PULONG ResultLength) {
  return key_query("ZwEnumerateKey", KeyHandle, true, Index, KeyInformationClass, KeyInformation, Length,
                   ResultLength);
}

NTSTATUS NTAPI ZwQueryKey(HANDLE KeyHandle, KEY_INFORMATION_CLASS KeyInformationClass, PVOID KeyInformation,
                          ULONG Length, PULONG ResultLength) {
  return key_query("ZwQueryKey", KeyHandle, false, 0, KeyInformationClass, KeyInformation, Length, ResultLength);
}
