/*
 * test_kernel_threads.c - object references on device objects, system
 * threads (PsCreateSystemThread, thread objects, PsTerminateSystemThread)
 * and bug checks.
 */
#include "kernel_test.h"

#include "ob/object.h"
#include "platform/platform.h"

/* ---- object references ----------------------------------------------------------------------- */

static int32_t references_of(PVOID object) {
  return __atomic_load_n(&ob_header_of(object)->references, __ATOMIC_SEQ_CST);
}

static void test_referenced_device_object_outlives_io_delete_device(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  wmisim_driver_t *driver = kt_add_device_driver(sim, "refs");
  PDEVICE_OBJECT device = kt_device;
  assert_int_equal(references_of(device), 1);
  ObReferenceObject(device);
  assert_int_equal(references_of(device), 2);

  IoDeleteDevice(device);
  kt_device = NULL;
  /* Deleted but still referenced: the object is intact. */
  assert_int_equal(references_of(device), 1);
  assert_int_equal(device->Type, 3);
  assert_non_null(device->DeviceExtension);
  memset(device->DeviceExtension, 0x5A, 64);

  ObDereferenceObject(device);
  assert_null(ob_header_of(device)); /* gone with the last reference */
  assert_int_equal(wmisim_driver_unload(driver), STATUS_SUCCESS);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_dereferencing_an_object_below_zero_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  wmisim_driver_t *driver = kt_add_device_driver(sim, "refs");
  PDEVICE_OBJECT device = kt_device;
  ObReferenceObject(device);
  IoDeleteDevice(device);
  ObDereferenceObject(device);
  assert_no_violations();
  ObDereferenceObject(device);
  assert_only_violation("ObjectReference");
  assert_int_equal(wmisim_driver_unload(driver), STATUS_SUCCESS);
  kt_sim_destroy(sim);
}

static void test_reference_object_by_pointer_takes_a_reference(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  wmisim_driver_t *driver = kt_add_device_driver(sim, "refs");
  assert_int_equal(ObReferenceObjectByPointer(kt_device, 0, NULL, KernelMode), STATUS_SUCCESS);
  assert_int_equal(references_of(kt_device), 2);
  ObDereferenceObject(kt_device);
  static int not_an_object[16];
  assert_int_equal(ObReferenceObjectByPointer(&not_an_object[8], 0, NULL, KernelMode), STATUS_OBJECT_TYPE_MISMATCH);
  kt_remove_device_driver(driver);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- system threads --------------------------------------------------------------------------- */

struct thread_probe {
  PVOID context_seen;
  KIRQL irql;
  BOOLEAN system;
  PKTHREAD thread;
  volatile LONG reached_end;
  HANDLE handle;
  NTSTATUS created;
};

static VOID NTAPI probe_routine(PVOID context) {
  struct thread_probe *probe = context;
  probe->context_seen = context;
  probe->irql = KeGetCurrentIrql();
  probe->system = PsIsSystemThread(PsGetCurrentThread());
  probe->thread = KeGetCurrentThread();
  /* A routine a driver calls wrongly here is reported as that driver's. */
  KeLowerIrql(DISPATCH_LEVEL);
  kt_set_flag(&probe->reached_end);
}

static struct thread_probe driver_probe;

static NTSTATUS NTAPI thread_driver_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)DriverObject;
  (void)RegistryPath;
  driver_probe.created =
    PsCreateSystemThread(&driver_probe.handle, THREAD_ALL_ACCESS, NULL, NULL, NULL, probe_routine, &driver_probe);
  return driver_probe.created;
}

