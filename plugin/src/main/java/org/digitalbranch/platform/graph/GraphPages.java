package org.digitalbranch.platform.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.Stage;

/**
 * Reads a Graph API edge to its end. The docs: keep following {@code paging.next} until it is
 * absent; a page can be empty and still carry {@code next}, and a short page does not mean the end.
 * Cursors stop working once their item is deleted, so they are followed within one read and never
 * stored.
 */
public final class GraphPages {

  /** A runaway edge (a platform bug, a loop) stops here instead of polling forever. */
  static final int MAX_PAGES = 1_000;

  private GraphPages() {}

  /** Every {@code data} element of the edge at {@code path}, page after page. */
  public static List<JsonNode> readAll(
      PlatformHttp http,
      Credentials.GraphToken token,
      String path,
      String platformName,
      String doing)
      throws PlatformFailure {
    return readAll(http, token, path, platformName, doing, new GraphUsage());
  }

  /**
   * As above, noting each answer's quota usage in {@code usage}; stops after the page whose answer
   * puts it over the reading ceiling, with what it read so far, for the caller to pause on.
   */
  public static List<JsonNode> readAll(
      PlatformHttp http,
      Credentials.GraphToken token,
      String path,
      String platformName,
      String doing,
      GraphUsage usage)
      throws PlatformFailure {
    return readUntil(http, token, path, platformName, doing, usage, element -> false);
  }

  /**
   * As above, but no page is asked after one whose every element is {@code enough}: for an edge
   * listed newest first, reading stops a page after it passes what the last poll had seen; an order
   * that is not quite that costs more pages, never an element.
   */
  public static List<JsonNode> readUntil(
      PlatformHttp http,
      Credentials.GraphToken token,
      String path,
      String platformName,
      String doing,
      GraphUsage usage,
      java.util.function.Predicate<JsonNode> enough)
      throws PlatformFailure {
    List<JsonNode> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String next = path;
    for (int page = 0; next != null && page < MAX_PAGES && seen.add(next); page++) {
      HttpRequest request;
      try {
        request = GraphApi.authorized(http.request(next), token).GET().build();
      } catch (IllegalArgumentException e) {
        throw new PlatformFailure(
            new PublishOutcome.Rejected(
                platformName + " sent a next-page link that is not a valid address"));
      }
      HttpReply reply = http.send(request, Stage.PREPARE);
      if (!reply.isSuccess()) {
        if (page == 0 && isMissingObject(reply)) {
          throw new MissingObject(platformName + " says the object is gone");
        }
        throw GraphApi.failure(reply, http.settings().clock(), platformName, doing);
      }
      JsonNode body = reply.json(Stage.PREPARE, platformName);
      JsonNode data = body.path("data");
      if (!data.isArray()) {
        throw new PlatformFailure(
            new PublishOutcome.Transient(
                platformName + "'s answer while " + doing + " had no data list"));
      }
      boolean reached = !data.isEmpty();
      for (JsonNode element : data) {
        all.add(element);
        reached &= enough.test(element);
      }
      usage.saw(reply);
      String link = Json.text(body, "/paging/next");
      next =
          link.isEmpty() || usage.overCeiling() || reached
              ? null
              : belowBase(http, link, platformName);
    }
    return all;
  }

  /**
   * The path of a {@code paging.next} link below the configured base URL. A link elsewhere is not
   * followed: the request would carry the account's token to another host.
   */
  static String belowBase(PlatformHttp http, String link, String platformName)
      throws PlatformFailure {
    String base = http.settings().baseUrl().toString();
    if (!link.startsWith(base + "/")) {
      throw new PlatformFailure(
          new PublishOutcome.Rejected(
              platformName
                  + " sent a next-page link outside its API address; it was not followed: "
                  + link.substring(0, Math.min(link.length(), 120))));
    }
    return link.substring(base.length());
  }

  /**
   * Asks whether the object {@code id} still exists: null when it does, and when it does not (code
   * 100, subcode 33), the platform's answer saying so, as evidence for the record.
   *
   * @throws PlatformFailure for any other answer (a quota, an expired token, a server error)
   */
  public static String gone(
      PlatformHttp http,
      Credentials.GraphToken token,
      String id,
      String platformName,
      GraphUsage usage)
      throws PlatformFailure {
    HttpReply reply =
        http.send(
            GraphApi.authorized(http.request("/" + PlatformHttp.encode(id) + "?fields=id"), token)
                .GET()
                .build(),
            Stage.PREPARE);
    usage.saw(reply);
    if (reply.isSuccess()) {
      return null;
    }
    if (isMissingObject(reply)) {
      return reply.errorJson().toString();
    }
    throw GraphApi.failure(
        reply, http.settings().clock(), platformName, "asking whether a comment still exists");
  }

  /** Code 100, subcode 33: the object was deleted (or never existed). */
  public static boolean isMissingObject(HttpReply reply) {
    JsonNode error = reply.errorJson().path("error");
    return error.path("code").asInt(0) == 100 && error.path("error_subcode").asInt(0) == 33;
  }

  /**
   * The edge's object is gone: reading a deleted post or comment answers HTTP 400, {@code
   * GraphMethodException}, code 100, subcode 33. Readers turn it into a deletion marker.
   */
  public static final class MissingObject extends PlatformFailure {
    MissingObject(String reason) {
      super(new PublishOutcome.Rejected(reason));
    }
  }
}
