/*
 * strsafe_char.c - the public RtlStringCch* and RtlStringCb* routines of
 * ntstrsafe.h, each a thin call of the engine in strsafe_core.c.
 *
 * A and W differ only in the character width; Cb routines give sizes in
 * bytes; N routines limit the source; Ex routines add flags and report the
 * end of the result and the room left.
 */
#include "rtl/strsafe_core.h"

#include <stdarg.h>

static NTSTATUS cch(enum sx_operation operation, unsigned width, void *dest, size_t cch, const void *src,
                    size_t limit, void *end, size_t *remaining, DWORD flags) {
  struct sx_call call = {operation, width, dest, cch, cch * width, src, limit, NULL, NULL, flags, end, remaining};
  return sx_run(&call);
}

/* `limit` is in characters: the N routines divide their byte count. */
static NTSTATUS cb(enum sx_operation operation, unsigned width, void *dest, size_t cb, const void *src,
                   size_t limit, void *end, size_t *remaining, DWORD flags) {
  struct sx_call call = {operation, width, dest, 0, 0, src, limit, NULL, NULL, flags, end, NULL};
  return sx_run_bytes(&call, cb, remaining);
}

static NTSTATUS print_cch(unsigned width, void *dest, size_t cch, void *end, size_t *remaining, DWORD flags,
                          const void *format, va_list *args) {
  struct sx_call call = {SX_PRINTF, width, dest, cch, cch * width, NULL, SX_NO_LIMIT, format, args, flags, end,
                         remaining};
  return sx_run(&call);
}

static NTSTATUS print_cb(unsigned width, void *dest, size_t cb, void *end, size_t *remaining, DWORD flags,
                         const void *format, va_list *args) {
  struct sx_call call = {SX_PRINTF, width, dest, 0, 0, NULL, SX_NO_LIMIT, format, args, flags, end, NULL};
  return sx_run_bytes(&call, cb, remaining);
}

/* ---- copy  ------------------------------------------------------------------------------------- */

