/*
 * test_wmi_reginfo.c - the WMIREGINFO a driver returns for IRP_MN_REGINFO(_EX)
 * is read without trusting it: a raw driver answers with WMIREGINFOs built
 * here, well formed (chained, every instance-name kind, trace flags) and
 * malformed one way per test. A malformed answer fails the registration
 * with a WmiMalformedRegInfo diagnostic naming the driver, the field and
 * the offset.
 */
#include "wmi_test.h"

static const GUID RAW_GUID_A = {0x7d3a1c20, 0x1111, 0x4a4a, {0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01}};
static const GUID RAW_GUID_B = {0x7d3a1c20, 0x1111, 0x4a4a, {0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02}};
static const GUID RAW_GUID_C = {0x7d3a1c20, 0x1111, 0x4a4a, {0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03}};

/* What the raw driver answers to IRP_MN_REGINFO(_EX). */
struct answer {
  unsigned char bytes[8192];
  ULONG size;              /* bytes returned */
  bool no_ex;              /* IRP_MN_REGINFO_EX is not supported */
  ULONG probe_answer;      /* nonzero: every probe asks for this size ... */
  bool probe_grows;        /* ... or for 16 bytes more than the buffer had */
  NTSTATUS fail_with;      /* nonzero: REGINFO fails with this status */
  PDEVICE_OBJECT reference;/* referenced (ObReferenceObject) with each full answer ... */
  LONG references;         /* ... this many times (0: once) */
  LONG reginfo_irps;
  LONG reginfo_ex_irps;
  PDEVICE_OBJECT last_data_device; /* the device the last IRP other than REGINFO(_EX) reached */
};

static struct answer answer;

static NTSTATUS NTAPI answer_reginfo(PDEVICE_OBJECT device, PIRP irp, void *context) {
  struct answer *a = context;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  if (stack->MinorFunction == IRP_MN_REGINFO_EX) {
    a->reginfo_ex_irps++;
    if (a->no_ex) return raw_complete(irp, irp->IoStatus.Status, 0);
  } else if (stack->MinorFunction == IRP_MN_REGINFO) {
    a->reginfo_irps++;
  } else {
    a->last_data_device = device;
    return raw_complete(irp, STATUS_WMI_GUID_NOT_FOUND, 0);
  }
  if (a->fail_with != 0) return raw_complete(irp, a->fail_with, 0);
  if (a->probe_answer != 0 || a->probe_grows) {
    ULONG needed = a->probe_grows ? stack->Parameters.WMI.BufferSize + 16 : a->probe_answer;
    *(PULONG)stack->Parameters.WMI.Buffer = needed;
    return raw_complete(irp, STATUS_SUCCESS, sizeof(ULONG));
  }
  if (a->reference != NULL && stack->Parameters.WMI.BufferSize >= a->size)
    for (LONG i = 0; i < (a->references != 0 ? a->references : 1); i++) ObReferenceObject(a->reference);
  return raw_answer_reginfo(irp, a->bytes, a->size);
}

struct fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  PDEVICE_OBJECT device;
  PDEVICE_OBJECT pdo;
};

static struct fixture fixture;

static int setup(void **state) {
  memset(&answer, 0, sizeof answer);
  raw_driver_reset();
  raw_driver_config.system_control = answer_reginfo;
  raw_driver_config.context = &answer;
  raw_driver_config.register_at_start = false;
  fixture.sim = wt_sim_create();
  fixture.node = wt_raw_device(fixture.sim);
  fixture.device = wt_fdo(fixture.node);
  fixture.pdo = wmisim_device_pdo(fixture.node);
  *state = &fixture;
  return 0;
}

static int teardown(void **state) {
  struct fixture *f = *state;
  wmisim_destroy(f->sim);
  return 0;
}

/* ---- building WMIREGINFOs ---------------------------------------------------------------------- */

static WMIREGINFOW *info_at(ULONG at) {
  return (WMIREGINFOW *)(answer.bytes + at);
}

/* A counted string at `at`; returns the offset after it. */
static ULONG put_counted(ULONG at, const WCHAR *text) {
  USHORT bytes = 0;
  while (text[bytes / 2] != 0) bytes += 2;
  memcpy(answer.bytes + at, &bytes, sizeof bytes);
  memcpy(answer.bytes + at + 2, text, bytes);
  return at + 2 + bytes;
}

