package org.digitalbranch.archive;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.store.ByteBuffersDirectory;

/** The twenty hand-written library conversations of {@code archive/conversations.json}. */
final class LibraryCorpus {

  static final ZoneId LIBRARY_ZONE = ZoneId.of("America/New_York");

  private LibraryCorpus() {}

  static List<ArchivedConversation> conversations() {
    JsonMapper json =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();
    try (InputStream in = LibraryCorpus.class.getResourceAsStream("/archive/conversations.json")) {
      return json.readValue(in, new TypeReference<List<ArchivedConversation>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ArchivedConversation conversation(String id) {
    return conversations().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  /** A conversation of one patron's comment on Facebook, unanswered, for words the corpus lacks. */
  static ArchivedConversation oneComment(String id, String text, Instant at) {
    return new ArchivedConversation(
        id,
        "facebook",
        "fb-main",
        MessageKind.COMMENT,
        ConversationStatus.UNANSWERED,
        null,
        List.of(),
        at,
        List.of(
            new ArchivedMessage(
                id + "-m1", "patron", false, null, MessageKind.COMMENT, text, at, false)));
  }

  /**
   * An in-memory index of one comment per text, conversations {@code c1, c2, ...} in order, for a
   * test's own few words.
   */
  static ArchiveIndex indexOfComments(List<String> texts, Instant at) throws java.io.IOException {
    ArchiveIndex index =
        ArchiveIndex.open(
            new ByteBuffersDirectory(),
            new ArchiveSchema(java.time.ZoneOffset.UTC),
            ArchiveAnalysis.withLibrarySynonyms());
    List<IndexChange> changes = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      changes.add(new IndexChange.Upsert(i + 1, oneComment("c" + (i + 1), texts.get(i), at)));
    }
    index.apply(changes);
    return index;
  }

  /** Upserts numbered 1..20 in corpus order. */
  static List<IndexChange> asChanges() {
    List<IndexChange> changes = new ArrayList<>();
    long sequence = 0;
    for (ArchivedConversation c : conversations()) {
      changes.add(new IndexChange.Upsert(++sequence, c));
    }
    return changes;
  }

  /** An in-memory index holding the corpus, applied but not committed. */
  static ArchiveIndex inMemoryIndex() {
    try {
      ArchiveIndex index =
          ArchiveIndex.open(
              new ByteBuffersDirectory(),
              new ArchiveSchema(LIBRARY_ZONE),
              ArchiveAnalysis.withLibrarySynonyms());
      index.apply(asChanges());
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
