package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.digitalbranch.archive.ArchiveStoreFixture.customer;
import static org.digitalbranch.archive.ArchiveStoreFixture.minute;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.archive.ArchiveStoreFixture.Item;
import org.digitalbranch.archive.ConversationThread.Message;
import org.digitalbranch.archive.ConversationThread.ModerationAction;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.archive.ConversationThread.Version;
import org.digitalbranch.archive.IngestReport.Skipped;
import org.digitalbranch.queue.StoreException;
import org.digitalbranch.queue.Transactor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveStoreTest {

  @TempDir Path folder;
  private ArchiveStoreFixture fixture;
  private ArchiveStore store;

  /** A customer's question at minute 0 on our post p1. */
  private static final Item QUESTION =
      customer("c1", "Can I renew a book online?").replyTo("p1", "p1");

  /** jlee's answer to {@link #QUESTION}, five minutes on. */
  private static final Item ANSWER =
      customer("r1", "Yes, at library.example.org/renew")
          .replyTo("c1", "p1")
          .at(minute(5))
          .ours("jlee");

  @BeforeEach
  void setUp() {
    fixture = new ArchiveStoreFixture(folder);
    store = fixture.store;
  }

  private IngestReport ingest(Item... items) {
    return store.ingest(List.of(items).stream().map(Item::build).toList());
  }

  private ConversationThread onlyThread() {
    List<InboxEntry> inbox = store.inbox(InboxFilter.visibleTo(java.util.Set.of()));
    assertThat(inbox).hasSize(1);
    return store.conversation(inbox.getFirst().conversationId()).orElseThrow();
  }

  @Test
  void aStoreKeepsTheOneIdentityItWasGivenAndAnotherStoreHasItsOwn() throws Exception {
    String first = store.identity();

    assertThat(store.identity()).isEqualTo(first);
    ArchiveStoreFixture other =
        new ArchiveStoreFixture(java.nio.file.Files.createDirectories(folder.resolve("other")));
    assertThat(other.store.identity()).isNotEqualTo(first);
    assertThat(store.identity()).isEqualTo(first);
  }

  @Test
  void theInboxNamesTheCustomerAsTheyShowThemselvesNotByTheirPlatformId() {
    ingest(QUESTION);

    List<InboxEntry> inbox = store.inbox(InboxFilter.visibleTo(java.util.Set.of()));

    assertThat(inbox)
        .singleElement()
        .extracting(InboxEntry::latestCustomerAuthor)
        .isEqualTo("Pat Reader");
  }

  private Message message(ConversationThread thread, String platformId) {
    return thread.messages().stream()
        .filter(m -> m.platformId().equals(platformId))
        .findFirst()
        .orElseThrow();
  }

  private List<Long> changeSequences() throws SQLException {
    try (Connection c = fixture.dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT sequence FROM archive_changes ORDER BY sequence")) {
      List<Long> sequences = new ArrayList<>();
      while (rows.next()) {
        sequences.add(rows.getLong(1));
      }
      return sequences;
    }
  }

  @Test
  void aNewCustomerQuestionStartsAnUnansweredConversation() {
    IngestReport report = ingest(QUESTION);

    assertThat(report).isEqualTo(new IngestReport(1, 0, 0, 0, 0, List.of()));
    ConversationThread thread = onlyThread();
    assertThat(thread.rootPlatformId()).isEqualTo("p1");
    assertThat(thread.status()).isEqualTo(ConversationStatus.UNANSWERED);
    assertThat(thread.waitingSince()).isEqualTo(ArchiveStoreFixture.START);
    Message question = message(thread, "c1");
    assertThat(question.versions())
        .containsExactly(
            new Version(
                1,
                "Can I renew a book online?",
                false,
                null,
                ArchiveStoreFixture.START,
                "{\"id\":\"c1\"}"));
  }

  @Test
  void aDuplicateDeliveryChangesNothing() throws SQLException {
    ingest(QUESTION);
    ConversationThread before = onlyThread();
    List<Long> changesBefore = changeSequences();
    fixture.clock.advance(Duration.ofMinutes(5));

    IngestReport report = ingest(QUESTION, QUESTION);

    assertThat(report).isEqualTo(new IngestReport(0, 0, 0, 2, 0, List.of()));
    assertThat(onlyThread()).isEqualTo(before);
    assertThat(changeSequences()).isEqualTo(changesBefore).containsExactly(1L);
    assertThat(store.lastSequence()).isEqualTo(1);
  }

  @Test
  void anEditAddsAVersionAndKeepsTheOldText() {
    ingest(QUESTION);
    fixture.clock.advance(Duration.ofMinutes(3));

    IngestReport report = ingest(QUESTION.edited("Can I renew an e-book online?", minute(2)));

    assertThat(report).isEqualTo(new IngestReport(0, 1, 0, 0, 0, List.of()));
    Message question = message(onlyThread(), "c1");
    assertThat(question.versions())
        .extracting(Version::version, Version::text, Version::editedAt, Version::seenAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                1, "Can I renew a book online?", null, ArchiveStoreFixture.START),
            org.assertj.core.groups.Tuple.tuple(
                2, "Can I renew an e-book online?", minute(2), minute(3)));
    assertThat(question.currentVersion()).isEqualTo(2);
    assertThat(question.text()).isEqualTo("Can I renew an e-book online?");
    assertThat(store.toArchived(onlyThread().id()).orElseThrow().messages())
        .extracting(ArchivedMessage::text)
        .containsExactly("Can I renew an e-book online?");
  }

  @Test
  void aLateRedeliveryOfAnOlderVersionIsADuplicateButARealEditBackIsKept() {
    ingest(QUESTION);
    ingest(QUESTION.edited("second text", minute(2)));

    assertThat(ingest(QUESTION)).isEqualTo(new IngestReport(0, 0, 0, 1, 0, List.of()));
    assertThat(message(onlyThread(), "c1").currentVersion()).isEqualTo(2);

    IngestReport back = ingest(QUESTION.edited("Can I renew a book online?", minute(4)));
    assertThat(back.edited()).isEqualTo(1);
    assertThat(message(onlyThread(), "c1").versions())
        .extracting(Version::text)
        .containsExactly("Can I renew a book online?", "second text", "Can I renew a book online?");
  }

  @Test
  void aDeletionAddsAMarkerAndTheTextStaysInEarlierVersions() {
    ingest(QUESTION);
    fixture.clock.advance(Duration.ofMinutes(10));

    IngestReport report = ingest(QUESTION.gone());

    assertThat(report).isEqualTo(new IngestReport(0, 0, 1, 0, 0, List.of()));
    Message question = message(onlyThread(), "c1");
    assertThat(question.deleted()).isTrue();
    assertThat(question.versions())
        .containsExactly(
            new Version(
                1,
                "Can I renew a book online?",
                false,
                null,
                ArchiveStoreFixture.START,
                "{\"id\":\"c1\"}"),
            new Version(2, null, true, null, minute(10), "{\"error\":\"not found\"}"));
    assertThat(question.text()).isEqualTo("Can I renew a book online?");
    ArchivedMessage archived =
        store.toArchived(onlyThread().id()).orElseThrow().messages().getFirst();
    assertThat(archived.deleted()).isTrue();
    assertThat(archived.text()).isEqualTo("Can I renew a book online?");

    assertThat(ingest(QUESTION.gone())).isEqualTo(new IngestReport(0, 0, 0, 1, 0, List.of()));
  }

  @Test
  void aDeletionNoticeCarryingAnUnseenTextKeepsThatTextBeforeTheMarker() {
    ingest(QUESTION);

    IngestReport report =
        ingest(QUESTION.text("Can I renew a DVD online?").gone().text("Can I renew a DVD online?"));

    assertThat(report).isEqualTo(new IngestReport(0, 1, 1, 0, 0, List.of()));
    assertThat(message(onlyThread(), "c1").versions())
        .extracting(Version::text, Version::deleted)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Can I renew a book online?", false),
            org.assertj.core.groups.Tuple.tuple("Can I renew a DVD online?", false),
            org.assertj.core.groups.Tuple.tuple(null, true));
  }

  @Test
  void ourReplyMarksTheConversationAnsweredByTheStaffMember() {
    ingest(QUESTION);

    ingest(ANSWER);

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.ANSWERED);
    assertThat(thread.answeredBy()).isEqualTo("jlee");
    assertThat(thread.answeredAt()).isEqualTo(minute(5));
    assertThat(thread.waitingSince()).isNull();
    assertThat(message(thread, "r1").ours()).isTrue();
    assertThat(message(thread, "r1").staffUser()).isEqualTo("jlee");
    assertThat(store.toArchived(thread.id()).orElseThrow().staff()).containsExactly("jlee");
  }

  @Test
  void theIndexedThreadSaysWhichMessageEachReplyAnswersAndNamesItsAuthors() {
    // The reply arrives before the question it answers.
    ingest(ANSWER);
    ingest(QUESTION);

    ConversationThread thread = onlyThread();
    List<ArchivedMessage> indexed = store.toArchived(thread.id()).orElseThrow().messages();

    ArchivedMessage question =
        indexed.stream().filter(m -> m.id().equals(message(thread, "c1").id())).findFirst().get();
    ArchivedMessage reply =
        indexed.stream().filter(m -> m.id().equals(message(thread, "r1").id())).findFirst().get();
    assertThat(reply.inReplyTo()).isEqualTo(question.id());
    assertThat(question.inReplyTo()).isNull();
    assertThat(question.authorName()).isEqualTo("Pat Reader");
  }

  @Test
  void aCustomerFollowUpAfterAnAnswerMakesItUnansweredAgain() {
    ingest(QUESTION, customer("r1", "Yes.").replyTo("c1", "p1").at(minute(5)).ours("jlee"));

    ingest(customer("c2", "And e-books?").replyTo("r1", "p1").at(minute(9)));

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.UNANSWERED);
    assertThat(thread.waitingSince()).isEqualTo(minute(9));
    assertThat(thread.answeredBy()).isNull();
  }

  @Test
  void aLateCustomerMessageWrittenBeforeOurAnswerDoesNotReopenIt() {
    ingest(QUESTION, customer("r1", "Yes.").replyTo("c1", "p1").at(minute(5)).ours("jlee"));

    // In the comment our answer replies to (another comment under the post is its own question).
    ingest(customer("c0", "Also, hello!").replyTo("c1", "p1").at(minute(1)));

    assertThat(onlyThread().status()).isEqualTo(ConversationStatus.ANSWERED);
  }

  @Test
  void anAnswerToOnePatronsCommentLeavesAnotherPatronsCommentUnderThePostWaiting() {
    ingest(
        QUESTION,
        customer("c2", "Can I freeze my hold?").replyTo("p1", "p1").at(minute(2)),
        customer("r1", "Yes.").replyTo("c2", "p1").at(minute(5)).ours("jlee"));

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.UNANSWERED);
    assertThat(thread.waitingSince()).isEqualTo(minute(0));
  }

  @Test
  void aPatronWritingAfterTheCloseReopensItSoTheFollowUpReachesTheInbox() {
    ingest(QUESTION);
    String id = onlyThread().id();
    fixture.clock.advance(Duration.ofMinutes(1));

    store.close(id, "mo");
    fixture.clock.advance(Duration.ofMinutes(8));
    ingest(customer("c2", "Sorry, one more thing").replyTo("c1", "p1").at(minute(9)));

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.UNANSWERED);
    // Who closed it last stays on the record.
    assertThat(thread.closedBy()).isEqualTo("mo");
    assertThat(thread.closedAt()).isEqualTo(minute(1));
  }

  @Test
  void aMessageThatArrivesAfterTheCloseReopensItWhenEverItWasWritten() {
    // Written a minute before the close, fetched by the poll after it: nobody who closed it saw it.
    ingest(QUESTION);
    String id = onlyThread().id();
    fixture.clock.advance(Duration.ofMinutes(10));

    store.close(id, "mo");
    fixture.clock.advance(Duration.ofMinutes(1));
    ingest(customer("c2", "One more thing").replyTo("c1", "p1").at(minute(9)));

    assertThat(onlyThread().status()).isEqualTo(ConversationStatus.UNANSWERED);
  }

  @Test
  void anAnswerTheLibraryGaveOnThePlatformAfterTheCloseReopensItAnswered() {
    ingest(QUESTION);
    String id = onlyThread().id();
    fixture.clock.advance(Duration.ofMinutes(10));

    store.close(id, "mo");
    fixture.clock.advance(Duration.ofMinutes(1));
    ingest(customer("r1", "Yes, we do.").replyTo("c1", "p1").at(minute(11)).ours("jlee"));

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.ANSWERED);
    assertThat(thread.answeredBy()).isEqualTo("jlee");
  }

  @Test
  void whatTheCloserHadSeenLeavesItClosedEvenWhenItIsEditedOrDeliveredAgain() {
    ingest(QUESTION, customer("c2", "Thanks!").replyTo("c1", "p1").at(minute(1)));
    String id = onlyThread().id();
    fixture.clock.advance(Duration.ofMinutes(10));

    store.close(id, "mo");
    fixture.clock.advance(Duration.ofMinutes(1));
    ingest(customer("c2", "Thanks!").replyTo("c1", "p1").at(minute(1)));
    ingest(
        customer("c2", "").replyTo("c1", "p1").at(minute(1)).edited("Thanks a lot!", minute(11)));

    assertThat(onlyThread().status()).isEqualTo(ConversationStatus.CLOSED);
  }

  @Test
  void reopeningDerivesTheStatusFromTheMessagesAgain() {
    ingest(QUESTION, customer("r1", "Yes.").replyTo("c1", "p1").at(minute(5)).ours("jlee"));
    String id = onlyThread().id();
    fixture.clock.advance(Duration.ofMinutes(6));
    store.close(id, "mo");

    assertThat(store.reopen(id, "ana")).isTrue();

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.ANSWERED);
    assertThat(thread.answeredBy()).isEqualTo("jlee");
    assertThat(store.reopen(id, "ana")).isFalse();
    assertThatThrownBy(() -> store.reopen("nope", "ana"))
        .isInstanceOf(ArchiveRefused.class)
        .extracting(e -> ((ArchiveRefused) e).status())
        .isEqualTo(404);
  }

  @Test
  void answeringAClosedConversationReopensItAnsweredByTheSender() {
    ingest(QUESTION);
    String id = onlyThread().id();
    fixture.clock.advance(Duration.ofMinutes(2));
    store.close(id, "mo");
    fixture.clock.advance(Duration.ofMinutes(2));

    store.recordReply(id, "ana", "r9", "c1", "It is back on the shelf.");

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.ANSWERED);
    assertThat(thread.answeredBy()).isEqualTo("ana");
  }

  @Test
  void aReplyFromTheIntranetIsRecordedUnderTheLibrarysNameAsThePlatformShowedItInTheThread() {
    // The Page was renamed between two answers: the latest name is the one it goes by now.
    ingest(
        QUESTION,
        customer("r0", "Let me check.")
            .replyTo("c1", "p1")
            .at(minute(2))
            .ours(null)
            .by("104857600000001", "Riverside Library"),
        customer("r1", "Yes.")
            .replyTo("c1", "p1")
            .at(minute(5))
            .ours(null)
            .by("104857600000001", "Riverside Public Library"));
    String id = onlyThread().id();
    fixture.clock.advance(Duration.ofMinutes(6));

    store.recordReply(id, "ana", "r9", "c1", "And renewals too.", "Riverside Public Library");

    Message reply = message(onlyThread(), "r9");
    assertThat(reply.authorHandle()).isEqualTo("104857600000001");
    assertThat(reply.authorName()).isEqualTo("Riverside Public Library");
  }

  @Test
  void aReplyInAThreadWithoutTheLibrarysOwnMessagesIsRecordedUnderTheConfiguredHandle() {
    ingest(QUESTION);
    String id = onlyThread().id();

    store.recordReply(id, "ana", "r9", "c1", "Yes.", "@library");

    Message reply = message(onlyThread(), "r9");
    assertThat(reply.authorHandle()).isEqualTo("@library");
    assertThat(reply.authorName()).isNull();
  }

  @Test
  void aReplyFromTheIntranetAnswersAtOnceAndIsRecognisedWhenFetched() {
    ingest(QUESTION);
    String id = onlyThread().id();
    fixture.clock.advance(Duration.ofMinutes(4));

    String messageId = store.recordReply(id, "ana", "r9", "c1", "Yes: library.example.org/renew");

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.ANSWERED);
    assertThat(thread.answeredBy()).isEqualTo("ana");
    Message reply = message(thread, "r9");
    assertThat(reply.id()).isEqualTo(messageId);
    assertThat(reply.parentPlatformId()).isEqualTo("c1");
    assertThat(reply.versions().getFirst().rawJson()).isNull();

    // The poller fetches it without knowing who wrote it: the store does.
    Item fetched =
        customer("r9", "Yes: library.example.org/renew")
            .replyTo("c1", "p1")
            .at(minute(4))
            .by("library", "The Library")
            .raw("{\"id\":\"r9\",\"from\":\"library\"}");
    assertThat(ingest(fetched)).isEqualTo(new IngestReport(0, 0, 0, 0, 1, List.of()));
    assertThat(ingest(fetched)).isEqualTo(new IngestReport(0, 0, 0, 1, 0, List.of()));

    reply = message(onlyThread(), "r9");
    assertThat(reply.ours()).isTrue();
    assertThat(reply.staffUser()).isEqualTo("ana");
    assertThat(reply.authorHandle()).isEqualTo("library");
    assertThat(reply.versions())
        .extracting(Version::text, Version::rawJson)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Yes: library.example.org/renew", null),
            org.assertj.core.groups.Tuple.tuple(
                "Yes: library.example.org/renew", "{\"id\":\"r9\",\"from\":\"library\"}"));
    assertThat(onlyThread().answeredBy()).isEqualTo("ana");
  }

  @Test
  void aReplyFetchedBeforeItWasRecordedIsClaimedByItsAuthor() {
    ingest(QUESTION, customer("r9", "Yes.").replyTo("c1", "p1").at(minute(4)).ours(null));
    String id = onlyThread().id();
    assertThat(onlyThread().answeredBy()).isNull();

    store.recordReply(id, "ana", "r9", "Yes.");

    assertThat(message(onlyThread(), "r9").staffUser()).isEqualTo("ana");
    assertThat(message(onlyThread(), "r9").versions()).hasSize(1);
    assertThat(onlyThread().answeredBy()).isEqualTo("ana");
  }

  @Test
  void malformedItemsAreSkippedAndReportedWhileTheRestLand() {
    IngestReport report =
        ingest(
            QUESTION,
            customer(null, "no id").replyTo("p1", "p1"),
            customer("c3", null).replyTo("p1", "p1"),
            customer("c4", "no kind").kind(null),
            customer("c5", "no time").at(null),
            customer("c6", "no author").by(" ", null),
            customer("c7", "Is the library open on Sunday?").replyTo("p1", "p1"));

    assertThat(report.added()).isEqualTo(2);
    assertThat(report.skipped())
        .containsExactly(
            new Skipped(1, null, "platformId: missing"),
            new Skipped(2, "c3", "text: missing"),
            new Skipped(3, "c4", "kind: missing"),
            new Skipped(4, "c5", "createdAt: missing"),
            new Skipped(5, "c6", "authorHandle: missing"));
    assertThat(onlyThread().messages())
        .extracting(Message::platformId)
        .containsExactlyInAnyOrder("c1", "c7");
  }

  @Test
  void aReplyWhoseParentIsUnknownLandsInItsRootsConversationWhichTheRootLaterJoins() {
    ingest(customer("c2", "Me too!").replyTo("c1", "m1").at(minute(3)));
    ConversationThread early = onlyThread();
    assertThat(early.rootPlatformId()).isEqualTo("m1");
    assertThat(early.kind()).isEqualTo(MessageKind.COMMENT);
    assertThat(early.startedAt()).isEqualTo(minute(3));

    ingest(
        customer("m1", "@library do you have wifi?").kind(MessageKind.MENTION).at(minute(1)),
        customer("c1", "I asked the same").replyTo("m1", null).at(minute(2)));

    ConversationThread thread = onlyThread();
    assertThat(thread.id()).isEqualTo(early.id());
    assertThat(thread.kind()).isEqualTo(MessageKind.MENTION);
    assertThat(thread.startedAt()).isEqualTo(minute(1));
    assertThat(thread.messages()).extracting(Message::platformId).containsExactly("m1", "c1", "c2");
  }

  /** A post of the queue, about events, and its outcome on an account. */
  private void queuePost(String account, String state, String platformPostId) throws SQLException {
    fixture.queuePost("post-1", 4, "published", "Storytime!", "events");
    fixture.publishTarget("post-1", account, 0, state, platformPostId);
  }

  @Test
  void aCommentOnAPostTheQueuePublishedJoinsThatPostAndItsTopic() throws SQLException {
    queuePost("fb-main", "published", "p1");

    ingest(QUESTION);

    ConversationThread thread = onlyThread();
    assertThat(thread.ourPostId()).isEqualTo("post-1");
    assertThat(thread.topic()).isEqualTo("events");
    assertThat(store.toArchived(thread.id()).orElseThrow().topic()).isEqualTo("events");
  }

  @Test
  void aPostOfAnotherAccountOrNotYetPublishedLinksNothing() throws SQLException {
    queuePost("ig-main", "published", "p1");
    fixture.publishTarget("post-1", "fb-main", 1, "unknown", "p1");

    ingest(QUESTION);

    ConversationThread thread = onlyThread();
    assertThat(thread.ourPostId()).isNull();
    assertThat(thread.topic()).isNull();
  }

  @Test
  void aThreadArchivedBeforeItsPostsIdWasRecordedIsLinkedAtStartWithAChangeForTheIndex()
      throws SQLException {
    ingest(QUESTION);
    queuePost("fb-main", "published", "p1");
    long before = store.lastSequence();

    assertThat(store.linkPublishedPosts()).isEqualTo(1);

    ConversationThread thread = onlyThread();
    assertThat(thread.ourPostId()).isEqualTo("post-1");
    assertThat(thread.topic()).isEqualTo("events");
    assertThat(store.changesAfter(before, 10))
        .singleElement()
        .satisfies(
            change ->
                assertThat(((IndexChange.Upsert) change).conversation().topic())
                    .isEqualTo("events"));
    assertThat(store.linkPublishedPosts()).as("already linked").isZero();
  }

  @Test
  void thePeriodicLinkLooksOnlyAtPostsPublishedSinceTheTimeItIsGiven() throws SQLException {
    ingest(QUESTION);
    queuePost("fb-main", "published", "p1");

    assertThat(store.linkPublishedSince(ArchiveStoreFixture.START.plus(Duration.ofHours(1))))
        .as("published before the time given")
        .isZero();
    assertThat(onlyThread().topic()).isNull();
    assertThat(store.linkPublishedSince(ArchiveStoreFixture.START.minus(Duration.ofHours(1))))
        .isEqualTo(1);
    assertThat(onlyThread().topic()).isEqualTo("events");
  }

  @Test
  void aThreadArchivedBeforeItsPostsIdWasRecordedIsLinkedByItsNextMessage() throws SQLException {
    ingest(QUESTION);
    queuePost("fb-main", "published", "p1");

    ingest(customer("c2", "And is it free?").replyTo("p1", "p1").at(minute(2)));

    assertThat(onlyThread().topic()).isEqualTo("events");
  }

  @Test
  void aThreadOnOurPostCarriesThePostAndItsTopic() throws SQLException {
    fixture.queuePost("post-1", 4, "published", "Storytime!", "events");
    ingest(QUESTION.ourPost("post-1"));

    ConversationThread thread = onlyThread();
    assertThat(thread.ourPostId()).isEqualTo("post-1");
    assertThat(thread.topic()).isEqualTo("events");
    assertThat(store.toArchived(thread.id()).orElseThrow().topic()).isEqualTo("events");
  }

  @Test
  void theInboxShowsUnansweredFirstLongestWaitingFirstAndFilters() {
    ingest(
        customer("a1", "answered question").replyTo("p1", "p1").at(minute(0)),
        customer("a2", "Here you go").replyTo("a1", "p1").at(minute(1)).ours("jlee"),
        customer("n1", "newer question").replyTo("p2", "p2").at(minute(20)),
        customer("o1", "older question")
            .on("x-main", "x")
            .kind(MessageKind.MENTION)
            .at(minute(10)));
    String answered = onlyIdOf("p1");
    ingest(customer("z1", "another").replyTo("p3", "p3").at(minute(30)));
    store.close(onlyIdOf("p3"), "mo");

    List<InboxEntry> all = store.inbox(InboxFilter.visibleTo(java.util.Set.of()));
    assertThat(all)
        .extracting(InboxEntry::latestCustomerText, InboxEntry::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("older question", ConversationStatus.UNANSWERED),
            org.assertj.core.groups.Tuple.tuple("newer question", ConversationStatus.UNANSWERED),
            org.assertj.core.groups.Tuple.tuple("answered question", ConversationStatus.ANSWERED),
            org.assertj.core.groups.Tuple.tuple("another", ConversationStatus.CLOSED));
    assertThat(all.get(2).conversationId()).isEqualTo(answered);
    assertThat(all.get(2).answeredBy()).isEqualTo("jlee");
    assertThat(all.get(2).messages()).isEqualTo(2);

    InboxFilter base = InboxFilter.visibleTo(java.util.Set.of());
    assertThat(store.inbox(base.withAccount("x-main")))
        .extracting(InboxEntry::latestCustomerText)
        .containsExactly("older question");
    assertThat(store.inbox(base.withKind(MessageKind.COMMENT)))
        .extracting(InboxEntry::latestCustomerText)
        .containsExactly("newer question", "answered question", "another");
    assertThat(store.inbox(base.withStatus(ConversationStatus.UNANSWERED)))
        .extracting(InboxEntry::latestCustomerText)
        .containsExactly("older question", "newer question");
    assertThat(store.inbox(base.page(2, 1)))
        .extracting(InboxEntry::latestCustomerText)
        .containsExactly("newer question", "answered question");
  }

  @Test
  void eachInboxRowShowsItsConversationsNewestCustomerMessageAsLastEdited() {
    var later = customer("b2", "and on Sunday?").replyTo("p1", "p1").at(minute(5));
    ingest(
        customer("b1", "open on Saturday?").replyTo("p1", "p1").at(minute(1)),
        later,
        customer("b3", "Yes, 1 to 5").replyTo("b2", "p1").at(minute(9)).ours("jlee"),
        customer("c1", "card renewal?").replyTo("p2", "p2").at(minute(2)),
        customer("c2", "hello?").replyTo("p2", "p2").at(minute(3)));
    ingest(later.edited("and on Sunday afternoon?", minute(6)));

    assertThat(store.inbox(InboxFilter.visibleTo(java.util.Set.of())))
        .extracting(InboxEntry::latestCustomerText)
        .containsExactlyInAnyOrder("and on Sunday afternoon?", "hello?");
  }

  private String onlyIdOf(String root) {
    return store
        .inbox(InboxFilter.visibleTo(java.util.Set.of("fb-main", "x-main", "ig-main")))
        .stream()
        .map(e -> store.conversation(e.conversationId()).orElseThrow())
        .filter(t -> t.rootPlatformId().equals(root))
        .findFirst()
        .orElseThrow()
        .id();
  }

  @Test
  void directMessagesShowOnlyToTheAccountsTeam() {
    ingest(
        customer("d1", "my card number is ...")
            .on("ig-main", "instagram")
            .kind(MessageKind.DIRECT_MESSAGE)
            .at(minute(1)),
        customer("d2", "private question").kind(MessageKind.DIRECT_MESSAGE).at(minute(2)),
        customer("c1", "public comment").replyTo("p1", "p1").at(minute(3)));

    assertThat(store.inbox(InboxFilter.visibleTo(java.util.Set.of())))
        .extracting(InboxEntry::latestCustomerText)
        .containsExactly("public comment");
    assertThat(store.inbox(InboxFilter.visibleTo(java.util.Set.of("fb-main"))))
        .extracting(InboxEntry::latestCustomerText)
        .containsExactly("private question", "public comment");
    assertThat(
            store.inbox(
                InboxFilter.visibleTo(java.util.Set.of("ig-main"))
                    .withKind(MessageKind.DIRECT_MESSAGE)))
        .extracting(InboxEntry::latestCustomerText)
        .containsExactly("my card number is ...");
  }

  @Test
  void aFacebookChatIsAnsweredByOurMessageAfterThePatronsRunAndWaitsAgainAtTheirNext() {
    // As the Facebook reader files a Messenger chat: each message answers the one before it.
    ingest(
        customer("m_1", "Hello!")
            .kind(MessageKind.DIRECT_MESSAGE)
            .replyTo(null, "t_1")
            .at(minute(1)),
        customer("m_2", "Are you open late tonight?")
            .kind(MessageKind.DIRECT_MESSAGE)
            .replyTo("m_1", "t_1")
            .at(minute(2)));
    assertThat(chat().status()).isEqualTo(ConversationStatus.UNANSWERED);
    assertThat(chat().kind()).isEqualTo(MessageKind.DIRECT_MESSAGE);

    ingest(
        customer("m_3", "Yes, until 8.")
            .kind(MessageKind.DIRECT_MESSAGE)
            .replyTo("m_2", "t_1")
            .at(minute(5))
            .ours("jlee"));
    assertThat(chat().status()).isEqualTo(ConversationStatus.ANSWERED);

    ingest(
        customer("m_4", "Thanks! And on Sunday?")
            .kind(MessageKind.DIRECT_MESSAGE)
            .replyTo("m_3", "t_1")
            .at(minute(9)));
    assertThat(chat().status()).isEqualTo(ConversationStatus.UNANSWERED);
    assertThat(store.inbox(InboxFilter.visibleTo(java.util.Set.of())))
        .as("a private conversation is shown only to the account's team")
        .isEmpty();
  }

  @Test
  void aChatReadAcrossAGapStillHasItsAnswerAnswerWhatCameBefore() {
    ingest(
        customer("m_1", "Hello!")
            .kind(MessageKind.DIRECT_MESSAGE)
            .replyTo(null, "t_1")
            .at(minute(1)),
        customer("m_2", "Are you open late?")
            .kind(MessageKind.DIRECT_MESSAGE)
            .replyTo("m_1", "t_1")
            .at(minute(2)));

    // Later, a window of the 20 latest messages that no longer reaches m_2: its first message
    // has nothing before it in the window.
    ingest(
        customer("m_25", "Hello? Anyone?")
            .kind(MessageKind.DIRECT_MESSAGE)
            .replyTo(null, "t_1")
            .at(minute(30)),
        customer("m_26", "Sorry! Yes, until 8.")
            .kind(MessageKind.DIRECT_MESSAGE)
            .replyTo("m_25", "t_1")
            .at(minute(31))
            .ours("jlee"));

    ConversationThread thread = chat();
    assertThat(thread.status()).isEqualTo(ConversationStatus.ANSWERED);
    assertThat(message(thread, "m_25").parentPlatformId())
        .as("the window's first message follows the latest the conversation held")
        .isEqualTo("m_2");
  }

  private ConversationThread chat() {
    List<InboxEntry> inbox = store.inbox(InboxFilter.visibleTo(java.util.Set.of("fb-main")));
    assertThat(inbox).hasSize(1);
    return store.conversation(inbox.getFirst().conversationId()).orElseThrow();
  }

  @Test
  void aBadInboxPageIsRefusedNamingTheField() {
    assertThatThrownBy(() -> InboxFilter.visibleTo(java.util.Set.of()).page(0, 0))
        .isInstanceOf(ArchiveRefused.class)
        .hasMessage("limit: must be between 1 and 200");
  }

  @Test
  void sequencesAreStrictlyIncreasingAndGapFreeOneForEachConversationATransactionChanged()
      throws SQLException {
    ingest(
        customer("a1", "one").replyTo("p1", "p1"),
        customer("a2", "two").replyTo("a1", "p1"),
        customer("b1", "three").replyTo("p2", "p2"),
        customer("c1", "four").replyTo("p3", "p3"));
    ingest(customer("a1", "one").replyTo("p1", "p1"));
    ingest(customer("b1", "three, edited").replyTo("p2", "p2").edited("three, edited", minute(1)));
    store.recordReply(onlyIdOf("p3"), "ana", "r1", "an answer");

    assertThat(changeSequences()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(store.lastSequence()).isEqualTo(5);
    assertThat(store.changesAfter(0, 100))
        .extracting(IndexChange::sequence)
        .containsExactly(1L, 4L, 5L);
    assertThat(store.changesAfter(1, 2)).extracting(IndexChange::sequence).containsExactly(2L, 3L);
  }

  @Test
  void concurrentIngestsNumberTheirChangesWithoutGapsOrRepeats() throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int writer = t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    ArchiveStore own = fixture.newStore();
                    for (int i = 0; i < 10; i++) {
                      String root = "w" + writer + "-" + i;
                      own.ingest(
                          List.of(
                              customer(root + "a", "hello").replyTo(root, root).build(),
                              customer(root + "b", "again").replyTo(root, root).build()));
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }

    List<Long> expected = new ArrayList<>();
    for (long s = 1; s <= 40; s++) {
      expected.add(s);
    }
    assertThat(changeSequences()).isEqualTo(expected);
  }

  @Test
  void cursorsAreKeptPerAccountAndStreamAndSavedWithTheirItems() {
    assertThat(store.cursor("mastodon-main", "notifications")).isEmpty();

    store.ingest(
        List.of(QUESTION.build()),
        List.of(new IngestionCursor("mastodon-main", "notifications", "110")));
    store.putCursor(new IngestionCursor("mastodon-main", "notifications", "125"));
    store.putCursor(new IngestionCursor("x-main", "notifications", "9"));

    assertThat(store.cursor("mastodon-main", "notifications")).contains("125");
    assertThat(store.cursor("x-main", "notifications")).contains("9");
    assertThat(store.cursor("x-main", "mentions")).isEmpty();
  }

  @Test
  void anIngestThatFailsBeforeCommittingSavesNeitherItsItemsNorItsCursorNorASequence()
      throws SQLException {
    Transactor committed = Transactor.over(fixture.dataSource);
    Transactor powerCut =
        new Transactor() {
          @Override
          public <T> T inTransaction(Work<T> work) {
            return committed.inTransaction(
                connection -> {
                  work.run(connection);
                  throw new SQLException("power cut before commit");
                });
          }
        };
    ArchiveStore failing = new ArchiveStore(powerCut, fixture.clock);

    assertThatThrownBy(
            () ->
                failing.ingest(
                    List.of(QUESTION.build()),
                    List.of(new IngestionCursor("fb-main", "comments", "after-1"))))
        .isInstanceOf(StoreException.class);

    assertThat(store.cursor("fb-main", "comments")).isEmpty();
    assertThat(store.inbox(InboxFilter.visibleTo(java.util.Set.of()))).isEmpty();
    assertThat(changeSequences()).isEmpty();
    assertThat(store.lastSequence()).isZero();
  }

  @Test
  void moderationKeepsTheOriginalAndASuccessfulDeleteAddsADeletionMarker() {
    ingest(QUESTION);
    String messageId = message(onlyThread(), "c1").id();
    fixture.clock.advance(Duration.ofMinutes(2));

    ModerationAction hide =
        store.moderate(messageId, "mo", ModerationKind.HIDE, "personal information");
    assertThat(hide.number()).isEqualTo(1);
    assertThat(hide.outcome()).isEqualTo(ModerationAction.PENDING);
    store.settleModeration(messageId, 1, "the platform refused: (#200) permissions");
    fixture.clock.advance(Duration.ofMinutes(1));
    store.moderate(messageId, "mo", ModerationKind.DELETE, "personal information");
    store.settleModeration(messageId, 2, null);

    Message question = message(onlyThread(), "c1");
    assertThat(question.moderation())
        .containsExactly(
            new ModerationAction(
                messageId,
                1,
                "mo",
                ModerationKind.HIDE,
                "personal information",
                minute(2),
                "failed: the platform refused: (#200) permissions",
                minute(2)),
            new ModerationAction(
                messageId,
                2,
                "mo",
                ModerationKind.DELETE,
                "personal information",
                minute(3),
                "done",
                minute(3)));
    assertThat(question.deleted()).isTrue();
    assertThat(question.versions())
        .extracting(Version::text)
        .containsExactly("Can I renew a book online?", null);
    assertThatThrownBy(() -> store.settleModeration(messageId, 2, null))
        .isInstanceOf(ArchiveRefused.class)
        .hasMessage("this moderation action is already done");
  }

  @Test
  void aCommentAModeratorHidWaitsForNoAnswerButOneTheyFailedToHideStillDoes() {
    ingest(QUESTION, customer("c2", "abuse").replyTo("p1", "p1").at(minute(1)));
    String abuse = message(onlyThread(), "c2").id();
    store.moderate(abuse, "mo", ModerationKind.HIDE, "harassment");
    store.settleModeration(abuse, 1, "the platform refused");
    assertThat(onlyThread().waitingSince()).isEqualTo(minute(0));
    String question = message(onlyThread(), "c1").id();

    store.moderate(question, "mo", ModerationKind.HIDE, "personal information");
    assertThat(onlyThread().status())
        .as("while the platform has not said yes")
        .isEqualTo(ConversationStatus.UNANSWERED);
    store.settleModeration(question, 1, null);

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.UNANSWERED);
    assertThat(thread.waitingSince()).as("only the one still shown waits").isEqualTo(minute(1));
    store.moderate(abuse, "mo", ModerationKind.HIDE, "harassment");
    store.settleModeration(abuse, 2, null);
    assertThat(onlyThread().status()).isEqualTo(ConversationStatus.ANSWERED);
    assertThat(onlyThread().answeredBy()).isNull();
  }

  @Test
  void twoModeratorsHidingAtOnceRecordOneHideAndAStaleOneHoldsNobodyOff() {
    ingest(QUESTION);
    String question = message(onlyThread(), "c1").id();
    store.moderate(question, "mo", ModerationKind.HIDE, "spam");

    assertThatThrownBy(() -> store.moderate(question, "ana", ModerationKind.HIDE, "spam"))
        .isInstanceOf(ArchiveRefused.class)
        .hasMessage("a colleague is hiding this message now");
    // A hide a stop cut short (never settled) does not hold the message for ever.
    fixture.clock.advance(Duration.ofMinutes(3));
    store.moderate(question, "ana", ModerationKind.HIDE, "spam");
    store.settleModeration(question, 2, null);
    assertThatThrownBy(() -> store.moderate(question, "mo", ModerationKind.HIDE, "spam"))
        .hasMessage("the message is already hidden");
    assertThat(store.moderate(question, "mo", ModerationKind.UNHIDE, "a fair question").number())
        .isEqualTo(3);
  }

  @Test
  void anUnhiddenCommentWaitsForAnAnswerAgainAndAFailedUnhideLeavesItHidden() {
    ingest(QUESTION);
    String question = message(onlyThread(), "c1").id();
    store.moderate(question, "mo", ModerationKind.HIDE, "spam");
    store.settleModeration(question, 1, null);
    assertThat(onlyThread().status()).isEqualTo(ConversationStatus.ANSWERED);

    store.moderate(question, "mo", ModerationKind.UNHIDE, "not spam: a patron's complaint");
    store.settleModeration(question, 2, "the platform refused");
    assertThat(message(onlyThread(), "c1").hidden()).as("the unhide failed").isTrue();
    assertThat(onlyThread().status()).isEqualTo(ConversationStatus.ANSWERED);

    store.moderate(question, "mo2", ModerationKind.UNHIDE, "not spam: a patron's complaint");
    store.settleModeration(question, 3, null);
    ConversationThread thread = onlyThread();
    assertThat(message(thread, "c1").hidden()).isFalse();
    assertThat(thread.status()).isEqualTo(ConversationStatus.UNANSWERED);
    assertThat(thread.waitingSince()).isEqualTo(minute(0));
    assertThat(message(thread, "c1").moderation())
        .extracting(ModerationAction::action, ModerationAction::actor)
        .containsExactly(
            tuple(ModerationKind.HIDE, "mo"),
            tuple(ModerationKind.UNHIDE, "mo"),
            tuple(ModerationKind.UNHIDE, "mo2"));

    store.moderate(question, "mo", ModerationKind.HIDE, "spam");
    store.settleModeration(question, 4, null);
    assertThat(onlyThread().status()).as("hidden again").isEqualTo(ConversationStatus.ANSWERED);
  }

  @Test
  void statusesAnOlderRuleDerivedAreSettledAgainOnceAndTheIndexIsToldOfThem() throws SQLException {
    ingest(
        QUESTION,
        customer("c2", "Can I freeze my hold?").replyTo("p1", "p1").at(minute(2)),
        customer("r1", "Yes.").replyTo("c2", "p1").at(minute(5)).ours("jlee"));
    // As the first rule left it: one answer, the whole thread answered.
    try (Connection c = fixture.dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE conversations SET status = 'answered', waiting_since = NULL,"
              + " answered_by = 'jlee'");
      s.executeUpdate("UPDATE archive_answer_rule SET rule = 1");
    }
    long before = store.lastSequence();

    assertThat(store.settleByCurrentRule()).isEqualTo(1);

    assertThat(onlyThread().status()).isEqualTo(ConversationStatus.UNANSWERED);
    assertThat(store.changesAfter(before, 10)).hasSize(1);
    assertThat(store.settleByCurrentRule()).as("once").isZero();
  }

  @Test
  void whatWasThereWhenAColleagueClosedItWaitsNoMoreWhenANewMessageReopensIt() {
    ingest(QUESTION, customer("c2", "Thanks!").replyTo("p1", "p1").at(minute(1)));
    String id = onlyThread().id();
    fixture.clock.advance(Duration.ofMinutes(3));
    store.close(id, "mo");
    fixture.clock.advance(Duration.ofMinutes(5));

    ingest(customer("c3", "Is the lift fixed?").replyTo("p1", "p1").at(minute(8)));

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.UNANSWERED);
    assertThat(thread.waitingSince()).as("only the new one waits").isEqualTo(minute(8));
    assertThat(thread.waiting()).containsExactly(false, false, true);

    // Reopened by hand, the close is undone: what it covered waits again.
    store.close(id, "mo");
    store.reopen(id, "ana");
    assertThat(onlyThread().waitingSince()).isEqualTo(minute(0));
    assertThat(onlyThread().closedBy()).isNull();
  }

  @Test
  void aThankYouMarkedAsNeedingNoAnswerStopsWaitingWithWhoSaidSoUntilItIsUnmarked() {
    ingest(QUESTION, customer("c2", "Thanks!").replyTo("p1", "p1").at(minute(1)));
    store.recordReply(onlyThread().id(), "jlee", "r1", "c1", "Yes, online.");
    String thanks = message(onlyThread(), "c2").id();
    assertThat(onlyThread().status()).isEqualTo(ConversationStatus.UNANSWERED);

    fixture.clock.advance(Duration.ofMinutes(2));
    assertThat(store.markAnswerNeeded(thanks, "kpatel", false)).isTrue();
    assertThat(store.markAnswerNeeded(thanks, "jlee", false)).as("once").isFalse();

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.ANSWERED);
    assertThat(message(thread, "c2").noAnswerNeeded())
        .isEqualTo(new ConversationThread.NoAnswerNeeded("kpatel", fixture.clock.instant()));
    assertThat(store.markAnswerNeeded(thanks, "kpatel", true)).isTrue();
    assertThat(onlyThread().status()).isEqualTo(ConversationStatus.UNANSWERED);
    String ours = message(onlyThread(), "r1").id();
    assertThatThrownBy(() -> store.markAnswerNeeded(ours, "kpatel", false))
        .isInstanceOf(ArchiveRefused.class);
  }

  @Test
  void everyCloseReopenAndMarkStaysOnTheConversationsTrailInTheOrderTheyHappened() {
    ingest(QUESTION, customer("c2", "Thanks!").replyTo("p1", "p1").at(minute(1)));
    String id = onlyThread().id();
    String thanks = message(onlyThread(), "c2").id();

    fixture.clock.advance(Duration.ofMinutes(2));
    store.markAnswerNeeded(thanks, "kpatel", false);
    store.markAnswerNeeded(thanks, "kpatel", false);
    store.markAnswerNeeded(thanks, "jlee", true);
    store.close(id, "mo");
    store.close(id, "mo");
    fixture.clock.advance(Duration.ofMinutes(1));
    store.reopen(id, "ana");
    store.close(id, "mo");
    Instant lastClose = fixture.clock.instant();
    fixture.clock.advance(Duration.ofMinutes(5));
    ingest(customer("c3", "One more thing").replyTo("c1", "p1").at(minute(9)));

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.UNANSWERED);
    assertThat(thread.actions())
        .extracting(
            ConversationThread.ConversationAction::number,
            ConversationThread.ConversationAction::action,
            ConversationThread.ConversationAction::actor,
            ConversationThread.ConversationAction::messageId)
        .as("a step repeated without effect is not a step")
        .containsExactly(
            tuple(1, ConversationThread.ActionKind.NO_ANSWER_NEEDED, "kpatel", thanks),
            tuple(2, ConversationThread.ActionKind.ANSWER_NEEDED, "jlee", thanks),
            tuple(3, ConversationThread.ActionKind.CLOSE, "mo", null),
            tuple(4, ConversationThread.ActionKind.REOPEN, "ana", null),
            tuple(5, ConversationThread.ActionKind.CLOSE, "mo", null),
            tuple(6, ConversationThread.ActionKind.REOPEN, null, null));
    assertThat(thread.actions().getLast().at())
        .as("reopened by the patron's message, when it arrived")
        .isAfter(lastClose);
    // Where things stand now, as before: the last close.
    assertThat(thread.closedBy()).isEqualTo("mo");
    assertThat(thread.closedAt()).isEqualTo(lastClose);
  }

  @Test
  void aColleaguesReplyThatReopensAClosedConversationIsOnTheTrailUnderTheirName() {
    ingest(QUESTION);
    String id = onlyThread().id();
    fixture.clock.advance(Duration.ofMinutes(1));
    store.close(id, "mo");
    fixture.clock.advance(Duration.ofMinutes(1));

    store.recordReply(id, "jlee", "r1", "c1", "Yes, online.");

    ConversationThread thread = onlyThread();
    assertThat(thread.status()).isEqualTo(ConversationStatus.ANSWERED);
    assertThat(thread.actions())
        .extracting(
            ConversationThread.ConversationAction::action,
            ConversationThread.ConversationAction::actor)
        .containsExactly(
            tuple(ConversationThread.ActionKind.CLOSE, "mo"),
            tuple(ConversationThread.ActionKind.REOPEN, "jlee"));
  }

  @Test
  void theInboxRowShowsTheMessageThatWaitsNotTheNewestThankYou() {
    ingest(
        QUESTION, customer("c3", "Thanks all!").replyTo("p1", "p1").at(minute(1)).by("sam", null));
    store.markAnswerNeeded(message(onlyThread(), "c3").id(), "kpatel", false);

    InboxEntry row = store.inbox(InboxFilter.visibleTo(java.util.Set.of())).getFirst();

    assertThat(row.latestCustomerText()).isEqualTo("Thanks all!");
    assertThat(row.waitingText()).isEqualTo("Can I renew a book online?");
    assertThat(row.waitingAuthor()).isEqualTo("Pat Reader");
  }

  @Test
  void versionsAreOnlyEverAddedNeverChangedOrRemoved() throws SQLException {
    ingest(QUESTION, customer("c2", "second").replyTo("p1", "p1").at(minute(1)));
    List<String> before = versionRows();

    ingest(QUESTION.edited("edited", minute(2)), customer("c2", null).replyTo("p1", "p1").gone());
    String id = onlyThread().id();
    store.recordReply(id, "ana", "r1", "an answer");
    ingest(customer("r1", "an answer").replyTo("p1", "p1").by("library", null));
    String question = message(onlyThread(), "c1").id();
    store.moderate(question, "mo", ModerationKind.DELETE, "spam");
    store.settleModeration(question, 1, null);
    store.close(id, "mo");

    List<String> after = versionRows();
    assertThat(after).containsAll(before).hasSize(before.size() + 5);
  }

  private List<String> versionRows() throws SQLException {
    try (Connection c = fixture.dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT message_id, version, text, deleted, edited_at, seen_at, raw_json"
                    + " FROM message_versions")) {
      List<String> all = new ArrayList<>();
      while (rows.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= 7; i++) {
          row.append(rows.getString(i)).append('|');
        }
        all.add(row.toString());
      }
      return all;
    }
  }

  @Test
  void moderationNeedsAReasonAndOnlyAppliesToCustomersMessages() {
    ingest(QUESTION, customer("r1", "Yes.").replyTo("c1", "p1").at(minute(5)).ours("jlee"));
    String question = message(onlyThread(), "c1").id();
    String ours = message(onlyThread(), "r1").id();

    assertThatThrownBy(() -> store.moderate(question, "mo", ModerationKind.HIDE, " "))
        .isInstanceOf(ArchiveRefused.class)
        .hasMessage("reason: missing")
        .extracting(e -> ((ArchiveRefused) e).status())
        .isEqualTo(400);
    assertThatThrownBy(() -> store.moderate(ours, "mo", ModerationKind.DELETE, "spam"))
        .isInstanceOf(ArchiveRefused.class)
        .extracting(e -> ((ArchiveRefused) e).status())
        .isEqualTo(409);
    assertThatThrownBy(() -> store.moderate("nope", "mo", ModerationKind.DELETE, "spam"))
        .isInstanceOf(ArchiveRefused.class)
        .hasMessage("no message with id nope");
  }

  @Test
  void unknownConversationsAreEmptyOrRefused() {
    assertThat(store.conversation("nope")).isEqualTo(Optional.empty());
    assertThat(store.toArchived("nope")).isEmpty();
    assertThatThrownBy(() -> store.close("nope", "mo"))
        .isInstanceOf(ArchiveRefused.class)
        .extracting(e -> ((ArchiveRefused) e).status())
        .isEqualTo(404);
  }

  @Test
  void nulCharactersAreStoredAsReplacementCharactersOnEveryDatabase() {
    ingest(QUESTION.text("a\u0000b"));

    assertThat(message(onlyThread(), "c1").text()).isEqualTo("a\uFFFDb");
  }
}
