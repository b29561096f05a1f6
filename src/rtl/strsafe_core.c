/*
 * strsafe_core.c - Copy, Cat and Printf into a terminated char or WCHAR
 * buffer, with the STRSAFE_* flags of the Ex routines.
 *
 * The plain routines are the Ex ones with no flags and no out parameters.
 * Order of work, as Microsoft documents the results: validate the
 * destination (nothing is written if it is unusable), find Cat's existing
 * string, validate flags and source, do the operation (the result is
 * always terminated), then apply STRSAFE_FILL_BEHIND_NULL on success or the
 * failure flags on failure.
 */
#include "rtl/strsafe_core.h"

#include <stdbool.h>
#include <string.h>

#include "rtl/format.h"

/* ---- units ------------------------------------------------------------------------------------ */

static unsigned unit_at(const void *s, size_t i, unsigned width) {
  return width == 1 ? ((const unsigned char *)s)[i] : ((const WCHAR *)s)[i];
}

static void set_unit(void *s, size_t i, unsigned width, unsigned value) {
  if (width == 1)
    ((unsigned char *)s)[i] = (unsigned char)value;
  else
    ((WCHAR *)s)[i] = (WCHAR)value;
}

/* Length of a string found within `max` characters; false if none is. */
static bool find_length(const void *s, size_t max, unsigned width, size_t *length) {
  for (size_t n = 0; n < max; n++) {
    if (unit_at(s, n, width) == 0) {
      *length = n;
      return true;
    }
  }
  return false;
}

