/*
 * test_trace_writers.c - the text, JSON Lines and Mermaid trace writers
 * against real runs of the WMILIB test driver, compared byte for byte with
 * golden files (tests/trace/golden/, see trace_test.h).
 */
#include "trace_test.h"

#define ALL_ACCESS (WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE)

static void query_all(struct tt_run *run) {
  wmisim_block_t *block = tt_open(run, &TEST_DATA_GUID, ALL_ACCESS);
  char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_all(block, &size, buffer), STATUS_SUCCESS);
  wmisim_wmi_close(block);
}

static void query_single(struct tt_run *run, const char *instance) {
  wmisim_block_t *block = tt_open(run, &TEST_DATA_GUID, ALL_ACCESS);
  char buffer[1024];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_single(block, instance, &size, buffer), STATUS_SUCCESS);
  wmisim_wmi_close(block);
}

/* ---- text ------------------------------------------------------------------------------------ */

static void test_text_trace_shows_start_registration_and_reginfo_indented(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_TEXT, false, true, false);
  assert_int_equal(wmisim_device_start(run.node), STATUS_SUCCESS);
  tt_assert_golden(tt_output(&run), "text_start.txt");
  tt_destroy(&run);
}

static void test_text_trace_decodes_query_all_by_property_name(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_TEXT, false, true, true);
  query_all(&run);
  tt_assert_golden(tt_output(&run), "text_query_all.txt");
  tt_destroy(&run);
}

static void test_text_trace_without_mof_shows_data_in_hex_only(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_TEXT, false, false, true);
  query_all(&run);
  char *text = tt_output(&run);
  assert_non_null(strstr(text, "  [0] InstanceIndex 0, Size 8, Data 64 00 00 00 32 00 00 00\n"));
  assert_null(strstr(text, "Value = "));
  assert_null(strstr(text, "WmiTest_Data"));
  free(text);
  tt_destroy(&run);
}

static void test_text_trace_shows_method_input_and_output_parameters(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_TEXT, false, true, true);
  wmisim_block_t *block = tt_open(&run, &TEST_DATA_GUID, ALL_ACCESS);
  ULONG input = 5, output = 0, output_size = sizeof output;
  assert_int_equal(wmisim_wmi_execute_method(block, "ROOT\\WMISIM\\0000_0", TEST_METHOD_ADD, sizeof input, &input,
                                             &output_size, &output),
                   STATUS_SUCCESS);
  wmisim_wmi_close(block);
  tt_assert_golden(tt_output(&run), "text_method.txt");
  tt_destroy(&run);
}

static void test_text_trace_shows_only_the_item_of_a_single_item_set(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_TEXT, false, true, true);
  wmisim_block_t *block = tt_open(&run, &TEST_DATA_GUID, ALL_ACCESS);
  ULONG threshold = 77;
  assert_int_equal(wmisim_wmi_set_item(block, "ROOT\\WMISIM\\0000_1", TEST_ITEM_THRESHOLD, sizeof threshold,
                                       &threshold),
                   STATUS_SUCCESS);
  wmisim_wmi_close(block);
  char *text = tt_output(&run);
  assert_non_null(strstr(text, "  [0] InstanceIndex 1, Size 4, Data 4D 00 00 00\n    Threshold = 77\n"));
  free(text);
  tt_destroy(&run);
}

static void ignore_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  (void)context;
  (void)event;
  (void)lost;
}

static void test_text_trace_shows_enable_and_the_delivered_event(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_TEXT, false, true, true);
  wmisim_subscription_t *subscription;
  assert_int_equal(wmisim_wmi_subscribe(run.sim, &TEST_EVENT_GUID, ignore_event, NULL, &subscription),
                   STATUS_SUCCESS);
  assert_int_equal(test_driver_fire_event(tt_fdo(&run), 42), STATUS_SUCCESS);
  assert_true(wmisim_wait_idle(run.sim, 10000));
  wmisim_wmi_unsubscribe(subscription);
  tt_assert_golden(tt_output(&run), "text_event.txt");
  tt_destroy(&run);
}

static void test_text_trace_shows_a_violation_where_it_happened(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_TEXT, false, false, true);
  test_driver_config.deregister_twice = true;
  wmisim_set_violation_handler(run.sim, NULL, NULL);
  wmisim_set_log(run.sim, tt_quiet_log, NULL);
  assert_int_equal(wmisim_device_surprise_remove(run.node), STATUS_SUCCESS);
  tt_assert_golden(tt_output(&run), "text_violation.txt");
  assert_int_equal(wmisim_violation_count_rule(run.sim, "WmiDoubleDeregister"), 1);
  tt_destroy(&run);
}

