package org.digitalbranch.queue;

import java.util.List;

/**
 * Some of a longer list of posts: the {@code posts} from position {@code offset} (0 is the first),
 * and how long the whole list is, so a page can say "10 of 312" and link to the rest.
 */
public record PostSlice(List<Post> posts, long offset, int total) {
  public PostSlice {
    posts = List.copyOf(posts);
    if (offset < 0 || total < 0) {
      throw new IllegalArgumentException("offset and total cannot be negative");
    }
  }

  /** True when the list goes on after this slice. */
  public boolean hasMore() {
    return offset + posts.size() < total;
  }
}
