/*
 * values.c - targets, instances, and values written as text.
 */
#include "values.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <wmisim/format.h>

/* ---- targets and instances ------------------------------------------------------------------------ */

static bool looks_like_guid(const char *text) {
  size_t n = strlen(text);
  return n == 36 || (n == 38 && text[0] == '{');
}

bool resolve_target(struct exec *exec, int arg, struct target *target) {
  const char *text = exec->argv[arg];
  memset(target, 0, sizeof *target);
  if (looks_like_guid(text)) {
    if (!NT_SUCCESS(wmisim_guid_parse(text, &target->guid))) {
      exec_error(exec, arg, OUTCOME_INPUT, "'%s' is not a GUID", text);
      return false;
    }
    target->cls = session_class_of(exec->session, &target->guid);
  } else {
    target->cls = session_class_named(exec->session, text);
    if (target->cls == NULL || !target->cls->has_guid) {
      /* Registered providers may name MOF resources not loaded yet. */
      GUID guids[256];
      ULONG count = 256;
      wmisim_wmi_enumerate_guids(exec->session->sim, guids, &count);
      for (ULONG i = 0; i < count && i < 256; i++) session_class_of(exec->session, &guids[i]);
      target->cls = session_class_named(exec->session, text);
    }
    if (target->cls == NULL || !target->cls->has_guid) {
      exec_error(exec, arg, OUTCOME_INPUT,
                 "unknown class '%s': no loaded MOF declares it with a guid (a driver's MOF is found once it "
                 "registers; or give the GUID, or load the MOF with 'mof FILE')",
                 text);
      return false;
    }
    target->guid = target->cls->guid;
  }
  if (target->cls != NULL) snprintf(target->name, sizeof target->name, "%s", target->cls->name);
  else wmisim_guid_format(&target->guid, target->name);
  return true;
}

bool resolve_instance(struct exec *exec, int arg, const struct target *target, strbuf_t *name) {
  const char *text = exec->argv[arg];
  sb_clear(name);
  uint64_t index;
  if (text[0] != '@' || !parse_u64(text + 1, &index)) {
    sb_puts(name, text);
    return true;
  }
  char names[64][256];
  size_t count = wmisim_wmi_instance_names(exec->session->sim, &target->guid, &names[0][0], sizeof names[0], 64);
  if (index >= count || index >= 64) {
    exec_error(exec, arg, OUTCOME_INPUT, "%s has %zu static instance name(s); there is no %s", target->name, count,
               text);
    return false;
  }
  sb_puts(name, names[index]);
  return true;
}

/* ---- values ------------------------------------------------------------------------------------- */

static void *store_keep(struct value_store *store, void *block) {
  void **grown = block != NULL ? realloc(store->blocks, (store->count + 1) * sizeof *grown) : NULL;
  if (grown == NULL) {
    free(block);
    return NULL;
  }
  store->blocks = grown;
  grown[store->count++] = block;
  return block;
}

void value_store_free(struct value_store *store) {
  for (size_t i = 0; i < store->count; i++) free(store->blocks[i]);
  free(store->blocks);
  memset(store, 0, sizeof *store);
}

static bool fail(char *why, size_t size, const char *text, const char *what) {
  snprintf(why, size, "'%s' is not %s", text, what);
  return false;
}

static bool parse_boolean(const char *text, bool *value) {
  static const char *const yes[] = {"true", "True", "TRUE", "1"}, *const no[] = {"false", "False", "FALSE", "0"};
  for (size_t i = 0; i < 4; i++) {
    if (strcmp(text, yes[i]) == 0) return *value = true, true;
    if (strcmp(text, no[i]) == 0) return *value = false, true;
  }
  return false;
}

static bool parse_signed(const char *text, long long *value) {
  char *end;
  errno = 0;
  *value = strtoll(text, &end, 0);
  return text[0] != '\0' && *end == '\0' && errno == 0;
}

static bool parse_unsigned(const char *text, unsigned long long *value) {
  char *end;
  errno = 0;
  *value = strtoull(text, &end, 0);
  return text[0] >= '0' && text[0] <= '9' && *end == '\0' && errno == 0;
}

