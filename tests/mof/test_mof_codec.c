/*
 * test_mof_codec.c - encode/decode round trips, byte layouts, WNODE
 * decoding, validation of driver buffers and the MofResourceName lookup.
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

static const char codec_mof[] =
    "[WMI, guid(\"{7E57C0DE-0000-4000-8000-000000000001}\")]\n"
    "class Part\n{\n"
    "  [WmiDataId(1), read, write] uint8 Mode;\n"
    "  [WmiDataId(2), read, write] uint32 Threshold;\n};\n"
    "[WMI, Dynamic, Provider(\"WMIProv\"), guid(\"{7E57C0DE-0000-4000-8000-000000000002}\")]\n"
    "class Fixed\n{\n  [key, read] string InstanceName;\n  [read] boolean Active;\n"
    "  [WmiDataId(1), read, write] boolean Flag;\n"
    "  [WmiDataId(2), read, write] sint16 Delta;\n"
    "  [WmiDataId(3), read] uint64 Big;\n"
    "  [WmiDataId(4), read, write] real32 Ratio;\n"
    "  [WmiDataId(5), read, write] char16 Letter;\n"
    "  [WmiDataId(6), read, write] datetime When;\n"
    "  [WmiDataId(7), read, write] Part Inner;\n"
    "  [WmiDataId(8), read] uint8 Bytes[3];\n};\n"
    "[WMI, Dynamic, Provider(\"WMIProv\"), guid(\"{7E57C0DE-0000-4000-8000-000000000003}\")]\n"
    "class Var\n{\n  [key, read] string InstanceName;\n  [read] boolean Active;\n"
    "  [WmiDataId(1), read] uint16 Count;\n"
    "  [WmiDataId(2), read, WmiSizeIs(\"Count\")] uint32 Values[];\n"
    "  [WmiDataId(3), read, write, MaxLen(4)] string Name;\n"
    "  [WmiDataId(4), read, write] uint16 Tail;\n"
    "  [WmiMethodId(1)] void Run([in] uint32 Arg, [out] string Result);\n};\n";

static const char when[] = "20240102030405.000000+060";

static int setup(void **state) {
  wmisim_mof_schema *schema;
  if (wmisim_mof_schema_create(&schema) != STATUS_SUCCESS ||
      wmisim_mof_schema_load_text(schema, "codec.mof", codec_mof, sizeof(codec_mof) - 1, NULL) !=
          STATUS_SUCCESS)
    return -1;
  *state = schema;
  return 0;
}

static int teardown(void **state) {
  wmisim_mof_schema_destroy(*state);
  return 0;
}

static const wmisim_mof_class *cls(void **state, const char *name) {
  const wmisim_mof_class *c = wmisim_mof_schema_find_class(*state, name);
  assert_non_null(c);
  return c;
}

static void set_uint(wmisim_mof_object *o, const char *name, ULONGLONG v) {
  wmisim_mof_value value = {WMISIM_MOF_VALUE_UINT, {.uint = v}};
  assert_int_equal(wmisim_mof_object_set(o, name, &value), STATUS_SUCCESS);
}

static void set_string(wmisim_mof_object *o, const char *name, const char *text) {
  wmisim_mof_value value = {WMISIM_MOF_VALUE_STRING, {.string = text}};
  assert_int_equal(wmisim_mof_object_set(o, name, &value), STATUS_SUCCESS);
}

static wmisim_mof_object *fixed_sample(void **state) {
  wmisim_mof_object *o, *inner;
  assert_int_equal(wmisim_mof_object_create(cls(state, "Fixed"), &o), STATUS_SUCCESS);
  wmisim_mof_value flag = {WMISIM_MOF_VALUE_BOOLEAN, {.boolean = TRUE}};
  wmisim_mof_value delta = {WMISIM_MOF_VALUE_SINT, {.sint = -2}};
  wmisim_mof_value ratio = {WMISIM_MOF_VALUE_REAL, {.real = 0.5}};
  wmisim_mof_value letter = {WMISIM_MOF_VALUE_CHAR16, {.char16 = 0x263A}};
  wmisim_mof_value stamp = {WMISIM_MOF_VALUE_DATETIME, {.string = when}};
  assert_int_equal(wmisim_mof_object_set(o, "Flag", &flag), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_object_set(o, "Delta", &delta), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_object_set(o, "Ratio", &ratio), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_object_set(o, "Letter", &letter), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_object_set(o, "When", &stamp), STATUS_SUCCESS);
  set_uint(o, "Big", 0x0102030405060708ULL);
  assert_int_equal(wmisim_mof_object_create(cls(state, "Part"), &inner), STATUS_SUCCESS);
  set_uint(inner, "Mode", 9);
  set_uint(inner, "Threshold", 0x11223344);
  wmisim_mof_value embedded = {WMISIM_MOF_VALUE_OBJECT, {.object = inner}};
  assert_int_equal(wmisim_mof_object_set(o, "Inner", &embedded), STATUS_SUCCESS);
  wmisim_mof_object_destroy(inner);
  wmisim_mof_value bytes[3] = {{WMISIM_MOF_VALUE_UINT, {.uint = 1}},
                               {WMISIM_MOF_VALUE_UINT, {.uint = 2}},
                               {WMISIM_MOF_VALUE_UINT, {.uint = 255}}};
  wmisim_mof_value array = {WMISIM_MOF_VALUE_ARRAY, {.array = {3, bytes}}};
  assert_int_equal(wmisim_mof_object_set(o, "Bytes", &array), STATUS_SUCCESS);
  return o;
}

static void fixed_block_encodes_at_schema_offsets(void **state) {
  wmisim_mof_object *o = fixed_sample(state);
  unsigned char block[128];
  ULONG needed = 0;
  assert_int_equal(wmisim_mof_encode(o, block, sizeof(block), &needed), STATUS_SUCCESS);
  const wmisim_mof_class *c = cls(state, "Fixed");
  assert_int_equal(needed, c->size);
  assert_int_equal(needed, 83); /* Bytes ends at 80 + 3 */
  assert_int_equal(block[0], 1);
  assert_int_equal(block[2], 0xfe);
  assert_int_equal(block[3], 0xff);
  assert_int_equal(block[8], 0x08);
  assert_int_equal(block[15], 0x01);
  assert_int_equal(block[20], 0x3a); /* Letter at 20 */
  assert_int_equal(block[21], 0x26);
  assert_int_equal(block[22], '2');  /* When at 22, UTF-16 */
  assert_int_equal(block[23], 0);
  assert_int_equal(block[72], 9);    /* Inner at 72: Mode, then Threshold at +4 */
  assert_int_equal(block[76], 0x44);
  assert_int_equal(block[80], 1);    /* Bytes at 80 */
  assert_int_equal(block[82], 255);
  wmisim_mof_object_destroy(o);
}

