/*
 * bench_setup.c - simulators with the benchmark driver, and the hand-built
 * requests the full path is compared with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define ALIGN8(x) (((x) + 7u) & ~(ULONG)7u)

static void quiet_log(void *context, wmisim_log_level_t level, const char *message) {
  (void)context;
  if (level >= WMISIM_LOG_ERROR) fprintf(stderr, "bench: wmisim: %s\n", message);
}

/* A violation means the benchmark drove something wrongly: the run is void. */
static void on_violation(void *context, const wmisim_violation_t *violation) {
  (void)context;
  char line[512];
  wmisim_violation_format(violation, line, sizeof line);
  bench_error("violation: %s", line);
}

bool bench_sim_create(struct bench_sim *bs, wmisim_check_mode_t mode, uint32_t queue_depth) {
  memset(bs, 0, sizeof *bs);
  wmisim_options_t options;
  wmisim_options_init(&options);
  options.check_mode = mode;
  options.log = quiet_log;
  if (queue_depth != 0) options.event_queue_depth = queue_depth;
  NTSTATUS status = wmisim_create(&options, &bs->sim);
  if (!NT_SUCCESS(status)) {
    bench_error("wmisim_create: %s", wmisim_status_name(status));
    return false;
  }
  wmisim_set_violation_handler(bs->sim, on_violation, NULL);
  wmisim_make_current(bs->sim);
  bench_driver_reset();
  status = wmisim_driver_add(bs->sim, "benchwmi", bench_driver_entry, &bs->driver);
  if (!NT_SUCCESS(status)) {
    bench_error("wmisim_driver_add: %s", wmisim_status_name(status));
    wmisim_destroy(bs->sim);
    bs->sim = NULL;
    return false;
  }
  return true;
}

void bench_sim_destroy(struct bench_sim *bs) {
  if (bs->sim == NULL) return;
  wmisim_make_current(NULL);
  wmisim_destroy(bs->sim);
  bs->sim = NULL;
}

bool bench_query_loop(wmisim_block_t *block, const char *name, long requests) {
  unsigned char buffer[512];
  for (long i = 0; i < requests; i++) {
    ULONG size = sizeof buffer;
    if (!NT_SUCCESS(wmisim_wmi_query_single(block, name, &size, buffer))) return false;
  }
  return true;
}

void bench_instance_id(ULONG index, char *out, size_t size) {
  snprintf(out, size, "ROOT\\BENCH\\%04lu", (unsigned long)index);
}

void bench_instance_name(ULONG index, ULONG instance, char *out, size_t size) {
  snprintf(out, size, "ROOT\\BENCH\\%04lu_%lu", (unsigned long)index, (unsigned long)instance);
}

PDEVICE_OBJECT bench_add_device(struct bench_sim *bs) {
  char id[64];
  bench_instance_id(bs->devices, id, sizeof id);
  wmisim_device_spec_t spec = {0};
  spec.instance_id = id;
  spec.function_driver = bs->driver;
  wmisim_devnode_t *node;
  NTSTATUS status = wmisim_device_add(bs->sim, &spec, &node);
  if (NT_SUCCESS(status)) status = wmisim_device_start(node);
  if (!NT_SUCCESS(status)) {
    bench_error("adding device %s: %s", id, wmisim_status_name(status));
    return NULL;
  }
  bs->devices++;
  return bench_driver_fdo(wmisim_device_pdo(node));
}

/* ---- hand-built requests ---------------------------------------------------------------------- */

bool bench_hand_init(struct bench_hand *hand, PDEVICE_OBJECT fdo, UCHAR minor, const GUID *guid, ULONG wnode_size) {
  memset(hand, 0, sizeof *hand);
  hand->fdo = fdo;
  hand->dispatch = fdo->DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL];
  hand->irp_size = IoSizeOfIrp(fdo->StackSize);
  hand->irp = malloc(hand->irp_size);
  hand->minor = minor;
  hand->guid = *guid;
  hand->wnode = calloc(1, wnode_size);
  hand->wnode_size = wnode_size;
  return hand->irp != NULL && hand->wnode != NULL;
}

