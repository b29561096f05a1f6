/*
 * path.c - registry paths: splitting into components, walking the tree,
 * the \REGISTRY root, the public API's UTF-8 forms and the RTL_REGISTRY_xxx
 * bases.
 */
#include "cm/cm_internal.h"

#include <stdlib.h>
#include <string.h>

#include "rtl/text.h"

bool cm_next_component(const WCHAR **path, size_t *length, const WCHAR **name, size_t *name_length) {
  const WCHAR *p = *path;
  size_t n = *length;
  while (n != 0 && *p == '\\') p++, n--;
  if (n == 0) {
    *path = p;
    *length = 0;
    return false;
  }
  size_t end = 0;
  while (end < n && p[end] != '\\') end++;
  *name = p;
  *name_length = end;
  *path = p + end;
  *length = n - end;
  return true;
}

size_t cm_component_count(const WCHAR *path, size_t length) {
  const WCHAR *name;
  size_t name_length, count = 0;
  while (cm_next_component(&path, &length, &name, &name_length)) count++;
  return count;
}

size_t cm_string_chars(const WCHAR *chars, size_t count) {
  size_t n = 0;
  while (n < count && chars[n] != 0) n++;
  return n;
}

NTSTATUS cm_walk(struct cm_key *start, const WCHAR *path, size_t length, enum cm_walk_mode mode,
                 bool is_volatile, struct cm_key **out, bool *created) {
  if (created != NULL) *created = false;
  if (start->deleted) return STATUS_KEY_DELETED;
  size_t remaining = cm_component_count(path, length);
  struct cm_key *key = start;
  const WCHAR *name;
  size_t name_length;
  while (cm_next_component(&path, &length, &name, &name_length)) {
    remaining--;
    struct cm_key *child = cm_key_child(key, name, name_length);
    if (child == NULL) {
      bool create = mode == CM_WALK_CREATE_ALL || (mode == CM_WALK_CREATE_LEAF && remaining == 0);
      if (!create) return STATUS_OBJECT_NAME_NOT_FOUND;
      bool child_volatile = mode == CM_WALK_CREATE_ALL ? (key->is_volatile || (is_volatile && remaining == 0))
                                                       : is_volatile;
      NTSTATUS status = cm_key_add_child(key, name, name_length, child_volatile, &child);
      if (!NT_SUCCESS(status)) return status;
      if (created != NULL && remaining == 0) *created = true;
    }
    key = child;
  }
  *out = key;
  return STATUS_SUCCESS;
}

static const WCHAR registry_name[] = {'R', 'E', 'G', 'I', 'S', 'T', 'R', 'Y'};

NTSTATUS cm_absolute_rest(const WCHAR *path, size_t length, const WCHAR **rest, size_t *rest_length) {
  if (length == 0 || path[0] != '\\') return STATUS_OBJECT_PATH_SYNTAX_BAD;
  const WCHAR *name;
  size_t name_length;
  if (!cm_next_component(&path, &length, &name, &name_length)) return STATUS_OBJECT_TYPE_MISMATCH; /* "\" */
  if (!text_wequal(name, name_length, registry_name, 8, true))
    return cm_component_count(path, length) == 0 ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_PATH_NOT_FOUND;
  *rest = path;
  *rest_length = length;
  return STATUS_SUCCESS;
}

NTSTATUS cm_walk_absolute_locked(struct cm_registry *registry, const WCHAR *path, size_t length,
                                 enum cm_walk_mode mode, struct cm_key **key) {
  const WCHAR *rest;
  size_t rest_length;
  NTSTATUS status = cm_absolute_rest(path, length, &rest, &rest_length);
  if (!NT_SUCCESS(status)) return status;
  if (registry->root == NULL) return STATUS_OBJECT_NAME_NOT_FOUND;
  return cm_walk(registry->root, rest, rest_length, mode, false, key, NULL);
}

NTSTATUS cm_walk_utf8_locked(struct cm_registry *registry, const char *path, enum cm_walk_mode mode,
                             struct cm_key **key) {
  WCHAR *wide;
  size_t length;
  NTSTATUS status = cm_utf8_path(path, &wide, &length);
  if (!NT_SUCCESS(status)) return status;
  status = cm_walk_absolute_locked(registry, wide, length, mode, key);
  free(wide);
  return status;
}

/* The friendlier prefixes of the public API and what they stand for. */
static const struct {
  const char *prefix;
  const char *path;
} aliases[] = {
    {"HKLM", "\\REGISTRY\\MACHINE"},
    {"HKEY_LOCAL_MACHINE", "\\REGISTRY\\MACHINE"},
    {"HKU", "\\REGISTRY\\USER"},
    {"HKEY_USERS", "\\REGISTRY\\USER"},
};

static bool ascii_prefix_equal(const char *text, const char *prefix, size_t length) {
  for (size_t i = 0; i < length; i++) {
    char a = text[i], b = prefix[i];
    if (a >= 'a' && a <= 'z') a = (char)(a - 'a' + 'A');
    if (a != b) return false;
  }
  return true;
}

NTSTATUS cm_utf8_path(const char *path, WCHAR **wide, size_t *length) {
  if (path == NULL) return STATUS_OBJECT_PATH_SYNTAX_BAD;
  const char *base = "";
  const char *tail = path;
  if (path[0] != '\\') {
    size_t i = 0, count = sizeof aliases / sizeof aliases[0];
    for (; i < count; i++) {
      size_t n = strlen(aliases[i].prefix);
      if (ascii_prefix_equal(path, aliases[i].prefix, n) && (path[n] == '\\' || path[n] == '\0')) {
        base = aliases[i].path;
        tail = path + n;
        break;
      }
    }
    if (i == count) return STATUS_OBJECT_PATH_SYNTAX_BAD;
  }
  size_t base_length = strlen(base), tail_length = strlen(tail);
  size_t n = base_length + text_utf8_to_utf16(tail, tail_length, NULL, 0);
  WCHAR *out = malloc((n + 1) * sizeof(WCHAR));
  if (out == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  for (size_t i = 0; i < base_length; i++) out[i] = (WCHAR)(unsigned char)base[i];
  text_utf8_to_utf16(tail, tail_length, out + base_length, n - base_length);
  out[n] = 0;
  *wide = out;
  *length = n;
  return STATUS_SUCCESS;
}

const char *cm_relative_base(ULONG relative_to) {
  switch (relative_to) {
  case RTL_REGISTRY_ABSOLUTE: return "";
  case RTL_REGISTRY_SERVICES: return "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services";
  case RTL_REGISTRY_CONTROL: return "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Control";
  case RTL_REGISTRY_WINDOWS_NT: return "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
  case RTL_REGISTRY_DEVICEMAP: return "\\REGISTRY\\MACHINE\\HARDWARE\\DEVICEMAP";
  /* Driver code runs in the system process, whose current user is .DEFAULT. */
  case RTL_REGISTRY_USER: return "\\REGISTRY\\USER\\.DEFAULT";
  default: return NULL;
  }
}
