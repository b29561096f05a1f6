/*
 * strbuf.c - the growable string of strbuf.h.
 */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(strbuf_t *sb) {
  memset(sb, 0, sizeof *sb);
}

void sb_free(strbuf_t *sb) {
  free(sb->data);
  sb_init(sb);
}

void sb_clear(strbuf_t *sb) {
  sb->length = 0;
  if (sb->data != NULL) sb->data[0] = '\0';
}

static bool reserve(strbuf_t *sb, size_t extra) {
  if (sb->failed) return false;
  if (sb->length + extra + 1 <= sb->capacity) return true;
  size_t capacity = sb->capacity > 0 ? sb->capacity : 64;
  while (capacity < sb->length + extra + 1) capacity *= 2;
  char *data = realloc(sb->data, capacity);
  if (data == NULL) {
    sb->failed = true;
    return false;
  }
  sb->data = data;
  sb->capacity = capacity;
  return true;
}

void sb_append(strbuf_t *sb, const char *text, size_t length) {
  if (!reserve(sb, length)) return;
  memcpy(sb->data + sb->length, text, length);
  sb->length += length;
  sb->data[sb->length] = '\0';
}

void sb_puts(strbuf_t *sb, const char *text) {
  sb_append(sb, text, strlen(text));
}

void sb_putc(strbuf_t *sb, char c) {
  sb_append(sb, &c, 1);
}

void sb_printf(strbuf_t *sb, const char *format, ...) {
  va_list args;
  va_start(args, format);
  va_list copy;
  va_copy(copy, args);
  int needed = vsnprintf(NULL, 0, format, copy);
  va_end(copy);
  if (needed > 0 && reserve(sb, (size_t)needed)) {
    vsnprintf(sb->data + sb->length, (size_t)needed + 1, format, args);
    sb->length += (size_t)needed;
  }
  va_end(args);
}

const char *sb_text(const strbuf_t *sb) {
  return sb->data != NULL ? sb->data : "";
}

char *sb_take(strbuf_t *sb) {
  char *text = sb->data != NULL ? sb->data : sim_strdup("");
  sb_init(sb);
  return text;
}

char *sim_strdup(const char *text) {
  size_t length = strlen(text);
  char *copy = malloc(length + 1);
  if (copy != NULL) memcpy(copy, text, length + 1);
  return copy;
}
