/*
 * strsafe_ustr.c - ntstrsafe.h's UNICODE_STRING routines: RtlUnicodeString
 * Init, Validate, Copy, Cat and Printf with their N and Ex forms, and
 * RtlStringCch/CbCopyUnicodeString.
 *
 * A UNICODE_STRING result is counted, not terminated: only Printf (when
 * there is room, as _vsnwprintf does), STRSAFE_FILL_BEHIND with fill byte 0
 * and STRSAFE_UNICODE_STRING_DEST_NULL_TERMINATED leave a terminator.
 */
#include <ntstrsafe.h>

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "rtl/format.h"
#include "rtl/strsafe_core.h"

#define IGNORE_NULL_STRUCTS (STRSAFE_IGNORE_NULLS | STRSAFE_IGNORE_NULL_UNICODE_STRINGS)

static const WCHAR empty_text[1] = {0};

/* ---- validation ----------------------------------------------------------------------------------- */

/* A NULL pointer passes only when the flags ignore NULL structures. */
static bool valid_unicode_string(PCUNICODE_STRING s, DWORD flags) {
  if (s == NULL) return (flags & IGNORE_NULL_STRUCTS) != 0;
  if (s->Length % sizeof(WCHAR) != 0 || s->MaximumLength % sizeof(WCHAR) != 0 || s->Length > s->MaximumLength ||
      s->MaximumLength > NTSTRSAFE_UNICODE_STRING_MAX_CCH * sizeof(WCHAR))
    return false;
  return s->Buffer != NULL || (s->Length == 0 && s->MaximumLength == 0) || (flags & STRSAFE_IGNORE_NULLS);
}

NTSTATUS NTAPI RtlUnicodeStringValidateEx(PCUNICODE_STRING SourceString, DWORD dwFlags) {
  if (dwFlags & ~(DWORD)STRSAFE_UNICODE_STRING_VALID_FLAGS) return STATUS_INVALID_PARAMETER;
  return valid_unicode_string(SourceString, dwFlags) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

NTSTATUS NTAPI RtlUnicodeStringValidate(PCUNICODE_STRING SourceString) {
  return RtlUnicodeStringValidateEx(SourceString, 0);
}

/* The string must end within NTSTRSAFE_UNICODE_STRING_MAX_CCH characters:
 * at most 32766 of them, so MaximumLength (Length + 2) fits. */
NTSTATUS NTAPI RtlUnicodeStringInitEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc, DWORD dwFlags) {
  if (dwFlags & ~(DWORD)STRSAFE_UNICODE_STRING_VALID_FLAGS) return STATUS_INVALID_PARAMETER;
  if (DestinationString == NULL)
    return pszSrc == NULL && (dwFlags & STRSAFE_IGNORE_NULLS) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
  DestinationString->Length = DestinationString->MaximumLength = 0;
  DestinationString->Buffer = NULL;
  if (pszSrc == NULL) return STATUS_SUCCESS;
  size_t length;
  if (!NT_SUCCESS(sx_length(pszSrc, NTSTRSAFE_UNICODE_STRING_MAX_CCH, sizeof(WCHAR), &length)))
    return STATUS_INVALID_PARAMETER;
  DestinationString->Buffer = (PWCH)pszSrc;
  DestinationString->Length = (USHORT)(length * sizeof(WCHAR));
  DestinationString->MaximumLength = (USHORT)(DestinationString->Length + sizeof(WCHAR));
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc) {
  return RtlUnicodeStringInitEx(DestinationString, pszSrc, 0);
}

/* ---- the engine --------------------------------------------------------------------------------------- */

struct us_call {
  enum sx_operation operation;
  PUNICODE_STRING dest;
  PCUNICODE_STRING counted; /* Copy, Cat: the source as a UNICODE_STRING... */
  PCWSTR terminated;        /* ...or as a terminated string */
  size_t limit;             /* at most this many source characters, or SX_NO_LIMIT */
  PCWSTR format;            /* Printf */
  va_list *args;
  PUNICODE_STRING remaining;
  DWORD flags;
};

/* The destination's characters and capacity; a NULL one the flags allow is empty. */
struct us_dest {
  WCHAR *buffer;
  size_t original;  /* characters kept (Cat) */
  size_t capacity;  /* characters the result may take */
  size_t max_bytes;
};

