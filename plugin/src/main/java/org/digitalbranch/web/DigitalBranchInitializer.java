package org.digitalbranch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.digitalbranch.config.InvalidConfigException;
import org.digitalbranch.config.JsonPluginSettings;
import org.digitalbranch.descriptor.DescriptorReader;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.Chrome;
import org.digitalbranch.descriptor.spi.PluginContext;
import org.digitalbranch.descriptor.spi.PluginSettings;

/**
 * Starts the plugin in a servlet container that is not the intranet host (Tomcat, a plain Jetty
 * webapp), which finds this class through {@code META-INF/services}. It does what the host would:
 * reads the descriptor, the settings and the data folder, and hands {@link DigitalBranchPlugin} a
 * context with a minimal chrome. The intranet host never runs it: it calls the entry directly.
 *
 * <p>Configuration, as a context init parameter or else a system property: {@value #DATA_DIR}
 * (required: the folder for the database and the index) and {@value #SETTINGS_FILE} (optional: a
 * JSON file with the plugin's settings object, or a whole intranet settings file whose {@code
 * plugins.org.digitalbranch} is used). {@value #ENABLED}{@code =false} turns the initializer off.
 */
public final class DigitalBranchInitializer implements ServletContainerInitializer {

  static final String DATA_DIR = "digital-branch.dataDir";
  static final String SETTINGS_FILE = "digital-branch.settingsFile";
  static final String ENABLED = "digital-branch.enabled";

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext servletContext)
      throws ServletException {
    if ("false".equals(setting(servletContext, ENABLED))) {
      servletContext.log("Digital Branch: " + ENABLED + "=false, not starting");
      return;
    }
    ClassLoader classLoader = DigitalBranchInitializer.class.getClassLoader();
    DigitalBranchPlugin plugin = new DigitalBranchPlugin();
    try {
      plugin.start(context(servletContext, classLoader));
    } catch (Exception e) {
      stopQuietly(plugin, e);
      throw new ServletException("Digital Branch cannot start: " + e.getMessage(), e);
    }
    servletContext.addListener(
        new ServletContextListener() {
          @Override
          public void contextDestroyed(ServletContextEvent event) {
            try {
              plugin.stop();
            } catch (Exception e) {
              event.getServletContext().log("Digital Branch did not stop cleanly", e);
            }
          }
        });
  }

  private static PluginContext context(ServletContext servletContext, ClassLoader classLoader)
      throws IOException, InvalidConfigException {
    PluginDescriptor descriptor = descriptor(classLoader);
    String dataDir = setting(servletContext, DATA_DIR);
    if (dataDir == null || dataDir.isBlank()) {
      throw new IllegalStateException(
          "set "
              + DATA_DIR
              + " (a context init parameter or a system property) to the folder that keeps the"
              + " plugin's database");
    }
    Path dataDirectory = Path.of(dataDir).toAbsolutePath();
    Files.createDirectories(dataDirectory);
    PluginSettings settings =
        JsonPluginSettings.of(
            descriptor, givenSettings(servletContext, descriptor), System::getenv);
    Chrome chrome = new StandaloneChrome(new Templates(classLoader), descriptor);
    return new StandaloneContext(descriptor, dataDirectory, settings, servletContext, chrome);
  }

  private static PluginDescriptor descriptor(ClassLoader classLoader) throws IOException {
    DescriptorReader.Result result;
    try (InputStream in = classLoader.getResourceAsStream(DescriptorReader.LOCATION)) {
      if (in == null) {
        throw new IllegalStateException(DescriptorReader.LOCATION + " is missing from the plugin");
      }
      result = new DescriptorReader(classLoader).read(in);
    }
    if (!result.ok()) {
      throw new IllegalStateException(
          "the plugin's descriptor is invalid: " + String.join("; ", result.problems()));
    }
    return result.descriptor();
  }

  private static JsonNode givenSettings(ServletContext servletContext, PluginDescriptor descriptor)
      throws IOException {
    String file = setting(servletContext, SETTINGS_FILE);
    if (file == null || file.isBlank()) {
      return null;
    }
    JsonNode root = new ObjectMapper().readTree(Path.of(file).toFile());
    JsonNode plugins = root == null ? null : root.get("plugins");
    if (plugins != null && plugins.isObject()) {
      return plugins.get(descriptor.key());
    }
    return root;
  }

  private static String setting(ServletContext servletContext, String name) {
    String value = servletContext.getInitParameter(name);
    return value != null ? value : System.getProperty(name);
  }

  private static void stopQuietly(DigitalBranchPlugin plugin, Exception failure) {
    try {
      plugin.stop();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  private record StandaloneContext(
      PluginDescriptor descriptor,
      Path dataDirectory,
      PluginSettings settings,
      ServletContext servletContext,
      Chrome chrome)
      implements PluginContext {
    @Override
    public boolean demo() {
      return false;
    }
  }
}
