// Live reload for `statusgen serve`. The preview server adds this script to pages as it
// sends them; it is never written into a built site.
//
// The server streams its state: the generation of the site it serves and the last
// build's error. A new generation reloads the page; an error is shown over the page
// (as text, never as HTML) until a good build replaces it.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-generation") : "";
  var panel = null;

  function showError(text) {
    if (!panel) {
      panel = document.createElement("div");
      panel.id = "statusgen-build-error";
      panel.setAttribute("role", "alert");
      var s = panel.style;
      s.position = "fixed";
      s.left = s.right = s.bottom = "0";
      s.maxHeight = "60vh";
      s.overflow = "auto";
      s.zIndex = "2147483647";
      s.margin = "0";
      s.padding = "1rem 1.25rem";
      s.background = "#2b0a0a";
      s.color = "#fff";
      s.font = "14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
      s.borderTop = "4px solid #e5484d";
      // The page's own stylesheet styles pre, strong and button (a light background for
      // code blocks, say): every part sets its colours itself, or white text lands on a
      // near-white block in light mode.
      var head = document.createElement("div");
      head.style.cssText =
        "display:flex;flex-wrap:wrap;align-items:flex-start;gap:0.5rem 1rem;" +
        "justify-content:space-between";
      var title = document.createElement("strong");
      title.style.cssText = "flex:1 1 16rem;min-width:0;color:#fff;background:none";
      // The page served before any build succeeded has no generation: there is no last
      // good site to speak of.
      title.textContent = shown
        ? "The build failed. This is the last good site; fix the file and save to reload."
        : "The build failed, and no build has succeeded yet; fix the file and save to load the site.";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Dismiss";
      close.style.cssText =
        "flex:none;margin:0;padding:0.25rem 0.75rem;font:inherit;color:#2b0a0a;" +
        "background:#fff;border:1px solid #fff;border-radius:4px;cursor:pointer";
      close.addEventListener("click", hideError);
      var pre = document.createElement("pre");
      pre.style.cssText =
        "white-space:pre-wrap;margin:0.75rem 0 0;padding:0;border:0;font:inherit;" +
        "color:#fff;background:none;overflow:visible";
      head.appendChild(title);
      head.appendChild(close);
      panel.appendChild(head);
      panel.appendChild(pre);
      document.body.appendChild(panel);
    }
    panel.querySelector("pre").textContent = text;
  }

  function hideError() {
    if (panel) {
      panel.remove();
      panel = null;
    }
  }

  var events = new EventSource("/__statusgen/events");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    if (state.generation && state.generation !== shown) {
      events.close();
      location.reload();
    } else if (state.error) {
      showError(state.error);
    } else {
      hideError();
    }
  };
})();
