/*
 * test_mof_corpus.c - the MOF corpus: every valid file loads, every invalid
 * file fails with exactly one error whose text is in its .expected file.
 *
 *   test_mof_corpus                      all valid files into one schema
 *   test_mof_corpus valid FILE           one valid file
 *   test_mof_corpus invalid FILE EXPECT  one invalid file and its message
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

static const char *mof_file;
static const char *expected_file;

static const char *base_name(const char *path) {
  const char *base = path;
  for (const char *p = path; *p; p++)
    if (*p == '/' || *p == '\\')
      base = p + 1;
  return base;
}

static void read_expected(char *buffer, size_t size) {
  FILE *file = fopen(expected_file, "rb");
  assert_non_null(file);
  size_t got = fread(buffer, 1, size - 1, file);
  fclose(file);
  buffer[got] = '\0';
  char *end = strpbrk(buffer, "\r\n");
  if (end != NULL)
    *end = '\0';
}

static void valid_file_loads_without_messages(void **state) {
  (void)state;
  wmisim_mof_schema *schema;
  wmisim_mof_diagnostics *diags;
  assert_int_equal(wmisim_mof_schema_create(&schema), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_diagnostics_create(&diags), STATUS_SUCCESS);
  NTSTATUS status = wmisim_mof_schema_load_file(schema, mof_file, diags);
  if (status != STATUS_SUCCESS)
    wmisim_mof_diagnostics_print(diags, stderr);
  assert_int_equal(status, STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_diagnostics_count(diags), 0);
  assert_true(wmisim_mof_schema_class_count(schema) > 0);
  wmisim_mof_diagnostics_destroy(diags);
  wmisim_mof_schema_destroy(schema);
}

static void invalid_file_reports_its_one_error(void **state) {
  (void)state;
  char expected[1024], actual[1200];
  read_expected(expected, sizeof(expected));
  wmisim_mof_schema *schema;
  wmisim_mof_diagnostics *diags;
  assert_int_equal(wmisim_mof_schema_create(&schema), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_diagnostics_create(&diags), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_schema_load_file(schema, mof_file, diags), STATUS_DATA_ERROR);
  assert_int_equal(wmisim_mof_diagnostics_count(diags), 1);
  const wmisim_mof_diagnostic *d = wmisim_mof_diagnostics_at(diags, 0);
  snprintf(actual, sizeof(actual), "%s:%u:%u: error: %s", base_name(d->file), d->line, d->column,
           d->message);
  assert_string_equal(actual, expected);
  assert_true(strchr(d->caret_line, '^') != NULL);
  assert_int_equal(wmisim_mof_schema_class_count(schema), 0); /* all or nothing */
  wmisim_mof_diagnostics_destroy(diags);
  wmisim_mof_schema_destroy(schema);
}

static void all_valid_files_load_into_one_schema(void **state) {
  (void)state;
  char list[8192];
  snprintf(list, sizeof(list), "%s", MOF_VALID_LIST);
  wmisim_mof_schema *schema;
  assert_int_equal(wmisim_mof_schema_create(&schema), STATUS_SUCCESS);
  size_t files = 0;
  for (char *path = strtok(list, "|"); path != NULL; path = strtok(NULL, "|"), files++)
    assert_int_equal(wmisim_mof_schema_load_file(schema, path, NULL), STATUS_SUCCESS);
  assert_true(files >= 3);
  assert_true(wmisim_mof_schema_class_count(schema) >= files);
  wmisim_mof_schema_destroy(schema);
}

int main(int argc, char **argv) {
  if (argc >= 3 && strcmp(argv[1], "valid") == 0) {
    mof_file = argv[2];
    const struct CMUnitTest tests[] = {cmocka_unit_test(valid_file_loads_without_messages)};
    return cmocka_run_group_tests_name(base_name(mof_file), tests, NULL, NULL);
  }
  if (argc >= 4 && strcmp(argv[1], "invalid") == 0) {
    mof_file = argv[2];
    expected_file = argv[3];
    const struct CMUnitTest tests[] = {cmocka_unit_test(invalid_file_reports_its_one_error)};
    return cmocka_run_group_tests_name(base_name(mof_file), tests, NULL, NULL);
  }
  const struct CMUnitTest tests[] = {cmocka_unit_test(all_valid_files_load_into_one_schema)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
