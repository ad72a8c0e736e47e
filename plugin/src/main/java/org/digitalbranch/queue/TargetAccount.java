package org.digitalbranch.queue;

import java.util.Objects;
import java.util.Set;

/**
 * A configured account as the queue needs it: its platform, the team allowed to post to it, and a
 * character limit when the instance announces its own (Mastodon); 0 means the platform default.
 */
public record TargetAccount(String id, Network network, Set<String> team, int characterLimit) {
  public TargetAccount {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(network, "network");
    team = Set.copyOf(team);
  }

  public TargetAccount(String id, Network network, Set<String> team) {
    this(id, network, team, 0);
  }
}
