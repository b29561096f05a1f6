/*
 * bench_timing.c - measuring operations honestly on a noisy machine:
 * warm-up, batches long enough for the clock, interleaved cases, medians.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define MAX_REPEATS 15

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double bench_median(double *values, size_t count) {
  if (count == 0) return 0;
  qsort(values, count, sizeof *values, compare_doubles);
  return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

static uint64_t batch_target_ns(void) {
  return bench_options.quick ? 2000000u : 40000000u;
}

static size_t repeats(void) {
  return bench_options.quick ? 3 : 15;
}

/* Runs `iterations` operations; their total time, or 0 if one failed. */
static uint64_t run_batch(struct bench_case *c, uint64_t iterations) {
  if (c->sim != NULL) wmisim_set_check_mode(c->sim, c->mode);
  uint64_t start = bench_now_ns();
  for (uint64_t i = 0; i < iterations; i++)
    if (!c->op(c->context)) {
      c->failed = true;
      return 0;
    }
  uint64_t elapsed = bench_now_ns() - start;
  return elapsed != 0 ? elapsed : 1;
}

/* Warms the case up and finds how many operations fill a batch. */
static uint64_t calibrate(struct bench_case *c) {
  uint64_t iterations = 1;
  for (;;) {
    uint64_t elapsed = run_batch(c, iterations);
    if (elapsed == 0) return 0;
    if (elapsed >= batch_target_ns() / 2) {
      uint64_t scaled = (uint64_t)((double)iterations * (double)batch_target_ns() / (double)elapsed);
      return scaled != 0 ? scaled : 1;
    }
    iterations *= 2;
  }
}

bool bench_measure(struct bench_case *cases, size_t count) {
  uint64_t iterations[16];
  double samples[16][MAX_REPEATS];
  if (count > 16) return false;
  for (size_t i = 0; i < count; i++) {
    cases[i].failed = false;
    iterations[i] = calibrate(&cases[i]);
    if (iterations[i] == 0) {
      bench_error("%s: the operation failed", cases[i].name);
      return false;
    }
  }
  size_t n = repeats();
  for (size_t r = 0; r < n; r++)
    for (size_t i = 0; i < count; i++) {
      uint64_t elapsed = run_batch(&cases[i], iterations[i]);
      if (elapsed == 0) {
        bench_error("%s: the operation failed", cases[i].name);
        return false;
      }
      samples[i][r] = (double)elapsed / (double)iterations[i];
    }
  for (size_t i = 0; i < count; i++) {
    cases[i].ns = bench_median(samples[i], n);
    cases[i].spread = cases[i].ns > 0 ? (samples[i][n - 1] - samples[i][0]) / cases[i].ns : 0;
  }
  return true;
}
