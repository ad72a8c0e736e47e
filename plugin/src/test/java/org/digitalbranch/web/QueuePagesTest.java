package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.web.PageClient.Field;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.queue.HistoryEntry;
import org.digitalbranch.queue.Intent;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostRepository;
import org.digitalbranch.queue.PostService;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.QueueSettings;
import org.digitalbranch.queue.Topic;
import org.digitalbranch.queue.Transactor;
import org.digitalbranch.store.TestStores;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue page over real HTTP: order, filters, own posts by state and their older pages, the
 * pause switch.
 */
class QueuePagesTest {

  @TempDir static Path dataDir;
  private static TestIntranet intranet;
  private static PageClient staff;
  private static PageClient otherStaff;
  private static PageClient moderator;
  private static PageClient admin;

  @BeforeAll
  static void start() throws Exception {
    intranet = TestIntranet.start(dataDir, PageUsers.SETTINGS);
    staff = new PageClient(intranet, PageUsers.STAFF);
    otherStaff = new PageClient(intranet, PageUsers.OTHER_STAFF);
    moderator = new PageClient(intranet, PageUsers.MODERATOR);
    admin = new PageClient(intranet, PageUsers.ADMIN);
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  private static String submit(PageClient author, String text, Field... more) throws Exception {
    // The given fields go first: a form's first value of a name is the one read.
    java.util.List<Field> fields = new java.util.ArrayList<>(java.util.List.of(more));
    fields.addAll(
        java.util.List.of(
            Field.of("text", text),
            Field.of("account", "mastodon-main"),
            Field.of("topic", "events"),
            Field.of("intent", "engagement"),
            Field.of("do", "submit")));
    String location =
        PageClient.seeOther(
            author.postMultipart("/digital-branch/compose", fields.toArray(Field[]::new)));
    return PageClient.postId(location);
  }

  /** What the scheduler will do: hold every submitted post whose time has come by {@code at}. */
  private static void holdPostsDueBy(Instant at) {
    new PostService(
            Transactor.over(TestStores.plain(dataDir)),
            Clock.systemUTC(),
            new QueueSettings(
                ZoneId.of("America/Chicago"),
                10,
                dataDir.resolve("images"),
                4096,
                Duration.ofMinutes(15)),
            id -> Optional.empty())
        .markMissed(at);
  }

  /**
   * Straight into the store, as the publisher and the workflow leave them: {@code count} posts by
   * {@code author} in {@code state}, created in the reverse of the order they got there (so an
   * order by creation and an order by finishing differ). Returns their ids, the most recently
   * finished first.
   */
  private static List<String> storedPosts(String author, PostState state, int count) {
    Instant base = Instant.parse("2026-01-05T15:00:00Z");
    List<Post> made = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String id = author + "-" + state.id() + "-" + i;
      Instant created = base.minus(Duration.ofDays(i));
      Instant reached = base.plus(Duration.ofHours(i));
      made.add(
          new Post(
              id,
              3,
              state,
              author,
              author + " " + state.id() + " number " + i,
              null,
              List.of(),
              List.of("mastodon-main"),
              Topic.EVENTS,
              Intent.ENGAGEMENT,
              null,
              created,
              reached,
              created,
              created,
              List.of(new HistoryEntry("create", author, created, null, state, 1, null, null))));
    }
    Transactor.over(TestStores.plain(dataDir))
        .inTransaction(
            connection -> {
              PostRepository repository = new PostRepository(connection);
              for (Post post : made) {
                repository.insert(post);
              }
              return null;
            });
    return made.reversed().stream().map(Post::id).toList();
  }

  private static List<String> links(List<String> ids) {
    return ids.stream().map(id -> "/digital-branch/posts/" + id).toList();
  }

