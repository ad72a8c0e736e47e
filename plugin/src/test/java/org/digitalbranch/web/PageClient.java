package org.digitalbranch.web;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A person's browser without JavaScript, as the page tests need it: GET a page, post a form
 * URL-encoded or as {@code multipart/form-data} (files included), follow a 303 by hand.
 */
final class PageClient {

  /** A 1×1 PNG: enough for the image store's content check. */
  static final byte[] PNG =
      java.util.Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

  /** One form field; {@code file} non-null for a file input. */
  record Field(String name, String value, byte[] file) {
    static Field of(String name, String value) {
      return new Field(name, value, null);
    }

    static Field file(String name, byte[] content) {
      return new Field(name, "upload.png", content);
    }
  }

  private final TestIntranet intranet;
  private final String user;

  PageClient(TestIntranet intranet, String user) {
    this.intranet = intranet;
    this.user = user;
  }

  HttpResponse<String> get(String path) throws Exception {
    HttpRequest.Builder request = intranet.request(path);
    if (user != null) {
      request.header(TestIntranet.USER_HEADER, user);
    }
    return intranet.send(request);
  }

  Document page(String path) throws Exception {
    HttpResponse<String> response = get(path);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return Jsoup.parse(response.body(), intranet.request("/").build().uri().toString());
  }

  /** Posts URL-encoded fields with the session's CSRF token added. */
  HttpResponse<String> post(String path, Field... fields) throws Exception {
    List<Field> all = new ArrayList<>(List.of(fields));
    all.add(Field.of("csrf", TestIntranet.CSRF_TOKEN));
    return postWithout(path, all);
  }

  /** Posts URL-encoded fields exactly as given: no CSRF token unless among them. */
  HttpResponse<String> postWithout(String path, List<Field> fields) throws Exception {
    StringBuilder body = new StringBuilder();
    for (Field field : fields) {
      if (!body.isEmpty()) {
        body.append('&');
      }
      body.append(URLEncoder.encode(field.name(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(field.value(), StandardCharsets.UTF_8));
    }
    return intranet.send(
        intranet
            .request(path)
            .header(TestIntranet.USER_HEADER, user)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(body.toString())));
  }

  /** Posts {@code multipart/form-data}, as the compose form does, with the CSRF token added. */
  HttpResponse<String> postMultipart(String path, Field... fields) throws Exception {
    String boundary = "----db-test-boundary-7d1f";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    List<Field> all = new ArrayList<>(List.of(fields));
    all.add(Field.of("csrf", TestIntranet.CSRF_TOKEN));
    for (Field field : all) {
      write(body, "--" + boundary + "\r\n");
      if (field.file() != null) {
        write(
            body,
            "Content-Disposition: form-data; name=\""
                + field.name()
                + "\"; filename=\""
                + field.value()
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.write(field.file());
        write(body, "\r\n");
      } else {
        write(
            body,
            "Content-Disposition: form-data; name=\""
                + field.name()
                + "\"\r\n\r\n"
                + field.value()
                + "\r\n");
      }
    }
    write(body, "--" + boundary + "--\r\n");
    return intranet.sendAlone(
        intranet
            .request(path)
            .header(TestIntranet.USER_HEADER, user)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** The path a 303 sends the browser to, after checking it is one. */
  static String seeOther(HttpResponse<String> response) {
    if (response.statusCode() != 303) {
      throw new AssertionError(
          "expected 303 See Other, got " + response.statusCode() + ": " + response.body());
    }
    URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
    return location.getRawPath()
        + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery());
  }

  static Document parse(HttpResponse<String> response) {
    return Jsoup.parse(response.body());
  }

  /** The post id in a path such as {@code /digital-branch/posts/<id>?done=saved}. */
  static String postId(String path) {
    String rest = path.substring(path.indexOf("/posts/") + "/posts/".length());
    int end = rest.indexOf('?');
    rest = end < 0 ? rest : rest.substring(0, end);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
