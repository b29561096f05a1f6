/*
 * bench_main.c - wmisim's benchmark: how fast the simulator serves WMI
 * requests, how its cost grows with providers, events, the DEREGISTER
 * drain and two consumer threads. Prints a table, the targets and a JSON
 * summary; docs/performance.md explains the figures.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

struct bench_options bench_options;

struct section {
  const char *name;
  void (*run)(void);
  const char *what;
};

static const struct section sections[] = {
    {"requests", bench_requests, "1, 2: request round trips, full path against hand-built IRPs"},
    {"scale", bench_scale, "3: latency and registration cost with up to 100,000 GUIDs"},
    {"events", bench_events, "4: IoWMIWriteEvent to consumer callbacks, and a full queue"},
    {"drain", bench_drain, "5: DEREGISTER waiting for an outstanding IRP"},
    {"threads", bench_threads, "6: two consumer threads against one"},
};

#define SECTION_COUNT (sizeof sections / sizeof sections[0])

static void usage(FILE *out) {
  fprintf(out,
          "Usage: wmisim-bench [options]\n"
          "\n"
          "Measures wmisim's WMI request path, its scaling with registered GUIDs, event\n"
          "delivery, the DEREGISTER drain and two consumer threads. Prints a table, the\n"
          "targets (ratios within the run) and a JSON summary. Build it Release.\n"
          "\n"
          "Options:\n"
          "  --quick           a short run (smaller sizes, fewer repeats): a smoke test,\n"
          "                    its figures are rough\n"
          "  --check-targets   exit 1 if a target is missed\n"
          "  --json FILE       also write the JSON summary to FILE\n"
          "  --only SECTION    run one section:");
  for (size_t i = 0; i < SECTION_COUNT; i++) fprintf(out, " %s", sections[i].name);
  fprintf(out,
          "\n"
          "  -h, --help        show this help\n"
          "\n"
          "Exit status: 0 normally; 1 with --check-targets when a target is missed;\n"
          "2 if the run is not valid (a request failed, a rule was violated); 64 for\n"
          "bad arguments.\n");
}

static bool known_section(const char *name) {
  for (size_t i = 0; i < SECTION_COUNT; i++)
    if (strcmp(sections[i].name, name) == 0) return true;
  return false;
}

/* Returns -1 to go on, else the exit status. */
static int parse_arguments(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--quick") == 0) {
      bench_options.quick = true;
    } else if (strcmp(arg, "--check-targets") == 0) {
      bench_options.check_targets = true;
    } else if (strcmp(arg, "--json") == 0 && i + 1 < argc) {
      bench_options.json_path = argv[++i];
    } else if (strcmp(arg, "--only") == 0 && i + 1 < argc && known_section(argv[i + 1])) {
      bench_options.only = argv[++i];
    } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
      usage(stdout);
      return 0;
    } else {
      fprintf(stderr, "wmisim-bench: bad argument '%s'\n\n", arg);
      usage(stderr);
      return 64;
    }
  }
  return -1;
}

int main(int argc, char **argv) {
  int status = parse_arguments(argc, argv);
  if (status >= 0) return status;
  printf("wmisim %s benchmark: %u CPUs, %s, %s build%s\n", WMISIM_VERSION_STRING, plat_cpu_count(), BENCH_COMPILER,
         BENCH_BUILD_TYPE, bench_options.quick ? ", quick run (rough figures)" : "");
  for (size_t i = 0; i < SECTION_COUNT; i++)
    if (bench_options.only == NULL || strcmp(bench_options.only, sections[i].name) == 0) sections[i].run();
  return bench_finish();
}
