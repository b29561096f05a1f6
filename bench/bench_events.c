/*
 * bench_events.c - section 4: events from IoWMIWriteEvent (through
 * WmiFireEvent) to a consumer's callback, and what happens when the event
 * queue is full.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

struct consumer {
  volatile LONG delivered;
  volatile LONG lost;          /* the sum of the `lost` counts reported */
  PKEVENT gate;                /* if set, the first callback waits for it */
  KEVENT in_callback;          /* set when a callback is waiting at the gate */
};

static void on_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  struct consumer *c = context;
  (void)event;
  InterlockedExchangeAdd(&c->lost, (LONG)lost);
  if (c->gate != NULL) {
    PKEVENT gate = c->gate;
    c->gate = NULL;
    KeSetEvent(&c->in_callback, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(gate, Executive, KernelMode, FALSE, NULL);
  }
  InterlockedIncrement(&c->delivered);
}

/* Waits until `count` events were delivered; false after 60 s. */
static bool wait_delivered(struct bench_sim *bs, struct consumer *c, LONG count) {
  uint64_t deadline = bench_now_ns() + 60000000000ull;
  while (InterlockedCompareExchange(&c->delivered, 0, 0) < count) {
    if (bench_now_ns() > deadline) return false;
    wmisim_wait_idle(bs->sim, 100);
  }
  return true;
}

/* Throughput with a queue deep enough never to refuse: from the first
 * write to the last callback. */
static void measure_throughput(void) {
  struct bench_sim bs;
  LONG count = bench_options.quick ? 20000 : 400000;
  if (!bench_sim_create(&bs, WMISIM_CHECK_OFF, (uint32_t)count + 16)) return;
  bench_driver_config.event_guid = true;
  PDEVICE_OBJECT fdo = bench_add_device(&bs);
  struct consumer c = {0};
  wmisim_subscription_t *subscription = NULL;
  if (fdo == NULL || !NT_SUCCESS(wmisim_wmi_subscribe(bs.sim, &bench_event_guid, on_event, &c, &subscription))) {
    bench_error("events: could not subscribe");
    bench_sim_destroy(&bs);
    return;
  }
  double rates[5];
  size_t rounds = bench_options.quick ? 1 : 5;
  double write_ns = 0;
  for (size_t r = 0; r < rounds; r++) {
    LONG base = c.delivered;
    uint64_t start = bench_now_ns();
    for (LONG i = 0; i < count; i++)
      if (!NT_SUCCESS(bench_driver_fire_event(fdo, (ULONG)i))) {
        bench_error("events: WmiFireEvent failed with room in the queue");
        break;
      }
    uint64_t written = bench_now_ns();
    if (!wait_delivered(&bs, &c, base + count)) bench_error("events: not all events were delivered");
    uint64_t elapsed = bench_now_ns() - start;
    rates[r] = (double)count * 1e9 / (double)elapsed;
    write_ns += (double)(written - start) / count / (double)rounds;
  }
  wmisim_wmi_unsubscribe(subscription);
  bench_sim_destroy(&bs);
  bench_result("events.per_second", "WmiFireEvent to consumer callback, events per second", bench_median(rates, rounds),
               "events/s");
  bench_result("events.ns_per_event", "... per event", 1e9 / bench_median(rates, rounds), "ns/event");
  bench_result("events.write_ns", "WmiFireEvent call (writer side only)", write_ns, "ns/event");
}

/* The queue full: the delivery thread held in the first callback, the
 * queue filled to its depth, more writes refused; then released. */
static void measure_full_queue(void) {
  struct bench_sim bs;
  if (!bench_sim_create(&bs, WMISIM_CHECK_OFF, 0)) return;
  uint32_t depth = wmisim_options(bs.sim)->event_queue_depth;
  bench_driver_config.event_guid = true;
  PDEVICE_OBJECT fdo = bench_add_device(&bs);
  KEVENT gate;
  KeInitializeEvent(&gate, NotificationEvent, FALSE);
  struct consumer c = {0};
  c.gate = &gate;
  KeInitializeEvent(&c.in_callback, NotificationEvent, FALSE);
  wmisim_subscription_t *subscription = NULL;
  if (fdo == NULL || !NT_SUCCESS(wmisim_wmi_subscribe(bs.sim, &bench_event_guid, on_event, &c, &subscription))) {
    bench_error("events: could not subscribe");
    bench_sim_destroy(&bs);
    return;
  }
  bench_driver_fire_event(fdo, 0);
  KeWaitForSingleObject(&c.in_callback, Executive, KernelMode, FALSE, NULL);
  LONG accepted = 1, refused = 0, extra = bench_options.quick ? 10000 : 100000;
  for (uint32_t i = 0; i < depth; i++) accepted += NT_SUCCESS(bench_driver_fire_event(fdo, i));
  uint64_t start = bench_now_ns();
  for (LONG i = 0; i < extra; i++) refused += bench_driver_fire_event(fdo, (ULONG)i) == STATUS_INSUFFICIENT_RESOURCES;
  double refuse_ns = (double)(bench_now_ns() - start) / extra;
  KeSetEvent(&gate, IO_NO_INCREMENT, FALSE);
  bool delivered = wait_delivered(&bs, &c, accepted);
  bench_driver_fire_event(fdo, 0); /* its callback reports what was lost */
  delivered = delivered && wait_delivered(&bs, &c, accepted + 1);
  uint64_t dropped = wmisim_wmi_events_dropped(bs.sim, NULL, true);
  wmisim_wmi_unsubscribe(subscription);
  bench_sim_destroy(&bs);
  bench_note("queue full (depth %lu, delivery held): %ld accepted, %ld refused of %ld more, %ld reported lost",
             (unsigned long)depth, (long)accepted, (long)refused, (long)extra, (long)c.lost);
  if (!delivered || refused != extra || c.lost != refused || dropped != (uint64_t)refused ||
      accepted != (LONG)depth + 1)
    bench_error("events: the full queue did not refuse, count and report as documented (dropped %llu)",
                (unsigned long long)dropped);
  bench_result("events.full_refuse_ns", "WmiFireEvent refused, queue full", refuse_ns, "ns/event");
  bench_result("events.full_lost_reported", "events reported lost to the consumer", (double)c.lost, "events");
}

void bench_events(void) {
  bench_section("4. Events");
  measure_throughput();
  measure_full_queue();
}