  @Test
  void anAuthorSeesTheTenMostRecentlyPublishedOfTheirPostsTheTotalAndALinkToTheOlderOnes()
      throws Exception {
    List<String> published = storedPosts("pwright", PostState.PUBLISHED, 13);
    PageClient author = new PageClient(intranet, "pwright;P. Wright;digital-branch.staff");

    Document queue = author.page("/digital-branch/queue");

    assertThat(queue.select("ul[aria-labelledby=db-own-published] a").eachAttr("href"))
        .containsExactlyElementsOf(links(published.subList(0, 10)));
    assertThat(queue.select("#db-own-published").text()).isEqualTo("Published (10 of 13)");
    assertThat(queue.select("a:containsOwn(Older published posts)").eachAttr("href"))
        .containsExactly("/digital-branch/queue?mine=published&page=2");
  }

  @Test
  void theOlderPostsPageShowsTheRestAndLinksBackToTheNewerOnes() throws Exception {
    List<String> published = storedPosts("swu", PostState.PUBLISHED, 13);
    PageClient author = new PageClient(intranet, "swu;S. Wu;digital-branch.staff");

    Document older = author.page("/digital-branch/queue?mine=published&page=2");

    assertThat(older.select("h1").text()).isEqualTo("Your published posts");
    assertThat(older.select("#db-history-page").text()).isEqualTo("Page 2 of 2");
    assertThat(older.select("ul[aria-labelledby=db-history-page] a").eachAttr("href"))
        .containsExactlyElementsOf(links(published.subList(10, 13)));
    assertThat(older.select(".db-count").text())
        .isEqualTo("Posts 11 to 13 of 13, the most recently published first.");
    assertThat(older.select("nav.db-pager").attr("aria-label"))
        .isEqualTo("Pages of your published posts");
    assertThat(older.select("nav.db-pager a").eachText()).containsExactly("Newer published posts");
    assertThat(older.select("nav.db-pager a").attr("href"))
        .isEqualTo("/digital-branch/queue?mine=published&page=1");
    Document newer = author.page("/digital-branch/queue?mine=published&page=1");
    assertThat(newer.select("ul[aria-labelledby=db-history-page] a").eachAttr("href"))
        .containsExactlyElementsOf(links(published.subList(0, 10)));
    assertThat(newer.select("nav.db-pager a").eachAttr("href"))
        .containsExactly("/digital-branch/queue?mine=published&page=2");
  }

  @Test
  void everyPostThatStillNeedsSomeoneIsShownHoweverManyWerePublished() throws Exception {
    List<String> drafts = storedPosts("tokafor", PostState.DRAFT, 12);
    storedPosts("tokafor", PostState.PUBLISHED, 13);
    PageClient author = new PageClient(intranet, "tokafor;T. Okafor;digital-branch.staff");

    Document queue = author.page("/digital-branch/queue");

    assertThat(queue.select("ul[aria-labelledby=db-own-draft] a").eachAttr("href"))
        .containsExactlyInAnyOrderElementsOf(links(drafts));
    assertThat(queue.select("#db-own-draft").text()).isEqualTo("Draft (12)");
    assertThat(queue.select("ul[aria-labelledby=db-own-published] a")).hasSize(10);
    assertThat(queue.select("a:containsOwn(Older draft posts)")).isEmpty();
  }

  @Test
  void badPagingParametersAreRefusedNamingTheParameter() throws Exception {
    storedPosts("vmorales", PostState.WITHDRAWN, 2);
    PageClient author = new PageClient(intranet, "vmorales;V. Morales;digital-branch.staff");

    for (String query :
        List.of("mine=withdrawn&page=abc", "mine=withdrawn&page=-1", "mine=withdrawn&page=0")) {
      HttpResponse<String> refused = author.get("/digital-branch/queue?" + query);
      assertThat(refused.statusCode()).as(query).isEqualTo(400);
      assertThat(PageClient.parse(refused).select(".db-error p").first().text())
          .as(query)
          .isEqualTo("page: expected a whole number from 1, as in page=2.");
    }
    for (String query : List.of("mine=draft", "mine=knitting&page=1")) {
      HttpResponse<String> refused = author.get("/digital-branch/queue?" + query);
      assertThat(refused.statusCode()).as(query).isEqualTo(400);
      assertThat(PageClient.parse(refused).select(".db-error p").first().text())
          .as(query)
          .startsWith("mine: expected published, rejected or withdrawn;");
    }
    HttpResponse<String> pageAlone = author.get("/digital-branch/queue?page=2");
    assertThat(pageAlone.statusCode()).isEqualTo(400);
    assertThat(pageAlone.body()).contains("page: only a history has pages");
    HttpResponse<String> beyond = author.get("/digital-branch/queue?mine=withdrawn&page=3");
    assertThat(beyond.statusCode()).isEqualTo(404);
    assertThat(PageClient.parse(beyond).select("a:containsOwn(Go to page 1)").attr("href"))
        .isEqualTo("/digital-branch/queue?mine=withdrawn&page=1");
  }

