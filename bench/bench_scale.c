/*
 * bench_scale.c - section 3: a request's latency with 1 to 100,000
 * registered GUIDs spread over up to 1,000 devices, and the time and
 * memory registering them takes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define MAX_DEVICES 1000u
#define MAX_TARGETS 256u

/* The GUIDs a run queries, in turn: spread over every registered one, so
 * lookups meet the whole table. */
struct target {
  wmisim_block_t *block;
  char name[48];
};

struct scale_run {
  struct target targets[MAX_TARGETS];
  ULONG count;
  ULONG next;
  unsigned char buffer[512];
};

static bool query_next(void *raw) {
  struct scale_run *run = raw;
  struct target *t = &run->targets[run->next];
  run->next = run->next + 1 == run->count ? 0 : run->next + 1;
  ULONG size = sizeof run->buffer;
  return NT_SUCCESS(wmisim_wmi_query_single(t->block, t->name, &size, run->buffer));
}

/* Opens up to MAX_TARGETS GUIDs evenly spread over the `guids` registered,
 * `per_device` per device. */
static bool open_targets(struct bench_sim *bs, struct scale_run *run, ULONG guids, ULONG per_device) {
  run->count = guids < MAX_TARGETS ? guids : MAX_TARGETS;
  for (ULONG j = 0; j < run->count; j++) {
    ULONG g = (ULONG)((uint64_t)j * guids / run->count);
    ULONG device = g / per_device, index = g % per_device;
    GUID guid;
    bench_guid(device, index, &guid);
    bench_instance_name(device, 0, run->targets[j].name, sizeof run->targets[j].name);
    NTSTATUS status = wmisim_wmi_open(bs->sim, &guid, WMIGUID_QUERY, &run->targets[j].block);
    if (!NT_SUCCESS(status)) {
      bench_error("opening GUID %lu of %lu: %s", (unsigned long)g, (unsigned long)guids, wmisim_status_name(status));
      run->count = j;
      return false;
    }
  }
  return true;
}

struct scale_figures {
  double ns_off, ns_on;
  double register_ns_per_guid;
  double rss_bytes_per_guid;    /* 0: unknown */
  double pool_bytes_per_guid;
};

/* One simulator with `guids` GUIDs registered, and the GUIDs it queries. */
struct scale_size {
  ULONG guids;
  struct bench_sim bs;
  struct scale_run *run;
  struct scale_figures figures;
};

/* Builds the simulator, timing the registrations and weighing them. */
static bool register_size(struct scale_size *size) {
  ULONG devices = size->guids < MAX_DEVICES ? size->guids : MAX_DEVICES;
  ULONG per_device = size->guids / devices;
  struct scale_figures *f = &size->figures;
  uint64_t rss_before = plat_process_rss_bytes();
  if (!bench_sim_create(&size->bs, WMISIM_CHECK_REPORT, 0)) return false;
  bench_driver_config.guids = per_device;
  uint64_t start = bench_now_ns();
  bool ok = true;
  for (ULONG d = 0; d < devices && ok; d++) ok = bench_add_device(&size->bs) != NULL;
  uint64_t elapsed = bench_now_ns() - start;
  uint64_t rss_after = plat_process_rss_bytes();
  f->register_ns_per_guid = (double)elapsed / size->guids;
  f->rss_bytes_per_guid =
      rss_before != 0 && rss_after > rss_before ? (double)(rss_after - rss_before) / size->guids : 0;
  f->pool_bytes_per_guid = (double)wmisim_pool_usage(size->bs.sim, 0).bytes / size->guids;
  size->run = calloc(1, sizeof *size->run);
  return ok && size->run != NULL && open_targets(&size->bs, size->run, size->guids, per_device);
}

static void release_size(struct scale_size *size) {
  for (ULONG j = 0; size->run != NULL && j < size->run->count; j++) wmisim_wmi_close(size->run->targets[j].block);
  free(size->run);
  size->run = NULL;
  bench_sim_destroy(&size->bs);
}

static void report_size(ULONG guids, const struct scale_figures *f) {
  char key[64], label[96];
  ULONG devices = guids < MAX_DEVICES ? guids : MAX_DEVICES;
  bench_note("%lu GUID(s) on %lu device(s)", (unsigned long)guids, (unsigned long)devices);
  snprintf(key, sizeof key, "scale.guids_%lu.ns", (unsigned long)guids);
  bench_result(key, "QUERY_SINGLE_INSTANCE, checking off", f->ns_off, "ns/request");
  snprintf(key, sizeof key, "scale.guids_%lu.ns_on", (unsigned long)guids);
  bench_result(key, "QUERY_SINGLE_INSTANCE, checking on", f->ns_on, "ns/request");
  snprintf(key, sizeof key, "scale.guids_%lu.register_ns_per_guid", (unsigned long)guids);
  snprintf(label, sizeof label, "registration (add + start + REGISTER), per GUID");
  bench_result(key, label, f->register_ns_per_guid, "ns/GUID");
  snprintf(key, sizeof key, "scale.guids_%lu.rss_bytes_per_guid", (unsigned long)guids);
  bench_result(key, "process memory (RSS) growth, per GUID", f->rss_bytes_per_guid, "bytes/GUID");
  snprintf(key, sizeof key, "scale.guids_%lu.pool_bytes_per_guid", (unsigned long)guids);
  bench_result(key, "driver pool (wmisim pool accounting), per GUID", f->pool_bytes_per_guid, "bytes/GUID");
}

#define SIZES 4

/* Every size's simulator lives at once, so the latencies are measured
 * interleaved: a busy moment of the machine slows every size alike. */
void bench_scale(void) {
  static const ULONG sizes[SIZES] = {1, 100, 10000, 100000};
  struct scale_size all[SIZES];
  struct bench_case cases[2 * SIZES];
  memset(all, 0, sizeof all);
  bench_section("3. Scale: registered GUIDs");
  bool ok = true;
  for (size_t i = 0; i < SIZES && ok; i++) {
    all[i].guids = sizes[i];
    ok = register_size(&all[i]);
    cases[2 * i] = (struct bench_case){"checking off", query_next, all[i].run, all[i].bs.sim, WMISIM_CHECK_OFF, 0, 0, false};
    cases[2 * i + 1] =
        (struct bench_case){"checking on", query_next, all[i].run, all[i].bs.sim, WMISIM_CHECK_REPORT, 0, 0, false};
  }
  ok = ok && bench_measure(cases, 2 * SIZES);
  for (size_t i = 0; i < SIZES; i++) {
    all[i].figures.ns_off = cases[2 * i].ns;
    all[i].figures.ns_on = cases[2 * i + 1].ns;
    if (ok) report_size(sizes[i], &all[i].figures);
  }
  for (size_t i = SIZES; i-- > 0;) release_size(&all[i]);
  if (!ok) return;
  bench_note("RSS growth is approximate: the C library reuses memory freed before; for 1 GUID it is the");
  bench_note("simulator's own start-up.");
  bench_target("scale.latency_100000_vs_1", "QUERY_SINGLE_INSTANCE latency: 100,000 GUIDs / 1 GUID, checking off",
               all[3].figures.ns_off / all[0].figures.ns_off, BENCH_AT_MOST, 1.25);
  bench_target("scale.latency_100000_vs_1_on", "QUERY_SINGLE_INSTANCE latency: 100,000 GUIDs / 1 GUID, checking on",
               all[3].figures.ns_on / all[0].figures.ns_on, BENCH_AT_MOST, 1.25);
}
