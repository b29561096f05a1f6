/*
 * test_nowmilib.c - the nowmilib example driver, which handles
 * IRP_MJ_SYSTEM_CONTROL without WMILIB: its own registration (dynamic
 * names, the size probe), instances that appear and disappear with the
 * channels applications open, queries and sets by dynamic name, the
 * WNODE_TOO_SMALL it answers when WMI's buffer is short, and requests for
 * another device passed down. Some tests send a WMI IRP by hand, as WMI
 * would, to see the driver's answer before WMI interprets it.
 */
#include "example_test.h"

#include "nowmilib.h"
#include "nowmilibwmi.h"

DRIVER_INITIALIZE DriverEntry;

#define BOARD "ROOT\\DAQBOARD\\0000"

struct fixture {
  wmisim_t *sim;
  wmisim_driver_t *driver;
  wmisim_devnode_t *node;
  wmisim_block_t *block; /* DaqBoard_Channel, to query and set */
};

static struct fixture start(void) {
  struct fixture f;
  f.sim = ex_sim_create();
  f.driver = ex_driver(f.sim, "nowmilib", DriverEntry);
  f.node = ex_device(f.sim, f.driver, BOARD);
  f.block = ex_open(f.sim, &DaqBoard_Channel_GUID, WMIGUID_QUERY | WMIGUID_SET);
  return f;
}

static void finish(struct fixture *f) {
  wmisim_wmi_close(f->block);
  wmisim_destroy(f->sim);
  assert_no_violations();
}

/* ---- an application's view: the IOCTLs ------------------------------------------------------------- */

static NTSTATUS ioctl(wmisim_devnode_t *node, ULONG code, ULONG value, PULONG result) {
  KEVENT done;
  IO_STATUS_BLOCK iosb = {0};
  ULONG buffer = value;
  KeInitializeEvent(&done, NotificationEvent, FALSE);
  PDEVICE_OBJECT top = wmisim_device_top(node);
  PIRP irp = IoBuildDeviceIoControlRequest(code, top, &buffer, sizeof buffer, &buffer, result != NULL ? sizeof buffer : 0,
                                           FALSE, &done, &iosb);
  assert_non_null(irp);
  if (IoCallDriver(top, irp) == STATUS_PENDING) KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
  if (result != NULL) *result = buffer;
  return iosb.Status;
}

/* Opens a channel on `input`; returns its instance name in `name`. */
static ULONG open_channel(wmisim_devnode_t *node, ULONG input, char name[32]) {
  ULONG id = 0;
  assert_int_equal(ioctl(node, IOCTL_DAQ_OPEN_CHANNEL, input, &id), STATUS_SUCCESS);
  if (name != NULL) snprintf(name, 32, "Channel%lu", (unsigned long)id);
  return id;
}

static DaqBoard_Channel query_channel(struct fixture *f, const char *name) {
  DaqBoard_Channel channel;
  ex_query_single(f->block, name, &channel, DaqBoard_Channel_SIZE);
  return channel;
}

/* ---- WMI's view: an IRP sent by hand ---------------------------------------------------------------- */

