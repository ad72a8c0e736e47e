package org.digitalbranch.archive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The three analyzers of the archive.
 *
 * <p>Synonyms are applied at query time, not index time. {@link SynonymGraphFilter} produces a
 * token graph; a query parser turns that graph into correct alternatives, multi-word ones as
 * phrases ("library card"), while at index time the graph would have to be flattened, which breaks
 * phrase queries over multi-word synonyms. Query-time synonyms also keep the index smaller, keep
 * term statistics honest, and let the library edit the list with a restart instead of a re-index.
 *
 * <p>The synonym entries are parsed with the index analyzer, so they are stemmed like the text, and
 * the synonym filter runs after stemming at query time: "holds" and "reserving" reach the entries
 * "hold" and "reserve" without listing every form.
 */
public final class ArchiveAnalysis {

  static final String SYNONYMS_RESOURCE = "synonyms.txt";

  /** Keeps phrases from matching across two messages of one conversation. */
  static final int GAP_BETWEEN_MESSAGES = 100;

  private static final CharArraySet STOP_WORDS = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;

  private final Analyzer index;
  private final Analyzer query;
  private final Analyzer words;

  private final List<List<String>> multiWordEntries;

  private final Set<String> synonymWords;

  private ArchiveAnalysis(
      Analyzer index,
      Analyzer query,
      Analyzer words,
      List<List<String>> multiWordEntries,
      Set<String> synonymWords) {
    this.index = index;
    this.query = query;
    this.words = words;
    this.multiWordEntries = multiWordEntries;
    this.synonymWords = synonymWords;
  }

  /** Loads the library's synonym list from the plugin's resources. */
  public static ArchiveAnalysis withLibrarySynonyms() {
    try (InputStream in = ArchiveAnalysis.class.getResourceAsStream(SYNONYMS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SYNONYMS_RESOURCE);
      }
      return withSynonyms(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds the analyzers with a synonym list in Solr format. */
  public static ArchiveAnalysis withSynonyms(Reader solrFormat) throws IOException {
    String list = new BufferedReader(solrFormat).lines().collect(Collectors.joining("\n"));
    Analyzer index = new EnglishText(null);
    SolrSynonymParser parser = new SolrSynonymParser(true, true, index);
    try {
      parser.parse(new StringReader(list));
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "synonym list, line " + e.getErrorOffset() + ": " + e.getMessage(), e);
    }
    Words words = new Words();
    return new ArchiveAnalysis(
        index,
        new EnglishText(parser.build()),
        words,
        multiWordEntries(list, index),
        synonymWords(list, words));
  }

  /**
   * Every word of the synonym list as the spelling check sees words (lower case, not stemmed): the
   * library chose them, so none is a patron's misspelling to correct, however rare it is in the
   * archive ("story" in "story time" is not a typo of "store").
   */
  Set<String> synonymWords() {
    return synonymWords;
  }

  private static Set<String> synonymWords(String list, Analyzer words) throws IOException {
    Set<String> found = new HashSet<>();
    for (String line : list.split("\n")) {
      if (!line.isBlank() && !line.strip().startsWith("#")) {
        found.addAll(tokens(words, line.replace("=>", ",")));
      }
    }
    return Set.copyOf(found);
  }

  /**
   * The synonym entries of two or more words, as analysed tokens, longest first. A query parser
   * that splits on spaces never shows the synonym filter "electronic book" in one piece, so the
   * query parser looks for these sequences itself.
   */
  List<List<String>> multiWordEntries() {
    return multiWordEntries;
  }

  private static List<List<String>> multiWordEntries(String list, Analyzer analyzer)
      throws IOException {
    Set<List<String>> entries = new LinkedHashSet<>();
    for (String line : list.split("\n")) {
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      for (String entry : line.split(",|=>")) {
        List<String> tokens = tokens(analyzer, entry);
        if (tokens.size() > 1) {
          entries.add(tokens);
        }
      }
    }
    List<List<String>> longestFirst = new ArrayList<>(entries);
    longestFirst.sort(Comparator.comparingInt((List<String> e) -> e.size()).reversed());
    return List.copyOf(longestFirst);
  }

  private static List<String> tokens(Analyzer analyzer, String text) throws IOException {
    List<String> tokens = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream(ArchiveSchema.TEXT, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        tokens.add(term.toString());
      }
      stream.end();
    }
    return tokens;
  }

  /** For the text field at index time: English words, stemmed, no synonyms. */
  public Analyzer index() {
    return index;
  }

  /** For the text field at query time: as {@link #index()}, then the synonym graph. */
  public Analyzer query() {
    return query;
  }

  /**
   * For the words field: lowercase whole words without stemming, because spelling corrections and
   * suggestions must be words a person would type ("library", not the stem "librari").
   */
  public Analyzer words() {
    return words;
  }

  /** Text and emoji presentation selectors (U+FE0E, U+FE0F) and the five skin-tone modifiers. */
  private static final java.util.regex.Pattern EMOJI_VARIANTS =
      java.util.regex.Pattern.compile("[\\x{FE0E}\\x{FE0F}\\x{1F3FB}-\\x{1F3FF}]");

  private static final class EnglishText extends Analyzer {
    private final SynonymMap synonyms;

    EnglishText(SynonymMap synonyms) {
      this.synonyms = synonyms;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      StandardTokenizer source = new StandardTokenizer();
      TokenStream stream = new EnglishPossessiveFilter(source);
      stream = new LowerCaseFilter(stream);
      stream = new ComposedFormFilter(stream);
      // Accents folded: a patron who types "cafe", "ebook" or "informacion" finds the message
      // that wrote "café", "ÉBOOK" or "información", and the other way round.
      stream = new ASCIIFoldingFilter(stream);
      // Emoji folded too: patrons' devices differ in whether they send "❤" or "❤️" (a presentation
      // selector) and which skin tone a "👍" carries; the heart is the heart either way.
      stream = new PatternReplaceFilter(stream, EMOJI_VARIANTS, "", true);
      stream = new StopFilter(stream, STOP_WORDS);
      stream = new PorterStemFilter(stream);
      if (synonyms != null) {
        stream = new SynonymGraphFilter(stream, synonyms, true);
      }
      return new TokenStreamComponents(source, stream);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
      return new ASCIIFoldingFilter(new ComposedFormFilter(new LowerCaseFilter(in)));
    }

    @Override
    public int getPositionIncrementGap(String fieldName) {
      return GAP_BETWEEN_MESSAGES;
    }
  }

  private static final class Words extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      StandardTokenizer source = new StandardTokenizer();
      TokenStream stream = new EnglishPossessiveFilter(source);
      stream = new LowerCaseFilter(stream);
      // One spelling of "résumé" among the words, however its accents were typed.
      stream = new ComposedFormFilter(stream);
      stream = new StopFilter(stream, STOP_WORDS);
      return new TokenStreamComponents(source, stream);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
      return new ComposedFormFilter(new LowerCaseFilter(in));
    }
  }
}
