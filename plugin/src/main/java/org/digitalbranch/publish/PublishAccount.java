package org.digitalbranch.publish;

import java.util.Objects;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.Platform;

/**
 * A configured account as the publisher needs it: the connector for its platform and the
 * credentials from the settings. Renewed credentials ({@link RenewedCredentials}) take over from
 * these while the settings stay the same.
 */
public record PublishAccount(String id, Platform platform, Credentials credentials) {
  public PublishAccount {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(credentials, "credentials");
  }

  /** The platform's settings id: {@code mastodon}, {@code bluesky}, {@code x}, ... */
  public String platformName() {
    return platform.id();
  }
}
