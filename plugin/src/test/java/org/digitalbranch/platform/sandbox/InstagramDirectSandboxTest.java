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
 * The Instagram account's direct messages over HTTP, through the Facebook Page it is linked to:
 * {@code /{page-id}/conversations?platform=instagram} and the Send API, on a seeded sandbox that no
 * test changes and on an empty one where customers write as a test says.
 */
class InstagramDirectSandboxTest {
  private static final String TOKEN = "access_token=" + InstagramApi.TOKEN;
  private static final String FIELDS =
      "fields="
          + URLEncoder.encode(
              "id,updated_time,participants,messages.limit(20){id,created_time,from,to,message,"
                  + "attachments,shares{link},story,is_unsupported}",
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
    live.fail(SandboxPlatform.INSTAGRAM, FailureMode.NONE);
  }

  @Test
  void theDemoAccountNamesThePageItIsLinkedTo() {
    Map<String, String> credentials = live.account(SandboxPlatform.INSTAGRAM).credentials();
    JsonNode page =
        Http.get(
                live.baseUrl(SandboxPlatform.INSTAGRAM)
                    + "/v21.0/"
                    + InstagramApi.PAGE_ID
                    + "?fields=instagram_business_account&"
                    + TOKEN)
            .json();

    assertThat(credentials)
        .containsEntry("pageId", InstagramApi.PAGE_ID)
        .containsEntry("igUserId", InstagramApi.IG_USER_ID);
    assertThat(page.get("instagram_business_account").get("id").asText())
        .isEqualTo(InstagramApi.IG_USER_ID);
  }

  @Test
  void everySeededDirectMessageIsInAConversationListedNewestUpdatedFirst() {
    List<GeneratedConversation> generated =
        Seeded.conversations(SandboxPlatform.INSTAGRAM).stream()
            .filter(GeneratedConversation::direct)
            .toList();
    Set<String> patrons = new HashSet<>();
    long stillThere = 0;
    for (GeneratedConversation conversation : generated) {
      patrons.add(conversation.root().author().handle());
      stillThere += conversation.messages().stream().filter(m -> !m.deleted()).count();
    }

    List<JsonNode> conversations = GraphPaging.all(conversationsUrl(seeded) + "&limit=4");

    assertThat(generated).as("the seed gives a few direct messages").hasSizeGreaterThan(5);
    assertThat(conversations).as("one conversation per patron").hasSize(patrons.size());
    long listed = 0;
    String previous = "9999";
    for (JsonNode conversation : conversations) {
      String updated = conversation.get("updated_time").asText();
      assertThat(updated).isLessThanOrEqualTo(previous).matches(".*T.*\\+0000");
      previous = updated;
      assertThat(conversation.get("id").asText()).startsWith("aWdf");
      JsonNode messages = conversation.get("messages").get("data");
      assertThat(messages.size()).isBetween(1, 20);
      assertThat(messages.get(0).get("created_time").asText()).isEqualTo(updated);
      for (int i = 1; i < messages.size(); i++) {
        assertThat(messages.get(i).get("created_time").asText())
            .as("newest first")
            .isLessThanOrEqualTo(messages.get(i - 1).get("created_time").asText());
      }
      listed += messages.size();
    }
    assertThat(listed).isEqualTo(stillThere);
  }

  @Test
  void aConversationNamesThePatronByUsernameAndTheLibraryByItsInstagramAccountsId() {
    JsonNode answered = null;
    for (JsonNode conversation : GraphPaging.all(conversationsUrl(seeded))) {
      for (JsonNode message : conversation.get("messages").get("data")) {
        if (message.get("from").get("id").asText().equals(InstagramApi.IG_USER_ID)) {
          answered = conversation;
        }
      }
    }
    assertThat(answered).as("a conversation the library answered").isNotNull();

    JsonNode patron = answered.get("participants").get("data").get(0);
    JsonNode library = answered.get("participants").get("data").get(1);
    assertThat(patron.get("id").asText()).matches("\\d+").isNotEqualTo(InstagramApi.IG_USER_ID);
    assertThat(patron.has("name")).as("Instagram gives no names").isFalse();
    assertThat(patron.get("username").asText()).isNotBlank();
    assertThat(library.get("id").asText())
        .as("the account, not the Page")
        .isEqualTo(InstagramApi.IG_USER_ID);
    assertThat(library.get("username").asText()).isEqualTo("riversidelibrary");
    for (JsonNode message : answered.get("messages").get("data")) {
      boolean ours = message.get("from").get("id").asText().equals(InstagramApi.IG_USER_ID);
      assertThat(message.get("id").asText()).startsWith("aWdf");
      assertThat(message.get("from")).isEqualTo(ours ? library : patron);
      assertThat(message.get("to").get("data").get(0)).isEqualTo(ours ? patron : library);
    }
  }

