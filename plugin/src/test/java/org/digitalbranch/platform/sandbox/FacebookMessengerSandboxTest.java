package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Facebook Page's Messenger inbox over HTTP: {@code /conversations} and the Send API, on a
 * seeded sandbox that no test changes and on an empty one where customers write as a test says.
 */
class FacebookMessengerSandboxTest {
  private static final String TOKEN = "access_token=" + FacebookApi.TOKEN;
  private static final String FIELDS =
      "fields="
          + URLEncoder.encode(
              "id,updated_time,participants,messages.limit(20){id,created_time,from,to,message}",
              StandardCharsets.UTF_8);

  private static Sandbox seeded;
  private static Sandbox live;

  @BeforeAll
  static void start() {
    seeded = Seeded.start();
    live = Sandbox.start(SandboxBehaviour.empty());
  }

  @AfterAll
  static void stop() {
    seeded.stop();
    live.stop();
  }

  @AfterEach
  void nothingFails() {
    live.fail(SandboxPlatform.FACEBOOK, FailureMode.NONE);
  }

  @Test
  void everySeededPrivateMessageIsInAConversationListedNewestUpdatedFirst() {
    List<GeneratedConversation> generated =
        Seeded.conversations(SandboxPlatform.FACEBOOK).stream()
            .filter(GeneratedConversation::direct)
            .toList();
    Set<String> patrons = new HashSet<>();
    long stillThere = 0;
    for (GeneratedConversation conversation : generated) {
      patrons.add(conversation.root().author().handle());
      stillThere += conversation.messages().stream().filter(m -> !m.deleted()).count();
    }

    List<JsonNode> conversations = GraphPaging.all(conversationsUrl(seeded) + "&limit=4");

    assertThat(generated).as("the seed gives a few private messages").hasSizeGreaterThan(5);
    assertThat(conversations).as("one conversation per patron").hasSize(patrons.size());
    long listed = 0;
    String previous = "9999";
    for (JsonNode conversation : conversations) {
      String updated = conversation.get("updated_time").asText();
      assertThat(updated).isLessThanOrEqualTo(previous).matches(".*T.*\\+0000");
      previous = updated;
      assertThat(conversation.get("id").asText()).startsWith("t_");
      JsonNode messages = conversation.get("messages").get("data");
      assertThat(messages.size()).isBetween(1, 20);
      assertThat(messages.get(0).get("created_time").asText()).isEqualTo(updated);
      for (int i = 1; i < messages.size(); i++) {
        assertThat(messages.get(i).get("created_time").asText())
            .as("newest first")
            .isLessThanOrEqualTo(messages.get(i - 1).get("created_time").asText());
      }
      assertThat(conversation.get("messages").get("paging").get("cursors").has("after")).isTrue();
      listed += messages.size();
    }
    assertThat(listed).isEqualTo(stillThere);
  }

  @Test
  void aConversationNamesThePatronAndThePageAndEachMessageSaysFromWhomToWhom() {
    JsonNode answered = null;
    for (JsonNode conversation : GraphPaging.all(conversationsUrl(seeded))) {
      for (JsonNode message : conversation.get("messages").get("data")) {
        if (message.get("from").get("id").asText().equals(FacebookApi.PAGE_ID)) {
          answered = conversation;
        }
      }
    }
    assertThat(answered).as("a conversation the Page answered").isNotNull();

    JsonNode patron = answered.get("participants").get("data").get(0);
    JsonNode page = answered.get("participants").get("data").get(1);
    assertThat(patron.get("id").asText()).matches("\\d+").isNotEqualTo(FacebookApi.PAGE_ID);
    assertThat(patron.get("email").asText()).isEqualTo(patron.get("id").asText() + "@facebook.com");
    assertThat(page.get("id").asText()).isEqualTo(FacebookApi.PAGE_ID);
    assertThat(page.get("name").asText()).isEqualTo("Riverside Public Library");
    assertThat(page.get("email").asText()).isEqualTo(FacebookApi.PAGE_ID + "@facebook.com");
    for (JsonNode message : answered.get("messages").get("data")) {
      boolean fromPage = message.get("from").get("id").asText().equals(FacebookApi.PAGE_ID);
      assertThat(message.get("id").asText()).startsWith("m_");
      assertThat(message.get("message").asText()).isNotBlank();
      assertThat(message.get("from")).isEqualTo(fromPage ? page : patron);
      assertThat(message.get("to").get("data").get(0)).isEqualTo(fromPage ? patron : page);
    }
  }

