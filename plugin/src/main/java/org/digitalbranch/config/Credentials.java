package org.digitalbranch.config;

import com.fasterxml.jackson.annotation.JsonIgnoreType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An account's tokens and app secrets. Every value is a secret: {@link #toString} shows only the
 * names, and Jackson skips the type entirely, so a credential cannot reach a log line, a page or an
 * API response by accident. Only a platform connector asks for a value, by name.
 */
@JsonIgnoreType
public final class Credentials {

  private static final Credentials NONE = new Credentials(Map.of());

  private final Map<String, String> values;

  private Credentials(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Credentials of(Map<String, String> values) {
    return values.isEmpty() ? NONE : new Credentials(values);
  }

  public static Credentials none() {
    return NONE;
  }

  /** The secret stored under {@code name}, for example {@code accessToken}. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The names of the credentials given; names are not secret. */
  public Set<String> names() {
    return new TreeSet<>(values.keySet());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Credentials that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder shown = new StringBuilder("Credentials[");
    String separator = "";
    for (String name : names()) {
      shown.append(separator).append(name).append("=***");
      separator = ", ";
    }
    return shown.append(']').toString();
  }
}
