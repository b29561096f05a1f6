/*
 * cmds_setup.c - statements that build the simulated machine: loading
 * drivers and MOF files, enumerating devices and the PnP actions on them,
 * playing the hardware, and moving the virtual clock.
 */
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "drivers.h"
#include "output.h"

static enum outcome done(struct exec *exec) {
  output_done(exec->session, exec->statement);
  return OUTCOME_OK;
}

static enum outcome status_or_done(struct exec *exec, NTSTATUS status) {
  return NT_SUCCESS(status) ? done(exec) : exec_status(exec, status);
}

/* ---- drivers and MOF ------------------------------------------------------------------------------- */

/* "dir/disktemp.so" -> "dir/disktemp.mof": a MOF beside the driver, named like it. */
static void load_mof_beside(struct session *session, const char *path) {
  strbuf_t mof;
  sb_init(&mof);
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/') > strrchr(path, '\\') ? strrchr(path, '/') : strrchr(path, '\\');
  size_t stem = dot != NULL && (slash == NULL || dot > slash) ? (size_t)(dot - path) : strlen(path);
  sb_append(&mof, path, stem);
  sb_puts(&mof, ".mof");
  if (NT_SUCCESS(session_load_mof(session, sb_text(&mof), true))) session_check_mof(session, sb_text(&mof));
  sb_free(&mof);
}


enum outcome cmd_load(struct exec *exec) {
  struct session *session = exec->session;
  const char *spec = exec->argv[0], *name = exec->argc == 3 ? exec->argv[2] : NULL;
  strbuf_t path, searched;
  sb_init(&path);
  sb_init(&searched);
  enum outcome outcome = OUTCOME_OK;
  if (!driver_resolve(&session->options, spec, &path, &searched)) {
    outcome = driver_spec_is_path(spec)
                  ? exec_error(exec, 0, OUTCOME_DRIVER, "cannot load '%s': no such file", spec)
                  : exec_error(exec, 0, OUTCOME_DRIVER,
                               "cannot load '%s': not a file and not a bundled example (looked in %s; see "
                               "'wmisim examples')",
                               spec, searched.length > 0 ? sb_text(&searched) : "no example directory");
  } else if (name != NULL && session_driver(session, name) != NULL) {
    outcome = exec_error(exec, 2, OUTCOME_INPUT, "a driver named '%s' is already loaded", name);
  } else {
    char why[600] = "";
    wmisim_driver_t *driver = NULL;
    NTSTATUS status = wmisim_driver_load(session->sim, sb_text(&path), name, &driver, why, sizeof why);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND || status == STATUS_INVALID_IMAGE_FORMAT) {
      outcome = exec_error(exec, 0, OUTCOME_DRIVER, "cannot load %s", why);
    } else if (!NT_SUCCESS(status)) {
      outcome = exec_status(exec, status);
    } else if (!session_add_driver(session, wmisim_driver_name(driver), sb_text(&path), driver)) {
      outcome = exec_error(exec, -1, OUTCOME_INTERNAL, "out of memory");
    } else {
      load_mof_beside(session, sb_text(&path));
      outcome = done(exec);
    }
  }
  sb_free(&path);
  sb_free(&searched);
  return outcome;
}

enum outcome cmd_unload(struct exec *exec) {
  struct loaded_driver *driver = session_driver(exec->session, exec->argv[0]);
  if (driver == NULL) return exec_error(exec, 0, OUTCOME_INPUT, "no driver named '%s' is loaded", exec->argv[0]);
  NTSTATUS status = wmisim_driver_unload(driver->driver);
  if (NT_SUCCESS(status)) driver->driver = NULL;
  return status_or_done(exec, status);
}

enum outcome cmd_mof(struct exec *exec) {
  NTSTATUS status = session_load_mof(exec->session, exec->argv[0], true);
  if (status == STATUS_OBJECT_NAME_NOT_FOUND)
    return exec_error(exec, 0, OUTCOME_INPUT, "cannot read MOF file '%s'", exec->argv[0]);
  if (!NT_SUCCESS(status))
    return exec_error(exec, 0, OUTCOME_INPUT, "'%s' is not a valid MOF file (%s)", exec->argv[0],
                      wmisim_status_name(status));
  return done(exec);
}

/* ---- devices ------------------------------------------------------------------------------------ */