static NTSTATUS NTAPI stop_completion(PDEVICE_OBJECT device, PIRP irp, PVOID context) {
  (void)device;
  (void)irp;
  KeSetEvent(context, IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED; /* the IRP is the test's again */
}

/* Sends an IRP_MJ_SYSTEM_CONTROL request to the top of the board's stack,
 * built as WMI builds it (status preset to STATUS_NOT_SUPPORTED). */
static NTSTATUS send_wmi(wmisim_devnode_t *node, UCHAR minor, PDEVICE_OBJECT provider, PVOID data_path, PVOID buffer,
                         ULONG size, ULONG_PTR *information) {
  PDEVICE_OBJECT top = wmisim_device_top(node);
  PIRP irp = IoAllocateIrp(top->StackSize, FALSE);
  assert_non_null(irp);
  irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
  PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
  stack->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
  stack->MinorFunction = minor;
  stack->Parameters.WMI.ProviderId = (ULONG_PTR)provider;
  stack->Parameters.WMI.DataPath = data_path;
  stack->Parameters.WMI.BufferSize = size;
  stack->Parameters.WMI.Buffer = buffer;
  KEVENT done;
  KeInitializeEvent(&done, NotificationEvent, FALSE);
  IoSetCompletionRoutine(irp, stop_completion, &done, TRUE, TRUE, TRUE);
  if (IoCallDriver(top, irp) == STATUS_PENDING) KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
  NTSTATUS status = irp->IoStatus.Status;
  *information = irp->IoStatus.Information;
  IoFreeIrp(irp);
  return status;
}

static PDEVICE_OBJECT board_fdo(struct fixture *f) {
  return wmisim_device_pdo(f->node)->AttachedDevice;
}

/* ---- counting the requests WMI sends --------------------------------------------------------------- */

struct sent {
  volatile LONG query_all;
};

static void count_sent(void *context, const wmisim_trace_event_t *event) {
  struct sent *sent = context;
  if (event->kind == WMISIM_TRACE_IRP_SENT && event->major == IRP_MJ_SYSTEM_CONTROL &&
      event->minor == IRP_MN_QUERY_ALL_DATA && event->depth == 1)
    InterlockedIncrement(&sent->query_all);
}

/* ---- registration ------------------------------------------------------------------------------------ */

static void test_the_block_is_registered_with_dynamic_names_and_no_static_instance(void **state) {
  (void)state;
  struct fixture f = start();
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f.sim, &DaqBoard_Channel_GUID, &info), STATUS_SUCCESS);
  assert_true(info.dynamic_names);
  assert_int_equal(info.instance_count, 0);
  assert_string_equal(info.mof_resource, "nowmilib");
  finish(&f);
}

static void test_a_short_reginfo_buffer_gets_the_size_needed_in_its_first_ulong(void **state) {
  (void)state;
  struct fixture f = start();
  ULONG buffer[2] = {0, 0};
  ULONG_PTR information = 0;
  assert_int_equal(send_wmi(f.node, IRP_MN_REGINFO_EX, board_fdo(&f), (PVOID)WMIREGISTER, buffer, sizeof buffer,
                            &information),
                   STATUS_SUCCESS);
  assert_int_equal(information, sizeof(ULONG));
  /* The header, one WMIREGGUID, "nowmilib" and the registry path, counted. */
  const char *path = "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\nowmilib";
  assert_int_equal(buffer[0], FIELD_OFFSET(WMIREGINFOW, WmiRegGuid) + sizeof(WMIREGGUIDW) + 2 + 2 * strlen("nowmilib") +
                                  2 + 2 * strlen(path));
  finish(&f);
}

/* ---- instances that come and go ---------------------------------------------------------------------- */

static void test_without_open_channels_there_is_no_instance(void **state) {
  (void)state;
  struct fixture f = start();
  unsigned char buffer[512];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_all(f.block, &size, buffer), STATUS_SUCCESS);
  assert_int_equal(wmisim_wnode_count(buffer, size), 0);
  finish(&f);
}

static void test_every_open_channel_is_an_instance_named_by_the_driver(void **state) {
  (void)state;
  struct fixture f = start();
  char first[32], second[32];
  ULONG id = open_channel(f.node, 3, first);
  assert_int_equal(open_channel(f.node, 7, second), id + 1); /* IoWMIAllocateInstanceIds counts on */
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_all(f.block, &size, buffer), STATUS_SUCCESS);
  const WNODE_ALL_DATA *all = (const WNODE_ALL_DATA *)buffer;
  assert_false(all->WnodeHeader.Flags & WNODE_FLAG_STATIC_INSTANCE_NAMES);
  assert_true(all->WnodeHeader.Flags & WNODE_FLAG_FIXED_INSTANCE_SIZE);
  assert_int_equal(all->FixedInstanceSize, DaqBoard_Channel_SIZE);
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, size, second, &instance));
  DaqBoard_Channel channel;
  memcpy(&channel, instance.data, sizeof channel);
  assert_int_equal(channel.Input, 7);
  assert_int_equal(channel.SampleRate, DAQ_DEFAULT_SAMPLE_RATE);
  struct ex_decoded decoded = ex_decode(buffer, size);
  assert_int_equal(decoded.data->instance_count, 2);
  assert_string_equal(decoded.data->instances[0].instance_name, first);
  assert_int_equal(ex_property(decoded.data->instances[0].object, "Input")->u.uint, 3);
  ex_decoded_free(&decoded);
  finish(&f);
}

