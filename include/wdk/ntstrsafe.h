/*
 * ntstrsafe.h - the kernel's safe string functions: RtlStringCch* and
 * RtlStringCb* for char and WCHAR buffers, RtlUnicodeString* for counted
 * strings.
 *
 * Part of wmisim's WDK-compatible headers: names, flags and values are
 * Microsoft's. Microsoft's header implements these as inline functions;
 * wmisim exports them from libwmisim (NTSTRSAFEDDI is WMISIM_API). The
 * Printf routines follow Windows' format rules (docs/rtl.md): %ld is
 * 32-bit, %I64d 64-bit, %ws and %wZ take WCHAR strings.
 *
 * Every routine returns STATUS_SUCCESS; STATUS_BUFFER_OVERFLOW when the
 * result did not fit (the destination holds the cut, terminated result,
 * unless a flag says otherwise); or STATUS_INVALID_PARAMETER (a NULL
 * pointer without STRSAFE_IGNORE_NULLS, a size of 0 or above the maximum,
 * an unknown flag, a destination for Cat that holds no terminated string,
 * an invalid UNICODE_STRING). The caller owns every buffer; nothing here
 * allocates. UNICODE_STRING results are not terminated unless a flag
 * (STRSAFE_FILL_BEHIND with fill byte 0,
 * STRSAFE_UNICODE_STRING_DEST_NULL_TERMINATED) asks for it.
 */
#ifndef _NTSTRSAFE_H_INCLUDED_
#define _NTSTRSAFE_H_INCLUDED_

#include <ntdef.h>
#include <ntstatus.h>
#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef char *NTSTRSAFE_PSTR;
typedef const char *NTSTRSAFE_PCSTR;
typedef WCHAR *NTSTRSAFE_PWSTR;
typedef const WCHAR *NTSTRSAFE_PCWSTR;
typedef const WCHAR *NTSTRSAFE_PCUWSTR;
typedef const char *STRSAFE_PCNZCH;
typedef const WCHAR *STRSAFE_PCNZWCH;
typedef const WCHAR *STRSAFE_PCUNZWCH;

/* Largest buffer, in characters, of the Cch/Cb routines (INT_MAX). */
#define NTSTRSAFE_MAX_CCH 2147483647
#define NTSTRSAFE_MAX_LENGTH (NTSTRSAFE_MAX_CCH - 1)
/* Largest buffer, in characters, of a UNICODE_STRING (32767). */
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH (0xffff / sizeof(WCHAR))

/* dwFlags of the Ex routines; the low byte is the fill byte. */
#define STRSAFE_IGNORE_NULLS 0x00000100        /* NULL strings act as "", a NULL destination takes nothing */
#define STRSAFE_FILL_BEHIND_NULL 0x00000200    /* success: fill the rest of the buffer with the fill byte */
#define STRSAFE_FILL_ON_FAILURE 0x00000400     /* failure: fill the whole buffer with the fill byte, terminated */
#define STRSAFE_NULL_ON_FAILURE 0x00000800     /* failure: leave an empty string */
#define STRSAFE_NO_TRUNCATION 0x00001000       /* overflow: keep no cut result (Copy: "", Cat: the original) */
#define STRSAFE_IGNORE_NULL_UNICODE_STRINGS 0x00010000 /* NULL PUNICODE_STRINGs act as empty ones */
#define STRSAFE_UNICODE_STRING_DEST_NULL_TERMINATED 0x00020000 /* keep room for, and write, a terminator */

#define STRSAFE_VALID_FLAGS \
  (0x000000FF | STRSAFE_IGNORE_NULLS | STRSAFE_FILL_BEHIND_NULL | STRSAFE_FILL_ON_FAILURE | \
   STRSAFE_NULL_ON_FAILURE | STRSAFE_NO_TRUNCATION)
#define STRSAFE_UNICODE_STRING_VALID_FLAGS \
  (STRSAFE_VALID_FLAGS | STRSAFE_IGNORE_NULL_UNICODE_STRINGS | STRSAFE_UNICODE_STRING_DEST_NULL_TERMINATED)

/* The names the UNICODE_STRING routines document for the same bits. */
#define STRSAFE_FILL_BEHIND 0x00000200            /* = STRSAFE_FILL_BEHIND_NULL */
#define STRSAFE_ZERO_LENGTH_ON_FAILURE 0x00000800 /* = STRSAFE_NULL_ON_FAILURE: Length 0 on failure */

#define STRSAFE_FILL_BYTE(x) ((DWORD)(((x) & 0x000000FF) | STRSAFE_FILL_BEHIND_NULL))
#define STRSAFE_FAILURE_BYTE(x) ((DWORD)(((x) & 0x000000FF) | STRSAFE_FILL_ON_FAILURE))
#define STRSAFE_GET_FILL_PATTERN(dwFlags) ((int)((dwFlags) & 0x000000FF))

/* ---- copying ----------------------------------------------------------------------------------- */

NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCopyA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCopyA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc);
/* ppszDestEnd receives the address of the terminator, pcchRemaining the
 * unused characters including it; both are set on success and on
 * STATUS_BUFFER_OVERFLOW only. */
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCopyExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
                                                NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCopyExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc,
                                                NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCopyExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
                                               NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCopyExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
                                               NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags);
/* The N forms copy at most cchToCopy (cbToCopy) of the source. */
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCopyNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, STRSAFE_PCNZCH pszSrc,
                                               size_t cchToCopy);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, STRSAFE_PCNZWCH pszSrc,
                                               size_t cchToCopy);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCopyNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, STRSAFE_PCNZCH pszSrc,
                                              size_t cbToCopy);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, STRSAFE_PCNZWCH pszSrc,
                                              size_t cbToCopy);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCopyNExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, STRSAFE_PCNZCH pszSrc,
                                                 size_t cchToCopy, NTSTRSAFE_PSTR *ppszDestEnd,
                                                 size_t *pcchRemaining, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCopyNExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, STRSAFE_PCNZWCH pszSrc,
                                                 size_t cchToCopy, NTSTRSAFE_PWSTR *ppszDestEnd,
                                                 size_t *pcchRemaining, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCopyNExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, STRSAFE_PCNZCH pszSrc,
                                                size_t cbToCopy, NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcbRemaining,
                                                DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCopyNExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, STRSAFE_PCNZWCH pszSrc,
                                                size_t cbToCopy, NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining,
                                                DWORD dwFlags);
/* Copies a UNICODE_STRING's characters into a terminated buffer. */
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCopyUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                                          PCUNICODE_STRING SourceString);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCopyUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                                         PCUNICODE_STRING SourceString);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCopyUnicodeStringEx(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                                            PCUNICODE_STRING SourceString, NTSTRSAFE_PWSTR *ppszDestEnd,
                                                            size_t *pcchRemaining, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCopyUnicodeStringEx(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                                           PCUNICODE_STRING SourceString, NTSTRSAFE_PWSTR *ppszDestEnd,
                                                           size_t *pcbRemaining, DWORD dwFlags);

/* ---- concatenating ---------------------------------------------------------------------------------- */

NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCatA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCatA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCatExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
                                               NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCatExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc,
                                               NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCatExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
                                              NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCatExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
                                              NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCatNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, STRSAFE_PCNZCH pszSrc,
                                              size_t cchToAppend);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCatNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, STRSAFE_PCNZWCH pszSrc,
                                              size_t cchToAppend);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCatNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, STRSAFE_PCNZCH pszSrc,
                                             size_t cbToAppend);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCatNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, STRSAFE_PCNZWCH pszSrc,
                                             size_t cbToAppend);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCatNExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, STRSAFE_PCNZCH pszSrc,
                                                size_t cchToAppend, NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining,
                                                DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchCatNExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, STRSAFE_PCNZWCH pszSrc,
                                                size_t cchToAppend, NTSTRSAFE_PWSTR *ppszDestEnd,
                                                size_t *pcchRemaining, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCatNExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, STRSAFE_PCNZCH pszSrc,
                                               size_t cbToAppend, NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcbRemaining,
                                               DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbCatNExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, STRSAFE_PCNZWCH pszSrc,
                                               size_t cbToAppend, NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining,
                                               DWORD dwFlags);

/* ---- formatting ------------------------------------------------------------------------------------- */

NTSTRSAFEDDI NTSTATUS __cdecl RtlStringCchPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat,
                                                  ...);
NTSTRSAFEDDI NTSTATUS __cdecl RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                                  NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEDDI NTSTATUS __cdecl RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat,
                                                 ...);
NTSTRSAFEDDI NTSTATUS __cdecl RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat,
                                                 ...);
NTSTRSAFEDDI NTSTATUS __cdecl RtlStringCchPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                                    NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining,
                                                    DWORD dwFlags, NTSTRSAFE_PCSTR pszFormat, ...);
NTSTRSAFEDDI NTSTATUS __cdecl RtlStringCchPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                                    NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining,
                                                    DWORD dwFlags, NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEDDI NTSTATUS __cdecl RtlStringCbPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PSTR *ppszDestEnd,
                                                   size_t *pcbRemaining, DWORD dwFlags, NTSTRSAFE_PCSTR pszFormat,
                                                   ...);
NTSTRSAFEDDI NTSTATUS __cdecl RtlStringCbPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                                   NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags,
                                                   NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat,
                                                 va_list argList);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat,
                                                 va_list argList);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat,
                                                va_list argList);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat,
                                                va_list argList);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchVPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                                   NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags,
                                                   NTSTRSAFE_PCSTR pszFormat, va_list argList);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchVPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                                   NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags,
                                                   NTSTRSAFE_PCWSTR pszFormat, va_list argList);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbVPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PSTR *ppszDestEnd,
                                                  size_t *pcbRemaining, DWORD dwFlags, NTSTRSAFE_PCSTR pszFormat,
                                                  va_list argList);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbVPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PWSTR *ppszDestEnd,
                                                  size_t *pcbRemaining, DWORD dwFlags, NTSTRSAFE_PCWSTR pszFormat,
                                                  va_list argList);