  @Test
  void conversationsPageByTheAfterCursorKeepingThePlatformAndTheLastPageHasNoNext() {
    JsonNode first = Http.get(conversationsUrl(seeded) + "&limit=2").json();
    String next = first.get("paging").get("next").asText();
    JsonNode second = Http.get(next).json();
    JsonNode all = Http.get(conversationsUrl(seeded) + "&limit=100").json();

    assertThat(first.get("data")).hasSize(2);
    assertThat(next)
        .contains("platform=messenger")
        .contains("after=" + first.get("paging").get("cursors").get("after").asText());
    assertThat(second.get("data").get(0).get("id").asText())
        .isEqualTo(all.get("data").get(2).get("id").asText());
    assertThat(all.get("paging").has("next")).isFalse();
  }

  @Test
  void userIdGivesOnlyThatPersonsConversationAndAnUnknownOneNothing() {
    JsonNode third = Http.get(conversationsUrl(seeded)).json().get("data").get(2);
    String psid = third.get("participants").get("data").get(0).get("id").asText();

    JsonNode only = Http.get(conversationsUrl(seeded) + "&user_id=" + psid).json().get("data");
    JsonNode nobody = Http.get(conversationsUrl(seeded) + "&user_id=1234").json().get("data");

    assertThat(only).hasSize(1);
    assertThat(only.get(0).get("id").asText()).isEqualTo(third.get("id").asText());
    assertThat(nobody).isEmpty();
  }

  @Test
  void theFacebookPageHasNoInstagramConversations() {
    Http.Response instagram =
        Http.get(
            seeded.baseUrl(SandboxPlatform.FACEBOOK)
                + "/v21.0/"
                + FacebookApi.PAGE_ID
                + "/conversations?platform=instagram&"
                + TOKEN);

    assertThat(instagram.status()).isEqualTo(200);
    assertThat(instagram.json().toString()).isEqualTo("{\"data\":[]}");
  }

  @Test
  void privateMessagesAreNeitherPostsNorCommentsNorReachableAsEither() {
    String graph = seeded.baseUrl(SandboxPlatform.FACEBOOK) + "/v21.0/";
    Set<String> messageIds = new HashSet<>();
    for (JsonNode conversation : GraphPaging.all(conversationsUrl(seeded))) {
      conversation.get("messages").get("data").forEach(m -> messageIds.add(key(m.get("id"))));
    }
    Set<String> publicIds = new HashSet<>();
    for (String edge : List.of("posts", "feed")) {
      for (JsonNode post :
          GraphPaging.all(graph + FacebookApi.PAGE_ID + "/" + edge + "?" + TOKEN)) {
        publicIds.add(key(post.get("id")));
        GraphPaging.all(graph + post.get("id").asText() + "/comments?filter=stream&" + TOKEN)
            .forEach(comment -> publicIds.add(key(comment.get("id"))));
      }
    }
    String oneMessage = messageIds.iterator().next();

    assertThat(messageIds).hasSizeGreaterThan(10);
    assertThat(publicIds).hasSizeGreaterThan(100).doesNotContainAnyElementsOf(messageIds);
    assertMissing(Http.get(graph + "m_" + oneMessage + "?" + TOKEN));
    assertMissing(Http.get(graph + FacebookApi.PAGE_ID + "_" + oneMessage + "/comments?" + TOKEN));
    assertMissing(
        Http.postForm(
            graph + FacebookApi.PAGE_ID + "_" + oneMessage + "/comments",
            "message=Hello&" + TOKEN));
  }

