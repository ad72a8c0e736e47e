package org.digitalbranch.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.publish.AccountState;
import org.digitalbranch.publish.AccountStatus;
import org.digitalbranch.publish.AccountStatuses;
import org.digitalbranch.queue.Actor;

/** The page at the plugin's root: who you are here and which accounts the library runs. */
final class DashboardPage {

  private final DigitalBranchConfig config;
  private final PluginDescriptor descriptor;
  private final AccountStatuses statuses;

  DashboardPage(DigitalBranchConfig config, PluginDescriptor descriptor) {
    this(config, descriptor, null);
  }

  /**
   * @param statuses the accounts' health, so admins and moderators see which need reconnecting
   */
  DashboardPage(DigitalBranchConfig config, PluginDescriptor descriptor, AccountStatuses statuses) {
    this.config = config;
    this.descriptor = descriptor;
    this.statuses = statuses;
  }

  void show(Exchange exchange) throws IOException {
    IntranetUser user = exchange.user();
    List<Map<String, Object>> roles = new ArrayList<>();
    for (PluginDescriptor.Role role : descriptor.roles()) {
      if (user.hasRole(role.id())) {
        roles.add(Map.of("id", role.id(), "description", role.description()));
      }
    }
    List<Map<String, Object>> accounts = new ArrayList<>();
    for (AccountConfig account : config.accounts()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", account.id());
      row.put("platform", account.platform().id());
      row.put("handle", account.handle());
      row.put("onYourTeam", account.team().contains(user.name()));
      accounts.add(row);
    }
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("name", descriptor.name());
    scope.put("displayName", user.displayName());
    scope.put("userName", user.name());
    scope.put("roles", roles);
    scope.put("accounts", accounts);
    scope.put("hasAccounts", !accounts.isEmpty());
    List<Map<String, Object>> reconnect = needingReconnect(exchange.actor());
    scope.put("needsReconnect", reconnect);
    scope.put("anyNeedsReconnect", !reconnect.isEmpty());
    exchange.page(descriptor.name(), "dashboard", scope);
  }

  /** The accounts whose posts wait for an admin, with the platform's reason. */
  private List<Map<String, Object>> needingReconnect(Actor actor) {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (statuses == null || !(actor.isAdmin() || actor.isModerator())) {
      return rows;
    }
    for (AccountStatus status : statuses.all(new Actor(actor.name(), Set.of(Actor.ADMIN)))) {
      if (status.state() == AccountState.NEEDS_RECONNECT) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", status.accountId());
        row.put("reason", status.reason());
        rows.add(row);
      }
    }
    return rows;
  }
}
