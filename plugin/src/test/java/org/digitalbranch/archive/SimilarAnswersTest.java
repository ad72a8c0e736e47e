package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Beside a question stand past conversations like it, each with the customer message that is like
 * it and the library's answer to that message: not the library's own post that opened the thread,
 * nor its answers to other patrons' questions under the same post.
 */
class SimilarAnswersTest {

  private static final Instant AT = Instant.parse("2026-03-02T15:00:00Z");

  private ArchiveIndex index;
  private ArchiveSearch search;

  @BeforeEach
  void indexAPostWithTwoPatronsQuestionsAndANewQuestion() throws IOException {
    index =
        ArchiveIndex.open(
            new ByteBuffersDirectory(),
            new ArchiveSchema(ZoneOffset.UTC),
            ArchiveAnalysis.withLibrarySynonyms());
    index.apply(
        List.of(
            new IndexChange.Upsert(1, cardMonthPost(true)),
            new IndexChange.Upsert(
                2,
                conversation(
                    "new",
                    ConversationStatus.UNANSWERED,
                    message("n1", false, null, "Can I renew my library card online?", 0)))));
    search = new ArchiveSearch(index);
  }

  @AfterEach
  void close() throws IOException {
    index.close();
  }

  /** The library's post, then two patrons' questions, each answered (said so, or by position). */
  private static ArchivedConversation cardMonthPost(boolean repliesSayWhatTheyAnswer) {
    return conversation(
        "post",
        ConversationStatus.ANSWERED,
        message("p0", true, null, "September is Library Card Sign-up Month! Get a card today.", 0),
        message("p1", false, null, "I lost my card at the park, what do I do?", 1),
        message(
            "p2",
            true,
            repliesSayWhatTheyAnswer ? "p1" : null,
            "We replace a lost card for free at the desk.",
            2),
        message("p3", false, null, "How do I renew my card online?", 3),
        message(
            "p4",
            true,
            repliesSayWhatTheyAnswer ? "p3" : null,
            "Renew online under My Account, with your card number and PIN.",
            4),
        message("p5", false, null, "Thanks!", 5));
  }

  private static ArchivedConversation conversation(
      String id, ConversationStatus status, ArchivedMessage... messages) {
    return new ArchivedConversation(
        id,
        "facebook",
        "fb-main",
        MessageKind.COMMENT,
        status,
        null,
        List.of(),
        AT,
        new ArrayList<>(List.of(messages)));
  }

  private static ArchivedMessage message(
      String id, boolean staff, String inReplyTo, String text, int minutes) {
    return new ArchivedMessage(
        id,
        staff ? "library" : "patron-" + id,
        staff ? "Riverside Library" : "Patron " + id,
        inReplyTo,
        staff,
        null,
        staff ? MessageKind.REPLY : MessageKind.COMMENT,
        text,
        AT.plusSeconds(60L * minutes),
        false);
  }

  @Test
  void thePatronsQuestionLikeOursStandsWithTheReplyToIt() {
    List<ArchiveSearch.SimilarConversation> similar = search.similar("new", 5);

    assertThat(similar).hasSize(1);
    assertThat(similar.get(0).question().id()).isEqualTo("p3");
    assertThat(similar.get(0).answers()).extracting(ArchivedMessage::id).containsExactly("p4");
  }

  @Test
  void withoutSayingWhatTheyAnswerTheStaffMessagesRightAfterAQuestionAreItsAnswer() {
    ArchivedConversation post = cardMonthPost(false);

    assertThat(ArchiveSearch.answeredQuestions(post))
        .hasEntrySatisfying(
            post.messages().get(3),
            answers -> assertThat(answers).extracting(ArchivedMessage::id).containsExactly("p4"))
        .hasEntrySatisfying(
            post.messages().get(1),
            answers -> assertThat(answers).extracting(ArchivedMessage::id).containsExactly("p2"))
        .hasSize(2);
  }

  @Test
  void theLibrarysOwnOpeningPostIsNeverAnAnswer() {
    for (ArchivedConversation post : List.of(cardMonthPost(true), cardMonthPost(false))) {
      assertThat(ArchiveSearch.answeredQuestions(post).values())
          .flatExtracting(answers -> answers.stream().map(ArchivedMessage::id).toList())
          .containsExactlyInAnyOrder("p2", "p4");
      assertThat(ArchiveSearch.staffAnswers(post))
          .extracting(ArchivedMessage::id)
          .containsExactly("p2", "p4");
    }
  }

  @Test
  void aQuestionLikeOursThatTheLibraryDidNotAnswerGivesWayToOneItDid() throws IOException {
    index.apply(
        List.of(
            new IndexChange.Upsert(
                3,
                conversation(
                    "mentions",
                    ConversationStatus.ANSWERED,
                    message("m1", false, null, "Can I renew my library card online today?", 0),
                    message("m2", false, null, "Is my library card still valid?", 1),
                    message("m3", true, "m2", "Cards are valid for three years.", 2)))));

    List<ArchiveSearch.SimilarConversation> similar = search.similar("new", 5);

    assertThat(similar)
        .filteredOn(s -> s.conversation().id().equals("mentions"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.question().id()).isEqualTo("m2");
              assertThat(s.answers()).extracting(ArchivedMessage::id).containsExactly("m3");
            });
  }
}
