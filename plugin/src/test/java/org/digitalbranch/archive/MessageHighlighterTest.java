package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.digitalbranch.archive.SearchResults.MatchedMessage;
import org.junit.jupiter.api.Test;

class MessageHighlighterTest {

  @Test
  void aPageOfHitsInSeveralSegmentsIsHighlightedWithOneWeightNotOnePerHit() throws Exception {
    try (ArchiveIndex index = threeSegments()) {
      IndexSearcher searcher = index.acquire();
      try {
        IndexReader reader = searcher.getIndexReader();
        Query library =
            new ArchiveQueryParser(index.analysis()).parse("library card", reader).text().get();
        int[] page =
            Arrays.stream(searcher.search(library, 20).scoreDocs).mapToInt(d -> d.doc).toArray();
        List<ArchivedConversation> conversations = index.schema().conversations(reader, page);
        MessageHighlighter highlighter = new MessageHighlighter(searcher, index.analysis().index());
        List<List<MatchedMessage>> plain = highlighter.highlight(library, page, conversations);
        CountingWeights counting = new CountingWeights(library, new AtomicInteger());

        List<List<MatchedMessage>> counted = highlighter.highlight(counting, page, conversations);

        assertThat(page).hasSizeGreaterThanOrEqualTo(5);
        assertThat(
                Arrays.stream(page)
                    .map(doc -> ReaderUtil.subIndex(doc, reader.leaves()))
                    .distinct())
            .hasSize(3);
        assertThat(counted).isEqualTo(plain).allSatisfy(hit -> assertThat(hit).isNotEmpty());
        assertThat(counting.weights.get()).isEqualTo(1);
      } finally {
        index.release(searcher);
      }
    }
  }

  @Test
  void theHighlightsAreThoseOfLucenesOwnWayForEveryKindOfQuery() throws Exception {
    try (ArchiveIndex index = threeSegments()) {
      IndexSearcher searcher = index.acquire();
      try {
        IndexReader reader = searcher.getIndexReader();
        ArchiveQueryParser parser = new ArchiveQueryParser(index.analysis());
        MessageHighlighter ours = new MessageHighlighter(searcher, index.analysis().index());
        MessageHighlighter lucenes =
            new MessageHighlighter(searcher, index.analysis().index(), false);
        // A word, a synonym, a phrase, OR and NOT, a stem, a misspelling corrected.
        for (String typed :
            List.of(
                "card", "ebook", "\"library card\"", "renew OR hold -fine", "printing", "libary")) {
          Query query = parser.parse(typed, reader).text().get();
          int[] page =
              Arrays.stream(searcher.search(query, 20).scoreDocs).mapToInt(d -> d.doc).toArray();
          List<ArchivedConversation> conversations = index.schema().conversations(reader, page);

          assertThat(page).as(typed).isNotEmpty();
          assertThat(ours.highlight(query, page, conversations))
              .as(typed)
              .isEqualTo(lucenes.highlight(query, page, conversations));
        }
      } finally {
        index.release(searcher);
      }
    }
  }

  /** The library corpus, applied and committed in three parts: three segments. */
  private static ArchiveIndex threeSegments() throws IOException {
    ArchiveIndex index =
        ArchiveIndex.open(
            new ByteBuffersDirectory(),
            new ArchiveSchema(ZoneOffset.UTC),
            ArchiveAnalysis.withLibrarySynonyms());
    List<IndexChange> corpus = LibraryCorpus.asChanges();
    for (int part = 0; part < 3; part++) {
      int end = (part + 1) * corpus.size() / 3;
      index.apply(corpus.subList(part * corpus.size() / 3, end));
      index.commit(end);
    }
    return index;
  }

  /** A query that counts the weights made of it, and is otherwise the query it wraps. */
  private static final class CountingWeights extends Query {
    private final Query in;
    private final AtomicInteger weights;

    CountingWeights(Query in, AtomicInteger weights) {
      this.in = in;
      this.weights = weights;
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
      Query rewritten = in.rewrite(searcher);
      return rewritten == in ? this : new CountingWeights(rewritten, weights);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost)
        throws IOException {
      weights.incrementAndGet();
      return in.createWeight(searcher, scoreMode, boost);
    }

    @Override
    public void visit(QueryVisitor visitor) {
      in.visit(visitor);
    }

    @Override
    public String toString(String field) {
      return "counting(" + in.toString(field) + ")";
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof CountingWeights c && c.in.equals(in);
    }

    @Override
    public int hashCode() {
      return Objects.hash(CountingWeights.class, in);
    }
  }
}
