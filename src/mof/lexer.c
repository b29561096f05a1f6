/*
 * lexer.c - MOF tokens: identifiers, numbers, string and char literals
 * (escapes resolved to UTF-8), #pragma, punctuation; comments skipped.
 *
 * Escapes follow DSP0221 and mofcomp: \b \t \n \f \r \" \' \\ and \x/\X
 * with up to four hex digits (a UTF-16 code unit).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"

void mof_lexer_init(mof_lexer *lexer, const mof_source *source, mof_arena *arena) {
  lexer->source = source;
  lexer->arena = arena;
  lexer->offset = 0;
  lexer->line = 1;
  lexer->column = 1;
}

static int peek(const mof_lexer *lexer, size_t ahead) {
  size_t at = lexer->offset + ahead;
  return at < lexer->source->length ? (unsigned char)lexer->source->text[at] : -1;
}

static void advance(mof_lexer *lexer) {
  if (lexer->offset >= lexer->source->length)
    return;
  if (lexer->source->text[lexer->offset] == '\n') {
    lexer->line++;
    lexer->column = 1;
  } else {
    lexer->column++;
  }
  lexer->offset++;
}

static mof_pos position(const mof_lexer *lexer) {
  mof_pos pos = {lexer->line, lexer->column};
  return pos;
}

static mof_token error_token(mof_lexer *lexer, mof_pos pos, const char *message) {
  mof_token token;
  memset(&token, 0, sizeof(token));
  token.kind = MOF_TOKEN_ERROR;
  token.pos = pos;
  token.text = mof_arena_strdup(lexer->arena, message);
  (void)lexer;
  return token;
}

/* Skips blanks and comments; returns 0 or, for an unterminated comment, -1
 * with *where set to its start. */
static int skip_space(mof_lexer *lexer, mof_pos *where) {
  for (;;) {
    int c = peek(lexer, 0);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      advance(lexer);
    } else if (c == '/' && peek(lexer, 1) == '/') {
      while (peek(lexer, 0) != -1 && peek(lexer, 0) != '\n')
        advance(lexer);
    } else if (c == '/' && peek(lexer, 1) == '*') {
      *where = position(lexer);
      advance(lexer);
      advance(lexer);
      while (!(peek(lexer, 0) == '*' && peek(lexer, 1) == '/')) {
        if (peek(lexer, 0) == -1)
          return -1;
        advance(lexer);
      }
      advance(lexer);
      advance(lexer);
    } else {
      return 0;
    }
  }
}

