/*
 * jobs.c - background statements (spawn, join) and waiting for trace
 * events (await), so a script can keep a request in flight.
 */
#include "jobs.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "output.h"

#define SILENT_WAIT_MS 100   /* one wait for new trace events */
#define AWAIT_SILENCES 100   /* await gives up after 10 s without a match */
#define JOIN_SILENCES 300    /* join gives up after 30 s with nothing happening */
#define TOP_IRPS 64

enum fact_kind { FACT_IRP, FACT_PENDING, FACT_NOTE };

/* Something a script may await, seen in the trace. */
struct fact {
  uint64_t sequence;
  enum fact_kind kind;
  int major, minor;
  char *text;               /* notes: "category: text" */
};

/* An IRP as its originator sent it: to see its top dispatch return. */
struct top_irp {
  uint64_t irp;
  int major, minor;
  char device[64];
};

struct watch {
  wmisim_trace_subscription_t *subscription;
  volatile LONG lock;
  struct fact *facts;
  size_t count;
  struct top_irp tops[TOP_IRPS];
  size_t next_top;
  volatile LONG64 latest;   /* the last event's sequence */
  uint64_t cursor;          /* awaits look after this (the script's thread only) */
};

struct job {
  char *name;
  struct statement statement;   /* words[0] is the command */
  struct session *session;
  struct interp *interp;
  int argc;
  char **argv;
  FILE *out;
  volatile LONG done;
  enum outcome outcome;
  NTSTATUS status;
  struct result last;           /* the statement's result, the session's at the join */
  bool wrote_last;
  HANDLE thread;
};

/* ---- the watch ---------------------------------------------------------------------------------- */

static void add_fact(struct watch *watch, struct fact fact) {
  session_lock(&watch->lock);
  struct fact *grown = realloc(watch->facts, (watch->count + 1) * sizeof *grown);
  if (grown != NULL) {
    watch->facts = grown;
    grown[watch->count++] = fact;
  } else {
    free(fact.text);
  }
  session_unlock(&watch->lock);
}

/* A trace subscriber: it only records (it must not call the simulator). */
static void on_trace(void *context, const wmisim_trace_event_t *event) {
  struct watch *watch = context;
  InterlockedExchange64(&watch->latest, (LONG64)event->sequence);
  struct fact fact = {event->sequence, FACT_IRP, event->major, event->minor, NULL};
  if (event->kind == WMISIM_TRACE_IRP_SENT && event->from[0] == '\0') {
    struct top_irp *top = &watch->tops[watch->next_top++ % TOP_IRPS];
    *top = (struct top_irp){event->irp, event->major, event->minor, ""};
    snprintf(top->device, sizeof top->device, "%s", event->to);
    add_fact(watch, fact);
  } else if (event->kind == WMISIM_TRACE_DISPATCH_RETURNED && event->status == STATUS_PENDING) {
    for (size_t i = 0; i < TOP_IRPS; i++)
      if (watch->tops[i].irp == event->irp && strcmp(watch->tops[i].device, event->to) == 0) {
        fact.kind = FACT_PENDING;
        add_fact(watch, fact);
      }
  } else if (event->kind == WMISIM_TRACE_NOTE) {
    size_t length = strlen(event->category) + strlen(event->text) + 3;
    fact.kind = FACT_NOTE;
    if ((fact.text = malloc(length)) == NULL) return;
    snprintf(fact.text, length, "%s: %s", event->category, event->text);
    add_fact(watch, fact);
  }
}

static struct watch *watch_of(struct session *session) {
  if (session->watch != NULL) return session->watch;
  struct watch *watch = calloc(1, sizeof *watch);
  if (watch == NULL) return NULL;
  if (!NT_SUCCESS(wmisim_trace_subscribe(session->sim, on_trace, watch, &watch->subscription))) {
    free(watch);
    return NULL;
  }
  return session->watch = watch;
}

static bool minor_matches(int major, int minor, const char *name) {
  const char *full = wmisim_minor_name(major, minor);
  return strcmp(full, name) == 0 || (strncmp(full, "IRP_MN_", 7) == 0 && strcmp(full + 7, name) == 0);
}

static bool matches(const struct fact *fact, const char *kind, const char *arg) {
  if (strcmp(kind, "note") == 0) return fact->kind == FACT_NOTE && strstr(fact->text, arg) != NULL;
  bool pending = strcmp(kind, "pending") == 0;
  if (fact->kind != (pending ? FACT_PENDING : FACT_IRP)) return false;
  return arg == NULL || minor_matches(fact->major, fact->minor, arg);
}

/* The first fact after the cursor that matches; moves the cursor past it. */
static bool find(struct watch *watch, const char *kind, const char *arg) {
  bool found = false;
  session_lock(&watch->lock);
  for (size_t i = 0; i < watch->count && !found; i++)
    if (watch->facts[i].sequence > watch->cursor && matches(&watch->facts[i], kind, arg)) {
      watch->cursor = watch->facts[i].sequence;
      found = true;
    }
  session_unlock(&watch->lock);
  return found;
}

