package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.web.ArchiveData.JLEE;
import static org.digitalbranch.web.ArchiveData.KIM;
import static org.digitalbranch.web.ArchiveData.MGARCIA;
import static org.digitalbranch.web.ArchiveData.MGARCIA_RECORDS;
import static org.digitalbranch.web.ArchiveData.ROOT;
import static org.digitalbranch.web.ArchiveData.minute;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.digitalbranch.archive.ConversationThread.ModerationKind;
import org.digitalbranch.archive.InboxEntry;
import org.digitalbranch.archive.InboxFilter;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.descriptor.spi.SearchProvider;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's pages over real HTTP: no JavaScript needed, customer text always escaped. */
class ArchivePagesTest {

  @TempDir static Path dataDir;
  private static TestIntranet intranet;
  private static DigitalBranchPlugin plugin;
  private static final Map<Instant, String> ids = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    intranet = TestIntranet.start(dataDir, ArchiveData.SETTINGS);
    plugin = (DigitalBranchPlugin) intranet.plugin();
    ArchiveData.feed(plugin);
    for (InboxEntry entry :
        plugin
            .archive()
            .store()
            .inbox(InboxFilter.visibleTo(Set.of("fb-main", "masto-main")).page(200, 0))) {
      ids.put(entry.startedAt(), entry.conversationId());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  static String id(int minute) {
    return ids.get(minute(minute));
  }

  static HttpResponse<String> get(String path, String user) throws Exception {
    return intranet.send(intranet.request(path).header(TestIntranet.USER_HEADER, user));
  }

  static String page(String path, String user) throws Exception {
    HttpResponse<String> response = get(path, user);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    return response.body();
  }

  /** Neither hostile string reaches a page as markup. */
  static void assertNoCustomerMarkup(String body) {
    assertThat(body).doesNotContain("<script>alert(1)", "<img src=x", "<img src");
  }

  @Test
  void theArchivePageMarksHighlightsAndEscapesCustomerText() throws Exception {
    String body = page("/digital-branch/archive?q=wifi", KIM);

    assertNoCustomerMarkup(body);
    assertThat(body).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(body).contains("<mark>wifi</mark>");
    assertThat(body).contains("1 conversation found");
  }

  @Test
  void aHitNamesItsAuthorsAsThePlatformNamedThemNotByTheirHandles() throws Exception {
    String body = page("/digital-branch/archive?q=hours+sunday", KIM);

    assertThat(body).contains(">Pat Reader on fb-main</a>", ">Pat Reader, ");
    assertThat(body).doesNotContain("pat.reader on fb-main", ">pat.reader, ");
  }

  @Test
  void aConversationOpenedFromTheResultsMarksTheSearchsWordsAsText() throws Exception {
    String results = page("/digital-branch/archive?q=wifi", KIM);
    java.util.regex.Matcher link =
        java.util.regex.Pattern.compile(
                "href=\"/digital-branch/conversations/([^\"?#]+)\\?q&#61;wifi#message-")
            .matcher(results);
    assertThat(link.find()).as("the hit's link carries the search").isTrue();

    String body =
        page(
            "/digital-branch/conversations/"
                + link.group(1)
                + "?q="
                + java.net.URLEncoder.encode(
                    "<b>WiFi</b> platform:facebook", java.nio.charset.StandardCharsets.UTF_8),
            KIM);

    assertNoCustomerMarkup(body);
    assertThat(body).contains("<mark>wifi</mark>");
    assertThat(body)
        .contains("The words of your search <q>&lt;b&gt;WiFi&lt;/b&gt; platform:facebook</q>");
    assertThat(page("/digital-branch/conversations/" + link.group(1), KIM))
        .doesNotContain("<mark>", "The words of your search");
  }

  private static String facetLabel(Document page, String name, String value) {
    String id = page.select("input[name=" + name + "][value=" + value + "]").attr("id");
    return page.select("label[for=" + id + "]").text();
  }

  @Test
  void theArchivePageIsAnAccessibleFormWithFacetsThatWorksWithoutScript() throws Exception {
    String body = page("/digital-branch/archive?platform=mastodon&sort=date", KIM);

    assertThat(body).contains("<form method=\"get\"", "role=\"search\"");
    assertThat(body).contains("<label for=\"archive-q\">", "id=\"archive-q\" name=\"q\"");
    assertThat(body)
        .contains(
            "id=\"archive-suggestions\" class=\"db-suggestions\" role=\"listbox\"",
            "role=\"status\" aria-live=\"polite\"");
    // A plain search box until archive.js starts and makes it a combobox: without the script a
    // screen reader would announce a popup that never opens.
    assertThat(body)
        .doesNotContain("role=\"combobox\"", "aria-expanded", "aria-controls", "aria-autocomplete");
    assertThat(body)
        .contains("/digital-branch/static/archive.js", "/digital-branch/static/archive.css");
    // The chosen facet stays checked, with its count; the other platform is offered with its own.
    Document form = Jsoup.parse(body);
    assertThat(form.select("input[name=platform][value=mastodon]").hasAttr("checked")).isTrue();
    // Each value by the name the other pages give it, its count said as conversations; the value
    // the filter sends stays the identifier.
    assertThat(facetLabel(form, "platform", "mastodon")).isEqualTo("Mastodon (3 conversations)");
    assertThat(form.select("input[name=status]").eachAttr("value"))
        .allSatisfy(
            status ->
                assertThat(facetLabel(form, "status", status))
                    .matches("(Unanswered|Answered|Closed) \\(\\d+ conversations?\\)"));
    assertThat(form.select("label[for^=facet-platform] .db-muted").first().html())
        .isEqualTo("(3<span class=\"db-visually-hidden\"> conversations</span>)");
    Document byTopic = Jsoup.parse(page("/digital-branch/archive?topic=readers-advisory", KIM));
    assertThat(facetLabel(byTopic, "topic", "readers-advisory")).startsWith("Readers' advisory (");
    assertThat(body).contains("<legend>Started by</legend>", "<legend>Date started</legend>");
    assertThat(body).contains("id=\"archive-sort-date\" name=\"sort\" value=\"date\" checked");
    assertThat(body).contains("3 conversations found, page 1 of 1.");
    // The result's month, as a link that sets the dates to it.
    assertThat(body)
        .contains(
            "platform&#61;mastodon&amp;from&#61;2026-11-01&amp;to&#61;2026-11-30&amp;sort&#61;date\">"
                + "November 2026</a> <span class=\"db-muted\">(3)</span>");
    // Staff and moderators do not export; admins do (records requests).
    assertThat(body).doesNotContain("api/archive/export");
    assertThat(page("/digital-branch/archive?platform=mastodon", MGARCIA))
        .doesNotContain("api/archive/export");
    assertThat(page("/digital-branch/archive?platform=mastodon", MGARCIA_RECORDS))
        .contains("/digital-branch/api/archive/export?platform&#61;mastodon&amp;format&#61;csv");
  }

  @Test
  void pagingLinksCarryTheSearch() throws Exception {
    String body = page("/digital-branch/archive?q=&sort=date&size=2&page=2", KIM);

    assertThat(body).contains("page 2 of 3.");
    assertThat(body)
        .contains("href=\"/digital-branch/archive?sort&#61;date&amp;size&#61;2\" rel=\"prev\"");
    assertThat(body)
        .contains(
            "href=\"/digital-branch/archive?sort&#61;date&amp;page&#61;3&amp;size&#61;2\" rel=\"next\"");
  }

  @Test
  void aWordThatFindsNothingSearchedAsItsCorrectionIsSaidBeforeTheCount() throws Exception {
    Document page = Jsoup.parse(page("/digital-branch/archive?q=ebok", MGARCIA_RECORDS));

    assertThat(page.select(".db-searched-as").text())
        .isEqualTo(
            "No conversation contains “ebok”. Showing results for “ebook”."
                + " Search for “ebok” only");
    assertThat(page.select(".db-searched-as a").attr("href"))
        .isEqualTo("/digital-branch/archive?q=ebok&spell=off");
    assertThat(page.select("p[role=status]").text())
        .startsWith("2 conversations found for “ebook”");
    assertThat(page.select(".db-did-you-mean")).as("not an offer: it was searched").isEmpty();
    // What the page shows is what a hit marks and what an export holds: the correction's.
    assertThat(page.select(".db-hit h3 a").eachAttr("href"))
        .isNotEmpty()
        .allSatisfy(href -> assertThat(href).contains("?q=ebook#message-"));
    assertThat(page.select(".db-export a").eachAttr("href"))
        .isNotEmpty()
        .allSatisfy(href -> assertThat(href).contains("?q=ebook&"));
  }

  @Test
  void aQueryWithNothingToSearchForIsSaidOnThePageAndNothingIsListedOrOfferedForExport()
      throws Exception {
    HttpResponse<String> response =
        get(
            "/digital-branch/archive?q="
                + URLEncoder.encode("?! platform:facebook", StandardCharsets.UTF_8),
            MGARCIA);

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = Jsoup.parse(response.body());
    assertThat(page.select("#archive-error").text())
        .contains("nothing to search for: no letters, numbers or emoji");
    assertThat(page.select("#archive-q").attr("aria-invalid")).isEqualTo("true");
    assertThat(response.body())
        .doesNotContain("api/archive/export")
        .doesNotContain("/digital-branch/conversations/");

    Document filtersOnly = Jsoup.parse(page("/digital-branch/archive?q=platform%3Afacebook", KIM));
    assertThat(filtersOnly.select("p[role=status]").text()).doesNotStartWith("0 ");
  }

  @Test
  void searchingForTheTypedWordOnlyFindsItAsTypedAndOffersTheCorrection() throws Exception {
    Document page = Jsoup.parse(page("/digital-branch/archive?q=ebok&spell=off", KIM));

    assertThat(page.select("p[role=status]").text()).startsWith("0 conversations found,");
    assertThat(page.select(".db-searched-as")).isEmpty();
    assertThat(page.select(".db-did-you-mean").text()).isEqualTo("Did you mean ebook?");
    assertThat(page.select(".db-did-you-mean a").attr("href"))
        .isEqualTo("/digital-branch/archive?q=ebook&spell=off");
    assertThat(page.select("input[type=hidden][name=spell]").val())
        .as("applying a filter keeps searching as typed")
        .isEqualTo("off");
  }

  @Test
  void aQueryTheArchiveCannotRunIsShownAgainWithItsMessage() throws Exception {
    HttpResponse<String> response =
        get(
            "/digital-branch/archive?q="
                + URLEncoder.encode("(".repeat(20) + "x", StandardCharsets.UTF_8),
            KIM);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("role=\"alert\"", "q: brackets are nested");
    assertThat(response.body()).contains("id=\"archive-q\" name=\"q\"");
    Document page = Jsoup.parse(response.body());
    assertThat(page.select("#archive-error[autofocus]")).hasSize(1);
    assertThat(page.select("#archive-q").attr("aria-invalid")).isEqualTo("true");
    assertThat(page.select("#archive-q").attr("aria-describedby"))
        .isEqualTo("archive-q-help archive-error");
  }

  @Test
  void aFilterValueNoConversationCanHaveIsTiedToItsGroupAndOfferedUnticked() throws Exception {
    HttpResponse<String> response =
        get("/digital-branch/archive?q=hours&platform=myspace&platform=facebook", KIM);

    assertThat(response.statusCode()).isEqualTo(400);
    Document page = Jsoup.parse(response.body());
    assertThat(page.select("#archive-error").text()).contains("myspace");
    assertThat(page.select("fieldset[aria-describedby=archive-error] input[name=platform]"))
        .isNotEmpty()
        .allSatisfy(box -> assertThat(box.hasAttr("checked")).isFalse());
    assertThat(page.select("#archive-q").hasAttr("aria-invalid")).isFalse();
    // The platforms that exist are offered beside it, without counts that would not be this
    // search's, and the page's title says it failed.
    assertThat(page.select("input[name=platform]").eachAttr("value"))
        .contains("facebook", "myspace");
    assertThat(page.select("label[for^=facet-platform]").text()).doesNotContain("(");
    assertThat(page.title()).startsWith("Error: Archive");
  }

  @Test
  void theInboxFiltersWithAPlainFormAndShowsCounts() throws Exception {
    String body = page("/digital-branch/inbox?account=fb-main", KIM);

    assertNoCustomerMarkup(body);
    assertThat(body)
        .contains("2 conversations waiting for an answer on fb-main, of 4 waiting in all.");
    assertThat(body).contains("<form method=\"get\" action=\"/digital-branch/inbox\"");
    assertThat(body).contains("<label for=\"inbox-account\">Account</label>");
    assertThat(body)
        .contains("<option value=\"fb-main\" selected>fb-main (facebook): 2 waiting</option>");
    assertThat(body).contains("<option value=\"comment\">Comment: 2 waiting</option>");
    // fb-main's unanswered first, oldest first: the hostile comment (20), then the edited one (50).
    int hostile = body.indexOf("/digital-branch/conversations/" + id(20));
    int edited = body.indexOf("/digital-branch/conversations/" + id(50));
    int answered = body.indexOf("/digital-branch/conversations/" + id(0));
    assertThat(hostile).isPositive().isLessThan(edited);
    assertThat(edited).isLessThan(answered);
    assertThat(body).doesNotContain("/digital-branch/conversations/" + id(10));
    assertThat(body).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void eachInboxChoiceCountsWithinTheOtherChoiceAndTheSummaryWithinBothBesideTheTotal()
      throws Exception {
    // Waiting, as kim may read them: fb-main's two comments, masto-main's comment and mention.
    Document everything = Jsoup.parse(page("/digital-branch/inbox", KIM));
    Document comments = Jsoup.parse(page("/digital-branch/inbox?kind=comment", KIM));
    Document mentionsOnMastodon =
        Jsoup.parse(page("/digital-branch/inbox?account=masto-main&kind=mention", KIM));
    Document mentionsOnFacebook =
        Jsoup.parse(page("/digital-branch/inbox?account=fb-main&kind=mention", KIM));

    assertThat(everything.select(".db-summary").text())
        .isEqualTo("4 conversations waiting for an answer. Search the archive");
    assertThat(everything.select("#inbox-account option").eachText())
        .containsExactly(
            "Every account", "fb-main (facebook): 2 waiting", "masto-main (mastodon): 2 waiting");
    assertThat(everything.select("#inbox-kind option").eachText())
        .containsExactly(
            "Every kind",
            "Comment: 3 waiting",
            "Reply: 0 waiting",
            "Mention: 1 waiting",
            "Direct message: 0 waiting");

    assertThat(comments.select(".db-summary").text())
        .startsWith("3 comments waiting for an answer, of 4 waiting in all.");
    assertThat(comments.select("#inbox-account option").eachText())
        .as("the accounts count comments only")
        .containsExactly(
            "Every account", "fb-main (facebook): 2 waiting", "masto-main (mastodon): 1 waiting");
    assertThat(comments.select("#inbox-kind option").eachText())
        .as("the kinds on every account, as no account is chosen")
        .contains("Comment: 3 waiting", "Mention: 1 waiting");

    assertThat(mentionsOnMastodon.select(".db-summary").text())
        .startsWith("1 mention waiting for an answer on masto-main, of 4 waiting in all.");
    assertThat(mentionsOnMastodon.select("#inbox-account option").eachText())
        .contains("fb-main (facebook): 0 waiting", "masto-main (mastodon): 1 waiting");
    assertThat(mentionsOnMastodon.select("#inbox-kind option").eachText())
        .contains("Comment: 1 waiting", "Mention: 1 waiting");
    assertThat(mentionsOnFacebook.select(".db-summary").text())
        .startsWith("0 mentions waiting for an answer on fb-main, of 4 waiting in all.");
  }

  @Test
  void theInboxShowsTheNewestWaitingFirstWhenAskedAndPagesKeepTheOrder() throws Exception {
    String body = page("/digital-branch/inbox?account=fb-main&order=newest", KIM);

    assertThat(body).contains("<option value=\"newest\" selected>Newest first</option>");
    assertThat(body).contains("unanswered first, the newest first</caption>");
    // Still the unanswered first, but the one waiting since minute 50 before the one since 20.
    int hostile = body.indexOf("/digital-branch/conversations/" + id(20));
    int edited = body.indexOf("/digital-branch/conversations/" + id(50));
    int answered = body.indexOf("/digital-branch/conversations/" + id(0));
    assertThat(edited).isPositive().isLessThan(hostile);
    assertThat(hostile).isLessThan(answered);
    assertThat(page("/digital-branch/inbox?account=fb-main", KIM))
        .contains("<option value=\"waiting\" selected>Longest waiting first</option>");
  }

  @Test
  void theStartPageSaysHowManyConversationsWaitForAnAnswerAsTheInboxCountsThem() throws Exception {
    Document start = Jsoup.parse(page("/digital-branch/", KIM));
    Document inbox = Jsoup.parse(page("/digital-branch/inbox", KIM));

    String waiting = start.select("section:has(#db-inbox-summary) a").text();
    assertThat(waiting).matches("\\d+ conversations? waits? for an answer");
    assertThat(inbox.text()).contains(waiting.replaceAll(" waits? for an answer", ""));
    assertThat(start.select("section:has(#db-inbox-summary) a").attr("href"))
        .isEqualTo("/digital-branch/inbox");
  }

  @Test
  void aPageOrOrderThatCannotBeReadIsSaidOnTheArchivePageWithTheWordsKept() throws Exception {
    for (String bad : List.of("page=abc", "sort=foo")) {
      HttpResponse<String> response = get("/digital-branch/archive?q=card&" + bad, KIM);

      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      Document page = Jsoup.parse(response.body());
      assertThat(page.title()).as(bad).startsWith("Error: Archive");
      assertThat(page.select("input[name=q]").val()).as(bad).isEqualTo("card");
      assertThat(page.text()).as(bad).contains(bad.substring(0, bad.indexOf('=')));
    }
  }

  @Test
  void anArchivePagePastTheEndOfTheResultsSaysSoAndLinksToTheLastOne() throws Exception {
    Document past = Jsoup.parse(page("/digital-branch/archive?q=&page=50", KIM));

    assertThat(past.select(".db-empty").text())
        .isEqualTo("This page is past the end of the results. Go to the last page");
    assertThat(past.select(".db-empty a").attr("href")).isEqualTo("/digital-branch/archive");
    assertThat(past.title()).startsWith("Archive, page 50 of 1");

    // Beyond what any search can page through, for a search with a handful of results: the same.
    Document far = Jsoup.parse(page("/digital-branch/archive?q=&page=99999", KIM));
    assertThat(far.select(".db-empty").text())
        .isEqualTo("This page is past the end of the results. Go to the last page");
    assertThat(far.select("#archive-error")).isEmpty();
  }

  @Test
  void aPagePastTheInboxsEndSaysSoAndItsTabSaysWhichListItIs() throws Exception {
    Document past = Jsoup.parse(page("/digital-branch/inbox?account=fb-main&offset=9999", KIM));

    assertThat(past.select(".db-empty").text())
        .isEqualTo("This page is past the end of the list. Go to the first page");
    assertThat(past.select(".db-empty a").attr("href")).doesNotContain("offset=9999");
    assertThat(past.title()).startsWith("Inbox: on fb-main, past the end");
  }

  @Test
  void aMisspeltFilterInTheAddressIsSaidOnThePageAndNothingIsListedOrOfferedForExport()
      throws Exception {
    HttpResponse<String> response = get("/digital-branch/archive?q=&platfrom=x", MGARCIA);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("platfrom: unknown parameter; expected ")
        .doesNotContain("api/archive/export")
        .doesNotContain("/digital-branch/conversations/");
  }

  @Test
  void theInboxOffersAStatusAndSaysWhenTheListHoldsOnlyThatStatus() throws Exception {
    String all = page("/digital-branch/inbox?account=fb-main", KIM);
    String answered = page("/digital-branch/inbox?account=fb-main&status=answered", KIM);

    assertThat(all)
        .contains("<label for=\"inbox-status\">Status</label>")
        .contains("<option value=\"closed\">Only the closed</option>");
    assertThat(answered)
        .contains("<option value=\"answered\" selected>Only the answered</option>")
        .contains(": only answered, the longest waiting first</caption>")
        .contains("/digital-branch/conversations/" + id(0))
        .doesNotContain("/digital-branch/conversations/" + id(20));
    // A choice nothing matches says so, rather than that nothing has arrived yet.
    assertThat(page("/digital-branch/inbox?account=fb-main&status=closed&kind=mention", KIM))
        .contains("No conversations match these choices.")
        .doesNotContain("No conversations yet.");
  }

  @Test
  void theConversationPageShowsEditsDeletionsModerationAndEscapes() throws Exception {
    String edited = id(50);
    JsonNode thread = TestIntranet.json(get("/digital-branch/api/conversations/" + edited, KIM));
    String trollMessage = thread.get("messages").get(1).get("id").asText();
    plugin.archive().store().moderate(trollMessage, "mgarcia", ModerationKind.HIDE, "harassment");

    String body = page("/digital-branch/conversations/" + edited, KIM);

    assertThat(body).contains("When does the library open tomorrow?");
    assertThat(body).contains(">edited ");
    assertThat(body)
        .contains("<details class=\"db-versions\">", "<summary>Earlier versions (1)</summary>");
    assertThat(body).contains("When does the libary open?");
    assertThat(body)
        .contains(
            "Deleted on the platform",
            "the archive keeps what we saw",
            "This library is a waste of money");
    assertThat(body).contains("Hide asked by M. Garcia", "harassment (pending)");
    assertThat(body).contains("<input type=\"hidden\" name=\"csrf\"", "Close this conversation");
    // Staff may answer; only moderators get the hide and delete forms.
    assertThat(body).contains("<textarea id=\"db-reply-text\" name=\"text\"");
    assertThat(body).doesNotContain("name=\"reason\"");
    assertThat(body).doesNotContain("api/conversations/" + edited + "/export");

    String hostile = page("/digital-branch/conversations/" + id(20), KIM);
    assertNoCustomerMarkup(hostile);
    assertThat(hostile).contains("&lt;script&gt;alert(1)&lt;/script&gt;");

    assertThat(page("/digital-branch/conversations/" + edited, MGARCIA))
        .doesNotContain("/export?format");
    assertThat(page("/digital-branch/conversations/" + edited, MGARCIA_RECORDS))
        .contains("/digital-branch/api/conversations/" + edited + "/export?format&#61;csv");
  }

  @Test
  void besideAnUnansweredQuestionStandSimilarAnsweredOnesWithTheAnswer() throws Exception {
    String body = page("/digital-branch/conversations/" + id(10), KIM);

    assertThat(body).contains("How similar questions were answered");
    assertThat(body)
        .contains(
            "<a href=\"/digital-branch/conversations/" + id(-600) + "\">Can I borrow an ebook",
            "Yes: install Libby and sign in with your library card.",
            "— mgarcia</footer>");
    // kim is not on fb-main's team: its private ebook conversation is not offered.
    assertThat(body).doesNotContain("zebra");
    assertThat(page("/digital-branch/conversations/" + id(10), JLEE)).contains("zebra");
  }

  @Test
  void theCloseFormWorksWithoutScript() throws Exception {
    plugin
        .archive()
        .store()
        .ingest(
            List.of(
                ArchiveData.customer(
                        "masto-main",
                        "mastodon",
                        "m-page-close",
                        null,
                        MessageKind.DIRECT_MESSAGE,
                        "done@example.social",
                        "Done",
                        "All sorted, thanks",
                        minute(95))
                    .item()));
    plugin.archive().sync().pull();
    String id =
        plugin
            .archive()
            .store()
            .inbox(InboxFilter.visibleTo(Set.of("masto-main")).page(200, 0))
            .stream()
            .filter(e -> e.startedAt().equals(minute(95)))
            .findFirst()
            .orElseThrow()
            .conversationId();

    HttpResponse<String> response =
        intranet.send(
            intranet
                .request("/digital-branch/conversations/" + id + "/close")
                .header(TestIntranet.USER_HEADER, MGARCIA)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("csrf=" + TestIntranet.CSRF_TOKEN)));

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location").orElseThrow())
        .endsWith("/digital-branch/conversations/" + id);
    String body = page("/digital-branch/conversations/" + id, MGARCIA);
    assertThat(body)
        .contains("closed (closed by M. Garcia)", "Reopen this conversation")
        .doesNotContain("Close this conversation");

    HttpResponse<String> reopened =
        intranet.send(
            intranet
                .request("/digital-branch/conversations/" + id + "/reopen")
                .header(TestIntranet.USER_HEADER, MGARCIA)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("csrf=" + TestIntranet.CSRF_TOKEN)));

    assertThat(reopened.statusCode()).isEqualTo(303);
    assertThat(page("/digital-branch/conversations/" + id, MGARCIA))
        .contains("Close this conversation")
        .doesNotContain("Reopen this conversation", "closed by mgarcia");
  }

