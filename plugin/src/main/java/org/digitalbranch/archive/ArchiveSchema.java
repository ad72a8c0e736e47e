package org.digitalbranch.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;

/**
 * The one place that says what a Lucene document of the archive holds, and why.
 *
 * <p><b>One document per conversation, one value of the text field per message.</b> A search must
 * find a thread by the words of any of its messages: a patron asking "can I put a book on reserve"
 * should find the thread where a librarian explained holds, even when the old patron's words and
 * the new ones differ and only the answer matches. With a document per conversation that is plain
 * BM25 over the thread, words from different messages add up, filters and facets count threads
 * (what a person browses) rather than messages, and an update is one {@code updateDocument} by id.
 * The matching message is still found: the text field is multi-valued, one value per message with a
 * position gap (phrases never span two messages), and the highlighter splits passages at the value
 * separator, so each passage is exactly one message and its offset says which one. Documents per
 * message (or parent/child blocks) would make a thread appear once per message, need grouping for
 * every count, and re-index the whole block on every change anyway.
 *
 * <p>Filters and facets describe the conversation: its platform, account, the kind of its opening
 * item, status, the staff who answered, topic, and the date it started, in the library's time zone.
 *
 * <p><b>Nothing is a stored field.</b> A search reads every hit of its page at random; stored
 * fields compress documents together in chunks of tens of kilobytes, so each hit decompressed a
 * whole chunk and reading hits cost a third of a search. The whole conversation is instead one
 * binary doc value ({@link #CONVERSATION}), compressed in blocks of a few documents, and {@link
 * #conversation} reads it back. A change to what a document holds or how it is read changes {@link
 * #VERSION}; an index committed with another version is rebuilt from the store at start.
 */
public final class ArchiveSchema {

  /**
   * The version of the document layout, recorded in every index commit: an index written with
   * another one cannot be read by this code and is rebuilt. Version 1 (never recorded) stored the
   * thread and the texts as stored fields; version 2 kept each message's author by handle only and
   * not which message it answered; version 3 wrote kinds and statuses as their names; version 4
   * kept accents in the searched text, so "cafe" did not find "café"; version 5 kept emoji's
   * presentation selectors and skin tones, so "❤" did not find "❤️", nor "👍" find "👍🏽"; version
   * 6 kept an accent typed as a combining mark apart from the same accented letter, so "résumé"
   * pasted from a Mac did not find "résumé".
   */
  public static final String VERSION = "7";

  /** Keyword, indexed only: the term {@code updateDocument}/{@code deleteDocuments} replace by. */
  public static final String ID = "id";

  /**
   * Message texts, analysed with English stemming, one value per message. Indexed with offsets in
   * the postings so the UnifiedHighlighter needs neither term vectors nor re-analysis. Not stored:
   * the highlighter and the search hit take the texts from {@link #CONVERSATION}, which is read for
   * the hit anyway, so storing them too would only make the index bigger and every read slower.
   */
  public static final String TEXT = "text";

  /**
   * The same texts as whole lowercase words, not stemmed, not stored, docs only and no norms: it
   * only feeds spelling corrections and suggestions, which need real words and document
   * frequencies, nothing else.
   */
  public static final String WORDS = "words";

  /**
   * Filter fields: untokenized keywords, indexed (not stored: the thread holds them) so a filter is
   * a term query. Each also has a facet value of the same name.
   */
  public static final String PLATFORM = "platform";

  public static final String ACCOUNT = "account";
  public static final String KIND = "kind";
  public static final String STATUS = "status";

  /** Multi-valued: a thread can be answered by more than one staff member. */
  public static final String STAFF = "staff";

  public static final String TOPIC = "topic";

  /** Facet dimensions only, computed in the library's time zone: {@code 2025}, {@code 2025-03}. */
  public static final String YEAR = "year";

  public static final String MONTH = "month";

  /**
   * When the conversation started, epoch milliseconds: a point for range filters and doc values for
   * sorting by date. Two structures because points answer ranges and doc values answer sorts.
   */
  public static final String STARTED = "started";

  /** Doc values copy of the id: the tie-breaker that keeps equal dates in a stable order. */
  public static final String ID_SORT = "id_sort";

  /**
   * The whole conversation, texts included, in a binary doc value: a hit shows the whole
   * conversation without a trip to the store. Written field by field as Lucene writes strings and
   * numbers rather than as JSON, because parsing JSON cost a seventh of a search. Doc values rather
   * than a stored field because hits are read at random and binary doc values decompress a small
   * block of documents per read, where stored fields decompress a chunk of tens of kilobytes. Not
   * named "thread", the stored field of version 1, so a field never changes its type within one
   * index.
   */
  public static final String CONVERSATION = "conversation";

