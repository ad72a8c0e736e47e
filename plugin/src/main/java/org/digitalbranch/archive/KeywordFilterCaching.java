package org.digitalbranch.archive;

import java.io.IOException;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryCachingPolicy;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.UsageTrackingQueryCachingPolicy;

/**
 * Lets Lucene's query cache keep the documents of a filter on a keyword field ({@code
 * account:masto-central}, {@code platform:facebook}, a facet click) as a bit set per large segment.
 *
 * <p>Lucene's default policy never caches a term query, reckoning it as cheap to run again as to
 * read from a cache. That holds for a rare term, not for an account or a platform: such a filter
 * matches a third of the archive, and advancing its postings beside the words searched was the
 * largest part of a filtered search (a quarter of its time at a million messages). There are few
 * such values and the same ones come back with every page and facet click, so they are cached on
 * first use; everything else is left to the default policy. The cache itself stays Lucene's, with
 * its bounds (a thousand queries, 32 MB) and its rules: small segments are never cached, and a
 * filter far costlier than the words it goes with runs uncached.
 */
final class KeywordFilterCaching implements QueryCachingPolicy {

  private static final Set<String> KEYWORD_FIELDS =
      Set.of(
          ArchiveSchema.PLATFORM,
          ArchiveSchema.ACCOUNT,
          ArchiveSchema.KIND,
          ArchiveSchema.STATUS,
          ArchiveSchema.STAFF,
          ArchiveSchema.TOPIC);

  private final UsageTrackingQueryCachingPolicy others = new UsageTrackingQueryCachingPolicy();

  /** Searchers that cache keyword filters with one policy shared by all of them. */
  static SearcherFactory searcherFactory() {
    KeywordFilterCaching policy = new KeywordFilterCaching();
    return new SearcherFactory() {
      @Override
      public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) {
        IndexSearcher searcher = new IndexSearcher(reader);
        searcher.setQueryCachingPolicy(policy);
        return searcher;
      }
    };
  }

  @Override
  public void onUse(Query query) {
    others.onUse(query);
  }

  @Override
  public boolean shouldCache(Query query) throws IOException {
    return isKeywordFilter(query) || others.shouldCache(query);
  }

  private static boolean isKeywordFilter(Query query) {
    return query instanceof TermQuery term && KEYWORD_FIELDS.contains(term.getTerm().field());
  }
}
