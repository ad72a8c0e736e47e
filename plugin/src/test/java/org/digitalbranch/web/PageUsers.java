package org.digitalbranch.web;

/** The people the page tests sign in as, and the accounts they work. */
final class PageUsers {

  static final String STAFF = "jlee;J. Lee;digital-branch.staff";
  static final String OTHER_STAFF = "kpatel;K. Patel;digital-branch.staff";
  static final String MODERATOR = "mgarcia;M. Garcia;digital-branch.staff,digital-branch.moderator";
  static final String OTHER_MODERATOR =
      "rnguyen;R. Nguyen;digital-branch.staff,digital-branch.moderator";
  static final String ADMIN = "admin;IT Admin;digital-branch.admin";
  static final String OUTSIDER = "clerk;Circulation Clerk;intranet.circulation";

  /** Mastodon and X for jlee, kpatel and mgarcia; Instagram for kpatel only; 4 KB images. */
  static final String SETTINGS =
      "{'timeZone': 'America/Chicago', 'imageMaxBytes': 4096,"
          + " 'publicBaseUrl': 'https://intranet.example.org', 'accounts': ["
          + "{'id': 'mastodon-main', 'platform': 'mastodon', 'handle': '@library@example.social',"
          + " 'credentials': {'accessToken': 't1'}, 'team': ['jlee', 'kpatel', 'mgarcia']},"
          + "{'id': 'x-main', 'platform': 'x', 'handle': '@Library',"
          + " 'credentials': {'accessToken': 't2'}, 'team': ['jlee', 'kpatel', 'mgarcia']},"
          + "{'id': 'instagram-main', 'platform': 'instagram', 'handle': '@library',"
          + " 'credentials': {'accessToken': 't3'}, 'team': ['kpatel']}]}";

  private PageUsers() {}
}