static bool input_valid(struct us_call *c, struct us_dest *d) {
  if (c->flags & STRSAFE_IGNORE_NULLS) c->flags |= STRSAFE_IGNORE_NULL_UNICODE_STRINGS;
  if ((c->flags & ~(DWORD)STRSAFE_UNICODE_STRING_VALID_FLAGS) || !valid_unicode_string(c->dest, c->flags)) return false;
  *d = (struct us_dest){0};
  if (c->dest != NULL) {
    d->buffer = c->dest->Buffer;
    d->max_bytes = c->dest->MaximumLength;
    d->capacity = d->max_bytes / sizeof(WCHAR);
    d->original = c->operation == SX_CAT ? c->dest->Length / sizeof(WCHAR) : 0;
    if (c->flags & STRSAFE_UNICODE_STRING_DEST_NULL_TERMINATED) {
      if (d->capacity == 0) return false; /* no room for the terminator the flag promises */
      d->capacity--;
    }
  }
  if (c->limit != SX_NO_LIMIT && c->limit > NTSTRSAFE_UNICODE_STRING_MAX_CCH) return false;
  if (c->operation == SX_PRINTF) {
    if (c->format == NULL && !(c->flags & STRSAFE_IGNORE_NULLS)) return false;
    if (c->format == NULL) c->format = empty_text;
    return true;
  }
  if (c->terminated == NULL && c->counted == NULL) return (c->flags & IGNORE_NULL_STRUCTS) != 0;
  return c->counted == NULL || valid_unicode_string(c->counted, c->flags);
}

/* The source's text, and its length counted only as far as `avail` + 1
 * characters, enough to know whether it fits. */
static const WCHAR *source_text(const struct us_call *c, size_t avail, size_t *length) {
  size_t limit = c->limit;
  if (c->counted != NULL) {
    size_t n = c->counted->Length / sizeof(WCHAR);
    *length = n < limit ? n : limit;
    return c->counted->Buffer != NULL ? c->counted->Buffer : empty_text;
  }
  const WCHAR *text = c->terminated != NULL ? c->terminated : empty_text;
  size_t bound = avail + 1 < limit ? avail + 1 : limit, n = 0;
  while (n < bound && text[n] != 0) n++;
  *length = n;
  return text;
}

/* Copies or formats into the free part; returns the characters the result
 * takes and sets *overflow if they did not all fit. */
static size_t produce(const struct us_call *c, const struct us_dest *d, size_t avail, bool *overflow) {
  WCHAR *at = d->buffer + d->original;
  if (c->operation == SX_PRINTF) {
    struct fmt_output counting = {NULL, 0, sizeof(WCHAR), FMT_ANSI};
    struct fmt_output out = {at, avail, sizeof(WCHAR), FMT_ANSI};
    bool keep_whole = (c->flags & STRSAFE_NO_TRUNCATION) != 0;
    size_t needed = fmt_format(keep_whole ? &counting : &out, c->format, *c->args);
    *overflow = needed > avail;
    if (keep_whole && !*overflow) fmt_format(&out, c->format, *c->args);
    size_t n = *overflow ? avail : needed;
    if (!(*overflow && keep_whole) && d->original + n < d->max_bytes / sizeof(WCHAR)) at[n] = 0;
    return n;
  }
  size_t length;
  const WCHAR *text = source_text(c, avail, &length);
  *overflow = length > avail;
  size_t n = *overflow ? avail : length;
  if (!(*overflow && (c->flags & STRSAFE_NO_TRUNCATION))) memmove(at, text, n * sizeof(WCHAR));
  return n;
}

static bool has_input(const struct us_call *c) {
  size_t length;
  if (c->operation == SX_PRINTF) return c->format[0] != 0;
  source_text(c, 0, &length);
  return length != 0;
}

static void finish_flags(const struct us_call *c, const struct us_dest *d, NTSTATUS status) {
  PUNICODE_STRING dest = c->dest;
  int fill = STRSAFE_GET_FILL_PATTERN(c->flags);
  bool terminate = (c->flags & STRSAFE_UNICODE_STRING_DEST_NULL_TERMINATED) != 0;
  if (NT_SUCCESS(status) && (c->flags & STRSAFE_FILL_BEHIND)) {
    size_t from = dest->Length + (terminate ? sizeof(WCHAR) : 0);
    if (from < d->max_bytes) memset((char *)d->buffer + from, fill, d->max_bytes - from);
  }
  if (!NT_SUCCESS(status) && (c->flags & STRSAFE_FILL_ON_FAILURE)) {
    memset(d->buffer, fill, d->max_bytes);
    dest->Length = 0;
  }
  if (!NT_SUCCESS(status) && (c->flags & STRSAFE_ZERO_LENGTH_ON_FAILURE)) dest->Length = 0;
  if (terminate && dest->Length + sizeof(WCHAR) <= d->max_bytes) d->buffer[dest->Length / sizeof(WCHAR)] = 0;
}