enum outcome cmd_await(struct exec *exec) {
  struct watch *watch = watch_of(exec->session);
  if (watch == NULL) return exec_error(exec, -1, OUTCOME_INTERNAL, "out of memory");
  const char *kind = exec->argv[0], *arg = exec->argc > 1 ? exec->argv[1] : NULL;
  uint64_t seen = (uint64_t)InterlockedCompareExchange64(&watch->latest, 0, 0);
  for (int silences = 0; silences < AWAIT_SILENCES;) {
    if (find(watch, kind, arg)) {
      /* The matched event's other subscribers (the trace writer) finish
       * under the trace lock: pass through it before echoing. */
      wmisim_trace_wait(exec->session->sim, 0, 0);
      output_echo(exec->session, exec->statement);
      return OUTCOME_OK;
    }
    uint64_t latest = wmisim_trace_wait(exec->session->sim, seen, SILENT_WAIT_MS);
    if (latest == seen) silences++;
    seen = latest;
  }
  output_echo(exec->session, exec->statement);
  return exec_error(exec, 0, OUTCOME_EXPECT, "nothing matched within %d s", AWAIT_SILENCES * SILENT_WAIT_MS / 1000);
}

bool check_await(const struct statement *statement, struct script_error *error) {
  const char *kind = statement->words[1].literal;
  if (kind == NULL || (strcmp(kind, "pending") != 0 && strcmp(kind, "irp") != 0 && strcmp(kind, "note") != 0))
    return script_fail_at(statement, 1, error, "await pending [MINOR], await irp MINOR or await note TEXT");
  if (strcmp(kind, "pending") != 0 && statement->word_count != 3)
    return script_fail_at(statement, 1, error, "usage: await %s %s", kind, strcmp(kind, "irp") == 0 ? "MINOR" : "TEXT");
  return true;
}

/* ---- jobs ----------------------------------------------------------------------------------------- */

static VOID NTAPI job_main(PVOID context) {
  struct job *job = context;
  if (job->out != NULL) output_redirect(job->out);
  struct exec exec = {job->interp, job->session, &job->statement, job->argc, job->argv, STATUS_SUCCESS, &job->last,
                      false};
  job->outcome = job->statement.command->run(&exec);
  job->status = exec.status;
  job->wrote_last = exec.wrote_last;
  if (job->out != NULL) fflush(job->out);
  output_redirect(NULL);
  InterlockedExchange(&job->done, 1);
}

static void free_job(struct job *job) {
  for (int i = 0; i < job->argc; i++) free(job->argv[i]);
  free(job->argv);
  script_statement_free(&job->statement);
  if (job->out != NULL) fclose(job->out);
  result_clear(&job->last);
  free(job->name);
  free(job);
}

static struct job *find_job(struct session *session, const char *name) {
  for (size_t i = 0; i < session->job_count; i++)
    if (strcmp(session->jobs[i]->name, name) == 0) return session->jobs[i];
  return NULL;
}

static struct job *new_job(struct exec *exec) {
  struct job *job = calloc(1, sizeof *job);
  if (job == NULL) return NULL;
  job->session = exec->session;
  job->interp = exec->interp;
  job->name = sim_strdup(exec->argv[0]);
  job->argc = exec->argc - 2;
  job->argv = calloc((size_t)job->argc + 1, sizeof *job->argv);
  /* Without a temporary file (some Windows setups refuse tmpfile), the
   * job writes straight to the result stream. */
  job->out = tmpfile();
  bool ok = job->name != NULL && job->argv != NULL && script_statement_clone(exec->statement, 2, &job->statement);
  for (int i = 0; ok && i < job->argc; i++) ok = (job->argv[i] = sim_strdup(exec->argv[i + 2])) != NULL;
  if (ok) job->statement.command = script_command_find(exec->argv[1]);
  if (!ok || job->statement.command == NULL) {
    free_job(job);
    return NULL;
  }
  return job;
}

enum outcome cmd_spawn(struct exec *exec) {
  struct session *session = exec->session;
  if (find_job(session, exec->argv[0]) != NULL)
    return exec_error(exec, 0, OUTCOME_INPUT, "a statement named '%s' is still running or not joined",
                      exec->argv[0]);
  struct watch *watch = watch_of(session);
  struct job **grown = realloc(session->jobs, (session->job_count + 1) * sizeof *grown);
  if (grown != NULL) session->jobs = grown;
  struct job *job = watch != NULL && grown != NULL ? new_job(exec) : NULL;
  if (job == NULL) return exec_error(exec, -1, OUTCOME_INTERNAL, "out of memory or no temporary file");
  /* Awaits that follow look only at what happens from now on. */
  watch->cursor = (uint64_t)InterlockedCompareExchange64(&watch->latest, 0, 0);
  wmisim_make_current(session->sim);
  NTSTATUS status = PsCreateSystemThread(&job->thread, 0, NULL, NULL, NULL, job_main, job);
  if (!NT_SUCCESS(status)) {
    free_job(job);
    return exec_error(exec, -1, OUTCOME_INTERNAL, "cannot start a thread: %s", wmisim_status_name(status));
  }
  session->jobs[session->job_count++] = job;
  return OUTCOME_OK;
}

