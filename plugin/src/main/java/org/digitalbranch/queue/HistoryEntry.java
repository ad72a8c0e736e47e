package org.digitalbranch.queue;

import java.time.Instant;

/**
 * One row of a post's append-only record. {@code from} is null for creation. {@code version} is the
 * version the action applied to (for creation, the version created: 1). {@code diff} holds the
 * word-level changes of an edit, or null.
 */
public record HistoryEntry(
    String action,
    String actor,
    Instant at,
    PostState from,
    PostState to,
    int version,
    String note,
    String diff) {}