/* A WMIREGINFO at `at` with `count` GUIDs, registry path and MOF name after
 * the array; returns the offset after it (its BufferSize is set). */
static ULONG put_info(ULONG at, ULONG count) {
  WMIREGINFOW *info = info_at(at);
  info->GuidCount = count;
  ULONG end = (ULONG)(sizeof(WMIREGINFOW) + count * sizeof(WMIREGGUIDW));
  info->RegistryPath = end;
  end = put_counted(at + end, L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\wmiraw") - at;
  info->MofResourceName = end;
  end = put_counted(at + end, L"RawMof") - at;
  info->BufferSize = end;
  return at + end;
}

static WMIREGGUIDW *guid_at(ULONG at, ULONG index) {
  return &info_at(at)->WmiRegGuid[index];
}

/* One GUID with a LIST of two names: "First" and "Second". */
static void build_list(void) {
  ULONG end = put_info(0, 1);
  WMIREGGUIDW *g = guid_at(0, 0);
  g->Guid = RAW_GUID_A;
  g->Flags = WMIREG_FLAG_INSTANCE_LIST;
  g->InstanceCount = 2;
  g->InstanceNameList = end;
  end = put_counted(end, L"First");
  end = put_counted(end, L"Second");
  info_at(0)->BufferSize = end;
  answer.size = end;
}

/* "(at offset 0x..) is 0x.." as a diagnostic names a field and its value. */
static const char *field(size_t at, uint64_t value) {
  static char text[64];
  snprintf(text, sizeof text, "(at offset 0x%zx) is 0x%llx", at, (unsigned long long)value);
  return text;
}

#define GUID0_FIELD(member) (FIELD_OFFSET(WMIREGINFOW, WmiRegGuid) + FIELD_OFFSET(WMIREGGUIDW, member))

static NTSTATUS register_device(struct fixture *f) {
  return IoWMIRegistrationControl(f->device, WMIREG_ACTION_REGISTER);
}

static bool registered(struct fixture *f, const GUID *guid) {
  wmisim_guid_info_t info;
  return wmisim_wmi_guid_info(f->sim, guid, &info) == STATUS_SUCCESS;
}

/* The registration failed with one WmiMalformedRegInfo naming the driver,
 * `field` and `offset`. */
static void assert_rejected(struct fixture *f, const char *field, const char *offset) {
  assert_int_equal(register_device(f), STATUS_UNSUCCESSFUL);
  assert_false(registered(f, &RAW_GUID_A));
  assert_only_violations("WmiMalformedRegInfo", 1);
  const char *message = wt_violation_message("WmiMalformedRegInfo");
  if (strstr(message, "wmiraw") == NULL || strstr(message, field) == NULL || strstr(message, offset) == NULL)
    print_message("message: %s\n", message);
  assert_non_null(strstr(message, "wmiraw"));
  assert_non_null(strstr(message, field));
  assert_non_null(strstr(message, offset));
}

/* ---- well-formed answers ------------------------------------------------------------------------ */

static void test_list_names_are_registered_from_a_probed_answer(void **state) {
  struct fixture *f = *state;
  build_list();
  /* Make the answer larger than the first buffer so the probe is used. */
  WMIREGINFOW *info = info_at(0);
  info->BufferSize = answer.size = 600;
  assert_int_equal(register_device(f), STATUS_SUCCESS);
  assert_int_equal(answer.reginfo_ex_irps, 2);
  char names[4][32];
  assert_int_equal(wmisim_wmi_instance_names(f->sim, &RAW_GUID_A, names[0], 32, 4), 2);
  assert_string_equal(names[0], "First");
  assert_string_equal(names[1], "Second");
  wmisim_guid_info_t guid;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &RAW_GUID_A, &guid), STATUS_SUCCESS);
  assert_string_equal(guid.mof_resource, "RawMof");
  assert_no_violations();
}