  @Test
  void someSeededMessagesAnswerTheLibrarysStoryAndSomeShareItsPostsAlone() {
    List<JsonNode> stories = new ArrayList<>();
    List<JsonNode> shares = new ArrayList<>();
    for (JsonNode conversation : GraphPaging.all(conversationsUrl(seeded))) {
      for (JsonNode message : conversation.get("messages").get("data")) {
        if (message.has("story")) {
          stories.add(message);
        }
        if (message.has("shares")) {
          shares.add(message);
        }
      }
    }

    assertThat(stories).isNotEmpty();
    assertThat(shares).isNotEmpty();
    for (JsonNode story : stories) {
      assertThat(story.get("story").get("reply_to").get("link").asText())
          .startsWith("https://lookaside.fbsbx.com/ig_messaging_cdn/");
      assertThat(story.get("story").get("reply_to").get("id").asText()).matches("\\d+");
      assertThat(story.get("message").asText()).isNotBlank();
    }
    for (JsonNode share : shares) {
      assertThat(share.get("shares").get("data").get(0).get("link").asText())
          .matches("https://www\\.instagram\\.com/p/[A-Za-z0-9_-]+/");
      assertThat(share.get("message").asText()).as("a share comes without words").isEmpty();
    }
  }

  @Test
  void withoutPlatformInstagramThePageListsNoInstagramThreadAndAnUnknownPlatformIsRefused() {
    String page = seeded.baseUrl(SandboxPlatform.INSTAGRAM) + "/v21.0/" + InstagramApi.PAGE_ID;

    Http.Response none = Http.get(page + "/conversations?" + TOKEN);
    Http.Response messenger = Http.get(page + "/conversations?platform=messenger&" + TOKEN);
    Http.Response threads = Http.get(page + "/conversations?platform=threads&" + TOKEN);

    assertThat(none.json().toString()).isEqualTo("{\"data\":[]}");
    assertThat(messenger.json().toString()).isEqualTo("{\"data\":[]}");
    assertThat(threads.status()).isEqualTo(400);
    assertThat(threads.json().get("error").get("message").asText())
        .isEqualTo("(#100) param platform must be one of {INSTAGRAM, MESSENGER} - got \"threads\"");
  }

  @Test
  void conversationsPageByTheAfterCursorKeepingThePlatform() {
    JsonNode first = Http.get(conversationsUrl(seeded) + "&limit=2").json();
    String next = first.get("paging").get("next").asText();
    JsonNode second = Http.get(next).json();
    JsonNode all = Http.get(conversationsUrl(seeded) + "&limit=100").json();

    assertThat(next).contains("platform=instagram");
    assertThat(second.get("data").get(0).get("id").asText())
        .isEqualTo(all.get("data").get(2).get("id").asText());
    assertThat(all.get("paging").has("next")).isFalse();
  }