  @Test
  void aReplyWithinTheDayLandsInTheConversationFromThePageAndTopsTheNextListing() {
    live.customerMessagesThePage("Ada Okafor", "Can I renew a book by phone?");
    live.customerMessagesThePage("Someone Else", "Do you have wifi?");
    String psid = psidOf("Ada Okafor");

    Http.Response sent = send(psid, "RESPONSE", null, "Yes! Call any branch desk.");
    JsonNode conversation = Http.get(conversationsUrl(live)).json().get("data").get(0);
    JsonNode newest = conversation.get("messages").get("data").get(0);

    assertThat(sent.status()).isEqualTo(200);
    assertThat(sent.json().get("recipient_id").asText()).isEqualTo(psid);
    String messageId = sent.json().get("message_id").asText();
    assertThat(messageId).startsWith("m_");
    assertThat(conversation.get("participants").get("data").get(0).get("id").asText())
        .isEqualTo(psid);
    assertThat(conversation.get("updated_time").asText())
        .isEqualTo(newest.get("created_time").asText());
    assertThat(newest.get("id").asText()).isEqualTo(messageId);
    assertThat(newest.get("message").asText()).isEqualTo("Yes! Call any branch desk.");
    assertThat(newest.get("from").get("id").asText()).isEqualTo(FacebookApi.PAGE_ID);
    assertThat(newest.get("to").get("data").get(0).get("id").asText()).isEqualTo(psid);
    assertThat(conversation.get("messages").get("data").get(1).get("message").asText())
        .isEqualTo("Can I renew a book by phone?");
  }

  @Test
  void aPatronWhoWritesAgainContinuesTheirOneConversation() {
    live.customerMessagesThePage("Bea Lindqvist", "Is the cafe open?");
    live.customerMessagesThePage("Bea Lindqvist", "Never mind, found the hours.");

    JsonNode conversations =
        Http.get(conversationsUrl(live) + "&user_id=" + psidOf("Bea Lindqvist")).json().get("data");

    assertThat(conversations).hasSize(1);
    assertThat(conversations.get(0).get("messages").get("data"))
        .extracting(message -> message.get("message").asText())
        .containsExactly("Never mind, found the hours.", "Is the cafe open?");
  }

  @Test
  void aPatronHasTheSameIdInCommentsAndAsTheMessengerRecipient() {
    PublishedPost comment =
        live.customerWrites(SandboxPlatform.FACEBOOK, "Cy Mendes", "Love the new shelves");
    live.customerMessagesThePage("Cy Mendes", "Who built the new shelves?");

    JsonNode commented =
        Http.get(
                live.baseUrl(SandboxPlatform.FACEBOOK)
                    + "/"
                    + FacebookApi.PAGE_ID
                    + "_"
                    + comment.inReplyTo()
                    + "/comments?"
                    + TOKEN)
            .json()
            .get("data")
            .get(0);

    assertThat(commented.get("from").get("id").asText()).isEqualTo(psidOf("Cy Mendes"));
  }

  @Test
  void aReplyToSomeoneWithNoConversationIsNoMatchingUser() {
    Http.Response sent = send("7000000000000042", "RESPONSE", null, "Hello?");

    assertError(sent, 100, 2018001, "(#100) No matching user found");
  }

  @Test
  void aReplyMoreThanADayAfterThePersonsLastMessageIsOutsideTheWindowUnlessTaggedHumanAgent() {
    live.customerMessagesThePage(
        "Dara Quinn", "Is there parking?", Instant.now().minus(Duration.ofHours(25)));
    String psid = psidOf("Dara Quinn");

    Http.Response response = send(psid, "RESPONSE", null, "Yes, behind the building.");
    Http.Response untyped = send(psid, null, null, "Yes, behind the building.");
    Http.Response humanAgent = send(psid, "MESSAGE_TAG", "HUMAN_AGENT", "Sorry for the wait!");

    assertError(
        response,
        10,
        2018278,
        "(#10) This message is sent outside of allowed window. Learn more about the new policy"
            + " here: https://developers.facebook.com/docs/messenger-platform/policy-overview");
    assertError(untyped, 10, 2018278, FacebookApi.OUTSIDE_WINDOW);
    assertThat(humanAgent.status()).isEqualTo(200);
  }

