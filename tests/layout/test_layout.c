/*
 * test_layout.c - wmisim's WDK headers against mingw-w64's, entry by entry.
 *
 * The arrays compared are layout_items.h evaluated four times with the
 * mingw-w64 cross compilers (see CMakeLists.txt) and once natively, here,
 * with wmisim's headers. A mismatch prints every differing entry by name;
 * the build runs this program, so a drift fails the build.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include <wmistr.h>

#define LAYOUT_NAMES
#include "layout_entries.h"

static const char *const layout_names[] = {
#include "layout_items.h"
};
#define LAYOUT_COUNT (sizeof layout_names / sizeof layout_names[0])

/* layout_values.c, compiled natively into this program. */
extern const uint64_t layout_native[];

#include "layout_mingw_i686.h"
#include "layout_mingw_x86_64.h"
#include "layout_ours_i686.h"
#include "layout_ours_x86_64.h"

/* One side of a comparison: the native array or an extracted section. */
struct side {
  const char *what;
  const uint64_t *words;     /* native */
  const unsigned char *bytes; /* extracted, little-endian words */
  size_t size;
};

#define NATIVE_SIDE(what) {what, layout_native, NULL, 0}
#define BLOB_SIDE(what, blob) {what, NULL, blob, sizeof blob}

static uint64_t word_at(const struct side *side, size_t index) {
  if (side->words != NULL) return side->words[index];
  uint64_t value = 0;
  for (int i = 7; i >= 0; i--) value = (value << 8) | side->bytes[index * 8 + (size_t)i];
  return value;
}

/* True if the side holds exactly one word per entry between the markers. */
static bool framed(const struct side *side) {
  if (side->words == NULL && side->size < (LAYOUT_COUNT + 2) * 8) {
    print_error("%s: %zu bytes, too short for %zu entries\n", side->what, side->size, LAYOUT_COUNT);
    return false;
  }
  if (word_at(side, 0) != LAYOUT_MAGIC_BEGIN || word_at(side, LAYOUT_COUNT + 1) != LAYOUT_MAGIC_END) {
    print_error("%s: not framed by the layout markers; built from another list of entries?\n", side->what);
    return false;
  }
  return true;
}

static void compare(const struct side *ours, const struct side *mingw) {
  assert_true(framed(ours));
  assert_true(framed(mingw));
  size_t mismatches = 0;
  for (size_t i = 0; i < LAYOUT_COUNT; i++) {
    uint64_t a = word_at(ours, i + 1), b = word_at(mingw, i + 1);
    if (a == b) continue;
    mismatches++;
    print_error("%s: %s is %lld (%#llx), %s has %lld (%#llx)\n", layout_names[i], ours->what, (long long)a,
                (unsigned long long)a, mingw->what, (long long)b, (unsigned long long)b);
  }
  if (mismatches != 0)
    print_error("%zu of %zu entries differ; fix include/wdk, or document an intended deviation "
                "(docs/fidelity.md, part Header layouts) with LAYOUT_DEVIATION in layout_items.h\n",
                mismatches, LAYOUT_COUNT);
  assert_int_equal(mismatches, 0);
}

static void test_layout_every_measurement_holds_every_entry(void **state) {
  (void)state;
  const struct side sides[] = {
    NATIVE_SIDE("native wmisim headers"),
    BLOB_SIDE("wmisim headers, x86_64-w64-mingw32", layout_ours_x86_64),
    BLOB_SIDE("mingw-w64 headers, x86_64", layout_mingw_x86_64),
    BLOB_SIDE("wmisim headers, i686-w64-mingw32", layout_ours_i686),
    BLOB_SIDE("mingw-w64 headers, i686", layout_mingw_i686),
  };
  assert_true(LAYOUT_COUNT > 3000);
  for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) assert_true(framed(&sides[i]));
}

/* The simulator runs drivers natively: on x86_64 Linux (LP64) its headers
 * must give Windows x64's layouts, which mingw-w64's headers give under
 * the x86_64 cross compiler. */
static void test_layout_native_headers_match_mingw_x86_64(void **state) {
  (void)state;
#if defined(__x86_64__) || defined(_M_X64)
  const struct side ours = NATIVE_SIDE("native wmisim headers");
  const struct side mingw = BLOB_SIDE("mingw-w64 x86_64", layout_mingw_x86_64);
  compare(&ours, &mingw);
#else
  skip();
#endif
}

static void test_layout_x86_64_mingw_build_matches_mingw_x86_64(void **state) {
  (void)state;
  const struct side ours = BLOB_SIDE("wmisim headers under x86_64-w64-mingw32-gcc", layout_ours_x86_64);
  const struct side mingw = BLOB_SIDE("mingw-w64 x86_64", layout_mingw_x86_64);
  compare(&ours, &mingw);
}

/* 32-bit: ULONG_PTR, pointers and the structures built on them shrink, and
 * IO_STACK_LOCATION is packed to 4 bytes. */
static void test_layout_i686_mingw_build_matches_mingw_i686(void **state) {
  (void)state;
  const struct side ours = BLOB_SIDE("wmisim headers under i686-w64-mingw32-gcc", layout_ours_i686);
  const struct side mingw = BLOB_SIDE("mingw-w64 i686", layout_mingw_i686);
  compare(&ours, &mingw);
}

/* The one intended deviation, measured directly: Microsoft's flexible
 * array, not mingw-w64's [1]. */
static void test_layout_wnode_all_data_has_microsoft_size(void **state) {
  (void)state;
  assert_int_equal(sizeof(WNODE_ALL_DATA), 64);
  assert_int_equal(FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength), 60);
  assert_int_equal(FIELD_OFFSET(WNODE_ALL_DATA, FixedInstanceSize), 60);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_layout_every_measurement_holds_every_entry),
    cmocka_unit_test(test_layout_native_headers_match_mingw_x86_64),
    cmocka_unit_test(test_layout_x86_64_mingw_build_matches_mingw_x86_64),
    cmocka_unit_test(test_layout_i686_mingw_build_matches_mingw_i686),
    cmocka_unit_test(test_layout_wnode_all_data_has_microsoft_size),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
