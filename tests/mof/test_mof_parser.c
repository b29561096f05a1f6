/*
 * test_mof_parser.c - parsing, the class model and layout on MOF text:
 * offsets and sizes, inheritance, methods, literals, diagnostics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <ntstatus.h>
#include <wmisim/mof.h>

#define BLOCK_HEAD(name, guid_tail)                                              \
  "[WMI, Dynamic, Provider(\"WMIProv\"), guid(\"{3F2504E0-4F89-41D3-9A0C-0305E82C33" \
  guid_tail "}\")]\nclass " name "\n{\n  [key, read] string InstanceName;\n  [read] boolean Active;\n"

static wmisim_mof_schema *load(const char *text) {
  wmisim_mof_schema *schema;
  wmisim_mof_diagnostics *diags;
  assert_int_equal(wmisim_mof_schema_create(&schema), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_diagnostics_create(&diags), STATUS_SUCCESS);
  NTSTATUS status = wmisim_mof_schema_load_text(schema, "test.mof", text, strlen(text), diags);
  if (status != STATUS_SUCCESS)
    wmisim_mof_diagnostics_print(diags, stderr);
  assert_int_equal(status, STATUS_SUCCESS);
  wmisim_mof_diagnostics_destroy(diags);
  return schema;
}

static const wmisim_mof_item *item(const wmisim_mof_schema *schema, const char *cls,
                                   const char *name) {
  const wmisim_mof_class *c = wmisim_mof_schema_find_class(schema, cls);
  assert_non_null(c);
  const wmisim_mof_item *i = wmisim_mof_class_find_item(c, name);
  assert_non_null(i);
  return i;
}

static void embedded_class_lays_out_with_natural_alignment(void **state) {
  (void)state;
  wmisim_mof_schema *s = load(
      "[WMI, guid(\"{3F2504E0-4F89-41D3-9A0C-0305E82C3301}\")]\nclass E\n{\n"
      "  [WmiDataId(1)] uint8 A;\n  [WmiDataId(2)] uint32 B;\n  [WmiDataId(3)] uint16 C;\n"
      "  [WmiDataId(4)] uint64 D;\n  [WmiDataId(5)] boolean F;\n};\n");
  const wmisim_mof_class *e = wmisim_mof_schema_find_class(s, "E");
  assert_int_equal(e->kind, WMISIM_MOF_CLASS_EMBEDDED);
  assert_int_equal(item(s, "E", "A")->offset, 0);
  assert_int_equal(item(s, "E", "B")->offset, 4);
  assert_int_equal(item(s, "E", "C")->offset, 8);
  assert_int_equal(item(s, "E", "D")->offset, 16);
  assert_int_equal(item(s, "E", "F")->offset, 24);
  assert_int_equal(e->size, 25);
  assert_int_equal(e->alignment, 8);
  assert_true(e->fixed_size);
  wmisim_mof_schema_destroy(s);
}

static void items_follow_wmidataid_not_declaration_order(void **state) {
  (void)state;
  wmisim_mof_schema *s = load(BLOCK_HEAD("B", "02") "  [WmiDataId(2)] uint32 Second;\n"
                                                   "  [WmiDataId(1)] uint8 First;\n};\n");
  const wmisim_mof_class *b = wmisim_mof_schema_find_class(s, "B");
  assert_int_equal(b->kind, WMISIM_MOF_CLASS_DATA_BLOCK);
  assert_string_equal(b->items[0].name, "First");
  assert_string_equal(b->items[1].name, "Second");
  assert_int_equal(b->items[1].offset, 4);
  assert_int_equal(b->size, 8);
  wmisim_mof_schema_destroy(s);
}

static void string_makes_later_offsets_variable(void **state) {
  (void)state;
  wmisim_mof_schema *s = load(BLOCK_HEAD("B", "03") "  [WmiDataId(1)] uint16 N;\n"
                                                   "  [WmiDataId(2)] string Name;\n"
                                                   "  [WmiDataId(3)] uint32 After;\n};\n");
  const wmisim_mof_class *b = wmisim_mof_schema_find_class(s, "B");
  assert_false(b->fixed_size);
  assert_int_equal(b->fixed_part_size, 2);
  assert_true(item(s, "B", "Name")->fixed_offset);
  assert_int_equal(item(s, "B", "Name")->offset, 2);
  assert_int_equal(item(s, "B", "Name")->size, 0);
  assert_false(item(s, "B", "After")->fixed_offset);
  wmisim_mof_schema_destroy(s);
}

static void embedded_array_uses_padded_structure_size(void **state) {
  (void)state;
  wmisim_mof_schema *s = load(
      "[WMI, guid(\"{3F2504E0-4F89-41D3-9A0C-0305E82C3304}\")]\nclass E\n{\n"
      "  [WmiDataId(1)] uint32 A;\n  [WmiDataId(2)] uint8 B;\n};\n" BLOCK_HEAD("B", "05")
      "  [WmiDataId(1)] uint8 Lead;\n  [WmiDataId(2)] E Pair[2];\n  [WmiDataId(3)] uint8 Tail;\n};\n");
  const wmisim_mof_item *pair = item(s, "B", "Pair");
  assert_int_equal(pair->element_size, 8); /* sizeof: 5 rounded to 4 */
  assert_int_equal(pair->size, 16);
  assert_int_equal(pair->offset, 4);
  assert_int_equal(item(s, "B", "Tail")->offset, 20);
  wmisim_mof_schema_destroy(s);
}

