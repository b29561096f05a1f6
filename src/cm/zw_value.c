/*
 * zw_value.c - the value routines: ZwQueryValueKey, ZwEnumerateValueKey,
 * ZwSetValueKey, ZwDeleteValueKey. All require PASSIVE_LEVEL. A NULL or
 * empty ValueName is the key's default (unnamed) value.
 */
#include "cm/cm_internal.h"

#include "core/sim.h"

static const WCHAR no_name[1] = {0};

/* The name a counted string stands for; false if it is malformed. */
static bool value_name_of(const UNICODE_STRING *name, const WCHAR **chars, size_t *length) {
  if (!cm_string_valid(name)) return false;
  *chars = name != NULL && name->Length != 0 ? name->Buffer : no_name;
  *length = name != NULL ? name->Length / sizeof(WCHAR) : 0;
  return true;
}

static bool known_value_class(KEY_VALUE_INFORMATION_CLASS info_class) {
  switch (info_class) {
  case KeyValueBasicInformation:
  case KeyValueFullInformation:
  case KeyValuePartialInformation:
  case KeyValueFullInformationAlign64:
  case KeyValuePartialInformationAlign64: return true;
  default: return false;
  }
}

/* The checks ZwQueryValueKey and ZwEnumerateValueKey share; locks the
 * registry and finds the key on success. */
static NTSTATUS begin_value_query(struct wmisim *sim, const char *routine, HANDLE handle,
                                  KEY_VALUE_INFORMATION_CLASS info_class, const void *buffer, ULONG length,
                                  PULONG result, struct cm_registry **registry, struct cm_key **key) {
  NTSTATUS status = cm_check_output(sim, routine, buffer, length, result);
  if (!NT_SUCCESS(status)) return status;
  *result = 0;
  if (!known_value_class(info_class)) return STATUS_INVALID_PARAMETER;
  if ((*registry = cm_lock(sim)) == NULL) return STATUS_INVALID_HANDLE;
  status = cm_handle_key_locked(sim, handle, key);
  if (!NT_SUCCESS(status)) cm_unlock(*registry);
  return status;
}

NTSTATUS NTAPI ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                               KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass, PVOID KeyValueInformation,
                               ULONG Length, PULONG ResultLength) {
  struct wmisim *sim = sim_current();
  const WCHAR *name;
  size_t name_length;
  if (!value_name_of(ValueName, &name, &name_length))
    return cm_bad_parameter(sim, "ZwQueryValueKey", "ValueName is not a valid UNICODE_STRING");
  struct cm_registry *registry;
  struct cm_key *key;
  NTSTATUS status = begin_value_query(sim, "ZwQueryValueKey", KeyHandle, KeyValueInformationClass,
                                      KeyValueInformation, Length, ResultLength, &registry, &key);
  if (!NT_SUCCESS(status)) return status;
  const struct cm_value *value = cm_value_find(key, name, name_length);
  status = value == NULL ? STATUS_OBJECT_NAME_NOT_FOUND
                         : cm_value_information(value, KeyValueInformationClass, KeyValueInformation, Length,
                                                ResultLength);
  cm_unlock(registry);
  return status;
}

/* Values come in the order they were first set. */
NTSTATUS NTAPI ZwEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
                                   KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                   PVOID KeyValueInformation, ULONG Length, PULONG ResultLength) {
  struct wmisim *sim = sim_current();
  struct cm_registry *registry;
  struct cm_key *key;
  NTSTATUS status = begin_value_query(sim, "ZwEnumerateValueKey", KeyHandle, KeyValueInformationClass,
                                      KeyValueInformation, Length, ResultLength, &registry, &key);
  if (!NT_SUCCESS(status)) return status;
  status = Index < key->value_count ? cm_value_information(&key->values[Index], KeyValueInformationClass,
                                                           KeyValueInformation, Length, ResultLength)
                                    : STATUS_NO_MORE_ENTRIES;
  cm_unlock(registry);
  return status;
}

/* ZwSetValueKey and ZwDeleteValueKey. */
static NTSTATUS change_value(const char *routine, HANDLE handle, const UNICODE_STRING *value_name,
                             const struct cm_change *change) {
  struct wmisim *sim = sim_current();
  cm_check_passive(sim, routine);
  const WCHAR *name;
  size_t name_length;
  if (!value_name_of(value_name, &name, &name_length))
    return cm_bad_parameter(sim, routine, "ValueName is not a valid UNICODE_STRING");
  if (change->data == NULL && change->size != 0) return cm_bad_parameter(sim, routine, "Data is NULL but DataSize is not 0");
  struct cm_registry *registry = cm_lock(sim);
  if (registry == NULL) return STATUS_INVALID_HANDLE;
  struct cm_key *key;
  NTSTATUS status = cm_handle_key_locked(sim, handle, &key);
  if (NT_SUCCESS(status)) status = cm_value_change(key, name, name_length, change);
  cm_unlock(registry);
  return status;
}

NTSTATUS NTAPI ZwSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex, ULONG Type, PVOID Data,
                             ULONG DataSize) {
  (void)TitleIndex;
  struct cm_change change = {false, Type, Data, DataSize};
  return change_value("ZwSetValueKey", KeyHandle, ValueName, &change);
}

NTSTATUS NTAPI ZwDeleteValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName) {
  struct cm_change change = {true, REG_NONE, NULL, 0};
  return change_value("ZwDeleteValueKey", KeyHandle, ValueName, &change);
}
