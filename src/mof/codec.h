/*
 * codec.h - the block decoder shared by codec.c, wnode.c and validate.c.
 */
#ifndef WMISIM_MOF_CODEC_H
#define WMISIM_MOF_CODEC_H

#include "mof/mof_internal.h"

/* State of one decode: the block, where it sits in a larger buffer (for
 * messages), and whether to report rule violations that do not stop the
 * walk (MaxLen, datetime format) as validation findings. */
typedef struct mof_decoder {
  const unsigned char *data;
  ULONG size;
  ULONG base; /* offset of `data` in the buffer messages talk about */
  wmisim_mof_diagnostics *diags;
  int strict;
  int violations; /* findings that did not stop the walk */
  int depth;      /* embedded nesting, bounded */
} mof_decoder;

/* Decodes one instance of `cls` at d->data. */
NTSTATUS mof_decode_class(mof_decoder *d, const wmisim_mof_class *cls, wmisim_mof_object **out,
                          ULONG *consumed);

#endif /* WMISIM_MOF_CODEC_H */
