/*
 * bench_threads.c - section 6: two consumer threads against one. Each
 * thread queries its own device's block (QUERY_SINGLE_INSTANCE) as fast as
 * it can; the figure is the throughput of two threads over one's. A second
 * figure has both threads query the same block. Two controls run in the
 * same rounds and show what the machine allows at that moment: work with
 * no wmisim in it that writes one shared cache line per request, as
 * wmisim's requests do; and the same request loop in two processes with a
 * simulator each, which share nothing (bench_processes_posix.c).
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define MAX_ROUNDS 15

struct worker {
  struct bench_sim *bs;
  wmisim_block_t *block;       /* NULL: the worker runs the control instead */
  char name[48];
  long requests;               /* or control units */
  unsigned control_spins;      /* a control unit's private work */
  volatile LONG *ready;        /* counts the workers waiting at `go` */
  PKEVENT go;                  /* set when all are ready: they begin together */
  volatile LONG failed;
  uint64_t cpu_ns;             /* the worker's CPU time for its requests */
};

/* The control: a cache line both threads write once per unit, as every
 * request writes the simulator's IRP id and clock line (docs/fidelity.md
 * RT39 keeps it to that one line). */
static volatile LONG64 control_line;

/* Private arithmetic for about one request's time, then the shared write. */
static void run_control(const struct worker *w) {
  volatile uint64_t sink = 1;
  for (long i = 0; i < w->requests; i++) {
    uint64_t x = sink;
    for (unsigned k = 0; k < w->control_spins; k++) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    sink = x;
    InterlockedIncrement64(&control_line);
  }
}

static void worker_main(void *raw) {
  struct worker *w = raw;
  wmisim_make_current(w->bs->sim);
  InterlockedIncrement(w->ready);
  KeWaitForSingleObject(w->go, Executive, KernelMode, FALSE, NULL);
  uint64_t cpu = bench_cpu_ns();
  if (w->block == NULL) {
    run_control(w);
    w->cpu_ns = bench_cpu_ns() - cpu;
    return;
  }
  if (!bench_query_loop(w->block, w->name, w->requests)) {
    InterlockedIncrement(&w->failed);
    return;
  }
  w->cpu_ns = bench_cpu_ns() - cpu;
}

/* Requests per second of `count` workers run together (1 or 2 threads);
 * *cpu_per_request receives the CPU time the workers spent per request,
 * *cpu_share the fraction of the run's CPUs they got (1: none was taken
 * by another process). */
static double run_workers(struct worker *workers, int count, double *cpu_per_request, double *cpu_share) {
  *cpu_per_request = 0;
  *cpu_share = 0;
  volatile LONG ready = 0;
  KEVENT go;
  KeInitializeEvent(&go, NotificationEvent, FALSE);
  plat_thread_t *threads[2] = {NULL, NULL};
  for (int i = 0; i < count; i++) {
    workers[i].ready = &ready;
    workers[i].go = &go;
    workers[i].failed = 0;
    if (plat_thread_create(&threads[i], worker_main, &workers[i]) != 0) return 0;
  }
  /* Yielding, not spinning: on two CPUs a spinning main thread would keep
   * a worker from running. */
  while (InterlockedCompareExchange(&ready, 0, 0) < count) plat_yield();
  plat_sleep_ns(1000000); /* the workers are asleep on `go` */
  uint64_t begin = bench_now_ns();
  KeSetEvent(&go, IO_NO_INCREMENT, FALSE);
  long total = 0;
  uint64_t cpu = 0;
  for (int i = 0; i < count; i++) {
    plat_thread_join(threads[i]);
    total += workers[i].requests;
    cpu += workers[i].cpu_ns;
    if (workers[i].failed) bench_error("threads: a query failed");
  }
  double elapsed = (double)(bench_now_ns() - begin);
  *cpu_per_request = (double)cpu / (double)total;
  *cpu_share = (double)cpu / (elapsed * count);
  return (double)total * 1e9 / elapsed;
}

struct speedup {
  double one, two;             /* requests per second */
  double ratio;                /* two / one, per round, median */
  double cpu_ratio;            /* CPU time per request, two threads / one: 1 without contention */
  double cpu_share;            /* of the two CPUs, what the two threads got */
  double control_ratio;        /* the control's two / one in the same rounds, median */
  double process_ratio;        /* two processes / one in the same rounds, median; 0 without them */
};

/* Control units as long as one request of `workers` on one thread. */
static void set_up_control(struct worker *control, const struct worker *workers, double one_per_second) {
  struct worker probe = {.requests = 1000000, .control_spins = 1};
  uint64_t begin = bench_now_ns();
  run_control(&probe);
  double ns_per_spin = (double)(bench_now_ns() - begin) / 1e6;
  double request_ns = one_per_second > 0 ? 1e9 / one_per_second : 100;
  for (int i = 0; i < 2; i++) {
    control[i] = workers[i];
    control[i].block = NULL;
    control[i].control_spins = (unsigned)(request_ns / (ns_per_spin > 0 ? ns_per_spin : 1)) + 1;
  }
}

/* Two threads against one, alternating the runs, medians of the rounds:
 * other processes on the machine slow some rounds, not all. Each round
 * also runs the control, so its figure is the machine's in that moment. */
