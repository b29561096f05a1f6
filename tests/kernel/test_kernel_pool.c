/*
 * test_kernel_pool.c - pool: contents of new blocks, ExAllocatePool2's flag
 * rules, per-tag accounting and its report, leaks at driver unload, and the
 * misuse the pool detects (double free, wrong tag, overrun, foreign
 * pointer, paged pool at raised IRQL).
 */
#include "kernel_test.h"

#define TAG_A 'AaaT'
#define TAG_B 'BbbT'
#define TAG_C 'CccT'

static bool all_bytes_are(const void *block, size_t size, unsigned char value) {
  const unsigned char *p = block;
  for (size_t i = 0; i < size; i++)
    if (p[i] != value) return false;
  return true;
}

/* ---- contents ---------------------------------------------------------------------------- */

static void test_allocate_pool_with_tag_fills_the_block_with_a_pattern(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  unsigned char *block = ExAllocatePoolWithTag(NonPagedPoolNx, 100, TAG_A);
  assert_non_null(block);
  assert_int_equal((uintptr_t)block % MEMORY_ALLOCATION_ALIGNMENT, 0);
  /* Not zero: code that reads pool before writing it sees garbage, always
   * the same garbage. */
  assert_true(all_bytes_are(block, 100, 0xCD));
  ExFreePoolWithTag(block, TAG_A);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_allocate_pool_zero_and_pool2_return_zeroed_blocks(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  void *zero = ExAllocatePoolZero(NonPagedPoolNx, 64, TAG_A);
  void *pool2 = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, TAG_A);
  void *paged = ExAllocatePool2(POOL_FLAG_PAGED, 64, TAG_A);
  void *uninitialized = ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_UNINITIALIZED, 64, TAG_A);
  assert_true(all_bytes_are(zero, 64, 0));
  assert_true(all_bytes_are(pool2, 64, 0));
  assert_true(all_bytes_are(paged, 64, 0));
  assert_true(all_bytes_are(uninitialized, 64, 0xCD));
  ExFreePoolWithTag(zero, TAG_A);
  ExFreePoolWithTag(pool2, TAG_A);
  ExFreePoolWithTag(paged, TAG_A);
  ExFreePool(uninitialized);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_allocate_pool2_with_bad_flags_returns_null_and_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  /* No pool kind. */
  assert_null(ExAllocatePool2(0, 16, TAG_A));
  assert_only_violation("InvalidParameter");
  /* Two kinds. */
  assert_null(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED, 16, TAG_A));
  /* An unknown required flag. */
  assert_null(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_RESERVED2, 16, TAG_A));
  /* Tag zero. */
  assert_null(ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 0));
  assert_int_equal(kt_violations_of("InvalidParameter"), 4);
  assert_int_equal(wmisim_pool_usage(sim, TAG_A).allocations, 0);
  kt_sim_destroy(sim);
}

/* ---- accounting -------------------------------------------------------------------------- */

