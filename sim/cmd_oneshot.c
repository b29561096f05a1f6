/*
 * cmd_oneshot.c - `wmisim list|query|set|setitem|call --driver D ...`: a
 * script of four statements (load, device, start, the command) written
 * from the command line and run like any other.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "help.h"
#include "options.h"
#include "script.h"

/* `text` as one quoted script word: nothing in it is special any more. */
static void quoted(strbuf_t *line, const char *text) {
  sb_putc(line, ' ');
  sb_putc(line, '"');
  for (const char *p = text; *p != '\0'; p++) {
    if (*p == '"' || *p == '\\') sb_putc(line, '\\');
    if (*p == '$') sb_putc(line, '$');
    sb_putc(line, *p);
  }
  sb_putc(line, '"');
}

/* The service name a driver file gets: its base name without "lib" and
 * suffix, as wmisim_driver_load names it. */
static void service_name(const char *spec, strbuf_t *name) {
  const char *base = spec;
  for (const char *p = spec; *p != '\0'; p++)
    if (*p == '/' || *p == '\\') base = p + 1;
  if (strncmp(base, "lib", 3) == 0 && base[3] != '\0') base += 3;
  size_t length = strcspn(base, ".");
  sb_append(name, base, length);
}

static int run_text(const struct session_options *options, const char *text) {
  struct script script;
  struct script_error error;
  if (!script_parse("<command line>", text, strlen(text), &script, &error)) {
    script_print_error("<command line>", &error);
    return WMISIM_EXIT_USAGE;
  }
  int code = run_script(options, &script);
  script_free(&script);
  return code;
}

/* The four statements: load DRIVER, device ID, start ID, STATEMENT. */
static void write_script(const char *driver, const char *device, const char *statement, strbuf_t *text) {
  strbuf_t name, id;
  sb_init(&name);
  sb_init(&id);
  service_name(driver, &name);
  if (device != NULL) {
    sb_puts(&id, device);
  } else {
    sb_puts(&id, "ROOT\\");
    for (const char *p = sb_text(&name); *p != '\0'; p++) sb_putc(&id, (char)toupper((unsigned char)*p));
    sb_puts(&id, "\\0000");
  }
  sb_puts(text, "load");
  quoted(text, driver);
  sb_puts(text, " as");
  quoted(text, sb_text(&name));
  sb_puts(text, "\ndevice");
  quoted(text, sb_text(&id));
  quoted(text, sb_text(&name));
  sb_puts(text, "\nstart");
  quoted(text, sb_text(&id));
  sb_printf(text, "\n%s\n", statement);
  sb_free(&name);
  sb_free(&id);
}

int wmisim_cmd_oneshot(int argc, char **argv) {
  const char *command = argv[0];
  if (options_want_help(argc, argv)) {
    fputs(help_text(command), stdout);
    return WMISIM_EXIT_OK;
  }
  struct session_options options;
  options_defaults(&options, argv[-1]);
  options.echo = false;
  options.quiet_lines = 3; /* load, device and start are the command line's, not the user's */
  const char *driver = NULL, *device = NULL;
  strbuf_t statement;
  sb_init(&statement);
  sb_puts(&statement, command);
  for (int i = 1; i < argc; i++) {
    int parsed = options_parse(&options, argc, argv, &i, command);
    if (parsed < 0) return sb_free(&statement), WMISIM_EXIT_USAGE;
    if (parsed > 0) continue;
    if (strcmp(argv[i], "--driver") == 0 && i + 1 < argc) {
      driver = argv[++i];
    } else if (strcmp(argv[i], "--device") == 0 && i + 1 < argc) {
      device = argv[++i];
    } else if (argv[i][0] == '-' && argv[i][1] == '-') {
      sb_free(&statement);
      return usage_error(command, "unknown or incomplete option '%s'", argv[i]);
    } else {
      quoted(&statement, argv[i]);
    }
  }
  if (driver == NULL) {
    sb_free(&statement);
    return usage_error(command, "which driver? (--driver FILE or --driver EXAMPLE)");
  }
  strbuf_t text;
  sb_init(&text);
  write_script(driver, device, sb_text(&statement), &text);
  int code = text.failed || statement.failed ? WMISIM_EXIT_INTERNAL : run_text(&options, sb_text(&text));
  sb_free(&text);
  sb_free(&statement);
  return code;
}
