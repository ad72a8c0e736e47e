package org.digitalbranch.publish;

import java.util.Arrays;

/** An account's health as the accounts page shows it. */
public enum AccountState {
  OK("ok"),
  /** The platform asked us to wait; nothing is sent to the account until the reset time. */
  RATE_LIMITED("rate_limited"),
  /** The credentials stopped working; the account's posts wait until an admin reconnects it. */
  NEEDS_RECONNECT("needs_reconnect");

  private final String id;

  AccountState(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static AccountState fromId(String id) {
    return Arrays.stream(values())
        .filter(state -> state.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown account state " + id));
  }
}
