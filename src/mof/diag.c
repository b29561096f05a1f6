/*
 * diag.c - the diagnostics list: messages with file, line, column, the
 * source line and a caret under the column.
 */
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"

struct wmisim_mof_diagnostics {
  wmisim_mof_diagnostic *items;
  size_t count;
  size_t capacity;
};

NTSTATUS wmisim_mof_diagnostics_create(wmisim_mof_diagnostics **out) {
  if (out == NULL)
    return STATUS_INVALID_PARAMETER;
  *out = calloc(1, sizeof(**out));
  return *out == NULL ? STATUS_NO_MEMORY : STATUS_SUCCESS;
}

static void free_diagnostic(wmisim_mof_diagnostic *d) {
  free((char *)d->file);
  free((char *)d->message);
  free((char *)d->source_line);
  free((char *)d->caret_line);
}

void wmisim_mof_diagnostics_clear(wmisim_mof_diagnostics *diags) {
  if (diags == NULL)
    return;
  for (size_t i = 0; i < diags->count; i++)
    free_diagnostic(&diags->items[i]);
  diags->count = 0;
}

void wmisim_mof_diagnostics_destroy(wmisim_mof_diagnostics *diags) {
  if (diags == NULL)
    return;
  wmisim_mof_diagnostics_clear(diags);
  free(diags->items);
  free(diags);
}

size_t wmisim_mof_diagnostics_count(const wmisim_mof_diagnostics *diags) {
  return diags == NULL ? 0 : diags->count;
}

size_t wmisim_mof_diagnostics_error_count(const wmisim_mof_diagnostics *diags) {
  size_t errors = 0;
  for (size_t i = 0; i < wmisim_mof_diagnostics_count(diags); i++)
    if (diags->items[i].severity == WMISIM_MOF_ERROR)
      errors++;
  return errors;
}

const wmisim_mof_diagnostic *wmisim_mof_diagnostics_at(const wmisim_mof_diagnostics *diags,
                                                       size_t index) {
  if (diags == NULL || index >= diags->count)
    return NULL;
  return &diags->items[index];
}

static const char *severity_name(wmisim_mof_severity severity) {
  return severity == WMISIM_MOF_WARNING ? "warning" : "error";
}

void wmisim_mof_diagnostics_print(const wmisim_mof_diagnostics *diags, FILE *out) {
  for (size_t i = 0; i < wmisim_mof_diagnostics_count(diags); i++) {
    const wmisim_mof_diagnostic *d = &diags->items[i];
    if (d->line > 0)
      fprintf(out, "%s:%u:%u: %s: %s\n", d->file ? d->file : "<input>", d->line, d->column,
              severity_name(d->severity), d->message);
    else if (d->file != NULL)
      fprintf(out, "%s: %s: %s\n", d->file, severity_name(d->severity), d->message);
    else if (d->column > 0)
      fprintf(out, "block+%u: %s: %s\n", d->column - 1, severity_name(d->severity), d->message);
    else
      fprintf(out, "block: %s: %s\n", severity_name(d->severity), d->message);
    if (d->source_line[0] != '\0')
      fprintf(out, " %s\n %s\n", d->source_line, d->caret_line);
  }
}

/* Appends a message that owns `message`; frees it on failure. */
static NTSTATUS add_diagnostic(wmisim_mof_diagnostics *diags, wmisim_mof_diagnostic d) {
  if (d.message == NULL || d.source_line == NULL || d.caret_line == NULL) {
    free_diagnostic(&d);
    return STATUS_NO_MEMORY;
  }
  if (diags->count == diags->capacity) {
    size_t capacity = diags->capacity == 0 ? 8 : diags->capacity * 2;
    wmisim_mof_diagnostic *items = realloc(diags->items, capacity * sizeof(*items));
    if (items == NULL) {
      free_diagnostic(&d);
      return STATUS_NO_MEMORY;
    }
    diags->items = items;
    diags->capacity = capacity;
  }
  diags->items[diags->count++] = d;
  return STATUS_SUCCESS;
}

static char *strdup_or_null(const char *text) {
  if (text == NULL)
    return NULL;
  size_t length = strlen(text);
  char *copy = malloc(length + 1);
  if (copy != NULL)
    memcpy(copy, text, length + 1);
  return copy;
}

/* The text of line `line` (1-based) of a source, tabs kept so the caret line
 * can copy them and stay aligned. */
static char *source_line_text(const mof_source *source, unsigned line) {
  size_t start = 0;
  for (unsigned current = 1; current < line && start < source->length; start++)
    if (source->text[start] == '\n')
      current++;
  size_t end = start;
  while (end < source->length && source->text[end] != '\n' && source->text[end] != '\r')
    end++;
  char *text = malloc(end - start + 1);
  if (text != NULL) {
    for (size_t i = start; i < end; i++)
      text[i - start] = source->text[i] == '\0' ? ' ' : source->text[i];
    text[end - start] = '\0';
  }
  return text;
}

/* Spaces (tabs where the source has tabs) up to `column`, then '^'. */
static char *caret_text(const char *line, unsigned column) {
  size_t length = strlen(line);
  char *caret = malloc((size_t)column + 1);
  if (caret == NULL)
    return NULL;
  unsigned i = 0;
  for (; i + 1 < column; i++)
    caret[i] = (i < length && line[i] == '\t') ? '\t' : ' ';
  caret[i++] = '^';
  caret[i] = '\0';
  return caret;
}

NTSTATUS mof_diag_at(wmisim_mof_diagnostics *diags, wmisim_mof_severity severity,
                     const mof_source *source, mof_pos pos, const char *format, ...) {
  if (diags == NULL)
    return STATUS_SUCCESS;
  va_list args;
  va_start(args, format);
  wmisim_mof_diagnostic d = {severity, NULL, pos.line, pos.column, NULL, NULL, NULL};
  d.message = mof_vformat(format, args);
  va_end(args);
  d.file = strdup_or_null(source->name);
  d.source_line = source_line_text(source, pos.line);
  d.caret_line = d.source_line ? caret_text(d.source_line, pos.column ? pos.column : 1) : NULL;
  return add_diagnostic(diags, d);
}

NTSTATUS mof_diag_block(wmisim_mof_diagnostics *diags, long offset, const char *format, ...) {
  if (diags == NULL)
    return STATUS_SUCCESS;
  va_list args;
  va_start(args, format);
  wmisim_mof_diagnostic d = {WMISIM_MOF_ERROR, NULL, 0, (unsigned)(offset + 1), NULL, NULL, NULL};
  d.message = mof_vformat(format, args);
  va_end(args);
  d.source_line = strdup_or_null("");
  d.caret_line = strdup_or_null("");
  return add_diagnostic(diags, d);
}

NTSTATUS mof_diag_plain(wmisim_mof_diagnostics *diags, const char *file, const char *format,
                        ...) {
  if (diags == NULL)
    return STATUS_SUCCESS;
  va_list args;
  va_start(args, format);
  wmisim_mof_diagnostic d = {WMISIM_MOF_ERROR, NULL, 0, 0, NULL, NULL, NULL};
  d.message = mof_vformat(format, args);
  va_end(args);
  d.file = strdup_or_null(file);
  d.source_line = strdup_or_null("");
  d.caret_line = strdup_or_null("");
  return add_diagnostic(diags, d);
}
