/*
 * casemap.h - case mapping of 16-bit characters and of ANSI bytes.
 *
 * Simple (one-to-one) Unicode case mapping of the Basic Multilingual Plane,
 * without the four mappings that cross between ASCII and non-ASCII; the
 * choice is explained in docs/fidelity.md, "Run-time library". Surrogates are unchanged.
 */
#ifndef WMISIM_RTL_CASEMAP_H
#define WMISIM_RTL_CASEMAP_H

#include <ntdef.h>

WCHAR casemap_upcase(WCHAR c);
WCHAR casemap_downcase(WCHAR c);

/* Upper case of an ANSI (Windows-1252) byte: through Unicode and back, so
 * 0xE0 'à' becomes 0xC0 'À' and 0xFF 'ÿ' becomes 0x9F 'Ÿ'. */
unsigned char casemap_ansi_upcase(unsigned char c);

#endif /* WMISIM_RTL_CASEMAP_H */
