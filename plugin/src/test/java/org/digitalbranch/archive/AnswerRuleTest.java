package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerRuleTest {

  private final List<AnswerRule.Entry> thread = new ArrayList<>();

  private void customer(String id, String parent, String author) {
    thread.add(new AnswerRule.Entry(id, parent, author, false, false, thread.size(), null));
  }

  private void ours(String id, String parent, String staff) {
    thread.add(new AnswerRule.Entry(id, parent, "library", true, false, thread.size(), staff));
  }

  private void dealtWith(String id, String parent) {
    thread.add(new AnswerRule.Entry(id, parent, "someone", false, true, thread.size(), null));
  }

  /** A post or mention thread of Facebook or Instagram: replies are one level deep. */
  private AnswerRule.Outcome facebook(String root) {
    return AnswerRule.settle(root, thread, true);
  }

  /** A Mastodon, Bluesky or X thread: replies nest. */
  private AnswerRule.Outcome mastodon(String root) {
    return AnswerRule.settle(root, thread, false);
  }

  @Test
  void aReplyToOnePatronsCommentUnderOurPostLeavesTheOtherPatronsQuestionsWaiting() {
    ours("post", null, "jlee");
    customer("pickup-question", "post", "abdul");
    customer("hold-question", "post", "hannah");
    customer("freeze-question", "post", "ingrid");
    ours("answer", "freeze-question", "kpatel");

    AnswerRule.Outcome outcome = facebook("post");

    assertThat(outcome.waiting()).containsExactly(false, true, true, false, false);
    assertThat(outcome.waitingSince()).isEqualTo(1L);
    assertThat(outcome.answeredBy()).isEqualTo("kpatel");
  }

  @Test
  void onFacebookAFollowUpUnderTheSameCommentIsAnsweredByOurReplyInThatComment() {
    ours("post", null, null);
    customer("comment", "post", "abdul");
    customer("another-patron-adds", "comment", "hannah");
    ours("answer", "comment", "jlee");

    assertThat(facebook("post").anyWaiting()).isFalse();
  }

  @Test
  void aPatronsFollowUpAfterOurAnswerWaitsAgain() {
    customer("mention", null, "pat");
    ours("answer", "mention", "jlee");
    customer("thanks-but-one-more-thing", "answer", "pat");

    AnswerRule.Outcome outcome = mastodon("mention");

    assertThat(outcome.waiting()).containsExactly(false, false, true);
    assertThat(outcome.waitingSince()).isEqualTo(2L);
  }

  @Test
  void anAnswerToAnyOfAPatronsRunOfPostsAnswersTheWholeRun() {
    customer("mention", null, "pat");
    customer("2-of-3", "mention", "pat");
    customer("3-of-3", "2-of-3", "pat");

    ours("answer", "2-of-3", "jlee");

    assertThat(mastodon("mention").anyWaiting())
        .as("the run's start, the part answered and what continues it")
        .isFalse();
  }

  @Test
  void inANestedTreeAnAnswerToOnePersonLeavesTheOthersInTheSameLineWaiting() {
    customer("mention", null, "pat");
    customer("b", "mention", "quinn");
    customer("c", "b", "robin");
    customer("d", "b", "sam");

    ours("answer", "c", "jlee");

    // Pat's mention too: robin's answer is robin's, not pat's.
    assertThat(mastodon("mention").waiting()).containsExactly(true, true, false, true, false);
  }

  @Test
  void aReplyAnswersWhatItRepliesToWhateverThePlatformsClocksSay() {
    customer("mention", null, "pat");
    // The patron's client stamped the question after our server stamped the answer to it.
    ours("answer", "question", "jlee");
    customer("question", "mention", "quinn");

    assertThat(mastodon("mention").waiting())
        .as("the question")
        .containsExactly(true, false, false);
  }

  @Test
  void aMessageHiddenDeletedOrJudgedToNeedNoAnswerWaitsForNothing() {
    ours("post", null, null);
    dealtWith("abuse", "post");
    customer("question", "post", "pat");

    assertThat(facebook("post").waiting()).containsExactly(false, false, true);
    assertThat(facebook("post").answeredAt()).isNull();
  }

  @Test
  void aReplyToAMessageTheThreadDoesNotHoldStillAnswersWhatItRepliesTo() {
    ours("post", null, null);
    customer("reply-to-a-comment-we-never-fetched", "missing", "pat");
    ours("answer", "reply-to-a-comment-we-never-fetched", "jlee");

    assertThat(facebook("post").anyWaiting()).isFalse();
  }

  @Test
  void aLoopOfParentsEndsAndLeavesTheQuestionsWaiting() {
    ours("post", null, null);
    customer("a", "b", "pat");
    customer("b", "a", "pat");

    assertThat(facebook("post").waiting()).containsExactly(false, true, true);
  }

  @Test
  void aReplyToOnePersonDoesNotAnswerAnotherWhoseMessageHangsUnderSomethingAnsweredBefore() {
    customer("m0", null, "alice");
    ours("r1", "m0", "jlee");
    customer("b1", "m0", "bob");
    customer("b2", "m0", "bob");
    ours("r2", "b2", "kpatel");

    assertThat(mastodon("m0").waiting()).containsExactly(false, false, true, false, false);
  }

  @Test
  void aMentionIsNotAnsweredByAnAnswerToSomeoneElseWhoRepliedUnderIt() {
    customer("alice-hours", null, "alice");
    customer("bob-parking", "alice-hours", "bob");
    ours("answer", "bob-parking", "jlee");

    assertThat(mastodon("alice-hours").waiting()).containsExactly(true, false, false);
  }
}
