package org.digitalbranch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.digitalbranch.archive.IncomingItem;

/** Reads pages as the ingestion does, until a page says done, for tests. */
public final class ReadDrain {

  public record Poll(List<IncomingItem> items, List<String> cursors, int pages) {
    public String lastCursor() {
      return cursors.getLast();
    }

    public List<String> ids() {
      return items.stream().map(IncomingItem::platformId).toList();
    }

    public IncomingItem item(String platformId) {
      return items.stream()
          .filter(item -> platformId.equals(item.platformId()))
          .reduce((first, second) -> second)
          .orElseThrow(() -> new AssertionError("no item " + platformId + " in " + ids()));
    }
  }

  private ReadDrain() {}

  public static Poll poll(
      ConversationReader reader, String account, Credentials credentials, String cursor) {
    List<IncomingItem> items = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    for (int page = 1; page <= 20; page++) {
      ReadResult result = reader.fetch(account, credentials, cursor);
      assertThat(result).isInstanceOf(ReadResult.Page.class);
      ReadResult.Page read = (ReadResult.Page) result;
      items.addAll(read.items());
      cursors.add(read.nextCursor());
      cursor = read.nextCursor();
      if (read.done()) {
        return new Poll(items, cursors, page);
      }
    }
    throw new AssertionError("the reader never said done");
  }
}
