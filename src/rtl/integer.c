/*
 * integer.c - integers to and from text: RtlIntegerToUnicodeString,
 * RtlInt64ToUnicodeString, RtlIntegerToChar, RtlUnicodeStringToInteger and
 * RtlCharToInteger.
 *
 * Bases 2, 8, 10 and 16 (0 meaning 10, or a 0x/0o/0b prefix when
 * parsing); hex digits are written upper case, as Windows writes them.
 */
#include <wdm.h>

#include <stdbool.h>
#include <string.h>

#include "rtl/rtl_internal.h"

static bool valid_base(ULONG base) {
  return base == 0 || base == 2 || base == 8 || base == 10 || base == 16;
}

/* Writes the digits of `value` to `digits` (no terminator); returns their
 * count. `base` must be valid. */
static size_t format_digits(ULONGLONG value, ULONG base, char digits[64]) {
  if (base == 0) base = 10;
  char reversed[64];
  size_t n = 0;
  do {
    reversed[n++] = "0123456789ABCDEF"[value % base];
    value /= base;
  } while (value != 0);
  for (size_t i = 0; i < n; i++) digits[i] = reversed[n - 1 - i];
  return n;
}

/* Stores the digits as a terminated UNICODE_STRING; the buffer must hold
 * the terminator too. */
static NTSTATUS to_unicode_string(const char *routine, ULONGLONG value, ULONG base, PUNICODE_STRING string) {
  if (string == NULL) {
    rtl_bad_call(routine, "String is NULL");
    return STATUS_INVALID_PARAMETER;
  }
  if (!valid_base(base)) return STATUS_INVALID_PARAMETER;
  char digits[64];
  size_t n = format_digits(value, base, digits);
  if ((n + 1) * sizeof(WCHAR) > string->MaximumLength) return STATUS_BUFFER_OVERFLOW;
  for (size_t i = 0; i < n; i++) string->Buffer[i] = (WCHAR)digits[i];
  string->Buffer[n] = UNICODE_NULL;
  string->Length = (USHORT)(n * sizeof(WCHAR));
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String) {
  return to_unicode_string("RtlIntegerToUnicodeString", Value, Base, String);
}

NTSTATUS NTAPI RtlInt64ToUnicodeString(ULONGLONG Value, ULONG Base, PUNICODE_STRING String) {
  return to_unicode_string("RtlInt64ToUnicodeString", Value, Base, String);
}

/* The digits need not be terminated: a terminator is added when
 * OutputLength leaves room for one. A negative OutputLength holds nothing. */
NTSTATUS NTAPI RtlIntegerToChar(ULONG Value, ULONG Base, LONG OutputLength, PCHAR String) {
  if (!valid_base(Base)) return STATUS_INVALID_PARAMETER;
  char digits[64];
  size_t n = format_digits(Value, Base, digits);
  if (OutputLength < 0 || (size_t)OutputLength < n) return STATUS_BUFFER_OVERFLOW;
  if (String == NULL) {
    rtl_bad_call("RtlIntegerToChar", "String is NULL");
    return STATUS_INVALID_PARAMETER;
  }
  memcpy(String, digits, n);
  if ((size_t)OutputLength > n) String[n] = '\0';
  return STATUS_SUCCESS;
}

/* ---- parsing -------------------------------------------------------------------------------------- */

struct units {
  const void *p;
  size_t length;
  unsigned width; /* bytes per unit */
};

static unsigned unit_at(const struct units *u, size_t i) {
  return i >= u->length ? 0 : u->width == 1 ? ((const unsigned char *)u->p)[i] : ((const WCHAR *)u->p)[i];
}

static int digit_value(unsigned c) {
  if (c >= '0' && c <= '9') return (int)(c - '0');
  if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
  return -1;
}

/* Base 0 reads a lower-case 0x, 0o or 0b prefix, else decimal. */
static ULONG prefix_base(const struct units *u, size_t *at) {
  if (unit_at(u, *at) == '0') {
    switch (unit_at(u, *at + 1)) {
    case 'x': *at += 2; return 16;
    case 'o': *at += 2; return 8;
    case 'b': *at += 2; return 2;
    default: break;
    }
  }
  return 10;
}

/* Leading white space (any unit up to ' '), one sign, then the longest run
 * of digits of the base; the value wraps modulo 2^32 as a ULONG does. */
static NTSTATUS parse(const struct units *u, ULONG base, PULONG value) {
  if (!valid_base(base) || u->length == 0) return STATUS_INVALID_PARAMETER;
  size_t at = 0;
  while (at < u->length && unit_at(u, at) <= ' ') at++;
  bool negative = unit_at(u, at) == '-';
  if (negative || unit_at(u, at) == '+') at++;
  if (base == 0) base = prefix_base(u, &at);
  ULONG result = 0;
  for (int d; at < u->length && (d = digit_value(unit_at(u, at))) >= 0 && (ULONG)d < base; at++)
    result = result * base + (ULONG)d;
  *value = negative ? 0u - result : result;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value) {
  if (String == NULL || Value == NULL) {
    rtl_bad_call("RtlUnicodeStringToInteger", "%s is NULL", String == NULL ? "String" : "Value");
    return STATUS_INVALID_PARAMETER;
  }
  struct units u = {String->Buffer, String->Length / sizeof(WCHAR), sizeof(WCHAR)};
  return parse(&u, Base, Value);
}

NTSTATUS NTAPI RtlCharToInteger(PCSZ String, ULONG Base, PULONG Value) {
  if (String == NULL || Value == NULL) {
    rtl_bad_call("RtlCharToInteger", "%s is NULL", String == NULL ? "String" : "Value");
    return STATUS_INVALID_PARAMETER;
  }
  struct units u = {String, strlen(String), 1};
  return parse(&u, Base, Value);
}