static void variable_array_starts_on_its_element_alignment(void **state) {
  (void)state;
  wmisim_mof_schema *s = load(BLOCK_HEAD("B", "06")
                              "  [WmiDataId(1)] uint8 Count;\n"
                              "  [WmiDataId(2), WmiSizeIs(\"Count\")] uint64 Values[];\n};\n");
  const wmisim_mof_item *values = item(s, "B", "Values");
  assert_int_equal(values->array, WMISIM_MOF_ARRAY_VARIABLE);
  assert_ptr_equal(values->size_is, item(s, "B", "Count"));
  assert_int_equal(values->offset, 8);
  assert_int_equal(values->element_size, 8);
  assert_int_equal(wmisim_mof_schema_find_class(s, "B")->fixed_part_size, 8);
  wmisim_mof_schema_destroy(s);
}

static void derived_class_inherits_base_items(void **state) {
  (void)state;
  wmisim_mof_schema *s = load(BLOCK_HEAD("Base", "07") "  [WmiDataId(1)] uint16 V;\n};\n"
                              "[WMI, Dynamic, Provider(\"WMIProv\"),\n"
                              " guid(\"{3F2504E0-4F89-41D3-9A0C-0305E82C3308}\")]\n"
                              "class Derived : Base\n{\n  [WmiDataId(2)] uint32 W;\n};\n");
  const wmisim_mof_class *d = wmisim_mof_schema_find_class(s, "derived");
  assert_non_null(d);
  assert_ptr_equal(d->superclass, wmisim_mof_schema_find_class(s, "Base"));
  assert_int_equal(d->item_count, 2);
  assert_string_equal(d->items[0].name, "V");
  assert_int_equal(d->items[1].offset, 4);
  wmisim_mof_schema_destroy(s);
}

static void class_derived_from_wmievent_is_event_block(void **state) {
  (void)state;
  wmisim_mof_schema *s = load("[WMI, Dynamic, Provider(\"WMIProv\"),\n"
                              " guid(\"{3F2504E0-4F89-41D3-9A0C-0305E82C3309}\")]\n"
                              "class Ev : WmiEvent\n{\n  [key, read] string InstanceName;\n"
                              "  [read] boolean Active;\n  [WmiDataId(1)] uint32 Code;\n};\n");
  const wmisim_mof_class *ev = wmisim_mof_schema_find_class(s, "Ev");
  assert_int_equal(ev->kind, WMISIM_MOF_CLASS_EVENT_BLOCK);
  assert_true(ev->superclass->bundled);
  wmisim_mof_schema_destroy(s);
}

static void bundled_power_block_is_found_by_guid(void **state) {
  (void)state;
  wmisim_mof_schema *s;
  assert_int_equal(wmisim_mof_schema_create(&s), STATUS_SUCCESS);
  const GUID enable = {0x827c0a6f, 0xfeb0, 0x11d0, {0xbd, 0x26, 0x00, 0xaa, 0x00, 0xb7, 0xb3, 0x2a}};
  const GUID wake = {0xa9546a82, 0xfeb0, 0x11d0, {0xbd, 0x26, 0x00, 0xaa, 0x00, 0xb7, 0xb3, 0x2a}};
  const wmisim_mof_class *c = wmisim_mof_schema_find_guid(s, &enable);
  assert_non_null(c);
  assert_string_equal(c->name, "MSPower_DeviceEnable");
  assert_int_equal(c->size, 1);
  assert_true(c->items[0].writable);
  assert_string_equal(wmisim_mof_schema_find_guid(s, &wake)->name, "MSPower_DeviceWakeEnable");
  assert_int_equal(wmisim_mof_schema_class_count(s), 0); /* bundled are not listed */
  wmisim_mof_schema_destroy(s);
}

