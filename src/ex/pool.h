/*
 * pool.h - pool allocations with per-tag and per-driver accounting.
 *
 * Each block carries a header (tag, size, owner) and a guard pattern after
 * its end, checked when it is freed, like Driver Verifier's special pool.
 */
#ifndef WMISIM_EX_POOL_H
#define WMISIM_EX_POOL_H

#include <wdm.h>

#include <stdbool.h>
#include <stdint.h>

struct wmisim;
struct io_driver;
struct pool_state;

struct pool_state *pool_create(void);
/* Reports what is still allocated, then frees the state (not the blocks,
 * which may still be referenced by a leaking driver). */
void pool_destroy(struct wmisim *sim, struct pool_state *state);

/* Allocates for `owner` (may be NULL) in `sim` (may be NULL: unaccounted). */
void *pool_allocate(struct wmisim *sim, struct io_driver *owner, SIZE_T size, ULONG tag, bool zero);
/* Frees a block; `tag` 0 skips the tag check. Reports bad frees. */
void pool_free(void *block, ULONG tag, const char *routine);

/* Outstanding blocks and bytes of one driver (NULL: of everyone). */
uint64_t pool_driver_outstanding(struct wmisim *sim, struct io_driver *owner, uint64_t *bytes);

/* At a driver's unload: reports the pool it still holds as one
 * PoolLeakAtUnload violation naming each tag with its blocks and bytes,
 * and logs the blocks one by one. Nothing if it holds none. */
void pool_report_unload_leaks(struct wmisim *sim, struct io_driver *owner);

#endif /* WMISIM_EX_POOL_H */