static void test_two_boards_never_name_two_channels_alike(void **state) {
  (void)state;
  struct fixture f = start();
  wmisim_devnode_t *other = ex_device(f.sim, f.driver, "ROOT\\DAQBOARD\\0001");
  ULONG a = open_channel(f.node, 0, NULL);
  ULONG b = open_channel(other, 0, NULL);
  assert_int_not_equal(a, b);
  unsigned char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_all(f.block, &size, buffer), STATUS_SUCCESS);
  assert_int_equal(wmisim_wnode_count(buffer, size), 2); /* one WNODE_ALL_DATA per board, chained */
  finish(&f);
}

static void test_query_single_finds_a_channel_by_its_dynamic_name(void **state) {
  (void)state;
  struct fixture f = start();
  char name[32];
  open_channel(f.node, 1, NULL);
  open_channel(f.node, 12, name);
  assert_int_equal(query_channel(&f, name).Input, 12);
  finish(&f);
}

static void test_a_closed_channel_is_no_longer_an_instance(void **state) {
  (void)state;
  struct fixture f = start();
  char name[32];
  ULONG id = open_channel(f.node, 5, name);
  assert_int_equal(ioctl(f.node, IOCTL_DAQ_CLOSE_CHANNEL, id, NULL), STATUS_SUCCESS);
  unsigned char buffer[512];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(f.block, name, &size, buffer), STATUS_WMI_INSTANCE_NOT_FOUND);
  finish(&f);
}

static void test_query_all_grows_its_buffer_after_the_driver_answers_wnode_too_small(void **state) {
  (void)state;
  struct fixture f = start();
  for (ULONG i = 0; i < 40; i++) open_channel(f.node, i % DAQ_INPUT_COUNT, NULL);
  struct sent sent = {0};
  wmisim_trace_subscription_t *subscription = NULL;
  assert_int_equal(wmisim_trace_subscribe(f.sim, count_sent, &sent, &subscription), STATUS_SUCCESS);
  unsigned char buffer[8192];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_all(f.block, &size, buffer), STATUS_SUCCESS);
  wmisim_trace_unsubscribe(subscription);
  /* WMI's first buffer (1 KB) is too small for 40 channels: asked twice. */
  assert_int_equal(sent.query_all, 2);
  assert_int_equal(wmisim_wnode_count(buffer, size), 40);
  finish(&f);
}

