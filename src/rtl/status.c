/*
 * status.c - NTSTATUS names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static bool same_name(const char *a, const char *b) {
  for (; *a != '\0' && *b != '\0'; a++, b++) {
    char x = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a, y = *b >= 'a' && *b <= 'z' ? (char)(*b - 32) : *b;
    if (x != y) return false;
  }
  return *a == *b;
}

NTSTATUS wmisim_status_parse(const char *name, NTSTATUS *status) {
  if (name == NULL || status == NULL || name[0] == '\0') return STATUS_INVALID_PARAMETER;
  if (name[0] >= '0' && name[0] <= '9') {
    char *end;
    unsigned long long value = strtoull(name, &end, 0);
    if (*end != '\0' || value > 0xFFFFFFFFull) return STATUS_INVALID_PARAMETER;
    *status = (NTSTATUS)(ULONG)value;
    return STATUS_SUCCESS;
  }
  const char *bare = strncmp(name, "STATUS_", 7) == 0 || strncmp(name, "status_", 7) == 0 ? name + 7 : name;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *candidate = strncmp(names[i].name, "STATUS_", 7) == 0 ? names[i].name + 7 : names[i].name;
    if (same_name(candidate, bare) || same_name(names[i].name, name)) {
      *status = (NTSTATUS)names[i].value;
      return STATUS_SUCCESS;
    }
  }
  return STATUS_INVALID_PARAMETER;
}
