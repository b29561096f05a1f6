/*
 * test_wmi_returned_wnodes.c - every WNODE a driver returns is checked, never
 * trusted: a raw provider builds a correct answer and each test breaks it
 * one way, expecting a WmiMalformedWnode report and STATUS_UNSUCCESSFUL for
 * the consumer. Also WNODE_TOO_SMALL: growth, its bound, its own checks;
 * writes past Parameters.WMI.BufferSize (guard bytes); and the
 * buffer-too-small protocol of the consumer API.
 */
#include "wmi_test.h"

static const GUID STATIC_GUID = {0x6a2b3c4d, 0x3333, 0x4c4c, {0xa0, 0x03, 0, 0, 0, 0, 0, 0x01}};
static const GUID DYNAMIC_GUID = {0x6a2b3c4d, 0x3333, 0x4c4c, {0xa0, 0x03, 0, 0, 0, 0, 0, 0x02}};

#define ALIGN8(x) (((x) + 7u) & ~7u)
#define HEADER_END ((ULONG)FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength))

/* Breaks the correct answer in place; may change Information. */
typedef void (*mutate_fn)(UCHAR minor, unsigned char *wnode, ULONG buffer_size, ULONG_PTR *information);

struct provider {
  PDEVICE_OBJECT pdo;
  mutate_fn mutate;
  ULONG too_small_needed;    /* nonzero: answer WNODE_TOO_SMALL asking this much ... */
  bool too_small_forever;    /* ... or always 8 bytes more than the buffer had */
  ULONG overrun;             /* bytes written past Parameters.WMI.BufferSize */
  LONG requests;             /* data requests seen */
  ULONG sizes[16];           /* their Parameters.WMI.BufferSize */
  unsigned char reginfo[512];
  ULONG reginfo_size;
};

static struct provider provider;

/* Two instances: 4 and 12 bytes; dynamic blocks name them "DynA", "DynB". */
static ULONG build_all_data(unsigned char *wnode, bool dynamic) {
  PWNODE_ALL_DATA all = (PWNODE_ALL_DATA)wnode;
  all->InstanceCount = 2;
  all->WnodeHeader.Flags &= ~(ULONG)WNODE_FLAG_FIXED_INSTANCE_SIZE;
  ULONG at = ALIGN8(HEADER_END + 2 * (ULONG)sizeof(OFFSETINSTANCEDATAANDLENGTH));
  all->DataBlockOffset = at;
  all->OffsetInstanceDataAndLength[0] = (OFFSETINSTANCEDATAANDLENGTH){at, 4};
  all->OffsetInstanceDataAndLength[1] = (OFFSETINSTANCEDATAANDLENGTH){at + 8, 12};
  memset(wnode + at, 0x11, 4);
  memset(wnode + at + 8, 0x22, 12);
  ULONG end = at + 20;
  if (dynamic) {
    ULONG offsets_at = ALIGN8(end);
    ULONG names_at = offsets_at + 8;
    ULONG offsets[2] = {names_at, names_at + 10};
    memcpy(wnode + offsets_at, offsets, sizeof offsets);
    all->OffsetInstanceNameOffsets = offsets_at;
    for (int i = 0; i < 2; i++) {
      USHORT bytes = 8;
      WCHAR name[4] = {'D', 'y', 'n', (WCHAR)('A' + i)};
      memcpy(wnode + offsets[i], &bytes, 2);
      memcpy(wnode + offsets[i] + 2, name, 8);
    }
    end = names_at + 20;
  }
  all->WnodeHeader.BufferSize = end;
  return end;
}

static ULONG build_single(unsigned char *wnode) {
  PWNODE_SINGLE_INSTANCE single = (PWNODE_SINGLE_INSTANCE)wnode;
  memset(wnode + single->DataBlockOffset, 0x33, 8);
  single->SizeDataBlock = 8;
  single->WnodeHeader.BufferSize = single->DataBlockOffset + 8;
  return single->WnodeHeader.BufferSize;
}

static ULONG build_method(unsigned char *wnode) {
  PWNODE_METHOD_ITEM method = (PWNODE_METHOD_ITEM)wnode;
  memset(wnode + method->DataBlockOffset, 0x44, 4);
  method->SizeDataBlock = 4;
  method->WnodeHeader.BufferSize = method->DataBlockOffset + 4;
  return method->WnodeHeader.BufferSize;
}

