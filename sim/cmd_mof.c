/*
 * cmd_mof.c - `wmisim mof`: check MOF files against the WDM rules, print
 * their computed layout, and generate wmimofck-compatible C headers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ntstatus.h>
#include <wmisim/mof.h>

#include "commands.h"

static const char mof_usage[] =
    "usage: wmisim mof <subcommand> [options] FILE...\n"
    "\n"
    "subcommands:\n"
    "  check FILE...                     parse MOF files and check the WDM rules\n"
    "  header [-m] [-u] [-o OUT] FILE    generate the C header wmimofck -h writes\n"
    "  schema FILE...                    print classes, GUIDs, item offsets and methods\n"
    "\n"
    "Run 'wmisim mof <subcommand> --help' for details.\n";

static const char check_usage[] =
    "usage: wmisim mof check FILE...\n"
    "\n"
    "Parses each MOF file (later files may use classes of earlier ones) and checks\n"
    "the WDM rules: InstanceName and Active, WmiDataId, guid, Dynamic and\n"
    "Provider(\"WMIProv\"), WmiSizeIs, embedded classes. Problems are printed as\n"
    "file:line:column: error: message with the source line and a caret.\n"
    "Exit status: 0 when every file is valid, 3 when one is not, 2 for usage errors.\n";

static const char header_usage[] =
    "usage: wmisim mof header [-m] [-u] [-o OUT] FILE\n"
    "\n"
    "Writes the C header wmimofck -h generates for the classes of FILE: GUID\n"
    "macros, DEFINE_GUID, one structure per data block with _SIZE and _ID macros,\n"
    "method ids and DefineValues constants.\n"
    "\n"
    "  -m       also write <Method>_IN and <Method>_OUT structures (wmimofck -m)\n"
    "  -u       also write members for MaxLen strings (wmimofck -u)\n"
    "  -o OUT   write to OUT instead of standard output; the include guard is\n"
    "           named after OUT (_<name>_h_), else after FILE\n"
    "Exit status: 0 on success, 3 for an invalid MOF, 2 for usage errors,\n"
    "1 when OUT cannot be written.\n";

static const char schema_usage[] =
    "usage: wmisim mof schema FILE...\n"
    "\n"
    "Prints the computed schema: per class its kind, GUID, size and alignment,\n"
    "its items in WmiDataId order with offset, size and alignment, and its\n"
    "methods with their input and output layouts.\n"
    "Exit status: 0 on success, 3 for an invalid MOF, 2 for usage errors.\n";

static int wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
      return 1;
  return 0;
}

/* Loads files in order into a new schema; prints diagnostics to stderr. */
static int load_files(wmisim_mof_schema **schema, char **files, int count) {
  wmisim_mof_diagnostics *diags = NULL;
  if (!NT_SUCCESS(wmisim_mof_schema_create(schema)) ||
      !NT_SUCCESS(wmisim_mof_diagnostics_create(&diags))) {
    fprintf(stderr, "wmisim mof: out of memory\n");
    wmisim_mof_schema_destroy(*schema);
    *schema = NULL;
    return WMISIM_EXIT_INTERNAL;
  }
  int result = WMISIM_EXIT_OK;
  for (int i = 0; i < count; i++) {
    NTSTATUS status = wmisim_mof_schema_load_file(*schema, files[i], diags);
    if (status == STATUS_NO_MEMORY) {
      fprintf(stderr, "wmisim mof: out of memory\n");
      result = WMISIM_EXIT_INTERNAL;
    } else if (!NT_SUCCESS(status)) {
      result = WMISIM_EXIT_INPUT;
    }
  }
  wmisim_mof_diagnostics_print(diags, stderr);
  wmisim_mof_diagnostics_destroy(diags);
  return result;
}

static int usage_error(const char *message, const char *usage) {
  fprintf(stderr, "wmisim mof: %s\n%s", message, usage);
  return WMISIM_EXIT_USAGE;
}

