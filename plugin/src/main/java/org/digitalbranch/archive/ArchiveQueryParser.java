package org.digitalbranch.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.search.spell.SuggestWord;
import org.apache.lucene.util.Bits;

/**
 * Reads the query language a librarian types: words, {@code "phrases"}, {@code -exclude}, {@code
 * OR} (also {@code AND}, {@code NOT}, parentheses), and filters such as {@code platform:facebook}
 * or {@code staff:"mlopez"} anywhere in the text; {@code -status:closed} excludes.
 *
 * <p>Filters are cut out here, by hand, and become filter clauses; the rest goes to Lucene's {@link
 * SimpleQueryParser}, which never fails on syntax (unbalanced quotes and brackets are read as well
 * as they can be). Only its AND, NOT, OR, phrase, precedence and whitespace operators are on: no
 * wildcards, fuzzy or proximity syntax, so no input can make it expand terms by itself. Its
 * operators are {@code + | -}; the words {@code AND OR NOT} are translated to them.
 *
 * <p>Misspellings: every word that finds nothing or fewer than {@value #MAX_CHECKED_FREQUENCY}
 * conversations (a few pages of results) is checked with {@link DirectSpellChecker} against the
 * index's own words, and a clearly more frequent word close enough to be a slip of the fingers is
 * offered as "did you mean". Close enough is one edit for a word of up to {@value #ONE_EDIT_UP_TO}
 * letters and two for a longer one (a transposition counts as one): two edits leave a four-letter
 * word only half its letters, so they mostly lead to another real word ("kill" to "kids", "moron"
 * to "mason") rather than to the one meant, while a long word keeps enough of itself ("chemestri"
 * is still "chemistry").
 *
 * <p>A word finds something when its analysed form does, not only its spelling as typed: the words
 * field the checker reads is not stemmed, so "renews", "renewal" and "librarian" looked absent
 * beside "renew" and "librarians" and were "corrected" into the words they already find. Such a
 * word is counted by its stem, so it is as frequent as any candidate of the same stem and never
 * taken for a misspelling of it. Text that is not prose is never corrected: a web address, a path
 * or a {@code /.../} pattern, a handle or an e-mail address ({@link #isNotProse}) holds names, not
 * misspellings.
 *
 * <p>Whether the correction is also searched depends on whether the word as typed finds anything,
 * and on the request's {@link SearchRequest.Spelling}. A word that finds nothing has no exact
 * matches to drown, so its clause becomes "the word as typed OR the correction, boosted down", and
 * the result says so ({@link Parsed#searchedAs}, {@link Parsed#replaced}): the hits are then the
 * correction's, and a page that showed them under the typed word would misreport them. A word that
 * is there (customers misspell too: "libary") is searched as typed only and the correction is just
 * offered: searching both would turn its few exact matches into hundreds of hits that bury them,
 * and make the search slow. Asked to search as typed, no correction is searched and all are only
 * offered. Only a word the person may read somewhere is offered, so a direct message's words never
 * leak through it. The checker's answers are kept per index version, since the same words come back
 * with every page and facet click.
 */
final class ArchiveQueryParser {

  static final int MAX_QUERY_LENGTH = 1000;
  static final int MAX_WORDS = 100;
  static final int MAX_NESTING = 10;
  static final int MAX_FILTER_VALUE_LENGTH = 200;
  static final float CORRECTION_BOOST = 0.2f;
  static final float PRESENT_WORD_SIMILARITY = 0.75f;
  static final int PRESENT_WORD_FREQUENCY_FACTOR = 4;

  private static final int OPERATORS =
      SimpleQueryParser.AND_OPERATOR
          | SimpleQueryParser.NOT_OPERATOR
          | SimpleQueryParser.OR_OPERATOR
          | SimpleQueryParser.PHRASE_OPERATOR
          | SimpleQueryParser.PRECEDENCE_OPERATORS
          | SimpleQueryParser.WHITESPACE_OPERATOR;

  /**
   * AND, OR and NOT typed as words. NOT takes the spaces after it with it: the simple parser's
   * minus only excludes a word it touches, and "library - card" searched card.
   */
  private static final Pattern WORD_OPERATOR =
      Pattern.compile("(?<=^|\\s|\\()(?:(AND|OR)(?=\\s|$)|NOT(?:\\s+|$))");

