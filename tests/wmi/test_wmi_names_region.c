/*
 * test_wmi_names_region.c - the instance names a QUERY_ALL_DATA answer
 * carries for a static-name block (src/wmi/names_region.c): rendered on
 * the block's first query and copied afterwards, byte for byte the same;
 * a shorter answer gets the first names; a block whose names pass the
 * cache's bound is rendered at every query; the output need not be
 * aligned and its padding is zero.
 *
 * INTERNAL: the region belongs to the WMI service's blocks, which are
 * built here by hand, without a provider.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <wdm.h>
#include <wmisim.h>

#include "platform/platform.h"
#include "wmi/wmi_internal.h"

#define ALIGN8(x) (((x) + 7u) & ~(ULONG)7u)
#define FILL 0xCC /* what the output buffer holds before; padding must not keep it */
#define BASE 40u  /* where the driver's data would end */

static WCHAR *wide(const char *text, size_t length) {
  WCHAR *out = malloc((length + 1) * sizeof *out);
  assert_non_null(out);
  for (size_t i = 0; i < length; i++) out[i] = (WCHAR)(unsigned char)text[i];
  out[length] = 0;
  return out;
}

/* A block named "<base><first_index + i>", as WMIREG_FLAG_INSTANCE_BASENAME makes them. */
static struct wmi_block *base_name_block(const char *base, ULONG first_index, ULONG count) {
  struct wmi_block *block = calloc(1, sizeof *block);
  assert_non_null(block);
  block->name_kind = WMI_NAMES_BASENAME;
  block->base_length = (USHORT)strlen(base);
  block->base = wide(base, block->base_length);
  block->first_index = first_index;
  block->instance_count = count;
  return block;
}

/* `length` 'x's, for names long enough to pass the cache's bound or the
 * consumer's limit; the caller frees it. */
static char *xs(size_t length) {
  char *text = malloc(length + 1);
  assert_non_null(text);
  memset(text, 'x', length);
  text[length] = '\0';
  return text;
}

/* Names of a base of `length` 'x's and a counter. */
static struct wmi_block *long_name_block(size_t length, ULONG count) {
  char *base = xs(length);
  struct wmi_block *block = base_name_block(base, 0, count);
  free(base);
  return block;
}

static struct wmi_block *list_block(const char *const *names, ULONG count) {
  struct wmi_block *block = calloc(1, sizeof *block);
  assert_non_null(block);
  block->name_kind = WMI_NAMES_LIST;
  block->instance_count = count;
  block->names = calloc(count, sizeof *block->names);
  block->name_lengths = calloc(count, sizeof *block->name_lengths);
  assert_non_null(block->names);
  assert_non_null(block->name_lengths);
  for (ULONG i = 0; i < count; i++) {
    block->name_lengths[i] = (USHORT)strlen(names[i]);
    block->names[i] = wide(names[i], block->name_lengths[i]);
  }
  return block;
}

/* Writes names 0 .. count-1 after BASE bytes of `FILL`, at `misalign`
 * bytes into a fresh buffer; returns the buffer, from the WNODE's start. */
static unsigned char *write_region(struct wmi_block *block, ULONG count, size_t misalign, ULONG *end) {
  uint64_t size = BASE + wmi_names_region_size(block, count);
  unsigned char *buffer = malloc((size_t)size + misalign);
  assert_non_null(buffer);
  memset(buffer, FILL, (size_t)size + misalign);
  *end = wmi_write_names_region(block, count, buffer + misalign, BASE);
  assert_int_equal(*end, size);
  if (misalign != 0) memmove(buffer, buffer + misalign, (size_t)size);
  return buffer;
}

static ULONG offset_of_name(const unsigned char *wnode, ULONG index) {
  ULONG at;
  memcpy(&at, wnode + BASE + index * sizeof at, sizeof at);
  return at;
}