static NTSTATUS us_run(struct us_call *c) {
  struct us_dest d;
  if (!input_valid(c, &d)) {
    /* A usable destination still gets the failure flags' treatment. */
    bool flags_known = !(c->flags & ~(DWORD)STRSAFE_UNICODE_STRING_VALID_FLAGS);
    if (flags_known && c->dest != NULL && valid_unicode_string(c->dest, 0) && c->dest->Buffer != NULL)
      finish_flags(c, &(struct us_dest){c->dest->Buffer, 0, 0, c->dest->MaximumLength}, STATUS_INVALID_PARAMETER);
    return STATUS_INVALID_PARAMETER;
  }
  if (c->dest == NULL) return has_input(c) ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
  size_t avail = d.capacity > d.original ? d.capacity - d.original : 0;
  bool overflow = false;
  size_t n = produce(c, &d, avail, &overflow);
  NTSTATUS status = overflow ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
  bool keep_original = overflow && (c->flags & STRSAFE_NO_TRUNCATION);
  c->dest->Length = (USHORT)((d.original + (keep_original ? 0 : n)) * sizeof(WCHAR));
  finish_flags(c, &d, status);
  if (c->remaining != NULL) {
    c->remaining->Buffer = c->dest->Buffer + c->dest->Length / sizeof(WCHAR);
    c->remaining->Length = 0;
    c->remaining->MaximumLength = (USHORT)(c->dest->MaximumLength - c->dest->Length);
  }
  return status;
}

/* ---- copying and concatenating  ---------------------------------------------------------------- */

static NTSTATUS counted(enum sx_operation operation, PUNICODE_STRING dest, PCUNICODE_STRING src, size_t limit,
                        PUNICODE_STRING remaining, DWORD flags) {
  struct us_call c = {operation, dest, src, NULL, limit, NULL, NULL, remaining, flags};
  return us_run(&c);
}

static NTSTATUS terminated(enum sx_operation operation, PUNICODE_STRING dest, PCWSTR src, size_t limit,
                           PUNICODE_STRING remaining, DWORD flags) {
  struct us_call c = {operation, dest, NULL, src, limit, NULL, NULL, remaining, flags};
  return us_run(&c);
}

