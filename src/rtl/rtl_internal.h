/*
 * rtl_internal.h - what the run-time library's files share: the pool tag of
 * the strings it allocates and the report of a bad call.
 */
#ifndef WMISIM_RTL_INTERNAL_H
#define WMISIM_RTL_INTERNAL_H

#include <wdm.h>

#include <stdbool.h>

/* 'Strg', "Dynamic Translated strings" in Microsoft's pooltag.txt: the tag
 * of every string the Rtl routines allocate for the caller (freed with
 * RtlFreeUnicodeString or RtlFreeAnsiString). */
#define RTL_STRING_TAG 0x67727453u

/* Allocates `bytes` of paged pool with RTL_STRING_TAG for the caller. */
void *rtl_allocate_string(SIZE_T bytes);

/* Reports a call Windows would crash on or reject (CHECK_BAD_PARAMETER). */
void rtl_bad_call(const char *routine, const char *format, ...) WMISIM_PRINTF(2, 3);

#endif /* WMISIM_RTL_INTERNAL_H */
