/*
 * session.h - one run of the wmisim command: the simulator, the drivers
 * and MOF files loaded into it, the consumer's open blocks and event
 * subscriptions, the events received, the last result (what expectations
 * look at), the violations seen, the trace writer and the output format.
 *
 * Scripts, the shell and the one-shot commands all drive a session.
 */
#ifndef WMISIM_SIM_SESSION_H
#define WMISIM_SIM_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <wdm.h>
#include <wmisim.h>

#include "strbuf.h"

enum output_format { OUTPUT_LIST, OUTPUT_TABLE, OUTPUT_JSON };

/* What the command line chose; the script may change format and trace. */
struct session_options {
  enum output_format format;
  wmisim_check_mode_t check;
  uint64_t seed;
  bool trace;                       /* start with the trace on */
  wmisim_trace_format_t trace_format;
  const char *trace_out;            /* NULL: standard output */
  int colour;                       /* -1 auto, 0 never, 1 always */
  bool echo;                        /* print each statement before running it */
  bool quiet;                       /* print no results, only the trace and errors */
  bool keep_going;                  /* report failures and go on */
  bool verbose;                     /* also print the drivers' DbgPrint output */
  const char *examples_dir;         /* --examples-dir, else NULL */
  const char *program;              /* argv[0], to find bundled examples */
  unsigned quiet_lines;             /* statements up to this line print nothing on success */
  char *defines[32];                /* -D NAME=VALUE, pointers into argv */
  size_t define_count;
};

struct loaded_driver {
  char *name;                       /* service name */
  char *path;                       /* file it was loaded from */
  wmisim_driver_t *driver;
};

struct open_block {
  GUID guid;
  wmisim_block_t *block;
};

struct subscription_entry {
  struct session *session;
  GUID guid;
  wmisim_subscription_t *subscription;
  uint64_t received;                /* events delivered so far */
};

/* An event as the consumer received it, copied off the event thread. */
struct event_copy {
  struct event_copy *next;
  GUID guid;
  ULONG lost;
  ULONG size;
  WNODE_HEADER *wnode;
};

/* One instance of a result, decoded when a MOF class is known. */
struct result_instance {
  char *name;                       /* "" when the WNODE has none */
  bool has_index;
  ULONG index;
  unsigned char *data;
  ULONG size;
  wmisim_mof_object *object;        /* NULL without a class */
};

/* What the last query, method call or event left for expectations. */
struct result {
  bool valid;
  GUID guid;
  const wmisim_mof_class *cls;      /* the data's class (method: output parameters) */
  const wmisim_mof_class *block;    /* the block's class, NULL without a MOF */
  const char *method;               /* the method called, or NULL */
  struct result_instance *instances;
  size_t count;
};

/* A violation, copied when the simulator reports it. */
struct violation_copy {
  char *rule;
  char *text;                       /* wmisim_violation_format's line */
  bool expected;                    /* matched by an expectation */
};

/* File paths, each kept once. */
struct path_list {
  char **paths;
  size_t count;
};

struct session {
  struct session_options options;
  wmisim_t *sim;
  FILE *out;
  volatile LONG state_lock;         /* guards the schema, the MOF lists and the drivers: background
                                       statements look classes up and load MOF files too */
  wmisim_mof_schema *schema;
  struct path_list mof_files;       /* MOF files loaded into `schema` */
  struct path_list checked_mofs;    /* MOF files given to the checking mode */
  struct loaded_driver *drivers;
  size_t driver_count;
  struct open_block *blocks;
  size_t block_count;
  struct subscription_entry **subscriptions;
  size_t subscription_count;

  volatile LONG event_lock;         /* guards the queue against the event thread */
  struct event_copy *event_head, *event_tail;
  struct result last;               /* last query or method result */
  struct result last_event;         /* last event received */

  volatile LONG violation_lock;
  struct violation_copy *violations;
  size_t violation_count;
  size_t violations_reported;       /* how many have been printed */

  wmisim_trace_writer_t *writer;
  FILE *trace_file;                 /* owned when --trace-out names a file */
  enum output_format format;

  struct job **jobs;                /* background statements (jobs.c) */
  size_t job_count;
  struct watch *watch;              /* what `await` looks for, once used */
};

/* Creates the simulator with the options; false (message printed) if it
 * cannot be created. */
bool session_open(struct session *session, const struct session_options *options);

/* Closes the trace, destroys the simulator (collecting the violations its
 * teardown reports) and frees everything but the violations, which
 * session_free releases. */
void session_close(struct session *session);
void session_free(struct session *session);

/* Starts or stops the trace writer (format and file from the options). */
bool session_trace(struct session *session, bool on);

/* Loads a MOF file into the session's schema once; diagnostics go to
 * stderr. Returns the wmisim_mof_schema_load_file status (success if the
 * file was loaded before). */
NTSTATUS session_load_mof(struct session *session, const char *path, bool quiet_if_missing);

/* Gives the checking mode a driver's MOF file (once per file), so the
 * WmiDataSchema rule holds the driver to it. */
void session_check_mof(struct session *session, const char *path);

/* After a device started: the MOF files named by the MofResourceName of
 * every registered block, found beside the loaded drivers, go to the
 * checking mode. */
void session_check_registered_mofs(struct session *session);

/* The MOF class of a GUID, loading the MOF resources of registered
 * providers beside their drivers when not known yet; NULL if none. */
const wmisim_mof_class *session_class_of(struct session *session, const GUID *guid);

/* The class of that name in the session's schema, or NULL. */
const wmisim_mof_class *session_class_named(struct session *session, const char *name);

/* Adds a loaded driver to the session's list; false when out of memory. */
bool session_add_driver(struct session *session, const char *name, const char *path, wmisim_driver_t *driver);

/* Moves the events received so far out of the queue (oldest first); the
 * caller frees them with session_free_events. */
struct event_copy *session_take_events(struct session *session);
void session_free_events(struct event_copy *events);

/* Violations recorded but not yet printed (and not expected). */
size_t session_unexpected_violations(struct session *session);

/* The driver loaded under `name`, or NULL. */
struct loaded_driver *session_driver(struct session *session, const char *name);

/* Replaces `result` with nothing. */
void result_clear(struct result *result);

/* Spin lock on a LONG, through the simulator's interlocked routines (the
 * command includes no OS header). */
void session_lock(volatile LONG *lock);
void session_unlock(volatile LONG *lock);

#endif /* WMISIM_SIM_SESSION_H */
