/*
 * symlink.c - symbolic links in the object namespace (\DosDevices\...).
 */
#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "io/io.h"
#include "rtl/text.h"

struct io_symlink {
  struct io_symlink *next;
  WCHAR *link;
  size_t link_length;
  WCHAR *target;
  size_t target_length;
};

static WCHAR *copy_counted(PUNICODE_STRING s, size_t *length) {
  WCHAR *copy = malloc(s->Length + sizeof(WCHAR));
  if (copy == NULL) return NULL;
  memcpy(copy, s->Buffer, s->Length);
  copy[s->Length / 2] = 0;
  *length = s->Length / 2;
  return copy;
}

static bool valid(PUNICODE_STRING s) {
  return s != NULL && s->Buffer != NULL && s->Length != 0 && s->Length % 2 == 0;
}

NTSTATUS NTAPI IoCreateSymbolicLink(PUNICODE_STRING SymbolicLinkName, PUNICODE_STRING DeviceName) {
  struct wmisim *sim = sim_current();
  if (sim == NULL || !valid(SymbolicLinkName) || !valid(DeviceName)) return STATUS_INVALID_PARAMETER;
  struct io_state *io = sim->io;
  plat_mutex_lock(&io->lock);
  for (struct io_symlink *s = io->symlinks; s != NULL; s = s->next)
    if (text_wequal(s->link, s->link_length, SymbolicLinkName->Buffer, SymbolicLinkName->Length / 2, true)) {
      plat_mutex_unlock(&io->lock);
      return STATUS_OBJECT_NAME_COLLISION;
    }
  struct io_symlink *link = calloc(1, sizeof *link);
  if (link != NULL) {
    link->link = copy_counted(SymbolicLinkName, &link->link_length);
    link->target = copy_counted(DeviceName, &link->target_length);
  }
  if (link == NULL || link->link == NULL || link->target == NULL) {
    plat_mutex_unlock(&io->lock);
    if (link != NULL) {
      free(link->link);
      free(link->target);
      free(link);
    }
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  link->next = io->symlinks;
  io->symlinks = link;
  plat_mutex_unlock(&io->lock);
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI IoDeleteSymbolicLink(PUNICODE_STRING SymbolicLinkName) {
  struct wmisim *sim = sim_current();
  if (sim == NULL || !valid(SymbolicLinkName)) return STATUS_INVALID_PARAMETER;
  struct io_state *io = sim->io;
  plat_mutex_lock(&io->lock);
  for (struct io_symlink **link = &io->symlinks; *link != NULL; link = &(*link)->next) {
    struct io_symlink *s = *link;
    if (text_wequal(s->link, s->link_length, SymbolicLinkName->Buffer, SymbolicLinkName->Length / 2, true)) {
      *link = s->next;
      plat_mutex_unlock(&io->lock);
      free(s->link);
      free(s->target);
      free(s);
      return STATUS_SUCCESS;
    }
  }
  plat_mutex_unlock(&io->lock);
  return STATUS_OBJECT_NAME_NOT_FOUND;
}

void io_free_symlinks(struct io_state *state) {
  for (struct io_symlink *s = state->symlinks, *next; s != NULL; s = next) {
    next = s->next;
    free(s->link);
    free(s->target);
    free(s);
  }
  state->symlinks = NULL;
}
