package org.digitalbranch.platform.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Follows Graph API {@code paging.next} links until there are none, as a connector must. */
final class GraphPaging {
  private GraphPaging() {}

  static List<JsonNode> all(String firstUrl) {
    List<JsonNode> items = new ArrayList<>();
    String next = firstUrl;
    while (next != null) {
      Http.Response page = Http.get(next);
      if (page.status() != 200) {
        throw new AssertionError(page.status() + " " + page.body());
      }
      page.json().get("data").forEach(items::add);
      JsonNode paging = page.json().path("paging");
      next = paging.has("next") ? paging.get("next").asText() : null;
    }
    return items;
  }
}