static void test_pool_usage_counts_outstanding_blocks_and_bytes_per_tag(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  wmisim_pool_usage_t all_before = wmisim_pool_usage(sim, 0);
  void *a1 = ExAllocatePoolWithTag(NonPagedPoolNx, 10, TAG_A);
  void *a2 = ExAllocatePoolWithTag(PagedPool, 20, TAG_A);
  void *b = ExAllocatePoolWithTag(NonPagedPoolNx, 5, TAG_B);

  wmisim_pool_usage_t a = wmisim_pool_usage(sim, TAG_A);
  assert_int_equal(a.tag, TAG_A);
  assert_int_equal(a.blocks, 2);
  assert_int_equal(a.bytes, 30);
  assert_int_equal(a.allocations, 2);
  wmisim_pool_usage_t all = wmisim_pool_usage(sim, 0);
  assert_int_equal(all.blocks - all_before.blocks, 3);
  assert_int_equal(all.bytes - all_before.bytes, 35);

  ExFreePoolWithTag(a1, TAG_A);
  a = wmisim_pool_usage(sim, TAG_A);
  assert_int_equal(a.blocks, 1);
  assert_int_equal(a.bytes, 20);
  assert_int_equal(a.allocations, 2); /* ever made, not outstanding */
  ExFreePoolWithTag(a2, TAG_A);
  ExFreePoolWithTag(b, TAG_B);
  assert_int_equal(wmisim_pool_usage(sim, TAG_A).blocks, 0);
  assert_int_equal(wmisim_pool_usage(sim, TAG_B).bytes, 0);
  assert_int_equal(wmisim_pool_usage(sim, TAG_C).allocations, 0);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_pool_report_lists_outstanding_tags_in_ascending_order(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  void *blocks[4] = {
    ExAllocatePoolWithTag(NonPagedPoolNx, 8, TAG_C), ExAllocatePoolWithTag(NonPagedPoolNx, 8, TAG_A),
    ExAllocatePoolWithTag(NonPagedPoolNx, 16, TAG_B), ExAllocatePoolWithTag(NonPagedPoolNx, 8, TAG_A)};
  wmisim_pool_usage_t entries[64];
  size_t count = 0;
  wmisim_pool_report(sim, entries, 64, &count);
  assert_true(count >= 3 && count <= 64);
  size_t seen = 0;
  for (size_t i = 0; i < count; i++) {
    if (i > 0) assert_true(entries[i - 1].tag < entries[i].tag);
    if (entries[i].tag == TAG_A) {
      assert_int_equal(entries[i].blocks, 2);
      assert_int_equal(entries[i].bytes, 16);
      seen++;
    } else if (entries[i].tag == TAG_B) {
      assert_int_equal(entries[i].blocks, 1);
      assert_int_equal(entries[i].bytes, 16);
      seen++;
    } else if (entries[i].tag == TAG_C) {
      assert_int_equal(entries[i].blocks, 1);
      seen++;
    }
  }
  assert_int_equal(seen, 3);

  /* A short array gets the first entries and the full count. */
  size_t short_count = 0;
  wmisim_pool_usage_t first;
  wmisim_pool_report(sim, &first, 1, &short_count);
  assert_int_equal(short_count, count);
  assert_int_equal(first.tag, entries[0].tag);

  for (int i = 0; i < 4; i++) ExFreePool(blocks[i]);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_pool_usage_is_kept_for_every_tag_however_many(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  enum { TAGS = 1000 };
  static void *blocks[TAGS];
  for (ULONG i = 0; i < TAGS; i++) blocks[i] = ExAllocatePoolWithTag(NonPagedPoolNx, 8 + i, 'T000' + i);
  for (ULONG i = 0; i < TAGS; i += 111) {
    wmisim_pool_usage_t usage = wmisim_pool_usage(sim, 'T000' + i);
    assert_int_equal(usage.blocks, 1);
    assert_int_equal(usage.bytes, 8 + i);
    assert_int_equal(usage.allocations, 1);
  }
  size_t count = 0;
  wmisim_pool_report(sim, NULL, 0, &count);
  assert_int_equal(count, TAGS);
  for (ULONG i = 0; i < TAGS; i++) ExFreePoolWithTag(blocks[i], 'T000' + i);
  assert_int_equal(wmisim_pool_usage(sim, 0).blocks, 0);
  assert_int_equal(wmisim_pool_usage(sim, 'T000' + 999).allocations, 1);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_pool_tag_text_is_the_tag_in_memory_order(void **state) {
  (void)state;
  char text[5];
  wmisim_pool_tag_text('pmsW', text);
  assert_string_equal(text, "Wsmp");
  wmisim_pool_tag_text(0x00414243, text);
  assert_string_equal(text, "CBA.");
}

/* ---- leaks at unload ------------------------------------------------------------------------ */

#define LEAK_TAG 'kaeL'
static void *leaked_block;

static NTSTATUS NTAPI leaking_driver_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)DriverObject;
  (void)RegistryPath;
  leaked_block = ExAllocatePoolWithTag(NonPagedPoolNx, 48, LEAK_TAG);
  return leaked_block != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

static VOID NTAPI forgetful_unload(PDRIVER_OBJECT DriverObject) {
  (void)DriverObject; /* does not free leaked_block */
}

static void test_a_leaked_pool_block_is_reported_with_its_tag_at_unload(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  wmisim_driver_t *driver = NULL;
  assert_int_equal(wmisim_driver_add(sim, "leaky", leaking_driver_entry, &driver), STATUS_SUCCESS);
  wmisim_driver_object(driver)->DriverUnload = forgetful_unload;
  assert_int_equal(wmisim_driver_unload(driver), STATUS_SUCCESS);

  assert_only_violation("PoolLeakAtUnload");
  char tag_text[5];
  wmisim_pool_tag_text(LEAK_TAG, tag_text);
  assert_string_equal(tag_text, "Leak");
  assert_non_null(strstr(kt_record.message[0], "'Leak'"));
  assert_non_null(strstr(kt_record.message[0], "48 bytes"));
  assert_string_equal(kt_record.driver[0], "leaky");

  ExFreePoolWithTag(leaked_block, LEAK_TAG);
  kt_sim_destroy(sim);
}

static VOID NTAPI tidy_unload(PDRIVER_OBJECT DriverObject) {
  (void)DriverObject;
  ExFreePoolWithTag(leaked_block, LEAK_TAG);
}

static void test_a_driver_that_frees_its_pool_unloads_cleanly(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  wmisim_driver_t *driver = NULL;
  assert_int_equal(wmisim_driver_add(sim, "tidy", leaking_driver_entry, &driver), STATUS_SUCCESS);
  wmisim_driver_object(driver)->DriverUnload = tidy_unload;
  assert_int_equal(wmisim_driver_unload(driver), STATUS_SUCCESS);
  assert_int_equal(wmisim_pool_usage(sim, LEAK_TAG).blocks, 0);
  kt_sim_destroy(sim);
  assert_no_violations();
}

/* ---- misuse ------------------------------------------------------------------------------- */

static void test_freeing_a_block_twice_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  void *block = ExAllocatePoolWithTag(NonPagedPoolNx, 32, TAG_A);
  ExFreePoolWithTag(block, TAG_A);
  assert_no_violations();
  ExFreePoolWithTag(block, TAG_A);
  assert_only_violation("PoolBadFree");
  assert_non_null(strstr(kt_record.message[0], "already freed"));
  kt_sim_destroy(sim);
}

struct timer_block {
  KTIMER timer;
  KDPC dpc;
  volatile LONG ran;
};

static VOID NTAPI count_run(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2) {
  (void)Dpc;
  (void)Argument1;
  (void)Argument2;
  InterlockedIncrement(&((struct timer_block *)Context)->ran);
}

static void test_freeing_pool_that_holds_an_armed_timer_is_reported_and_the_dpc_never_runs(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  static volatile LONG ran_after_free;
  struct timer_block *block = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *block, TAG_A);
  KeInitializeTimer(&block->timer);
  KeInitializeDpc(&block->dpc, count_run, (PVOID)&ran_after_free);
  LARGE_INTEGER second = {.QuadPart = -10000000};
  KeSetTimer(&block->timer, second, &block->dpc);
  ExFreePoolWithTag(block, TAG_A);
  assert_only_violation("PoolFreeActiveTimer");
  assert_non_null(strstr(kt_record.message[0], "armed timer"));
  /* The timer was dropped: its expiry does not run the DPC on freed memory. */
  assert_int_equal(wmisim_clock_advance(sim, 20000000), STATUS_SUCCESS);
  assert_int_equal(ran_after_free, 0);
  kt_sim_destroy(sim);
}

