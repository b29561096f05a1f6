/*
 * ustring_alloc.c - string routines that may allocate the result from pool:
 * case conversion, duplication, ANSI <-> Unicode conversion, and the two
 * routines that free such strings.
 *
 * Allocations are paged pool with RTL_STRING_TAG ('Strg'), freed with
 * ExFreePool by RtlFreeUnicodeString and RtlFreeAnsiString, so a driver
 * that forgets one shows up in the simulator's pool accounting.
 */
#include <wdm.h>

#include <stdbool.h>
#include <string.h>

#include "rtl/casemap.h"
#include "rtl/codepage.h"
#include "rtl/rtl_internal.h"

/* ---- sizes ------------------------------------------------------------------------------------ */

/* ANSI is a single-byte code page here: one byte per WCHAR, plus the terminator. */
ULONG NTAPI RtlxUnicodeStringToAnsiSize(PCUNICODE_STRING UnicodeString) {
  if (UnicodeString == NULL) {
    rtl_bad_call("RtlxUnicodeStringToAnsiSize", "UnicodeString is NULL");
    return 0;
  }
  return UnicodeString->Length / sizeof(WCHAR) + 1;
}

ULONG NTAPI RtlxAnsiStringToUnicodeSize(PCANSI_STRING AnsiString) {
  if (AnsiString == NULL) {
    rtl_bad_call("RtlxAnsiStringToUnicodeSize", "AnsiString is NULL");
    return 0;
  }
  return ((ULONG)AnsiString->Length + 1) * sizeof(WCHAR);
}

/* ---- the destination buffer ---------------------------------------------------------------------- */

/* Gives `*buffer` room for `needed` bytes: a new pool block, or the
 * caller's buffer if its `max` is large enough. More than a USHORT can
 * count is the source's fault (STATUS_INVALID_PARAMETER_2). */
static NTSTATUS prepare_destination(void **buffer, USHORT *max, size_t needed, BOOLEAN allocate) {
  if (needed > MAXUSHORT) return STATUS_INVALID_PARAMETER_2;
  if (!allocate) return needed <= *max ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW;
  void *block = rtl_allocate_string(needed);
  if (block == NULL) return STATUS_NO_MEMORY;
  *buffer = block;
  *max = (USHORT)needed;
  return STATUS_SUCCESS;
}

static bool given(const char *routine, const void *destination, const void *source) {
  if (destination != NULL && source != NULL) return true;
  rtl_bad_call(routine, "%s is NULL", destination == NULL ? "DestinationString" : "SourceString");
  return false;
}

/* ---- case ------------------------------------------------------------------------------------------ */

/* The result has the source's length and no terminator; an allocated
 * buffer is exactly that long. Destination and source may be the same. */
static NTSTATUS convert_case(const char *routine, PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                             BOOLEAN AllocateDestinationString, WCHAR (*map)(WCHAR)) {
  if (!given(routine, DestinationString, SourceString)) return STATUS_INVALID_PARAMETER;
  const WCHAR *source = SourceString->Buffer;
  USHORT length = SourceString->Length;
  void *buffer = DestinationString->Buffer;
  USHORT max = DestinationString->MaximumLength;
  NTSTATUS status = prepare_destination(&buffer, &max, length, AllocateDestinationString);
  if (!NT_SUCCESS(status)) return status;
  WCHAR *out = buffer;
  for (size_t i = 0; i < length / sizeof(WCHAR); i++) out[i] = map(source[i]);
  DestinationString->Buffer = out;
  DestinationString->MaximumLength = max;
  DestinationString->Length = (USHORT)(length - length % sizeof(WCHAR));
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUpcaseUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                      BOOLEAN AllocateDestinationString) {
  return convert_case("RtlUpcaseUnicodeString", DestinationString, SourceString, AllocateDestinationString,
                      casemap_upcase);
}

NTSTATUS NTAPI RtlDowncaseUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                        BOOLEAN AllocateDestinationString) {
  return convert_case("RtlDowncaseUnicodeString", DestinationString, SourceString, AllocateDestinationString,
                      casemap_downcase);
}

/* ---- duplication and freeing ----------------------------------------------------------------------------- */

static bool valid_unicode_string(PCUNICODE_STRING s) {
  return s->Length % sizeof(WCHAR) == 0 && s->MaximumLength % sizeof(WCHAR) == 0 &&
         s->Length <= s->MaximumLength && (s->Buffer != NULL || s->MaximumLength == 0);
}

