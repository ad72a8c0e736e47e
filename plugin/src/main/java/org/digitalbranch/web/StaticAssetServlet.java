package org.digitalbranch.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves {@code META-INF/resources/<mount>/static/**} from the plugin's own class loader.
 *
 * <p>Why not the container's {@code default} servlet: Jetty 12.1's refuses any mapping but {@code
 * /} ("Incorrect mapping for DefaultServlet ... Use ResourceServlet") and then resolves only the
 * path info, and a host that loads the plugin from its {@code plugins/} folder through a class
 * loader of its own does not see our {@code META-INF/resources} at all. Reading from our own loader
 * works the same in the host, Jetty and Tomcat.
 */
final class StaticAssetServlet extends HttpServlet {

  private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
  private static final Map<String, String> TYPES =
      Map.of(
          "css", "text/css;charset=utf-8",
          "js", "text/javascript;charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "woff2", "font/woff2",
          "json", "application/json");

  private final ClassLoader classLoader;
  private final String root;

  /**
   * @param root the resource folder, for example {@code META-INF/resources/digital-branch/static}
   */
  StaticAssetServlet(ClassLoader classLoader, String root) {
    this.classLoader = classLoader;
    this.root = root;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    String type = path == null ? null : TYPES.get(extension(path));
    if (type == null || !SAFE_PATH.matcher(path).matches()) {
      throw new HttpProblem.NotFound("No such file.");
    }
    try (InputStream in = classLoader.getResourceAsStream(root + path)) {
      if (in == null) {
        throw new HttpProblem.NotFound("No such file.");
      }
      byte[] content = in.readAllBytes();
      response.setContentType(type);
      response.setContentLength(content.length);
      response.setHeader("Cache-Control", "public, max-age=3600");
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.getOutputStream().write(content);
    }
  }

  private static String extension(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(dot + 1);
  }
}
