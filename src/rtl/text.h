/*
 * text.h - UTF-16 and UTF-8 helpers for the library's own use.
 *
 * WCHAR is 16 bits everywhere; the C library's wide-character functions
 * are never used because their wchar_t is 32 bits on Linux.
 */
#ifndef WMISIM_RTL_TEXT_H
#define WMISIM_RTL_TEXT_H

#include <ntdef.h>

#include <stdbool.h>
#include <stddef.h>

/* Length in WCHARs of a terminated UTF-16 string. */
size_t text_wlen(const WCHAR *s);

/* Converts UTF-8 to UTF-16. Writes at most `capacity` WCHARs plus no
 * terminator; returns the number of WCHARs the whole string needs.
 * Invalid sequences become U+FFFD. */
size_t text_utf8_to_utf16(const char *in, size_t in_length, WCHAR *out, size_t capacity);

/* Converts UTF-16 (`length` WCHARs) to UTF-8, always terminated if
 * capacity > 0; returns the bytes the whole string needs (no terminator).
 * Unpaired surrogates become U+FFFD. */
size_t text_utf16_to_utf8(const WCHAR *in, size_t length, char *out, size_t capacity);

/* Allocates (malloc) a terminated UTF-16 copy of a UTF-8 string; NULL on
 * allocation failure. *length receives the WCHAR count if not NULL. */
WCHAR *text_utf16_dup(const char *utf8, size_t *length);

/* Allocates (malloc) a terminated UTF-8 copy of `length` WCHARs. */
char *text_utf8_dup(const WCHAR *in, size_t length);

/* Decodes the UTF-8 sequence at `s` (available >= 1 bytes): returns the
 * bytes it takes and stores its code point. An invalid, overlong,
 * surrogate or cut sequence gives U+FFFD and *valid false. */
size_t text_utf8_decode(const char *s, size_t available, unsigned *code, bool *valid);

/* Decodes the UTF-16 character at in[0] (available >= 1 units): returns the
 * units it takes (2 for a surrogate pair) and stores its code point; an
 * unpaired surrogate gives U+FFFD and *valid false. */
size_t text_utf16_decode(const WCHAR *in, size_t available, unsigned *code, bool *valid);

/* Encodes a code point (not a surrogate, <= U+10FFFF) as UTF-16; returns
 * the units (1 or 2). */
size_t text_utf16_encode(unsigned code, WCHAR units[2]);

/* Encodes a code point (not a surrogate, <= U+10FFFF) as UTF-8; returns its
 * length (1-4). */
size_t text_utf8_encode(unsigned code, char bytes[4]);

/* ASCII-only case folding, as Windows compares device and GUID names. */
WCHAR text_upcase(WCHAR c);
bool text_wequal(const WCHAR *a, size_t a_length, const WCHAR *b, size_t b_length, bool case_insensitive);

#endif /* WMISIM_RTL_TEXT_H */
