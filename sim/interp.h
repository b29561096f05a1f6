/*
 * interp.h - running statements: what a command's run function gets (the
 * session, the statement, its words with variables substituted) and what
 * it returns, and the helpers every command uses to report.
 */
#ifndef WMISIM_SIM_INTERP_H
#define WMISIM_SIM_INTERP_H

#include "script.h"
#include "session.h"

/* How a statement ended. */
enum outcome {
  OUTCOME_OK,
  OUTCOME_STATUS,      /* the operation returned exec->status, not success: an `expect status` may claim it */
  OUTCOME_EXPECT,      /* an expectation did not hold */
  OUTCOME_INPUT,       /* bad input found while running: unknown class, file, value */
  OUTCOME_DRIVER,      /* a driver could not be loaded */
  OUTCOME_INTERNAL,    /* out of memory */
  OUTCOME_EXIT,        /* the script asked to stop (`exit`) */
  OUTCOME_VIOLATION    /* fail-fast checking mode saw a violation */
};

struct variable {
  char *name;
  char *value;
};

/* What a run stays aware of from statement to statement. */
struct interp {
  struct session *session;
  const char *file;
  struct variable *variables;
  size_t variable_count;
  NTSTATUS last_status;        /* of the last operation */
  bool status_unclaimed;       /* it failed and no `expect status` has looked at it yet */
  unsigned status_line;
  char *status_source;         /* the statement that left it, for the message */
  bool quiet_unclaimed;        /* count unclaimed failures without a message (the shell) */
  int exit_code;               /* for `exit N` */
  unsigned failures;           /* failures reported with --keep-going or in the shell */
};

struct exec {
  struct interp *interp;
  struct session *session;
  const struct statement *statement;
  int argc;                    /* words after the command's name */
  char **argv;                 /* argv[0] is the first argument */
  NTSTATUS status;             /* with OUTCOME_STATUS */
  struct result *last;         /* where a query's or method's result goes: the session's, or a
                                  background statement's own until it is joined */
  bool wrote_last;             /* the statement replaced *last (exec_new_result) */
};

/* Clears the statement's result, for a query or a method to fill. */
struct result *exec_new_result(struct exec *exec);

/* Runs one statement; prints what went wrong. */
enum outcome interp_run(struct interp *interp, const struct statement *statement);

/* After the last statement: an unclaimed failure, unexpected violations.
 * Returns the exit code of the run so far, given the outcome that ended it. */
int interp_finish(struct interp *interp, enum outcome ended);

void interp_init(struct interp *interp, struct session *session, const char *file);
void interp_free(struct interp *interp);

/* Sets a variable (copies both strings). */
bool interp_set_variable(struct interp *interp, const char *name, const char *value);

/* Reports an error at argument `arg` (0-based; -1: the command's name) as
 * file:line:column with the source line, and returns `outcome`. */
enum outcome exec_error(struct exec *exec, int arg, enum outcome outcome, const char *format, ...)
    WMISIM_PRINTF(4, 5);

/* Reports that the operation returned `status` (printed on the result
 * stream, so transcripts show it) and returns OUTCOME_STATUS. */
enum outcome exec_status(struct exec *exec, NTSTATUS status);

/* Statuses by name: "STATUS_SUCCESS", "SUCCESS", "WMI_GUID_NOT_FOUND" or a
 * number (0xC0000295). False if unknown. */
bool parse_status(const char *text, NTSTATUS *status);

/* Unsigned integers in decimal or 0x hexadecimal; false if malformed. */
bool parse_u64(const char *text, uint64_t *value);

/* Durations "10ms", "2s", "500us", "100ns" in 100 ns units. */
bool parse_duration(const char *text, int64_t *interval);

#endif /* WMISIM_SIM_INTERP_H */