  @Test
  void theRebuildPageOffersTheActionToAdminsOnly() throws Exception {
    assertThat(page("/digital-branch/archive", ROOT))
        .contains("href=\"/digital-branch/archive/rebuild\"");
    assertThat(page("/digital-branch/archive", MGARCIA)).doesNotContain("archive/rebuild");
    String body = page("/digital-branch/archive/rebuild", ROOT);
    assertThat(body)
        .contains("<form method=\"post\" action=\"/digital-branch/archive/rebuild\">")
        .contains("<button type=\"submit\">Rebuild the index</button>");
  }

  @Test
  void theGlobalSearchProviderGivesTopHitsAsPlainTextAndNeverThrows() {
    SearchProvider provider = plugin.searchProvider().orElseThrow();
    IntranetUser kim = new IntranetUser("kim", "K. Kim", Set.of("digital-branch.staff"));
    IntranetUser jlee = new IntranetUser("jlee", "J. Lee", Set.of("digital-branch.staff"));

    List<SearchProvider.SearchHit> hits = provider.search("wifi", kim, 10);
    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).title())
        .isEqualTo(
            "Conversation with " + ArchiveData.XSS_NAME + " on fb-main (facebook, unanswered)");
    assertThat(hits.get(0).snippet())
        .as("who wrote the words shown")
        .isEqualTo(ArchiveData.XSS_NAME + ": " + ArchiveData.XSS_TEXT);
    assertThat(hits.get(0).url()).isEqualTo("/digital-branch/conversations/" + id(20));

    assertThat(provider.search("zebra", kim, 10)).isEmpty();
    assertThat(provider.search("?", kim, 10))
        .as("no word: said so, not passed off as searched")
        .singleElement()
        .satisfies(
            hit -> {
              assertThat(hit.title()).isEqualTo("Nothing to search for in “?”");
              assertThat(hit.snippet()).startsWith("The archive looks for words and emoji");
              assertThat(hit.url()).isEqualTo("/digital-branch/archive");
            });
    assertThat(provider.search("?", new IntranetUser("clerk", "C", Set.of("intranet.x")), 10))
        .isEmpty();
    assertThat(provider.search("\uD83D\uDCDA!", kim, 10)).isEmpty();
    assertThat(provider.search("zebra", jlee, 10)).hasSize(1);
    assertThat(provider.search("x".repeat(5000), kim, 10))
        .singleElement()
        .satisfies(hit -> assertThat(hit.title()).isEqualTo("Open this search in the archive"));
    assertThat(provider.search("hours", new IntranetUser("clerk", "C", Set.of("intranet.x")), 10))
        .isEmpty();
  }

  @Test
  void aQueryTheArchiveCannotRunLeadsToTheArchivePageWithTheReason() {
    SearchProvider provider = plugin.searchProvider().orElseThrow();
    IntranetUser kim = new IntranetUser("kim", "K. Kim", Set.of("digital-branch.staff"));

    List<SearchProvider.SearchHit> hits = provider.search("from:2026-13-01 hours", kim, 10);

    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).title()).isEqualTo("Open this search in the archive");
    assertThat(hits.get(0).snippet()).startsWith("The archive cannot run it as written: from:");
    assertThat(hits.get(0).url()).isEqualTo("/digital-branch/archive?q=from%3A2026-13-01+hours");
  }

  @Test
  void theGlobalSearchBoxSearchesTheWordsAsTypedAndOffersTheCorrectionAsALink() {
    SearchProvider provider = plugin.searchProvider().orElseThrow();
    IntranetUser kim = new IntranetUser("kim", "K. Kim", Set.of("digital-branch.staff"));

    // The host lists these under "Results for ebok": "ebook"'s conversations would read as its.
    List<SearchProvider.SearchHit> hits = provider.search("ebok", kim, 10);

    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).title()).isEqualTo("Did you mean “ebook”?");
    assertThat(hits.get(0).snippet())
        .isEqualTo(
            "Nothing in the archive matches “ebok” as typed; this opens the archive's search"
                + " for “ebook”.");
    assertThat(hits.get(0).url()).isEqualTo("/digital-branch/archive?q=ebook");
  }

  @Test
  void moreHitsThanTheBoxShowsEndWithALinkToAllOfThemInTheArchive() {
    SearchProvider provider = plugin.searchProvider().orElseThrow();
    IntranetUser kim = new IntranetUser("kim", "K. Kim", Set.of("digital-branch.staff"));
    assertThat(provider.search("ebook", kim, 50))
        .as("every hit fits: no link to more")
        .hasSize(2)
        .noneMatch(hit -> hit.title().startsWith("All "));

    // The host shows at most limit hits, so the link takes the last place.
    assertThat(provider.search("ebook", kim, 2)).hasSize(2).noneMatch(hit -> hit.score() < 0);
    List<SearchProvider.SearchHit> hits = provider.search("ebook", kim, 1);

    assertThat(hits).hasSize(1);
    SearchProvider.SearchHit more = hits.get(0);
    assertThat(more.title()).isEqualTo("All 2 matching conversations in the archive");
    assertThat(more.url()).isEqualTo("/digital-branch/archive?q=ebook");
    assertThat(more.score()).isNegative();
    assertThat(provider.search("hours", new IntranetUser("clerk", "C", Set.of("intranet.x")), 10))
        .isEmpty();
  }
}
