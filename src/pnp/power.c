/*
 * power.c - the power manager: power IRPs requested by drivers, power
 * states recorded per device, system power transitions.
 */
#include <stdlib.h>

#include "check/check.h"
#include "core/sim.h"
#include "ke/thread.h"
#include "ke/workers.h"
#include "pnp/pnp_internal.h"

VOID NTAPI PoStartNextPowerIrp(PIRP Irp) {
  (void)Irp; /* power IRPs are not serialised per device since Windows Vista */
}

POWER_STATE NTAPI PoSetPowerState(PDEVICE_OBJECT DeviceObject, POWER_STATE_TYPE Type, POWER_STATE State) {
  POWER_STATE previous;
  previous.DeviceState = PowerDeviceUnspecified;
  struct pnp_devnode *node = pnp_node_of(DeviceObject);
  if (node == NULL) return previous;
  if (Type == DevicePowerState) {
    previous.DeviceState = node->device_power;
    node->device_power = State.DeviceState;
  } else {
    previous.SystemState = node->system_power;
    node->system_power = State.SystemState;
  }
  return previous;
}

struct power_request {
  struct pnp_devnode *node;
  UCHAR minor;
  POWER_STATE state;
  PREQUEST_POWER_COMPLETE callback;
  PVOID context;
  struct io_driver *driver;
  PIRP irp;                 /* allocated at the request, so the requester can have it */
};

static void setup_device_power(PIO_STACK_LOCATION stack, void *argument) {
  struct power_request *request = argument;
  stack->Parameters.Power.Type = DevicePowerState;
  stack->Parameters.Power.State = request->state;
  stack->Parameters.Power.ShutdownType = PowerActionNone;
}

/* Runs on a worker: Windows sends requested power IRPs asynchronously and
 * calls the requester back when they complete. */
static void send_requested_power_irp(void *raw) {
  struct power_request *request = raw;
  ULONG_PTR information = 0;
  NTSTATUS status = pnp_send_prepared(request->node, request->irp, &information);
  if (request->callback != NULL) {
    IO_STATUS_BLOCK io_status;
    io_status.Status = status;
    io_status.Information = information;
    struct kthread *thread = ke_thread();
    struct io_driver *previous = ke_enter_driver(thread, request->driver);
    thread->irql = DISPATCH_LEVEL;
    request->callback(request->node->pdo, request->minor, request->state, request->context, &io_status);
    thread->irql = PASSIVE_LEVEL;
    ke_leave_driver(thread, previous);
  }
  free(request);
}

NTSTATUS NTAPI PoRequestPowerIrp(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction, POWER_STATE PowerState,
                                 PREQUEST_POWER_COMPLETE CompletionFunction, PVOID Context, PIRP *Irp) {
  struct pnp_devnode *node = pnp_node_of(DeviceObject);
  if (Irp != NULL) *Irp = NULL;
  if (node == NULL) return STATUS_INVALID_PARAMETER_1;
  if (MinorFunction != IRP_MN_SET_POWER && MinorFunction != IRP_MN_QUERY_POWER && MinorFunction != IRP_MN_WAIT_WAKE)
    return STATUS_INVALID_PARAMETER_2;
  struct power_request *request = malloc(sizeof *request);
  if (request == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  *request =
      (struct power_request){node, MinorFunction, PowerState, CompletionFunction, Context, ke_thread()->driver, NULL};
  request->irp = pnp_prepare(node, IRP_MJ_POWER, MinorFunction, setup_device_power, request);
  if (request->irp == NULL) {
    free(request);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  PIRP irp = request->irp;
  if (!ke_workers_queue(node->sim->workers, send_requested_power_irp, request, NULL, "power manager")) {
    /* Never sent: nothing else has the IRP yet. */
    struct io_irp_track *track = io_irp_track_of(irp);
    free(track->final_context);
    io_free_sim_irp(irp);
    free(request);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  /* WDK: Irp receives the IRP PoRequestPowerIrp allocated (for example to
   * cancel a wait/wake IRP later); it is freed after the callback. */
  if (Irp != NULL) *Irp = irp;
  return STATUS_PENDING;
}

static void setup_system_power(PIO_STACK_LOCATION stack, void *argument) {
  SYSTEM_POWER_STATE state = *(SYSTEM_POWER_STATE *)argument;
  stack->Parameters.Power.Type = SystemPowerState;
  stack->Parameters.Power.State.SystemState = state;
  stack->Parameters.Power.ShutdownType = state == PowerSystemWorking ? PowerActionNone : PowerActionSleep;
}

NTSTATUS wmisim_device_set_system_power(wmisim_devnode_t *handle, SYSTEM_POWER_STATE state) {
  struct pnp_devnode *node = (struct pnp_devnode *)handle;
  if (node == NULL || state <= PowerSystemUnspecified || state >= PowerSystemMaximum) return STATUS_INVALID_PARAMETER;
  if (node->state != WMISIM_DEVICE_STARTED) return STATUS_INVALID_DEVICE_STATE;
  NTSTATUS status = pnp_send(node, IRP_MJ_POWER, IRP_MN_SET_POWER, setup_system_power, &state, NULL);
  /* Device power IRPs the drivers requested in response finish first. */
  ke_workers_wait_idle(node->sim->workers, UINT64_MAX);
  return status;
}

PULONG NTAPI PoRegisterDeviceForIdleDetection(PDEVICE_OBJECT DeviceObject, ULONG ConservationIdleTime,
                                              ULONG PerformanceIdleTime, DEVICE_POWER_STATE State) {
  (void)ConservationIdleTime;
  (void)PerformanceIdleTime;
  (void)State;
  static ULONG idle_counter;
  return pnp_node_of(DeviceObject) != NULL ? &idle_counter : NULL;
}

VOID NTAPI PoSetDeviceBusyEx(PULONG IdlePointer) {
  if (IdlePointer != NULL) *IdlePointer = 0;
}

PVOID NTAPI PoRegisterSystemState(PVOID StateHandle, EXECUTION_STATE Flags) {
  (void)Flags;
  static int handle;
  return StateHandle != NULL ? StateHandle : &handle;
}

VOID NTAPI PoUnregisterSystemState(PVOID StateHandle) {
  (void)StateHandle;
}

static void query_device_state(void *raw) {
  struct pnp_devnode *node = raw;
  ULONG_PTR state = 0;
  if (NT_SUCCESS(pnp_send(node, IRP_MJ_PNP, IRP_MN_QUERY_PNP_DEVICE_STATE, NULL, NULL, &state)))
    node->pnp_device_state = (PNP_DEVICE_STATE)state;
}

/* Windows answers by sending IRP_MN_QUERY_PNP_DEVICE_STATE later. */
VOID NTAPI IoInvalidateDeviceState(PDEVICE_OBJECT PhysicalDeviceObject) {
  struct pnp_devnode *node = pnp_node_of(PhysicalDeviceObject);
  if (node == NULL || node->pdo != PhysicalDeviceObject) {
    check_report(sim_current(), CHECK_BAD_PARAMETER, NULL, "IoInvalidateDeviceState needs the PDO");
    return;
  }
  ke_workers_queue(node->sim->workers, query_device_state, node, NULL, "PnP manager");
}
