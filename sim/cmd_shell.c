/*
 * cmd_shell.c - `wmisim shell`: the script language read from standard
 * input a line at a time, each statement run as soon as it is read, so it
 * works typed at a prompt and piped alike.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "help.h"
#include "interp.h"
#include "options.h"

/* One line of standard input without its newline; NULL at the end. */
static char *read_line(size_t *length) {
  strbuf_t line;
  sb_init(&line);
  int c;
  while ((c = fgetc(stdin)) != EOF && c != '\n') sb_putc(&line, (char)c);
  if (c == EOF && line.length == 0) {
    sb_free(&line);
    return NULL;
  }
  *length = line.length;
  return sb_take(&line);
}

static int shell_loop(struct session *session, struct interp *interp, bool prompt) {
  enum outcome ended = OUTCOME_OK;
  for (unsigned number = 1;; number++) {
    if (prompt) {
      fputs("wmisim> ", stdout);
      fflush(stdout);
    }
    size_t length = 0;
    char *line = read_line(&length);
    if (line == NULL) break;
    struct statement statement;
    struct script_error error;
    bool parsed = script_parse_line(line, length, number, &statement, &error);
    free(line);
    if (!parsed) {
      script_print_error("<stdin>", &error);
      interp->failures++;
      continue;
    }
    enum outcome outcome = statement.word_count > 0 ? interp_run(interp, &statement) : OUTCOME_OK;
    script_statement_free(&statement);
    fflush(session->out);
    if (outcome == OUTCOME_EXIT || outcome == OUTCOME_INTERNAL || outcome == OUTCOME_VIOLATION) {
      ended = outcome;
      break;
    }
  }
  if (prompt) fputc('\n', stdout);
  return interp_finish(interp, ended);
}

int wmisim_cmd_shell(int argc, char **argv) {
  if (options_want_help(argc, argv)) {
    fputs(help_text("shell"), stdout);
    return WMISIM_EXIT_OK;
  }
  struct session_options options;
  options_defaults(&options, argv[-1]);
  options.echo = false;
  options.keep_going = true;
  int prompt = -1;
  for (int i = 1; i < argc; i++) {
    int parsed = options_parse(&options, argc, argv, &i, "shell");
    if (parsed < 0) return WMISIM_EXIT_USAGE;
    if (parsed > 0) continue;
    if (strcmp(argv[i], "--prompt") == 0) prompt = 1;
    else if (strcmp(argv[i], "--no-prompt") == 0) prompt = 0;
    else return usage_error("shell", "unknown argument '%s'", argv[i]);
  }
  if (prompt < 0) prompt = wmisim_stream_is_terminal(stdin);
  struct session session;
  if (!session_open(&session, &options)) {
    session_free(&session);
    return WMISIM_EXIT_INTERNAL;
  }
  struct interp interp;
  interp_init(&interp, &session, "<stdin>");
  interp.quiet_unclaimed = true; /* the status line said it already */
  options_define(&options, &interp);
  int code = shell_loop(&session, &interp, prompt != 0);
  session_close(&session);
  if (session_unexpected_violations(&session) > 0) {
    fprintf(stderr, "<stdin>: error: %zu violation(s) of the checking mode not claimed by 'expect violation'\n",
            session_unexpected_violations(&session));
    if (code == WMISIM_EXIT_OK) code = WMISIM_EXIT_VIOLATION;
  }
  session_free(&session);
  interp_free(&interp);
  return code;
}
