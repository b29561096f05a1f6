/*
 * stress_internal.h - the stress mode's run state, shared by its files:
 * targets.c reads the providers and their blocks, plan.c turns (seed,
 * step) into a request, send.c builds and sends it, stress.c runs the
 * steps and keeps the findings.
 */
#ifndef WMISIM_STRESS_INTERNAL_H
#define WMISIM_STRESS_INTERNAL_H

#include <wmisim/stress.h>
#include <wmisim/trace.h>
#include <wmistr.h>

#include <stdbool.h>
#include <stdint.h>

struct wmisim;
struct wmi_service;

#define STRESS_NAMES 4         /* static instance names kept per block, for requests by name */
#define STRESS_NAME_CHARS 96
#define STRESS_TEXT 192

/* What a provider registered for one GUID, as read at the start of a run. */
struct stress_block {
  GUID guid;
  ULONG flags;                 /* WMIREG_FLAG_* */
  ULONG instance_count;
  bool static_names;
  bool pdo_names;
  WCHAR names[STRESS_NAMES][STRESS_NAME_CHARS];
  USHORT name_lengths[STRESS_NAMES]; /* WCHARs */
  int8_t events_sent;          /* last ENABLE (1) or DISABLE (0) the run sent, -1 none */
  int8_t collection_sent;
};

/* A provider under stress. */
struct stress_target {
  PDEVICE_OBJECT device;       /* the registered device object */
  PDEVICE_OBJECT pdo;          /* the bottom of its stack, for foreign ProviderIds; may be NULL */
  ULONG provider_id;           /* WNODE_HEADER.ProviderId */
  char name[80];
  size_t block_count;
  struct stress_block *blocks;
  bool gone;                   /* deregistered during the run */
};

struct stress_run {
  struct wmisim *sim;
  struct wmi_service *service;
  wmisim_stress_options_t options;
  struct stress_target *targets;
  size_t target_count;
  wmisim_stress_result_t *result;
  uint32_t step;               /* the step in flight, for the bug-check note */
  char request[STRESS_TEXT + 96]; /* its description and provider */
  wmisim_bugcheck_fn previous_bugcheck;
  void *previous_bugcheck_context;
};

/* One request, fully decided by (seed, step). */
struct stress_request {
  UCHAR minor;
  struct stress_target *target;
  struct stress_block *block;  /* NULL for a GUID the provider did not register */
  GUID guid;                   /* DataPath and WnodeHeader.Guid */
  ULONG buffer_size;
  ULONG_PTR provider_id;       /* Parameters.WMI.ProviderId; 0: the provider's own */
  ULONG index;                 /* static instance index */
  bool dynamic_name;           /* name the instance instead of indexing it */
  WCHAR name[STRESS_NAME_CHARS]; /* the instance name the WNODE carries */
  USHORT name_length;          /* WCHARs */
  ULONG id;                    /* item or method id */
  ULONG data_size;             /* input data of sets and methods */
  uint64_t data_seed;          /* the input bytes follow from it */
  char text[STRESS_TEXT];
};

/* ---- targets.c ------------------------------------------------------------------------------- */

/* Reads `provider` (NULL: every active provider) and its blocks.
 * STATUS_WMI_GUID_NOT_FOUND if there is none. */
NTSTATUS stress_read_targets(struct stress_run *run, PDEVICE_OBJECT provider);
void stress_free_targets(struct stress_run *run);

/* Sends ENABLE or DISABLE where the run left a block other than the WMI
 * service believes it is. */
void stress_restore_enables(struct stress_run *run);

/* ---- plan.c ---------------------------------------------------------------------------------- */

void stress_plan(const struct stress_run *run, uint32_t step, struct stress_request *request);

/* ---- send.c ---------------------------------------------------------------------------------- */

/* Builds and sends the request; *sent is false if its provider no longer
 * takes requests. Returns the status the request completed with. */
NTSTATUS stress_send(struct stress_run *run, struct stress_request *request, bool *sent);

/* ---- the generator ------------------------------------------------------------------------- */

/* splitmix64: small, fast, and every seed gives a full-period sequence. */
static inline uint64_t stress_next(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* A number in [0, n). */
static inline uint32_t stress_below(uint64_t *state, uint32_t n) {
  return n == 0 ? 0 : (uint32_t)(stress_next(state) % n);
}

#endif /* WMISIM_STRESS_INTERNAL_H */
