package org.digitalbranch.platform;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A post's text reduced to what survives every platform's rewriting: platforms shorten links (X's
 * t.co), render HTML (Mastodon) and change whitespace, so the fingerprint drops URLs, markup
 * spacing, punctuation and case, and keeps letters and digits in order. Two posts with the same
 * fingerprint in the same time window are taken to be the same post.
 */
public final class ContentFingerprint {

  private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://\\S+");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private ContentFingerprint() {}

  public static String of(String text) {
    String normalized = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFC);
    String withoutUrls = URL.matcher(normalized).replaceAll(" ");
    return NOT_WORD.matcher(withoutUrls.toLowerCase(Locale.ROOT)).replaceAll("");
  }

  public static boolean same(String a, String b) {
    return of(a).equals(of(b));
  }
}
