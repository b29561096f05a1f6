/*
 * layout_entries.h - how layout_items.h turns into data.
 *
 * Define LAYOUT_NAMES to get one string per entry (the entry's name), or
 * nothing to get one uint64_t per entry (its value). LAYOUT_MINGW selects
 * the mingw-w64 side of LAYOUT_DEVIATION items.
 */
#ifndef WMISIM_LAYOUT_ENTRIES_H
#define WMISIM_LAYOUT_ENTRIES_H

#include <stddef.h>
#include <stdint.h>

/* First and last word of every value array: a blob whose words are not
 * framed by these two, one entry per name, is stale or truncated. */
#define LAYOUT_MAGIC_BEGIN 0x55594f4c4d535701ull
#define LAYOUT_MAGIC_END 0x444e45594c4d5302ull

#if defined(__i386__) || defined(_M_IX86)
#  define LAYOUT_X86 1
#else
#  define LAYOUT_X86 0
#endif

#ifdef LAYOUT_NAMES
#  define LAYOUT_ENTRY(name, expr) name,
#else
#  define LAYOUT_ENTRY(name, expr) (uint64_t)(expr),
#endif

#define LAYOUT_SIZE(T) LAYOUT_ENTRY("sizeof(" #T ")", sizeof(T))
#define LAYOUT_ALIGN(T) LAYOUT_ENTRY("_Alignof(" #T ")", _Alignof(T))
#define LAYOUT_SIGNED(T) LAYOUT_ENTRY("signed(" #T ")", !((T)-1 > (T)0))
#define LAYOUT_FIELD_AT(T, path) LAYOUT_ENTRY("offsetof(" #T ", " #path ")", offsetof(T, path))
#define LAYOUT_FIELD(T, path) \
  LAYOUT_FIELD_AT(T, path) LAYOUT_ENTRY("sizeof(" #T "." #path ")", sizeof(((T *)0)->path))
#if LAYOUT_X86
#  define LAYOUT_FIELD_WIN64(T, path) \
  LAYOUT_ENTRY("offsetof(" #T ", " #path ")", 0) LAYOUT_ENTRY("sizeof(" #T "." #path ")", 0)
#else
#  define LAYOUT_FIELD_WIN64(T, path) LAYOUT_FIELD(T, path)
#endif
#define LAYOUT_VALUE(NAME) LAYOUT_ENTRY(#NAME, NAME)
#ifdef LAYOUT_MINGW
#  define LAYOUT_DEVIATION(name, ours, mingw) LAYOUT_ENTRY(name, mingw)
#else
#  define LAYOUT_DEVIATION(name, ours, mingw) LAYOUT_ENTRY(name, ours)
#endif

#endif /* WMISIM_LAYOUT_ENTRIES_H */
