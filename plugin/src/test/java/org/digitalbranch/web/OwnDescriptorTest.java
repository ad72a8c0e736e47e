package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import org.digitalbranch.descriptor.DescriptorReader;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.junit.jupiter.api.Test;

/** The plugin's own descriptor must pass the host's reader: a bad one fails this build. */
class OwnDescriptorTest {

  private static DescriptorReader.Result read() throws Exception {
    ClassLoader loader = OwnDescriptorTest.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(DescriptorReader.LOCATION)) {
      assertThat(in).as(DescriptorReader.LOCATION).isNotNull();
      return new DescriptorReader(loader).read(in);
    }
  }

  @Test
  void theDescriptorHasNoProblems() throws Exception {
    assertThat(read().problems()).isEmpty();
  }

  @Test
  void theDescriptorDeclaresWhatTheHostNeeds() throws Exception {
    PluginDescriptor descriptor = read().descriptor();

    assertThat(descriptor.key()).isEqualTo("org.digitalbranch");
    assertThat(descriptor.version()).doesNotContain("${").isNotBlank();
    assertThat(descriptor.mount()).isEqualTo("/digital-branch");
    assertThat(descriptor.entry()).isEqualTo(DigitalBranchPlugin.class.getName());
    assertThat(descriptor.roles())
        .extracting(PluginDescriptor.Role::id)
        .containsExactly(
            "digital-branch.staff", "digital-branch.moderator", "digital-branch.admin");
    assertThat(descriptor.pages())
        .containsExactly(
            new PluginDescriptor.Page("dashboard", "Digital Branch", "/", "digital-branch.staff"),
            new PluginDescriptor.Page("queue", "Post queue", "/queue", "digital-branch.staff"),
            new PluginDescriptor.Page(
                "compose", "Write a post", "/compose", "digital-branch.staff"),
            new PluginDescriptor.Page("inbox", "Inbox", "/inbox", "digital-branch.staff"),
            new PluginDescriptor.Page("archive", "Archive", "/archive", "digital-branch.staff"),
            new PluginDescriptor.Page("accounts", "Accounts", "/accounts", "digital-branch.admin"),
            new PluginDescriptor.Page("settings", "Settings", "/settings", "digital-branch.admin"));
    assertThat(descriptor.search())
        .contains(
            new PluginDescriptor.Search(
                ArchiveSearchProvider.class.getName(), "Conversation archive"));
    assertThat(descriptor.settings())
        .extracting(PluginDescriptor.Setting::key)
        .isEqualTo(
            List.of(
                "timeZone",
                "promotionLimitPercent",
                "pollSeconds",
                "maxBodyBytes",
                "imageMaxBytes",
                "moderationReasons",
                "reviewRepliesOf",
                "accounts",
                "publishMaxAttempts",
                "publishRetrySeconds",
                "metaHumanAgent",
                "publicBaseUrl",
                "database",
                "sandboxFailures"));
    // The store's settings hold its password: the host never shows or logs a secret setting.
    assertThat(descriptor.settings())
        .filteredOn(PluginDescriptor.Setting::secret)
        .extracting(PluginDescriptor.Setting::key)
        .containsExactly("database");
  }
}
