package org.digitalbranch.config;

import java.util.List;

/** The plugin's settings are unusable; each problem starts with the key path it concerns. */
public final class InvalidConfigException extends Exception {

  private final List<String> problems;

  public InvalidConfigException(List<String> problems) {
    super("Invalid Digital Branch settings:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
