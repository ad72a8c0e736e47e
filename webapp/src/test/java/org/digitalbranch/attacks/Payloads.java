package org.digitalbranch.attacks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attack payloads kept in {@code src/test/resources/attacks/*.txt}: one a line, {@code #}
 * comments and blank lines skipped, {@code {N*text}} expanded to {@code text} repeated N times.
 */
final class Payloads {

  private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)\\*(.*?)\\}");

  private Payloads() {}

  static List<String> of(String file) {
    String name = "/attacks/" + file;
    try (InputStream in = Payloads.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new AssertionError("no payload file " + name);
      }
      List<String> payloads = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          payloads.add(expand(line));
        }
      }
      return payloads;
    } catch (IOException e) {
      throw new AssertionError("cannot read " + name, e);
    }
  }

  static String expand(String line) {
    Matcher matcher = REPEAT.matcher(line);
    StringBuilder expanded = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          expanded,
          Matcher.quoteReplacement(matcher.group(2).repeat(Integer.parseInt(matcher.group(1)))));
    }
    matcher.appendTail(expanded);
    return expanded.toString();
  }
}