static void test_system_thread_runs_its_routine_with_the_drivers_context(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  memset(&driver_probe, 0, sizeof driver_probe);
  wmisim_driver_t *driver = NULL;
  assert_int_equal(wmisim_driver_add(sim, "threader", thread_driver_entry, &driver), STATUS_SUCCESS);
  assert_int_equal(driver_probe.created, STATUS_SUCCESS);
  PVOID thread = NULL;
  assert_int_equal(ObReferenceObjectByHandle(driver_probe.handle, SYNCHRONIZE, *PsThreadType, KernelMode, &thread,
                                             NULL),
                   STATUS_SUCCESS);
  assert_int_equal(ZwClose(driver_probe.handle), STATUS_SUCCESS);
  kt_thread_join(thread);

  assert_ptr_equal(driver_probe.context_seen, &driver_probe);
  assert_int_equal(driver_probe.irql, PASSIVE_LEVEL);
  assert_true(driver_probe.system);
  assert_ptr_not_equal(driver_probe.thread, KeGetCurrentThread());
  assert_false(PsIsSystemThread(PsGetCurrentThread()));
  assert_only_violation("IrqlRaiseLower");
  assert_string_equal(kt_record.driver[0], "threader");
  assert_int_equal(wmisim_driver_unload(driver), STATUS_SUCCESS);
  kt_sim_destroy(sim);
}

struct gated {
  KEVENT gate;
  volatile LONG finished;
};

static VOID NTAPI wait_at_gate(PVOID context) {
  struct gated *g = context;
  KeWaitForSingleObject(&g->gate, Executive, KernelMode, FALSE, NULL);
  kt_set_flag(&g->finished);
}

