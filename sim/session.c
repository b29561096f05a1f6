/*
 * session.c - creating and tearing down a session's simulator, the event
 * queue fed by the simulator's event thread, the violations it reports,
 * the trace writer and the MOF schema.
 */
#include "session.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "jobs.h"

void session_lock(volatile LONG *lock) {
  while (InterlockedCompareExchange(lock, 1, 0) != 0) {
  }
}

void session_unlock(volatile LONG *lock) {
  InterlockedExchange(lock, 0);
}

/* ---- simulator callbacks ------------------------------------------------------------------------ */

static void log_line(void *context, wmisim_log_level_t level, const char *message) {
  struct session *session = context;
  if (level == WMISIM_LOG_INFO) return;
  if (level == WMISIM_LOG_DEBUG && !session->options.verbose) return;
  fflush(session->out);
  if (level == WMISIM_LOG_DEBUG) fprintf(stderr, "%s\n", message);
  else fprintf(stderr, "wmisim: %s: %s\n", level == WMISIM_LOG_ERROR ? "error" : "warning", message);
}

static void record_violation(void *context, const wmisim_violation_t *violation) {
  struct session *session = context;
  char line[1024];
  wmisim_violation_format(violation, line, sizeof line);
  char *rule = sim_strdup(violation->rule), *text = sim_strdup(line);
  session_lock(&session->violation_lock);
  struct violation_copy *grown =
      rule != NULL && text != NULL
          ? realloc(session->violations, (session->violation_count + 1) * sizeof *grown)
          : NULL;
  if (grown != NULL) {
    session->violations = grown;
    grown[session->violation_count++] = (struct violation_copy){rule, text, false};
    rule = text = NULL;
  }
  session_unlock(&session->violation_lock);
  free(rule);
  free(text);
}

/* A bug check ends the simulated machine: nothing can be cleaned up. */
static void bugcheck(void *context, ULONG code, const ULONG_PTR parameters[4], const char *description) {
  struct session *session = context;
  (void)parameters;
  fflush(session->out);
  fprintf(stderr, "wmisim: a driver caused bug check 0x%08lX: %s\n", (unsigned long)code, description);
  fflush(stderr);
  exit(WMISIM_EXIT_BUGCHECK);
}

static FILE *trace_stream(struct session *session) {
  return session->trace_file != NULL ? session->trace_file : session->out;
}

bool session_trace(struct session *session, bool on) {
  if (!on) {
    session_lock(&session->state_lock);
    wmisim_trace_writer_t *writer = session->writer;
    session->writer = NULL;
    session_unlock(&session->state_lock);
    wmisim_trace_writer_close(writer);
    return true;
  }
  if (session->writer != NULL) return true;
  const struct session_options *o = &session->options;
  if (o->trace_out != NULL && session->trace_file == NULL) {
    session->trace_file = fopen(o->trace_out, "wb");
    if (session->trace_file == NULL) {
      fprintf(stderr, "wmisim: cannot write the trace to %s\n", o->trace_out);
      return false;
    }
  }
  FILE *stream = trace_stream(session);
  bool colour = o->colour > 0 || (o->colour < 0 && wmisim_trace_colour_default(stream));
  wmisim_trace_writer_t *writer;
  if (!NT_SUCCESS(wmisim_trace_writer_open(session->sim, stream, o->trace_format, colour, &writer))) {
    fprintf(stderr, "wmisim: cannot start the trace\n");
    return false;
  }
  session_lock(&session->state_lock);
  wmisim_trace_writer_set_schema(writer, session->schema);
  session->writer = writer;
  session_unlock(&session->state_lock);
  return true;
}

bool session_open(struct session *session, const struct session_options *options) {
  memset(session, 0, sizeof *session);
  session->options = *options;
  session->out = stdout;
  session->format = options->format;
  wmisim_options_t sim_options;
  wmisim_options_init(&sim_options);
  sim_options.check_mode = options->check;
  sim_options.seed = options->seed;
  sim_options.log = log_line;
  sim_options.log_context = session;
  if (!NT_SUCCESS(wmisim_mof_schema_create(&session->schema)) ||
      !NT_SUCCESS(wmisim_create(&sim_options, &session->sim))) {
    fprintf(stderr, "wmisim: cannot create the simulator\n");
    wmisim_mof_schema_destroy(session->schema);
    session->schema = NULL;
    return false;
  }
  wmisim_set_violation_handler(session->sim, record_violation, session);
  wmisim_set_bugcheck_handler(session->sim, bugcheck, session);
  return !options->trace || session_trace(session, true);
}

