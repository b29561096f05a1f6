/*
 * test_wmi_input_wnodes.c - every WMI request as Windows builds it, checked
 * field by field from inside a purpose-built driver: IRP_MJ_SYSTEM_CONTROL
 * sent to the top of the provider's stack with IoStatus.Status preset to
 * STATUS_NOT_SUPPORTED, Parameters.WMI.ProviderId the registered device,
 * DataPath the GUID, and the input WNODE's header and body.
 */
#include "wmi_test.h"

static const GUID STATIC_GUID = {0x5e1f0a10, 0x2222, 0x4b4b, {0x90, 0x02, 0, 0, 0, 0, 0, 0x01}};
static const GUID DYNAMIC_GUID = {0x5e1f0a10, 0x2222, 0x4b4b, {0x90, 0x02, 0, 0, 0, 0, 0, 0x02}};
static const GUID TRACED_GUID = {0x5e1f0a10, 0x2222, 0x4b4b, {0x90, 0x02, 0, 0, 0, 0, 0, 0x03}};
static const GUID EXPENSIVE_GUID = {0x5e1f0a10, 0x2222, 0x4b4b, {0x90, 0x02, 0, 0, 0, 0, 0, 0x04}};

#define ALIGN8(x) (((x) + 7u) & ~7u)

/* One request as the driver saw it on entry. */
struct seen {
  bool valid;
  PDEVICE_OBJECT device;       /* the device whose dispatch got it */
  ULONG_PTR provider_id;       /* Parameters.WMI.ProviderId */
  ULONG_PTR data_path;         /* Parameters.WMI.DataPath (the pointer) */
  GUID guid;                   /* what it points to, for data requests */
  ULONG buffer_size;           /* Parameters.WMI.BufferSize */
  NTSTATUS status;             /* IoStatus.Status on entry */
  ULONG_PTR information;       /* IoStatus.Information on entry */
  LONGLONG now;                /* KeQuerySystemTime on entry */
  unsigned char wnode[512];    /* the input buffer's first bytes */
};

struct recorder {
  PDEVICE_OBJECT pdo;
  struct seen seen[16];        /* the last request of each minor code */
  UCHAR order[64];             /* minor codes in arrival order */
  LONG count;
  LONG not_preset;             /* requests whose IoStatus.Status was not STATUS_NOT_SUPPORTED */
  PDEVICE_OBJECT filter_saw;   /* the filter above, if any: the device it got the IRP on */
  unsigned char reginfo[1024];
  ULONG reginfo_size;
};

static struct recorder recorder;

static void record(PDEVICE_OBJECT device, PIRP irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  UCHAR minor = stack->MinorFunction;
  struct seen *s = &recorder.seen[minor & 15];
  memset(s, 0, sizeof *s);
  s->valid = true;
  s->device = device;
  s->provider_id = stack->Parameters.WMI.ProviderId;
  s->data_path = (ULONG_PTR)stack->Parameters.WMI.DataPath;
  if (minor != IRP_MN_REGINFO && minor != IRP_MN_REGINFO_EX) s->guid = *(const GUID *)stack->Parameters.WMI.DataPath;
  s->buffer_size = stack->Parameters.WMI.BufferSize;
  s->status = irp->IoStatus.Status;
  s->information = irp->IoStatus.Information;
  LARGE_INTEGER now;
  KeQuerySystemTime(&now);
  s->now = now.QuadPart;
  ULONG copy = s->buffer_size < sizeof s->wnode ? s->buffer_size : sizeof s->wnode;
  memcpy(s->wnode, stack->Parameters.WMI.Buffer, copy);
  if (recorder.count < 64) recorder.order[recorder.count] = minor;
  recorder.count++;
  if (irp->IoStatus.Status != STATUS_NOT_SUPPORTED) recorder.not_preset++;
}

/* ---- the provider's answers ----------------------------------------------------------------- */