static void fixed_block_round_trips(void **state) {
  wmisim_mof_object *o = fixed_sample(state), *back = NULL;
  unsigned char block[128];
  ULONG needed = 0, consumed = 0;
  assert_int_equal(wmisim_mof_encode(o, block, sizeof(block), &needed), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_decode(cls(state, "Fixed"), block, needed, &back, &consumed, NULL),
                   STATUS_SUCCESS);
  assert_int_equal(consumed, needed);
  assert_true(wmisim_mof_object_get(back, "Flag")->value.u.boolean);
  assert_int_equal(wmisim_mof_object_get(back, "Delta")->value.u.sint, -2);
  assert_true(wmisim_mof_object_get(back, "Big")->value.u.uint == 0x0102030405060708ULL);
  assert_true(wmisim_mof_object_get(back, "Ratio")->value.u.real == 0.5);
  assert_int_equal(wmisim_mof_object_get(back, "Letter")->value.u.char16, 0x263A);
  assert_string_equal(wmisim_mof_object_get(back, "When")->value.u.string, when);
  const wmisim_mof_object *inner = wmisim_mof_object_get(back, "Inner")->value.u.object;
  assert_int_equal(wmisim_mof_object_get(inner, "Threshold")->value.u.uint, 0x11223344);
  const wmisim_mof_value *bytes = &wmisim_mof_object_get(back, "Bytes")->value;
  assert_int_equal(bytes->u.array.count, 3);
  assert_int_equal(bytes->u.array.elements[2].u.uint, 255);
  wmisim_mof_object_destroy(o);
  wmisim_mof_object_destroy(back);
}

