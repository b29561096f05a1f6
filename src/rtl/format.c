/*
 * format.c - the printf engine behind DbgPrint and the safe-string Printf
 * routines, with Windows' argument sizes and string conventions.
 *
 * Nothing here hands the caller's format to the C library: on LP64 hosts
 * its `l` is 64-bit and its `%S`/`%ls` read 32-bit wchar_t. Numbers and
 * strings are spelled by hand; only a single double goes through snprintf
 * with a format built here.
 */
#include "rtl/format.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "rtl/codepage.h"
#include "rtl/text.h"

/* ---- output ------------------------------------------------------------------------------ */

struct sink {
  const struct fmt_output *out;
  size_t count; /* units produced, stored or not */
};

static void put(struct sink *s, unsigned unit) {
  if (s->count < s->out->capacity) {
    if (s->out->width == 1)
      ((unsigned char *)s->out->buffer)[s->count] = (unsigned char)unit;
    else
      ((WCHAR *)s->out->buffer)[s->count] = (WCHAR)unit;
  }
  s->count++;
}

static void put_repeat(struct sink *s, unsigned unit, size_t n) {
  /* Padding past the capacity is only counted: a huge width costs nothing. */
  while (n > 0 && s->count < s->out->capacity) {
    put(s, unit);
    n--;
  }
  s->count += n;
}

/* ---- conversion specifications --------------------------------------------------------------- */

enum size_prefix { SIZE_NONE, SIZE_HH, SIZE_H, SIZE_L, SIZE_LL, SIZE_PTR, SIZE_SIZE_T, SIZE_PTRDIFF, SIZE_LONG_DOUBLE };

struct spec {
  bool left, plus, space, alt, zero;
  bool narrow_text, wide_text; /* h or l/w given for c, s, Z */
  int width;                   /* -1: none */
  int precision;               /* -1: none */
  enum size_prefix size;
  unsigned conversion;
};

struct reader {
  const void *format;
  unsigned width;
  size_t at;
};

static unsigned peek(const struct reader *r) {
  return r->width == 1 ? ((const unsigned char *)r->format)[r->at] : ((const WCHAR *)r->format)[r->at];
}

static bool accept(struct reader *r, unsigned c) {
  if (peek(r) != c) return false;
  r->at++;
  return true;
}

static int read_count(struct reader *r, va_list *args) {
  if (accept(r, '*')) return va_arg(*args, int);
  long long value = 0;
  while (peek(r) >= '0' && peek(r) <= '9') {
    if (value < INT_MAX) value = value * 10 + (peek(r) - '0');
    r->at++;
  }
  return value > INT_MAX ? INT_MAX : (int)value;
}

static void read_flags(struct reader *r, struct spec *s) {
  for (;;) {
    switch (peek(r)) {
    case '-': s->left = true; break;
    case '+': s->plus = true; break;
    case ' ': s->space = true; break;
    case '#': s->alt = true; break;
    case '0': s->zero = true; break;
    default: return;
    }
    r->at++;
  }
}

static void read_size(struct reader *r, struct spec *s) {
  if (accept(r, 'h')) {
    s->narrow_text = true;
    s->size = accept(r, 'h') ? SIZE_HH : SIZE_H;
  } else if (accept(r, 'l')) {
    s->wide_text = true;
    s->size = accept(r, 'l') ? SIZE_LL : SIZE_L;
  } else if (accept(r, 'w')) {
    s->wide_text = true; /* w on a number means nothing more than l */
    s->size = SIZE_L;
  } else if (accept(r, 'L')) {
    s->size = SIZE_LONG_DOUBLE;
  } else if (accept(r, 'j')) {
    s->size = SIZE_LL;
  } else if (accept(r, 'z')) {
    s->size = SIZE_SIZE_T;
  } else if (accept(r, 't')) {
    s->size = SIZE_PTRDIFF;
  } else if (accept(r, 'I')) {
    if (accept(r, '6')) {
      accept(r, '4');
      s->size = SIZE_LL;
    } else if (accept(r, '3')) {
      accept(r, '2');
      s->size = SIZE_NONE;
    } else {
      s->size = SIZE_PTR;
    }
  }
}

/* Parses the specification after '%'; false if the format ends inside it. */
static bool read_spec(struct reader *r, struct spec *s, va_list *args) {
  *s = (struct spec){.width = -1, .precision = -1};
  read_flags(r, s);
  if (peek(r) == '*' || (peek(r) >= '0' && peek(r) <= '9')) {
    s->width = read_count(r, args);
    if (s->width < 0) { /* a negative '*' width means left-justified */
      s->left = true;
      s->width = s->width == INT_MIN ? INT_MAX : -s->width;
    }
  }
  if (accept(r, '.')) {
    s->precision = read_count(r, args);
    if (s->precision < 0) s->precision = -1; /* a negative '*' precision is none */
  }
  read_size(r, s);
  s->conversion = peek(r);
  if (s->conversion == 0) return false;
  r->at++;
  return true;
}

