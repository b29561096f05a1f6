/*
 * options.c - command-line options shared by the subcommands that run
 * statements, reading script files, and running a parsed script from the
 * first statement to the exit status.
 */
#include "options.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "commands.h"
#include "help.h"
#include "interp.h"

void options_defaults(struct session_options *options, const char *program) {
  memset(options, 0, sizeof *options);
  options->format = OUTPUT_LIST;
  options->check = WMISIM_CHECK_REPORT;
  options->seed = 1;
  options->trace_format = WMISIM_TRACE_TEXT;
  options->colour = -1;
  options->echo = true;
  options->program = program;
}

bool options_want_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) return false;
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return true;
  }
  return false;
}

int usage_error(const char *command, const char *format, ...) {
  va_list args;
  va_start(args, format);
  fflush(stdout);
  fprintf(stderr, "wmisim %s: ", command);
  vfprintf(stderr, format, args);
  fprintf(stderr, "\nRun 'wmisim %s --help' for its options.\n", command);
  va_end(args);
  return WMISIM_EXIT_USAGE;
}

static const char *value_of(int argc, char **argv, int *i, const char *command) {
  if (*i + 1 >= argc) {
    usage_error(command, "%s needs a value", argv[*i]);
    return NULL;
  }
  return argv[++*i];
}

static int choose(const char *command, const char *option, const char *value, const char *const *names, int count,
                  int *chosen) {
  for (int n = 0; n < count; n++)
    if (strcmp(value, names[n]) == 0) {
      *chosen = n;
      return 1;
    }
  char choices[128] = "";
  for (int n = 0; n < count; n++)
    snprintf(choices + strlen(choices), sizeof choices - strlen(choices), "%s%s", n > 0 ? ", " : "", names[n]);
  usage_error(command, "%s: '%s' is not one of %s", option, value, choices);
  return -1;
}

int options_parse(struct session_options *o, int argc, char **argv, int *i, const char *command) {
  static const char *const formats[] = {"list", "table", "json"};
  static const char *const checks[] = {"off", "report", "fail-fast"};
  static const char *const traces[] = {"text", "jsonl", "mermaid"};
  static const char *const colours[] = {"never", "always", "auto"};
  const char *arg = argv[*i], *value;
  int chosen;
  if (strcmp(arg, "--echo") == 0) return o->echo = true, 1;
  if (strcmp(arg, "--no-echo") == 0) return o->echo = false, 1;
  if (strcmp(arg, "--keep-going") == 0 || strcmp(arg, "-k") == 0) return o->keep_going = true, 1;
  if (strcmp(arg, "--verbose") == 0 || strcmp(arg, "-v") == 0) return o->verbose = true, 1;
  if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) return o->quiet = true, 1;
  if (strcmp(arg, "-D") == 0 || strcmp(arg, "--define") == 0) {
    if ((value = value_of(argc, argv, i, command)) == NULL) return -1;
    const char *equals = strchr(value, '=');
    if (equals == NULL || equals == value) return usage_error(command, "%s: '%s' is not NAME=VALUE", arg, value), -1;
    if (o->define_count == sizeof o->defines / sizeof o->defines[0])
      return usage_error(command, "at most 32 variables can be defined on the command line"), -1;
    o->defines[o->define_count++] = argv[*i];
    return 1;
  }
  bool takes_value = strcmp(arg, "--format") == 0 || strcmp(arg, "--check") == 0 || strcmp(arg, "--seed") == 0 ||
                     strcmp(arg, "--trace") == 0 || strcmp(arg, "--trace-out") == 0 ||
                     strcmp(arg, "--trace-format") == 0 ||
                     strcmp(arg, "--colour") == 0 || strcmp(arg, "--color") == 0 ||
                     strcmp(arg, "--examples-dir") == 0;
  if (!takes_value) return 0;
  if ((value = value_of(argc, argv, i, command)) == NULL) return -1;
  if (strcmp(arg, "--format") == 0) {
    if (choose(command, arg, value, formats, 3, &chosen) < 0) return -1;
    o->format = (enum output_format)chosen;
    if (o->format == OUTPUT_JSON) o->echo = false;
  } else if (strcmp(arg, "--check") == 0) {
    if (choose(command, arg, value, checks, 3, &chosen) < 0) return -1;
    o->check = (wmisim_check_mode_t)chosen;
  } else if (strcmp(arg, "--seed") == 0) {
    char *end;
    o->seed = strtoull(value, &end, 0);
    if (value[0] < '0' || value[0] > '9' || *end != '\0')
      return usage_error(command, "--seed: '%s' is not a number", value), -1;
  } else if (strcmp(arg, "--trace") == 0 || strcmp(arg, "--trace-format") == 0) {
    if (choose(command, arg, value, traces, 3, &chosen) < 0) return -1;
    o->trace = o->trace || strcmp(arg, "--trace") == 0;
    o->trace_format = (wmisim_trace_format_t)chosen;
  } else if (strcmp(arg, "--trace-out") == 0) {
    o->trace_out = value;
  } else if (strcmp(arg, "--examples-dir") == 0) {
    o->examples_dir = value;
  } else {
    if (choose(command, arg, value, colours, 3, &chosen) < 0) return -1;
    o->colour = chosen == 2 ? -1 : chosen;
  }
  return 1;
}