static wmisim_mof_object *var_sample(void **state, const char *name) {
  wmisim_mof_object *o;
  assert_int_equal(wmisim_mof_object_create(cls(state, "Var"), &o), STATUS_SUCCESS);
  wmisim_mof_value values[2] = {{WMISIM_MOF_VALUE_UINT, {.uint = 7}},
                                {WMISIM_MOF_VALUE_UINT, {.uint = 8}}};
  wmisim_mof_value array = {WMISIM_MOF_VALUE_ARRAY, {.array = {2, values}}};
  assert_int_equal(wmisim_mof_object_set(o, "Values", &array), STATUS_SUCCESS);
  set_string(o, "Name", name);
  set_uint(o, "Tail", 0xBEEF);
  return o;
}

static void variable_block_takes_count_from_its_array(void **state) {
  wmisim_mof_object *o = var_sample(state, "h\xc3\xa9");
  unsigned char block[64];
  ULONG needed = 0;
  assert_int_equal(wmisim_mof_encode(o, block, sizeof(block), &needed), STATUS_SUCCESS);
  /* Count 2 @0, Values @4 (8 bytes), Name @12: 4, 'h', 0xE9, Tail @18 */
  assert_int_equal(needed, 20);
  assert_int_equal(block[0], 2);
  assert_int_equal(block[4], 7);
  assert_int_equal(block[8], 8);
  assert_int_equal(block[12], 4);
  assert_int_equal(block[14], 'h');
  assert_int_equal(block[16], 0xe9);
  assert_int_equal(block[18], 0xef);
  assert_int_equal(block[19], 0xbe);
  wmisim_mof_object *back = NULL;
  assert_int_equal(wmisim_mof_decode(cls(state, "Var"), block, needed, &back, NULL, NULL),
                   STATUS_SUCCESS);
  assert_string_equal(wmisim_mof_object_get(back, "Name")->value.u.string, "h\xc3\xa9");
  assert_int_equal(wmisim_mof_object_get(back, "Count")->value.u.uint, 2);
  assert_int_equal(wmisim_mof_object_get(back, "Tail")->value.u.uint, 0xBEEF);
  wmisim_mof_object_destroy(back);
  wmisim_mof_object_destroy(o);
}

