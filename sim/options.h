/*
 * options.h - the options `run`, `shell` and the one-shot commands share,
 * parsed from the command line into session_options.
 */
#ifndef WMISIM_SIM_OPTIONS_H
#define WMISIM_SIM_OPTIONS_H

#include "session.h"

/* The defaults: list format, report mode, seed 1, no trace, colour auto,
 * echo on. */
void options_defaults(struct session_options *options, const char *program);

/* Parses the option at argv[*i] (and its value). Returns 1 if it was one
 * (advancing *i past its value), 0 if argv[*i] is no shared option, -1
 * after printing a message for a bad one. */
int options_parse(struct session_options *options, int argc, char **argv, int *i, const char *command);

/* Sets the -D NAME=VALUE variables in a run's interpreter. */
struct interp;
void options_define(const struct session_options *options, struct interp *interp);

/* True for "--help" and "-h" anywhere in argv. */
bool options_want_help(int argc, char **argv);

/* Prints "wmisim CMD: message" and the command's help to stderr; returns
 * the usage exit status. */
int usage_error(const char *command, const char *format, ...) WMISIM_PRINTF(2, 3);

/* Reads a whole file (or standard input for "-") into a malloc'ed,
 * NUL-terminated buffer; NULL (message printed) if it cannot. */
char *read_file(const char *path, size_t *length);

/* Runs parsed statements in a new session and returns the exit status:
 * the common end of `run` and the one-shot commands. */
struct script;
int run_script(const struct session_options *options, const struct script *script);

#endif /* WMISIM_SIM_OPTIONS_H */
