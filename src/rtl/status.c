/*
 * status.c - NTSTATUS names.
 */
#include <stdio.h>
#include <stdlib.h>

#include <wmisim/sim.h>

struct status_name {
  unsigned value;
  const char *name;
};

/* Sorted by value at first use; where several names share a value the
 * first listed (the usual one, e.g. STATUS_SUCCESS) wins. */
static struct status_name names[] = {
#include "rtl/ntstatus_names.inc"
};

static int compare(const void *a, const void *b) {
  const struct status_name *x = a, *y = b;
  if (x->value != y->value) return x->value < y->value ? -1 : 1;
  return x < y ? -1 : x > y; /* stable: keep the first listed first */
}

static const struct status_name *sorted(size_t *count) {
  static struct status_name table[sizeof names / sizeof names[0]];
  static size_t unique;
  static volatile int ready;
  if (!ready) {
    /* Building the table twice from two threads writes the same bytes. */
    struct status_name copy[sizeof names / sizeof names[0]];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) copy[i] = names[i];
    qsort(copy, sizeof copy / sizeof copy[0], sizeof copy[0], compare);
    size_t n = 0;
    for (size_t i = 0; i < sizeof copy / sizeof copy[0]; i++)
      if (n == 0 || copy[i].value != table[n - 1].value) table[n++] = copy[i];
    unique = n;
    ready = 1;
  }
  *count = unique;
  return table;
}

const char *wmisim_status_name(NTSTATUS status) {
  size_t count;
  const struct status_name *table = sorted(&count);
  unsigned value = (unsigned)status;
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (table[mid].value < value)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < count && table[lo].value == value) return table[lo].name;
  static _Thread_local char unknown[16];
  snprintf(unknown, sizeof unknown, "0x%08X", value);
  return unknown;
}
