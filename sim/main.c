/*
 * main.c - the wmisim command: dispatch to a subcommand.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"

struct subcommand {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
};

static const struct subcommand subcommands[] = {
  {"mof", wmisim_cmd_mof, "compile and check MOF files, generate driver headers"},
};

static void print_usage(FILE *out) {
  fprintf(out, "usage: wmisim <command> [options] [arguments]\n\ncommands:\n");
  for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
    fprintf(out, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
  fprintf(out, "\nRun 'wmisim <command> --help' for a command's options.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    print_usage(stderr);
    return WMISIM_EXIT_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
    print_usage(stdout);
    return WMISIM_EXIT_OK;
  }
  for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
    if (strcmp(argv[1], subcommands[i].name) == 0)
      return subcommands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "wmisim: unknown command '%s'\n", argv[1]);
  print_usage(stderr);
  return WMISIM_EXIT_USAGE;
}