/* The first character of UTF-8 text as one UTF-16 unit (BMP only). */
static bool parse_char16(const char *text, USHORT *unit) {
  const unsigned char *s = (const unsigned char *)text;
  if (s[0] < 0x80 && s[0] != 0 && s[1] == 0) return *unit = s[0], true;
  if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80 && s[2] == 0)
    return *unit = (USHORT)(((s[0] & 0x1F) << 6) | (s[1] & 0x3F)), true;
  if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 && s[3] == 0)
    return *unit = (USHORT)(((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F)), true;
  return false;
}

static bool parse_scalar(wmisim_mof_type type, const char *text, wmisim_mof_value *value, struct value_store *store,
                         char *why, size_t why_size) {
  memset(value, 0, sizeof *value);
  switch (type) {
  case WMISIM_MOF_TYPE_BOOLEAN: {
    bool b;
    if (!parse_boolean(text, &b)) return fail(why, why_size, text, "a boolean (True or False)");
    value->kind = WMISIM_MOF_VALUE_BOOLEAN;
    value->u.boolean = b ? TRUE : FALSE;
    return true;
  }
  case WMISIM_MOF_TYPE_SINT8: case WMISIM_MOF_TYPE_SINT16: case WMISIM_MOF_TYPE_SINT32: case WMISIM_MOF_TYPE_SINT64:
    value->kind = WMISIM_MOF_VALUE_SINT;
    return parse_signed(text, &value->u.sint) || fail(why, why_size, text, "an integer");
  case WMISIM_MOF_TYPE_UINT8: case WMISIM_MOF_TYPE_UINT16: case WMISIM_MOF_TYPE_UINT32: case WMISIM_MOF_TYPE_UINT64:
    value->kind = WMISIM_MOF_VALUE_UINT;
    return parse_unsigned(text, &value->u.uint) || fail(why, why_size, text, "an unsigned integer");
  case WMISIM_MOF_TYPE_REAL32: case WMISIM_MOF_TYPE_REAL64: {
    char *end;
    value->kind = WMISIM_MOF_VALUE_REAL;
    value->u.real = strtod(text, &end);
    return (text[0] != '\0' && *end == '\0') || fail(why, why_size, text, "a number");
  }
  case WMISIM_MOF_TYPE_CHAR16:
    value->kind = WMISIM_MOF_VALUE_CHAR16;
    return parse_char16(text, &value->u.char16) || fail(why, why_size, text, "one character");
  case WMISIM_MOF_TYPE_STRING:
  case WMISIM_MOF_TYPE_DATETIME:
    value->kind = type == WMISIM_MOF_TYPE_STRING ? WMISIM_MOF_VALUE_STRING : WMISIM_MOF_VALUE_DATETIME;
    value->u.string = store_keep(store, sim_strdup(text));
    return value->u.string != NULL || fail(why, why_size, text, "storable (out of memory)");
  default:
    snprintf(why, why_size, "values of embedded objects cannot be written in scripts; use 'data'");
    return false;
  }
}

/* "{1,2,3}" for an array item. */
static bool parse_array(const wmisim_mof_item *item, const char *text, wmisim_mof_value *value,
                        struct value_store *store, char *why, size_t why_size) {
  size_t length = strlen(text);
  if (length < 2 || text[0] != '{' || text[length - 1] != '}')
    return fail(why, why_size, text, "an array ({a,b,c})");
  char *inner = store_keep(store, malloc(length - 1));
  if (inner == NULL) return fail(why, why_size, text, "storable (out of memory)");
  memcpy(inner, text + 1, length - 2);
  inner[length - 2] = '\0';
  size_t count = inner[0] == '\0' ? 0 : 1;
  for (const char *p = inner; *p != '\0'; p++) count += *p == ',';
  wmisim_mof_value *elements = store_keep(store, calloc(count > 0 ? count : 1, sizeof *elements));
  if (elements == NULL) return fail(why, why_size, text, "storable (out of memory)");
  char *element = inner;
  for (size_t i = 0; i < count; i++) {
    char *comma = strchr(element, ',');
    if (comma != NULL) *comma = '\0';
    while (*element == ' ') element++;
    if (!parse_scalar(item->type, element, &elements[i], store, why, why_size)) return false;
    element = comma != NULL ? comma + 1 : element + strlen(element);
  }
  value->kind = WMISIM_MOF_VALUE_ARRAY;
  value->u.array.count = count;
  value->u.array.elements = elements;
  return true;
}