static void encode_reports_size_when_buffer_is_small(void **state) {
  wmisim_mof_object *o = var_sample(state, "ab");
  ULONG needed = 0;
  assert_int_equal(wmisim_mof_encode(o, NULL, 0, &needed), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(needed, 20);
  wmisim_mof_object_destroy(o);
}

static void count_disagreeing_with_array_is_rejected(void **state) {
  wmisim_mof_object *o = var_sample(state, "ab");
  set_uint(o, "Count", 5);
  ULONG needed = 0;
  unsigned char block[64];
  assert_int_equal(wmisim_mof_encode(o, block, sizeof(block), &needed), STATUS_INVALID_PARAMETER);
  wmisim_mof_object_destroy(o);
}

static void string_longer_than_maxlen_is_not_encoded(void **state) {
  wmisim_mof_object *o = var_sample(state, "abcde");
  ULONG needed = 0;
  assert_int_equal(wmisim_mof_encode(o, NULL, 0, &needed), STATUS_INVALID_PARAMETER);
  wmisim_mof_object_destroy(o);
}

static void class_without_items_encodes_to_nothing(void **state) {
  wmisim_mof_object *o;
  assert_int_equal(wmisim_mof_object_create(cls(state, "WMIEvent"), &o), STATUS_SUCCESS);
  ULONG needed = 1;
  assert_int_equal(wmisim_mof_encode(o, NULL, 0, &needed), STATUS_SUCCESS);
  assert_int_equal(needed, 0);
  wmisim_mof_object_destroy(o);
}

static void set_rejects_wrong_kind_range_and_name(void **state) {
  wmisim_mof_object *o;
  assert_int_equal(wmisim_mof_object_create(cls(state, "Fixed"), &o), STATUS_SUCCESS);
  wmisim_mof_value too_big = {WMISIM_MOF_VALUE_SINT, {.sint = 40000}};
  wmisim_mof_value text = {WMISIM_MOF_VALUE_STRING, {.string = "x"}};
  assert_int_equal(wmisim_mof_object_set(o, "Delta", &too_big), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_mof_object_set(o, "Flag", &text), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_mof_object_set(o, "When", &text), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_mof_object_set(o, "Nope", &text), STATUS_INVALID_PARAMETER);
  wmisim_mof_object_destroy(o);
}

static void truncated_block_fails_with_offset(void **state) {
  wmisim_mof_diagnostics *d;
  assert_int_equal(wmisim_mof_diagnostics_create(&d), STATUS_SUCCESS);
  unsigned char block[16] = {0};
  wmisim_mof_object *o = NULL;
  assert_int_equal(wmisim_mof_decode(cls(state, "Fixed"), block, sizeof(block), &o, NULL, d),
                   STATUS_DATA_ERROR);
  assert_null(o);
  const wmisim_mof_diagnostic *e = wmisim_mof_diagnostics_at(d, 0);
  assert_int_equal(e->column, 17); /* Ratio at offset 16 */
  assert_string_equal(e->message,
                      "item 'Ratio' (WmiDataId 4) needs 4 bytes at offset 16 but the block has 16");
  wmisim_mof_diagnostics_destroy(d);
}

static void string_count_may_include_terminator_and_padding(void **state) {
  unsigned char block[] = {0, 0, 0, 0, 8, 0, 'o', 0, 'k', 0, 0, 0, 0, 0, 1, 0};
  wmisim_mof_object *o = NULL;
  assert_int_equal(wmisim_mof_decode(cls(state, "Var"), block, sizeof(block), &o, NULL, NULL),
                   STATUS_SUCCESS);
  assert_string_equal(wmisim_mof_object_get(o, "Name")->value.u.string, "ok");
  assert_int_equal(wmisim_mof_object_get(o, "Tail")->value.u.uint, 1);
  wmisim_mof_object_destroy(o);
}

static void method_parameters_round_trip(void **state) {
  const wmisim_mof_method *m = wmisim_mof_class_find_method(cls(state, "Var"), 1);
  wmisim_mof_object *in;
  assert_int_equal(wmisim_mof_object_create(m->input, &in), STATUS_SUCCESS);
  set_uint(in, "Arg", 77);
  unsigned char buffer[8];
  ULONG needed;
  assert_int_equal(wmisim_mof_encode(in, buffer, sizeof(buffer), &needed), STATUS_SUCCESS);
  assert_int_equal(needed, 4);
  assert_int_equal(buffer[0], 77);
  unsigned char out[] = {4, 0, 'o', 0, 'k', 0};
  wmisim_mof_object *result = NULL;
  assert_int_equal(wmisim_mof_decode(m->output, out, sizeof(out), &result, NULL, NULL), STATUS_SUCCESS);
  assert_string_equal(wmisim_mof_object_get(result, "Result")->value.u.string, "ok");
  wmisim_mof_object_destroy(result);
  wmisim_mof_object_destroy(in);
}

/* ---- WNODEs ------------------------------------------------------------------- */

static void put32(unsigned char *p, ULONG v) {
  for (int i = 0; i < 4; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

static const GUID var_guid = {0x7E57C0DE, 0, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, 3}};

static void put_header(unsigned char *w, ULONG size, ULONG flags) {
  put32(w + offsetof(WNODE_HEADER, BufferSize), size);
  memcpy(w + offsetof(WNODE_HEADER, Guid), &var_guid, sizeof(GUID));
  put32(w + offsetof(WNODE_HEADER, Flags), flags);
}

/* Var instance: Count 1, Values {v}, Name "", Tail t -> 12 bytes. */
static void put_var_block(unsigned char *p, ULONG v, ULONG t) {
  memset(p, 0, 12);
  p[0] = 1;
  put32(p + 4, v);
  p[10] = (unsigned char)t;
}

static void all_data_with_dynamic_names_decodes_each_instance(void **state) {
  unsigned char w[160];
  memset(w, 0, sizeof(w));
  put_header(w, 136, WNODE_FLAG_ALL_DATA);
  put32(w + offsetof(WNODE_ALL_DATA, InstanceCount), 2);
  put32(w + offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets), 80);
  ULONG table = offsetof(WNODE_ALL_DATA, OffsetInstanceDataAndLength);
  put32(w + table, 96);      /* instance 0 data */
  put32(w + table + 4, 12);
  put32(w + table + 8, 112); /* instance 1 data */
  put32(w + table + 12, 12);
  put32(w + 80, 124);        /* name offsets */
  put32(w + 84, 130);
  put_var_block(w + 96, 5, 6);
  put_var_block(w + 112, 7, 8);
  w[124] = 4; w[126] = 'A'; w[128] = '0';
  w[130] = 4; w[132] = 'B'; w[134] = '1';
  wmisim_mof_wnode_data *data = NULL;
  assert_int_equal(wmisim_mof_decode_wnode(*state, (const WNODE_HEADER *)(void *)w, sizeof(w), &data, NULL),
                   STATUS_SUCCESS);
  assert_string_equal(data->cls->name, "Var");
  assert_int_equal(data->instance_count, 2);
  assert_string_equal(data->instances[0].instance_name, "A0");
  assert_string_equal(data->instances[1].instance_name, "B1");
  const wmisim_mof_value *values = &wmisim_mof_object_get(data->instances[1].object, "Values")->value;
  assert_int_equal(values->u.array.elements[0].u.uint, 7);
  assert_int_equal(wmisim_mof_object_get(data->instances[1].object, "Tail")->value.u.uint, 8);
  assert_int_equal(wmisim_mof_validate_wnode(*state, (const WNODE_HEADER *)(void *)w, sizeof(w), NULL),
                   STATUS_SUCCESS);
  wmisim_mof_wnode_data_destroy(data);
}

static void all_data_with_fixed_size_and_static_names(void **state) {
  unsigned char w[112];
  memset(w, 0, sizeof(w));
  put_header(w, 104, WNODE_FLAG_ALL_DATA | WNODE_FLAG_FIXED_INSTANCE_SIZE |
                         WNODE_FLAG_STATIC_INSTANCE_NAMES);
  put32(w + offsetof(WNODE_ALL_DATA, InstanceCount), 2);
  put32(w + offsetof(WNODE_ALL_DATA, DataBlockOffset), 72);
  put32(w + offsetof(WNODE_ALL_DATA, OffsetInstanceDataAndLength), 12); /* FixedInstanceSize */
  put_var_block(w + 72, 1, 2);
  put_var_block(w + 88, 3, 4); /* 72 + align8(12) */
  wmisim_mof_wnode_data *data = NULL;
  assert_int_equal(wmisim_mof_decode_wnode(*state, (const WNODE_HEADER *)(void *)w, sizeof(w), &data, NULL),
                   STATUS_SUCCESS);
  assert_int_equal(data->instance_count, 2);
  assert_null(data->instances[0].instance_name);
  assert_int_equal(data->instances[1].instance_index, 1);
  assert_int_equal(wmisim_mof_object_get(data->instances[1].object, "Tail")->value.u.uint, 4);
  wmisim_mof_wnode_data_destroy(data);
}

static void single_instance_event_decodes(void **state) {
  unsigned char w[96];
  memset(w, 0, sizeof(w));
  put_header(w, 88, WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_EVENT_ITEM);
  put32(w + offsetof(WNODE_SINGLE_INSTANCE, OffsetInstanceName), 64);
  put32(w + offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset), 72);
  put32(w + offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), 12);
  w[64] = 2; w[66] = 'Z';
  put_var_block(w + 72, 11, 12);
  wmisim_mof_wnode_data *data = NULL;
  assert_int_equal(wmisim_mof_decode_wnode(*state, (const WNODE_HEADER *)(void *)w, sizeof(w), &data, NULL),
                   STATUS_SUCCESS);
  assert_int_equal(data->instance_count, 1);
  assert_true(data->flags & WNODE_FLAG_EVENT_ITEM);
  assert_string_equal(data->instances[0].instance_name, "Z");
  assert_int_equal(wmisim_mof_object_get(data->instances[0].object, "Tail")->value.u.uint, 12);
  wmisim_mof_wnode_data_destroy(data);
}