/* ---- text ------------------------------------------------------------------------------------ */

/* A run of argument text: `length` units of `width` bytes. */
struct text {
  const void *units;
  size_t length;
  unsigned width;
};

static unsigned text_unit(const struct text *t, size_t i) {
  return t->width == 1 ? ((const unsigned char *)t->units)[i] : ((const WCHAR *)t->units)[i];
}

/* Emits WCHARs as char output: one ANSI byte each, or UTF-8. */
static void emit_wide_as_narrow(struct sink *s, const struct text *t) {
  const WCHAR *units = t->units;
  for (size_t i = 0; i < t->length;) {
    if (s->out->charset == FMT_ANSI) {
      put(s, codepage_ansi_byte(units[i++]));
      continue;
    }
    unsigned code;
    bool valid;
    i += text_utf16_decode(units + i, t->length - i, &code, &valid);
    char bytes[4];
    size_t n = text_utf8_encode(code, bytes);
    for (size_t k = 0; k < n; k++) put(s, (unsigned char)bytes[k]);
  }
}

/* Emits chars as WCHAR output: through the ANSI code page, or as UTF-8. */
static void emit_narrow_as_wide(struct sink *s, const struct text *t) {
  const char *bytes = t->units;
  for (size_t i = 0; i < t->length;) {
    if (s->out->charset == FMT_ANSI) {
      put(s, codepage_ansi_to_unicode((unsigned char)bytes[i++]));
      continue;
    }
    unsigned code;
    bool valid;
    i += text_utf8_decode(bytes + i, t->length - i, &code, &valid);
    WCHAR units[2];
    size_t n = text_utf16_encode(code, units);
    for (size_t k = 0; k < n; k++) put(s, units[k]);
  }
}

static void emit_text_units(struct sink *s, const struct text *t) {
  if (t->width == s->out->width) {
    for (size_t i = 0; i < t->length; i++) put(s, text_unit(t, i));
  } else if (t->width == 2) {
    emit_wide_as_narrow(s, t);
  } else {
    emit_narrow_as_wide(s, t);
  }
}

/* Output units `t` takes once converted, measured by a counting run. */
static size_t converted_length(const struct sink *s, const struct text *t) {
  struct fmt_output counting = *s->out;
  counting.buffer = NULL;
  counting.capacity = 0;
  struct sink measure = {&counting, 0};
  emit_text_units(&measure, t);
  return measure.count;
}

/* Pads to the field width around text. Like Microsoft's C library, the '0'
 * flag pads strings and characters with zeros too. */
static void emit_text(struct sink *s, const struct spec *spec, const struct text *t) {
  size_t length = converted_length(s, t);
  size_t pad = spec->width > 0 && (size_t)spec->width > length ? (size_t)spec->width - length : 0;
  if (!spec->left) put_repeat(s, spec->zero ? '0' : ' ', pad);
  emit_text_units(s, t);
  if (spec->left) put_repeat(s, ' ', pad);
}

static size_t bounded_length(const void *units, unsigned width, int precision) {
  size_t limit = precision < 0 ? SIZE_MAX : (size_t)precision, n = 0;
  if (width == 1)
    while (n < limit && ((const char *)units)[n] != 0) n++;
  else
    while (n < limit && ((const WCHAR *)units)[n] != 0) n++;
  return n;
}

static size_t at_most(size_t length, int precision) {
  return precision >= 0 && (size_t)precision < length ? (size_t)precision : length;
}

static const char null_text[] = "(null)";

static void emit_null(struct sink *s, const struct spec *spec) {
  struct text t = {null_text, at_most(sizeof null_text - 1, spec->precision), 1};
  emit_text(s, spec, &t);
}

/* Whether %c/%s take WCHARs: the format's own width for c and s, the other
 * width for C and S, unless h (narrow) or l/w (wide) says otherwise. */
static bool wide_argument(const struct sink *s, const struct spec *spec) {
  if (spec->narrow_text) return false;
  if (spec->wide_text) return true;
  bool upper = spec->conversion == 'C' || spec->conversion == 'S';
  return (s->out->width == 2) != upper;
}