static int is_identifier_start(int c) {
  return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

static int is_identifier_char(int c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9');
}

static mof_token read_identifier(mof_lexer *lexer, mof_token token) {
  size_t start = lexer->offset;
  while (peek(lexer, 0) != -1 && is_identifier_char(peek(lexer, 0)))
    advance(lexer);
  token.kind = MOF_TOKEN_IDENTIFIER;
  token.text_length = lexer->offset - start;
  token.text = mof_arena_strndup(lexer->arena, lexer->source->text + start, token.text_length);
  if (token.text == NULL)
    return error_token(lexer, token.pos, "out of memory");
  return token;
}

static int hex_value(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Numbers: decimal, 0x hex, leading-0 octal, reals with '.' or exponent.
 * A '-' sign is read by the parser and passed in `negative`. */
static mof_token read_number(mof_lexer *lexer, mof_token token) {
  size_t start = lexer->offset;
  int is_real = 0;
  if (peek(lexer, 0) == '0' && (peek(lexer, 1) == 'x' || peek(lexer, 1) == 'X')) {
    advance(lexer);
    advance(lexer);
    if (hex_value(peek(lexer, 0)) < 0)
      return error_token(lexer, token.pos, "hexadecimal number without digits");
  }
  while (peek(lexer, 0) != -1 && (isalnum(peek(lexer, 0)) || peek(lexer, 0) == '.' ||
                                  ((peek(lexer, 0) == '+' || peek(lexer, 0) == '-') &&
                                   (lexer->source->text[lexer->offset - 1] | 0x20) == 'e' &&
                                   is_real))) {
    if (peek(lexer, 0) == '.')
      is_real = 1;
    advance(lexer);
  }
  size_t length = lexer->offset - start;
  char text[80];
  if (length >= sizeof(text))
    return error_token(lexer, token.pos, "number too long");
  memcpy(text, lexer->source->text + start, length);
  text[length] = '\0';
  char *end = NULL;
  int is_hex = length > 1 && (text[1] == 'x' || text[1] == 'X');
  if (!is_hex && (is_real || strchr(text, 'e') != NULL || strchr(text, 'E') != NULL)) {
    token.kind = MOF_TOKEN_REAL;
    token.real = strtod(text, &end);
  } else {
    token.kind = MOF_TOKEN_INTEGER;
    int base = is_hex ? 16 : (text[0] == '0' && length > 1 ? 8 : 10);
    token.integer = strtoull(is_hex ? text + 2 : text, &end, base);
  }
  if (end == NULL || *end != '\0')
    return error_token(lexer, token.pos, "malformed number");
  return token;
}

/* Reads one escape after the backslash; returns the code unit or -1. */
static long read_escape(mof_lexer *lexer) {
  int c = peek(lexer, 0);
  advance(lexer);
  switch (c) {
  case 'b': return '\b';
  case 't': return '\t';
  case 'n': return '\n';
  case 'f': return '\f';
  case 'r': return '\r';
  case '"': return '"';
  case '\'': return '\'';
  case '\\': return '\\';
  case 'x':
  case 'X': {
    long value = 0;
    int digits = 0;
    while (digits < 4 && hex_value(peek(lexer, 0)) >= 0) {
      value = value * 16 + hex_value(peek(lexer, 0));
      advance(lexer);
      digits++;
    }
    return digits == 0 ? -1 : value;
  }
  default:
    return -1;
  }
}

static void append_code_point(mof_text *text, long code) {
  char bytes[4];
  size_t count;
  if (code < 0x80) {
    bytes[0] = (char)code;
    count = 1;
  } else if (code < 0x800) {
    bytes[0] = (char)(0xc0 | (code >> 6));
    bytes[1] = (char)(0x80 | (code & 0x3f));
    count = 2;
  } else {
    bytes[0] = (char)(0xe0 | (code >> 12));
    bytes[1] = (char)(0x80 | ((code >> 6) & 0x3f));
    bytes[2] = (char)(0x80 | (code & 0x3f));
    count = 3;
  }
  mof_text_append(text, bytes, count);
}

static mof_token read_string(mof_lexer *lexer, mof_token token) {
  mof_text text;
  mof_text_init(&text);
  advance(lexer); /* opening quote */
  for (;;) {
    int c = peek(lexer, 0);
    if (c == -1 || c == '\n') {
      mof_text_free(&text);
      return error_token(lexer, token.pos, "unterminated string literal");
    }
    if (c == '"') {
      advance(lexer);
      break;
    }
    if (c == '\\') {
      mof_pos escape_pos = position(lexer);
      advance(lexer);
      long code = read_escape(lexer);
      if (code < 0) {
        mof_text_free(&text);
        return error_token(lexer, escape_pos, "invalid escape sequence in string");
      }
      if (code == 0) {
        mof_text_free(&text);
        return error_token(lexer, escape_pos, "string contains a NUL character");
      }
      append_code_point(&text, code);
    } else {
      char byte = (char)c;
      mof_text_append(&text, &byte, 1);
      advance(lexer);
    }
  }
  token.kind = MOF_TOKEN_STRING;
  token.text_length = text.length;
  token.text = mof_arena_strndup(lexer->arena, text.data ? text.data : "", text.length);
  int failed = text.failed || token.text == NULL;
  mof_text_free(&text);
  return failed ? error_token(lexer, token.pos, "out of memory") : token;
}

static mof_token read_char(mof_lexer *lexer, mof_token token) {
  advance(lexer);
  long code = peek(lexer, 0);
  if (code == '\\') {
    advance(lexer);
    code = read_escape(lexer);
  } else if (code == '\'' || code == -1 || code == '\n' || code >= 0x80) {
    code = -1;
  } else {
    advance(lexer);
  }
  if (code < 0 || peek(lexer, 0) != '\'')
    return error_token(lexer, token.pos, "malformed char16 literal");
  advance(lexer);
  token.kind = MOF_TOKEN_CHAR;
  token.char16 = (USHORT)code;
  return token;
}

static mof_token read_pragma(mof_lexer *lexer, mof_token token) {
  static const char keyword[] = "#pragma";
  size_t length = sizeof(keyword) - 1;
  if (lexer->source->length - lexer->offset < length ||
      strncmp(lexer->source->text + lexer->offset, keyword, length) != 0 ||
      is_identifier_char(peek(lexer, length)))
    return error_token(lexer, token.pos, "expected '#pragma'");
  for (size_t i = 0; i < length; i++)
    advance(lexer);
  token.kind = MOF_TOKEN_PRAGMA;
  return token;
}

mof_token mof_lexer_next(mof_lexer *lexer) {
  mof_token token;
  memset(&token, 0, sizeof(token));
  mof_pos comment_start;
  if (skip_space(lexer, &comment_start) < 0)
    return error_token(lexer, comment_start, "unterminated comment");
  token.pos = position(lexer);
  int c = peek(lexer, 0);
  if (c == -1) {
    token.kind = MOF_TOKEN_END;
    return token;
  }
  if (c == '-' && isdigit(peek(lexer, 1))) {
    advance(lexer);
    token.negative = 1;
    return read_number(lexer, token);
  }
  if (isdigit(c) || (c == '.' && isdigit(peek(lexer, 1))))
    return read_number(lexer, token);
  if (is_identifier_start(c))
    return read_identifier(lexer, token);
  if (c == '"')
    return read_string(lexer, token);
  if (c == '\'')
    return read_char(lexer, token);
  if (c == '#')
    return read_pragma(lexer, token);
  if (strchr("[](){};,:=", c) != NULL) {
    advance(lexer);
    token.kind = MOF_TOKEN_PUNCT;
    token.punct = (char)c;
    return token;
  }
  char message[64];
  if (c >= 0x20 && c < 0x7f)
    snprintf(message, sizeof(message), "unexpected character '%c'", c);
  else
    snprintf(message, sizeof(message), "unexpected byte 0x%02x", (unsigned)c);
  advance(lexer);
  return error_token(lexer, token.pos, message);
}
