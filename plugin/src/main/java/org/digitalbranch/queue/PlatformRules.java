package org.digitalbranch.queue;

import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The length and content rules of each platform, exactly as the compose page counts them.
 *
 * <ul>
 *   <li>X: 280 weighted characters (twitter-text v3). After NFC normalisation, code points in
 *       U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 weigh 1, all others 2; an
 *       emoji (with its skin tone, variation selector, keycap or ZWJ sequence) weighs 2 in total;
 *       every URL weighs 23.
 *   <li>Bluesky: 300 graphemes (extended grapheme clusters); URLs count in full; and at most 3,000
 *       bytes of UTF-8 (lexicon {@code maxLength}).
 *   <li>Mastodon: 500 characters, or the instance's limit when the account has one, counted as its
 *       StatusLengthValidator counts them: grapheme clusters (a family emoji is one), every URL as
 *       23 and a remote mention {@code @user@domain} as {@code @user}.
 *   <li>Instagram: needs at least one image; caption up to 2,200 characters (a direct message: the
 *       account's limit, 1,000, in bytes of UTF-8 as well).
 *   <li>Facebook: up to 63,206 characters (a private answer through Messenger: the account's
 *       character limit, 1,999).
 * </ul>
 *
 * The link is added to the text for every platform but Facebook (which takes it as a separate
 * field), after a blank line, unless the text already contains it. A URL is {@code http://} or
 * {@code https://} up to the next space, without trailing punctuation.
 */
public final class PlatformRules {
  /**
   * Whether a text shows anything. Not only spaces of any width (no-break, ideographic) and
   * invisible characters (zero-width spaces, joiners, direction marks), which {@link
   * String#isBlank()} lets through, but also the letters that draw nothing and are the known tricks
   * for an "empty" post (the Braille blank, the Hangul fillers, the Khmer inherent vowels), and
   * combining marks with nothing to combine with: a platform would post any of these as an
   * empty-looking message.
   */
  public static boolean hasVisibleText(String text) {
    return text != null && text.codePoints().anyMatch(PlatformRules::drawsSomething);
  }

  private static final java.util.Set<Integer> BLANK_LETTERS =
      java.util.Set.of(0x2800, 0x3164, 0x115F, 0x1160, 0xFFA0, 0x17B4, 0x17B5, 0x1D159);

  private static boolean drawsSomething(int c) {
    int type = Character.getType(c);
    return !Character.isWhitespace(c)
        && !Character.isSpaceChar(c)
        && type != Character.FORMAT
        && type != Character.CONTROL
        && type != Character.NON_SPACING_MARK
        && type != Character.ENCLOSING_MARK
        && type != Character.COMBINING_SPACING_MARK
        && !BLANK_LETTERS.contains(c);
  }

  public static final int X_LIMIT = 280;
  public static final int BLUESKY_LIMIT = 300;

  /** Bluesky's other limit on a post's text: {@code maxLength} 3,000 bytes of UTF-8. */
  public static final int BLUESKY_BYTE_LIMIT = 3_000;

  /** A Bluesky image blob's largest size (lexicon {@code app.bsky.embed.images}), in bytes. */
  public static final int BLUESKY_IMAGE_BYTES = 2_000_000;

  /**
   * X's media metadata takes alt text up to this many characters (CreateMediaMetadata); XPlatform
   * checks the same before uploading.
   */
  public static final int X_ALT_TEXT = 1_000;

  /** Mastodon's {@code media_attachments.description_limit} on a stock server (api/v2/instance). */
  public static final int MASTODON_ALT_TEXT = 1_500;

  public static final int MASTODON_LIMIT = 500;
  public static final int INSTAGRAM_LIMIT = 2_200;
  public static final int FACEBOOK_LIMIT = 63_206;
  public static final int URL_WEIGHT = 23;
  static final String LINK_SEPARATOR = "\n\n";

  static final Pattern URL = Pattern.compile("(?i)https?://[^\\s<>\"]*[^\\s<>\".,;:!?)\\]'\"]");

  /** A remote mention; a user name may hold . and - inside it, as Mastodon's MENTION_RE allows. */
  private static final Pattern REMOTE_MENTION =
      Pattern.compile(
          "(?<![\\w@])(@\\w+(?:[\\w.-]*\\w)?)@[\\w.-]+\\w", Pattern.UNICODE_CHARACTER_CLASS);

  /** One check per target account, in the order given. */
  public List<PlatformCheck> check(
      String text, String link, int imageCount, Collection<TargetAccount> accounts) {
    List<PlatformCheck> checks = new ArrayList<>();
    for (TargetAccount account : accounts) {
      checks.add(check(text, link, imageCount, account));
    }
    return checks;
  }

  public PlatformCheck check(String text, String link, int imageCount, TargetAccount account) {
    PlatformCheck words = textCheck(text, link, account);
    String images = imagesProblem(account.network(), imageCount);
    return !words.ok() || images == null
        ? words
        : new PlatformCheck(
            account.id(), account.network(), words.used(), words.limit(), false, images);
  }

  /**
   * What the images of a post cannot be on the network, or null: Instagram needs one, and this
   * plugin publishes one photo to a Facebook Page or Instagram account (a carousel is not built),
   * so a second one would be refused at publishing, where no retry helps.
   */
  static String imagesProblem(Network network, int imageCount) {
    return switch (network) {
      case INSTAGRAM ->
          imageCount == 0
              ? "Instagram needs at least one image"
              : imageCount > 1
                  ? "Instagram posts from Digital Branch carry one image; this post has "
                      + imageCount
                      + ": keep one, or leave Instagram out"
                  : null;
      case FACEBOOK ->
          imageCount > 1
              ? "Facebook posts from Digital Branch carry one photo; this post has "
                  + imageCount
                  + ": keep one, or leave Facebook out"
              : null;
      case X, MASTODON, BLUESKY -> null; // four each, as the form allows
    };
  }

  private PlatformCheck textCheck(String text, String link, TargetAccount account) {
    String composed = composed(text, link, account.network());
    return switch (account.network()) {
      case X -> measured(account, xWeightedLength(composed), X_LIMIT, "weighted characters");
      case BLUESKY -> {
        // A chat message (the account's own limit, 1,000) takes ten bytes a grapheme too.
        int limit = account.characterLimit() > 0 ? account.characterLimit() : BLUESKY_LIMIT;
        int byteLimit = limit * (BLUESKY_BYTE_LIMIT / BLUESKY_LIMIT);
        PlatformCheck shown = measured(account, graphemes(composed), limit, "characters");
        int bytes = composed.getBytes(StandardCharsets.UTF_8).length;
        // The record also allows only 3,000 bytes of UTF-8: 300 family emoji (25 bytes each)
        // pass the count a person sees and are refused at publish time.
        yield !shown.ok() || bytes <= byteLimit
            ? shown
            : new PlatformCheck(
                account.id(),
                Network.BLUESKY,
                shown.used(),
                shown.limit(),
                false,
                measured(account, bytes, byteLimit, "bytes").message()
                    + ": combined emoji and some scripts take many bytes each");
      }
      case MASTODON ->
          measured(
              account,
              mastodonLength(composed),
              account.characterLimit() > 0 ? account.characterLimit() : MASTODON_LIMIT,
              "characters");
      case FACEBOOK ->
          measured(
              account,
              codePoints(composed),
              account.characterLimit() > 0 ? account.characterLimit() : FACEBOOK_LIMIT,
              "characters");
      case INSTAGRAM -> {
        if (account.characterLimit() <= 0) {
          yield measured(account, codePoints(composed), INSTAGRAM_LIMIT, "characters");
        }
        // A direct message's limit (the account's own, 1,000) is in bytes of UTF-8: shown as
        // characters, which is what a person counts, and refused in bytes where letters with
        // accents, emoji or other scripts make it longer than it looks.
        PlatformCheck shown =
            measured(account, codePoints(composed), account.characterLimit(), "characters");
        int bytes = composed.getBytes(StandardCharsets.UTF_8).length;
        yield !shown.ok() || bytes <= account.characterLimit()
            ? shown
            : new PlatformCheck(
                account.id(),
                Network.INSTAGRAM,
                shown.used(),
                shown.limit(),
                false,
                measured(account, bytes, account.characterLimit(), "bytes").message()
                    + ": letters with accents, emoji and many scripts take two to four bytes each");
      }
    };
  }

  /**
   * Refuses what cannot be submitted: text too long for a target (field {@code text}), or images a
   * target cannot take ({@link #imagesProblem}, field {@code images}).
   */
  public void requireFits(
      String text, String link, int imageCount, Collection<TargetAccount> accounts) {
    // Every account the text does not fit is named at once, so one correction can serve them
    // all; an Instagram post without an image is a matter of the images, not of the text.
    List<String> tooLong = new ArrayList<>();
    String images = null;
    for (TargetAccount account : accounts) {
      // Both at once: an over-long text does not hide that the images will not go either.
      PlatformCheck words = textCheck(text, link, account);
      if (!words.ok()) {
        tooLong.add(words.message() + " (account " + account.id() + ")");
      }
      String problem = imagesProblem(account.network(), imageCount);
      if (problem != null) {
        problem += " (account " + account.id() + ")";
        images = images == null ? problem : images + "; " + problem;
      }
    }
    List<Refusal.Invalid> problems = new ArrayList<>();
    if (!tooLong.isEmpty()) {
      problems.add(new Refusal.Invalid("text", String.join("; ", tooLong)));
    }
    if (images != null) {
      problems.add(new Refusal.Invalid("images", images));
    }
    if (!problems.isEmpty()) {
      throw PostRefused.invalid(problems);
    }
  }

  /** The text as it goes to {@code network}: the link appended, except where it travels apart. */
  public static String composed(String text, String link, Network network) {
    String body = text == null ? "" : text;
    if (link == null || link.isBlank() || network == Network.FACEBOOK || body.contains(link)) {
      return body;
    }
    return body.isEmpty() ? link : body + LINK_SEPARATOR + link;
  }

  /** twitter-text's weighted length, in whole characters (weight 100 = 1). */
  public static int xWeightedLength(String text) {
    return withUrlsAs(Normalizer.normalize(text, Normalizer.Form.NFC), PlatformRules::xPlain);
  }

  public static int graphemes(String text) {
    BreakIterator clusters = BreakIterator.getCharacterInstance(Locale.ROOT);
    clusters.setText(text);
    int count = 0;
    while (clusters.next() != BreakIterator.DONE) {
      count++;
    }
    return count;
  }

  public static int mastodonLength(String text) {
    String localMentions = REMOTE_MENTION.matcher(text).replaceAll("$1");
    return withUrlsAs(localMentions, PlatformRules::graphemes);
  }

  static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }

  /** Measures the text between URLs with {@code plain}, and each URL as {@link #URL_WEIGHT}. */
  private static int withUrlsAs(String text, ToIntFunction<String> plain) {
    Matcher urls = URL.matcher(text);
    int total = 0;
    int from = 0;
    while (urls.find()) {
      total += plain.applyAsInt(text.substring(from, urls.start())) + URL_WEIGHT;
      from = urls.end();
    }
    return total + plain.applyAsInt(text.substring(from));
  }

  private static int xPlain(String text) {
    BreakIterator clusters = BreakIterator.getCharacterInstance(Locale.ROOT);
    clusters.setText(text);
    int weight = 0;
    int start = clusters.first();
    for (int end = clusters.next(); end != BreakIterator.DONE; start = end, end = clusters.next()) {
      String cluster = text.substring(start, end);
      if (Emoji.isEmoji(cluster)) {
        weight += 2;
      } else {
        weight += cluster.codePoints().map(cp -> xLight(cp) ? 1 : 2).sum();
      }
    }
    return weight;
  }

  private static boolean xLight(int cp) {
    return cp <= 0x10FF
        || (cp >= 0x2000 && cp <= 0x200D)
        || (cp >= 0x2010 && cp <= 0x201F)
        || (cp >= 0x2032 && cp <= 0x2037);
  }

  private static String grouped(int n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static PlatformCheck measured(TargetAccount account, int used, int limit, String unit) {
    String name = displayName(account.network());
    boolean ok = used <= limit;
    // Grouped as the page's hints write them: "1,001 of 1,000 characters", not "1001 of 1000".
    String message =
        ok
            ? name + ": " + grouped(used) + " of " + grouped(limit) + " " + unit
            : name
                + ": "
                + grouped(used)
                + " of "
                + grouped(limit)
                + " "
                + unit
                + ", "
                + grouped(used - limit)
                + " too many";
    return new PlatformCheck(account.id(), account.network(), used, limit, ok, message);
  }

  /**
   * The longest alt text the network takes, in characters, or 0 where it documents none (Facebook,
   * Instagram and Bluesky's lexicon name no limit). Checked when a post is submitted or approved:
   * at publishing time a refusal is final, since a retry sends the same text.
   */
  public static int altTextLimit(Network network) {
    return switch (network) {
      case X -> X_ALT_TEXT;
      case MASTODON -> MASTODON_ALT_TEXT;
      case FACEBOOK, INSTAGRAM, BLUESKY -> 0;
    };
  }

  /**
   * An alt text's length as the network's limit counts it: UTF-16 units on X, as XPlatform counts
   * before uploading (the stricter count: an emoji is two), characters elsewhere.
   */
  public static int altTextLength(Network network, String alt) {
    return network == Network.X ? alt.length() : alt.codePointCount(0, alt.length());
  }

  public static String displayName(Network network) {
    return switch (network) {
      case FACEBOOK -> "Facebook";
      case INSTAGRAM -> "Instagram";
      case MASTODON -> "Mastodon";
      case BLUESKY -> "Bluesky";
      case X -> "X";
    };
  }
}
