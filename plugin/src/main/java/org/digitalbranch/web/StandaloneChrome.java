package org.digitalbranch.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.Chrome;
import org.digitalbranch.descriptor.spi.IntranetUser;

/**
 * A minimal page frame for servlet containers without the intranet host. Without the host's header
 * there is no other way between the plugin's pages, so it lists them as the host would: the
 * descriptor's pages, in its order, each only for a user whose roles allow it.
 */
final class StandaloneChrome implements Chrome {

  private final Templates templates;
  private final PluginDescriptor descriptor;

  StandaloneChrome(Templates templates, PluginDescriptor descriptor) {
    this.templates = templates;
    this.descriptor = descriptor;
  }

  @Override
  public String render(HttpServletRequest request, Page page) {
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("title", page.title());
    scope.put("body", page.bodyHtml());
    scope.put("stylesheets", page.stylesheets());
    scope.put("scripts", page.scripts());
    scope.put("home", request.getContextPath() + descriptor.mount() + "/");
    List<Map<String, Object>> links = links(request);
    scope.put("navigation", links);
    scope.put("hasNavigation", !links.isEmpty());
    return templates.render("standalone-chrome", scope);
  }

  /**
   * The pages this request's user may open. The one shown is {@code aria-current="page"}; a page
   * with no link of its own (a post, a conversation) marks the link it lies under, the longest, as
   * {@code aria-current="true"}.
   */
  private List<Map<String, Object>> links(HttpServletRequest request) {
    if (!(request.getAttribute(PluginFilter.USER_ATTRIBUTE) instanceof IntranetUser user)) {
      return List.of(); // an error page before anyone was identified
    }
    String path = request.getRequestURI();
    List<String> hrefs = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (PluginDescriptor.Page each : descriptor.pages()) {
      if (user.hasRole(each.role())) {
        hrefs.add(request.getContextPath() + descriptor.mount() + each.path());
        titles.add(each.title());
      }
    }
    int current = hrefs.indexOf(path);
    int within = -1;
    if (current < 0) {
      for (int i = 0; i < hrefs.size(); i++) {
        String prefix = hrefs.get(i).endsWith("/") ? hrefs.get(i) : hrefs.get(i) + "/";
        if (path.startsWith(prefix)
            && (within < 0 || hrefs.get(within).length() < hrefs.get(i).length())) {
          within = i;
        }
      }
    }
    List<Map<String, Object>> links = new ArrayList<>();
    for (int i = 0; i < hrefs.size(); i++) {
      Map<String, Object> link = new LinkedHashMap<>();
      link.put("href", hrefs.get(i));
      link.put("title", titles.get(i));
      link.put("current", i == current);
      link.put("within", i == within);
      links.add(link);
    }
    return links;
  }
}
