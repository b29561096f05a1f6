/*
 * test_io_trace.c - the trace a subscriber sees for one IRP: sent down the
 * stack with increasing depth, completed at the bottom, completion routines
 * called and returned bottom-up, finished at the originator, and each
 * dispatch routine's return, in that order, with the right statuses.
 */
#include "chain_driver.h"

struct seen_event {
  wmisim_trace_kind_t kind;
  uint64_t sequence;
  uint64_t irp;
  int depth;
  int major;
  char from[64];
  char to[64];
  NTSTATUS status;
  uint64_t information;
};

static struct {
  struct seen_event events[64];
  size_t count;
} trace;

static void record(void *context, const wmisim_trace_event_t *event) {
  (void)context;
  if (event->kind == WMISIM_TRACE_NOTE || trace.count >= 64) return;
  struct seen_event *e = &trace.events[trace.count++];
  e->kind = event->kind;
  e->sequence = event->sequence;
  e->irp = event->irp;
  e->depth = event->depth;
  e->major = event->major;
  snprintf(e->from, sizeof e->from, "%s", event->from);
  snprintf(e->to, sizeof e->to, "%s", event->to);
  e->status = event->status;
  e->information = event->information;
}

static const char *name_of(PDEVICE_OBJECT device) {
  static char names[CHAIN_MAX][64];
  for (int i = 0; i < chain.levels; i++)
    if (chain.device[i] == device) {
      snprintf(names[i], sizeof names[i], "chain#%d", i + 1);
      return names[i];
    }
  return "";
}

static void expect(size_t index, wmisim_trace_kind_t kind, const char *from, const char *to, NTSTATUS status) {
  assert_true(index < trace.count);
  const struct seen_event *e = &trace.events[index];
  if (e->kind != kind) print_message("event %zu: kind %d, expected %d\n", index, e->kind, kind);
  assert_int_equal(e->kind, kind);
  if (from != NULL) assert_string_equal(e->from, from);
  if (to != NULL) assert_string_equal(e->to, to);
  assert_int_equal(e->status, status);
}

/* A three-level chain (routines at levels 1 and 2) gets one built IOCTL. */
static wmisim_t *run_traced(wmisim_trace_subscription_t **subscription) {
  memset(&trace, 0, sizeof trace);
  wmisim_t *sim = test_sim_create();
  PDEVICE_OBJECT top = chain_build(sim, 3, 0);
  chain_routine_at(1, false);
  chain_routine_at(2, false);
  chain.bottom_status = STATUS_DEVICE_BUSY;
  chain.bottom_information = 0;
  assert_int_equal(wmisim_trace_subscribe(sim, record, NULL, subscription), STATUS_SUCCESS);
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  IO_STATUS_BLOCK iosb;
  PIRP irp = IoBuildDeviceIoControlRequest(CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_NEITHER, FILE_ANY_ACCESS), top,
                                           NULL, 0, NULL, 0, FALSE, &event, &iosb);
  assert_int_equal(IoCallDriver(top, irp), STATUS_DEVICE_BUSY);
  assert_int_equal(iosb.Status, STATUS_DEVICE_BUSY);
  return sim;
}

static void finish(wmisim_t *sim, wmisim_trace_subscription_t *subscription) {
  wmisim_trace_unsubscribe(subscription);
  chain_teardown();
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_trace_shows_the_irp_sent_down_with_increasing_depth(void **state) {
  (void)state;
  wmisim_trace_subscription_t *subscription;
  wmisim_t *sim = run_traced(&subscription);
  /* From the originator ("") to the top, then each device to the one below. */
  assert_string_equal(trace.events[0].from, "");
  assert_string_equal(trace.events[0].to, name_of(chain.device[2]));
  assert_string_equal(trace.events[1].from, name_of(chain.device[2]));
  assert_string_equal(trace.events[1].to, name_of(chain.device[1]));
  assert_string_equal(trace.events[2].from, name_of(chain.device[1]));
  assert_string_equal(trace.events[2].to, name_of(chain.device[0]));
  for (int i = 0; i < 3; i++) {
    assert_int_equal(trace.events[i].kind, WMISIM_TRACE_IRP_SENT);
    assert_int_equal(trace.events[i].depth, i + 1);
    assert_int_equal(trace.events[i].major, IRP_MJ_DEVICE_CONTROL);
  }
  finish(sim, subscription);
}

static void test_trace_shows_completion_bottom_up_then_dispatch_returns(void **state) {
  (void)state;
  wmisim_trace_subscription_t *subscription;
  wmisim_t *sim = run_traced(&subscription);
  assert_int_equal(trace.count, 12);
  expect(3, WMISIM_TRACE_IRP_COMPLETED, name_of(chain.device[0]), NULL, STATUS_DEVICE_BUSY);
  expect(4, WMISIM_TRACE_COMPLETION_CALLED, NULL, name_of(chain.device[1]), STATUS_SUCCESS);
  expect(5, WMISIM_TRACE_COMPLETION_RETURNED, NULL, name_of(chain.device[1]), STATUS_CONTINUE_COMPLETION);
  expect(6, WMISIM_TRACE_COMPLETION_CALLED, NULL, name_of(chain.device[2]), STATUS_SUCCESS);
  expect(7, WMISIM_TRACE_COMPLETION_RETURNED, NULL, name_of(chain.device[2]), STATUS_CONTINUE_COMPLETION);
  expect(8, WMISIM_TRACE_IRP_FINISHED, NULL, NULL, STATUS_DEVICE_BUSY);
  expect(9, WMISIM_TRACE_DISPATCH_RETURNED, NULL, name_of(chain.device[0]), STATUS_DEVICE_BUSY);
  expect(10, WMISIM_TRACE_DISPATCH_RETURNED, NULL, name_of(chain.device[1]), STATUS_DEVICE_BUSY);
  expect(11, WMISIM_TRACE_DISPATCH_RETURNED, NULL, name_of(chain.device[2]), STATUS_DEVICE_BUSY);
  finish(sim, subscription);
}

static void test_trace_events_share_the_irp_id_and_increase_in_sequence(void **state) {
  (void)state;
  wmisim_trace_subscription_t *subscription;
  wmisim_t *sim = run_traced(&subscription);
  assert_int_equal(trace.count, 12);
  for (size_t i = 0; i < trace.count; i++) {
    assert_int_not_equal(trace.events[i].irp, 0);
    assert_int_equal(trace.events[i].irp, trace.events[0].irp);
    if (i > 0) assert_true(trace.events[i].sequence > trace.events[i - 1].sequence);
  }
  finish(sim, subscription);
}

static void test_unsubscribed_trace_sees_nothing_more(void **state) {
  (void)state;
  wmisim_trace_subscription_t *subscription;
  wmisim_t *sim = run_traced(&subscription);
  wmisim_trace_unsubscribe(subscription);
  size_t before = trace.count;
  struct test_result r = test_send_irp(chain.device[2], IRP_MJ_DEVICE_CONTROL, 0);
  assert_int_equal(r.status, STATUS_DEVICE_BUSY);
  assert_int_equal(trace.count, before);
  chain_teardown();
  wmisim_destroy(sim);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_trace_shows_the_irp_sent_down_with_increasing_depth),
    cmocka_unit_test(test_trace_shows_completion_bottom_up_then_dispatch_returns),
    cmocka_unit_test(test_trace_events_share_the_irp_id_and_increase_in_sequence),
    cmocka_unit_test(test_unsubscribed_trace_sees_nothing_more),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
