package org.digitalbranch.descriptor;

import java.util.List;
import java.util.Optional;

/**
 * A validated {@code META-INF/intranet-plugin.json}. Instances come only from {@link
 * DescriptorReader}, so every field here has already been checked.
 *
 * @param key reverse-DNS identifier, unique on the intranet (also the settings key)
 * @param name human name shown in navigation and on the home page
 * @param version the plugin's version, filled in by its build
 * @param description one sentence for the home page
 * @param requires the Java and Servlet versions the plugin needs
 * @param mount URL prefix under which the plugin serves everything, for example {@code
 *     /digital-branch}
 * @param entry fully qualified class implementing {@link
 *     org.digitalbranch.descriptor.spi.IntranetPlugin}
 * @param roles the roles the plugin defines
 * @param pages navigation entries
 * @param search the global search provider, when the plugin offers one
 * @param settings the settings the plugin accepts under its key in the intranet's configuration
 */
public record PluginDescriptor(
    String key,
    String name,
    String version,
    String description,
    Requires requires,
    String mount,
    String entry,
    List<Role> roles,
    List<Page> pages,
    Optional<Search> search,
    List<Setting> settings) {

  public PluginDescriptor {
    roles = List.copyOf(roles);
    pages = List.copyOf(pages);
    settings = List.copyOf(settings);
  }

  /** The Java feature release and Servlet specification version the plugin is built for. */
  public record Requires(int java, String servlet) {}

  /** A role the plugin checks; the intranet assigns it to users. */
  public record Role(String id, String description) {}

  /**
   * A navigation entry. {@code path} is relative to the mount; {@code role} must be one of the
   * plugin's roles and decides who sees the entry.
   */
  public record Page(String id, String title, String path, String role) {}

  /** The class answering the intranet's global search box, and the heading for its results. */
  public record Search(String provider, String title) {}

  /** One setting the plugin accepts. Secret settings are never logged, rendered or returned. */
  public record Setting(
      String key, SettingType type, Object defaultValue, boolean secret, String description) {}

  /** The JSON type a setting's value must have. */
  public enum SettingType {
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    ARRAY,
    OBJECT
  }
}
