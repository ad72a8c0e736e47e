package org.digitalbranch.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.digitalbranch.archive.ArchiveExport;
import org.digitalbranch.archive.ArchiveSearch;
import org.digitalbranch.archive.ArchiveSearch.SimilarConversation;
import org.digitalbranch.archive.ConversationStatus;
import org.digitalbranch.archive.ConversationThread;
import org.digitalbranch.archive.InboxEntry;
import org.digitalbranch.archive.InboxFilter;
import org.digitalbranch.archive.InvalidQuery;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.archive.SearchFilter;
import org.digitalbranch.archive.SearchRequest;
import org.digitalbranch.archive.SearchResults;
import org.digitalbranch.descriptor.spi.IntranetUser;

/**
 * The archive as one person may read it: every read goes through here, so the direct-message rule
 * of {@link ArchiveAccess} holds on every path (search, inbox, thread, similar, export) alike.
 */
final class ArchiveReads {

  private final ArchiveRuntime archive;
  private final ArchiveAccess access;

  ArchiveReads(ArchiveRuntime archive, ArchiveAccess access) {
    this.archive = archive;
    this.access = access;
  }

  ArchiveAccess access() {
    return access;
  }

  SearchResults search(SearchRequest request, IntranetUser user) throws InvalidQuery {
    return archive.search().search(request, access.visibility(user));
  }

  List<String> suggest(String prefix, IntranetUser user) {
    return archive.search().suggest(prefix, 8, access.visibility(user));
  }

  /** The thread, or 404 when it does not exist or the user may not read it. */
  ConversationThread thread(String id, IntranetUser user) {
    ConversationThread thread =
        archive.store().conversation(id).orElseThrow(() -> ArchiveAccess.notFound(id));
    return access.readable(thread, user);
  }

  List<InboxEntry> inbox(InboxFilter filter) {
    return archive.store().inbox(filter);
  }

  InboxFilter inboxFilter(IntranetUser user) {
    return InboxFilter.visibleTo(access.teamAccounts(user));
  }

  /** Every conversation waiting for an answer, newest first: what the inbox counts. */
  private static final SearchRequest UNANSWERED =
      new SearchRequest(null, Map.of(), SearchRequest.Order.DATE, 1, 1)
          .withFilter(SearchFilter.STATUS, ConversationStatus.UNANSWERED.wireName());

  /**
   * How many conversations {@code user} may read wait for an answer: the inbox's total, counted
   * without the facets and highlights a page of results pays for (the start page asks on every
   * visit).
   */
  long unansweredTotal(IntranetUser user) {
    try {
      return archive.search().ids(UNANSWERED, access.visibility(user), 0, 1).total();
    } catch (InvalidQuery impossible) {
      throw new IllegalStateException("the unanswered filter is always valid", impossible);
    }
  }

