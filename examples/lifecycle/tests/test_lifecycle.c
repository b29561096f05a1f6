/*
 * test_lifecycle.c - the lifecycle example driver's WMI registration over
 * its device's life: a self-test (a pended method) completing when its
 * time has passed, surprise removal with that request in flight (the
 * DEREGISTER drain: the removal waits until the request completed), one
 * DEREGISTER per removal, at surprise removal when there is one, and no
 * request reaching the device once it left WMI.
 *
 * A consumer call blocks until WMI has the answer, so the request in
 * flight runs on a second thread, and the removal on a third. The test
 * learns where they are from the simulator's trace, which it only records
 * (a trace subscriber may not call back into the simulator), and waits
 * for what it recorded with ex_wait_for. The self-test ends when the test
 * moves the virtual clock: nothing in these tests depends on real time.
 */
#include "example_test.h"

#include "lifecyclewmi.h"

DRIVER_INITIALIZE DriverEntry;

#define GADGET_DEVICE "ROOT\\GADGET\\0000"
#define GADGET "ROOT\\GADGET\\0000_0"
#define SELF_TEST_TIME EX_MS(20)

/* What the trace showed, in the order the simulator numbered it. */
struct watch {
  volatile LONG self_test_pending;      /* the driver returned STATUS_PENDING for SelfTest */
  volatile LONG self_test_irp;          /* the SelfTest IRP's id */
  volatile LONG self_test_finished;     /* sequence number of its completion reaching WMI */
  volatile LONG surprise_irp;           /* IRP_MN_SURPRISE_REMOVAL's id */
  volatile LONG surprise_finished;      /* ... and the sequence number of its completion */
  volatile LONG draining;               /* DEREGISTER started with a request outstanding */
  volatile LONG deregistrations;        /* IoWMIRegistrationControl(DEREGISTER) calls */
  volatile LONG deregistered_during_surprise; /* ... made before IRP_MN_SURPRISE_REMOVAL finished */
  volatile LONG requests_after_removal; /* IRP_MJ_SYSTEM_CONTROL sent once surprise removal finished */
};

static void watch_irps(struct watch *w, const wmisim_trace_event_t *event) {
  bool system_control = event->major == IRP_MJ_SYSTEM_CONTROL;
  if (event->kind == WMISIM_TRACE_IRP_SENT && system_control && event->minor == IRP_MN_EXECUTE_METHOD)
    InterlockedExchange(&w->self_test_irp, (LONG)event->irp);
  if (event->kind == WMISIM_TRACE_IRP_SENT && event->major == IRP_MJ_PNP && event->minor == IRP_MN_SURPRISE_REMOVAL)
    InterlockedExchange(&w->surprise_irp, (LONG)event->irp);
  if (event->kind == WMISIM_TRACE_DISPATCH_RETURNED && system_control && event->minor == IRP_MN_EXECUTE_METHOD &&
      event->status == STATUS_PENDING)
    InterlockedExchange(&w->self_test_pending, 1);
  /* IRP_FINISHED: the IRP is back with whoever sent it (WMI, the PnP manager). */
  if (event->kind == WMISIM_TRACE_IRP_FINISHED && (LONG)event->irp == w->self_test_irp)
    InterlockedExchange(&w->self_test_finished, (LONG)event->sequence);
  if (event->kind == WMISIM_TRACE_IRP_FINISHED && (LONG)event->irp == w->surprise_irp)
    InterlockedExchange(&w->surprise_finished, (LONG)event->sequence);
  if (event->kind == WMISIM_TRACE_IRP_SENT && system_control && event->from[0] == '\0' && w->surprise_finished != 0)
    InterlockedIncrement(&w->requests_after_removal);
}

static void watch_trace(void *context, const wmisim_trace_event_t *event) {
  struct watch *w = context;
  watch_irps(w, event);
  if (event->kind != WMISIM_TRACE_NOTE || strcmp(event->category, "WMI") != 0) return;
  /* The WMI service narrates IoWMIRegistrationControl and the drain. */
  if (strstr(event->text, "WMIREG_ACTION_DEREGISTER") != NULL) {
    InterlockedIncrement(&w->deregistrations);
    if (w->surprise_finished == 0) InterlockedIncrement(&w->deregistered_during_surprise);
  }
  if (strncmp(event->text, "deregistering", 13) == 0 && strstr(event->text, "(0 IRP") == NULL)
    InterlockedExchange(&w->draining, 1);
}

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  wmisim_block_t *gadget; /* Lifecycle_Gadget: an open handle, as a consumer keeps one */
  struct watch watch;
  wmisim_trace_subscription_t *subscription;
};

