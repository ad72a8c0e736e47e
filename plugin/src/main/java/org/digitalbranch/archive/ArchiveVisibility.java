package org.digitalbranch.archive;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * What part of the archive a person may read. Direct messages are private to the team of the
 * account they were sent to (DESIGN.md §1, §6); everything else is open to all staff. The web layer
 * knows the teams and builds one of these per request; every read path (search, suggestions,
 * similar conversations, inbox, thread, export) applies it.
 *
 * @param everything true for a caller that may read every direct message (a command-line rebuild, a
 *     test); people always get {@link #directMessagesOf}
 * @param directMessageAccounts the accounts whose direct messages may be read
 */
public record ArchiveVisibility(boolean everything, Set<String> directMessageAccounts) {

  public ArchiveVisibility {
    directMessageAccounts =
        Set.copyOf(Objects.requireNonNull(directMessageAccounts, "directMessageAccounts"));
  }

  public static ArchiveVisibility all() {
    return new ArchiveVisibility(true, Set.of());
  }

  /** Direct messages only of these accounts (the person is on their teams). */
  public static ArchiveVisibility directMessagesOf(Set<String> accounts) {
    return new ArchiveVisibility(false, accounts);
  }

  /** Whether a conversation opened by {@code kind} on {@code account} may be read. */
  public boolean mayRead(MessageKind kind, String account) {
    return everything
        || kind != MessageKind.DIRECT_MESSAGE
        || directMessageAccounts.contains(account);
  }

  /** The documents this visibility hides, or empty when it hides nothing. */
  Optional<Query> hidden() {
    if (everything) {
      return Optional.empty();
    }
    BooleanQuery.Builder hidden =
        new BooleanQuery.Builder()
            .add(
                new TermQuery(new Term(ArchiveSchema.KIND, MessageKind.DIRECT_MESSAGE.wireName())),
                BooleanClause.Occur.MUST);
    for (String account : directMessageAccounts) {
      hidden.add(
          new TermQuery(new Term(ArchiveSchema.ACCOUNT, account)), BooleanClause.Occur.MUST_NOT);
    }
    return Optional.of(hidden.build());
  }
}
