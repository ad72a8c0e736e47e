package org.digitalbranch.intranet.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The host's own forms (sign in, sign out) are a few hundred bytes. A body declared larger is
 * refused with 413 before a byte of it is read: reading it to find the token would take it in, and
 * refusing halfway leaves the sender writing into a closing connection, where the answer can be
 * lost.
 */
public final class FormLimit {

  /** Far above any real sign-in form, far below anything worth reading. */
  public static final long MAX_BYTES = 16 * 1024;

  private FormLimit() {}

  /** True when the request was refused and answered; the caller stops. */
  static boolean refused(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getContentLengthLong() <= MAX_BYTES) {
      return false;
    }
    response.setHeader("Connection", "close");
    response.sendError(413, "A sign-in form is never this large.");
    return true;
  }
}