static void test_a_buffer_too_small_even_for_wnode_too_small_fails(void **state) {
  (void)state;
  struct fixture f = start();
  unsigned char wnode[sizeof(WNODE_TOO_SMALL) - 4];
  memset(wnode, 0, sizeof wnode);
  ULONG_PTR information = 1;
  GUID guid = DaqBoard_Channel_GUID;
  assert_int_equal(send_wmi(f.node, IRP_MN_QUERY_ALL_DATA, board_fdo(&f), &guid, wnode, sizeof wnode, &information),
                   STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(information, 0);
  finish(&f);
}

/* ---- sets by dynamic name ---------------------------------------------------------------------------- */

static void test_set_item_changes_the_sample_rate(void **state) {
  (void)state;
  struct fixture f = start();
  char name[32];
  open_channel(f.node, 2, name);
  ULONG rate = 48000;
  assert_int_equal(wmisim_wmi_set_item(f.block, name, DaqBoard_Channel_SampleRate_ID, sizeof rate, &rate),
                   STATUS_SUCCESS);
  assert_int_equal(query_channel(&f, name).SampleRate, 48000);
  finish(&f);
}

static void test_set_item_of_the_input_is_read_only(void **state) {
  (void)state;
  struct fixture f = start();
  char name[32];
  open_channel(f.node, 2, name);
  ULONG input = 9;
  assert_int_equal(wmisim_wmi_set_item(f.block, name, DaqBoard_Channel_Input_ID, sizeof input, &input),
                   STATUS_WMI_READ_ONLY);
  assert_int_equal(query_channel(&f, name).Input, 2);
  finish(&f);
}

static void test_set_instance_changes_the_sample_rate_only(void **state) {
  (void)state;
  struct fixture f = start();
  char name[32];
  open_channel(f.node, 4, name);
  DaqBoard_Channel wanted = {.Input = 15, .SampleRate = 250, .Overruns = 99};
  assert_int_equal(wmisim_wmi_set_single(f.block, name, DaqBoard_Channel_SIZE, &wanted), STATUS_SUCCESS);
  DaqBoard_Channel channel = query_channel(&f, name);
  assert_int_equal(channel.SampleRate, 250);
  assert_int_equal(channel.Input, 4);
  assert_int_equal(channel.Overruns, 0);
  finish(&f);
}

static void test_an_out_of_range_sample_rate_is_refused(void **state) {
  (void)state;
  struct fixture f = start();
  char name[32];
  open_channel(f.node, 4, name);
  ULONG rate = 0;
  assert_int_equal(wmisim_wmi_set_item(f.block, name, DaqBoard_Channel_SampleRate_ID, sizeof rate, &rate),
                   STATUS_INVALID_PARAMETER);
  finish(&f);
}

/* ---- what is not its own ------------------------------------------------------------------------------ */

static void test_a_request_for_another_device_is_passed_down_untouched(void **state) {
  (void)state;
  struct fixture f = start();
  unsigned char wnode[256];
  memset(wnode, 0, sizeof wnode);
  ULONG_PTR information = 1;
  GUID guid = DaqBoard_Channel_GUID;
  /* Addressed to the PDO below: the driver forwards it, and the bus
   * driver leaves WMI's preset status. */
  assert_int_equal(send_wmi(f.node, IRP_MN_QUERY_ALL_DATA, wmisim_device_pdo(f.node), &guid, wnode, sizeof wnode,
                            &information),
                   STATUS_NOT_SUPPORTED);
  assert_int_equal(((WNODE_HEADER *)wnode)->BufferSize, 0); /* the driver wrote nothing */
  finish(&f);
}

static void test_a_request_for_an_unknown_guid_is_guid_not_found(void **state) {
  (void)state;
  struct fixture f = start();
  unsigned char wnode[256];
  memset(wnode, 0, sizeof wnode);
  ULONG_PTR information = 0;
  GUID other = DaqBoard_Channel_GUID;
  other.Data1 ^= 1;
  assert_int_equal(send_wmi(f.node, IRP_MN_QUERY_ALL_DATA, board_fdo(&f), &other, wnode, sizeof wnode, &information),
                   STATUS_WMI_GUID_NOT_FOUND);
  finish(&f);
}

/* ---- removal ------------------------------------------------------------------------------------------- */

static void test_surprise_removal_with_open_channels_leaves_wmi_and_frees_them(void **state) {
  (void)state;
  struct fixture f = start();
  char name[32];
  open_channel(f.node, 1, name);
  open_channel(f.node, 2, NULL);
  assert_int_equal(wmisim_device_surprise_removal(f.node), STATUS_SUCCESS);
  unsigned char buffer[512];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(f.block, name, &size, buffer), STATUS_WMI_GUID_NOT_FOUND);
  assert_int_equal(ioctl(f.node, IOCTL_DAQ_OPEN_CHANNEL, 0, NULL), STATUS_DEVICE_NOT_READY);
  assert_int_equal(wmisim_device_remove_after_surprise(f.node), STATUS_SUCCESS);
  finish(&f); /* the channels' pool is freed: no leak at unload */
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_the_block_is_registered_with_dynamic_names_and_no_static_instance),
    cmocka_unit_test(test_a_short_reginfo_buffer_gets_the_size_needed_in_its_first_ulong),
    cmocka_unit_test(test_without_open_channels_there_is_no_instance),
    cmocka_unit_test(test_every_open_channel_is_an_instance_named_by_the_driver),
    cmocka_unit_test(test_two_boards_never_name_two_channels_alike),
    cmocka_unit_test(test_query_single_finds_a_channel_by_its_dynamic_name),
    cmocka_unit_test(test_a_closed_channel_is_no_longer_an_instance),
    cmocka_unit_test(test_query_all_grows_its_buffer_after_the_driver_answers_wnode_too_small),
    cmocka_unit_test(test_a_buffer_too_small_even_for_wnode_too_small_fails),
    cmocka_unit_test(test_set_item_changes_the_sample_rate),
    cmocka_unit_test(test_set_item_of_the_input_is_read_only),
    cmocka_unit_test(test_set_instance_changes_the_sample_rate_only),
    cmocka_unit_test(test_an_out_of_range_sample_rate_is_refused),
    cmocka_unit_test(test_a_request_for_another_device_is_passed_down_untouched),
    cmocka_unit_test(test_a_request_for_an_unknown_guid_is_guid_not_found),
    cmocka_unit_test(test_surprise_removal_with_open_channels_leaves_wmi_and_frees_them),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
