/*
 * casemap.c - RtlUpcaseUnicodeChar, RtlDowncaseUnicodeChar and the case
 * mapping the string routines share.
 */
#include "rtl/casemap.h"

#include <wdm.h>

#include <stddef.h>

#include "rtl/codepage.h"

/* Characters first, first + stride, ... last map to c + delta. */
struct case_run {
  unsigned short first, last;
  int delta;
  unsigned char stride;
};

#include "rtl/casemap_tables.inc"

static WCHAR map(const struct case_run *runs, size_t count, WCHAR c) {
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (runs[mid].last < c)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == count || c < runs[lo].first || (c - runs[lo].first) % runs[lo].stride != 0) return c;
  return (WCHAR)(c + runs[lo].delta);
}

WCHAR casemap_upcase(WCHAR c) {
  /* The common case first: ASCII never needs the table. */
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? (WCHAR)(c - ('a' - 'A')) : c;
  return map(upcase_runs, sizeof upcase_runs / sizeof upcase_runs[0], c);
}

WCHAR casemap_downcase(WCHAR c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? (WCHAR)(c + ('a' - 'A')) : c;
  return map(downcase_runs, sizeof downcase_runs / sizeof downcase_runs[0], c);
}

unsigned char casemap_ansi_upcase(unsigned char c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? (unsigned char)(c - ('a' - 'A')) : c;
  unsigned char upper;
  if (!codepage_ansi_from_unicode(casemap_upcase(codepage_ansi_to_unicode(c)), &upper)) return c;
  return upper;
}

WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter) {
  return casemap_upcase(SourceCharacter);
}

WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR SourceCharacter) {
  return casemap_downcase(SourceCharacter);
}