static struct speedup measure_speedup(struct worker *workers, struct bench_process_pair *processes) {
  double ratios[MAX_ROUNDS], ones[MAX_ROUNDS], twos[MAX_ROUNDS], cpu_ratios[MAX_ROUNDS], shares[MAX_ROUNDS];
  double controls[MAX_ROUNDS], process_ratios[MAX_ROUNDS];
  double cpu1 = 0, cpu2 = 0, share = 0;
  size_t rounds = bench_options.quick ? 2 : MAX_ROUNDS;
  struct worker control[2];
  set_up_control(control, workers, run_workers(workers, 1, &cpu1, &share)); /* also the warm-up */
  for (size_t r = 0; r < rounds; r++) {
    ones[r] = run_workers(workers, 1, &cpu1, &share);
    twos[r] = run_workers(workers, 2, &cpu2, &shares[r]);
    ratios[r] = ones[r] > 0 ? twos[r] / ones[r] : 0;
    cpu_ratios[r] = cpu1 > 0 ? cpu2 / cpu1 : 0;
    double control_one = run_workers(control, 1, &cpu1, &share);
    controls[r] = control_one > 0 ? run_workers(control, 2, &cpu2, &share) / control_one : 0;
    double process_one = processes != NULL ? bench_processes_run(processes, 1) : 0;
    process_ratios[r] = process_one > 0 ? bench_processes_run(processes, 2) / process_one : 0;
    if (processes != NULL && process_ratios[r] == 0) bench_error("threads: a worker process's request failed");
  }
  struct speedup s;
  s.one = bench_median(ones, rounds);
  s.two = bench_median(twos, rounds);
  s.ratio = bench_median(ratios, rounds);
  s.cpu_ratio = bench_median(cpu_ratios, rounds);
  s.cpu_share = bench_median(shares, rounds);
  s.control_ratio = bench_median(controls, rounds);
  s.process_ratio = bench_median(process_ratios, rounds);
  return s;
}

static bool open_worker(struct bench_sim *bs, struct worker *w, ULONG device) {
  GUID guid;
  bench_guid(device, 0, &guid);
  bench_instance_name(device, 0, w->name, sizeof w->name);
  w->bs = bs;
  w->requests = bench_options.quick ? 20000 : 150000;
  return NT_SUCCESS(wmisim_wmi_open(bs->sim, &guid, WMIGUID_QUERY, &w->block));
}

void bench_threads(void) {
  bench_section("6. Two consumer threads against one");
  /* Forked first: the benchmark has one thread until its simulator starts. */
  struct bench_process_pair *processes = NULL;
  if (!bench_processes_start(&processes, bench_options.quick ? 20000 : 150000))
    bench_note("no worker processes here: the process control is not measured");
  struct bench_sim bs;
  if (!bench_sim_create(&bs, WMISIM_CHECK_OFF, 0)) {
    bench_processes_stop(processes);
    return;
  }
  struct worker workers[2], shared[2];
  memset(workers, 0, sizeof workers);
  memset(shared, 0, sizeof shared);
  bool ok = bench_add_device(&bs) != NULL && bench_add_device(&bs) != NULL;
  ok = ok && open_worker(&bs, &workers[0], 0) && open_worker(&bs, &workers[1], 1);
  ok = ok && open_worker(&bs, &shared[0], 0) && open_worker(&bs, &shared[1], 0);
  if (!ok) {
    bench_error("threads: could not set the devices up");
    bench_processes_stop(processes);
    bench_sim_destroy(&bs);
    return;
  }
  bench_note("%u CPUs; each thread makes its own requests; checking off", plat_cpu_count());
  struct speedup own = measure_speedup(workers, processes);
  bench_result("threads.one_per_second", "one thread", own.one, "requests/s");
  bench_result("threads.two_per_second", "two threads, a device each", own.two, "requests/s");
  bench_result("threads.speedup", "two threads / one, a device each", own.ratio, "x");
  bench_result("threads.cpu_per_request_ratio", "CPU time per request, two threads / one", own.cpu_ratio, "x");
  bench_result("threads.cpu_share", "CPU the two threads got, of two CPUs", own.cpu_share, "fraction");
  bench_result("threads.control_speedup", "control: two threads / one, one shared write per request's time",
               own.control_ratio, "x");
  if (processes != NULL)
    bench_result("threads.process_speedup", "control: two processes / one, a simulator each, nothing shared",
                 own.process_ratio, "x");
  if (own.cpu_share < 0.9)
    bench_note("other processes took CPU time meanwhile: the throughput ratio is theirs as much as wmisim's");
  if (own.control_ratio < 1.6)
    bench_note("the control scaled below 1.6 too: this machine moved a shared cache line slowly in this run");
  if (processes != NULL && own.process_ratio < 1.6)
    bench_note("two processes that share nothing scaled below 1.6 too: the machine's two CPUs did not give twice "
               "one's work in this run");
  struct speedup same = measure_speedup(shared, NULL);
  bench_processes_stop(processes);
  bench_result("threads.two_shared_per_second", "two threads, the same device and GUID", same.two, "requests/s");
  bench_result("threads.speedup_shared", "two threads / one, the same device and GUID", same.ratio, "x");
  bench_result("threads.cpu_per_request_ratio_shared", "CPU time per request, two threads / one, same GUID",
               same.cpu_ratio, "x");
  for (int i = 0; i < 2; i++) {
    wmisim_wmi_close(workers[i].block);
    wmisim_wmi_close(shared[i].block);
  }
  bench_sim_destroy(&bs);
  bench_target("threads.speedup", "two consumer threads / one, throughput", own.ratio, BENCH_AT_LEAST, 1.6);
}
