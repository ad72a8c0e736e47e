// Digital Branch compose page: live counters and accessibility hints while a post is written.
// The page works without this file: the server renders the same counters on load and after every
// post of the form. This only asks the server again (POST api/posts/preview) as the person types,
// so the numbers are always the server's own.
(function () {
  "use strict";

  var form = document.getElementById("db-compose-form");
  if (!form || !window.fetch || !window.JSON) {
    return;
  }
  var previewUrl = form.getAttribute("data-preview");
  var csrfField = form.querySelector("input[name=csrf]");
  var counters = document.getElementById("db-counters");
  var lint = document.getElementById("db-lint");
  var needed = document.getElementById("db-needed");
  var announce = document.getElementById("db-announce");
  // What was last said aloud: the counters and warnings change after every pause in typing, and
  // reading them all again each time drowns the typing; only a change in what is wrong is said.
  var said = loaded();
  var NAMES = { facebook: "Facebook", instagram: "Instagram", mastodon: "Mastodon", bluesky: "Bluesky", x: "X" };
  var SLOTS = 4;
  var timer = null;
  var sequence = 0;

  function value(name) {
    var field = form.querySelector("[name='" + name + "']");
    return field ? field.value : "";
  }

  // The preview counts images and reads their alt text; it never looks the ids up, so an image not
  // uploaded yet stands in with a placeholder id of the same shape. An image without alt text is
  // left out and reported here as needed, since the server refuses it at submit.
  function images(missing) {
    var list = [];
    for (var n = 1; n <= SLOTS; n++) {
      // A post's own image, or a file kept from a form sent back: both have a "remove" box.
      var kept = form.querySelector("[name='image-" + n + "-keep'], [name='image-" + n + "-staged']");
      var removed = form.querySelector("[name='image-" + n + "-remove']");
      var file = form.querySelector("[name='image-" + n + "-file']");
      var used = kept ? !(removed && removed.checked) : !!(file && file.files && file.files.length > 0);
      if (!used) {
        continue;
      }
      var alt = value("image-" + n + "-alt").trim();
      if (alt === "") {
        missing.push("Image " + n + " needs alt text: say what it shows.");
        continue;
      }
      list.push({ id: kept ? kept.value : "new-image-" + ("00000000000" + n).slice(-12), alt: alt });
    }
    return list;
  }

  function accounts() {
    var chosen = [];
    var boxes = form.querySelectorAll("input[name=account]:checked");
    for (var i = 0; i < boxes.length; i++) {
      chosen.push(boxes[i].value);
    }
    return chosen;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function showCounters(platforms) {
    counters.textContent = "";
    if (platforms.length === 0) {
      counters.appendChild(element("p", "db-hint", "Choose an account to see how the post fits it."));
      return;
    }
    var list = element("ul", "db-counter-list");
    platforms.forEach(function (check) {
      var item = element("li", "db-counter" + (check.ok ? "" : " db-counter-over"));
      item.setAttribute("data-account", check.account);
      item.appendChild(element("span", "db-counter-name", (NAMES[check.platform] || check.platform) + " (" + check.account + ")"));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(
        element(
          "span",
          "db-counter-figure",
          check.used.toLocaleString("en") + " / " + check.limit.toLocaleString("en")
        )
      );
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("span", "db-counter-unit", check.platform === "x" ? "weighted characters" : "characters"));
      if (!check.ok) {
        item.appendChild(document.createTextNode(" "));
        item.appendChild(element("strong", "db-counter-problem", check.message));
      }
      list.appendChild(item);
    });
    counters.appendChild(list);
  }

  // What submitting would be refused for, apart from the hints below it: a list that begins
  // "These do not stop you" must never hold something that does.
  function showNeeded(messages) {
    needed.textContent = "";
    if (messages.length === 0) {
      return;
    }
    needed.appendChild(element("p", "db-needed-title", "Needed before you can submit:"));
    var list = element("ul", "db-needed-list");
    messages.forEach(function (message) {
      list.appendChild(element("li", null, message));
    });
    needed.appendChild(list);
  }

  function showWarnings(messages, anyNeeded) {
    lint.textContent = "";
    if (messages.length === 0) {
      lint.appendChild(element("p", "db-hint", anyNeeded ? "No other accessibility warnings." : "No accessibility warnings."));
      return;
    }
    lint.appendChild(element("p", null, "These do not stop you, but people using screen readers will thank you for fixing them:"));
    var list = element("ul", "db-warnings");
    messages.forEach(function (message) {
      list.appendChild(element("li", null, message));
    });
    lint.appendChild(list);
  }

  // What is wrong, without the figures: the same problem with one more character is not news.
  function problems(platforms, blocking, messages) {
    return platforms
      .filter(function (check) { return !check.ok; })
      .map(function (check) { return check.account; })
      .concat(blocking, messages)
      .join("\n");
  }

  function sayChanges(platforms, blocking, messages) {
    if (!announce) {
      return;
    }
    var key = problems(platforms, blocking, messages);
    if (key === said) {
      return;
    }
    said = key;
    var over = platforms.filter(function (check) { return !check.ok; }).map(function (check) {
      return check.account + ": " + check.message + ".";
    });
    // Said as apart as they are shown: what stops a submit first, then the hints.
    var now = over.concat(
      blocking.length > 0 ? ["Needed before you can submit: " + blocking.join(" ")] : [],
      messages.length > 0 && blocking.length > 0 ? ["Also, not required: " + messages.join(" ")] : messages
    );
    if (now.length > 0) {
      announce.textContent = now.join(" ");
    } else if (platforms.length > 0) {
      announce.textContent = "The post fits every chosen platform; no accessibility warnings.";
    } else {
      announce.textContent = "No accessibility warnings.";
    }
  }

  // What the page showed on load was there to read already: only changes from it are said.
  function loaded() {
    var over = [];
    var items = counters.querySelectorAll("li.db-counter-over");
    for (var i = 0; i < items.length; i++) {
      over.push(items[i].getAttribute("data-account"));
    }
    var warnings = [];
    [needed.querySelectorAll("li"), lint.querySelectorAll(".db-warnings li")].forEach(function (listed) {
      for (var j = 0; j < listed.length; j++) {
        warnings.push(listed[j].textContent);
      }
    });
    return over.concat(warnings).join("\n");
  }

  function refresh() {
    var missing = [];
    var body = {
      text: value("text"),
      link: value("link").trim() || null,
      accounts: accounts(),
      images: images(missing)
    };
    var mine = ++sequence;
    fetch(previewUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfField ? csrfField.value : "" },
      body: JSON.stringify(body)
    })
      .then(function (response) {
        return response.json().then(function (json) {
          return { ok: response.ok, json: json };
        });
      })
      .then(function (answer) {
        if (mine !== sequence) {
          return; // a newer request is on its way
        }
        if (!answer.ok) {
          // Bad input (a link without https://): the form's own check explains it on save, and
          // refuses it, so it is needed too.
          var problem = missing.concat([answer.json.detail || "The preview could not be made."]);
          showNeeded(problem);
          showWarnings([], true);
          sayChanges([], problem, []);
          return;
        }
        var platforms = answer.json.platforms || [];
        var warnings = (answer.json.warnings || []).map(function (w) { return w.message; });
        showCounters(platforms);
        showNeeded(missing);
        showWarnings(warnings, missing.length > 0);
        sayChanges(platforms, missing, warnings);
      })
      .catch(function () {
        // Offline or signed out: the counters stay as they were; saving still checks everything.
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