static int run_check(int argc, char **argv) {
  if (wants_help(argc, argv)) {
    fputs(check_usage, stdout);
    return WMISIM_EXIT_OK;
  }
  if (argc < 2)
    return usage_error("check needs at least one MOF file", check_usage);
  wmisim_mof_schema *schema = NULL;
  int result = load_files(&schema, argv + 1, argc - 1);
  if (result == WMISIM_EXIT_OK)
    printf("%d file%s OK, %zu class%s\n", argc - 1, argc == 2 ? "" : "s",
           wmisim_mof_schema_class_count(schema),
           wmisim_mof_schema_class_count(schema) == 1 ? "" : "es");
  wmisim_mof_schema_destroy(schema);
  return result;
}

/* "dir/wmidata.h" -> "wmidata": the base of wmimofck's include guard. */
static char *guard_base(const char *path) {
  const char *base = path;
  for (const char *p = path; *p != '\0'; p++)
    if (*p == '/' || *p == '\\')
      base = p + 1;
  size_t length = strlen(base);
  const char *dot = strrchr(base, '.');
  if (dot != NULL && dot != base)
    length = (size_t)(dot - base);
  char *guard = malloc(length + 1);
  if (guard != NULL) {
    memcpy(guard, base, length);
    guard[length] = '\0';
  }
  return guard;
}

static int write_text(const char *path, const char *text, size_t length) {
  FILE *out = path ? fopen(path, "wb") : stdout;
  if (out == NULL) {
    perror(path);
    return WMISIM_EXIT_FAILURE;
  }
  int ok = fwrite(text, 1, length, out) == length;
  if (path != NULL)
    ok = (fclose(out) == 0) && ok;
  else
    ok = (fflush(out) == 0) && ok;
  if (!ok) {
    fprintf(stderr, "wmisim mof: cannot write %s\n", path ? path : "standard output");
    return WMISIM_EXIT_FAILURE;
  }
  return WMISIM_EXIT_OK;
}

static int run_header(int argc, char **argv) {
  if (wants_help(argc, argv)) {
    fputs(header_usage, stdout);
    return WMISIM_EXIT_OK;
  }
  unsigned flags = 0;
  const char *output = NULL, *input = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-m") == 0)
      flags |= WMISIM_MOF_HEADER_METHODS;
    else if (strcmp(argv[i], "-u") == 0)
      flags |= WMISIM_MOF_HEADER_ALL_MEMBERS;
    else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
      output = argv[++i];
    else if (argv[i][0] == '-' && argv[i][1] != '\0')
      return usage_error("unknown or incomplete option for header", header_usage);
    else if (input != NULL)
      return usage_error("header takes one MOF file", header_usage);
    else
      input = argv[i];
  }
  if (input == NULL)
    return usage_error("header needs a MOF file", header_usage);
  wmisim_mof_schema *schema = NULL;
  int result = load_files(&schema, (char **)&input, 1);
  char *guard = guard_base(output ? output : input);
  char *text = NULL;
  size_t length = 0;
  if (result == WMISIM_EXIT_OK) {
    if (guard == NULL ||
        !NT_SUCCESS(wmisim_mof_generate_header(schema, guard, flags, &text, &length))) {
      fprintf(stderr, "wmisim mof: out of memory\n");
      result = WMISIM_EXIT_INTERNAL;
    } else {
      result = write_text(output, text, length);
    }
  }
  wmisim_mof_free(text);
  free(guard);
  wmisim_mof_schema_destroy(schema);
  return result;
}

/* ---- schema printing ----------------------------------------------------------- */

static const char *kind_name(wmisim_mof_class_kind kind) {
  switch (kind) {
  case WMISIM_MOF_CLASS_DATA_BLOCK: return "data block";
  case WMISIM_MOF_CLASS_EVENT_BLOCK: return "event block";
  case WMISIM_MOF_CLASS_EMBEDDED: return "embedded class";
  case WMISIM_MOF_CLASS_PARAMETERS: return "parameters";
  default: return "base class";
  }
}