static NTSTATUS answer_all_data(PIRP irp, PWNODE_ALL_DATA all, ULONG size, bool dynamic) {
  /* Two ULONG instances, fixed size; dynamic blocks name them "Dyn0", "Dyn1". */
  ULONG data_at = ALIGN8((ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength));
  ULONG names_at = data_at + 16;
  ULONG needed = dynamic ? names_at + 8 + 2 * 10 : data_at + 12;
  if (size < needed) {
    PWNODE_TOO_SMALL small = (PWNODE_TOO_SMALL)all;
    small->WnodeHeader.BufferSize = sizeof *small;
    small->WnodeHeader.Flags = WNODE_FLAG_TOO_SMALL;
    small->SizeNeeded = needed;
    return raw_complete(irp, STATUS_SUCCESS, sizeof *small);
  }
  all->DataBlockOffset = data_at;
  all->InstanceCount = 2;
  all->WnodeHeader.Flags |= WNODE_FLAG_FIXED_INSTANCE_SIZE;
  all->FixedInstanceSize = sizeof(ULONG);
  ULONG values[2] = {10, 11};
  memcpy((PUCHAR)all + data_at, &values[0], 4);
  memcpy((PUCHAR)all + data_at + 8, &values[1], 4);
  if (dynamic) {
    ULONG offsets[2] = {names_at + 8, names_at + 8 + 10};
    all->OffsetInstanceNameOffsets = names_at;
    memcpy((PUCHAR)all + names_at, offsets, sizeof offsets);
    for (int i = 0; i < 2; i++) {
      USHORT bytes = 8;
      WCHAR name[4] = {'D', 'y', 'n', (WCHAR)('0' + i)};
      memcpy((PUCHAR)all + offsets[i], &bytes, 2);
      memcpy((PUCHAR)all + offsets[i] + 2, name, 8);
    }
  }
  all->WnodeHeader.BufferSize = needed;
  return raw_complete(irp, STATUS_SUCCESS, needed);
}

static NTSTATUS answer_single(PIRP irp, PWNODE_SINGLE_INSTANCE single, ULONG size) {
  ULONG value = 0x51;
  if (size < single->DataBlockOffset + sizeof value) return raw_complete(irp, STATUS_BUFFER_TOO_SMALL, 0);
  memcpy((PUCHAR)single + single->DataBlockOffset, &value, sizeof value);
  single->SizeDataBlock = sizeof value;
  single->WnodeHeader.BufferSize = single->DataBlockOffset + sizeof value;
  return raw_complete(irp, STATUS_SUCCESS, single->WnodeHeader.BufferSize);
}

static NTSTATUS answer_method(PIRP irp, PWNODE_METHOD_ITEM method) {
  ULONG out = 0x77;
  memcpy((PUCHAR)method + method->DataBlockOffset, &out, sizeof out);
  method->SizeDataBlock = sizeof out;
  method->WnodeHeader.BufferSize = method->DataBlockOffset + sizeof out;
  return raw_complete(irp, STATUS_SUCCESS, method->WnodeHeader.BufferSize);
}

static NTSTATUS NTAPI provider(PDEVICE_OBJECT device, PIRP irp, void *context) {
  (void)context;
  record(device, irp);
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  void *buffer = stack->Parameters.WMI.Buffer;
  ULONG size = stack->Parameters.WMI.BufferSize;
  switch (stack->MinorFunction) {
  case IRP_MN_REGINFO:
  case IRP_MN_REGINFO_EX:
    /* One reference per WMIREGGUID naming the PDO; WMI drops each. */
    for (int i = 0; i < 3 && stack->MinorFunction == IRP_MN_REGINFO_EX && size >= recorder.reginfo_size; i++)
      ObReferenceObject(recorder.pdo);
    return raw_answer_reginfo(irp, recorder.reginfo, recorder.reginfo_size);
  case IRP_MN_QUERY_ALL_DATA:
    return answer_all_data(irp, buffer, size, IsEqualGUID(stack->Parameters.WMI.DataPath, &DYNAMIC_GUID));
  case IRP_MN_QUERY_SINGLE_INSTANCE:
    return answer_single(irp, buffer, size);
  case IRP_MN_EXECUTE_METHOD:
    return answer_method(irp, buffer);
  default:
    return raw_complete(irp, STATUS_SUCCESS, 0);
  }
}

/* A WMIREGINFO: STATIC_GUID with PDO names (2 instances), DYNAMIC_GUID with
 * dynamic names, TRACED_GUID event-only and traced, EXPENSIVE_GUID. */
