/*
 * wmisim/wnode.h - reading WNODEs without computing offsets by hand.
 *
 * A walker visits every instance of a WNODE chain (WNODE_ALL_DATA chained
 * through Linkage, WNODE_SINGLE_INSTANCE, event WNODEs) and hands out each
 * instance's name and data. Every offset is checked against the buffer
 * first; a malformed WNODE makes wmisim_wnode_walk_init fail.
 */
#ifndef WMISIM_WNODE_H
#define WMISIM_WNODE_H

#include <wmistr.h>
#include <wmisim/export.h>

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One instance of a data or event block. */
typedef struct wmisim_wnode_instance {
  const WNODE_HEADER *wnode;  /* the WNODE it is in */
  GUID guid;
  ULONG index;                /* position within its WNODE; for static names the instance index */
  char name[256];             /* UTF-8 instance name, or "" if the WNODE carries none */
  const void *data;
  ULONG size;
} wmisim_wnode_instance_t;

typedef struct wmisim_wnode_walk {
  const unsigned char *buffer;
  size_t size;
  size_t at;                  /* offset of the current WNODE */
  ULONG next_index;           /* next instance within it */
} wmisim_wnode_walk_t;

/* Prepares a walk over `size` bytes; returns false (with a reason in `why`
 * if given) if the chain is malformed anywhere. */
WMISIM_API bool wmisim_wnode_walk_init(wmisim_wnode_walk_t *walk, const void *buffer, size_t size, char *why,
                                       size_t why_size);

/* The next instance; false at the end. */
WMISIM_API bool wmisim_wnode_next(wmisim_wnode_walk_t *walk, wmisim_wnode_instance_t *instance);

/* Number of instances in the whole chain. */
WMISIM_API size_t wmisim_wnode_count(const void *buffer, size_t size);

/* Finds the instance named `name` (UTF-8, case-insensitive); false if none. */
WMISIM_API bool wmisim_wnode_find(const void *buffer, size_t size, const char *name,
                                  wmisim_wnode_instance_t *instance);

#ifdef __cplusplus
}
#endif

#endif /* WMISIM_WNODE_H */
