package org.digitalbranch.platform.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.RateLimitSignals;

/**
 * What Facebook and Instagram share: the Graph API's error envelope {@code {"error":{"message",
 * "type","code","error_subcode","error_user_msg","fbtrace_id"}}}, its throttling signals (error
 * codes and the {@code X-Business-Use-Case-Usage} header, never a 429 or {@code Retry-After}) and
 * its timestamps.
 */
public final class GraphApi {

  /** The default Graph API root, with the version the connectors were written against. */
  public static final String DEFAULT_BASE_URL = "https://graph.facebook.com/v23.0";

  /** Where published Facebook posts are public, unless the settings give another web base URL. */
  public static final String FACEBOOK_SITE = "https://www.facebook.com";

  /** How long to wait when the Graph API throttles without saying for how long. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofMinutes(15);

  private static final String OUTSIDE_WINDOW =
      "{product} lets {a sender} answer a private message only within 24 hours of the person's"
          + " last message, and this one is older; the answer can go out once they write again";

  /**
   * Codes that mean "too many calls": app, user, page, "exceeded the rate limit", Instagram's
   * business use case limit (80002) and Messenger's "too many calls to this Page account" (80006).
   */
  private static final Set<Integer> THROTTLING = Set.of(4, 17, 32, 341, 613, 80001, 80002, 80006);

  private static final String ANOTHER_APP =
      "another app (a chatbot, or Meta's own inbox routing) handles this conversation; answer it"
          + " there";

  /**
   * Messenger's and Instagram's refusals of one private answer, by subcode (Messenger Platform
   * error codes; {product} and {sender} are filled in for the platform). Their codes, 10 and 200,
   * otherwise mean a permission the token lacks; read that way, a patron's closed window would mark
   * the whole account for reconnecting and hold its posts.
   */
  private static final Map<Integer, String> MESSENGER_REFUSALS =
      Map.ofEntries(
          Map.entry(2018278, OUTSIDE_WINDOW),
          Map.entry(2534022, OUTSIDE_WINDOW),
          Map.entry(2018065, OUTSIDE_WINDOW),
          Map.entry(2018108, "the person cannot receive messages from the {sender}"),
          Map.entry(1545041, "the person is not available on {product} now"),
          Map.entry(
              2018001, "{product} knows no conversation between the {sender} and this person"),
          Map.entry(2534014, "{product} finds no such person now (their account may be gone)"),
          Map.entry(1893063, "Meta has restricted the {sender}'s messaging"),
          Map.entry(2534029, "Meta has blocked the {sender} from sending messages through its API"),
          Map.entry(2018300, ANOTHER_APP),
          Map.entry(2534037, ANOTHER_APP),
          Map.entry(
              2534041,
              "the account's owner has turned off other apps' access to its messages in"
                  + " Instagram's settings (\"Allow access to messages\" under connected tools)"),
          Map.entry(
              2534013,
              "the Page given as pageId is not linked to this Instagram account: check the"
                  + " account's pageId"),
          Map.entry(2018028, "Meta has not approved the {sender}'s app for this kind of message"));

  /** Code 190 subcodes in words an admin can act on (Graph API error-handling guide). */
  private static final Map<Integer, String> TOKEN_PROBLEMS =
      Map.of(
          458, "the app was removed from the account",
          459, "the user must log in to Facebook to clear a security checkpoint",
          460, "the password was changed",
          463, "the token expired",
          464, "the user must confirm their Facebook account",
          467, "the token is no longer valid",
          492, "the session is invalid",
          493, "the user has been inactive too long");

  private static final DateTimeFormatter GRAPH_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private GraphApi() {}

  public static HttpRequest.Builder authorized(
      HttpRequest.Builder builder, Credentials.GraphToken token) {
    // The header keeps the token out of URLs, and so out of proxy and server logs.
    return builder.header("Authorization", "Bearer " + token.accessToken());
  }

  public static Credentials.GraphToken token(Credentials credentials, String platformName) {
    if (credentials instanceof Credentials.GraphToken token) {
      return token;
    }
    throw new IllegalArgumentException("credentials: " + platformName + " needs a GraphToken");
  }

  /** Code 506: Facebook refuses a post identical to the last one. */
  public static boolean isDuplicate(HttpReply reply) {
    return reply.errorJson().path("error").path("code").asInt(0) == 506;
  }

  /** Messenger refused a Page's answer because the person's last message is too old. */
  public static boolean outsideMessengerWindow(HttpReply reply) {
    JsonNode error = reply.errorJson().path("error");
    return OUTSIDE_WINDOW.equals(MESSENGER_REFUSALS.get(error.path("error_subcode").asInt(0)));
  }

  /** Meta has not approved the app for this kind of message (the Human Agent tag, say). */
  public static boolean notApprovedForMessenger(HttpReply reply) {
    return reply.errorJson().path("error").path("error_subcode").asInt(0) == 2018028;
  }