NTSTATUS NTAPI RtlUnicodeStringCopy(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString) {
  return counted(SX_COPY, DestinationString, SourceString, SX_NO_LIMIT, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCopyEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
    PUNICODE_STRING RemainingString, DWORD dwFlags) {
  return counted(SX_COPY, DestinationString, SourceString, SX_NO_LIMIT, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCopyString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc) {
  return terminated(SX_COPY, DestinationString, pszSrc, SX_NO_LIMIT, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCopyStringEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
    PUNICODE_STRING RemainingString, DWORD dwFlags) {
  return terminated(SX_COPY, DestinationString, pszSrc, SX_NO_LIMIT, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCchCopyN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString, size_t cchToCopy) {
  return counted(SX_COPY, DestinationString, SourceString, cchToCopy, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCbCopyN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString, size_t cbToCopy) {
  return counted(SX_COPY, DestinationString, SourceString, cbToCopy / sizeof(WCHAR), NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCchCopyNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
    size_t cchToCopy, PUNICODE_STRING RemainingString, DWORD dwFlags) {
  return counted(SX_COPY, DestinationString, SourceString, cchToCopy, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCbCopyNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
    size_t cbToCopy, PUNICODE_STRING RemainingString, DWORD dwFlags) {
  return counted(SX_COPY, DestinationString, SourceString, cbToCopy / sizeof(WCHAR), RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCchCopyStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc, size_t cchToCopy) {
  return terminated(SX_COPY, DestinationString, pszSrc, cchToCopy, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCbCopyStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc, size_t cbToCopy) {
  return terminated(SX_COPY, DestinationString, pszSrc, cbToCopy / sizeof(WCHAR), NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCchCopyStringNEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
    size_t cchToCopy, PUNICODE_STRING RemainingString, DWORD dwFlags) {
  return terminated(SX_COPY, DestinationString, pszSrc, cchToCopy, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCbCopyStringNEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
    size_t cbToCopy, PUNICODE_STRING RemainingString, DWORD dwFlags) {
  return terminated(SX_COPY, DestinationString, pszSrc, cbToCopy / sizeof(WCHAR), RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCat(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString) {
  return counted(SX_CAT, DestinationString, SourceString, SX_NO_LIMIT, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCatEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
    PUNICODE_STRING RemainingString, DWORD dwFlags) {
  return counted(SX_CAT, DestinationString, SourceString, SX_NO_LIMIT, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCatString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc) {
  return terminated(SX_CAT, DestinationString, pszSrc, SX_NO_LIMIT, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCatStringEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
    PUNICODE_STRING RemainingString, DWORD dwFlags) {
  return terminated(SX_CAT, DestinationString, pszSrc, SX_NO_LIMIT, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCchCatN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString, size_t cchToAppend) {
  return counted(SX_CAT, DestinationString, SourceString, cchToAppend, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCbCatN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString, size_t cbToAppend) {
  return counted(SX_CAT, DestinationString, SourceString, cbToAppend / sizeof(WCHAR), NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCchCatNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
    size_t cchToAppend, PUNICODE_STRING RemainingString, DWORD dwFlags) {
  return counted(SX_CAT, DestinationString, SourceString, cchToAppend, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCbCatNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
    size_t cbToAppend, PUNICODE_STRING RemainingString, DWORD dwFlags) {
  return counted(SX_CAT, DestinationString, SourceString, cbToAppend / sizeof(WCHAR), RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCchCatStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc, size_t cchToAppend) {
  return terminated(SX_CAT, DestinationString, pszSrc, cchToAppend, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCbCatStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc, size_t cbToAppend) {
  return terminated(SX_CAT, DestinationString, pszSrc, cbToAppend / sizeof(WCHAR), NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCchCatStringNEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
    size_t cchToAppend, PUNICODE_STRING RemainingString, DWORD dwFlags) {
  return terminated(SX_CAT, DestinationString, pszSrc, cchToAppend, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCbCatStringNEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
    size_t cbToAppend, PUNICODE_STRING RemainingString, DWORD dwFlags) {
  return terminated(SX_CAT, DestinationString, pszSrc, cbToAppend / sizeof(WCHAR), RemainingString, dwFlags);
}

/* ---- formatting  ------------------------------------------------------------------------------- */

static NTSTATUS print(PUNICODE_STRING dest, PUNICODE_STRING remaining, DWORD flags, PCWSTR format, va_list *args) {
  struct us_call c = {SX_PRINTF, dest, NULL, NULL, SX_NO_LIMIT, format, args, remaining, flags};
  return us_run(&c);
}

NTSTATUS __cdecl RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  NTSTATUS status = print(DestinationString, NULL, 0, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS __cdecl RtlUnicodeStringPrintfEx(PUNICODE_STRING DestinationString, PUNICODE_STRING RemainingString,
                                          DWORD dwFlags, NTSTRSAFE_PCWSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  NTSTATUS status = print(DestinationString, RemainingString, dwFlags, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS NTAPI RtlUnicodeStringVPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat,
                                       va_list argList) {
  va_list args;
  va_copy(args, argList);
  NTSTATUS status = print(DestinationString, NULL, 0, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS NTAPI RtlUnicodeStringVPrintfEx(PUNICODE_STRING DestinationString, PUNICODE_STRING RemainingString,
                                         DWORD dwFlags, NTSTRSAFE_PCWSTR pszFormat, va_list argList) {
  va_list args;
  va_copy(args, argList);
  NTSTATUS status = print(DestinationString, RemainingString, dwFlags, pszFormat, &args);
  va_end(args);
  return status;
}

/* ---- UNICODE_STRING into a terminated buffer  -------------------------------------------------- */

/* An invalid SourceString fails like a NULL source: the destination gets ""
 * and the failure flags. */
static NTSTATUS copy_unicode_string(void *dest, size_t size, bool bytes, PCUNICODE_STRING src, void *end,
                                    size_t *remaining, DWORD flags) {
  struct sx_call call = {SX_COPY, sizeof(WCHAR), dest, size, size * sizeof(WCHAR), NULL, 0, NULL, NULL, flags, end,
                         bytes ? NULL : remaining};
  if (src != NULL && valid_unicode_string(src, 0)) {
    call.src = src->Buffer != NULL ? src->Buffer : empty_text;
    call.limit = src->Length / sizeof(WCHAR);
  } else if (src != NULL) {
    call.flags &= ~(DWORD)STRSAFE_IGNORE_NULLS;
  }
  return bytes ? sx_run_bytes(&call, size, remaining) : sx_run(&call);
}

NTSTATUS NTAPI RtlStringCchCopyUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cchDest, PCUNICODE_STRING SourceString) {
  return copy_unicode_string(pszDest, cchDest, false, SourceString, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCbCopyUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cbDest, PCUNICODE_STRING SourceString) {
  return copy_unicode_string(pszDest, cbDest, true, SourceString, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCchCopyUnicodeStringEx(NTSTRSAFE_PWSTR pszDest, size_t cchDest, PCUNICODE_STRING SourceString,
                                               NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags) {
  return copy_unicode_string(pszDest, cchDest, false, SourceString, ppszDestEnd, pcchRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCbCopyUnicodeStringEx(NTSTRSAFE_PWSTR pszDest, size_t cbDest, PCUNICODE_STRING SourceString,
                                              NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags) {
  return copy_unicode_string(pszDest, cbDest, true, SourceString, ppszDestEnd, pcbRemaining, dwFlags);
}
