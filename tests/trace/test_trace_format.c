/*
 * test_trace_format.c - wmisim/format.h: flag names, bytes, MOF values in
 * text and JSON, JSON strings, and the snprintf-style length protocol.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <wmisim.h>

static void test_wnode_flags_are_named_and_joined(void **state) {
  (void)state;
  char text[128];
  wmisim_format_wnode_flags(WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES, text, sizeof text);
  assert_string_equal(text, "ALL_DATA|STATIC_INSTANCE_NAMES");
}

static void test_wnode_flags_without_a_name_are_one_hex_rest(void **state) {
  (void)state;
  char text[128];
  wmisim_format_wnode_flags(WNODE_FLAG_SINGLE_INSTANCE | 0x03000000, text, sizeof text);
  assert_string_equal(text, "SINGLE_INSTANCE|0x03000000");
}

static void test_no_flags_are_zero(void **state) {
  (void)state;
  char text[16];
  wmisim_format_reg_flags(0, text, sizeof text);
  assert_string_equal(text, "0");
}

static void test_registration_flags_are_named(void **state) {
  (void)state;
  char text[128];
  wmisim_format_reg_flags(WMIREG_FLAG_EXPENSIVE | WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_EVENT_ONLY_GUID, text,
                          sizeof text);
  assert_string_equal(text, "EXPENSIVE|INSTANCE_PDO|EVENT_ONLY_GUID");
}

static void test_format_returns_the_full_length_and_truncates(void **state) {
  (void)state;
  char text[6];
  size_t needed = wmisim_format_reg_flags(WMIREG_FLAG_EXPENSIVE | WMIREG_FLAG_INSTANCE_PDO, text, sizeof text);
  assert_int_equal(needed, strlen("EXPENSIVE|INSTANCE_PDO"));
  assert_string_equal(text, "EXPEN");
  assert_int_equal(wmisim_format_reg_flags(WMIREG_FLAG_EXPENSIVE, NULL, 0), strlen("EXPENSIVE"));
}

static void test_hex_is_upper_case_pairs_separated_by_spaces(void **state) {
  (void)state;
  const unsigned char bytes[] = {0x64, 0x00, 0xab, 0xFF};
  char text[32];
  assert_int_equal(wmisim_format_hex(bytes, sizeof bytes, text, sizeof text), 11);
  assert_string_equal(text, "64 00 AB FF");
  wmisim_format_hex(bytes, 0, text, sizeof text);
  assert_string_equal(text, "");
}

static void test_json_strings_escape_quotes_backslashes_and_controls(void **state) {
  (void)state;
  char text[64];
  wmisim_format_json_string("ROOT\\X \"a\"\n\x01", text, sizeof text);
  assert_string_equal(text, "\"ROOT\\\\X \\\"a\\\"\\n\\u0001\"");
  wmisim_format_json_string(NULL, text, sizeof text);
  assert_string_equal(text, "\"\"");
}

static void format(const wmisim_mof_value *value, wmisim_value_style_t style, const char *expected) {
  char text[256];
  size_t needed = wmisim_format_mof_value(value, style, text, sizeof text);
  assert_string_equal(text, expected);
  assert_int_equal(needed, strlen(expected));
}

static void test_integers_show_decimal_and_hex_in_the_hex_style(void **state) {
  (void)state;
  wmisim_mof_value value = {.kind = WMISIM_MOF_VALUE_UINT, .u.uint = 100};
  format(&value, WMISIM_VALUE_TEXT, "100");
  format(&value, WMISIM_VALUE_TEXT_HEX, "100 (0x64)");
  format(&value, WMISIM_VALUE_JSON, "100");
  wmisim_mof_value negative = {.kind = WMISIM_MOF_VALUE_SINT, .u.sint = -5};
  format(&negative, WMISIM_VALUE_TEXT_HEX, "-5");
}

static void test_booleans_are_powershell_words_or_json_literals(void **state) {
  (void)state;
  wmisim_mof_value value = {.kind = WMISIM_MOF_VALUE_BOOLEAN, .u.boolean = TRUE};
  format(&value, WMISIM_VALUE_TEXT, "True");
  format(&value, WMISIM_VALUE_JSON, "true");
  value.u.boolean = FALSE;
  format(&value, WMISIM_VALUE_TEXT, "False");
}

static void test_strings_are_plain_in_text_and_escaped_in_json(void **state) {
  (void)state;
  wmisim_mof_value value = {.kind = WMISIM_MOF_VALUE_STRING, .u.string = "C:\\disk \"0\""};
  format(&value, WMISIM_VALUE_TEXT, "C:\\disk \"0\"");
  format(&value, WMISIM_VALUE_JSON, "\"C:\\\\disk \\\"0\\\"\"");
}

static void test_arrays_are_braced_in_text_and_bracketed_in_json(void **state) {
  (void)state;
  wmisim_mof_value elements[] = {{.kind = WMISIM_MOF_VALUE_UINT, .u.uint = 1},
                                 {.kind = WMISIM_MOF_VALUE_UINT, .u.uint = 2}};
  wmisim_mof_value value = {.kind = WMISIM_MOF_VALUE_ARRAY, .u.array = {2, elements}};
  format(&value, WMISIM_VALUE_TEXT, "{1, 2}");
  format(&value, WMISIM_VALUE_JSON, "[1, 2]");
}

static void test_unset_values_are_empty_or_null(void **state) {
  (void)state;
  format(NULL, WMISIM_VALUE_TEXT, "");
  format(NULL, WMISIM_VALUE_JSON, "null");
}

static void test_reals_and_characters(void **state) {
  (void)state;
  wmisim_mof_value value = {.kind = WMISIM_MOF_VALUE_REAL, .u.real = 1.5};
  format(&value, WMISIM_VALUE_TEXT, "1.5");
  format(&value, WMISIM_VALUE_JSON, "1.5");
  wmisim_mof_value letter = {.kind = WMISIM_MOF_VALUE_CHAR16, .u.char16 = 'A'};
  format(&letter, WMISIM_VALUE_TEXT, "A");
  format(&letter, WMISIM_VALUE_JSON, "\"A\"");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_wnode_flags_are_named_and_joined),
    cmocka_unit_test(test_wnode_flags_without_a_name_are_one_hex_rest),
    cmocka_unit_test(test_no_flags_are_zero),
    cmocka_unit_test(test_registration_flags_are_named),
    cmocka_unit_test(test_format_returns_the_full_length_and_truncates),
    cmocka_unit_test(test_hex_is_upper_case_pairs_separated_by_spaces),
    cmocka_unit_test(test_json_strings_escape_quotes_backslashes_and_controls),
    cmocka_unit_test(test_integers_show_decimal_and_hex_in_the_hex_style),
    cmocka_unit_test(test_booleans_are_powershell_words_or_json_literals),
    cmocka_unit_test(test_strings_are_plain_in_text_and_escaped_in_json),
    cmocka_unit_test(test_arrays_are_braced_in_text_and_bracketed_in_json),
    cmocka_unit_test(test_unset_values_are_empty_or_null),
    cmocka_unit_test(test_reals_and_characters),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
