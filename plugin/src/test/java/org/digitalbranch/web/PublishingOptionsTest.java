package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.digitalbranch.config.InvalidConfigException;
import org.digitalbranch.config.JsonPluginSettings;
import org.junit.jupiter.api.Test;

/** The publishing settings are checked once at start, every problem named by its key. */
class PublishingOptionsTest {

  private static Publishing.Options read(String singleQuoted) throws Exception {
    return Publishing.Options.read(
        JsonPluginSettings.of(
            TestIntranet.ownDescriptor(),
            new ObjectMapper().readTree(singleQuoted.replace('\'', '"')),
            name -> null));
  }

  @Test
  void aPublicAddressWithAUserOrPasswordInItIsRefused() {
    assertThatThrownBy(() -> read("{'publicBaseUrl': 'https://ig:s3cret@intranet.example.org'}"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(
            "plugins.org.digitalbranch.publicBaseUrl: a public address takes no user name or"
                + " password")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aPlainPublicAddressIsKeptWithoutItsTrailingSlash() throws Exception {
    assertThat(read("{'publicBaseUrl': 'https://intranet.example.org/staff/'}").publicBaseUrl())
        .contains("https://intranet.example.org/staff");
  }

  @Test
  void anInstagramAccountNeedsThePublicAddressItFetchesImagesFrom() throws Exception {
    String instagram =
        "'accounts': [{'id': 'ig', 'platform': 'instagram', 'handle': '@library',"
            + " 'credentials': {'accessToken': 't'}}]";

    assertThatThrownBy(() -> read("{" + instagram + "}"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(
            "plugins.org.digitalbranch.publicBaseUrl: required with an Instagram account");
    assertThat(
            read("{'publicBaseUrl': 'https://intranet.example.org', " + instagram + "}")
                .publicBaseUrl())
        .contains("https://intranet.example.org");
    // Without Instagram (and in the demo, whose sandbox runs beside the intranet) it may be left.
    assertThat(read("{}").publicBaseUrl()).isEmpty();
  }
}
