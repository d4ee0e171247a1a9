// The floating chat button for the practice's own website: one tag, served by the app itself.
//
//   <script src="https://chat.praktijk.nl/widget.js" defer
//           data-practice="Fysiotherapie De Psoas" data-color="#0f766e"
//           data-position="right" data-lang="nl"></script>
//
// A button opens a panel with the chat (the app's own page in an iframe, so the chat runs on the app's
// origin and the website needs no CORS); full screen on phones. Closing hides the panel, so reopening
// shows the same conversation. Everything lives in a shadow root: the website's styles do not reach it.
// The server fills in __TEXTS__ from chatbot/texts.py.
(() => {
  "use strict";
  const T = __TEXTS__;
  const script = document.currentScript;
  if (!script || window.__psoasWidget) return;
  window.__psoasWidget = true;

  const data = script.dataset;
  const base = new URL(".", script.src).href; // the app, where this script came from
  const labels = T.labels[data.lang === "en" ? "en" : "nl"];
  const practice = (data.practice || T.practice || "").slice(0, 80);
  const fill = (s) => s.replace("{practice}", practice);
  // Only a plain hex colour: anything else could inject CSS.
  const color = /^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$/.test(data.color || "") ? data.color : "#0f766e";
  const side = data.position === "left" ? "left" : "right";

  const host = document.createElement("div");
  host.id = "psoas-chat-widget";
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `
<style>
  :host { all: initial; }
  .open { position: fixed; bottom: 20px; ${side}: 20px; z-index: 2147483000; min-height: 48px; min-width: 48px;
          padding: 12px 18px; border: 0; border-radius: 999px; background: ${color}; color: #fff;
          font: 600 16px/1.2 system-ui, -apple-system, "Segoe UI", sans-serif; cursor: pointer;
          box-shadow: 0 4px 14px rgba(0, 0, 0, .25); display: inline-flex; align-items: center; gap: 8px; }
  .open:focus-visible, .close:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 3px; }
  .open[aria-expanded="true"] { display: none; }
  .panel { position: fixed; bottom: 20px; ${side}: 20px; z-index: 2147483001; width: 400px; height: 640px;
           max-height: calc(100vh - 40px); max-width: calc(100vw - 40px); display: flex; flex-direction: column;
           background: #fff; border-radius: 12px; overflow: hidden; box-shadow: 0 10px 40px rgba(0, 0, 0, .3); }
  .panel[hidden] { display: none; }
  .bar { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 6px 6px 6px 14px;
         background: ${color}; color: #fff; font: 600 16px/1.3 system-ui, -apple-system, "Segoe UI", sans-serif; }
  .bar h2 { margin: 0; font: inherit; }
  .close { min-width: 44px; min-height: 44px; border: 0; border-radius: 8px; background: transparent; color: #fff;
           font: 600 26px/1 system-ui, sans-serif; cursor: pointer; }
  .close:hover { background: rgba(255, 255, 255, .15); }
  iframe { flex: 1; width: 100%; border: 0; background: #fff; }
  @media (max-width: 600px) {
    .panel { inset: 0; width: 100%; height: 100%; max-width: none; max-height: none; border-radius: 0; }
    .panel { height: 100dvh; }
  }
</style>
<button class="open" type="button" aria-expanded="false" aria-controls="panel">
  <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor"
       stroke-width="2"><path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg>
  <span class="label"></span>
</button>
<div class="panel" id="panel" role="dialog" aria-modal="false" aria-labelledby="title" hidden>
  <div class="bar"><h2 id="title"></h2><button class="close" type="button">×</button></div>
</div>`;
  const open = root.querySelector(".open");
  const panel = root.querySelector(".panel");
  const close = root.querySelector(".close");
  root.querySelector(".label").textContent = labels.open;
  root.querySelector("#title").textContent = fill(labels.title);
  close.setAttribute("aria-label", labels.close);
  close.title = labels.close;

  let frame = null;
  const show = () => {
    if (!frame) { // made on first use: a visitor who never opens the chat loads nothing of it
      frame = document.createElement("iframe");
      frame.src = base + "?embed=widget";
      frame.title = fill(labels.frame);
      frame.setAttribute("allow", "clipboard-write");
      panel.appendChild(frame);
    }
    panel.hidden = false;
    open.setAttribute("aria-expanded", "true");
    close.focus();
  };
  const hide = () => {
    panel.hidden = true; // hidden, not removed: the conversation stays
    open.setAttribute("aria-expanded", "false");
    open.focus();
  };
  open.addEventListener("click", show);
  close.addEventListener("click", hide);
  panel.addEventListener("keydown", (e) => { if (e.key === "Escape") hide(); });

  const mount = () => document.body.appendChild(host);
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
