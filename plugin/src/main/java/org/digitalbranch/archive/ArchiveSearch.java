package org.digitalbranch.archive;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.spell.LuceneLevenshteinDistance;
import org.apache.lucene.util.BytesRef;
import org.digitalbranch.archive.SearchResults.FacetCount;
import org.digitalbranch.archive.SearchResults.Hit;
import org.digitalbranch.archive.SearchResults.MatchedMessage;

/**
 * Searching the archive: the search page and API ({@link #search}), suggestions as you type ({@link
 * #suggest}) and answered conversations like a new question ({@link #similar}).
 *
 * <p>Any text a person types gets results or an {@link InvalidQuery} naming what to change; the
 * work per request is bounded (query length, words, nesting, Lucene's clause limit, page depth).
 */
public final class ArchiveSearch {

  public static final int MAX_PAGE_SIZE = 100;

  /** Deepest hit a page may reach; beyond it narrow the search instead. */
  public static final int MAX_RESULT_WINDOW = 10_000;

  public static final int MAX_SUGGESTIONS = 20;
  public static final int MAX_SIMILAR = 5;

  /**
   * Whether the query typed something but nothing to look for (only punctuation, say): a search
   * refuses it, and the global search box shows nothing for it rather than the refusal.
   */
  public static boolean nothingToSearch(String query) {
    return ArchiveQueryParser.nothingToSearch(query);
  }

  static final int FACET_VALUES = 100;

  /**
   * Months are counted in full, not only the hundred most frequent: the archive page lists the
   * newest ones, and a quiet recent month must not give way to a busy one from years ago. A century
   * of months is still a short list.
   */
  static final int MONTH_VALUES = 1_200;

  private static final int MAX_SUGGEST_TERMS_SCANNED = 50_000;

  /**
   * An answered conversation like the question: its customer message closest to the question's
   * words (null when it has none), and the staff answers to that message to show beside it.
   */
  public record SimilarConversation(
      ArchivedConversation conversation,
      float score,
      ArchivedMessage question,
      List<ArchivedMessage> answers) {}

  private final ArchiveIndex index;
  private final ArchiveQueryParser parser;
  private volatile FacetState facetState;

  private record FacetState(IndexReader reader, SortedSetDocValuesReaderState state) {}

  public ArchiveSearch(ArchiveIndex index) {
    this.index = index;
    this.parser = new ArchiveQueryParser(index.analysis());
  }

  /** One page of conversations matching the request, with facet counts over the whole result. */
  public SearchResults search(SearchRequest request) throws InvalidQuery {
    return search(request, ArchiveVisibility.all());
  }

  /**
   * As {@link #search(SearchRequest)}, over only what {@code visibility} lets the person read: the
   * hidden conversations count in neither the total nor the facets.
   */
  public SearchResults search(SearchRequest request, ArchiveVisibility visibility)
      throws InvalidQuery {
    checkPaging(request);
    return searching(
        searcher -> {
          ArchiveQueryParser.Parsed parsed =
              parser.parse(request.query(), searcher, visibility.hidden(), request.spelling());
          Query query = combine(parsed, request.filters(), visibility, searcher.getIndexReader());
          int window = request.page() * request.size();
          // Sorted by relevance, each hit's score is already its first sort value; asking the
          // collector for scores would score the page's hits a second time.
          boolean byRelevance = request.order() == SearchRequest.Order.RELEVANCE;
          FacetsCollectorManager.FacetsResult result =
              FacetsCollectorManager.search(
                  searcher,
                  query,
                  window,
                  sort(request.order()),
                  !byRelevance,
                  new FacetsCollectorManager());
          TopDocs top = result.topDocs();
          int from = Math.min((request.page() - 1) * request.size(), top.scoreDocs.length);
          ScoreDoc[] page = Arrays.copyOfRange(top.scoreDocs, from, top.scoreDocs.length);
          int[] docIds = new int[page.length];
          for (int i = 0; i < page.length; i++) {
            docIds[i] = page[i].doc;
          }
          List<ArchivedConversation> conversations =
              index.schema().conversations(searcher.getIndexReader(), docIds);
          List<List<MatchedMessage>> matches =
              parsed.text().isPresent()
                  ? new MessageHighlighter(searcher, index.analysis().index())
                      .highlight(parsed.text().get(), docIds, conversations)
                  : conversations.stream().map(c -> List.<MatchedMessage>of()).toList();
          List<Hit> hits = new ArrayList<>();
          for (int i = 0; i < page.length; i++) {
            float score = byRelevance ? (Float) ((FieldDoc) page[i]).fields[0] : page[i].score;
            hits.add(new Hit(conversations.get(i), score, matches.get(i)));
          }
          // The facets collector saw every match, so its count is exact where TopDocs may stop
          // early.
          long total =
              result.facetsCollector().getMatchingDocs().stream()
                  .mapToLong(FacetsCollector.MatchingDocs::totalHits)
                  .sum();
          return new SearchResults(
              total,
              request.page(),
              request.size(),
              List.copyOf(hits),
              facets(searcher, result),
              parsed.didYouMean(),
              parsed.searchedAs(),
              parsed.replaced());
        });
  }

