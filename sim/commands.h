/*
 * commands.h - the wmisim command's subcommands.
 *
 * Each subcommand has the signature of main(): argv[0] is the subcommand's
 * name. It returns one of the exit codes below, documented in
 * docs/wmisim.1.md; scripts use the same codes.
 */
#ifndef WMISIM_SIM_COMMANDS_H
#define WMISIM_SIM_COMMANDS_H

enum wmisim_exit_code {
  WMISIM_EXIT_OK = 0,            /* success; every expectation held */
  WMISIM_EXIT_FAILURE = 1,       /* an operation failed or an expectation did not hold */
  WMISIM_EXIT_USAGE = 2,         /* bad command line */
  WMISIM_EXIT_INPUT = 3,         /* malformed input: script, MOF, unknown class or file */
  WMISIM_EXIT_DRIVER = 4,        /* a driver could not be loaded, or its DriverEntry failed */
  WMISIM_EXIT_VIOLATION = 5,     /* the checking mode reported a violation no expectation claimed */
  WMISIM_EXIT_BUGCHECK = 6,      /* a driver caused a bug check */
  WMISIM_EXIT_INTERNAL = 70      /* a bug in wmisim itself, or out of memory */
};

/* `wmisim mof ...`: compile, check and generate headers from MOF files. */
int wmisim_cmd_mof(int argc, char **argv);

/* `wmisim run SCRIPT`: run a scenario script. */
int wmisim_cmd_run(int argc, char **argv);

/* `wmisim shell`: the same language, a line at a time from standard input. */
int wmisim_cmd_shell(int argc, char **argv);

/* `wmisim examples`: the bundled example drivers and where they are. */
int wmisim_cmd_examples(int argc, char **argv);

/* `wmisim list|query|set|setitem|call --driver D ...`: one script command
 * against one device of one driver. */
int wmisim_cmd_oneshot(int argc, char **argv);

/* `wmisim help [COMMAND]`. */
int wmisim_cmd_help(int argc, char **argv);

#endif /* WMISIM_SIM_COMMANDS_H */