static NTSTATUS answer_too_small(PIRP irp, unsigned char *wnode, ULONG needed) {
  PWNODE_TOO_SMALL small = (PWNODE_TOO_SMALL)wnode;
  small->WnodeHeader.BufferSize = sizeof *small;
  small->WnodeHeader.Flags = WNODE_FLAG_TOO_SMALL;
  small->SizeNeeded = needed;
  return raw_complete(irp, STATUS_SUCCESS, sizeof *small);
}

static NTSTATUS NTAPI answer(PDEVICE_OBJECT device, PIRP irp, void *context) {
  (void)device;
  (void)context;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  UCHAR minor = stack->MinorFunction;
  unsigned char *wnode = stack->Parameters.WMI.Buffer;
  ULONG size = stack->Parameters.WMI.BufferSize;
  if (minor == IRP_MN_REGINFO_EX || minor == IRP_MN_REGINFO) {
    if (minor == IRP_MN_REGINFO_EX && size >= provider.reginfo_size) ObReferenceObject(provider.pdo);
    return raw_answer_reginfo(irp, provider.reginfo, provider.reginfo_size);
  }
  if (provider.requests < 16) provider.sizes[provider.requests] = size;
  provider.requests++;
  if (provider.too_small_forever) return answer_too_small(irp, wnode, size + 8);
  if (provider.too_small_needed > size) return answer_too_small(irp, wnode, provider.too_small_needed);
  ULONG used;
  switch (minor) {
  case IRP_MN_QUERY_ALL_DATA: used = build_all_data(wnode, IsEqualGUID(stack->Parameters.WMI.DataPath, &DYNAMIC_GUID)); break;
  case IRP_MN_QUERY_SINGLE_INSTANCE: used = build_single(wnode); break;
  case IRP_MN_EXECUTE_METHOD: used = build_method(wnode); break;
  default: return raw_complete(irp, STATUS_SUCCESS, 0);
  }
  ULONG_PTR information = used;
  if (provider.mutate != NULL) provider.mutate(minor, wnode, size, &information);
  if (provider.overrun != 0) memset(wnode + size, 0x5A, provider.overrun);
  return raw_complete(irp, STATUS_SUCCESS, information);
}

static void build_reginfo(PDEVICE_OBJECT pdo) {
  WMIREGINFOW *info = (WMIREGINFOW *)provider.reginfo;
  info->GuidCount = 2;
  info->WmiRegGuid[0] = (WMIREGGUIDW){STATIC_GUID, WMIREG_FLAG_INSTANCE_PDO, 2, {0}};
  info->WmiRegGuid[0].Pdo = (ULONG_PTR)pdo;
  info->WmiRegGuid[1] = (WMIREGGUIDW){DYNAMIC_GUID, 0, 0, {0}};
  info->BufferSize = provider.reginfo_size = (ULONG)(sizeof(WMIREGINFOW) + 2 * sizeof(WMIREGGUIDW));
}

struct fixture {
  wmisim_t *sim;
  wmisim_block_t *stat;
  wmisim_block_t *dyn;
};

static struct fixture fixture;

static int setup(void **state) {
  memset(&provider, 0, sizeof provider);
  raw_driver_reset();
  raw_driver_config.system_control = answer;
  raw_driver_config.register_at_start = false;
  wmisim_options_t options;
  wt_options(&options);
  options.max_wnode_retries = 4;
  fixture.sim = wt_sim_create_with(&options);
  wmisim_devnode_t *node = wt_raw_device(fixture.sim);
  provider.pdo = wmisim_device_pdo(node);
  build_reginfo(provider.pdo);
  assert_int_equal(IoWMIRegistrationControl(wt_fdo(node), WMIREG_ACTION_REGISTER), STATUS_SUCCESS);
  ULONG access = WMIGUID_QUERY | WMIGUID_EXECUTE;
  assert_int_equal(wmisim_wmi_open(fixture.sim, &STATIC_GUID, access, &fixture.stat), STATUS_SUCCESS);
  assert_int_equal(wmisim_wmi_open(fixture.sim, &DYNAMIC_GUID, access, &fixture.dyn), STATUS_SUCCESS);
  *state = &fixture;
  return 0;
}

