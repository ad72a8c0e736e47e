package org.digitalbranch.intranet.config;

import java.util.Set;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.intranet.auth.PasswordHash;

/** A user from the configuration: who they are and the hash their password must match. */
public record ConfiguredUser(
    String name, String displayName, Set<String> roles, PasswordHash passwordHash) {

  public ConfiguredUser {
    roles = Set.copyOf(roles);
  }

  public IntranetUser asIntranetUser() {
    return new IntranetUser(name, displayName, roles);
  }
}
