package org.digitalbranch.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.uhighlight.CustomSeparatorBreakIterator;
import org.apache.lucene.search.uhighlight.FieldOffsetStrategy;
import org.apache.lucene.search.uhighlight.OffsetsEnum;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.PassageScorer;
import org.apache.lucene.search.uhighlight.PostingsOffsetStrategy;
import org.apache.lucene.search.uhighlight.UHComponents;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;
import org.digitalbranch.archive.SearchResults.MatchedMessage;
import org.digitalbranch.archive.SearchResults.Segment;

/**
 * Finds which messages of a hit matched and cuts a snippet of each, as plain-text segments.
 *
 * <p>The UnifiedHighlighter joins the values of the multi-valued text field with {@code U+0000};
 * breaking passages exactly there makes every passage one whole message, and counting separators
 * before a passage gives the message's position in the thread. Snippets are segments with a
 * highlighted flag, never markup, so text a customer wrote cannot become HTML.
 *
 * <p>The texts come from the conversations the search already read for its hits, not from the index
 * again: reading a hit's document is the costliest part of a search, and the highlighter would
 * otherwise read every hit a second time.
 */
final class MessageHighlighter {

  static final int MAX_MESSAGES_PER_HIT = 3;
  static final int SNIPPET_LENGTH = 240;
  static final String ELLIPSIS = "…";

  private final UnifiedHighlighter.Builder builder;
  private final boolean oneWeightPerPage;

  MessageHighlighter(IndexSearcher searcher, Analyzer indexAnalyzer) {
    this(searcher, indexAnalyzer, true);
  }

  /**
   * @param oneWeightPerPage false to take offsets Lucene's own way, one weight per document (a test
   *     compares the two)
   */
  MessageHighlighter(IndexSearcher searcher, Analyzer indexAnalyzer, boolean oneWeightPerPage) {
    this.oneWeightPerPage = oneWeightPerPage;
    this.builder =
        UnifiedHighlighter.builder(searcher, indexAnalyzer)
            .withBreakIterator(() -> new CustomSeparatorBreakIterator(Separator.CHAR))
            .withFormatter(new MessageFormatter())
            .withScorer(new FrugalPassageScorer())
            .withMaxNoHighlightPassages(0)
            .withMaxLength(200_000);
  }

  /**
   * The scorer the highlighter ranks a hit's passages with. Package-private for a test: its scores
   * equal Lucene's default to the last bit, so only its class tells the two apart.
   */
  PassageScorer scorer() {
    return new Separator(builder, Map.of(), oneWeightPerPage).scorer();
  }