/* Name `index` reads `expected`, and zeros follow it to its 8-byte boundary. */
static void assert_name(const unsigned char *wnode, ULONG index, const char *expected) {
  ULONG at = offset_of_name(wnode, index);
  assert_int_equal(at % 8, 0);
  USHORT bytes;
  memcpy(&bytes, wnode + at, sizeof bytes);
  assert_int_equal(bytes, strlen(expected) * sizeof(WCHAR));
  for (USHORT i = 0; i < bytes / 2; i++) {
    WCHAR unit;
    memcpy(&unit, wnode + at + 2 + i * 2, sizeof unit);
    assert_int_equal(unit, (unsigned char)expected[i]);
  }
  for (ULONG pad = at + 2 + bytes; pad < ALIGN8(at + 2 + bytes); pad++) assert_int_equal(wnode[pad], 0);
}

/* The offsets array is padded with zeros to 8 bytes, and the first name
 * follows it. */
static void assert_offsets_padded(const unsigned char *wnode, ULONG count) {
  for (ULONG at = BASE + count * 4; at < ALIGN8(BASE + count * 4); at++) assert_int_equal(wnode[at], 0);
  assert_int_equal(offset_of_name(wnode, 0), ALIGN8(BASE + count * 4));
}

static void assert_base_names(const unsigned char *wnode, const char *base, ULONG first_index, ULONG count) {
  assert_offsets_padded(wnode, count);
  for (ULONG i = 0; i < count; i++) {
    char expected[600];
    snprintf(expected, sizeof expected, "%s%lu", base, (unsigned long)(first_index + i));
    assert_name(wnode, i, expected);
  }
}

static void test_the_first_query_renders_the_names_and_the_next_copies_the_same_bytes(void **state) {
  (void)state;
  struct wmi_block *block = base_name_block("Sensor", 7, 105); /* Sensor7 .. Sensor111 */
  ULONG first_end, second_end;
  unsigned char *first = write_region(block, 105, 0, &first_end);
  assert_non_null(block->names_region);
  assert_base_names(first, "Sensor", 7, 105);
  unsigned char *second = write_region(block, 105, 0, &second_end);
  assert_int_equal(second_end, first_end);
  assert_memory_equal(first, second, first_end);
  free(first);
  free(second);
  wmi_block_free(block);
}

static void test_a_shorter_answer_carries_the_first_names(void **state) {
  (void)state;
  struct wmi_block *block = base_name_block("S", 0, 120);
  ULONG all_end, part_end;
  free(write_region(block, 120, 0, &all_end)); /* renders all 120 */
  unsigned char *part = write_region(block, 11, 0, &part_end);
  assert_base_names(part, "S", 0, 11);
  free(part);
  wmi_block_free(block);
}

static void test_an_answer_with_no_instances_carries_no_names(void **state) {
  (void)state;
  struct wmi_block *block = base_name_block("S", 0, 3);
  ULONG end;
  free(write_region(block, 0, 0, &end));
  assert_int_equal(end, BASE);
  wmi_block_free(block);
}

static void test_listed_names_are_copied_as_registered(void **state) {
  (void)state;
  static const char *const names[] = {"Left", "Right", "A much longer third name", "Z"};
  struct wmi_block *block = list_block(names, 4);
  for (int round = 0; round < 2; round++) {
    ULONG end;
    unsigned char *wnode = write_region(block, 4, 0, &end);
    assert_offsets_padded(wnode, 4);
    for (ULONG i = 0; i < 4; i++) assert_name(wnode, i, names[i]);
    free(wnode);
  }
  wmi_block_free(block);
}

static void test_names_written_at_an_odd_address_are_the_same_bytes(void **state) {
  (void)state;
  struct wmi_block *block = base_name_block("Sensor", 0, 13);
  ULONG aligned_end, odd_end;
  unsigned char *aligned = write_region(block, 13, 0, &aligned_end);
  unsigned char *odd = write_region(block, 13, 3, &odd_end);
  assert_int_equal(odd_end, aligned_end);
  assert_memory_equal(aligned, odd, aligned_end);
  free(aligned);
  free(odd);
  wmi_block_free(block);
}

