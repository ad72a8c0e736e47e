package org.digitalbranch.platform.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.platform.ContentFingerprint;
import org.digitalbranch.platform.ConversationResponder;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.ModerationResult;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReplyRequest;
import org.digitalbranch.platform.Stage;

/**
 * Replies on Mastodon with {@code POST /api/v1/statuses}, {@code in_reply_to_id} and the reply's
 * {@code Idempotency-Key}, so a retry within the hour after a lost answer returns the same status.
 * Mastodon gives no way to delete or hide someone else's status.
 */
public final class MastodonResponder implements ConversationResponder {

  static final String NO_MODERATION =
      "not supported by Mastodon: use a report or block (an account cannot hide or delete"
          + " another account's status)";

  private static final String NAME = "Mastodon";

  private final MastodonPlatform platform;
  private final PlatformHttp http;

  public MastodonResponder(MastodonPlatform platform) {
    this.platform = platform;
    this.http = platform.http;
  }

  @Override
  public PublishOutcome reply(ReplyRequest request) {
    Credentials.MastodonToken token = MastodonPlatform.token(request.credentials());
    HttpRequest send =
        MastodonPlatform.authorized(http.request("/api/v1/statuses"), token)
            .header("Content-Type", PlatformHttp.FORM)
            .header("Idempotency-Key", request.idempotencyKey())
            .POST(PlatformHttp.form(fields(request)))
            .build();
    try {
      HttpReply reply = http.send(send, Stage.PUBLISH);
      if (!reply.isSuccess()) {
        throw platform.failure(reply, "sending the reply");
      }
      JsonNode status = reply.json(Stage.PUBLISH, NAME);
      String url = Json.text(status, "/url");
      return new PublishOutcome.Published(
          Json.text(status, "/id"), PublishOutcome.Published.link(url));
    } catch (PlatformFailure failure) {
      if (failure.outcome() instanceof PublishOutcome.Unknown unknown) {
        return new PublishOutcome.Unknown(
            unknown.reason()
                + ". Retrying within an hour with the same Idempotency-Key is safe:"
                + " Mastodon returns the existing reply instead of posting twice.",
            true);
      }
      return failure.outcome();
    }
  }

  /**
   * A direct message is answered with {@code visibility=direct}. Every answer mentions the person
   * answered (when the text does not already): Mastodon notifies only the accounts a status
   * mentions, not the author of the status it replies to, so an answer without the mention would
   * never reach the patron's notifications; and a direct status reaches only those it mentions.
   */
  static List<Map.Entry<String, String>> fields(ReplyRequest request) {
    List<Map.Entry<String, String>> fields = new java.util.ArrayList<>();
    fields.add(Map.entry("status", statusText(request)));
    fields.add(Map.entry("in_reply_to_id", request.inReplyTo()));
    if (request.direct()) {
      fields.add(Map.entry("visibility", "direct"));
    }
    return fields;
  }

  private static String statusText(ReplyRequest request) {
    return withMention(request.text(), request.addressee());
  }

  @Override
  public String textAsSent(String text, String addressee, boolean direct) {
    return withMention(text, addressee);
  }

  /** Mastodon shows a mention of someone on another server as {@code @user}, without the domain. */
  @Override
  public String textAsShown(String text, String addressee, boolean direct) {
    return REMOTE_MENTION.matcher(withMention(text, addressee)).replaceAll("$1");
  }

  /** A remote mention; a user name may hold . and - inside it, as Mastodon's MENTION_RE allows. */
  private static final Pattern REMOTE_MENTION =
      Pattern.compile(
          "(?<![\\w@])(@\\w+(?:[\\w.-]*\\w)?)@[\\w.-]+\\w", Pattern.UNICODE_CHARACTER_CLASS);

  /**
   * The text with the addressee mentioned in front, unless it already mentions them: as a whole
   * mention, in any case ("@Bob@Town.example"), not inside a longer name ("@bobby") or an address
   * ("help@bob.org"), and with the domain for someone on another server, since "@bob" alone names
   * this server's bob.
   */
  private static String withMention(String text, String addressee) {
    if (addressee == null || addressee.isBlank()) {
      return text;
    }
    String mention = addressee.startsWith("@") ? addressee : "@" + addressee;
    Pattern already =
        Pattern.compile(
            "(?<![\\w@])" + Pattern.quote(mention) + "(?![\\w@-]|\\.[\\w-])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    return already.matcher(text).find() ? text : mention + " " + text;
  }

  @Override
  public LookupResult findReply(ReplyRequest request) {
    Credentials.MastodonToken token = MastodonPlatform.token(request.credentials());
    // Compared with the status as Mastodon shows it: a remote mention without its domain.
    String fingerprint =
        ContentFingerprint.of(textAsShown(request.text(), request.addressee(), request.direct()));
    try {
      String ourId = get(token, "/api/v1/accounts/verify_credentials").path("id").asText("");
      JsonNode context =
          get(token, "/api/v1/statuses/" + PlatformHttp.encode(request.inReplyTo()) + "/context");
      for (JsonNode status : context.path("descendants")) {
        if (Json.text(status, "/in_reply_to_id").equals(request.inReplyTo())
            && Json.text(status, "/account/id").equals(ourId)
            && ContentFingerprint.of(MastodonPlatform.plainText(Json.text(status, "/content")))
                .equals(fingerprint)) {
          String url = Json.text(status, "/url");
          return new LookupResult.Found(
              new PublishOutcome.Published(
                  Json.text(status, "/id"), PublishOutcome.Published.link(url)));
        }
      }
      return new LookupResult.NotFound();
    } catch (PlatformFailure failure) {
      return new LookupResult.Failed(failure.outcome());
    }
  }

  @Override
  public Set<ModerationKind> moderation() {
    return Set.of();
  }

  @Override
  public ModerationResult moderate(
      Credentials credentials, String platformId, ModerationKind action) {
    MastodonPlatform.token(credentials);
    return new ModerationResult.Failed(new PublishOutcome.Rejected(NO_MODERATION));
  }

  private JsonNode get(Credentials.MastodonToken token, String path) throws PlatformFailure {
    HttpReply reply =
        http.send(
            MastodonPlatform.authorized(http.request(path), token).GET().build(), Stage.PREPARE);
    if (!reply.isSuccess()) {
      throw platform.failure(reply, "looking for the reply");
    }
    return reply.json(Stage.PREPARE, NAME);
  }
}
