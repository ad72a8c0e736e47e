package org.digitalbranch.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.Credentials;
import org.digitalbranch.platform.sandbox.Sandbox;
import org.digitalbranch.platform.sandbox.SandboxAccount;
import org.digitalbranch.platform.sandbox.SandboxBehaviour;
import org.digitalbranch.platform.sandbox.SandboxPlatform;

/**
 * The demo's platforms: with no account configured, the five demo accounts talk to the sandbox
 * (WireMock on loopback, seeded with library conversations and a trickle of new ones), never to the
 * real platforms with made-up tokens.
 */
final class DemoPlatforms {

  private DemoPlatforms() {}

  static Sandbox start() {
    return Sandbox.start(SandboxBehaviour.demo());
  }

  /** The demo accounts, each at its sandbox twin's base URL with the twin's credentials. */
  static List<AccountConfig> pointedAt(List<AccountConfig> accounts, Sandbox sandbox) {
    List<AccountConfig> pointed = new ArrayList<>();
    for (AccountConfig account : accounts) {
      SandboxAccount twin = sandbox.account(SandboxPlatform.fromId(account.platform().id()));
      pointed.add(
          new AccountConfig(
              account.id(),
              account.platform(),
              account.handle(),
              URI.create(twin.baseUrl()),
              Credentials.of(twin.credentials()),
              account.team()));
    }
    return pointed;
  }
}
