package org.digitalbranch.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}} in every string value of a JSON tree with the environment variable's
 * value, so secrets stay out of configuration files. A reference may be the whole value or part of
 * it ({@code "Bearer ${env:TOKEN}"}); {@code $${env:NAME}} stands for the literal text {@code
 * ${env:NAME}}. Field names and non-string values are left alone; a resolved value stays a string.
 * Messages name the path and the variable, never a value.
 *
 * <p>A resolved value remembers how it was written ({@link Referenced}), so that a later check
 * refusing it can name it by its reference, as {@link #shown} does, instead of echoing what the
 * environment held: a variable is where secrets are kept, whatever key it is used under.
 */
public final class EnvReferences {

  private static final String OPEN = "${env:";
  private static final String ESCAPED_OPEN = "$" + OPEN;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * The resolved tree and the problems in document order. When there are problems the tree keeps
   * each unresolved reference as written and should not be used.
   */
  public record Result(JsonNode tree, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * A string that came from one or more {@code ${env:NAME}} references: {@link #textValue()} is the
   * resolved value, {@link #written()} the text as the settings file has it. It equals any string
   * node with the same value, so comparing trees is unchanged.
   */
  public static final class Referenced extends TextNode {
    private final String written;

    public Referenced(String resolved, String written) {
      super(resolved);
      this.written = written;
    }

    public String written() {
      return written;
    }
  }

  private final Function<String, String> environment;
  private final List<String> problems = new ArrayList<>();

  private EnvReferences(Function<String, String> environment) {
    this.environment = environment;
  }

  /**
   * @param tree the configuration; not changed
   * @param environment looks a variable up, null when unset (for example {@code System::getenv})
   */
  public static Result resolve(JsonNode tree, Function<String, String> environment) {
    EnvReferences resolver = new EnvReferences(environment);
    JsonNode resolved = resolver.node(tree, "");
    return new Result(resolved, resolver.problems);
  }

  /**
   * How a message shows a value that came from the environment: a whole reference as written
   * ({@code ${env:TOKEN}}), a value with text around its references as written in quotes ({@code
   * "Bearer ${env:TOKEN}"}); empty for any other value, which the caller shows as it would.
   */
  public static Optional<String> shown(JsonNode value) {
    if (!(value instanceof Referenced referenced)) {
      return Optional.empty();
    }
    String written = referenced.written();
    boolean whole =
        written.startsWith(OPEN)
            && written.indexOf('}') == written.length() - 1
            && NAME.matcher(written.substring(OPEN.length(), written.length() - 1)).matches();
    return Optional.of(whole ? written : Values.quote(written));
  }

  private JsonNode node(JsonNode node, String path) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties()
          .forEach(
              property ->
                  copy.set(
                      property.getKey(),
                      node(property.getValue(), Values.child(path, property.getKey()))));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        copy.add(node(node.get(i), path + "[" + i + "]"));
      }
      return copy;
    }
    if (node.isTextual()) {
      String written = node.textValue();
      String resolved = text(written, path.isEmpty() ? "$" : path);
      return written.contains(OPEN)
          ? new Referenced(resolved, written)
          : TextNode.valueOf(resolved);
    }
    return node.deepCopy();
  }

  private String text(String value, String path) {
    if (!value.contains(OPEN)) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    int at = 0;
    while (at < value.length()) {
      if (value.startsWith(ESCAPED_OPEN, at)) {
        out.append(OPEN);
        at += ESCAPED_OPEN.length();
      } else if (value.startsWith(OPEN, at)) {
        int close = value.indexOf('}', at + OPEN.length());
        String name = close < 0 ? "" : value.substring(at + OPEN.length(), close);
        if (!NAME.matcher(name).matches()) {
          // Not echoed: the text around a broken reference may be a secret typed in by hand.
          problems.add(
              path
                  + ": malformed environment reference at character "
                  + (at + 1)
                  + " (write ${env:NAME}, NAME matching [A-Za-z_][A-Za-z0-9_]*)");
          out.append(value, at, value.length());
          break;
        }
        String resolved = environment.apply(name);
        if (resolved == null) {
          problems.add(path + ": environment variable " + name + " is not set");
          out.append(value, at, close + 1);
        } else {
          out.append(resolved);
        }
        at = close + 1;
      } else {
        out.append(value.charAt(at));
        at++;
      }
    }
    return out.toString();
  }
}
