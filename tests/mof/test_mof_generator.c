/*
 * test_mof_generator.c - the generated header text, compared byte for byte
 * with reviewed golden files (tests/mof/golden/), for each wmimofck mode.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ntstatus.h>
#include <wmisim/mof.h>

static char *read_all(const char *path) {
  FILE *file = fopen(path, "rb");
  assert_non_null(file);
  static char buffer[1 << 16];
  size_t got = fread(buffer, 1, sizeof(buffer) - 1, file);
  fclose(file);
  buffer[got] = '\0';
  return buffer;
}

static void expect_header(const char *mof, const char *guard, unsigned flags, const char *golden) {
  wmisim_mof_schema *schema;
  assert_int_equal(wmisim_mof_schema_create(&schema), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_schema_load_file(schema, mof, NULL), STATUS_SUCCESS);
  char *text = NULL;
  size_t length = 0;
  assert_int_equal(wmisim_mof_generate_header(schema, guard, flags, &text, &length), STATUS_SUCCESS);
  assert_int_equal(length, strlen(text));
  assert_string_equal(text, read_all(golden));
  wmisim_mof_free(text);
  wmisim_mof_schema_destroy(schema);
}

static void default_header_matches_golden(void **state) {
  (void)state;
  expect_header(MOF_CORPUS_DIR "/valid/sample_device.mof", "sample_device", 0,
                MOF_GOLDEN_DIR "/sample_device.h");
}

static void methods_and_all_members_header_matches_golden(void **state) {
  (void)state;
  expect_header(MOF_CORPUS_DIR "/valid/sample_device.mof", "sample_device_mu",
                WMISIM_MOF_HEADER_METHODS | WMISIM_MOF_HEADER_ALL_MEMBERS,
                MOF_GOLDEN_DIR "/sample_device_mu.h");
}

static void event_header_matches_golden(void **state) {
  (void)state;
  expect_header(MOF_CORPUS_DIR "/valid/events.mof", "events", 0, MOF_GOLDEN_DIR "/events.h");
}

static void guard_name_replaces_non_identifier_characters(void **state) {
  (void)state;
  wmisim_mof_schema *schema;
  assert_int_equal(wmisim_mof_schema_create(&schema), STATUS_SUCCESS);
  char *text = NULL;
  assert_int_equal(wmisim_mof_generate_header(schema, "my-data.v2", 0, &text, NULL), STATUS_SUCCESS);
  assert_string_equal(text, "#ifndef _my_data_v2_h_\n#define _my_data_v2_h_\n\n#endif\n");
  wmisim_mof_free(text);
  wmisim_mof_schema_destroy(schema);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(default_header_matches_golden),
      cmocka_unit_test(methods_and_all_members_header_matches_golden),
      cmocka_unit_test(event_header_matches_golden),
      cmocka_unit_test(guard_name_replaces_non_identifier_characters),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