/* 5,000 names of 500 WCHARs need about 5 MB: past the cache's bound, so
 * every query renders them, and gets them right. */
static void test_names_past_the_cache_bound_are_rendered_at_every_query(void **state) {
  (void)state;
  char *base = xs(500);
  struct wmi_block *block = long_name_block(500, 5000);
  assert_true(wmi_names_region_size(block, 5000) > (4u << 20));
  for (int round = 0; round < 2; round++) {
    ULONG end;
    unsigned char *wnode = write_region(block, 5000, 0, &end);
    assert_null(block->names_region);
    assert_base_names(wnode, base, 0, 5000);
    free(wnode);
  }
  free(base);
  wmi_block_free(block);
}

/* Names longer than a consumer's WNODE_ALL_DATA carries are cut to
 * WMI_MAX_CONSUMER_NAME WCHARs, rendered or copied. */
static void test_names_longer_than_the_consumer_limit_are_cut(void **state) {
  (void)state;
  struct wmi_block *block = long_name_block(WMI_MAX_CONSUMER_NAME + 10, 2);
  char *expected = xs(WMI_MAX_CONSUMER_NAME);
  for (int round = 0; round < 2; round++) {
    ULONG end;
    unsigned char *wnode = write_region(block, 2, 0, &end);
    assert_name(wnode, 0, expected);
    assert_name(wnode, 1, expected);
    free(wnode);
  }
  free(expected);
  wmi_block_free(block);
}

struct racer {
  struct wmi_block *block;
  unsigned char *wnode;
  ULONG end;
};

static void race(void *arg) {
  struct racer *racer = arg;
  uint64_t size = BASE + wmi_names_region_size(racer->block, 1000);
  racer->wnode = malloc((size_t)size);
  if (racer->wnode == NULL) return;
  memset(racer->wnode, FILL, (size_t)size);
  racer->end = wmi_write_names_region(racer->block, 1000, racer->wnode, BASE);
}

/* Two first queries at once: each gets whole names, one region is kept
 * (the other is freed: sanitizers see no leak). */
static void test_two_first_queries_at_once_both_get_the_names(void **state) {
  (void)state;
  for (int round = 0; round < 20; round++) {
    struct wmi_block *block = base_name_block("Sensor", 0, 1000);
    struct racer racers[2] = {{block, NULL, 0}, {block, NULL, 0}};
    plat_thread_t *threads[2];
    for (int i = 0; i < 2; i++) assert_int_equal(plat_thread_create(&threads[i], race, &racers[i]), 0);
    for (int i = 0; i < 2; i++) plat_thread_join(threads[i]);
    for (int i = 0; i < 2; i++) {
      assert_non_null(racers[i].wnode);
      assert_base_names(racers[i].wnode, "Sensor", 0, 1000);
    }
    assert_int_equal(racers[0].end, racers[1].end);
    assert_memory_equal(racers[0].wnode, racers[1].wnode, racers[0].end);
    free(racers[0].wnode);
    free(racers[1].wnode);
    wmi_block_free(block);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_the_first_query_renders_the_names_and_the_next_copies_the_same_bytes),
    cmocka_unit_test(test_a_shorter_answer_carries_the_first_names),
    cmocka_unit_test(test_an_answer_with_no_instances_carries_no_names),
    cmocka_unit_test(test_listed_names_are_copied_as_registered),
    cmocka_unit_test(test_names_written_at_an_odd_address_are_the_same_bytes),
    cmocka_unit_test(test_names_past_the_cache_bound_are_rendered_at_every_query),
    cmocka_unit_test(test_names_longer_than_the_consumer_limit_are_cut),
    cmocka_unit_test(test_two_first_queries_at_once_both_get_the_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