/* ---- events ------------------------------------------------------------------------------------ */

struct event_copy *session_take_events(struct session *session) {
  session_lock(&session->event_lock);
  struct event_copy *events = session->event_head;
  session->event_head = session->event_tail = NULL;
  session_unlock(&session->event_lock);
  return events;
}

void session_free_events(struct event_copy *events) {
  while (events != NULL) {
    struct event_copy *next = events->next;
    free(events->wnode);
    free(events);
    events = next;
  }
}

/* ---- MOF and drivers, under the state lock ------------------------------------------------------ */

static bool file_exists(const char *path) {
  FILE *probe = fopen(path, "rb");
  if (probe != NULL) fclose(probe);
  return probe != NULL;
}

static bool path_listed(const struct path_list *list, const char *path) {
  for (size_t i = 0; i < list->count; i++)
    if (strcmp(list->paths[i], path) == 0) return true;
  return false;
}

/* Adds a copy of `path`; false, nothing added, if memory ran out. */
static bool path_add(struct path_list *list, const char *path) {
  char **grown = realloc(list->paths, (list->count + 1) * sizeof *grown);
  if (grown != NULL) list->paths = grown;
  char *copy = grown != NULL ? sim_strdup(path) : NULL;
  if (copy == NULL) return false;
  list->paths[list->count++] = copy;
  return true;
}

static void path_list_free(struct path_list *list) {
  for (size_t i = 0; i < list->count; i++) free(list->paths[i]);
  free(list->paths);
  *list = (struct path_list){NULL, 0};
}

static NTSTATUS load_mof(struct session *session, const char *path, bool quiet_if_missing) {
  if (path_listed(&session->mof_files, path)) return STATUS_SUCCESS;
  if (!file_exists(path)) {
    if (!quiet_if_missing) fprintf(stderr, "wmisim: %s: no such MOF file\n", path);
    return STATUS_OBJECT_NAME_NOT_FOUND;
  }
  wmisim_mof_diagnostics *diags = NULL;
  wmisim_mof_diagnostics_create(&diags);
  /* The trace writer decodes by this schema on whichever thread an event
   * happens: it lets go of it for the load. */
  wmisim_trace_writer_set_schema(session->writer, NULL);
  NTSTATUS status = wmisim_mof_schema_load_file(session->schema, path, diags);
  wmisim_trace_writer_set_schema(session->writer, session->schema);
  if (wmisim_mof_diagnostics_count(diags) > 0) {
    fflush(session->out);
    wmisim_mof_diagnostics_print(diags, stderr);
  }
  wmisim_mof_diagnostics_destroy(diags);
  path_add(&session->mof_files, path); /* also failed ones: once */
  return status;
}

static void check_mof(struct session *session, const char *path) {
  if (path_listed(&session->checked_mofs, path) || !path_add(&session->checked_mofs, path)) return;
  wmisim_check_load_mof(session->sim, path, NULL); /* its errors were shown when the command loaded it */
}

/* Where a loaded driver's directory would hold the MOF file of a resource
 * name: path receives it. False if the driver has no file or it does not fit. */
static bool resource_beside(const struct loaded_driver *driver, const char *resource, char *path, size_t size) {
  size_t needed;
  return driver->path != NULL && NT_SUCCESS(wmisim_mof_resource_path(driver->path, resource, path, size, &needed));
}

NTSTATUS session_load_mof(struct session *session, const char *path, bool quiet_if_missing) {
  session_lock(&session->state_lock);
  NTSTATUS status = load_mof(session, path, quiet_if_missing);
  session_unlock(&session->state_lock);
  return status;
}

void session_check_mof(struct session *session, const char *path) {
  session_lock(&session->state_lock);
  check_mof(session, path);
  session_unlock(&session->state_lock);
}

void session_check_registered_mofs(struct session *session) {
  GUID guids[256];
  ULONG count = sizeof guids / sizeof guids[0];
  NTSTATUS status = wmisim_wmi_enumerate_guids(session->sim, guids, &count);
  if (!NT_SUCCESS(status) && status != STATUS_BUFFER_TOO_SMALL) return;
  if (count > sizeof guids / sizeof guids[0]) count = sizeof guids / sizeof guids[0];
  for (ULONG g = 0; g < count; g++) {
    wmisim_guid_info_t info;
    if (!NT_SUCCESS(wmisim_wmi_guid_info(session->sim, &guids[g], &info)) || info.mof_resource[0] == '\0') continue;
    session_lock(&session->state_lock);
    for (size_t i = 0; i < session->driver_count; i++) {
      char path[2048];
      if (resource_beside(&session->drivers[i], info.mof_resource, path, sizeof path) && file_exists(path))
        check_mof(session, path);
    }
    session_unlock(&session->state_lock);
  }
}

