package org.digitalbranch.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fields of an HTML form post, URL-encoded or {@code multipart/form-data} alike, so a page
 * handler reads a form the same way whichever encoding the browser chose.
 */
final class FormFields {

  private final HttpServletRequest request;
  private final boolean multipart;

  private FormFields(HttpServletRequest request, boolean multipart) {
    this.request = request;
    this.multipart = multipart;
  }

  /**
   * The request, its multipart body read so that a body the container cannot parse (cut off, badly
   * bounded, over its size limits) is a 400, never a 500. Jetty parses it at the first field any
   * handler reads, and throws its own exception from there; page handlers read fields both through
   * this class and from the request itself.
   */
  static HttpServletRequest guarded(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      return request;
    }
    return new HttpServletRequestWrapper(request) {
      @Override
      public String getParameter(String name) {
        return parsed(() -> super.getParameter(name));
      }

      @Override
      public String[] getParameterValues(String name) {
        return parsed(() -> super.getParameterValues(name));
      }

      @Override
      public Map<String, String[]> getParameterMap() {
        return parsed(super::getParameterMap);
      }

      @Override
      public Enumeration<String> getParameterNames() {
        return parsed(super::getParameterNames);
      }

      @Override
      public Part getPart(String name) throws IOException, ServletException {
        try {
          return super.getPart(name);
        } catch (IllegalStateException tooLarge) {
          throw tooLarge; // the servlet's own limits, which the callers answer themselves
        } catch (RuntimeException unreadable) {
          throw problem(unreadable);
        }
      }

      @Override
      public Collection<Part> getParts() throws IOException, ServletException {
        try {
          return super.getParts();
        } catch (IllegalStateException tooLarge) {
          throw tooLarge;
        } catch (RuntimeException unreadable) {
          throw problem(unreadable);
        }
      }
    };
  }

  /** Reads from the body, answering as {@link #problem} says where the container cannot. */
  static <T> T parsed(Supplier<T> read) {
    try {
      return read.get();
    } catch (RuntimeException unreadable) {
      throw problem(unreadable);
    }
  }

  /**
   * What to answer for a body the container could not parse: a 400 saying so. Jetty parses a
   * multipart body from its own request, past the plugin's counting stream, so a body over the
   * servlet's multipart limits is this 400 too, not a 413; a problem of ours raised inside the read
   * is answered as it is.
   */
  static HttpProblem problem(RuntimeException unreadable) {
    for (Throwable cause = unreadable; cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpProblem problem) {
        return problem;
      }
    }
    return new HttpProblem.UnreadableBody(
        "The form could not be read: it was cut off, or it is larger than allowed. Nothing was"
            + " saved: go back, make it smaller (a shorter text, smaller images) and send it"
            + " again.");
  }

  static FormFields of(HttpServletRequest request) {
    String type = request.getContentType();
    boolean multipart =
        type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    return new FormFields(request, multipart);
  }

  /** The field's value, or null when the form did not send it. */
  String value(String name) {
    String value = request.getParameter(name);
    if (multipart && value != null) {
      // URL-encoded forms were checked by PluginFilter; a multipart form's fields arrive here.
      PluginFilter.refuseNul(name, value);
    }
    return value;
  }

  /** The field's value stripped, or null when missing or blank. */
  String text(String name) {
    String value = value(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  List<String> values(String name) {
    String[] values = request.getParameterValues(name);
    if (values == null) {
      return List.of();
    }
    if (multipart) {
      PluginFilter.refuseNul(name, values);
    }
    return List.of(values);
  }

  boolean checked(String name) {
    String value = value(name);
    return value != null && !value.equals("false");
  }

  /** The version the person saw, which every action carries; 400 naming the field otherwise. */
  int version() {
    String value = value("version");
    try {
      return Integer.parseInt(value == null ? "" : value.strip());
    } catch (NumberFormatException e) {
      throw new HttpProblem.BadRequest("version", "The form lost the post's version: reload it.");
    }
  }

  /**
   * The bytes of an uploaded file, or null when the field is absent or no file was chosen (a
   * browser sends an empty part for an empty file input).
   */
  /** Whether the form carried a non-empty file under {@code name}, without reading it again. */
  boolean hasFile(String name) throws IOException {
    if (!multipart) {
      return false;
    }
    try {
      Part part = request.getPart(name);
      return part != null && part.getSize() > 0;
    } catch (ServletException | IllegalStateException e) {
      return false;
    }
  }

  byte[] file(String name) throws IOException {
    if (!multipart) {
      return null;
    }
    Part part;
    try {
      part = request.getPart(name);
    } catch (ServletException | IllegalStateException e) {
      throw new HttpProblem.BadRequest(name, "The form's files could not be read; try again.");
    }
    if (part == null || part.getSize() == 0) {
      return null;
    }
    try (InputStream in = part.getInputStream()) {
      return in.readAllBytes();
    } finally {
      part.delete();
    }
  }
}
