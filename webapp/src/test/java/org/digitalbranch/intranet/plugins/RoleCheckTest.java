package org.digitalbranch.intranet.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.digitalbranch.intranet.auth.PasswordHash;
import org.digitalbranch.intranet.config.ConfigException;
import org.digitalbranch.intranet.config.ConfiguredUser;
import org.junit.jupiter.api.Test;

class RoleCheckTest {

  private static final Set<String> DEFINED =
      Set.of("digital-branch.staff", "digital-branch.moderator", "books.staff", "intranet.admin");

  private static ConfiguredUser user(String name, String... roles) {
    return new ConfiguredUser(
        name, name, Set.of(roles), PasswordHash.of("pw", PasswordHash.MINIMUM_ITERATIONS));
  }

  @Test
  void aRoleALetterOrTwoFromOneInItsNamespaceIsRefusedSayingWhichItNearlyIs() {
    assertThatThrownBy(
            () ->
                RoleCheck.check(
                    List.of(
                        user("jlee", "digital-branch.staff"),
                        user("amy", "digital-branch.staf"),
                        user("kim", "digital-branch.moderater"),
                        user("lou", "digitalbranch.staff"),
                        user("max", "Digital-Branch.Staff")),
                    DEFINED))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "users[1].roles: unknown role \"digital-branch.staf\" for amy; did you"
                            + " mean \"digital-branch.staff\"?",
                        "users[2].roles: unknown role \"digital-branch.moderater\" for kim; did"
                            + " you mean \"digital-branch.moderator\"?",
                        "users[3].roles: unknown role \"digitalbranch.staff\" for lou; did you"
                            + " mean \"digital-branch.staff\"?",
                        "users[4].roles: unknown role \"Digital-Branch.Staff\" for max; did you"
                            + " mean \"digital-branch.staff\"?"));
  }

  @Test
  void aRoleOfAPluginNotInstalledOrOfAnotherNamespaceIsOnlyLogged() throws ConfigException {
    // "rooms.staff" is two letters from "books.staff", but another plugin's role.
    RoleCheck.check(
        List.of(user("amy", "rooms.staff", "payroll.clerk", "digital-branch.admin")), DEFINED);
  }

  @Test
  void typosCountLettersAddedDroppedOrChanged() {
    assertThat(RoleCheck.typos("staff", "staff")).isZero();
    assertThat(RoleCheck.typos("staf", "staff")).isEqualTo(1);
    assertThat(RoleCheck.typos("stafff", "staff")).isEqualTo(1);
    assertThat(RoleCheck.typos("sfatf", "staff")).isEqualTo(2);
    assertThat(RoleCheck.typos("", "abc")).isEqualTo(3);
  }
}
