package org.digitalbranch.descriptor.spi;

import java.util.Set;

/** A signed-in intranet user as the host knows them. */
public record IntranetUser(String name, String displayName, Set<String> roles) {
  public IntranetUser {
    roles = Set.copyOf(roles);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