  private static final Pattern HAS_WORD = Pattern.compile("[\\p{L}\\p{N}]");

  /**
   * What the index holds a term of: a letter or digit, or an emoji (the tokenizer keeps emoji as
   * terms, and patrons write "📚❤️"). Punctuation alone ("?!", "*", "((") is no term at all.
   */
  private static final Pattern SEARCHABLE =
      Pattern.compile(
          // Flags are pairs of regional indicators, keycaps a digit, # or * with U+20E3.
          "[\\p{L}\\p{N}\\p{IsExtended_Pictographic}\\x{1F1E6}-\\x{1F1FF}\\x{20E3}]");

  static final String NOTHING_TO_SEARCH =
      "q: the query has nothing to search for: no letters, numbers or emoji. Leave the box empty,"
          + " or only its filters, to list every conversation they allow.";

  /** A filter as typed in the query text. */
  record TypedFilter(SearchFilter filter, String value, boolean excluded) {}

  /**
   * The parsed query.
   *
   * @param text the query over the texts, or empty when no words were typed (list everything)
   * @param didYouMean the typed query with every correction, searched or only offered, or null
   * @param searchedAs the typed query with the corrections that were searched in place of words
   *     that find nothing, or null when none was
   * @param replaced those words (as the words field holds them) with their corrections, in the
   *     order typed
   */
  record Parsed(
      Optional<Query> text,
      List<TypedFilter> filters,
      String didYouMean,
      String searchedAs,
      Map<String, String> replaced) {}

  /** A word this frequent has results enough: it is not checked for a misspelling. */
  static final int MAX_CHECKED_FREQUENCY = 50;

  /** Candidates asked of the spelling checker, so a hidden best one can give way to the next. */
  static final int CANDIDATES = 3;

  static final int SPELLING_CACHE_SIZE = 10_000;

  /** The longest word, in letters, that a correction may be only one edit away from. */
  static final int ONE_EDIT_UP_TO = 5;

  private final ArchiveAnalysis analysis;
  private final DirectSpellChecker oneEdit = checkerWithin(1);
  private final DirectSpellChecker twoEdits = checkerWithin(2);
  private volatile SpellingCache spelling = new SpellingCache(null);

  ArchiveQueryParser(ArchiveAnalysis analysis) {
    this.analysis = analysis;
  }

