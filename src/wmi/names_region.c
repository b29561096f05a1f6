/*
 * names_region.c - the instance names WMI appends to a QUERY_ALL_DATA
 * answer for a block with static names: the OffsetInstanceNameOffsets
 * array, then each name counted and 8-byte aligned.
 *
 * A block's static names never change (an update registers a new block),
 * so the names are rendered once, on the block's first query of all data,
 * and later answers copy them. Ten thousand names are about half a
 * megabyte, and rendering them name by name cost three times what the
 * driver spent writing its data.
 */
#include <stdlib.h>
#include <string.h>

#include "platform/atomic.h"
#include "wmi/wmi_internal.h"

#define ALIGN8(x) (((x) + 7u) & ~(ULONG)7u)

/* Blocks whose names need more are rendered at every query instead:
 * registration allows 16M instances, and a cache that size would hold
 * memory no consumer asked for. */
#define MAX_RENDERED_BYTES (4u << 20)

struct wmi_names_region {
  ULONG *starts;      /* instance_count + 1: each name's offset in `names`, then the end */
  unsigned char *names;
};

static ULONG name_room(size_t length) {
  return ALIGN8(2u + (ULONG)(length < WMI_MAX_CONSUMER_NAME ? length : WMI_MAX_CONSUMER_NAME) * 2u);
}

uint64_t wmi_names_region_size(const struct wmi_block *block, ULONG count) {
  if (block->name_kind == WMI_NAMES_DYNAMIC) return 0;
  return ALIGN8((uint64_t)count * sizeof(ULONG)) + wmi_instance_names_room(block, count, name_room);
}

/* Names 0 .. count-1 from `at` on, their offsets into `offsets` (which,
 * like `out`, need not be aligned). */
static ULONG render_names(const struct wmi_block *block, ULONG count, unsigned char *out, ULONG at,
                          unsigned char *offsets) {
  WCHAR name[WMI_MAX_CONSUMER_NAME];
  size_t length = 0;
  for (ULONG i = 0; i < count; i++) {
    length = wmi_instance_name_next(block, i, name, length, WMI_MAX_CONSUMER_NAME);
    memcpy(offsets + i * sizeof at, &at, sizeof at);
    at = wmi_put_instance_name(out, at, name, length < WMI_MAX_CONSUMER_NAME ? length : WMI_MAX_CONSUMER_NAME);
  }
  return at;
}

static struct wmi_names_region *render_region(const struct wmi_block *block) {
  uint64_t bytes = wmi_instance_names_room(block, block->instance_count, name_room);
  if (bytes > MAX_RENDERED_BYTES) return NULL;
  size_t starts_size = ALIGN8(((size_t)block->instance_count + 1) * sizeof(ULONG));
  struct wmi_names_region *region = malloc(ALIGN8(sizeof *region) + starts_size + (size_t)bytes);
  if (region == NULL) return NULL;
  region->starts = (ULONG *)((unsigned char *)region + ALIGN8(sizeof *region));
  region->names = (unsigned char *)region->starts + starts_size;
  memset(region->names, 0, (size_t)bytes); /* the padding between names */
  region->starts[block->instance_count] =
      render_names(block, block->instance_count, region->names, 0, (unsigned char *)region->starts);
  return region;
}

/* The block's rendered names; NULL when they are too many or memory is
 * short. Two threads may render at once: one region is kept. */
static const struct wmi_names_region *rendered(struct wmi_block *block) {
  struct wmi_names_region *region = atomic_load_ptr(&block->names_region);
  if (region != NULL) return region;
  region = render_region(block);
  if (region == NULL || atomic_cas_ptr(&block->names_region, NULL, region)) return region;
  free(region);
  return atomic_load_ptr(&block->names_region);
}

ULONG wmi_write_names_region(struct wmi_block *block, ULONG count, unsigned char *out, ULONG base) {
  ULONG first = ALIGN8(base + count * (ULONG)sizeof(ULONG));
  unsigned char *offsets = out + base;
  const struct wmi_names_region *region = count <= block->instance_count ? rendered(block) : NULL;
  memset(offsets + count * sizeof(ULONG), 0, first - base - count * sizeof(ULONG));
  if (region == NULL) {
    memset(out + first, 0, (size_t)wmi_instance_names_room(block, count, name_room)); /* the padding */
    return render_names(block, count, out, first, offsets);
  }
  for (ULONG i = 0; i < count; i++) {
    ULONG at = first + region->starts[i];
    memcpy(offsets + i * sizeof at, &at, sizeof at);
  }
  memcpy(out + first, region->names, region->starts[count]);
  return first + region->starts[count];
}

void wmi_names_region_free(struct wmi_block *block) {
  free(atomic_load_ptr(&block->names_region));
  block->names_region = NULL;
}
