package org.digitalbranch.intranet.chrome;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The host's mustache templates (under {@code templates/}), compiled once at start. Mustache
 * escapes every {@code {{value}}}; only the chrome's body slot is raw.
 */
public final class Templates {

  private static final List<String> NAMES = List.of("layout", "login", "home", "search", "error");

  private final Map<String, Mustache> compiled;

  public Templates() {
    DefaultMustacheFactory factory = new DefaultMustacheFactory("templates");
    // Compiled here, on the starting thread: request threads may have a plugin's context loader.
    this.compiled =
        NAMES.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Function.identity(), name -> factory.compile(name + ".mustache")));
  }

  public String render(String name, Object scope) {
    Mustache template = compiled.get(name);
    if (template == null) {
      throw new IllegalArgumentException("no template " + name);
    }
    StringWriter out = new StringWriter();
    template.execute(out, scope);
    return out.toString();
  }
}
