/*
 * rtl_query.c - RtlQueryRegistryValues: a table of value names (or whole
 * keys) answered through QueryRoutine callbacks or stored directly into the
 * caller's variables, with defaults, subkeys, deletion and type checks.
 *
 * Values are copied out of the tree before anything reaches the caller, so
 * no lock is held while a QueryRoutine runs and a routine may itself use the
 * registry. Choices the documentation leaves open are in docs/fidelity.md.
 */
#include "cm/cm_internal.h"

#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "rtl/text.h"

#define ENTRY_FLAGS_NOT_END (RTL_QUERY_REGISTRY_SUBKEY | RTL_QUERY_REGISTRY_TOPKEY | RTL_QUERY_REGISTRY_DIRECT)
#define STRING_TYPE(type) ((type) == REG_SZ || (type) == REG_EXPAND_SZ || (type) == REG_MULTI_SZ)

struct query {
  struct wmisim *sim;
  struct cm_key *top;          /* retained: the key of (RelativeTo, Path) */
  struct cm_key *current;      /* retained, or NULL for a missing optional subkey */
  bool untrusted;              /* under \REGISTRY\USER, not a system hive */
  PVOID context;
  PVOID environment;
};

static void set_current(struct query *q, struct cm_key *key) {
  if (q->current != NULL) cm_key_release(q->current);
  q->current = key;
}

static NTSTATUS report(struct query *q, const char *what) {
  return cm_bad_parameter(q->sim, "RtlQueryRegistryValues", what);
}

/* ---- REG_EXPAND_SZ ------------------------------------------------------------------------- */

struct wide_buffer {
  WCHAR *chars;
  size_t length, capacity;
  bool failed;
};

static void append(struct wide_buffer *b, const WCHAR *chars, size_t n) {
  if (b->failed) return;
  if (b->length + n + 1 > b->capacity) {
    size_t capacity = (b->length + n + 1) * 2;
    WCHAR *grown = realloc(b->chars, capacity * sizeof(WCHAR));
    if (grown == NULL) {
      b->failed = true;
      return;
    }
    b->chars = grown;
    b->capacity = capacity;
  }
  memcpy(b->chars + b->length, chars, n * sizeof(WCHAR));
  b->length += n;
  b->chars[b->length] = 0;
}

/* The simulated system process's environment, used when the caller passes
 * none: what %SystemRoot% references in service keys need. */
static const char default_environment[] = "SystemRoot=C:\\Windows\0windir=C:\\Windows\0";

/* Finds NAME in a block of NAME=VALUE strings ending with an empty one. */
static bool find_variable(const WCHAR *block, const WCHAR *name, size_t length, const WCHAR **value) {
  while (block[0] != 0) {
    size_t entry = text_wlen(block);
    if (entry > length && block[length] == '=' && text_wequal(block, length, name, length, true)) {
      *value = block + length + 1;
      return true;
    }
    block += entry + 1;
  }
  return false;
}

/* Replaces %NAME% references; unknown ones stay as written. */
static WCHAR *expand(const WCHAR *text, size_t length, const WCHAR *environment, size_t *out_length) {
  WCHAR defaults[sizeof default_environment + 1];
  if (environment == NULL) {
    for (size_t i = 0; i < sizeof default_environment; i++) defaults[i] = (WCHAR)default_environment[i];
    defaults[sizeof default_environment] = 0;
    environment = defaults;
  }
  struct wide_buffer b = {NULL, 0, 0, false};
  append(&b, text, 0);
  size_t i = 0;
  while (i < length) {
    size_t close = i + 1;
    while (text[i] == '%' && close < length && text[close] != '%') close++;
    const WCHAR *value;
    if (text[i] == '%' && close < length && close > i + 1 && find_variable(environment, text + i + 1, close - i - 1, &value)) {
      append(&b, value, text_wlen(value));
      i = close + 1;
    } else if (text[i] == '%' && close < length) {
      append(&b, text + i, close + 1 - i);
      i = close + 1;
    } else {
      append(&b, text + i, 1);
      i++;
    }
  }
  if (b.failed) {
    free(b.chars);
    return NULL;
  }
  *out_length = b.length;
  return b.chars;
}

/* ---- RTL_QUERY_REGISTRY_DIRECT ------------------------------------------------------------- */

/* Strings go into the caller's UNICODE_STRING, allocated from pool if its
 * Buffer is NULL. REG_MULTI_SZ keeps the zeros between its strings; only
 * the final extra zero is left out of Length. */
