// Times in the reader's own time zone. The pages are written in the site's zone, which
// stays as it is when scripts are off or the reader is in that zone already.
(() => {
  const note = document.querySelector(".tz-note[data-zone]");
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!note || !zone || sameZone(note.dataset.zone, zone)) return;
  const lang = document.documentElement.lang || undefined;
  // Latin digits, the Gregorian calendar and a 24-hour clock, as the page writes them in
  // every language (a Thai or Persian browser would otherwise count other years); the
  // hour padded or not as the page's language writes it (data-hour: "07:10", "7:10").
  const options = {
    calendar: "gregory",
    hourCycle: "h23",
    hour: note.dataset.hour || "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
    numberingSystem: "latn",
  };
  const withDate = new Intl.DateTimeFormat(lang, { ...options, year: "numeric", month: "short", day: "numeric" });
  const timeOnly = new Intl.DateTimeFormat(lang, options);
  // A chart's axis says day, month and clock time, and no zone: the note names it.
  const axis = new Intl.DateTimeFormat(lang, { ...options, timeZoneName: undefined, month: "short", day: "numeric" });
  const day = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "2-digit", day: "2-digit" });
  // A zone the browser names by its offset writes the sign bare (Arabic "غرينتش-3"): in a
  // right-to-left line the sign is drawn after the digits. Marked left-to-right, as CLDR's
  // Arabic signs are and as the page writes its own offsets (i18n: Language.zone).
  const rtl = document.documentElement.dir === "rtl";
  const format = (formatter, moment) =>
    rtl
      ? formatter
          .formatToParts(moment)
          .map((part) => (part.type === "timeZoneName" ? part.value.replace(/[+\-\u2212](?=\d)/g, "\u200e$&") : part.value))
          .join("")
      : formatter.format(moment);
  const sameDay = (a, b) => !isNaN(a) && day.format(a) === day.format(b);

  function convert(root) {
    for (const time of root.querySelectorAll("time[datetime]")) {
      const moment = new Date(time.getAttribute("datetime"));
      if (isNaN(moment)) continue;
      // A range's end is written as a clock time when it falls on its start's day in the
      // site's zone; in the reader's zone it may fall on another day, and then says which.
      const start = time.previousElementSibling;
      const clockOnly =
        time.hasAttribute("data-time-only") &&
        start !== null &&
        start.matches("time[datetime]") &&
        sameDay(new Date(start.getAttribute("datetime")), moment);
      time.textContent = format(clockOnly ? timeOnly : withDate, moment);
    }
    // SVG has no <time>: a chart's time labels carry their moment in data-datetime.
    for (const label of root.querySelectorAll("text[data-datetime]")) {
      const moment = new Date(label.getAttribute("data-datetime"));
      if (!isNaN(moment)) label.textContent = axis.format(moment);
    }
  }

  const main = document.querySelector("main");
  if (main) convert(main);
  // What a script adds later (the history's search results) holds times written as the
  // page writes them; it asks for them to be converted too.
  document.addEventListener("statusgen:times", (event) => convert(event.target));
  // The reader's zone, and the site's, in which the months, days and uptime bars stay
  // (they are written once for every reader): each name isolated (a <bdi>), as the page's
  // own note has it: "Etc/GMT+3" in an Arabic sentence would carry the full stop after it
  // into its run. A note of an older template names "{zone}" alone.
  const names = { zone, site: note.dataset.zone };
  note.replaceChildren(
    ...note.dataset.local.split(/\{(zone|site)\}/).map((part, i) => {
      if (i % 2 === 0) return part;
      const name = document.createElement("bdi");
      name.textContent = names[part];
      return name;
    }),
  );

  // One zone under two names (Asia/Kolkata and its old alias Asia/Calcutta, which a
  // browser may report) is one zone: compared as the browser names them both. A zone the
  // browser does not know is compared by its name alone.
  function sameZone(site, reader) {
    if (site === reader) return true;
    try {
      return new Intl.DateTimeFormat("en", { timeZone: site }).resolvedOptions().timeZone === reader;
    } catch {
      return false;
    }
  }
})();
