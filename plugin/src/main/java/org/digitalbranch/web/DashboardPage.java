package org.digitalbranch.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.IntranetUser;

/** The page at the plugin's root: who you are here and which accounts the library runs. */
final class DashboardPage {

  private final DigitalBranchConfig config;
  private final PluginDescriptor descriptor;

  DashboardPage(DigitalBranchConfig config, PluginDescriptor descriptor) {
    this.config = config;
    this.descriptor = descriptor;
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
    exchange.page(descriptor.name(), "dashboard", scope);
  }
}
