/*
 * bench.h - what the benchmark's sections share: options, measuring,
 * results and targets, simulators with the benchmark driver, hand-built
 * requests.
 *
 * Every figure is measured in the same run on the same machine, so the
 * targets are ratios between figures of one run, never absolute times.
 */
#ifndef WMISIM_BENCH_H
#define WMISIM_BENCH_H

#include <wdm.h>
#include <wmisim.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench_driver.h"
#include "platform/platform.h"

/* ---- options ------------------------------------------------------------------------------ */

struct bench_options {
  bool quick;             /* a short run: smaller sizes, fewer repeats */
  bool check_targets;     /* exit 1 if a target is missed */
  const char *json_path;  /* also write the summary there */
  const char *only;       /* run only the section of that name */
};

extern struct bench_options bench_options;

/* ---- measuring ---------------------------------------------------------------------------- */

/* One operation measured: `op` performs it once and returns false if it
 * failed. If `sim` is not NULL, its checking mode is set to `mode` before
 * each batch (outside the timed part). */
struct bench_case {
  const char *name;
  bool (*op)(void *context);
  void *context;
  wmisim_t *sim;
  wmisim_check_mode_t mode;
  double ns;              /* result: median ns per operation */
  double spread;          /* (slowest batch - fastest batch) / median */
  bool failed;
};

/* Measures the cases together: each is warmed up and calibrated to a batch
 * of about the same duration, then batches of all cases are interleaved,
 * repeated, and the median batch taken, so slow drifts of a noisy machine
 * hit every case alike. Returns false if an operation failed. */
bool bench_measure(struct bench_case *cases, size_t count);

/* The median of `count` values (sorted in place). */
double bench_median(double *values, size_t count);

/* Host clocks, in ns. */
static inline uint64_t bench_now_ns(void) { return plat_monotonic_ns(); }
static inline uint64_t bench_cpu_ns(void) { return plat_thread_cpu_ns(); }

/* ---- results and targets ------------------------------------------------------------------- */

/* Starts a section of the human table. */
void bench_section(const char *title);

/* Records a figure: printed in the table and kept for the summary under
 * `key` (lower case, dots and underscores). */
void bench_result(const char *key, const char *label, double value, const char *unit);

/* A note line under the current section (not in the summary). */
void bench_note(const char *format, ...) WMISIM_PRINTF(1, 2);

enum bench_bound { BENCH_AT_MOST, BENCH_AT_LEAST };

/* Records a target: `value` compared with `limit`. */
void bench_target(const char *key, const char *description, double value, enum bench_bound bound, double limit);

/* Reports a failure that makes the run invalid (a request that failed, a
 * violation): printed at once, counted in the summary, exit status 2. */
void bench_error(const char *format, ...) WMISIM_PRINTF(1, 2);

/* Prints the targets table and the machine-readable summary; returns the
 * exit status. */
int bench_finish(void);

/* ---- simulators with the benchmark driver ------------------------------------------------- */

/* A simulator with a quiet log whose violations are reported as errors,
 * the benchmark driver added. `queue_depth` 0 keeps the default. */
struct bench_sim {
  wmisim_t *sim;
  wmisim_driver_t *driver;
  ULONG devices;
};

bool bench_sim_create(struct bench_sim *bs, wmisim_check_mode_t mode, uint32_t queue_depth);
void bench_sim_destroy(struct bench_sim *bs);

/* Adds and starts a device of the benchmark driver with the current
 * bench_driver_config; its FDO. NULL (and an error) on failure. */
PDEVICE_OBJECT bench_add_device(struct bench_sim *bs);

/* One consumer thread's work in the threads section: `requests`
 * QUERY_SINGLE_INSTANCEs of instance `name` of `block`, one after the
 * other; false at the first that fails. */
bool bench_query_loop(wmisim_block_t *block, const char *name, long requests);

/* The instance ID of device `index` and the name of its instance `instance`. */
void bench_instance_id(ULONG index, char *out, size_t size);
void bench_instance_name(ULONG index, ULONG instance, char *out, size_t size);

/* ---- hand-built requests: the baseline ------------------------------------------------------ */

/* A request the benchmark builds itself and passes straight to the
 * driver's DispatchSystemControl, as a test without wmisim's WMI service
 * would: the caller's own IRP memory (IoInitializeIrp) and WNODE buffer,
 * reused from one request to the next. */
struct bench_hand {
  PDEVICE_OBJECT fdo;
  PDRIVER_DISPATCH dispatch;
  PIRP irp;
  USHORT irp_size;
  UCHAR minor;
  GUID guid;
  ULONG instance;
  ULONG id;               /* item or method id */
  unsigned char *wnode;
  ULONG wnode_size;
  ULONG data_size;        /* input data for sets and methods */
  ULONGLONG data;
};

bool bench_hand_init(struct bench_hand *hand, PDEVICE_OBJECT fdo, UCHAR minor, const GUID *guid, ULONG wnode_size);
void bench_hand_free(struct bench_hand *hand);
/* Builds and sends the request once; false unless it succeeded. */
bool bench_hand_send(void *hand);
/* The same with what a test usually does each time: an IRP from
 * IoAllocateIrp, freed with IoFreeIrp, and a zeroed WNODE buffer of its
 * own. For comparison only; the targets use bench_hand_send. */
bool bench_hand_send_fresh(void *hand);

/* ---- worker processes: the threads section's second control --------------------------------- */

/* Two processes, each with a simulator and device of its own, that run the
 * request loop of one consumer thread (`requests` QUERY_SINGLE_INSTANCEs)
 * on command. Start them while the benchmark has a single thread. False
 * where there are none (Windows) or they could not be started. */
struct bench_process_pair;
bool bench_processes_start(struct bench_process_pair **pair, long requests);
/* Runs the loop in the first `count` (1 or 2) processes at once; requests
 * per second of them together, 0 if a request failed. */
double bench_processes_run(struct bench_process_pair *pair, int count);
/* Ends the processes; NULL is ignored. */
void bench_processes_stop(struct bench_process_pair *pair);

/* ---- sections -------------------------------------------------------------------------------- */

void bench_requests(void);   /* sections 1 and 2 */
void bench_scale(void);      /* section 3 */
void bench_events(void);     /* section 4 */
void bench_drain(void);      /* section 5 */
void bench_threads(void);    /* section 6 */

#endif /* WMISIM_BENCH_H */