  @Test
  void aHumanAgentReplyMoreThanAWeekAfterThePersonsLastMessageIsOutsideTheWindow() {
    live.customerMessagesThePage(
        "Eli Moreau", "Any chess club?", Instant.now().minus(Duration.ofDays(8)));

    Http.Response late = send(psidOf("Eli Moreau"), "MESSAGE_TAG", "HUMAN_AGENT", "Yes, Fridays.");

    assertError(late, 10, 2018278, FacebookApi.OUTSIDE_WINDOW);
  }

  @Test
  void aReplyNeedsTextOfLessThan2000Characters() {
    live.customerMessagesThePage("Fay Okoro", "Tell me everything about the library.");
    String psid = psidOf("Fay Okoro");

    Http.Response blank = send(psid, "RESPONSE", null, "  ");
    Http.Response missing =
        Http.postJson(
            live.baseUrl(SandboxPlatform.FACEBOOK) + "/" + FacebookApi.PAGE_ID + "/messages",
            Map.of("recipient", Map.of("id", psid), "messaging_type", "RESPONSE"),
            "Authorization",
            Http.bearer(FacebookApi.TOKEN));
    Http.Response tooLong = send(psid, "RESPONSE", null, "a".repeat(2000));
    Http.Response justUnder = send(psid, "RESPONSE", null, "a".repeat(1999));

    assertError(blank, 100, null, "(#100) The parameter message[text] is required");
    assertError(missing, 100, null, "(#100) The parameter message[text] is required");
    assertError(
        tooLong,
        100,
        null,
        "(#100) Length of param message[text] must be less than 2000 characters");
    assertThat(justUnder.status()).isEqualTo(200);
  }

  @Test
  void aReplyMeetsTheFailureSwitchedOnAndIsNotSentWhenItFails() {
    live.customerMessagesThePage("Gus Varga", "Do you lend telescopes?");
    String psid = psidOf("Gus Varga");
    live.fail(SandboxPlatform.FACEBOOK, FailureMode.RATE_LIMIT_ONCE);

    Http.Response limited = send(psid, "RESPONSE", null, "We do!");
    int afterLimit = messagesOf(psid).size();
    Http.Response retried = send(psid, "RESPONSE", null, "We do!");

    assertThat(limited.status()).isEqualTo(400);
    assertThat(limited.json().get("error").get("code").asInt()).isEqualTo(4);
    assertThat(afterLimit).as("nothing sent by the limited call").isEqualTo(1);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(messagesOf(psid)).hasSize(2);
  }

  @Test
  void aReplyMayAlsoBeAFormWithJsonValuesAndTheTokenInTheQuery() {
    live.customerMessagesThePage("Hana Sato", "Are you open on Sunday?");
    String psid = psidOf("Hana Sato");

    Http.Response sent =
        Http.postForm(
            live.baseUrl(SandboxPlatform.FACEBOOK) + "/v21.0/me/messages?" + TOKEN,
            "recipient=%7B%22id%22%3A%22"
                + psid
                + "%22%7D&messaging_type=RESPONSE&message=%7B%22text%22%3A%22Noon+to+five%22%7D");

    assertThat(sent.status()).isEqualTo(200);
    assertThat(messagesOf(psid).get(0).get("message").asText()).isEqualTo("Noon to five");
  }

