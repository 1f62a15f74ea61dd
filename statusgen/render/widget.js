// <statusgen-status>: the status of a statusgen site as a pill that links to its page.
// No dependencies. Usage:
//   <script src="https://status.example.com/widget.js" defer></script>
//   <statusgen-status></statusgen-status>
// Attributes: href (the status page, its trailing slash optional; default: the folder this
// script was loaded from), refresh (seconds between updates; default 60, at least 10, 0 for
// never), fallback (the link text when the status cannot be loaded; default "Status").
(() => {
  const script = document.currentScript;
  // The build fills in the page's own wording and address, so the pill says what the page says.
  const LABELS = /*LABELS*/ {};
  const SITE = /*SITE*/ "";
  const FALLBACK = /*FALLBACK*/ "Status";
  // The language of those words, as embed.html says it (lang="ar" dir="rtl"): a screen
  // reader on a host page in another language would read them with the host's voice.
  const LANG = /*LANG*/ "en";
  const DIR = /*DIR*/ "ltr";
  // status.json's description (fixed English) with more than one incident open: the pill
  // then says LABELS.incidents.
  const MANY = /*MANY*/ "Ongoing incidents";
  const home = script && script.src ? new URL(".", script.src).href : SITE || location.origin + "/";
  // The element is defined once, by the first statusgen widget.js on the page; each one
  // leaves its site's words here, under its folder, so a pill showing another site (its
  // `href`) speaks that site's words and language, not the first one's.
  const key = Symbol.for("statusgen-status.sites");
  const sites = (window[key] = window[key] || {});
  sites[home] = { labels: LABELS, fallback: FALLBACK, lang: LANG, dir: DIR };
  // Mid tones with at least 3.5:1 contrast against white and against black, so the dot
  // reads on light and dark host pages alike. Words carry the meaning; the dot repeats it.
  const COLOURS = {
    operational: "#1a7f37",
    degraded_performance: "#9a6700",
    partial_outage: "#bc4c00",
    major_outage: "#cf222e",
    under_maintenance: "#0969da",
    incident: "#bc4c00",
    unknown: "#6e7781",
  };
  const CSS =
    ":host{display:inline-block;color:inherit}:host([hidden]){display:none}" +
    "a{display:inline-flex;align-items:center;gap:.5em;padding:.25em .75em;border:1px solid;" +
    "border-color:color-mix(in srgb,currentColor 30%,transparent);border-radius:999px;" +
    "color:inherit;text-decoration:none;line-height:1.4}" +
    "a:hover,a:focus-visible{border-color:currentColor}" +
    "a:focus-visible{outline:2px solid currentColor;outline-offset:2px}" +
    "i{width:.6em;height:.6em;border-radius:50%;background:var(--c);flex:none}" +
    "@media (prefers-reduced-motion:no-preference){i.live{animation:p 2s ease-in-out infinite}}" +
    // Forced colours (Windows' contrast themes) replace every fill with the page colour:
    // the dot is drawn in the reader's text colour instead, as the theme's status marks are.
    "@media (forced-colors:active){i{forced-color-adjust:none;background:CanvasText}}" +
    "@keyframes p{50%{opacity:.5}}";

  class StatusgenStatus extends HTMLElement {
    static get observedAttributes() {
      return ["href", "refresh"];
    }

    connectedCallback() {
      // A live region, polite: a screen reader hears "Major outage" when the pill changes.
      if (!this.hasAttribute("role")) this.setAttribute("role", "status");
      if (!this.shadowRoot) {
        // DOM calls and a constructable stylesheet, not innerHTML and a <style>: a host page
        // whose CSP forbids inline styles (style-src 'self') or requires Trusted Types
        // blocks those, and the pill would be unstyled or empty. A <style> element only
        // where adoptedStyleSheets is missing (Safari < 16.4). The shadow root comes last:
        // if anything throws, the author's own link inside the element stays visible.
        try {
          const link = document.createElement("a");
          link.setAttribute("part", "pill");
          let sheet, style;
          if ("adoptedStyleSheets" in ShadowRoot.prototype) {
            sheet = new CSSStyleSheet();
            sheet.replaceSync(CSS);
          } else {
            style = document.createElement("style");
            style.textContent = CSS;
          }
          const root = this.attachShadow({ mode: "open" });
          if (sheet) root.adoptedStyleSheets = [sheet];
          if (style) root.append(style);
          root.append(link);
        } catch (error) {
          return;
        }
        // A plain link first: if the status host is slow or down, the visitor still has one.
        this.show(null);
      }
      // A reader back on the tab (or back through the back/forward cache) sees the status
      // of now, not of up to a refresh period ago: hidden tabs skip their turns.
      this.wake = this.wake || ((event) => {
        if (!document.hidden && (event.type !== "pageshow" || event.persisted) && this.timer) {
          this.refresh();
        }
      });
      document.addEventListener("visibilitychange", this.wake);
      window.addEventListener("pageshow", this.wake);
      this.start();
    }

    disconnectedCallback() {
      clearInterval(this.timer);
      this.timer = undefined;
      document.removeEventListener("visibilitychange", this.wake);
      window.removeEventListener("pageshow", this.wake);
    }

    attributeChangedCallback() {
      if (this.shadowRoot && this.isConnected) this.start();
    }

    start() {
      clearInterval(this.timer);
      this.timer = undefined;
      // A new address or period: its answer is the one to show, whatever is still on its way.
      this.refresh(true);
      const seconds = Number(this.getAttribute("refresh") || 60);
      if (seconds !== 0) {
        // Background tabs skip their turn: a status page under load needs no idle readers.
        this.timer = setInterval(
          () => document.hidden || this.refresh(),
          Math.max(seconds || 60, 10) * 1000,
        );
      }
    }

    get page() {
      // The address names the site's folder, slash or not (the API's page.url has none), so
      // status.json is looked up inside it, not beside it; a page in it (index.html) stays.
      // A folder whose name ends in .html (base_url /wiki.html/) is told from a page by the
      // widget.js loaded from it: its folder is in `sites`.
      const url = new URL(this.getAttribute("href") || home, location.href);
      const folder = url.origin + url.pathname + "/";
      if (!/(\/|\.html?)$/.test(url.pathname) || sites[folder]) url.pathname += "/";
      return url.href;
    }

    async refresh(now) {
      // One call at a time: a host slower than the refresh period would otherwise see each
      // answer overtaken by the next call and discarded, and the pill would never change.
      // The call in flight lands, or gives up after 15 s and shows the fallback link.
      if (this.waiting && !now) return;
      const call = (this.calls = (this.calls || 0) + 1);
      this.waiting = true;
      let status = null;
      let many = false;
      let timer;
      // Our own 15 s timer, not AbortSignal.timeout: browsers without it (Safari < 16,
      // Chrome < 103) would otherwise wait on a hung call for good, and every later turn
      // would be skipped. The wait ends at 15 s even where fetch cannot be aborted.
      const controller = typeof AbortController === "function" ? new AbortController() : null;
      const late = new Promise((resolve, reject) => {
        timer = setTimeout(() => {
          if (controller) controller.abort();
          reject(new Error("timeout"));
        }, 15000);
      });
      try {
        const answer = (async () => {
          const response = await fetch(new URL("status.json", this.page), {
            cache: "no-cache",
            signal: controller ? controller.signal : undefined,
          });
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })();
        const data = await Promise.race([answer, late]);
        status = Object.prototype.hasOwnProperty.call(COLOURS, data.status) ? data.status : "unknown";
        many = status === "incident" && data.description === MANY;
      } catch (error) {
        // Unreachable, not JSON, refused by CORS or too slow: the fallback link makes no
        // claim either way.
      } finally {
        clearTimeout(timer);
      }
      // An older request (for an address since changed) must not overwrite a newer answer.
      if (call === this.calls) {
        this.waiting = false;
        this.show(status, many);
      }
    }

    show(status, many) {
      const link = this.shadowRoot.querySelector("a");
      const page = this.page;
      // Unchanged since the last answer: left as it is, so the live region says nothing.
      const shown = many ? "incidents" : status;
      if (this.calls > 1 && shown === this.shown && link.href === page) return;
      this.shown = shown;
      const words = sites[new URL(".", page).href] || sites[home];
      link.href = page;
      link.replaceChildren();
      const own = this.getAttribute("fallback");
      if (status === null && own) {
        // The host's own words: in the host's language, inherited.
        link.removeAttribute("lang");
        link.removeAttribute("dir");
      } else {
        link.lang = words.lang;
        link.dir = words.dir;
      }
      if (status === null) {
        if (this.calls) this.dataset.status = "unavailable";
        link.textContent = own || words.fallback;
        return;
      }
      this.dataset.status = status;
      const dot = document.createElement("i");
      dot.setAttribute("part", "dot");
      dot.setAttribute("aria-hidden", "true");
      dot.style.setProperty("--c", "var(--statusgen-" + status + "," + COLOURS[status] + ")");
      if (status !== "operational" && status !== "unknown") dot.className = "live";
      const label = document.createElement("span");
      label.setAttribute("part", "label");
      label.textContent = words.labels[shown] || words.labels[status] || status.replace(/_/g, " ");
      link.append(dot, label);
    }
  }

  if (!customElements.get("statusgen-status")) {
    customElements.define("statusgen-status", StatusgenStatus);
  }
})();