static void emit_string(struct sink *s, const struct spec *spec, va_list *args) {
  unsigned width = wide_argument(s, spec) ? 2 : 1;
  const void *p = va_arg(*args, const void *);
  if (p == NULL) {
    emit_null(s, spec);
    return;
  }
  struct text t = {p, bounded_length(p, width, spec->precision), width};
  emit_text(s, spec, &t);
}

static void emit_char(struct sink *s, const struct spec *spec, va_list *args) {
  int value = va_arg(*args, int);
  unsigned char narrow = (unsigned char)value;
  WCHAR wide = (WCHAR)value;
  struct text t = wide_argument(s, spec) ? (struct text){&wide, 1, 2} : (struct text){&narrow, 1, 1};
  emit_text(s, spec, &t);
}

/* %Z: a PANSI_STRING; %wZ (or %lZ): a PUNICODE_STRING. */
static void emit_counted(struct sink *s, const struct spec *spec, va_list *args) {
  if (spec->wide_text) {
    const UNICODE_STRING *u = va_arg(*args, const UNICODE_STRING *);
    if (u == NULL || u->Buffer == NULL) {
      emit_null(s, spec);
      return;
    }
    struct text t = {u->Buffer, at_most(u->Length / sizeof(WCHAR), spec->precision), 2};
    emit_text(s, spec, &t);
  } else {
    const ANSI_STRING *a = va_arg(*args, const ANSI_STRING *);
    if (a == NULL || a->Buffer == NULL) {
      emit_null(s, spec);
      return;
    }
    struct text t = {a->Buffer, at_most(a->Length, spec->precision), 1};
    emit_text(s, spec, &t);
  }
}

/* ---- integers ---------------------------------------------------------------------------------- */

struct integer {
  unsigned long long magnitude;
  bool negative;
};

static struct integer read_signed(enum size_prefix size, va_list *args) {
  long long v;
  switch (size) {
  case SIZE_HH: v = (signed char)va_arg(*args, int); break;
  case SIZE_H: v = (short)va_arg(*args, int); break;
  case SIZE_LL: case SIZE_LONG_DOUBLE: v = va_arg(*args, long long); break;
  case SIZE_PTR: v = va_arg(*args, intptr_t); break;
  case SIZE_SIZE_T: case SIZE_PTRDIFF: v = va_arg(*args, ptrdiff_t); break;
  default: v = va_arg(*args, int); break; /* none and l: Windows' long is 32-bit */
  }
  struct integer n = {v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0};
  return n;
}

static struct integer read_unsigned(enum size_prefix size, va_list *args) {
  unsigned long long v;
  switch (size) {
  case SIZE_HH: v = (unsigned char)va_arg(*args, unsigned); break;
  case SIZE_H: v = (unsigned short)va_arg(*args, unsigned); break;
  case SIZE_LL: case SIZE_LONG_DOUBLE: v = va_arg(*args, unsigned long long); break;
  case SIZE_PTR: v = va_arg(*args, uintptr_t); break;
  case SIZE_SIZE_T: case SIZE_PTRDIFF: v = va_arg(*args, size_t); break;
  default: v = va_arg(*args, unsigned); break;
  }
  struct integer n = {v, false};
  return n;
}

static void emit_integer(struct sink *s, const struct spec *spec, struct integer n, unsigned base, bool upper,
                         bool is_signed) {
  const char *digit_set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char digits[64];
  size_t count = 0;
  for (unsigned long long m = n.magnitude; m != 0; m /= base) digits[count++] = digit_set[m % base];
  size_t min_digits = spec->precision >= 0 ? (size_t)spec->precision : 1;
  if (spec->alt && base == 8 && min_digits <= count) min_digits = count + 1; /* '#' octal: a leading 0 */
  size_t zeros = min_digits > count ? min_digits - count : 0;
  char prefix[2];
  size_t prefix_length = 0;
  if (is_signed && (n.negative || spec->plus || spec->space)) prefix[prefix_length++] = n.negative ? '-' : spec->plus ? '+' : ' ';
  if (spec->alt && base == 16 && n.magnitude != 0) {
    prefix[prefix_length++] = '0';
    prefix[prefix_length++] = upper ? 'X' : 'x';
  }
  size_t length = prefix_length + zeros + count;
  size_t pad = spec->width > 0 && (size_t)spec->width > length ? (size_t)spec->width - length : 0;
  bool zero_pad = spec->zero && !spec->left && spec->precision < 0;
  if (!spec->left && !zero_pad) put_repeat(s, ' ', pad);
  for (size_t i = 0; i < prefix_length; i++) put(s, (unsigned char)prefix[i]);
  put_repeat(s, '0', zeros + (zero_pad ? pad : 0));
  while (count > 0) put(s, (unsigned char)digits[--count]);
  if (spec->left) put_repeat(s, ' ', pad);
}