static void build_reginfo(PDEVICE_OBJECT pdo) {
  WMIREGINFOW *info = (WMIREGINFOW *)recorder.reginfo;
  info->GuidCount = 4;
  ULONG end = (ULONG)(sizeof(WMIREGINFOW) + 4 * sizeof(WMIREGGUIDW));
  info->WmiRegGuid[0] = (WMIREGGUIDW){STATIC_GUID, WMIREG_FLAG_INSTANCE_PDO, 2, {0}};
  info->WmiRegGuid[0].Pdo = (ULONG_PTR)pdo;
  info->WmiRegGuid[1] = (WMIREGGUIDW){DYNAMIC_GUID, 0, 0, {0}};
  info->WmiRegGuid[2] =
      (WMIREGGUIDW){TRACED_GUID, WMIREG_FLAG_EVENT_ONLY_GUID | WMIREG_FLAG_TRACED_GUID | WMIREG_FLAG_INSTANCE_PDO, 1, {0}};
  info->WmiRegGuid[2].Pdo = (ULONG_PTR)pdo;
  info->WmiRegGuid[3] = (WMIREGGUIDW){EXPENSIVE_GUID, WMIREG_FLAG_EXPENSIVE | WMIREG_FLAG_INSTANCE_PDO, 1, {0}};
  info->WmiRegGuid[3].Pdo = (ULONG_PTR)pdo;
  info->BufferSize = end;
  recorder.reginfo_size = end;
}

/* ---- an upper filter that passes everything down ----------------------------------------------- */

static NTSTATUS NTAPI filter_pass(PDEVICE_OBJECT device, PIRP irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  if (stack->MajorFunction == IRP_MJ_SYSTEM_CONTROL && recorder.filter_saw == NULL) recorder.filter_saw = device;
  if (stack->MajorFunction == IRP_MJ_POWER) PoStartNextPowerIrp(irp);
  if (stack->MajorFunction == IRP_MJ_PNP && stack->MinorFunction == IRP_MN_REMOVE_DEVICE) {
    PDEVICE_OBJECT lower = *(PDEVICE_OBJECT *)device->DeviceExtension;
    IoSkipCurrentIrpStackLocation(irp);
    NTSTATUS status = IoCallDriver(lower, irp);
    IoDetachDevice(lower);
    IoDeleteDevice(device);
    return status;
  }
  IoSkipCurrentIrpStackLocation(irp);
  return IoCallDriver(*(PDEVICE_OBJECT *)device->DeviceExtension, irp);
}

static NTSTATUS NTAPI filter_add(PDRIVER_OBJECT driver, PDEVICE_OBJECT pdo) {
  PDEVICE_OBJECT device;
  NTSTATUS status = IoCreateDevice(driver, sizeof(PDEVICE_OBJECT), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
  if (!NT_SUCCESS(status)) return status;
  *(PDEVICE_OBJECT *)device->DeviceExtension = IoAttachDeviceToDeviceStack(device, pdo);
  device->Flags |= DO_POWER_PAGABLE;
  device->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI filter_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path) {
  (void)path;
  driver->DriverExtension->AddDevice = filter_add;
  for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) driver->MajorFunction[i] = filter_pass;
  return STATUS_SUCCESS;
}

/* ---- fixture ---------------------------------------------------------------------------------- */

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  PDEVICE_OBJECT device;
  PDEVICE_OBJECT top;
};

static struct fixture fixture;

