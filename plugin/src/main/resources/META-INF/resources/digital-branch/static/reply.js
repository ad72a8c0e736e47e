// The reply box's counter. As the person types, it asks the server how much of the platform's
// limit the reply would use, counted as the reply would be sent, @mention included
// (POST api/conversations/{id}/reply-length), and shows it under the box. A screen reader is told
// only when the reply stops fitting or fits again, not at every key. Without script the limit is
// still stated above the box, and sending checks it.
(function () {
  "use strict";
  var form = document.getElementById("db-reply-form");
  var url = form && form.getAttribute("data-length");
  var box = document.getElementById("db-reply-text");
  var shown = document.getElementById("db-reply-count");
  var said = document.getElementById("db-reply-count-said");
  if (!url || !box || !shown || !said || !window.fetch) {
    return;
  }
  var csrf = form.querySelector("input[name=csrf]");
  var sequence = 0;
  var timer = null;
  // A page sent back with a problem says so in its own alert: its first answer is not spoken
  // again. Otherwise the first "too long" is (a reply pasted in whole).
  var fitted = document.getElementById("db-reply-error") ? null : true;

  function target() {
    var chosen =
      form.querySelector("input[name=inReplyTo]:checked") ||
      form.querySelector("input[type=hidden][name=inReplyTo]");
    return chosen ? chosen.value : null;
  }

  function show(answer) {
    // Over the limit, the server's own sentence says by how much, in the platform's unit.
    shown.textContent = answer.fits
      ? answer.used.toLocaleString("en") + " of " + answer.limit.toLocaleString("en") +
        " characters as " + answer.platform + " counts them."
      : (answer.problem || answer.platform + ": too long") + ".";
    shown.classList.toggle("db-field-error", !answer.fits);
    shown.hidden = false;
    if (fitted !== null && answer.fits !== fitted) {
      said.textContent = answer.fits
        ? "Your reply fits again."
        : "Your reply is now too long for " + answer.platform + ".";
    }
    fitted = answer.fits;
  }

  function refresh() {
    var mine = ++sequence;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf ? csrf.value : "" },
      body: JSON.stringify({ text: box.value, inReplyTo: target() })
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (mine !== sequence) {
          return; // a newer request is on its way
        }
        if (answer) {
          show(answer);
        } else {
          shown.hidden = true; // refused (the chosen message went meanwhile): no stale figure
        }
      })
      .catch(function () {
        // Offline or signed out: the counter stays as it was; sending still checks the length.
      });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  box.addEventListener("input", later);
  form.addEventListener("change", later);
  if (box.value) {
    refresh();
  }
})();
