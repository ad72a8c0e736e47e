package org.digitalbranch.intranet.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes RFC 9457 problem details, the intranet's JSON error format. */
final class Problems {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Problems() {}

  static void write(HttpServletResponse response, int status, String title, String detail)
      throws IOException {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    response.setStatus(status);
    // JSON is UTF-8 by definition (RFC 8259), which Jackson writes to the byte stream.
    response.setContentType("application/problem+json");
    response.setHeader("Cache-Control", "no-store");
    JSON.writeValue(response.getOutputStream(), problem);
  }
}
