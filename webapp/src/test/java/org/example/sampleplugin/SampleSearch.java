package org.example.sampleplugin;

import java.util.List;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.descriptor.spi.SearchProvider;

/** Finds one hit for any query, fails on "explode", and offers a link that leaves the site. */
public final class SampleSearch implements SearchProvider {

  @Override
  public List<SearchHit> search(String query, IntranetUser user, int limit) {
    if (query.equals("explode")) {
      throw new IllegalStateException("the sample index is broken");
    }
    return List.of(
        new SearchHit("Offsite " + query, "not a link", "javascript:alert(1)", 0.5),
        new SearchHit(
            "Sample hit for " + query, "<b>" + user.name() + "</b>", "/sample/hits/1", 2.0));
  }
}
