/*
 * arena.c - region allocator and growable arrays for the MOF component.
 *
 * A schema load allocates many small strings and structures that all die
 * together; an arena makes that one free and leak-proof.
 */
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"

#define ARENA_ALIGNMENT 16
#define ARENA_CHUNK 8192

typedef struct arena_chunk {
  struct arena_chunk *next;
  size_t used;
  size_t capacity;
  /* data follows, aligned */
} arena_chunk;

struct mof_arena {
  arena_chunk *chunks;
};

/* Header size rounded so the data after it stays aligned. */
static size_t chunk_header_size(void) {
  return (sizeof(arena_chunk) + ARENA_ALIGNMENT - 1) & ~(size_t)(ARENA_ALIGNMENT - 1);
}

mof_arena *mof_arena_create(void) {
  return calloc(1, sizeof(mof_arena));
}

void mof_arena_destroy(mof_arena *arena) {
  if (arena == NULL)
    return;
  arena_chunk *chunk = arena->chunks;
  while (chunk != NULL) {
    arena_chunk *next = chunk->next;
    free(chunk);
    chunk = next;
  }
  free(arena);
}

static arena_chunk *arena_add_chunk(mof_arena *arena, size_t at_least) {
  size_t capacity = at_least > ARENA_CHUNK ? at_least : ARENA_CHUNK;
  arena_chunk *chunk = malloc(chunk_header_size() + capacity);
  if (chunk == NULL)
    return NULL;
  chunk->used = 0;
  chunk->capacity = capacity;
  chunk->next = arena->chunks;
  arena->chunks = chunk;
  return chunk;
}

void *mof_arena_alloc(mof_arena *arena, size_t size) {
  size_t rounded = (size + ARENA_ALIGNMENT - 1) & ~(size_t)(ARENA_ALIGNMENT - 1);
  if (rounded < size)
    return NULL;
  if (rounded == 0)
    rounded = ARENA_ALIGNMENT;
  arena_chunk *chunk = arena->chunks;
  if (chunk == NULL || chunk->capacity - chunk->used < rounded) {
    chunk = arena_add_chunk(arena, rounded);
    if (chunk == NULL)
      return NULL;
  }
  unsigned char *memory = (unsigned char *)chunk + chunk_header_size() + chunk->used;
  chunk->used += rounded;
  memset(memory, 0, rounded);
  return memory;
}

void *mof_arena_memdup(mof_arena *arena, const void *data, size_t size) {
  void *copy = mof_arena_alloc(arena, size);
  if (copy != NULL && size > 0)
    memcpy(copy, data, size);
  return copy;
}

char *mof_arena_strndup(mof_arena *arena, const char *text, size_t length) {
  char *copy = mof_arena_alloc(arena, length + 1);
  if (copy != NULL) {
    memcpy(copy, text, length);
    copy[length] = '\0';
  }
  return copy;
}

char *mof_arena_strdup(mof_arena *arena, const char *text) {
  return mof_arena_strndup(arena, text, strlen(text));
}

void mof_vec_init(mof_vec *vec, size_t element_size) {
  vec->data = NULL;
  vec->count = 0;
  vec->capacity = 0;
  vec->element_size = element_size;
}

void mof_vec_free(mof_vec *vec) {
  free(vec->data);
  mof_vec_init(vec, vec->element_size);
}

void *mof_vec_push(mof_vec *vec) {
  if (vec->count == vec->capacity) {
    size_t capacity = vec->capacity == 0 ? 8 : vec->capacity * 2;
    void *data = realloc(vec->data, capacity * vec->element_size);
    if (data == NULL)
      return NULL;
    vec->data = data;
    vec->capacity = capacity;
  }
  unsigned char *element = (unsigned char *)vec->data + vec->count * vec->element_size;
  memset(element, 0, vec->element_size);
  vec->count++;
  return element;
}

void *mof_vec_finish(mof_vec *vec, mof_arena *arena, int *ok) {
  void *copy = NULL;
  if (vec->count > 0) {
    copy = mof_arena_memdup(arena, vec->data, vec->count * vec->element_size);
    if (copy == NULL)
      *ok = 0;
  }
  free(vec->data);
  vec->data = NULL;
  vec->capacity = 0;
  return copy;
}