/* ---- lengths ---------------------------------------------------------------------------------------- */

/* STATUS_INVALID_PARAMETER (and *pcchLength 0) when psz is NULL, cchMax
 * exceeds NTSTRSAFE_MAX_CCH, or no terminator is within cchMax characters. */
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchLengthA(STRSAFE_PCNZCH psz, size_t cchMax, size_t *pcchLength);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCchLengthW(STRSAFE_PCNZWCH psz, size_t cchMax, size_t *pcchLength);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbLengthA(STRSAFE_PCNZCH psz, size_t cbMax, size_t *pcbLength);
NTSTRSAFEDDI NTSTATUS NTAPI RtlStringCbLengthW(STRSAFE_PCNZWCH psz, size_t cbMax, size_t *pcbLength);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnalignedStringCchLengthW(STRSAFE_PCUNZWCH psz, size_t cchMax, size_t *pcchLength);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnalignedStringCbLengthW(STRSAFE_PCUNZWCH psz, size_t cbMax, size_t *pcbLength);

/* ---- UNICODE_STRING --------------------------------------------------------------------------------- */

/* Points DestinationString at pszSrc: Length its bytes, MaximumLength two
 * more. A NULL pszSrc gives an empty string; one of 32767 or more
 * characters STATUS_INVALID_PARAMETER. */
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringInitEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
                                                   DWORD dwFlags);
/* STATUS_INVALID_PARAMETER for an odd Length or MaximumLength, Length >
 * MaximumLength, MaximumLength above NTSTRSAFE_UNICODE_STRING_MAX_CCH
 * characters, or a NULL Buffer with a nonzero length. */
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringValidate(PCUNICODE_STRING SourceString);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringValidateEx(PCUNICODE_STRING SourceString, DWORD dwFlags);

/* RemainingString receives the unused tail of the destination buffer
 * (Buffer after the result, Length 0, MaximumLength the bytes left). */
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCopy(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCopyEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                   PUNICODE_STRING RemainingString, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCopyString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCopyStringEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
                                                         PUNICODE_STRING RemainingString, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCchCopyN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                     size_t cchToCopy);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCbCopyN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                    size_t cbToCopy);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCchCopyNEx(PUNICODE_STRING DestinationString,
                                                       PCUNICODE_STRING SourceString, size_t cchToCopy,
                                                       PUNICODE_STRING RemainingString, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCbCopyNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                      size_t cbToCopy, PUNICODE_STRING RemainingString, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCchCopyStringN(PUNICODE_STRING DestinationString,
                                                           NTSTRSAFE_PCWSTR pszSrc, size_t cchToCopy);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCbCopyStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
                                                          size_t cbToCopy);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCchCopyStringNEx(PUNICODE_STRING DestinationString,
                                                             NTSTRSAFE_PCWSTR pszSrc, size_t cchToCopy,
                                                             PUNICODE_STRING RemainingString, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCbCopyStringNEx(PUNICODE_STRING DestinationString,
                                                            NTSTRSAFE_PCWSTR pszSrc, size_t cbToCopy,
                                                            PUNICODE_STRING RemainingString, DWORD dwFlags);

NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCat(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCatEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                  PUNICODE_STRING RemainingString, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCatString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCatStringEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
                                                        PUNICODE_STRING RemainingString, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCchCatN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                    size_t cchToAppend);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCbCatN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                   size_t cbToAppend);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCchCatNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                      size_t cchToAppend, PUNICODE_STRING RemainingString,
                                                      DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCbCatNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                     size_t cbToAppend, PUNICODE_STRING RemainingString, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCchCatStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
                                                          size_t cchToAppend);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCbCatStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
                                                         size_t cbToAppend);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCchCatStringNEx(PUNICODE_STRING DestinationString,
                                                            NTSTRSAFE_PCWSTR pszSrc, size_t cchToAppend,
                                                            PUNICODE_STRING RemainingString, DWORD dwFlags);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringCbCatStringNEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
                                                           size_t cbToAppend, PUNICODE_STRING RemainingString,
                                                           DWORD dwFlags);

/* Formats into the destination's buffer; Length is the characters written.
 * A terminator follows when the buffer has room for one. */
NTSTRSAFEDDI NTSTATUS __cdecl RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat,
                                                     ...);
NTSTRSAFEDDI NTSTATUS __cdecl RtlUnicodeStringPrintfEx(PUNICODE_STRING DestinationString,
                                                       PUNICODE_STRING RemainingString, DWORD dwFlags,
                                                       NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringVPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat,
                                                    va_list argList);
NTSTRSAFEDDI NTSTATUS NTAPI RtlUnicodeStringVPrintfEx(PUNICODE_STRING DestinationString,
                                                      PUNICODE_STRING RemainingString, DWORD dwFlags,
                                                      NTSTRSAFE_PCWSTR pszFormat, va_list argList);

#ifdef __cplusplus
}
#endif

#endif /* _NTSTRSAFE_H_INCLUDED_ */
