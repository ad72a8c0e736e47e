// Keeps the rebuild page's figures current while a rebuild runs. The progress bar follows every
// second; the live region speaks only when the state changes or another tenth is done, so a
// screen reader is not read a new figure each second. Without this script the page's "Refresh"
// link does the same by hand.
(function () {
  "use strict";

  var region = document.getElementById("rebuild-status");
  if (!region || !window.fetch) {
    return;
  }
  var url = region.getAttribute("data-status-url");
  var bar = document.getElementById("rebuild-progress");
  // The page came rendered running, at the bar's figures: that is what was said already.
  var said = bar
    ? "running:" +
      (bar.getAttribute("data-total-known") === "yes" && bar.max > 0
        ? Math.floor((10 * bar.value) / bar.max)
        : -1)
    : null;

  // What the live region should say now: the same words until the state or the tenth changes.
  function milestone(status) {
    var tenth = status.total > 0 ? Math.floor((10 * status.done) / status.total) : -1;
    return status.state + ":" + (status.state === "running" ? tenth : status.done);
  }

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
        if (bar) {
          if (status.total > 0) {
            bar.max = status.total;
            bar.value = status.done;
          } else {
            // Without a total any value is a made-up share ("0%", or "100%" once some are
            // done): a bar without one is indeterminate, which is what is known.
            bar.removeAttribute("value");
          }
          bar.textContent = status.done + " of " + (status.total >= 0 ? status.total : "…");
        }
        var now = milestone(status);
        if (now !== said) {
          var paragraph = document.createElement("p");
          paragraph.textContent = describe(status);
          region.textContent = "";
          region.appendChild(paragraph);
        }
        said = now;
        if (status.running) {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () {});
  }

  if (bar) {
    setTimeout(poll, 1000);
  }
})();