void bench_hand_free(struct bench_hand *hand) {
  free(hand->irp);
  free(hand->wnode);
  memset(hand, 0, sizeof *hand);
}

static void fill_header(struct bench_hand *hand, ULONG kind) {
  WNODE_HEADER *header = (WNODE_HEADER *)hand->wnode;
  header->BufferSize = hand->wnode_size;
  header->ProviderId = 0;
  header->Guid = hand->guid;
  header->Flags = kind | WNODE_FLAG_STATIC_INSTANCE_NAMES | WNODE_FLAG_PDO_INSTANCE_NAMES;
}

/* The WNODE WMILIB reads for each request, with the fields it uses. */
static void build_wnode(struct bench_hand *hand) {
  switch (hand->minor) {
  case IRP_MN_QUERY_ALL_DATA:
    fill_header(hand, WNODE_FLAG_ALL_DATA);
    break;
  case IRP_MN_QUERY_SINGLE_INSTANCE: {
    WNODE_SINGLE_INSTANCE *single = (WNODE_SINGLE_INSTANCE *)hand->wnode;
    fill_header(hand, WNODE_FLAG_SINGLE_INSTANCE);
    single->InstanceIndex = hand->instance;
    single->DataBlockOffset = ALIGN8(sizeof *single);
    single->SizeDataBlock = 0;
    break;
  }
  case IRP_MN_CHANGE_SINGLE_ITEM: {
    WNODE_SINGLE_ITEM *item = (WNODE_SINGLE_ITEM *)hand->wnode;
    fill_header(hand, WNODE_FLAG_SINGLE_ITEM);
    item->InstanceIndex = hand->instance;
    item->ItemId = hand->id;
    item->DataBlockOffset = ALIGN8(sizeof *item);
    item->SizeDataItem = hand->data_size;
    memcpy(hand->wnode + item->DataBlockOffset, &hand->data, hand->data_size);
    break;
  }
  case IRP_MN_EXECUTE_METHOD: {
    WNODE_METHOD_ITEM *method = (WNODE_METHOD_ITEM *)hand->wnode;
    fill_header(hand, WNODE_FLAG_METHOD_ITEM);
    method->InstanceIndex = hand->instance;
    method->MethodId = hand->id;
    method->DataBlockOffset = ALIGN8(sizeof *method);
    method->SizeDataBlock = hand->data_size;
    memcpy(hand->wnode + method->DataBlockOffset, &hand->data, hand->data_size);
    break;
  }
  default:
    break;
  }
}

/* Sends the request in `irp`, whose next stack location is the driver's. */
static bool send_built(struct bench_hand *hand, PIRP irp) {
  IoSetNextIrpStackLocation(irp);
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  stack->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
  stack->MinorFunction = hand->minor;
  stack->DeviceObject = hand->fdo;
  stack->Parameters.WMI.ProviderId = (ULONG_PTR)hand->fdo;
  stack->Parameters.WMI.DataPath = &hand->guid;
  stack->Parameters.WMI.BufferSize = hand->wnode_size;
  stack->Parameters.WMI.Buffer = hand->wnode;
  irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
  build_wnode(hand);
  NTSTATUS status = hand->dispatch(hand->fdo, irp);
  if (status == STATUS_PENDING || !NT_SUCCESS(irp->IoStatus.Status)) return false;
  const WNODE_HEADER *header = (const WNODE_HEADER *)hand->wnode;
  return !(header->Flags & WNODE_FLAG_TOO_SMALL);
}

bool bench_hand_send(void *raw) {
  struct bench_hand *hand = raw;
  IoInitializeIrp(hand->irp, hand->irp_size, hand->fdo->StackSize);
  return send_built(hand, hand->irp);
}

bool bench_hand_send_fresh(void *raw) {
  struct bench_hand *hand = raw;
  unsigned char *reused = hand->wnode;
  hand->wnode = calloc(1, hand->wnode_size);
  PIRP irp = IoAllocateIrp(hand->fdo->StackSize, FALSE);
  bool ok = irp != NULL && hand->wnode != NULL && send_built(hand, irp);
  if (irp != NULL) IoFreeIrp(irp);
  free(hand->wnode);
  hand->wnode = reused;
  return ok;
}
