/*
 * memory.c - RtlCompareMemory and RtlCompareMemoryUlong.
 */
#include <wdm.h>

#include <string.h>

#include "rtl/rtl_internal.h"

SIZE_T NTAPI RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length) {
  if ((Source1 == NULL || Source2 == NULL) && Length != 0) {
    rtl_bad_call("RtlCompareMemory", "Source%d is NULL", Source1 == NULL ? 1 : 2);
    return 0;
  }
  const unsigned char *a = Source1, *b = Source2;
  SIZE_T same = 0;
  while (same < Length && a[same] == b[same]) same++;
  return same;
}

/* Compares whole ULONGs only: a Length that is not a multiple of four is
 * rounded down, as Windows documents. */
SIZE_T NTAPI RtlCompareMemoryUlong(PVOID Source, SIZE_T Length, ULONG Pattern) {
  if (Source == NULL && Length >= sizeof(ULONG)) {
    rtl_bad_call("RtlCompareMemoryUlong", "Source is NULL");
    return 0;
  }
  const unsigned char *p = Source;
  SIZE_T same = 0;
  for (; same + sizeof(ULONG) <= Length; same += sizeof(ULONG)) {
    ULONG value;
    memcpy(&value, p + same, sizeof value);
    if (value != Pattern) break;
  }
  return same;
}
