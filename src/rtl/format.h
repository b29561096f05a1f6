/*
 * format.h - one printf engine with Windows' rules, for char and WCHAR.
 *
 * DbgPrint, the RtlStringCch/CbPrintf families and RtlUnicodeStringPrintf
 * format through here. The rules are Windows', not the host C library's:
 * `l` is 32-bit (Windows long), `ll`/`I64`/`L`/`j` 64-bit, `I`/`z`/`t`
 * pointer-size, `%s` takes a string of the format's own width and `%S` one
 * of the other width, `%wZ` a PUNICODE_STRING, `%Z` a PANSI_STRING. The full
 * list is in docs/rtl.md. The host's snprintf is used only to spell one
 * floating-point number at a time.
 */
#ifndef WMISIM_RTL_FORMAT_H
#define WMISIM_RTL_FORMAT_H

#include <ntdef.h>

#include <stdarg.h>
#include <stddef.h>

/* How char output spells WCHAR arguments, and how WCHAR output reads char
 * arguments. */
enum fmt_charset {
  FMT_ANSI, /* the ANSI code page (Windows-1252), as a driver's buffers see it */
  FMT_UTF8  /* UTF-8: text that leaves the simulation (the log, traces) */
};

struct fmt_output {
  void *buffer;             /* `capacity` units; may be NULL when capacity is 0 */
  size_t capacity;          /* units that may be stored */
  unsigned width;           /* unit size: 1 (char) or 2 (WCHAR); the format's too */
  enum fmt_charset charset;
};

/* Formats the terminated `format` (units of out->width) with `args`.
 * Stores at most out->capacity units and never a terminator; returns the
 * number of units the whole output needs, so a result > capacity means
 * the output was cut. */
size_t fmt_format(const struct fmt_output *out, const void *format, va_list args);

#endif /* WMISIM_RTL_FORMAT_H */