static void validate_wnode_flags_misaligned_block(void **state) {
  unsigned char w[96];
  memset(w, 0, sizeof(w));
  put_header(w, 88, WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  put32(w + offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset), 68);
  put32(w + offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), 12);
  put_var_block(w + 68, 1, 1);
  wmisim_mof_diagnostics *d;
  assert_int_equal(wmisim_mof_diagnostics_create(&d), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_validate_wnode(*state, (const WNODE_HEADER *)(void *)w, sizeof(w), d),
                   STATUS_DATA_ERROR);
  assert_string_equal(wmisim_mof_diagnostics_at(d, 0)->message,
                      "data block does not start on an 8-byte boundary");
  wmisim_mof_diagnostics_destroy(d);
}

static void unknown_guid_is_not_found(void **state) {
  unsigned char w[64] = {0};
  put_header(w, 64, WNODE_FLAG_SINGLE_INSTANCE);
  w[offsetof(WNODE_HEADER, Guid)] ^= 1;
  wmisim_mof_wnode_data *data = NULL;
  assert_int_equal(wmisim_mof_decode_wnode(*state, (const WNODE_HEADER *)(void *)w, sizeof(w), &data, NULL),
                   STATUS_NOT_FOUND);
}

static void validate_block_flags_string_longer_than_maxlen(void **state) {
  unsigned char block[] = {0, 0, 0, 0, 10, 0, 'a', 0, 'b', 0, 'c', 0, 'd', 0, 'e', 0, 1, 0};
  wmisim_mof_diagnostics *d;
  assert_int_equal(wmisim_mof_diagnostics_create(&d), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_validate_block(cls(state, "Var"), block, sizeof(block), d), STATUS_DATA_ERROR);
  assert_string_equal(wmisim_mof_diagnostics_at(d, 0)->message,
                      "string 'Name' has 5 characters, more than its MaxLen(4)");
  assert_int_equal(wmisim_mof_diagnostics_at(d, 0)->column, 5);
  wmisim_mof_diagnostics_destroy(d);
}

