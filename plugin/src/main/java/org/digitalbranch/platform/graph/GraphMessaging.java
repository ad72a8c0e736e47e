package org.digitalbranch.platform.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.ContentFingerprint;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReplyRequest;
import org.digitalbranch.platform.Stage;

/**
 * Meta's private messages, a Facebook Page's (Messenger) and an Instagram professional account's
 * (Instagram Direct) alike, since Meta serves both through the Page the account belongs to: the
 * Conversations API ({@code GET /{page-id}/conversations?platform=messenger|instagram}, newest
 * updated first as seen, each conversation with its 20 latest messages, which is all the API gives
 * in detail) and the Send API ({@code POST /{page-id}/messages}).
 *
 * <p>A conversation is a thread whose root is its id. A chat has no replies to particular messages,
 * so each message is filed as answering the one before it: a reply of ours then answers the
 * person's messages since our last one, as a librarian reading the chat would take it.
 *
 * <p>An answer goes to the person ({@code {"recipient": {"id": <their page- or Instagram-scoped
 * id>}, "messaging_type": "RESPONSE", "message": {"text": ...}}}, answered {@code {"recipient_id",
 * "message_id"}}), within 24 hours of their last message (a later one is refused: code 10, subcode
 * 2018278 on Messenger, 2534022 on Instagram); a refused answer is sent once more tagged {@code
 * HUMAN_AGENT}, which a human's answer may carry for 7 days where Meta granted the app that
 * feature, and a refusal of that too is said in words.
 */
public final class GraphMessaging {

  /** How long after the person's last message Meta takes the account's answer. */
  public static final Duration STANDARD_WINDOW = Duration.ofHours(24);

