/*
 * test_wmilib_guid_index.c - which GuidList entry WmiSystemControl takes
 * for a request's GUID: the first equal one, as a linear search finds it,
 * also for long lists, whose answers each thread remembers and checks
 * against the list before using them again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmilib.h>

#include "wmilib/wmilib_internal.h"

#define COUNT 20

static GUID guids[COUNT];
static WMIGUIDREGINFO list[COUNT];
static WMILIB_CONTEXT context;

static GUID guid_number(ULONG n) {
  GUID g = {0x3e6f1a70, 0x42c1, 0x4d1e, {0x9b, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}};
  g.Data4[6] = (UCHAR)(n >> 8);
  g.Data4[7] = (UCHAR)n;
  return g;
}

static int setup(void **state) {
  (void)state;
  for (ULONG i = 0; i < COUNT; i++) {
    guids[i] = guid_number(i);
    list[i] = (WMIGUIDREGINFO){&guids[i], 1, 0};
  }
  memset(&context, 0, sizeof context);
  context.GuidList = list;
  context.GuidCount = COUNT;
  return 0;
}

static void test_every_guid_of_a_long_list_is_found_at_its_index_again_and_again(void **state) {
  (void)state;
  for (int round = 0; round < 3; round++)
    for (ULONG i = 0; i < COUNT; i++) assert_int_equal(wmilib_find_guid(&context, &guids[i]), i);
}

static void test_a_guid_not_listed_is_not_found(void **state) {
  (void)state;
  GUID unknown = guid_number(999);
  assert_int_equal(wmilib_find_guid(&context, &unknown), MAXULONG);
  assert_int_equal(wmilib_find_guid(&context, NULL), MAXULONG);
}

static void test_an_entry_changed_in_place_is_not_taken_from_memory(void **state) {
  (void)state;
  GUID wanted = guids[15];
  assert_int_equal(wmilib_find_guid(&context, &wanted), 15);
  guids[15] = guid_number(500);
  assert_int_equal(wmilib_find_guid(&context, &wanted), MAXULONG);
  list[15].Guid = NULL;
  assert_int_equal(wmilib_find_guid(&context, &wanted), MAXULONG);
}

static void test_a_shorter_count_or_another_list_is_searched_again(void **state) {
  (void)state;
  assert_int_equal(wmilib_find_guid(&context, &guids[15]), 15);
  context.GuidCount = 10;
  assert_int_equal(wmilib_find_guid(&context, &guids[15]), MAXULONG);
  context.GuidCount = COUNT;
  WMIGUIDREGINFO reversed[COUNT];
  for (ULONG i = 0; i < COUNT; i++) reversed[i] = list[COUNT - 1 - i];
  context.GuidList = reversed;
  assert_int_equal(wmilib_find_guid(&context, &guids[15]), COUNT - 1 - 15);
  context.GuidList = list;
}

static void test_the_first_of_two_equal_entries_is_found(void **state) {
  (void)state;
  guids[17] = guids[12];
  assert_int_equal(wmilib_find_guid(&context, &guids[12]), 12);
  assert_int_equal(wmilib_find_guid(&context, &guids[17]), 12);
}

static void test_a_short_list_is_searched_as_it_is(void **state) {
  (void)state;
  context.GuidCount = 3;
  assert_int_equal(wmilib_find_guid(&context, &guids[2]), 2);
  guids[2] = guid_number(700);
  assert_int_equal(wmilib_find_guid(&context, &guids[2]), 2);
  assert_int_equal(wmilib_find_guid(&context, &guids[1]), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup(test_every_guid_of_a_long_list_is_found_at_its_index_again_and_again, setup),
      cmocka_unit_test_setup(test_a_guid_not_listed_is_not_found, setup),
      cmocka_unit_test_setup(test_an_entry_changed_in_place_is_not_taken_from_memory, setup),
      cmocka_unit_test_setup(test_a_shorter_count_or_another_list_is_searched_again, setup),
      cmocka_unit_test_setup(test_the_first_of_two_equal_entries_is_found, setup),
      cmocka_unit_test_setup(test_a_short_list_is_searched_as_it_is, setup),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