char *read_file(const char *path, size_t *length) {
  bool standard_input = strcmp(path, "-") == 0;
  FILE *in = standard_input ? stdin : fopen(path, "rb");
  if (in == NULL) {
    fprintf(stderr, "wmisim: cannot read '%s': no such file or not readable\n", path);
    return NULL;
  }
  size_t capacity = 4096, size = 0;
  char *text = malloc(capacity);
  while (text != NULL) {
    size_t got = fread(text + size, 1, capacity - size - 1, in);
    size += got;
    if (size + 1 < capacity) break;
    char *grown = capacity < ((size_t)64 << 20) ? realloc(text, capacity * 2) : NULL;
    if (grown == NULL) {
      free(text);
      text = NULL;
      fprintf(stderr, "wmisim: '%s' is too large\n", path);
      break;
    }
    text = grown;
    capacity *= 2;
  }
  bool failed = ferror(in) != 0;
  if (!standard_input) fclose(in);
  if (text == NULL) return NULL;
  if (failed) {
    fprintf(stderr, "wmisim: cannot read '%s'\n", path);
    free(text);
    return NULL;
  }
  text[size] = '\0';
  *length = size;
  return text;
}

void options_define(const struct session_options *options, struct interp *interp) {
  for (size_t i = 0; i < options->define_count; i++) {
    char *equals = strchr(options->defines[i], '=');
    *equals = '\0';
    interp_set_variable(interp, options->defines[i], equals + 1);
    *equals = '=';
  }
}

/* After the run: violations no expectation claimed, and their rules. */
static int violations_verdict(struct session *session, const char *file, int code) {
  size_t unexpected = session_unexpected_violations(session);
  if (unexpected == 0) return code;
  fflush(stdout);
  fprintf(stderr, "%s: error: %zu violation(s) of the checking mode not claimed by 'expect violation':", file,
          unexpected);
  for (size_t i = 0; i < session->violation_count; i++)
    if (!session->violations[i].expected) fprintf(stderr, " %s", session->violations[i].rule);
  fputc('\n', stderr);
  return code == WMISIM_EXIT_OK ? WMISIM_EXIT_VIOLATION : code;
}

int run_script(const struct session_options *options, const struct script *script) {
  if (options->trace_out != NULL) {
    FILE *probe = fopen(options->trace_out, "ab");
    if (probe == NULL) {
      fprintf(stderr, "wmisim: cannot write the trace to '%s'\n", options->trace_out);
      return WMISIM_EXIT_INPUT;
    }
    fclose(probe);
  }
  struct session session;
  if (!session_open(&session, options)) {
    session_free(&session);
    return WMISIM_EXIT_INTERNAL;
  }
  struct interp interp;
  interp_init(&interp, &session, script->file);
  options_define(options, &interp);
  enum outcome first = OUTCOME_OK;
  for (size_t i = 0; i < script->count; i++) {
    enum outcome outcome = interp_run(&interp, &script->statements[i]);
    if (outcome == OUTCOME_OK) continue;
    if (first == OUTCOME_OK || outcome == OUTCOME_EXIT) first = outcome;
    bool stop = outcome == OUTCOME_EXIT || outcome == OUTCOME_INTERNAL || outcome == OUTCOME_VIOLATION ||
                !options->keep_going;
    if (stop) break;
  }
  int code = interp_finish(&interp, first);
  fflush(session.out);
  session_close(&session);
  code = violations_verdict(&session, script->file, code);
  session_free(&session);
  interp_free(&interp);
  fflush(stdout);
  return code;
}