static void test_text_trace_colours_statuses_only_when_asked(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_TEXT, true, false, true);
  query_all(&run);
  char *text = tt_output(&run);
  assert_non_null(strstr(text, "completed by wmitest#2: \033[32mSTATUS_SUCCESS\033[0m, Information 96\n"));
  assert_non_null(strstr(text, "\033[36mWMI -> wmitest#2 [wmitest]\033[0m IRP #"));
  free(text);
  tt_destroy(&run);
  tt_begin(&run, WMISIM_TRACE_TEXT, false, false, true);
  query_all(&run);
  text = tt_output(&run);
  assert_null(strchr(text, '\033'));
  free(text);
  tt_destroy(&run);
}

/* ---- JSON Lines ------------------------------------------------------------------------------ */

static void test_jsonl_trace_writes_one_object_per_event_with_fixed_keys(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_JSONL, false, true, true);
  query_single(&run, "ROOT\\WMISIM\\0000_1");
  tt_assert_golden(tt_output(&run), "jsonl_query_single.jsonl");
  tt_destroy(&run);
}

static void test_jsonl_trace_ignores_the_colour_flag(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_JSONL, true, false, true);
  query_all(&run);
  char *text = tt_output(&run);
  assert_null(strchr(text, '\033'));
  assert_int_equal(strncmp(text, "{\"seq\":", 7), 0);
  free(text);
  tt_destroy(&run);
}

/* ---- Mermaid --------------------------------------------------------------------------------- */

static void test_mermaid_trace_is_written_when_the_writer_closes(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_MERMAID, false, true, true);
  query_all(&run);
  fflush(run.file);
  assert_int_equal(ftell(run.file), 0);
  tt_assert_golden(tt_output(&run), "mermaid_query_all.mmd");
  tt_destroy(&run);
}

static void test_mermaid_trace_of_nothing_is_an_empty_diagram(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_MERMAID, false, false, true);
  char *text = tt_output(&run);
  assert_string_equal(text, "sequenceDiagram\n");
  free(text);
  tt_destroy(&run);
}

static void test_mermaid_trace_shows_the_registration_participants_in_order(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_MERMAID, false, true, false);
  assert_int_equal(wmisim_device_start(run.node), STATUS_SUCCESS);
  char *text = tt_output(&run);
  assert_int_equal(strncmp(text,
                           "sequenceDiagram\n"
                           "    participant P1 as PnP\n"
                           "    participant P2 as wmitest#35;2\n"
                           "    participant P3 as \\Device\\00000001\n"
                           "    participant P4 as WMI\n",
                           strlen("sequenceDiagram\n") + 4 * 26),
                   0);
  assert_non_null(strstr(text, "    P4->>P2: IRP #35;2 REGINFO_EX\n"));
  free(text);
  tt_destroy(&run);
}

/* ---- every writer ---------------------------------------------------------------------------- */

static char *whole_run(wmisim_trace_format_t format) {
  struct tt_run run;
  tt_begin(&run, format, false, true, false);
  assert_int_equal(wmisim_device_start(run.node), STATUS_SUCCESS);
  query_all(&run);
  query_single(&run, "ROOT\\WMISIM\\0000_0");
  assert_int_equal(wmisim_device_remove(run.node), STATUS_SUCCESS);
  char *text = tt_output(&run);
  tt_destroy(&run);
  return text;
}

static void test_every_format_is_identical_from_run_to_run(void **state) {
  (void)state;
  for (int format = WMISIM_TRACE_TEXT; format <= WMISIM_TRACE_MERMAID; format++) {
    char *first = whole_run((wmisim_trace_format_t)format);
    char *second = whole_run((wmisim_trace_format_t)format);
    assert_true(strlen(first) > 1000);
    assert_string_equal(first, second);
    free(first);
    free(second);
  }
}

struct traced_querier {
  struct tt_run *run;
  int queries;
  KEVENT done;
};

static VOID NTAPI query_while_traced(PVOID context) {
  struct traced_querier *q = context;
  for (int i = 0; i < 100; i++, q->queries++) query_single(q->run, "ROOT\\WMISIM\\0000_0");
  KeSetEvent(&q->done, IO_NO_INCREMENT, FALSE);
  PsTerminateSystemThread(STATUS_SUCCESS);
}

