/*
 * state.c - the I/O manager's per-simulator state.
 */
#include <stdlib.h>

#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "platform/atomic.h"
#include "platform/spinlock.h"

struct io_state *io_create_state(struct wmisim *sim) {
  (void)sim;
  struct io_state *state = calloc(1, sizeof *state);
  if (state == NULL) return NULL;
  plat_mutex_init(&state->lock);
  for (size_t i = 0; i < IO_STACK_SHARDS; i++) plat_rwlock_init(&state->stacks[i].lock);
  return state;
}

void io_retire_library(struct wmisim *sim, void *library) {
  if (library == NULL) return;
  struct io_state *state = sim->io;
  plat_mutex_lock(&state->lock);
  void **grown = realloc(state->libraries, (state->library_count + 1) * sizeof *grown);
  if (grown != NULL) {
    state->libraries = grown;
    state->libraries[state->library_count++] = library;
  }
  plat_mutex_unlock(&state->lock);
}

void io_quarantine(struct wmisim *sim, void *memory, void (*release)(void *memory)) {
  if (sim == NULL || sim->io == NULL) {
    release(memory);
    return;
  }
  struct io_quarantine *quarantine = &sim->io->quarantine;
  spin_lock(&quarantine->busy);
  struct io_quarantined evicted = quarantine->slots[quarantine->next];
  quarantine->slots[quarantine->next] = (struct io_quarantined){memory, release};
  quarantine->next = (quarantine->next + 1) % IO_QUARANTINE_SIZE;
  spin_unlock(&quarantine->busy);
  if (evicted.memory != NULL) evicted.release(evicted.memory);
}

struct io_stack_shard *io_stacks_read_lock(struct io_state *state) {
  struct io_stack_shard *shard = &state->stacks[ke_thread()->shard % IO_STACK_SHARDS];
  plat_rwlock_read_lock(&shard->lock);
  return shard;
}

void io_stacks_read_unlock(struct io_stack_shard *shard) {
  plat_rwlock_read_unlock(&shard->lock);
}

/* Always in shard order, so two writers cannot deadlock. */
void io_stacks_write_lock(struct io_state *state) {
  for (size_t i = 0; i < IO_STACK_SHARDS; i++) plat_rwlock_write_lock(&state->stacks[i].lock);
}

void io_stacks_write_unlock(struct io_state *state) {
  for (size_t i = IO_STACK_SHARDS; i-- > 0;) plat_rwlock_write_unlock(&state->stacks[i].lock);
}

void io_destroy_state(struct wmisim *sim, struct io_state *state) {
  ke_quarantine_release_owner(sim); /* this thread's freed IRPs; other threads' stay until they end */
  for (size_t i = 0; i < IO_QUARANTINE_SIZE; i++) {
    struct io_quarantined *slot = &state->quarantine.slots[i];
    if (slot->memory != NULL) slot->release(slot->memory);
  }
  io_free_symlinks(state);
  for (size_t i = 0; i < state->library_count; i++) plat_library_close(state->libraries[i]);
  free(state->libraries);
  for (size_t i = 0; i < IO_STACK_SHARDS; i++) plat_rwlock_destroy(&state->stacks[i].lock);
  plat_mutex_destroy(&state->lock);
  free(state);
}