NTSTATUS sx_length(const void *s, size_t cch_max, unsigned width, size_t *length) {
  size_t n = 0;
  bool ok = s != NULL && cch_max <= NTSTRSAFE_MAX_CCH && find_length(s, cch_max, width, &n);
  if (length != NULL) *length = ok ? n : 0;
  return ok ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

/* ---- the operations ----------------------------------------------------------------------------- */

/* Copies up to `limit` source characters into `avail` (> 0) characters at
 * `dest` and terminates; *written receives the characters copied. */
static NTSTATUS copy_units(void *dest, size_t avail, const void *src, size_t limit, unsigned width,
                           size_t *written) {
  size_t n = 0;
  while (n < avail && n < limit && unit_at(src, n, width) != 0) {
    set_unit(dest, n, width, unit_at(src, n, width));
    n++;
  }
  NTSTATUS status = STATUS_SUCCESS;
  if (n == avail) { /* the terminator needs the last place: the result is cut */
    n--;
    status = STATUS_BUFFER_OVERFLOW;
  }
  set_unit(dest, n, width, 0);
  *written = n;
  return status;
}

static NTSTATUS format_units(void *dest, size_t avail, const struct sx_call *call, size_t *written) {
  struct fmt_output out = {dest, avail - 1, call->width, FMT_ANSI};
  size_t needed = fmt_format(&out, call->format, *call->args);
  size_t n = needed < avail - 1 ? needed : avail - 1;
  set_unit(dest, n, call->width, 0);
  *written = n;
  return needed > n ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

/* Whether the operation would add anything: a source or format that is
 * not empty. Decides an empty destination's result as Windows does. */
static bool has_input(const struct sx_call *call) {
  if (call->operation == SX_PRINTF) return unit_at(call->format, 0, call->width) != 0;
  return call->limit != 0 && unit_at(call->src, 0, call->width) != 0;
}

/* ---- flags -------------------------------------------------------------------------------------------- */

struct outcome {
  size_t end;       /* index of the terminator */
  size_t remaining; /* characters from the terminator to the end of the buffer */
};

static void fill_behind(const struct sx_call *call, const struct outcome *o) {
  size_t from = (o->end + 1) * call->width;
  if (o->remaining > 1 && from < call->cb)
    memset((char *)call->dest + from, STRSAFE_GET_FILL_PATTERN(call->flags), call->cb - from);
}

/* STRSAFE_NO_TRUNCATION, STRSAFE_FILL_ON_FAILURE and STRSAFE_NULL_ON_FAILURE,
 * in that order, so the later ones win. */
static void apply_failure_flags(const struct sx_call *call, size_t original, struct outcome *o) {
  if (call->cch > 0 && (call->flags & STRSAFE_NO_TRUNCATION)) {
    *o = (struct outcome){original, call->cch - original};
    set_unit(call->dest, original, call->width, 0);
  }
  if (call->flags & STRSAFE_FILL_ON_FAILURE) {
    int fill = STRSAFE_GET_FILL_PATTERN(call->flags);
    memset(call->dest, fill, call->cb);
    if (fill == 0) {
      *o = (struct outcome){0, call->cch};
    } else if (call->cch > 0) {
      *o = (struct outcome){call->cch - 1, 1};
      set_unit(call->dest, call->cch - 1, call->width, 0);
    }
  }
  if (call->cch > 0 && (call->flags & STRSAFE_NULL_ON_FAILURE)) {
    *o = (struct outcome){0, call->cch};
    set_unit(call->dest, 0, call->width, 0);
  }
}

/* ---- the run ------------------------------------------------------------------------------------------ */

static bool usable_destination(const struct sx_call *call) {
  if (call->cch > NTSTRSAFE_MAX_CCH) return false;
  if (call->flags & STRSAFE_IGNORE_NULLS) return call->dest != NULL || call->cch == 0;
  return call->dest != NULL && call->cch != 0;
}

/* Flags, source and format; a NULL one ignored by STRSAFE_IGNORE_NULLS
 * becomes "". */
static bool valid_input(struct sx_call *call) {
  static const WCHAR empty = 0; /* serves as "" in either width */
  if (call->flags & ~(DWORD)STRSAFE_VALID_FLAGS) return false;
  const void **input = call->operation == SX_PRINTF ? &call->format : &call->src;
  if (*input == NULL) {
    if (!(call->flags & STRSAFE_IGNORE_NULLS)) return false;
    *input = &empty;
  }
  return call->limit == SX_NO_LIMIT || call->limit <= NTSTRSAFE_MAX_LENGTH;
}

static NTSTATUS operate(const struct sx_call *call, size_t original, struct outcome *o) {
  size_t avail = call->cch - original, written = 0;
  if (avail <= (call->operation == SX_CAT ? 1u : 0u)) /* no room for even one character */
    return !has_input(call) ? STATUS_SUCCESS : call->dest == NULL ? STATUS_INVALID_PARAMETER : STATUS_BUFFER_OVERFLOW;
  void *at = (char *)call->dest + original * call->width;
  NTSTATUS status = call->operation == SX_PRINTF ? format_units(at, avail, call, &written)
                                                 : copy_units(at, avail, call->src, call->limit, call->width, &written);
  *o = (struct outcome){original + written, avail - written};
  return status;
}

NTSTATUS sx_run(struct sx_call *call) {
  if (!usable_destination(call)) return STATUS_INVALID_PARAMETER;
  size_t original = 0;
  if (call->operation == SX_CAT && call->cch > 0 && !find_length(call->dest, call->cch, call->width, &original))
    return STATUS_INVALID_PARAMETER; /* the destination holds no terminated string */
  struct sx_call c = *call;
  struct outcome o = {original, c.cch - original};
  NTSTATUS status;
  if (!valid_input(&c)) {
    status = STATUS_INVALID_PARAMETER;
    if (c.operation != SX_CAT && c.cch > 0) set_unit(c.dest, 0, c.width, 0);
  } else {
    status = operate(&c, original, &o);
  }
  if (NT_SUCCESS(status) && (c.flags & STRSAFE_FILL_BEHIND_NULL) && c.dest != NULL) fill_behind(&c, &o);
  if (!NT_SUCCESS(status) && c.dest != NULL) apply_failure_flags(&c, original, &o);
  if (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) {
    if (c.dest_end != NULL && c.width == 1) *(char **)c.dest_end = c.dest != NULL ? (char *)c.dest + o.end : NULL;
    if (c.dest_end != NULL && c.width == 2) *(WCHAR **)c.dest_end = c.dest != NULL ? (WCHAR *)c.dest + o.end : NULL;
    if (c.remaining != NULL) *c.remaining = o.remaining;
  }
  return status;
}

NTSTATUS sx_run_bytes(struct sx_call *call, size_t cb, size_t *bytes_remaining) {
  size_t remaining = 0;
  call->cch = cb / call->width;
  call->cb = cb;
  call->remaining = &remaining;
  NTSTATUS status = sx_run(call);
  call->remaining = NULL; /* `remaining` ends with this call */
  if (bytes_remaining != NULL && (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW))
    *bytes_remaining = remaining * call->width + cb % call->width;
  return status;
}
