/*
 * test_kernel_lists.c - interlocked lists (ExInterlocked*List), sequenced
 * singly linked lists (SLists) and lookaside lists.
 */
#include "kernel_test.h"

#define LIST_TAG 'tsiL'

struct item {
  LIST_ENTRY link;
  int value;
};

static int value_of(PLIST_ENTRY entry) {
  return CONTAINING_RECORD(entry, struct item, link)->value;
}

/* ---- ExInterlocked lists ----------------------------------------------------------------------- */

static void test_interlocked_insert_returns_the_previous_first_or_last_entry(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  LIST_ENTRY head;
  KSPIN_LOCK lock;
  InitializeListHead(&head);
  KeInitializeSpinLock(&lock);
  struct item a = {.value = 1}, b = {.value = 2}, c = {.value = 3};
  assert_null(ExInterlockedInsertTailList(&head, &a.link, &lock));
  assert_ptr_equal(ExInterlockedInsertTailList(&head, &b.link, &lock), &a.link); /* the last entry */
  assert_ptr_equal(ExInterlockedInsertHeadList(&head, &c.link, &lock), &a.link); /* the first entry */
  /* c, a, b */
  assert_int_equal(value_of(ExInterlockedRemoveHeadList(&head, &lock)), 3);
  assert_int_equal(value_of(ExInterlockedRemoveHeadList(&head, &lock)), 1);
  assert_int_equal(value_of(ExInterlockedRemoveHeadList(&head, &lock)), 2);
  assert_null(ExInterlockedRemoveHeadList(&head, &lock));
  assert_true(KeTestSpinLock(&lock));
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_interlocked_singly_linked_list_pushes_and_pops_last_in_first_out(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  SINGLE_LIST_ENTRY head = {NULL}, first, second;
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  assert_null(ExInterlockedPushEntryList(&head, &first, &lock));
  assert_ptr_equal(ExInterlockedPushEntryList(&head, &second, &lock), &first);
  assert_ptr_equal(ExInterlockedPopEntryList(&head, &lock), &second);
  assert_ptr_equal(ExInterlockedPopEntryList(&head, &lock), &first);
  assert_null(ExInterlockedPopEntryList(&head, &lock));
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_interlocked_lists_may_be_used_at_any_irql(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  LIST_ENTRY head;
  KSPIN_LOCK lock;
  InitializeListHead(&head);
  KeInitializeSpinLock(&lock);
  struct item a = {.value = 1};
  KIRQL old;
  KeRaiseIrql(HIGH_LEVEL, &old);
  ExInterlockedInsertTailList(&head, &a.link, &lock);
  assert_int_equal(KeGetCurrentIrql(), HIGH_LEVEL); /* IRQL untouched */
  assert_ptr_equal(ExInterlockedRemoveHeadList(&head, &lock), &a.link);
  KeLowerIrql(old);
  kt_sim_destroy(sim);
  assert_no_violations();
}

#define PRODUCERS 4
#define PER_PRODUCER 2000

struct shared_list {
  LIST_ENTRY head;
  KSPIN_LOCK lock;
  SLIST_HEADER slist;
  struct item items[PRODUCERS][PER_PRODUCER];
  _Alignas(16) SLIST_ENTRY entries[PRODUCERS][PER_PRODUCER];
  volatile LONG go;
  int next_producer;
};

static VOID NTAPI produce(PVOID context) {
  struct shared_list *s = context;
  int me = __atomic_fetch_add(&s->next_producer, 1, __ATOMIC_SEQ_CST);
  kt_wait_flag(&s->go);
  for (int i = 0; i < PER_PRODUCER; i++) {
    s->items[me][i].value = me * PER_PRODUCER + i;
    ExInterlockedInsertTailList(&s->head, &s->items[me][i].link, &s->lock);
    InterlockedPushEntrySList(&s->slist, &s->entries[me][i]);
  }
}

static void test_interlocked_and_sequenced_lists_keep_every_entry_under_contention(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  static struct shared_list s;
  memset(&s, 0, sizeof s);
  InitializeListHead(&s.head);
  KeInitializeSpinLock(&s.lock);
  InitializeSListHead(&s.slist);
  PVOID threads[PRODUCERS];
  for (int i = 0; i < PRODUCERS; i++) threads[i] = kt_thread_start(produce, &s);
  kt_set_flag(&s.go);
  for (int i = 0; i < PRODUCERS; i++) kt_thread_join(threads[i]);

  static bool seen[PRODUCERS * PER_PRODUCER];
  memset(seen, 0, sizeof seen);
  int count = 0;
  for (PLIST_ENTRY e; (e = ExInterlockedRemoveHeadList(&s.head, &s.lock)) != NULL; count++) {
    assert_false(seen[value_of(e)]);
    seen[value_of(e)] = true;
  }
  assert_int_equal(count, PRODUCERS * PER_PRODUCER);
  assert_int_equal(ExQueryDepthSList(&s.slist), PRODUCERS * PER_PRODUCER % 65536);
  int popped = 0;
  while (InterlockedPopEntrySList(&s.slist) != NULL) popped++;
  assert_int_equal(popped, PRODUCERS * PER_PRODUCER);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- SLists ----------------------------------------------------------------------------------- */

static void test_slist_pushes_pops_and_flushes_last_in_first_out(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  SLIST_HEADER head;
  InitializeSListHead(&head);
  _Alignas(16) SLIST_ENTRY entries[3];
  assert_int_equal(ExQueryDepthSList(&head), 0);
  assert_null(InterlockedPopEntrySList(&head));
  assert_null(InterlockedPushEntrySList(&head, &entries[0]));
  assert_ptr_equal(InterlockedPushEntrySList(&head, &entries[1]), &entries[0]);
  assert_ptr_equal(InterlockedPushEntrySList(&head, &entries[2]), &entries[1]);
  assert_int_equal(ExQueryDepthSList(&head), 3);
  assert_ptr_equal(InterlockedPopEntrySList(&head), &entries[2]);
  assert_int_equal(ExQueryDepthSList(&head), 2);
  /* Flushing returns the remaining chain, newest first. */
  PSLIST_ENTRY chain = InterlockedFlushSList(&head);
  assert_ptr_equal(chain, &entries[1]);
  assert_ptr_equal(chain->Next, &entries[0]);
  assert_null(chain->Next->Next);
  assert_int_equal(ExQueryDepthSList(&head), 0);
  assert_null(InterlockedPopEntrySList(&head));
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- lookaside lists --------------------------------------------------------------------------- */

static void test_lookaside_list_reuses_freed_entries_up_to_its_depth(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, NULL, NULL, POOL_NX_ALLOCATION, 40, LIST_TAG, 0);
  void *entries[6];
  for (int i = 0; i < 6; i++) entries[i] = ExAllocateFromNPagedLookasideList(&list);
  assert_int_equal(list.L.TotalAllocates, 6);
  assert_int_equal(list.L.AllocateMisses, 6); /* nothing cached yet */
  assert_int_equal(wmisim_pool_usage(sim, LIST_TAG).blocks, 6);
  assert_int_equal(wmisim_pool_usage(sim, LIST_TAG).bytes, 6 * 40);

  for (int i = 0; i < 6; i++) ExFreeToNPagedLookasideList(&list, entries[i]);
  /* Four stay cached (the list's depth), two went back to the pool. */
  assert_int_equal(list.L.Depth, 4);
  assert_int_equal(list.L.TotalFrees, 6);
  assert_int_equal(list.L.FreeMisses, 2);
  assert_int_equal(wmisim_pool_usage(sim, LIST_TAG).blocks, 4);

  /* The most recently cached entry comes back first, without a new allocation. */
  assert_ptr_equal(ExAllocateFromNPagedLookasideList(&list), entries[3]);
  assert_int_equal(list.L.AllocateMisses, 6);
  ExFreeToNPagedLookasideList(&list, entries[3]);

  ExDeleteNPagedLookasideList(&list);
  assert_int_equal(wmisim_pool_usage(sim, LIST_TAG).blocks, 0);
  kt_sim_destroy(sim);
  assert_no_violations();
}

struct custom_pool {
  int allocations;
  int frees;
  POOL_TYPE type;
  SIZE_T size;
  ULONG tag;
};

static struct custom_pool custom;

static PVOID NTAPI custom_allocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  custom.allocations++;
  custom.type = PoolType;
  custom.size = NumberOfBytes;
  custom.tag = Tag;
  return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

static VOID NTAPI custom_free(PVOID Buffer) {
  custom.frees++;
  ExFreePoolWithTag(Buffer, LIST_TAG);
}

static void test_lookaside_list_calls_the_drivers_allocate_and_free_routines(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  memset(&custom, 0, sizeof custom);
  PAGED_LOOKASIDE_LIST list;
  ExInitializePagedLookasideList(&list, custom_allocate, custom_free, 0, 100, LIST_TAG, 0);
  void *entry = ExAllocateFromPagedLookasideList(&list);
  assert_non_null(entry);
  assert_int_equal(custom.allocations, 1);
  assert_int_equal(custom.type, PagedPool);
  assert_int_equal(custom.size, 100);
  assert_int_equal(custom.tag, LIST_TAG);
  ExFreeToPagedLookasideList(&list, entry);
  assert_int_equal(custom.frees, 0); /* cached */
  ExDeletePagedLookasideList(&list);
  assert_int_equal(custom.frees, 1);
  assert_int_equal(wmisim_pool_usage(sim, LIST_TAG).blocks, 0);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_paged_lookaside_list_at_dispatch_level_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  PAGED_LOOKASIDE_LIST list;
  ExInitializePagedLookasideList(&list, NULL, NULL, 0, 32, LIST_TAG, 0);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  void *entry = ExAllocateFromPagedLookasideList(&list);
  KeLowerIrql(old);
  assert_int_equal(kt_violations_of("IrqlTooHigh"), 2); /* the lookaside routine and the paged pool */
  assert_string_equal(kt_record.routine[0], "ExAllocateFromPagedLookasideList");
  ExFreeToPagedLookasideList(&list, entry);
  ExDeletePagedLookasideList(&list);
  kt_sim_destroy(sim);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_interlocked_insert_returns_the_previous_first_or_last_entry),
    cmocka_unit_test(test_interlocked_singly_linked_list_pushes_and_pops_last_in_first_out),
    cmocka_unit_test(test_interlocked_lists_may_be_used_at_any_irql),
    cmocka_unit_test(test_interlocked_and_sequenced_lists_keep_every_entry_under_contention),
    cmocka_unit_test(test_slist_pushes_pops_and_flushes_last_in_first_out),
    cmocka_unit_test(test_lookaside_list_reuses_freed_entries_up_to_its_depth),
    cmocka_unit_test(test_lookaside_list_calls_the_drivers_allocate_and_free_routines),
    cmocka_unit_test(test_paged_lookaside_list_at_dispatch_level_is_reported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
