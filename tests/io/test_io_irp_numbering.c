/*
 * test_io_irp_numbering.c - what an IRP the simulator sends gets with its
 * id (struct sim_irp_numbering): the id written to a free slot of a table
 * someone watches (the WMI service's IRPs in a driver), and a step of the
 * virtual clock, both under the lock that hands the id out.
 *
 * INTERNAL: io_allocate_sim_irp and sim_irp_numbering are the simulator's
 * own, not public routines.
 */
#include "io_test.h"

#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"

static void never_completed(PIRP irp, void *context) {
  (void)irp;
  (void)context;
}

static PIRP numbered_irp(wmisim_t *sim, struct sim_irp_numbering *numbering) {
  PIRP irp = io_allocate_sim_irp(sim, 1, never_completed, NULL, numbering);
  assert_non_null(irp);
  return irp;
}

static uint64_t id_of(PIRP irp) {
  return io_irp_track_of(irp)->id;
}

static void test_an_irps_id_goes_to_the_first_empty_slot_of_the_watched_table(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  volatile int64_t table[3] = {7, 0, 0};
  struct sim_irp_numbering numbering = {0, 0, table, 3, -1};
  PIRP irp = numbered_irp(sim, &numbering);
  assert_int_equal(numbering.watch_slot, 1);
  assert_int_equal(table[1], (int64_t)id_of(irp));
  assert_int_equal(table[0], 7);
  assert_int_equal(table[2], 0);
  io_free_sim_irp(irp);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_a_full_table_is_left_as_it_is_and_no_slot_is_given(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  volatile int64_t table[2] = {0, 0};
  struct sim_irp_numbering first = {0, 0, table, 2, -1};
  struct sim_irp_numbering second = first, third = first;
  PIRP a = numbered_irp(sim, &first);
  PIRP b = numbered_irp(sim, &second);
  PIRP c = numbered_irp(sim, &third);
  assert_int_equal(first.watch_slot, 0);
  assert_int_equal(second.watch_slot, 1);
  assert_int_equal(third.watch_slot, -1);
  assert_int_equal(table[0], (int64_t)id_of(a));
  assert_int_equal(table[1], (int64_t)id_of(b));
  assert_true(id_of(c) > id_of(b));
  io_free_sim_irp(c);
  io_free_sim_irp(b);
  io_free_sim_irp(a);
  wmisim_destroy(sim);
  assert_no_violations();
}

/* The owner empties its slot (a store of 0); the next IRP takes it again. */
static void test_an_emptied_slot_is_taken_by_the_next_irp(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  volatile int64_t table[2] = {0, 0};
  struct sim_irp_numbering first = {0, 0, table, 2, -1};
  struct sim_irp_numbering second = first;
  PIRP a = numbered_irp(sim, &first);
  table[first.watch_slot] = 0;
  PIRP b = numbered_irp(sim, &second);
  assert_int_equal(second.watch_slot, first.watch_slot);
  assert_int_equal(table[second.watch_slot], (int64_t)id_of(b));
  io_free_sim_irp(b);
  io_free_sim_irp(a);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_a_clock_step_moves_the_clock_after_the_id_is_taken(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  int64_t start = wmisim_clock_now(sim);
  struct sim_irp_numbering numbering = {SIM_CLOCK_REQUEST_STEP, -1, NULL, 0, 5};
  PIRP irp = numbered_irp(sim, &numbering);
  assert_int_equal(numbering.clock_before, start);
  assert_int_equal(numbering.watch_slot, -1); /* no table: no slot */
  ke_clock_forget(ke_thread());
  assert_int_equal(wmisim_clock_now(sim), start + SIM_CLOCK_REQUEST_STEP);
  io_free_sim_irp(irp);
  wmisim_destroy(sim);
  assert_no_violations();
}

static void test_no_numbering_takes_an_id_and_leaves_the_clock(void **state) {
  (void)state;
  wmisim_t *sim = test_sim_create();
  int64_t start = wmisim_clock_now(sim);
  PIRP first = numbered_irp(sim, NULL);
  PIRP second = numbered_irp(sim, NULL);
  assert_int_equal(id_of(second), id_of(first) + 1);
  assert_int_equal(wmisim_clock_now(sim), start);
  io_free_sim_irp(second);
  io_free_sim_irp(first);
  wmisim_destroy(sim);
  assert_no_violations();
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_an_irps_id_goes_to_the_first_empty_slot_of_the_watched_table),
    cmocka_unit_test(test_a_full_table_is_left_as_it_is_and_no_slot_is_given),
    cmocka_unit_test(test_an_emptied_slot_is_taken_by_the_next_irp),
    cmocka_unit_test(test_a_clock_step_moves_the_clock_after_the_id_is_taken),
    cmocka_unit_test(test_no_numbering_takes_an_id_and_leaves_the_clock),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
