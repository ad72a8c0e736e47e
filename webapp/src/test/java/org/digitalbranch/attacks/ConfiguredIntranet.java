package org.digitalbranch.attacks;

import java.nio.file.Path;
import java.util.Map;
import org.digitalbranch.intranet.auth.PasswordHash;
import org.digitalbranch.intranet.config.ConfigReader;
import org.digitalbranch.intranet.config.IntranetConfig;

/**
 * A settings file as a library would write one (not the demo): two users and the accounts given,
 * read by the host's own {@link ConfigReader}, with {@code ${env:NAME}} taken from {@code env}.
 */
final class ConfiguredIntranet {

  /** The users' passwords; the hashes use the least work the reader accepts. */
  static final String ADMIN_PASSWORD = "admin-password-1";

  static final String STAFF_PASSWORD = "staff-password-1";

  private ConfiguredIntranet() {}

  /**
   * One Facebook Page account whose webhook is signed with {@code appSecret} (given through the
   * environment, as an operator would) and verified with {@code verifyToken}; its API is a closed
   * port, so nothing is published or read.
   */
  static IntranetConfig withFacebookWebhook(Path data, String appSecret, String verifyToken)
      throws Exception {
    return with(
        data,
        """
        [{"id": "fb-main", "platform": "facebook", "handle": "Library",
          "baseUrl": "http://127.0.0.1:9",
          "credentials": {"accessToken": "page-token", "pageId": "4242",
                          "appSecret": "${env:FB_APP_SECRET}", "verifyToken": "%s"},
          "team": ["staff"]}]
        """
            .formatted(verifyToken),
        Map.of("FB_APP_SECRET", appSecret));
  }

  static IntranetConfig with(Path data, String accountsJson, Map<String, String> env)
      throws Exception {
    String settings =
        """
        {"server": {"port": 0, "bind": "127.0.0.1"},
         "dataDir": "%s",
         "users": [
           {"name": "admin", "displayName": "Alex Admin", "passwordHash": "%s",
            "roles": ["digital-branch.staff", "digital-branch.moderator", "digital-branch.admin",
                      "intranet.admin"]},
           {"name": "staff", "displayName": "Sam Staff", "passwordHash": "%s",
            "roles": ["digital-branch.staff"]}],
         "plugins": {"org.digitalbranch": {"pollSeconds": 3600, "publishRetrySeconds": 1,
                                           "publishMaxAttempts": 1,
                                           "publicBaseUrl": "https://intranet.example.org",
                                           "accounts": %s}}}
        """
            .formatted(
                data.toString().replace("\\", "\\\\"),
                hash(ADMIN_PASSWORD),
                hash(STAFF_PASSWORD),
                accountsJson);
    return new ConfigReader(env::get).parse(settings, "the test's settings");
  }

  private static String hash(String password) {
    return PasswordHash.of(password, PasswordHash.MINIMUM_ITERATIONS).text();
  }
}
