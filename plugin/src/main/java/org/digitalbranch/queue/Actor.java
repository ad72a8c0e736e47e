package org.digitalbranch.queue;

import java.util.Objects;
import java.util.Set;

/** Who is acting: the intranet user name and the role ids the host gave them. */
public record Actor(String name, Set<String> roles) {
  public static final String STAFF = "digital-branch.staff";
  public static final String MODERATOR = "digital-branch.moderator";
  public static final String ADMIN = "digital-branch.admin";

  /** The scheduler's name in the history, for transitions nobody clicked (a missed time). */
  public static final Actor SYSTEM = new Actor("system", Set.of());

  public Actor {
    Objects.requireNonNull(name, "name");
    roles = Set.copyOf(roles);
  }

  public static Actor of(String name, String... roles) {
    return new Actor(name, Set.of(roles));
  }

  public boolean isModerator() {
    return roles.contains(MODERATOR);
  }

  public boolean isAdmin() {
    return roles.contains(ADMIN);
  }

  /** Any of the plugin's roles lets a user see the queue; a user with none sees nothing. */
  public boolean isStaff() {
    return roles.contains(STAFF) || isModerator() || isAdmin();
  }
}