const wmisim_mof_class *session_class_of(struct session *session, const GUID *guid) {
  session_lock(&session->state_lock);
  const wmisim_mof_class *cls = wmisim_mof_schema_find_guid(session->schema, guid);
  session_unlock(&session->state_lock);
  if (cls != NULL) return cls;
  wmisim_guid_info_t info;
  if (!NT_SUCCESS(wmisim_wmi_guid_info(session->sim, guid, &info)) || info.mof_resource[0] == '\0') return NULL;
  session_lock(&session->state_lock);
  for (size_t i = 0; i < session->driver_count && cls == NULL; i++) {
    char path[2048];
    if (resource_beside(&session->drivers[i], info.mof_resource, path, sizeof path) &&
        NT_SUCCESS(load_mof(session, path, true)))
      cls = wmisim_mof_schema_find_guid(session->schema, guid);
  }
  session_unlock(&session->state_lock);
  return cls;
}

const wmisim_mof_class *session_class_named(struct session *session, const char *name) {
  session_lock(&session->state_lock);
  const wmisim_mof_class *cls = wmisim_mof_schema_find_class(session->schema, name);
  session_unlock(&session->state_lock);
  return cls;
}

bool session_add_driver(struct session *session, const char *name, const char *path, wmisim_driver_t *driver) {
  struct loaded_driver entry = {sim_strdup(name), sim_strdup(path), driver};
  session_lock(&session->state_lock);
  struct loaded_driver *grown = entry.name != NULL && entry.path != NULL
                                    ? realloc(session->drivers, (session->driver_count + 1) * sizeof *grown)
                                    : NULL;
  if (grown != NULL) {
    session->drivers = grown;
    grown[session->driver_count++] = entry;
  }
  session_unlock(&session->state_lock);
  if (grown == NULL) {
    free(entry.name);
    free(entry.path);
  }
  return grown != NULL;
}

struct loaded_driver *session_driver(struct session *session, const char *name) {
  for (size_t i = 0; i < session->driver_count; i++)
    if (strcmp(session->drivers[i].name, name) == 0) return &session->drivers[i];
  return NULL;
}

/* ---- results and violations --------------------------------------------------------------------- */

void result_clear(struct result *result) {
  for (size_t i = 0; i < result->count; i++) {
    free(result->instances[i].name);
    free(result->instances[i].data);
    wmisim_mof_object_destroy(result->instances[i].object);
  }
  free(result->instances);
  memset(result, 0, sizeof *result);
}

size_t session_unexpected_violations(struct session *session) {
  size_t count = 0;
  session_lock(&session->violation_lock);
  for (size_t i = 0; i < session->violation_count; i++)
    if (!session->violations[i].expected) count++;
  session_unlock(&session->violation_lock);
  return count;
}

/* ---- teardown ---------------------------------------------------------------------------------- */

void session_close(struct session *session) {
  if (session->sim == NULL) return;
  jobs_close(session);
  session_trace(session, false);
  for (size_t i = 0; i < session->subscription_count; i++) {
    wmisim_wmi_unsubscribe(session->subscriptions[i]->subscription);
    free(session->subscriptions[i]);
  }
  free(session->subscriptions);
  for (size_t i = 0; i < session->block_count; i++) wmisim_wmi_close(session->blocks[i].block);
  free(session->blocks);
  wmisim_destroy(session->sim);
  session->sim = NULL;
  session_free_events(session_take_events(session));
  for (size_t i = 0; i < session->driver_count; i++) {
    free(session->drivers[i].name);
    free(session->drivers[i].path);
  }
  free(session->drivers);
  path_list_free(&session->mof_files);
  path_list_free(&session->checked_mofs);
  result_clear(&session->last);
  result_clear(&session->last_event);
  wmisim_mof_schema_destroy(session->schema);
  if (session->trace_file != NULL) fclose(session->trace_file);
  session->subscriptions = NULL;
  session->blocks = NULL;
  session->drivers = NULL;
  session->schema = NULL;
  session->trace_file = NULL;
  session->subscription_count = session->block_count = session->driver_count = 0;
}

void session_free(struct session *session) {
  session_close(session);
  for (size_t i = 0; i < session->violation_count; i++) {
    free(session->violations[i].rule);
    free(session->violations[i].text);
  }
  free(session->violations);
  session->violations = NULL;
  session->violation_count = 0;
}
