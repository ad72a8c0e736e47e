package org.digitalbranch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LRUQueryCache;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeywordFilterCachingTest {

  @TempDir Path folder;

  @Test
  void aFilterOnAnAccountOrPlatformIsCachedFromItsFirstUse() throws Exception {
    KeywordFilterCaching policy = new KeywordFilterCaching();

    assertThat(policy.shouldCache(new TermQuery(new Term(ArchiveSchema.ACCOUNT, "masto-central"))))
        .isTrue();
    assertThat(policy.shouldCache(new TermQuery(new Term(ArchiveSchema.PLATFORM, "facebook"))))
        .isTrue();
  }

  @Test
  void aWordOfTheTextIsLeftToLucenesOwnPolicyWhichNeverCachesATerm() throws Exception {
    KeywordFilterCaching policy = new KeywordFilterCaching();
    TermQuery word = new TermQuery(new Term(ArchiveSchema.TEXT, "hold"));
    for (int i = 0; i < 10; i++) {
      policy.onUse(word);
    }

    assertThat(policy.shouldCache(word)).isFalse();
  }

  @Test
  void aFilteredSearchLeavesItsAccountFilterInTheQueryCache() throws Exception {
    try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
      try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
        for (String account : new String[] {"masto-central", "masto-north", "masto-central"}) {
          Document doc = new Document();
          doc.add(new StringField(ArchiveSchema.ACCOUNT, account, Field.Store.NO));
          doc.add(new TextField(ArchiveSchema.TEXT, "renew my hold", Field.Store.NO));
          writer.addDocument(doc);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        IndexSearcher searcher = KeywordFilterCaching.searcherFactory().newSearcher(reader, null);
        // Lucene's shared cache skips segments this small; one that caches any segment shows
        // what the policy lets in.
        LRUQueryCache cache = new LRUQueryCache(10, 1 << 20, leaf -> true, Float.POSITIVE_INFINITY);
        searcher.setQueryCache(cache);
        BooleanQuery filtered =
            new BooleanQuery.Builder()
                .add(new TermQuery(new Term(ArchiveSchema.TEXT, "hold")), BooleanClause.Occur.MUST)
                .add(
                    new TermQuery(new Term(ArchiveSchema.ACCOUNT, "masto-central")),
                    BooleanClause.Occur.FILTER)
                .build();

        assertThat(searcher.search(filtered, 10).scoreDocs).hasSize(2);
        assertThat(cache.getCacheCount()).isEqualTo(1);
        assertThat(searcher.search(filtered, 10).scoreDocs).hasSize(2);
        assertThat(cache.getHitCount()).isPositive();
      }
    }
  }

  @Test
  void theArchiveIndexsSearchersUseThePolicy() throws Exception {
    try (ArchiveIndex index =
        ArchiveIndex.open(
            folder,
            new ArchiveSchema(LibraryCorpus.LIBRARY_ZONE),
            ArchiveAnalysis.withLibrarySynonyms())) {
      IndexSearcher searcher = index.acquire();
      try {
        assertThat(searcher.getQueryCachingPolicy()).isInstanceOf(KeywordFilterCaching.class);
      } finally {
        index.release(searcher);
      }
    }
  }
}