static void start(struct fixture *f) {
  memset(f, 0, sizeof *f);
  f->sim = ex_sim_create();
  f->node = ex_device(f->sim, ex_driver(f->sim, "lifecycle", DriverEntry), GADGET_DEVICE);
  f->gadget = ex_open(f->sim, &Lifecycle_Gadget_GUID, WMIGUID_QUERY | WMIGUID_EXECUTE);
  assert_int_equal(wmisim_trace_subscribe(f->sim, watch_trace, &f->watch, &f->subscription), STATUS_SUCCESS);
}

static void finish(struct fixture *f) {
  wmisim_trace_unsubscribe(f->subscription);
  wmisim_wmi_close(f->gadget);
  wmisim_destroy(f->sim);
  assert_no_violations();
}

/* ---- a consumer running the self-test on its own thread ------------------------------------------- */

struct self_test {
  struct fixture *f;
  NTSTATUS status;
  SelfTest_OUT out;
  HANDLE thread;
};

static VOID NTAPI run_self_test(PVOID context) {
  struct self_test *t = context;
  ULONG size = sizeof t->out;
  t->status = wmisim_wmi_execute_method(t->f->gadget, GADGET, SelfTest, 0, NULL, &size, &t->out);
  PsTerminateSystemThread(STATUS_SUCCESS);
}

/* Starts a self-test and returns once the driver has pended it. */
static void start_self_test(struct fixture *f, struct self_test *t) {
  memset(t, 0, sizeof *t);
  t->f = f;
  t->out.Result = 0xFFFFFFFFu;
  t->thread = ex_thread_start(run_self_test, t);
  ex_wait_for(&f->watch.self_test_pending);
}

/* ---- the PnP manager removing the gadget on its own thread --------------------------------------- */

struct removal {
  struct fixture *f;
  NTSTATUS status;
  volatile LONG done;
  HANDLE thread;
};

static VOID NTAPI run_surprise_removal(PVOID context) {
  struct removal *r = context;
  r->status = wmisim_device_surprise_removal(r->f->node);
  InterlockedExchange(&r->done, 1);
  PsTerminateSystemThread(STATUS_SUCCESS);
}

static Lifecycle_Gadget query(struct fixture *f) {
  Lifecycle_Gadget data;
  ex_query_single(f->gadget, GADGET, &data, Lifecycle_Gadget_SIZE);
  return data;
}

/* ---- the self-test -------------------------------------------------------------------------------- */

static void test_a_self_test_completes_when_its_time_has_passed(void **state) {
  (void)state;
  struct fixture f;
  start(&f);
  struct self_test t;
  start_self_test(&f, &t);
  assert_int_equal(wmisim_clock_advance(f.sim, SELF_TEST_TIME), STATUS_SUCCESS);
  ex_thread_join(t.thread);
  assert_int_equal(t.status, STATUS_SUCCESS);
  assert_int_equal(t.out.Result, 0);
  assert_int_equal(query(&f).SelfTestsPassed, 1);
  finish(&f);
}

static void test_only_one_self_test_runs_at_a_time(void **state) {
  (void)state;
  struct fixture f;
  start(&f);
  struct self_test t;
  start_self_test(&f, &t);
  SelfTest_OUT out;
  ULONG size = sizeof out;
  assert_int_equal(wmisim_wmi_execute_method(f.gadget, GADGET, SelfTest, 0, NULL, &size, &out), STATUS_DEVICE_BUSY);
  assert_int_equal(wmisim_clock_advance(f.sim, SELF_TEST_TIME), STATUS_SUCCESS);
  ex_thread_join(t.thread);
  assert_int_equal(t.status, STATUS_SUCCESS);
  finish(&f);
}

/* ---- surprise removal with the self-test in flight ------------------------------------------------- */