/* Windows documents no rule for it (docs/fidelity.md WMI31a). */
static void test_an_instance_name_two_providers_list_goes_to_the_first_registered(void **state) {
  struct fixture *f = *state;
  build_list();
  assert_int_equal(register_device(f), STATUS_SUCCESS);
  wmisim_devnode_t *second = wt_device(f->sim, wmisim_driver_find(f->sim, "wmiraw"), "ROOT\\WMIRAW\\0001");
  assert_int_equal(IoWMIRegistrationControl(wt_fdo(second), WMIREG_ACTION_REGISTER), STATUS_SUCCESS);
  char names[6][32];
  assert_int_equal(wmisim_wmi_instance_names(f->sim, &RAW_GUID_A, names[0], 32, 6), 4);
  assert_string_equal(names[2], "First");
  wmisim_block_t *block;
  assert_int_equal(wmisim_wmi_open(f->sim, &RAW_GUID_A, WMIGUID_QUERY, &block), STATUS_SUCCESS);
  unsigned char buffer[256];
  for (int round = 0; round < 2; round++) {
    ULONG size = sizeof buffer;
    answer.last_data_device = NULL;
    wmisim_wmi_query_single(block, round == 0 ? "Second" : "first", &size, buffer);
    assert_ptr_equal(answer.last_data_device, f->device);
  }
  wmisim_wmi_close(block);
  assert_no_violations();
}

static void test_chained_reginfo_registers_every_structure(void **state) {
  struct fixture *f = *state;
  build_list();
  ULONG next = (answer.size + 7u) & ~7u;
  info_at(0)->NextWmiRegInfo = next;
  ULONG end = put_info(next, 2);
  WMIREGGUIDW *b = guid_at(next, 0);
  b->Guid = RAW_GUID_B;
  b->Flags = WMIREG_FLAG_INSTANCE_BASENAME | WMIREG_FLAG_EXPENSIVE;
  b->InstanceCount = 3;
  b->BaseNameOffset = end - next;
  end = put_counted(end, L"Mini");
  WMIREGGUIDW *c = guid_at(next, 1);
  c->Guid = RAW_GUID_C;
  c->Flags = WMIREG_FLAG_TRACED_GUID | WMIREG_FLAG_TRACE_CONTROL_GUID | WMIREG_FLAG_EVENT_ONLY_GUID;
  info_at(next)->BufferSize = end - next;
  answer.size = end;
  assert_int_equal(register_device(f), STATUS_SUCCESS);
  char names[4][32];
  assert_int_equal(wmisim_wmi_instance_names(f->sim, &RAW_GUID_B, names[0], 32, 4), 3);
  assert_string_equal(names[0], "Mini0");
  assert_string_equal(names[2], "Mini2");
  wmisim_guid_info_t info;
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &RAW_GUID_B, &info), STATUS_SUCCESS);
  assert_true(info.expensive);
  assert_int_equal(wmisim_wmi_guid_info(f->sim, &RAW_GUID_C, &info), STATUS_SUCCESS);
  assert_int_equal(info.flags & (WMIREG_FLAG_TRACED_GUID | WMIREG_FLAG_TRACE_CONTROL_GUID),
                   WMIREG_FLAG_TRACED_GUID | WMIREG_FLAG_TRACE_CONTROL_GUID);
  assert_true(info.event_only);
  assert_true(info.dynamic_names);
  assert_true(registered(f, &RAW_GUID_A));
  assert_no_violations();
}

static NTSTATUS NTAPI answer_probe_with_failure(PDEVICE_OBJECT device, PIRP irp, void *context) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  struct answer *a = context;
  if (stack->MinorFunction == IRP_MN_REGINFO_EX && stack->Parameters.WMI.BufferSize < a->size) {
    a->reginfo_ex_irps++;
    *(PULONG)stack->Parameters.WMI.Buffer = a->size;
    return raw_complete(irp, STATUS_BUFFER_TOO_SMALL, 0);
  }
  return answer_reginfo(device, irp, context);
}

static void test_size_probe_failed_with_buffer_too_small_is_asked_again(void **state) {
  struct fixture *f = *state;
  build_list();
  info_at(0)->BufferSize = answer.size = 700;
  raw_driver_config.system_control = answer_probe_with_failure;
  assert_int_equal(register_device(f), STATUS_SUCCESS);
  assert_int_equal(answer.reginfo_ex_irps, 2);
  assert_true(registered(f, &RAW_GUID_A));
  assert_no_violations();
}

static void test_driver_without_reginfo_ex_gets_reginfo_with_the_same_data_path(void **state) {
  struct fixture *f = *state;
  build_list();
  answer.no_ex = true;
  assert_int_equal(register_device(f), STATUS_SUCCESS);
  assert_int_equal(answer.reginfo_ex_irps, 1);
  assert_int_equal(answer.reginfo_irps, 1);
  assert_true(registered(f, &RAW_GUID_A));
  assert_no_violations();
}