static void string_literals_concatenate_and_escapes_resolve(void **state) {
  (void)state;
  wmisim_mof_schema *s = load("[WMI, Description(\"a\\\"b\" \"\\tc\\x41\"),"
                              " guid(\"{3F2504E0-4F89-41D3-9A0C-0305E82C330A}\")]\n"
                              "class E\n{\n  [WmiDataId(1)] uint8 A;\n};\n");
  assert_string_equal(wmisim_mof_schema_find_class(s, "E")->description, "a\"b\tcA");
  wmisim_mof_schema_destroy(s);
}

static void qualifier_values_keep_their_types(void **state) {
  (void)state;
  wmisim_mof_schema *s = load(BLOCK_HEAD("B", "0B")
                              "  [WmiDataId(1), WmiScale(-3), WmiVolatility(0x10),\n"
                              "   Values{\"x\", \"y\"} : amended ToSubclass, MaxLen(4)] string S;\n};\n");
  const wmisim_mof_item *i = item(s, "B", "S");
  const wmisim_mof_qualifier *scale = wmisim_mof_qualifier_find(i->qualifiers, i->qualifier_count, "wmiscale");
  assert_int_equal(scale->value.kind, WMISIM_MOF_VALUE_SINT);
  assert_int_equal(scale->value.u.sint, -3);
  const wmisim_mof_qualifier *vol = wmisim_mof_qualifier_find(i->qualifiers, i->qualifier_count, "WmiVolatility");
  assert_int_equal(vol->value.u.sint, 16);
  const wmisim_mof_qualifier *values = wmisim_mof_qualifier_find(i->qualifiers, i->qualifier_count, "Values");
  assert_int_equal(values->value.kind, WMISIM_MOF_VALUE_ARRAY);
  assert_int_equal(values->value.u.array.count, 2);
  assert_string_equal(values->value.u.array.elements[1].u.string, "y");
  assert_int_equal(i->max_len, 4);
  wmisim_mof_schema_destroy(s);
}

static void method_parameters_without_ids_are_numbered_in_order(void **state) {
  (void)state;
  wmisim_mof_schema *s = load(BLOCK_HEAD("B", "0C")
                              "  [WmiMethodId(7)] void M([in] uint32 A, [out] uint32 Status,\n"
                              "                          [in, out] uint16 Both);\n};\n");
  const wmisim_mof_method *m = wmisim_mof_class_find_method(wmisim_mof_schema_find_class(s, "B"), 7);
  assert_non_null(m);
  assert_int_equal(m->input->item_count, 2);
  assert_int_equal(m->input->items[0].data_id, 1);
  assert_int_equal(m->input->items[1].data_id, 3);
  assert_int_equal(m->input->items[1].offset, 4);
  assert_int_equal(m->output->items[0].data_id, 2);
  assert_string_equal(m->output->items[1].name, "Both");
  assert_int_equal(m->input->kind, WMISIM_MOF_CLASS_PARAMETERS);
  wmisim_mof_schema_destroy(s);
}

static void non_void_method_returns_through_returnvalue(void **state) {
  (void)state;
  wmisim_mof_schema *s = load(BLOCK_HEAD("B", "0D")
                              "  [WmiMethodId(1)] uint32 Get([in] uint8 Which);\n};\n");
  const wmisim_mof_method *m = &wmisim_mof_schema_find_class(s, "B")->methods[0];
  assert_non_null(m->output);
  assert_string_equal(m->output->items[0].name, "ReturnValue");
  assert_int_equal(m->output->items[0].data_id, 2);
  assert_int_equal(m->output->items[0].type, WMISIM_MOF_TYPE_UINT32);
  wmisim_mof_schema_destroy(s);
}

static void namespace_pragma_is_recorded_per_class(void **state) {
  (void)state;
  wmisim_mof_schema *s = load("#pragma namespace(\"\\\\\\\\.\\\\root\\\\wmi\")\n"
                              "[WMI, guid(\"{3F2504E0-4F89-41D3-9A0C-0305E82C330E}\")]\n"
                              "class E\n{\n  [WmiDataId(1)] uint8 A;\n};\n");
  assert_string_equal(wmisim_mof_schema_find_class(s, "E")->name_space, "\\\\.\\root\\wmi");
  wmisim_mof_schema_destroy(s);
}

