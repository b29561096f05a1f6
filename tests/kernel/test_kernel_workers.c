/*
 * test_kernel_workers.c - work items: IoQueueWorkItem and ExQueueWorkItem
 * run on a system worker at PASSIVE_LEVEL as the driver's code, in queue
 * order; the device stays referenced while queued; a worker blocked in a
 * wait lets another start; wmisim_wait_idle.
 */
#include "kernel_test.h"

#include "ob/object.h"

static int32_t references_of(PVOID object) {
  return __atomic_load_n(&ob_header_of(object)->references, __ATOMIC_SEQ_CST);
}

/* A work item that keeps the (single) worker busy without blocking in a
 * wait, so that items queued behind it stay queued until it is released. */
struct busy {
  volatile LONG running;
  volatile LONG release;
};

static VOID NTAPI keep_worker_busy(PDEVICE_OBJECT DeviceObject, PVOID Context) {
  (void)DeviceObject;
  struct busy *b = Context;
  kt_set_flag(&b->running);
  kt_wait_flag(&b->release);
}

/* ---- IoQueueWorkItem ----------------------------------------------------------------------- */

struct item_probe {
  PDEVICE_OBJECT device;
  PVOID context;
  KIRQL irql;
  BOOLEAN system_thread;
  PKTHREAD thread;
  int32_t device_references;
  volatile LONG ran;
};

static VOID NTAPI probe_item(PDEVICE_OBJECT DeviceObject, PVOID Context) {
  struct item_probe *probe = Context;
  probe->device = DeviceObject;
  probe->context = Context;
  probe->irql = KeGetCurrentIrql();
  probe->system_thread = PsIsSystemThread(PsGetCurrentThread());
  probe->thread = KeGetCurrentThread();
  probe->device_references = references_of(DeviceObject);
  /* Reported as the driver's own misuse: the item runs as driver code. */
  KeLowerIrql(APC_LEVEL);
  kt_set_flag(&probe->ran);
}

static struct item_probe driver_item;
static PIO_WORKITEM driver_work_item;

static NTSTATUS NTAPI queueing_driver_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NTSTATUS status = kt_device_driver_entry(DriverObject, RegistryPath);
  if (!NT_SUCCESS(status)) return status;
  driver_work_item = IoAllocateWorkItem(kt_device);
  if (driver_work_item == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  IoQueueWorkItem(driver_work_item, probe_item, DelayedWorkQueue, &driver_item);
  return STATUS_SUCCESS;
}

static void test_io_work_item_runs_at_passive_level_on_a_worker_as_driver_code(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  memset(&driver_item, 0, sizeof driver_item);
  wmisim_driver_t *driver = NULL;
  assert_int_equal(wmisim_driver_add(sim, "queuer", queueing_driver_entry, &driver), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(sim, 10000));
  assert_true(driver_item.ran);
  assert_ptr_equal(driver_item.device, kt_device);
  assert_ptr_equal(driver_item.context, &driver_item);
  assert_int_equal(driver_item.irql, PASSIVE_LEVEL);
  assert_true(driver_item.system_thread);
  assert_ptr_not_equal(driver_item.thread, KeGetCurrentThread());
  assert_only_violation("IrqlRaiseLower");
  assert_string_equal(kt_record.driver[0], "queuer");
  IoFreeWorkItem(driver_work_item);
  wmisim_driver_object(driver)->DriverUnload = kt_device_driver_unload;
  kt_remove_device_driver(driver);
  kt_sim_destroy(sim);
}

static void test_device_stays_referenced_while_its_work_item_is_queued(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  wmisim_driver_t *driver = kt_add_device_driver(sim, "refs");
  PIO_WORKITEM blocker = IoAllocateWorkItem(kt_device);
  PIO_WORKITEM item = IoAllocateWorkItem(kt_device);
  struct busy b = {0, 0};
  struct item_probe probe;
  memset(&probe, 0, sizeof probe);
  assert_int_equal(references_of(kt_device), 1);

  IoQueueWorkItem(blocker, keep_worker_busy, DelayedWorkQueue, &b);
  assert_true(kt_wait_flag(&b.running));
  IoQueueWorkItem(item, probe_item, DelayedWorkQueue, &probe);
  /* One reference per queued or running item, on top of the creator's. */
  assert_int_equal(references_of(kt_device), 3);
  assert_false(__atomic_load_n(&probe.ran, __ATOMIC_SEQ_CST));

  kt_set_flag(&b.release);
  assert_true(wmisim_wait_idle(sim, 10000));
  assert_true(probe.ran);
  assert_int_equal(probe.device_references, 2); /* its own, while it ran */
  assert_int_equal(references_of(kt_device), 1);
  IoFreeWorkItem(blocker);
  IoFreeWorkItem(item);
  kt_remove_device_driver(driver);
  kt_sim_destroy(sim);
  assert_only_violation("IrqlRaiseLower"); /* probe_item's deliberate one */
}

#define ORDERED_ITEMS 8

struct order {
  int next;
  int ran[ORDERED_ITEMS];
};

struct ordered_item {
  struct order *order;
  int index;
  PIO_WORKITEM work_item;
};

static VOID NTAPI record_order(PDEVICE_OBJECT DeviceObject, PVOID Context) {
  (void)DeviceObject;
  struct ordered_item *item = Context;
  item->order->ran[item->order->next++] = item->index;
}