static int teardown(void **state) {
  struct fixture *f = *state;
  wmisim_wmi_close(f->stat);
  wmisim_wmi_close(f->dyn);
  wmisim_destroy(f->sim);
  return 0;
}

static NTSTATUS query_all(wmisim_block_t *block) {
  unsigned char buffer[4096];
  ULONG size = sizeof buffer;
  return wmisim_wmi_query_all(block, &size, buffer);
}

static NTSTATUS query_single(wmisim_block_t *block, const char *name) {
  unsigned char buffer[4096];
  ULONG size = sizeof buffer;
  return wmisim_wmi_query_single(block, name, &size, buffer);
}

/* One WmiMalformedWnode whose message contains `what`. */
static void assert_malformed(NTSTATUS status, const char *what) {
  assert_int_equal(status, STATUS_UNSUCCESSFUL);
  assert_only_violations("WmiMalformedWnode", 1);
  const char *message = wt_violation_message("WmiMalformedWnode");
  if (strstr(message, what) == NULL) print_message("message: %s\n", message);
  assert_non_null(strstr(message, what));
  assert_non_null(strstr(message, "wmiraw"));
}

/* ---- well-formed answers pass ------------------------------------------------------------------ */

static void test_correct_answers_reach_the_consumer(void **state) {
  struct fixture *f = *state;
  unsigned char buffer[4096];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_all(f->dyn, &size, buffer), STATUS_SUCCESS);
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, size, "DynB", &instance));
  assert_int_equal(instance.size, 12);
  size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_all(f->stat, &size, buffer), STATUS_SUCCESS);
  assert_true(wmisim_wnode_find(buffer, size, "ROOT\\WMIRAW\\0000_1", &instance));
  assert_int_equal(query_single(f->stat, "ROOT\\WMIRAW\\0000_0"), STATUS_SUCCESS);
  assert_no_violations();
}

/* ---- the header ------------------------------------------------------------------------------ */

static void information_too_short(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)wnode, (void)size;
  *information = 8;
}

static void test_information_shorter_than_a_header_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = information_too_short;
  assert_malformed(query_all(f->stat), "less than a WNODE_HEADER");
}

static void information_past_the_buffer(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)wnode;
  *information = size + 100;
}

static void test_information_past_the_buffer_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = information_past_the_buffer;
  /* The I/O manager's Driver Verifier 0x312 rule reports it; WMI does not use the answer. */
  assert_int_equal(query_all(f->stat), STATUS_UNSUCCESSFUL);
  assert_only_violations("InformationTooLarge", 1);
}

static void buffer_size_past_information(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size;
  ((PWNODE_HEADER)wnode)->BufferSize = (ULONG)*information + 16;
}

static void test_buffer_size_beyond_information_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = buffer_size_past_information;
  assert_malformed(query_single(f->stat, "ROOT\\WMIRAW\\0000_1"), "WnodeHeader.BufferSize");
}

/* ---- WNODE_ALL_DATA ------------------------------------------------------------------------------ */

static void all_data_too_short(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size;
  ((PWNODE_HEADER)wnode)->BufferSize = 50;
  *information = 50;
}

static void test_all_data_shorter_than_its_header_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = all_data_too_short;
  assert_malformed(query_all(f->dyn), "shorter than its");
}

static void array_past_the_end(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  ((PWNODE_ALL_DATA)wnode)->InstanceCount = 0x20000000u;
}

static void test_offset_array_past_the_end_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = array_past_the_end;
  assert_malformed(query_all(f->dyn), "OffsetInstanceDataAndLength array");
}

static void data_outside(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  ((PWNODE_ALL_DATA)wnode)->OffsetInstanceDataAndLength[1].LengthInstanceData = 0x1000;
}

static void test_instance_data_outside_the_wnode_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = data_outside;
  assert_malformed(query_all(f->stat), "outside the WNODE");
}

