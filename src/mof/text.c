/*
 * text.c - string helpers: case-insensitive compare, UTF-8 <-> UTF-16,
 * formatting into malloc'ed strings and a growable text buffer.
 *
 * The library never uses wchar_t: WMI's strings are UTF-16 code units in
 * little-endian byte order on every host, converted here by hand.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"

int mof_strcasecmp(const char *a, const char *b) {
  for (;; a++, b++) {
    int ca = tolower((unsigned char)*a);
    int cb = tolower((unsigned char)*b);
    if (ca != cb || ca == '\0')
      return ca - cb;
  }
}

int mof_has_suffix_nocase(const char *text, const char *suffix) {
  size_t text_length = strlen(text);
  size_t suffix_length = strlen(suffix);
  return text_length >= suffix_length &&
         mof_strcasecmp(text + text_length - suffix_length, suffix) == 0;
}

/* Decodes one UTF-8 sequence at *p; returns the code point or -1. */
static long utf8_decode(const unsigned char **p) {
  const unsigned char *s = *p;
  long code;
  int extra;
  if (s[0] < 0x80) {
    code = s[0];
    extra = 0;
  } else if ((s[0] & 0xe0) == 0xc0) {
    code = s[0] & 0x1f;
    extra = 1;
  } else if ((s[0] & 0xf0) == 0xe0) {
    code = s[0] & 0x0f;
    extra = 2;
  } else if ((s[0] & 0xf8) == 0xf0) {
    code = s[0] & 0x07;
    extra = 3;
  } else {
    return -1;
  }
  for (int i = 1; i <= extra; i++) {
    if ((s[i] & 0xc0) != 0x80)
      return -1;
    code = (code << 6) | (s[i] & 0x3f);
  }
  static const long minimum[] = {0, 0x80, 0x800, 0x10000};
  if (code < minimum[extra] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
    return -1;
  *p = s + extra + 1;
  return code;
}

long mof_utf8_to_utf16(const char *text, USHORT **out_units) {
  size_t length = strlen(text);
  /* Never more code units than bytes. */
  USHORT *units = malloc((length + 1) * sizeof(USHORT));
  if (units == NULL)
    return -1;
  const unsigned char *p = (const unsigned char *)text;
  long count = 0;
  while (*p != '\0') {
    long code = utf8_decode(&p);
    if (code < 0) {
      free(units);
      return -1;
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      units[count++] = (USHORT)(0xd800 + (code >> 10));
      units[count++] = (USHORT)(0xdc00 + (code & 0x3ff));
    } else {
      units[count++] = (USHORT)code;
    }
  }
  *out_units = units;
  return count;
}

static size_t utf8_encode(long code, char *out) {
  if (code < 0x80) {
    out[0] = (char)code;
    return 1;
  }
  if (code < 0x800) {
    out[0] = (char)(0xc0 | (code >> 6));
    out[1] = (char)(0x80 | (code & 0x3f));
    return 2;
  }
  if (code < 0x10000) {
    out[0] = (char)(0xe0 | (code >> 12));
    out[1] = (char)(0x80 | ((code >> 6) & 0x3f));
    out[2] = (char)(0x80 | (code & 0x3f));
    return 3;
  }
  out[0] = (char)(0xf0 | (code >> 18));
  out[1] = (char)(0x80 | ((code >> 12) & 0x3f));
  out[2] = (char)(0x80 | ((code >> 6) & 0x3f));
  out[3] = (char)(0x80 | (code & 0x3f));
  return 4;
}

static unsigned read_unit(const unsigned char *bytes, size_t index) {
  return (unsigned)bytes[2 * index] | ((unsigned)bytes[2 * index + 1] << 8);
}

char *mof_utf16le_to_utf8(const unsigned char *bytes, size_t count) {
  char *text = malloc(count * 3 + 1); /* a unit never needs more than 3 bytes */
  if (text == NULL)
    return NULL;
  size_t length = 0;
  for (size_t i = 0; i < count; i++) {
    long code = (long)read_unit(bytes, i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < count) {
      long low = (long)read_unit(bytes, i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff)
      code = 0xfffd;
    length += utf8_encode(code, text + length);
  }
  text[length] = '\0';
  return text;
}

char *mof_vformat(const char *format, va_list args) {
  va_list copy;
  va_copy(copy, args);
  int length = vsnprintf(NULL, 0, format, copy);
  va_end(copy);
  if (length < 0)
    return NULL;
  char *text = malloc((size_t)length + 1);
  if (text != NULL)
    vsnprintf(text, (size_t)length + 1, format, args);
  return text;
}

char *mof_format(const char *format, ...) {
  va_list args;
  va_start(args, format);
  char *text = mof_vformat(format, args);
  va_end(args);
  return text;
}

char *mof_format_arena(mof_arena *arena, const char *format, ...) {
  va_list args;
  va_start(args, format);
  char *text = mof_vformat(format, args);
  va_end(args);
  char *copy = text ? mof_arena_strdup(arena, text) : NULL;
  free(text);
  return copy;
}

void mof_text_init(mof_text *text) {
  text->data = NULL;
  text->length = 0;
  text->capacity = 0;
  text->failed = 0;
}

void mof_text_free(mof_text *text) {
  free(text->data);
  mof_text_init(text);
}

void mof_text_append(mof_text *text, const char *data, size_t length) {
  if (text->failed)
    return;
  if (text->length + length + 1 > text->capacity) {
    size_t capacity = text->capacity == 0 ? 1024 : text->capacity;
    while (capacity < text->length + length + 1)
      capacity *= 2;
    char *grown = realloc(text->data, capacity);
    if (grown == NULL) {
      text->failed = 1;
      return;
    }
    text->data = grown;
    text->capacity = capacity;
  }
  memcpy(text->data + text->length, data, length);
  text->length += length;
  text->data[text->length] = '\0';
}

void mof_text_puts(mof_text *text, const char *data) {
  mof_text_append(text, data, strlen(data));
}

void mof_text_printf(mof_text *text, const char *format, ...) {
  va_list args;
  va_start(args, format);
  char *formatted = mof_vformat(format, args);
  va_end(args);
  if (formatted == NULL) {
    text->failed = 1;
    return;
  }
  mof_text_puts(text, formatted);
  free(formatted);
}
