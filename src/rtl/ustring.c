/*
 * ustring.c - counted strings: initialising, copying, appending and
 * comparing UNICODE_STRING and ANSI_STRING (STRING) structures.
 *
 * Both kinds are handled by the same code, parameterised by the unit size
 * (2 for WCHAR, 1 for CHAR); lengths are in bytes, as in the structures.
 */
#include <wdm.h>

#include <stdbool.h>
#include <string.h>

#include "rtl/casemap.h"
#include "rtl/rtl_internal.h"
#include "rtl/text.h"

/* The longest Length RtlInit*String gives: MaximumLength must still fit a
 * USHORT with the terminator (0xFFFC for WCHAR, 0xFFFE for CHAR). */
#define MAX_UNICODE_INIT_LENGTH (UNICODE_STRING_MAX_BYTES - sizeof(WCHAR))
#define MAX_ANSI_INIT_LENGTH (MAXUSHORT - 1)

/* ---- initialising ------------------------------------------------------------------------------ */

VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
  if (DestinationString == NULL) {
    rtl_bad_call("RtlInitUnicodeString", "DestinationString is NULL");
    return;
  }
  size_t bytes = text_wlen(SourceString) * sizeof(WCHAR);
  if (bytes > MAX_UNICODE_INIT_LENGTH) bytes = MAX_UNICODE_INIT_LENGTH; /* Windows cuts silently */
  DestinationString->Buffer = (PWCH)SourceString;
  DestinationString->Length = (USHORT)bytes;
  DestinationString->MaximumLength = SourceString != NULL ? (USHORT)(bytes + sizeof(WCHAR)) : 0;
}

NTSTATUS NTAPI RtlInitUnicodeStringEx(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
  if (DestinationString == NULL) {
    rtl_bad_call("RtlInitUnicodeStringEx", "DestinationString is NULL");
    return STATUS_INVALID_PARAMETER;
  }
  DestinationString->Buffer = (PWCH)SourceString;
  DestinationString->Length = DestinationString->MaximumLength = 0;
  size_t bytes = text_wlen(SourceString) * sizeof(WCHAR);
  if (bytes > MAX_UNICODE_INIT_LENGTH) return STATUS_NAME_TOO_LONG;
  DestinationString->Length = (USHORT)bytes;
  DestinationString->MaximumLength = SourceString != NULL ? (USHORT)(bytes + sizeof(WCHAR)) : 0;
  return STATUS_SUCCESS;
}

VOID NTAPI RtlInitString(PSTRING DestinationString, PCSZ SourceString) {
  if (DestinationString == NULL) {
    rtl_bad_call("RtlInitString", "DestinationString is NULL");
    return;
  }
  size_t bytes = SourceString != NULL ? strlen(SourceString) : 0;
  if (bytes > MAX_ANSI_INIT_LENGTH) bytes = MAX_ANSI_INIT_LENGTH;
  DestinationString->Buffer = (PCHAR)SourceString;
  DestinationString->Length = (USHORT)bytes;
  DestinationString->MaximumLength = SourceString != NULL ? (USHORT)(bytes + 1) : 0;
}

VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString) {
  RtlInitString(DestinationString, SourceString);
}

/* ---- copying and appending ------------------------------------------------------------------------ */

/* Writes a zero unit at byte offset `at` of `buffer` if `max` leaves room. */
static void terminate_if_room(void *buffer, USHORT at, USHORT max, unsigned unit) {
  if ((size_t)at + unit <= max) memset((char *)buffer + at, 0, unit);
}

/* Copies as much of `source` as fits, in whole units; a NULL source only
 * empties the destination. */
static void copy_counted(USHORT *length, USHORT max, void *buffer, const void *source, USHORT source_length,
                         unsigned unit) {
  if (source == NULL) {
    *length = 0;
    return;
  }
  USHORT n = source_length < max ? source_length : max;
  n = (USHORT)(n - n % unit);
  memmove(buffer, source, n);
  *length = n;
  terminate_if_room(buffer, n, max, unit);
}

VOID NTAPI RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString) {
  if (DestinationString == NULL) {
    rtl_bad_call("RtlCopyUnicodeString", "DestinationString is NULL");
    return;
  }
  copy_counted(&DestinationString->Length, DestinationString->MaximumLength, DestinationString->Buffer,
               SourceString != NULL ? SourceString->Buffer : NULL, SourceString != NULL ? SourceString->Length : 0,
               sizeof(WCHAR));
}

