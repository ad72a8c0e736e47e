package org.digitalbranch.intranet.config;

import java.util.List;

/** The configuration has problems; each names its key and what was expected. */
public final class ConfigException extends Exception {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
