/*
 * cmds_events.c - subscriptions to events and blocks held open: the
 * consumer side of IRP_MN_ENABLE/DISABLE_EVENTS and _COLLECTION.
 */
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "output.h"
#include "values.h"

/* Runs on the simulator's event thread: copy, queue, count. */
static void on_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  struct subscription_entry *entry = context;
  struct session *session = entry->session;
  ULONG size = event->BufferSize >= sizeof *event ? event->BufferSize : (ULONG)sizeof *event;
  struct event_copy *copy = calloc(1, sizeof *copy);
  WNODE_HEADER *wnode = malloc(size);
  if (copy == NULL || wnode == NULL) {
    free(copy);
    free(wnode);
    return;
  }
  memcpy(wnode, event, size);
  *copy = (struct event_copy){NULL, event->Guid, lost, size, wnode};
  session_lock(&session->event_lock);
  if (session->event_tail != NULL) session->event_tail->next = copy;
  else session->event_head = copy;
  session->event_tail = copy;
  entry->received++;
  session_unlock(&session->event_lock);
}

/* The subscription of a GUID, active or not (entries live until the
 * session closes: the event thread may still hold one). */
struct subscription_entry *subscription_of(struct session *session, const GUID *guid) {
  for (size_t i = 0; i < session->subscription_count; i++)
    if (memcmp(&session->subscriptions[i]->guid, guid, sizeof *guid) == 0) return session->subscriptions[i];
  return NULL;
}

enum outcome cmd_subscribe(struct exec *exec) {
  struct session *session = exec->session;
  struct target target;
  if (!resolve_target(exec, 0, &target)) return OUTCOME_INPUT;
  struct subscription_entry *entry = subscription_of(session, &target.guid);
  if (entry != NULL && entry->subscription != NULL)
    return exec_error(exec, 0, OUTCOME_INPUT, "already subscribed to %s", target.name);
  if (entry == NULL) {
    struct subscription_entry **grown =
        realloc(session->subscriptions, (session->subscription_count + 1) * sizeof *grown);
    if (grown == NULL || (entry = calloc(1, sizeof *entry)) == NULL) {
      if (grown != NULL) session->subscriptions = grown;
      return exec_error(exec, -1, OUTCOME_INTERNAL, "out of memory");
    }
    session->subscriptions = grown;
    grown[session->subscription_count++] = entry;
    entry->session = session;
    entry->guid = target.guid;
  }
  NTSTATUS status = wmisim_wmi_subscribe(session->sim, &target.guid, on_event, entry, &entry->subscription);
  if (!NT_SUCCESS(status)) return exec_status(exec, status);
  output_done(session, exec->statement);
  return OUTCOME_OK;
}

enum outcome cmd_unsubscribe(struct exec *exec) {
  struct target target;
  if (!resolve_target(exec, 0, &target)) return OUTCOME_INPUT;
  struct subscription_entry *entry = subscription_of(exec->session, &target.guid);
  if (entry == NULL || entry->subscription == NULL)
    return exec_error(exec, 0, OUTCOME_INPUT, "not subscribed to %s", target.name);
  wmisim_wmi_unsubscribe(entry->subscription);
  entry->subscription = NULL;
  output_done(exec->session, exec->statement);
  return OUTCOME_OK;
}

static struct open_block *open_block_of(struct session *session, const GUID *guid) {
  for (size_t i = 0; i < session->block_count; i++)
    if (memcmp(&session->blocks[i].guid, guid, sizeof *guid) == 0) return &session->blocks[i];
  return NULL;
}

enum outcome cmd_open(struct exec *exec) {
  struct session *session = exec->session;
  struct target target;
  if (!resolve_target(exec, 0, &target)) return OUTCOME_INPUT;
  if (open_block_of(session, &target.guid) != NULL)
    return exec_error(exec, 0, OUTCOME_INPUT, "%s is already open", target.name);
  struct open_block *grown = realloc(session->blocks, (session->block_count + 1) * sizeof *grown);
  if (grown == NULL) return exec_error(exec, -1, OUTCOME_INTERNAL, "out of memory");
  session->blocks = grown;
  wmisim_block_t *block;
  NTSTATUS status =
      wmisim_wmi_open(session->sim, &target.guid, WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE, &block);
  if (!NT_SUCCESS(status)) return exec_status(exec, status);
  grown[session->block_count++] = (struct open_block){target.guid, block};
  output_done(session, exec->statement);
  return OUTCOME_OK;
}

enum outcome cmd_close(struct exec *exec) {
  struct session *session = exec->session;
  struct target target;
  if (!resolve_target(exec, 0, &target)) return OUTCOME_INPUT;
  struct open_block *open = open_block_of(session, &target.guid);
  if (open == NULL) return exec_error(exec, 0, OUTCOME_INPUT, "%s is not open", target.name);
  wmisim_wmi_close(open->block);
  *open = session->blocks[--session->block_count];
  output_done(session, exec->statement);
  return OUTCOME_OK;
}
