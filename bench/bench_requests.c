/*
 * bench_requests.c - sections 1 and 2: one request's round trip through
 * the full path (consumer API -> WMI service -> IRP -> WmiSystemControl ->
 * the driver's callback -> WmiCompleteRequest -> consumer) with checking
 * off and on, against the same driver driven by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define ALIGN8(x) (((x) + 7u) & ~(ULONG)7u)

/* A consumer's request through the full path. */
struct full_request {
  wmisim_block_t *block;
  char name[64];
  UCHAR minor;
  unsigned char *buffer;
  ULONG capacity;
  ULONGLONG value;
};

static bool full_send(void *raw) {
  struct full_request *r = raw;
  ULONG size = r->capacity, add = 1;
  NTSTATUS status = STATUS_NOT_SUPPORTED;
  switch (r->minor) {
  case IRP_MN_QUERY_SINGLE_INSTANCE:
    status = wmisim_wmi_query_single(r->block, r->name, &size, r->buffer);
    break;
  case IRP_MN_QUERY_ALL_DATA:
    status = wmisim_wmi_query_all(r->block, &size, r->buffer);
    break;
  case IRP_MN_CHANGE_SINGLE_ITEM:
    status = wmisim_wmi_set_item(r->block, r->name, BENCH_ITEM_VALUE, sizeof r->value, &r->value);
    break;
  case IRP_MN_EXECUTE_METHOD:
    status = wmisim_wmi_execute_method(r->block, r->name, BENCH_METHOD_ADD, sizeof add, &add, &size, r->buffer);
    break;
  default:
    break;
  }
  return NT_SUCCESS(status);
}

/* One kind of request measured. */
struct kind {
  const char *key;
  const char *label;
  UCHAR minor;
  ULONG instances;        /* of the device it goes to */
};

static const struct kind kinds[] = {
    {"single", "QUERY_SINGLE_INSTANCE (16-byte block)", IRP_MN_QUERY_SINGLE_INSTANCE, 1},
    {"all_1", "QUERY_ALL_DATA, 1 instance", IRP_MN_QUERY_ALL_DATA, 1},
    {"all_100", "QUERY_ALL_DATA, 100 instances", IRP_MN_QUERY_ALL_DATA, 100},
    {"all_10000", "QUERY_ALL_DATA, 10,000 instances", IRP_MN_QUERY_ALL_DATA, 10000},
    {"set_item", "CHANGE_SINGLE_ITEM", IRP_MN_CHANGE_SINGLE_ITEM, 1},
    {"method", "EXECUTE_METHOD", IRP_MN_EXECUTE_METHOD, 1},
};

#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

/* The output room a method gets, by hand and through the full path alike:
 * WMI sizes its buffer by the consumer's output buffer and zeroes it, so a
 * larger consumer buffer would time a different request. */
#define METHOD_OUTPUT_ROOM 64

/* The WNODE size a hand-built request needs for `instances` instances. */
static ULONG hand_wnode_size(UCHAR minor, ULONG instances) {
  if (minor == IRP_MN_QUERY_ALL_DATA)
    return ALIGN8((ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength) +
                  instances * (ULONG)sizeof(OFFSETINSTANCEDATAANDLENGTH)) +
           instances * BENCH_BLOCK_SIZE;
  return ALIGN8((ULONG)sizeof(WNODE_METHOD_ITEM)) + METHOD_OUTPUT_ROOM;
}

/* The consumer's buffer: big enough for the answer, found by asking. */
static bool size_full_request(struct full_request *r, ULONG instances) {
  r->capacity = r->minor == IRP_MN_EXECUTE_METHOD ? METHOD_OUTPUT_ROOM : 4096;
  if (r->minor == IRP_MN_QUERY_ALL_DATA) {
    ULONG size = 0;
    NTSTATUS status = wmisim_wmi_query_all(r->block, &size, NULL);
    if (status != STATUS_BUFFER_TOO_SMALL) return false;
    r->capacity = size;
  }
  r->buffer = malloc(r->capacity);
  if (r->buffer == NULL || !full_send(r)) return false;
  if (r->minor == IRP_MN_QUERY_ALL_DATA && wmisim_wnode_count(r->buffer, r->capacity) != instances) {
    bench_error("QUERY_ALL_DATA returned %zu instances, not %lu", wmisim_wnode_count(r->buffer, r->capacity),
                (unsigned long)instances);
    return false;
  }
  return true;
}