static NTSTATUS store_string(PUNICODE_STRING dest, ULONG type, const void *data, ULONG size) {
  const WCHAR *chars = data;
  size_t count = size / sizeof(WCHAR), content;
  if (type == REG_MULTI_SZ) content = count != 0 && chars[count - 1] == 0 ? count - 1 : count;
  else content = cm_string_chars(chars, count);
  size_t needed = (content + 1) * sizeof(WCHAR);
  if (dest->Buffer == NULL) {
    if (needed > UNICODE_STRING_MAX_BYTES) return STATUS_BUFFER_TOO_SMALL;
    dest->Buffer = ExAllocatePoolWithTag(PagedPool, needed, CM_RTL_STRING_TAG);
    if (dest->Buffer == NULL) return STATUS_NO_MEMORY;
    dest->MaximumLength = (USHORT)needed;
  } else if (content * sizeof(WCHAR) > dest->MaximumLength) {
    return STATUS_BUFFER_TOO_SMALL;
  }
  if (content != 0) memcpy(dest->Buffer, chars, content * sizeof(WCHAR));
  if (needed <= dest->MaximumLength) dest->Buffer[content] = 0;
  dest->Length = (USHORT)(content * sizeof(WCHAR));
  return STATUS_SUCCESS;
}

/* Other data: up to a ULONG in place; larger behind a signed LONG giving
 * the buffer size, negative for the data alone, positive for a ULONG
 * length, a ULONG type and the data. */
static NTSTATUS store_direct(PRTL_QUERY_REGISTRY_TABLE entry, ULONG type, const void *data, ULONG size) {
  if (STRING_TYPE(type)) return store_string(entry->EntryContext, type, data, size);
  unsigned char *out = entry->EntryContext;
  if (size <= sizeof(ULONG)) {
    if (size != 0) memcpy(out, data, size);
    return STATUS_SUCCESS;
  }
  LONG declared;
  memcpy(&declared, out, sizeof declared);
  if (declared < 0) {
    if ((ULONG)-(LONGLONG)declared < size) return STATUS_BUFFER_TOO_SMALL;
    memcpy(out, data, size);
    return STATUS_SUCCESS;
  }
  if ((ULONG)declared < size + 2 * sizeof(ULONG)) return STATUS_BUFFER_TOO_SMALL;
  ULONG header[2] = {size, type};
  memcpy(out, header, sizeof header);
  memcpy(out + sizeof header, data, size);
  return STATUS_SUCCESS;
}

/* ---- handing one value to the caller ------------------------------------------------------- */

/* A QueryRoutine's STATUS_BUFFER_TOO_SMALL does not stop the table. */
static NTSTATUS call_routine(struct query *q, PRTL_QUERY_REGISTRY_TABLE entry, PWSTR name, ULONG type, PVOID data,
                             ULONG size) {
  NTSTATUS status = entry->QueryRoutine(name, type, data, size, q->context, entry->EntryContext);
  return status == STATUS_BUFFER_TOO_SMALL ? STATUS_SUCCESS : status;
}

/* Each string of a REG_MULTI_SZ as a REG_SZ of the same name. */
static NTSTATUS call_per_string(struct query *q, PRTL_QUERY_REGISTRY_TABLE entry, PWSTR name, WCHAR *chars,
                                size_t count) {
  size_t i = 0;
  while (i < count && chars[i] != 0) {
    size_t n = cm_string_chars(chars + i, count - i);
    NTSTATUS status = call_routine(q, entry, name, REG_SZ, chars + i, (ULONG)((n + 1) * sizeof(WCHAR)));
    if (!NT_SUCCESS(status)) return status;
    i += n + 1;
  }
  return STATUS_SUCCESS;
}

