package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.digitalbranch.archive.InboxEntry;
import org.digitalbranch.archive.InboxFilter;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation that started at a post of the queue links to that post and its trail; every
 * conversation is titled by who started it and where.
 */
class ConversationOurPostTest {

  @TempDir static Path dataDir;
  private static TestIntranet intranet;
  private static DigitalBranchPlugin plugin;

  @BeforeAll
  static void start() throws Exception {
    intranet = TestIntranet.start(dataDir, ArchiveData.SETTINGS);
    plugin = (DigitalBranchPlugin) intranet.plugin();
    Instant at = Instant.parse("2026-11-20T15:00:00Z");
    plugin
        .archive()
        .store()
        .ingest(
            List.of(
                new IncomingItem(
                    "fb-main",
                    "facebook",
                    "fb-post-1",
                    null,
                    null,
                    MessageKind.COMMENT,
                    "library",
                    "Demo Public Library",
                    "Storytime is back on Saturday!",
                    at,
                    null,
                    false,
                    true,
                    null,
                    "queue-post-1",
                    "{}"),
                ArchiveData.customer(
                        "fb-main",
                        "facebook",
                        "fb-c-1",
                        "fb-post-1",
                        MessageKind.COMMENT,
                        "pat",
                        "Pat",
                        "Is it free?",
                        at.plusSeconds(60))
                    .item(),
                ArchiveData.customer(
                        "fb-main",
                        "facebook",
                        "fb-c-2",
                        null,
                        MessageKind.COMMENT,
                        "sam",
                        "Sam",
                        "Are you open on Sunday?",
                        at.plusSeconds(120))
                    .item(),
                ArchiveData.customer(
                        "fb-main",
                        "facebook",
                        "fb-c-3",
                        null,
                        MessageKind.DIRECT_MESSAGE,
                        "friends",
                        "Friends of the Riverside Branch Library & <Reading> Circle",
                        "Can we book the meeting room?",
                        at.plusSeconds(180))
                    .item(),
                ArchiveData.customer(
                        "fb-main",
                        "facebook",
                        "fb-c-4",
                        null,
                        MessageKind.COMMENT,
                        "10045",
                        " ",
                        "Where do I return a laptop?",
                        at.plusSeconds(240))
                    .item()));
    plugin.archive().sync().pull();
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  private static String conversationPage(String firstWords) throws Exception {
    for (InboxEntry entry :
        plugin.archive().store().inbox(InboxFilter.visibleTo(Set.of("fb-main")))) {
      HttpResponse<String> page =
          intranet.send(
              intranet
                  .request("/digital-branch/conversations/" + entry.conversationId())
                  .header(TestIntranet.USER_HEADER, ArchiveData.JLEE));
      assertThat(page.statusCode()).isEqualTo(200);
      if (page.body().contains(firstWords)) {
        return page.body();
      }
    }
    throw new AssertionError("no conversation shows " + firstWords);
  }

  @Test
  void aThreadOnOurPostLinksToThePostInTheQueue() throws Exception {
    assertThat(conversationPage("Is it free?"))
        .contains(
            "<dt>Our post</dt><dd><a href=\"/digital-branch/posts/queue-post-1\">The post in the"
                + " queue, with who wrote and approved it</a></dd>");
  }

  @Test
  void aCustomersOwnThreadHasNoSuchLink() throws Exception {
    assertThat(conversationPage("Are you open on Sunday?")).doesNotContain("<dt>Our post</dt>");
  }

  @Test
  void aCustomersThreadIsTitledByThePersonWhoStartedItAndWhere() throws Exception {
    Document page = Jsoup.parse(conversationPage("Are you open on Sunday?"));

    assertThat(page.title()).isEqualTo("Sam on fb-main · Conversation");
    assertThat(page.select("h1").text()).isEqualTo("Sam on fb-main");
    assertThat(startedBy(page)).startsWith("Sam (comment), ").doesNotContain("Comment");
  }

  @Test
  void aThreadOnOurPostIsTitledAsOurPostAndStartedByTheLibrary() throws Exception {
    Document page = Jsoup.parse(conversationPage("Is it free?"));

    // Named by the post's first words: the threads under the library's posts differ too.
    assertThat(page.title())
        .isEqualTo("Our post “Storytime is back on Saturday!” on fb-main · Conversation");
    assertThat(page.select("h1").text())
        .isEqualTo("Our post “Storytime is back on Saturday!” on fb-main");
    assertThat(startedBy(page)).startsWith("Demo Public Library (our post), ");
  }

  @Test
  void twoConversationsOnOneAccountHaveDifferentTitles() throws Exception {
    assertThat(Jsoup.parse(conversationPage("Are you open on Sunday?")).title())
        .isNotEqualTo(Jsoup.parse(conversationPage("Is it free?")).title());
  }

  @Test
  void aLongNameIsCutInTheTitleButShownWholeAndEscapedInTheHeading() throws Exception {
    String body = conversationPage("Can we book the meeting room?");
    Document page = Jsoup.parse(body);

    assertThat(page.title())
        .isEqualTo("Friends of the Riverside Branch Library… on fb-main · Conversation");
    assertThat(page.select("h1").text())
        .isEqualTo("Friends of the Riverside Branch Library & <Reading> Circle on fb-main");
    assertThat(body).contains("&lt;Reading&gt;").doesNotContain("<Reading>");
    assertThat(startedBy(page))
        .startsWith(
            "Friends of the Riverside Branch Library & <Reading> Circle (direct message), ");
  }

  @Test
  void aPersonWithoutANameIsKnownByTheirHandle() throws Exception {
    Document page = Jsoup.parse(conversationPage("Where do I return a laptop?"));

    assertThat(page.title()).isEqualTo("10045 on fb-main · Conversation");
    assertThat(startedBy(page)).startsWith("10045 (comment), ");
  }

  /** The "Started by" fact as a reader sees it. */
  private static String startedBy(Document page) {
    return page.select(".db-facts dt:containsOwn(Started by) + dd").text();
  }
}
