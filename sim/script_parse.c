/*
 * script_parse.c - splitting script lines into words and statements, with
 * file:line:column for everything that is wrong.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"
#include "strbuf.h"

struct lexer {
  const char *line;
  size_t length;
  size_t at;
  unsigned line_number;
  struct script_error *error;
  size_t last_word_end;   /* where the last word ended: the statement's code */
};

static bool lex_fail(struct lexer *lx, size_t at, const char *message) {
  lx->error->line = lx->line_number;
  lx->error->column = (unsigned)at + 1;
  snprintf(lx->error->message, sizeof lx->error->message, "%s", message);
  return false;
}

static bool add_part(struct word *word, bool variable, strbuf_t *text) {
  struct word_part *parts = realloc(word->parts, (word->part_count + 1) * sizeof *parts);
  if (parts == NULL) return false;
  word->parts = parts;
  parts[word->part_count].variable = variable;
  parts[word->part_count].text = sb_take(text);
  if (parts[word->part_count].text == NULL) return false;
  word->part_count++;
  return true;
}

static bool is_name_char(char c, bool first) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (!first && c >= '0' && c <= '9');
}

/* A $reference at lx->at; the literal text so far goes out first. */
static bool lex_variable(struct lexer *lx, struct word *word, strbuf_t *literal) {
  size_t dollar = lx->at++;
  if (lx->at < lx->length && lx->line[lx->at] == '$') {
    sb_putc(literal, '$');
    lx->at++;
    return true;
  }
  bool braced = lx->at < lx->length && lx->line[lx->at] == '{';
  if (braced) lx->at++;
  strbuf_t name;
  sb_init(&name);
  while (lx->at < lx->length && is_name_char(lx->line[lx->at], name.length == 0)) sb_putc(&name, lx->line[lx->at++]);
  if (name.length == 0 || (braced && (lx->at >= lx->length || lx->line[lx->at] != '}'))) {
    sb_free(&name);
    return lex_fail(lx, dollar, braced ? "'${' must be followed by a variable name and '}'"
                                       : "'$' must start a variable ($name or ${name}); write $$ for a dollar sign");
  }
  if (braced) lx->at++;
  bool ok = (literal->length == 0 || add_part(word, false, literal)) && add_part(word, true, &name);
  sb_free(&name);
  return ok || lex_fail(lx, dollar, "out of memory");
}

/* A "..." part; lx->at is at the opening quote. */
static bool lex_quoted(struct lexer *lx, struct word *word, strbuf_t *literal) {
  size_t quote = lx->at++;
  while (lx->at < lx->length && lx->line[lx->at] != '"') {
    char c = lx->line[lx->at];
    if (c == '$') {
      if (!lex_variable(lx, word, literal)) return false;
      continue;
    }
    if (c == '\\' && lx->at + 1 < lx->length && (lx->line[lx->at + 1] == '"' || lx->line[lx->at + 1] == '\\')) lx->at++;
    sb_putc(literal, lx->line[lx->at++]);
  }
  if (lx->at >= lx->length) return lex_fail(lx, quote, "unterminated string: '\"' has no closing '\"'");
  lx->at++;
  return true;
}

static bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

static bool lex_word(struct lexer *lx, struct word *word) {
  memset(word, 0, sizeof *word);
  word->column = (unsigned)lx->at + 1;
  strbuf_t literal;
  sb_init(&literal);
  bool ok = true;
  while (ok && lx->at < lx->length && !is_blank(lx->line[lx->at])) {
    char c = lx->line[lx->at];
    if (c == '"') {
      ok = lex_quoted(lx, word, &literal);
    } else if (c == '$') {
      ok = lex_variable(lx, word, &literal);
    } else {
      sb_putc(&literal, c);
      lx->at++;
    }
  }
  if (ok && (literal.length > 0 || word->part_count == 0)) ok = add_part(word, false, &literal);
  sb_free(&literal);
  if (ok && word->part_count == 1 && !word->parts[0].variable) word->literal = word->parts[0].text;
  return ok;
}

static void free_word(struct word *word) {
  for (size_t i = 0; i < word->part_count; i++) free(word->parts[i].text);
  free(word->parts);
}

void script_statement_free(struct statement *statement) {
  for (size_t i = 0; i < statement->word_count; i++) free_word(&statement->words[i]);
  free(statement->words);
  free(statement->source);
}

/* Splits one line into words; a line without words gives word_count 0. */
static bool lex_line(struct lexer *lx, struct statement *statement) {
  memset(statement, 0, sizeof *statement);
  statement->line = lx->line_number;
  for (;;) {
    while (lx->at < lx->length && is_blank(lx->line[lx->at])) lx->at++;
    if (lx->at >= lx->length || lx->line[lx->at] == '#') {
      statement->code_length = statement->word_count > 0 ? lx->last_word_end : 0;
      return true;
    }
    struct word *words = realloc(statement->words, (statement->word_count + 1) * sizeof *words);
    if (words == NULL) return lex_fail(lx, lx->at, "out of memory");
    statement->words = words;
    if (!lex_word(lx, &words[statement->word_count])) {
      free_word(&words[statement->word_count]);
      return false;
    }
    statement->word_count++;
    lx->last_word_end = lx->at;
  }
}