static void build_pdo(PDEVICE_OBJECT pdo) {
  put_info(0, 1);
  WMIREGGUIDW *g = guid_at(0, 0);
  g->Guid = RAW_GUID_A;
  g->Flags = WMIREG_FLAG_INSTANCE_PDO;
  g->InstanceCount = 2;
  g->Pdo = (ULONG_PTR)pdo;
  answer.size = info_at(0)->BufferSize;
}

/* The PDO's reference count as ObReferenceObject returns it, the count
 * left as it was. */
static LONG_PTR references_of(PDEVICE_OBJECT pdo) {
  LONG_PTR count = ObReferenceObject(pdo);
  ObDereferenceObject(pdo);
  return count;
}

static void test_pdo_named_in_reginfo_ex_is_dereferenced_by_wmi(void **state) {
  struct fixture *f = *state;
  build_pdo(f->pdo);
  answer.reference = f->pdo; /* the driver references it, as the IRP_MN_REGINFO_EX page requires */
  LONG_PTR before = references_of(f->pdo);
  assert_int_equal(register_device(f), STATUS_SUCCESS);
  LONG_PTR after = references_of(f->pdo);
  assert_int_equal(after, before); /* WMI dropped the driver's reference */
  char names[2][32];
  assert_int_equal(wmisim_wmi_instance_names(f->sim, &RAW_GUID_A, names[0], 32, 2), 2);
  assert_string_equal(names[1], "ROOT\\WMIRAW\\0000_1");
  assert_no_violations();
}

/* A device may list any number of GUIDs, all naming its PDO (more than
 * the 64 distinct PDOs an answer may name): WMI drops every reference. */
static void test_pdo_named_by_a_hundred_guids_in_reginfo_ex_is_dereferenced_once_per_guid(void **state) {
  struct fixture *f = *state;
  enum { GUIDS = 100 };
  ULONG end = put_info(0, GUIDS);
  for (ULONG i = 0; i < GUIDS; i++) {
    WMIREGGUIDW *g = guid_at(0, i);
    g->Guid = RAW_GUID_A;
    g->Guid.Data4[6] = 0x40;
    g->Guid.Data4[7] = (UCHAR)i;
    g->Flags = WMIREG_FLAG_INSTANCE_PDO;
    g->InstanceCount = 1;
    g->Pdo = (ULONG_PTR)f->pdo;
  }
  answer.size = end;
  answer.reference = f->pdo;
  answer.references = GUIDS; /* one per WMIREGGUID, as WMILIB and KMDF take them */
  LONG_PTR before = references_of(f->pdo);
  assert_int_equal(register_device(f), STATUS_SUCCESS);
  LONG_PTR after = references_of(f->pdo);
  assert_int_equal(after, before);
  ULONG count = 0;
  assert_int_equal(wmisim_wmi_enumerate_guids(f->sim, NULL, &count), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(count, GUIDS);
  assert_no_violations();
}

static void test_pdo_named_in_reginfo_ex_without_a_reference_is_reported(void **state) {
  struct fixture *f = *state;
  build_pdo(f->pdo);
  LONG_PTR before = references_of(f->pdo);
  assert_int_equal(register_device(f), STATUS_SUCCESS);
  assert_only_violations("WmiMalformedRegInfo", 1);
  assert_non_null(strstr(wt_violation_message("WmiMalformedRegInfo"), "ObReferenceObject"));
  /* The PnP manager's reference was not taken away. */
  LONG_PTR after = references_of(f->pdo);
  assert_int_equal(after, before);
}

static void test_pdo_named_in_plain_reginfo_is_not_dereferenced(void **state) {
  struct fixture *f = *state;
  build_pdo(f->pdo);
  answer.no_ex = true;
  LONG_PTR before = references_of(f->pdo);
  assert_int_equal(register_device(f), STATUS_SUCCESS);
  LONG_PTR after = references_of(f->pdo);
  assert_int_equal(after, before);
  assert_no_violations();
}

static void test_failed_reginfo_fails_the_registration_and_is_reported(void **state) {
  struct fixture *f = *state;
  answer.fail_with = STATUS_INSUFFICIENT_RESOURCES;
  assert_int_equal(register_device(f), STATUS_INSUFFICIENT_RESOURCES);
  assert_only_violations("WmiRegInfoFailed", 1);
  /* Not registered: a DEREGISTER is refused but not a double deregistration. */
  assert_int_equal(IoWMIRegistrationControl(f->device, WMIREG_ACTION_DEREGISTER), STATUS_INVALID_PARAMETER);
  assert_only_violations("WmiRegInfoFailed", 1);
}

static void test_malformed_update_keeps_the_registration(void **state) {
  struct fixture *f = *state;
  build_list();
  assert_int_equal(register_device(f), STATUS_SUCCESS);
  info_at(0)->RegistryPath = 0x7000;
  assert_int_equal(IoWMIRegistrationControl(f->device, WMIREG_ACTION_UPDATE_GUIDS), STATUS_UNSUCCESSFUL);
  assert_only_violations("WmiMalformedRegInfo", 1);
  char names[2][32];
  assert_int_equal(wmisim_wmi_instance_names(f->sim, &RAW_GUID_A, names[0], 32, 2), 2);
}

/* ---- malformed answers, one way each ---------------------------------------------------------- */

static void test_buffer_size_beyond_the_returned_data_is_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  info_at(0)->BufferSize = answer.size + 40;
  assert_rejected(f, "BufferSize", field(0, answer.size + 40));
}