static void data_misaligned(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  ((PWNODE_ALL_DATA)wnode)->OffsetInstanceDataAndLength[1].OffsetInstanceData += 4;
  ((PWNODE_ALL_DATA)wnode)->OffsetInstanceDataAndLength[1].LengthInstanceData = 4;
}

static void test_misaligned_instance_data_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = data_misaligned;
  assert_malformed(query_all(f->stat), "not 8-byte aligned");
}

static void data_over_the_header(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  ((PWNODE_ALL_DATA)wnode)->OffsetInstanceDataAndLength[0].OffsetInstanceData = 8;
}

static void test_instance_data_over_the_header_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = data_over_the_header;
  assert_malformed(query_all(f->stat), "overlaps the header");
}

static void fixed_misaligned(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  PWNODE_ALL_DATA all = (PWNODE_ALL_DATA)wnode;
  all->WnodeHeader.Flags |= WNODE_FLAG_FIXED_INSTANCE_SIZE;
  all->FixedInstanceSize = 4;
  all->DataBlockOffset += 4;
}

static void test_fixed_size_data_misaligned_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = fixed_misaligned;
  assert_malformed(query_all(f->stat), "DataBlockOffset");
}

static void fixed_past_the_end(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  PWNODE_ALL_DATA all = (PWNODE_ALL_DATA)wnode;
  all->WnodeHeader.Flags |= WNODE_FLAG_FIXED_INSTANCE_SIZE;
  all->FixedInstanceSize = 400; /* FixedInstanceSize says more than OffsetInstanceDataAndLength did */
}

static void test_fixed_instance_size_past_the_end_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = fixed_past_the_end;
  assert_malformed(query_all(f->stat), "fixed-size instances end past");
}

static void more_static_instances(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  PWNODE_ALL_DATA all = (PWNODE_ALL_DATA)wnode;
  all->WnodeHeader.Flags |= WNODE_FLAG_FIXED_INSTANCE_SIZE;
  all->FixedInstanceSize = 0;
  all->InstanceCount = 3;
}

static void test_more_instances_than_registered_static_names_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = more_static_instances;
  assert_malformed(query_all(f->stat), "exceeds the 2 static instances");
}

static void names_missing(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  ((PWNODE_ALL_DATA)wnode)->OffsetInstanceNameOffsets = 0;
}

static void test_dynamic_block_without_names_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = names_missing;
  assert_malformed(query_all(f->dyn), "names none");
}

static void name_offsets_outside(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  ((PWNODE_ALL_DATA)wnode)->OffsetInstanceNameOffsets = 0xfffffff0u;
}

static void test_name_offsets_outside_the_wnode_are_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = name_offsets_outside;
  assert_malformed(query_all(f->dyn), "OffsetInstanceNameOffsets");
}

static ULONG *second_name_offset(unsigned char *wnode) {
  return (ULONG *)(wnode + ((PWNODE_ALL_DATA)wnode)->OffsetInstanceNameOffsets + sizeof(ULONG));
}

static void name_odd_offset(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  *second_name_offset(wnode) += 1;
}

static void test_misaligned_instance_name_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = name_odd_offset;
  assert_malformed(query_all(f->dyn), "instance name 1");
}

static void name_odd_length(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  USHORT odd = 7;
  memcpy(wnode + *second_name_offset(wnode), &odd, sizeof odd);
}

static void test_instance_name_with_an_odd_length_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = name_odd_length;
  assert_malformed(query_all(f->dyn), "odd or out-of-range length");
}

static void name_too_long(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  USHORT length = 600;
  memcpy(wnode + *second_name_offset(wnode), &length, sizeof length);
}

static void test_instance_name_running_past_the_wnode_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = name_too_long;
  assert_malformed(query_all(f->dyn), "odd or out-of-range length");
}

/* ---- WNODE_SINGLE_INSTANCE and WNODE_METHOD_ITEM ----------------------------------------------------- */

static void data_offset_moved(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)size, (void)information;
  if (minor == IRP_MN_QUERY_SINGLE_INSTANCE) ((PWNODE_SINGLE_INSTANCE)wnode)->DataBlockOffset += 8;
  if (minor == IRP_MN_EXECUTE_METHOD) ((PWNODE_METHOD_ITEM)wnode)->DataBlockOffset += 8;
}

