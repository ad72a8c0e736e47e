package org.digitalbranch.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostRepositoryTest {
  private static final Instant AT = Instant.parse("2026-11-20T15:00:00Z");

  @TempDir Path folder;

  @Test
  void anUpdateNamingAnOldVersionChangesNothing() throws Exception {
    DataSource dataSource = TestDatabase.migrated(folder);
    Post post =
        new Post(
            "p1",
            1,
            PostState.DRAFT,
            "ana",
            "Hello",
            null,
            List.of(new PostImage("i1", "i1.png", "image/png", "A reading nook", 16)),
            List.of("fb-main", "x-main"),
            Topic.EVENTS,
            Intent.ENGAGEMENT,
            null,
            AT,
            AT,
            null,
            null,
            List.of(new HistoryEntry("create", "ana", AT, null, PostState.DRAFT, 1, null, null)));
    Post submitted =
        new Post(
            "p1",
            2,
            PostState.SUBMITTED,
            "ana",
            "Hello",
            null,
            post.images(),
            post.accounts(),
            Topic.EVENTS,
            Intent.ENGAGEMENT,
            null,
            AT,
            AT,
            AT,
            null,
            List.of());
    HistoryEntry submit =
        new HistoryEntry("submit", "ana", AT, PostState.DRAFT, PostState.SUBMITTED, 1, null, null);

    try (Connection connection = dataSource.getConnection()) {
      PostRepository repository = new PostRepository(connection);
      repository.insert(post);

      assertThat(repository.update(submitted, 1, submit)).isTrue();
      assertThat(repository.update(submitted, 1, submit)).isFalse();

      Post stored = repository.find("p1").orElseThrow();
      assertThat(stored.version()).isEqualTo(2);
      assertThat(stored.state()).isEqualTo(PostState.SUBMITTED);
      assertThat(stored.images()).isEqualTo(post.images());
      assertThat(stored.accounts()).containsExactly("fb-main", "x-main");
      assertThat(stored.history()).containsExactly(post.history().getFirst(), submit);
      assertThat(repository.version("p1")).contains(2);
      assertThat(repository.find("nope")).isEmpty();
    }
  }
}
