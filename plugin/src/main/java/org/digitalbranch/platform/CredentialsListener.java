package org.digitalbranch.platform;

/**
 * Told when a connector obtained new credentials (X rotates its refresh token on every refresh), so
 * that the caller can store them; the old ones stop working.
 */
@FunctionalInterface
public interface CredentialsListener {

  CredentialsListener IGNORE = (before, after) -> {};

  void refreshed(Credentials before, Credentials after);
}
