package org.digitalbranch.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.digitalbranch.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostRepositoryTest {
  private static final Instant AT = Instant.parse("2026-11-20T15:00:00Z");

  @TempDir Path folder;

  @Test
  void anUpdateNamingAnOldVersionChangesNothing() throws Exception {
    DataSource dataSource = TestStores.migrated(folder);
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

  private static Post stored(
      String id, String author, PostState state, Instant created, Instant changed) {
    return new Post(
        id,
        1,
        state,
        author,
        id,
        null,
        List.of(),
        List.of("x-main"),
        Topic.EVENTS,
        Intent.ENGAGEMENT,
        null,
        created,
        changed,
        null,
        null,
        List.of(new HistoryEntry("create", author, created, null, state, 1, null, null)));
  }

  @Test
  void anAuthorsFinishedPostsComeAPageAtATimeMostRecentlyFinishedFirstWithCountsPerState()
      throws Exception {
    DataSource dataSource = TestStores.migrated(folder);
    try (Connection connection = dataSource.getConnection()) {
      PostRepository repository = new PostRepository(connection);
      // Created in one order, published in the other: the page follows publishing.
      repository.insert(stored("p1", "ana", PostState.PUBLISHED, AT, AT.plusSeconds(300)));
      repository.insert(
          stored("p2", "ana", PostState.PUBLISHED, AT.plusSeconds(1), AT.plusSeconds(200)));
      repository.insert(
          stored("p3", "ana", PostState.PUBLISHED, AT.plusSeconds(2), AT.plusSeconds(100)));
      repository.insert(stored("d1", "ana", PostState.DRAFT, AT.plusSeconds(3), AT.plusSeconds(3)));
      repository.insert(stored("d2", "ana", PostState.HELD, AT.plusSeconds(4), AT.plusSeconds(4)));
      repository.insert(stored("o1", "bo", PostState.PUBLISHED, AT, AT.plusSeconds(400)));

      assertThat(repository.byAuthorInState("ana", PostState.PUBLISHED, 2, 0))
          .extracting(Post::id)
          .containsExactly("p1", "p2");
      assertThat(repository.byAuthorInState("ana", PostState.PUBLISHED, 2, 2))
          .extracting(Post::id)
          .containsExactly("p3");
      assertThat(repository.byAuthorInState("ana", PostState.PUBLISHED, 2, 4)).isEmpty();
      assertThat(repository.byAuthorInState("ana", PostState.PUBLISHED, 2, 0).getFirst().accounts())
          .containsExactly("x-main");
      assertThat(repository.countByAuthor("ana"))
          .containsExactlyInAnyOrderEntriesOf(
              java.util.Map.of(PostState.PUBLISHED, 3, PostState.DRAFT, 1, PostState.HELD, 1));
      assertThat(repository.byAuthorIn("ana", java.util.Set.of(PostState.DRAFT, PostState.HELD)))
          .extracting(Post::id)
          .containsExactly("d2", "d1");
      assertThat(repository.countByAuthor("cy")).isEmpty();
    }
  }
}
