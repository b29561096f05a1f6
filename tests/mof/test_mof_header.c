/*
 * test_mof_header.c - headers generated at build time by wmisim_mof_header()
 * from the corpus, compiled here as driver code would include them, and
 * checked member by member against the schema: offsetof == item offset,
 * <Struct>_<Item>_SIZE == item size, <Struct>_<Item>_ID == WmiDataId,
 * <Struct>_SIZE == class size, GUIDs, method ids and DefineValues.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <ntdef.h>
#include <initguid.h>
#include <ntstatus.h>
#include <wmisim/mof.h>

#include "sample_device.h"
#include "sample_inherit.h"
#include "sample_events.h"

static wmisim_mof_schema *schema;

static int setup(void **state) {
  (void)state;
  static const char *const files[] = {MOF_CORPUS_DIR "/valid/sample_device.mof",
                                      MOF_CORPUS_DIR "/valid/inherit.mof",
                                      MOF_CORPUS_DIR "/valid/events.mof"};
  if (wmisim_mof_schema_create(&schema) != STATUS_SUCCESS)
    return -1;
  for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
    if (wmisim_mof_schema_load_file(schema, files[i], NULL) != STATUS_SUCCESS)
      return -1;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  wmisim_mof_schema_destroy(schema);
  return 0;
}

static const wmisim_mof_class *class_named(const char *name) {
  const wmisim_mof_class *cls = wmisim_mof_schema_find_class(schema, name);
  assert_non_null(cls);
  return cls;
}

static const wmisim_mof_class *method_part(const char *cls, ULONG id, int output) {
  const wmisim_mof_method *m = wmisim_mof_class_find_method(class_named(cls), id);
  assert_non_null(m);
  return output ? m->output : m->input;
}

static void check_member(const wmisim_mof_class *cls, const char *name, size_t offset,
                         size_t size, ULONG id) {
  const wmisim_mof_item *item = wmisim_mof_class_find_item(cls, name);
  assert_non_null(item);
  assert_true(item->fixed_offset);
  assert_int_equal(offset, item->offset);
  assert_int_equal(size, item->size);
  assert_int_equal(id, item->data_id);
}

static void check_structure(const wmisim_mof_class *cls, size_t struct_size, size_t size_macro) {
  assert_true(cls->fixed_size);
  assert_int_equal(size_macro, cls->size);
  assert_int_equal(struct_size, (cls->size + cls->alignment - 1) & ~(size_t)(cls->alignment - 1));
}

#define MEMBER(cls, S, M) check_member(cls, #M, offsetof(S, M), S##_##M##_SIZE, S##_##M##_ID)
#define STRUCTURE(cls, S) check_structure(cls, sizeof(S), S##_SIZE)

static void embedded_class_structure_matches_schema(void **state) {
  (void)state;
  const wmisim_mof_class *c = class_named("SampleDev_Settings");
  MEMBER(c, SAMPLE_SETTINGS, Mode);
  MEMBER(c, SAMPLE_SETTINGS, Threshold);
  MEMBER(c, SAMPLE_SETTINGS, Offset);
  MEMBER(c, SAMPLE_SETTINGS, Mask);
  STRUCTURE(c, SAMPLE_SETTINGS);
}

static void data_block_structure_matches_schema(void **state) {
  (void)state;
  const wmisim_mof_class *c = class_named("SampleDev_Info");
  MEMBER(c, SampleDev_Info, Healthy);
  MEMBER(c, SampleDev_Info, State);
  MEMBER(c, SampleDev_Info, Voltage);
  MEMBER(c, SampleDev_Info, LastReset);
  MEMBER(c, SampleDev_Info, Temperature);
  MEMBER(c, SampleDev_Info, Serial);
  MEMBER(c, SampleDev_Info, Gain);
  MEMBER(c, SampleDev_Info, Ratio);
  MEMBER(c, SampleDev_Info, Letter);
  MEMBER(c, SampleDev_Info, Installed);
  MEMBER(c, SampleDev_Info, Settings);
  MEMBER(c, SampleDev_Info, History);
  STRUCTURE(c, SampleDev_Info);
}

static void variable_block_has_open_array_member(void **state) {
  (void)state;
  const wmisim_mof_class *c = class_named("SampleDev_Counters");
  MEMBER(c, SampleDev_Counters, Count);
  const wmisim_mof_item *values = wmisim_mof_class_find_item(c, "Values");
  assert_int_equal(offsetof(SampleDev_Counters, Values), values->offset);
  assert_int_equal(sizeof(((SampleDev_Counters *)0)->Values[0]), values->element_size);
  assert_int_equal(SampleDev_Counters_Values_ID, values->data_id);
  assert_int_equal(SampleDev_Counters_Label_ID, 3);
  assert_int_equal(SampleDev_Counters_Tail_ID, 4);
}

static void method_structures_match_parameter_layouts(void **state) {
  (void)state;
  const wmisim_mof_class *in = method_part("SampleDev_Control", Reset, 0);
  MEMBER(in, Reset_IN, Delay);
  MEMBER(in, Reset_IN, Hard);
  STRUCTURE(in, Reset_IN);
  const wmisim_mof_class *out = method_part("SampleDev_Control", Reset, 1);
  MEMBER(out, Reset_OUT, Status);
  STRUCTURE(out, Reset_OUT);
  const wmisim_mof_class *settings = method_part("SampleDev_Control", GetSettings, 1);
  MEMBER(settings, SAMPLE_GET_SETTINGS_OUT, Status);
  MEMBER(settings, SAMPLE_GET_SETTINGS_OUT, Settings);
  STRUCTURE(settings, SAMPLE_GET_SETTINGS_OUT);
  assert_int_equal(Ping, 3);
  MEMBER(class_named("SampleDev_Control"), SampleDev_Control, Generation);
}

static void guids_match_the_guid_qualifiers(void **state) {
  (void)state;
  static const GUID initializer = SampleDev_InfoGuid;
  assert_memory_equal(&initializer, &class_named("SampleDev_Info")->guid, sizeof(GUID));
  assert_memory_equal(&SampleDev_Info_GUID, &class_named("SampleDev_Info")->guid, sizeof(GUID));
  assert_memory_equal(&SampleEv_Door_GUID, &class_named("SampleEv_Door")->guid, sizeof(GUID));
  assert_memory_equal(&SampleInh_Power_GUID, &class_named("SampleInh_Power")->guid, sizeof(GUID));
}

static void define_values_become_constants(void **state) {
  (void)state;
  assert_int_equal(SAMPLE_STATE_IDLE, 0);
  assert_int_equal(SAMPLE_STATE_BUSY, 1);
  assert_int_equal(SAMPLE_STATE_FAILED, 7);
}

static void inherited_and_event_structures_match_schema(void **state) {
  (void)state;
  const wmisim_mof_class *ext = class_named("SampleInh_Extended");
  MEMBER(ext, SampleInh_Extended, Version);
  MEMBER(ext, SampleInh_Extended, Extra);
  STRUCTURE(ext, SampleInh_Extended);
  const wmisim_mof_class *power = class_named("SampleInh_Power");
  MEMBER(power, SampleInh_Power, Enable);
  STRUCTURE(power, SampleInh_Power);
  const wmisim_mof_class *door = class_named("SampleEv_Door");
  MEMBER(door, SampleEv_Door, Open);
  MEMBER(door, SampleEv_Door, Count);
  STRUCTURE(door, SampleEv_Door);
  assert_int_equal(sizeof(((SampleEv_Empty *)0)->VariableData), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(embedded_class_structure_matches_schema),
      cmocka_unit_test(data_block_structure_matches_schema),
      cmocka_unit_test(variable_block_has_open_array_member),
      cmocka_unit_test(method_structures_match_parameter_layouts),
      cmocka_unit_test(guids_match_the_guid_qualifiers),
      cmocka_unit_test(define_values_become_constants),
      cmocka_unit_test(inherited_and_event_structures_match_schema),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