/* Loads text that must fail; returns its first message (valid until the
 * list is destroyed by the caller). */
static const wmisim_mof_diagnostic *first_error(const char *text, wmisim_mof_schema **s,
                                                wmisim_mof_diagnostics **d) {
  assert_int_equal(wmisim_mof_schema_create(s), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_diagnostics_create(d), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_schema_load_text(*s, "x.mof", text, strlen(text), *d),
                   STATUS_DATA_ERROR);
  return wmisim_mof_diagnostics_at(*d, 0);
}

static void error_message_quotes_line_with_caret(void **state) {
  (void)state;
  const char *text = "[WMI, guid(\"{3F2504E0-4F89-41D3-9A0C-0305E82C330F}\")]\n"
                     "class E\n{\n\t[WmiDataId(1)] uint8 A\n};\n";
  wmisim_mof_schema *s;
  wmisim_mof_diagnostics *d;
  const wmisim_mof_diagnostic *e = first_error(text, &s, &d);
  assert_string_equal(e->file, "x.mof");
  assert_int_equal(e->line, 5);
  assert_int_equal(e->column, 1);
  assert_string_equal(e->message, "expected ';' before '}'");
  assert_string_equal(e->source_line, "};");
  assert_string_equal(e->caret_line, "^");
  assert_int_equal(wmisim_mof_diagnostics_error_count(d), 1);
  wmisim_mof_diagnostics_destroy(d);
  wmisim_mof_schema_destroy(s);
}

static void caret_keeps_tabs_of_the_source_line(void **state) {
  (void)state;
  const char *text = "[WMI, guid(\"{3F2504E0-4F89-41D3-9A0C-0305E82C3310}\")]\n"
                     "class E\n{\n\t[WmiDataId(1)] uint9 A;\n};\n";
  wmisim_mof_schema *s;
  wmisim_mof_diagnostics *d;
  const wmisim_mof_diagnostic *e = first_error(text, &s, &d);
  assert_int_equal(e->line, 4);
  assert_int_equal(e->column, 17);
  assert_string_equal(e->caret_line, "\t               ^");
  wmisim_mof_diagnostics_destroy(d);
  wmisim_mof_schema_destroy(s);
}

static void second_load_may_use_classes_of_the_first(void **state) {
  (void)state;
  wmisim_mof_schema *s = load("[WMI, guid(\"{3F2504E0-4F89-41D3-9A0C-0305E82C3311}\")]\n"
                              "class Part\n{\n  [WmiDataId(1)] uint16 A;\n};\n");
  const char *second = BLOCK_HEAD("User", "12") "  [WmiDataId(1)] Part P;\n};\n";
  assert_int_equal(wmisim_mof_schema_load_text(s, "2.mof", second, strlen(second), NULL), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_schema_class_count(s), 2);
  assert_string_equal(wmisim_mof_schema_class_at(s, 1)->name, "User");
  /* The same class again is refused and changes nothing. */
  assert_int_equal(wmisim_mof_schema_load_text(s, "3.mof", second, strlen(second), NULL), STATUS_DATA_ERROR);
  assert_int_equal(wmisim_mof_schema_class_count(s), 2);
  wmisim_mof_schema_destroy(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(embedded_class_lays_out_with_natural_alignment),
      cmocka_unit_test(items_follow_wmidataid_not_declaration_order),
      cmocka_unit_test(string_makes_later_offsets_variable),
      cmocka_unit_test(embedded_array_uses_padded_structure_size),
      cmocka_unit_test(variable_array_starts_on_its_element_alignment),
      cmocka_unit_test(derived_class_inherits_base_items),
      cmocka_unit_test(class_derived_from_wmievent_is_event_block),
      cmocka_unit_test(bundled_power_block_is_found_by_guid),
      cmocka_unit_test(string_literals_concatenate_and_escapes_resolve),
      cmocka_unit_test(qualifier_values_keep_their_types),
      cmocka_unit_test(method_parameters_without_ids_are_numbered_in_order),
      cmocka_unit_test(non_void_method_returns_through_returnvalue),
      cmocka_unit_test(namespace_pragma_is_recorded_per_class),
      cmocka_unit_test(error_message_quotes_line_with_caret),
      cmocka_unit_test(caret_keeps_tabs_of_the_source_line),
      cmocka_unit_test(second_load_may_use_classes_of_the_first),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