  /** How long for an answer tagged {@code HUMAN_AGENT}, where Meta allows the app that. */
  public static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);

  /**
   * Whether Meta has granted the library's app its Human Agent feature, as the settings say ({@code
   * metaHumanAgent}): a person's answer may then go out tagged {@code HUMAN_AGENT} for 7 days after
   * the patron's last message, not 24 hours. Meta grants it per app, so one setting serves every
   * Page and Instagram account.
   */
  public enum HumanAgent {
    GRANTED,
    NOT_GRANTED,
    /** Not said: an answer past 24 hours is tried tagged, and the pages say it may be refused. */
    NOT_SAID;

    /** The setting's value: "granted", "not granted", or "" for not said. */
    public static Optional<HumanAgent> fromSetting(String value) {
      return switch (value.strip()) {
        case "granted" -> Optional.of(GRANTED);
        case "not granted" -> Optional.of(NOT_GRANTED);
        case "" -> Optional.of(NOT_SAID);
        default -> Optional.empty();
      };
    }
  }

  /** Where the messages are, and what differs between the two. */
  public enum Inbox {
    /**
     * A Page's Messenger conversations. The person is named ({@code from.name}); an attachment says
     * its type.
     */
    MESSENGER(
        "messenger",
        "facebook",
        "Facebook",
        "Messenger",
        "Page",
        "id,created_time,from,to,message,attachments{mime_type},sticker,shares{link}",
        "/from/name"),
    /**
     * An Instagram account's direct messages, through its Page. The person has a username ({@code
     * from.username}) and no name; a shared post or a story they answer comes as a link.
     */
    INSTAGRAM(
        "instagram",
        "instagram",
        "Instagram",
        "Instagram",
        "account",
        "id,created_time,from,to,message,attachments,shares{link},story,is_unsupported",
        "/from/username");

    private final String conversations;
    private final String platform;
    private final String name;
    private final String product;
    private final String sender;
    private final String messageFields;
    private final String authorName;

    Inbox(
        String conversations,
        String platform,
        String name,
        String product,
        String sender,
        String messageFields,
        String authorName) {
      this.conversations = conversations;
      this.platform = platform;
      this.name = name;
      this.product = product;
      this.sender = sender;
      this.messageFields = messageFields;
      this.authorName = authorName;
    }

    /** The fields asked of each conversation: its 20 latest messages in detail. */
    public String conversationFields() {
      return "id,updated_time,messages.limit(20){" + messageFields + "}";
    }

    /** "Page", "account": what answers, in the library's words. */
    public String sender() {
      return sender;
    }

    /** "Messenger", "Instagram": where the person reads the answer. */
    public String product() {
      return product;
    }
  }

  private final PlatformHttp http;
  private final Inbox inbox;
  private final HumanAgent humanAgent;

  public GraphMessaging(PlatformHttp http, Inbox inbox) {
    this(http, inbox, HumanAgent.NOT_SAID);
  }

  public GraphMessaging(PlatformHttp http, Inbox inbox, HumanAgent humanAgent) {
    this.http = http;
    this.inbox = inbox;
    this.humanAgent = java.util.Objects.requireNonNull(humanAgent, "humanAgent");
  }

  /**
   * The conversations updated since {@code since} (null: all), their messages added to {@code
   * into}.
   *
   * @param pageId the Page whose conversations are read (an Instagram account's linked Page)
   * @param ownId who the library is in them: the Page, or the Instagram account
   */
  public void read(
      String account,
      Credentials.GraphToken token,
      String pageId,
      String ownId,
      Instant since,
      List<IncomingItem> into,
      GraphUsage usage)
      throws PlatformFailure {
    List<JsonNode> conversations =
        GraphPages.readUntil(
            http,
            token,
            conversationsPath(pageId) + "&limit=25",
            inbox.name,
            "reading the " + inbox.sender + "'s private conversations",
            usage,
            // Meta lists them newest-updated first (seen, not documented): a page of nothing but
            // conversations older than the window ends the read, one page later than needed.
            conversation -> since != null && updatedBefore(conversation, since));
    for (JsonNode conversation : conversations) {
      if (since == null || !updatedBefore(conversation, since)) {
        into.addAll(messages(account, ownId, conversation));
      }
    }
  }

  private String conversationsPath(String pageId) {
    return "/"
        + PlatformHttp.encode(pageId)
        + "/conversations?platform="
        + inbox.conversations
        + "&fields="
        + PlatformHttp.encode(inbox.conversationFields());
  }

  private static boolean updatedBefore(JsonNode conversation, Instant since) {
    return GraphApi.time(Json.text(conversation, "/updated_time"))
        .map(updated -> updated.isBefore(since))
        .orElse(false);
  }

  /** A conversation's messages, oldest first, each answering the one before it. */
  public List<IncomingItem> messages(String account, String ownId, JsonNode conversation) {
    String thread = Json.text(conversation, "/id");
    List<JsonNode> newestFirst = new ArrayList<>();
    conversation.path("messages").path("data").forEach(newestFirst::add);
    List<IncomingItem> items = new ArrayList<>();
    String previous = null;
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      JsonNode message = newestFirst.get(i);
      String id = Json.text(message, "/id");
      String author = Json.text(message, "/from/id");
      items.add(
          new IncomingItem(
              account,
              inbox.platform,
              id,
              previous,
              thread.isEmpty() ? null : thread,
              MessageKind.DIRECT_MESSAGE,
              author.isEmpty() ? null : author,
              Json.text(message, inbox.authorName),
              text(message),
              GraphApi.time(Json.text(message, "/created_time")).orElse(null),
              null,
              false,
              author.equals(ownId),
              null,
              null,
              message.toString()));
      previous = id.isEmpty() ? previous : id;
    }
    return items;
  }

  /**
   * A message's words; one with only an attachment (a photo, a sticker, a shared post) has an empty
   * {@code message}, so the archive says what came instead of showing nothing. An answer to a story
   * says so beside its words: "Love it!" alone does not say what was loved.
   */
  private static String text(JsonNode message) {
    String words = Json.text(message, "/message");
    String story = story(message.path("story"));
    if (!words.isBlank()) {
      return story == null ? words : words + " [" + story + "]";
    }
    List<String> kinds = new ArrayList<>();
    for (JsonNode attachment : message.path("attachments").path("data")) {
      String type = Json.text(attachment, "/mime_type");
      if (!type.isEmpty()) {
        kinds.add(type);
      } else if (attachment.has("image_data")) {
        kinds.add("a photo");
      } else if (attachment.has("video_data")) {
        kinds.add("a video");
      } else {
        kinds.add("a file");
      }
    }
    if (message.hasNonNull("sticker")) {
      kinds.add("a sticker");
    }
    for (JsonNode share : message.path("shares").path("data")) {
      String link = Json.text(share, "/link");
      kinds.add(link.isEmpty() ? "a shared post" : "a link: " + link);
    }
    if (story != null) {
      kinds.add(story);
    }
    if (message.path("is_unsupported").asBoolean(false)) {
      kinds.add("a kind of message the API does not show");
    }
    return kinds.isEmpty() ? words : "[sent " + String.join(", ", kinds) + "]";
  }

  /**
   * An Instagram story the message answers, or mentions the library in; null for none. Only that it
   * was a story is kept in the words: the story's address is Meta's short-lived copy, which the
   * library may not keep the media of (the raw JSON keeps the address).
   */
  private static String story(JsonNode story) {
    if (!story.isObject()) {
      return null;
    }
    return story.has("mention")
        ? "a story mentioning the library"
        : "an answer to the library's story";
  }

  /** Sends {@code request}'s text to the person it answers. */
  public PublishOutcome send(Credentials.GraphToken token, String pageId, ReplyRequest request) {
    if (request.addressee() == null || request.addressee().isBlank()) {
      // The Send API sends to a person, not to a message: answering the library's own message has
      // no one to go to.
      return new PublishOutcome.Rejected(
          "a private answer goes to the person who wrote: answer one of their messages");
    }
    try {
      HttpReply reply = http.send(sendRequest(token, pageId, request, false), Stage.PUBLISH);
      if (!reply.isSuccess()
          && GraphApi.outsideMessengerWindow(reply)
          && humanAgent == HumanAgent.NOT_GRANTED) {
        // The app may not tag it: trying would only be refused again.
        return new PublishOutcome.Rejected(windowClosed() + GraphApi.codeOf(reply));
      }
      if (!reply.isSuccess() && GraphApi.outsideMessengerWindow(reply)) {
        // Refused, so nothing went out. Past the standard 24 hours, a person answering a person
        // may still do so for 7 days with the HUMAN_AGENT tag, which Meta allows an app it has
        // granted its Human Agent feature; without it, this is refused as well.
        reply = http.send(sendRequest(token, pageId, request, true), Stage.PUBLISH);
        if (GraphApi.notApprovedForMessenger(reply) && humanAgent == HumanAgent.GRANTED) {
          // The settings promised the tag, and the page said so: say which is wrong.
          return new PublishOutcome.Rejected(tagRefused() + GraphApi.codeOf(reply));
        }
        if (GraphApi.outsideMessengerWindow(reply) || GraphApi.notApprovedForMessenger(reply)) {
          return new PublishOutcome.Rejected(humanAgentRefused() + GraphApi.codeOf(reply));
        }
        // Refused for another reason (the person cannot receive messages, a chatbot holds the
        // thread): that reason, below, as it is.
      }
      if (!reply.isSuccess()) {
        throw GraphApi.failure(
            reply, http.settings().clock(), inbox.name, "sending the private answer");
      }
      String id = Json.text(reply.json(Stage.PUBLISH, inbox.name), "/message_id");
      if (id.isEmpty()) {
        return new PublishOutcome.Unknown(
            inbox.name
                + " accepted the private answer but did not say its id; it may have been"
                + " delivered",
            false);
      }
      // A private message has no public address.
      return new PublishOutcome.Published(id, null);
    } catch (PlatformFailure failure) {
      return failure.outcome();
    }
  }

  private String windowClosed() {
    return inbox.name
        + " refused the private answer: "
        + inbox.product
        + " takes a"
        + ("account".equals(inbox.sender) ? "n " : " ")
        + inbox.sender
        + "'s answer within 24 hours of the person's last message, and this one is past that (the"
        + " settings say Meta has not granted the library's app its Human Agent feature); it can"
        + " go out once they write again ";
  }

  private String tagRefused() {
    return inbox.name
        + " refused the private answer: it is past "
        + inbox.product
        + "'s 24 hours, and Meta refused the Human Agent tag, which the settings say the"
        + " library's app has (metaHumanAgent): check the app's Human Agent approval with Meta, or"
        + " set metaHumanAgent to \"not granted\" ";
  }

  private String humanAgentRefused() {
    return inbox.name
        + " refused the private answer: "
        + inbox.product
        + " takes a"
        + ("account".equals(inbox.sender) ? "n " : " ")
        + inbox.sender
        + "'s answer within 24 hours of the person's last message, or within 7 days where Meta"
        + " has granted the "
        + inbox.sender
        + "'s app its Human Agent feature, and this one is past that; it can go out once they"
        + " write again ";
  }

  /**
   * The Send API request: {@code RESPONSE} within the standard window, else {@code MESSAGE_TAG}
   * with {@code HUMAN_AGENT}.
   */
  private HttpRequest sendRequest(
      Credentials.GraphToken token, String pageId, ReplyRequest request, boolean humanAgent) {
    ObjectNode body = Json.object();
    body.putObject("recipient").put("id", request.addressee());
    body.put("messaging_type", humanAgent ? "MESSAGE_TAG" : "RESPONSE");
    if (humanAgent) {
      body.put("tag", "HUMAN_AGENT");
    }
    body.putObject("message").put("text", request.text());
    return GraphApi.authorized(http.request("/" + PlatformHttp.encode(pageId) + "/messages"), token)
        .header("Content-Type", PlatformHttp.JSON)
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
        .build();
  }

  /**
   * Looks among the latest messages of the conversation with the person ({@code GET
   * /{page-id}/conversations?platform=...&user_id=...}) for one from the library with the answer's
   * text, written since the try began.
   */
  public LookupResult find(
      Credentials.GraphToken token, String pageId, String ownId, ReplyRequest request) {
    if (request.addressee() == null || request.addressee().isBlank()) {
      return new LookupResult.NotFound();
    }
    String fingerprint = ContentFingerprint.of(request.text());
    try {
      for (JsonNode conversation :
          GraphPages.readAll(
              http,
              token,
              conversationsPath(pageId) + "&user_id=" + PlatformHttp.encode(request.addressee()),
              inbox.name,
              "looking for the private answer")) {
        for (JsonNode message : conversation.path("messages").path("data")) {
          if (Json.text(message, "/from/id").equals(ownId)
              && ContentFingerprint.of(Json.text(message, "/message")).equals(fingerprint)
              && request.couldBeThisTry(GraphApi.time(Json.text(message, "/created_time")))) {
            return new LookupResult.Found(
                new PublishOutcome.Published(Json.text(message, "/id"), null));
          }
        }
      }
      return new LookupResult.NotFound();
    } catch (PlatformFailure failure) {
      return new LookupResult.Failed(failure.outcome());
    }
  }
}
