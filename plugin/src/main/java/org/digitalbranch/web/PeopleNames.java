package org.digitalbranch.web;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.queue.Transactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names colleagues go by, for pages: "Morgan Moderator" rather than the sign-in name. The
 * intranet hands the plugin only the signed-in person's name, so each person's is remembered as
 * they use the plugin (everyone a page names has: an author drafted, a moderator decided, a member
 * of staff answered), kept in the store across restarts and updated when the intranet renames them.
 * Records keep the sign-in name; someone never seen is shown by it.
 */
final class PeopleNames {

  private static final Logger LOG = LoggerFactory.getLogger(PeopleNames.class);

  private final Transactor transactor;
  private final Clock clock;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  PeopleNames(Transactor transactor, Clock clock) {
    this.transactor = transactor;
    this.clock = clock;
    transactor.read(
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement("SELECT user_name, display_name FROM people");
              ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              names.put(rows.getString(1), rows.getString(2));
            }
          }
          return null;
        });
  }

  /** Remembers the person's name when it is new or changed: a write per person, not per request. */
  void saw(IntranetUser user) {
    String name = user.displayName() == null ? "" : user.displayName().strip();
    if (name.isEmpty() || name.equals(names.get(user.name()))) {
      return;
    }
    // Shown at once; kept for the next start when the store takes it. A name is a courtesy of
    // the pages: a store that cannot take it now must not refuse the person's request.
    names.put(user.name(), name);
    try {
      transactor.inTransaction(
          connection -> {
            try (PreparedStatement upsert =
                connection.prepareStatement(
                    "INSERT INTO people (user_name, display_name, seen_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (user_name) DO UPDATE SET display_name ="
                        + " excluded.display_name, seen_at = excluded.seen_at")) {
              upsert.setString(1, user.name());
              upsert.setString(2, name);
              upsert.setLong(3, clock.millis());
              upsert.executeUpdate();
            }
            return null;
          });
    } catch (RuntimeException e) {
      LOG.warn("Could not keep {}'s name for the next start: {}", user.name(), e.toString());
    }
  }

  /** The person's name as pages show it, or the sign-in name when they were never seen. */
  String shown(String userName) {
    if (userName == null) {
      return null;
    }
    return names.getOrDefault(userName, userName);
  }
}