  static final List<String> FACET_DIMENSIONS =
      List.of(PLATFORM, ACCOUNT, KIND, STATUS, STAFF, TOPIC, YEAR, MONTH);

  private static final FieldType TEXT_TYPE = new FieldType();
  private static final FieldType WORDS_TYPE = new FieldType();

  static {
    TEXT_TYPE.setTokenized(true);
    TEXT_TYPE.setStored(false);
    TEXT_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    TEXT_TYPE.freeze();
    WORDS_TYPE.setTokenized(true);
    WORDS_TYPE.setStored(false);
    WORDS_TYPE.setOmitNorms(true);
    WORDS_TYPE.setIndexOptions(IndexOptions.DOCS);
    WORDS_TYPE.freeze();
  }

  private final ZoneId zone;
  private final FacetsConfig facets;

  /**
   * @param zone the library's time zone; year and month facets are computed with it at index time,
   *     so changing the zone setting needs a rebuild
   */
  public ArchiveSchema(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
    this.facets = new FacetsConfig();
    for (String dimension : FACET_DIMENSIONS) {
      // Filters use the keyword fields above, so FacetsConfig need not index drill-down terms too.
      facets.setDrillDownTermsIndexing(dimension, FacetsConfig.DrillDownTermsIndexing.NONE);
    }
    facets.setMultiValued(STAFF, true);
  }

  public ZoneId zone() {
    return zone;
  }

  FacetsConfig facetsConfig() {
    return facets;
  }

  static Term idTerm(String conversationId) {
    return new Term(ID, conversationId);
  }