static void validate_block_flags_odd_string_length(void **state) {
  unsigned char block[] = {0, 0, 0, 0, 3, 0, 'a', 0, 'b', 0};
  assert_int_equal(wmisim_mof_validate_block(cls(state, "Var"), block, sizeof(block), NULL), STATUS_DATA_ERROR);
}

static void validate_set_rejects_changed_read_only_item(void **state) {
  unsigned char before[12], after[12];
  put_var_block(before, 1, 2);
  put_var_block(after, 1, 3); /* Tail is writable */
  assert_int_equal(wmisim_mof_validate_set(cls(state, "Var"), before, 12, after, 12, NULL), STATUS_SUCCESS);
  put_var_block(after, 9, 2); /* Values is read-only */
  wmisim_mof_diagnostics *d;
  assert_int_equal(wmisim_mof_diagnostics_create(&d), STATUS_SUCCESS);
  assert_int_equal(wmisim_mof_validate_set(cls(state, "Var"), before, 12, after, 12, d), STATUS_WMI_READ_ONLY);
  assert_string_equal(wmisim_mof_diagnostics_at(d, 0)->message,
                      "item 'Values' (WmiDataId 2) is read-only but the set request changes it");
  wmisim_mof_diagnostics_destroy(d);
}

/* ---- MofResourceName lookup ------------------------------------------------------ */

