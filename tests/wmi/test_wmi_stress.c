/*
 * test_wmi_stress.c - consumer threads querying in a loop while another
 * thread deregisters and registers the provider in a loop: every query
 * gets STATUS_SUCCESS or STATUS_WMI_GUID_NOT_FOUND, every IRP sent is
 * completed exactly once (no violation, as many IRPs finished as sent),
 * and under ThreadSanitizer the run is clean. Also with queries the driver
 * pends and completes on threads of its own, and with subscribers coming
 * and going while the provider is enabled and disabled.
 */
#include "wmi_test.h"

#define CONSUMERS 4
#define QUERIES_PER_CONSUMER 100
/* However fast requests are, the IRPs of a run stay below MAX_IRP_ID:
 * about 3 per consumer round, 2 per subscriber round. */
#define ROUNDS_PER_CONSUMER_AT_MOST 3000
#define ROUNDS_PER_SUBSCRIBER_AT_MOST 5000
#define REGISTRATION_CYCLES 100

/* IRP_MJ_SYSTEM_CONTROL IRPs the WMI service sent, by id, and how many
 * times each was completed. */
#define MAX_IRP_ID 65536

struct irp_balance {
  volatile LONG sent;
  volatile LONG beyond;                  /* ids past MAX_IRP_ID */
  volatile LONG is_wmi[MAX_IRP_ID];
  volatile LONG completions[MAX_IRP_ID];
};

static struct irp_balance balance;

static void count_balance(void *context, const wmisim_trace_event_t *event) {
  (void)context;
  if (event->irp >= MAX_IRP_ID) {
    if (event->irp != 0) InterlockedIncrement(&balance.beyond);
    return;
  }
  if (event->kind == WMISIM_TRACE_IRP_SENT && event->depth == 1 && event->major == IRP_MJ_SYSTEM_CONTROL) {
    InterlockedIncrement(&balance.sent);
    InterlockedExchange(&balance.is_wmi[event->irp], 1);
  }
  if (event->kind == WMISIM_TRACE_IRP_COMPLETED) InterlockedIncrement(&balance.completions[event->irp]);
}

/* Every system-control IRP sent was completed exactly once. */
static void assert_each_irp_completed_once(void) {
  assert_int_equal(balance.beyond, 0);
  LONG once = 0;
  for (ULONG id = 0; id < MAX_IRP_ID; id++) {
    if (!balance.is_wmi[id]) continue;
    if (balance.completions[id] != 1) print_message("IRP #%lu completed %ld times\n", (unsigned long)id,
                                                    (long)balance.completions[id]);
    assert_int_equal(balance.completions[id], 1);
    once++;
  }
  assert_int_equal(once, balance.sent);
}

struct run {
  wmisim_t *sim;
  PDEVICE_OBJECT fdo;
  volatile LONG stop;
  volatile LONG unexpected;       /* statuses other than success / GUID not found */
  volatile LONG successes;
  volatile LONG not_found;
  volatile LONG registration_failures;
  NTSTATUS last_unexpected;
};

static struct run run;

static void tally(NTSTATUS status) {
  if (status == STATUS_SUCCESS) {
    InterlockedIncrement(&run.successes);
  } else if (status == STATUS_WMI_GUID_NOT_FOUND) {
    InterlockedIncrement(&run.not_found);
  } else {
    run.last_unexpected = status;
    InterlockedIncrement(&run.unexpected);
  }
}

static LONG read(volatile LONG *value) {
  return InterlockedCompareExchange(value, 0, 0);
}

/* Gives the other threads the processor (a delay passes at once on the
 * virtual clock, but yields). */
static void yield(void) {
  LARGE_INTEGER interval;
  interval.QuadPart = -1;
  KeDelayExecutionThread(KernelMode, FALSE, &interval);
}

static VOID NTAPI consumer(PVOID context) {
  (void)context;
  unsigned char buffer[2048];
  for (int i = 0; (i < QUERIES_PER_CONSUMER || !read(&run.stop)) && i < ROUNDS_PER_CONSUMER_AT_MOST; i++) {
    wmisim_block_t *block;
    NTSTATUS status = wmisim_wmi_open(run.sim, &TEST_DATA_GUID, WMIGUID_QUERY, &block);
    if (!NT_SUCCESS(status)) {
      tally(status);
      yield();
      continue;
    }
    ULONG size = sizeof buffer;
    tally(wmisim_wmi_query_all(block, &size, buffer));
    size = sizeof buffer;
    tally(wmisim_wmi_query_single(block, "ROOT\\WMISIM\\0000_1", &size, buffer));
    wmisim_wmi_close(block);
    PVOID object;
    status = IoWMIOpenBlock((GUID *)&TEST_DATA_GUID, WMIGUID_QUERY, &object);
    if (NT_SUCCESS(status)) {
      size = sizeof buffer;
      tally(IoWMIQueryAllData(object, &size, buffer));
      ObDereferenceObject(object);
    } else {
      tally(status);
    }
  }
}

