package org.digitalbranch.browser;

import java.util.List;

/** The attack strings in {@code browser/xss-payloads.txt}, in file order. */
final class XssPayloads {

  private XssPayloads() {}

  static List<String> all() {
    return PageHook.resource("/browser/xss-payloads.txt")
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .toList();
  }
}
