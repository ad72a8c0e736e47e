package org.digitalbranch.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.digitalbranch.store.TestStores;

/** A post service over a real SQLite file, with a small library's accounts and people. */
final class QueueFixture {
  static final Actor ANA = Actor.of("ana", Actor.STAFF);
  static final Actor BEN = Actor.of("ben", Actor.STAFF);
  static final Actor MO = Actor.of("mo", Actor.STAFF, Actor.MODERATOR);
  static final Actor MEG = Actor.of("meg", Actor.STAFF, Actor.MODERATOR);
  static final Actor IT = Actor.of("it", Actor.ADMIN);
  static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
  static final Instant START = Instant.parse("2026-11-20T15:00:00Z"); // 9:00 in Chicago

  static final Map<String, TargetAccount> ACCOUNTS =
      Map.of(
          "fb-main", new TargetAccount("fb-main", Network.FACEBOOK, Set.of("ana", "ben", "mo")),
          "x-main", new TargetAccount("x-main", Network.X, Set.of("ana", "mo")),
          "ig-main", new TargetAccount("ig-main", Network.INSTAGRAM, Set.of("ana")),
          "mastodon-main", new TargetAccount("mastodon-main", Network.MASTODON, Set.of("ben")));

  final DataSource dataSource;
  final TestClock clock = new TestClock(START);
  final PostService service;
  final Path images;

  QueueFixture(Path folder) {
    dataSource = TestStores.migrated(folder);
    images = folder.resolve("images");
    service = newService();
  }

  PostService newService() {
    return newService(Transactor.over(dataSource), 1_000);
  }

  /** The library's service over {@code transactor}, with another image limit and more accounts. */
  PostService newService(Transactor transactor, long maxImageBytes, TargetAccount... more) {
    return new PostService(
        transactor,
        clock,
        new QueueSettings(CHICAGO, 10, images, maxImageBytes, Duration.ofMinutes(15)),
        id ->
            java.util.Arrays.stream(more)
                .filter(account -> account.id().equals(id))
                .findFirst()
                .or(() -> Optional.ofNullable(ACCOUNTS.get(id))));
  }

  static PostDraft draft(String text, String... accounts) {
    return new PostDraft(
        text, null, List.of(), List.of(accounts), Topic.EVENTS, Intent.ENGAGEMENT, null);
  }

  static PostDraft draft(String text, Topic topic, Intent intent) {
    return new PostDraft(text, null, List.of(), List.of("fb-main"), topic, intent, null);
  }

  /** A post by ana, submitted: at version 2. */
  Post submitted(String text) {
    Post post = service.create(ANA, draft(text, "fb-main"));
    return service.act(ANA, post.id(), Action.SUBMIT, 1, null, false);
  }

  Post approved(PostDraft draft) {
    Post post = service.create(ANA, draft);
    service.act(ANA, post.id(), Action.SUBMIT, 1, null, false);
    return service.act(MO, post.id(), Action.APPROVE, 2, null, true);
  }
}
