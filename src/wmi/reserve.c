/*
 * reserve.c - a provider's reservations: the requests in progress that
 * DEREGISTER waits for, and the references that keep its memory.
 *
 * One 64-bit word holds both counts and a flag, so a request reserves and
 * releases with one atomic operation each, on any thread, without the
 * service lock:
 *   bits 0-31   outstanding  requests in progress (reservations)
 *   bits 32-61  references   1 while listed + 1 per reservation; the last frees
 *   bit  62     quiet        the last request to end must run
 *                            wmi_provider_quiet (a deregistration to finish,
 *                            retired blocks to free, a DEREGISTER draining)
 * Setting the flag and ending the last request are both operations on the
 * word, so one of them sees the other: whichever comes second runs the
 * quiet work, under the lock. A request that ends while the flag is set
 * keeps its reference until that work is done.
 */
#include "wmi/wmi_internal.h"

#define OUTSTANDING ((int64_t)1)
#define REFERENCE ((int64_t)1 << 32)
#define QUIET ((int64_t)1 << 62)
#define RESERVATION (REFERENCE + OUTSTANDING)

static int32_t outstanding_of(int64_t counts) {
  return (int32_t)(counts & 0xffffffff);
}

static int32_t references_of(int64_t counts) {
  return (int32_t)((counts >> 32) & 0x3fffffff);
}

void wmi_provider_counts_init(struct wmi_provider *provider) {
  provider->counts = REFERENCE; /* the list's */
}

int32_t wmi_provider_outstanding(const struct wmi_provider *provider) {
  return outstanding_of(atomic_load_i64(&provider->counts));
}

void wmi_provider_drop(struct wmi_provider *provider) {
  if (references_of(atomic_add_i64(&provider->counts, -REFERENCE)) == 0) wmi_provider_free(provider);
}

void wmi_provider_hold(struct wmi_provider *provider) {
  atomic_add_i64(&provider->counts, RESERVATION);
}

/* The count first, the state after: a DEREGISTER that changes the state
 * and then waits for the count sees this reservation or is seen by it. */
bool wmi_provider_try_reserve(struct wmi_provider *provider, bool *held) {
  *held = false;
  if (!wmi_provider_active(provider)) return false;
  wmi_provider_hold(provider);
  *held = true;
  return wmi_provider_active(provider);
}

/* The lock held: runs the quiet work if this was the last request. */
static void ended_locked(struct wmi_provider *provider, int64_t counts) {
  if (outstanding_of(counts) != 0) return;
  plat_cond_broadcast(&provider->drained);
  wmi_provider_quiet(provider);
}

void wmi_provider_unreserve(struct wmi_provider *provider) {
  ended_locked(provider, atomic_add_i64(&provider->counts, -OUTSTANDING));
  wmi_provider_drop(provider);
}

bool wmi_provider_reserve(struct wmi_provider *provider) {
  bool held;
  if (wmi_provider_try_reserve(provider, &held)) return true;
  if (held) wmi_provider_unreserve(provider);
  return false;
}

void wmi_provider_release(struct wmi_provider *provider) {
  int64_t counts = atomic_load_i64(&provider->counts);
  for (;;) {
    bool last_with_work = outstanding_of(counts) == 1 && (counts & QUIET) != 0;
    int64_t after = counts - (last_with_work ? OUTSTANDING : RESERVATION);
    if (atomic_cas_i64(&provider->counts, counts, after)) {
      if (!last_with_work) {
        if (references_of(after) == 0) wmi_provider_free(provider);
        return;
      }
      break;
    }
    counts = atomic_load_i64(&provider->counts);
  }
  struct wmi_service *service = provider->service;
  plat_mutex_lock(&service->lock);
  ended_locked(provider, atomic_load_i64(&provider->counts));
  plat_mutex_unlock(&service->lock);
  wmi_provider_drop(provider);
}

/* Sets the flag; the counts as they were. */
static int64_t set_quiet(struct wmi_provider *provider) {
  int64_t counts = atomic_load_i64(&provider->counts);
  while (!(counts & QUIET) && !atomic_cas_i64(&provider->counts, counts, counts | QUIET))
    counts = atomic_load_i64(&provider->counts);
  return counts;
}

void wmi_provider_await_quiet(struct wmi_provider *provider) {
  set_quiet(provider);
}

void wmi_provider_want_quiet(struct wmi_provider *provider) {
  if (outstanding_of(set_quiet(provider)) == 0) wmi_provider_quiet(provider);
}

void wmi_provider_quiet_done(struct wmi_provider *provider) {
  int64_t counts = atomic_load_i64(&provider->counts);
  while ((counts & QUIET) && !atomic_cas_i64(&provider->counts, counts, counts & ~QUIET))
    counts = atomic_load_i64(&provider->counts);
}
