/*
 * bench_processes_posix.c - the threads section's second control: two
 * processes, each with a simulator of its own, running the same request
 * loop as one consumer thread. They share no memory, so two of them
 * against one shows what the machine allows wmisim's requests at that
 * moment; two threads of one process falling below it is wmisim's doing.
 *
 * The processes are forked before the section makes its own simulator,
 * while the benchmark has one thread, and take commands over pipes.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define COMMAND_RUN 'r'
#define COMMAND_QUIT 'q'

struct bench_process {
  pid_t pid;
  int command_fd;  /* the parent writes commands */
  int report_fd;   /* the parent reads reports */
};

struct bench_process_pair {
  struct bench_process processes[2];
  long requests;
};

/* What a process reports after a run: when it began and ended (the
 * monotonic clock is the machine's, so the two processes' times compare),
 * or ok 0 if a request failed. */
struct run_report {
  uint64_t begin_ns, end_ns;
  int32_t ok;
};

/* Moves all `size` bytes through a pipe, as many calls as it takes. */
static bool transfer_all(int fd, void *data, size_t size, bool writing) {
  char *at = data;
  while (size > 0) {
    ssize_t n = writing ? write(fd, at, size) : read(fd, at, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    at += n;
    size -= (size_t)n;
  }
  return true;
}

static bool write_all(int fd, const void *data, size_t size) {
  return transfer_all(fd, (void *)(uintptr_t)data, size, true);
}

static bool read_all(int fd, void *data, size_t size) {
  return transfer_all(fd, data, size, false);
}

/* A worker process: its own simulator and device, then runs on command
 * until told to quit or its parent goes. */
static int serve(int command_fd, int report_fd, long requests) {
  struct bench_sim bs;
  if (!bench_sim_create(&bs, WMISIM_CHECK_OFF, 0)) return 1;
  GUID guid;
  char name[48];
  bench_guid(0, 0, &guid);
  bench_instance_name(0, 0, name, sizeof name);
  wmisim_block_t *block = NULL;
  bool ok = bench_add_device(&bs) != NULL && NT_SUCCESS(wmisim_wmi_open(bs.sim, &guid, WMIGUID_QUERY, &block));
  ok = ok && bench_query_loop(block, name, requests); /* the warm-up */
  char command;
  while (read_all(command_fd, &command, 1) && command == COMMAND_RUN) {
    struct run_report report;
    report.begin_ns = bench_now_ns();
    report.ok = ok && bench_query_loop(block, name, requests);
    report.end_ns = bench_now_ns();
    if (!write_all(report_fd, &report, sizeof report)) break;
  }
  wmisim_wmi_close(block);
  bench_sim_destroy(&bs);
  return ok ? 0 : 1;
}

static bool start_process(struct bench_process *process, long requests) {
  int commands[2], reports[2];
  if (pipe(commands) != 0) return false;
  if (pipe(reports) != 0) {
    close(commands[0]);
    close(commands[1]);
    return false;
  }
  fflush(NULL); /* the child must not print the parent's buffered output again */
  pid_t pid = fork();
  if (pid == 0) {
    close(commands[1]);
    close(reports[0]);
    _exit(serve(commands[0], reports[1], requests));
  }
  close(commands[0]);
  close(reports[1]);
  if (pid < 0) {
    close(commands[1]);
    close(reports[0]);
    return false;
  }
  *process = (struct bench_process){pid, commands[1], reports[0]};
  return true;
}

static void stop_process(struct bench_process *process) {
  char quit = COMMAND_QUIT;
  (void)write_all(process->command_fd, &quit, 1);
  close(process->command_fd);
  close(process->report_fd);
  int status;
  while (waitpid(process->pid, &status, 0) < 0 && errno == EINTR) {
  }
}

bool bench_processes_start(struct bench_process_pair **pair, long requests) {
  *pair = NULL;
  struct bench_process_pair *p = calloc(1, sizeof *p);
  if (p == NULL) return false;
  p->requests = requests;
  /* A worker whose parent dies gets EPIPE on its report, not a signal. */
  signal(SIGPIPE, SIG_IGN);
  if (!start_process(&p->processes[0], requests)) {
    free(p);
    return false;
  }
  if (!start_process(&p->processes[1], requests)) {
    stop_process(&p->processes[0]);
    free(p);
    return false;
  }
  *pair = p;
  return true;
}

double bench_processes_run(struct bench_process_pair *pair, int count) {
  char run = COMMAND_RUN;
  for (int i = 0; i < count; i++)
    if (!write_all(pair->processes[i].command_fd, &run, 1)) return 0;
  uint64_t begin = UINT64_MAX, end = 0;
  for (int i = 0; i < count; i++) {
    struct run_report report;
    if (!read_all(pair->processes[i].report_fd, &report, sizeof report) || !report.ok) return 0;
    if (report.begin_ns < begin) begin = report.begin_ns;
    if (report.end_ns > end) end = report.end_ns;
  }
  return end > begin ? (double)pair->requests * count * 1e9 / (double)(end - begin) : 0;
}

void bench_processes_stop(struct bench_process_pair *pair) {
  if (pair == NULL) return;
  for (int i = 0; i < 2; i++) stop_process(&pair->processes[i]);
  free(pair);
}
