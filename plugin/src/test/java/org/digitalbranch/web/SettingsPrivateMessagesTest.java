package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.Credentials;
import org.digitalbranch.config.PlatformKind;
import org.junit.jupiter.api.Test;

/** The Settings page says, per account, whether its private messages come into the archive. */
class SettingsPrivateMessagesTest {

  private static AccountConfig account(PlatformKind platform, boolean directMessages) {
    return new AccountConfig(
        platform.id() + "-main",
        platform,
        "@library",
        URI.create("https://example.org"),
        Credentials.of(Map.of("accessToken", "t")),
        List.of("jlee"),
        directMessages);
  }

  @Test
  void eachPlatformSaysWhetherAndHowItsPrivateMessagesAreRead() {
    assertThat(SettingsPage.privateMessages(account(PlatformKind.BLUESKY, true)))
        .isEqualTo("read and answered in Bluesky's chat (directMessages)");
    assertThat(SettingsPage.privateMessages(account(PlatformKind.BLUESKY, false)))
        .isEqualTo("not read: directMessages is off");
    assertThat(SettingsPage.privateMessages(account(PlatformKind.FACEBOOK, true)))
        .isEqualTo("read and answered through Messenger (directMessages)");
    assertThat(SettingsPage.privateMessages(account(PlatformKind.MASTODON, false)))
        .startsWith("read (direct mentions)");
    assertThat(SettingsPage.privateMessages(account(PlatformKind.INSTAGRAM, true)))
        .isEqualTo("read and answered through the linked Facebook Page (directMessages, pageId)");
    assertThat(SettingsPage.privateMessages(account(PlatformKind.INSTAGRAM, false)))
        .isEqualTo("not read: directMessages is off");
    assertThat(SettingsPage.privateMessages(account(PlatformKind.X, false)))
        .isEqualTo("not read by this version");
  }
}
