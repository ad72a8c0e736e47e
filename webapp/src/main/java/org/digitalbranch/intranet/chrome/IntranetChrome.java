package org.digitalbranch.intranet.chrome;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.digitalbranch.descriptor.spi.Chrome;
import org.digitalbranch.descriptor.spi.HostSession;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.intranet.web.HostPaths;
import org.digitalbranch.intranet.web.SessionUserFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intranet's frame around every page: the skip link, the header with the intranet's name, the
 * search box, who is signed in and the sign-out button, the navigation, and the main region.
 */
public final class IntranetChrome implements Chrome {

  public static final String INTRANET_NAME = "Library intranet";

  private static final Logger LOG = LoggerFactory.getLogger(IntranetChrome.class);

  private final Templates templates;
  private final Navigation navigation;

  public IntranetChrome(Templates templates, Navigation navigation) {
    this.templates = templates;
    this.navigation = navigation;
  }

  @Override
  public String render(HttpServletRequest request, Page page) {
    Map<String, Object> model = new HashMap<>();
    model.put("intranetName", INTRANET_NAME);
    model.put("title", page.title());
    model.put("bodyHtml", page.bodyHtml());
    model.put("stylesheets", sameOrigin(page.stylesheets()));
    model.put("scripts", sameOrigin(page.scripts()));
    Optional<IntranetUser> user = SessionUserFilter.userOf(request);
    if (user.isPresent()) {
      String path = HostPaths.pathOf(request);
      Map<String, Object> signedIn = new HashMap<>();
      signedIn.put("displayName", user.get().displayName());
      signedIn.put("csrf", csrfOf(request));
      signedIn.put("query", "/search".equals(path) ? request.getParameter("q") : null);
      signedIn.put("homeCurrent", "/".equals(path));
      signedIn.put("navigation", navigation.entriesFor(user.get(), path));
      model.put("user", signedIn);
    }
    return templates.render("layout", model);
  }

  private static String csrfOf(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? "" : String.valueOf(session.getAttribute(HostSession.CSRF_TOKEN));
  }

  /** A plugin may add its own assets, but only from this intranet: the CSP would block others. */
  private static List<String> sameOrigin(List<String> urls) {
    return urls.stream()
        .filter(
            url -> {
              boolean ok = url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\");
              if (!ok) {
                LOG.warn("Ignored a page asset that is not on this intranet: {}", url);
              }
              return ok;
            })
        .toList();
  }
}