/* Deregisters and registers again, each time after consumers got some
 * answers from the registered provider (or a bounded wait). */
static VOID NTAPI registrar(PVOID context) {
  (void)context;
  for (int i = 0; i < REGISTRATION_CYCLES; i++) {
    LONG target = read(&run.successes) + CONSUMERS;
    for (int spin = 0; spin < 20000 && read(&run.successes) < target; spin++) yield();
    if (!NT_SUCCESS(IoWMIRegistrationControl(run.fdo, WMIREG_ACTION_DEREGISTER)))
      InterlockedIncrement(&run.registration_failures);
    if (!NT_SUCCESS(IoWMIRegistrationControl(run.fdo, WMIREG_ACTION_REGISTER)))
      InterlockedIncrement(&run.registration_failures);
  }
  InterlockedExchange(&run.stop, 1);
}

static void ignore_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  (void)context, (void)event, (void)lost;
}

static VOID NTAPI subscriber(PVOID context) {
  (void)context;
  for (int i = 0; !read(&run.stop) && i < ROUNDS_PER_SUBSCRIBER_AT_MOST; i++) {
    wmisim_subscription_t *subscription;
    if (NT_SUCCESS(wmisim_wmi_subscribe(run.sim, &TEST_EVENT_GUID, ignore_event, NULL, &subscription)))
      wmisim_wmi_unsubscribe(subscription);
  }
}

static void stress(bool pend, bool subscribers) {
  test_driver_reset();
  test_driver_config.pend_queries = pend;
  memset(&run, 0, sizeof run);
  wmisim_options_t options;
  wt_options(&options);
  options.drain_timeout_ms = 20000;
  run.sim = wt_sim_create_with(&options);
  memset((void *)&balance, 0, sizeof balance);
  wmisim_trace_subscription_t *trace;
  assert_int_equal(wmisim_trace_subscribe(run.sim, count_balance, NULL, &trace), STATUS_SUCCESS);
  wmisim_devnode_t *node = wt_wmilib_device(run.sim);
  run.fdo = wt_fdo(node);
  HANDLE threads[CONSUMERS + 2];
  int count = 0;
  for (int i = 0; i < CONSUMERS; i++) threads[count++] = wt_thread_start(consumer, NULL);
  threads[count++] = wt_thread_start(registrar, NULL);
  if (subscribers) threads[count++] = wt_thread_start(subscriber, NULL);
  for (int i = 0; i < count; i++) assert_true(wt_thread_join(threads[i], 120000));
  assert_true(wmisim_wait_idle(run.sim, 10000));
  if (run.unexpected != 0) print_message("unexpected status %s\n", wmisim_status_name(run.last_unexpected));
  print_message("  %ld successes, %ld STATUS_WMI_GUID_NOT_FOUND, %ld IRPs\n", (long)run.successes, (long)run.not_found,
                (long)balance.sent);
  assert_int_equal(run.unexpected, 0);
  assert_int_equal(run.registration_failures, 0);
  assert_true(run.successes > 0);
  /* After the last cycle the provider is registered and nobody listens. */
  unsigned char buffer[2048];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(run.sim, &TEST_DATA_GUID, buffer, &size), STATUS_SUCCESS);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(run.sim, &TEST_EVENT_GUID, &info), STATUS_SUCCESS);
  assert_int_equal(info.subscribers, 0);
  assert_false(info.events_enabled);
  assert_int_equal(wmisim_device_remove(node), STATUS_SUCCESS);
  wmisim_trace_unsubscribe(trace);
  assert_each_irp_completed_once();
  assert_no_violations();
  wmisim_destroy(run.sim);
}

static void test_queries_while_the_provider_registers_and_deregisters_in_a_loop(void **state) {
  (void)state;
  stress(false, false);
}

static void test_pended_queries_while_the_provider_registers_and_deregisters_in_a_loop(void **state) {
  (void)state;
  stress(true, false);
}

static void test_subscribers_come_and_go_while_the_provider_registers_and_deregisters(void **state) {
  (void)state;
  stress(false, true);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_queries_while_the_provider_registers_and_deregisters_in_a_loop),
    cmocka_unit_test(test_pended_queries_while_the_provider_registers_and_deregisters_in_a_loop),
    cmocka_unit_test(test_subscribers_come_and_go_while_the_provider_registers_and_deregisters),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