static void test_freeing_pool_after_cancelling_its_timer_is_clean(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  struct timer_block *block = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *block, TAG_A);
  KeInitializeTimer(&block->timer);
  KeInitializeDpc(&block->dpc, count_run, block);
  LARGE_INTEGER second = {.QuadPart = -10000000};
  KeSetTimer(&block->timer, second, &block->dpc);
  assert_true(KeCancelTimer(&block->timer));
  ExFreePoolWithTag(block, TAG_A);
  kt_sim_destroy(sim);
  assert_no_violations();
}

static void test_freeing_with_another_tag_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  void *block = ExAllocatePoolWithTag(NonPagedPoolNx, 32, TAG_A);
  ExFreePoolWithTag(block, TAG_B);
  assert_only_violation("PoolTagMismatch");
  /* The block is freed all the same. */
  assert_int_equal(wmisim_pool_usage(sim, TAG_A).blocks, 0);
  kt_sim_destroy(sim);
}

static void test_writing_past_the_end_of_a_block_is_reported_when_it_is_freed(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  unsigned char *block = ExAllocatePoolWithTag(NonPagedPoolNx, 30, TAG_A);
  memset(block, 0x11, 30);
  block[30] = 0; /* one byte too far */
  assert_no_violations();
  ExFreePoolWithTag(block, TAG_A);
  assert_only_violation("PoolOverrun");
  assert_non_null(strstr(kt_record.message[0], "30 bytes"));
  kt_sim_destroy(sim);
}