static void test_buffer_size_smaller_than_the_header_is_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  info_at(0)->BufferSize = 8;
  assert_rejected(f, "BufferSize", field(0, 8));
}

static void test_guid_count_overflowing_buffer_size_is_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  info_at(0)->GuidCount = 0x10000001u; /* * sizeof(WMIREGGUIDW) wraps a 32-bit product */
  assert_rejected(f, "GuidCount", field(FIELD_OFFSET(WMIREGINFOW, GuidCount), 0x10000001u));
}

static void test_registry_path_outside_the_buffer_is_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  info_at(0)->RegistryPath = 0x1f00;
  assert_rejected(f, "RegistryPath", field(FIELD_OFFSET(WMIREGINFOW, RegistryPath), 0x1f00));
}

static void test_mof_resource_name_with_an_odd_length_is_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  USHORT odd = 5;
  memcpy(answer.bytes + info_at(0)->MofResourceName, &odd, sizeof odd);
  char offset[64];
  snprintf(offset, sizeof offset, "string at offset 0x%lx has an odd", (unsigned long)info_at(0)->MofResourceName);
  assert_rejected(f, "MofResourceName", offset);
}

static void test_instance_name_running_past_the_buffer_is_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  ULONG second = guid_at(0, 0)->InstanceNameList + 2 + 10; /* after "First" */
  USHORT long_length = 400;
  memcpy(answer.bytes + second, &long_length, sizeof long_length);
  char offset[64];
  snprintf(offset, sizeof offset, "string at offset 0x%lx runs past", (unsigned long)second);
  assert_rejected(f, "InstanceNameList", offset);
}

static void test_instance_name_list_outside_the_buffer_is_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  guid_at(0, 0)->InstanceNameList = 0xfffffffeu;
  assert_rejected(f, "InstanceNameList", field(GUID0_FIELD(InstanceNameList), 0xfffffffeu));
}

static void test_instance_count_beyond_what_the_list_can_hold_is_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  guid_at(0, 0)->InstanceCount = 0x00fffff0u;
  assert_rejected(f, "InstanceCount", field(GUID0_FIELD(InstanceCount), 0x00fffff0u));
}

static void test_base_name_outside_the_buffer_is_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  WMIREGGUIDW *g = guid_at(0, 0);
  g->Flags = WMIREG_FLAG_INSTANCE_BASENAME;
  g->BaseNameOffset = answer.size - 1;
  assert_rejected(f, "BaseNameOffset", field(GUID0_FIELD(BaseNameOffset), answer.size - 1));
}

static void test_two_instance_name_kinds_are_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  guid_at(0, 0)->Flags = WMIREG_FLAG_INSTANCE_LIST | WMIREG_FLAG_INSTANCE_PDO;
  assert_rejected(f, "WmiRegGuid.Flags", field(GUID0_FIELD(Flags), 0x24));
}

static void test_next_reginfo_pointing_back_is_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  info_at(0)->NextWmiRegInfo = 8; /* inside this WMIREGINFO: a loop */
  assert_rejected(f, "NextWmiRegInfo", field(FIELD_OFFSET(WMIREGINFOW, NextWmiRegInfo), 8));
}

