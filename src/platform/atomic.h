/*
 * atomic.h - the atomic operations wmisim's own code uses.
 *
 * Sequentially consistent unless named otherwise (_release: a store that
 * only publishes what came before it, as a lock's release does; on x86 a
 * plain move instead of a locked exchange). GCC and Clang builtins,
 * or MSVC intrinsics; kept beside the platform layer because it is the one
 * other place where compilers differ.
 */
#ifndef WMISIM_PLATFORM_ATOMIC_H
#define WMISIM_PLATFORM_ATOMIC_H

#include <stdint.h>

#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
static inline int32_t atomic_load_i32(const volatile int32_t *p) { return *p; }
static inline void atomic_store_i32(volatile int32_t *p, int32_t v) { _InterlockedExchange((volatile long *)p, v); }
static inline void atomic_store_release_i32(volatile int32_t *p, int32_t v) { _InterlockedExchange((volatile long *)p, v); }
static inline int32_t atomic_add_i32(volatile int32_t *p, int32_t v) {
  return _InterlockedExchangeAdd((volatile long *)p, v) + v;
}
static inline int32_t atomic_exchange_i32(volatile int32_t *p, int32_t v) {
  return _InterlockedExchange((volatile long *)p, v);
}
static inline int atomic_cas_i32(volatile int32_t *p, int32_t expected, int32_t desired) {
  return _InterlockedCompareExchange((volatile long *)p, desired, expected) == expected;
}
static inline int64_t atomic_load_i64(const volatile int64_t *p) { return *p; }
static inline void atomic_store_i64(volatile int64_t *p, int64_t v) { _InterlockedExchange64((volatile long long *)p, v); }
static inline void atomic_store_release_i64(volatile int64_t *p, int64_t v) {
  _InterlockedExchange64((volatile long long *)p, v);
}
static inline int atomic_cas_i64(volatile int64_t *p, int64_t expected, int64_t desired) {
  return _InterlockedCompareExchange64((volatile long long *)p, desired, expected) == expected;
}
static inline int64_t atomic_add_i64(volatile int64_t *p, int64_t v) {
  return _InterlockedExchangeAdd64((volatile long long *)p, v) + v;
}
static inline uint8_t atomic_load_u8(const volatile uint8_t *p) { return *p; }
static inline void atomic_store_u8(volatile uint8_t *p, uint8_t v) { _InterlockedExchange8((volatile char *)p, (char)v); }
static inline void *atomic_load_ptr(void *const volatile *p) { return *p; }
static inline void atomic_store_ptr(void *volatile *p, void *v) { _InterlockedExchangePointer(p, v); }
static inline void atomic_store_release_ptr(void *volatile *p, void *v) { _InterlockedExchangePointer(p, v); }
static inline void *atomic_exchange_ptr(void *volatile *p, void *v) { return _InterlockedExchangePointer(p, v); }
static inline int atomic_cas_ptr(void *volatile *p, void *expected, void *desired) {
  return _InterlockedCompareExchangePointer(p, desired, expected) == expected;
}
#else
static inline int32_t atomic_load_i32(const volatile int32_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
static inline void atomic_store_i32(volatile int32_t *p, int32_t v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }
static inline void atomic_store_release_i32(volatile int32_t *p, int32_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline int32_t atomic_add_i32(volatile int32_t *p, int32_t v) {
  return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST);
}
static inline int32_t atomic_exchange_i32(volatile int32_t *p, int32_t v) {
  return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}
static inline int atomic_cas_i32(volatile int32_t *p, int32_t expected, int32_t desired) {
  return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
static inline int64_t atomic_load_i64(const volatile int64_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
static inline void atomic_store_i64(volatile int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }
static inline void atomic_store_release_i64(volatile int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline int atomic_cas_i64(volatile int64_t *p, int64_t expected, int64_t desired) {
  return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
static inline int64_t atomic_add_i64(volatile int64_t *p, int64_t v) {
  return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST);
}
static inline uint8_t atomic_load_u8(const volatile uint8_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
static inline void atomic_store_u8(volatile uint8_t *p, uint8_t v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }
static inline void *atomic_load_ptr(void *const volatile *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
static inline void atomic_store_ptr(void *volatile *p, void *v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }
static inline void atomic_store_release_ptr(void *volatile *p, void *v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline void *atomic_exchange_ptr(void *volatile *p, void *v) {
  return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}
static inline int atomic_cas_ptr(void *volatile *p, void *expected, void *desired) {
  return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
#endif

#endif /* WMISIM_PLATFORM_ATOMIC_H */
