/*
 * records.h - rows of named cells, and the three ways the command prints
 * them: list ("Name : value" blocks), table, and JSON objects.
 */
#ifndef WMISIM_SIM_RECORDS_H
#define WMISIM_SIM_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"

struct cell {
  char *name;
  char *text;      /* for list and table */
  char *json;      /* a JSON value */
  bool number;     /* right-aligned in tables */
};

struct record {
  struct cell *cells;
  size_t count;
};

struct records {
  struct record *items;
  size_t count;
  bool failed;     /* out of memory somewhere */
};

/* Starts a new record; cells go to the last one. */
void records_begin(struct records *records);

/* Adds a cell with both renderings (copied). */
void records_add(struct records *records, const char *name, const char *text, const char *json, bool number);

/* A string cell: `text` as is, quoted in JSON. */
void records_add_string(struct records *records, const char *name, const char *text);

/* A number cell. */
void records_add_number(struct records *records, const char *name, unsigned long long value);

/* A boolean cell: True/False, true/false. */
void records_add_bool(struct records *records, const char *name, bool value);

void records_free(struct records *records);

/* "Name : value" lines per record, the names padded to the longest, a
 * blank line after each record. */
void records_print_list(const struct records *records, FILE *out);

/* A header of the first record's names, dashes, then one row per record. */
void records_print_table(const struct records *records, FILE *out);

/* One record as a JSON object. */
void records_json_record(const struct record *record, strbuf_t *json);

/* The records as a JSON array of objects. */
void records_json(const struct records *records, strbuf_t *json);

/* `text` as a JSON string appended to `json`. */
void json_string(strbuf_t *json, const char *text);

#endif /* WMISIM_SIM_RECORDS_H */