static int setup(void **state) {
  memset(&recorder, 0, sizeof recorder);
  raw_driver_reset();
  raw_driver_config.system_control = provider;
  raw_driver_config.register_at_start = false;
  fixture.sim = wt_sim_create();
  wmisim_driver_t *raw, *filter;
  assert_int_equal(wmisim_driver_add(fixture.sim, "wmiraw", raw_driver_entry, &raw), STATUS_SUCCESS);
  assert_int_equal(wmisim_driver_add(fixture.sim, "passfilter", filter_entry, &filter), STATUS_SUCCESS);
  wmisim_device_spec_t spec = {.instance_id = "ROOT\\WMIRAW\\0000", .function_driver = raw,
                               .upper_filters = &filter, .upper_filter_count = 1};
  assert_int_equal(wmisim_device_add(fixture.sim, &spec, &fixture.node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_start(fixture.node), STATUS_SUCCESS);
  recorder.pdo = wmisim_device_pdo(fixture.node);
  fixture.device = recorder.pdo->AttachedDevice;
  fixture.top = wmisim_device_top(fixture.node);
  build_reginfo(recorder.pdo);
  assert_int_equal(IoWMIRegistrationControl(fixture.device, WMIREG_ACTION_REGISTER), STATUS_SUCCESS);
  *state = &fixture;
  return 0;
}

static int teardown(void **state) {
  struct fixture *f = *state;
  assert_int_equal(recorder.not_preset, 0);
  assert_no_violations();
  wmisim_destroy(f->sim);
  return 0;
}

/* The parts every data request shares. */
static const WNODE_HEADER *assert_request(struct fixture *f, UCHAR minor, const GUID *guid) {
  const struct seen *s = &recorder.seen[minor];
  assert_true(s->valid);
  assert_ptr_equal(s->device, f->device);
  assert_int_equal(s->provider_id, (ULONG_PTR)f->device);
  assert_true(IsEqualGUID(&s->guid, guid));
  assert_int_equal(s->status, STATUS_NOT_SUPPORTED);
  assert_int_equal(s->information, 0);
  const WNODE_HEADER *header = (const WNODE_HEADER *)s->wnode;
  assert_true(IsEqualGUID(&header->Guid, guid));
  assert_int_equal(header->ProviderId, IoWMIDeviceObjectToProviderId(f->device));
  assert_true(header->TimeStamp.QuadPart <= s->now);
  assert_true(header->TimeStamp.QuadPart >= wmisim_options(f->sim)->clock_start);
  return header;
}

/* A counted name at `offset` of the recorded WNODE, as UTF-8. */
static void name_at(const struct seen *s, ULONG offset, char *out, size_t size) {
  USHORT bytes;
  memcpy(&bytes, s->wnode + offset, 2);
  size_t i = 0;
  for (; i < bytes / 2u && i + 1 < size; i++) out[i] = (char)s->wnode[offset + 2 + 2 * i];
  out[i] = '\0';
}

static wmisim_block_t *open_block(struct fixture *f, const GUID *guid) {
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, guid, WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE, &block),
                   STATUS_SUCCESS);
  return block;
}

/* ---- tests ------------------------------------------------------------------------------------- */

static void test_reginfo_request_carries_wmiregister_and_the_device(void **state) {
  struct fixture *f = *state;
  const struct seen *s = &recorder.seen[IRP_MN_REGINFO_EX];
  assert_true(s->valid);
  assert_int_equal(s->provider_id, (ULONG_PTR)f->device);
  assert_int_equal(s->data_path, WMIREGISTER);
  assert_int_equal(s->buffer_size, 256);
  assert_int_equal(s->status, STATUS_NOT_SUPPORTED);
  assert_int_equal(IoWMIRegistrationControl(f->device, WMIREG_ACTION_UPDATE_GUIDS), STATUS_SUCCESS);
  assert_int_equal(recorder.seen[IRP_MN_REGINFO_EX].data_path, WMIUPDATE);
}

static void test_requests_go_to_the_top_of_the_stack_addressed_to_the_provider(void **state) {
  struct fixture *f = *state;
  assert_ptr_not_equal(f->top, f->device);
  recorder.filter_saw = NULL;
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &STATIC_GUID, buffer, &size), STATUS_SUCCESS);
  assert_ptr_equal(recorder.filter_saw, f->top);
  assert_request(f, IRP_MN_QUERY_ALL_DATA, &STATIC_GUID);
}