/* `data` has zero bytes after `size`, so strings are terminated. */
static NTSTATUS deliver(struct query *q, PRTL_QUERY_REGISTRY_TABLE entry, PWSTR name, ULONG type, void *data,
                        ULONG size) {
  bool noexpand = (entry->Flags & RTL_QUERY_REGISTRY_NOEXPAND) != 0;
  bool direct = (entry->Flags & RTL_QUERY_REGISTRY_DIRECT) != 0;
  if (direct && type == REG_MULTI_SZ && !noexpand)
    report(q, "a DIRECT entry for a REG_MULTI_SZ value must specify RTL_QUERY_REGISTRY_NOEXPAND");
  if (type == REG_EXPAND_SZ && !noexpand) {
    report(q, "kernel-mode drivers must specify RTL_QUERY_REGISTRY_NOEXPAND (REG_EXPAND_SZ expanded)");
    size_t length;
    WCHAR *expanded = expand(data, cm_string_chars(data, size / sizeof(WCHAR)), q->environment, &length);
    if (expanded == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    ULONG bytes = (ULONG)((length + 1) * sizeof(WCHAR));
    NTSTATUS status = direct ? store_direct(entry, REG_SZ, expanded, bytes)
                             : call_routine(q, entry, name, REG_SZ, expanded, bytes);
    free(expanded);
    return status;
  }
  if (direct) return store_direct(entry, type, data, size);
  if (type == REG_MULTI_SZ && !noexpand) return call_per_string(q, entry, name, data, size / sizeof(WCHAR));
  return call_routine(q, entry, name, type, data, size);
}

static const struct cm_change delete_value = {true, REG_NONE, NULL, 0};

/* ---- table entries ------------------------------------------------------------------------- */

/* DefaultLength 0 for a string type means "measure it". */
static ULONG default_length(const RTL_QUERY_REGISTRY_TABLE *entry, ULONG type) {
  const WCHAR *chars = entry->DefaultData;
  if (entry->DefaultLength != 0 || chars == NULL || !STRING_TYPE(type)) return entry->DefaultLength;
  size_t n = text_wlen(chars);
  if (type == REG_MULTI_SZ)
    while (chars[n + 1] != 0) n += 1 + text_wlen(chars + n + 1);
  return (ULONG)((n + (type == REG_MULTI_SZ ? 2 : 1)) * sizeof(WCHAR));
}

static NTSTATUS deliver_default(struct query *q, PRTL_QUERY_REGISTRY_TABLE entry) {
  ULONG type = entry->DefaultType & 0xFF;
  if (type == REG_NONE) return STATUS_SUCCESS;
  ULONG size = default_length(entry, type);
  /* A copy with the zero bytes after the data deliver() relies on. */
  unsigned char *data = calloc(1, (size_t)size + CM_DATA_PADDING);
  if (data == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  if (size != 0 && entry->DefaultData != NULL) memcpy(data, entry->DefaultData, size);
  NTSTATUS status = deliver(q, entry, entry->Name, type, data, size);
  free(data);
  return status;
}

static NTSTATUS query_named(struct query *q, PRTL_QUERY_REGISTRY_TABLE entry) {
  struct cm_value_copy value;
  NTSTATUS status = q->current != NULL
                        ? cm_copy_value(q->current, entry->Name, text_wlen(entry->Name), 0, &value)
                        : STATUS_OBJECT_NAME_NOT_FOUND;
  if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
    if (entry->Flags & RTL_QUERY_REGISTRY_REQUIRED) return status;
    return deliver_default(q, entry);
  }
  if (!NT_SUCCESS(status)) return status;
  ULONG expected = entry->DefaultType >> RTL_QUERY_REGISTRY_TYPECHECK_SHIFT;
  bool direct = (entry->Flags & RTL_QUERY_REGISTRY_DIRECT) != 0;
  if (direct && (entry->Flags & RTL_QUERY_REGISTRY_TYPECHECK) && value.type != expected) {
    status = STATUS_OBJECT_TYPE_MISMATCH;
  } else {
    if (direct && !(entry->Flags & RTL_QUERY_REGISTRY_TYPECHECK) && q->untrusted)
      report(q, "DIRECT without TYPECHECK on an untrusted hive (\\Registry\\User) bug-checks Windows 8 and later "
                "with KERNEL_SECURITY_CHECK_FAILURE (0x139)");
    status = deliver(q, entry, value.name, value.type, value.data, value.size);
    if (NT_SUCCESS(status) && (entry->Flags & RTL_QUERY_REGISTRY_DELETE))
      status = cm_change_value(q->current, value.name, value.name_length, &delete_value);
  }
  cm_value_copy_free(&value);
  return status;
}

/* Every value of the current key; with DELETE each is removed after it was
 * reported, so the next one moves up to the same index. */
static NTSTATUS query_all(struct query *q, PRTL_QUERY_REGISTRY_TABLE entry) {
  ULONG index = 0, reported = 0;
  NTSTATUS status = STATUS_SUCCESS;
  while (q->current != NULL) {
    struct cm_value_copy value;
    status = cm_copy_value(q->current, NULL, 0, index, &value);
    if (status == STATUS_NO_MORE_ENTRIES) {
      status = STATUS_SUCCESS;
      break;
    }
    if (!NT_SUCCESS(status)) return status;
    status = deliver(q, entry, value.name, value.type, value.data, value.size);
    if (NT_SUCCESS(status) && (entry->Flags & RTL_QUERY_REGISTRY_DELETE))
      status = cm_change_value(q->current, value.name, value.name_length, &delete_value);
    else index++;
    cm_value_copy_free(&value);
    if (!NT_SUCCESS(status)) return status;
    reported++;
  }
  if (reported == 0 && (entry->Flags & RTL_QUERY_REGISTRY_REQUIRED)) return STATUS_OBJECT_NAME_NOT_FOUND;
  return status;
}

/* SUBKEY: Name is a path relative to the top key; the following entries
 * work on it. A missing subkey without REQUIRED reads as an empty key. */
static NTSTATUS enter_subkey(struct query *q, PRTL_QUERY_REGISTRY_TABLE entry) {
  if (entry->Name == NULL) return report(q, "a SUBKEY entry needs a Name");
  struct cm_key *subkey;
  NTSTATUS status = cm_retain_subkey(q->top, entry->Name, text_wlen(entry->Name), CM_WALK_OPEN, &subkey);
  if (status == STATUS_OBJECT_NAME_NOT_FOUND && !(entry->Flags & RTL_QUERY_REGISTRY_REQUIRED)) {
    set_current(q, NULL);
    return STATUS_SUCCESS;
  }
  if (NT_SUCCESS(status)) set_current(q, subkey);
  return status;
}

static NTSTATUS run_entry(struct query *q, PRTL_QUERY_REGISTRY_TABLE entry) {
  if (entry->Flags & RTL_QUERY_REGISTRY_TOPKEY) {
    cm_retain_key(q->top);
    set_current(q, q->top);
  }
  if (entry->Flags & RTL_QUERY_REGISTRY_SUBKEY) {
    NTSTATUS status = enter_subkey(q, entry);
    /* With a QueryRoutine the entry also reports every value of the subkey. */
    if (!NT_SUCCESS(status) || entry->QueryRoutine == NULL) return status;
    return query_all(q, entry);
  }
  if (entry->Flags & RTL_QUERY_REGISTRY_DIRECT) {
    if (entry->Name == NULL || entry->EntryContext == NULL)
      return report(q, "a DIRECT entry needs a Name and an EntryContext");
  } else if (entry->QueryRoutine == NULL) {
    return entry->Flags & RTL_QUERY_REGISTRY_TOPKEY ? STATUS_SUCCESS
                                                    : report(q, "an entry without DIRECT needs a QueryRoutine");
  }
  if (entry->Name != NULL) return query_named(q, entry);
  if (entry->Flags & RTL_QUERY_REGISTRY_NOVALUE)
    return call_routine(q, entry, NULL, REG_NONE, NULL, 0);
  return query_all(q, entry);
}

static bool in_user_tree(struct cm_key *key) {
  plat_mutex_lock(&key->registry->lock);
  const struct cm_key *k = key;
  while (k->parent != NULL && k->parent->parent != NULL) k = k->parent;
  static const WCHAR user[] = {'U', 'S', 'E', 'R'};
  bool untrusted = k->parent != NULL && text_wequal(k->name, k->name_length, user, 4, true);
  plat_mutex_unlock(&key->registry->lock);
  return untrusted;
}

NTSTATUS NTAPI RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path, PRTL_QUERY_REGISTRY_TABLE QueryTable,
                                      PVOID Context, PVOID Environment) {
  struct wmisim *sim = sim_current();
  cm_check_passive(sim, "RtlQueryRegistryValues");
  if (QueryTable == NULL) return cm_bad_parameter(sim, "RtlQueryRegistryValues", "QueryTable is NULL");
  struct query q = {sim, NULL, NULL, false, Context, Environment};
  NTSTATUS status = cm_rtl_retain(sim, "RtlQueryRegistryValues", RelativeTo, Path, CM_WALK_OPEN, &q.top);
  if (!NT_SUCCESS(status))
    return status == STATUS_OBJECT_NAME_NOT_FOUND && (RelativeTo & RTL_REGISTRY_OPTIONAL) ? STATUS_SUCCESS : status;
  q.untrusted = in_user_tree(q.top);
  cm_retain_key(q.top);
  q.current = q.top;
  for (PRTL_QUERY_REGISTRY_TABLE entry = QueryTable;
       entry->QueryRoutine != NULL || entry->Name != NULL || (entry->Flags & ENTRY_FLAGS_NOT_END); entry++) {
    status = run_entry(&q, entry);
    if (!NT_SUCCESS(status)) break;
  }
  set_current(&q, NULL);
  cm_key_release(q.top);
  return status;
}
