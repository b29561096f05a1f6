/*
 * records.c - printing rows of cells as lists, tables and JSON.
 */
#include "records.h"

#include <stdlib.h>
#include <string.h>

#include <wmisim/format.h>

void records_begin(struct records *records) {
  struct record *grown = realloc(records->items, (records->count + 1) * sizeof *grown);
  if (grown == NULL) {
    records->failed = true;
    return;
  }
  records->items = grown;
  grown[records->count++] = (struct record){NULL, 0};
}

void records_add(struct records *records, const char *name, const char *text, const char *json, bool number) {
  if (records->count == 0) records_begin(records);
  if (records->failed) return;
  struct record *record = &records->items[records->count - 1];
  struct cell *grown = realloc(record->cells, (record->count + 1) * sizeof *grown);
  struct cell cell = {sim_strdup(name), sim_strdup(text), sim_strdup(json), number};
  if (grown == NULL || cell.name == NULL || cell.text == NULL || cell.json == NULL) {
    free(cell.name);
    free(cell.text);
    free(cell.json);
    if (grown != NULL) record->cells = grown;
    records->failed = true;
    return;
  }
  record->cells = grown;
  grown[record->count++] = cell;
}

void json_string(strbuf_t *json, const char *text) {
  size_t needed = wmisim_format_json_string(text, NULL, 0) + 1;
  char *quoted = malloc(needed);
  if (quoted == NULL) {
    json->failed = true;
    return;
  }
  wmisim_format_json_string(text, quoted, needed);
  sb_puts(json, quoted);
  free(quoted);
}

void records_add_string(struct records *records, const char *name, const char *text) {
  strbuf_t json;
  sb_init(&json);
  json_string(&json, text);
  records_add(records, name, text, sb_text(&json), false);
  if (json.failed) records->failed = true;
  sb_free(&json);
}

void records_add_number(struct records *records, const char *name, unsigned long long value) {
  char text[32];
  snprintf(text, sizeof text, "%llu", value);
  records_add(records, name, text, text, true);
}

void records_add_bool(struct records *records, const char *name, bool value) {
  records_add(records, name, value ? "True" : "False", value ? "true" : "false", false);
}

void records_free(struct records *records) {
  for (size_t r = 0; r < records->count; r++) {
    for (size_t c = 0; c < records->items[r].count; c++) {
      free(records->items[r].cells[c].name);
      free(records->items[r].cells[c].text);
      free(records->items[r].cells[c].json);
    }
    free(records->items[r].cells);
  }
  free(records->items);
  memset(records, 0, sizeof *records);
}

/* ---- list and table ---------------------------------------------------------------------------- */

void records_print_list(const struct records *records, FILE *out) {
  for (size_t r = 0; r < records->count; r++) {
    const struct record *record = &records->items[r];
    size_t width = 0;
    for (size_t c = 0; c < record->count; c++)
      if (strlen(record->cells[c].name) > width) width = strlen(record->cells[c].name);
    for (size_t c = 0; c < record->count; c++) {
      const struct cell *cell = &record->cells[c];
      if (cell->text[0] == '\0') fprintf(out, "%-*s :\n", (int)width, cell->name); /* no trailing blank */
      else fprintf(out, "%-*s : %s\n", (int)width, cell->name, cell->text);
    }
    fputc('\n', out);
  }
}

/* The text of column `name` in a record, or "". */
static const struct cell *cell_named(const struct record *record, const char *name) {
  for (size_t c = 0; c < record->count; c++)
    if (strcmp(record->cells[c].name, name) == 0) return &record->cells[c];
  return NULL;
}

static void print_cell(strbuf_t *line, const char *text, size_t width, bool right) {
  size_t length = strlen(text);
  if (right)
    for (size_t i = length; i < width; i++) sb_putc(line, ' ');
  sb_puts(line, text);
  if (!right)
    for (size_t i = length; i < width; i++) sb_putc(line, ' ');
}

/* Prints a table line without the blanks that pad its end. */
static void print_line(FILE *out, strbuf_t *line) {
  size_t length = line->length;
  while (length > 0 && sb_text(line)[length - 1] == ' ') length--;
  fprintf(out, "%.*s\n", (int)length, sb_text(line));
  sb_clear(line);
}

void records_print_table(const struct records *records, FILE *out) {
  if (records->count == 0) return;
  const struct record *header = &records->items[0];
  size_t *widths = calloc(header->count + 1, sizeof *widths);
  bool *right = calloc(header->count + 1, sizeof *right);
  if (widths == NULL || right == NULL) {
    free(widths);
    free(right);
    return;
  }
  for (size_t c = 0; c < header->count; c++) {
    widths[c] = strlen(header->cells[c].name);
    right[c] = true;
    for (size_t r = 0; r < records->count; r++) {
      const struct cell *cell = cell_named(&records->items[r], header->cells[c].name);
      if (cell != NULL && strlen(cell->text) > widths[c]) widths[c] = strlen(cell->text);
      if (cell == NULL || !cell->number) right[c] = false;
    }
  }
  strbuf_t line;
  sb_init(&line);
  for (int row = 0; row < 2; row++) {
    for (size_t c = 0; c < header->count; c++) {
      const char *name = header->cells[c].name;
      char dashes[256];
      size_t n = strlen(name) < sizeof dashes - 1 ? strlen(name) : sizeof dashes - 1;
      memset(dashes, '-', n);
      dashes[n] = '\0';
      print_cell(&line, row == 0 ? name : dashes, widths[c], right[c]);
      sb_putc(&line, ' ');
    }
    print_line(out, &line);
  }
  for (size_t r = 0; r < records->count; r++) {
    for (size_t c = 0; c < header->count; c++) {
      const struct cell *cell = cell_named(&records->items[r], header->cells[c].name);
      print_cell(&line, cell != NULL ? cell->text : "", widths[c], right[c]);
      sb_putc(&line, ' ');
    }
    print_line(out, &line);
  }
  sb_free(&line);
  fputc('\n', out);
  free(widths);
  free(right);
}

void records_json_record(const struct record *record, strbuf_t *json) {
  sb_putc(json, '{');
  for (size_t c = 0; c < record->count; c++) {
    if (c > 0) sb_putc(json, ',');
    json_string(json, record->cells[c].name);
    sb_putc(json, ':');
    sb_puts(json, record->cells[c].json);
  }
  sb_putc(json, '}');
}

void records_json(const struct records *records, strbuf_t *json) {
  sb_putc(json, '[');
  for (size_t r = 0; r < records->count; r++) {
    if (r > 0) sb_putc(json, ',');
    records_json_record(&records->items[r], json);
  }
  sb_putc(json, ']');
}
