package org.digitalbranch.intranet;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Jetty's eager form loader, stopping at {@code maxBytes} and answering a form that passes it with
 * 413 itself. Jetty's loader records the failure and hands the request on regardless, so the
 * servlet's {@code getParameter} would meet it later and the container would answer 400 ("not
 * understood"), which tells the sender nothing about what to change.
 */
final class EagerFormLimit implements EagerContentHandler.ContentLoaderFactory {

  private final EagerContentHandler.FormContentLoaderFactory forms;
  private final String tooLarge;

  EagerFormLimit(int maxKeys, int maxBytes) {
    this.forms = new EagerContentHandler.FormContentLoaderFactory(maxKeys, maxBytes);
    this.tooLarge =
        "Form too large: a form sent without a Content-Length may be at most "
            + maxBytes
            + " bytes.\n";
  }

  @Override
  public String getApplicableMimeType() {
    return forms.getApplicableMimeType();
  }

  @Override
  public EagerContentHandler.ContentLoader newContentLoader(
      String contentType,
      String mimeType,
      Handler next,
      Request request,
      Response response,
      Callback callback) {
    return forms.newContentLoader(
        contentType, mimeType, new RefusingTooLarge(next), request, response, callback);
  }

  /** Runs once the form has been read, or reading it failed: only then is its outcome known. */
  private final class RefusingTooLarge extends Handler.Abstract {

    private final Handler next;

    RefusingTooLarge(Handler next) {
      this.next = next;
    }

    @Override
    public Invocable.InvocationType getInvocationType() {
      return next.getInvocationType();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      try {
        // Already complete here, so this neither reads nor waits.
        FormFields.getFields(request);
      } catch (RuntimeException failed) {
        if (failed instanceof HttpException http
            && http.getCode() == HttpStatus.PAYLOAD_TOO_LARGE_413) {
          refuse(response, callback);
          return true;
        }
        // Any other failure (a malformed form) reaches the servlet, whose getParameter meets it
        // and answers 400 through the intranet's error page, as before.
      }
      return next.handle(request, response, callback);
    }

    /**
     * Plain text: only a script sends a form without its length (a browser always declares it), and
     * the intranet's error page lives inside the servlet context this request has not reached.
     */
    private void refuse(Response response, Callback callback) {
      response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE_413);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      // The rest of the body is unread: the connection cannot carry another request.
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
      Content.Sink.write(response, true, tooLarge, callback);
    }
  }
}