static void test_surprise_removal_waits_for_the_request_in_flight(void **state) {
  (void)state;
  struct fixture f;
  start(&f);
  struct self_test t;
  start_self_test(&f, &t);

  struct removal r = {&f, STATUS_PENDING, 0, NULL};
  r.thread = ex_thread_start(run_surprise_removal, &r);
  ex_wait_for(&f.watch.draining); /* the driver called DEREGISTER; WMI waits for the self-test */
  /* Nothing can complete the self-test before the clock moves, so the
   * removal cannot be over. */
  assert_int_equal(InterlockedCompareExchange(&r.done, 0, 0), 0);

  assert_int_equal(wmisim_clock_advance(f.sim, SELF_TEST_TIME), STATUS_SUCCESS);
  ex_thread_join(t.thread);
  ex_thread_join(r.thread);
  assert_int_equal(r.status, STATUS_SUCCESS);
  /* The gadget was gone when its test ended: the request failed... */
  assert_int_equal(t.status, STATUS_NO_SUCH_DEVICE);
  /* ...and it completed before the surprise removal did. */
  assert_true(f.watch.self_test_finished != 0);
  assert_true(f.watch.self_test_finished < f.watch.surprise_finished);
  assert_int_equal(wmisim_device_remove_after_surprise(f.node), STATUS_SUCCESS);
  finish(&f);
}

static void test_a_surprise_removed_device_deregisters_at_surprise_removal_only(void **state) {
  (void)state;
  struct fixture f;
  start(&f);
  assert_int_equal(wmisim_device_surprise_removal(f.node), STATUS_SUCCESS);
  assert_int_equal(f.watch.deregistrations, 1);
  assert_int_equal(f.watch.deregistered_during_surprise, 1);
  assert_int_equal(wmisim_device_remove_after_surprise(f.node), STATUS_SUCCESS);
  assert_int_equal(f.watch.deregistrations, 1); /* not again at IRP_MN_REMOVE_DEVICE */
  finish(&f);
}

static void test_a_device_removed_in_order_deregisters_at_removal(void **state) {
  (void)state;
  struct fixture f;
  start(&f);
  assert_int_equal(wmisim_device_remove(f.node), STATUS_SUCCESS);
  assert_int_equal(f.watch.deregistrations, 1);
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &Lifecycle_Gadget_GUID, &info), STATUS_WMI_GUID_NOT_FOUND);
  finish(&f);
}

static void test_no_request_reaches_the_device_after_it_left_wmi(void **state) {
  (void)state;
  struct fixture f;
  start(&f);
  assert_int_equal(query(&f).SelfTestsPassed, 0);
  assert_int_equal(wmisim_device_surprise_removal(f.node), STATUS_SUCCESS);
  unsigned char buffer[256];
  ULONG size = sizeof buffer;
  /* The consumer's handle is still open; the block is gone. */
  assert_int_equal(wmisim_wmi_query_single(f.gadget, GADGET, &size, buffer), STATUS_WMI_GUID_NOT_FOUND);
  SelfTest_OUT out;
  size = sizeof out;
  assert_int_equal(wmisim_wmi_execute_method(f.gadget, GADGET, SelfTest, 0, NULL, &size, &out),
                   STATUS_WMI_GUID_NOT_FOUND);
  assert_int_equal(f.watch.requests_after_removal, 0);
  assert_int_equal(wmisim_device_remove_after_surprise(f.node), STATUS_SUCCESS);
  finish(&f);
}

static void test_a_stopped_and_restarted_gadget_registers_once(void **state) {
  (void)state;
  struct fixture f;
  start(&f);
  assert_int_equal(wmisim_device_stop(f.node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  assert_int_equal(query(&f).SelfTestsFailed, 0);
  assert_int_equal(f.watch.deregistrations, 0);
  finish(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_a_self_test_completes_when_its_time_has_passed),
    cmocka_unit_test(test_only_one_self_test_runs_at_a_time),
    cmocka_unit_test(test_surprise_removal_waits_for_the_request_in_flight),
    cmocka_unit_test(test_a_surprise_removed_device_deregisters_at_surprise_removal_only),
    cmocka_unit_test(test_a_device_removed_in_order_deregisters_at_removal),
    cmocka_unit_test(test_no_request_reaches_the_device_after_it_left_wmi),
    cmocka_unit_test(test_a_stopped_and_restarted_gadget_registers_once),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
