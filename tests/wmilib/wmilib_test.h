/*
 * wmilib_test.h - helpers shared by the WMILIB tests: a simulator with one
 * device of the test driver (wmilib_driver.h), input WNODEs built as the
 * WMI service builds them (exactly as large as asked, so a read past the
 * end shows under AddressSanitizer), and an originator that sends a
 * hand-built IRP_MJ_SYSTEM_CONTROL request to the driver and waits for it.
 *
 * The simulator, violation recorder and IRP originator come from the I/O
 * manager tests' io_test.h.
 */
#ifndef WMISIM_TESTS_WMILIB_TEST_H
#define WMISIM_TESTS_WMILIB_TEST_H

#include "../io/io_test.h"

#include <stdlib.h>

#include "wmilib_driver.h"

#define WL_INSTANCE_ID "ROOT\\WMILIB\\0000"

struct wl_fixture {
  wmisim_t *sim;
  wmisim_devnode_t *node;
  PDEVICE_OBJECT pdo;
  PDEVICE_OBJECT fdo;
};

/* A simulator created with `options` (NULL: test_sim_create's) and the
 * test driver's device added and started, as wl_config says (set it after
 * wl_reset and before this). */
static inline struct wl_fixture wl_setup_with(const wmisim_options_t *options) {
  struct wl_fixture f;
  if (options == NULL) {
    f.sim = test_sim_create();
  } else {
    memset(&test_record, 0, sizeof test_record);
    assert_int_equal(wmisim_create(options, &f.sim), STATUS_SUCCESS);
    wmisim_set_violation_handler(f.sim, test_record_violation, NULL);
  }
  wmisim_driver_t *driver;
  assert_int_equal(wmisim_driver_add(f.sim, "wmilibtest", wl_driver_entry, &driver), STATUS_SUCCESS);
  wmisim_device_spec_t spec = {.instance_id = WL_INSTANCE_ID, .function_driver = driver};
  assert_int_equal(wmisim_device_add(f.sim, &spec, &f.node), STATUS_SUCCESS);
  assert_int_equal(wmisim_device_start(f.node), STATUS_SUCCESS);
  f.pdo = wmisim_device_pdo(f.node);
  f.fdo = wl_fdo(f.pdo);
  assert_non_null(f.fdo);
  return f;
}

static inline struct wl_fixture wl_setup(void) {
  return wl_setup_with(NULL);
}

static inline void wl_teardown(struct wl_fixture *f) {
  wmisim_destroy(f->sim);
}

/* ---- input WNODEs ----------------------------------------------------------------------- */

#define WL_ALIGN8(x) (((x) + 7u) & ~7u)

static inline void *wl_wnode(struct wl_fixture *f, const GUID *guid, ULONG size, ULONG flags) {
  WNODE_HEADER *header = calloc(1, size < sizeof *header ? sizeof *header : size);
  assert_non_null(header);
  header->BufferSize = size;
  header->ProviderId = IoWMIDeviceObjectToProviderId(f->fdo);
  header->TimeStamp.QuadPart = wmisim_clock_now(f->sim);
  if (guid != NULL) header->Guid = *guid;
  header->Flags = flags;
  return header;
}

static inline PWNODE_ALL_DATA wl_all_data(struct wl_fixture *f, const GUID *guid, ULONG size) {
  return wl_wnode(f, guid, size, WNODE_FLAG_ALL_DATA);
}

/* A static-name WNODE_SINGLE_INSTANCE whose data (`data_size` bytes of
 * `data`, which may be NULL) starts right after the fixed part. */
static inline PWNODE_SINGLE_INSTANCE wl_single(struct wl_fixture *f, const GUID *guid, ULONG size, ULONG index,
                                               ULONG data_size, const void *data) {
  PWNODE_SINGLE_INSTANCE w = wl_wnode(f, guid, size, WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  w->InstanceIndex = index;
  w->DataBlockOffset = sizeof *w;
  w->SizeDataBlock = data_size;
  if (data != NULL) memcpy((PUCHAR)w + w->DataBlockOffset, data, data_size);
  return w;
}

static inline PWNODE_SINGLE_ITEM wl_item(struct wl_fixture *f, const GUID *guid, ULONG size, ULONG index, ULONG item,
                                         ULONG data_size, const void *data) {
  PWNODE_SINGLE_ITEM w = wl_wnode(f, guid, size, WNODE_FLAG_SINGLE_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  w->InstanceIndex = index;
  w->ItemId = item;
  w->DataBlockOffset = WL_ALIGN8((ULONG)FIELD_OFFSET(WNODE_SINGLE_ITEM, VariableData));
  w->SizeDataItem = data_size;
  if (data != NULL) memcpy((PUCHAR)w + w->DataBlockOffset, data, data_size);
  return w;
}

static inline PWNODE_METHOD_ITEM wl_method(struct wl_fixture *f, const GUID *guid, ULONG size, ULONG index,
                                           ULONG method, ULONG in_size, const void *in) {
  PWNODE_METHOD_ITEM w = wl_wnode(f, guid, size, WNODE_FLAG_METHOD_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  w->InstanceIndex = index;
  w->MethodId = method;
  w->DataBlockOffset = WL_ALIGN8((ULONG)FIELD_OFFSET(WNODE_METHOD_ITEM, VariableData));
  w->SizeDataBlock = in_size;
  if (in != NULL) memcpy((PUCHAR)w + w->DataBlockOffset, in, in_size);
  return w;
}

/* ---- sending a request --------------------------------------------------------------------- */

struct wl_parameters {
  ULONG_PTR provider;
  PVOID data_path;
  PVOID buffer;
  ULONG size;
};

static inline void wl_fill_stack(PIO_STACK_LOCATION stack, void *argument) {
  const struct wl_parameters *p = argument;
  stack->Parameters.WMI.ProviderId = p->provider;
  stack->Parameters.WMI.DataPath = p->data_path;
  stack->Parameters.WMI.BufferSize = p->size;
  stack->Parameters.WMI.Buffer = p->buffer;
}

/* Sends IRP_MJ_SYSTEM_CONTROL/`minor` to the top of the test device's stack,
 * IoStatus preset to STATUS_NOT_SUPPORTED, and waits for its completion. */
static inline struct test_result wl_send_as(struct wl_fixture *f, UCHAR minor, PDEVICE_OBJECT provider,
                                            PVOID data_path, void *buffer, ULONG size) {
  struct wl_parameters p = {(ULONG_PTR)provider, data_path, buffer, size};
  return test_send_irp_ex(f->fdo, IRP_MJ_SYSTEM_CONTROL, minor, STATUS_NOT_SUPPORTED, wl_fill_stack, &p);
}

/* The same, addressed to the driver's own device object. */
static inline struct test_result wl_send(struct wl_fixture *f, UCHAR minor, const GUID *guid, void *buffer,
                                         ULONG size) {
  return wl_send_as(f, minor, f->fdo, (PVOID)guid, buffer, size);
}

/* The result an error WMILIB found itself must show: IrpNotCompleted,
 * the error returned and in IoStatus, no bytes, the callbacks not called. */
#define assert_wmilib_error(result, expected)                                                                    \
  do {                                                                                                           \
    assert_int_equal(wl_record.disposition, IrpNotCompleted);                                                    \
    assert_int_equal(wl_record.returned, (expected));                                                            \
    assert_int_equal((result).returned, (expected));                                                             \
    assert_int_equal((result).status, (expected));                                                               \
    assert_int_equal((result).information, 0);                                                                   \
  } while (0)

#endif /* WMISIM_TESTS_WMILIB_TEST_H */
