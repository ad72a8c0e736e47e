package org.digitalbranch.intranet.config;

import java.util.List;
import java.util.Set;
import org.digitalbranch.intranet.auth.PasswordHash;

/** The demo's users. Each one's password is its own name, as the console says at start. */
public final class DemoUsers {

  public static final String STAFF = "digital-branch.staff";
  public static final String MODERATOR = "digital-branch.moderator";
  public static final String PLUGIN_ADMIN = "digital-branch.admin";

  /** The host's own role: sees refused plugins and their reasons on the home page. */
  public static final String INTRANET_ADMIN = "intranet.admin";

  /**
   * The demo's passwords are printed on the console, so a slow hash protects nothing; a cheap one
   * keeps start-up and every demo login fast.
   */
  private static final int DEMO_ITERATIONS = 1_000;

  private DemoUsers() {}

  public static List<ConfiguredUser> all() {
    return List.of(
        user("staff", "Sam Staff", Set.of(STAFF)),
        user("staff2", "Sasha Staff", Set.of(STAFF)),
        user("moderator", "Morgan Moderator", Set.of(STAFF, MODERATOR)),
        user("moderator2", "Max Moderator", Set.of(STAFF, MODERATOR)),
        user("admin", "Alex Admin", Set.of(STAFF, MODERATOR, PLUGIN_ADMIN, INTRANET_ADMIN)));
  }

  private static ConfiguredUser user(String name, String displayName, Set<String> roles) {
    return new ConfiguredUser(name, displayName, roles, PasswordHash.of(name, DEMO_ITERATIONS));
  }
}