static void test_work_items_run_in_the_order_they_were_queued(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  wmisim_driver_t *driver = kt_add_device_driver(sim, "fifo");
  PIO_WORKITEM blocker = IoAllocateWorkItem(kt_device);
  struct busy b = {0, 0};
  IoQueueWorkItem(blocker, keep_worker_busy, DelayedWorkQueue, &b);
  assert_true(kt_wait_flag(&b.running));

  struct order order = {0, {0}};
  struct ordered_item items[ORDERED_ITEMS];
  for (int i = 0; i < ORDERED_ITEMS; i++) {
    items[i] = (struct ordered_item){&order, i, IoAllocateWorkItem(kt_device)};
    /* Queue types do not reorder: every queue is served first in, first out. */
    IoQueueWorkItem(items[i].work_item, record_order, i % 2 ? CriticalWorkQueue : DelayedWorkQueue, &items[i]);
  }
  kt_set_flag(&b.release);
  assert_true(wmisim_wait_idle(sim, 10000));
  assert_int_equal(order.next, ORDERED_ITEMS);
  for (int i = 0; i < ORDERED_ITEMS; i++) assert_int_equal(order.ran[i], i);
  for (int i = 0; i < ORDERED_ITEMS; i++) IoFreeWorkItem(items[i].work_item);
  IoFreeWorkItem(blocker);
  kt_remove_device_driver(driver);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- a worker that waits ---------------------------------------------------------------------- */

struct handshake {
  KEVENT event;
  NTSTATUS waited;
  volatile LONG setter_ran;
};

static VOID NTAPI wait_for_second_item(PDEVICE_OBJECT DeviceObject, PVOID Context) {
  (void)DeviceObject;
  struct handshake *h = Context;
  LARGE_INTEGER timeout = kt_relative_ms(10000);
  h->waited = KeWaitForSingleObject(&h->event, Executive, KernelMode, FALSE, &timeout);
}

static VOID NTAPI set_for_first_item(PDEVICE_OBJECT DeviceObject, PVOID Context) {
  (void)DeviceObject;
  struct handshake *h = Context;
  kt_set_flag(&h->setter_ran);
  KeSetEvent(&h->event, IO_NO_INCREMENT, FALSE);
}

static void test_a_work_item_waiting_for_a_later_one_does_not_deadlock(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  wmisim_driver_t *driver = kt_add_device_driver(sim, "waiter");
  struct handshake h;
  KeInitializeEvent(&h.event, NotificationEvent, FALSE);
  h.waited = STATUS_PENDING;
  h.setter_ran = 0;
  PIO_WORKITEM first = IoAllocateWorkItem(kt_device);
  PIO_WORKITEM second = IoAllocateWorkItem(kt_device);
  IoQueueWorkItem(first, wait_for_second_item, DelayedWorkQueue, &h);
  IoQueueWorkItem(second, set_for_first_item, DelayedWorkQueue, &h);
  assert_true(wmisim_wait_idle(sim, 20000));
  assert_true(h.setter_ran);
  assert_int_equal(h.waited, STATUS_SUCCESS);
  IoFreeWorkItem(first);
  IoFreeWorkItem(second);
  kt_remove_device_driver(driver);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- ExQueueWorkItem ----------------------------------------------------------------------------- */

struct ex_probe {
  WORK_QUEUE_ITEM item;
  PVOID parameter;
  KIRQL irql;
  BOOLEAN system_thread;
};

static VOID NTAPI ex_item_routine(PVOID Parameter) {
  struct ex_probe *probe = Parameter;
  probe->parameter = Parameter;
  probe->irql = KeGetCurrentIrql();
  probe->system_thread = PsIsSystemThread(PsGetCurrentThread());
}

static void test_ex_queue_work_item_runs_the_routine_at_passive_level(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct ex_probe probe;
  memset(&probe, 0, sizeof probe);
  probe.irql = 0xFF;
  ExInitializeWorkItem(&probe.item, ex_item_routine, &probe);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old); /* allowed up to DISPATCH_LEVEL */
  ExQueueWorkItem(&probe.item, DelayedWorkQueue);
  KeLowerIrql(old);
  assert_true(wmisim_wait_idle(sim, 10000));
  assert_ptr_equal(probe.parameter, &probe);
  assert_int_equal(probe.irql, PASSIVE_LEVEL);
  assert_true(probe.system_thread);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_ex_queue_work_item_without_a_routine_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  WORK_QUEUE_ITEM item;
  ExInitializeWorkItem(&item, NULL, NULL);
  ExQueueWorkItem(&item, DelayedWorkQueue);
  assert_only_violation("InvalidParameter");
  kt_sim_destroy(sim);
}

/* ---- waiting for quiet ----------------------------------------------------------------------------- */

static void test_wait_idle_returns_false_while_an_item_still_runs(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  wmisim_driver_t *driver = kt_add_device_driver(sim, "slow");
  PIO_WORKITEM item = IoAllocateWorkItem(kt_device);
  struct busy b = {0, 0};
  IoQueueWorkItem(item, keep_worker_busy, DelayedWorkQueue, &b);
  assert_true(kt_wait_flag(&b.running));
  assert_false(wmisim_wait_idle(sim, 50));
  kt_set_flag(&b.release);
  assert_true(wmisim_wait_idle(sim, 10000));
  /* Nothing queued: returns at once. */
  assert_true(wmisim_wait_idle(sim, 0));
  IoFreeWorkItem(item);
  kt_remove_device_driver(driver);
  kt_sim_destroy(sim);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_io_work_item_runs_at_passive_level_on_a_worker_as_driver_code),
    cmocka_unit_test(test_device_stays_referenced_while_its_work_item_is_queued),
    cmocka_unit_test(test_work_items_run_in_the_order_they_were_queued),
    cmocka_unit_test(test_a_work_item_waiting_for_a_later_one_does_not_deadlock),
    cmocka_unit_test(test_ex_queue_work_item_runs_the_routine_at_passive_level),
    cmocka_unit_test(test_ex_queue_work_item_without_a_routine_is_reported),
    cmocka_unit_test(test_wait_idle_returns_false_while_an_item_still_runs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
