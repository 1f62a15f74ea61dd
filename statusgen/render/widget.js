// <statusgen-status>: a status pill for other sites. No dependencies.
// Usage: <script src="https://status.example.com/widget.js" defer></script>
//        <statusgen-status></statusgen-status>
(() => {
  const script = document.currentScript;
  const home = script ? new URL(".", script.src).href : location.origin + "/";
  // Words carry the meaning; the dot's colour only repeats it.
  const STATES = {
    operational: ["All systems operational", "#1a7f37"],
    degraded_performance: ["Degraded performance", "#9a6700"],
    partial_outage: ["Partial outage", "#bc4c00"],
    major_outage: ["Major outage", "#cf222e"],
    under_maintenance: ["Under maintenance", "#0969da"],
    incident: ["Ongoing incident", "#bc4c00"],
    unknown: ["Status unknown", "#6e7781"],
  };
  const CSS =
    ":host{display:inline-block;font:inherit;color:inherit}" +
    "a{display:inline-flex;align-items:center;gap:.5em;padding:.25em .75em;border:1px solid;" +
    "border-color:color-mix(in srgb,currentColor 25%,transparent);border-radius:999px;" +
    "color:inherit;text-decoration:none;line-height:1.4}" +
    "a:hover,a:focus-visible{border-color:currentColor}" +
    "a:focus-visible{outline:2px solid currentColor;outline-offset:2px}" +
    "i{width:.6em;height:.6em;border-radius:50%;background:var(--c);flex:none}" +
    "@media (prefers-reduced-motion:no-preference){i.live{animation:p 2s ease-in-out infinite}}" +
    "@keyframes p{50%{opacity:.35}}";

  class StatusgenStatus extends HTMLElement {
    connectedCallback() {
      if (!this.shadowRoot) {
        const root = this.attachShadow({ mode: "open" });
        root.innerHTML = "<style>" + CSS + "</style><a part=\"pill\"></a>";
      }
      this.refresh();
      const seconds = Math.max(Number(this.getAttribute("refresh")) || 60, 10);
      this.timer = setInterval(() => this.refresh(), seconds * 1000);
    }

    disconnectedCallback() {
      clearInterval(this.timer);
    }

    get page() {
      return new URL(this.getAttribute("href") || home, location.href).href;
    }

    async refresh() {
      try {
        const response = await fetch(new URL("status.json", this.page), { cache: "no-cache" });
        if (!response.ok) throw new Error(response.status);
        const data = await response.json();
        const known = Object.prototype.hasOwnProperty.call(STATES, data.status);
        this.show(known ? data.status : "unknown");
      } catch (error) {
        this.show(null);
      }
    }

    show(status) {
      const link = this.shadowRoot.querySelector("a");
      link.href = this.page;
      link.replaceChildren();
      this.dataset.status = status || "unavailable";
      if (status === null) {
        // The status could not be loaded: still a useful link, and no claim either way.
        link.textContent = this.getAttribute("fallback") || "Status";
        return;
      }
      const [label, colour] = STATES[status];
      const dot = document.createElement("i");
      dot.style.setProperty("--c", colour);
      dot.setAttribute("aria-hidden", "true");
      if (status !== "operational") dot.className = "live";
      const text = document.createElement("span");
      text.textContent = label;
      link.append(dot, text);
    }
  }

  if (!customElements.get("statusgen-status")) {
    customElements.define("statusgen-status", StatusgenStatus);
  }
})();
