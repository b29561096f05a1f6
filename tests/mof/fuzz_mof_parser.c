/*
 * fuzz_mof_parser.c - libFuzzer target: arbitrary bytes as MOF text through
 * the whole load pipeline (lexer, parser, model, rules, layout), then the
 * header generator, and a decode of the same bytes with every class loaded.
 * Built with -DWMISIM_BUILD_FUZZERS=ON and clang; run by scripts/fuzz-mof.sh.
 */
#include <stddef.h>
#include <stdint.h>

#include <ntstatus.h>
#include <wmisim/mof.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  wmisim_mof_schema *schema = NULL;
  wmisim_mof_diagnostics *diags = NULL;
  if (wmisim_mof_schema_create(&schema) != STATUS_SUCCESS ||
      wmisim_mof_diagnostics_create(&diags) != STATUS_SUCCESS) {
    wmisim_mof_schema_destroy(schema);
    return 0;
  }
  if (wmisim_mof_schema_load_text(schema, "fuzz.mof", (const char *)data, size, diags) ==
      STATUS_SUCCESS) {
    char *text = NULL;
    if (wmisim_mof_generate_header(schema, "fuzz", WMISIM_MOF_HEADER_METHODS |
                                                      WMISIM_MOF_HEADER_ALL_MEMBERS,
                                   &text, NULL) == STATUS_SUCCESS)
      wmisim_mof_free(text);
    for (size_t i = 0; i < wmisim_mof_schema_class_count(schema); i++) {
      wmisim_mof_object *object = NULL;
      const wmisim_mof_class *cls = wmisim_mof_schema_class_at(schema, i);
      if (wmisim_mof_decode(cls, data, (ULONG)size, &object, NULL, NULL) == STATUS_SUCCESS) {
        ULONG needed = 0;
        wmisim_mof_encode(object, NULL, 0, &needed);
        wmisim_mof_object_destroy(object);
      }
      wmisim_mof_validate_block(cls, data, (ULONG)size, diags);
    }
  }
  wmisim_mof_diagnostics_destroy(diags);
  wmisim_mof_schema_destroy(schema);
  return 0;
}
