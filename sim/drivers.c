/*
 * drivers.c - resolving a `load` argument to a driver file, and the list
 * of bundled examples compiled in by the build (sim/CMakeLists.txt).
 */
#include "drivers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "examples_list.h"

#ifndef WMISIM_EXAMPLES_RELATIVE_DIR
#define WMISIM_EXAMPLES_RELATIVE_DIR "../lib/wmisim/examples"
#endif
#ifndef WMISIM_EXAMPLES_INSTALL_DIR
#define WMISIM_EXAMPLES_INSTALL_DIR ""
#endif
/* "name\tsummary\n..." for every example the build knew of. */
#ifndef WMISIM_BUNDLED_EXAMPLES
#define WMISIM_BUNDLED_EXAMPLES ""
#endif

const char *driver_suffix(void) {
#ifdef _WIN32
  return ".dll";
#else
  return ".so";
#endif
}

static bool ends_with(const char *text, const char *suffix) {
  size_t n = strlen(text), m = strlen(suffix);
  return n >= m && strcmp(text + n - m, suffix) == 0;
}

bool driver_spec_is_path(const char *spec) {
  return strchr(spec, '/') != NULL || strchr(spec, '\\') != NULL || ends_with(spec, driver_suffix());
}

static bool exists(const char *path) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) return false;
  fclose(file);
  return true;
}

/* The directory part of the command's own path, "" if it has none. */
static void program_dir(const char *program, strbuf_t *dir) {
  sb_clear(dir);
  if (program == NULL) return;
  const char *last = NULL;
  for (const char *p = program; *p != '\0'; p++)
    if (*p == '/' || *p == '\\') last = p;
  if (last != NULL) sb_append(dir, program, (size_t)(last - program) + 1);
}

/* Tries `<dir>/<name><suffix>`; notes the place in `searched`. */
static bool try_dir(const char *dir, const char *name, strbuf_t *path, strbuf_t *searched) {
  if (dir == NULL || dir[0] == '\0') return false;
  sb_clear(path);
  sb_puts(path, dir);
  if (!ends_with(dir, "/") && !ends_with(dir, "\\")) sb_putc(path, '/');
  sb_printf(path, "%s%s", name, driver_suffix());
  if (searched->length > 0) sb_puts(searched, ", ");
  sb_puts(searched, dir);
  return exists(sb_text(path));
}

bool driver_resolve(const struct session_options *options, const char *spec, strbuf_t *path, strbuf_t *searched) {
  sb_clear(searched);
  if (driver_spec_is_path(spec)) {
    sb_clear(path);
    sb_puts(path, spec);
    sb_puts(searched, spec);
    return exists(spec);
  }
  strbuf_t dir;
  sb_init(&dir);
  program_dir(options->program, &dir);
  bool beside = dir.length > 0;
  strbuf_t build_dir, install_dir;
  sb_init(&build_dir);
  sb_init(&install_dir);
  sb_printf(&build_dir, "%s../examples/lib", sb_text(&dir));
  sb_printf(&install_dir, "%s%s", sb_text(&dir), WMISIM_EXAMPLES_RELATIVE_DIR);
  bool found = try_dir(options->examples_dir, spec, path, searched) ||
               try_dir(getenv("WMISIM_EXAMPLES_DIR"), spec, path, searched) ||
               (beside && try_dir(sb_text(&build_dir), spec, path, searched)) ||
               (beside && try_dir(sb_text(&install_dir), spec, path, searched)) ||
               try_dir(WMISIM_EXAMPLES_INSTALL_DIR, spec, path, searched);
  sb_free(&dir);
  sb_free(&build_dir);
  sb_free(&install_dir);
  return found;
}

/* ---- the bundled examples ------------------------------------------------------------------------- */

#define MAX_EXAMPLES 32

const struct example_info *driver_examples(size_t *count) {
  static struct example_info examples[MAX_EXAMPLES];
  static char text[] = WMISIM_BUNDLED_EXAMPLES;
  static size_t parsed;
  static bool ready;
  if (!ready) {
    /* The list is split in place once; the command is single-threaded here. */
    char *line = text;
    while (*line != '\0' && parsed < MAX_EXAMPLES) {
      char *end = strchr(line, '\n');
      if (end != NULL) *end = '\0';
      char *tab = strchr(line, '\t');
      if (tab != NULL) *tab = '\0';
      examples[parsed++] = (struct example_info){line, tab != NULL ? tab + 1 : ""};
      if (end == NULL) break;
      line = end + 1;
    }
    ready = true;
  }
  *count = parsed;
  return examples;
}
