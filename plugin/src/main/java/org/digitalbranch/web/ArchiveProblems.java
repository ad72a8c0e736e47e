package org.digitalbranch.web;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.digitalbranch.archive.ArchiveRefused;
import org.digitalbranch.archive.InvalidQuery;
import org.digitalbranch.archive.ReplyFailed;

/** The archive's refusals as the problems {@link ExceptionMapper} answers with. */
final class ArchiveProblems {

  /** The archive's messages start with the field at fault: {@code "size: must be ..."}. */
  private static final Pattern FIELD_FIRST = Pattern.compile("^([A-Za-z][A-Za-z0-9_.]*): ");

  private ArchiveProblems() {}

  /** The problem for an archive refusal, or null when {@code failure} is none. */
  static HttpProblem of(Throwable failure) {
    if (failure instanceof InvalidQuery invalid) {
      return new HttpProblem.BadRequest(fieldOf(invalid.getMessage()), invalid.getMessage());
    }
    if (failure instanceof ReplyFailed failed) {
      // As a moderation action the platform refuses: the same request would be refused again, so
      // a script must not take it for a service to retry later (503).
      return failed.refusedByPlatform()
          ? new HttpProblem.Conflict(sentence(failed.getMessage()), Map.of())
          : new HttpProblem.Unavailable(sentence(failed.getMessage()));
    }
    if (failure instanceof ArchiveRefused refused) {
      return switch (refused.status()) {
        case 403 -> new HttpProblem.Forbidden(sentence(refused.getMessage()));
        case 404 -> new HttpProblem.NotFound(sentence(refused.getMessage()));
        case 409 -> new HttpProblem.Conflict(sentence(refused.getMessage()), Map.of());
        // Starts with the field at fault, whose case must stay as it is.
        default -> new HttpProblem.BadRequest(refused.field(), refused.getMessage());
      };
    }
    return null;
  }

  /**
   * The archive's reasons are written to follow a colon ("Nothing was changed on the message from
   * Sam: the message is already hidden."), as the conversation page's forms show them; a problem's
   * detail is shown alone, so it starts with a capital and ends with a full stop, as {@link
   * RefusalProblems} makes the queue's.
   */
  private static String sentence(String reason) {
    if (reason == null || reason.isBlank()) {
      return "The request was refused.";
    }
    String shown = Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
    return shown.endsWith(".") || shown.endsWith("?") || shown.endsWith("!") ? shown : shown + ".";
  }

  static String fieldOf(String message) {
    Matcher field = message == null ? null : FIELD_FIRST.matcher(message);
    return field != null && field.find() ? field.group(1) : "q";
  }
}
