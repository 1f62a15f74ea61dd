// Every day of an uptime bar within reach of the keyboard, for one tab stop per bar: Tab
// enters the bar at today (or the day left last), the arrow keys, Home and End move along
// it, and the focused day shows its words as a hover does. Without scripts, the days with
// an incident stay links, each its own tab stop, and a screen reader reads every day.
// Escape hides the words of the day under the pointer or with the focus (WCAG 1.4.13)
// until the pointer or the focus comes to that day again.
(() => {
  const KEYS = ["ArrowLeft", "ArrowRight", "Home", "End"];
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const day of document.querySelectorAll("ol.bars > li:hover, ol.bars > li:focus-within")) {
      day.classList.add("dismissed");
    }
  });
  // A day's focus goes to its link when it has one, so Enter still opens the incident.
  const stop = (day) => day.querySelector("a") || day;
  for (const bar of document.querySelectorAll("ol.bars")) {
    // A narrow screen hides the oldest days (style.css): they are skipped.
    const shown = () => [...bar.children].filter((day) => day.getClientRects().length > 0);
    const all = [...bar.children];
    if (all.length === 0) continue;
    let current = all[all.length - 1];
    const choose = (day) => {
      stop(current).tabIndex = -1;
      current = day;
      stop(current).tabIndex = 0;
    };
    for (const day of all) stop(day).tabIndex = -1;
    choose(current);
    bar.addEventListener("focusin", (event) => {
      const day = all.find((d) => d.contains(event.target));
      if (day && day !== current) choose(day);
    });
    // Coming to a day anew shows its words again; moving within it (onto them) does not.
    const again = (event) => {
      const day = all.find((d) => d.contains(event.target));
      if (day && !day.contains(event.relatedTarget)) day.classList.remove("dismissed");
    };
    bar.addEventListener("mouseover", again);
    bar.addEventListener("focusin", again);
    bar.addEventListener("keydown", (event) => {
      if (!KEYS.includes(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
      const days = shown();
      const at = days.indexOf(current);
      // The bar runs from the oldest day to today in the reading direction.
      const back = getComputedStyle(bar).direction === "rtl" ? "ArrowRight" : "ArrowLeft";
      let next = at;
      if (event.key === "Home") next = 0;
      else if (event.key === "End") next = days.length - 1;
      else if (event.key === back) next = Math.max(at - 1, 0);
      else next = Math.min(at + 1, days.length - 1);
      event.preventDefault();
      if (next < 0 || days[next] === undefined) return;
      choose(days[next]);
      stop(current).focus();
    });
    // A day hidden when the screen narrows would leave the bar without a tab stop.
    window.addEventListener("resize", () => {
      if (current.getClientRects().length === 0) choose(all[all.length - 1]);
    });
  }
})();
