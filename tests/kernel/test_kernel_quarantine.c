/*
 * test_kernel_quarantine.c - a thread's quarantine of freed memory
 * (ke_quarantine): what goes in stays unreleased until
 * KE_QUARANTINE_SIZE later entries on the same thread have passed, its
 * owner releases what it owns there, or the thread ends; other threads'
 * entries never push it out.
 *
 * INTERNAL: ke_quarantine is the runtime's own, not a public routine.
 */
#include "kernel_test.h"

#include "ke/thread.h"
#include "platform/platform.h"

/* Each "memory" is a counter: releasing it adds one. */
static void count_release(void *memory) {
  (*(int *)memory)++;
}

static int owner_a, owner_b;

static void quarantine_counters(int *counters, size_t count, const void *owner) {
  for (size_t i = 0; i < count; i++) ke_quarantine(owner, &counters[i], count_release);
}

static void test_memory_is_released_only_after_the_quarantine_size_later_entries(void **state) {
  (void)state;
  ke_quarantine_release_owner(&owner_a); /* what earlier tests on this thread left */
  int first = 0;
  int later[KE_QUARANTINE_SIZE] = {0};
  ke_quarantine(&owner_a, &first, count_release);
  quarantine_counters(later, KE_QUARANTINE_SIZE - 1, &owner_a);
  assert_int_equal(first, 0);
  ke_quarantine(&owner_a, &later[KE_QUARANTINE_SIZE - 1], count_release);
  assert_int_equal(first, 1);
  assert_int_equal(later[0], 0);
  ke_quarantine_release_owner(&owner_a);
  for (size_t i = 0; i < KE_QUARANTINE_SIZE; i++) assert_int_equal(later[i], 1);
  assert_int_equal(first, 1); /* released once */
}

static void test_an_owner_releases_only_what_it_owns(void **state) {
  (void)state;
  int mine[3] = {0}, theirs[2] = {0};
  quarantine_counters(mine, 3, &owner_a);
  quarantine_counters(theirs, 2, &owner_b);
  ke_quarantine_release_owner(&owner_a);
  for (size_t i = 0; i < 3; i++) assert_int_equal(mine[i], 1);
  assert_int_equal(theirs[0] + theirs[1], 0);
  ke_quarantine_release_owner(&owner_a); /* nothing left: nothing released twice */
  for (size_t i = 0; i < 3; i++) assert_int_equal(mine[i], 1);
  ke_quarantine_release_owner(&owner_b);
  assert_int_equal(theirs[0] + theirs[1], 2);
}

struct other_thread {
  int kept;                         /* quarantined by the other thread */
  int pushed[KE_QUARANTINE_SIZE];   /* what it quarantined after */
  size_t pushes;
};

static void quarantine_on_other_thread(void *context) {
  struct other_thread *other = context;
  if (other->pushes == 0) ke_quarantine(&owner_b, &other->kept, count_release);
  quarantine_counters(other->pushed, other->pushes, &owner_b);
}

/* An OS thread of its own, joined: its end (where its quarantine goes)
 * has run when this returns. System threads are detached. */
static void run_other_thread(struct other_thread *other) {
  plat_thread_t *thread;
  assert_int_equal(plat_thread_create(&thread, quarantine_on_other_thread, other), 0);
  plat_thread_join(thread);
}

static void test_another_threads_entries_do_not_push_this_threads_out(void **state) {
  (void)state;
  int mine = 0;
  ke_quarantine(&owner_a, &mine, count_release);
  struct other_thread other = {.pushes = KE_QUARANTINE_SIZE};
  run_other_thread(&other);
  assert_int_equal(mine, 0);
  ke_quarantine_release_owner(&owner_a);
  assert_int_equal(mine, 1);
  for (size_t i = 0; i < KE_QUARANTINE_SIZE; i++) assert_int_equal(other.pushed[i], 1); /* at its end */
}

static void test_a_thread_that_ends_releases_its_quarantine(void **state) {
  (void)state;
  struct other_thread other = {.pushes = 0};
  run_other_thread(&other);
  assert_int_equal(other.kept, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_memory_is_released_only_after_the_quarantine_size_later_entries),
    cmocka_unit_test(test_an_owner_releases_only_what_it_owns),
    cmocka_unit_test(test_another_threads_entries_do_not_push_this_threads_out),
    cmocka_unit_test(test_a_thread_that_ends_releases_its_quarantine),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
