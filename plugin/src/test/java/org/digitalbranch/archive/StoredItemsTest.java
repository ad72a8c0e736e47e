package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.archive.ArchiveStoreFixture.customer;
import static org.digitalbranch.archive.ArchiveStoreFixture.minute;

import java.nio.file.Path;
import java.util.List;
import org.digitalbranch.archive.ArchiveStoreFixture.Item;
import org.digitalbranch.platform.ArchivedItems;
import org.digitalbranch.platform.ArchivedItems.Known;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store tells readers it holds, so that they can notice what the platform dropped. */
class StoredItemsTest {

  @TempDir Path folder;
  private ArchiveStoreFixture fixture;
  private ArchiveStore store;
  private ArchivedItems held;

  @BeforeEach
  void setUp() {
    fixture = new ArchiveStoreFixture(folder);
    store = fixture.store;
    held = store.archivedItems();
    ingest(
        customer("p1", "Story time on Saturday").at(minute(0)).ours("ana"),
        customer("c1", "Is it for toddlers?").replyTo("p1", "p1").at(minute(1)),
        customer("c2", "Can we bring a buggy?").replyTo("p1", "p1").at(minute(2)),
        customer("r1", "Yes, and yes!").replyTo("c1", "p1").at(minute(5)).ours("ana"),
        customer("c9", "Spam, spam, spam").replyTo("p1", "p1").at(minute(3)),
        customer("p2", "New e-books").at(minute(4)).ours("ana"),
        customer("c3", "Which ones?").replyTo("p2", "p2").at(minute(6)),
        customer("c1", "Is it for toddlers?").replyTo("p1", "p1").on("fb-other", "facebook"));
    ingest(customer("c9", "Spam, spam, spam").replyTo("p1", "p1").at(minute(3)).gone());
  }

  private IngestReport ingest(Item... items) {
    return store.ingest(List.of(items).stream().map(Item::build).toList());
  }

  private static List<String> ids(List<Known> known) {
    return known.stream().map(Known::platformId).toList();
  }

  @Test
  void aThreadsLiveMessagesAreItsMessagesButTheRootAndTheDeletedOnes() {
    List<Known> thread = held.liveInThread("fb-main", "p1");

    assertThat(ids(thread)).containsExactly("c1", "c2", "r1");
    Known answer = thread.get(2);
    assertThat(answer.ours()).isTrue();
    assertThat(answer.parentPlatformId()).isEqualTo("c1");
    assertThat(answer.rootPlatformId()).isEqualTo("p1");
    assertThat(answer.kind()).isEqualTo(MessageKind.COMMENT);
    assertThat(answer.createdAt()).isEqualTo(minute(5));
    assertThat(held.liveInThread("fb-main", "unknown")).isEmpty();
  }

  @Test
  void anAccountsLivePublicMessagesBetweenTwoTimesComeOldestFirstFromIncludedToExcluded() {
    ingest(
        customer("d1", "Can you renew my card?")
            .kind(MessageKind.DIRECT_MESSAGE)
            .replyTo(null, "chat-1")
            .at(minute(4)));

    assertThat(ids(held.liveBetween("fb-main", minute(1), minute(6), 10)))
        .containsExactly("c1", "c2", "p2", "r1");
    assertThat(ids(held.liveBetween("fb-main", minute(1), minute(6), 2)))
        .containsExactly("c1", "c2");
    assertThat(ids(held.liveBetween("fb-main", minute(2), minute(5), 10)))
        .as("c9 is deleted, d1 private")
        .containsExactly("c2", "p2");
    assertThat(held.liveBetween("fb-main", minute(6), minute(6), 10)).isEmpty();
    assertThat(ids(held.liveBetween("fb-other", minute(0), minute(1), 10))).containsExactly("c1");
  }

