package org.digitalbranch.intranet.plugins;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.digitalbranch.intranet.config.ConfigException;
import org.digitalbranch.intranet.config.ConfiguredUser;
import org.digitalbranch.intranet.config.DemoUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each configured user's roles against the roles the installed plugins define. A role a letter or
 * two away from one an installed plugin defines in the same namespace (the part before the first
 * dot, whatever its case and dashes) is a typo, "digital-branch.staf" or "digitalbranch.staff":
 * refused at start naming the user and the role it nearly is, since its holder would otherwise meet
 * a page saying no tools are installed for them. Any other role no installed plugin defines (one of
 * a plugin removed for a while) is only logged.
 */
public final class RoleCheck {

  private static final Logger LOG = LoggerFactory.getLogger(RoleCheck.class);

  private RoleCheck() {}

  public static void check(List<ConfiguredUser> users, PluginCatalog catalog)
      throws ConfigException {
    Set<String> defined = new LinkedHashSet<>(List.of(DemoUsers.INTRANET_ADMIN));
    for (PluginCandidate candidate : catalog.candidates()) {
      candidate.descriptor().roles().forEach(role -> defined.add(role.id()));
    }
    check(users, defined);
  }

  static void check(List<ConfiguredUser> users, Set<String> defined) throws ConfigException {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      ConfiguredUser user = users.get(i);
      for (String role : user.roles()) {
        if (defined.contains(role)) {
          continue;
        }
        String typed = role.strip().toLowerCase(java.util.Locale.ROOT);
        Optional<String> meant =
            defined.stream()
                .filter(known -> squashed(namespace(known)).equals(squashed(namespace(typed))))
                .filter(known -> typos(typed, known) <= 2)
                .findFirst();
        if (meant.isPresent()) {
          problems.add(
              "users["
                  + i
                  + "].roles: unknown role \""
                  + role
                  + "\" for "
                  + user.name()
                  + "; did you mean \""
                  + meant.get()
                  + "\"?");
        } else {
          LOG.warn(
              "users[{}].roles: {} has the role \"{}\", which no installed plugin defines",
              i,
              user.name(),
              role);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** "Digital_Branch" and "digitalbranch" are "digital-branch" typed another way. */
  private static String squashed(String namespace) {
    return namespace.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static String namespace(String role) {
    int dot = role.indexOf('.');
    return dot < 0 ? "" : role.substring(0, dot);
  }

  /** How many letters to add, drop or change to make one text the other (Levenshtein). */
  static int typos(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int change = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(change, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
