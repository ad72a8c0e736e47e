package org.digitalbranch.platform.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.platform.ArchivedItems;
import org.digitalbranch.platform.ConversationReader;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReadResult;

/**
 * How Facebook Pages and Instagram accounts are polled alike: list the account's own items (posts,
 * media) of the {@link #LOOKBACK} before the last poll, then read each item's comments. The two
 * differ only in paths, field names and how deep replies go, which the subclasses supply.
 *
 * <p>Graph cursors die with their item, so the stored cursor is only the time of the last poll and
 * each poll reads the look-back window again; the store drops what it already holds. An item whose
 * comments answer "does not exist" was deleted between the two reads and is recorded as deleted; a
 * comment the archive holds that a whole read of its item no longer lists is asked about, and
 * recorded as deleted when the platform says it does not exist. Private conversations, where a
 * reader reads them, come first in the same poll and window; their failure leaves the comments to
 * be read, and is told apart ({@link ReadResult.Page#partFailed}).
 */
public abstract class GraphConversationReader implements ConversationReader {

  /** How far back before the last poll items are read again for new comments. */
  public static final Duration LOOKBACK = Duration.ofDays(7);

  /**
   * Each poll asks about at most this many comments that a thread no longer lists; the rest wait
   * for the next poll (they are still missing then). Each question is a request against the same
   * quota as publishing, and a thread a moderator cleared of spam can miss dozens at once.
   */
  static final int MAX_CHECKS_PER_POLL = 20;

  /**
   * A comment the list leaves out but which still exists (the docs do not say when a list would) is
   * asked about again only after this long, so that it does not take a check from every poll.
   */
  static final Duration UNLISTED_RECHECK = Duration.ofDays(1);

  /** Bounds {@link #unlisted}: past it, the set starts again and its comments are asked again. */
  private static final int MAX_UNLISTED = 10_000;

  /** The comments found to exist though unlisted, by account and id, with when. */
  private final Map<String, Instant> unlisted = new ConcurrentHashMap<>();

  protected final PlatformHttp http;
  protected final String name;

  protected GraphConversationReader(PlatformHttp http, String name) {
    this.http = http;
    this.name = name;
  }

  /** The path listing the account's own items, without {@code since}. */
  protected abstract String rootsPath(String objectId);

  /** What the first read does, for the failure message ("reading the Page's posts"). */
  protected abstract String readingRoots();

  /** The account's own item as the root of its thread. */
  protected abstract IncomingItem root(
      String account, Credentials.GraphToken token, JsonNode root, boolean deleted);

  /**
   * Every comment and reply under the root {@code rootId}, added to {@code into}; each answer's
   * quota usage noted in {@code usage}, and no further page asked once it is over the ceiling.
   */
  protected abstract void readComments(
      String account,
      Credentials.GraphToken token,
      String rootId,
      List<IncomingItem> into,
      GraphUsage usage)
      throws PlatformFailure;

  /**
   * The account's private conversations updated since {@code since} (null: all), added to {@code
   * into}; none unless the platform's reader reads them.
   */
  protected void readPrivate(
      String account,
      Credentials.GraphToken token,
      Instant since,
      List<IncomingItem> into,
      GraphUsage usage)
      throws PlatformFailure {}

  @Override
  public final ReadResult fetch(String account, Credentials credentials, String cursor) {
    return fetch(account, credentials, cursor, ArchivedItems.NONE);
  }

  @Override
  public final ReadResult fetch(
      String account, Credentials credentials, String cursor, ArchivedItems archived) {
    Credentials.GraphToken token = GraphApi.token(credentials, name);
    Instant now = http.settings().clock().instant();
    String roots = rootsPath(PlatformHttp.encode(token.objectId()));
    Instant lastPoll = lastPoll(cursor);
    if (lastPoll != null) {
      roots += "&since=" + lastPoll.minus(LOOKBACK).getEpochSecond();
    }
    GraphUsage usage = new GraphUsage();
    List<IncomingItem> items = new ArrayList<>();
    // Private messages first: an answer to one is possible only for a day (Messenger), so a quota
    // running low must not leave them behind a week of comments, which wait for nothing.
    String privateFailed = null;
    String privateFrom = privateFrom(cursor);
    Instant privateSince = privateFrom.equals(ALL) ? null : lastPoll(privateFrom);
    try {
      readPrivate(
          account, token, privateSince == null ? null : privateSince.minus(LOOKBACK), items, usage);
    } catch (PlatformFailure failure) {
      if (failure.outcome() instanceof PublishOutcome.RateLimited limited) {
        return new ReadResult.Page(
            List.of(),
            cursor == null ? "" : cursor,
            true,
            new ReadResult.Pause(limited.until(), limited.reason()));
      }
      // The comments are read all the same: a token that lost its messaging permission must not
      // stop the Page's comments from being archived. The cursor keeps where the messages were
      // last read whole, so the next poll that reads them starts there, however long it took.
      items.clear();
      privateFailed =
          "private messages not read: "
              // Meta's trace differs at every call: without it the same failure reads the same.
              + TRACE
                  .matcher(PublishOutcome.reasonOf(failure.outcome(), "unexpected answer"))
                  .replaceAll("");
    }
    // Each thread read, with what its read listed, to compare with the archive once all are read.
    Map<String, List<IncomingItem>> threads = new LinkedHashMap<>();
    try {
      for (JsonNode root : GraphPages.readAll(http, token, roots, name, readingRoots(), usage)) {
        if (usage.overCeiling()) {
          return paused(items, cursor, usage, now);
        }
        String rootId = Json.text(root, "/id");
        if (rootId.isEmpty()) {
          items.add(root(account, token, root, false));
          continue;
        }
        List<IncomingItem> comments = new ArrayList<>();
        try {
          readComments(account, token, rootId, comments, usage);
          items.add(root(account, token, root, false));
          items.addAll(comments);
          threads.put(rootId, comments);
        } catch (GraphPages.MissingObject gone) {
          items.add(root(account, token, root, true));
        }
      }
      if (usage.overCeiling()) {
        return paused(items, cursor, usage, now);
      }
      // Every thread was read whole: what the archive holds and a read did not list may have been
      // deleted. Asked only now, so that the questions never take the quota the reading needed.
      int checks = MAX_CHECKS_PER_POLL;
      for (Map.Entry<String, List<IncomingItem>> thread : threads.entrySet()) {
        checks =
            vanished(
                account, token, thread.getKey(), thread.getValue(), archived, usage, items, checks);
      }
      String next = Long.toString(now.getEpochSecond());
      if (privateFailed != null) {
        next += PRIVATE_FROM + privateFrom;
      }
      // Read whole: the cursor moves on, and a quota the questions filled pauses the next read.
      return new ReadResult.Page(
          items, next, true, usage.overCeiling() ? pause(usage, now) : null, privateFailed);
    } catch (PlatformFailure failure) {
      return new ReadResult.Failed(failure.outcome());
    }
  }

