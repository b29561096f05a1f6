/*
 * drivers.h - finding driver files: a path as given, or a bundled example
 * by name, searched for (in order) in --examples-dir, $WMISIM_EXAMPLES_DIR,
 * the build tree beside the command (<dir of wmisim>/../examples/lib), the
 * install tree beside it (<dir of wmisim>/../<libdir>/wmisim/examples) and
 * the configured install directory.
 */
#ifndef WMISIM_SIM_DRIVERS_H
#define WMISIM_SIM_DRIVERS_H

#include <stdbool.h>

#include "session.h"
#include "strbuf.h"

/* The platform's shared-library suffix: ".so" or ".dll". */
const char *driver_suffix(void);

/* True when `spec` names a file (has a directory separator or the
 * library suffix) rather than an example. */
bool driver_spec_is_path(const char *spec);

/* Resolves `spec` to an existing file in `path`. False when nothing is
 * found; `searched` then lists the places tried, separated by ", ". */
bool driver_resolve(const struct session_options *options, const char *spec, strbuf_t *path, strbuf_t *searched);

/* The bundled examples the build knew of: name and one-line summary. */
struct example_info {
  const char *name;
  const char *summary;
};
const struct example_info *driver_examples(size_t *count);

#endif /* WMISIM_SIM_DRIVERS_H */
