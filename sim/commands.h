/*
 * commands.h - the wmisim command's subcommands.
 *
 * Each subcommand lives in its own sim/cmd_<name>.c and has the signature of
 * main(): argv[0] is the subcommand's name. It returns one of the exit codes
 * below, documented in docs/wmisim.1.md.
 */
#ifndef WMISIM_SIM_COMMANDS_H
#define WMISIM_SIM_COMMANDS_H

enum wmisim_exit_code {
  WMISIM_EXIT_OK = 0,            /* success; every expectation held */
  WMISIM_EXIT_FAILURE = 1,       /* an operation failed or an expectation did not hold */
  WMISIM_EXIT_USAGE = 2,         /* bad command line */
  WMISIM_EXIT_INPUT = 3,         /* malformed input file (script, MOF, ...) */
  WMISIM_EXIT_DRIVER = 4,        /* a driver could not be loaded or started */
  WMISIM_EXIT_VIOLATION = 5,     /* the checking mode reported a violation */
  WMISIM_EXIT_INTERNAL = 70      /* a bug in wmisim itself */
};

/* `wmisim mof ...`: compile, check and generate headers from MOF files. */
int wmisim_cmd_mof(int argc, char **argv);

#endif /* WMISIM_SIM_COMMANDS_H */
