package org.digitalbranch.descriptor;

import java.io.InputStream;
import java.util.List;

/**
 * Reads and validates a plugin descriptor, reporting every problem at once, each prefixed by its
 * JSON path ({@code pages[2].role: unknown role "digital-branch.moderater"}).
 */
public final class DescriptorReader {

  /** Where a plugin JAR keeps its descriptor. */
  public static final String LOCATION = "META-INF/intranet-plugin.json";

  /**
   * The outcome of reading one descriptor: a descriptor when there are no problems, else the
   * problems in document order.
   */
  public record Result(PluginDescriptor descriptor, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final ClassLoader classLoader;

  /**
   * @param classLoader where the named entry and search provider classes must be found
   */
  public DescriptorReader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** Reads one descriptor. Never throws for bad content: malformed JSON is a problem too. */
  public Result read(InputStream json) {
    throw new IllegalStateException("to be written: see descriptor/README.md");
  }
}
