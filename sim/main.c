/*
 * main.c - the wmisim command: dispatch to a subcommand.
 */
#include <stdio.h>
#include <string.h>

#include <wmisim.h>

#include "commands.h"
#include "help.h"

struct subcommand {
  const char *name;
  int (*run)(int argc, char **argv);
};

static const struct subcommand subcommands[] = {
  {"run", wmisim_cmd_run},         {"shell", wmisim_cmd_shell},     {"examples", wmisim_cmd_examples},
  {"list", wmisim_cmd_oneshot},    {"query", wmisim_cmd_oneshot},   {"set", wmisim_cmd_oneshot},
  {"setitem", wmisim_cmd_oneshot}, {"call", wmisim_cmd_oneshot},    {"mof", wmisim_cmd_mof},
  {"help", wmisim_cmd_help},
};

int main(int argc, char **argv) {
  if (argc < 2) {
    help_overview(stderr);
    return WMISIM_EXIT_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    help_overview(stdout);
    return WMISIM_EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("wmisim %s\n", WMISIM_VERSION_STRING);
    return WMISIM_EXIT_OK;
  }
  /* Subcommands find bundled examples relative to argv[0], at argv[-1]. */
  for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
    if (strcmp(argv[1], subcommands[i].name) == 0) return subcommands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "wmisim: unknown command '%s'\n", argv[1]);
  help_overview(stderr);
  return WMISIM_EXIT_USAGE;
}
