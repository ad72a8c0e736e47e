package org.digitalbranch.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The plugin's one JSON configuration: ISO-8601 dates, strict parsing of untrusted request bodies
 * (no duplicate keys, no trailing content, at most {@value #MAX_DEPTH} levels, no NUL characters),
 * and parse errors turned into a 400 that says what is wrong and where.
 */
public final class Json {

  /** Deeper than any body the API accepts; bounds the parser's work on hostile input. */
  public static final int MAX_DEPTH = 32;

  private final ObjectMapper mapper;

  public Json() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper =
        JsonMapper.builder(factory)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
  }

  /** The shared mapper, for serialising responses and reading trusted JSON. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Parses an untrusted request body into {@code type}.
   *
   * @throws HttpProblem.BadRequest naming the problem and, when known, the field
   */
  public <T> T read(InputStream body, Class<T> type) throws IOException {
    JsonNode tree = readTree(body);
    try {
      return mapper.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      throw new HttpProblem.BadRequest(fieldOf(e), firstLine(e.getOriginalMessage()));
    }
  }

  /** Parses an untrusted request body into a tree, with the same checks as {@link #read}. */
  public JsonNode readTree(InputStream body) throws IOException {
    JsonNode tree;
    // Bytes, not a Reader: Jackson then decodes UTF-8 itself and refuses invalid sequences.
    try (JsonParser parser = mapper.createParser(body)) {
      tree = mapper.readTree(parser);
    } catch (StreamConstraintsException e) {
      // Jackson's own words name the limit ("Number value length (5000) exceeds the maximum
      // allowed (1000"); only the name of its setting is left out.
      throw new HttpProblem.BadRequest(
          "the JSON goes past a limit: " + plain(firstLine(e.getOriginalMessage())));
    } catch (JsonProcessingException e) {
      // A chunked body passing the size limit while Jackson reads it arrives wrapped: a 413.
      HttpProblem inside = problemIn(e);
      throw inside != null ? inside : new HttpProblem.BadRequest(malformed(e));
    } catch (RuntimeException e) {
      HttpProblem inside = problemIn(e);
      throw inside != null ? inside : e;
    }
    if (tree == null || tree.isMissingNode()) {
      throw new HttpProblem.BadRequest("the request body is empty; expected JSON");
    }
    rejectNul(tree, "");
    return tree;
  }

  public void write(OutputStream out, Object value) throws IOException {
    mapper.writeValue(out, value);
  }

  private static void rejectNul(JsonNode node, String path) {
    if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
      throw new HttpProblem.BadRequest(
          path.isEmpty() ? null : path, "text may not contain NUL characters");
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        rejectNul(node.get(i), path + "[" + i + "]");
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (field.getKey().indexOf('\0') >= 0) {
          throw new HttpProblem.BadRequest("field names may not contain NUL characters");
        }
        rejectNul(field.getValue(), at);
      }
    }
  }

  private static String malformed(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 0
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String message = firstLine(e.getOriginalMessage());
    if (message.startsWith("Trailing token")) {
      return "malformed JSON" + where + ": something follows the JSON value; send one value alone";
    }
    return "malformed JSON" + where + ": " + plain(message);
  }

  /** Jackson's technical asides, which mean nothing to the person reading the answer. */
  private static final Pattern ASIDES =
      Pattern.compile(
          "\\s*\\(start marker at \\[Source: [^\\]]*\\]\\)|, from `[^`]*`|\\s*\\(bound as `[^`]*`\\)");

  private static String plain(String message) {
    return ASIDES.matcher(message).replaceAll("");
  }

  /** The JSON path of a binding error, for example {@code accounts[0].id}. */
  private static String fieldOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? null : path.toString();
  }

  /** A body-size limit hit while Jackson was reading arrives wrapped; find it. */
  private static HttpProblem problemIn(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpProblem problem) {
        return problem;
      }
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