static void test_next_reginfo_leaving_the_data_is_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  info_at(0)->NextWmiRegInfo = 0x800;
  assert_rejected(f, "NextWmiRegInfo", field(FIELD_OFFSET(WMIREGINFOW, NextWmiRegInfo), 0x800));
}

static void test_chained_reginfo_overlapping_the_end_is_rejected(void **state) {
  struct fixture *f = *state;
  build_list();
  ULONG next = (answer.size + 7u) & ~7u;
  info_at(0)->NextWmiRegInfo = next;
  put_info(next, 1);
  guid_at(next, 0)->Guid = RAW_GUID_B;
  info_at(next)->BufferSize = 0x400; /* runs past what the driver returned */
  answer.size = next + 64;
  assert_rejected(f, "BufferSize", field(next, 0x400));
}

static void test_pdo_that_is_not_a_device_object_is_rejected(void **state) {
  struct fixture *f = *state;
  static ULONG_PTR not_a_device[64];
  build_pdo((PDEVICE_OBJECT)not_a_device);
  assert_rejected(f, "Pdo", field(GUID0_FIELD(Pdo), (ULONG_PTR)not_a_device));
}

static void test_pdo_pointer_into_nowhere_is_rejected_without_reading_it(void **state) {
  struct fixture *f = *state;
  build_pdo((PDEVICE_OBJECT)(ULONG_PTR)0x10);
  assert_rejected(f, "Pdo", field(GUID0_FIELD(Pdo), 0x10));
}

static void test_pdo_that_is_a_function_device_is_rejected(void **state) {
  struct fixture *f = *state;
  build_pdo(f->device);
  assert_rejected(f, "Pdo", "is not a PDO");
}

static void test_size_probe_asking_for_less_is_rejected(void **state) {
  struct fixture *f = *state;
  answer.probe_answer = 100;
  assert_rejected(f, "size probe", "100 bytes");
}

static void test_size_probe_growing_forever_is_rejected(void **state) {
  struct fixture *f = *state;
  answer.probe_grows = true;
  assert_rejected(f, "larger buffer", "wmiraw");
  assert_true(answer.reginfo_ex_irps <= 8);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_list_names_are_registered_from_a_probed_answer, setup, teardown),
    cmocka_unit_test_setup_teardown(test_an_instance_name_two_providers_list_goes_to_the_first_registered, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_chained_reginfo_registers_every_structure, setup, teardown),
    cmocka_unit_test_setup_teardown(test_size_probe_failed_with_buffer_too_small_is_asked_again, setup, teardown),
    cmocka_unit_test_setup_teardown(test_driver_without_reginfo_ex_gets_reginfo_with_the_same_data_path, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_pdo_named_in_reginfo_ex_is_dereferenced_by_wmi, setup, teardown),
    cmocka_unit_test_setup_teardown(test_pdo_named_by_a_hundred_guids_in_reginfo_ex_is_dereferenced_once_per_guid, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_pdo_named_in_reginfo_ex_without_a_reference_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_pdo_named_in_plain_reginfo_is_not_dereferenced, setup, teardown),
    cmocka_unit_test_setup_teardown(test_failed_reginfo_fails_the_registration_and_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(test_malformed_update_keeps_the_registration, setup, teardown),
    cmocka_unit_test_setup_teardown(test_buffer_size_beyond_the_returned_data_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_buffer_size_smaller_than_the_header_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_guid_count_overflowing_buffer_size_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_registry_path_outside_the_buffer_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_mof_resource_name_with_an_odd_length_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_instance_name_running_past_the_buffer_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_instance_name_list_outside_the_buffer_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_instance_count_beyond_what_the_list_can_hold_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_base_name_outside_the_buffer_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_two_instance_name_kinds_are_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_next_reginfo_pointing_back_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_next_reginfo_leaving_the_data_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_chained_reginfo_overlapping_the_end_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_pdo_that_is_not_a_device_object_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_pdo_pointer_into_nowhere_is_rejected_without_reading_it, setup, teardown),
    cmocka_unit_test_setup_teardown(test_pdo_that_is_a_function_device_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_size_probe_asking_for_less_is_rejected, setup, teardown),
    cmocka_unit_test_setup_teardown(test_size_probe_growing_forever_is_rejected, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