static void test_query_all_data_input_wnode(void **state) {
  struct fixture *f = *state;
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &STATIC_GUID, buffer, &size), STATUS_SUCCESS);
  const WNODE_HEADER *header = assert_request(f, IRP_MN_QUERY_ALL_DATA, &STATIC_GUID);
  const struct seen *s = &recorder.seen[IRP_MN_QUERY_ALL_DATA];
  assert_int_equal(header->BufferSize, s->buffer_size);
  assert_int_equal(header->Flags, WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES | WNODE_FLAG_PDO_INSTANCE_NAMES);
  assert_int_equal(header->Linkage, 0);
  assert_int_equal(header->ClientContext, 0);
  const WNODE_ALL_DATA *all = (const WNODE_ALL_DATA *)s->wnode;
  assert_int_equal(all->InstanceCount, 0);
  assert_int_equal(all->DataBlockOffset, 0);
  /* What the consumer got: the static names added. */
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, size, "ROOT\\WMIRAW\\0000_1", &instance));
  assert_int_equal(*(const ULONG *)instance.data, 11);
}

static void test_query_all_data_of_a_dynamic_block_has_no_static_flags(void **state) {
  struct fixture *f = *state;
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wt_query_all(f->sim, &DYNAMIC_GUID, buffer, &size), STATUS_SUCCESS);
  const WNODE_HEADER *header = assert_request(f, IRP_MN_QUERY_ALL_DATA, &DYNAMIC_GUID);
  assert_int_equal(header->Flags, WNODE_FLAG_ALL_DATA);
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, size, "Dyn1", &instance));
  assert_int_equal(*(const ULONG *)instance.data, 11);
}

static void test_query_single_instance_input_wnode_for_a_static_name(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block = open_block(f, &STATIC_GUID);
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "ROOT\\WMIRAW\\0000_1", &size, buffer), STATUS_SUCCESS);
  wmisim_wmi_close(block);
  const WNODE_HEADER *header = assert_request(f, IRP_MN_QUERY_SINGLE_INSTANCE, &STATIC_GUID);
  const struct seen *s = &recorder.seen[IRP_MN_QUERY_SINGLE_INSTANCE];
  const WNODE_SINGLE_INSTANCE *single = (const WNODE_SINGLE_INSTANCE *)s->wnode;
  assert_int_equal(header->BufferSize, s->buffer_size);
  assert_int_equal(header->Flags,
                   WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES | WNODE_FLAG_PDO_INSTANCE_NAMES);
  assert_int_equal(single->InstanceIndex, 1);
  assert_int_equal(single->OffsetInstanceName, sizeof(WNODE_SINGLE_INSTANCE));
  char name[64];
  name_at(s, single->OffsetInstanceName, name, sizeof name);
  assert_string_equal(name, "ROOT\\WMIRAW\\0000_1");
  assert_int_equal(single->DataBlockOffset, ALIGN8(sizeof(WNODE_SINGLE_INSTANCE) + 2 + 2 * strlen(name)));
  assert_int_equal(single->SizeDataBlock, 0);
  const WNODE_SINGLE_INSTANCE *result = (const WNODE_SINGLE_INSTANCE *)buffer;
  assert_int_equal(result->SizeDataBlock, 4);
  assert_int_equal(*(const ULONG *)(buffer + result->DataBlockOffset), 0x51);
}

static void test_query_single_instance_input_wnode_for_a_dynamic_name(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block = open_block(f, &DYNAMIC_GUID);
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, "Dyn1", &size, buffer), STATUS_SUCCESS);
  wmisim_wmi_close(block);
  const WNODE_HEADER *header = assert_request(f, IRP_MN_QUERY_SINGLE_INSTANCE, &DYNAMIC_GUID);
  const struct seen *s = &recorder.seen[IRP_MN_QUERY_SINGLE_INSTANCE];
  const WNODE_SINGLE_INSTANCE *single = (const WNODE_SINGLE_INSTANCE *)s->wnode;
  assert_int_equal(header->Flags, WNODE_FLAG_SINGLE_INSTANCE);
  assert_int_equal(single->InstanceIndex, 0);
  char name[64];
  name_at(s, single->OffsetInstanceName, name, sizeof name);
  assert_string_equal(name, "Dyn1");
  assert_int_equal(single->DataBlockOffset % 8, 0);
}