  /**
   * The checker's candidates per word for one index reader; a new reader (the index changed) starts
   * an empty cache. Bounded, least recently used first out.
   */
  private static final class SpellingCache {
    final IndexReader reader;
    private final Map<String, SuggestWord[]> words =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, SuggestWord[]> eldest) {
            return size() > SPELLING_CACHE_SIZE;
          }
        };

    SpellingCache(IndexReader reader) {
      this.reader = reader;
    }

    synchronized SuggestWord[] get(String word) {
      return words.get(word);
    }

    synchronized void put(String word, SuggestWord[] candidates) {
      words.put(word, candidates);
    }
  }

  private static DirectSpellChecker checkerWithin(int edits) {
    DirectSpellChecker checker = new DirectSpellChecker();
    checker.setMaxEdits(edits);
    return checker;
  }

  /** A checker that suggests even for a frequent word (by default, one in a hundred is "right"). */
  private static DirectSpellChecker asIfUnwritten(int edits) {
    DirectSpellChecker checker = checkerWithin(edits);
    checker.setMaxQueryFrequency(Integer.MAX_VALUE);
    return checker;
  }

  /**
   * The checker's best candidates for the word, at most one edit away for a short word and two for
   * a longer one (see the class comment). The cache is by word, and a word's length decides its
   * checker, so one cache serves both.
   *
   * @param evenRarer as for a word nobody wrote: candidates less frequent than the typed word too,
   *     however frequent it is, for a word only conversations the person may not read hold (its
   *     frequency must decide nothing, or the answer would tell it is there)
   */
  private SuggestWord[] candidates(Term typed, IndexReader reader, boolean evenRarer)
      throws IOException {
    SpellingCache cache = spelling;
    if (cache.reader != reader) {
      cache = new SpellingCache(reader);
      spelling = cache;
    }
    String key = (evenRarer ? "*" : "") + typed.text();
    SuggestWord[] known = cache.get(key);
    if (known == null) {
      String word = typed.text();
      int letters = word.codePointCount(0, word.length());
      DirectSpellChecker checker =
          evenRarer
              ? asIfUnwritten(letters <= ONE_EDIT_UP_TO ? 1 : 2)
              : letters <= ONE_EDIT_UP_TO ? oneEdit : twoEdits;
      known =
          checker.suggestSimilar(
              typed,
              CANDIDATES,
              reader,
              evenRarer ? SuggestMode.SUGGEST_ALWAYS : SuggestMode.SUGGEST_MORE_POPULAR);
      cache.put(key, known);
    }
    return known;
  }

  Parsed parse(String raw, IndexReader reader) throws InvalidQuery {
    return parse(
        raw, new IndexSearcher(reader), Optional.empty(), SearchRequest.Spelling.CORRECTED);
  }

  /**
   * @param hidden what the person may not read: a correction must occur in something they may, or a
   *     direct message's words would leak through "did you mean"
   * @param spelling whether a word that finds nothing may be searched as its correction
   */
  Parsed parse(
      String raw, IndexSearcher searcher, Optional<Query> hidden, SearchRequest.Spelling spelling)
      throws InvalidQuery {
    String typed = raw == null ? "" : raw;
    if (typed.length() > MAX_QUERY_LENGTH) {
      throw new InvalidQuery(
          "q: the query is "
              + typed.length()
              + " characters long; the limit is "
              + MAX_QUERY_LENGTH);
    }
    String cleaned = withoutControlCharacters(typed);
    List<TypedFilter> filters = new ArrayList<>();
    String words = cutFilters(cleaned, filters);
    if (words.isBlank()) {
      return new Parsed(Optional.empty(), filters, null, null, Map.of());
    }
    if (!SEARCHABLE.matcher(words).find()) {
      // Listing everything would pass the whole archive off as matching "?!" (and export it so).
      throw new InvalidQuery(NOTHING_TO_SEARCH);
    }
    checkSize(words);
    String operators =
        WORD_OPERATOR
            .matcher(words)
            .replaceAll(
                m ->
                    m.group(1) == null
                        ? "-"
                        : switch (m.group(1)) {
                          case "AND" -> "+";
                          default -> "|";
                        });
    CorrectingParser parser =
        new CorrectingParser(searcher, hidden, spelling == SearchRequest.Spelling.CORRECTED);
    Query query;
    try {
      query = parser.parse(withMultiWordSynonymsGrouped(operators));
    } catch (IndexSearcher.TooManyClauses e) {
      throw tooManyClauses();
    }
    return new Parsed(
        Optional.of(withPositiveClause(query)),
        filters,
        didYouMean(cleaned, parser.corrections),
        didYouMean(cleaned, parser.replaced),
        parser.replaced);
  }

  /**
   * Whether something was typed beside the filters, but nothing in it the archive can look for
   * ("?!", "..."): such a query is refused with {@link #NOTHING_TO_SEARCH}.
   */
  static boolean nothingToSearch(String raw) {
    if (raw == null || raw.isBlank()) {
      return false;
    }
    try {
      String words = cutFilters(withoutControlCharacters(raw), new ArrayList<>());
      return !words.isBlank() && !SEARCHABLE.matcher(words).find();
    } catch (InvalidQuery refused) {
      return false; // refused with its own message: nothing is listed
    }
  }

  /**
   * Whether a piece of the query, as the simple parser hands it over (no spaces), is something
   * other than prose: a web address ({@code http://...}, {@code www....}), a path or a {@code
   * /.../} pattern, a handle or an e-mail address. Its words are names a person copied, not words
   * they misspelt: "http://example.com" was searched as "help://example.com", "/regex/" as
   * "/renew/".
   */
  static boolean isNotProse(String piece) {
    String lower = piece.toLowerCase(Locale.ROOT);
    return lower.contains("://")
        || !HAS_WORD.matcher(piece).find() // emoji: a neighbouring emoji is no correction
        || lower.startsWith("www.")
        || lower.startsWith("/")
        || lower.contains("@");
  }

  /**
   * SimpleQueryParser analyses each space-separated word on its own, so the synonym filter would
   * never see "electronic book" or "late fee" whole. Where the typed words spell a multi-word
   * synonym entry, outside quotes and operators, they become {@code ("w1 w2" | (w1 w2))}: the
   * phrase with all its synonyms, or the words anywhere.
   */
  private String withMultiWordSynonymsGrouped(String text) {
    record Token(String term, int start, int end, int increment) {}
    List<Token> tokens = new ArrayList<>();
    try (TokenStream stream = analysis.index().tokenStream(ArchiveSchema.TEXT, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        tokens.add(
            new Token(
                term.toString(),
                offset.startOffset(),
                offset.endOffset(),
                increment.getPositionIncrement()));
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<int[]> spans = new ArrayList<>();
    int i = 0;
    while (i < tokens.size()) {
      int matched = 0;
      for (List<String> entry : analysis.multiWordEntries()) {
        int k = entry.size();
        if (i + k > tokens.size()) {
          continue;
        }
        boolean same = true;
        for (int j = 0; j < k && same; j++) {
          Token t = tokens.get(i + j);
          same = t.term().equals(entry.get(j)) && (j == 0 || t.increment() == 1);
        }
        int start = tokens.get(i).start();
        int end = tokens.get(i + k - 1).end();
        if (same && isPlainWordsAcrossSpaces(text, start, end)) {
          spans.add(new int[] {start, end});
          matched = k;
          break;
        }
      }
      i += Math.max(1, matched);
    }
    StringBuilder out = new StringBuilder(text);
    for (int s = spans.size() - 1; s >= 0; s--) {
      String words = text.substring(spans.get(s)[0], spans.get(s)[1]);
      out.replace(spans.get(s)[0], spans.get(s)[1], "(\"" + words + "\" | (" + words + "))");
    }
    return out.toString();
  }

  private static boolean isPlainWordsAcrossSpaces(String text, int start, int end) {
    if (start > 0
        && !Character.isWhitespace(text.charAt(start - 1))
        && text.charAt(start - 1) != '(') {
      return false;
    }
    long quotesBefore = text.substring(0, start).chars().filter(c -> c == '"').count();
    if (quotesBefore % 2 == 1) {
      return false;
    }
    boolean spaced = false;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        spaced = true;
      } else if (c == '-' && Character.isWhitespace(text.charAt(i - 1))) {
        // A hyphen that starts a word is the exclusion operator ("library -card"), not part of a
        // word as in "e-book": grouping across it would search the very word left out.
        return false;
      } else if (!Character.isLetterOrDigit(c) && c != '-' && c != '\'' && c != '’') {
        return false;
      }
    }
    return spaced;
  }

  /** A query of only exclusions means "everything except", not "nothing". */
  private static Query withPositiveClause(Query query) {
    if (query instanceof BooleanQuery bq
        && !bq.clauses().isEmpty()
        && bq.clauses().stream().allMatch(c -> c.occur() == BooleanClause.Occur.MUST_NOT)) {
      BooleanQuery.Builder builder = new BooleanQuery.Builder();
      builder.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
      bq.clauses().forEach(builder::add);
      return builder.build();
    }
    return query;
  }

  static InvalidQuery tooManyClauses() {
    return new InvalidQuery("q: the query expands to too many terms; use fewer words or filters");
  }

  /**
   * Control and format characters become spaces, except the zero-width joiner and non-joiner: they
   * hold "🏳️‍🌈" and "👩‍💻" (and words of several scripts) together, and the index keeps them so.
   */
  private static String withoutControlCharacters(String text) {
    int[] points = text.codePoints().toArray();
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < points.length; i++) {
      int cp = points[i];
      boolean joiner = cp == 0x200D || cp == 0x200C;
      // A joiner joins only between two visible characters; a stray one (typed or pasted, and
      // unseen) would make a filter or a word look like something else.
      boolean joining =
          joiner
              && i > 0
              && i < points.length - 1
              && !Character.isWhitespace(points[i - 1])
              && !Character.isWhitespace(points[i + 1]);
      boolean dropped =
          joiner
              ? !joining
              : Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT;
      out.appendCodePoint(dropped ? ' ' : cp);
    }
    return out.toString();
  }

  private static void checkSize(String words) throws InvalidQuery {
    int tokens = 0;
    boolean inWord = false;
    for (int i = 0; i < words.length(); i++) {
      boolean space = isPatternSpace(words.charAt(i));
      if (!space && !inWord) {
        tokens++;
      }
      inWord = !space;
    }
    if (tokens > MAX_WORDS) {
      throw new InvalidQuery("q: the query has " + tokens + " words; the limit is " + MAX_WORDS);
    }
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < words.length(); i++) {
      char c = words.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
        if (depth > MAX_NESTING) {
          throw new InvalidQuery(
              "q: brackets are nested more than " + MAX_NESTING + " deep; remove some");
        }
      } else if (!quoted && c == ')') {
        depth = Math.max(0, depth - 1);
      }
    }
  }

  /**
   * Removes {@code name:value} and {@code -name:value} filters found at the start of a word outside
   * quotes, collecting them, and returns the remaining text. An unknown name is left as words, so a
   * pasted "Re: hours" is still a search for "re hours".
   */
  static String cutFilters(String text, List<TypedFilter> filters) throws InvalidQuery {
    StringBuilder rest = new StringBuilder(text.length());
    boolean quoted = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      boolean wordStart = i == 0 || Character.isWhitespace(text.charAt(i - 1));
      if (!quoted && wordStart) {
        int end = readFilter(text, i, filters);
        if (end > i) {
          i = end;
          continue;
        }
      }
      if (c == '"') {
        quoted = !quoted;
      }
      rest.append(c);
      i++;
    }
    return rest.toString();
  }

  private static int readFilter(String text, int start, List<TypedFilter> filters)
      throws InvalidQuery {
    int i = start;
    boolean excluded = text.charAt(i) == '-';
    if (excluded) {
      i++;
    }
    int colon = text.indexOf(':', i);
    if (colon < 0) {
      return start;
    }
    Optional<SearchFilter> filter = SearchFilter.fromParameter(text.substring(i, colon));
    if (filter.isEmpty()) {
      return start;
    }
    int valueStart = colon + 1;
    String value;
    int end;
    if (valueStart < text.length() && text.charAt(valueStart) == '"') {
      int close = text.indexOf('"', valueStart + 1);
      end = close < 0 ? text.length() : close + 1;
      value = text.substring(valueStart + 1, close < 0 ? text.length() : close);
    } else {
      end = valueStart;
      while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
        end++;
      }
      value = text.substring(valueStart, end);
    }
    String name = filter.get().parameter();
    if (value.isBlank()) {
      throw new InvalidQuery(name + ": needs a value, for example " + example(filter.get()));
    }
    if (value.length() > MAX_FILTER_VALUE_LENGTH) {
      throw new InvalidQuery(name + ": the value is longer than " + MAX_FILTER_VALUE_LENGTH);
    }
    filters.add(new TypedFilter(filter.get(), value.strip(), excluded));
    return end;
  }

  static String example(SearchFilter filter) {
    return switch (filter) {
      case PLATFORM -> "platform:facebook";
      case ACCOUNT -> "account:mainlibrary";
      case KIND -> "kind:comment";
      case STATUS -> "status:answered";
      case STAFF -> "staff:mlopez";
      case TOPIC -> "topic:services";
      case FROM -> "from:2025-01-31";
      case TO -> "to:2025-12-31";
    };
  }

  private static String didYouMean(String typed, Map<String, String> corrections) {
    if (corrections.isEmpty()) {
      return null;
    }
    String result = typed;
    for (Map.Entry<String, String> c : corrections.entrySet()) {
      result = withWholeWordReplaced(result, c.getKey(), c.getValue());
    }
    return withSpacesCollapsed(result.strip());
  }

  /**
   * Every occurrence of {@code word}, in any case, that is not part of a longer word (no letter or
   * digit either side) replaced. Plain string work: a pattern compiled per correction cost more
   * than the rest of building the suggestion.
   */
  static String withWholeWordReplaced(String text, String word, String replacement) {
    if (word.isEmpty()) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (from + word.length() <= text.length()) {
      int end = from + word.length();
      if (text.regionMatches(true, from, word, 0, word.length())
          && (from == 0 || !isLetterOrNumber(text.codePointBefore(from)))
          && (end == text.length() || !isLetterOrNumber(text.codePointAt(end)))) {
        if (out == null) {
          out = new StringBuilder(text.length() + replacement.length());
        }
        out.append(text, copied, from).append(replacement);
        copied = end;
        from = end;
      } else {
        from++;
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /** As the pattern classes {@code [\p{L}\p{N}]}. */
  private static boolean isLetterOrNumber(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER ->
          true;
      default -> false;
    };
  }

  /** Runs of the pattern class {@code \s} (space, tab, line breaks) become one space. */
  private static String withSpacesCollapsed(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean inSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isPatternSpace(c)) {
        if (!inSpace) {
          out.append(' ');
        }
        inSpace = true;
      } else {
        out.append(c);
        inSpace = false;
      }
    }
    return out.toString();
  }

  private static boolean isPatternSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /**
   * SimpleQueryParser whose plain words that find nothing also match their spelling corrections
   * (unless asked to search as typed), and which collects every correction to offer and every one
   * it searched.
   */
  private final class CorrectingParser extends SimpleQueryParser {
    private final IndexSearcher searcher;
    private final IndexReader reader;
    private final Optional<Query> hidden;
    private final boolean searchCorrections;
    final Map<String, String> corrections = new LinkedHashMap<>();
    final Map<String, String> replaced = new LinkedHashMap<>();

    CorrectingParser(IndexSearcher searcher, Optional<Query> hidden, boolean searchCorrections) {
      super(analysis.query(), Map.of(ArchiveSchema.TEXT, 1f), OPERATORS);
      this.searcher = searcher;
      this.reader = searcher.getIndexReader();
      this.hidden = hidden;
      this.searchCorrections = searchCorrections;
      setDefaultOperator(BooleanClause.Occur.MUST);
      setAutoGenerateMultiTermSynonymsPhraseQuery(true);
    }

    @Override
    protected Query newDefaultQuery(String text) {
      Query exact = super.newDefaultQuery(text);
      if (isNotProse(text)) {
        return exact;
      }
      String corrected = withAbsentWordsCorrected(text);
      if (corrected == null) {
        return exact;
      }
      Query correction = super.newDefaultQuery(corrected);
      if (correction == null) {
        return exact;
      }
      Query boosted = new BoostQuery(correction, CORRECTION_BOOST);
      if (exact == null) {
        return boosted;
      }
      return new BooleanQuery.Builder()
          .add(exact, BooleanClause.Occur.SHOULD)
          .add(boosted, BooleanClause.Occur.SHOULD)
          .build();
    }

    /**
     * A word nobody in the index wrote is corrected to its nearest frequent neighbour. For a word
     * that is there (customers misspell too: "libary") a correction is offered only when it is a
     * much more frequent word one edit away, so that a real word such as "fine" is not taken for
     * "free".
     */
    private boolean isClearlyBetter(SuggestWord suggestion, int typedDocFreq) {
      return typedDocFreq == 0
          || (suggestion.score >= PRESENT_WORD_SIMILARITY
              && suggestion.freq >= PRESENT_WORD_FREQUENCY_FACTOR * typedDocFreq);
    }

    /**
     * How many conversations the word as typed finds, as far as that decides anything (up to
     * {@value #MAX_CHECKED_FREQUENCY}): those holding it as written, or its stem, whichever are
     * more. The search matches the stem ("renews" finds "renew"), so a word whose stem is there is
     * no misspelling however rarely it was written so.
     */
    private int conversationsFinding(String word, String stem) throws IOException {
      int written = docFreqUpToChecked(new Term(ArchiveSchema.WORDS, word));
      if (written >= MAX_CHECKED_FREQUENCY || stem == null) {
        return written;
      }
      return Math.max(written, docFreqUpToChecked(new Term(ArchiveSchema.TEXT, stem)));
    }

    /**
     * The word as the text field holds it (folded, stemmed), or null when it holds nothing of it.
     */
    private String stem(String word) throws IOException {
      String stem = null;
      try (TokenStream tokens = analysis.index().tokenStream(ArchiveSchema.TEXT, word)) {
        CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
        tokens.reset();
        if (tokens.incrementToken()) {
          stem = term.toString();
        }
        tokens.end();
      }
      return stem;
    }

    /**
     * The term's document frequency, counted segment by segment only until it is too frequent to be
     * checked: a common word is settled by the first large segment instead of a look-up in every
     * one.
     */
    private int docFreqUpToChecked(Term term) throws IOException {
      int docFreq = 0;
      for (LeafReaderContext leaf : reader.leaves()) {
        docFreq += leaf.reader().docFreq(term);
        if (docFreq >= MAX_CHECKED_FREQUENCY) {
          break;
        }
      }
      return docFreq;
    }

    /**
     * Whether the word occurs in a conversation the person may read. Stops at the first such
     * conversation: a correction is usually a common word, and counting all its conversations (a
     * tenth of the archive, for "available") cost more than the rest of the search.
     */
    private boolean readable(String word) throws IOException {
      return readable(new Term(ArchiveSchema.WORDS, word));
    }

    private boolean readable(Term term) throws IOException {
      if (hidden.isEmpty()) {
        return true;
      }
      Query visibleWithWord =
          new BooleanQuery.Builder()
              .add(new TermQuery(term), BooleanClause.Occur.FILTER)
              .add(hidden.get(), BooleanClause.Occur.MUST_NOT)
              .build();
      Weight weight =
          searcher.createWeight(
              searcher.rewrite(visibleWithWord), ScoreMode.COMPLETE_NO_SCORES, 1f);
      for (LeafReaderContext leaf : reader.leaves()) {
        Scorer scorer = weight.scorer(leaf);
        if (scorer == null) {
          continue;
        }
        // A scorer's iterator still yields deleted documents (an older version of a conversation).
        Bits live = leaf.reader().getLiveDocs();
        DocIdSetIterator docs = scorer.iterator();
        for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
          if (live == null || live.get(doc)) {
            return true;
          }
        }
      }
      return false;
    }

    /**
     * Collects the corrections of the text's misspelled words into {@link #corrections}, and, when
     * corrections are searched, returns the text with those of the words that find nothing replaced
     * (noted in {@link #replaced}), or null when there are none.
     */
    private String withAbsentWordsCorrected(String text) {
      StringBuilder out = new StringBuilder(text);
      boolean changed = false;
      try (TokenStream tokens = analysis.words().tokenStream(ArchiveSchema.WORDS, text)) {
        CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
        OffsetAttribute offset = tokens.addAttribute(OffsetAttribute.class);
        tokens.reset();
        List<int[]> spans = new ArrayList<>();
        List<String> replacements = new ArrayList<>();
        while (tokens.incrementToken()) {
          String word = term.toString();
          if (analysis.synonymWords().contains(word)) {
            continue;
          }
          String stem = stem(word);
          int typedDocFreq = conversationsFinding(word, stem);
          boolean unreadable = false;
          if (typedDocFreq > 0
              && !readable(word)
              && (stem == null || !readable(new Term(ArchiveSchema.TEXT, stem)))) {
            unreadable = true;
            // Only in conversations this person may not read (another team's direct messages):
            // for them the word is absent, and treating it as written would tell them it is there.
            // Checked before the frequency cut below, which would otherwise tell it as well.
            typedDocFreq = 0;
          }
          if (typedDocFreq >= MAX_CHECKED_FREQUENCY) {
            continue;
          }
          String correction = null;
          for (SuggestWord candidate :
              candidates(new Term(ArchiveSchema.WORDS, word), reader, unreadable)) {
            if (isClearlyBetter(candidate, typedDocFreq) && readable(candidate.string)) {
              correction = candidate.string;
              break;
            }
          }
          if (correction != null) {
            corrections.put(word, correction);
            if (typedDocFreq == 0 && searchCorrections) {
              spans.add(new int[] {offset.startOffset(), offset.endOffset()});
              replacements.add(correction);
              replaced.put(word, correction);
            }
          }
        }
        tokens.end();
        for (int i = spans.size() - 1; i >= 0; i--) {
          out.replace(spans.get(i)[0], spans.get(i)[1], replacements.get(i));
          changed = true;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return changed ? out.toString() : null;
    }
  }
}
