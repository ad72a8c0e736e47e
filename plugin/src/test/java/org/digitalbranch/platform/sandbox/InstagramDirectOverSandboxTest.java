package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.PlatformSettings;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.ReadDrain;
import org.digitalbranch.platform.ReplyRequest;
import org.digitalbranch.platform.instagram.InstagramPlatform;
import org.digitalbranch.platform.instagram.InstagramReader;
import org.digitalbranch.platform.instagram.InstagramResponder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Instagram reader and responder against the sandbox the demo runs on, with the credentials the
 * demo gives them: a customer's direct message is read through the linked Page, answered within the
 * window, and the answer read back is the one sent, from the account; a story answered and a post
 * shared say so; an old conversation's answer is refused in words.
 */
class InstagramDirectOverSandboxTest {
  private static Sandbox sandbox;
  private static InstagramPlatform instagram;
  private static Credentials account;

  @BeforeAll
  static void start() {
    sandbox = Seeded.start();
    instagram =
        new InstagramPlatform(
            PlatformSettings.defaults(URI.create(sandbox.baseUrl(SandboxPlatform.INSTAGRAM))));
    // As the demo's wiring builds them from the sandbox account (AccountConnections).
    Map<String, String> demo = sandbox.account(SandboxPlatform.INSTAGRAM).credentials();
    account =
        new Credentials.GraphToken(
            demo.get("igUserId"), demo.get("accessToken"), demo.get("pageId"));
  }

  @AfterAll
  static void stop() {
    sandbox.stop();
  }

  private static List<IncomingItem> directMessages() {
    return ReadDrain.poll(new InstagramReader(instagram, true), "instagram-main", account, null)
        .items()
        .stream()
        .filter(item -> item.kind() == MessageKind.DIRECT_MESSAGE)
        .toList();
  }

  private static IncomingItem saying(String text) {
    return directMessages().stream()
        .filter(item -> item.text().equals(text))
        .findFirst()
        .orElseThrow();
  }

  private static ReplyRequest answer(IncomingItem to, String text) {
    return new ReplyRequest(
        "reply-" + text, to.platformId(), text, account, true, to.authorHandle());
  }

  @Test
  void aCustomersDirectMessageIsReadAnsweredAndTheAnswerReadBackAsOursUnderItsId() {
    sandbox.customerMessagesOnInstagram("Ana Ruiz", "Is the library open on Sunday?");
    IncomingItem question = saying("Is the library open on Sunday?");
    assertThat(question.platform()).isEqualTo("instagram");
    assertThat(question.authorName()).as("Instagram's username").isEqualTo("anaruiz");
    assertThat(question.ours()).isFalse();

    PublishOutcome sent =
        new InstagramResponder(instagram).reply(answer(question, "Yes, from noon to five."));

    assertThat(sent).isInstanceOf(PublishOutcome.Published.class);
    String sentId = ((PublishOutcome.Published) sent).platformId();
    IncomingItem read =
        directMessages().stream()
            .filter(item -> item.platformId().equals(sentId))
            .findFirst()
            .orElseThrow();
    assertThat(read.ours()).as("from the account, not the Page").isTrue();
    assertThat(read.rootPlatformId()).isEqualTo(question.rootPlatformId());
    assertThat(read.parentPlatformId()).isEqualTo(question.platformId());
    assertThat(read.text()).isEqualTo("Yes, from noon to five.");
  }

  @Test
  void aLostAnswerIsFoundInThePersonsConversation() {
    sandbox.customerMessagesOnInstagram("Bo Lind", "Can I print from my phone?");
    IncomingItem question = saying("Can I print from my phone?");
    ReplyRequest request =
        answer(question, "Yes, with the library's print app.").triedFrom(Instant.now());
    PublishOutcome sent = new InstagramResponder(instagram).reply(request);

    LookupResult found = new InstagramResponder(instagram).findReply(request);

    assertThat(found)
        .isInstanceOfSatisfying(
            LookupResult.Found.class, f -> assertThat(f.post()).isEqualTo(sent));
  }

  @Test
  void aStoryAnswerArrivesSayingItAnswersTheLibrarysStory() {
    List<IncomingItem> stories =
        directMessages().stream().filter(item -> item.rawJson().contains("\"story\"")).toList();

    assertThat(stories).isNotEmpty();
    assertThat(stories)
        .allSatisfy(
            story ->
                assertThat(story.text())
                    .endsWith(" [an answer to the library's story]")
                    .doesNotContain("lookaside"));
  }

  @Test
  void aSharedPostArrivesAsItsLinkBeforeTheQuestionAboutIt() {
    IncomingItem shared =
        directMessages().stream()
            .filter(item -> item.rawJson().contains("\"shares\""))
            .findFirst()
            .orElseThrow();

    assertThat(shared.text()).matches("\\[sent a link: https://www\\.instagram\\.com/p/.+/\\]");
    assertThat(
            directMessages().stream()
                .filter(item -> shared.platformId().equals(item.parentPlatformId())))
        .as("the question that follows it")
        .singleElement()
        .satisfies(question -> assertThat(question.text()).isNotBlank());
  }

  @Test
  void anAnswerMoreThanAWeekAfterTheCustomersMessageIsRefusedInWords() {
    sandbox.customerMessagesOnInstagram(
        "Cleo Park", "Do you still have the chess sets?", Instant.now().minus(Duration.ofDays(8)));
    IncomingItem old = saying("Do you still have the chess sets?");

    PublishOutcome refused =
        new InstagramResponder(instagram).reply(answer(old, "Sorry for the wait!"));

    assertThat(refused)
        .isInstanceOfSatisfying(
            PublishOutcome.Rejected.class,
            rejected ->
                assertThat(rejected.reason())
                    .contains("within 24 hours", "Human Agent", "code 10/2534022"));
  }

  @Test
  void anAnswerADayLateGoesOutTaggedForAHumanAgent() throws Exception {
    sandbox.customerMessagesOnInstagram(
        "Dev Arora", "Is the makerspace open late?", Instant.now().minus(Duration.ofHours(30)));
    IncomingItem late = saying("Is the makerspace open late?");

    PublishOutcome sent =
        new InstagramResponder(instagram).reply(answer(late, "Until nine on Thursdays."));

    assertThat(sent).isInstanceOf(PublishOutcome.Published.class);
    String sentId = ((PublishOutcome.Published) sent).platformId();
    assertThat(directMessages())
        .as("the tagged answer landed in the person's conversation")
        .anyMatch(item -> item.platformId().equals(sentId) && item.ours());
    Credentials.GraphToken token = (Credentials.GraphToken) account;
    java.net.http.HttpResponse<String> untagged =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        URI.create(
                            sandbox.baseUrl(SandboxPlatform.INSTAGRAM)
                                + "/"
                                + token.pageId()
                                + "/messages"))
                    .header("Authorization", "Bearer " + token.accessToken())
                    .header("Content-Type", "application/json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"recipient\":{\"id\":\""
                                + late.authorHandle()
                                + "\"},\"messaging_type\":\"RESPONSE\","
                                + "\"message\":{\"text\":\"Still here?\"}}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(untagged.body())
        .as("untagged, an answer to the same person is past Instagram's window")
        .contains("2534022");
  }
}
