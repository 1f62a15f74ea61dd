// Search for the incident history. Progressive: without this script (or without the
// index) the history page is the plain list with its filter links; with it, a search box
// appears above them. The index (search.json) is fetched once, on the first keystroke.
// Results are built with textContent only: nothing from the index is read as HTML.
(function () {
  "use strict";
  var form = document.querySelector("form.history-search");
  // Opened from disk (build --relative), a page may not fetch the index: no box at all.
  if (!form || !window.fetch || location.protocol === "file:") return;
  var input = form.querySelector("input");
  var status = document.getElementById("history-search-status");
  var results = document.getElementById("history-search-results");
  var list = document.getElementById("history-list");
  var pages = document.querySelector("nav.pagination");
  var base = form.getAttribute("data-base");
  var index = null;
  var loading = null;
  var LIMIT = 50;

  function fold(text) {
    // Case and accents do not matter: "resume" finds "Résumé".
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-index"))
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          index = data.events.map(function (row) {
            var names = row[4].map(function (id) { return data.components[id] || id; });
            return {
              title: row[0], path: row[1], date: row[2], impact: row[3], names: names,
              text: fold([row[0], names.join(" "), row[3], row[2], row[5]].join(" "))
            };
          });
        });
    }
    return loading;
  }

  function show(searching) {
    results.hidden = !searching;
    list.hidden = searching;
    if (pages) pages.hidden = searching;
  }

  function item(event) {
    var li = document.createElement("li");
    li.className = "event-item i-" + event.impact;
    var h3 = document.createElement("h3");
    h3.className = "event-title";
    var a = document.createElement("a");
    a.href = base + event.path;
    a.textContent = event.title;
    h3.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "event-meta";
    meta.textContent = [event.date, event.names.join(", ")].filter(Boolean).join(" · ");
    li.appendChild(h3);
    li.appendChild(meta);
    return li;
  }

  function search() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    if (!words.length) {
      show(false);
      status.textContent = "";
      return;
    }
    var found = index.filter(function (event) {
      return words.every(function (word) { return event.text.indexOf(word) >= 0; });
    });
    results.replaceChildren.apply(results, found.slice(0, LIMIT).map(item));
    status.textContent =
      found.length === 0 ? "No incidents match." :
      found.length > LIMIT ? "The newest " + LIMIT + " of " + found.length + " matches." :
      found.length === 1 ? "1 match." : found.length + " matches.";
    show(true);
  }

  input.addEventListener("input", function () {
    load().then(search, function () {
      status.textContent = "Search is not available here; the list below is the history.";
    });
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
})();