static void test_freeing_memory_that_is_not_pool_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  _Alignas(16) static unsigned char not_pool[64];
  ExFreePool(not_pool + 32);
  assert_only_violation("PoolBadFree");
  assert_non_null(strstr(kt_record.message[0], "not a pool block"));
  ExFreePool(NULL);
  assert_int_equal(kt_violations_of("PoolBadFree"), 2);
  kt_sim_destroy(sim);
}

static void test_paged_pool_above_apc_level_is_reported(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  void *nonpaged = ExAllocatePoolWithTag(NonPagedPoolNx, 8, TAG_A);
  assert_no_violations();
  void *paged = ExAllocatePoolWithTag(PagedPool, 8, TAG_A);
  KeLowerIrql(old);
  assert_only_violation("IrqlTooHigh");
  ExFreePool(nonpaged);
  ExFreePool(paged);
  kt_sim_destroy(sim);
}

static void test_destroying_a_simulator_with_outstanding_pool_logs_a_warning(void **state) {
  (void)state;
  wmisim_t *sim = kt_sim_create();
  void *block = ExAllocatePoolWithTag(NonPagedPoolNx, 24, TAG_A);
  assert_non_null(block);
  kt_record.warnings = 0;
  kt_sim_destroy(sim);
  assert_true(kt_record.warnings >= 1);
  assert_non_null(strstr(kt_record.last_warning, "never freed"));
  /* The block outlives the simulator, unaccounted, and can still be freed. */
  ExFreePoolWithTag(block, TAG_A);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_allocate_pool_with_tag_fills_the_block_with_a_pattern),
    cmocka_unit_test(test_allocate_pool_zero_and_pool2_return_zeroed_blocks),
    cmocka_unit_test(test_allocate_pool2_with_bad_flags_returns_null_and_is_reported),
    cmocka_unit_test(test_pool_usage_counts_outstanding_blocks_and_bytes_per_tag),
    cmocka_unit_test(test_pool_report_lists_outstanding_tags_in_ascending_order),
    cmocka_unit_test(test_pool_usage_is_kept_for_every_tag_however_many),
    cmocka_unit_test(test_pool_tag_text_is_the_tag_in_memory_order),
    cmocka_unit_test(test_a_leaked_pool_block_is_reported_with_its_tag_at_unload),
    cmocka_unit_test(test_a_driver_that_frees_its_pool_unloads_cleanly),
    cmocka_unit_test(test_freeing_a_block_twice_is_reported),
    cmocka_unit_test(test_freeing_pool_that_holds_an_armed_timer_is_reported_and_the_dpc_never_runs),
    cmocka_unit_test(test_freeing_pool_after_cancelling_its_timer_is_clean),
    cmocka_unit_test(test_freeing_with_another_tag_is_reported),
    cmocka_unit_test(test_writing_past_the_end_of_a_block_is_reported_when_it_is_freed),
    cmocka_unit_test(test_freeing_memory_that_is_not_pool_is_reported),
    cmocka_unit_test(test_paged_pool_above_apc_level_is_reported),
    cmocka_unit_test(test_destroying_a_simulator_with_outstanding_pool_logs_a_warning),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
