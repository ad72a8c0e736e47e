package org.digitalbranch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.ZoneId;
import java.util.List;
import org.digitalbranch.platform.graph.GraphMessaging;
import org.junit.jupiter.api.Test;

class DigitalBranchConfigTest {

  private static List<String> problemsOf(String settings, boolean demo) {
    try {
      DigitalBranchConfig.from(TestSettings.defaultsWith(settings), demo);
    } catch (InvalidConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected the settings to be refused: " + settings);
  }

  @Test
  void theDeclaredDefaultsMakeAWorkingConfiguration() throws Exception {
    DigitalBranchConfig config = DigitalBranchConfig.from(TestSettings.defaultsWith("{}"), false);

    assertThat(config.timeZone()).isEqualTo(ZoneId.of("America/Chicago"));
    assertThat(config.promotionLimitPercent()).isEqualTo(10);
    assertThat(config.pollSeconds()).isEqualTo(60);
    assertThat(config.maxBodyBytes()).isEqualTo(1_048_576);
    assertThat(config.imageMaxBytes()).isEqualTo(5_242_880);
    assertThat(config.moderationReasons())
        .containsExactly(
            "spam", "harassment", "personal information", "off-topic", "illegal content");
    assertThat(config.accounts()).isEmpty();
    assertThat(config.database()).isEqualTo(DatabaseSettings.sqlite());
    assertThat(config.reviewRepliesOf()).isEmpty();
  }

  @Test
  void theStaffWhoseRepliesAreReviewedAreNamedOnceEach() throws Exception {
    DigitalBranchConfig config =
        DigitalBranchConfig.from(
            TestSettings.defaultsWith("{'reviewRepliesOf': ['kim', ' jlee ']}"), false);

    assertThat(config.repliesReviewed("kim")).isTrue();
    assertThat(config.repliesReviewed("jlee")).isTrue();
    assertThat(config.repliesReviewed("mgarcia")).isFalse();
    assertThat(problemsOf("{'reviewRepliesOf': 'kim'}", false))
        .containsExactly(
            "plugins.org.digitalbranch.reviewRepliesOf: expected an array of user names, got the"
                + " text \"kim\"");
    assertThat(problemsOf("{'reviewRepliesOf': ['kim', '', 'kim', 3]}", false))
        .containsExactly(
            "plugins.org.digitalbranch.reviewRepliesOf[1]: expected a user name, got the text"
                + " \"\"",
            "plugins.org.digitalbranch.reviewRepliesOf[2]: duplicate user name \"kim\"",
            "plugins.org.digitalbranch.reviewRepliesOf[3]: expected a user name, got the number"
                + " 3");
  }

  @Test
  void aFacebookPagesPrivateMessagesAreReadOnlyWhenTheSettingsSaySo() throws Exception {
    String page =
        "{'id': 'fb', 'platform': 'facebook', 'handle': 'Library', 'credentials':"
            + " {'accessToken': 't', 'pageId': '1'}";
    DigitalBranchConfig config =
        DigitalBranchConfig.from(
            TestSettings.defaultsWith(
                "{'accounts': ["
                    + page
                    + ", 'directMessages': true},"
                    + page.replace("'fb'", "'fb2'")
                    + "}]}"),
            false);

    assertThat(config.account("fb").orElseThrow().directMessages()).isTrue();
    assertThat(config.account("fb2").orElseThrow().directMessages()).isFalse();
    assertThat(DigitalBranchConfig.demoAccounts())
        .filteredOn(AccountConfig::directMessages)
        .extracting(AccountConfig::id)
        .containsExactly("facebook-main", "instagram-main", "bluesky-main");
    assertThat(problemsOf("{'accounts': [" + page + ", 'directMessages': 'yes'}]}", false))
        .containsExactly(
            "plugins.org.digitalbranch.accounts[0].directMessages: expected true or false, got"
                + " the text \"yes\"");
    assertThat(
            problemsOf(
                "{'accounts': [{'id': 'x', 'platform': 'x', 'handle': 'lib',"
                    + " 'directMessages': true}]}",
                false))
        .containsExactly(
            "plugins.org.digitalbranch.accounts[0].directMessages: only a Facebook Page's private"
                + " messages (Messenger), an Instagram account's direct messages and a Bluesky"
                + " account's chats can be read; x's are not read by this version");
  }

  @Test
  void metaHumanAgentIsGrantedNotGrantedOrNotSaidAndTheDemosAppHasIt() throws Exception {
    assertThat(DigitalBranchConfig.from(TestSettings.defaultsWith("{}"), false).metaHumanAgent())
        .isEqualTo(GraphMessaging.HumanAgent.NOT_SAID);
    assertThat(DigitalBranchConfig.from(TestSettings.defaultsWith("{}"), true).metaHumanAgent())
        .isEqualTo(GraphMessaging.HumanAgent.GRANTED);
    assertThat(
            DigitalBranchConfig.from(
                    TestSettings.defaultsWith("{'metaHumanAgent': 'not granted'}"), true)
                .metaHumanAgent())
        .isEqualTo(GraphMessaging.HumanAgent.NOT_GRANTED);
    assertThat(problemsOf("{'metaHumanAgent': 'yes'}", false))
        .containsExactly(
            "plugins.org.digitalbranch.metaHumanAgent: expected \"granted\", \"not granted\" or"
                + " \"\" (not known), got the text \"yes\"");
  }

  @Test
  void anInstagramAccountsDirectMessagesAreReadThroughThePageItIsLinkedTo() throws Exception {
    String account =
        "{'id': 'ig', 'platform': 'instagram', 'handle': 'library', 'directMessages': true,"
            + " 'credentials': {'accessToken': 'page-token', 'igUserId': '178'";
    DigitalBranchConfig config =
        DigitalBranchConfig.from(
            TestSettings.defaultsWith("{'accounts': [" + account + ", 'pageId': '1001'}}]}"),
            false);

    assertThat(config.account("ig").orElseThrow().directMessages()).isTrue();
    assertThat(config.account("ig").orElseThrow().credentials().get("pageId")).contains("1001");
    assertThat(problemsOf("{'accounts': [" + account + "}}]}", false))
        .containsExactly(
            "plugins.org.digitalbranch.accounts[0].credentials.pageId: an Instagram account's"
                + " direct messages are read and answered through the Facebook Page it is linked"
                + " to: give that Page's id (and the Page's access token as accessToken), or leave"
                + " directMessages out");
  }

  @Test
  void aBlueskyAccountsChatsAreReadWhenTheSettingsSaySo() throws Exception {
    DigitalBranchConfig config =
        DigitalBranchConfig.from(
            TestSettings.defaultsWith(
                "{'accounts': [{'id': 'sky', 'platform': 'bluesky', 'handle': 'lib.bsky.social',"
                    + " 'credentials': {'identifier': 'lib.bsky.social', 'password': 'a-b-c-d'},"
                    + " 'directMessages': true}]}"),
            false);

    assertThat(config.account("sky").orElseThrow().directMessages()).isTrue();
  }

  @Test
  void theDemoHoldsOneStaffMembersRepliesForReviewSoThatTheRuleCanBeSeen() throws Exception {
    DigitalBranchConfig demo = DigitalBranchConfig.from(TestSettings.defaultsWith("{}"), true);

    assertThat(demo.reviewRepliesOf()).containsExactly("staff2");
    assertThat(demo.repliesReviewed("staff")).isFalse();
  }

  @Test
  void aPostgresqlStoreIsNamedByItsUrlUserAndPassword() throws Exception {
    String settings =
        "{'database': {'url': 'jdbc:postgresql://db.library.org:5432/digitalbranch',"
            + " 'user': 'digitalbranch', 'password': 'pw-789-secret'}}";

    DigitalBranchConfig config =
        DigitalBranchConfig.from(TestSettings.defaultsWith(settings), false);

    assertThat(config.database().isPostgresql()).isTrue();
    assertThat(config.database().url())
        .contains("jdbc:postgresql://db.library.org:5432/digitalbranch");
    assertThat(config.database().user()).contains("digitalbranch");
    assertThat(config.database().password()).contains("pw-789-secret");
    assertThat(config.toString()).doesNotContain("pw-789-secret");
    assertThat(config.database().toString())
        .isEqualTo(
            "PostgreSQL jdbc:postgresql://db.library.org:5432/digitalbranch as digitalbranch"
                + " (password ***)");
  }

  @Test
  void aStoreOtherThanPostgresqlIsRefusedWithTheWayBackToSqlite() {
    assertThat(problemsOf("{'database': {'url': 'jdbc:mysql://db/lib', 'user': 'lib'}}", false))
        .containsExactly(
            "plugins.org.digitalbranch.database.url: expected a PostgreSQL JDBC URL such as"
                + " \"jdbc:postgresql://db.example.org:5432/digitalbranch\" (leave database out to"
                + " keep the store in SQLite in the data folder)");
  }

  @Test
  void aPasswordInTheDatabaseUrlIsRefusedSinceTheUrlIsLogged() {
    String settings =
        "{'database': {'url': 'jdbc:postgresql://db/lib?user=lib&Password=pw-1', 'user': 'lib'}}";

    assertThat(problemsOf(settings, false))
        .containsExactly(
            "plugins.org.digitalbranch.database.url: put the password in database.password, not"
                + " in the URL");
  }

  @Test
  void aUserAndPasswordBeforeTheHostAreRefusedToo() {
    String settings =
        "{'database': {'url': 'jdbc:postgresql://lib:pw-2@db.library.org/lib', 'user': 'lib'}}";

    assertThat(problemsOf(settings, false))
        .containsExactly(
            "plugins.org.digitalbranch.database.url: put the user in database.user and the"
                + " password in database.password, not in the URL");
  }

  @Test
  void everyDatabaseProblemIsNamed() {
    assertThat(problemsOf("{'database': {'url': 'jdbc:postgresql://db/lib', 'pass': 'x'}}", false))
        .containsExactly(
            "plugins.org.digitalbranch.database.pass: unknown field (expected url, user,"
                + " password)",
            "plugins.org.digitalbranch.database.user: required field is missing");
  }

  @Test
  void aMastodonAccountWithoutBaseUrlTalksToTheServerItsHandleNamesAndNeverToAnother()
      throws Exception {
    String settings =
        "{'accounts': [{'id': 'mastodon-main', 'platform': 'mastodon',"
            + " 'handle': '@library@Social.Example.org'}]}";

    assertThat(
            DigitalBranchConfig.from(TestSettings.defaultsWith(settings), false)
                .account("mastodon-main")
                .orElseThrow()
                .baseUrl())
        .as("its token goes to its own server, not to a default one run by someone else")
        .isEqualTo(URI.create("https://social.example.org"));
    assertThat(
            problemsOf(
                "{'accounts': [{'id': 'm', 'platform': 'mastodon', 'handle': '@library'}]}", false))
        .containsExactly(
            "plugins.org.digitalbranch.accounts[0].baseUrl: a Mastodon account needs its server:"
                + " give baseUrl (\"https://example.social\") or a handle with the server in it"
                + " (\"@library@example.social\"), got handle \"@library\"");
  }

  @Test
  void anUnknownTimeZoneIsNamedWithItsKeyPath() {
    assertThat(problemsOf("{'timeZone': 'Mars/Base'}", false))
        .containsExactly("plugins.org.digitalbranch.timeZone: unknown time zone \"Mars/Base\"");
  }

  @Test
  void anUnknownPlatformNamesTheAccountIndexAndTheChoices() {
    String settings =
        "{'accounts': [{'id': 'mastodon-main', 'platform': 'mastodon', 'handle': '@l@x.social'},"
            + " {'id': 'myspace-main', 'platform': 'myspace', 'handle': 'lib'}]}";

    assertThat(problemsOf(settings, false))
        .containsExactly(
            "plugins.org.digitalbranch.accounts[1].platform: expected one of facebook, instagram,"
                + " mastodon, bluesky, x");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String settings =
        "{'promotionLimitPercent': 150, 'pollSeconds': 'often', 'moderationReasons': [],"
            + " 'accounts': [{'id': 'Main Account', 'platform': 'x', 'handle': '',"
            + " 'baseUrl': 'ftp://example.org', 'team': 'jlee', 'colour': 'blue'},"
            + " {'id': 'x-main', 'platform': 'x', 'handle': '@lib'},"
            + " {'id': 'x-main', 'platform': 'x', 'handle': '@lib2'}]}";

    assertThat(problemsOf(settings, false))
        .containsExactly(
            "plugins.org.digitalbranch.promotionLimitPercent: expected between 0 and 100, got 150",
            "plugins.org.digitalbranch.pollSeconds: expected a whole number, got the text"
                + " \"often\"",
            "plugins.org.digitalbranch.moderationReasons: give at least one reason a moderator can"
                + " choose",
            "plugins.org.digitalbranch.accounts[0].colour: unknown field (expected id, platform,"
                + " handle, baseUrl, credentials, team, directMessages)",
            "plugins.org.digitalbranch.accounts[0].id: expected lower-case letters, digits and"
                + " '-', got \"Main Account\"",
            "plugins.org.digitalbranch.accounts[0].handle: expected a non-empty text, got the text"
                + " \"\"",
            "plugins.org.digitalbranch.accounts[0].baseUrl: expected an absolute http(s) URL such"
                + " as \"https://example.social\", got \"ftp://example.org\"",
            "plugins.org.digitalbranch.accounts[0].team: expected an array of user names, got the"
                + " text \"jlee\"",
            "plugins.org.digitalbranch.accounts[2].id: duplicate account id \"x-main\"");
  }

  @Test
  void aMissingRequiredAccountFieldIsNamed() {
    assertThat(problemsOf("{'accounts': [{'id': 'bluesky-main', 'platform': 'bluesky'}]}", false))
        .containsExactly("plugins.org.digitalbranch.accounts[0].handle: required field is missing");
  }

  @Test
  void aCredentialValueIsNeverEchoedInAnError() {
    String settings =
        "{'accounts': [{'id': 'x-main', 'platform': 'x', 'handle': '@lib',"
            + " 'credentials': 'sk-very-secret'}]}";

    List<String> problems = problemsOf(settings, false);

    assertThat(problems)
        .containsExactly(
            "plugins.org.digitalbranch.accounts[0].credentials: expected an object of named"
                + " secrets such as {\"accessToken\": \"...\"}");
    assertThat(String.join("\n", problems)).doesNotContain("sk-very-secret");
  }

  @Test
  void aMisspeltCredentialNameIsRefusedWithThePlatformsNamesAndWithoutItsValue() {
    String settings =
        "{'accounts': [{'id': 'fb-main', 'platform': 'facebook', 'handle': 'Library',"
            + " 'credentials': {'acessToken': 'EAAB-very-secret', 'pageId': '1'}},"
            + " {'id': 'mastodon-main', 'platform': 'mastodon', 'handle': '@lib@example.social',"
            + " 'credentials': {'token': 'm-very-secret'}}]}";

    List<String> problems = problemsOf(settings, false);

    assertThat(problems)
        .containsExactly(
            "plugins.org.digitalbranch.accounts[0].credentials.acessToken: unknown credential for"
                + " facebook (expected accessToken, pageId, appSecret, verifyToken)",
            "plugins.org.digitalbranch.accounts[1].credentials.token: unknown credential for"
                + " mastodon (expected accessToken)");
    assertThat(String.join("\n", problems)).doesNotContain("very-secret");
  }

  @Test
  void aPasswordInAnAccountsBaseUrlIsRefusedWithoutRepeatingIt() {
    String settings =
        "{'accounts': [{'id': 'mastodon-main', 'platform': 'mastodon', 'handle': '@lib@ex.social',"
            + " 'baseUrl': 'https://user:PWSECRET77@example.social'},"
            + " {'id': 'mastodon-two', 'platform': 'mastodon', 'handle': '@two@ex.social',"
            + " 'baseUrl': 'https://user:PW SECRET88@example.social'}]}";
    String awkward =
        "{'accounts': [{'id': 'a', 'platform': 'mastodon', 'handle': '@a@ex.social',"
            + " 'baseUrl': 'https://bob:s3cr/t@social.example'},"
            + " {'id': 'b', 'platform': 'mastodon', 'handle': '@b@ex.social',"
            + " 'baseUrl': 'https://bob:p#ss@social.example'},"
            + " {'id': 'c', 'platform': 'mastodon', 'handle': '@c@ex.social',"
            + " 'baseUrl': 'https://bob:p?ss@social.example'},"
            + " {'id': 'd', 'platform': 'mastodon', 'handle': '@d@ex.social',"
            + " 'baseUrl': 'bob:secret@social.example'}]}";

    List<String> problems = problemsOf(settings, false);
    List<String> awkwardProblems = problemsOf(awkward, false);

    assertThat(problems)
        .containsExactly(
            "plugins.org.digitalbranch.accounts[0].baseUrl: a base URL takes no user name or"
                + " password (they belong under \"credentials\"), got"
                + " \"https://***@example.social\"",
            "plugins.org.digitalbranch.accounts[1].baseUrl: a base URL takes no user name or"
                + " password (they belong under \"credentials\"), got"
                + " \"https://***@example.social\"");
    // A password with a character that ends a URL's authority is still never repeated.
    assertThat(awkwardProblems).hasSize(4);
    assertThat(String.join("\n", awkwardProblems))
        .doesNotContain("s3cr", "p#ss", "p?ss", "secret")
        .contains("\"https://***@social.example\"", "\"***@social.example\"");
    assertThat(awkwardProblems).allSatisfy(p -> assertThat(p).contains("takes no user name"));
  }

  @Test
  void aTokenInABaseUrlsQueryIsRefusedWithoutRepeatingIt() {
    assertThat(
            problemsOf(
                "{'accounts': [{'id': 'm', 'platform': 'mastodon', 'handle': '@a@x.social',"
                    + " 'baseUrl': 'https://x.social/api?token=SECRET-TOKEN-XYZ#frag'}]}",
                false))
        .containsExactly(
            "plugins.org.digitalbranch.accounts[0].baseUrl: a base URL takes no query or"
                + " fragment, got \"https://x.social/api\" followed by one");
  }

  @Test
  void anAccountWithoutBaseUrlTalksToThePlatformsPublicApi() throws Exception {
    String settings =
        "{'accounts': [{'id': 'bluesky-main', 'platform': 'bluesky', 'handle': '@lib.bsky.social',"
            + " 'credentials': {'appPassword': 'xxxx-yyyy'}, 'team': ['jlee', 'mgarcia']},"
            + " {'id': 'mastodon-main', 'platform': 'mastodon', 'handle': '@lib@example.social',"
            + " 'baseUrl': 'https://example.social'}]}";

    DigitalBranchConfig config =
        DigitalBranchConfig.from(TestSettings.defaultsWith(settings), false);

    AccountConfig bluesky = config.account("bluesky-main").orElseThrow();
    assertThat(bluesky.platform()).isEqualTo(PlatformKind.BLUESKY);
    assertThat(bluesky.baseUrl()).isEqualTo(URI.create("https://bsky.social"));
    assertThat(bluesky.credentials().get("appPassword")).contains("xxxx-yyyy");
    assertThat(bluesky.team()).containsExactly("jlee", "mgarcia");
    assertThat(config.account("mastodon-main").orElseThrow().baseUrl())
        .isEqualTo(URI.create("https://example.social"));
  }

  @Test
  void secretsAreAbsentFromToString() throws Exception {
    String settings =
        "{'accounts': [{'id': 'x-main', 'platform': 'x', 'handle': '@lib',"
            + " 'credentials': {'accessToken': 'tok-123-secret', 'refreshToken': 'rt-456-secret'}}]}";

    DigitalBranchConfig config =
        DigitalBranchConfig.from(TestSettings.defaultsWith(settings), false);

    assertThat(config.toString())
        .contains("x-main", "accessToken=***", "refreshToken=***")
        .doesNotContain("tok-123-secret", "rt-456-secret");
    assertThat(config.accounts().get(0).credentials().toString())
        .isEqualTo("Credentials[accessToken=***, refreshToken=***]");
  }

  @Test
  void theDemoWithoutAccountsGetsOneAccountPerPlatformWorkedByEveryDemoUser() throws Exception {
    DigitalBranchConfig config = DigitalBranchConfig.from(TestSettings.defaultsWith("{}"), true);

    assertThat(config.accounts())
        .extracting(AccountConfig::id)
        .containsExactly(
            "facebook-main", "instagram-main", "mastodon-main", "bluesky-main", "x-main");
    assertThat(config.accounts())
        .allSatisfy(
            account ->
                assertThat(account.team())
                    .containsExactly("staff", "staff2", "moderator", "moderator2", "admin"));
  }

  @Test
  void theDemoKeepsConfiguredAccounts() throws Exception {
    String settings = "{'accounts': [{'id': 'x-main', 'platform': 'x', 'handle': '@lib'}]}";

    DigitalBranchConfig config =
        DigitalBranchConfig.from(TestSettings.defaultsWith(settings), true);

    assertThat(config.accounts()).extracting(AccountConfig::id).containsExactly("x-main");
  }
}