static void report_kind(const struct kind *k, const struct bench_case *cases, size_t count) {
  char key[64], label[96];
  double hand = cases[0].ns, off = cases[1].ns, on = cases[2].ns;
  snprintf(key, sizeof key, "%s.hand_ns", k->key);
  bench_result(key, "hand-built IRP to DispatchSystemControl, checking off", hand, "ns/request");
  snprintf(key, sizeof key, "%s.hand_on_ns", k->key);
  bench_result(key, "hand-built IRP to DispatchSystemControl, checking on", cases[3].ns, "ns/request");
  if (count > 4) {
    snprintf(key, sizeof key, "%s.hand_fresh_ns", k->key);
    bench_result(key, "hand-built with IoAllocateIrp and a new WNODE each time", cases[4].ns, "ns/request");
  }
  snprintf(key, sizeof key, "%s.full_off_ns", k->key);
  bench_result(key, "full path, checking off", off, "ns/request");
  snprintf(key, sizeof key, "%s.full_on_ns", k->key);
  bench_result(key, "full path, checking on", on, "ns/request");
  snprintf(key, sizeof key, "%s.ratio_off", k->key);
  bench_result(key, "full path / hand-built, checking off", off / hand, "x");
  snprintf(key, sizeof key, "%s.ratio_on", k->key);
  bench_result(key, "full path (checking on) / hand-built (checking off)", on / hand, "x");
  if (k->minor == IRP_MN_QUERY_ALL_DATA) {
    snprintf(key, sizeof key, "%s.full_off_ns_per_instance", k->key);
    bench_result(key, "full path, checking off, per instance", off / k->instances, "ns/instance");
  }
  snprintf(label, sizeof label, "%s: full path / hand-built, checking off", k->label);
  snprintf(key, sizeof key, "%s.ratio_off", k->key);
  bench_target(key, label, off / hand, BENCH_AT_MOST, 3.0);
  snprintf(label, sizeof label, "%s: full path / hand-built, checking on", k->label);
  snprintf(key, sizeof key, "%s.ratio_on", k->key);
  bench_target(key, label, on / hand, BENCH_AT_MOST, 6.0);
}

/* Measures one kind: the hand-built request (checking off and on) and the
 * full path (off and on), interleaved. Returns the full path's ns with
 * checking off, or 0 on failure. */
static double measure_kind(struct bench_sim *bs, const struct kind *k, PDEVICE_OBJECT fdo) {
  ULONG device = bench_driver_device_index(fdo);
  GUID guid;
  bench_guid(device, 0, &guid);
  struct full_request full = {0};
  full.minor = k->minor;
  full.value = 42;
  bench_instance_name(device, 0, full.name, sizeof full.name);
  struct bench_hand hand;
  bool ok = bench_hand_init(&hand, fdo, k->minor, &guid, hand_wnode_size(k->minor, k->instances));
  hand.id = k->minor == IRP_MN_EXECUTE_METHOD ? BENCH_METHOD_ADD : BENCH_ITEM_VALUE;
  hand.data_size = k->minor == IRP_MN_EXECUTE_METHOD ? sizeof(ULONG) : sizeof(ULONGLONG);
  hand.data = 1;
  NTSTATUS status = wmisim_wmi_open(bs->sim, &guid, WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE, &full.block);
  ok = ok && NT_SUCCESS(status) && size_full_request(&full, k->instances);
  struct bench_case cases[5] = {
      {"hand-built, checking off", bench_hand_send, &hand, bs->sim, WMISIM_CHECK_OFF, 0, 0, false},
      {"full path, checking off", full_send, &full, bs->sim, WMISIM_CHECK_OFF, 0, 0, false},
      {"full path, checking on", full_send, &full, bs->sim, WMISIM_CHECK_REPORT, 0, 0, false},
      {"hand-built, checking on", bench_hand_send, &hand, bs->sim, WMISIM_CHECK_REPORT, 0, 0, false},
      {"hand-built fresh, checking off", bench_hand_send_fresh, &hand, bs->sim, WMISIM_CHECK_OFF, 0, 0, false},
  };
  /* The fresh hand-built request, for comparison, with the first kind only. */
  size_t count = k->minor == IRP_MN_QUERY_SINGLE_INSTANCE ? 5 : 4;
  if (!ok) bench_error("%s: could not set the request up", k->label);
  ok = ok && bench_measure(cases, count);
  wmisim_set_check_mode(bs->sim, WMISIM_CHECK_REPORT);
  wmisim_wmi_close(full.block);
  free(full.buffer);
  bench_hand_free(&hand);
  if (!ok) return 0;
  report_kind(k, cases, count);
  return cases[1].ns;
}

void bench_requests(void) {
  struct bench_sim bs;
  if (!bench_sim_create(&bs, WMISIM_CHECK_REPORT, 0)) return;
  PDEVICE_OBJECT fdos[3] = {NULL, NULL, NULL};
  const ULONG instances[3] = {1, 100, 10000};
  for (int i = 0; i < 3; i++) {
    bench_driver_config.instances = instances[i];
    fdos[i] = bench_add_device(&bs);
    if (fdos[i] == NULL) {
      bench_sim_destroy(&bs);
      return;
    }
  }
  double per_instance[3] = {0, 0, 0};
  for (size_t i = 0; i < KIND_COUNT; i++) {
    const struct kind *k = &kinds[i];
    if (i == 0) bench_section("1. QUERY_SINGLE_INSTANCE round trip");
    if (i == 1) bench_section("2. Other requests");
    if (i > 0) bench_note("%s", k->label);
    int device = k->instances == 10000 ? 2 : k->instances == 100 ? 1 : 0;
    double ns = measure_kind(&bs, k, fdos[device]);
    if (k->minor == IRP_MN_QUERY_ALL_DATA) per_instance[device] = ns / k->instances;
  }
  if (per_instance[1] > 0 && per_instance[2] > 0)
    bench_target("all.per_instance_10000_vs_100", "QUERY_ALL_DATA ns per instance: 10,000 / 100 instances",
                 per_instance[2] / per_instance[1], BENCH_AT_MOST, 1.5);
  bench_sim_destroy(&bs);
}