static void test_single_instance_with_a_moved_data_offset_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = data_offset_moved;
  assert_malformed(query_single(f->stat, "ROOT\\WMIRAW\\0000_0"), "DataBlockOffset changed");
}

static void test_method_with_a_moved_data_offset_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = data_offset_moved;
  ULONG io[4] = {1}, out = sizeof io;
  /* The QUERY_SINGLE_INSTANCE before the method fails already. */
  assert_malformed(wmisim_wmi_execute_method(f->stat, "ROOT\\WMIRAW\\0000_0", 1, 4, io, &out, io),
                   "IRP_MN_QUERY_SINGLE_INSTANCE");
}

static void method_data_moved(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  if (minor == IRP_MN_EXECUTE_METHOD) data_offset_moved(minor, wnode, size, information);
}

static void test_method_output_with_a_moved_data_offset_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = method_data_moved;
  ULONG io[4] = {1}, out = sizeof io;
  assert_malformed(wmisim_wmi_execute_method(f->stat, "ROOT\\WMIRAW\\0000_0", 1, 4, io, &out, io),
                   "IRP_MN_EXECUTE_METHOD with a bad WNODE: DataBlockOffset changed");
}

static void single_data_too_big(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  ((PWNODE_SINGLE_INSTANCE)wnode)->SizeDataBlock = 0x10000;
}

static void test_single_instance_data_past_the_end_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = single_data_too_big;
  assert_malformed(query_single(f->stat, "ROOT\\WMIRAW\\0000_0"), "lies outside the WNODE");
}

static void single_name_outside(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size, (void)information;
  ((PWNODE_SINGLE_INSTANCE)wnode)->OffsetInstanceName = 0x7ffe;
}

static void test_single_instance_name_outside_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = single_name_outside;
  assert_malformed(query_single(f->dyn, "DynA"), "OffsetInstanceName");
}

/* ---- WNODE_TOO_SMALL ----------------------------------------------------------------------------- */

static void test_wnode_too_small_grows_the_buffer_and_asks_again(void **state) {
  struct fixture *f = *state;
  provider.too_small_needed = 5000;
  assert_int_equal(query_all(f->stat), STATUS_SUCCESS);
  assert_int_equal(provider.requests, 2);
  assert_true(provider.sizes[0] < 5000);
  assert_int_equal(provider.sizes[1], 5000);
  /* The next query starts with the size learned. */
  assert_int_equal(query_all(f->stat), STATUS_SUCCESS);
  assert_int_equal(provider.requests, 3);
  assert_int_equal(provider.sizes[2], 5000);
  assert_no_violations();
}

static void test_wnode_too_small_for_a_single_instance_grows_it(void **state) {
  struct fixture *f = *state;
  provider.too_small_needed = 3000;
  assert_int_equal(query_single(f->stat, "ROOT\\WMIRAW\\0000_1"), STATUS_SUCCESS);
  assert_int_equal(provider.sizes[1], 3000);
  assert_no_violations();
}

static void test_wnode_too_small_forever_stops_at_the_bound(void **state) {
  struct fixture *f = *state;
  provider.too_small_forever = true;
  assert_malformed(query_all(f->stat), "kept answering WNODE_TOO_SMALL");
  assert_int_equal(provider.requests, 5); /* the first request and max_wnode_retries (4) more */
}

static void too_small_short(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor, (void)size;
  PWNODE_TOO_SMALL small = (PWNODE_TOO_SMALL)wnode;
  small->WnodeHeader.Flags = WNODE_FLAG_TOO_SMALL;
  small->SizeNeeded = 9000;
  *information = sizeof(WNODE_HEADER);
}

static void test_wnode_too_small_shorter_than_its_structure_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = too_small_short;
  assert_malformed(query_all(f->stat), "WNODE_TOO_SMALL returned in 48 bytes");
}

static void too_small_asking_less(UCHAR minor, unsigned char *wnode, ULONG size, ULONG_PTR *information) {
  (void)minor;
  PWNODE_TOO_SMALL small = (PWNODE_TOO_SMALL)wnode;
  small->WnodeHeader.BufferSize = sizeof *small;
  small->WnodeHeader.Flags = WNODE_FLAG_TOO_SMALL;
  small->SizeNeeded = size;
  *information = sizeof *small;
}

