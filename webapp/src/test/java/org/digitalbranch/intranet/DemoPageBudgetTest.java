package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's page budget on every build (the load benchmark measures the rest): each main page of
 * the demo, as the role that uses it sees it, weighs under 60 KB with everything it loads, loads
 * nothing from another origin, and carries a CSP that keeps it that way.
 */
class DemoPageBudgetTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  @Test
  void everyMainPageStaysUnderSixtyKilobytesWithItsAssetsAndLoadsOnlyFromTheIntranet()
      throws Exception {
    try (RunningIntranet intranet = RunningIntranet.start(IntranetConfig.demo(data))) {
      Browser staff = intranet.browser();
      staff.signedInAs("staff", "staff");
      List<String> conversations = firstConversations(staff);
      String post = PageAudit.draftFor(staff);

      List<PageAudit.Report> pages = PageAudit.mainPages(intranet, staff, post, conversations);

      assertThat(pages).hasSize(12);
      for (PageAudit.Report page : pages) {
        assertThat(page.status()).as(page.line()).isEqualTo(200);
        assertThat(page.assetBytes()).as(page.line()).isNotEmpty();
        assertThat(page.foreign()).as(page.line()).isEmpty();
        assertThat(page.problems()).as(page.line()).isEmpty();
        assertThat(page.totalBytes()).as(page.line()).isLessThan(PageAudit.BUDGET_BYTES);
      }
    }
  }

  /** A few of the conversations the demo ingests from its sandbox at start. */
  private static List<String> firstConversations(Browser staff) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    List<String> ids = new ArrayList<>();
    while (ids.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(250);
      JsonNode inbox =
          JSON.readTree(staff.get("/digital-branch/api/conversations?limit=3").body())
              .get("conversations");
      inbox.forEach(conversation -> ids.add(conversation.get("id").asText()));
    }
    assertThat(ids).as("conversations in the demo inbox 30 s after start").isNotEmpty();
    return ids;
  }
}
