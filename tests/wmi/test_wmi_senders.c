/*
 * test_wmi_senders.c - the records of IRPs each sending thread has in
 * drivers (src/wmi/senders.c): what DEREGISTER's report and the service's
 * end count besides the providers' tables. A note needs no lock; a record
 * holds a few nested requests, then says it is full; each service keeps
 * its own.
 *
 * INTERNAL: the records are the WMI service's own. Providers are only
 * compared here, so stand-ins do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmisim.h>

#include "wmi/wmi_internal.h"

static struct wmi_provider *stand_in(int n) {
  static char providers[4];
  return (struct wmi_provider *)(void *)&providers[n];
}

static int irps_of(struct wmi_service *service, int provider, char *ids, size_t size) {
  size_t used = 0;
  if (ids != NULL) ids[0] = '\0';
  wmi_senders_lock(service);
  int irps = wmi_senders_irps(service, stand_in(provider), ids, size, &used);
  wmi_senders_unlock(service);
  return irps;
}

static wmisim_t *sim_create(void) {
  wmisim_t *sim = NULL;
  assert_int_equal(wmisim_create(NULL, &sim), STATUS_SUCCESS);
  return sim;
}

static void test_a_noted_irp_counts_for_its_provider_until_cleared(void **state) {
  (void)state;
  wmisim_t *sim = sim_create();
  struct wmi_service *service = wmi_of(sim);
  int entry = -1;
  struct wmi_sender *record = wmi_sender_note(service, stand_in(0), 42, &entry);
  assert_non_null(record);
  char ids[64];
  assert_int_equal(irps_of(service, 0, ids, sizeof ids), 1);
  assert_string_equal(ids, " #42");
  assert_int_equal(irps_of(service, 1, NULL, 0), 0);
  wmi_sender_clear(record, entry);
  assert_int_equal(irps_of(service, 0, NULL, 0), 0);
  wmisim_destroy(sim);
}

static void test_a_record_holds_four_nested_irps_then_is_full(void **state) {
  (void)state;
  wmisim_t *sim = sim_create();
  struct wmi_service *service = wmi_of(sim);
  struct wmi_sender *records[4];
  int entries[4], extra = -1;
  for (int i = 0; i < 4; i++) {
    records[i] = wmi_sender_note(service, stand_in(i % 2), (uint64_t)(10 + i), &entries[i]);
    assert_non_null(records[i]);
    assert_int_equal(entries[i], i);
  }
  assert_null(wmi_sender_note(service, stand_in(0), 99, &extra));
  assert_int_equal(irps_of(service, 0, NULL, 0), 2);
  assert_int_equal(irps_of(service, 1, NULL, 0), 2);
  for (int i = 3; i >= 0; i--) wmi_sender_clear(records[i], entries[i]);
  assert_int_equal(irps_of(service, 0, NULL, 0) + irps_of(service, 1, NULL, 0), 0);
  /* Cleared, the entries serve again. */
  assert_non_null(wmi_sender_note(service, stand_in(0), 7, &extra));
  assert_int_equal(extra, 0);
  wmisim_destroy(sim);
}

static void test_each_service_keeps_its_own_records(void **state) {
  (void)state;
  wmisim_t *first = sim_create(), *second = sim_create();
  int a = -1, b = -1;
  struct wmi_sender *in_first = wmi_sender_note(wmi_of(first), stand_in(0), 1, &a);
  struct wmi_sender *in_second = wmi_sender_note(wmi_of(second), stand_in(0), 2, &b);
  assert_true(in_first != NULL && in_second != NULL && in_first != in_second);
  char ids[64];
  assert_int_equal(irps_of(wmi_of(first), 0, ids, sizeof ids), 1);
  assert_string_equal(ids, " #1");
  assert_int_equal(irps_of(wmi_of(second), 0, ids, sizeof ids), 1);
  assert_string_equal(ids, " #2");
  wmi_sender_clear(in_second, b);
  wmi_sender_clear(in_first, a);
  wmisim_destroy(second);
  wmisim_destroy(first);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_a_noted_irp_counts_for_its_provider_until_cleared),
    cmocka_unit_test(test_a_record_holds_four_nested_irps_then_is_full),
    cmocka_unit_test(test_each_service_keeps_its_own_records),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
