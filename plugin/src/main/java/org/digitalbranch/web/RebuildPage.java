package org.digitalbranch.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /archive/rebuild} (admins): starts rebuilding the search index from the store in the
 * background and shows how far it is. Without JavaScript a "Refresh" link reloads the figures;
 * {@code rebuild.js} polls {@code api/archive/rebuild} and updates them in a live region.
 */
final class RebuildPage {

  private final ArchiveRuntime archive;
  private final ArchiveViews views;

  RebuildPage(ArchiveRuntime archive, ArchiveViews views) {
    this.archive = archive;
    this.views = views;
  }

  void show(Exchange exchange) throws IOException {
    ArchiveAccess.requireAdmin(exchange.user());
    ArchiveRuntime.RebuildStatus status = archive.rebuildStatus();
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("action", exchange.url("archive/rebuild"));
    scope.put("statusUrl", exchange.url("api/archive/rebuild"));
    scope.put("archiveUrl", exchange.url("archive"));
    scope.put("csrf", exchange.csrfToken());
    scope.put("running", status.running());
    scope.put("idle", status.state().equals("idle"));
    scope.put("failed", status.state().equals("failed"));
    scope.put("finished", status.state().equals("done"));
    scope.put("done", status.done());
    scope.put("total", status.total() < 0 ? null : status.total());
    scope.put("startedBy", status.startedBy());
    scope.put("startedLocal", views.local(status.startedAt()));
    scope.put("finishedLocal", views.local(status.finishedAt()));
    scope.put("error", status.error());
    exchange.page(
        "Rebuild the search index", "archive-rebuild", scope, List.of("archive.css", "rebuild.js"));
  }

  void start(Exchange exchange) throws IOException {
    ArchiveAccess.requireAdmin(exchange.user());
    archive.startRebuild(exchange.user().name());
    exchange.seeOther("archive/rebuild");
  }
}
