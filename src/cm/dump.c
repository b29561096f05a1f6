/*
 * dump.c - wmisim_registry_dump: the tree as readable text, values decoded
 * by type, in a deterministic order.
 */
#include <wmisim/registry.h>

#include <stdlib.h>
#include <string.h>

#include "cm/cm_internal.h"
#include "core/sim.h"
#include "rtl/text.h"

#define MAX_BINARY_SHOWN 64

static const char *type_name(ULONG type) {
  static const char *const names[] = {"REG_NONE",      "REG_SZ",        "REG_EXPAND_SZ",
                                      "REG_BINARY",    "REG_DWORD",     "REG_DWORD_BIG_ENDIAN",
                                      "REG_LINK",      "REG_MULTI_SZ",  "REG_RESOURCE_LIST",
                                      "REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST",
                                      "REG_QWORD"};
  return type < sizeof names / sizeof names[0] ? names[type] : NULL;
}

/* A string in double quotes; quotes and control characters escaped. */
static void print_quoted(FILE *out, const WCHAR *chars, size_t length) {
  char *utf8 = text_utf8_dup(chars, length);
  fputc('"', out);
  for (const char *p = utf8 != NULL ? utf8 : ""; *p != '\0'; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '"') fputs("\\\"", out);
    else if (c == '\n') fputs("\\n", out);
    else if (c == '\t') fputs("\\t", out);
    else if (c < 0x20) fprintf(out, "\\x%02x", c);
    else fputc(c, out);
  }
  fputc('"', out);
  free(utf8);
}

static void print_multi(FILE *out, const WCHAR *chars, size_t count) {
  fputc('[', out);
  size_t i = 0;
  bool first = true;
  while (i < count && chars[i] != 0) {
    size_t n = cm_string_chars(chars + i, count - i);
    if (!first) fputs(", ", out);
    print_quoted(out, chars + i, n);
    first = false;
    i += n + 1;
  }
  fputc(']', out);
}

static void print_binary(FILE *out, const unsigned char *data, ULONG size) {
  ULONG shown = size < MAX_BINARY_SHOWN ? size : MAX_BINARY_SHOWN;
  for (ULONG i = 0; i < shown; i++) fprintf(out, i == 0 ? "%02x" : " %02x", data[i]);
  if (shown < size) fputs(" ...", out);
  fprintf(out, "%s(%lu bytes)", size != 0 ? " " : "", (unsigned long)size);
}

static void print_data(FILE *out, const struct cm_value *value) {
  const WCHAR *chars = (const WCHAR *)value->data;
  size_t count = value->size / sizeof(WCHAR);
  const unsigned char *b = value->data;
  switch (value->type) {
  case REG_SZ:
  case REG_EXPAND_SZ:
  case REG_LINK: print_quoted(out, chars, cm_string_chars(chars, count)); return;
  case REG_MULTI_SZ: print_multi(out, chars, count); return;
  case REG_DWORD:
  case REG_DWORD_BIG_ENDIAN:
    if (value->size == 4) {
      unsigned long v = value->type == REG_DWORD
                            ? (unsigned long)b[0] | (unsigned long)b[1] << 8 | (unsigned long)b[2] << 16 |
                                  (unsigned long)b[3] << 24
                            : (unsigned long)b[3] | (unsigned long)b[2] << 8 | (unsigned long)b[1] << 16 |
                                  (unsigned long)b[0] << 24;
      fprintf(out, "0x%08lx (%lu)", v, v);
      return;
    }
    break;
  case REG_QWORD:
    if (value->size == 8) {
      unsigned long long v = 0;
      for (int i = 7; i >= 0; i--) v = v << 8 | b[i];
      fprintf(out, "0x%016llx (%llu)", v, v);
      return;
    }
    break;
  default: break;
  }
  print_binary(out, b, value->size);
}

static void print_value(FILE *out, const struct cm_value *value) {
  fputs("    ", out);
  if (value->name_length == 0) {
    fputs("(default)", out);
  } else {
    char *name = text_utf8_dup(value->name, value->name_length);
    fputs(name != NULL ? name : "?", out);
    free(name);
  }
  const char *name = type_name(value->type);
  if (name != NULL) fprintf(out, " = %s ", name);
  else fprintf(out, " = type 0x%lx ", (unsigned long)value->type);
  print_data(out, value);
  fputc('\n', out);
}

static int compare_values(const void *a, const void *b) {
  const struct cm_value *x = *(const struct cm_value *const *)a, *y = *(const struct cm_value *const *)b;
  return cm_name_compare(x->name, x->name_length, y->name, y->name_length);
}

/* ---- the walk ------------------------------------------------------------------------------- */

struct dump {
  FILE *out;
  char *path;                  /* UTF-8 path of the current key */
  size_t length, capacity;
  bool failed;
};

static bool push_name(struct dump *dump, const struct cm_key *key) {
  size_t n = text_utf16_to_utf8(key->name, key->name_length, NULL, 0);
  if (dump->length + n + 2 > dump->capacity) {
    size_t capacity = (dump->length + n + 2) * 2;
    char *path = realloc(dump->path, capacity);
    if (path == NULL) return false;
    dump->path = path;
    dump->capacity = capacity;
  }
  dump->path[dump->length++] = '\\';
  text_utf16_to_utf8(key->name, key->name_length, dump->path + dump->length, n + 1);
  dump->length += n;
  return true;
}

static void dump_key(struct dump *dump, const struct cm_key *key) {
  size_t saved = dump->length;
  if (!push_name(dump, key)) {
    dump->failed = true;
    return;
  }
  fprintf(dump->out, "%.*s%s\n", (int)dump->length, dump->path, key->is_volatile ? " (volatile)" : "");
  const struct cm_value **sorted = malloc((key->value_count + 1) * sizeof *sorted);
  if (sorted == NULL) {
    dump->failed = true;
  } else {
    for (size_t i = 0; i < key->value_count; i++) sorted[i] = &key->values[i];
    qsort(sorted, key->value_count, sizeof *sorted, compare_values);
    for (size_t i = 0; i < key->value_count; i++) print_value(dump->out, sorted[i]);
    free(sorted);
  }
  for (size_t i = 0; i < key->child_count && !dump->failed; i++) dump_key(dump, key->children[i]);
  dump->length = saved;
}

/* Starts the path with the key's ancestors, outermost first. */
static bool push_ancestors(struct dump *dump, const struct cm_key *key) {
  if (key->parent == NULL) return true;
  return push_ancestors(dump, key->parent) && push_name(dump, key->parent);
}

NTSTATUS wmisim_registry_dump(wmisim_t *sim, FILE *out, const char *path_prefix) {
  if (out == NULL) return STATUS_INVALID_PARAMETER;
  struct cm_registry *registry = cm_lock(sim);
  if (registry == NULL) return STATUS_INVALID_PARAMETER;
  struct cm_key *key = registry->root;
  NTSTATUS status = STATUS_SUCCESS;
  if (path_prefix != NULL && path_prefix[0] != '\0')
    status = cm_walk_utf8_locked(registry, path_prefix, CM_WALK_OPEN, &key);
  if (NT_SUCCESS(status)) {
    struct dump dump = {out, NULL, 0, 0, false};
    if (push_ancestors(&dump, key)) dump_key(&dump, key);
    else dump.failed = true;
    free(dump.path);
    if (dump.failed) status = STATUS_INSUFFICIENT_RESOURCES;
  }
  cm_unlock(registry);
  return status;
}