  @Test
  void aDeletionBuiltFromWhatTheStoreHoldsKeepsTheTextAndIsRecordedOnce() {
    Known c2 = held.liveInThread("fb-main", "p1").get(1);
    String evidence = "{\"error\":{\"code\":100,\"error_subcode\":33}}";

    IngestReport first = store.ingest(List.of(c2.deleted("fb-main", "facebook", evidence)));
    IngestReport again = store.ingest(List.of(c2.deleted("fb-main", "facebook", evidence)));

    assertThat(first.deleted()).isEqualTo(1);
    assertThat(first.skipped()).isEmpty();
    assertThat(again.duplicates()).isEqualTo(1);
    assertThat(ids(held.liveInThread("fb-main", "p1"))).containsExactly("c1", "r1");
    String storyTime =
        store
            .allArchived()
            .filter(c -> c.messages().stream().anyMatch(m -> m.text().contains("buggy")))
            .findFirst()
            .orElseThrow()
            .id();
    ConversationThread.Message message =
        store.conversation(storyTime).orElseThrow().messages().stream()
            .filter(m -> m.platformId().equals("c2"))
            .findFirst()
            .orElseThrow();
    assertThat(message.deleted()).isTrue();
    assertThat(message.versions())
        .extracting(ConversationThread.Version::text)
        .containsExactly("Can we bring a buggy?", null);
    assertThat(message.versions().getLast().rawJson()).isEqualTo(evidence);
  }

  private ConversationThread.Message message(String platformId) {
    String conversation =
        store
            .allArchived()
            .filter(c -> c.messages().stream().anyMatch(m -> m.text().contains("toddlers")))
            .findFirst()
            .orElseThrow()
            .id();
    return store.conversation(conversation).orElseThrow().messages().stream()
        .filter(m -> m.platformId().equals(platformId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aMessageRecordedGoneThatAReadListsAgainIsLiveAgainWithTheMarkerKept() {
    Known c2 = held.liveInThread("fb-main", "p1").get(1);
    store.ingest(List.of(c2.deleted("fb-main", "facebook", "{\"error\":{\"code\":100}}")));

    IngestReport again =
        ingest(customer("c2", "Can we bring a buggy?").replyTo("p1", "p1").at(minute(2)));

    assertThat(again.edited()).isEqualTo(1);
    ConversationThread.Message shown = message("c2");
    assertThat(shown.deleted()).isFalse();
    assertThat(shown.versions())
        .extracting(ConversationThread.Version::deleted)
        .containsExactly(false, true, false);
    assertThat(shown.versions().getLast().text()).isEqualTo("Can we bring a buggy?");
    assertThat(ids(held.liveInThread("fb-main", "p1"))).containsExactly("c1", "c2", "r1");
    // Listed once more: nothing new.
    assertThat(
            ingest(customer("c2", "Can we bring a buggy?").replyTo("p1", "p1").at(minute(2)))
                .duplicates())
        .isEqualTo(1);
  }

  @Test
  void aMessageAModeratorDeletedFromHereStaysDeletedThoughAListingStillShowsIt() {
    String c1 = message("c1").id();
    store.moderate(c1, "mo", ConversationThread.ModerationKind.DELETE, "spam");
    store.settleModeration(c1, 1, null);

    IngestReport late =
        ingest(customer("c1", "Is it for toddlers?").replyTo("p1", "p1").at(minute(1)));

    assertThat(late.edited()).isZero();
    assertThat(message("c1").deleted()).isTrue();
    assertThat(ids(held.liveInThread("fb-main", "p1"))).containsExactly("c2", "r1");
  }

  @Test
  void anEditMadeBeforeTheDeletionDeliveredLateDoesNotBringTheMessageBack() {
    fixture.clock.advance(java.time.Duration.ofMinutes(30));
    Known c2 = held.liveInThread("fb-main", "p1").get(1);
    store.ingest(List.of(c2.deleted("fb-main", "facebook", "{\"verb\":\"remove\"}")));

    IngestReport late =
        ingest(
            customer("c2", "Can we bring a pram?")
                .replyTo("p1", "p1")
                .at(minute(2))
                .edited("Can we bring a pram?", minute(10)));
    IngestReport news =
        ingest(
            customer("c2", "Can we bring a pram, please?")
                .replyTo("p1", "p1")
                .at(minute(2))
                .edited("Can we bring a pram, please?", minute(45)));

    assertThat(late.duplicates()).as("older than the deletion: not news").isEqualTo(1);
    assertThat(news.edited()).isEqualTo(1);
    assertThat(message("c2").deleted()).isFalse();
    assertThat(message("c2").versions())
        .extracting(ConversationThread.Version::text)
        .containsExactly("Can we bring a buggy?", null, "Can we bring a pram, please?");
  }
}