  /** The Lucene document for a conversation. */
  public Document toDocument(ArchivedConversation conversation) {
    Document doc = new Document();
    doc.add(new StringField(ID, conversation.id(), Field.Store.NO));
    doc.add(new SortedDocValuesField(ID_SORT, new BytesRef(conversation.id())));
    for (ArchivedMessage message : conversation.messages()) {
      String text = indexable(message.text());
      doc.add(new Field(TEXT, text, TEXT_TYPE));
      doc.add(new Field(WORDS, text, WORDS_TYPE));
    }
    keyword(doc, PLATFORM, conversation.platform());
    keyword(doc, ACCOUNT, conversation.account());
    keyword(doc, KIND, conversation.kind().wireName());
    keyword(doc, STATUS, conversation.status().wireName());
    for (String staff : conversation.staff()) {
      keyword(doc, STAFF, staff);
    }
    if (conversation.topic() != null && !conversation.topic().isBlank()) {
      keyword(doc, TOPIC, conversation.topic());
    }
    ZonedDateTime started = conversation.startedAt().atZone(zone);
    doc.add(new SortedSetDocValuesFacetField(YEAR, String.format("%04d", started.getYear())));
    doc.add(
        new SortedSetDocValuesFacetField(
            MONTH, String.format("%04d-%02d", started.getYear(), started.getMonthValue())));
    long millis = conversation.startedAt().toEpochMilli();
    doc.add(new LongPoint(STARTED, millis));
    doc.add(new NumericDocValuesField(STARTED, millis));
    doc.add(new BinaryDocValuesField(CONVERSATION, encoded(conversation)));
    try {
      return facets.build(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The conversations of {@code docs}, in that order, each leaf's values read once in document
   * order: a page of hits costs one iterator per segment, not one per hit.
   */
  public List<ArchivedConversation> conversations(IndexReader reader, int[] docs) {
    Integer[] order = new Integer[docs.length];
    for (int i = 0; i < docs.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> docs[i]));
    ArchivedConversation[] read = new ArchivedConversation[docs.length];
    List<LeafReaderContext> leaves = reader.leaves();
    LeafReaderContext leaf = null;
    BinaryDocValues values = null;
    try {
      for (int i : order) {
        int doc = docs[i];
        if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
          leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
          values = leaf.reader().getBinaryDocValues(CONVERSATION);
        }
        if (values == null
            || values.docID() > doc - leaf.docBase
            || !values.advanceExact(doc - leaf.docBase)) {
          // The same document twice, or none: read it on its own (which says what is wrong).
          read[i] = conversation(reader, doc);
          continue;
        }
        BytesRef bytes = values.binaryValue();
        read[i] = decoded(new ByteArrayDataInput(bytes.bytes, bytes.offset, bytes.length));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable conversation in the index; rebuild it", e);
    }
    return Arrays.asList(read);
  }

  /**
   * The conversation a document of the searcher's reader was built from (message texts as indexed).
   *
   * @param doc a document id of the whole reader, as hits and {@code TopDocs} give them
   */
  public ArchivedConversation conversation(IndexReader reader, int doc) {
    List<LeafReaderContext> leaves = reader.leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    try {
      BinaryDocValues values = leaf.reader().getBinaryDocValues(CONVERSATION);
      if (values == null || !values.advanceExact(doc - leaf.docBase)) {
        throw new IllegalStateException(
            "document "
                + doc
                + " of the archive index holds no conversation: the index was written with"
                + " another schema; rebuild it");
      }
      BytesRef bytes = values.binaryValue();
      return decoded(new ByteArrayDataInput(bytes.bytes, bytes.offset, bytes.length));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable conversation in the index; rebuild it", e);
    }
  }

  /**
   * The highlighter joins the values of a multi-valued field with U+0000 and splits passages there,
   * so a message must not contain that character itself. Same length, so offsets still line up.
   */
  static String indexable(String text) {
    return text.replace('\u0000', ' ');
  }

  private static void keyword(Document doc, String field, String value) {
    doc.add(new StringField(field, value, Field.Store.NO));
    doc.add(new SortedSetDocValuesFacetField(field, value));
  }

  /** The conversation with its texts as {@link #TEXT} indexes them; read by {@link #decoded}. */
  private static BytesRef encoded(ArchivedConversation c) {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    try {
      out.writeString(c.id());
      out.writeString(c.platform());
      out.writeString(c.account());
      // Kinds and statuses by position: a name costs a string on every read of every hit.
      out.writeByte((byte) c.kind().ordinal());
      out.writeByte((byte) c.status().ordinal());
      writeNullable(out, c.topic());
      out.writeVInt(c.staff().size());
      for (String staff : c.staff()) {
        out.writeString(staff);
      }
      writeInstant(out, c.startedAt());
      out.writeVInt(c.messages().size());
      for (ArchivedMessage m : c.messages()) {
        out.writeString(m.id());
        out.writeString(m.author());
        writeNullable(out, m.authorName());
        writeNullable(out, m.inReplyTo());
        out.writeByte((byte) ((m.staff() ? 1 : 0) | (m.deleted() ? 2 : 0)));
        writeNullable(out, m.staffUser());
        out.writeByte((byte) m.kind().ordinal());
        out.writeString(indexable(m.text()));
        writeInstant(out, m.at());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BytesRef(out.toArrayCopy());
  }

  private static ArchivedConversation decoded(ByteArrayDataInput in) throws IOException {
    String id = in.readString();
    String platform = in.readString();
    String account = in.readString();
    MessageKind kind = MESSAGE_KINDS[in.readByte()];
    ConversationStatus status = STATUSES[in.readByte()];
    String topic = readNullable(in);
    List<String> staff = new ArrayList<>();
    for (int i = in.readVInt(); i > 0; i--) {
      staff.add(in.readString());
    }
    Instant startedAt = readInstant(in);
    int count = in.readVInt();
    List<ArchivedMessage> messages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String messageId = in.readString();
      String author = in.readString();
      String authorName = readNullable(in);
      String inReplyTo = readNullable(in);
      byte flags = in.readByte();
      String staffUser = readNullable(in);
      MessageKind messageKind = MESSAGE_KINDS[in.readByte()];
      String text = in.readString();
      Instant at = readInstant(in);
      messages.add(
          new ArchivedMessage(
              messageId,
              author,
              authorName,
              inReplyTo,
              (flags & 1) != 0,
              staffUser,
              messageKind,
              text,
              at,
              (flags & 2) != 0));
    }
    return new ArchivedConversation(
        id, platform, account, kind, status, topic, staff, startedAt, messages);
  }

  private static final MessageKind[] MESSAGE_KINDS = MessageKind.values();
  private static final ConversationStatus[] STATUSES = ConversationStatus.values();

  private static void writeNullable(ByteBuffersDataOutput out, String value) throws IOException {
    out.writeByte((byte) (value == null ? 0 : 1));
    if (value != null) {
      out.writeString(value);
    }
  }

  private static String readNullable(ByteArrayDataInput in) throws IOException {
    return in.readByte() == 0 ? null : in.readString();
  }

  private static void writeInstant(ByteBuffersDataOutput out, Instant at) throws IOException {
    out.writeZLong(at.getEpochSecond());
    out.writeVInt(at.getNano());
  }

  private static Instant readInstant(ByteArrayDataInput in) throws IOException {
    long seconds = in.readZLong();
    return Instant.ofEpochSecond(seconds, in.readVInt());
  }
}
