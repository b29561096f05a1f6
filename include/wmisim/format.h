/*
 * wmisim/format.h - WNODE and registration flags, MOF values, bytes and JSON
 * strings as text: the pieces the trace writers and the wmisim command
 * print, so every tool shows a value the same way.
 *
 * Every function writes a NUL-terminated string into `buffer` (at most
 * `size` bytes, truncated if needed; `buffer` may be NULL when `size` is 0)
 * and returns the length the whole text needs without the NUL, as snprintf
 * does: call again with a larger buffer when the result is >= size.
 * Nothing here allocates or keeps state; every function may be called from
 * any thread.
 */
#ifndef WMISIM_FORMAT_H
#define WMISIM_FORMAT_H

#include <stddef.h>

#include <ntdef.h>
#include <wmisim/export.h>
#include <wmisim/mof.h>

#ifdef __cplusplus
extern "C" {
#endif

/* WNODE_FLAG_* bits by name without the prefix, joined by '|', e.g.
 * "ALL_DATA|FIXED_INSTANCE_SIZE|STATIC_INSTANCE_NAMES"; bits without a name
 * as one hexadecimal rest ("ALL_DATA|0x01000000"); 0 is "0". */
WMISIM_API size_t wmisim_format_wnode_flags(ULONG flags, char *buffer, size_t size);

/* WMIREG_FLAG_* bits the same way, e.g. "EXPENSIVE|INSTANCE_PDO". */
WMISIM_API size_t wmisim_format_reg_flags(ULONG flags, char *buffer, size_t size);

/* `length` bytes as two-digit upper-case hexadecimal separated by spaces,
 * "64 00 00 00"; no bytes give "". */
WMISIM_API size_t wmisim_format_hex(const void *data, size_t length, char *buffer, size_t size);

/* How wmisim_format_mof_value writes a value. */
typedef enum wmisim_value_style {
  WMISIM_VALUE_TEXT = 0,     /* as Get-CimInstance shows it: 100, True, text, {1, 2} */
  WMISIM_VALUE_TEXT_HEX = 1, /* the same, integers followed by their hexadecimal: 100 (0x64);
                                inside arrays and objects as WMISIM_VALUE_TEXT */
  WMISIM_VALUE_JSON = 2      /* a JSON value: 100, true, "text", [1, 2], {"Name": 1}, null */
} wmisim_value_style_t;

/* Formats a value decoded by the MOF codec (wmisim/mof.h). Text styles:
 * an unset value is "", booleans True/False, reals with up to 9
 * significant digits, a char16 as its character, strings and datetimes
 * as they are, arrays as "{a, b}", embedded objects as
 * "Class{Name = value; ...}". JSON writes strings escaped, reals with 17
 * significant digits (null if not finite) and integers as numbers.
 * `value` NULL is formatted as an unset value. */
WMISIM_API size_t wmisim_format_mof_value(const wmisim_mof_value *value, wmisim_value_style_t style, char *buffer,
                                          size_t size);

/* `text` (UTF-8; NULL is "") as a JSON string with its quotes: '"', '\'
 * and control characters escaped, other bytes copied. */
WMISIM_API size_t wmisim_format_json_string(const char *text, char *buffer, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* WMISIM_FORMAT_H */
