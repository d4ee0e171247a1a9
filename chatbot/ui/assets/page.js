// The pages' own script, loaded first in <head> (chatbot/server.py puts it there), before Gradio's.
// - Dutch whatever the browser prefers: Gradio picks its interface language from navigator.language.
// - Labels and texts that Gradio writes in English whatever the language become Dutch (texts.py).
// - After an answer, the chat shows the question and the START of the answer, not its end.
// - Live regions, "embedded" mode for the widget, copy buttons on the front desk.
// The server fills in __TEXTS__ from chatbot/texts.py.
(() => {
  "use strict";
  const T = __TEXTS__;

  // -- Dutch, also for Gradio's own strings ---------------------------------------------------
  try {
    Object.defineProperty(Navigator.prototype, "language", { get: () => "nl-NL", configurable: true });
    Object.defineProperty(Navigator.prototype, "languages", { get: () => ["nl-NL", "nl"], configurable: true });
  } catch (e) { /* an old browser: Gradio's own choice then */ }
  document.documentElement.lang = "nl";
  const params = new URLSearchParams(location.search);
  if (params.get("embed") === "widget") document.documentElement.classList.add("embedded");

  const NL = T.NL; // [[english, dutch], …], longest first so that "Copy message" wins over "Copy"
  NL.sort((a, b) => b[0].length - a[0].length);
  const EXACT = new Map(NL);
  const ATTRS = ["aria-label", "title", "placeholder", "alt"];
  const QUEUE = /^\s*queue:\s*(\d+)\s*\/\s*(\d+)/i;
  const CONNECTION_LOST = "Connection to the server was lost. Attempting reconnection...";

  const dutchAttr = (value) => {
    if (EXACT.has(value)) return EXACT.get(value);
    for (const [en, nl] of NL) {
      if (value.startsWith(en + ":") || value.startsWith(en + " ")) {
        // "bot's message: **Bronnen** …" → the Dutch start, the rest without mark-up
        const rest = decode(value.slice(en.length)).replace(/<[^>]*>/g, " ").replace(/[*_>#`]+/g, "")
          .replace(/\s+/g, " ");
        return nl + rest;
      }
    }
    return null;
  };
  // The user's bubble is entity-encoded text (render.user_bubble): read it as the characters it shows.
  const decode = (s) => s.replace(/&#(\d+);/g, (m, n) => String.fromCodePoint(Number(n)))
    .replace(/&(amp|lt|gt|quot);/g, (m, e) => ({ amp: "&", lt: "<", gt: ">", quot: '"' })[e]);
  const fixAttr = (el, attr) => {
    const value = el.getAttribute(attr);
    if (!value) return;
    const nl = dutchAttr(value);
    if (nl !== null && nl !== value) el.setAttribute(attr, nl);
  };
  const fixText = (node) => {
    const value = node.nodeValue;
    if (!value || !value.trim()) return;
    const key = value.trim();
    let nl = EXACT.get(key);
    if (nl === undefined) {
      const queued = QUEUE.exec(key);
      if (!queued) return;
      nl = `In de wachtrij: ${queued[1]} van ${queued[2]}`;
    }
    node.nodeValue = value.replace(key, nl);
    if (key === CONNECTION_LOST && node.parentElement && !node.parentElement.querySelector(".call-112")) {
      const call = document.createElement("span");
      call.className = "call-112";
      call.innerHTML = " " + T.CALL_112; // our own constant from texts.py, never user text
      node.parentElement.appendChild(call);
    }
  };
  const scan = (root) => {
    if (root.nodeType === Node.TEXT_NODE) { fixText(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    for (const attr of ATTRS) {
      if (root.hasAttribute(attr)) fixAttr(root, attr);
      root.querySelectorAll("[" + attr + "]").forEach((el) => fixAttr(el, attr));
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) fixText(n);
    tidy(root);
  };

  // -- accessibility fixes on Gradio's markup ------------------------------------------------
  const tidy = (root) => {
    if (!root.querySelectorAll) return;
    // The feedback line is announced when it changes.
    const status = document.getElementById("feedback-status");
    if (status && !status.hasAttribute("aria-live")) {
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
    }
    // Links in answers that leave the app open in a new tab; tel: links stay.
    root.querySelectorAll("#chat a[href^='tel:']").forEach((a) => a.removeAttribute("target"));
  };

  // -- the answer's start in view ------------------------------------------------------------
  let bots = 0;
  const showAnswerStart = () => {
    const chat = document.getElementById("chat");
    if (!chat) return;
    const replies = chat.querySelectorAll('[data-testid="bot"]');
    if (replies.length > bots) {
      const asked = chat.querySelectorAll('[data-testid="user"]');
      const question = asked[asked.length - 1];
      const log = chat.querySelector("[role=log]") || chat;
      const target = (question && question.closest(".message-row")) || replies[replies.length - 1];
      if (target && log) {
        const top = target.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop - 8;
        log.scrollTop = Math.max(0, top);
      }
    }
    bots = replies.length;
  };

  let pending = false;
  const observer = new MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === "attributes") fixAttr(c.target, c.attributeName);
      else if (c.type === "characterData") fixText(c.target);
      else c.addedNodes.forEach(scan);
    }
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => { pending = false; showAnswerStart(); });
    }
  });
  observer.observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS,
  });

  // -- front desk: copy a section with its heading --------------------------------------------
  document.addEventListener("click", async (event) => {
    const button = event.target.closest && event.target.closest("button.copy-section");
    if (!button) return;
    const hit = button.closest(".lookup-hit");
    if (!hit) return;
    const title = hit.querySelector(".hit-title");
    const paragraphs = [...hit.querySelectorAll(".hit-text p")].map((p) => p.textContent.trim());
    const text = [title ? title.textContent.trim() : "", ...paragraphs].filter(Boolean).join("\n\n");
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch (e) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { copied = document.execCommand("copy"); } catch (e2) { copied = false; }
      area.remove();
    }
    if (copied) {
      const label = button.textContent;
      button.textContent = T.COPIED;
      button.classList.add("copied");
      setTimeout(() => { button.textContent = label; button.classList.remove("copied"); }, 2000);
    }
  });
})();
