package org.digitalbranch.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.queue.WorkflowTest.refusalOf;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlatformRulesTest {
  private static final String FAMILY = "👩‍👩‍👧‍👦"; // four people joined by three ZWJ
  private static final String THUMBS_MEDIUM = "👍🏽"; // emoji + skin tone modifier
  private static final String E_ACUTE_COMBINING = "e\u0301";
  private static final String URL = "https://www.example.org/events/summer-reading-kickoff?ref=x";

  private static final TargetAccount X = account("x-main", Network.X, 0);
  private static final TargetAccount BLUESKY = account("bsky-main", Network.BLUESKY, 0);
  private static final TargetAccount MASTODON = account("mastodon-main", Network.MASTODON, 0);
  private static final TargetAccount INSTAGRAM = account("ig-main", Network.INSTAGRAM, 0);
  private static final TargetAccount FACEBOOK = account("fb-main", Network.FACEBOOK, 0);

  private final PlatformRules rules = new PlatformRules();

  @Test
  void xCountsLatinAsOneAndCjkAsTwo() {
    assertThat(PlatformRules.xWeightedLength("a".repeat(280))).isEqualTo(280);
    assertThat(PlatformRules.xWeightedLength("本".repeat(140))).isEqualTo(280);
    assertThat(PlatformRules.xWeightedLength("本".repeat(141))).isEqualTo(282);
    assertThat(PlatformRules.xWeightedLength("“quoted” — ‘dash’")).isEqualTo(17);
  }

  @Test
  void xCountsEveryEmojiSequenceAsTwo() {
    assertThat(PlatformRules.xWeightedLength("😀")).isEqualTo(2);
    assertThat(PlatformRules.xWeightedLength(FAMILY)).isEqualTo(2);
    assertThat(PlatformRules.xWeightedLength(THUMBS_MEDIUM)).isEqualTo(2);
    assertThat(PlatformRules.xWeightedLength("❤️")).isEqualTo(2);
    assertThat(PlatformRules.xWeightedLength("🇺🇸")).isEqualTo(2);
    assertThat(PlatformRules.xWeightedLength("#1 ©")).isEqualTo(4);
  }

  @Test
  void xNormalisesCombiningMarksBeforeCounting() {
    assertThat(PlatformRules.xWeightedLength(E_ACUTE_COMBINING)).isEqualTo(1);
  }

  @Test
  void xCountsAUrlAsTwentyThreeExactlyAtTheLimit() {
    String fits = "a".repeat(256) + " " + URL;
    String over = "a".repeat(257) + " " + URL;

    assertThat(rules.check(fits, null, 0, X))
        .isEqualTo(
            new PlatformCheck(
                "x-main", Network.X, 280, 280, true, "X: 280 of 280 weighted characters"));
    assertThat(rules.check(over, null, 0, X))
        .isEqualTo(
            new PlatformCheck(
                "x-main",
                Network.X,
                281,
                280,
                false,
                "X: 281 of 280 weighted characters, 1 too many"));
  }

  @Test
  void theLinkIsAddedAfterABlankLineAndCountedAsAUrl() {
    assertThat(rules.check("a".repeat(255), URL, 0, X).used()).isEqualTo(280);
    assertThat(rules.check("see " + URL, URL, 0, X).used()).isEqualTo(27);
    assertThat(rules.check("a".repeat(10), URL, 0, FACEBOOK).used()).isEqualTo(10);
  }

  @Test
  void emojiSequencesHaveTwoWeightsOnXAtTheBoundary() {
    assertThat(rules.check(FAMILY.repeat(140), null, 0, X).ok()).isTrue();
    assertThat(rules.check(FAMILY.repeat(140) + "a", null, 0, X).ok()).isFalse();
  }

  @Test
  void blueskyCountsGraphemes() {
    assertThat(PlatformRules.graphemes(FAMILY)).isEqualTo(1);
    assertThat(PlatformRules.graphemes(THUMBS_MEDIUM)).isEqualTo(1);
    assertThat(PlatformRules.graphemes(E_ACUTE_COMBINING)).isEqualTo(1);
    assertThat(PlatformRules.graphemes("本の日")).isEqualTo(3);
    assertThat(rules.check(THUMBS_MEDIUM.repeat(300), null, 0, BLUESKY).ok()).isTrue();
    assertThat(rules.check(FAMILY.repeat(301), null, 0, BLUESKY).used()).isEqualTo(301);
    assertThat(rules.check(E_ACUTE_COMBINING.repeat(300), null, 0, BLUESKY).ok()).isTrue();
  }

  @Test
  void blueskyAlsoRefusesMoreThan3000BytesThatLookLikeFewerThan300Characters() {
    // A family emoji is one grapheme of 25 bytes: 300 of them pass the count a person sees,
    // and Bluesky refuses the record ("Record/text must not be longer than 3000 characters").
    PlatformCheck families = rules.check(FAMILY.repeat(300), null, 0, BLUESKY);
    assertThat(families.ok()).isFalse();
    assertThat(families.used()).isEqualTo(300);
    assertThat(families.message()).startsWith("Bluesky: 7,500 of 3,000 bytes, 4,500 too many");
    assertThat(rules.check(FAMILY.repeat(120), null, 0, BLUESKY).ok()).isTrue();
    assertThat(rules.check(FAMILY.repeat(121), null, 0, BLUESKY).ok()).isFalse();
  }

  @Test
  void blueskyCountsTheUrlInFull() {
    String url = "https://example.org/a"; // 21 graphemes
    assertThat(rules.check("a".repeat(278) + " " + url, null, 0, BLUESKY).used()).isEqualTo(300);
    assertThat(rules.check("a".repeat(279) + " " + url, null, 0, BLUESKY).ok()).isFalse();
  }

  @Test
  void mastodonCountsGraphemesWithUrlsAsTwentyThree() {
    // As Mastodon's StatusLengthValidator: each_grapheme_cluster (code points refused 72 family
    // emoji the server takes).
    assertThat(PlatformRules.mastodonLength(FAMILY)).isEqualTo(1);
    assertThat(PlatformRules.mastodonLength(E_ACUTE_COMBINING)).isEqualTo(1);
    assertThat(rules.check(FAMILY.repeat(500), null, 0, MASTODON).ok()).isTrue();
    assertThat(rules.check(FAMILY.repeat(501), null, 0, MASTODON).ok()).isFalse();
    assertThat(PlatformRules.mastodonLength("本".repeat(500))).isEqualTo(500);
    assertThat(PlatformRules.mastodonLength("hi @reader@example.social")).isEqualTo(10);
    // A user name with a dot inside: Mastodon still counts only "@oliver.silva".
    assertThat(PlatformRules.mastodonLength("hi @oliver.silva@example.social")).isEqualTo(16);
    assertThat(rules.check("a".repeat(476) + " " + URL, null, 0, MASTODON).used()).isEqualTo(500);
    assertThat(rules.check("a".repeat(477) + " " + URL, null, 0, MASTODON).ok()).isFalse();
  }

  @Test
  void mastodonUsesTheInstanceLimitWhenKnown() {
    TargetAccount roomy = account("mastodon-big", Network.MASTODON, 1000);

    assertThat(rules.check("a".repeat(1000), null, 0, roomy))
        .isEqualTo(
            new PlatformCheck(
                "mastodon-big",
                Network.MASTODON,
                1000,
                1000,
                true,
                "Mastodon: 1,000 of 1,000 characters"));
  }

  @Test
  void instagramNeedsAnImageAndAllows2200Characters() {
    assertThat(rules.check("hello", null, 0, INSTAGRAM))
        .isEqualTo(
            new PlatformCheck(
                "ig-main",
                Network.INSTAGRAM,
                5,
                2200,
                false,
                "Instagram needs at least one image"));
    assertThat(rules.check("a".repeat(2200), null, 1, INSTAGRAM).ok()).isTrue();
    assertThat(rules.check("a".repeat(2201), null, 1, INSTAGRAM).ok()).isFalse();
  }

  @Test
  void anInstagramDirectMessageIsCountedInCharactersAndRefusedPastItsThousandBytes() {
    // A reply is checked as a post with its one image would be (ConversationActions).
    TargetAccount direct = account("ig-main", Network.INSTAGRAM, 1000);

    assertThat(rules.check("a".repeat(1000), null, 1, direct).ok()).isTrue();
    assertThat(rules.check("a".repeat(1001), null, 1, direct).message())
        .isEqualTo("Instagram: 1,001 of 1,000 characters, 1 too many");
    // "é" is one character of two bytes: 600 of them look like 600 and are 1,200 bytes.
    PlatformCheck accents = rules.check("\u00e9".repeat(600), null, 1, direct);
    assertThat(accents.ok()).isFalse();
    assertThat(accents.used()).isEqualTo(600);
    assertThat(accents.message())
        .startsWith("Instagram: 1,200 of 1,000 bytes, 200 too many: letters with accents");
  }

  @Test
  void facebookAllows63206Characters() {
    assertThat(rules.check("a".repeat(63_206), null, 0, FACEBOOK).ok()).isTrue();
    assertThat(rules.check("a".repeat(63_207), null, 0, FACEBOOK).ok()).isFalse();
  }

  @Test
  void submittingRefusesTheTextNamingThePlatform() {
    Refusal refusal =
        refusalOf(() -> rules.requireFits("a".repeat(281), null, 1, List.of(FACEBOOK, X)));

    assertThat(refusal)
        .isEqualTo(
            new Refusal.Invalid(
                "text", "X: 281 of 280 weighted characters, 1 too many (account x-main)"));
    assertThat(refusal.status()).isEqualTo(400);
  }

  @Test
  void everyAccountTheTextOverrunsIsNamedAtOnceAndBlueskysBytesAreAboutTheText() {
    assertThat(
            refusalOf(
                () -> rules.requireFits("a".repeat(301), null, 1, List.of(FACEBOOK, X, BLUESKY))))
        .isEqualTo(
            new Refusal.Invalid(
                "text",
                "X: 301 of 280 weighted characters, 21 too many (account x-main); Bluesky: 301 of"
                    + " 300 characters, 1 too many (account bsky-main)"));
    assertThat(refusalOf(() -> rules.requireFits(FAMILY.repeat(200), null, 1, List.of(BLUESKY))))
        .isInstanceOfSatisfying(
            Refusal.Invalid.class, invalid -> assertThat(invalid.field()).isEqualTo("text"));
  }

  @Test
  void submittingToInstagramWithoutAnImageNamesTheImages() {
    assertThat(refusalOf(() -> rules.requireFits("hello", null, 0, List.of(INSTAGRAM))))
        .isEqualTo(
            new Refusal.Invalid("images", "Instagram needs at least one image (account ig-main)"));
  }

  @Test
  void moreImagesThanFacebookOrInstagramTakeFromThisPluginAreRefusedAtTheImages() {
    assertThat(
            refusalOf(() -> rules.requireFits("hello", null, 2, List.of(X, FACEBOOK, INSTAGRAM))))
        .isEqualTo(
            new Refusal.Invalid(
                "images",
                "Facebook posts from Digital Branch carry one photo; this post has 2: keep one,"
                    + " or leave Facebook out (account fb-main); Instagram posts from Digital Branch"
                    + " carry one image; this post has 2: keep one, or leave Instagram out"
                    + " (account ig-main)"));
    PostRefused both =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            PostRefused.class,
            () -> rules.requireFits("a".repeat(281), null, 2, List.of(X, FACEBOOK)));
    assertThat(((Refusal.Invalid) both.refusal()).field())
        .as("text and images at once")
        .isEqualTo("text");
    assertThat(both.more()).extracting(Refusal.Invalid::field).containsExactly("images");
    assertThat(rules.check("hello", null, 4, X).ok()).isTrue();
    assertThat(rules.check("hello", null, 1, FACEBOOK).ok()).isTrue();
  }

  @Test
  void oneCheckPerTargetAccountInOrder() {
    assertThat(rules.check("hi", null, 1, List.of(X, BLUESKY, MASTODON, INSTAGRAM, FACEBOOK)))
        .extracting(PlatformCheck::message)
        .containsExactly(
            "X: 2 of 280 weighted characters",
            "Bluesky: 2 of 300 characters",
            "Mastodon: 2 of 500 characters",
            "Instagram: 2 of 2,200 characters",
            "Facebook: 2 of 63,206 characters");
  }

  static TargetAccount account(String id, Network network, int limit) {
    return new TargetAccount(id, network, Set.of("ana"), limit);
  }
}