  /** Work on one searcher, held for its length; the result of {@link #searching}. */
  private interface Searching<T> {
    T on(IndexSearcher searcher) throws IOException, InvalidQuery;
  }

  /** Runs the work on a searcher, released after; a query grown too large is the reader's error. */
  private <T> T searching(Searching<T> work) throws InvalidQuery {
    IndexSearcher searcher = index.acquire();
    try {
      return work.on(searcher);
    } catch (IndexSearcher.TooManyClauses e) {
      throw ArchiveQueryParser.tooManyClauses();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      index.release(searcher);
    }
  }

  /**
   * A stretch of a result's conversation ids, in the result's order, the result's size, and the
   * query with its spelling corrected when the search offered a correction (else null), as {@link
   * SearchResults#didYouMean()}. Whether a correction was searched is the request's {@link
   * SearchRequest#spelling()}: an export asks for {@link SearchRequest.Spelling#AS_TYPED}.
   */
  public record IdStretch(long total, List<String> ids, String didYouMean) {}

  /**
   * The ids of the result's conversations {@code from} (counted from 0) to {@code from + count - 1}
   * in the request's order, and how many conversations the result holds. This is what an export
   * needs, and all it computes: a page of {@link #search} also counts every facet over the whole
   * result and highlights each hit, which an export of 1,000 would pay ten times over. The
   * request's page and size are not used.
   */
  public IdStretch ids(SearchRequest request, ArchiveVisibility visibility, int from, int count)
      throws InvalidQuery {
    if (from < 0 || count < 1 || (long) from + count > MAX_RESULT_WINDOW) {
      throw new IllegalArgumentException(
          "a stretch within the first " + MAX_RESULT_WINDOW + " hits, not " + from + "+" + count);
    }
    return searching(
        searcher -> {
          ArchiveQueryParser.Parsed parsed =
              parser.parse(request.query(), searcher, visibility.hidden(), request.spelling());
          Query query = combine(parsed, request.filters(), visibility, searcher.getIndexReader());
          // Counting every hit while collecting the stretch gives the exact total in one pass.
          TopDocs top =
              searcher.search(
                  query,
                  new TopFieldCollectorManager(
                      sort(request.order()), from + count, null, Integer.MAX_VALUE));
          List<String> ids = new ArrayList<>();
          for (int i = from; i < top.scoreDocs.length; i++) {
            // Every order ends with the id's doc values as its tie-breaker, so each hit carries its
            // id as its last sort value and no document needs decoding.
            Object[] values = ((FieldDoc) top.scoreDocs[i]).fields;
            ids.add(((BytesRef) values[values.length - 1]).utf8ToString());
          }
          return new IdStretch(top.totalHits.value(), List.copyOf(ids), parsed.didYouMean());
        });
  }

