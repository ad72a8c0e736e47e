package org.digitalbranch.queue;

/**
 * Why the queue said no, with the HTTP status the web layer answers and a message a person can act
 * on. The web layer maps each kind to an {@code application/problem+json} body and adds the typed
 * fields (the current version, the state, the field, the mix figures).
 */
public sealed interface Refusal {
  int status();

  String message();

  /** The action named a version that is no longer the post's: someone acted first. */
  record StaleVersion(int currentVersion) implements Refusal {
    public int status() {
      return 409;
    }

    public String message() {
      return "the post changed since you saw it; it is now at version "
          + currentVersion
          + ": reload it and decide again";
    }
  }

  record IllegalTransition(PostState currentState, Action action) implements Refusal {
    public int status() {
      return 409;
    }

    public String message() {
      return "a post that is " + currentState.id() + " cannot be " + pastTense(action);
    }

    private static String pastTense(Action action) {
      return switch (action) {
        case SUBMIT -> "submitted";
        case APPROVE -> "approved";
        case REJECT -> "rejected";
        case REQUEST_CHANGES -> "sent back for changes";
        case WITHDRAW -> "withdrawn";
        case EDIT -> "edited";
      };
    }
  }

  record Forbidden(String reason) implements Refusal {
    public int status() {
      return 403;
    }

    public String message() {
      return reason;
    }
  }

  /** Bad input; {@code field} is the JSON path of the culprit, e.g. {@code images[0].alt}. */
  record Invalid(String field, String reason) implements Refusal {
    public int status() {
      return 400;
    }

    public String message() {
      return field + ": " + reason;
    }
  }

  /** An upload over the size limit: a 413, distinct from other bad input. */
  record TooLarge(String field, long size, long limit) implements Refusal {
    public int status() {
      return 413;
    }

    public String message() {
      return field + ": the file is " + size + " bytes; the limit is " + limit + " bytes";
    }
  }

  /** Drafts are private: to anyone but the author they do not exist. */
  record NotFound() implements Refusal {
    public int status() {
      return 404;
    }

    public String message() {
      return "no such post";
    }
  }

  /** Approving this promotion takes promotion above the limit; repeat with confirmMix to go on. */
  record MixConfirmationNeeded(MixFigures figures) implements Refusal {
    public int status() {
      return 409;
    }

    public String message() {
      return "approving this promotion takes promotion to "
          + figures.promotionPercentAfter()
          + "% of the last "
          + figures.days()
          + " days' posts ("
          + (figures.promotion() + 1)
          + " of "
          + (figures.total() + 1)
          + "), above the limit of "
          + figures.limitPercent()
          + "%; confirm to approve anyway";
    }
  }
}
