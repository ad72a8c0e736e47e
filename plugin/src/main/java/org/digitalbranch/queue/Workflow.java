package org.digitalbranch.queue;

import java.util.Map;
import java.util.Set;

/**
 * The moderation state machine: for every state, action and role, the next state or the refusal.
 * Checks run in this order: a draft is invisible to anyone but its author (404); then the role must
 * be allowed the action at all (403); then the state must allow it (409 naming the state).
 *
 * <p>Roles are relative to the post: whoever wrote it is its {@link Role#AUTHOR}, even a moderator
 * (nobody approves their own post). An admin who is not a moderator manages accounts and settings
 * but does not moderate; an actor with both roles acts as a moderator.
 */
public final class Workflow {

  /** The actor's relation to one post. */
  public enum Role {
    AUTHOR,
    OTHER_STAFF,
    MODERATOR,
    ADMIN;

    public static Role of(Actor actor, String author) {
      if (actor.name().equals(author)) {
        return AUTHOR;
      }
      if (actor.isModerator()) {
        return MODERATOR;
      }
      return actor.isAdmin() ? ADMIN : OTHER_STAFF;
    }
  }

  /** Either the next state, or why not. */
  public record Decision(PostState next, Refusal refusal) {
    static Decision allow(PostState next) {
      return new Decision(next, null);
    }

    static Decision refuse(Refusal refusal) {
      return new Decision(null, refusal);
    }

    public boolean allowed() {
      return refusal == null;
    }
  }

  private static final Set<PostState> AWAITING = Set.of(PostState.SUBMITTED, PostState.HELD);
  private static final Set<PostState> DECIDABLE_AGAIN =
      Set.of(PostState.SUBMITTED, PostState.HELD, PostState.APPROVED);

  /**
   * Where a moderator's edit is allowed; it keeps the post's state. An approved post stays
   * approved: the moderator could have made the same edit before approving, and sending a typo fix
   * back to the author would only cost a second approval. Once publishing has begun, nobody edits.
   */
  private static final Set<PostState> MODERATOR_EDITABLE =
      Set.of(PostState.SUBMITTED, PostState.HELD, PostState.APPROVED);

  /** What an author's edit does to each state they may edit in; absent states are closed. */
  private static final Map<PostState, PostState> AUTHOR_EDIT =
      Map.of(
          PostState.DRAFT, PostState.DRAFT,
          PostState.CHANGES_REQUESTED, PostState.CHANGES_REQUESTED,
          PostState.SUBMITTED, PostState.SUBMITTED,
          // An approved post changed by its author must be looked at again.
          PostState.APPROVED, PostState.SUBMITTED,
          PostState.HELD, PostState.HELD);

  public Decision decide(PostState state, Action action, Role role) {
    if (state == PostState.DRAFT && role != Role.AUTHOR) {
      return Decision.refuse(new Refusal.NotFound());
    }
    String forbidden = forbiddenReason(action, role);
    if (forbidden != null) {
      return Decision.refuse(new Refusal.Forbidden(forbidden));
    }
    PostState next = next(state, action, role);
    return next == null
        ? Decision.refuse(new Refusal.IllegalTransition(state, action))
        : Decision.allow(next);
  }

  /** A post may be seen by its author, and by any staff once it has left the draft state. */
  public boolean canSee(PostState state, Role role) {
    return state != PostState.DRAFT || role == Role.AUTHOR;
  }

  /**
   * The longest note any action takes, in UTF-16 units: a page of text, far beyond a reason, and
   * small enough that the history of a post stays readable.
   */
  static final int MAX_NOTE = 5_000;

  /**
   * Notes are required where the author needs to know why. A note of only invisible characters
   * (zero-width spaces, no-break spaces, Hangul fillers) shows the author nothing, so it counts as
   * none. The length limit is here, not at the API's door, so that the pages' forms keep it too.
   */
  public void checkNote(Action action, String note) {
    if (note != null && note.length() > MAX_NOTE) {
      throw PostRefused.invalid(
          "note", "at most " + MAX_NOTE + " characters; this one has " + note.length());
    }
    boolean blank = !PlatformRules.hasVisibleText(note);
    if (action == Action.REJECT && blank) {
      throw PostRefused.invalid("note", "a rejection needs a reason the author can read");
    }
    if (action == Action.REQUEST_CHANGES && blank) {
      throw PostRefused.invalid("note", "say what should change");
    }
  }

  /** The scheduler's transition: a post still waiting when its time came is held. */
  public boolean canMiss(PostState state) {
    return state == PostState.SUBMITTED || state == PostState.APPROVED;
  }

  private static String forbiddenReason(Action action, Role role) {
    return switch (action) {
      case SUBMIT -> role == Role.AUTHOR ? null : "only the author can submit their post";
      case WITHDRAW -> role == Role.AUTHOR ? null : "only the author can withdraw their post";
      case APPROVE ->
          switch (role) {
            case AUTHOR ->
                "you cannot approve your own post; a colleague with the moderator role must";
            case MODERATOR -> null;
            default -> "approving needs the moderator role";
          };
      case REJECT ->
          switch (role) {
            case AUTHOR -> "you cannot reject your own post; withdraw it instead";
            case MODERATOR -> null;
            default -> "rejecting needs the moderator role";
          };
      case REQUEST_CHANGES ->
          switch (role) {
            case AUTHOR -> "you cannot send your own post back; edit it instead";
            case MODERATOR -> null;
            default -> "sending a post back needs the moderator role";
          };
      case EDIT ->
          role == Role.AUTHOR || role == Role.MODERATOR
              ? null
              : "only the author or a moderator can edit a post";
    };
  }

  private static PostState next(PostState state, Action action, Role role) {
    return switch (action) {
      case SUBMIT ->
          state == PostState.DRAFT || state == PostState.CHANGES_REQUESTED
              ? PostState.SUBMITTED
              : null;
      case APPROVE -> AWAITING.contains(state) ? PostState.APPROVED : null;
      case REJECT -> DECIDABLE_AGAIN.contains(state) ? PostState.REJECTED : null;
      case REQUEST_CHANGES -> DECIDABLE_AGAIN.contains(state) ? PostState.CHANGES_REQUESTED : null;
      case WITHDRAW ->
          DECIDABLE_AGAIN.contains(state) || state == PostState.CHANGES_REQUESTED
              ? PostState.WITHDRAWN
              : null;
      case EDIT ->
          role == Role.AUTHOR
              ? AUTHOR_EDIT.get(state)
              // The edit is kept as a diff in the history, whatever the state.
              : MODERATOR_EDITABLE.contains(state) ? state : null;
    };
  }
}