VOID NTAPI RtlCopyString(PSTRING DestinationString, const STRING *SourceString) {
  if (DestinationString == NULL) {
    rtl_bad_call("RtlCopyString", "DestinationString is NULL");
    return;
  }
  copy_counted(&DestinationString->Length, DestinationString->MaximumLength, DestinationString->Buffer,
               SourceString != NULL ? SourceString->Buffer : NULL, SourceString != NULL ? SourceString->Length : 0, 1);
}

static NTSTATUS append_units(PUNICODE_STRING Destination, const WCHAR *source, size_t bytes) {
  if (bytes == 0) return STATUS_SUCCESS;
  if ((size_t)Destination->Length + bytes > Destination->MaximumLength) return STATUS_BUFFER_TOO_SMALL;
  memmove((char *)Destination->Buffer + Destination->Length, source, bytes);
  Destination->Length = (USHORT)(Destination->Length + bytes);
  terminate_if_room(Destination->Buffer, Destination->Length, Destination->MaximumLength, sizeof(WCHAR));
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source) {
  if (Destination == NULL || Source == NULL) {
    rtl_bad_call("RtlAppendUnicodeStringToString", "%s is NULL", Destination == NULL ? "Destination" : "Source");
    return STATUS_INVALID_PARAMETER;
  }
  return append_units(Destination, Source->Buffer, Source->Length);
}

NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source) {
  if (Destination == NULL) {
    rtl_bad_call("RtlAppendUnicodeToString", "Destination is NULL");
    return STATUS_INVALID_PARAMETER;
  }
  return append_units(Destination, Source, text_wlen(Source) * sizeof(WCHAR));
}

/* ---- comparing ------------------------------------------------------------------------------------------ */

struct counted {
  const void *buffer;
  size_t units;
  unsigned unit; /* bytes per unit */
};

static unsigned folded_unit(const struct counted *s, size_t i, bool case_insensitive) {
  if (s->unit == 1) {
    unsigned char c = ((const unsigned char *)s->buffer)[i];
    return case_insensitive ? casemap_ansi_upcase(c) : c;
  }
  WCHAR c = ((const WCHAR *)s->buffer)[i];
  return case_insensitive ? casemap_upcase(c) : c;
}

/* <0, 0, >0 as `a` sorts before, with or after `b`: the first differing
 * unit decides, else the shorter string comes first. */
static LONG compare_counted(const struct counted *a, const struct counted *b, bool case_insensitive) {
  size_t n = a->units < b->units ? a->units : b->units;
  for (size_t i = 0; i < n; i++) {
    unsigned x = folded_unit(a, i, case_insensitive), y = folded_unit(b, i, case_insensitive);
    if (x != y) return (LONG)x - (LONG)y;
  }
  return (LONG)(a->units * a->unit) - (LONG)(b->units * b->unit);
}

static struct counted unicode_of(PCUNICODE_STRING s) {
  return (struct counted){s->Buffer, s->Length / sizeof(WCHAR), sizeof(WCHAR)};
}

static struct counted ansi_of(const STRING *s) {
  return (struct counted){s->Buffer, s->Length, 1};
}

static bool both_given(const char *routine, const void *a, const void *b) {
  if (a != NULL && b != NULL) return true;
  rtl_bad_call(routine, "String%d is NULL", a == NULL ? 1 : 2);
  return false;
}

BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive) {
  if (!both_given("RtlEqualUnicodeString", String1, String2)) return FALSE;
  struct counted a = unicode_of(String1), b = unicode_of(String2);
  return a.units == b.units && compare_counted(&a, &b, CaseInSensitive) == 0;
}

LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive) {
  if (!both_given("RtlCompareUnicodeString", String1, String2)) return 0;
  struct counted a = unicode_of(String1), b = unicode_of(String2);
  return compare_counted(&a, &b, CaseInSensitive);
}

BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive) {
  if (!both_given("RtlPrefixUnicodeString", String1, String2)) return FALSE;
  struct counted prefix = unicode_of(String1), whole = unicode_of(String2);
  if (prefix.units > whole.units) return FALSE;
  whole.units = prefix.units;
  return compare_counted(&prefix, &whole, CaseInSensitive) == 0;
}

BOOLEAN NTAPI RtlEqualString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive) {
  if (!both_given("RtlEqualString", String1, String2)) return FALSE;
  struct counted a = ansi_of(String1), b = ansi_of(String2);
  return a.units == b.units && compare_counted(&a, &b, CaseInSensitive) == 0;
}

LONG NTAPI RtlCompareString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive) {
  if (!both_given("RtlCompareString", String1, String2)) return 0;
  struct counted a = ansi_of(String1), b = ansi_of(String2);
  return compare_counted(&a, &b, CaseInSensitive);
}
