package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.web.ArchiveData.KIM;
import static org.digitalbranch.web.ArchiveData.minute;

import java.nio.file.Path;
import java.util.List;
import org.digitalbranch.archive.ArchiveStore;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A comment the archive recorded gone (Meta answers "does not exist" for a patron's account
 * switched off for a while too) that a later read lists again: the page shows it as it stands, and
 * says it was gone and when it came back.
 */
class ShownAgainPageTest {

  @TempDir Path dataDir;
  private TestIntranet intranet;
  private ArchiveStore store;

  @BeforeEach
  void start() throws Exception {
    intranet = TestIntranet.start(dataDir, ArchiveData.SETTINGS);
    store = ((DigitalBranchPlugin) intranet.plugin()).archive().store();
  }

  @AfterEach
  void stop() throws Exception {
    intranet.close();
  }

  private String page(String path) throws Exception {
    return intranet.send(intranet.request(path).header(TestIntranet.USER_HEADER, KIM)).body();
  }

  private static IncomingItem comment(boolean deleted) {
    return new IncomingItem(
        "fb-main",
        "facebook",
        "fb-90",
        null,
        null,
        MessageKind.COMMENT,
        "rosa",
        "Rosa",
        deleted ? null : "Is the makerspace open on Sundays?",
        minute(90),
        null,
        deleted,
        false,
        null,
        null,
        "{\"id\":\"fb-90\"}");
  }

  @Test
  void aCommentGoneAndShownAgainStandsWithBothTimesSaid() throws Exception {
    store.ingest(List.of(comment(false)));
    store.ingest(List.of(comment(true)));
    String conversation = store.allArchived().findFirst().orElseThrow().id();
    Document gone = Jsoup.parse(page("/digital-branch/conversations/" + conversation));
    assertThat(gone.select(".db-deleted-note").text()).startsWith("Deleted on the platform");

    store.ingest(List.of(comment(false)));

    Document back = Jsoup.parse(page("/digital-branch/conversations/" + conversation));
    assertThat(back.select(".db-deleted-note")).isEmpty();
    assertThat(back.select(".db-message-text").text())
        .isEqualTo("Is the makerspace open on Sundays?");
    assertThat(back.select(".db-message").text())
        .containsPattern("Gone from the platform \\(.+\\), then shown there again \\(.+\\);")
        .contains("the archive keeps both.");
  }
}
