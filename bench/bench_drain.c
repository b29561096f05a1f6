/*
 * bench_drain.c - section 5: DEREGISTER waits for the IRPs already sent to
 * the device. Measured: the time from the last outstanding IRP's
 * completion to DEREGISTER returning, and the CPU time the deregistering
 * thread spends while it waits (a busy wait would spend all of it).
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define MAX_ROUNDS 25
#define HOLD_NS 20000000u  /* how long the IRP stays in the driver once DEREGISTER waits */

struct drain_round {
  struct bench_sim *bs;
  PDEVICE_OBJECT fdo;
  wmisim_block_t *block;
  char name[48];
  NTSTATUS query_status;
  NTSTATUS deregister_status;
  volatile uint64_t called_ns, returned_ns, cpu_ns;
};

static void consumer_thread(void *raw) {
  struct drain_round *round = raw;
  wmisim_make_current(round->bs->sim);
  unsigned char buffer[512];
  ULONG size = sizeof buffer;
  round->query_status = wmisim_wmi_query_single(round->block, round->name, &size, buffer);
}

static void deregister_thread(void *raw) {
  struct drain_round *round = raw;
  wmisim_make_current(round->bs->sim);
  uint64_t cpu = bench_cpu_ns();
  round->called_ns = bench_now_ns();
  round->deregister_status = bench_driver_register(round->fdo, false);
  round->returned_ns = bench_now_ns();
  round->cpu_ns = bench_cpu_ns() - cpu;
}

/* One round: a query pended in the driver, DEREGISTER called and left
 * waiting, the query completed. Returns the wake-up latency in ns, or -1. */
static double one_round(struct drain_round *round, PKEVENT pended, double *cpu_share) {
  KeClearEvent(pended);
  bench_driver_pend_queries(round->fdo, true, pended);
  plat_thread_t *consumer = NULL, *deregisterer = NULL;
  if (plat_thread_create(&consumer, consumer_thread, round) != 0) return -1;
  KeWaitForSingleObject(pended, Executive, KernelMode, FALSE, NULL);
  bench_driver_pend_queries(round->fdo, false, NULL);
  if (plat_thread_create(&deregisterer, deregister_thread, round) != 0) {
    bench_driver_complete_pended(round->fdo);
    plat_thread_join(consumer);
    return -1;
  }
  plat_sleep_ns(HOLD_NS); /* DEREGISTER is now waiting for the IRP */
  uint64_t completed = bench_now_ns();
  bench_driver_complete_pended(round->fdo);
  plat_thread_join(deregisterer);
  plat_thread_join(consumer);
  if (!NT_SUCCESS(round->query_status) || !NT_SUCCESS(round->deregister_status) || round->returned_ns < completed) {
    bench_error("drain: query %s, DEREGISTER %s, %s", wmisim_status_name(round->query_status),
                wmisim_status_name(round->deregister_status),
                round->returned_ns < completed ? "DEREGISTER returned before the IRP completed" : "in order");
    return -1;
  }
  *cpu_share = (double)round->cpu_ns / (double)(round->returned_ns - round->called_ns);
  NTSTATUS status = bench_driver_register(round->fdo, true);
  if (!NT_SUCCESS(status)) {
    bench_error("drain: registering again: %s", wmisim_status_name(status));
    return -1;
  }
  return (double)(round->returned_ns - completed);
}

void bench_drain(void) {
  bench_section("5. DEREGISTER drain");
  struct bench_sim bs;
  if (!bench_sim_create(&bs, WMISIM_CHECK_REPORT, 0)) return;
  struct drain_round round = {0};
  round.bs = &bs;
  round.fdo = bench_add_device(&bs);
  GUID guid;
  bench_guid(0, 0, &guid);
  bench_instance_name(0, 0, round.name, sizeof round.name);
  KEVENT pended;
  KeInitializeEvent(&pended, NotificationEvent, FALSE);
  if (round.fdo == NULL || !NT_SUCCESS(wmisim_wmi_open(bs.sim, &guid, WMIGUID_QUERY, &round.block))) {
    bench_error("drain: no device to query");
    bench_sim_destroy(&bs);
    return;
  }
  size_t rounds = bench_options.quick ? 3 : MAX_ROUNDS;
  double wakeups[MAX_ROUNDS], shares[MAX_ROUNDS], worst = 0;
  size_t done = 0;
  for (size_t r = 0; r < rounds; r++) {
    double share = 0, wakeup = one_round(&round, &pended, &share);
    if (wakeup < 0) break;
    wakeups[done] = wakeup;
    shares[done++] = share;
    if (wakeup > worst) worst = wakeup;
  }
  wmisim_wmi_close(round.block);
  bench_sim_destroy(&bs);
  if (done == 0) return;
  double wakeup = bench_median(wakeups, done), share = bench_median(shares, done);
  bench_note("%zu rounds; the IRP stays %u ms in the driver while DEREGISTER waits", done, HOLD_NS / 1000000u);
  bench_result("drain.wakeup_us", "completion to DEREGISTER returning, median", wakeup / 1000, "us");
  bench_result("drain.wakeup_worst_us", "completion to DEREGISTER returning, worst", worst / 1000, "us");
  bench_result("drain.cpu_share", "CPU time / wall time of the waiting DEREGISTER", share, "fraction");
  bench_target("drain.wakeup_ms", "DEREGISTER drain wake-up, median", wakeup / 1e6, BENCH_AT_MOST, 1.0);
  bench_target("drain.cpu_share", "CPU share of the waiting DEREGISTER (busy waiting is 1)", share, BENCH_AT_MOST, 0.05);
}
