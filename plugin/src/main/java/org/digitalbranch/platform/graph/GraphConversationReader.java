package org.digitalbranch.platform.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.digitalbranch.archive.IncomingItem;
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
 * comments answer "does not exist" was deleted between the two reads and is recorded as deleted.
 * Private conversations, where a reader reads them, come first in the same poll and window; their
 * failure leaves the comments to be read, and is told apart ({@link ReadResult.Page#partFailed}).
 */
public abstract class GraphConversationReader implements ConversationReader {

  /** How far back before the last poll items are read again for new comments. */
  public static final Duration LOOKBACK = Duration.ofDays(7);

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
    try {
      readPrivate(account, token, lastPoll == null ? null : lastPoll.minus(LOOKBACK), items, usage);
    } catch (PlatformFailure failure) {
      if (failure.outcome() instanceof PublishOutcome.RateLimited limited) {
        return new ReadResult.Page(
            List.of(),
            cursor == null ? "" : cursor,
            true,
            new ReadResult.Pause(limited.until(), limited.reason()));
      }
      // The comments are read all the same: a token that lost its messaging permission must not
      // stop the Page's comments from being archived. The next polls try the messages again, over
      // the same week's window, so a failure shorter than that loses none of them.
      items.clear();
      privateFailed =
          "private messages not read: "
              + PublishOutcome.reasonOf(failure.outcome(), "unexpected answer");
    }
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
        } catch (GraphPages.MissingObject gone) {
          items.add(root(account, token, root, true));
        }
      }
      return usage.overCeiling()
          ? paused(items, cursor, usage, now)
          : new ReadResult.Page(
              items, Long.toString(now.getEpochSecond()), true, null, privateFailed);
    } catch (PlatformFailure failure) {
      return new ReadResult.Failed(failure.outcome());
    }
  }

  /**
   * What was read, with a pause. The cursor stays where it was, even when every post was reached:
   * the last post's comments may have been cut short by the ceiling, so the next poll reads the
   * same window again, those posts included.
   */
  private ReadResult.Page paused(
      List<IncomingItem> items, String cursor, GraphUsage usage, Instant now) {
    return new ReadResult.Page(
        items,
        cursor == null ? "" : cursor,
        true,
        new ReadResult.Pause(
            now.plus(GraphApi.DEFAULT_BACKOFF),
            name
                + " reports "
                + usage.highest()
                + " % of a quota used; reading waits so that publishing and replies keep the"
                + " rest"));
  }

  private static Instant lastPoll(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(cursor.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
