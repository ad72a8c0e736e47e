package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerRuleTest {

  private final List<AnswerRule.Entry> thread = new ArrayList<>();

  private void customer(String id, String parent) {
    thread.add(new AnswerRule.Entry(id, parent, false, false, thread.size(), null));
  }

  private void ours(String id, String parent, String staff) {
    thread.add(new AnswerRule.Entry(id, parent, true, false, thread.size(), staff));
  }

  private void dealtWith(String id, String parent) {
    thread.add(new AnswerRule.Entry(id, parent, false, true, thread.size(), null));
  }

  private AnswerRule.Outcome settle(String root) {
    return AnswerRule.settle(root, thread);
  }

  @Test
  void aReplyToOnePatronsCommentUnderOurPostLeavesTheOtherPatronsQuestionsWaiting() {
    ours("post", null, "jlee");
    customer("pickup-question", "post");
    customer("hold-question", "post");
    customer("freeze-question", "post");
    ours("answer", "freeze-question", "kpatel");

    AnswerRule.Outcome outcome = settle("post");

    assertThat(outcome.waiting()).containsExactly(false, true, true, false, false);
    assertThat(outcome.waitingSince()).isEqualTo(1L);
    assertThat(outcome.answeredBy()).isEqualTo("kpatel");
  }

  @Test
  void aFollowUpInTheSameCommentsRepliesIsAnsweredByOurReplyInThatComment() {
    ours("post", null, null);
    customer("comment", "post");
    customer("another-patron-adds", "comment");
    ours("answer", "comment", "jlee");

    assertThat(settle("post").waiting()).containsExactly(false, false, false, false);
    assertThat(settle("post").anyWaiting()).isFalse();
  }

  @Test
  void aPatronsFollowUpAfterOurAnswerWaitsAgain() {
    customer("mention", null);
    ours("answer", "mention", "jlee");
    customer("thanks-but-one-more-thing", "answer");

    AnswerRule.Outcome outcome = settle("mention");

    assertThat(outcome.waiting()).containsExactly(false, false, true);
    assertThat(outcome.waitingSince()).isEqualTo(2L);
  }

  @Test
  void anAnswerToTheLastOfAPatronsChainOfPostsAnswersTheWholeChain() {
    customer("mention", null);
    customer("also", "mention");
    customer("and-also", "also");
    ours("answer", "and-also", "jlee");

    assertThat(settle("mention").anyWaiting()).isFalse();
  }

  @Test
  void aMessageHiddenOrDeletedWaitsForNoAnswer() {
    ours("post", null, null);
    dealtWith("abuse", "post");
    customer("question", "post");

    assertThat(settle("post").waiting()).containsExactly(false, false, true);
    assertThat(settle("post").answeredAt()).isNull();
  }

  @Test
  void aReplyToAMessageTheThreadDoesNotHoldStillAnswersIt() {
    ours("post", null, null);
    customer("reply-to-a-comment-we-never-fetched", "missing");
    ours("answer", "reply-to-a-comment-we-never-fetched", "jlee");

    assertThat(settle("post").anyWaiting()).isFalse();
  }

  @Test
  void aLoopOfParentsEndsAndLeavesTheQuestionWaiting() {
    ours("post", null, null);
    customer("a", "b");
    customer("b", "a");

    assertThat(settle("post").waiting()).containsExactly(false, true, true);
  }
}
