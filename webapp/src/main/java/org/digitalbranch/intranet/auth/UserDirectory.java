package org.digitalbranch.intranet.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.intranet.config.ConfiguredUser;

/** Checks user names and passwords against the configured users. */
public final class UserDirectory {

  private final Map<String, ConfiguredUser> usersByName;
  private final PasswordHash unknownUserHash;

  public UserDirectory(List<ConfiguredUser> users) {
    this.usersByName =
        users.stream()
            .collect(Collectors.toUnmodifiableMap(ConfiguredUser::name, Function.identity()));
    int iterations =
        users.stream()
            .mapToInt(user -> user.passwordHash().iterations())
            .max()
            .orElse(PasswordHash.DEFAULT_ITERATIONS);
    // Hashed for unknown names so that they cost as long as a wrong password for a known name.
    this.unknownUserHash = PasswordHash.of("no user has this password", iterations);
  }

  /**
   * Whether a user of this name is configured: the log names a known user, never what was typed.
   */
  public boolean knows(String name) {
    return usersByName.containsKey(name);
  }

  /**
   * The user when the password matches. An unknown name and a wrong password take the same work and
   * give the same answer, so the answer does not tell which names exist.
   */
  public Optional<IntranetUser> authenticate(String name, String password) {
    ConfiguredUser user = usersByName.get(name);
    if (user == null) {
      unknownUserHash.matches(password);
      return Optional.empty();
    }
    return user.passwordHash().matches(password)
        ? Optional.of(user.asIntranetUser())
        : Optional.empty();
  }
}