  @Test
  void theTrickleSendsTheFacebookPageAFreshPrivateMessageOnBeatsOneAndNine() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty().withSeededConversations(40))) {
      long seededOnes = privateMessages(sandbox);
      List<Long> added = new ArrayList<>();
      for (int beat = 1; beat <= 16; beat++) {
        sandbox.trickleTick();
        added.add(privateMessages(sandbox) - seededOnes);
      }
      JsonNode newest = Http.get(conversationsUrl(sandbox) + "&limit=1").json().get("data").get(0);
      String psid = newest.get("participants").get("data").get(0).get("id").asText();

      Http.Response answered =
          Http.postJson(
              sandbox.baseUrl(SandboxPlatform.FACEBOOK) + "/me/messages?" + TOKEN,
              Map.of(
                  "recipient",
                  Map.of("id", psid),
                  "messaging_type",
                  "RESPONSE",
                  "message",
                  Map.of("text", "Happy to help!")));

      assertThat(added)
          .containsExactly(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 2L, 2L, 2L, 2L);
      assertThat(answered.status()).as("the fresh message is within the day").isEqualTo(200);
    }
  }

  @Test
  void trickledPrivateMessagesStartNewConversationsAndContinueRecentOnes() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty())) {
      for (int i = 0; i < 30; i++) {
        sandbox.trickleMessage();
      }

      List<JsonNode> conversations = GraphPaging.all(conversationsUrl(sandbox));

      assertThat(conversations).hasSizeBetween(5, 29);
      assertThat(conversations)
          .anyMatch(conversation -> conversation.get("messages").get("data").size() > 1);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static long privateMessages(Sandbox sandbox) {
    return sandbox.api(SandboxPlatform.FACEBOOK).store.newestFirst(item -> item.direct).count();
  }

  private static String conversationsUrl(Sandbox sandbox) {
    return sandbox.baseUrl(SandboxPlatform.FACEBOOK)
        + "/v21.0/"
        + FacebookApi.PAGE_ID
        + "/conversations?platform=messenger&"
        + FIELDS
        + "&"
        + TOKEN;
  }

  /** The PSID of the live sandbox's patron with that name, as a reader learns it. */
  private static String psidOf(String name) {
    for (JsonNode conversation : GraphPaging.all(conversationsUrl(live))) {
      JsonNode patron = conversation.get("participants").get("data").get(0);
      if (patron.get("name").asText().equals(name)) {
        return patron.get("id").asText();
      }
    }
    throw new AssertionError("no conversation with " + name);
  }

  private static List<JsonNode> messagesOf(String psid) {
    List<JsonNode> messages = new ArrayList<>();
    Http.get(conversationsUrl(live) + "&user_id=" + psid)
        .json()
        .get("data")
        .get(0)
        .get("messages")
        .get("data")
        .forEach(messages::add);
    return messages;
  }

  /** A Send API call as Meta documents it: JSON, the token as a bearer header. */
  private static Http.Response send(String psid, String type, String tag, String text) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("recipient", Map.of("id", psid));
    if (type != null) {
      body.put("messaging_type", type);
    }
    if (tag != null) {
      body.put("tag", tag);
    }
    body.put("message", Map.of("text", text));
    return Http.postJson(
        live.baseUrl(SandboxPlatform.FACEBOOK) + "/v21.0/" + FacebookApi.PAGE_ID + "/messages",
        body,
        "Authorization",
        Http.bearer(FacebookApi.TOKEN));
  }

  private static void assertError(
      Http.Response response, int code, Integer subcode, String message) {
    JsonNode error = response.json().get("error");
    assertThat(response.status()).isEqualTo(400);
    assertThat(error.get("code").asInt()).isEqualTo(code);
    assertThat(error.get("type").asText()).isEqualTo("OAuthException");
    assertThat(error.get("message").asText()).isEqualTo(message);
    assertThat(error.get("fbtrace_id").asText()).isNotBlank();
    if (subcode == null) {
      assertThat(error.has("error_subcode")).isFalse();
    } else {
      assertThat(error.get("error_subcode").asInt()).isEqualTo(subcode);
    }
  }

  private static void assertMissing(Http.Response response) {
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("error").get("code").asInt()).isEqualTo(100);
    assertThat(response.json().get("error").get("error_subcode").asInt()).isEqualTo(33);
  }

  /** The sandbox key in a Graph id: what follows its last underscore. */
  private static String key(JsonNode id) {
    String text = id.asText();
    return text.substring(text.lastIndexOf('_') + 1);
  }
}
