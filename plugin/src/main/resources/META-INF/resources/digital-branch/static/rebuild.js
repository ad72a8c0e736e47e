// Keeps the rebuild page's figures current while a rebuild runs, in its live region. Without this
// script the page's "Refresh" link does the same by hand.
(function () {
  "use strict";

  var region = document.getElementById("rebuild-status");
  if (!region || !window.fetch) {
    return;
  }
  var url = region.getAttribute("data-status-url");

  function describe(status) {
    var total = status.total >= 0 ? status.total : "…";
    switch (status.state) {
      case "running":
        return "Rebuilding: " + status.done + " of " + total + " conversations indexed.";
      case "done":
        return "Done: " + status.done + " conversations indexed. Reload the page to rebuild again.";
      case "failed":
        return "Failed after " + status.done + " conversations: " + (status.error || "see the log.");
      default:
        return "No rebuild has run since the intranet started.";
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (!status) {
          return;
        }
        var paragraph = document.createElement("p");
        paragraph.textContent = describe(status);
        region.textContent = "";
        region.appendChild(paragraph);
        if (status.running) {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () {});
  }

  if (region.querySelector("progress")) {
    setTimeout(poll, 1000);
  }
})();
