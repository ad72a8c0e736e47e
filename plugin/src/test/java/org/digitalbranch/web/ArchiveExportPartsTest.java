package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.web.ArchiveData.MGARCIA_RECORDS;
import static org.digitalbranch.web.ArchiveData.minute;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A records request larger than one export: a search of 1,050 conversations goes out as two files,
 * and each says which search and which part it holds.
 */
class ArchiveExportPartsTest {

  private static final int CONVERSATIONS = 1_050;

  @TempDir static Path dataDir;
  private static TestIntranet intranet;
  private static DigitalBranchPlugin plugin;

  @BeforeAll
  static void start() throws Exception {
    intranet = TestIntranet.start(dataDir, ArchiveData.SETTINGS);
    plugin = (DigitalBranchPlugin) intranet.plugin();
    List<IncomingItem> items = new ArrayList<>();
    for (int i = 0; i < CONVERSATIONS; i++) {
      items.add(
          ArchiveData.customer(
                  "fb-main",
                  "facebook",
                  "fb-hold-" + i,
                  null,
                  MessageKind.COMMENT,
                  "reader" + i,
                  "Reader " + i,
                  "Is my hold ready to pick up?",
                  minute(i))
              .item());
    }
    plugin.archive().store().ingest(items);
    plugin.archive().sync().pull();
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  private static HttpResponse<String> export(String query) throws Exception {
    return intranet.send(
        intranet
            .request("/digital-branch/api/archive/export?" + query)
            .header(TestIntranet.USER_HEADER, MGARCIA_RECORDS));
  }

  @Test
  void eachPartHoldsItsThousandAndSaysWhichPartOfWhichSearchItIs() throws Exception {
    JsonNode first = TestIntranet.json(export("q=hold&platform=facebook&format=json"));
    JsonNode second = TestIntranet.json(export("q=hold&platform=facebook&part=2&format=json"));

    assertThat(first.get("conversations")).hasSize(1_000);
    assertThat(second.get("conversations")).hasSize(50);
    JsonNode search = second.get("search");
    assertThat(search.get("q").asText()).isEqualTo("hold");
    assertThat(search.get("filters").get("platform").get(0).asText()).isEqualTo("facebook");
    assertThat(search.get("total").asLong()).isEqualTo(CONVERSATIONS);
    assertThat(search.get("part").asInt()).isEqualTo(2);
    assertThat(search.get("parts").asInt()).isEqualTo(2);
    assertThat(search.get("first").asLong()).isEqualTo(1_001);
    assertThat(search.get("last").asLong()).isEqualTo(CONVERSATIONS);
    assertThat(search.get("didYouMean").isNull()).isTrue();
    List<String> together = new ArrayList<>();
    first.get("conversations").forEach(c -> together.add(c.get("id").asText()));
    second.get("conversations").forEach(c -> together.add(c.get("id").asText()));
    assertThat(together).doesNotHaveDuplicates().hasSize(CONVERSATIONS);
  }

  @Test
  void aConversationArrivingBetweenTwoPartsNeitherRepeatsNorSkipsOne() throws Exception {
    // "ready", not "hold": the other tests' searches keep their 1,050.
    JsonNode first = TestIntranet.json(export("q=ready&sort=date&format=json"));
    plugin
        .archive()
        .store()
        .ingest(
            List.of(
                ArchiveData.customer(
                        "fb-main",
                        "facebook",
                        "fb-hold-late",
                        null,
                        MessageKind.COMMENT,
                        "late",
                        "Late Reader",
                        "Is my book ready yet?",
                        minute(CONVERSATIONS + 5))
                    .item()));
    plugin.archive().sync().pull();
    JsonNode second = TestIntranet.json(export("q=ready&sort=date&part=2&format=json"));

    List<String> firstIds = new ArrayList<>();
    first.get("conversations").forEach(c -> firstIds.add(c.get("id").asText()));
    List<String> secondIds = new ArrayList<>();
    second.get("conversations").forEach(c -> secondIds.add(c.get("id").asText()));
    assertThat(first.get("search").get("order").asText()).isEqualTo("oldest");
    assertThat(secondIds).doesNotContainAnyElementsOf(firstIds).hasSize(51);
    assertThat(second.get("search").get("total").asLong()).isEqualTo(CONVERSATIONS + 1);
  }

  @Test
  void aCsvPartIsNamedForItsPartAndItsHeadersCarryTheTotal() throws Exception {
    HttpResponse<String> csv = export("q=hold&part=2&format=csv");

    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
        .matches(
            "attachment; filename=\"archive-search-hold-\\d{4}-\\d{2}-\\d{2}-part-2-of-2\\.csv\"");
    assertThat(csv.headers().firstValue("X-Archive-Total")).hasValue("1050");
    assertThat(csv.headers().firstValue("X-Archive-Part")).hasValue("2 of 2");
  }

  @Test
  void aPartBeyondTheResultOrAMisspeltFilterIsA400NamingIt() throws Exception {
    HttpResponse<String> beyond = export("q=hold&part=3&format=json");
    HttpResponse<String> pastTheWindow = export("q=hold&part=11&format=json");
    HttpResponse<String> huge = export("q=hold&part=2147483647&format=json");
    HttpResponse<String> misspelt = export("q=hold&platfrom=x&sttaus=closed&format=json");
    HttpResponse<String> paged = export("q=hold&page=2&format=json");

    assertThat(beyond.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(beyond).get("field").asText()).isEqualTo("part");
    assertThat(TestIntranet.json(beyond).get("detail").asText())
        .isEqualTo(
            "part: this search's result is exported in 2 parts of at most 1,000 conversations");
    for (HttpResponse<String> past : List.of(pastTheWindow, huge)) {
      assertThat(past.statusCode()).isEqualTo(400);
      assertThat(TestIntranet.json(past).get("detail").asText())
          .isEqualTo(TestIntranet.json(beyond).get("detail").asText());
    }
    assertThat(misspelt.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(misspelt).get("field").asText()).isEqualTo("platfrom");
    // Every misspelt name at once, not one per try.
    assertThat(TestIntranet.json(misspelt).get("detail").asText())
        .startsWith("platfrom, sttaus: unknown parameters; expected ");
    assertThat(paged.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(paged).get("field").asText()).isEqualTo("page");
  }

  @Test
  void theArchivePageOffersTheExportPartByPart() throws Exception {
    HttpResponse<String> page =
        intranet.send(
            intranet
                .request("/digital-branch/archive?q=hold")
                .header(TestIntranet.USER_HEADER, MGARCIA_RECORDS));

    assertThat(page.body())
        .contains(
            "1,050 conversations, in parts of 1,000",
            "Conversations 1 to 1,000:",
            "Conversations 1,001 to 1,050:",
            "api/archive/export?q&#61;hold&amp;part&#61;2&amp;format&#61;csv");
  }
}
