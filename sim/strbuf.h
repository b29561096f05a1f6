/*
 * strbuf.h - a growable string for building output lines and messages.
 * Out of memory makes the string stop growing and `failed` true; users
 * print what they have and report nothing worse.
 */
#ifndef WMISIM_SIM_STRBUF_H
#define WMISIM_SIM_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include <wmisim/export.h>

typedef struct strbuf {
  char *data;     /* NUL-terminated; "" until something is appended */
  size_t length;
  size_t capacity;
  bool failed;
} strbuf_t;

void sb_init(strbuf_t *sb);
void sb_free(strbuf_t *sb);
void sb_clear(strbuf_t *sb);
void sb_append(strbuf_t *sb, const char *text, size_t length);
void sb_puts(strbuf_t *sb, const char *text);
void sb_putc(strbuf_t *sb, char c);
void sb_printf(strbuf_t *sb, const char *format, ...) WMISIM_PRINTF(2, 3);
/* The text; never NULL. */
const char *sb_text(const strbuf_t *sb);
/* Takes the text out (malloc'ed; the caller frees it) and empties sb. */
char *sb_take(strbuf_t *sb);

/* A malloc'ed copy of `text`, or NULL when out of memory. */
char *sim_strdup(const char *text);

#endif /* WMISIM_SIM_STRBUF_H */
