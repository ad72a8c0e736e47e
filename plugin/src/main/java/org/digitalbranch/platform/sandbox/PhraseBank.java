package org.digitalbranch.platform.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words the generator draws from, kept in {@code library-conversations.json} beside this class
 * so a librarian can add phrasings without touching code.
 */
record PhraseBank(
    String libraryName,
    String libraryHandle,
    List<String> staff,
    List<String> staffTeams,
    List<String> firstNames,
    List<String> lastNames,
    List<String> handleStyles,
    Map<String, List<String>> slots,
    List<String> greetings,
    List<String> closings,
    List<String> thanks,
    List<String> followUps,
    List<String> staffFollowUps,
    List<String> edits,
    Map<String, Topic> topics) {

  /** A topic's posts, and its patrons' questions each with the staff's answer at its index. */
  record Topic(List<String> posts, List<String> questions, List<String> answers) {
    Topic {
      if (questions.isEmpty() || questions.size() != answers.size()) {
        throw new IllegalStateException(
            "library-conversations.json: a topic needs one answer for each of its questions, got "
                + questions.size()
                + " questions and "
                + answers.size()
                + " answers");
      }
    }
  }

  private static final PhraseBank LIBRARY = load();

  static PhraseBank library() {
    return LIBRARY;
  }

  private static PhraseBank load() {
    try (InputStream in = PhraseBank.class.getResourceAsStream("library-conversations.json")) {
      if (in == null) {
        throw new IllegalStateException("library-conversations.json is missing from the plugin");
      }
      JsonNode root = Json.MAPPER.readTree(in);
      Map<String, List<String>> slots = new LinkedHashMap<>();
      for (String slot : List.of("branches", "days", "titles", "authors", "genres", "events")) {
        slots.put(slot, strings(root.get(slot)));
      }
      Map<String, Topic> topics = new LinkedHashMap<>();
      root.get("topics")
          .properties()
          .forEach(
              entry ->
                  topics.put(
                      entry.getKey(),
                      new Topic(
                          strings(entry.getValue().get("posts")),
                          strings(entry.getValue().get("questions")),
                          strings(entry.getValue().get("answers")))));
      return new PhraseBank(
          root.path("library").path("name").asText(),
          root.path("library").path("handle").asText(),
          strings(root.get("staff")),
          strings(root.get("staffTeams")),
          strings(root.get("firstNames")),
          strings(root.get("lastNames")),
          strings(root.get("handleStyles")),
          slots,
          strings(root.get("greetings")),
          strings(root.get("closings")),
          strings(root.get("thanks")),
          strings(root.get("followUps")),
          strings(root.get("staffFollowUps")),
          strings(root.get("edits")),
          topics);
    } catch (IOException e) {
      throw new UncheckedIOException("library-conversations.json is unreadable", e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array != null) {
      array.forEach(value -> values.add(value.asText()));
    }
    return List.copyOf(values);
  }
}