  /** {@code [code 10/2018278, trace ...]}: what IT needs to look a refusal up. */
  public static String codeOf(HttpReply reply) {
    JsonNode error = reply.errorJson().path("error");
    int subcode = error.path("error_subcode").asInt(0);
    String trace = Json.text(error, "/fbtrace_id");
    return "[code "
        + error.path("code").asInt(0)
        + (subcode == 0 ? "" : "/" + subcode)
        + (trace.isEmpty() ? "" : ", trace " + trace)
        + "]";
  }

  /** Maps a failed Graph answer to an outcome, in words for the post page. */
  public static PlatformFailure failure(
      HttpReply reply, Clock clock, String platformName, String doing) {
    JsonNode error = reply.errorJson().path("error");
    if (!error.isObject()) {
      if (reply.status() >= 500) {
        return new PlatformFailure(
            new PublishOutcome.Transient(
                platformName + " had a server error (" + reply.status() + ") while " + doing));
      }
      return new PlatformFailure(
          new PublishOutcome.Rejected(
              platformName + " refused " + doing + " (HTTP " + reply.status() + ")"));
    }
    int code = error.path("code").asInt(0);
    int subcode = error.path("error_subcode").asInt(0);
    String message = Json.text(error, "/message");
    String userMessage = Json.text(error, "/error_user_msg");
    String trace = Json.text(error, "/fbtrace_id");
    String detail =
        (userMessage.isEmpty() ? message : userMessage)
            + " [code "
            + code
            + (subcode == 0 ? "" : "/" + subcode)
            + (trace.isEmpty() ? "" : ", trace " + trace)
            + "]";
    PublishOutcome outcome;
    if (MESSENGER_REFUSALS.containsKey(subcode) || code == 551) {
      outcome =
          new PublishOutcome.Rejected(
              platformName
                  + " refused "
                  + doing
                  + ": "
                  + inWords(
                      MESSENGER_REFUSALS.getOrDefault(
                          subcode, "the person cannot be sent messages now"),
                      platformName)
                  // Meta's own sentence says the same in its terms, with a policy link: the code
                  // and trace are what IT needs to look it up.
                  + " [code "
                  + code
                  + (subcode == 0 ? "" : "/" + subcode)
                  + (trace.isEmpty() ? "" : ", trace " + trace)
                  + "]");
    } else if (code == 190 || code == 102 || TOKEN_PROBLEMS.containsKey(subcode)) {
      outcome =
          new PublishOutcome.NeedsReconnect(
              platformName
                  + " no longer accepts the account's token: "
                  + TOKEN_PROBLEMS.getOrDefault(subcode, "the token is invalid")
                  + " ("
                  + detail
                  + ")");
    } else if (THROTTLING.contains(code)) {
      Instant until =
          clock
              .instant()
              .plus(
                  RateLimitSignals.graphRegainAccess(reply.header("X-Business-Use-Case-Usage"))
                      .orElse(DEFAULT_BACKOFF));
      outcome =
          new PublishOutcome.RateLimited(
              until,
              platformName + "'s rate limit was reached while " + doing + " (" + detail + ")");
    } else if (code == 10 || (code >= 200 && code <= 299)) {
      outcome =
          new PublishOutcome.NeedsReconnect(
              platformName + " says the account's token lacks a permission (" + detail + ")");
    } else if (code == 1 || code == 2 || error.path("is_transient").asBoolean(false)) {
      outcome =
          new PublishOutcome.Transient(
              platformName + " had a temporary problem while " + doing + " (" + detail + ")");
    } else if (reply.status() >= 500) {
      outcome =
          new PublishOutcome.Transient(
              platformName
                  + " had a server error ("
                  + reply.status()
                  + ") while "
                  + doing
                  + " ("
                  + detail
                  + ")");
    } else {
      outcome = new PublishOutcome.Rejected(platformName + " refused " + doing + ": " + detail);
    }
    return new PlatformFailure(outcome);
  }

  /** A refusal's words for the platform: Messenger and a Page, or Instagram and an account. */
  private static String inWords(String refusal, String platformName) {
    boolean instagram = "Instagram".equals(platformName);
    return refusal
        .replace("{product}", instagram ? "Instagram" : "Messenger")
        .replace("{a sender}", instagram ? "an account" : "a Page")
        .replace("{sender}", instagram ? "account" : "Page");
  }

  /** Graph timestamps look like {@code 2026-11-26T11:58:00+0000}. */
  public static Optional<Instant> time(String value) {
    try {
      return Optional.of(OffsetDateTime.parse(value, GRAPH_TIME).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(OffsetDateTime.parse(value).toInstant());
      } catch (DateTimeParseException alsoNotIso) {
        return Optional.empty();
      }
    }
  }
}
