// Search for the incident history. Progressive: without this script (or without the
// index) the history page is the plain list with its filter links; with it, a search box
// appears above them. The index (search.json, and the parts it names) is fetched once, on
// the first keystroke; after a failed download, again on a later one.
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
  // A page of a `build --relative` site has a relative base ("../"): its links name the
  // index.html of a folder, as every other link of that build does (render/relative.py).
  var relative = !/^(\/|[a-z][a-z0-9+.-]*:)/i.test(base);
  // On a filter's page (history/impact/major/), only what that page lists is searched:
  // results of other impacts beside "Incident history: Major impact" would mislead.
  var impact = form.getAttribute("data-impact");
  var index = null;
  var loading = null;
  var failed = 0;  // when the index last failed to arrive
  var RETRY = 1000;  // a failed download is tried again on a keystroke this much later
  var LIMIT = 50;  // render/search.py's RESULTS_LIMIT
  // The page's words (render/search.py: search_messages); a count's wording follows the
  // number's plural category in the page's language.
  var messages = JSON.parse(form.getAttribute("data-messages") || "{}");
  var plural = window.Intl && Intl.PluralRules ?
    new Intl.PluralRules(document.documentElement.lang || "en") : null;
  // A moment's date, clock time and offset in the site's zone, named where the reader's-
  // zone script reads it (localtime.js): the browser knows the zone's rules, the page's
  // formats give the words. A zone the browser does not know gives UTC, named so.
  var note = document.querySelector(".tz-note[data-zone]");
  var wall;
  try {
    wall = wallClock(note ? note.getAttribute("data-zone") : "UTC");
  } catch (error) {
    wall = wallClock("UTC");
  }

  function wallClock(zone) {
    return new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit"
    });
  }

  function say(key, n) {
    var text = messages[key];
    if (text && typeof text === "object") {
      // A count's message ("matches", "newest"): the text of the number's category.
      text = text[plural ? plural.select(n) : "other"] || text.other;
    }
    return String(text || "").replace("{n}", function () { return number(n); });
  }

  function number(n) {
    // As the page writes numbers (render/search.py: Language.number_grouping): its digits
    // and separator, not the browser's, which may differ (Arabic-Indic digits for ar-EG).
    // Its fourth value is CLDR's minimumGroupingDigits: Polish writes "1234" but "12 345".
    var grouping = messages.number || [",", 3, 3, 1];
    var digits = String(n);
    var size = grouping[1];
    var groups = [];
    if (digits.length < size + (grouping[3] || 1)) {
      return digits;
    }
    while (digits.length > size) {
      groups.unshift(digits.slice(-size));
      digits = digits.slice(0, -size);
      size = grouping[2];
    }
    groups.unshift(digits);
    return groups.join(grouping[0]);
  }

  function pad(n, size) {
    return String(n).padStart(size, "0");
  }

  function offsetText(minutes) {
    // An offset as ISO 8601 writes it: "+01:00", "-08:00".
    var size = Math.abs(minutes);
    return (minutes < 0 ? "-" : "+") + pad(Math.floor(size / 60), 2) + ":" + pad(size % 60, 2);
  }

  function moment(seconds) {
    // A row's moment (seconds since the epoch, render/search.py) in the site's zone: its
    // fields, its offset in minutes, its date and its <time datetime> as the page writes
    // them (render/format.py: machine_time).
    var ms = Math.round(seconds * 1000);
    var fraction = ((ms % 1000) + 1000) % 1000;
    var at = {seconds: ms / 1000};
    wall.formatToParts(ms).forEach(function (part) { at[part.type] = Number(part.value); });
    at.hour %= 24;  // midnight, which an older engine writes "24"
    var offset = (Date.UTC(at.year, at.month - 1, at.day, at.hour, at.minute, at.second) -
      (ms - fraction)) / 60000;
    at.offset = Math.round(offset);
    at.date = pad(at.year, 4) + "-" + pad(at.month, 2) + "-" + pad(at.day, 2);
    // An offset with seconds (a zone's clocks before standard time) has no ISO 8601 text:
    // such a moment is written in UTC (render/format.py: machine_moment).
    var written = at;
    if (offset !== at.offset) {
      var utc = new Date(ms - fraction);
      written = {
        year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate(),
        hour: utc.getUTCHours(), minute: utc.getUTCMinutes(), second: utc.getUTCSeconds(),
        offset: 0
      };
    }
    at.iso = pad(written.year, 4) + "-" + pad(written.month, 2) + "-" + pad(written.day, 2) +
      "T" + pad(written.hour, 2) + ":" + pad(written.minute, 2) + ":" + pad(written.second, 2) +
      (fraction ? "." + pad(fraction, 3) : "") + offsetText(written.offset);
    return at;
  }

  function clock(at) {
    // As the page writes a time (Language.time_pattern): "19:41", "9.41", "19 h 41".
    return (messages.time || "%(HH)s:%(mm)s").replace(/%\((\w+)\)s|%%/g, function (all, name) {
      if (!name) return "%";
      var letter = name.charAt(0);
      if (letter === "H") return pad(at.hour, name.length);
      return letter === "m" ? pad(at.minute, name.length) : "";
    });
  }

  function zoneName(at) {
    // As the page names the site's zone at that offset (Language.zone_names): "CET", "MEZ".
    // An offset named in turn by several names lists them with when each took over
    // (Istanbul's +03:00: ["EEST", 1473195600, "+03"]).
    // An offset it had before 1970 or is to have after 2040 is named by its number.
    var names = (messages.zones || {})[String(at.offset)];
    if (Array.isArray(names)) {
      var i = 0;
      while (i + 2 < names.length && at.seconds >= names[i + 1]) i += 2;
      names = names[i];
    }
    return names || "UTC" + (at.offset ? offsetText(at.offset) : "");
  }

  function dateTime(day, time) {
    // The page's pattern joining a date and a time (Language.join_date_time): "{1}, {0}".
    return (messages.datetime || "{1} {0}").replace("{1}", function () { return day; })
      .replace("{0}", function () { return time; });
  }

  function date(iso, format) {
    // As the page writes dates (render/search.py: Language.date_fields): "Nov 20, 2026",
    // "20. Nov. 2026", "2026年11月20日", from "2026-11-20" (a moment's date in the site's zone);
    // with `format` messages.month, as its month's heading: "November 2026".
    var found = format || messages.date;
    var parts = /^(\d+)-(\d+)-(\d+)$/.exec(iso || "");
    if (!found || !parts) return iso;
    var fields = {};
    found[1].forEach(function (field) { fields[field[0]] = field[1]; });
    var year = Number(parts[1]), month = Number(parts[2]), day = Number(parts[3]);
    return found[0].replace(/%\((\w+)\)s|%%/g, function (all, name) {
      if (!name) return "%";
      var texts = fields[name] || [];
      var letter = name.charAt(0);
      if (letter === "y") {
        return name.length === 2 ?
          String(year % 100).padStart(2, "0") : String(year).padStart(name.length, "0");
      }
      if (letter === "d") return texts[day - 1];
      if (letter === "M" || letter === "L") return texts[month - 1];
      return texts[0] || "";
    });
  }

  function listNames(items) {
    // The page's list pattern (CLDR's, by render/search.py): "A, B und C", "A、B、C", as
    // nodes. Each name in a <bdi>, isolated as the pages' lists isolate it (the join_list
    // filter, with the characters U+2068 … U+2069): an author's "DB-3 (primary)" in an
    // Arabic line would carry the words after it into its own left-to-right run.
    var pattern = messages.list || ["{0}, {1}", "{0}, {1}", "{0}, {1}", "{0}, {1}"];
    var names = items.map(function (name) {
      var isolated = document.createElement("bdi");
      isolated.textContent = name;
      return [isolated];
    });
    function fill(text, first, second) {
      // The pattern's own words as text, its {0} and {1} as the nodes they stand for.
      var nodes = [];
      text.split(/(\{[01]\})/).forEach(function (piece) {
        if (piece === "{0}") nodes = nodes.concat(first);
        else if (piece === "{1}") nodes = nodes.concat(second);
        else if (piece) nodes.push(piece);
      });
      return nodes;
    }
    if (names.length < 2) return names[0] || [];
    if (names.length === 2) return fill(pattern[3], names[0], names[1]);
    var nodes = fill(pattern[0], names[0], names[1]);
    for (var i = 2; i < names.length - 1; i++) nodes = fill(pattern[1], nodes, names[i]);
    return fill(pattern[2], nodes, names[names.length - 1]);
  }

  // Letters with a stroke or a ligature that NFD leaves whole, written as a visitor without
  // them on the keyboard types them: "lodz" finds "Łódź", "oresund" finds "Øresund".
  var PLAIN = {
    "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i",
    "æ": "ae", "œ": "oe", "ß": "ss"
  };
  var STROKED = new RegExp("[" + Object.keys(PLAIN).join("") + "]", "g");

  // The marks a reader types without: accents of Latin, Greek and Cyrillic letters (and
  // the marks over symbols), Arabic harakat and Qur'anic signs, Hebrew points and
  // cantillation. Not every combining mark: in many scripts a mark is part of the letter
  // or the word, and dropping it makes another word. Kana's voicing marks (ガイド "guide"
  // is not カイト "kite"), Indic vowel signs and viramas (कमल is not कोमल), Thai, Lao and
  // Khmer vowels and tones are typed as they are written, so they stay.
  var ACCENTS = new RegExp("[" +
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f" +
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8" +
    "\u06ea-\u06ed" +
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7" +
    "]", "g");

  function fold(text) {
    // Case and accents do not matter: "resume" finds "Résumé", "تعطل" finds "تَعَطُّل".
    // Nor does width or a ligature (NFKC): a Japanese or Chinese keyboard's full-width
    // "ＡＰＩ" finds "API", "ﬁle" finds "file". The rows and the query both pass here, so
    // they always agree. Composed again (NFC) once the accents are gone: a mark that
    // stays, left apart, would let "サイト" find "サイド" (ト and the voicing mark) and a
    // Korean syllable find every longer one it starts ("서" in "선로").
    return text.normalize("NFKC").toLowerCase().normalize("NFD").replace(ACCENTS, "")
      .normalize("NFC").replace(STROKED, function (letter) { return PLAIN[letter]; });
  }

  function fetched(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  function load() {
    // A failed download (a host's passing 503, a dropped connection) is forgotten, so a
    // later keystroke tries again instead of search staying off until a reload; each
    // keystroke of a word typed on does not.
    if (!loading && Date.now() - failed < RETRY) return Promise.reject(new Error("retry"));
    if (!loading) {
      // search.json holds the newest year's rows and names the parts holding the
      // earlier years' (search/<year>.json), newest first: all fetched at once.
      loading = fetched(form.getAttribute("data-index"))
        .then(function (data) {
          return Promise.all((data.parts || []).map(function (part) {
            return fetched(base + part);
          })).then(function (parts) {
            var rows = data.events.concat.apply(data.events, parts.map(function (part) {
              return part.events;
            }));
            // An impact or a state is matched by the words the page names it with, in its
            // language ("Geringe Auswirkung"), not by the row's id ("minor"), kept for
            // data-impact and the results' colours.
            var impacts = messages.impacts || {};
            var states = messages.states || {};
            index = rows.map(function (row) {
              var names = row[4].map(function (id) { return data.components[id] || id; });
              // The span's start in seconds; a row of an index saved before it held
              // spans has the start's date instead.
              var start = typeof row[2] === "number" ? moment(row[2]) : null;
              var day = start ? start.date : row[2];
              // Found by its date as the page writes it ("Nov 20, 2026") and by its
              // month's heading ("November 2026"), besides the ISO form ("2026-11-20").
              return {
                title: row[0], path: row[1], date: day, impact: row[3], names: names,
                state: row[6], active: row[7] === true,
                start: start, seconds: row[2], length: row[8],
                text: fold([row[0], names.join(" "), impacts[row[3]] || "",
                  states[row[6]] || "", day, date(day), date(day, messages.month),
                  row[5]].join(" "))
              };
            });
          });
        })
        .catch(function (error) {
          loading = null;
          failed = Date.now();
          throw error;
        });
    }
    return loading;
  }

  function show(searching) {
    results.hidden = !searching;
    list.hidden = searching;
    if (pages) pages.hidden = searching;
  }

  function span(parent, text) {
    // One part of a result's line: parts are set apart by the line's gap, as in the list.
    var part = document.createElement("span");
    part.textContent = text || "";
    if (parent.firstChild) parent.appendChild(document.createTextNode(" "));
    parent.appendChild(part);
    return part;
  }

  function time(at, words, clockOnly) {
    var element = document.createElement("time");
    // Set apart on a right-to-left page, as the page's own times are (render/format.py:
    // _isolation): a range's dash would otherwise join the start's zone to the end's day.
    if (document.documentElement.dir === "rtl") element.setAttribute("dir", "rtl");
    element.setAttribute("datetime", at.iso);
    if (clockOnly) element.setAttribute("data-time-only", "");
    element.textContent = words;
    return element;
  }

  function when(part, event) {
    // The line's span as the list writes it (render/format.py: time_range, range_labels):
    // the date and the zone said once when they repeat; "– ongoing" without an end.
    var start = event.start;
    var fullStart = dateTime(date(start.date), clock(start) + " " + zoneName(start));
    if (typeof event.length !== "number") {
      var around = (messages.ongoing || "{date}").split("{date}");
      part.append(around[0], time(start, fullStart), around.slice(1).join("{date}"));
      return;
    }
    var end = moment(event.seconds + event.length);
    // As the list (said_once): one date at one offset. Here the offset names the zone.
    if (start.date === end.date && start.offset === end.offset) {
      part.append(time(start, dateTime(date(start.date), clock(start))), " – ",
        time(end, clock(end) + " " + zoneName(end), true));
      return;
    }
    part.append(time(start, fullStart), " – ",
      time(end, dateTime(date(end.date), clock(end) + " " + zoneName(end))));
  }

  function item(event) {
    var li = document.createElement("li");
    li.className = "event-item i-" + event.impact;
    // An h2, where the list's titles are h3: the results stand in for the months (the
    // h2s, hidden while searching) right under the page's h1, and a title one level
    // further down would skip one. Styled by its class, it looks as the list's do.
    var title = document.createElement("h2");
    title.className = "event-title";
    var a = document.createElement("a");
    // Its direction from its own letters, as the list's titles take theirs.
    a.dir = "auto";
    a.href = base + event.path + (relative && /\/$/.test(event.path) ? "index.html" : "");
    a.textContent = event.title;
    title.appendChild(a);
    // The words of the list's line it stands in for (partials/macros.html: event_item):
    // the state, marked in the impact's colour while active; an incident's impact (a
    // window's state says it is maintenance); its span; the components, in its order. A
    // row of an index saved before it held states has none, one saved before it held
    // spans the date alone.
    var meta = document.createElement("p");
    meta.className = "event-meta";
    var maintenance = event.impact === "maintenance";
    var state = (messages.states || {})[event.state];
    if (state) {
      var badge = span(meta, state);
      badge.className = "state" + (event.active ? " state-" + event.impact : "");
    }
    if (!maintenance) span(meta, (messages.impacts || {})[event.impact]).className = "impact";
    if (event.start) {
      when(span(meta, ""), event);
    } else {
      var day = date(event.date);
      if (event.active && !maintenance && messages.ongoing) {
        day = messages.ongoing.replace("{date}", function () { return day; });
      }
      span(meta, day);
    }
    if (event.names.length) {
      var listed = span(meta, "");
      listed.append.apply(listed, listNames(event.names));
    }
    li.appendChild(title);
    li.appendChild(meta);
    return li;
  }

  function search() {
    // A word's quotes and the punctuation around it are not part of it ('"HTTP 502"',
    // "v2.3.1,"); inside, they are ("v2.3.1", "ERR_CONN_RESET", "HTTP/2").
    var words = fold(input.value).split(/\s+/).map(function (word) {
      return word.replace(/^\p{P}+|\p{P}+$/gu, "");
    }).filter(Boolean);
    if (!words.length) {
      show(false);
      status.textContent = "";
      return;
    }
    var found = index.filter(function (event) {
      if (impact && event.impact !== impact) return false;
      return words.every(function (word) { return event.text.indexOf(word) >= 0; });
    });
    results.replaceChildren.apply(results, found.slice(0, LIMIT).map(item));
    // Their times move to the reader's zone as the list's do (localtime.js).
    results.dispatchEvent(new CustomEvent("statusgen:times", { bubbles: true }));
    status.textContent =
      found.length === 0 ? say("none", 0) :
      found.length > LIMIT ? say("newest", found.length) : say("matches", found.length);
    show(true);
  }

  input.addEventListener("input", function () {
    load().then(search, function () {
      status.textContent = say("unavailable", 0);
    });
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
})();
