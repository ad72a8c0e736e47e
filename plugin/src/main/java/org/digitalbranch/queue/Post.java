package org.digitalbranch.queue;

import java.time.Instant;
import java.util.List;

/**
 * A staff post as stored. {@code publishAt} is a UTC instant (computed from the local time the
 * author typed, in the library's zone); null means "as soon as approved". {@code history} is oldest
 * first and empty in queue listings.
 */
public record Post(
    String id,
    int version,
    PostState state,
    String author,
    String text,
    String link,
    List<PostImage> images,
    List<String> accounts,
    Topic topic,
    Intent intent,
    Instant publishAt,
    Instant createdAt,
    Instant updatedAt,
    Instant submittedAt,
    Instant approvedAt,
    List<HistoryEntry> history) {
  public Post {
    images = List.copyOf(images);
    accounts = List.copyOf(accounts);
    history = List.copyOf(history);
  }

  Post withHistory(List<HistoryEntry> entries) {
    return new Post(
        id,
        version,
        state,
        author,
        text,
        link,
        images,
        accounts,
        topic,
        intent,
        publishAt,
        createdAt,
        updatedAt,
        submittedAt,
        approvedAt,
        entries);
  }
}
