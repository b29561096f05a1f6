/*
 * state.c - the I/O manager's per-simulator state.
 */
#include <stdlib.h>

#include "core/sim.h"
#include "io/io.h"

struct io_state *io_create_state(struct wmisim *sim) {
  (void)sim;
  struct io_state *state = calloc(1, sizeof *state);
  if (state == NULL) return NULL;
  plat_mutex_init(&state->lock);
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
  struct io_state *state = sim->io;
  plat_mutex_lock(&state->lock);
  struct io_quarantined evicted = state->quarantine[state->quarantine_next];
  state->quarantine[state->quarantine_next] = (struct io_quarantined){memory, release};
  state->quarantine_next = (state->quarantine_next + 1) % IO_QUARANTINE_SIZE;
  plat_mutex_unlock(&state->lock);
  if (evicted.memory != NULL) evicted.release(evicted.memory);
}

void io_destroy_state(struct io_state *state) {
  for (size_t i = 0; i < IO_QUARANTINE_SIZE; i++)
    if (state->quarantine[i].memory != NULL) state->quarantine[i].release(state->quarantine[i].memory);
  io_free_symlinks(state);
  for (size_t i = 0; i < state->library_count; i++) plat_library_close(state->libraries[i]);
  free(state->libraries);
  plat_mutex_destroy(&state->lock);
  free(state);
}
