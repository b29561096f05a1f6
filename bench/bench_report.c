/*
 * bench_report.c - the human table as figures arrive, then the targets and
 * the machine-readable summary (one JSON object) at the end.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define MAX_RESULTS 128
#define MAX_TARGETS 32

struct result {
  char key[64];
  double value;
  char unit[16];
};

struct target {
  char key[64];
  char description[120];
  double value;
  enum bench_bound bound;
  double limit;
  bool pass;
};

static struct result results[MAX_RESULTS];
static size_t result_count;
static struct target targets[MAX_TARGETS];
static size_t target_count;
static unsigned errors;

static void copy(char *to, size_t size, const char *from) {
  snprintf(to, size, "%s", from);
}

void bench_section(const char *title) {
  printf("\n%s\n", title);
  for (size_t i = 0; title[i] != '\0'; i++) putchar('-');
  putchar('\n');
  fflush(stdout);
}

/* Figures of very different sizes stay readable with three significant digits. */
static void format_value(char *out, size_t size, double value) {
  if (value != 0 && (value >= 1e9 || value < 0.01))
    snprintf(out, size, "%.3g", value);
  else if (value >= 100)
    snprintf(out, size, "%.0f", value);
  else
    snprintf(out, size, "%.2f", value);
}

void bench_result(const char *key, const char *label, double value, const char *unit) {
  char text[32];
  format_value(text, sizeof text, value);
  printf("  %-52s %12s %s\n", label, text, unit);
  fflush(stdout);
  if (result_count == MAX_RESULTS) return;
  struct result *r = &results[result_count++];
  copy(r->key, sizeof r->key, key);
  copy(r->unit, sizeof r->unit, unit);
  r->value = value;
}

void bench_note(const char *format, ...) {
  va_list args;
  va_start(args, format);
  printf("  ");
  vprintf(format, args);
  printf("\n");
  va_end(args);
  fflush(stdout);
}

void bench_target(const char *key, const char *description, double value, enum bench_bound bound, double limit) {
  if (target_count == MAX_TARGETS) return;
  struct target *t = &targets[target_count++];
  copy(t->key, sizeof t->key, key);
  copy(t->description, sizeof t->description, description);
  t->value = value;
  t->bound = bound;
  t->limit = limit;
  t->pass = bound == BENCH_AT_MOST ? value <= limit : value >= limit;
}

void bench_error(const char *format, ...) {
  va_list args;
  va_start(args, format);
  fprintf(stderr, "bench: error: ");
  vfprintf(stderr, format, args);
  fprintf(stderr, "\n");
  va_end(args);
  errors++;
}

static size_t targets_missed(void) {
  size_t missed = 0;
  for (size_t i = 0; i < target_count; i++) missed += !targets[i].pass;
  return missed;
}

static void print_targets(void) {
  bench_section("Targets (ratios within this run)");
  for (size_t i = 0; i < target_count; i++) {
    const struct target *t = &targets[i];
    printf("  %-76s %7.3f %s %-5.3g %s\n", t->description, t->value, t->bound == BENCH_AT_MOST ? "<=" : ">=", t->limit,
           t->pass ? "PASS" : "MISS");
  }
  printf("\n  %zu of %zu targets met", target_count - targets_missed(), target_count);
  if (errors != 0) printf("; %u error(s): the run is not valid", errors);
  printf("\n");
}

/* JSON numbers: no NaN or infinity, which JSON lacks. */
static void json_number(FILE *out, double value) {
  if (value != value || value > 1e300 || value < -1e300)
    fprintf(out, "null");
  else
    fprintf(out, "%.6g", value);
}

static void write_summary(FILE *out) {
  fprintf(out, "{\n  \"wmisim_bench\": 1,\n  \"version\": \"%s\",\n", WMISIM_VERSION_STRING);
  fprintf(out, "  \"machine\": {\"cpus\": %u, \"compiler\": \"%s\", \"build\": \"%s\", \"quick\": %s},\n",
          plat_cpu_count(), BENCH_COMPILER, BENCH_BUILD_TYPE, bench_options.quick ? "true" : "false");
  fprintf(out, "  \"results\": {");
  for (size_t i = 0; i < result_count; i++) {
    fprintf(out, "%s\n    \"%s\": ", i == 0 ? "" : ",", results[i].key);
    json_number(out, results[i].value);
  }
  fprintf(out, "\n  },\n  \"units\": {");
  for (size_t i = 0; i < result_count; i++)
    fprintf(out, "%s\n    \"%s\": \"%s\"", i == 0 ? "" : ",", results[i].key, results[i].unit);
  fprintf(out, "\n  },\n  \"targets\": {");
  for (size_t i = 0; i < target_count; i++) {
    const struct target *t = &targets[i];
    fprintf(out, "%s\n    \"%s\": {\"value\": ", i == 0 ? "" : ",", t->key);
    json_number(out, t->value);
    fprintf(out, ", \"%s\": ", t->bound == BENCH_AT_MOST ? "at_most" : "at_least");
    json_number(out, t->limit);
    fprintf(out, ", \"result\": \"%s\"}", t->pass ? "PASS" : "MISS");
  }
  fprintf(out, "\n  },\n  \"targets_met\": %zu,\n  \"targets_missed\": %zu,\n  \"errors\": %u\n}\n",
          target_count - targets_missed(), targets_missed(), errors);
}

int bench_finish(void) {
  print_targets();
  printf("\nSummary (JSON):\n");
  write_summary(stdout);
  fflush(stdout);
  if (bench_options.json_path != NULL) {
    FILE *file = fopen(bench_options.json_path, "w");
    if (file == NULL) {
      fprintf(stderr, "bench: cannot write %s\n", bench_options.json_path);
      return 2;
    }
    write_summary(file);
    fclose(file);
  }
  if (errors != 0) return 2;
  return bench_options.check_targets && targets_missed() != 0 ? 1 : 0;
}
