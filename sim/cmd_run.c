/*
 * cmd_run.c - `wmisim run SCRIPT`: parse the whole script, then run it.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "help.h"
#include "options.h"
#include "script.h"

int wmisim_cmd_run(int argc, char **argv) {
  if (options_want_help(argc, argv)) {
    fputs(help_text("run"), stdout);
    return WMISIM_EXIT_OK;
  }
  struct session_options options;
  options_defaults(&options, argv[-1]);
  const char *file = NULL;
  for (int i = 1; i < argc; i++) {
    int parsed = options_parse(&options, argc, argv, &i, "run");
    if (parsed < 0) return WMISIM_EXIT_USAGE;
    if (parsed > 0) continue;
    if (argv[i][0] == '-' && argv[i][1] != '\0') return usage_error("run", "unknown option '%s'", argv[i]);
    if (file != NULL) return usage_error("run", "one script at a time ('%s' and '%s')", file, argv[i]);
    file = argv[i];
  }
  if (file == NULL) return usage_error("run", "which script? (wmisim run SCRIPT)");
  size_t length = 0;
  char *text = read_file(file, &length);
  if (text == NULL) return WMISIM_EXIT_INPUT;
  struct script script;
  struct script_error error;
  bool parsed = script_parse(strcmp(file, "-") == 0 ? "<stdin>" : file, text, length, &script, &error);
  free(text);
  if (!parsed) {
    script_print_error(strcmp(file, "-") == 0 ? "<stdin>" : file, &error);
    return WMISIM_EXIT_INPUT;
  }
  int code = run_script(&options, &script);
  script_free(&script);
  return code;
}
