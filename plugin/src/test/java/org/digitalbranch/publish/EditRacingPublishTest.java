package org.digitalbranch.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.digitalbranch.publish.PublishFixture.MASTODON;
import static org.digitalbranch.publish.PublishFixture.MO;
import static org.digitalbranch.publish.PublishFixture.START;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.Platform;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.PublishRequest;
import org.digitalbranch.platform.Verification;
import org.digitalbranch.queue.Action;
import org.digitalbranch.queue.HistoryEntry;
import org.digitalbranch.queue.Intent;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostDraft;
import org.digitalbranch.queue.PostRefused;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.Refusal;
import org.digitalbranch.queue.Topic;
import org.digitalbranch.queue.Transactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A moderator's edit of an approved post racing the publisher. The publisher claims a due post
 * (approved → publishing) only at the version it read, and builds every request from the post as
 * stored after its claim; a publishing post takes no edit. So whichever commits first wins, and
 * what goes out is always the text the history ends with: never the old text beside an edit on
 * record, and never an edit dropped without a refusal.
 */
class EditRacingPublishTest {
  private static final String TYPO = "Story time Fridya at 10!";
  private static final String FIXED = "Story time Friday at 10!";
  private static final String TOO_LATE = "Story time Friday at 10 in the garden!";
  private static final Instant NOW = START.plusSeconds(5);

  @TempDir Path folder;
  private PublishFixture library;

  /** The text of every request the publisher handed to the platform. */
  private final List<String> sent = new CopyOnWriteArrayList<>();

  /** What a moderator does while the platform is being sent the post. */
  private Runnable duringSend = () -> {};

  @BeforeEach
  void open() {
    library = new PublishFixture(folder);
    library.mastodonPublishes();
  }

  @AfterEach
  void close() {
    library.close();
  }

  @Test
  void anEditLandingBetweenThePublishersReadAndItsClaimWinsAndOnlyTheEditedTextGoesOut() {
    Post post = library.approved(TYPO, MASTODON);
    AtomicBoolean editPending = new AtomicBoolean(true);
    Publisher publisher =
        library.publisher(
            editBeforeTheClaim(
                connection ->
                    library
                        .posts(on(connection))
                        .edit(MO, post.id(), post.version(), mastodon(FIXED)),
                editPending),
            this::recording);

    assertThat(publisher.runOnce(NOW))
        .as("the claim at the version read before the edit fails")
        .isZero();
    assertThat(editPending).isFalse();
    Post edited = library.posts.get(MO, post.id());
    assertThat(edited.state()).isEqualTo(PostState.APPROVED);
    assertThat(edited.text()).isEqualTo(FIXED);
    assertThat(publisher.outcomes(post.id())).isEmpty();

    assertThat(publisher.runOnce(NOW)).isEqualTo(1);

    assertThat(sent).containsExactly(FIXED);
    Post published = library.posts.get(MO, post.id());
    assertThat(published.state()).isEqualTo(PostState.PUBLISHED);
    assertThat(published.history())
        .extracting(HistoryEntry::action, HistoryEntry::version)
        .endsWith(tuple("edit", 3), tuple("start-publishing", 4), tuple("publish", 5));
  }

  @Test
  void onceThePublisherHasTakenThePostUpAnEditIsRefusedAndTheTextOnRecordIsWhatGoesOut() {
    Post post = library.approved(TYPO, MASTODON);
    Post fixed = library.posts.edit(MO, post.id(), post.version(), mastodon(FIXED));
    List<Refusal> refusals = new ArrayList<>();
    duringSend =
        () -> {
          // The moderator's page still shows the version they saved; then they load it again.
          refusals.add(refusalOf(() -> tooLateEdit(post.id(), fixed.version())));
          int current = library.posts.get(MO, post.id()).version();
          refusals.add(refusalOf(() -> tooLateEdit(post.id(), current)));
        };
    Publisher publisher = library.publisher(this::recording);

    assertThat(publisher.runOnce(NOW)).isEqualTo(1);

    assertThat(refusals)
        .containsExactly(
            new Refusal.StaleVersion(fixed.version() + 1),
            new Refusal.IllegalTransition(PostState.PUBLISHING, Action.EDIT));
    assertThat(refusals).allSatisfy(refusal -> assertThat(refusal.status()).isEqualTo(409));
    assertThat(sent).containsExactly(FIXED);
    Post published = library.posts.get(MO, post.id());
    assertThat(published.state()).isEqualTo(PostState.PUBLISHED);
    assertThat(published.text()).isEqualTo(FIXED);
    assertThat(published.history())
        .filteredOn(entry -> entry.action().equals("edit"))
        .extracting(HistoryEntry::actor, HistoryEntry::diff)
        .containsExactly(tuple("mo", "text: Story time [-Fridya-]{+Friday+} at 10!"));
  }

  private void tooLateEdit(String id, int version) {
    library.posts.edit(MO, id, version, mastodon(TOO_LATE));
  }

  private static PostDraft mastodon(String text) {
    return new PostDraft(
        text, null, List.of(), List.of(MASTODON), Topic.EVENTS, Intent.ENGAGEMENT, null);
  }

  private static Refusal refusalOf(Runnable action) {
    try {
      action.run();
    } catch (PostRefused refused) {
      return refused.refusal();
    }
    throw new AssertionError("expected a refusal");
  }

  /** Work on one connection whose transaction the caller owns. */
  @FunctionalInterface
  private interface OnConnection {
    void run(Connection connection);
  }

  /**
   * The library's transactions, where {@code edit} runs on the publisher's own connection just
   * before the publisher writes its claim of the post, once: as if the edit had committed between
   * the publisher's read and its claim. The store's single writer never lets that happen; a store
   * without one would, and the claim must still not send the text it read.
   */
  private Transactor editBeforeTheClaim(OnConnection edit, AtomicBoolean pending) {
    return new Transactor() {
      @Override
      public <T> T inTransaction(Work<T> work) {
        return library.transactor.inTransaction(
            connection -> work.run(editingBeforeTheClaim(connection, edit, pending)));
      }
    };
  }

  private static Connection editingBeforeTheClaim(
      Connection connection, OnConnection edit, AtomicBoolean pending) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, arguments) -> {
              if (method.getName().equals("prepareStatement")
                  && arguments[0] instanceof String sql
                  && sql.startsWith("UPDATE posts SET state")
                  && pending.compareAndSet(true, false)) {
                edit.run(connection);
              }
              try {
                return method.invoke(connection, arguments);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** A transactor over one connection whose transaction someone else owns and commits. */
  private static Transactor on(Connection connection) {
    return new Transactor() {
      @Override
      public <T> T inTransaction(Work<T> work) {
        try {
          return work.run(connection);
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  /** The platform, with each request's text noted and the moderator's try made as it is sent. */
  private Platform recording(Platform platform) {
    return new Platform() {
      @Override
      public String id() {
        return platform.id();
      }

      @Override
      public PublishOutcome publish(PublishRequest request) {
        sent.add(request.text());
        duringSend.run();
        return platform.publish(request);
      }

      @Override
      public LookupResult findRecent(PublishRequest request, Instant since) {
        return platform.findRecent(request, since);
      }

      @Override
      public Verification verify(Credentials credentials) {
        return platform.verify(credentials);
      }
    };
  }
}
