package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A table too wide for the screen scrolls in its own box; someone without a mouse can only scroll
 * that box if it takes the focus itself, and a screen reader names it when it does.
 */
class ScrollingTablesTest {

  private static final Pattern SCROLL_BOX = Pattern.compile("<div class=\"db-table-scroll\"[^>]*>");

  @Test
  void everyScrollingTableIsANamedRegionThatTakesTheFocus() throws IOException {
    Path folder = Paths.get("src/main/resources", Templates.FOLDER);
    List<String> boxes = new ArrayList<>();
    try (Stream<Path> templates = Files.list(folder)) {
      for (Path template : templates.sorted().toList()) {
        Matcher box = SCROLL_BOX.matcher(Files.readString(template, StandardCharsets.UTF_8));
        while (box.find()) {
          boxes.add(template.getFileName() + ": " + box.group());
        }
      }
    }

    assertThat(boxes).hasSizeGreaterThanOrEqualTo(6);
    assertThat(boxes)
        .allSatisfy(
            box ->
                assertThat(box)
                    .contains("role=\"region\"", "tabindex=\"0\"")
                    .containsPattern("aria-label(ledby)?=\"[^\"]+\""));
  }
}
