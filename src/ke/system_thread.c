/*
 * system_thread.c - PsCreateSystemThread, thread objects and
 * PsTerminateSystemThread.
 *
 * A system thread is a real thread whose kernel state names the simulator
 * and the driver that created it. Its thread object is a dispatcher object,
 * signalled when the thread ends, so drivers can wait for it as on Windows.
 * PsTerminateSystemThread unwinds to the thread's start with longjmp, the
 * only portable way to end a thread from inside the driver's routine.
 */
#include <setjmp.h>
#include <stdlib.h>

#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/dispatcher.h"
#include "ke/thread.h"
#include "ke/workers.h"
#include "ob/object.h"

struct system_thread {
  struct wmisim *sim;
  struct io_driver *driver;
  PKSTART_ROUTINE routine;
  PVOID context;
  jmp_buf exit_point;
  struct ob_header header;  /* immediately before the object */
  DISPATCHER_HEADER object; /* the thread object; signalled at exit */
};

static _Thread_local struct system_thread *current_system_thread;

static void destroy_thread_object(struct ob_header *header) {
  free(CONTAINING_RECORD(header, struct system_thread, header));
}

static void system_thread_main(void *raw) {
  struct system_thread *t = raw;
  struct kthread *thread = ke_thread();
  thread->system_thread = true;
  thread->sim = t->sim;
  thread->irql = PASSIVE_LEVEL;
  current_system_thread = t;
  ke_enter_driver(thread, t->driver);
  if (setjmp(t->exit_point) == 0) t->routine(t->context);
  current_system_thread = NULL;
  thread->driver = NULL;
  struct wmisim *sim = t->sim;
  ke_signal_object(&t->object, 1);
  ob_dereference(&t->header);
  ke_workers_system_thread_ended(sim->workers);
}

static void close_thread_handle(void *object) {
  ob_dereference(ob_header_of(object));
}

NTSTATUS NTAPI PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                                    HANDLE ProcessHandle, PVOID ClientId, PKSTART_ROUTINE StartRoutine,
                                    PVOID StartContext) {
  (void)DesiredAccess;
  (void)ObjectAttributes;
  (void)ProcessHandle;
  (void)ClientId;
  struct wmisim *sim = sim_current();
  if (sim == NULL || ThreadHandle == NULL || StartRoutine == NULL) return STATUS_INVALID_PARAMETER;
  struct system_thread *t = calloc(1, sizeof *t);
  if (t == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  t->sim = sim;
  t->driver = ke_thread()->driver;
  t->routine = StartRoutine;
  t->context = StartContext;
  ob_header_init(&t->header, sim, OB_TYPE_THREAD, destroy_thread_object);
  t->object.Type = 6; /* ThreadObject */
  t->object.WaitListHead.Flink = t->object.WaitListHead.Blink = &t->object.WaitListHead;
  ob_reference(&t->header); /* one for the handle, one for the running thread */
  NTSTATUS status = ob_handle_create(sim, OB_TYPE_THREAD, &t->object, close_thread_handle, ThreadHandle);
  if (!NT_SUCCESS(status)) {
    free(t);
    return status;
  }
  ke_workers_system_thread_started(sim->workers);
  plat_thread_t *handle;
  if (plat_thread_create(&handle, system_thread_main, t) != 0) {
    ke_workers_system_thread_ended(sim->workers);
    ob_dereference(&t->header);
    ob_handle_close(sim, *ThreadHandle);
    *ThreadHandle = NULL;
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  plat_thread_detach(handle);
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI PsTerminateSystemThread(NTSTATUS ExitStatus) {
  (void)ExitStatus;
  struct system_thread *t = current_system_thread;
  if (t == NULL) {
    check_report(sim_current(), CHECK_BAD_PARAMETER, NULL,
                 "PsTerminateSystemThread called on a thread PsCreateSystemThread did not create");
    return STATUS_INVALID_PARAMETER;
  }
  longjmp(t->exit_point, 1);
}

NTSTATUS NTAPI ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                                         KPROCESSOR_MODE AccessMode, PVOID *Object, PVOID HandleInformation) {
  (void)DesiredAccess;
  (void)ObjectType;
  (void)AccessMode;
  (void)HandleInformation;
  void *object;
  NTSTATUS status = ob_handle_lookup(sim_current(), Handle, OB_TYPE_THREAD, &object);
  if (!NT_SUCCESS(status)) return status;
  ob_reference(ob_header_of(object));
  *Object = object;
  return STATUS_SUCCESS;
}
