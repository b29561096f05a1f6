/*
 * plan.c - turning (seed, step) into one request: which provider, which
 * kind of request, which block, and which edge case, and a description of
 * it for the findings. Nothing here depends on what earlier steps did.
 */
#include "stress/stress_internal.h"

#include <stdio.h>
#include <string.h>

#define ALIGN8(x) (((x) + 7u) & ~(ULONG)7u)

/* The state of step `step`'s generator: independent of the other steps. */
static uint64_t step_state(uint64_t seed, uint32_t step) {
  uint64_t state = seed ^ (0xD1B54A32D192ED03ull * ((uint64_t)step + 1));
  stress_next(&state);
  return state;
}

/* One bit of `mask`, chosen evenly; 0 if there is none. */
static unsigned pick_bit(uint64_t *rng, unsigned mask) {
  unsigned count = 0;
  for (unsigned m = mask; m != 0; m &= m - 1) count++;
  if (count == 0) return 0;
  uint32_t which = stress_below(rng, count);
  for (unsigned m = mask;; m &= m - 1)
    if (which-- == 0) return m & ~(m - 1);
}

/* The edge cases that mean something for a kind of request. */
static unsigned edges_for(unsigned kind) {
  unsigned edges = WMISIM_STRESS_EDGE_BUFFERS | WMISIM_STRESS_EDGE_PROVIDER_IDS;
  if (kind != WMISIM_STRESS_NOT_WMI) edges |= WMISIM_STRESS_EDGE_GUIDS;
  if (kind & (WMISIM_STRESS_QUERY_SINGLE | WMISIM_STRESS_SET_INSTANCE | WMISIM_STRESS_SET_ITEM | WMISIM_STRESS_METHOD))
    edges |= WMISIM_STRESS_EDGE_INSTANCES;
  if (kind & (WMISIM_STRESS_SET_ITEM | WMISIM_STRESS_METHOD)) edges |= WMISIM_STRESS_EDGE_IDS;
  return edges;
}

/* Size of the fixed part and instance name of a request WNODE. */
static ULONG data_offset_of(const struct stress_request *r, ULONG fixed) {
  return ALIGN8(fixed + 2 + (ULONG)r->name_length * 2);
}

/* The instance a request names: a static index (with its name, as WMI
 * sends both, or none past the names kept), or a dynamic name, which a
 * static-name block does not have. */
static void choose_instance(uint64_t *rng, struct stress_request *r, bool instance_edge) {
  ULONG count = r->block != NULL ? r->block->instance_count : 1;
  r->index = instance_edge && stress_below(rng, 2) == 0 ? count + stress_below(rng, 3) : stress_below(rng, count);
  if (instance_edge && stress_below(rng, 4) == 0) r->index = 0xFFFFFFFF;
  bool static_block = r->block != NULL && r->block->static_names;
  r->dynamic_name = !static_block || (instance_edge && r->index < count);
  if (r->dynamic_name) {
    char text[24];
    int length = snprintf(text, sizeof text, "stress#%lu", (unsigned long)(r->index % 1000));
    for (int i = 0; i < length; i++) r->name[i] = (WCHAR)text[i];
    r->name_length = (USHORT)length;
  } else if (r->index < count && r->index < STRESS_NAMES) {
    r->name_length = r->block->name_lengths[r->index];
    memcpy(r->name, r->block->names[r->index], r->name_length * sizeof(WCHAR));
  }
}

/* Buffer sizes a driver must survive: none, less than a header, a
 * header, and just short of `needed`. */
static ULONG edge_buffer_size(uint64_t *rng, ULONG needed) {
  switch (stress_below(rng, 5)) {
  case 0: return 0;
  case 1: return 1 + stress_below(rng, sizeof(WNODE_HEADER) - 1);
  case 2: return sizeof(WNODE_HEADER);
  case 3: return needed > 0 ? needed - 1 : 0;
  default: return needed;
  }
}

static ULONG_PTR foreign_provider_id(uint64_t *rng, const struct stress_run *run, const struct stress_request *r,
                                     const char **label) {
  size_t other = stress_below(rng, (uint32_t)run->target_count);
  if (run->target_count > 1 && run->targets[other].device != r->target->device) {
    *label = run->targets[other].name;
    return (ULONG_PTR)run->targets[other].device;
  }
  if (r->target->pdo != NULL && r->target->pdo != r->target->device) {
    *label = "the PDO";
    return (ULONG_PTR)r->target->pdo;
  }
  *label = NULL;
  return 0;
}

static const UCHAR not_wmi_minors[] = {0x0A, 0x0C, 0x0D, 0x7F};