static void resource_path_is_beside_the_driver(void **state) {
  (void)state;
  char path[64];
  size_t needed;
  assert_int_equal(wmisim_mof_resource_path("build/drivers/sample.so", "SampleMof", path, sizeof(path), &needed),
                   STATUS_SUCCESS);
  assert_string_equal(path, "build/drivers/SampleMof.mof");
  assert_int_equal(needed, strlen(path));
  assert_int_equal(wmisim_mof_resource_path("C:\\drv\\x.sys", "M.MOF", path, sizeof(path), &needed),
                   STATUS_SUCCESS);
  assert_string_equal(path, "C:\\drv\\M.MOF");
  assert_int_equal(wmisim_mof_resource_path("x.so", "M", path, sizeof(path), &needed), STATUS_SUCCESS);
  assert_string_equal(path, "./M.mof");
}

static void resource_name_cannot_leave_the_directory(void **state) {
  (void)state;
  char path[64];
  size_t needed;
  assert_int_equal(wmisim_mof_resource_path("d/x.so", "../M", path, sizeof(path), &needed), STATUS_INVALID_PARAMETER);
  assert_int_equal(wmisim_mof_resource_path("d/x.so", "", path, sizeof(path), &needed), STATUS_INVALID_PARAMETER);
}

static void resource_path_reports_needed_size(void **state) {
  (void)state;
  char path[4];
  size_t needed = 0;
  assert_int_equal(wmisim_mof_resource_path("d/x.so", "Mof", path, sizeof(path), &needed), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(needed, 9);
}

static void utf16_resource_name_is_converted(void **state) {
  (void)state;
  static const WCHAR name[] = {'M', 'o', 'f', 0x00e9};
  char path[64];
  size_t needed;
  assert_int_equal(wmisim_mof_resource_path_utf16("d/x.so", name, sizeof(name), path, sizeof(path), &needed),
                   STATUS_SUCCESS);
  assert_string_equal(path, "d/Mof\xc3\xa9.mof");
}

static void missing_resource_file_is_object_name_not_found(void **state) {
  assert_int_equal(wmisim_mof_schema_load_for_driver(*state, "/nonexistent-dir/x.so", "NoSuchMof", NULL),
                   STATUS_OBJECT_NAME_NOT_FOUND);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fixed_block_encodes_at_schema_offsets),
      cmocka_unit_test(fixed_block_round_trips),
      cmocka_unit_test(variable_block_takes_count_from_its_array),
      cmocka_unit_test(encode_reports_size_when_buffer_is_small),
      cmocka_unit_test(count_disagreeing_with_array_is_rejected),
      cmocka_unit_test(string_longer_than_maxlen_is_not_encoded),
      cmocka_unit_test(class_without_items_encodes_to_nothing),
      cmocka_unit_test(set_rejects_wrong_kind_range_and_name),
      cmocka_unit_test(truncated_block_fails_with_offset),
      cmocka_unit_test(string_count_may_include_terminator_and_padding),
      cmocka_unit_test(method_parameters_round_trip),
      cmocka_unit_test(all_data_with_dynamic_names_decodes_each_instance),
      cmocka_unit_test(all_data_with_fixed_size_and_static_names),
      cmocka_unit_test(single_instance_event_decodes),
      cmocka_unit_test(validate_wnode_flags_misaligned_block),
      cmocka_unit_test(unknown_guid_is_not_found),
      cmocka_unit_test(validate_block_flags_string_longer_than_maxlen),
      cmocka_unit_test(validate_block_flags_odd_string_length),
      cmocka_unit_test(validate_set_rejects_changed_read_only_item),
      cmocka_unit_test(resource_path_is_beside_the_driver),
      cmocka_unit_test(resource_name_cannot_leave_the_directory),
      cmocka_unit_test(resource_path_reports_needed_size),
      cmocka_unit_test(utf16_resource_name_is_converted),
      cmocka_unit_test(missing_resource_file_is_object_name_not_found),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