NTSTATUS NTAPI RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING StringIn, PUNICODE_STRING StringOut) {
  const ULONG known = RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE | RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING;
  if ((Flags & ~known) != 0 || StringIn == NULL || StringOut == NULL || !valid_unicode_string(StringIn))
    return STATUS_INVALID_PARAMETER;
  bool terminate = (Flags & RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE) != 0;
  if (StringIn->Length == 0 && (Flags & RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING) == 0) {
    StringOut->Length = StringOut->MaximumLength = 0;
    StringOut->Buffer = NULL;
    return STATUS_SUCCESS;
  }
  size_t size = StringIn->Length + (terminate ? sizeof(WCHAR) : 0);
  if (size > UNICODE_STRING_MAX_BYTES) return STATUS_NAME_TOO_LONG;
  WCHAR *buffer = rtl_allocate_string(size);
  if (buffer == NULL) return STATUS_NO_MEMORY;
  memcpy(buffer, StringIn->Buffer, StringIn->Length);
  if (terminate) buffer[StringIn->Length / sizeof(WCHAR)] = UNICODE_NULL;
  StringOut->Buffer = buffer;
  StringOut->Length = StringIn->Length;
  StringOut->MaximumLength = (USHORT)size;
  return STATUS_SUCCESS;
}

/* Windows clears the structure too, so a second free is harmless. */
VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString) {
  if (UnicodeString == NULL) {
    rtl_bad_call("RtlFreeUnicodeString", "UnicodeString is NULL");
    return;
  }
  if (UnicodeString->Buffer != NULL) ExFreePool(UnicodeString->Buffer);
  UnicodeString->Buffer = NULL;
  UnicodeString->Length = UnicodeString->MaximumLength = 0;
}

VOID NTAPI RtlFreeAnsiString(PANSI_STRING AnsiString) {
  if (AnsiString == NULL) {
    rtl_bad_call("RtlFreeAnsiString", "AnsiString is NULL");
    return;
  }
  if (AnsiString->Buffer != NULL) ExFreePool(AnsiString->Buffer);
  AnsiString->Buffer = NULL;
  AnsiString->Length = AnsiString->MaximumLength = 0;
}

/* ---- ANSI <-> Unicode -------------------------------------------------------------------------------------- */

/* Without allocation the destination must hold the whole string and its
 * terminator; otherwise nothing is written (docs/fidelity.md, "Run-time library"). */
NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString, PCANSI_STRING SourceString,
                                            BOOLEAN AllocateDestinationString) {
  if (!given("RtlAnsiStringToUnicodeString", DestinationString, SourceString)) return STATUS_INVALID_PARAMETER;
  void *buffer = DestinationString->Buffer;
  USHORT max = DestinationString->MaximumLength;
  NTSTATUS status =
      prepare_destination(&buffer, &max, RtlxAnsiStringToUnicodeSize(SourceString), AllocateDestinationString);
  if (!NT_SUCCESS(status)) return status;
  WCHAR *out = buffer;
  for (USHORT i = 0; i < SourceString->Length; i++) out[i] = codepage_ansi_to_unicode((unsigned char)SourceString->Buffer[i]);
  out[SourceString->Length] = UNICODE_NULL;
  DestinationString->Buffer = out;
  DestinationString->MaximumLength = max;
  DestinationString->Length = (USHORT)(SourceString->Length * sizeof(WCHAR));
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString, PCUNICODE_STRING SourceString,
                                            BOOLEAN AllocateDestinationString) {
  if (!given("RtlUnicodeStringToAnsiString", DestinationString, SourceString)) return STATUS_INVALID_PARAMETER;
  void *buffer = DestinationString->Buffer;
  USHORT max = DestinationString->MaximumLength;
  NTSTATUS status =
      prepare_destination(&buffer, &max, RtlxUnicodeStringToAnsiSize(SourceString), AllocateDestinationString);
  if (!NT_SUCCESS(status)) return status;
  char *out = buffer;
  USHORT count = (USHORT)(SourceString->Length / sizeof(WCHAR));
  for (USHORT i = 0; i < count; i++) out[i] = (char)codepage_ansi_byte(SourceString->Buffer[i]);
  out[count] = ANSI_NULL;
  DestinationString->Buffer = out;
  DestinationString->MaximumLength = max;
  DestinationString->Length = count;
  return STATUS_SUCCESS;
}
