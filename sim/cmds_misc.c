/*
 * cmds_misc.c - statements about the run itself: variables, printing, the
 * output format, the trace, help and exit.
 */
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "output.h"

enum outcome cmd_let(struct exec *exec) {
  if (!interp_set_variable(exec->interp, exec->argv[0], exec->argv[2]))
    return exec_error(exec, -1, OUTCOME_INTERNAL, "out of memory");
  return OUTCOME_OK;
}

enum outcome cmd_print(struct exec *exec) {
  strbuf_t text;
  sb_init(&text);
  for (int i = 0; i < exec->argc; i++) {
    if (i > 0) sb_putc(&text, ' ');
    sb_puts(&text, exec->argv[i]);
  }
  output_text(exec->session, exec->statement, sb_text(&text));
  sb_free(&text);
  return OUTCOME_OK;
}

bool parse_format(const char *text, enum output_format *format) {
  static const char *const names[] = {"list", "table", "json"};
  for (int i = 0; i < 3; i++)
    if (strcmp(text, names[i]) == 0) {
      *format = (enum output_format)i;
      return true;
    }
  return false;
}

enum outcome cmd_format(struct exec *exec) {
  /* A background statement prints in the format it started with. */
  if (exec->session->job_count > 0)
    return exec_error(exec, 0, OUTCOME_INPUT, "the format cannot change while a spawned statement is not joined");
  if (!parse_format(exec->argv[0], &exec->session->format))
    return exec_error(exec, 0, OUTCOME_INPUT, "'%s' is not a format: list, table or json", exec->argv[0]);
  return OUTCOME_OK;
}

enum outcome cmd_trace(struct exec *exec) {
  bool on = strcmp(exec->argv[0], "on") == 0;
  if (!on && strcmp(exec->argv[0], "off") != 0)
    return exec_error(exec, 0, OUTCOME_INPUT, "trace on or trace off");
  fflush(exec->session->out);
  if (!session_trace(exec->session, on)) return exec_error(exec, 0, OUTCOME_INPUT, "the trace cannot start");
  return OUTCOME_OK;
}

enum outcome cmd_help(struct exec *exec) {
  FILE *out = exec->session->out;
  if (exec->argc == 1) {
    const struct script_command *command = script_command_find(exec->argv[0]);
    if (command == NULL) return exec_error(exec, 0, OUTCOME_INPUT, "no command '%s'", exec->argv[0]);
    fprintf(out, "%s\n  %s\n", command->usage, command->summary);
    return OUTCOME_OK;
  }
  for (const struct script_command *c = script_commands; c->name != NULL; c++)
    fprintf(out, "  %s\n      %s\n", c->usage, c->summary);
  fprintf(out, "\nSee docs/scripts.md for the whole language.\n");
  return OUTCOME_OK;
}

enum outcome cmd_exit(struct exec *exec) {
  uint64_t code = 0;
  if (exec->argc == 1 && (!parse_u64(exec->argv[0], &code) || code > 255))
    return exec_error(exec, 0, OUTCOME_INPUT, "'%s' is not an exit status (0-255)", exec->argv[0]);
  exec->interp->exit_code = (int)code;
  return OUTCOME_EXIT;
}
