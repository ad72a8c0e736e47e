package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new installation: the archive's pages say so rather than showing empty tables. */
class ArchiveEmptyPagesTest {

  @TempDir Path dataDir;

  @Test
  void anEmptyArchiveSaysNoConversationsYet() throws Exception {
    try (TestIntranet intranet = TestIntranet.start(dataDir, ArchiveData.SETTINGS)) {
      for (String path : new String[] {"/digital-branch/inbox", "/digital-branch/archive"}) {
        HttpResponse<String> page =
            intranet.send(intranet.request(path).header(TestIntranet.USER_HEADER, ArchiveData.KIM));
        assertThat(page.statusCode()).as(path).isEqualTo(200);
        assertThat(page.body()).as(path).contains("No conversations yet.");
        assertThat(page.body()).as(path).doesNotContain("<table class=\"db-table db-inbox");
      }
      HttpResponse<String> search =
          intranet.send(
              intranet
                  .request("/digital-branch/api/archive/search?q=hours")
                  .header(TestIntranet.USER_HEADER, ArchiveData.KIM));
      JsonNode results = TestIntranet.json(search);
      assertThat(results.get("total").asLong()).isZero();
      assertThat(results.get("hits").size()).isZero();
      assertThat(results.get("facets").get("platform").size()).isZero();
    }
  }
}