  /**
   * Up to {@code n} completions of the last word typed, as whole queries ("library ca" → "library
   * card"), most frequent first. Drawn from the words of the index itself rather than a separate
   * suggester index: nothing extra to keep in sync with the store or to rebuild, and it never
   * suggests a word no conversation contains. Words with digits are left out (card numbers, phone
   * numbers). Bad input gives no suggestions, never an error: this runs on every keystroke.
   */
  public List<String> suggest(String prefix, int n) {
    return suggest(prefix, n, ArchiveVisibility.all());
  }

  /** What ends a head whose partial word is a filter's value: {@code field:}, perhaps quoted. */
  private static final java.util.regex.Pattern FILTER_VALUE =
      java.util.regex.Pattern.compile(":[\"(]?$");

  /**
   * As {@link #suggest(String, int)}, offering only words that occur in a conversation {@code
   * visibility} lets the person read, so a private message's words never show up as a suggestion.
   */
  public List<String> suggest(String prefix, int n, ArchiveVisibility visibility) {
    if (prefix == null || prefix.length() > 200 || n < 1) {
      return List.of();
    }
    int limit = Math.min(n, MAX_SUGGESTIONS);
    // Positions are found in the text as typed: lowercasing can change its length (the Turkish
    // capital İ becomes two characters), and the head is cut from the typed text.
    int lastWord = prefix.length();
    while (lastWord > 0 && Character.isLetter(prefix.charAt(lastWord - 1))) {
      lastWord--;
    }
    String partial = prefix.substring(lastWord).toLowerCase(Locale.ROOT);
    if (partial.isEmpty() || FILTER_VALUE.matcher(prefix.substring(0, lastWord)).find()) {
      // A filter's value (platform:fa, staff:"li) is not a word of the messages.
      return List.of();
    }
    // The rest as typed, case and operators kept ("library NOT ca" must not become "not"), and
    // the word put where the partial was: "-ca" becomes "-can", not the inclusion "- can".
    String head = prefix.substring(0, lastWord).replaceAll("[\\p{Cntrl}\\s]+", " ").stripLeading();
    IndexSearcher searcher = index.acquire();
    try {
      Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), ArchiveSchema.WORDS);
      if (terms == null) {
        return List.of();
      }
      Comparator<Candidate> best =
          Comparator.comparingInt(Candidate::docFreq).reversed().thenComparing(Candidate::word);
      PriorityQueue<Candidate> worstFirst = new PriorityQueue<>(best.reversed());
      Optional<Query> hidden = visibility.hidden();
      // Hidden words and patrons' typos are dropped after ranking, so rank more than asked for.
      int candidates = limit * (hidden.isPresent() ? 6 : 3);
      TermsEnum it = terms.iterator();
      BytesRef start = new BytesRef(partial);
      if (it.seekCeil(start) == TermsEnum.SeekStatus.END) {
        return List.of();
      }
      int scanned = 0;
      for (BytesRef term = it.term();
          term != null && scanned < MAX_SUGGEST_TERMS_SCANNED;
          term = it.next(), scanned++) {
        String word = term.utf8ToString();
        if (!word.startsWith(partial)) {
          break;
        }
        if (word.chars().anyMatch(Character::isDigit)) {
          continue;
        }
        worstFirst.add(new Candidate(word, it.docFreq()));
        if (worstFirst.size() > candidates) {
          worstFirst.poll();
        }
      }
      List<String> words = new ArrayList<>();
      List<Candidate> kept = new ArrayList<>();
      for (Candidate candidate : worstFirst.stream().sorted(best).toList()) {
        if (words.size() == limit) {
          break;
        }
        if (looksLikeATypoOf(candidate, kept)) {
          continue;
        }
        if (hidden.isEmpty() || readable(searcher, candidate.word(), hidden.get())) {
          words.add(candidate.word());
          kept.add(candidate);
        }
      }
      return words.stream().map(word -> head + word).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      index.release(searcher);
    }
  }

  /**
   * Whether a suggestion is a patron's slip of a word already offered: within two edits
   * (transpositions count as one, Lucene's LuceneLevenshteinDistance) of a word at least {@value
   * #TYPO_RATIO} times as common. "storyitme" is not worth offering beside "storytime".
   */
  private static boolean looksLikeATypoOf(Candidate candidate, List<Candidate> offered) {
    for (Candidate better : offered) {
      if (better.docFreq() >= (long) TYPO_RATIO * candidate.docFreq()
          && TYPO_DISTANCE.getDistance(better.word(), candidate.word()) > TYPO_SIMILARITY) {
        return true;
      }
    }
    return false;
  }

  private static final int TYPO_RATIO = 10;

  /** A word the index offers as a suggestion, with how many conversations hold it. */
  private record Candidate(String word, int docFreq) {}

  private static final LuceneLevenshteinDistance TYPO_DISTANCE = new LuceneLevenshteinDistance();

  /**
   * Above this similarity ({@code 1 - edits / shorter length}, LuceneLevenshteinDistance) a rare
   * word is taken for a slip: one edit in six letters or more ("storyitme": 0.89). Short words are
   * left alone, since one edit there makes another word ("care" beside "card": 0.75).
   */
  private static final float TYPO_SIMILARITY = 0.8f;

  private static boolean readable(IndexSearcher searcher, String word, Query hidden)
      throws IOException {
    Query visibleWithWord =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(ArchiveSchema.WORDS, word)), BooleanClause.Occur.FILTER)
            .add(hidden, BooleanClause.Occur.MUST_NOT)
            .build();
    return searcher.count(visibleWithWord) > 0;
  }

  /**
   * Up to {@code n} (at most five) answered conversations most like the customers' words in the
   * given one, with their staff answers. Empty when the conversation is not in the index.
   */
  public List<SimilarConversation> similar(String conversationId, int n) {
    return similar(conversationId, n, ArchiveVisibility.all());
  }

  /** As {@link #similar(String, int)}, among the conversations {@code visibility} lets one read. */
  public List<SimilarConversation> similar(
      String conversationId, int n, ArchiveVisibility visibility) {
    int limit = Math.max(1, Math.min(n, MAX_SIMILAR));
    IndexSearcher searcher = index.acquire();
    try {
      TopDocs own = searcher.search(new TermQuery(ArchiveSchema.idTerm(conversationId)), 1);
      if (own.scoreDocs.length == 0) {
        return List.of();
      }
      ArchivedConversation question =
          index.schema().conversation(searcher.getIndexReader(), own.scoreDocs[0].doc);
      String customerWords =
          question.messages().stream()
              .filter(m -> !m.staff() && !m.deleted())
              .map(ArchivedMessage::text)
              .collect(Collectors.joining("\n"));
      if (customerWords.isBlank()) {
        return List.of();
      }
      MoreLikeThis mlt = new MoreLikeThis(searcher.getIndexReader());
      mlt.setAnalyzer(index.analysis().index());
      mlt.setFieldNames(new String[] {ArchiveSchema.TEXT});
      mlt.setMinTermFreq(1);
      mlt.setMinDocFreq(1);
      mlt.setMinWordLen(2);
      mlt.setMaxQueryTerms(25);
      Query like = mlt.like(ArchiveSchema.TEXT, new StringReader(customerWords));
      BooleanQuery.Builder answered =
          new BooleanQuery.Builder()
              .add(like, BooleanClause.Occur.MUST)
              .add(
                  new TermQuery(
                      new Term(ArchiveSchema.STATUS, ConversationStatus.ANSWERED.wireName())),
                  BooleanClause.Occur.FILTER)
              .add(
                  new TermQuery(ArchiveSchema.idTerm(conversationId)),
                  BooleanClause.Occur.MUST_NOT);
      visibility.hidden().ifPresent(hidden -> answered.add(hidden, BooleanClause.Occur.MUST_NOT));
      Query query = answered.build();
      List<SimilarConversation> similar = new ArrayList<>();
      Set<String> asked = terms(customerWords);
      for (ScoreDoc hit : searcher.search(query, limit).scoreDocs) {
        ArchivedConversation c = index.schema().conversation(searcher.getIndexReader(), hit.doc);
        Map<ArchivedMessage, List<ArchivedMessage>> questions = answeredQuestions(c);
        if (questions.isEmpty()) {
          // Answered, but not visibly to any one message: every answer, and the closest question.
          ArchivedMessage matched =
              closestQuestion(c.messages().stream().filter(m -> !m.staff()).toList(), asked);
          similar.add(new SimilarConversation(c, hit.score, matched, staffAnswers(c)));
        } else {
          ArchivedMessage matched = closestQuestion(questions.keySet(), asked);
          similar.add(new SimilarConversation(c, hit.score, matched, questions.get(matched)));
        }
      }
      return List.copyOf(similar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      index.release(searcher);
    }
  }

  private static void checkPaging(SearchRequest request) throws InvalidQuery {
    if (request.size() < 1 || request.size() > MAX_PAGE_SIZE) {
      throw new InvalidQuery("size: must be between 1 and " + MAX_PAGE_SIZE);
    }
    if (request.page() < 1) {
      throw new InvalidQuery("page: must be 1 or more");
    }
    if ((long) request.page() * request.size() > MAX_RESULT_WINDOW) {
      throw new InvalidQuery(
          "page: only the first "
              + MAX_RESULT_WINDOW
              + " hits can be paged through; add words or filters to narrow the search");
    }
  }

  private Query combine(
      ArchiveQueryParser.Parsed parsed,
      Map<SearchFilter, List<String>> given,
      ArchiveVisibility visibility,
      IndexReader reader)
      throws InvalidQuery {
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    query.add(parsed.text().orElse(new MatchAllDocsQuery()), BooleanClause.Occur.MUST);
    visibility.hidden().ifPresent(hidden -> query.add(hidden, BooleanClause.Occur.MUST_NOT));
    for (Map.Entry<SearchFilter, List<String>> entry : given.entrySet()) {
      if (!entry.getValue().isEmpty()) {
        query.add(filter(entry.getKey(), entry.getValue(), reader), BooleanClause.Occur.FILTER);
      }
    }
    Map<SearchFilter, List<String>> typedIn = new LinkedHashMap<>();
    Map<SearchFilter, List<String>> typedOut = new LinkedHashMap<>();
    for (ArchiveQueryParser.TypedFilter typed : parsed.filters()) {
      (typed.excluded() ? typedOut : typedIn)
          .computeIfAbsent(typed.filter(), f -> new ArrayList<>())
          .add(typed.value());
    }
    for (Map.Entry<SearchFilter, List<String>> entry : typedIn.entrySet()) {
      query.add(filter(entry.getKey(), entry.getValue(), reader), BooleanClause.Occur.FILTER);
    }
    for (Map.Entry<SearchFilter, List<String>> entry : typedOut.entrySet()) {
      if (entry.getKey().field() == null) {
        throw new InvalidQuery(
            entry.getKey().parameter() + ": a date cannot be excluded; use from: and to:");
      }
      query.add(filter(entry.getKey(), entry.getValue(), reader), BooleanClause.Occur.MUST_NOT);
    }
    requireOrderedDates(given, typedIn);
    return query.build();
  }

  /**
   * A "to" before the "from" can hold nothing: said, rather than answered with no results that read
   * as "no conversation then". (Each date's own form is checked where its filter is made.)
   */
  private static void requireOrderedDates(
      Map<SearchFilter, List<String>> given, Map<SearchFilter, List<String>> typed)
      throws InvalidQuery {
    LocalDate from = outermost(SearchFilter.FROM, true, given, typed);
    LocalDate to = outermost(SearchFilter.TO, false, given, typed);
    if (from != null && to != null && to.isBefore(from)) {
      throw new InvalidQuery(
          "to: "
              + to
              + " is before the from date, "
              + from
              + ", so nothing can fall between them; swap the two dates");
    }
  }

  /** The latest (or earliest) date given for the filter, in the request or typed; null if none. */
  private static LocalDate outermost(
      SearchFilter filter,
      boolean latest,
      Map<SearchFilter, List<String>> given,
      Map<SearchFilter, List<String>> typed)
      throws InvalidQuery {
    LocalDate outermost = null;
    for (String value : datesOf(filter, given, typed)) {
      LocalDate day = date(filter, value);
      if (outermost == null || (latest ? day.isAfter(outermost) : day.isBefore(outermost))) {
        outermost = day;
      }
    }
    return outermost;
  }

  private static List<String> datesOf(
      SearchFilter filter,
      Map<SearchFilter, List<String>> given,
      Map<SearchFilter, List<String>> typed) {
    List<String> values = new ArrayList<>(given.getOrDefault(filter, List.of()));
    values.addAll(typed.getOrDefault(filter, List.of()));
    return values;
  }

  /** Any of the values of one filter. */
  private Query filter(SearchFilter filter, List<String> values, IndexReader reader)
      throws InvalidQuery {
    String name = filter.parameter();
    if (filter == SearchFilter.FROM || filter == SearchFilter.TO) {
      if (values.size() != 1) {
        throw new InvalidQuery(name + ": give one date, not " + values.size());
      }
      LocalDate day = date(filter, values.get(0));
      long bound =
          filter == SearchFilter.FROM
              ? day.atStartOfDay(index.schema().zone()).toInstant().toEpochMilli()
              : day.plusDays(1).atStartOfDay(index.schema().zone()).toInstant().toEpochMilli() - 1;
      return filter == SearchFilter.FROM
          ? LongPoint.newRangeQuery(ArchiveSchema.STARTED, bound, Long.MAX_VALUE)
          : LongPoint.newRangeQuery(ArchiveSchema.STARTED, Long.MIN_VALUE, bound);
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    for (String raw : values) {
      String value = raw == null ? "" : raw.strip();
      if (value.isEmpty()) {
        throw new InvalidQuery(
            name + ": needs a value, for example " + ArchiveQueryParser.example(filter));
      }
      if (value.length() > ArchiveQueryParser.MAX_FILTER_VALUE_LENGTH) {
        throw new InvalidQuery(
            name + ": the value is longer than " + ArchiveQueryParser.MAX_FILTER_VALUE_LENGTH);
      }
      String term =
          switch (filter) {
            case KIND ->
                MessageKind.fromWireName(value.toLowerCase(Locale.ROOT))
                    .map(MessageKind::wireName)
                    .orElseThrow(() -> unknown(filter, value, MessageKind.values()));
            case STATUS ->
                ConversationStatus.fromWireName(value.toLowerCase(Locale.ROOT))
                    .map(ConversationStatus::wireName)
                    .orElseThrow(() -> unknown(filter, value, ConversationStatus.values()));
            // Closed lists, like kind and status: a value none can have is a slip to name,
            // not a search that quietly finds nothing.
            case PLATFORM -> known(filter, value, PLATFORMS);
            case TOPIC -> known(filter, value, TOPICS);
            case STAFF, ACCOUNT -> asIndexed(reader, filter.field(), value);
            default -> value;
          };
      any.add(new TermQuery(new Term(filter.field(), term)), BooleanClause.Occur.SHOULD);
    }
    return any.build();
  }

  /**
   * A staff member's or account's name as the index holds it. People type 'staff:Ana' for the user
   * 'ana': when no conversation has the value exactly, the one that differs only in case (the field
   * holds a few dozen names) is used.
   */
  private static String asIndexed(IndexReader reader, String field, String value) {
    try {
      if (reader.docFreq(new Term(field, value)) > 0) {
        return value;
      }
      for (LeafReaderContext leaf : reader.leaves()) {
        Terms terms = leaf.reader().terms(field);
        if (terms == null) {
          continue;
        }
        TermsEnum each = terms.iterator();
        for (BytesRef term = each.next(); term != null; term = each.next()) {
          String indexed = term.utf8ToString();
          if (indexed.equalsIgnoreCase(value)) {
            return indexed;
          }
        }
      }
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The values a platform or topic filter can have: the networks, the queue's topics. */
  private static final List<String> PLATFORMS =
      Arrays.stream(org.digitalbranch.queue.Network.values())
          .map(org.digitalbranch.queue.Network::id)
          .toList();

  private static final List<String> TOPICS =
      Arrays.stream(org.digitalbranch.queue.Topic.values())
          .map(org.digitalbranch.queue.Topic::id)
          .toList();

  private static String known(SearchFilter filter, String value, List<String> ids)
      throws InvalidQuery {
    String id = value.toLowerCase(Locale.ROOT);
    if (!ids.contains(id)) {
      throw unknown(filter, value, ids);
    }
    return id;
  }

  private static InvalidQuery unknown(SearchFilter filter, String value, Enum<?>[] known) {
    return unknown(
        filter, value, Arrays.stream(known).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
  }

  private static InvalidQuery unknown(SearchFilter filter, String value, List<String> names) {
    return new InvalidQuery(
        filter.parameter()
            + ": unknown value \""
            + value
            + "\"; use one of "
            + String.join(", ", names));
  }

  /** The years a date filter may name: a year beyond them is a typing slip, not a search. */
  private static final int FIRST_YEAR = 1900;

  private static final int LAST_YEAR = 9999;

  private static LocalDate date(SearchFilter filter, String value) throws InvalidQuery {
    LocalDate day;
    try {
      day = LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidQuery(
          filter.parameter() + ": expected a date as yyyy-mm-dd, got \"" + value + "\"");
    }
    // LocalDate takes years up to ±999,999,999, whose instants do not fit in epoch milliseconds.
    if (day.getYear() < FIRST_YEAR || day.getYear() > LAST_YEAR) {
      throw new InvalidQuery(
          filter.parameter()
              + ": expected a date between "
              + FIRST_YEAR
              + "-01-01 and "
              + LAST_YEAR
              + "-12-31, got \""
              + value
              + "\"");
    }
    return day;
  }

  private static Sort sort(SearchRequest.Order order) {
    SortField newest = new SortField(ArchiveSchema.STARTED, SortField.Type.LONG, true);
    SortField byId = new SortField(ArchiveSchema.ID_SORT, SortField.Type.STRING);
    return switch (order) {
      case RELEVANCE -> new Sort(SortField.FIELD_SCORE, newest, byId);
      case DATE -> new Sort(newest, byId);
      case OLDEST ->
          new Sort(new SortField(ArchiveSchema.STARTED, SortField.Type.LONG, false), byId);
    };
  }

  private Map<String, List<FacetCount>> facets(
      IndexSearcher searcher, FacetsCollectorManager.FacetsResult result) throws IOException {
    Map<String, List<FacetCount>> facets = new LinkedHashMap<>();
    Optional<SortedSetDocValuesReaderState> state = facetState(searcher.getIndexReader());
    SortedSetDocValuesFacetCounts counts =
        state.isPresent()
            ? new SortedSetDocValuesFacetCounts(state.get(), result.facetsCollector())
            : null;
    for (String dimension : ArchiveSchema.FACET_DIMENSIONS) {
      List<FacetCount> values = new ArrayList<>();
      FacetResult top = counts == null ? null : topChildren(counts, dimension);
      if (top != null) {
        for (LabelAndValue lv : top.labelValues) {
          values.add(new FacetCount(lv.label, lv.value.intValue()));
        }
      }
      facets.put(dimension, List.copyOf(values));
    }
    return facets;
  }

  private static FacetResult topChildren(SortedSetDocValuesFacetCounts counts, String dimension)
      throws IOException {
    try {
      int values = dimension.equals(ArchiveSchema.MONTH) ? MONTH_VALUES : FACET_VALUES;
      return counts.getTopChildren(values, dimension);
    } catch (IllegalArgumentException noSuchDimensionYet) {
      return null;
    }
  }

  /** The facet ordinals of a reader are costly to build, so they are kept until it changes. */
  private Optional<SortedSetDocValuesReaderState> facetState(IndexReader reader)
      throws IOException {
    FacetState cached = facetState;
    if (cached != null && cached.reader() == reader) {
      return Optional.of(cached.state());
    }
    try {
      SortedSetDocValuesReaderState state =
          new DefaultSortedSetDocValuesReaderState(reader, index.schema().facetsConfig());
      facetState = new FacetState(reader, state);
      return Optional.of(state);
    } catch (IllegalArgumentException emptyIndex) {
      return Optional.empty();
    }
  }

  /** The terms the index makes of a text (stemmed, with synonyms), to compare two questions. */
  private Set<String> terms(String text) {
    Set<String> terms = new HashSet<>();
    try (TokenStream stream = index.analysis().index().tokenStream(ArchiveSchema.TEXT, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }

  /**
   * Of the customer messages given, the one that shares the most terms with the question, the
   * earliest of equals: under a library's post many patrons ask different things, and the one like
   * the question is the one whose answer helps. Null when none is given.
   */
  private ArchivedMessage closestQuestion(
      java.util.Collection<ArchivedMessage> questions, Set<String> asked) {
    ArchivedMessage best = null;
    int bestShared = -1;
    for (ArchivedMessage m : questions) {
      if (m.deleted()) {
        continue;
      }
      Set<String> shared = terms(m.text());
      shared.retainAll(asked);
      if (shared.size() > bestShared) {
        best = m;
        bestShared = shared.size();
      }
    }
    return best;
  }

  /**
   * The customer messages the library answered, in thread order, each with its answers: the staff
   * replies to it where the platform says what each reply answers; in a thread where it never does,
   * the staff messages right after it, before the next customer message. The library's own post
   * that opened the thread is never an answer.
   */
  static Map<ArchivedMessage, List<ArchivedMessage>> answeredQuestions(ArchivedConversation c) {
    List<ArchivedMessage> messages = c.messages();
    List<ArchivedMessage> staff = staffAnswers(c);
    boolean threaded = messages.stream().anyMatch(m -> m.inReplyTo() != null);
    Map<ArchivedMessage, List<ArchivedMessage>> answered = new java.util.LinkedHashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      ArchivedMessage question = messages.get(i);
      if (question.staff()) {
        continue;
      }
      List<ArchivedMessage> answers = new ArrayList<>();
      if (threaded) {
        for (ArchivedMessage m : staff) {
          if (question.id().equals(m.inReplyTo())) {
            answers.add(m);
          }
        }
      } else {
        for (ArchivedMessage m : messages.subList(i + 1, messages.size())) {
          if (!m.staff()) {
            break;
          }
          if (staff.contains(m)) {
            answers.add(m);
          }
        }
      }
      if (!answers.isEmpty()) {
        answered.put(question, List.copyOf(answers));
      }
    }
    return answered;
  }

  /** The thread's staff messages that can be answers: not deleted, not the opening post. */
  static List<ArchivedMessage> staffAnswers(ArchivedConversation c) {
    List<ArchivedMessage> messages = c.messages();
    List<ArchivedMessage> staff = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      ArchivedMessage m = messages.get(i);
      if (m.staff() && !m.deleted() && !(i == 0 && m.inReplyTo() == null)) {
        staff.add(m);
      }
    }
    return List.copyOf(staff);
  }
}
