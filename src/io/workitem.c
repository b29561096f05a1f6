/*
 * workitem.c - IO_WORKITEM: work items tied to a device object, which stays
 * referenced while the item is queued, as on Windows.
 */
#include <stdlib.h>

#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "ke/workers.h"

struct _IO_WORKITEM {
  uint32_t magic;
  PVOID io_object;           /* device or driver object */
  struct wmisim *sim;
  struct io_driver *driver;
  PIO_WORKITEM_ROUTINE routine;
  PIO_WORKITEM_ROUTINE_EX routine_ex;
  PVOID context;
  volatile LONG queued;
  bool allocated;            /* IoAllocateWorkItem, not IoInitializeWorkItem */
};

#define WORKITEM_MAGIC 0x574b4954u /* "WKIT" */

static struct wmisim *sim_of_io_object(PVOID object) {
  struct wmisim *sim = io_device_sim((PDEVICE_OBJECT)object);
  if (sim == NULL) {
    struct io_driver *driver = io_driver_of((PDRIVER_OBJECT)object);
    sim = driver != NULL ? driver->sim : NULL;
  }
  return sim;
}

static void init_item(PIO_WORKITEM item, PVOID io_object, bool allocated) {
  item->magic = WORKITEM_MAGIC;
  item->io_object = io_object;
  item->sim = sim_of_io_object(io_object);
  item->driver = ke_thread()->driver;
  item->routine = NULL;
  item->routine_ex = NULL;
  item->context = NULL;
  item->queued = 0;
  item->allocated = allocated;
}

PIO_WORKITEM NTAPI IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject) {
  if (io_device_of(DeviceObject) == NULL) {
    check_report(sim_current(), CHECK_BAD_PARAMETER, NULL, "IoAllocateWorkItem(%p): not a device object",
                 (void *)DeviceObject);
    return NULL;
  }
  PIO_WORKITEM item = malloc(sizeof *item);
  if (item != NULL) init_item(item, DeviceObject, true);
  return item;
}

ULONG NTAPI IoSizeofWorkItem(VOID) {
  return sizeof(struct _IO_WORKITEM);
}

VOID NTAPI IoInitializeWorkItem(PVOID IoObject, PIO_WORKITEM IoWorkItem) {
  init_item(IoWorkItem, IoObject, false);
}

VOID NTAPI IoUninitializeWorkItem(PIO_WORKITEM IoWorkItem) {
  if (IoWorkItem->queued)
    check_report(IoWorkItem->sim, CHECK_BAD_PARAMETER, NULL, "IoUninitializeWorkItem on a queued work item");
  IoWorkItem->magic = 0;
}

VOID NTAPI IoFreeWorkItem(PIO_WORKITEM IoWorkItem) {
  if (IoWorkItem == NULL || IoWorkItem->magic != WORKITEM_MAGIC || !IoWorkItem->allocated) {
    check_report(sim_current(), CHECK_BAD_PARAMETER, NULL, "IoFreeWorkItem(%p): not an allocated work item",
                 (void *)IoWorkItem);
    return;
  }
  if (IoWorkItem->queued)
    check_report(IoWorkItem->sim, CHECK_BAD_PARAMETER, NULL, "IoFreeWorkItem on a work item still queued");
  IoWorkItem->magic = 0;
  free(IoWorkItem);
}

static void run_io_work_item(void *raw) {
  PIO_WORKITEM item = raw;
  PVOID object = item->io_object;
  InterlockedExchange(&item->queued, 0);
  /* The routine may free the item, so nothing of it is read afterwards. */
  if (item->routine_ex != NULL)
    item->routine_ex(object, item->context, item);
  else
    item->routine((PDEVICE_OBJECT)object, item->context);
  ObfDereferenceObject(object);
}

static void queue(PIO_WORKITEM item, PIO_WORKITEM_ROUTINE routine, PIO_WORKITEM_ROUTINE_EX routine_ex,
                  PVOID context) {
  struct kthread *thread = ke_thread();
  if (item == NULL || item->magic != WORKITEM_MAGIC || item->sim == NULL) {
    check_report(sim_current(), CHECK_BAD_PARAMETER, NULL, "IoQueueWorkItem(%p): not a work item", (void *)item);
    return;
  }
  if (thread->irql > DISPATCH_LEVEL) check_irql_violation(item->sim, "IoQueueWorkItem", thread->irql, DISPATCH_LEVEL);
  if (InterlockedExchange(&item->queued, 1) != 0) {
    check_report(item->sim, CHECK_BAD_PARAMETER, NULL, "IoQueueWorkItem on a work item that is already queued");
    return;
  }
  item->routine = routine;
  item->routine_ex = routine_ex;
  item->context = context;
  item->driver = thread->driver != NULL ? thread->driver : item->driver;
  ObfReferenceObject(item->io_object);
  if (!ke_workers_queue(item->sim->workers, run_io_work_item, item, item->driver, "IoQueueWorkItem routine")) {
    InterlockedExchange(&item->queued, 0);
    ObfDereferenceObject(item->io_object);
  }
}

VOID NTAPI IoQueueWorkItem(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE WorkerRoutine, WORK_QUEUE_TYPE QueueType,
                           PVOID Context) {
  (void)QueueType;
  queue(IoWorkItem, WorkerRoutine, NULL, Context);
}

VOID NTAPI IoQueueWorkItemEx(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE_EX WorkerRoutine,
                             WORK_QUEUE_TYPE QueueType, PVOID Context) {
  (void)QueueType;
  queue(IoWorkItem, NULL, WorkerRoutine, Context);
}
