package org.digitalbranch.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.digitalbranch.descriptor.spi.IntranetUser;

/** {@code GET api/me}: who is signed in, their roles, and the CSRF token scripts must send. */
final class MeApi {

  void me(Exchange exchange) throws IOException {
    IntranetUser user = exchange.user();
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("user", user.name());
    me.put("displayName", user.displayName());
    me.put("roles", new TreeSet<>(user.roles()));
    me.put("csrfToken", exchange.csrfToken());
    exchange.json(200, me);
  }
}