static void test_waiting_on_a_thread_object_returns_when_the_thread_ends(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct gated g;
  KeInitializeEvent(&g.gate, NotificationEvent, FALSE);
  g.finished = 0;
  PVOID thread = kt_thread_start(wait_at_gate, &g);
  LARGE_INTEGER zero = {.QuadPart = 0};
  assert_int_equal(KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
  KeSetEvent(&g.gate, IO_NO_INCREMENT, FALSE);
  assert_int_equal(KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
  assert_true(g.finished);
  /* The thread object stays signalled. */
  assert_int_equal(KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
  ObDereferenceObject(thread);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void terminate_from_nested_call(struct thread_probe *probe) {
  kt_set_flag(&probe->reached_end);
  PsTerminateSystemThread(STATUS_SUCCESS);
  probe->irql = 0xEE; /* never reached */
}

static VOID NTAPI terminating_routine(PVOID context) {
  struct thread_probe *probe = context;
  probe->irql = KeGetCurrentIrql();
  terminate_from_nested_call(probe);
  probe->system = 0xEE; /* never reached */
}

static void test_terminate_system_thread_ends_the_thread_at_once(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct thread_probe probe;
  memset(&probe, 0, sizeof probe);
  kt_thread_join(kt_thread_start(terminating_routine, &probe));
  assert_true(probe.reached_end);
  assert_int_equal(probe.irql, PASSIVE_LEVEL);
  assert_int_equal(probe.system, 0);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_terminate_system_thread_on_another_thread_is_refused(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  assert_int_equal(PsTerminateSystemThread(STATUS_SUCCESS), STATUS_INVALID_PARAMETER);
  assert_only_violation("InvalidParameter");
  kt_sim_destroy(sim);
}

static void test_reference_object_by_handle_rejects_a_closed_handle(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct gated g;
  KeInitializeEvent(&g.gate, NotificationEvent, TRUE);
  g.finished = 0;
  HANDLE handle = NULL;
  assert_int_equal(PsCreateSystemThread(&handle, 0, NULL, NULL, NULL, wait_at_gate, &g), STATUS_SUCCESS);
  assert_int_equal(ZwClose(handle), STATUS_SUCCESS);
  PVOID thread = NULL;
  assert_int_equal(ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType, KernelMode, &thread, NULL),
                   STATUS_INVALID_HANDLE);
  assert_int_equal(ZwClose(handle), STATUS_INVALID_HANDLE);
  kt_sim_destroy(sim); /* waits for the thread */
  assert_true(g.finished);
  assert_no_violations();
}

/* ---- bug checks --------------------------------------------------------------------------------- */

struct bugcheck_catch {
  jmp_buf back;
  ULONG code;
  ULONG_PTR parameters[4];
  int calls;
};

static void catch_bugcheck(void *context, ULONG code, const ULONG_PTR parameters[4], const char *description) {
  (void)description;
  struct bugcheck_catch *c = context;
  c->code = code;
  memcpy(c->parameters, parameters, sizeof c->parameters);
  c->calls++;
  longjmp(c->back, 1); /* the handler must not return into the simulator */
}

struct remembered_sim {
  wmisim_t *sim;
  plat_mutex_t lock;
  plat_cond_t changed;
  int step; /* 1: the thread remembers sim; 2: sim is destroyed */
  wmisim_t *seen_after_destroy;
};

static void step_to(struct remembered_sim *r, int step) {
  plat_mutex_lock(&r->lock);
  r->step = step;
  plat_cond_broadcast(&r->changed);
  plat_mutex_unlock(&r->lock);
}

static void wait_for_step(struct remembered_sim *r, int step) {
  plat_mutex_lock(&r->lock);
  while (r->step < step) plat_cond_wait(&r->changed, &r->lock);
  plat_mutex_unlock(&r->lock);
}

static void remember_then_look_again(void *arg) {
  struct remembered_sim *r = arg;
  wmisim_make_current(r->sim);
  step_to(r, 1);
  wait_for_step(r, 2);
  r->seen_after_destroy = wmisim_current();
}

static void test_a_thread_forgets_a_simulator_another_thread_destroyed(void **state) {
  (void)state;
  wmisim_options_t options;
  kt_options(&options);
  wmisim_t *survivor = NULL;
  struct remembered_sim r = {0};
  assert_int_equal(wmisim_create(&options, &survivor), STATUS_SUCCESS);
  assert_int_equal(wmisim_create(&options, &r.sim), STATUS_SUCCESS);
  plat_mutex_init(&r.lock);
  plat_cond_init(&r.changed);
  plat_thread_t *thread = NULL;
  assert_int_equal(plat_thread_create(&thread, remember_then_look_again, &r), 0);

  wait_for_step(&r, 1);
  wmisim_destroy(r.sim);
  step_to(&r, 2);
  plat_thread_join(thread);

  assert_ptr_equal(r.seen_after_destroy, survivor);
  plat_cond_destroy(&r.changed);
  plat_mutex_destroy(&r.lock);
  wmisim_destroy(survivor);
}

static void test_ke_bug_check_ex_reaches_the_bug_check_handler(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  static struct bugcheck_catch c;
  memset(&c, 0, sizeof c);
  wmisim_set_bugcheck_handler(sim, catch_bugcheck, &c);
  if (setjmp(c.back) == 0) {
    KeBugCheckEx(0xDEADBEEF, 1, 2, 3, 4);
    fail_msg("KeBugCheckEx returned");
  }
  assert_int_equal(c.calls, 1);
  assert_int_equal(c.code, 0xDEADBEEF);
  assert_int_equal(c.parameters[0], 1);
  assert_int_equal(c.parameters[3], 4);
  wmisim_set_bugcheck_handler(sim, NULL, NULL);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_corrupt_list_entry_is_a_bug_check(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  static struct bugcheck_catch c;
  memset(&c, 0, sizeof c);
  wmisim_set_bugcheck_handler(sim, catch_bugcheck, &c);
  LIST_ENTRY head, entry, stray;
  InitializeListHead(&head);
  InsertTailList(&head, &entry);
  entry.Blink = &stray; /* corrupt */
  if (setjmp(c.back) == 0) {
    RemoveEntryList(&entry);
    fail_msg("a corrupt list went unnoticed");
  }
  assert_int_equal(c.code, 0x139);
  assert_int_equal(c.parameters[0], FAST_FAIL_CORRUPT_LIST_ENTRY);
  kt_sim_destroy(sim);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_referenced_device_object_outlives_io_delete_device),
    cmocka_unit_test(test_dereferencing_an_object_below_zero_is_reported),
    cmocka_unit_test(test_reference_object_by_pointer_takes_a_reference),
    cmocka_unit_test(test_system_thread_runs_its_routine_with_the_drivers_context),
    cmocka_unit_test(test_waiting_on_a_thread_object_returns_when_the_thread_ends),
    cmocka_unit_test(test_terminate_system_thread_ends_the_thread_at_once),
    cmocka_unit_test(test_terminate_system_thread_on_another_thread_is_refused),
    cmocka_unit_test(test_reference_object_by_handle_rejects_a_closed_handle),
    cmocka_unit_test(test_a_thread_forgets_a_simulator_another_thread_destroyed),
    cmocka_unit_test(test_ke_bug_check_ex_reaches_the_bug_check_handler),
    cmocka_unit_test(test_corrupt_list_entry_is_a_bug_check),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
