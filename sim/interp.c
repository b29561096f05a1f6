/*
 * interp.c - running statements one after the other: variables, the
 * status a failed operation leaves for `expect status`, the events that
 * arrived meanwhile, and what ends a run with which exit code.
 */
#include "interp.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "output.h"

void interp_init(struct interp *interp, struct session *session, const char *file) {
  memset(interp, 0, sizeof *interp);
  interp->session = session;
  interp->file = file;
  interp->last_status = STATUS_SUCCESS;
}

void interp_free(struct interp *interp) {
  for (size_t i = 0; i < interp->variable_count; i++) {
    free(interp->variables[i].name);
    free(interp->variables[i].value);
  }
  free(interp->variables);
  free(interp->status_source);
  interp->status_source = NULL;
  interp->variables = NULL;
  interp->variable_count = 0;
}

static struct variable *find_variable(struct interp *interp, const char *name) {
  for (size_t i = 0; i < interp->variable_count; i++)
    if (strcmp(interp->variables[i].name, name) == 0) return &interp->variables[i];
  return NULL;
}

bool interp_set_variable(struct interp *interp, const char *name, const char *value) {
  char *copy = sim_strdup(value);
  if (copy == NULL) return false;
  struct variable *variable = find_variable(interp, name);
  if (variable != NULL) {
    free(variable->value);
    variable->value = copy;
    return true;
  }
  struct variable *grown = realloc(interp->variables, (interp->variable_count + 1) * sizeof *grown);
  char *name_copy = sim_strdup(name);
  if (grown == NULL || name_copy == NULL) {
    free(copy);
    free(name_copy);
    if (grown != NULL) interp->variables = grown;
    return false;
  }
  interp->variables = grown;
  grown[interp->variable_count++] = (struct variable){name_copy, copy};
  return true;
}

/* ---- messages ---------------------------------------------------------------------------------- */

static void error_at(struct interp *interp, const struct statement *statement, unsigned column, const char *message) {
  struct script_error error = {statement->line, column, "", ""};
  snprintf(error.message, sizeof error.message, "%s", message);
  snprintf(error.source, sizeof error.source, "%s", statement->source != NULL ? statement->source : "");
  script_print_error(interp->file, &error);
}

enum outcome exec_error(struct exec *exec, int arg, enum outcome outcome, const char *format, ...) {
  char message[4096];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  size_t word = arg < 0 ? 0 : (size_t)arg + 1;
  const struct statement *s = exec->statement;
  error_at(exec->interp, s, word < s->word_count ? s->words[word].column : s->words[0].column, message);
  return outcome;
}

enum outcome exec_status(struct exec *exec, NTSTATUS status) {
  exec->status = status;
  output_status(exec->session, exec->statement, status);
  return OUTCOME_STATUS;
}

struct result *exec_new_result(struct exec *exec) {
  result_clear(exec->last);
  exec->wrote_last = true;
  return exec->last;
}

/* ---- words ------------------------------------------------------------------------------------- */

static void free_args(int argc, char **argv) {
  for (int i = 0; i < argc; i++) free(argv[i]);
  free(argv);
}

/* Substitutes the variables of every argument; false (reported) if one
 * is undefined or memory runs out. */
static bool expand(struct interp *interp, const struct statement *statement, int *argc, char ***argv) {
  int count = (int)statement->word_count - 1;
  char **args = calloc((size_t)count + 1, sizeof *args);
  if (args == NULL) return false;
  for (int i = 0; i < count; i++) {
    const struct word *word = &statement->words[i + 1];
    strbuf_t text;
    sb_init(&text);
    for (size_t p = 0; p < word->part_count; p++) {
      const struct word_part *part = &word->parts[p];
      struct variable *variable = part->variable ? find_variable(interp, part->text) : NULL;
      if (part->variable && variable == NULL) {
        char message[600];
        snprintf(message, sizeof message, "undefined variable '%s' (set it with 'let %s = VALUE')", part->text,
                 part->text);
        error_at(interp, statement, word->column, message);
        sb_free(&text);
        free_args(i, args);
        return false;
      }
      sb_puts(&text, part->variable ? variable->value : part->text);
    }
    if (text.failed || (args[i] = sb_take(&text)) == NULL) {
      free_args(i, args);
      return false;
    }
  }
  *argc = count;
  *argv = args;
  return true;
}

/* ---- running ----------------------------------------------------------------------------------- */

/* The statement as written, without indentation or comment (malloc'ed). */
static char *statement_code(const struct statement *statement) {
  const char *source = statement->source != NULL ? statement->source : "";
  size_t start = 0;
  while (start < statement->code_length && (source[start] == ' ' || source[start] == '\t')) start++;
  char *code = malloc(statement->code_length - start + 1);
  if (code != NULL) {
    memcpy(code, source + start, statement->code_length - start);
    code[statement->code_length - start] = '\0';
  }
  return code;
}

