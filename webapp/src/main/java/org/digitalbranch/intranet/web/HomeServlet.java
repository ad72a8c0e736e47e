package org.digitalbranch.intranet.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.Chrome;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.intranet.chrome.Templates;
import org.digitalbranch.intranet.config.DemoUsers;
import org.digitalbranch.intranet.plugins.PluginRuntime;
import org.digitalbranch.intranet.plugins.RefusedPlugin;

/**
 * {@code GET /}: the tools the user's roles open, and for intranet admins the plugins that did not
 * start, with the reasons.
 */
public final class HomeServlet extends HostServlet {

  /** A tool on the home page. */
  public record Tool(String name, String description, String href) {}

  private final PluginRuntime plugins;
  private final Templates templates;
  private final Chrome chrome;

  public HomeServlet(PluginRuntime plugins, Templates templates, Chrome chrome) {
    super("GET", "HEAD");
    this.plugins = plugins;
    this.templates = templates;
    this.chrome = chrome;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    IntranetUser user = SessionUserFilter.userOf(request).orElseThrow();
    List<Tool> tools =
        plugins.running().stream()
            .map(running -> running.descriptor())
            .filter(descriptor -> descriptor.roles().stream().anyMatch(r -> user.hasRole(r.id())))
            .map(descriptor -> toolFor(descriptor, user))
            .toList();
    boolean admin = user.hasRole(DemoUsers.INTRANET_ADMIN);
    List<RefusedPlugin> refused = admin ? plugins.refused() : List.of();
    List<PluginDescriptor> running =
        admin ? plugins.running().stream().map(r -> r.descriptor()).toList() : List.of();
    Map<String, Object> model = new HashMap<>();
    model.put("displayName", user.displayName());
    model.put("plugins", tools);
    model.put("hasPlugins", !tools.isEmpty());
    model.put("admin", admin);
    model.put("refused", refused);
    model.put("hasRefused", !refused.isEmpty());
    model.put("running", running);
    model.put("hasRunning", !running.isEmpty());
    String body = templates.render("home", model);
    HtmlResponses.send(
        response, HttpServletResponse.SC_OK, chrome.render(request, Chrome.Page.of("Home", body)));
  }

  /** Links to the first page the user may open, else to the plugin's mount. */
  private static Tool toolFor(PluginDescriptor descriptor, IntranetUser user) {
    String href =
        descriptor.pages().stream()
            .filter(page -> user.hasRole(page.role()))
            .findFirst()
            .map(page -> descriptor.mount() + page.path())
            .orElse(descriptor.mount() + "/");
    return new Tool(descriptor.name(), descriptor.description(), href);
  }
}
