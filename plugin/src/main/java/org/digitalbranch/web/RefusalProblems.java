package org.digitalbranch.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.digitalbranch.queue.MixFigures;
import org.digitalbranch.queue.PostRefused;
import org.digitalbranch.queue.Refusal;

/**
 * Turns the queue's typed refusals into HTTP problems, in one place, so every handler and page
 * answers a refusal the same way and adds the members scripts act on (the current version, the
 * state, the field, the mix figures).
 */
final class RefusalProblems {

  private RefusalProblems() {}

  static HttpProblem of(PostRefused refused) {
    // An Invalid message starts with the field's JSON path, whose case must stay as it is.
    boolean startsWithField = refused.refusal() instanceof Refusal.Invalid;
    String detail = sentence(refused.getMessage(), !startsWithField);
    return switch (refused.refusal()) {
      case Refusal.StaleVersion stale ->
          new HttpProblem.Conflict(detail, Map.of("currentVersion", stale.currentVersion()));
      case Refusal.IllegalTransition illegal ->
          new HttpProblem.Conflict(
              detail,
              Map.of("state", illegal.currentState().id(), "action", illegal.action().id()));
      case Refusal.Forbidden forbidden -> new HttpProblem.Forbidden(detail, forbidden.reason());
      case Refusal.Invalid invalid -> new HttpProblem.BadRequest(invalid.field(), detail);
      case Refusal.TooLarge tooLarge ->
          new HttpProblem.PayloadTooLarge(tooLarge.field(), detail, tooLarge.limit());
      case Refusal.NotFound notFound -> new HttpProblem.NotFound("No such post.");
      case Refusal.MixConfirmationNeeded mix ->
          new HttpProblem.Conflict(detail, mixFigures(mix.figures()));
    };
  }

  /** The figures a moderator sees before confirming a promotion over the limit. */
  static Map<String, Object> mixFigures(MixFigures figures) {
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("confirmMix", "repeat the request with \"confirmMix\": true to approve anyway");
    extras.put("promotion", figures.promotion());
    extras.put("engagement", figures.engagement());
    extras.put("sharePercent", figures.promotionPercent());
    extras.put("sharePercentAfter", figures.promotionPercentAfter());
    extras.put("limitPercent", figures.limitPercent());
    extras.put("days", figures.days());
    return extras;
  }

  private static String sentence(String message, boolean capitalise) {
    if (message == null || message.isEmpty()) {
      return "The request was refused.";
    }
    String capital =
        capitalise ? Character.toUpperCase(message.charAt(0)) + message.substring(1) : message;
    return capital.endsWith(".") ? capital : capital + ".";
  }
}