  /**
   * How many conversations wait for an answer, in all and per account and kind, from the index's
   * facets (which the sync keeps a moment behind the store at most): what the API's inbox says,
   * whatever its filters.
   */
  Map<String, Object> unansweredCounts(IntranetUser user) {
    UnansweredCounts counts = unansweredCounts(user, null, null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", counts.total());
    body.put("account", counts.byAccount());
    body.put("kind", counts.byKind());
    return body;
  }

  /**
   * The inbox's counts with an account or a kind chosen (null: none).
   *
   * @param total every conversation the person may read that waits, whatever is chosen
   * @param matching those of the chosen account and kind
   * @param byAccount per account, within the chosen kind: choosing an account keeps the kind
   * @param byKind per kind, within the chosen account: choosing a kind keeps the account
   */
  record UnansweredCounts(
      long total, long matching, Map<String, Integer> byAccount, Map<String, Integer> byKind) {}

  /**
   * Each dimension counted within the other's choice, never its own: an option's count is what
   * choosing it would list, as search facets usually count. Every count goes through the person's
   * visibility, as the list does.
   */
  UnansweredCounts unansweredCounts(IntranetUser user, String account, MessageKind kind) {
    SearchRequest inKind =
        kind == null ? UNANSWERED : UNANSWERED.withFilter(SearchFilter.KIND, kind.wireName());
    SearchRequest onAccount =
        account == null ? UNANSWERED : UNANSWERED.withFilter(SearchFilter.ACCOUNT, account);
    SearchResults accounts = unanswered(inKind, user);
    // Nothing chosen, or the same choice: one search counts both dimensions.
    SearchResults kinds = onAccount.equals(inKind) ? accounts : unanswered(onAccount, user);
    Map<String, Integer> byAccount = counted(accounts, "account");
    Map<String, Integer> byKind = counted(kinds, "kind");
    long total =
        kind == null ? accounts.total() : account == null ? kinds.total() : unansweredTotal(user);
    long matching =
        account != null
            ? byAccount.getOrDefault(account, 0)
            : kind != null ? byKind.getOrDefault(kind.wireName(), 0) : total;
    return new UnansweredCounts(total, matching, byAccount, byKind);
  }

  private SearchResults unanswered(SearchRequest request, IntranetUser user) {
    try {
      return search(request, user);
    } catch (InvalidQuery impossible) {
      throw new IllegalStateException("the unanswered filter is always valid", impossible);
    }
  }

  private static Map<String, Integer> counted(SearchResults results, String dimension) {
    Map<String, Integer> byValue = new LinkedHashMap<>();
    results
        .facets()
        .getOrDefault(dimension, List.of())
        .forEach(c -> byValue.put(c.value(), c.count()));
    return byValue;
  }

  /** Answered conversations like this one (which the user must be able to read). */
  List<SimilarConversation> similar(String id, IntranetUser user) {
    thread(id, user);
    return archive.search().similar(id, ArchiveSearch.MAX_SIMILAR, access.visibility(user));
  }

  /**
   * One part of a search's result for export: conversations {@code (part - 1) * 1,000 + 1} to
   * {@code part * 1,000}, oldest first, with how many the search found and how many parts can be
   * exported (the search pages no further than {@link ArchiveSearch#MAX_RESULT_WINDOW}). The words
   * are searched exactly as typed, never as a spelling correction; {@code didYouMean} is only
   * offered.
   */
  record ExportPart(List<String> ids, long total, int part, int parts, String didYouMean) {
    long first() {
      return ids.isEmpty() ? 0 : (long) (part - 1) * ArchiveExport.MAX_CONVERSATIONS + 1;
    }

    long last() {
      return ids.isEmpty() ? 0 : first() + ids.size() - 1;
    }
  }

  /**
   * How many parts of {@link ArchiveExport#MAX_CONVERSATIONS} a result of {@code total}
   * conversations is exported in: as far as the search pages ({@link
   * ArchiveSearch#MAX_RESULT_WINDOW}); 0 for none.
   */
  static int exportParts(long total) {
    long exportable = Math.min(total, ArchiveSearch.MAX_RESULT_WINDOW);
    return (int)
        ((exportable + ArchiveExport.MAX_CONVERSATIONS - 1) / ArchiveExport.MAX_CONVERSATIONS);
  }

  ExportPart exportPart(SearchRequest asked, IntranetUser user, int part) throws InvalidQuery {
    // Oldest first whatever the page's order: parts fetched minutes apart must not overlap or
    // skip a conversation because a newer one arrived or a score moved in between. And every word
    // as typed: a records request for "all messages containing kill" must not hold the messages
    // of the word the spelling check took it for ("kids").
    SearchRequest request =
        asked.ordered(SearchRequest.Order.OLDEST).spelled(SearchRequest.Spelling.AS_TYPED);
    if (part < 1) {
      throw new HttpProblem.BadRequest("part", "part: must be 1 or more");
    }
    // A part past the window still reads the last one, for the result's size the refusal gives.
    int within = Math.min(part, exportParts(ArchiveSearch.MAX_RESULT_WINDOW));
    ArchiveSearch.IdStretch stretch =
        archive
            .search()
            .ids(
                request,
                access.visibility(user),
                (within - 1) * ArchiveExport.MAX_CONVERSATIONS,
                ArchiveExport.MAX_CONVERSATIONS);
    int parts = Math.max(1, exportParts(stretch.total()));
    if (part > parts) {
      throw new HttpProblem.BadRequest(
          "part",
          "part: this search's result is exported in "
              + parts
              + (parts == 1 ? " part" : " parts")
              + " of at most "
              + String.format(java.util.Locale.ROOT, "%,d", ArchiveExport.MAX_CONVERSATIONS)
              + " conversations");
    }
    return new ExportPart(stretch.ids(), stretch.total(), part, parts, stretch.didYouMean());
  }
}
