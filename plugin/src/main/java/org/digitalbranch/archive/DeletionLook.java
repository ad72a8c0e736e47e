package org.digitalbranch.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.digitalbranch.platform.ArchivedItems;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.DeletionLookup;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PublishOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(DeletionLook.class);

  /**
   * @param lookedAt the posts that reached an age before this have been asked about
   * @param ranAt when the last look that worked ran (later than {@code lookedAt} when it could not
   *     ask about all that was due)
   * @param failedAt when a look last failed, since the last that worked; null if none did
   * @param failed why, as the Accounts page says it
   */
  record State(Instant lookedAt, Instant ranAt, Instant failedAt, String failed) {

    static State parse(String text) {
      if (text == null) {
        return new State(null, null, null, null);
      }
      try {
        JsonNode node = JSON.readTree(text);
        return new State(
            millis(node.path("lookedAt")),
            millis(node.path("ranAt")),
            millis(node.path("failedAt")),
            node.path("failed").isTextual() ? node.path("failed").asText() : null);
      } catch (IOException e) {
        return new State(null, null, null, null);
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
      Instant last = failedAt != null ? failedAt : ranAt != null ? ranAt : lookedAt;
      return last == null || last.isAfter(now) || !now.isBefore(last.plus(EVERY));
    }

    /** Where this look starts: the last look that worked, within the catch-up. */
    Instant from(Instant now) {
      Instant from = lookedAt == null || lookedAt.isAfter(now) ? now.minus(EVERY) : lookedAt;
      return from.isBefore(now.minus(LONGEST_CATCH_UP)) ? now.minus(LONGEST_CATCH_UP) : from;
    }

    /** A look that worked, at {@code now}, through {@code through}. */
    static State looked(Instant through, Instant now) {
      return new State(through, now, null, null);
    }

    /** A look that failed at {@code now}; the next starts at {@code from}. */
    static State failed(Instant from, Instant now, String why) {
      return new State(from, null, now, why);
    }

    String format() {
      ObjectNode node = JSON.createObjectNode();
      if (lookedAt != null) {
        node.put("lookedAt", lookedAt.toEpochMilli());
      }
      if (ranAt != null && !ranAt.equals(lookedAt)) {
        node.put("ranAt", ranAt.toEpochMilli());
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

  /** A post due to be asked about: it reached one of the {@link #AGES} at {@code at}. */
  private record Due(ArchivedItems.Known post, Instant at) {}

  /**
   * Looks for {@code account} when a look is due, storing each deletion found with the look's
   * state; returns why the last look failed, while none has worked since, else null.
   *
   * <p>The posts are asked about in the order they reached their age, at most what the platform
   * takes in one look; when more were due, or the platform stopped early, the next look starts at
   * the first not asked, so none is passed over.
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
    int most = Math.max(1, lookup.mostPerLook());
    ArchivedItems archived = store.archivedItems();
    Map<String, Due> byPost = new LinkedHashMap<>();
    for (Duration age : AGES) {
      // One more than a look takes, to know whether more were due than it asks about.
      for (ArchivedItems.Known post :
          archived.liveBetween(account, from.minus(age), now.minus(age), most + 1)) {
        Due due = new Due(post, post.createdAt().plus(age));
        byPost.merge(post.platformId(), due, (a, b) -> a.at().isAfter(b.at()) ? b : a);
      }
    }
    List<Due> all = new ArrayList<>(byPost.values());
    all.sort(Comparator.comparing(Due::at).thenComparing(d -> d.post().platformId()));
    boolean more = all.size() > most;
    List<Due> due = more ? all.subList(0, most) : all;
    try {
      List<ArchivedItems.Known> asked = due.stream().map(Due::post).toList();
      DeletionLookup.Answer answer =
          asked.isEmpty()
              ? new DeletionLookup.Answer(Map.of(), 0, null)
              : lookup.gone(account, credentials, asked);
      int answered = Math.max(0, Math.min(answer.answered(), asked.size()));
      List<IncomingItem> deletions = new ArrayList<>();
      for (ArchivedItems.Known post : asked.subList(0, answered)) {
        String evidence = answer.gone().get(post.platformId());
        if (evidence != null) {
          deletions.add(post.deleted(account, platform, evidence));
        }
      }
      Instant next;
      if (answered < due.size()) {
        next = due.get(answered).at();
      } else if (more) {
        // The next look starts at the first post not asked, itself included, so a post due in
        // the same millisecond as the last one asked is not passed over (those asked with it are
        // asked again). Only when more than a look takes share that millisecond does it move on.
        Instant first = all.get(most).at();
        next = first.isAfter(due.getFirst().at()) ? first : first.plusMillis(1);
      } else {
        next = now;
      }
      State after =
          answered == 0 && !asked.isEmpty()
              ? State.failed(
                  from,
                  now,
                  "deletions not looked for: "
                      + (answer.stopped() == null ? "the platform stopped" : answer.stopped()))
              : State.looked(next, now);
      sync.ingest(deletions, List.of(new IngestionCursor(account, STREAM, after.format())));
      return after.failed();
    } catch (PlatformFailure | RuntimeException failure) {
      String why;
      if (failure instanceof PlatformFailure platformFailure) {
        why =
            "deletions not looked for: "
                + PublishOutcome.reasonOf(platformFailure.outcome(), "unexpected answer");
      } else {
        // The intranet's own failure: its details are for the log, not the Accounts page.
        LOG.warn("the look for deletions of {} failed", account, failure);
        why = "deletions not looked for: the intranet failed (its log says why)";
      }
      // The next look starts where this one would have, so nothing it was to ask is passed over.
      store.putCursor(new IngestionCursor(account, STREAM, State.failed(from, now, why).format()));
      return why;
    }
  }
}
