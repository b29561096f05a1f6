/*
 * script.h - scenario scripts: the line-based language of `wmisim run` and
 * `wmisim shell` (docs/scripts.md), parsed into statements before anything
 * runs, so a malformed script is reported with file:line:column and never
 * half executed.
 *
 * A line is words separated by blanks. "..." quotes a word or part of one
 * (\" and \\ are its escapes; any other backslash is itself, so instance
 * names need no doubling). $name and ${name} substitute a variable when
 * the statement runs; $$ is a dollar sign. # starts a comment where a word
 * could start.
 */
#ifndef WMISIM_SIM_SCRIPT_H
#define WMISIM_SIM_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include <wmisim/export.h>

/* A piece of a word: literal text, or the name of a variable. */
struct word_part {
  bool variable;
  char *text;
};

struct word {
  struct word_part *parts;
  size_t part_count;
  unsigned column;       /* 1-based, of the word's first character */
  char *literal;         /* the whole word when it has no variable, else NULL */
};

struct statement {
  const struct script_command *command;
  struct word *words;    /* words[0] is the command's name */
  size_t word_count;
  unsigned line;
  char *source;          /* the line, for messages */
  size_t code_length;    /* of `source` without a trailing comment and blanks: what echo shows */
};

struct script {
  char *file;            /* as named on the command line, or "<stdin>" */
  struct statement *statements;
  size_t count;
};

/* Where and why parsing stopped. */
struct script_error {
  unsigned line;
  unsigned column;
  char message[4096];
  char source[512];
};

struct exec;
enum outcome;

/* A command of the language: its name, argument counts (words after the
 * name), a static check of what can be checked before running, and what
 * runs it (interp.h). */
struct script_command {
  const char *name;
  unsigned min_args;
  unsigned max_args;     /* ~0u: any number */
  const char *usage;     /* "query TARGET [INSTANCE] [buffer BYTES]" */
  const char *summary;
  /* Checks the literal arguments; NULL or returns true when fine, else
   * fills `error` (column of the offending word). */
  bool (*check)(const struct statement *statement, struct script_error *error);
  enum outcome (*run)(struct exec *exec);
  bool operation;        /* acts on the simulator: sets the status `expect status` checks */
  bool echo_late;        /* echoes itself once it has waited (await, join): other threads' trace
                            lines come first, so the output does not depend on timing */
};

/* The commands, in the order `help` lists them; NULL-terminated by name. */
extern const struct script_command script_commands[];

/* The command named `name`, or NULL. */
const struct script_command *script_command_find(const char *name);

/* Parses a whole script. On failure returns false with `error` filled
 * and `script` empty. `file` names the script in messages. */
bool script_parse(const char *file, const char *text, size_t length, struct script *script,
                  struct script_error *error);

/* Parses one line (without its newline), numbered `number`, into
 * `statement`; a blank or comment line gives word_count 0. On failure
 * returns false with `error` filled. Free with script_statement_free. */
bool script_parse_line(const char *line, size_t length, unsigned number, struct statement *statement,
                       struct script_error *error);
void script_statement_free(struct statement *statement);

/* Looks the statement's command up and checks its arguments (what parsing
 * does after splitting a line into words). */
bool script_check(struct statement *statement, struct script_error *error);

/* A deep copy of words[first_word..] of `from` as a statement of its own
 * (same line and source), for a statement that outlives its line. */
bool script_statement_clone(const struct statement *from, size_t first_word, struct statement *to);

/* Frees what script_parse made. */
void script_free(struct script *script);

/* Fills `error` at a word of a statement; returns false (for checks). */
bool script_fail_at(const struct statement *statement, size_t word, struct script_error *error, const char *format,
                    ...) WMISIM_PRINTF(4, 5);

/* Prints "file:line:column: error: message", the source line and a caret. */
void script_print_error(const char *file, const struct script_error *error);

#endif /* WMISIM_SIM_SCRIPT_H */