/* %p: the pointer's full width in upper-case hex digits, as Microsoft's C
 * library prints it (0000000000401000 on 64-bit). */
static void emit_pointer(struct sink *s, const struct spec *spec, va_list *args) {
  struct spec p = *spec;
  p.precision = (int)(2 * sizeof(void *));
  p.alt = false;
  struct integer n = {(uintptr_t)va_arg(*args, void *), false};
  emit_integer(s, &p, n, 16, true, false);
}

/* ---- floating point ------------------------------------------------------------------------------- */

static void emit_float(struct sink *s, const struct spec *spec, va_list *args) {
  char format[32];
  size_t f = 0;
  format[f++] = '%';
  if (spec->left) format[f++] = '-';
  if (spec->plus) format[f++] = '+';
  if (spec->space) format[f++] = ' ';
  if (spec->alt) format[f++] = '#';
  if (spec->zero) format[f++] = '0';
  format[f++] = '*';
  format[f++] = '.';
  format[f++] = '*';
  bool long_double = spec->size == SIZE_LONG_DOUBLE;
  if (long_double) format[f++] = 'L';
  format[f++] = (char)spec->conversion;
  format[f] = '\0';
  int width = spec->width < 0 ? 0 : spec->width, precision = spec->precision;
  char small[128];
  char *text = small;
  int n;
  if (long_double) {
    long double v = va_arg(*args, long double);
    n = snprintf(small, sizeof small, format, width, precision, v);
    if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)) != NULL) snprintf(text, (size_t)n + 1, format, width, precision, v);
  } else {
    double v = va_arg(*args, double);
    n = snprintf(small, sizeof small, format, width, precision, v);
    if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)) != NULL) snprintf(text, (size_t)n + 1, format, width, precision, v);
  }
  if (text == NULL) text = small; /* out of memory: the cut text is better than none */
  size_t length = n < 0 ? 0 : text == small && (size_t)n >= sizeof small ? sizeof small - 1 : (size_t)n;
  for (size_t i = 0; i < length; i++) put(s, (unsigned char)text[i]);
  if (text != small) free(text);
}

/* ---- the engine ------------------------------------------------------------------------------------ */

static void emit_verbatim(struct sink *s, const struct reader *r, size_t from) {
  for (size_t i = from; i < r->at; i++)
    put(s, r->width == 1 ? ((const unsigned char *)r->format)[i] : ((const WCHAR *)r->format)[i]);
}

static void convert(struct sink *s, const struct spec *spec, va_list *args) {
  switch (spec->conversion) {
  case 'd': case 'i': emit_integer(s, spec, read_signed(spec->size, args), 10, false, true); break;
  case 'u': emit_integer(s, spec, read_unsigned(spec->size, args), 10, false, false); break;
  case 'o': emit_integer(s, spec, read_unsigned(spec->size, args), 8, false, false); break;
  case 'x': emit_integer(s, spec, read_unsigned(spec->size, args), 16, false, false); break;
  case 'X': emit_integer(s, spec, read_unsigned(spec->size, args), 16, true, false); break;
  case 'p': emit_pointer(s, spec, args); break;
  case 'c': case 'C': emit_char(s, spec, args); break;
  case 's': case 'S': emit_string(s, spec, args); break;
  case 'Z': emit_counted(s, spec, args); break;
  case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A': emit_float(s, spec, args); break;
  case 'n': (void)va_arg(*args, void *); break; /* never written: see docs/rtl.md */
  default: break;
  }
}

static bool known_conversion(unsigned c) {
  switch (c) {
  case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': case 'c': case 'C': case 's':
  case 'S': case 'Z': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
  case 'n': case '%':
    return true;
  default:
    return false;
  }
}

size_t fmt_format(const struct fmt_output *out, const void *format, va_list args) {
  struct sink s = {out, 0};
  struct reader r = {format, out->width, 0};
  va_list ap;
  va_copy(ap, args);
  for (unsigned c; (c = peek(&r)) != 0;) {
    r.at++;
    if (c != '%') {
      put(&s, c);
      continue;
    }
    size_t start = r.at - 1;
    struct spec spec;
    if (!read_spec(&r, &spec, &ap) || !known_conversion(spec.conversion)) {
      emit_verbatim(&s, &r, start); /* an unknown or cut specification is printed as written */
      continue;
    }
    if (spec.conversion == '%')
      put(&s, '%');
    else
      convert(&s, &spec, &ap);
  }
  va_end(ap);
  return s.count;
}
