package org.digitalbranch.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.digitalbranch.queue.Workflow.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkflowTest {
  /**
   * Every state × role, one column per action in the order submit, approve, reject,
   * request-changes, withdraw, edit. "→state" is allowed (the next state), a number is the
   * refusal's status: 404 invisible draft, 403 role, 409 state.
   */
  private static final String EXPECTED =
      """
      draft             author     →submitted 403 403 403 409 →draft
      submitted         author     409 403 403 403 →withdrawn →submitted
      changes_requested author     →submitted 403 403 403 →withdrawn →changes_requested
      approved          author     409 403 403 403 →withdrawn →submitted
      rejected          author     409 403 403 403 409 409
      withdrawn         author     409 403 403 403 409 409
      held              author     409 403 403 403 →withdrawn →held
      publishing        author     409 403 403 403 409 409
      published         author     409 403 403 403 409 409
      draft             moderator  404 404 404 404 404 404
      submitted         moderator  403 →approved →rejected →changes_requested 403 →submitted
      changes_requested moderator  403 409 409 409 403 409
      approved          moderator  403 409 →rejected →changes_requested 403 →approved
      rejected          moderator  403 409 409 409 403 409
      withdrawn         moderator  403 409 409 409 403 409
      held              moderator  403 →approved →rejected →changes_requested 403 →held
      publishing        moderator  403 409 409 409 403 409
      published         moderator  403 409 409 409 403 409
      draft             other_staff 404 404 404 404 404 404
      submitted         other_staff 403 403 403 403 403 403
      changes_requested other_staff 403 403 403 403 403 403
      approved          other_staff 403 403 403 403 403 403
      rejected          other_staff 403 403 403 403 403 403
      withdrawn         other_staff 403 403 403 403 403 403
      held              other_staff 403 403 403 403 403 403
      publishing        other_staff 403 403 403 403 403 403
      published         other_staff 403 403 403 403 403 403
      draft             admin      404 404 404 404 404 404
      submitted         admin      403 403 403 403 403 403
      changes_requested admin      403 403 403 403 403 403
      approved          admin      403 403 403 403 403 403
      rejected          admin      403 403 403 403 403 403
      withdrawn         admin      403 403 403 403 403 403
      held              admin      403 403 403 403 403 403
      publishing        admin      403 403 403 403 403 403
      published         admin      403 403 403 403 403 403
      """;

  private static final Map<String, String> TABLE = parse();

  private final Workflow workflow = new Workflow();

  static Stream<Arguments> everyStateActionAndRole() {
    return Arrays.stream(PostState.values())
        .flatMap(
            state ->
                Arrays.stream(Role.values())
                    .flatMap(
                        role ->
                            Arrays.stream(Action.values())
                                .map(action -> Arguments.of(state, role, action))));
  }

  @ParameterizedTest(name = "{0} × {1} × {2}")
  @MethodSource("everyStateActionAndRole")
  void everyCombinationIsDecidedAsTheTableSays(PostState state, Role role, Action action) {
    String expected = TABLE.get(key(state, role, action));
    assertThat(expected).as("the table covers %s %s %s", state, role, action).isNotNull();

    Workflow.Decision decision = workflow.decide(state, action, role);

    String actual =
        decision.allowed()
            ? "→" + decision.next().id()
            : String.valueOf(decision.refusal().status());
    assertThat(actual).isEqualTo(expected);
    if (!decision.allowed() && decision.refusal().status() == 409) {
      assertThat(decision.refusal()).isEqualTo(new Refusal.IllegalTransition(state, action));
      assertThat(decision.refusal().message()).contains(state.id());
    }
  }

  @Test
  void theTableHasExactlyOneRowPerCombination() {
    assertThat(TABLE)
        .hasSize(PostState.values().length * Role.values().length * Action.values().length);
  }

  @Test
  void approvingYourOwnPostIsForbiddenWithTheReason() {
    Workflow.Decision decision = workflow.decide(PostState.SUBMITTED, Action.APPROVE, Role.AUTHOR);

    assertThat(decision.refusal())
        .isEqualTo(
            new Refusal.Forbidden(
                "you cannot approve your own post; a colleague with the moderator role must"));
  }

  @Test
  void aModeratorWhoWroteThePostIsItsAuthor() {
    Actor moderator = Actor.of("ana", Actor.STAFF, Actor.MODERATOR);

    assertThat(Role.of(moderator, "ana")).isEqualTo(Role.AUTHOR);
    assertThat(Role.of(moderator, "ben")).isEqualTo(Role.MODERATOR);
    assertThat(Role.of(Actor.of("it", Actor.ADMIN), "ben")).isEqualTo(Role.ADMIN);
    assertThat(Role.of(Actor.of("it", Actor.ADMIN, Actor.MODERATOR), "ben"))
        .isEqualTo(Role.MODERATOR);
    assertThat(Role.of(Actor.of("cy", Actor.STAFF), "ben")).isEqualTo(Role.OTHER_STAFF);
  }

  @Test
  void anIllegalTransitionNamesTheCurrentState() {
    Refusal refusal = workflow.decide(PostState.REJECTED, Action.APPROVE, Role.MODERATOR).refusal();

    assertThat(refusal.message()).isEqualTo("a post that is rejected cannot be approved");
  }

  @Test
  void rejectingNeedsAReasonAndSendingBackNeedsANote() {
    assertThat(refusalOf(() -> workflow.checkNote(Action.REJECT, "  ")))
        .isEqualTo(new Refusal.Invalid("note", "a rejection needs a reason the author can read"));
    assertThat(refusalOf(() -> workflow.checkNote(Action.REQUEST_CHANGES, null)))
        .isEqualTo(new Refusal.Invalid("note", "say what should change"));
  }

  @Test
  void aNoteOfOnlyInvisibleCharactersIsNoNote() {
    for (String invisible : List.of("\u200b\u200b", "\u3164", "\u00a0\u00a0", "\u2800\ufeff")) {
      assertThat(refusalOf(() -> workflow.checkNote(Action.REJECT, invisible)))
          .as("rejecting with %s", invisible.codePoints().boxed().toList())
          .isEqualTo(new Refusal.Invalid("note", "a rejection needs a reason the author can read"));
      assertThat(refusalOf(() -> workflow.checkNote(Action.REQUEST_CHANGES, invisible)))
          .isEqualTo(new Refusal.Invalid("note", "say what should change"));
    }
  }

  @Test
  void aNoteLongerThanFiveThousandCharactersIsRefusedWhateverTheAction() {
    String longest = "a".repeat(5_000);
    workflow.checkNote(Action.REJECT, longest);
    workflow.checkNote(Action.APPROVE, longest);

    for (Action action : List.of(Action.REJECT, Action.REQUEST_CHANGES, Action.APPROVE)) {
      assertThat(refusalOf(() -> workflow.checkNote(action, longest + "a")))
          .isEqualTo(new Refusal.Invalid("note", "at most 5000 characters; this one has 5001"));
    }
  }

  static Refusal refusalOf(Runnable action) {
    try {
      action.run();
    } catch (PostRefused refused) {
      return refused.refusal();
    }
    throw new AssertionError("expected a refusal");
  }

  private static Map<String, String> parse() {
    Map<String, String> table = new HashMap<>();
    for (String line : EXPECTED.strip().split("\n")) {
      String[] cells = line.trim().split("\\s+");
      PostState state = PostState.fromId(cells[0]);
      Role role = Role.valueOf(cells[1].toUpperCase());
      for (Action action : Action.values()) {
        table.put(key(state, role, action), cells[2 + action.ordinal()]);
      }
    }
    return table;
  }

  private static String key(PostState state, Role role, Action action) {
    return state + "/" + role + "/" + action;
  }
}
