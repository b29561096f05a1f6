/*
 * wmisim/stress.h - fake WMI IRPs, in the spirit of Driver Verifier's
 * enhanced I/O verification: a seeded, deterministic sequence of valid and
 * edge-case WMI requests sent to a registered provider, with each rule
 * violation it provokes reported with the seed and step that reproduce it.
 *
 * The requests are built by the WMI service's own request path (the
 * guarded buffers, the IRP as Windows builds it, the same checks on what
 * comes back) but with what the service itself would never send:
 * zero-size and too-small buffers, instance indexes out of range, dynamic
 * instance names a static-name block does not have, ProviderIds of other
 * devices, GUIDs nobody registered, item and method ids the block does
 * not have, enable and disable requests out of order, and minor codes that
 * are no WMI request. A correct driver survives all of them without a
 * violation; see docs/checks.md.
 *
 * Every choice follows from (seed, step): step N of a run is the same
 * request whatever ran before it, so a finding can be replayed alone
 * (first_step = N, steps = 1) or with its history (first_step = 0,
 * steps = N + 1). What the driver answers may depend on its state, which
 * earlier steps changed. Nothing uses rand().
 *
 * "Crashes": a driver's bug check (KeBugCheckEx, a corrupt list) ends the
 * simulated machine; during a run the stress mode logs the seed, step and
 * request first, then calls the simulator's bug-check handler. A driver
 * that corrupts the host process (a segfault) cannot be caught portably;
 * run the stress tests under AddressSanitizer to find those.
 */
#ifndef WMISIM_STRESS_H
#define WMISIM_STRESS_H

#include <wmisim/sim.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The kinds of request a run sends (a mask). */
enum {
  WMISIM_STRESS_QUERY_ALL = 0x01,      /* IRP_MN_QUERY_ALL_DATA */
  WMISIM_STRESS_QUERY_SINGLE = 0x02,   /* IRP_MN_QUERY_SINGLE_INSTANCE */
  WMISIM_STRESS_SET_INSTANCE = 0x04,   /* IRP_MN_CHANGE_SINGLE_INSTANCE, random data */
  WMISIM_STRESS_SET_ITEM = 0x08,       /* IRP_MN_CHANGE_SINGLE_ITEM, random data */
  WMISIM_STRESS_METHOD = 0x10,         /* IRP_MN_EXECUTE_METHOD, random input */
  WMISIM_STRESS_EVENTS = 0x20,         /* IRP_MN_ENABLE_EVENTS / DISABLE_EVENTS in any order */
  WMISIM_STRESS_COLLECTION = 0x40,     /* IRP_MN_ENABLE_COLLECTION / DISABLE_COLLECTION in any order */
  WMISIM_STRESS_NOT_WMI = 0x80,        /* IRP_MJ_SYSTEM_CONTROL minor codes that are no WMI request */
  WMISIM_STRESS_ALL_KINDS = 0xff
};

/* The edge cases mixed into requests (a mask). */
enum {
  WMISIM_STRESS_EDGE_BUFFERS = 0x01,      /* zero-size buffers, shorter than the WNODE, no room for data */
  WMISIM_STRESS_EDGE_INSTANCES = 0x02,    /* indexes out of range, dynamic names a static block lacks */
  WMISIM_STRESS_EDGE_PROVIDER_IDS = 0x04, /* Parameters.WMI.ProviderId of another device */
  WMISIM_STRESS_EDGE_GUIDS = 0x08,        /* GUIDs the provider did not register */
  WMISIM_STRESS_EDGE_IDS = 0x10,          /* item and method ids the block is unlikely to have */
  WMISIM_STRESS_ALL_EDGES = 0x1f
};

#define WMISIM_STRESS_OPTIONS_VERSION 1

/* Initialise with wmisim_stress_options_init, then set what you need. */
typedef struct wmisim_stress_options {
  unsigned version;         /* WMISIM_STRESS_OPTIONS_VERSION */
  uint64_t seed;            /* every choice follows from it; 0 (the default): the simulator's `seed` option */
  uint32_t first_step;      /* the step to start at, to replay a finding; default 0 */
  uint32_t steps;           /* requests to send; default 500 */
  unsigned kinds;           /* WMISIM_STRESS_* kinds; default all */
  unsigned edges;           /* WMISIM_STRESS_EDGE_*; default all */
  uint32_t edge_percent;    /* share of requests given an edge case, 0 to 100; default 50 */
  ULONG max_buffer_size;    /* largest request buffer, at least 256; default 4096 */
  bool stop_at_first;       /* end the run after the step of the first violation; default false */
} wmisim_stress_options_t;

#define WMISIM_STRESS_MAX_FINDINGS 32

/* One violation a run provoked and how to reproduce it. */
typedef struct wmisim_stress_finding {
  uint32_t step;            /* the step whose request was in flight */
  uint64_t sequence;        /* the violation's sequence number in the simulator's record */
  const char *rule;         /* the rule id (static storage) */
  char request[192];        /* the request, e.g. "IRP_MN_QUERY_SINGLE_INSTANCE {...} index 7 (out of range),
                               60-byte buffer to \Device\..." */
  char violation[768];      /* the violation as wmisim_violation_format() writes it */
} wmisim_stress_finding_t;

/* What a run did. */
typedef struct wmisim_stress_result {
  uint64_t seed;            /* the seed used */
  uint32_t steps_run;
  uint32_t requests_sent;   /* IRPs sent (a step whose provider left sends none) */
  uint32_t requests_succeeded; /* of which the driver completed with a success status */
  uint32_t violations;      /* violations recorded during the run, also beyond the findings kept */
  uint32_t finding_count;   /* findings kept: the first WMISIM_STRESS_MAX_FINDINGS */
  wmisim_stress_finding_t findings[WMISIM_STRESS_MAX_FINDINGS];
} wmisim_stress_result_t;

/* Fills `options` with the defaults. */
WMISIM_API void wmisim_stress_options_init(wmisim_stress_options_t *options);

/*
 * Runs `options->steps` steps against `provider`, a device registered with
 * IoWMIRegistrationControl, or, for NULL, against every provider
 * registered when the run starts (each step picks one). The blocks each
 * provider registered are read once, at the start. Each step sends one
 * request and waits for it as the WMI service does; while it is in flight
 * every violation recorded carries "stress seed S step N: <request>" as
 * its context. Enable and disable requests are set back at the end to
 * what the WMI service believes, so the driver and WMI agree again.
 * Call at PASSIVE_LEVEL, outside driver code. `options` may be NULL for
 * the defaults; `result` may be NULL.
 * Returns STATUS_SUCCESS when the run ended (violations are in *result and
 * in the simulator's record), STATUS_INVALID_PARAMETER for a bad argument
 * or options version, STATUS_WMI_GUID_NOT_FOUND if `provider` is not
 * registered (or no provider is, for NULL), STATUS_INSUFFICIENT_RESOURCES.
 * A provider that deregisters during the run is skipped from then on.
 */
WMISIM_API NTSTATUS wmisim_stress_run(wmisim_t *sim, PDEVICE_OBJECT provider, const wmisim_stress_options_t *options,
                                      wmisim_stress_result_t *result);

/* Formats a finding of a run on one line: "seed 0x2a step 17: <violation>".
 * Returns the length it needed (snprintf's convention). */
WMISIM_API size_t wmisim_stress_finding_format(const wmisim_stress_result_t *result,
                                               const wmisim_stress_finding_t *finding, char *buffer, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* WMISIM_STRESS_H */