static wmisim_driver_t *loaded(struct exec *exec, int arg) {
  struct loaded_driver *driver = session_driver(exec->session, exec->argv[arg]);
  if (driver == NULL || driver->driver == NULL) {
    exec_error(exec, arg, OUTCOME_INPUT, "no driver named '%s' is loaded (load it first)", exec->argv[arg]);
    return NULL;
  }
  return driver->driver;
}

enum outcome cmd_device(struct exec *exec) {
  wmisim_driver_t *upper[8], *lower[8];
  wmisim_device_spec_t spec = {.instance_id = exec->argv[0], .upper_filters = upper, .lower_filters = lower};
  if ((spec.function_driver = loaded(exec, 1)) == NULL) return OUTCOME_INPUT;
  for (int i = 2; i + 1 < exec->argc; i += 2) {
    bool is_upper = strcmp(exec->argv[i], "upper") == 0;
    size_t *count = is_upper ? &spec.upper_filter_count : &spec.lower_filter_count;
    wmisim_driver_t **list = is_upper ? upper : lower;
    if (*count == 8) return exec_error(exec, i, OUTCOME_INPUT, "at most 8 %s filters", exec->argv[i]);
    if ((list[(*count)++] = loaded(exec, i + 1)) == NULL) return OUTCOME_INPUT;
  }
  wmisim_devnode_t *node;
  return status_or_done(exec, wmisim_device_add(exec->session->sim, &spec, &node));
}

static wmisim_devnode_t *device(struct exec *exec) {
  wmisim_devnode_t *node = wmisim_device_find(exec->session->sim, exec->argv[0]);
  if (node == NULL)
    exec_error(exec, 0, OUTCOME_INPUT, "no device '%s' (add it with 'device %s DRIVER')", exec->argv[0],
               exec->argv[0]);
  return node;
}

enum outcome cmd_pnp(struct exec *exec) {
  wmisim_devnode_t *node = device(exec);
  if (node == NULL) return OUTCOME_INPUT;
  const char *action = exec->statement->command->name;
  NTSTATUS status;
  if (strcmp(action, "start") == 0) {
    status = wmisim_device_start(node);
    if (NT_SUCCESS(status)) session_check_registered_mofs(exec->session);
  } else if (strcmp(action, "stop") == 0) status = wmisim_device_stop(node);
  else if (strcmp(action, "surprise-remove") == 0) status = wmisim_device_surprise_remove(node);
  else if (strcmp(action, "surprise") == 0) status = wmisim_device_surprise_removal(node);
  else if (wmisim_device_state(node) == WMISIM_DEVICE_SURPRISE_REMOVED)
    status = wmisim_device_remove_after_surprise(node);
  else status = wmisim_device_remove(node);
  return status_or_done(exec, status);
}

/* ---- hardware and time ---------------------------------------------------------------------------- */

typedef void (*hardware_fn)(LONG value);

enum outcome cmd_hardware(struct exec *exec) {
  struct loaded_driver *driver = session_driver(exec->session, exec->argv[0]);
  if (driver == NULL || driver->driver == NULL)
    return exec_error(exec, 0, OUTCOME_INPUT, "no driver named '%s' is loaded", exec->argv[0]);
  long long value;
  char *end;
  value = strtoll(exec->argv[2], &end, 0);
  if (exec->argv[2][0] == '\0' || *end != '\0' || value < -2147483647ll - 1 || value > 2147483647ll)
    return exec_error(exec, 2, OUTCOME_INPUT, "'%s' is not a 32-bit integer", exec->argv[2]);
  void *symbol = wmisim_driver_symbol(driver->driver, exec->argv[1]);
  if (symbol == NULL)
    return exec_error(exec, 1, OUTCOME_INPUT, "the module of '%s' exports no '%s'", exec->argv[0], exec->argv[1]);
  hardware_fn fn = (hardware_fn)(uintptr_t)symbol;
  fn((LONG)value);
  return done(exec);
}

enum outcome cmd_advance(struct exec *exec) {
  int64_t interval;
  if (!parse_duration(exec->argv[0], &interval))
    return exec_error(exec, 0, OUTCOME_INPUT, "'%s' is not a duration (e.g. 10ms, 2s)", exec->argv[0]);
  return status_or_done(exec, wmisim_clock_advance(exec->session->sim, interval));
}

enum outcome cmd_wait(struct exec *exec) {
  if (!wmisim_wait_idle(exec->session->sim, 10000))
    return exec_error(exec, -1, OUTCOME_EXPECT, "the simulator did not become idle within 10 s");
  return done(exec);
}
