package org.example.sampleplugin;

import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.digitalbranch.descriptor.spi.IntranetPlugin;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.descriptor.spi.PluginContext;
import org.digitalbranch.descriptor.spi.SearchProvider;

/** A tiny plugin the host tests drop into the plugins folder as a JAR. */
public final class SamplePlugin implements IntranetPlugin {

  private java.nio.file.Path dataDirectory;

  @Override
  public void start(PluginContext context) throws Exception {
    dataDirectory = context.dataDirectory();
    ServletContext servlets = context.servletContext();
    String greeting = context.settings().get("greeting").asText();
    servlets
        .addServlet("sample-pages", new SamplePageServlet(context.chrome(), greeting))
        .addMapping("/sample/*");
    servlets.getServletRegistration("default").addMapping("/sample/static/*");
    Files.writeString(context.dataDirectory().resolve("started"), "yes");
  }

  /** Leaves a trace, so a test can tell the host called it. */
  @Override
  public void stop() throws Exception {
    Files.writeString(dataDirectory.resolve("stopped"), "yes");
  }

  @Override
  public Optional<SearchProvider> searchProvider() {
    return Optional.of(new SampleSearch());
  }

  @Override
  public Map<String, Integer> navigationBadges(IntranetUser user) {
    return Map.of("inbox", 3);
  }
}
