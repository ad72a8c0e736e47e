package org.digitalbranch.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Mustache templates from {@code templates/} on the plugin's class loader. Mustache escapes every
 * {@code {{value}}} for HTML, so customer and staff text is escaped by the engine, never by hand;
 * triple braces are kept for HTML the plugin rendered itself.
 */
public final class Templates {

  private final MustacheFactory factory;

  public Templates(ClassLoader classLoader) {
    // The plugin's own loader: inside a host, the thread's context loader cannot see our JAR.
    this.factory =
        new DefaultMustacheFactory(
            name -> {
              InputStream in = classLoader.getResourceAsStream("templates/" + name);
              return in == null ? null : new InputStreamReader(in, StandardCharsets.UTF_8);
            });
  }

  /** Renders {@code templates/<name>.mustache} with {@code scope}. */
  public String render(String name, Object scope) {
    StringWriter out = new StringWriter();
    try {
      factory.compile(name + ".mustache").execute(out, scope).flush();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
