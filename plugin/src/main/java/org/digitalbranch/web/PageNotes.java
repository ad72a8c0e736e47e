package org.digitalbranch.web;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;

/**
 * A note a form leaves in the session for the page it redirects to (post, redirect, get), shown
 * there once and only there: a note for one conversation or post never turns up on another's page
 * opened in the meantime.
 */
final class PageNotes {

  private PageNotes() {}

  private record Left(String page, Serializable note) implements Serializable {}

  /**
   * @param kind what the note is about; one note of each kind waits at a time
   * @param page the page that is to show it, such as a conversation's or a post's id
   */
  static void leave(Exchange exchange, String kind, String page, Serializable note) {
    exchange.request().getSession(true).setAttribute(attribute(kind), new Left(page, note));
  }

  /** The note of {@code kind} left for {@code page}, removed as it is taken; null if none. */
  static <T> T take(Exchange exchange, String kind, String page, Class<T> type) {
    HttpSession session = exchange.request().getSession(false);
    if (session == null
        || !(session.getAttribute(attribute(kind)) instanceof Left left)
        || !page.equals(left.page())
        || !type.isInstance(left.note())) {
      return null;
    }
    session.removeAttribute(attribute(kind));
    return type.cast(left.note());
  }

  private static String attribute(String kind) {
    return PageNotes.class.getName() + "." + kind;
  }
}