static size_t occurrences(const char *text, const char *what) {
  size_t count = 0;
  for (const char *at = strstr(text, what); at != NULL; at = strstr(at + 1, what)) count++;
  return count;
}

/* Detached, the schema can be loaded into while another thread's requests
 * are written (ThreadSanitizer sees a change under a decode otherwise);
 * every request is still written, by property name once attached again. */
static void test_the_schema_can_be_detached_loaded_and_attached_while_events_are_written(void **state) {
  (void)state;
  struct tt_run run;
  tt_begin(&run, WMISIM_TRACE_TEXT, false, true, true);
  struct traced_querier q;
  memset(&q, 0, sizeof q);
  q.run = &run;
  KeInitializeEvent(&q.done, NotificationEvent, FALSE);
  HANDLE thread;
  assert_int_equal(PsCreateSystemThread(&thread, 0, NULL, NULL, NULL, query_while_traced, &q), STATUS_SUCCESS);
  ZwClose(thread);
  wmisim_trace_writer_set_schema(run.writer, NULL);
  assert_int_equal(wmisim_mof_schema_load_file(run.schema, OTHER_MOF_PATH, NULL), STATUS_SUCCESS);
  wmisim_trace_writer_set_schema(run.writer, run.schema);
  KeWaitForSingleObject(&q.done, Executive, KernelMode, FALSE, NULL);
  query_single(&run, "ROOT\\WMISIM\\0000_0");
  char *text = tt_output(&run);
  assert_int_equal(q.queries, 100);
  assert_int_equal(occurrences(text, "IRP_MJ_SYSTEM_CONTROL IRP_MN_QUERY_SINGLE_INSTANCE"), 101);
  assert_non_null(strstr(text + strlen(text) / 2, "Value = 100"));
  free(text);
  tt_destroy(&run);
}

static void test_writer_open_rejects_bad_arguments(void **state) {
  (void)state;
  wmisim_t *sim;
  assert_int_equal(wmisim_create(NULL, &sim), STATUS_SUCCESS);
  wmisim_trace_writer_t *writer = (wmisim_trace_writer_t *)1;
  assert_int_equal(wmisim_trace_writer_open(NULL, stdout, WMISIM_TRACE_TEXT, false, &writer),
                   STATUS_INVALID_PARAMETER);
  assert_null(writer);
  assert_int_equal(wmisim_trace_writer_open(sim, NULL, WMISIM_TRACE_TEXT, false, &writer), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_trace_writer_open(sim, stdout, (wmisim_trace_format_t)7, false, &writer),
                   STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_trace_writer_open(sim, stdout, WMISIM_TRACE_TEXT, false, NULL), STATUS_INVALID_PARAMETER);
  wmisim_trace_writer_close(NULL);
  wmisim_trace_writer_set_schema(NULL, NULL);
  wmisim_destroy(sim);
}

static void test_colour_is_off_by_default_for_files(void **state) {
  (void)state;
  FILE *file = tmpfile();
  assert_non_null(file);
  assert_false(wmisim_trace_colour_default(file));
  fclose(file);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_text_trace_shows_start_registration_and_reginfo_indented),
    cmocka_unit_test(test_text_trace_decodes_query_all_by_property_name),
    cmocka_unit_test(test_text_trace_without_mof_shows_data_in_hex_only),
    cmocka_unit_test(test_text_trace_shows_method_input_and_output_parameters),
    cmocka_unit_test(test_text_trace_shows_only_the_item_of_a_single_item_set),
    cmocka_unit_test(test_text_trace_shows_enable_and_the_delivered_event),
    cmocka_unit_test(test_text_trace_shows_a_violation_where_it_happened),
    cmocka_unit_test(test_text_trace_colours_statuses_only_when_asked),
    cmocka_unit_test(test_jsonl_trace_writes_one_object_per_event_with_fixed_keys),
    cmocka_unit_test(test_jsonl_trace_ignores_the_colour_flag),
    cmocka_unit_test(test_mermaid_trace_is_written_when_the_writer_closes),
    cmocka_unit_test(test_mermaid_trace_of_nothing_is_an_empty_diagram),
    cmocka_unit_test(test_mermaid_trace_shows_the_registration_participants_in_order),
    cmocka_unit_test(test_every_format_is_identical_from_run_to_run),
    cmocka_unit_test(test_the_schema_can_be_detached_loaded_and_attached_while_events_are_written),
    cmocka_unit_test(test_writer_open_rejects_bad_arguments),
    cmocka_unit_test(test_colour_is_off_by_default_for_files),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
