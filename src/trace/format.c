/*
 * format.c - flags, bytes, MOF values and JSON strings as text
 * (wmisim/format.h), shared by the trace writers and the wmisim command.
 */
#include <wmisim/format.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <wmistr.h>

#include "rtl/text.h"

/* A bounded destination that keeps counting past its end, as snprintf. */
struct out {
  char *buffer;
  size_t size;
  size_t length;
};

static void put(struct out *out, const char *text, size_t length) {
  if (out->length < out->size) {
    size_t room = out->size - 1 - out->length;
    memcpy(out->buffer + out->length, text, length < room ? length : room);
  }
  out->length += length;
}

static void puts_(struct out *out, const char *text) {
  put(out, text, strlen(text));
}

static void printf_(struct out *out, const char *format, ...) WMISIM_PRINTF(2, 3);
static void printf_(struct out *out, const char *format, ...) {
  char text[64];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(text, sizeof text, format, args);
  va_end(args);
  if (n > 0) put(out, text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

static size_t finish(struct out *out) {
  if (out->size > 0) out->buffer[out->length < out->size ? out->length : out->size - 1] = '\0';
  return out->length;
}

/* ---- flags --------------------------------------------------------------------------------- */

struct flag_name {
  ULONG bit;
  const char *name;
};

static const struct flag_name wnode_flags[] = {
  {WNODE_FLAG_ALL_DATA, "ALL_DATA"},
  {WNODE_FLAG_SINGLE_INSTANCE, "SINGLE_INSTANCE"},
  {WNODE_FLAG_SINGLE_ITEM, "SINGLE_ITEM"},
  {WNODE_FLAG_EVENT_ITEM, "EVENT_ITEM"},
  {WNODE_FLAG_FIXED_INSTANCE_SIZE, "FIXED_INSTANCE_SIZE"},
  {WNODE_FLAG_TOO_SMALL, "TOO_SMALL"},
  {WNODE_FLAG_INSTANCES_SAME, "INSTANCES_SAME"},
  {WNODE_FLAG_STATIC_INSTANCE_NAMES, "STATIC_INSTANCE_NAMES"},
  {WNODE_FLAG_INTERNAL, "INTERNAL"},
  {WNODE_FLAG_USE_TIMESTAMP, "USE_TIMESTAMP"},
  {WNODE_FLAG_PERSIST_EVENT, "PERSIST_EVENT"},
  {WNODE_FLAG_EVENT_REFERENCE, "EVENT_REFERENCE"},
  {WNODE_FLAG_ANSI_INSTANCENAMES, "ANSI_INSTANCENAMES"},
  {WNODE_FLAG_METHOD_ITEM, "METHOD_ITEM"},
  {WNODE_FLAG_PDO_INSTANCE_NAMES, "PDO_INSTANCE_NAMES"},
  {WNODE_FLAG_TRACED_GUID, "TRACED_GUID"},
  {WNODE_FLAG_LOG_WNODE, "LOG_WNODE"},
  {WNODE_FLAG_USE_GUID_PTR, "USE_GUID_PTR"},
  {WNODE_FLAG_USE_MOF_PTR, "USE_MOF_PTR"},
  {WNODE_FLAG_NO_HEADER, "NO_HEADER"},
  {0x00400000, "SEND_DATA_BLOCK"},
  {0x00800000, "VERSIONED_PROPERTIES"},
};

static const struct flag_name reg_flags[] = {
  {WMIREG_FLAG_EXPENSIVE, "EXPENSIVE"},
  {WMIREG_FLAG_INSTANCE_LIST, "INSTANCE_LIST"},
  {WMIREG_FLAG_INSTANCE_BASENAME, "INSTANCE_BASENAME"},
  {WMIREG_FLAG_INSTANCE_PDO, "INSTANCE_PDO"},
  {WMIREG_FLAG_EVENT_ONLY_GUID, "EVENT_ONLY_GUID"},
  {WMIREG_FLAG_TRACE_CONTROL_GUID, "TRACE_CONTROL_GUID"},
  {WMIREG_FLAG_REMOVE_GUID, "REMOVE_GUID"},
  {WMIREG_FLAG_RESERVED1, "RESERVED1"},
  {WMIREG_FLAG_RESERVED2, "RESERVED2"},
  {WMIREG_FLAG_TRACED_GUID, "TRACED_GUID"},
};

static size_t format_flags(const struct flag_name *names, size_t count, ULONG flags, char *buffer, size_t size) {
  struct out out = {buffer, size, 0};
  ULONG rest = flags;
  for (size_t i = 0; i < count; i++) {
    if (!(flags & names[i].bit)) continue;
    if (out.length > 0) puts_(&out, "|");
    puts_(&out, names[i].name);
    rest &= ~names[i].bit;
  }
  if (rest != 0 || flags == 0) {
    if (out.length > 0) puts_(&out, "|");
    if (rest == 0) puts_(&out, "0");
    else printf_(&out, "0x%08lX", (unsigned long)rest);
  }
  return finish(&out);
}

size_t wmisim_format_wnode_flags(ULONG flags, char *buffer, size_t size) {
  return format_flags(wnode_flags, sizeof wnode_flags / sizeof *wnode_flags, flags, buffer, size);
}

size_t wmisim_format_reg_flags(ULONG flags, char *buffer, size_t size) {
  return format_flags(reg_flags, sizeof reg_flags / sizeof *reg_flags, flags, buffer, size);
}

size_t wmisim_format_hex(const void *data, size_t length, char *buffer, size_t size) {
  static const char digits[] = "0123456789ABCDEF";
  struct out out = {buffer, size, 0};
  const unsigned char *bytes = data;
  for (size_t i = 0; i < length; i++) {
    char pair[3] = {digits[bytes[i] >> 4], digits[bytes[i] & 15], ' '};
    put(&out, pair, i + 1 < length ? 3 : 2);
  }
  return finish(&out);
}

/* ---- JSON strings ---------------------------------------------------------------------------- */

static void json_string(struct out *out, const char *text) {
  puts_(out, "\"");
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '"' || c == '\\') {
      char escaped[2] = {'\\', (char)c};
      put(out, escaped, 2);
    } else if (c == '\n') {
      puts_(out, "\\n");
    } else if (c == '\t') {
      puts_(out, "\\t");
    } else if (c == '\r') {
      puts_(out, "\\r");
    } else if (c < 0x20 || c == 0x7f) {
      printf_(out, "\\u%04x", (unsigned)c);
    } else {
      put(out, (const char *)&c, 1);
    }
  }
  puts_(out, "\"");
}

