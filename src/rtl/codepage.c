/*
 * codepage.c - Windows-1252, the simulated system ANSI code page.
 */
#include "rtl/codepage.h"

/* Bytes 0x80-0x9F; the five bytes 1252 leaves undefined (0x81, 0x8D, 0x8F,
 * 0x90, 0x9D) map to the C1 control of the same value, as Windows'
 * MultiByteToWideChar does. 0xA0-0xFF are U+00A0-U+00FF. */
static const WCHAR high_block[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

WCHAR codepage_ansi_to_unicode(unsigned char byte) {
  if (byte >= 0x80 && byte <= 0x9F) return high_block[byte - 0x80];
  return byte;
}

bool codepage_ansi_from_unicode(WCHAR c, unsigned char *byte) {
  if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
    *byte = (unsigned char)c;
    return true;
  }
  for (unsigned i = 0; i < 32; i++) {
    if (high_block[i] == c) {
      *byte = (unsigned char)(0x80 + i);
      return true;
    }
  }
  return false;
}

unsigned char codepage_ansi_byte(WCHAR c) {
  unsigned char byte;
  return codepage_ansi_from_unicode(c, &byte) ? byte : (unsigned char)CODEPAGE_DEFAULT_CHAR;
}