/* The minor code, ids and sizes of the request. */
static void shape(uint64_t *rng, unsigned kind, unsigned edge, const struct stress_run *run, struct stress_request *r) {
  ULONG max = run->options.max_buffer_size;
  choose_instance(rng, r, edge == WMISIM_STRESS_EDGE_INSTANCES);
  r->id = 1 + stress_below(rng, 4);
  if (edge == WMISIM_STRESS_EDGE_IDS) r->id = stress_below(rng, 2) ? 0xFFFFFFFF : 5 + stress_below(rng, 1000);
  r->data_seed = stress_next(rng);
  ULONG needed = sizeof(WNODE_HEADER);
  switch (kind) {
  case WMISIM_STRESS_QUERY_ALL:
    r->minor = IRP_MN_QUERY_ALL_DATA;
    needed = (ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength);
    r->buffer_size = needed + stress_below(rng, max - needed);
    break;
  case WMISIM_STRESS_QUERY_SINGLE:
    r->minor = IRP_MN_QUERY_SINGLE_INSTANCE;
    needed = data_offset_of(r, sizeof(WNODE_SINGLE_INSTANCE));
    r->buffer_size = needed + stress_below(rng, max - needed);
    break;
  case WMISIM_STRESS_SET_INSTANCE:
  case WMISIM_STRESS_SET_ITEM:
    r->minor = kind == WMISIM_STRESS_SET_ITEM ? IRP_MN_CHANGE_SINGLE_ITEM : IRP_MN_CHANGE_SINGLE_INSTANCE;
    r->data_size = kind == WMISIM_STRESS_SET_ITEM ? 1u << stress_below(rng, 4) : stress_below(rng, 65);
    needed = data_offset_of(r, kind == WMISIM_STRESS_SET_ITEM ? sizeof(WNODE_SINGLE_ITEM) : sizeof(WNODE_SINGLE_INSTANCE)) +
             r->data_size;
    r->buffer_size = needed;
    break;
  case WMISIM_STRESS_METHOD:
    r->minor = IRP_MN_EXECUTE_METHOD;
    r->data_size = stress_below(rng, 17);
    needed = data_offset_of(r, sizeof(WNODE_METHOD_ITEM)) + r->data_size;
    r->buffer_size = needed + stress_below(rng, 64);
    break;
  case WMISIM_STRESS_EVENTS:
  case WMISIM_STRESS_COLLECTION: {
    bool enable = stress_below(rng, 2) == 0;
    r->minor = kind == WMISIM_STRESS_EVENTS ? (enable ? IRP_MN_ENABLE_EVENTS : IRP_MN_DISABLE_EVENTS)
                                            : (enable ? IRP_MN_ENABLE_COLLECTION : IRP_MN_DISABLE_COLLECTION);
    r->buffer_size = needed;
    break;
  }
  default:
    r->minor = not_wmi_minors[stress_below(rng, sizeof not_wmi_minors)];
    r->buffer_size = needed;
    break;
  }
  if (edge == WMISIM_STRESS_EDGE_BUFFERS) r->buffer_size = edge_buffer_size(rng, needed);
}

static void describe(struct stress_request *r, unsigned edge, const char *foreign) {
  char guid[39];
  wmisim_guid_format(&r->guid, guid);
  size_t n = (size_t)snprintf(r->text, sizeof r->text, "%s of %s%s", wmisim_minor_name(IRP_MJ_SYSTEM_CONTROL, r->minor),
                              guid, r->block == NULL ? " (not registered)" : "");
  ULONG count = r->block != NULL ? r->block->instance_count : 0;
  bool by_instance = r->minor == IRP_MN_QUERY_SINGLE_INSTANCE || r->minor == IRP_MN_CHANGE_SINGLE_INSTANCE ||
                     r->minor == IRP_MN_CHANGE_SINGLE_ITEM || r->minor == IRP_MN_EXECUTE_METHOD;
  if (by_instance && n < sizeof r->text)
    n += (size_t)snprintf(r->text + n, sizeof r->text - n,
                          r->dynamic_name     ? ", instance named \"stress#%lu\""
                          : r->index >= count ? ", index %lu (out of range)"
                                              : ", index %lu",
                          (unsigned long)(r->dynamic_name ? r->index % 1000 : r->index));
  if ((r->minor == IRP_MN_CHANGE_SINGLE_ITEM || r->minor == IRP_MN_EXECUTE_METHOD) && n < sizeof r->text)
    n += (size_t)snprintf(r->text + n, sizeof r->text - n, ", %s %lu", r->minor == IRP_MN_EXECUTE_METHOD ? "method" : "item",
                          (unsigned long)r->id);
  if (r->data_size != 0 && n < sizeof r->text)
    n += (size_t)snprintf(r->text + n, sizeof r->text - n, ", %lu bytes of input", (unsigned long)r->data_size);
  if (n < sizeof r->text)
    n += (size_t)snprintf(r->text + n, sizeof r->text - n, ", %lu-byte buffer%s", (unsigned long)r->buffer_size,
                          edge == WMISIM_STRESS_EDGE_BUFFERS ? " (edge)" : "");
  if (foreign != NULL && n < sizeof r->text) snprintf(r->text + n, sizeof r->text - n, ", ProviderId of %s", foreign);
}

void stress_plan(const struct stress_run *run, uint32_t step, struct stress_request *r) {
  memset(r, 0, sizeof *r);
  uint64_t rng = step_state(run->options.seed, step);
  r->target = &run->targets[stress_below(&rng, (uint32_t)run->target_count)];
  unsigned kind = pick_bit(&rng, run->options.kinds);
  unsigned edge = 0;
  if (stress_below(&rng, 100) < run->options.edge_percent)
    edge = pick_bit(&rng, run->options.edges & edges_for(kind));
  if (r->target->block_count != 0 && edge != WMISIM_STRESS_EDGE_GUIDS) {
    r->block = &r->target->blocks[stress_below(&rng, (uint32_t)r->target->block_count)];
    r->guid = r->block->guid;
  } else {
    r->guid.Data1 = (ULONG)stress_next(&rng);
    r->guid.Data2 = (USHORT)stress_next(&rng);
    r->guid.Data3 = (USHORT)stress_next(&rng);
    uint64_t tail = stress_next(&rng);
    memcpy(r->guid.Data4, &tail, sizeof r->guid.Data4);
  }
  shape(&rng, kind, edge, run, r);
  const char *foreign = NULL;
  if (edge == WMISIM_STRESS_EDGE_PROVIDER_IDS) r->provider_id = foreign_provider_id(&rng, run, r, &foreign);
  describe(r, edge, foreign);
}