static void print_type(const wmisim_mof_item *item) {
  printf("%s", item->type == WMISIM_MOF_TYPE_OBJECT ? item->object_class->name
                                                   : wmisim_mof_type_name(item->type));
  if (item->array == WMISIM_MOF_ARRAY_FIXED)
    printf("[%u]", (unsigned)item->array_count);
  else if (item->array == WMISIM_MOF_ARRAY_VARIABLE)
    printf("[%s]", item->size_is ? item->size_is->name : "?");
  if (item->max_len > 0)
    printf(" MaxLen(%u)", (unsigned)item->max_len);
}

static void print_items(const wmisim_mof_class *cls, const char *indent) {
  for (size_t i = 0; i < cls->item_count; i++) {
    const wmisim_mof_item *item = &cls->items[i];
    printf("%s%2u %-24s ", indent, (unsigned)item->data_id, item->name);
    if (item->fixed_offset)
      printf("offset %-5u ", (unsigned)item->offset);
    else
      printf("offset %-5s ", "var");
    if (item->size > 0)
      printf("size %-5u ", (unsigned)item->size);
    else
      printf("size %-5s ", "var");
    printf("align %u  ", (unsigned)item->alignment);
    print_type(item);
    printf("%s%s\n", item->readable ? " read" : "", item->writable ? " write" : "");
  }
}

static void print_layout(const wmisim_mof_class *cls, const char *indent) {
  if (cls->fixed_size)
    printf("%ssize %u, alignment %u\n", indent, (unsigned)cls->size, (unsigned)cls->alignment);
  else
    printf("%svariable size, fixed part %u bytes, alignment %u\n", indent,
           (unsigned)cls->fixed_part_size, (unsigned)cls->alignment);
}

static void print_class(const wmisim_mof_class *cls) {
  printf("class %s", cls->name);
  if (cls->superclass_name)
    printf(" : %s", cls->superclass_name);
  printf(" (%s)\n", kind_name(cls->kind));
  if (cls->has_guid) {
    const GUID *g = &cls->guid;
    printf("  guid {%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}\n", (unsigned)g->Data1,
           g->Data2, g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4],
           g->Data4[5], g->Data4[6], g->Data4[7]);
  }
  print_layout(cls, "  ");
  print_items(cls, "  ");
  for (size_t m = 0; m < cls->method_count; m++) {
    const wmisim_mof_method *method = &cls->methods[m];
    printf("  method %u %s\n", (unsigned)method->method_id, method->name);
    const wmisim_mof_class *parts[2] = {method->input, method->output};
    for (int part = 0; part < 2; part++) {
      if (parts[part] == NULL)
        continue;
      printf("    %s: ", part == 0 ? "in" : "out");
      print_layout(parts[part], "");
      print_items(parts[part], "      ");
    }
  }
  printf("\n");
}

static int run_schema(int argc, char **argv) {
  if (wants_help(argc, argv)) {
    fputs(schema_usage, stdout);
    return WMISIM_EXIT_OK;
  }
  if (argc < 2)
    return usage_error("schema needs at least one MOF file", schema_usage);
  wmisim_mof_schema *schema = NULL;
  int result = load_files(&schema, argv + 1, argc - 1);
  for (size_t i = 0; result == WMISIM_EXIT_OK && i < wmisim_mof_schema_class_count(schema); i++)
    print_class(wmisim_mof_schema_class_at(schema, i));
  wmisim_mof_schema_destroy(schema);
  return result;
}

int wmisim_cmd_mof(int argc, char **argv) {
  if (argc < 2) {
    fputs(mof_usage, stderr);
    return WMISIM_EXIT_USAGE;
  }
  const char *sub = argv[1];
  if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
    fputs(mof_usage, stdout);
    return WMISIM_EXIT_OK;
  }
  if (strcmp(sub, "check") == 0)
    return run_check(argc - 1, argv + 1);
  if (strcmp(sub, "header") == 0)
    return run_header(argc - 1, argv + 1);
  if (strcmp(sub, "schema") == 0)
    return run_schema(argc - 1, argv + 1);
  fprintf(stderr, "wmisim mof: unknown subcommand '%s'\n%s", sub, mof_usage);
  return WMISIM_EXIT_USAGE;
}
