/*
 * text.c - UTF-8/UTF-16 conversion and comparison.
 */
#include "rtl/text.h"

#include <stdlib.h>
#include <string.h>

size_t text_wlen(const WCHAR *s) {
  size_t n = 0;
  if (s != NULL)
    while (s[n] != 0) n++;
  return n;
}

/* Decodes one UTF-8 sequence; returns its length and stores the code point
 * (U+FFFD for an invalid or overlong sequence). */
static size_t decode_utf8(const unsigned char *s, size_t available, unsigned *code) {
  unsigned c = s[0];
  size_t need;
  unsigned min;
  if (c < 0x80) {
    *code = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    need = 2, min = 0x80, c &= 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    need = 3, min = 0x800, c &= 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    need = 4, min = 0x10000, c &= 0x07;
  } else {
    *code = 0xFFFD;
    return 1;
  }
  if (need > available) {
    *code = 0xFFFD;
    return available;
  }
  for (size_t i = 1; i < need; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      *code = 0xFFFD;
      return i;
    }
    c = c << 6 | (s[i] & 0x3F);
  }
  *code = (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) ? 0xFFFD : c;
  return need;
}

size_t text_utf8_to_utf16(const char *in, size_t in_length, WCHAR *out, size_t capacity) {
  const unsigned char *s = (const unsigned char *)in;
  size_t written = 0, i = 0;
  /* Instance names are ASCII nearly always: a byte is a character, eight
   * at a time while none has its top bit. (A measuring call passes no
   * buffer and takes the general path.) */
  if (out != NULL) {
    size_t ascii_end = in_length < capacity ? in_length : capacity;
    for (; i + 8 <= ascii_end; i += 8) {
      uint64_t eight;
      memcpy(&eight, s + i, sizeof eight);
      if (eight & 0x8080808080808080ull) break;
      for (size_t k = 0; k < 8; k++) out[i + k] = s[i + k];
    }
    for (; i < ascii_end && s[i] < 0x80; i++) out[i] = s[i];
    written = i;
  }
  while (i < in_length) {
    unsigned code;
    i += decode_utf8(s + i, in_length - i, &code);
    if (code >= 0x10000) {
      code -= 0x10000;
      if (written + 1 < capacity) {
        out[written] = (WCHAR)(0xD800 | (code >> 10));
        out[written + 1] = (WCHAR)(0xDC00 | (code & 0x3FF));
      }
      written += 2;
    } else {
      if (written < capacity) out[written] = (WCHAR)code;
      written++;
    }
  }
  return written;
}

static size_t encode_utf8(unsigned code, unsigned char bytes[4]) {
  if (code < 0x80) {
    bytes[0] = (unsigned char)code;
    return 1;
  }
  if (code < 0x800) {
    bytes[0] = (unsigned char)(0xC0 | code >> 6);
    bytes[1] = (unsigned char)(0x80 | (code & 0x3F));
    return 2;
  }
  if (code < 0x10000) {
    bytes[0] = (unsigned char)(0xE0 | code >> 12);
    bytes[1] = (unsigned char)(0x80 | ((code >> 6) & 0x3F));
    bytes[2] = (unsigned char)(0x80 | (code & 0x3F));
    return 3;
  }
  bytes[0] = (unsigned char)(0xF0 | code >> 18);
  bytes[1] = (unsigned char)(0x80 | ((code >> 12) & 0x3F));
  bytes[2] = (unsigned char)(0x80 | ((code >> 6) & 0x3F));
  bytes[3] = (unsigned char)(0x80 | (code & 0x3F));
  return 4;
}

size_t text_utf16_to_utf8(const WCHAR *in, size_t length, char *out, size_t capacity) {
  size_t needed = 0, stored = 0;
  bool full = false;
  for (size_t i = 0; i < length; i++) {
    unsigned code = in[i];
    if (code >= 0xD800 && code <= 0xDBFF && i + 1 < length && in[i + 1] >= 0xDC00 && in[i + 1] <= 0xDFFF) {
      code = 0x10000 + ((code - 0xD800) << 10) + (in[i + 1] - 0xDC00u);
      i++;
    } else if (code >= 0xD800 && code <= 0xDFFF) {
      code = 0xFFFD;
    }
    unsigned char bytes[4];
    size_t n = encode_utf8(code, bytes);
    /* A sequence that does not fit whole (with the terminator) ends the
     * stored output, so a truncated result is still valid UTF-8. */
    if (!full && stored + n < capacity) {
      memcpy(out + stored, bytes, n);
      stored += n;
    } else {
      full = true;
    }
    needed += n;
  }
  if (capacity > 0) out[stored] = '\0';
  return needed;
}

WCHAR *text_utf16_dup(const char *utf8, size_t *length) {
  size_t in_length = strlen(utf8);
  size_t n = text_utf8_to_utf16(utf8, in_length, NULL, 0);
  WCHAR *out = malloc((n + 1) * sizeof(WCHAR));
  if (out == NULL) return NULL;
  text_utf8_to_utf16(utf8, in_length, out, n);
  out[n] = 0;
  if (length != NULL) *length = n;
  return out;
}

char *text_utf8_dup(const WCHAR *in, size_t length) {
  size_t n = text_utf16_to_utf8(in, length, NULL, 0);
  char *out = malloc(n + 1);
  if (out == NULL) return NULL;
  text_utf16_to_utf8(in, length, out, n + 1);
  return out;
}

size_t text_utf8_decode(const char *s, size_t available, unsigned *code, bool *valid) {
  const unsigned char *bytes = (const unsigned char *)s;
  size_t length = decode_utf8(bytes, available, code);
  /* U+FFFD is also a valid character of its own (EF BF BD). */
  *valid = *code != 0xFFFD || (length == 3 && bytes[0] == 0xEF && bytes[1] == 0xBF && bytes[2] == 0xBD);
  return length;
}

size_t text_utf16_decode(const WCHAR *in, size_t available, unsigned *code, bool *valid) {
  unsigned c = in[0];
  *valid = true;
  if (c >= 0xD800 && c <= 0xDBFF && available > 1 && in[1] >= 0xDC00 && in[1] <= 0xDFFF) {
    *code = 0x10000 + ((c - 0xD800) << 10) + (in[1] - 0xDC00u);
    return 2;
  }
  if (c >= 0xD800 && c <= 0xDFFF) {
    c = 0xFFFD;
    *valid = false;
  }
  *code = c;
  return 1;
}

size_t text_utf16_encode(unsigned code, WCHAR units[2]) {
  if (code < 0x10000) {
    units[0] = (WCHAR)code;
    return 1;
  }
  units[0] = (WCHAR)(0xD800 | ((code - 0x10000) >> 10));
  units[1] = (WCHAR)(0xDC00 | ((code - 0x10000) & 0x3FF));
  return 2;
}

size_t text_utf8_encode(unsigned code, char bytes[4]) {
  return encode_utf8(code, (unsigned char *)bytes);
}

WCHAR text_upcase(WCHAR c) {
  return (c >= 'a' && c <= 'z') ? (WCHAR)(c - 'a' + 'A') : c;
}

bool text_wequal(const WCHAR *a, size_t a_length, const WCHAR *b, size_t b_length, bool case_insensitive) {
  if (a_length != b_length) return false;
  /* Every request naming an instance compares names, nearly always equal
   * as they are: one memcmp settles that. */
  if (a_length == 0 || memcmp(a, b, a_length * sizeof(WCHAR)) == 0) return true;
  if (!case_insensitive) return false;
  for (size_t i = 0; i < a_length; i++)
    if (text_upcase(a[i]) != text_upcase(b[i])) return false;
  return true;
}