size_t wmisim_format_json_string(const char *text, char *buffer, size_t size) {
  struct out out = {buffer, size, 0};
  json_string(&out, text);
  return finish(&out);
}

/* ---- MOF values ------------------------------------------------------------------------------ */

static void value(struct out *out, const wmisim_mof_value *v, wmisim_value_style_t style);

static void real(struct out *out, double number, wmisim_value_style_t style) {
  if (style == WMISIM_VALUE_JSON && !isfinite(number)) puts_(out, "null");
  else printf_(out, style == WMISIM_VALUE_JSON ? "%.17g" : "%.9g", number);
}

static void char16(struct out *out, USHORT unit, wmisim_value_style_t style) {
  char text[8];
  WCHAR wide = unit;
  size_t n = unit >= 0x20 && (unit < 0xD800 || unit > 0xDFFF) ? text_utf16_to_utf8(&wide, 1, text, sizeof text) : 0;
  if (n == 0 || n >= sizeof text) snprintf(text, sizeof text, "\\u%04x", (unsigned)unit);
  if (style == WMISIM_VALUE_JSON) json_string(out, text);
  else puts_(out, text);
}

static void array(struct out *out, const wmisim_mof_value *v, wmisim_value_style_t style) {
  bool json = style == WMISIM_VALUE_JSON;
  /* Hexadecimal after every element would drown an array: only scalars get it. */
  wmisim_value_style_t element_style = style == WMISIM_VALUE_TEXT_HEX ? WMISIM_VALUE_TEXT : style;
  puts_(out, json ? "[" : "{");
  for (size_t i = 0; i < v->u.array.count; i++) {
    if (i > 0) puts_(out, ", ");
    value(out, &v->u.array.elements[i], element_style);
  }
  puts_(out, json ? "]" : "}");
}

static void object(struct out *out, const wmisim_mof_object *object, wmisim_value_style_t style) {
  bool json = style == WMISIM_VALUE_JSON;
  if (object == NULL) {
    puts_(out, json ? "null" : "");
    return;
  }
  if (!json) puts_(out, object->cls != NULL ? object->cls->name : "");
  puts_(out, "{");
  for (size_t i = 0; i < object->property_count; i++) {
    const wmisim_mof_property *property = &object->properties[i];
    if (i > 0) puts_(out, json ? ", " : "; ");
    if (json) {
      json_string(out, property->item->name);
      puts_(out, ": ");
    } else {
      puts_(out, property->item->name);
      puts_(out, " = ");
    }
    value(out, &property->value, style == WMISIM_VALUE_TEXT_HEX ? WMISIM_VALUE_TEXT : style);
  }
  puts_(out, "}");
}

static void text_value(struct out *out, const char *text, wmisim_value_style_t style) {
  if (style == WMISIM_VALUE_JSON) json_string(out, text);
  else puts_(out, text != NULL ? text : "");
}

static void value(struct out *out, const wmisim_mof_value *v, wmisim_value_style_t style) {
  bool json = style == WMISIM_VALUE_JSON, hex = style == WMISIM_VALUE_TEXT_HEX;
  switch (v != NULL ? v->kind : WMISIM_MOF_VALUE_NULL) {
  case WMISIM_MOF_VALUE_BOOLEAN: puts_(out, v->u.boolean ? (json ? "true" : "True") : (json ? "false" : "False")); break;
  case WMISIM_MOF_VALUE_SINT:
    printf_(out, "%lld", (long long)v->u.sint);
    if (hex && v->u.sint >= 0) printf_(out, " (0x%llX)", (unsigned long long)v->u.sint);
    break;
  case WMISIM_MOF_VALUE_UINT:
    printf_(out, "%llu", (unsigned long long)v->u.uint);
    if (hex) printf_(out, " (0x%llX)", (unsigned long long)v->u.uint);
    break;
  case WMISIM_MOF_VALUE_REAL: real(out, v->u.real, style); break;
  case WMISIM_MOF_VALUE_CHAR16: char16(out, v->u.char16, style); break;
  case WMISIM_MOF_VALUE_STRING:
  case WMISIM_MOF_VALUE_DATETIME: text_value(out, v->u.string, style); break;
  case WMISIM_MOF_VALUE_ARRAY: array(out, v, style); break;
  case WMISIM_MOF_VALUE_OBJECT: object(out, v->u.object, style); break;
  default: puts_(out, json ? "null" : ""); break;
  }
}

size_t wmisim_format_mof_value(const wmisim_mof_value *v, wmisim_value_style_t style, char *buffer, size_t size) {
  struct out out = {buffer, size, 0};
  value(&out, v, style);
  return finish(&out);
}
