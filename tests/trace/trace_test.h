/*
 * trace_test.h - helpers of the trace writer tests: a simulator with the
 * WMILIB test driver's device ROOT\WMISIM\0000, a writer into a temporary
 * file, and golden files compared byte for byte.
 *
 * Golden files live in tests/trace/golden/. They were produced by real runs
 * and checked by reading them; after an intended change of the output,
 * regenerate them with WMISIM_UPDATE_GOLDEN=1 and review the diff.
 */
#ifndef WMISIM_TESTS_TRACE_TEST_H
#define WMISIM_TESTS_TRACE_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmisim.h>

#include "wmi_test_driver.h"

static inline void tt_quiet_log(void *context, wmisim_log_level_t level, const char *message) {
  (void)context;
  (void)level;
  (void)message;
}

struct tt_run {
  wmisim_t *sim;
  wmisim_driver_t *driver;
  wmisim_devnode_t *node;
  wmisim_mof_schema *schema;
  FILE *file;
  wmisim_trace_writer_t *writer;
};

/* A simulator with the test driver added and its device enumerated, a
 * writer of `format` into a temporary file, the test MOF attached when
 * `with_mof`. With `started` the device is started before the writer opens,
 * so the output begins after the registration. */
static inline void tt_begin(struct tt_run *run, wmisim_trace_format_t format, bool colour, bool with_mof,
                            bool started) {
  memset(run, 0, sizeof *run);
  wmisim_options_t options;
  wmisim_options_init(&options);
  options.log = tt_quiet_log;
  assert_int_equal(wmisim_create(&options, &run->sim), STATUS_SUCCESS);
  test_driver_reset();
  assert_int_equal(wmisim_driver_add(run->sim, "wmitest", test_driver_entry, &run->driver), STATUS_SUCCESS);
  wmisim_device_spec_t spec = {.instance_id = "ROOT\\WMISIM\\0000", .function_driver = run->driver};
  assert_int_equal(wmisim_device_add(run->sim, &spec, &run->node), STATUS_SUCCESS);
  if (started) assert_int_equal(wmisim_device_start(run->node), STATUS_SUCCESS);
  run->file = tmpfile();
  assert_non_null(run->file);
  assert_int_equal(wmisim_trace_writer_open(run->sim, run->file, format, colour, &run->writer), STATUS_SUCCESS);
  if (with_mof) {
    assert_int_equal(wmisim_mof_schema_create(&run->schema), STATUS_SUCCESS);
    assert_int_equal(wmisim_mof_schema_load_file(run->schema, TEST_MOF_PATH, NULL), STATUS_SUCCESS);
    wmisim_trace_writer_set_schema(run->writer, run->schema);
  }
}

/* Closes the writer and returns what it wrote (malloc'ed, NUL-terminated);
 * the simulator stays alive until tt_destroy. */
static inline char *tt_output(struct tt_run *run) {
  wmisim_trace_writer_close(run->writer);
  run->writer = NULL;
  long size = ftell(run->file);
  assert_true(size >= 0);
  char *text = malloc((size_t)size + 1);
  assert_non_null(text);
  rewind(run->file);
  assert_int_equal(fread(text, 1, (size_t)size, run->file), (size_t)size);
  text[size] = '\0';
  return text;
}

static inline void tt_destroy(struct tt_run *run) {
  wmisim_trace_writer_close(run->writer);
  wmisim_destroy(run->sim);
  wmisim_mof_schema_destroy(run->schema);
  if (run->file != NULL) fclose(run->file);
  memset(run, 0, sizeof *run);
}

/* Compares `text` with golden file `name`, or writes it there when
 * WMISIM_UPDATE_GOLDEN is set. Frees `text`. */
static inline void tt_assert_golden(char *text, const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", TEST_GOLDEN_DIR, name);
  const char *update = getenv("WMISIM_UPDATE_GOLDEN");
  if (update != NULL && update[0] != '\0') {
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
  }
  FILE *in = fopen(path, "rb");
  if (in == NULL) print_message("missing golden file %s\n", path);
  assert_non_null(in);
  char *expected = calloc(1, 1 << 20);
  assert_non_null(expected);
  size_t length = fread(expected, 1, (1 << 20) - 1, in);
  fclose(in);
  expected[length] = '\0';
  if (strcmp(text, expected) != 0) print_message("trace differs from %s:\n%s", path, text);
  assert_string_equal(text, expected);
  free(expected);
  free(text);
}

/* The device's function device object. */
static inline PDEVICE_OBJECT tt_fdo(struct tt_run *run) {
  return wmisim_device_pdo(run->node)->AttachedDevice;
}

/* Opens the test data block with every access right. */
static inline wmisim_block_t *tt_open(struct tt_run *run, const GUID *guid, ULONG access) {
  wmisim_block_t *block = NULL;
  assert_int_equal(wmisim_wmi_open(run->sim, guid, access, &block), STATUS_SUCCESS);
  return block;
}

#endif /* WMISIM_TESTS_TRACE_TEST_H */
