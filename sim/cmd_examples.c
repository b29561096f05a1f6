/*
 * cmd_examples.c - `wmisim examples`: the example drivers the build knew
 * of, and where their modules are found now.
 */
#include <string.h>

#include "commands.h"
#include "drivers.h"
#include "help.h"
#include "options.h"

int wmisim_cmd_examples(int argc, char **argv) {
  if (options_want_help(argc, argv)) {
    fputs(help_text("examples"), stdout);
    return WMISIM_EXIT_OK;
  }
  struct session_options options;
  options_defaults(&options, argv[-1]);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--examples-dir") == 0 && i + 1 < argc) options.examples_dir = argv[++i];
    else return usage_error("examples", "unknown argument '%s'", argv[i]);
  }
  size_t count;
  const struct example_info *examples = driver_examples(&count);
  if (count == 0) {
    puts("No examples were built with this wmisim (WMISIM_BUILD_EXAMPLES=OFF).");
    return WMISIM_EXIT_OK;
  }
  strbuf_t path, searched;
  sb_init(&path);
  sb_init(&searched);
  size_t width = 4;
  for (size_t i = 0; i < count; i++)
    if (strlen(examples[i].name) > width) width = strlen(examples[i].name);
  for (size_t i = 0; i < count; i++) {
    bool found = driver_resolve(&options, examples[i].name, &path, &searched);
    printf("%-*s  %s\n%-*s  %s\n", (int)width, examples[i].name, examples[i].summary, (int)width, "",
           found ? sb_text(&path) : "(module not found)");
  }
  sb_free(&path);
  sb_free(&searched);
  printf("\nLoad one in a script with 'load NAME'; see docs/tutorial.md.\n");
  return WMISIM_EXIT_OK;
}
