package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConversationGeneratorTest {

  @Test
  void theSameSeedGivesTheSameConversations() {
    List<GeneratedConversation> first =
        new ConversationGenerator(7).conversations().limit(300).toList();
    List<GeneratedConversation> second =
        new ConversationGenerator(7).conversations().limit(300).toList();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void anotherSeedGivesOtherConversations() {
    List<GeneratedConversation> first =
        new ConversationGenerator(7).conversations().limit(50).toList();
    List<GeneratedConversation> other =
        new ConversationGenerator(8).conversations().limit(50).toList();

    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void messagesStreamsExactlyTheCountAskedFor100000InBoundedTimeAndMemory() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long heapBefore = runtime.totalMemory() - runtime.freeMemory();
    AtomicLong characters = new AtomicLong();
    AtomicLong retainedMidway = new AtomicLong();
    AtomicLong seen = new AtomicLong();

    long started = System.nanoTime();
    long count =
        new ConversationGenerator(42)
            .messages(100_000)
            .peek(
                message -> {
                  characters.addAndGet(message.text().length());
                  if (seen.incrementAndGet() == 90_000) {
                    System.gc();
                    retainedMidway.set(runtime.totalMemory() - runtime.freeMemory() - heapBefore);
                  }
                })
            .count();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(count).isEqualTo(100_000);
    assertThat(characters.get()).isGreaterThan(3_000_000);
    assertThat(took).as("a generous bound, not a speed").isLessThan(Duration.ofSeconds(60));
    // Keeping 90,000 messages would hold well over 15 MB; a streaming generator holds one thread.
    assertThat(retainedMidway.get()).isLessThan(8L * 1024 * 1024);
  }

  @Test
  void conversationsCoverEveryPlatformAndTheLibrarysTopics() {
    Map<SandboxPlatform, Integer> platforms = new EnumMap<>(SandboxPlatform.class);
    Set<String> topics = new HashSet<>();
    Set<String> patrons = new HashSet<>();
    int answered = 0;
    int edited = 0;
    int deleted = 0;
    int direct = 0;
    List<GeneratedConversation> conversations =
        new ConversationGenerator(1).conversations().limit(2000).toList();
    for (GeneratedConversation conversation : conversations) {
      platforms.merge(conversation.platform(), 1, Integer::sum);
      topics.add(conversation.topic());
      answered += conversation.answered() ? 1 : 0;
      direct += conversation.direct() ? 1 : 0;
      for (GeneratedMessage message : conversation.messages()) {
        edited += message.edited() ? 1 : 0;
        deleted += message.deleted() ? 1 : 0;
        if (!message.author().staff()) {
          patrons.add(message.author().handle());
        }
      }
    }

    assertThat(platforms).containsOnlyKeys(SandboxPlatform.values());
    assertThat(topics)
        .contains(
            "opening-hours",
            "holds",
            "ebooks",
            "library-cards",
            "printing",
            "wifi",
            "storytime",
            "museum-passes",
            "late-fees",
            "readers-advisory",
            "events",
            "complaints",
            "thanks");
    // The last patron message answered: about half for this seed, with room for the generator to
    // change its draws.
    assertThat(answered).isBetween(800, 1700);
    assertThat(edited).isGreaterThan(20);
    assertThat(deleted).isGreaterThan(10);
    assertThat(direct).isGreaterThan(10);
    assertThat(patrons).hasSizeGreaterThan(500);
  }

  @Test
  void everyThreadIsWellFormed() {
    new ConversationGenerator(3)
        .conversations()
        .limit(1000)
        .forEach(
            conversation -> {
              GeneratedConversation c = conversation;
              assertThat(c.root().parent()).isEqualTo(-1);
              boolean graph =
                  c.platform() == SandboxPlatform.FACEBOOK
                      || c.platform() == SandboxPlatform.INSTAGRAM;
              if (graph && !c.direct()) {
                assertThat(c.root().kind()).isEqualTo(MessageKind.POST);
              }
              if (c.direct()) {
                assertThat(c.platform())
                    .isIn(
                        SandboxPlatform.MASTODON,
                        SandboxPlatform.FACEBOOK,
                        SandboxPlatform.INSTAGRAM,
                        SandboxPlatform.BLUESKY);
              }
              Instant previous = Instant.MIN;
              for (GeneratedMessage message : c.messages()) {
                assertThat(message.at()).isAfterOrEqualTo(previous);
                previous = message.at();
                if (message.index() > 0) {
                  assertThat(message.parent()).isBetween(0, message.index() - 1);
                }
                if (graph && !c.direct() && message.parent() > 0) {
                  // Facebook and Instagram nest two levels: replies hang off a top-level comment.
                  assertThat(c.messages().get(message.parent()).parent()).isZero();
                }
                if (message.author().staff()) {
                  assertThat(message.edited()).isFalse();
                  assertThat(message.deleted()).isFalse();
                  assertThat(message.author().handle()).isEqualTo("riversidelibrary");
                }
                assertThat(message.text()).doesNotContain("{");
                if (message.attachment() == GeneratedMessage.Attachment.SHARED_POST) {
                  // A shared post comes alone; the patron's words follow in a message of their own.
                  assertThat(message.text()).isEmpty();
                } else {
                  assertThat(message.text()).isNotBlank();
                }
              }
            });
  }

  @Test
  void someFacebookConversationsArePrivateMessagesToThePageWithNoPostOfOurs() {
    List<GeneratedConversation> facebook =
        new ConversationGenerator(3)
            .conversations()
            .limit(2000)
            .filter(c -> c.platform() == SandboxPlatform.FACEBOOK)
            .toList();
    List<GeneratedConversation> messages =
        facebook.stream().filter(GeneratedConversation::direct).toList();

    assertThat(messages.size() * 100 / facebook.size()).as("percent of Facebook").isBetween(8, 22);
    for (GeneratedConversation c : messages) {
      assertThat(c.startsWithOurPost()).isFalse();
      assertThat(c.root().author().staff()).as("a patron writes first").isFalse();
      for (GeneratedMessage message : c.messages()) {
        assertThat(message.kind()).isEqualTo(MessageKind.DIRECT_MESSAGE);
        // A chat has no nesting: each message follows the one before it.
        assertThat(message.parent()).isEqualTo(message.index() - 1);
      }
    }
    assertThat(messages)
        .as("the Page answers some of them")
        .anyMatch(c -> c.messages().stream().anyMatch(m -> m.author().staff()));
  }

  @Test
  void someInstagramConversationsAreDirectMessagesSomeAnsweringOurStoryOrSharingOurPost() {
    List<GeneratedConversation> instagram =
        new ConversationGenerator(3)
            .conversations()
            .limit(3000)
            .filter(c -> c.platform() == SandboxPlatform.INSTAGRAM)
            .toList();
    List<GeneratedConversation> messages =
        instagram.stream().filter(GeneratedConversation::direct).toList();

    assertThat(messages.size() * 100 / instagram.size())
        .as("percent of Instagram")
        .isBetween(8, 22);
    for (GeneratedConversation c : messages) {
      assertThat(c.startsWithOurPost()).isFalse();
      assertThat(c.root().author().staff()).as("a patron writes first").isFalse();
      for (GeneratedMessage message : c.messages()) {
        assertThat(message.kind()).isEqualTo(MessageKind.DIRECT_MESSAGE);
        assertThat(message.parent()).isEqualTo(message.index() - 1);
        if (message.index() > 0) {
          assertThat(message.attachment()).isEqualTo(GeneratedMessage.Attachment.NONE);
        }
      }
      if (c.root().attachment() == GeneratedMessage.Attachment.SHARED_POST) {
        GeneratedMessage question = c.messages().get(1);
        assertThat(question.author()).isEqualTo(c.root().author());
        assertThat(question.text()).isNotBlank();
        assertThat(Duration.between(c.root().at(), question.at()))
            .isLessThan(Duration.ofMinutes(1));
      }
    }
    assertThat(messages)
        .extracting(c -> c.root().attachment())
        .contains(
            GeneratedMessage.Attachment.NONE,
            GeneratedMessage.Attachment.STORY_ANSWER,
            GeneratedMessage.Attachment.SHARED_POST);
    assertThat(messages)
        .as("the library answers some and leaves some waiting")
        .anyMatch(GeneratedConversation::answered)
        .anyMatch(c -> !c.answered());
    assertThat(
            new ConversationGenerator(3)
                .conversations()
                .limit(3000)
                .filter(c -> c.platform() != SandboxPlatform.INSTAGRAM)
                .flatMap(c -> c.messages().stream())
                .allMatch(m -> m.attachment() == GeneratedMessage.Attachment.NONE))
        .as("only Instagram messages share or answer a story")
        .isTrue();
  }

  @Test
  void someBlueskyConversationsAreChatsThatGoOnAndAreNeverEditedNorDeleted() {
    List<GeneratedConversation> bluesky =
        new ConversationGenerator(3)
            .conversations()
            .limit(2000)
            .filter(c -> c.platform() == SandboxPlatform.BLUESKY)
            .toList();
    List<GeneratedConversation> chats =
        bluesky.stream().filter(GeneratedConversation::direct).toList();

    assertThat(chats.size() * 100 / bluesky.size()).as("percent of Bluesky").isBetween(8, 22);
    for (GeneratedConversation c : chats) {
      assertThat(c.startsWithOurPost()).isFalse();
      assertThat(c.root().author().staff()).as("a patron writes first").isFalse();
      for (GeneratedMessage message : c.messages()) {
        assertThat(message.kind()).isEqualTo(MessageKind.DIRECT_MESSAGE);
        assertThat(message.parent()).isEqualTo(message.index() - 1);
        assertThat(message.edited()).as("Bluesky has no editing").isFalse();
        assertThat(message.deleted()).as("a deletion is the patron's own").isFalse();
      }
    }
    assertThat(chats).as("some the library answers").anyMatch(GeneratedConversation::answered);
    assertThat(chats)
        .as("some no one has answered yet")
        .anyMatch(c -> c.messages().stream().noneMatch(m -> m.author().staff()));
    // One question's exchange is at most four messages: more means the patron asked again.
    assertThat(chats).as("some that go on").anyMatch(c -> c.messages().size() > 4);
  }

  @Test
  void aTopicWhoseQuestionsAndAnswersDoNotPairIsRefused() {
    assertThatThrownBy(
            () -> new PhraseBank.Topic(List.of("A post"), List.of("Q1?", "Q2?"), List.of("A1.")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 questions and 1 answers");
    assertThatThrownBy(() -> new PhraseBank.Topic(List.of("A post"), List.of(), List.of()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theLibraryAnswersTheQuestionThePatronAsked() {
    PhraseBank bank = PhraseBank.library();
    int checked = 0;
    for (GeneratedConversation c :
        new ConversationGenerator(11).conversations().limit(2_000).toList()) {
      PhraseBank.Topic topic = bank.topics().get(c.topic());
      for (GeneratedMessage question : c.messages()) {
        int asked = indexOfTemplate(topic.questions(), question.text());
        GeneratedMessage answer =
            c.messages().stream()
                .filter(m -> m.parent() == question.index() && m.author().staff())
                .findFirst()
                .orElse(null);
        if (asked < 0 || answer == null || question.author().staff()) {
          continue;
        }
        assertThat(answer.text())
            .as("the answer to \"%s\"", question.text())
            .matches(template(topic.answers().get(asked)) + "( –.*)?");
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(500);
  }

  /** The index of the first template the text holds (greetings and closings around it), or -1. */
  private static int indexOfTemplate(List<String> templates, String text) {
    for (int i = 0; i < templates.size(); i++) {
      if (java.util.regex.Pattern.compile(
              template(templates.get(i)), java.util.regex.Pattern.CASE_INSENSITIVE)
          .matcher(text)
          .find()) {
        return i;
      }
    }
    return -1;
  }

  /** A phrase template as a regular expression: its {slots} stand for any text. */
  private static String template(String phrase) {
    StringBuilder regex = new StringBuilder();
    for (String part : phrase.split("\\{[a-z]+}", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".+?");
      }
      regex.append(java.util.regex.Pattern.quote(part));
    }
    return regex.toString();
  }

  @Test
  void conversationsStartOneGapApartFromTheFirstInstant() {
    Instant first = Instant.parse("2026-01-01T00:00:00Z");
    List<GeneratedConversation> conversations =
        new ConversationGenerator(5, first, Duration.ofHours(1)).conversations().limit(10).toList();

    for (GeneratedConversation conversation : conversations) {
      Instant slot = first.plus(Duration.ofHours(conversation.number()));
      assertThat(conversation.root().at()).isBetween(slot, slot.plus(Duration.ofHours(1)));
    }
    assertThatThrownBy(() -> new ConversationGenerator(5, first, Duration.ZERO))
        .hasMessageStartingWith("averageGap:");
  }
}