static void test_change_single_instance_input_wnode(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block = open_block(f, &STATIC_GUID);
  ULONG data[3] = {1, 2, 3};
  assert_int_equal(wmisim_wmi_set_single(block, "ROOT\\WMIRAW\\0000_0", sizeof data, data), STATUS_SUCCESS);
  wmisim_wmi_close(block);
  const WNODE_HEADER *header = assert_request(f, IRP_MN_CHANGE_SINGLE_INSTANCE, &STATIC_GUID);
  const struct seen *s = &recorder.seen[IRP_MN_CHANGE_SINGLE_INSTANCE];
  const WNODE_SINGLE_INSTANCE *single = (const WNODE_SINGLE_INSTANCE *)s->wnode;
  assert_int_equal(header->Flags,
                   WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES | WNODE_FLAG_PDO_INSTANCE_NAMES);
  assert_int_equal(single->InstanceIndex, 0);
  assert_int_equal(single->SizeDataBlock, sizeof data);
  assert_int_equal(single->DataBlockOffset % 8, 0);
  assert_memory_equal(s->wnode + single->DataBlockOffset, data, sizeof data);
  assert_int_equal(header->BufferSize, single->DataBlockOffset + sizeof data);
  assert_int_equal(s->buffer_size, header->BufferSize);
}

static void test_change_single_item_input_wnode(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block = open_block(f, &STATIC_GUID);
  USHORT value = 0xBEEF;
  assert_int_equal(wmisim_wmi_set_item(block, "ROOT\\WMIRAW\\0000_1", 7, sizeof value, &value), STATUS_SUCCESS);
  wmisim_wmi_close(block);
  const WNODE_HEADER *header = assert_request(f, IRP_MN_CHANGE_SINGLE_ITEM, &STATIC_GUID);
  const struct seen *s = &recorder.seen[IRP_MN_CHANGE_SINGLE_ITEM];
  const WNODE_SINGLE_ITEM *item = (const WNODE_SINGLE_ITEM *)s->wnode;
  assert_int_equal(header->Flags,
                   WNODE_FLAG_SINGLE_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES | WNODE_FLAG_PDO_INSTANCE_NAMES);
  assert_int_equal(item->InstanceIndex, 1);
  assert_int_equal(item->ItemId, 7);
  assert_int_equal(item->SizeDataItem, sizeof value);
  assert_int_equal(item->OffsetInstanceName, sizeof(WNODE_SINGLE_ITEM));
  assert_int_equal(item->DataBlockOffset % 8, 0);
  assert_memory_equal(s->wnode + item->DataBlockOffset, &value, sizeof value);
  assert_int_equal(header->BufferSize, item->DataBlockOffset + sizeof value);
}

static void test_execute_method_is_preceded_by_a_query_and_carries_its_input(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block = open_block(f, &STATIC_GUID);
  LONG before = recorder.count;
  ULONG in[2] = {5, 6}, out = 0, out_size = 64;
  ULONG io[16] = {5, 6};
  assert_int_equal(wmisim_wmi_execute_method(block, "ROOT\\WMIRAW\\0000_1", 3, sizeof in, io, &out_size, io),
                   STATUS_SUCCESS);
  out = io[0];
  wmisim_wmi_close(block);
  assert_int_equal(recorder.count - before, 2);
  assert_int_equal(recorder.order[before], IRP_MN_QUERY_SINGLE_INSTANCE);
  assert_int_equal(recorder.order[before + 1], IRP_MN_EXECUTE_METHOD);
  const WNODE_HEADER *header = assert_request(f, IRP_MN_EXECUTE_METHOD, &STATIC_GUID);
  const struct seen *s = &recorder.seen[IRP_MN_EXECUTE_METHOD];
  const WNODE_METHOD_ITEM *method = (const WNODE_METHOD_ITEM *)s->wnode;
  assert_int_equal(header->Flags,
                   WNODE_FLAG_METHOD_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES | WNODE_FLAG_PDO_INSTANCE_NAMES);
  assert_int_equal(method->InstanceIndex, 1);
  assert_int_equal(method->MethodId, 3);
  assert_int_equal(method->SizeDataBlock, sizeof in);
  assert_int_equal(method->OffsetInstanceName, sizeof(WNODE_METHOD_ITEM));
  assert_int_equal(method->DataBlockOffset % 8, 0);
  assert_memory_equal(s->wnode + method->DataBlockOffset, in, sizeof in);
  /* The header holds the input's size; the IRP the room for the output. */
  assert_int_equal(header->BufferSize, method->DataBlockOffset + sizeof in);
  assert_true(s->buffer_size >= method->DataBlockOffset + 64);
  assert_int_equal(out_size, sizeof out);
  assert_int_equal(out, 0x77);
}