/* Waits until the job's statement is done (bounded by silence), then for
 * its thread to end. False if it never finished. */
static bool wait_job(struct session *session, struct job *job) {
  uint64_t seen = session->watch != NULL ? (uint64_t)InterlockedCompareExchange64(&session->watch->latest, 0, 0) : 0;
  for (int silences = 0; InterlockedCompareExchange(&job->done, 0, 0) == 0;) {
    if (silences == JOIN_SILENCES) return false;
    uint64_t latest = wmisim_trace_wait(session->sim, seen, SILENT_WAIT_MS);
    if (latest == seen) silences++;
    seen = latest;
  }
  PVOID thread = NULL;
  if (NT_SUCCESS(ObReferenceObjectByHandle(job->thread, SYNCHRONIZE, NULL, KernelMode, &thread, NULL))) {
    KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(thread);
  }
  ZwClose(job->thread);
  job->thread = NULL;
  return true;
}

static void remove_job(struct session *session, struct job *job) {
  for (size_t i = 0; i < session->job_count; i++)
    if (session->jobs[i] == job) {
      session->jobs[i] = session->jobs[--session->job_count];
      break;
    }
  free_job(job);
}

enum outcome cmd_join(struct exec *exec) {
  struct session *session = exec->session;
  struct job *job = find_job(session, exec->argv[0]);
  if (job == NULL) {
    output_echo(session, exec->statement);
    return exec_error(exec, 0, OUTCOME_INPUT, "no statement named '%s' was spawned", exec->argv[0]);
  }
  bool finished = wait_job(session, job);
  output_echo(session, exec->statement);
  if (!finished)
    return exec_error(exec, 0, OUTCOME_EXPECT, "'%s' did not finish within %d s of silence", job->name,
                      JOIN_SILENCES * SILENT_WAIT_MS / 1000);
  char buffer[4096];
  size_t got;
  FILE *out = output_stream(session);
  if (job->out != NULL) rewind(job->out);
  while (job->out != NULL && (got = fread(buffer, 1, sizeof buffer, job->out)) > 0) fwrite(buffer, 1, got, out);
  enum outcome outcome = job->outcome;
  exec->status = job->status;
  if (job->wrote_last) {
    result_clear(exec->last);
    *exec->last = job->last;
    memset(&job->last, 0, sizeof job->last);
  }
  remove_job(session, job);
  return outcome;
}

/* What another thread of a real system does: a consumer's request, a PnP
 * action, the hardware. The rest changes what the script itself keeps
 * (drivers, subscriptions, open blocks) or its own timeline, so it stays
 * on the script's thread. */
static const char *const background_commands[] = {"query", "set", "setitem", "call", "start", "stop",
                                                  "remove", "surprise-remove", "surprise", "hardware"};

bool check_spawn(const struct statement *statement, struct script_error *error) {
  struct statement inner = *statement;
  inner.words = statement->words + 2;
  inner.word_count = statement->word_count - 2;
  if (!script_check(&inner, error)) return false;
  size_t count = sizeof background_commands / sizeof background_commands[0];
  char allowed[160] = "";
  for (size_t i = 0; i < count; i++) {
    if (strcmp(inner.command->name, background_commands[i]) == 0) return true;
    size_t used = strlen(allowed);
    snprintf(allowed + used, sizeof allowed - used, "%s%s", i == 0 ? "" : i + 1 == count ? " or " : ", ",
             background_commands[i]);
  }
  return script_fail_at(statement, 2, error, "'%s' cannot run in the background (spawn %s)", inner.command->name,
                        allowed);
}

void jobs_close(struct session *session) {
  while (session->job_count > 0) {
    struct job *job = session->jobs[0];
    if (!wait_job(session, job)) {
      fflush(stdout);
      fprintf(stderr, "wmisim: the background statement '%s' never finished; exiting without tearing down\n",
              job->name);
      exit(WMISIM_EXIT_FAILURE);
    }
    remove_job(session, job);
  }
  free(session->jobs);
  session->jobs = NULL;
  if (session->watch != NULL) {
    wmisim_trace_unsubscribe(session->watch->subscription);
    for (size_t i = 0; i < session->watch->count; i++) free(session->watch->facts[i].text);
    free(session->watch->facts);
    free(session->watch);
    session->watch = NULL;
  }
}