  /**
   * Neither Facebook's nor Instagram's comment lists say that a comment was deleted: it is simply
   * no longer listed (Facebook's webhook says so, when the library has one; Instagram's has no such
   * event). So each message the archive holds in a thread just read whole, but which the read did
   * not list, is asked about on its own: {@code GET /{id}?fields=id}. Code 100, subcode 33 ("does
   * not exist") records its deletion, with that answer as the evidence (Meta answers the same for a
   * patron's account switched off for a while: when a read lists the comment again, the store takes
   * it back as shown again); an answer with the object (a comment the list left out for another
   * reason) changes nothing. A quota, a token or a platform that is down stops the checks for this
   * poll and leaves what was read to be stored; a refusal of this one comment puts it off to the
   * next day. Returns how many checks this poll has left.
   */
  private int vanished(
      String account,
      Credentials.GraphToken token,
      String rootId,
      List<IncomingItem> listed,
      ArchivedItems archived,
      GraphUsage usage,
      List<IncomingItem> into,
      int checks) {
    if (checks <= 0) {
      return 0;
    }
    Set<String> seen = new HashSet<>();
    for (IncomingItem item : listed) {
      seen.add(item.platformId());
    }
    Instant now = http.settings().clock().instant();
    for (ArchivedItems.Known known : archived.liveInThread(account, rootId)) {
      String key = account + " " + known.platformId();
      Instant confirmed = unlisted.get(key);
      if (seen.contains(known.platformId())
          || (confirmed != null && confirmed.isAfter(now.minus(UNLISTED_RECHECK)))) {
        continue;
      }
      if (checks <= 0 || usage.overCeiling()) {
        return 0;
      }
      checks--;
      try {
        String evidence = GraphPages.gone(http, token, known.platformId(), name, usage);
        if (evidence != null) {
          into.add(known.deleted(account, platformId(), evidence));
          unlisted.remove(key);
        } else {
          remember(key, now);
        }
      } catch (PlatformFailure failure) {
        if (!(failure.outcome() instanceof PublishOutcome.Rejected)) {
          // A quota, a token, a platform that is down: no more questions this poll.
          return 0;
        }
        // This comment alone cannot be asked about: asked again tomorrow, the others now.
        remember(key, now);
      }
    }
    return checks;
  }

  private void remember(String key, Instant now) {
    if (unlisted.size() >= MAX_UNLISTED) {
      unlisted.clear();
    }
    unlisted.put(key, now);
  }

  /**
   * What was read, with a pause. The cursor stays where it was, even when every post was reached:
   * the last post's comments may have been cut short by the ceiling, so the next poll reads the
   * same window again, those posts included.
   */
  private ReadResult.Page paused(
      List<IncomingItem> items, String cursor, GraphUsage usage, Instant now) {
    return new ReadResult.Page(items, cursor == null ? "" : cursor, true, pause(usage, now));
  }

  private ReadResult.Pause pause(GraphUsage usage, Instant now) {
    return new ReadResult.Pause(
        now.plus(GraphApi.DEFAULT_BACKOFF),
        name
            + " reports "
            + usage.highest()
            + " % of a quota used; reading waits so that publishing and replies keep the rest");
  }

  /**
   * Where the cursor says private messages were last read whole, when a failure left them behind
   * the posts: {@code "<last poll> private:<when they were, or all>"}. Without that part, they were
   * read with the posts.
   */
  private static final String PRIVATE_FROM = " private:";

  private static final String ALL = "all";

  private static final java.util.regex.Pattern TRACE =
      java.util.regex.Pattern.compile(", trace [^\\]\\s]*");

  /** When the private messages were last read whole: the poll's own time, or {@code all}. */
  private static String privateFrom(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return ALL;
    }
    int at = cursor.indexOf(PRIVATE_FROM);
    return at < 0 ? cursor.trim() : cursor.substring(at + PRIVATE_FROM.length()).trim();
  }

  private static Instant lastPoll(String cursor) {
    if (cursor == null) {
      return null;
    }
    int at = cursor.indexOf(PRIVATE_FROM);
    String poll = at < 0 ? cursor : cursor.substring(0, at);
    try {
      return Instant.ofEpochSecond(Long.parseLong(poll.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
