package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.web.PageClient.Field;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.digitalbranch.queue.PostService;
import org.digitalbranch.queue.QueueSettings;
import org.digitalbranch.store.Database;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue page over real HTTP: order, filters, own posts by state, the pause switch. */
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
    try (Database database = Database.open(dataDir, QueuePagesTest.class.getClassLoader())) {
      new PostService(
              DigitalBranchPlugin.transactorOver(database),
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

    assertThat(queue.select(".db-held a").eachAttr("href"))
        .containsExactly("/digital-branch/posts/" + scheduled);
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
                "Publishing is paused by admin since \\w{3} \\d+ \\w{3} \\d{4}, \\d\\d:\\d\\d\\..*");
        assertThat(page.select(".db-banner-paused time").attr("datetime")).isNotBlank();
      }
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