NTSTATUS NTAPI RtlStringCchCopyA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc) {
  return cch(SX_COPY, 1, pszDest, cchDest, pszSrc, SX_NO_LIMIT, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc) {
  return cch(SX_COPY, 2, pszDest, cchDest, pszSrc, SX_NO_LIMIT, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCbCopyA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc) {
  return cb(SX_COPY, 1, pszDest, cbDest, pszSrc, SX_NO_LIMIT, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc) {
  return cb(SX_COPY, 2, pszDest, cbDest, pszSrc, SX_NO_LIMIT, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCchCopyExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
    NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags) {
  return cch(SX_COPY, 1, pszDest, cchDest, pszSrc, SX_NO_LIMIT, ppszDestEnd, pcchRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCchCopyExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc,
    NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags) {
  return cch(SX_COPY, 2, pszDest, cchDest, pszSrc, SX_NO_LIMIT, ppszDestEnd, pcchRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCbCopyExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
    NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags) {
  return cb(SX_COPY, 1, pszDest, cbDest, pszSrc, SX_NO_LIMIT, ppszDestEnd, pcbRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCbCopyExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
    NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags) {
  return cb(SX_COPY, 2, pszDest, cbDest, pszSrc, SX_NO_LIMIT, ppszDestEnd, pcbRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCchCopyNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, STRSAFE_PCNZCH pszSrc, size_t cchToCopy) {
  return cch(SX_COPY, 1, pszDest, cchDest, pszSrc, cchToCopy, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCchCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, STRSAFE_PCNZWCH pszSrc, size_t cchToCopy) {
  return cch(SX_COPY, 2, pszDest, cchDest, pszSrc, cchToCopy, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCbCopyNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, STRSAFE_PCNZCH pszSrc, size_t cbToCopy) {
  return cb(SX_COPY, 1, pszDest, cbDest, pszSrc, cbToCopy, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCbCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, STRSAFE_PCNZWCH pszSrc, size_t cbToCopy) {
  return cb(SX_COPY, 2, pszDest, cbDest, pszSrc, cbToCopy / sizeof(WCHAR), NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCchCopyNExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, STRSAFE_PCNZCH pszSrc, size_t cchToCopy,
    NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags) {
  return cch(SX_COPY, 1, pszDest, cchDest, pszSrc, cchToCopy, ppszDestEnd, pcchRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCchCopyNExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, STRSAFE_PCNZWCH pszSrc, size_t cchToCopy,
    NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags) {
  return cch(SX_COPY, 2, pszDest, cchDest, pszSrc, cchToCopy, ppszDestEnd, pcchRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCbCopyNExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, STRSAFE_PCNZCH pszSrc, size_t cbToCopy,
    NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags) {
  return cb(SX_COPY, 1, pszDest, cbDest, pszSrc, cbToCopy, ppszDestEnd, pcbRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCbCopyNExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, STRSAFE_PCNZWCH pszSrc, size_t cbToCopy,
    NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags) {
  return cb(SX_COPY, 2, pszDest, cbDest, pszSrc, cbToCopy / sizeof(WCHAR), ppszDestEnd, pcbRemaining, dwFlags);
}

/* ---- cat  -------------------------------------------------------------------------------------- */

NTSTATUS NTAPI RtlStringCchCatA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc) {
  return cch(SX_CAT, 1, pszDest, cchDest, pszSrc, SX_NO_LIMIT, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc) {
  return cch(SX_CAT, 2, pszDest, cchDest, pszSrc, SX_NO_LIMIT, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCbCatA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc) {
  return cb(SX_CAT, 1, pszDest, cbDest, pszSrc, SX_NO_LIMIT, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc) {
  return cb(SX_CAT, 2, pszDest, cbDest, pszSrc, SX_NO_LIMIT, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCchCatExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
    NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags) {
  return cch(SX_CAT, 1, pszDest, cchDest, pszSrc, SX_NO_LIMIT, ppszDestEnd, pcchRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCchCatExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc,
    NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags) {
  return cch(SX_CAT, 2, pszDest, cchDest, pszSrc, SX_NO_LIMIT, ppszDestEnd, pcchRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCbCatExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
    NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags) {
  return cb(SX_CAT, 1, pszDest, cbDest, pszSrc, SX_NO_LIMIT, ppszDestEnd, pcbRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCbCatExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
    NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags) {
  return cb(SX_CAT, 2, pszDest, cbDest, pszSrc, SX_NO_LIMIT, ppszDestEnd, pcbRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCchCatNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, STRSAFE_PCNZCH pszSrc, size_t cchToAppend) {
  return cch(SX_CAT, 1, pszDest, cchDest, pszSrc, cchToAppend, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCchCatNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, STRSAFE_PCNZWCH pszSrc, size_t cchToAppend) {
  return cch(SX_CAT, 2, pszDest, cchDest, pszSrc, cchToAppend, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCbCatNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, STRSAFE_PCNZCH pszSrc, size_t cbToAppend) {
  return cb(SX_CAT, 1, pszDest, cbDest, pszSrc, cbToAppend, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCbCatNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, STRSAFE_PCNZWCH pszSrc, size_t cbToAppend) {
  return cb(SX_CAT, 2, pszDest, cbDest, pszSrc, cbToAppend / sizeof(WCHAR), NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCchCatNExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, STRSAFE_PCNZCH pszSrc, size_t cchToAppend,
    NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags) {
  return cch(SX_CAT, 1, pszDest, cchDest, pszSrc, cchToAppend, ppszDestEnd, pcchRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCchCatNExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, STRSAFE_PCNZWCH pszSrc, size_t cchToAppend,
    NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags) {
  return cch(SX_CAT, 2, pszDest, cchDest, pszSrc, cchToAppend, ppszDestEnd, pcchRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCbCatNExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, STRSAFE_PCNZCH pszSrc, size_t cbToAppend,
    NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags) {
  return cb(SX_CAT, 1, pszDest, cbDest, pszSrc, cbToAppend, ppszDestEnd, pcbRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCbCatNExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, STRSAFE_PCNZWCH pszSrc, size_t cbToAppend,
    NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags) {
  return cb(SX_CAT, 2, pszDest, cbDest, pszSrc, cbToAppend / sizeof(WCHAR), ppszDestEnd, pcbRemaining, dwFlags);
}

/* ---- formatting  ------------------------------------------------------------------------------- */

NTSTATUS __cdecl RtlStringCchPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  NTSTATUS status = print_cch(1, pszDest, cchDest, NULL, NULL, 0, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS __cdecl RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  NTSTATUS status = print_cch(2, pszDest, cchDest, NULL, NULL, 0, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS __cdecl RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  NTSTATUS status = print_cb(1, pszDest, cbDest, NULL, NULL, 0, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS __cdecl RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  NTSTATUS status = print_cb(2, pszDest, cbDest, NULL, NULL, 0, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS __cdecl RtlStringCchPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PSTR *ppszDestEnd,
    size_t *pcchRemaining, DWORD dwFlags, NTSTRSAFE_PCSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  NTSTATUS status = print_cch(1, pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS __cdecl RtlStringCchPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PWSTR *ppszDestEnd,
    size_t *pcchRemaining, DWORD dwFlags, NTSTRSAFE_PCWSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  NTSTATUS status = print_cch(2, pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS __cdecl RtlStringCbPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PSTR *ppszDestEnd,
    size_t *pcbRemaining, DWORD dwFlags, NTSTRSAFE_PCSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  NTSTATUS status = print_cb(1, pszDest, cbDest, ppszDestEnd, pcbRemaining, dwFlags, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS __cdecl RtlStringCbPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PWSTR *ppszDestEnd,
    size_t *pcbRemaining, DWORD dwFlags, NTSTRSAFE_PCWSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  NTSTATUS status = print_cb(2, pszDest, cbDest, ppszDestEnd, pcbRemaining, dwFlags, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS NTAPI RtlStringCchVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat, va_list argList) {
  va_list args;
  va_copy(args, argList);
  NTSTATUS status = print_cch(1, pszDest, cchDest, NULL, NULL, 0, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS NTAPI RtlStringCchVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat, va_list argList) {
  va_list args;
  va_copy(args, argList);
  NTSTATUS status = print_cch(2, pszDest, cchDest, NULL, NULL, 0, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS NTAPI RtlStringCbVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, va_list argList) {
  va_list args;
  va_copy(args, argList);
  NTSTATUS status = print_cb(1, pszDest, cbDest, NULL, NULL, 0, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS NTAPI RtlStringCbVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, va_list argList) {
  va_list args;
  va_copy(args, argList);
  NTSTATUS status = print_cb(2, pszDest, cbDest, NULL, NULL, 0, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS NTAPI RtlStringCchVPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PSTR *ppszDestEnd,
    size_t *pcchRemaining, DWORD dwFlags, NTSTRSAFE_PCSTR pszFormat, va_list argList) {
  va_list args;
  va_copy(args, argList);
  NTSTATUS status = print_cch(1, pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS NTAPI RtlStringCchVPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PWSTR *ppszDestEnd,
    size_t *pcchRemaining, DWORD dwFlags, NTSTRSAFE_PCWSTR pszFormat, va_list argList) {
  va_list args;
  va_copy(args, argList);
  NTSTATUS status = print_cch(2, pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS NTAPI RtlStringCbVPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PSTR *ppszDestEnd,
    size_t *pcbRemaining, DWORD dwFlags, NTSTRSAFE_PCSTR pszFormat, va_list argList) {
  va_list args;
  va_copy(args, argList);
  NTSTATUS status = print_cb(1, pszDest, cbDest, ppszDestEnd, pcbRemaining, dwFlags, pszFormat, &args);
  va_end(args);
  return status;
}

NTSTATUS NTAPI RtlStringCbVPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PWSTR *ppszDestEnd,
    size_t *pcbRemaining, DWORD dwFlags, NTSTRSAFE_PCWSTR pszFormat, va_list argList) {
  va_list args;
  va_copy(args, argList);
  NTSTATUS status = print_cb(2, pszDest, cbDest, ppszDestEnd, pcbRemaining, dwFlags, pszFormat, &args);
  va_end(args);
  return status;
}

/* ---- lengths  ---------------------------------------------------------------------------------- */

NTSTATUS NTAPI RtlStringCchLengthA(STRSAFE_PCNZCH psz, size_t cchMax, size_t *pcchLength) {
  return sx_length(psz, cchMax, 1, pcchLength);
}

NTSTATUS NTAPI RtlStringCchLengthW(STRSAFE_PCNZWCH psz, size_t cchMax, size_t *pcchLength) {
  return sx_length(psz, cchMax, 2, pcchLength);
}

NTSTATUS NTAPI RtlStringCbLengthA(STRSAFE_PCNZCH psz, size_t cbMax, size_t *pcbLength) {
  return sx_length(psz, cbMax, 1, pcbLength);
}

NTSTATUS NTAPI RtlStringCbLengthW(STRSAFE_PCNZWCH psz, size_t cbMax, size_t *pcbLength) {
  size_t cch = 0;
  NTSTATUS status = sx_length(psz, cbMax / sizeof(WCHAR), 2, &cch);
  if (pcbLength != NULL) *pcbLength = cch * sizeof(WCHAR);
  return status;
}

/* wmisim reads WCHARs at any alignment, so the unaligned forms are the same. */
NTSTATUS NTAPI RtlUnalignedStringCchLengthW(STRSAFE_PCUNZWCH psz, size_t cchMax, size_t *pcchLength) {
  return RtlStringCchLengthW(psz, cchMax, pcchLength);
}

NTSTATUS NTAPI RtlUnalignedStringCbLengthW(STRSAFE_PCUNZWCH psz, size_t cbMax, size_t *pcbLength) {
  return RtlStringCbLengthW(psz, cbMax, pcbLength);
}
