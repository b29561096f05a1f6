/*
 * bench_processes_none.c - where the benchmark has no worker processes
 * (Windows: no fork): the threads section goes without its process
 * control and says so.
 */
#include "bench.h"

bool bench_processes_start(struct bench_process_pair **pair, long requests) {
  (void)requests;
  *pair = NULL;
  return false;
}

double bench_processes_run(struct bench_process_pair *pair, int count) {
  (void)pair;
  (void)count;
  return 0;
}

void bench_processes_stop(struct bench_process_pair *pair) { (void)pair; }
