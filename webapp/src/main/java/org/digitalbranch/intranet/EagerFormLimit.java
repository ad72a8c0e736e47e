package org.digitalbranch.intranet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
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
 * Jetty's eager form loader, stopping at {@code maxBytes} or {@code maxKeys} fields and answering a
 * form that passes either with 413 itself. Jetty's loader records the failure and hands the request
 * on regardless, so the servlet's {@code getParameter} would meet it later and the container would
 * answer 400 ("not understood"), which tells the sender nothing about what to change.
 */
final class EagerFormLimit implements EagerContentHandler.ContentLoaderFactory {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EagerContentHandler.FormContentLoaderFactory forms;
  private final int maxKeys;
  private final int maxBytes;
  private final Predicate<String> isApi;

  /**
   * @param isApi whether a path is a script's (the host's {@code /api/}, a plugin's), answered with
   *     problem details like the rest of the API rather than text
   */
  EagerFormLimit(int maxKeys, int maxBytes, Predicate<String> isApi) {
    this.forms = new EagerContentHandler.FormContentLoaderFactory(maxKeys, maxBytes);
    this.maxKeys = maxKeys;
    this.maxBytes = maxBytes;
    this.isApi = isApi;
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
          refuse(request, response, callback, tooManyFields(request, failed));
          return true;
        }
        // Any other failure (a malformed form) reaches the servlet, whose getParameter meets it
        // and answers 400 through the intranet's error page, as before.
      }
      return next.handle(request, response, callback);
    }

    /**
     * A form whose length was declared is read here only when within {@code maxBytes}, so it can
     * have failed only on its fields; of one sent without a length, only Jetty's message tells.
     */
    private static boolean tooManyFields(Request request, RuntimeException failed) {
      return request.getLength() >= 0
          || (failed.getMessage() != null && failed.getMessage().contains("fields"));
    }

    /**
     * Problem details under the API, else plain text: the intranet's error page lives inside the
     * servlet context this request has not reached, and a browser never sends a form this size
     * without its length or with this many fields; a script does.
     */
    private void refuse(
        Request request, Response response, Callback callback, boolean tooManyFields) {
      String detail =
          tooManyFields
              ? "The form has more than "
                  + maxKeys
                  + " fields; it may have at most "
                  + maxKeys
                  + "."
              : "Form too large: a form sent without a Content-Length may be at most "
                  + maxBytes
                  + " bytes.";
      response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE_413);
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      // The rest of the body is unread: the connection cannot carry another request.
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
      if (!isApi.test(request.getHttpURI().getCanonicalPath())) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        Content.Sink.write(response, true, detail + "\n", callback);
        return;
      }
      Map<String, Object> problem = new LinkedHashMap<>();
      problem.put("type", "about:blank");
      problem.put("title", "Too large");
      problem.put("status", HttpStatus.PAYLOAD_TOO_LARGE_413);
      problem.put("detail", detail);
      problem.put(tooManyFields ? "maxFields" : "limitBytes", tooManyFields ? maxKeys : maxBytes);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
      try {
        response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(problem)), callback);
      } catch (JsonProcessingException cannotHappen) {
        callback.failed(cannotHappen);
      }
    }
  }
}
