package org.digitalbranch.web;

import java.util.LinkedHashSet;
import java.util.Set;
import org.digitalbranch.archive.ArchiveVisibility;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.queue.Actor;

/**
 * Who may read and do what in the archive. Every plugin role may search, read the inbox and
 * threads, and close a conversation; exports (records requests) and the index rebuild are for
 * admins, as DESIGN.md's roles say: a records request is answered by the library's records side,
 * not by a platform team's lead. Direct messages are readable only by the team of their account,
 * whatever the role: a thread a person may not read is answered 404, as if it did not exist.
 */
final class ArchiveAccess {

  private final DigitalBranchConfig config;

  ArchiveAccess(DigitalBranchConfig config) {
    this.config = config;
  }

  /** The accounts on whose team the user works. */
  Set<String> teamAccounts(IntranetUser user) {
    Set<String> accounts = new LinkedHashSet<>();
    for (AccountConfig account : config.accounts()) {
      if (account.team().contains(user.name())) {
        accounts.add(account.id());
      }
    }
    return accounts;
  }

  ArchiveVisibility visibility(IntranetUser user) {
    return ArchiveVisibility.directMessagesOf(teamAccounts(user));
  }

  /** The thread, when the user may read it; else the same 404 as for an unknown id. */
  ConversationThread readable(ConversationThread thread, IntranetUser user) {
    if (!visibility(user).mayRead(thread.kind(), thread.account())) {
      throw notFound(thread.id());
    }
    return thread;
  }

  static HttpProblem.NotFound notFound(String conversationId) {
    return new HttpProblem.NotFound("There is no conversation " + conversationId + ".");
  }

  static boolean mayExport(IntranetUser user) {
    return user.hasRole(Actor.ADMIN);
  }

  static void requireExporter(IntranetUser user) {
    if (!mayExport(user)) {
      throw new HttpProblem.Forbidden("Exporting the archive is for admins (records requests).");
    }
  }

  static void requireAdmin(IntranetUser user) {
    if (!user.hasRole(Actor.ADMIN)) {
      throw new HttpProblem.Forbidden("Rebuilding the archive index is for admins.");
    }
  }
}