  /**
   * For each document, the matched messages in thread order; an empty list when nothing in the text
   * matched (the query had only filters).
   */
  List<List<MatchedMessage>> highlight(
      Query textQuery, int[] docIds, List<ArchivedConversation> conversations) {
    List<List<MatchedMessage>> result = new ArrayList<>();
    if (docIds.length == 0) {
      return result;
    }
    Map<Integer, String> texts = new HashMap<>();
    for (int i = 0; i < docIds.length; i++) {
      texts.put(docIds[i], joined(conversations.get(i)));
    }
    Object[] highlights;
    try {
      int[] maxPassages = new int[] {MAX_MESSAGES_PER_HIT};
      Map<String, Object[]> byField =
          new Separator(builder, texts, oneWeightPerPage)
              .highlightAsObjects(
                  new String[] {ArchiveSchema.TEXT}, textQuery, docIds.clone(), maxPassages);
      highlights = byField.get(ArchiveSchema.TEXT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < docIds.length; i++) {
      List<MatchedMessage> matched = new ArrayList<>();
      MatchedMessage ourPost = null;
      if (highlights != null && highlights[i] instanceof List<?> passages) {
        for (Object o : passages) {
          PassageHit hit = (PassageHit) o;
          List<ArchivedMessage> messages = conversations.get(i).messages();
          if (hit.messageIndex() < messages.size()) {
            ArchivedMessage message = messages.get(hit.messageIndex());
            MatchedMessage match = new MatchedMessage(message.id(), hit.segments());
            // The library's own post at a thread's root matches every search for its words: led
            // by it, every hit under one post read alike ("library card": 17 of 20). What the
            // patrons and staff wrote under it comes first; the post, when it matched, last.
            if (hit.messageIndex() == 0 && message.staff() && passages.size() > 1) {
              ourPost = match;
            } else {
              matched.add(match);
            }
          }
        }
      }
      if (ourPost != null) {
        matched.add(ourPost);
      }
      result.add(List.copyOf(matched));
    }
    return result;
  }

  /**
   * The message texts as the highlighter would have read them from the index: every message's text
   * (empty ones too, so separators still count messages), joined with the separator.
   */
  private static String joined(ArchivedConversation conversation) {
    List<ArchivedMessage> messages = conversation.messages();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        text.append(Separator.CHAR);
      }
      text.append(messages.get(i).text());
    }
    return text.toString();
  }

  private record PassageHit(int messageIndex, List<Segment> segments) {}

  /**
   * Gives access to the protected separator and object-returning highlight method, and takes the
   * texts of the documents to highlight from the caller instead of loading them again.
   */
  private static final class Separator extends UnifiedHighlighter {
    static final char CHAR = MULTIVAL_SEP_CHAR;

    /** The joined texts of the documents to highlight, by top-level doc id. */
    private final Map<Integer, String> texts;

    private final boolean oneWeightPerPage;

    Separator(Builder builder, Map<Integer, String> texts, boolean oneWeightPerPage) {
      super(builder);
      this.texts = texts;
      this.oneWeightPerPage = oneWeightPerPage;
    }

    PassageScorer scorer() {
      return getScorer(ArchiveSchema.TEXT);
    }

    Map<String, Object[]> highlightAsObjects(
        String[] fields, Query query, int[] docIds, int[] maxPassages) throws IOException {
      return highlightFieldsAsObjects(fields, query, docIds, maxPassages);
    }

    /**
     * The schema indexes the text with offsets in its postings ({@link ArchiveSchema#TEXT}), so
     * that is where the offsets come from. Asking the reader instead merged every segment's field
     * descriptions on every search (a tenth of a rare word's search in a million-message archive).
     */
    @Override
    protected OffsetSource getOffsetSource(String field) {
      return OffsetSource.POSTINGS;
    }

    /**
     * Offsets from one {@link Weight} for the whole page, where Lucene's weight-matches strategy
     * builds a searcher, rewrites the query, creates a weight and looks each term up again for
     * every document: for a rare word, whose page costs little else, that per-document set-up was
     * more than half of the highlighting and a quarter to a third of the search in a
     * million-message archive.
     */
    @Override
    protected FieldOffsetStrategy getOffsetStrategy(
        OffsetSource offsetSource, UHComponents components) {
      return offsetSource == OffsetSource.POSTINGS && oneWeightPerPage
          ? new OneWeightPerPage(components, searcher)
          : super.getOffsetStrategy(offsetSource, components);
    }

    /**
     * All the asked documents at once (they are a page of hits, already in memory), cut to the
     * maximum length as the stored-fields loader would.
     */
    @Override
    protected List<CharSequence[]> loadFieldValues(
        String[] fields, DocIdSetIterator docIter, int cacheCharsThreshold) throws IOException {
      List<CharSequence[]> values = new ArrayList<>();
      for (int doc = docIter.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = docIter.nextDoc()) {
        String text = texts.get(doc);
        if (text == null) {
          throw new IllegalStateException("no text given for document " + doc);
        }
        CharSequence[] byField = new CharSequence[fields.length];
        for (int f = 0; f < fields.length; f++) {
          byField[f] = text.length() > getMaxLength() ? text.substring(0, getMaxLength()) : text;
        }
        values.add(byField);
      }
      return values;
    }
  }

  /**
   * Lucene's weight-matches offsets for the field the query was written for, with the query
   * rewritten and its weight created once per page instead of once per document. A weight holds
   * what it looked up per segment, so each term is also sought once per segment, not per hit.
   * Lucene's strategy also shows the query's other fields as the highlighted one when its field
   * matcher accepts them; this highlighter's matcher accepts only the text field it highlights (the
   * default), so there is nothing to show under another name.
   */
  private static final class OneWeightPerPage extends PostingsOffsetStrategy {
    private final IndexSearcher uncached;
    private final Map<LeafReader, LeafReaderContext> contexts = new IdentityHashMap<>();
    private Weight weight;

    OneWeightPerPage(UHComponents components, IndexSearcher searcher) {
      super(components);
      // As Lucene's own strategy does: matches are read once, caching them would only cost.
      this.uncached = new IndexSearcher(searcher.getIndexReader());
      uncached.setQueryCache(null);
      for (LeafReaderContext context : searcher.getIndexReader().leaves()) {
        contexts.put(context.reader(), context);
      }
    }

    @Override
    protected void createOffsetsEnumsWeightMatcher(
        LeafReader leafReader, int docId, List<OffsetsEnum> results) throws IOException {
      LeafReaderContext context = contexts.get(leafReader);
      if (context == null) {
        // Not a segment of the searcher's reader: Lucene's way, which needs none.
        super.createOffsetsEnumsWeightMatcher(leafReader, docId, results);
        return;
      }
      if (weight == null) {
        weight =
            uncached
                .rewrite(components.query())
                .createWeight(uncached, ScoreMode.COMPLETE_NO_SCORES, 1f);
      }
      Matches matches = weight.matches(context, docId);
      if (matches == null) {
        return;
      }
      for (String field : matches) {
        if (components.fieldMatcher().test(field)) {
          MatchesIterator iterator = matches.getMatches(field);
          if (iterator != null) {
            results.add(new OffsetsEnum.OfMatchesIteratorWithSubs(iterator));
          }
        }
      }
    }
  }

  /**
   * Lucene's default passage score, computed without its per-passage hash of terms. That hash
   * allocates a 32 KB block for every passage scored, which was two thirds of all the memory a
   * search allocated and made sixteen clients wait on the collector; a passage has a handful of
   * matches, so a linear scan finds its distinct terms. Terms are summed in the order they first
   * occur, as the default does, so the scores (and the messages shown) are exactly the same.
   */
  static final class FrugalPassageScorer extends PassageScorer {
    private static final int LINEAR_SCAN_UP_TO = 64;

    @Override
    public float score(Passage passage, int contentLength) {
      int matches = passage.getNumMatches();
      if (matches > LINEAR_SCAN_UP_TO) {
        // The scan below is quadratic; a passage this dense is rare enough to afford the hash.
        return super.score(passage, contentLength);
      }
      BytesRef[] terms = passage.getMatchTerms();
      int[] freqsInDoc = passage.getMatchTermFreqsInDoc();
      BytesRef[] distinct = new BytesRef[matches];
      int[] inPassage = new int[matches];
      int[] inDoc = new int[matches];
      int size = 0;
      for (int i = 0; i < matches; i++) {
        int at = 0;
        while (at < size && !distinct[at].equals(terms[i])) {
          at++;
        }
        if (at == size) {
          distinct[size] = terms[i];
          inDoc[size] = freqsInDoc[i];
          size++;
        }
        inPassage[at]++;
      }
      double score = 0d;
      for (int i = 0; i < size; i++) {
        score += tf(inPassage[i], passage.getLength()) * weight(contentLength, inDoc[i]);
      }
      score *= norm(passage.getStartOffset());
      return (float) score;
    }
  }

  private static final class MessageFormatter extends PassageFormatter {
    @Override
    public Object format(Passage[] passages, String content) {
      List<PassageHit> hits = new ArrayList<>();
      for (Passage passage : passages) {
        int start = passage.getStartOffset();
        int end = passage.getEndOffset();
        while (start < end && content.charAt(start) == Separator.CHAR) {
          start++;
        }
        while (end > start && content.charAt(end - 1) == Separator.CHAR) {
          end--;
        }
        int messageIndex = 0;
        for (int i = 0; i < start; i++) {
          if (content.charAt(i) == Separator.CHAR) {
            messageIndex++;
          }
        }
        hits.add(new PassageHit(messageIndex, segments(passage, content, start, end)));
      }
      return hits;
    }

    private static List<Segment> segments(Passage passage, String content, int start, int end) {
      int[] starts = Arrays.copyOf(passage.getMatchStarts(), passage.getNumMatches());
      int[] ends = Arrays.copyOf(passage.getMatchEnds(), passage.getNumMatches());
      int from = start;
      int to = end;
      if (end - start > SNIPPET_LENGTH) {
        int firstMatch = starts.length > 0 ? starts[0] : start;
        from = Math.max(start, firstMatch - SNIPPET_LENGTH / 3);
        from = wordStart(content, from, start);
        to = Math.min(end, from + SNIPPET_LENGTH);
        to = wordEnd(content, to, end);
      }
      List<Segment> segments = new ArrayList<>();
      if (from > start) {
        segments.add(new Segment(ELLIPSIS, false));
      }
      int cursor = from;
      for (int m = 0; m < starts.length; m++) {
        int ms = Math.max(starts[m], cursor);
        int me = Math.min(ends[m], to);
        if (me <= ms) {
          continue;
        }
        if (ms > cursor) {
          segments.add(new Segment(content.substring(cursor, ms), false));
        }
        segments.add(new Segment(content.substring(ms, me), true));
        cursor = me;
      }
      if (cursor < to) {
        segments.add(new Segment(content.substring(cursor, to), false));
      }
      if (to < end) {
        segments.add(new Segment(ELLIPSIS, false));
      }
      return List.copyOf(segments);
    }

    private static int wordStart(String content, int at, int limit) {
      int i = at;
      while (i > limit && !Character.isWhitespace(content.charAt(i - 1)) && at - i < 20) {
        i--;
      }
      return i;
    }

    private static int wordEnd(String content, int at, int limit) {
      int i = at;
      while (i < limit && !Character.isWhitespace(content.charAt(i)) && i - at < 20) {
        i++;
      }
      return i;
    }
  }
}
