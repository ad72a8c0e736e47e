// Suggestions as you type for the archive's search box: the ARIA 1.2 combobox pattern with a
// listbox popup. The page works without this script; it only adds the suggestions.
// Suggestions are inserted as text (textContent), never as HTML: they come from customers' words.
(function () {
  "use strict";

  var input = document.getElementById("archive-q");
  var listbox = document.getElementById("archive-suggestions");
  var status = document.getElementById("archive-suggest-status");
  if (!input || !listbox || !window.fetch) {
    return;
  }
  // The page serves a plain search box: only now that suggestions can open is it a combobox, so
  // without this script a screen reader never announces a popup that would never come.
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);
  var url = input.getAttribute("data-suggest-url");
  var options = [];
  var active = -1;
  var asked = 0;
  var timer = null;

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function activate(index) {
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
    } else {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
  }

  function choose(index) {
    input.value = options[index].textContent;
    close();
    input.form.submit();
  }

  function show(suggestions) {
    listbox.textContent = "";
    options = suggestions.map(function (text, i) {
      var option = document.createElement("li");
      option.id = "archive-suggestion-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = text;
      option.addEventListener("mousedown", function (event) {
        // Before the input's blur closes the list.
        event.preventDefault();
        choose(i);
      });
      listbox.appendChild(option);
      return option;
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (options.length === 0) {
      close();
      status.textContent = "";
      return;
    }
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent =
      options.length + (options.length === 1 ? " suggestion" : " suggestions") +
      ": use the up and down arrow keys to choose, Enter to search.";
  }

  function ask() {
    var typed = input.value;
    if (typed.trim().length < 2) {
      show([]);
      return;
    }
    var ticket = ++asked;
    fetch(url + "?q=" + encodeURIComponent(typed), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        return response.ok ? response.json() : [];
      })
      .then(function (suggestions) {
        // An older answer arriving late must not replace a newer one.
        if (ticket === asked && Array.isArray(suggestions)) {
          show(suggestions.filter(function (s) { return typeof s === "string"; }));
        }
      })
      .catch(function () {
        close();
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });

  input.addEventListener("keydown", function (event) {
    var open = !listbox.hidden && options.length > 0;
    if (event.key === "ArrowDown") {
      if (!open) {
        ask();
        return;
      }
      event.preventDefault();
      activate(active + 1 >= options.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp") {
      if (open) {
        event.preventDefault();
        activate(active - 1 < 0 ? options.length - 1 : active - 1);
      }
    } else if (event.key === "Enter") {
      if (open && active >= 0) {
        event.preventDefault();
        choose(active);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        close();
      }
    }
  });

  input.addEventListener("blur", function () {
    setTimeout(close, 100);
  });
})();