  @Test
  void aPageThatIsNotThereSaysSoInItsTitleAndOffersAWayOn() throws Exception {
    PageClient staff = new PageClient(intranet, "pwright;P. Wright;digital-branch.staff");
    HttpResponse<String> missing = staff.get("/digital-branch/no-such-page");

    assertThat(missing.statusCode()).isEqualTo(404);
    Document page = PageClient.parse(missing);
    assertThat(page.title()).startsWith("Error: Not Found");
    assertThat(page.select("a:containsOwn(Go to the Digital Branch dashboard)").attr("href"))
        .isEqualTo("/digital-branch/");
  }

  @Test
  void anotherAuthorsPostsNeverAppearInYourHistory() throws Exception {
    List<String> theirs = storedPosts("yito", PostState.REJECTED, 13);
    List<String> mine = storedPosts("zadams", PostState.REJECTED, 2);
    PageClient author = new PageClient(intranet, "zadams;Z. Adams;digital-branch.staff");

    Document queue = author.page("/digital-branch/queue");
    Document history = author.page("/digital-branch/queue?mine=rejected&page=1");

    assertThat(queue.select("ul[aria-labelledby=db-own-rejected] a").eachAttr("href"))
        .containsExactlyElementsOf(links(mine));
    assertThat(queue.select("#db-own-rejected").text()).isEqualTo("Rejected (2)");
    assertThat(queue.select("a:containsOwn(Older rejected posts)")).isEmpty();
    assertThat(history.select("ul[aria-labelledby=db-history-page] a").eachAttr("href"))
        .containsExactlyElementsOf(links(mine));
    assertThat(history.select("nav.db-pager")).isEmpty();
    assertThat(author.get("/digital-branch/queue?mine=rejected&page=2").body())
        .doesNotContain(theirs.getFirst());
  }

  @Test
  void heldPostsComeFirstWithWhatToDoThenTheLongestWaitingFirst() throws Exception {
    String tomorrow =
        LocalDateTime.now(ZoneId.of("America/Chicago")).plusDays(1).withNano(0).toString();
    String scheduled =
        submit(
            otherStaff, "Scheduled one", Field.of("when", "at"), Field.of("publishAt", tomorrow));
    String first = submit(otherStaff, "Waiting longest");
    String second = submit(otherStaff, "Waiting less");
    holdPostsDueBy(Instant.now().plus(Duration.ofDays(2)));

    Document queue = moderator.page("/digital-branch/queue?author=kpatel");

    // Other tests of this class leave held posts by the same author in the same store, so the list
    // holds this one and neither of the two that wait.
    assertThat(queue.select(".db-held a").eachAttr("href"))
        .contains("/digital-branch/posts/" + scheduled)
        .doesNotContain("/digital-branch/posts/" + first, "/digital-branch/posts/" + second);
    assertThat(queue.select(".db-held").text()).contains("was due", "waiting");
    assertThat(queue.select("h3:contains(Held)").text())
        .isEqualTo("Held: their time passed while they waited");
    assertThat(queue.select(".db-waiting tbody th[scope=row] a").eachAttr("href"))
        .containsExactly("/digital-branch/posts/" + first, "/digital-branch/posts/" + second);
    assertThat(queue.select(".db-waiting td.db-age").eachText())
        .allSatisfy(age -> assertThat(age).matches("waiting (under a minute|\\d+ min)"));
    assertThat(queue.select(".db-waiting thead th").eachAttr("scope")).containsOnly("col");
    Document held = moderator.page("/digital-branch/posts/" + scheduled);
    assertThat(held.select(".db-banner-held").text()).contains("will not go out late");
    assertThat(held.select("form[action$=/approve] input[name=when]").eachAttr("value"))
        .containsExactly("asap", "at");
  }

