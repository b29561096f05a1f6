/*
 * utf8.c - RtlUTF8ToUnicodeN and RtlUnicodeToUTF8N.
 *
 * Invalid input (a malformed UTF-8 sequence, an unpaired surrogate) becomes
 * U+FFFD and the routine returns STATUS_SOME_NOT_MAPPED; a destination too
 * small gets the whole characters that fit and STATUS_BUFFER_TOO_SMALL.
 */
#include <wdm.h>

#include <stdbool.h>
#include <string.h>

#include "rtl/text.h"

/* A destination that takes whole characters while they fit and counts
 * what the complete output needs. */
struct bounded {
  void *buffer;     /* NULL: only count */
  size_t capacity;  /* units */
  size_t stored;    /* units written */
  size_t needed;    /* units the whole output takes */
  unsigned unit;    /* bytes per unit */
  bool full;
};

static void bounded_put(struct bounded *b, const void *units, size_t n) {
  b->needed += n;
  if (b->buffer == NULL || b->full) return;
  if (b->stored + n > b->capacity) {
    b->full = true; /* later characters are not written either: the output is a prefix */
    return;
  }
  memcpy((char *)b->buffer + b->stored * b->unit, units, n * b->unit);
  b->stored += n;
}

static NTSTATUS finish(const struct bounded *b, PULONG actual_bytes, bool invalid) {
  if (actual_bytes != NULL) *actual_bytes = (ULONG)((b->buffer != NULL ? b->stored : b->needed) * b->unit);
  if (b->full) return STATUS_BUFFER_TOO_SMALL;
  return invalid ? STATUS_SOME_NOT_MAPPED : STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUTF8ToUnicodeN(PWSTR UnicodeStringDestination, ULONG UnicodeStringMaxByteCount,
                                 PULONG UnicodeStringActualByteCount, PCCH UTF8StringSource,
                                 ULONG UTF8StringByteCount) {
  if (UTF8StringSource == NULL) return STATUS_INVALID_PARAMETER_4;
  if (UnicodeStringDestination == NULL && UnicodeStringActualByteCount == NULL) return STATUS_INVALID_PARAMETER;
  struct bounded out = {UnicodeStringDestination, UnicodeStringMaxByteCount / sizeof(WCHAR), 0, 0, sizeof(WCHAR), false};
  bool invalid = false;
  for (size_t i = 0; i < UTF8StringByteCount;) {
    unsigned code;
    bool valid;
    i += text_utf8_decode(UTF8StringSource + i, UTF8StringByteCount - i, &code, &valid);
    invalid |= !valid;
    WCHAR units[2];
    size_t n = text_utf16_encode(code, units);
    bounded_put(&out, units, n);
  }
  return finish(&out, UnicodeStringActualByteCount, invalid);
}

NTSTATUS NTAPI RtlUnicodeToUTF8N(PCHAR UTF8StringDestination, ULONG UTF8StringMaxByteCount,
                                 PULONG UTF8StringActualByteCount, PCWCH UnicodeStringSource,
                                 ULONG UnicodeStringByteCount) {
  if (UnicodeStringSource == NULL) return STATUS_INVALID_PARAMETER_4;
  if (UTF8StringDestination == NULL && UTF8StringActualByteCount == NULL) return STATUS_INVALID_PARAMETER;
  if (UnicodeStringByteCount % sizeof(WCHAR) != 0) return STATUS_INVALID_PARAMETER_5;
  struct bounded out = {UTF8StringDestination, UTF8StringMaxByteCount, 0, 0, 1, false};
  bool invalid = false;
  size_t count = UnicodeStringByteCount / sizeof(WCHAR);
  for (size_t i = 0; i < count;) {
    unsigned code;
    bool valid;
    i += text_utf16_decode(UnicodeStringSource + i, count - i, &code, &valid);
    invalid |= !valid;
    char bytes[4];
    bounded_put(&out, bytes, text_utf8_encode(code, bytes));
  }
  return finish(&out, UTF8StringActualByteCount, invalid);
}