static bool is_expect_status(const struct statement *statement) {
  return strcmp(statement->command->name, "expect") == 0 && statement->word_count > 1 &&
         statement->words[1].literal != NULL && strcmp(statement->words[1].literal, "status") == 0;
}

static void report_unclaimed(struct interp *interp) {
  fflush(interp->session->out);
  if (!interp->quiet_unclaimed)
    fprintf(stderr, "%s:%u: error: '%s' failed with %s and no 'expect status' claims it\n", interp->file,
            interp->status_line, interp->status_source != NULL ? interp->status_source : "",
            wmisim_status_name(interp->last_status));
  interp->status_unclaimed = false;
  interp->failures++;
}

/* Events that arrived while the statement ran, printed in arrival order. */
static void show_events(struct interp *interp) {
  struct session *session = interp->session;
  wmisim_wait_idle(session->sim, 10000);
  struct event_copy *events = session_take_events(session);
  for (struct event_copy *e = events; e != NULL; e = e->next) output_event(session, e);
  session_free_events(events);
}

static bool fail_fast_violation(struct interp *interp) {
  struct session *session = interp->session;
  return wmisim_check_mode(session->sim) == WMISIM_CHECK_FAIL_FAST && session_unexpected_violations(session) > 0;
}

enum outcome interp_run(struct interp *interp, const struct statement *statement) {
  struct session *session = interp->session;
  if (interp->status_unclaimed && !is_expect_status(statement)) {
    report_unclaimed(interp);
    if (!session->options.keep_going) return OUTCOME_EXPECT;
  }
  if (!statement->command->echo_late) output_echo(session, statement);
  struct exec exec = {interp, session, statement, 0, NULL, STATUS_SUCCESS, &session->last, false};
  if (!expand(interp, statement, &exec.argc, &exec.argv)) return OUTCOME_INPUT;
  int allocated = exec.argc; /* a command may take options off the end of argv */
  enum outcome outcome = statement->command->run(&exec);
  free_args(allocated, exec.argv);
  if (statement->command->operation) {
    interp->last_status = outcome == OUTCOME_STATUS ? exec.status : STATUS_SUCCESS;
    interp->status_unclaimed = outcome == OUTCOME_STATUS;
    interp->status_line = statement->line;
    free(interp->status_source);
    interp->status_source = outcome == OUTCOME_STATUS ? statement_code(statement) : NULL;
    show_events(interp);
  }
  if (outcome == OUTCOME_STATUS) outcome = OUTCOME_OK;
  if (outcome == OUTCOME_OK && fail_fast_violation(interp)) {
    fflush(session->out);
    fprintf(stderr, "%s:%u: error: a violation was reported (--check fail-fast)\n", interp->file, statement->line);
    return OUTCOME_VIOLATION;
  }
  if (outcome == OUTCOME_EXPECT) interp->failures++;
  return outcome;
}

int interp_finish(struct interp *interp, enum outcome ended) {
  if ((ended == OUTCOME_OK || ended == OUTCOME_EXPECT) && interp->status_unclaimed) report_unclaimed(interp);
  switch (ended) {
  case OUTCOME_OK: return interp->failures > 0 ? WMISIM_EXIT_FAILURE : WMISIM_EXIT_OK;
  case OUTCOME_EXIT: return interp->exit_code;
  case OUTCOME_EXPECT:
  case OUTCOME_STATUS: return WMISIM_EXIT_FAILURE;
  case OUTCOME_INPUT: return WMISIM_EXIT_INPUT;
  case OUTCOME_DRIVER: return WMISIM_EXIT_DRIVER;
  case OUTCOME_VIOLATION: return WMISIM_EXIT_VIOLATION;
  default: return WMISIM_EXIT_INTERNAL;
  }
}

/* ---- parsing helpers ------------------------------------------------------------------------------ */

bool parse_status(const char *text, NTSTATUS *status) {
  return NT_SUCCESS(wmisim_status_parse(text, status));
}

bool parse_u64(const char *text, uint64_t *value) {
  if (text[0] < '0' || text[0] > '9') return false;
  char *end;
  unsigned long long parsed = strtoull(text, &end, 0);
  if (*end != '\0') return false;
  *value = parsed;
  return true;
}

bool parse_duration(const char *text, int64_t *interval) {
  static const struct {
    const char *suffix;
    int64_t units;
  } suffixes[] = {{"ns", 0}, {"us", 10}, {"ms", 10000}, {"s", 10000000}, {"min", 600000000}};
  char *end;
  if (text[0] < '0' || text[0] > '9') return false;
  unsigned long long count = strtoull(text, &end, 10);
  for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
    if (strcmp(end, suffixes[i].suffix) != 0) continue;
    if (suffixes[i].units == 0) {
      if (count % 100 != 0) return false; /* the clock counts 100 ns */
      *interval = (int64_t)(count / 100);
    } else {
      if (count > (unsigned long long)INT64_MAX / (unsigned long long)suffixes[i].units) return false;
      *interval = (int64_t)count * suffixes[i].units;
    }
    return true;
  }
  return false;
}
