package org.digitalbranch.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.digitalbranch.platform.ArchivedItems;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.DeletionLookup;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PublishOutcome;

/**
 * When, and about which posts, the archive asks a platform whose reading never reports deletions
 * (X, Bluesky, Mastodon) whether what it holds still stands ({@link DeletionLookup}).
 *
 * <p>Each post is asked about three times in its life: an hour, a day and six days after it was
 * written. Soon, because most deletions are of words regretted at once; the next day; and before it
 * leaves the week in which the platforms' threads are read again. Not at every poll: X counts every
 * post a lookup returns against the project's monthly read cap, and Mastodon's lookups are one
 * request each from the account's budget. A look happens after an account's poll reached its end,
 * at most once in {@link #EVERY}, and asks about the posts that reached one of the ages since the
 * last look that worked. Its state (that look's time, and a failure since) is the account's cursor
 * stream {@link #STREAM}, stored with the deletions it found.
 */
final class DeletionLook {

  /** The cursor stream of an account's look. */
  static final String STREAM = "deletions";

  /** The ages at which a post is asked about, once each. */
  static final List<Duration> AGES =
      List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(6));

  /** At most one look in this long per account. */
  static final Duration EVERY = Duration.ofMinutes(5);

  /**
   * After a stop, a look goes back at most this far: an intranet stopped for a week does not ask
   * about a week's posts at once (those of the gap are not asked about at that age).
   */
  static final Duration LONGEST_CATCH_UP = Duration.ofDays(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param lookedAt the posts that reached an age before this have been asked about
   * @param failedAt when a look last failed, since the last that worked; null if none did
   * @param failed why, as the Accounts page says it
   */
  record State(Instant lookedAt, Instant failedAt, String failed) {

    static State parse(String text) {
      if (text == null) {
        return new State(null, null, null);
      }
      try {
        JsonNode node = JSON.readTree(text);
        return new State(
            millis(node.path("lookedAt")),
            millis(node.path("failedAt")),
            node.path("failed").isTextual() ? node.path("failed").asText() : null);
      } catch (IOException e) {
        return new State(null, null, null);
      }
    }

    private static Instant millis(JsonNode node) {
      return node.canConvertToLong() ? Instant.ofEpochMilli(node.asLong()) : null;
    }

    /**
     * Due {@link #EVERY} after the last look or failed try. A time ahead of now (a clock set back,
     * a restored database) does not hold the look off.
     */
    boolean due(Instant now) {
      Instant last = failedAt != null ? failedAt : lookedAt;
      return last == null || last.isAfter(now) || !now.isBefore(last.plus(EVERY));
    }

    /** Where this look starts: the last look that worked, within the catch-up. */
    Instant from(Instant now) {
      Instant from = lookedAt == null || lookedAt.isAfter(now) ? now.minus(EVERY) : lookedAt;
      return from.isBefore(now.minus(LONGEST_CATCH_UP)) ? now.minus(LONGEST_CATCH_UP) : from;
    }

    String format() {
      ObjectNode node = JSON.createObjectNode();
      if (lookedAt != null) {
        node.put("lookedAt", lookedAt.toEpochMilli());
      }
      if (failedAt != null) {
        node.put("failedAt", failedAt.toEpochMilli());
        node.put("failed", failed);
      }
      return node.toString();
    }
  }

  private final ArchiveStore store;
  private final ArchiveSync sync;

  DeletionLook(ArchiveStore store, ArchiveSync sync) {
    this.store = Objects.requireNonNull(store, "store");
    this.sync = Objects.requireNonNull(sync, "sync");
  }

  /**
   * Looks for {@code account} when a look is due, storing each deletion found with the look's
   * state; returns why the last look failed, while none has worked since, else null.
   */
  String lookIfDue(
      String account,
      String platform,
      DeletionLookup lookup,
      Credentials credentials,
      Instant now) {
    State state = State.parse(store.cursor(account, STREAM).orElse(null));
    if (!state.due(now)) {
      return state.failed();
    }
    Instant from = state.from(now);
    int most = Math.max(0, lookup.mostPerLook());
    Map<String, ArchivedItems.Known> due = new LinkedHashMap<>();
    ArchivedItems archived = store.archivedItems();
    for (Duration age : AGES) {
      for (ArchivedItems.Known known :
          archived.liveBetween(account, from.minus(age), now.minus(age), most)) {
        if (due.size() < most) {
          due.putIfAbsent(known.platformId(), known);
        }
      }
    }
    try {
      Map<String, String> gone =
          due.isEmpty() ? Map.of() : lookup.gone(account, credentials, List.copyOf(due.values()));
      List<IncomingItem> deletions = new ArrayList<>();
      for (Map.Entry<String, String> found : gone.entrySet()) {
        ArchivedItems.Known known = due.get(found.getKey());
        if (known != null) {
          deletions.add(known.deleted(account, platform, found.getValue()));
        }
      }
      sync.ingest(
          deletions,
          List.of(new IngestionCursor(account, STREAM, new State(now, null, null).format())));
      return null;
    } catch (PlatformFailure failure) {
      String why =
          "deletions not looked for: "
              + PublishOutcome.reasonOf(failure.outcome(), "unexpected answer");
      // The next look starts where this one would have, so nothing it was to ask is passed over.
      store.putCursor(new IngestionCursor(account, STREAM, new State(from, now, why).format()));
      return why;
    }
  }
}
