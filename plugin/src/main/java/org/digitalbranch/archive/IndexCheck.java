package org.digitalbranch.archive;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;

/**
 * Compares the index's last commit with the store, conversation by conversation: the same ids, and
 * for each the same messages with the same current texts, deletions, status and staff. What the
 * crash tests and an operator's {@code check-index} rely on: after a clean stop (or a restart's
 * replay) the two must agree exactly.
 *
 * <p>Holds the index's write lock while it reads, so it only runs while no intranet writes to the
 * folder; otherwise the index would lag the store by design (uncommitted changes are replayed).
 */
public final class IndexCheck implements Closeable {

  /**
   * @param storeConversations conversations in the store
   * @param indexConversations documents in the index's last commit
   * @param differences each disagreement in a sentence, at most the limit asked for
   */
  public record Result(long storeConversations, long indexConversations, List<String> differences) {
    public Result {
      differences = List.copyOf(differences);
    }

    public boolean consistent() {
      return differences.isEmpty();
    }
  }

  private final Path folder;
  private final Directory directory;
  private final Lock lock;

  private IndexCheck(Path folder, Directory directory, Lock lock) {
    this.folder = folder;
    this.directory = directory;
    this.lock = lock;
  }

  /**
   * Takes the index's write lock, before the caller opens the store, so that nothing is touched
   * while an intranet runs on the folder.
   *
   * @throws ArchiveIndex.InUse when an intranet running on the same data folder holds the index
   */
  public static IndexCheck lock(Path indexFolder) throws IOException {
    Directory directory = FSDirectory.open(indexFolder);
    try {
      return new IndexCheck(
          indexFolder, directory, directory.obtainLock(IndexWriter.WRITE_LOCK_NAME));
    } catch (LockObtainFailedException e) {
      directory.close();
      throw new ArchiveIndex.InUse(indexFolder, e);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  /**
   * Compares the index's last commit with the store.
   *
   * @param limit report at most this many differences
   */
  public Result compare(ArchiveStore store, ArchiveSchema schema, int limit) throws IOException {
    Objects.requireNonNull(store, "store");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    DirectoryReader reader;
    try {
      reader = DirectoryReader.open(directory);
    } catch (IndexNotFoundException none) {
      long count = store.conversationCount();
      List<String> differences = new ArrayList<>();
      if (count > 0) {
        differences.add(
            "the index in "
                + folder
                + " holds nothing; the store holds "
                + count
                + " conversations");
      }
      return new Result(count, 0, differences);
    }
    try (reader) {
      return compare(store, reader, schema, limit);
    }
  }

  @Override
  public void close() throws IOException {
    try (directory) {
      lock.close();
    }
  }

  private static Result compare(
      ArchiveStore store, DirectoryReader reader, ArchiveSchema schema, int limit)
      throws IOException {
    IndexSearcher searcher = new IndexSearcher(reader);
    List<String> differences = new ArrayList<>();
    String version =
        reader
            .getIndexCommit()
            .getUserData()
            .getOrDefault(ArchiveIndex.SCHEMA_KEY, ArchiveIndex.UNRECORDED_SCHEMA);
    if (!version.equals(ArchiveSchema.VERSION)) {
      // Its documents cannot be read here; the next start rebuilds it from the store.
      differences.add(
          "the index was written with schema version "
              + version
              + " and this version reads "
              + ArchiveSchema.VERSION
              + "; start the intranet or rebuild the index");
      return new Result(store.conversationCount(), reader.numDocs(), differences);
    }
    String builtFrom = reader.getIndexCommit().getUserData().get(ArchiveIndex.STORE_KEY);
    // A read: checking gives a store that never had an identity none.
    Optional<String> identity = store.storedIdentity();
    if (builtFrom != null && !identity.equals(Optional.of(builtFrom))) {
      // Its conversations may agree by chance (a copy's); the next start rebuilds it all the same.
      note(
          differences,
          limit,
          "the index was built from another store ("
              + builtFrom
              + ") than this one ("
              + identity.orElse("which has no identity yet")
              + "); start the intranet or rebuild the index");
    }
    String zone = reader.getIndexCommit().getUserData().get(ArchiveIndex.ZONE_KEY);
    if (zone != null && !zone.equals(schema.zone().getId())) {
      // The documents agree, their year and month facets do not: the next start rebuilds them.
      note(
          differences,
          limit,
          "the index counts years and months in the time zone "
              + zone
              + " and the settings say "
              + schema.zone().getId()
              + "; check with the intranet's --config, or rebuild the index with it");
    }
    long storeCount = 0;
    long matched = 0;
    try (Stream<ArchivedConversation> conversations = store.allArchived()) {
      Iterator<ArchivedConversation> it = conversations.iterator();
      while (it.hasNext()) {
        ArchivedConversation expected = asIndexed(it.next());
        storeCount++;
        TopDocs found = searcher.search(new TermQuery(ArchiveSchema.idTerm(expected.id())), 2);
        if (found.totalHits.value() == 0) {
          note(differences, limit, "conversation " + expected.id() + " is missing from the index");
          continue;
        }
        matched++;
        if (found.totalHits.value() > 1) {
          note(differences, limit, "conversation " + expected.id() + " is in the index twice");
        }
        ArchivedConversation actual = schema.conversation(reader, found.scoreDocs[0].doc);
        if (!actual.equals(expected)) {
          note(
              differences,
              limit,
              "conversation " + expected.id() + " differs: " + differing(expected, actual));
        }
      }
    }
    if (reader.numDocs() != matched) {
      Set<String> extra = idsNotIn(store, reader);
      for (String id : extra) {
        note(differences, limit, "conversation " + id + " is in the index but not in the store");
      }
    }
    return new Result(storeCount, reader.numDocs(), differences);
  }

  /**
   * Which parts of a conversation differ, named, not shown: an operator's terminal is no place for
   * patrons' messages, and the ids are enough to look them up.
   */
  private static String differing(ArchivedConversation store, ArchivedConversation index) {
    List<String> parts = new ArrayList<>();
    for (RecordComponent component : ArchivedConversation.class.getRecordComponents()) {
      if (!component.getName().equals("messages") && !same(component, store, index)) {
        parts.add(component.getName());
      }
    }
    List<ArchivedMessage> stored = store.messages();
    List<ArchivedMessage> indexed = index.messages();
    if (stored.size() != indexed.size()) {
      parts.add("the store holds " + stored.size() + " messages and the index " + indexed.size());
    } else {
      for (int i = 0; i < stored.size(); i++) {
        List<String> fields = new ArrayList<>();
        for (RecordComponent component : ArchivedMessage.class.getRecordComponents()) {
          if (!same(component, stored.get(i), indexed.get(i))) {
            fields.add(component.getName());
          }
        }
        if (!fields.isEmpty()) {
          parts.add("message " + stored.get(i).id() + " (" + String.join(", ", fields) + ")");
        }
      }
    }
    return String.join("; ", parts);
  }

  private static boolean same(RecordComponent component, Record one, Record other) {
    try {
      return Objects.equals(
          component.getAccessor().invoke(one), component.getAccessor().invoke(other));
    } catch (ReflectiveOperationException cannotHappen) {
      throw new IllegalStateException(cannotHappen);
    }
  }

  /** What the index holds for a conversation: its texts as {@link ArchiveSchema} indexes them. */
  private static ArchivedConversation asIndexed(ArchivedConversation c) {
    List<ArchivedMessage> messages = new ArrayList<>();
    for (ArchivedMessage m : c.messages()) {
      messages.add(
          new ArchivedMessage(
              m.id(),
              m.author(),
              m.authorName(),
              m.inReplyTo(),
              m.staff(),
              m.staffUser(),
              m.kind(),
              ArchiveSchema.indexable(m.text()),
              m.at(),
              m.deleted()));
    }
    return new ArchivedConversation(
        c.id(),
        c.platform(),
        c.account(),
        c.kind(),
        c.status(),
        c.topic(),
        c.staff(),
        c.startedAt(),
        messages);
  }

  private static Set<String> idsNotIn(ArchiveStore store, DirectoryReader reader)
      throws IOException {
    Set<String> inIndex = new HashSet<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      LeafReader leafReader = leaf.reader();
      Bits live = leafReader.getLiveDocs();
      // The id's sort value, one doc-values iterator per segment: decoding each whole
      // conversation only to learn its id would read the index's largest field for every document.
      SortedDocValues ids = DocValues.getSorted(leafReader, ArchiveSchema.ID_SORT);
      for (int doc = ids.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = ids.nextDoc()) {
        if (live == null || live.get(doc)) {
          inIndex.add(ids.lookupOrd(ids.ordValue()).utf8ToString());
        }
      }
    }
    try (Stream<ArchivedConversation> conversations = store.allArchived()) {
      conversations.forEach(c -> inIndex.remove(c.id()));
    }
    return inIndex;
  }

  private static void note(List<String> differences, int limit, String difference) {
    if (differences.size() < limit) {
      differences.add(difference);
    }
  }
}