  @Test
  void aHeldPostsNewTimeThatHasPassedIsRefusedAndStaysInItsBox() throws Exception {
    String tomorrow =
        LocalDateTime.now(ZoneId.of("America/Chicago")).plusDays(1).withNano(0).toString();
    String held =
        submit(otherStaff, "Held, then", Field.of("when", "at"), Field.of("publishAt", tomorrow));
    holdPostsDueBy(Instant.now().plus(Duration.ofDays(2)));
    String path = "/digital-branch/posts/" + held;
    Element form = moderator.page(path).selectFirst("form[action$=/approve]");
    String shown = form.selectFirst("input[name=publishAtShown]").val();
    String version = form.selectFirst("input[name=version]").val();
    String early = LocalDate.now(ZoneId.of("America/Chicago")).minusDays(1) + "T05:00";

    HttpResponse<String> refused = approveHeld(path, version, "at", early, shown);

    assertThat(refused.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(refused);
    assertThat(page.select("#approve-publishAt-error").text()).contains("has passed");
    assertThat(page.select("#approve-publishAt").val()).isEqualTo(early);
    assertThat(page.select("#approve-when-at").hasAttr("checked")).isTrue();
    assertThat(page.select("#approve-when-asap").hasAttr("checked")).isFalse();
    // The form as it came back, its time mended, is sent again: it approves.
    String later = LocalDate.now(ZoneId.of("America/Chicago")).plusDays(3) + "T09:00";
    assertThat(approveHeld(path, version, "at", later, shown).statusCode())
        .as("approved, so no longer held: the other tests' held lists hold only their own posts")
        .isEqualTo(303);
  }

  /** The held post's approve form, as a moderator who moved it to {@code time} sends it. */
  private static HttpResponse<String> approveHeld(
      String path, String version, String when, String time, String shown) throws Exception {
    return moderator.post(
        path + "/approve",
        Field.of("version", version),
        Field.of("when", when),
        Field.of("publishAt", time),
        Field.of("publishAtShown", shown),
        Field.of("note", "Moved to 9am"));
  }

  @Test
  void aTimeTypedWhileAsSoonAsApprovedStayedChosenIsAskedAboutNeverSilentlyDropped()
      throws Exception {
    String tomorrow =
        LocalDateTime.now(ZoneId.of("America/Chicago")).plusDays(1).withNano(0).toString();
    String held =
        submit(
            otherStaff, "Scheduled one", Field.of("when", "at"), Field.of("publishAt", tomorrow));
    holdPostsDueBy(Instant.now().plus(Duration.ofDays(2)));
    String path = "/digital-branch/posts/" + held;
    Document page = moderator.page(path);
    Element form = page.selectFirst("form[action$=/approve]");
    String shown = form.selectFirst("input[name=publishAtShown]").val();
    assertThat(form.selectFirst("#approve-publishAt").val()).isEqualTo(shown);
    assertThat(form.selectFirst("#approve-publishAt").attr("data-chooses"))
        .isEqualTo("approve-when-at");
    String version = form.selectFirst("input[name=version]").val();
    String nineTomorrow = LocalDate.now(ZoneId.of("America/Chicago")).plusDays(2) + "T09:00";

    HttpResponse<String> ambiguous = approveHeld(path, version, "asap", nineTomorrow, shown);

    assertThat(ambiguous.statusCode()).isEqualTo(400);
    Document asked = PageClient.parse(ambiguous);
    assertThat(asked.select("#approve-publishAt-error").text())
        .startsWith("You changed the time but chose “as soon as approved”");
    assertThat(asked.select("#approve-publishAt").attr("aria-describedby"))
        .isEqualTo("approve-publishAt-error");
    // The time typed is back in its field (choosing "at a set time" now uses it, not a fresh
    // suggestion), and the time first shown travels on, so the question stands on a resend.
    assertThat(asked.select("#approve-publishAt").val()).isEqualTo(nineTomorrow);
    assertThat(asked.select("input[name=publishAtShown]").val()).isEqualTo(shown);
    assertThat(moderator.page(path).select(".db-banner-held")).isNotEmpty();

    HttpResponse<String> asShown = approveHeld(path, version, "at", nineTomorrow, shown);

    assertThat(PageClient.seeOther(asShown)).isEqualTo(path + "?done=approved");
    Instant nine =
        LocalDateTime.parse(nineTomorrow).atZone(ZoneId.of("America/Chicago")).toInstant();
    assertThat(moderator.page(path).select("time").eachAttr("datetime")).contains(nine.toString());
  }

  @Test
  void moderatorsSeeWhatGoesOutNextTheSoonestFirst() throws Exception {
    // Days ahead, beyond what the held-posts test holds in this shared intranet.
    LocalDateTime inFiveDays = LocalDateTime.now(ZoneId.of("America/Chicago")).plusDays(5);
    String later =
        submit(
            otherStaff,
            "Goes out in six days",
            Field.of("when", "at"),
            Field.of("publishAt", inFiveDays.plusDays(1).withNano(0).toString()));
    String sooner =
        submit(
            otherStaff,
            "Goes out in five days",
            Field.of("when", "at"),
            Field.of("publishAt", inFiveDays.withNano(0).toString()));
    for (String id : List.of(later, sooner)) {
      PageClient.seeOther(
          moderator.post("/digital-branch/posts/" + id + "/approve", Field.of("version", "2")));
    }

    Document queue = moderator.page("/digital-branch/queue");

    List<String> next = queue.select("table.db-next tbody th[scope=row] a").eachAttr("href");
    assertThat(next)
        .containsSubsequence("/digital-branch/posts/" + sooner, "/digital-branch/posts/" + later);
    assertThat(queue.select("table.db-next caption").text())
        .isEqualTo("Approved posts, the soonest first");
    assertThat(staff.page("/digital-branch/queue").select("table.db-next")).isEmpty();
  }

  @Test
  void theFiltersNarrowTheQueueAndKeepWhatWasChosen() throws Exception {
    String promotion =
        submit(
            staff,
            "Filter me",
            Field.of("topic", "materials"),
            Field.of("intent", "promotion"),
            Field.of("account", "x-main"));
    submit(staff, "Not me");

    Document filtered =
        moderator.page("/digital-branch/queue?author=jlee&topic=materials&intent=promotion");

    assertThat(filtered.select(".db-waiting tbody a").eachAttr("href"))
        .containsExactly("/digital-branch/posts/" + promotion);
    assertThat(filtered.select("#q-topic option[selected]").val()).isEqualTo("materials");
    assertThat(filtered.select("#q-intent option[selected]").val()).isEqualTo("promotion");
    assertThat(filtered.select("#q-author option[selected]").val()).isEqualTo("jlee");
    assertThat(filtered.select("form.db-filters").attr("method")).isEqualTo("get");
    assertThat(
            moderator
                .page("/digital-branch/queue?author=jlee&topic=materials&intent=engagement")
                .select(".db-waiting tbody a"))
        .isEmpty();
    assertThat(
            moderator
                .page("/digital-branch/queue?author=jlee&account=x-main")
                .select(".db-waiting tbody a")
                .eachAttr("href"))
        .containsExactly("/digital-branch/posts/" + promotion);
    assertThat(moderator.get("/digital-branch/queue?topic=knitting").statusCode()).isEqualTo(400);
  }

  @Test
  void staffSeeTheirOwnPostsByStateAndNotTheWaitingList() throws Exception {
    PageClient.seeOther(
        staff.postMultipart(
            "/digital-branch/compose",
            Field.of("text", "A draft of mine"),
            Field.of("account", "mastodon-main"),
            Field.of("topic", "events"),
            Field.of("intent", "engagement"),
            Field.of("do", "save")));
    submit(staff, "Submitted by me");

    Document queue = staff.page("/digital-branch/queue");

    assertThat(queue.select("#db-waiting-title")).isEmpty();
    assertThat(queue.select("#db-own-draft").text()).startsWith("Draft (");
    assertThat(queue.select("ul[aria-labelledby=db-own-draft]").text()).contains("A draft of mine");
    assertThat(queue.select("ul[aria-labelledby=db-own-submitted]").text())
        .contains("Submitted by me");
    assertThat(queue.select("form[action$=/publishing]")).isEmpty();
  }

  @Test
  void anAdminPausesPublishingAndEveryQueuePageSaysWhoAndSince() throws Exception {
    String post = submit(staff, "During the pause");
    assertThat(staff.post("/digital-branch/publishing", Field.of("do", "pause")).statusCode())
        .isEqualTo(403);
    // Whatever the form says: staff hear that pausing is not theirs, not how to fill it in.
    assertThat(staff.post("/digital-branch/publishing", Field.of("do", "halt")).statusCode())
        .isEqualTo(403);
    assertThat(admin.post("/digital-branch/publishing", Field.of("do", "halt")).statusCode())
        .isEqualTo(400);
    assertThat(
            admin
                .postWithout(
                    "/digital-branch/publishing", java.util.List.of(Field.of("do", "pause")))
                .statusCode())
        .isEqualTo(403);

    HttpResponse<String> paused = admin.post("/digital-branch/publishing", Field.of("do", "pause"));

    assertThat(PageClient.seeOther(paused)).isEqualTo("/digital-branch/queue?done=paused");
    try {
      Document adminQueue = admin.page("/digital-branch/queue?done=paused");
      assertThat(adminQueue.select(".db-done").text()).startsWith("Publishing is paused.");
      assertThat(adminQueue.select("button[value=resume]").text()).isEqualTo("Resume publishing");
      for (String path :
          java.util.List.of(
              "/digital-branch/queue", "/digital-branch/posts/" + post, "/digital-branch/")) {
        Document page = staff.page(path);
        assertThat(page.select(".db-banner-paused").text())
            .as(path)
            .matches(
                "Publishing is paused by IT Admin since \\w{3} \\d+ \\w{3} \\d{4}, \\d\\d:\\d\\d\\..*");
        assertThat(page.select(".db-banner-paused time").attr("datetime")).isNotBlank();
      }
      // Approved during the pause to go "as soon as approved": it goes when publishing resumes.
      String waits = submit(otherStaff, "Approved while paused");
      PageClient.seeOther(
          moderator.post("/digital-branch/posts/" + waits + "/approve", Field.of("version", "2")));
      Element row =
          moderator
              .page("/digital-branch/queue")
              .selectFirst("table.db-next tr:has(a[href=/digital-branch/posts/" + waits + "])");
      assertThat(row.select("td").last().text()).isEqualTo("When publishing resumes");
    } finally {
      PageClient.seeOther(admin.post("/digital-branch/publishing", Field.of("do", "resume")));
    }
    assertThat(staff.page("/digital-branch/queue").select(".db-banner-paused")).isEmpty();
  }

  @Test
  void everyPageStaysWellUnder60Kilobytes() throws Exception {
    String post = submit(staff, "Size check " + "word ".repeat(50));
    for (String path :
        java.util.List.of(
            "/digital-branch/",
            "/digital-branch/compose",
            "/digital-branch/queue",
            "/digital-branch/posts/" + post,
            "/digital-branch/posts/" + post + "/edit")) {
      HttpResponse<String> response = moderator.get(path);
      assertThat(response.statusCode()).as(path).isIn(200);
      assertThat(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
          .as(path)
          .isLessThan(30_000);
    }
  }
}