bool script_fail_at(const struct statement *statement, size_t word, struct script_error *error, const char *format,
                    ...) {
  error->line = statement->line;
  error->column = word < statement->word_count ? statement->words[word].column : 1;
  va_list args;
  va_start(args, format);
  vsnprintf(error->message, sizeof error->message, format, args);
  va_end(args);
  return false;
}

/* The command and its argument count; then the command's own check. */
bool script_check(struct statement *statement, struct script_error *error) {
  const struct word *name = &statement->words[0];
  if (name->literal == NULL) return script_fail_at(statement, 0, error, "a command name cannot use variables");
  statement->command = script_command_find(name->literal);
  if (statement->command == NULL)
    return script_fail_at(statement, 0, error, "unknown command '%s' (try 'help')", name->literal);
  const struct script_command *command = statement->command;
  size_t args = statement->word_count - 1;
  if (args < command->min_args || args > command->max_args)
    return script_fail_at(statement, args < command->min_args ? 0 : command->max_args + 1, error,
                          "%s: usage: %s", args < command->min_args ? "too few arguments" : "too many arguments",
                          command->usage);
  return command->check == NULL || command->check(statement, error);
}

bool script_parse_line(const char *line, size_t length, unsigned number, struct statement *statement,
                       struct script_error *error) {
  struct lexer lx = {line, length, 0, number, error, 0};
  memset(error, 0, sizeof *error);
  snprintf(error->source, sizeof error->source, "%.*s", (int)(length < 500 ? length : 500), line);
  bool ok = lex_line(&lx, statement) && (statement->word_count == 0 || script_check(statement, error));
  if (ok) {
    statement->source = malloc(length + 1);
    if (statement->source != NULL) {
      memcpy(statement->source, line, length);
      statement->source[length] = '\0';
    }
  }
  if (!ok) script_statement_free(statement);
  return ok;
}

bool script_parse(const char *file, const char *text, size_t length, struct script *script,
                  struct script_error *error) {
  memset(script, 0, sizeof *script);
  script->file = sim_strdup(file);
  unsigned number = 0;
  for (size_t at = 0; at < length;) {
    size_t end = at;
    while (end < length && text[end] != '\n') end++;
    number++;
    struct statement statement;
    if (memchr(text + at, '\0', end - at) != NULL) {
      memset(error, 0, sizeof *error);
      error->line = number;
      error->column = (unsigned)((const char *)memchr(text + at, '\0', end - at) - (text + at)) + 1;
      snprintf(error->message, sizeof error->message, "NUL byte in a script line (is this a text file?)");
      script_free(script);
      return false;
    }
    if (!script_parse_line(text + at, end - at, number, &statement, error)) {
      script_free(script);
      return false;
    }
    at = end + 1;
    if (statement.word_count == 0) {
      script_statement_free(&statement);
      continue;
    }
    struct statement *grown = realloc(script->statements, (script->count + 1) * sizeof *grown);
    if (grown == NULL) {
      script_statement_free(&statement);
      script_free(script);
      snprintf(error->message, sizeof error->message, "out of memory");
      return false;
    }
    script->statements = grown;
    script->statements[script->count++] = statement;
  }
  return true;
}

void script_free(struct script *script) {
  for (size_t i = 0; i < script->count; i++) script_statement_free(&script->statements[i]);
  free(script->statements);
  free(script->file);
  memset(script, 0, sizeof *script);
}

void script_print_error(const char *file, const struct script_error *error) {
  fflush(stdout);
  fprintf(stderr, "%s:%u:%u: error: %s\n", file, error->line, error->column, error->message);
  if (error->source[0] == '\0') return;
  fprintf(stderr, " %s\n ", error->source);
  for (unsigned i = 1; i < error->column && error->source[i - 1] != '\0'; i++)
    fputc(error->source[i - 1] == '\t' ? '\t' : ' ', stderr);
  fputs("^\n", stderr);
}

static bool copy_word(const struct word *from, struct word *to) {
  memset(to, 0, sizeof *to);
  to->column = from->column;
  to->parts = calloc(from->part_count > 0 ? from->part_count : 1, sizeof *to->parts);
  if (to->parts == NULL) return false;
  for (size_t i = 0; i < from->part_count; i++) {
    to->parts[i].variable = from->parts[i].variable;
    if ((to->parts[i].text = sim_strdup(from->parts[i].text)) == NULL) return false;
    to->part_count++;
  }
  if (from->literal != NULL) to->literal = to->parts[0].text;
  return true;
}

bool script_statement_clone(const struct statement *from, size_t first_word, struct statement *to) {
  memset(to, 0, sizeof *to);
  to->command = from->command;
  to->line = from->line;
  to->code_length = from->code_length;
  to->source = sim_strdup(from->source != NULL ? from->source : "");
  size_t count = first_word < from->word_count ? from->word_count - first_word : 0;
  to->words = calloc(count > 0 ? count : 1, sizeof *to->words);
  bool ok = to->source != NULL && to->words != NULL;
  for (size_t i = 0; ok && i < count; i++) {
    ok = copy_word(&from->words[first_word + i], &to->words[i]);
    to->word_count++;
  }
  if (!ok) script_statement_free(to);
  return ok;
}
