package org.digitalbranch.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Mustache templates from {@link #FOLDER} on the plugin's class loader. Mustache escapes every
 * {@code {{value}}} for HTML, so customer and staff text is escaped by the engine, never by hand;
 * triple braces are kept for HTML the plugin rendered itself.
 *
 * <p>The folder is named after the plugin's package, not plain {@code templates/}: the host has
 * templates of its own, and in the runnable jar, where host and plugin share one class path, the
 * host's {@code templates/error.mustache} replaced the plugin's, so every error page of the plugin
 * rendered blank (its keys are not the host's). A drop-in plugin's loader may also ask its parent
 * first and meet the same name.
 */
public final class Templates {

  /** Where the templates live on the class path. */
  static final String FOLDER = "org/digitalbranch/web/templates/";

  private final MustacheFactory factory;

  public Templates(ClassLoader classLoader) {
    // The plugin's own loader: inside a host, the thread's context loader cannot see our JAR.
    this.factory =
        new DefaultMustacheFactory(
            name -> {
              InputStream in = classLoader.getResourceAsStream(FOLDER + name);
              return in == null ? null : new InputStreamReader(in, StandardCharsets.UTF_8);
            });
  }

  /** Renders {@code <FOLDER>/<name>.mustache} with {@code scope}. */
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
