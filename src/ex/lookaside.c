/*
 * lookaside.c - paged and nonpaged lookaside lists.
 *
 * A lookaside list caches up to Depth freed entries on its SList and hands
 * them out again; beyond that, entries go back to the pool through the
 * list's Free routine. Windows starts every list at depth 4 and lets a
 * balancer grow it with use; wmisim keeps the starting depth, so the
 * Allocate and Free routines a driver supplies are exercised early and the
 * counters are the same from run to run. Entries come from the pool, so
 * they are accounted to the driver and its tag like any allocation.
 */
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "ke/thread.h"

#define LOOKASIDE_DEPTH 4
#define LOOKASIDE_MAXIMUM_DEPTH 256

static PVOID NTAPI default_allocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

static VOID NTAPI default_free(PVOID Buffer) {
  ExFreePool(Buffer);
}

static void check_irql(const char *routine, KIRQL maximum) {
  KIRQL irql = ke_thread()->irql;
  if (irql > maximum) check_irql_violation(sim_current(), routine, irql, maximum);
}

static void initialize(PGENERAL_LOOKASIDE l, PALLOCATE_FUNCTION allocate, PFREE_FUNCTION free_routine,
                       POOL_TYPE type, ULONG flags, SIZE_T size, ULONG tag) {
  memset(l, 0, sizeof *l);
  InitializeSListHead(&l->ListHead);
  l->Depth = LOOKASIDE_DEPTH;
  l->MaximumDepth = LOOKASIDE_MAXIMUM_DEPTH;
  /* POOL_NX_ALLOCATION asks for no-execute nonpaged pool; POOL_RAISE_IF_
   * ALLOCATION_FAILURE has no effect here (allocations do not fail). */
  l->Type = type == NonPagedPool && (flags & POOL_NX_ALLOCATION) ? NonPagedPoolNx : type;
  l->Tag = tag;
  /* Every cached entry holds the SList link. */
  l->Size = (ULONG)(size < sizeof(SLIST_ENTRY) ? sizeof(SLIST_ENTRY) : size);
  l->Allocate = allocate != NULL ? allocate : default_allocate;
  l->Free = free_routine != NULL ? free_routine : default_free;
  InitializeListHead(&l->ListEntry);
}

/* The counters are statistics; interlocked so concurrent users do not race. */
static void count(ULONG *counter) {
  InterlockedIncrement((LONG volatile *)counter);
}

static PVOID allocate_from(PGENERAL_LOOKASIDE l) {
  count(&l->TotalAllocates);
  PVOID entry = InterlockedPopEntrySList(&l->ListHead);
  if (entry != NULL) return entry;
  count(&l->AllocateMisses);
  return l->Allocate(l->Type, l->Size, l->Tag);
}

static void free_to(PGENERAL_LOOKASIDE l, PVOID entry) {
  count(&l->TotalFrees);
  if (ExQueryDepthSList(&l->ListHead) >= l->Depth) {
    count(&l->FreeMisses);
    l->Free(entry);
    return;
  }
  InterlockedPushEntrySList(&l->ListHead, (PSLIST_ENTRY)entry);
}

static void delete_list(PGENERAL_LOOKASIDE l) {
  for (PSLIST_ENTRY entry = InterlockedFlushSList(&l->ListHead), next; entry != NULL; entry = next) {
    next = entry->Next;
    l->Free(entry);
  }
}

VOID NTAPI ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PALLOCATE_FUNCTION Allocate,
                                           PFREE_FUNCTION Free, ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth) {
  (void)Depth; /* reserved: must be zero */
  check_irql("ExInitializeNPagedLookasideList", DISPATCH_LEVEL);
  initialize(&Lookaside->L, Allocate, Free, NonPagedPool, Flags, Size, Tag);
}

VOID NTAPI ExDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside) {
  check_irql("ExDeleteNPagedLookasideList", DISPATCH_LEVEL);
  delete_list(&Lookaside->L);
}

PVOID NTAPI ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside) {
  check_irql("ExAllocateFromNPagedLookasideList", DISPATCH_LEVEL);
  return allocate_from(&Lookaside->L);
}

VOID NTAPI ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry) {
  check_irql("ExFreeToNPagedLookasideList", DISPATCH_LEVEL);
  free_to(&Lookaside->L, Entry);
}

VOID NTAPI ExInitializePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside, PALLOCATE_FUNCTION Allocate,
                                          PFREE_FUNCTION Free, ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth) {
  (void)Depth;
  check_irql("ExInitializePagedLookasideList", APC_LEVEL);
  initialize(&Lookaside->L, Allocate, Free, PagedPool, Flags, Size, Tag);
}

VOID NTAPI ExDeletePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside) {
  check_irql("ExDeletePagedLookasideList", APC_LEVEL);
  delete_list(&Lookaside->L);
}

PVOID NTAPI ExAllocateFromPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside) {
  check_irql("ExAllocateFromPagedLookasideList", APC_LEVEL);
  return allocate_from(&Lookaside->L);
}

VOID NTAPI ExFreeToPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry) {
  check_irql("ExFreeToPagedLookasideList", APC_LEVEL);
  free_to(&Lookaside->L, Entry);
}
