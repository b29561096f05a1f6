/*
 * test_wmilib_pending.c - callbacks that return STATUS_PENDING and call
 * WmiCompleteRequest later from a system thread: WmiSystemControl marks
 * the IRP pending, whichever of the completion and the callback's return
 * comes first, and the request completes with the callback's data.
 */
#include "wmilib_test.h"

/* ---- a hand-built request that may pend ----------------------------------------------------- */

struct pended {
  KEVENT done;
  BOOLEAN pending_returned;
  NTSTATUS status;
  ULONG_PTR information;
};

static NTSTATUS NTAPI pended_done(PDEVICE_OBJECT device, PIRP irp, PVOID context) {
  (void)device;
  struct pended *p = context;
  p->pending_returned = irp->PendingReturned;
  p->status = irp->IoStatus.Status;
  p->information = irp->IoStatus.Information;
  KeSetEvent(&p->done, IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Sends a query of all WL_DATA_GUID instances; `gate`, if given, is set
 * once IoCallDriver has returned. Returns what IoCallDriver returned. */
static NTSTATUS send_query_all(struct wl_fixture *f, PWNODE_ALL_DATA wnode, ULONG size, PKEVENT gate,
                               struct pended *p) {
  KeInitializeEvent(&p->done, NotificationEvent, FALSE);
  PIRP irp = IoAllocateIrp(f->fdo->StackSize, FALSE);
  assert_non_null(irp);
  irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
  PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
  stack->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
  stack->MinorFunction = IRP_MN_QUERY_ALL_DATA;
  struct wl_parameters parameters = {(ULONG_PTR)f->fdo, (PVOID)&WL_DATA_GUID, wnode, size};
  wl_fill_stack(stack, &parameters);
  IoSetCompletionRoutine(irp, pended_done, p, TRUE, TRUE, TRUE);
  NTSTATUS returned = IoCallDriver(f->fdo, irp);
  if (gate != NULL) KeSetEvent(gate, IO_NO_INCREMENT, FALSE);
  KeWaitForSingleObject(&p->done, Executive, KernelMode, FALSE, NULL);
  IoFreeIrp(irp);
  return returned;
}

static void assert_all_data(const WNODE_ALL_DATA *wnode) {
  assert_int_equal(wnode->InstanceCount, WL_DATA_INSTANCES);
  for (ULONG i = 0; i < WL_DATA_INSTANCES; i++) {
    const UCHAR *data = (const UCHAR *)wnode + wnode->OffsetInstanceDataAndLength[i].OffsetInstanceData;
    assert_int_equal(wnode->OffsetInstanceDataAndLength[i].LengthInstanceData, 8);
    for (ULONG k = 0; k < 8; k++) assert_int_equal(data[k], wl_pattern(0, i, k));
  }
}

static void expect_pended_query(enum wl_pend pend, bool mark_pending, bool gated) {
  KEVENT gate;
  KeInitializeEvent(&gate, NotificationEvent, FALSE);
  wl_reset();
  wl_config.pend = pend;
  wl_config.mark_pending = mark_pending;
  wl_config.pend_gate = gated ? &gate : NULL;
  struct wl_fixture f = wl_setup();
  PWNODE_ALL_DATA wnode = wl_all_data(&f, &WL_DATA_GUID, 256);
  struct pended p;
  NTSTATUS returned = send_query_all(&f, wnode, 256, gated ? &gate : NULL, &p);
  assert_int_equal(returned, STATUS_PENDING);
  assert_int_equal(wl_record.disposition, IrpProcessed);
  assert_int_equal(wl_record.returned, STATUS_PENDING);
  assert_true(p.pending_returned);
  assert_int_equal(p.status, STATUS_SUCCESS);
  assert_int_equal(p.information, wnode->WnodeHeader.BufferSize);
  assert_all_data(wnode);
  free(wnode);
  wl_teardown(&f);
  assert_no_violations();
}

static void test_pended_query_completed_after_the_dispatch_returned(void **state) {
  (void)state;
  expect_pended_query(WL_PEND_COMPLETE_AFTER_RETURN, false, true);
}

static void test_pended_query_completed_before_the_callback_returned(void **state) {
  (void)state;
  expect_pended_query(WL_PEND_COMPLETE_BEFORE_RETURN, false, false);
}

static void test_pended_query_the_driver_marked_pending_itself(void **state) {
  (void)state;
  expect_pended_query(WL_PEND_COMPLETE_AFTER_RETURN, true, true);
  expect_pended_query(WL_PEND_COMPLETE_BEFORE_RETURN, true, false);
}

/* ---- through the WMI service ---------------------------------------------------------------- */

static struct wl_fixture registered(enum wl_pend pend) {
  wl_reset();
  wl_config.register_at_start = true;
  wl_config.pend = pend;
  return wl_setup();
}

static void test_pended_queries_reach_the_consumer_with_their_data(void **state) {
  (void)state;
  struct wl_fixture f = registered(WL_PEND_COMPLETE_AFTER_RETURN);
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f.sim, &WL_DATA_GUID, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  /* the completing thread races the dispatch routine's return: repeat */
  for (int round = 0; round < 20; round++) {
    UCHAR buffer[1024];
    ULONG size = sizeof buffer;
    assert_int_equal(wmisim_wmi_query_all(block, &size, buffer), STATUS_SUCCESS);
    wmisim_wnode_instance_t instance;
    assert_true(wmisim_wnode_find(buffer, size, WL_INSTANCE_ID "_2", &instance));
    assert_int_equal(instance.size, 8);
    assert_int_equal(((const UCHAR *)instance.data)[0], wl_pattern(0, 2, 0));
  }
  wmisim_wmi_close(block);
  assert_int_equal(wl_record.query.count, 20);
  wl_teardown(&f);
  assert_no_violations();
}

static void ignore_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  (void)context;
  (void)event;
  (void)lost;
}

static void test_every_callback_may_pend_through_the_service(void **state) {
  (void)state;
  struct wl_fixture f = registered(WL_PEND_COMPLETE_BEFORE_RETURN);
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f.sim, &WL_DATA_GUID, WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE, &block),
                   STATUS_SUCCESS);
  const char *name = WL_INSTANCE_ID "_1";
  UCHAR buffer[512];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, name, &size, buffer), STATUS_SUCCESS);
  assert_int_equal(wmisim_wmi_set_single(block, name, 8, "eight!!!"), STATUS_SUCCESS);
  assert_int_equal(wmisim_wmi_set_item(block, name, 2, 4, "four"), STATUS_SUCCESS);
  ULONG out = sizeof buffer;
  assert_int_equal(wmisim_wmi_execute_method(block, name, 5, 4, "in!!", &out, buffer), STATUS_SUCCESS);
  assert_int_equal(out, wl_config.method_output);
  assert_int_equal(buffer[0], wl_pattern(0, 1, 0));
  wmisim_wmi_close(block);
  wmisim_subscription_t *subscription;
  assert_int_equal(wmisim_wmi_subscribe(f.sim, &WL_EVENT_GUID, ignore_event, NULL, &subscription), STATUS_SUCCESS);
  wmisim_wmi_unsubscribe(subscription);
  assert_int_equal(wl_record.set_block.count, 1);
  assert_int_equal(wl_record.set_item.count, 1);
  assert_int_equal(wl_record.method.count, 1);
  assert_int_equal(wl_record.function_control.count, 2);
  wl_teardown(&f);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_pended_query_completed_after_the_dispatch_returned),
    cmocka_unit_test(test_pended_query_completed_before_the_callback_returned),
    cmocka_unit_test(test_pended_query_the_driver_marked_pending_itself),
    cmocka_unit_test(test_pended_queries_reach_the_consumer_with_their_data),
    cmocka_unit_test(test_every_callback_may_pend_through_the_service),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
