package org.digitalbranch.descriptor.spi;

import java.util.List;

/**
 * Thrown by {@link IntranetPlugin#start} when the plugin cannot use the settings it was given. The
 * host reports these as problems of the settings file, where an administrator fixes them, rather
 * than as the plugin failing; each problem starts with its path as {@link PluginSettings#pathOf}
 * gives it ({@code plugins.org.example.timeZone: unknown time zone "Europe/Lodnon"}).
 */
public class SettingsRefused extends Exception {

  private final List<String> problems;

  public SettingsRefused(List<String> problems) {
    super("Invalid settings:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, not only the first. */
  public List<String> problems() {
    return problems;
  }
}
