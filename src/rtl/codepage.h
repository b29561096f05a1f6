/*
 * codepage.h - the "ANSI" code page of the simulated machine.
 *
 * wmisim's system ANSI code page is Windows-1252, the code page of a
 * US-English Windows installation (docs/fidelity.md, "Run-time library"). Conversion is
 * per 16-bit unit, as the kernel's single-byte tables do: a character with
 * no byte becomes '?' (the code page's default character), and each half
 * of a surrogate pair becomes its own '?'.
 */
#ifndef WMISIM_RTL_CODEPAGE_H
#define WMISIM_RTL_CODEPAGE_H

#include <ntdef.h>

#include <stdbool.h>
#include <stddef.h>

#define CODEPAGE_DEFAULT_CHAR '?'

/* The Unicode character of an ANSI byte. */
WCHAR codepage_ansi_to_unicode(unsigned char byte);

/* The ANSI byte of a character; false (and *byte untouched) if the code
 * page has none. */
bool codepage_ansi_from_unicode(WCHAR c, unsigned char *byte);

/* As codepage_ansi_from_unicode, with the default character for a
 * character that has no byte. */
unsigned char codepage_ansi_byte(WCHAR c);

#endif /* WMISIM_RTL_CODEPAGE_H */
