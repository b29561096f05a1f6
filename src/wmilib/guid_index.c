/*
 * guid_index.c - which entry of a driver's GuidList a request's GUID is.
 *
 * WMILIB answers with the first entry equal to the GUID, as the linear
 * search of Windows' WMILIB does. A driver may list a hundred GUIDs, and
 * going through half of them for each request (two cache lines every four
 * entries) made requests slower the more GUIDs a driver had. So each
 * thread remembers the answers it found, keyed by the context, its
 * GuidList and GuidCount and the GUID, and checks a remembered answer
 * against the list before using it: the entry must still hold the GUID.
 * (Only a driver rewriting an earlier entry in place to the same GUID,
 * list and count unchanged, would be told the later entry.) Short lists
 * are searched as they are.
 */
#include <stdlib.h>
#include <string.h>

#include "ke/thread.h"
#include "wmilib/wmilib_internal.h"

#define SHORT_LIST 8
#define SETS 1024 /* two answers each: a few hundred GUIDs in use seldom push one out */

struct remembered {
  const void *context;
  const void *list;
  ULONG count;
  ULONG index;
  GUID guid;
};

struct wmilib_guid_index {
  struct remembered entries[SETS][2];
  unsigned char newer[SETS];        /* which of a set's two was remembered last */
};

static ULONG search(PWMILIB_CONTEXT context, const GUID *guid) {
  for (ULONG i = 0; i < context->GuidCount; i++)
    if (context->GuidList[i].Guid != NULL && IsEqualGUID(context->GuidList[i].Guid, guid)) return i;
  return MAXULONG;
}

static size_t set_of(PWMILIB_CONTEXT context, const GUID *guid) {
  uint64_t low;
  memcpy(&low, guid, sizeof low);
  uint64_t h = (low ^ (uint64_t)(uintptr_t)context) * 0x9e3779b97f4a7c15ull;
  return (size_t)(h >> 40) % SETS;
}

static bool still_true(const struct remembered *r, PWMILIB_CONTEXT context, const GUID *guid) {
  if (r->context != context || r->list != context->GuidList || r->count != context->GuidCount) return false;
  if (r->index >= context->GuidCount || !IsEqualGUID(&r->guid, guid)) return false;
  const GUID *listed = context->GuidList[r->index].Guid;
  return listed != NULL && IsEqualGUID(listed, guid);
}

ULONG wmilib_find_guid(PWMILIB_CONTEXT context, const GUID *guid) {
  if (guid == NULL || context->GuidList == NULL) return MAXULONG;
  if (context->GuidCount <= SHORT_LIST) return search(context, guid);
  struct kthread *thread = ke_thread();
  if (thread->wmilib_guid_index == NULL) thread->wmilib_guid_index = calloc(1, sizeof(struct wmilib_guid_index));
  struct wmilib_guid_index *index = thread->wmilib_guid_index;
  if (index == NULL) return search(context, guid);
  size_t set = set_of(context, guid);
  for (int way = 0; way < 2; way++)
    if (still_true(&index->entries[set][way], context, guid)) return index->entries[set][way].index;
  ULONG found = search(context, guid);
  if (found == MAXULONG) return found;
  int way = !index->newer[set]; /* the older answer goes */
  index->entries[set][way] = (struct remembered){context, context->GuidList, context->GuidCount, found, *guid};
  index->newer[set] = (unsigned char)way;
  return found;
}