bool parse_item_value(const wmisim_mof_item *item, const char *text, wmisim_mof_value *value,
                      struct value_store *store, char *why, size_t why_size) {
  if (item->array != WMISIM_MOF_ARRAY_NONE) return parse_array(item, text, value, store, why, why_size);
  return parse_scalar(item->type, text, value, store, why, why_size);
}

/* ---- raw typed values --------------------------------------------------------------------------- */

static void put_le(strbuf_t *bytes, unsigned long long value, size_t size) {
  for (size_t i = 0; i < size; i++) sb_putc(bytes, (char)((value >> (8 * i)) & 0xFF));
}

/* UTF-8 to UTF-16LE units; false for malformed UTF-8. */
static bool utf16(const char *text, strbuf_t *units) {
  const unsigned char *s = (const unsigned char *)text;
  while (*s != 0) {
    unsigned code, extra;
    if (s[0] < 0x80) code = s[0], extra = 0;
    else if ((s[0] & 0xE0) == 0xC0) code = s[0] & 0x1F, extra = 1;
    else if ((s[0] & 0xF0) == 0xE0) code = s[0] & 0x0F, extra = 2;
    else if ((s[0] & 0xF8) == 0xF0) code = s[0] & 0x07, extra = 3;
    else return false;
    for (unsigned i = 1; i <= extra; i++) {
      if ((s[i] & 0xC0) != 0x80) return false;
      code = (code << 6) | (s[i] & 0x3F);
    }
    s += extra + 1;
    if (code >= 0x10000) {
      code -= 0x10000;
      put_le(units, 0xD800 | (code >> 10), 2);
      put_le(units, 0xDC00 | (code & 0x3FF), 2);
    } else {
      put_le(units, code, 2);
    }
  }
  return true;
}

bool encode_counted_string(const char *text, strbuf_t *bytes) {
  strbuf_t units;
  sb_init(&units);
  bool ok = utf16(text, &units) && units.length <= 0xFFFF;
  if (ok) {
    put_le(bytes, units.length, 2);
    sb_append(bytes, sb_text(&units), units.length);
  }
  sb_free(&units);
  return ok;
}

static bool hex_digit(char c, unsigned *value) {
  if (c >= '0' && c <= '9') return *value = (unsigned)(c - '0'), true;
  if (c >= 'a' && c <= 'f') return *value = (unsigned)(c - 'a' + 10), true;
  if (c >= 'A' && c <= 'F') return *value = (unsigned)(c - 'A' + 10), true;
  return false;
}

static bool raw_integer(const char *kind, const char *text, strbuf_t *bytes) {
  static const struct {
    const char *name;
    size_t size;
    bool is_signed;
  } kinds[] = {{"u8", 1, false}, {"u16", 2, false}, {"u32", 4, false}, {"u64", 8, false},
               {"s8", 1, true},  {"s16", 2, true},  {"s32", 4, true},  {"s64", 8, true}};
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
    if (strcmp(kind, kinds[i].name) != 0) continue;
    unsigned bits = (unsigned)kinds[i].size * 8;
    if (kinds[i].is_signed) {
      long long v;
      long long limit = bits == 64 ? 0 : 1ll << (bits - 1);
      if (!parse_signed(text, &v) || (bits < 64 && (v < -limit || v >= limit))) return false;
      put_le(bytes, (unsigned long long)v, kinds[i].size);
    } else {
      unsigned long long v;
      if (!parse_unsigned(text, &v) || (bits < 64 && v >> bits != 0)) return false;
      put_le(bytes, v, kinds[i].size);
    }
    return true;
  }
  return false;
}

