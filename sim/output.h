/*
 * output.h - what the wmisim command prints on its result stream, in the
 * session's format: `list` (Get-CimInstance's "Property : Value" blocks),
 * `table` (a header row, dashes, one row per instance) or `json` (one JSON
 * object per statement or event, for scripts).
 *
 * Integers show in decimal and hexadecimal in the list form, properties by
 * name when the block's MOF class is known, the raw bytes otherwise.
 */
#ifndef WMISIM_SIM_OUTPUT_H
#define WMISIM_SIM_OUTPUT_H

#include "script.h"
#include "session.h"

/* Where results go on this thread: the session's stream, or what
 * output_redirect set for this thread (NULL undoes it). */
FILE *output_stream(struct session *session);
void output_redirect(FILE *stream);

/* "> statement" before running it, when echoing (not in JSON). */
void output_echo(struct session *session, const struct statement *statement);

/* An operation that failed with `status`. */
void output_status(struct session *session, const struct statement *statement, NTSTATUS status);

/* An operation that succeeded and returns nothing: JSON only. */
void output_done(struct session *session, const struct statement *statement);

/* The instances of a query or the output of a method call. */
void output_result(struct session *session, const struct statement *statement, const struct result *result);

/* The registered GUIDs (all, or one). */
void output_guids(struct session *session, const struct statement *statement, const GUID *guids, size_t count);

/* An event the consumer received; also becomes session->last_event. */
void output_event(struct session *session, const struct event_copy *event);

/* A line of text (`print`); in JSON a {"print": ...} object. */
void output_text(struct session *session, const struct statement *statement, const char *text);

/* Fills `result` from a WNODE chain (query results, events): names,
 * bytes, and objects decoded with `cls` when not NULL. False if the WNODE
 * is malformed (reason in `why`) or memory runs out. */
bool result_from_wnode(struct result *result, const GUID *guid, const wmisim_mof_class *cls, const void *wnode,
                       size_t size, char *why, size_t why_size);

#endif /* WMISIM_SIM_OUTPUT_H */
