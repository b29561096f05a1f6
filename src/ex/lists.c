/*
 * lists.c - interlocked doubly and singly linked lists (ExInterlocked*List)
 * and sequenced singly linked lists (SLists).
 *
 * The ExInterlocked routines take the caller's spin lock without touching
 * IRQL, as Windows does (they may run at any IRQL). An SLIST_HEADER is
 * opaque to drivers; wmisim keeps its first entry and depth in the
 * header's WmisimList view and serialises operations with one of a fixed
 * set of spin locks chosen by the header's address, so the header needs no
 * initialisation beyond InitializeSListHead and no teardown.
 */
#include <string.h>

#include "ke/thread.h"

/* ---- ExInterlocked lists -------------------------------------------------------------------- */

PLIST_ENTRY NTAPI ExInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PKSPIN_LOCK Lock) {
  struct kthread *thread = ke_thread();
  ke_spin_acquire(Lock, thread);
  PLIST_ENTRY first = IsListEmpty(ListHead) ? NULL : ListHead->Flink;
  InsertHeadList(ListHead, ListEntry);
  ke_spin_release(Lock, thread);
  return first;
}

PLIST_ENTRY NTAPI ExInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PKSPIN_LOCK Lock) {
  struct kthread *thread = ke_thread();
  ke_spin_acquire(Lock, thread);
  PLIST_ENTRY last = IsListEmpty(ListHead) ? NULL : ListHead->Blink;
  InsertTailList(ListHead, ListEntry);
  ke_spin_release(Lock, thread);
  return last;
}

PLIST_ENTRY NTAPI ExInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PKSPIN_LOCK Lock) {
  struct kthread *thread = ke_thread();
  ke_spin_acquire(Lock, thread);
  PLIST_ENTRY entry = IsListEmpty(ListHead) ? NULL : RemoveHeadList(ListHead);
  ke_spin_release(Lock, thread);
  return entry;
}

PSINGLE_LIST_ENTRY NTAPI ExInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead, PKSPIN_LOCK Lock) {
  struct kthread *thread = ke_thread();
  ke_spin_acquire(Lock, thread);
  PSINGLE_LIST_ENTRY entry = PopEntryList(ListHead);
  ke_spin_release(Lock, thread);
  return entry;
}

PSINGLE_LIST_ENTRY NTAPI ExInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY ListEntry,
                                                    PKSPIN_LOCK Lock) {
  struct kthread *thread = ke_thread();
  ke_spin_acquire(Lock, thread);
  PSINGLE_LIST_ENTRY first = ListHead->Next;
  PushEntryList(ListHead, ListEntry);
  ke_spin_release(Lock, thread);
  return first;
}

/* ---- SLists ----------------------------------------------------------------------------------- */

#define SLIST_LOCKS 64

/* Zero-initialised spin locks are free: no set-up needed. */
static KSPIN_LOCK slist_locks[SLIST_LOCKS];

static PKSPIN_LOCK slist_lock(const SLIST_HEADER *header) {
  uintptr_t x = (uintptr_t)header >> 4;
  x ^= x >> 7;
  return &slist_locks[x % SLIST_LOCKS];
}

VOID NTAPI InitializeSListHead(PSLIST_HEADER SListHead) {
  memset(SListHead, 0, sizeof *SListHead);
}

PSLIST_ENTRY NTAPI InterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry) {
  struct kthread *thread = ke_thread();
  PKSPIN_LOCK lock = slist_lock(ListHead);
  ke_spin_acquire(lock, thread);
  PSLIST_ENTRY first = ListHead->WmisimList.First;
  ListEntry->Next = first;
  ListHead->WmisimList.First = ListEntry;
  ListHead->WmisimList.Depth++;
  ke_spin_release(lock, thread);
  return first;
}

PSLIST_ENTRY NTAPI InterlockedPopEntrySList(PSLIST_HEADER ListHead) {
  struct kthread *thread = ke_thread();
  PKSPIN_LOCK lock = slist_lock(ListHead);
  ke_spin_acquire(lock, thread);
  PSLIST_ENTRY first = ListHead->WmisimList.First;
  if (first != NULL) {
    ListHead->WmisimList.First = first->Next;
    ListHead->WmisimList.Depth--;
  }
  ke_spin_release(lock, thread);
  return first;
}

PSLIST_ENTRY NTAPI InterlockedFlushSList(PSLIST_HEADER ListHead) {
  struct kthread *thread = ke_thread();
  PKSPIN_LOCK lock = slist_lock(ListHead);
  ke_spin_acquire(lock, thread);
  PSLIST_ENTRY first = ListHead->WmisimList.First;
  ListHead->WmisimList.First = NULL;
  ListHead->WmisimList.Depth = 0;
  ke_spin_release(lock, thread);
  return first;
}

USHORT NTAPI ExQueryDepthSList(PSLIST_HEADER SListHead) {
  struct kthread *thread = ke_thread();
  PKSPIN_LOCK lock = slist_lock(SListHead);
  ke_spin_acquire(lock, thread);
  USHORT depth = (USHORT)SListHead->WmisimList.Depth;
  ke_spin_release(lock, thread);
  return depth;
}
