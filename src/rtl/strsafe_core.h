/*
 * strsafe_core.h - the engine behind ntstrsafe.h's RtlStringCch* and
 * RtlStringCb* routines, for char and WCHAR buffers alike.
 */
#ifndef WMISIM_RTL_STRSAFE_CORE_H
#define WMISIM_RTL_STRSAFE_CORE_H

#include <ntstrsafe.h>

#include <stdarg.h>
#include <stddef.h>

enum sx_operation { SX_COPY, SX_CAT, SX_PRINTF };

#define SX_NO_LIMIT ((size_t)-1)

/* One call of a Copy, Cat or Printf routine, plain or Ex. */
struct sx_call {
  enum sx_operation operation;
  unsigned width;       /* bytes per character: 1 or 2 */
  void *dest;
  size_t cch;           /* the destination's size in characters */
  size_t cb;            /* ... and in bytes (a Cb routine's may be odd) */
  const void *src;      /* Copy and Cat: terminated unless `limit` ends it first */
  size_t limit;         /* take at most this many source characters, or SX_NO_LIMIT */
  const void *format;   /* Printf */
  va_list *args;
  DWORD flags;          /* STRSAFE_*; 0 for the plain routines */
  void *dest_end;       /* Ex: a char ** or WCHAR ** for the terminator's address; may be NULL */
  size_t *remaining;    /* Ex: receives the unused characters; may be NULL */
};

/* Runs a Cch routine: call->cch and call->cb describe the destination. */
NTSTATUS sx_run(struct sx_call *call);

/* Runs a Cb routine of `cb` bytes; *bytes_remaining (if not NULL)
 * receives the unused bytes, an odd byte of a WCHAR buffer included. */
NTSTATUS sx_run_bytes(struct sx_call *call, size_t cb, size_t *bytes_remaining);

/* RtlStringCchLength for either width. */
NTSTATUS sx_length(const void *s, size_t cch_max, unsigned width, size_t *length);

#endif /* WMISIM_RTL_STRSAFE_CORE_H */