static void on_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  (void)context;
  (void)event;
  (void)lost;
}

static void test_enable_events_and_disable_events_input(void **state) {
  struct fixture *f = *state;
  wmisim_subscription_t *subscription;
  assert_int_equal(wmisim_wmi_subscribe(f->sim, &TRACED_GUID, on_event, NULL, &subscription), STATUS_SUCCESS);
  const WNODE_HEADER *header = assert_request(f, IRP_MN_ENABLE_EVENTS, &TRACED_GUID);
  const struct seen *s = &recorder.seen[IRP_MN_ENABLE_EVENTS];
  assert_int_equal(s->buffer_size, sizeof(WNODE_HEADER));
  assert_int_equal(header->BufferSize, sizeof(WNODE_HEADER));
  assert_int_equal(header->Flags, WNODE_FLAG_TRACED_GUID);
  wmisim_wmi_unsubscribe(subscription);
  header = assert_request(f, IRP_MN_DISABLE_EVENTS, &TRACED_GUID);
  assert_int_equal(header->BufferSize, sizeof(WNODE_HEADER));
}

static void test_enable_collection_and_disable_collection_input(void **state) {
  struct fixture *f = *state;
  wmisim_block_t *block = open_block(f, &EXPENSIVE_GUID);
  const WNODE_HEADER *header = assert_request(f, IRP_MN_ENABLE_COLLECTION, &EXPENSIVE_GUID);
  assert_int_equal(recorder.seen[IRP_MN_ENABLE_COLLECTION].buffer_size, sizeof(WNODE_HEADER));
  assert_int_equal(header->BufferSize, sizeof(WNODE_HEADER));
  assert_int_equal(header->Flags, 0);
  assert_false(recorder.seen[IRP_MN_DISABLE_COLLECTION].valid);
  wmisim_wmi_close(block);
  assert_request(f, IRP_MN_DISABLE_COLLECTION, &EXPENSIVE_GUID);
}

static void test_every_request_arrives_with_status_not_supported(void **state) {
  struct fixture *f = *state;
  test_query_all_data_input_wnode(state);
  test_change_single_item_input_wnode(state);
  test_execute_method_is_preceded_by_a_query_and_carries_its_input(state);
  test_enable_collection_and_disable_collection_input(state);
  for (int minor = 0; minor < 16; minor++)
    if (recorder.seen[minor].valid) assert_int_equal(recorder.seen[minor].status, STATUS_NOT_SUPPORTED);
  (void)f;
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_reginfo_request_carries_wmiregister_and_the_device, setup, teardown),
    cmocka_unit_test_setup_teardown(test_requests_go_to_the_top_of_the_stack_addressed_to_the_provider, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_query_all_data_input_wnode, setup, teardown),
    cmocka_unit_test_setup_teardown(test_query_all_data_of_a_dynamic_block_has_no_static_flags, setup, teardown),
    cmocka_unit_test_setup_teardown(test_query_single_instance_input_wnode_for_a_static_name, setup, teardown),
    cmocka_unit_test_setup_teardown(test_query_single_instance_input_wnode_for_a_dynamic_name, setup, teardown),
    cmocka_unit_test_setup_teardown(test_change_single_instance_input_wnode, setup, teardown),
    cmocka_unit_test_setup_teardown(test_change_single_item_input_wnode, setup, teardown),
    cmocka_unit_test_setup_teardown(test_execute_method_is_preceded_by_a_query_and_carries_its_input, setup, teardown),
    cmocka_unit_test_setup_teardown(test_enable_events_and_disable_events_input, setup, teardown),
    cmocka_unit_test_setup_teardown(test_enable_collection_and_disable_collection_input, setup, teardown),
    cmocka_unit_test_setup_teardown(test_every_request_arrives_with_status_not_supported, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