static void test_wnode_too_small_asking_no_more_than_it_had_is_reported(void **state) {
  struct fixture *f = *state;
  provider.mutate = too_small_asking_less;
  assert_malformed(query_all(f->stat), "but the buffer already had");
}

static void test_wnode_too_small_asking_beyond_the_limit_is_reported(void **state) {
  struct fixture *f = *state;
  provider.too_small_needed = 0x7fffffffu;
  assert_malformed(query_all(f->stat), "more than 64 MB");
  assert_int_equal(provider.requests, 1);
}

/* ---- guard bytes --------------------------------------------------------------------------------- */

static void test_writing_past_the_buffer_is_reported_as_overrun(void **state) {
  struct fixture *f = *state;
  provider.overrun = 4;
  assert_int_equal(query_all(f->stat), STATUS_SUCCESS);
  assert_only_violations("WmiBufferOverrun", 1);
  assert_non_null(strstr(wt_violation_message("WmiBufferOverrun"), "IRP_MN_QUERY_ALL_DATA"));
  /* The guard was restored: the next request is clean. */
  provider.overrun = 0;
  assert_int_equal(query_all(f->stat), STATUS_SUCCESS);
  assert_only_violations("WmiBufferOverrun", 1);
}

/* ---- the consumer's buffer-too-small protocol -------------------------------------------------------- */

static void test_consumer_buffer_too_small_or_null_gets_the_size_needed(void **state) {
  struct fixture *f = *state;
  unsigned char buffer[4096];
  ULONG size = 0;
  assert_int_equal(wmisim_wmi_query_all(f->dyn, &size, NULL), STATUS_BUFFER_TOO_SMALL);
  ULONG needed = size;
  assert_true(needed > sizeof(WNODE_ALL_DATA));
  size = needed - 1;
  assert_int_equal(wmisim_wmi_query_all(f->dyn, &size, buffer), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(size, needed);
  size = needed;
  assert_int_equal(wmisim_wmi_query_all(f->dyn, &size, buffer), STATUS_SUCCESS);
  assert_int_equal(size, needed);
  size = 10;
  assert_int_equal(wmisim_wmi_query_single(f->dyn, "DynA", &size, buffer), STATUS_BUFFER_TOO_SMALL);
  needed = size;
  assert_int_equal(wmisim_wmi_query_single(f->dyn, "DynA", &size, buffer), STATUS_SUCCESS);
  assert_int_equal(size, needed);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_correct_answers_reach_the_consumer, setup, teardown),
    cmocka_unit_test_setup_teardown(test_information_shorter_than_a_header_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_information_past_the_buffer_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_buffer_size_beyond_information_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_all_data_shorter_than_its_header_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_offset_array_past_the_end_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_instance_data_outside_the_wnode_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_misaligned_instance_data_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_instance_data_over_the_header_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_fixed_size_data_misaligned_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_fixed_instance_size_past_the_end_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_more_instances_than_registered_static_names_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_dynamic_block_without_names_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_name_offsets_outside_the_wnode_are_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_misaligned_instance_name_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_instance_name_with_an_odd_length_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_instance_name_running_past_the_wnode_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_single_instance_with_a_moved_data_offset_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_method_with_a_moved_data_offset_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_method_output_with_a_moved_data_offset_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_single_instance_data_past_the_end_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_single_instance_name_outside_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_wnode_too_small_grows_the_buffer_and_asks_again, setup, teardown),
    cmocka_unit_test_setup_teardown(test_wnode_too_small_for_a_single_instance_grows_it, setup, teardown),
    cmocka_unit_test_setup_teardown(test_wnode_too_small_forever_stops_at_the_bound, setup, teardown),
    cmocka_unit_test_setup_teardown(test_wnode_too_small_shorter_than_its_structure_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_wnode_too_small_asking_no_more_than_it_had_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_wnode_too_small_asking_beyond_the_limit_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_writing_past_the_buffer_is_reported_as_overrun, setup, teardown),
    cmocka_unit_test_setup_teardown(test_consumer_buffer_too_small_or_null_gets_the_size_needed, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