static bool raw_value(const char *word, strbuf_t *bytes) {
  const char *colon = strchr(word, ':');
  if (colon == NULL || colon - word > 8) return false;
  char kind[9];
  memcpy(kind, word, (size_t)(colon - word));
  kind[colon - word] = '\0';
  const char *text = colon + 1;
  if (strcmp(kind, "bool") == 0) {
    bool b;
    if (!parse_boolean(text, &b)) return false;
    sb_putc(bytes, b ? 1 : 0);
    return true;
  }
  if (strcmp(kind, "str") == 0) return encode_counted_string(text, bytes);
  if (strcmp(kind, "hex") == 0) {
    size_t n = strlen(text);
    unsigned hi, lo;
    if (n % 2 != 0) return false;
    for (size_t i = 0; i < n; i += 2) {
      if (!hex_digit(text[i], &hi) || !hex_digit(text[i + 1], &lo)) return false;
      sb_putc(bytes, (char)(hi * 16 + lo));
    }
    return true;
  }
  return raw_integer(kind, text, bytes);
}

bool encode_raw(struct exec *exec, int first, strbuf_t *bytes) {
  sb_clear(bytes);
  for (int i = first; i < exec->argc; i++)
    if (!raw_value(exec->argv[i], bytes)) {
      exec_error(exec, i, OUTCOME_INPUT,
                 "'%s' is not a typed value: use u8: u16: u32: u64: s8: s16: s32: s64: bool: str: or hex:, "
                 "e.g. u32:5",
                 exec->argv[i]);
      return false;
    }
  if (bytes->failed) exec_error(exec, first, OUTCOME_INTERNAL, "out of memory");
  return !bytes->failed;
}

/* ---- comparisons --------------------------------------------------------------------------------- */

bool is_comparison(const char *op) {
  static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">="};
  for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
    if (strcmp(op, ops[i]) == 0) return true;
  return false;
}

static bool ordered(int order, const char *op) {
  if (strcmp(op, "==") == 0) return order == 0;
  if (strcmp(op, "!=") == 0) return order != 0;
  if (strcmp(op, "<") == 0) return order < 0;
  if (strcmp(op, "<=") == 0) return order <= 0;
  if (strcmp(op, ">") == 0) return order > 0;
  return order >= 0;
}

bool compare_text(const char *actual, const char *op, const char *expected, bool *holds, char *why, size_t why_size) {
  if (strcmp(op, "==") != 0 && strcmp(op, "!=") != 0) {
    snprintf(why, why_size, "'%s' compares numbers; this value is text (use == or !=)", op);
    return false;
  }
  *holds = ordered(strcmp(actual, expected) == 0 ? 0 : 1, op);
  return true;
}

bool compare_value(const wmisim_mof_value *actual, const char *op, const char *expected, bool *holds, char *why,
                   size_t why_size) {
  switch (actual->kind) {
  case WMISIM_MOF_VALUE_SINT: {
    long long e;
    if (!parse_signed(expected, &e)) return fail(why, why_size, expected, "an integer");
    *holds = ordered(actual->u.sint < e ? -1 : actual->u.sint > e, op);
    return true;
  }
  case WMISIM_MOF_VALUE_UINT: {
    unsigned long long e;
    if (!parse_unsigned(expected, &e)) return fail(why, why_size, expected, "an unsigned integer");
    *holds = ordered(actual->u.uint < e ? -1 : actual->u.uint > e, op);
    return true;
  }
  case WMISIM_MOF_VALUE_REAL: {
    char *end;
    double e = strtod(expected, &end);
    if (expected[0] == '\0' || *end != '\0') return fail(why, why_size, expected, "a number");
    *holds = ordered(actual->u.real < e ? -1 : actual->u.real > e, op);
    return true;
  }
  case WMISIM_MOF_VALUE_BOOLEAN: {
    bool e;
    if (!parse_boolean(expected, &e)) return fail(why, why_size, expected, "a boolean (True or False)");
    return compare_text(actual->u.boolean ? "1" : "0", op, e ? "1" : "0", holds, why, why_size);
  }
  default: {
    char text[1024];
    wmisim_format_mof_value(actual, WMISIM_VALUE_TEXT, text, sizeof text);
    return compare_text(text, op, expected, holds, why, why_size);
  }
  }
}