  @Test
  void aWrongTokenIsRefusedAsTheGraphApiRefusesOne() {
    Http.Response refused =
        Http.get(
            seeded.baseUrl(SandboxPlatform.INSTAGRAM)
                + "/"
                + InstagramApi.PAGE_ID
                + "/conversations?platform=instagram&access_token=not-the-token");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("error").get("code").asInt()).isEqualTo(190);
  }

  @Test
  void directMessagesAreNeitherMediaNorCommentsNorReachableAsEither() {
    String graph = seeded.baseUrl(SandboxPlatform.INSTAGRAM) + "/v21.0/";
    JsonNode message =
        Http.get(conversationsUrl(seeded))
            .json()
            .get("data")
            .get(0)
            .get("messages")
            .get("data")
            .get(0);
    String key =
        new String(
                java.util.Base64.getUrlDecoder().decode(message.get("id").asText()),
                StandardCharsets.UTF_8)
            .replaceFirst(".*:", "");

    assertMissing(Http.get(graph + message.get("id").asText() + "?" + TOKEN));
    assertMissing(Http.get(graph + key + "?" + TOKEN));
    assertMissing(Http.postForm(graph + key + "/replies", "message=Hello&" + TOKEN));
  }

  @Test
  void aReplyWithinTheDayLandsInTheConversationFromTheAccountAndTopsTheNextListing() {
    live.customerMessagesOnInstagram("Ada Okafor", "Can I renew a book by phone?");
    live.customerMessagesOnInstagram("Someone Else", "Do you have wifi?");
    String igsid = igsidOf("adaokafor");

    Http.Response sent = send(igsid, "RESPONSE", null, "Yes! Call any branch desk.");
    JsonNode conversation = Http.get(conversationsUrl(live)).json().get("data").get(0);
    JsonNode newest = conversation.get("messages").get("data").get(0);

    assertThat(sent.status()).isEqualTo(200);
    assertThat(sent.json().get("recipient_id").asText()).isEqualTo(igsid);
    assertThat(newest.get("id").asText()).isEqualTo(sent.json().get("message_id").asText());
    assertThat(newest.get("message").asText()).isEqualTo("Yes! Call any branch desk.");
    assertThat(newest.get("from").get("id").asText()).isEqualTo(InstagramApi.IG_USER_ID);
    assertThat(newest.get("to").get("data").get(0).get("id").asText()).isEqualTo(igsid);
    assertThat(conversation.get("updated_time").asText())
        .isEqualTo(newest.get("created_time").asText());
  }

  @Test
  void aCustomerHasTheSameIdInCommentsAndAsTheSendApisRecipient() {
    PublishedPost comment =
        live.customerWrites(SandboxPlatform.INSTAGRAM, "Cy Mendes", "Love the new shelves");
    live.customerMessagesOnInstagram("Cy Mendes", "Who built the new shelves?");

    JsonNode commented =
        Http.get(
                live.baseUrl(SandboxPlatform.INSTAGRAM)
                    + "/"
                    + comment.inReplyTo()
                    + "/comments?fields=from,text&"
                    + TOKEN)
            .json()
            .get("data")
            .get(0);

    assertThat(commented.get("from").get("id").asText()).isEqualTo(igsidOf("cymendes"));
  }

  @Test
  void aReplyToSomeoneWithNoConversationIsNoInstagramUserFound() {
    Http.Response sent = send("17841000000000042", "RESPONSE", null, "Hello?");

    assertError(sent, 400, "IGApiException", 100, 2534014, "The requested user cannot be found.");
  }

  @Test
  void aReplyMoreThanADayAfterThePersonsLastMessageIsOutsideTheWindowUnlessTaggedHumanAgent() {
    live.customerMessagesOnInstagram(
        "Dara Quinn", "Is there parking?", Instant.now().minus(Duration.ofHours(25)));
    String igsid = igsidOf("daraquinn");

    Http.Response response = send(igsid, "RESPONSE", null, "Yes, behind the building.");
    Http.Response untyped = send(igsid, null, null, "Yes, behind the building.");
    Http.Response humanAgent = send(igsid, "MESSAGE_TAG", "HUMAN_AGENT", "Sorry for the wait!");

    assertError(
        response,
        403,
        "IGApiException",
        10,
        2534022,
        "This message is sent outside of allowed window.");
    assertError(untyped, 403, "IGApiException", 10, 2534022, InstagramApi.OUTSIDE_WINDOW);
    assertThat(humanAgent.status()).isEqualTo(200);
  }

  @Test
  void aHumanAgentReplyMoreThanAWeekAfterThePersonsLastMessageIsOutsideTheWindow() {
    live.customerMessagesOnInstagram(
        "Eli Moreau", "Any chess club?", Instant.now().minus(Duration.ofDays(8)));

    Http.Response late = send(igsidOf("elimoreau"), "MESSAGE_TAG", "HUMAN_AGENT", "Fridays.");
    Http.Response otherTag = send(igsidOf("elimoreau"), "MESSAGE_TAG", "POST_PURCHASE_UPDATE", "?");

    assertError(late, 403, "IGApiException", 10, 2534022, InstagramApi.OUTSIDE_WINDOW);
    assertError(
        otherTag,
        400,
        "OAuthException",
        100,
        null,
        "(#100) param tag must be one of {HUMAN_AGENT} - got \"POST_PURCHASE_UPDATE\"");
  }

  @Test
  void aReplyTakesAtMostAThousandBytesOfUtf8NotAThousandCharacters() {
    live.customerMessagesOnInstagram("Fay Okoro", "Tell me everything about the library.");
    String igsid = igsidOf("fayokoro");

    Http.Response blank = send(igsid, "RESPONSE", null, "  ");
    Http.Response thousandBytes = send(igsid, "RESPONSE", null, "é".repeat(500));
    Http.Response oneByteMore = send(igsid, "RESPONSE", null, "é".repeat(500) + "!");
    Http.Response thousandLetters = send(igsid, "RESPONSE", null, "ü" + "a".repeat(999));

    assertError(
        blank, 400, "OAuthException", 100, null, "(#100) The parameter message[text] is required");
    assertThat(thousandBytes.status()).isEqualTo(200);
    assertError(
        oneByteMore,
        400,
        "IGApiException",
        100,
        2534015,
        "Message text must be UTF-8 and be 1,000 bytes or less.");
    assertThat(thousandLetters.json().get("error").get("error_subcode").asInt())
        .as("1,000 characters, 1,001 bytes")
        .isEqualTo(2534015);
  }

  @Test
  void aReplyMeetsTheFailureSwitchedOnAndIsNotSentWhenItFails() {
    live.customerMessagesOnInstagram("Gus Varga", "Do you lend telescopes?");
    String igsid = igsidOf("gusvarga");
    live.fail(SandboxPlatform.INSTAGRAM, FailureMode.RATE_LIMIT_ONCE);

    Http.Response limited = send(igsid, "RESPONSE", null, "We do!");
    int afterLimit = messagesOf(igsid).size();
    Http.Response retried = send(igsid, "RESPONSE", null, "We do!");

    assertThat(limited.json().get("error").get("code").asInt()).isEqualTo(4);
    assertThat(afterLimit).as("nothing sent by the limited call").isEqualTo(1);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(messagesOf(igsid)).hasSize(2);
  }

  @Test
  void aFewSeededMessagesWaitWithinTheDaySoStaffCanAnswerThemAtTheStart() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty().withSeededConversations(40))) {
      Instant dayAgo = Instant.now().minus(Duration.ofHours(24));
      List<JsonNode> waiting =
          GraphPaging.all(conversationsUrl(sandbox)).stream()
              .filter(
                  c -> {
                    JsonNode newest = c.get("messages").get("data").get(0);
                    return !newest.get("from").get("id").asText().equals(InstagramApi.IG_USER_ID)
                        && created(newest).isAfter(dayAgo);
                  })
              .toList();
      String igsid = waiting.get(0).get("participants").get("data").get(0).get("id").asText();

      Http.Response answered =
          Http.postJson(
              sandbox.baseUrl(SandboxPlatform.INSTAGRAM)
                  + "/"
                  + InstagramApi.PAGE_ID
                  + "/messages?"
                  + TOKEN,
              Map.of(
                  "recipient",
                  Map.of("id", igsid),
                  "messaging_type",
                  "RESPONSE",
                  "message",
                  Map.of("text", "Happy to help!")));

      assertThat(waiting).hasSize(3);
      assertThat(answered.status()).isEqualTo(200);
    }
  }

  @Test
  void theTrickleSendsTheInstagramAccountAFreshDirectMessageOnBeatsThreeAndEleven() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty())) {
      List<Long> added = new ArrayList<>();
      for (int beat = 1; beat <= 16; beat++) {
        sandbox.trickleTick();
        added.add(directMessages(sandbox));
      }

      assertThat(added)
          .containsExactly(0L, 0L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 2L, 2L);
      assertThat(
              GraphPaging.all(conversationsUrl(sandbox)).stream()
                  .map(c -> c.get("messages").get("data").get(0).get("message").asText()))
          .allMatch(text -> !text.isBlank());
    }
  }

  // ---------------------------------------------------------------- helpers

  private static long directMessages(Sandbox sandbox) {
    return sandbox.api(SandboxPlatform.INSTAGRAM).store.newestFirst(item -> item.direct).count();
  }

  private static Instant created(JsonNode message) {
    return java.time.OffsetDateTime.parse(
            message.get("created_time").asText(),
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx"))
        .toInstant();
  }

  private static String conversationsUrl(Sandbox sandbox) {
    return sandbox.baseUrl(SandboxPlatform.INSTAGRAM)
        + "/v21.0/"
        + InstagramApi.PAGE_ID
        + "/conversations?platform=instagram&"
        + FIELDS
        + "&"
        + TOKEN;
  }

  /** The Instagram-scoped id of the live sandbox's patron with that username. */
  private static String igsidOf(String username) {
    for (JsonNode conversation : GraphPaging.all(conversationsUrl(live))) {
      JsonNode patron = conversation.get("participants").get("data").get(0);
      if (patron.get("username").asText().equals(username)) {
        return patron.get("id").asText();
      }
    }
    throw new AssertionError("no conversation with " + username);
  }

  private static List<JsonNode> messagesOf(String igsid) {
    List<JsonNode> messages = new ArrayList<>();
    Http.get(conversationsUrl(live) + "&user_id=" + igsid)
        .json()
        .get("data")
        .get(0)
        .get("messages")
        .get("data")
        .forEach(messages::add);
    return messages;
  }

  /** A Send API call as Meta documents it: JSON, the Page's token as a bearer header. */
  private static Http.Response send(String igsid, String type, String tag, String text) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("recipient", Map.of("id", igsid));
    if (type != null) {
      body.put("messaging_type", type);
    }
    if (tag != null) {
      body.put("tag", tag);
    }
    body.put("message", Map.of("text", text));
    return Http.postJson(
        live.baseUrl(SandboxPlatform.INSTAGRAM) + "/v21.0/" + InstagramApi.PAGE_ID + "/messages",
        body,
        "Authorization",
        Http.bearer(InstagramApi.TOKEN));
  }

  private static void assertError(
      Http.Response response, int status, String type, int code, Integer subcode, String message) {
    JsonNode error = response.json().get("error");
    assertThat(response.status()).isEqualTo(status);
    assertThat(error.get("code").asInt()).isEqualTo(code);
    assertThat(error.get("type").asText()).isEqualTo(type);
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
}
