"""The Gradio app: a patient chat, a front-desk lookup and two API endpoints over one Assistant.

`build_app(assistant)` makes the Blocks; `main()` loads the model and index,
builds the app and serves it (what `python app.py` runs). Every request of the
process shares the one Assistant; model work runs in one concurrency group
limited to `settings.concurrency`, so two cores are never oversubscribed and a
request waits at most for the answers ahead of it.

The API endpoints `ask` and `search` return the same JSON as
`python -m chatbot ask --json` / `search --json` (docs/app.md).
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import sys
import time
import uuid
from pathlib import Path

# Before gradio is imported: no usage statistics leave the practice's server.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from . import insights, texts  # noqa: E402
from .assistant import Assistant  # noqa: E402
from .errors import ChatbotError  # noqa: E402
from .feedback import FeedbackStore  # noqa: E402
from .followup import message_text  # noqa: E402
from .records import Answer  # noqa: E402
from .settings import Settings  # noqa: E402

log = logging.getLogger(__name__)

# Sections shown in the Opzoeken tab (best first).
LOOKUP_HITS = 5
# Events that run the model share this group, limited by `Blocks.queue(default_concurrency_limit=…)`.
MODEL_GROUP = "assistant"

THEME = gr.themes.Default(
    primary_hue="teal",
    secondary_hue="slate",
    neutral_hue="slate",
    radius_size="md",
    # Fonts that Gradio serves itself: no request to a font service with the patient's address.
    font=(gr.themes.LocalFont("Source Sans Pro", weights=(400, 600, 700)), "ui-sans-serif", "system-ui", "sans-serif"),
    font_mono=(gr.themes.LocalFont("IBM Plex Mono"), "ui-monospace", "monospace"),
)

CSS = """
.gradio-container { max-width: 880px !important; margin: 0 auto !important; }
#intro h1 { margin-bottom: .25rem; }
#intro p { font-size: 1.02rem; line-height: 1.5; }
#emergency { border-left: 4px solid #b91c1c; background: rgba(220, 38, 38, .08); padding: .6rem .9rem;
             border-radius: 6px; }
#emergency p { margin: 0; }
#privacy p { font-size: .9rem; color: var(--body-text-color-subdued); margin: 0; }
.urgent-reply { border: 2px solid #b91c1c; border-left-width: 6px; background: rgba(220, 38, 38, .08);
                padding: .5rem .9rem; border-radius: 8px; }
.urgent-reply strong { color: #991b1b; }
.dark .urgent-reply strong { color: #fca5a5; }
.urgent-label { display: inline-block; font-weight: 700; color: #fff; background: #b91c1c;
                border-radius: 4px; padding: 0 .45rem; margin-bottom: .25rem; font-size: .85rem; }
#chat .thought-group .title { font-size: var(--text-md); }
#chat .thought-group .title .md p { font-weight: 700; }
#chat .thought-group .title .duration { font-weight: 400; }
#chat .thought-group .content * { font-size: var(--text-md) !important; }
#chat .thought-group .message-content { opacity: 1; }
#chat .thought-group blockquote { margin: .4rem 0 .9rem; }
#chat .message-wrap .prose.chatbot.md { opacity: 1; }  /* full contrast, Gradio dims to 0.8 */
.lookup-hit label span { font-weight: 700; color: var(--body-text-color); }
@media (max-width: 600px) {
  #intro h1 { font-size: 1.4rem; }
  #chat { height: 70vh !important; }
  #chat .message-row.bubble { margin-left: 4px !important; margin-right: 4px !important;
                              max-width: calc(100% - 8px) !important; }
}
"""


class Handlers:
    """What the app's events do, kept out of `build_app` so that each can be tested on its own.

    Every handler turns an unexpected exception into a calm Dutch message (the log
    keeps the traceback); none lets a traceback reach the page.
    """

    def __init__(self, assistant: Assistant, feedback: FeedbackStore):
        self.assistant = assistant
        self.feedback = feedback
        self.settings = assistant.settings

    # -- patient chat ---------------------------------------------------------

    def add_question(self, question: str, messages: list[dict]):
        """Show the typed question in the chat at once and empty the text box."""
        if not (question or "").strip():
            return "", messages
        # Shown as typed: mark-up in a question is text, never HTML (the assistant reads it unescaped).
        return "", list(messages or []) + [{"role": "user", "content": html.escape(question, quote=False)}]

    def add_example(self, example: gr.SelectData, messages: list[dict]):
        return list(messages or []) + [{"role": "user", "content": example.value["text"]}]

    def respond(self, messages: list[dict], answers: dict):
        """Answer the last user message with the conversation before it as history.

        `answers` maps the chat index of each reply to what its feedback may store
        (a random id, the kind, the cited sections, the question only when allowed).
        """
        messages = list(messages or [])
        if not messages or messages[-1].get("role") != "user":
            return messages, answers
        question = _text_of(messages[-1].get("content"))
        try:
            answer = self.assistant.ask(question, history=_plain_history(messages[:-1]))
            reply = _reply_messages(answer)
        except Exception:
            log.exception("answering a chat question failed")
            return messages + [{"role": "assistant", "content": self._error()}], answers
        answers = dict(answers or {})
        answers[len(messages)] = {
            "id": uuid.uuid4().hex,
            "kind": answer.kind,
            "sections": [c.section for c in answer.citations],
            "question": question if self.settings.store_question_text else None,
            # Only for insights (off by default), which scrub the question before storing it.
            "insight": (question, answer) if self.settings.insights else None,
        }
        return messages + reply, answers

    def on_like(self, data: gr.LikeData, answers: dict) -> None:
        """Store a thumbs up/down (or its withdrawal) for the reply it was given on."""
        info = (answers or {}).get(_first_index(data.index))
        if info is None:
            return
        try:
            if data.liked is True or data.liked is False:
                self.feedback.record(info["id"], "up" if data.liked else "down", info["kind"], info["sections"],
                                     info["question"])
            else:  # the same thumb clicked again: no verdict any more
                self.feedback.withdraw(info["id"])
            if data.liked is False and info.get("insight"):
                insights.record(self.settings, *info["insight"], "down")
        except Exception:  # feedback is best-effort; the conversation goes on
            log.exception("storing feedback failed")

    # -- front desk -----------------------------------------------------------

    def lookup(self, query: str) -> list:
        """A status line, then one text box per hit (best first); unused boxes are hidden."""
        hits: list = []
        if not (query or "").strip():
            status = texts.UI_LOOKUP_EMPTY
        else:
            try:
                hits = self.assistant.search(query, top_k=LOOKUP_HITS)
                status = texts.UI_LOOKUP_COUNT.format(n=len(hits)) if hits else texts.UI_LOOKUP_NONE
            except Exception:
                log.exception("lookup failed")
                status = texts.UI_LOOKUP_ERROR
        boxes = []
        for rank, p in enumerate(hits[:LOOKUP_HITS], 1):
            label = texts.UI_LOOKUP_HIT.format(rank=rank, section=p.chunk.section, score=_score(p.score))
            boxes.append(gr.Textbox(value=p.chunk.text, label=label, visible=True))
        boxes += [gr.Textbox(value="", label="", visible=False) for _ in range(LOOKUP_HITS - len(boxes))]
        return [status, *boxes]

    # -- API ------------------------------------------------------------------

    def api_ask(self, question: str, history: list | None = None) -> dict:
        """Answer a patient's question as the chat does: the JSON of `python -m chatbot ask --json`.

        history: earlier turns, oldest first, as {"role", "content"} dicts or plain strings (user turns).
        """
        try:
            answer = self.assistant.ask(question, history=_plain_history(history or []))
        except ChatbotError as exc:
            raise gr.Error(str(exc)) from None
        except Exception:
            log.exception("api ask failed")
            raise gr.Error(self._error()) from None
        result = answer.to_json()
        result["question"] = result["question"] or question
        return result

    def api_search(self, question: str, top_k: int = 10) -> list:
        """Matching knowledge-base sections, best first: the JSON of `python -m chatbot search --json`."""
        try:
            return [p.to_json() for p in self.assistant.search(question, top_k=int(top_k))]
        except ChatbotError as exc:
            raise gr.Error(str(exc)) from None
        except Exception:
            log.exception("api search failed")
            raise gr.Error(texts.UI_LOOKUP_ERROR) from None

    def _error(self) -> str:
        return texts.UI_ERROR.format(practice=self.settings.practice_name)


def build_app(assistant: Assistant, feedback: FeedbackStore | None = None) -> gr.Blocks:
    """The whole app over one shared `assistant`; feedback goes to `data_dir` unless another store is given."""
    settings = assistant.settings
    practice = settings.practice_name
    h = Handlers(assistant, feedback or FeedbackStore.from_settings(settings))

    with gr.Blocks(title=texts.UI_PAGE_TITLE.format(practice=practice), analytics_enabled=False) as app:
        gr.Markdown(f"# {texts.UI_TITLE}\n\n{texts.UI_INTRO.format(practice=practice)}", elem_id="intro")
        gr.Markdown(texts.UI_EMERGENCY, elem_id="emergency")
        with gr.Tabs():
            with gr.Tab(texts.UI_TAB_CHAT, id="chat-tab"):
                answers = gr.State({})
                chatbot = gr.Chatbot(
                    label=texts.UI_CHAT_LABEL,
                    show_label=False,
                    elem_id="chat",
                    height="58vh",
                    min_height=320,
                    layout="bubble",
                    buttons=["copy"],
                    feedback_options=("Like", "Dislike"),
                    placeholder=texts.UI_CHAT_EMPTY,
                    examples=[{"text": q} for q in texts.UI_EXAMPLES],
                    sanitize_html=True,
                    autoscroll=True,
                )
                question = gr.Textbox(
                    label=texts.UI_QUESTION_LABEL,
                    placeholder=texts.UI_QUESTION_PLACEHOLDER,
                    elem_id="question",
                    lines=1,
                    max_lines=5,
                    submit_btn=texts.UI_SEND,
                    autofocus=False,
                )
                gr.Markdown(texts.UI_PRIVACY, elem_id="privacy")

            with gr.Tab(texts.UI_TAB_LOOKUP, id="lookup-tab"):
                gr.Markdown(texts.UI_LOOKUP_INTRO)
                query = gr.Textbox(label=texts.UI_LOOKUP_LABEL, placeholder=texts.UI_LOOKUP_PLACEHOLDER,
                                   elem_id="lookup-query", submit_btn=texts.UI_LOOKUP_BUTTON)
                status = gr.Markdown(elem_id="lookup-status")
                hits = [gr.Textbox(visible=False, interactive=False, lines=3, max_lines=40, buttons=["copy"],
                                   elem_classes="lookup-hit") for _ in range(LOOKUP_HITS)]

        # The page's own events stay out of the API; `ask` and `search` are the API.
        private = {"api_visibility": "private"}
        model = {"concurrency_id": MODEL_GROUP, "show_progress": "minimal", **private}
        question.submit(h.add_question, [question, chatbot], [question, chatbot], queue=False, **private).then(
            h.respond, [chatbot, answers], [chatbot, answers], **model)
        chatbot.example_select(h.add_example, [chatbot], [chatbot], queue=False, **private).then(
            h.respond, [chatbot, answers], [chatbot, answers], **model)
        chatbot.like(h.on_like, [answers], None, queue=False, **private)
        chatbot.clear(lambda: {}, None, [answers], queue=False, **private)
        query.submit(h.lookup, [query], [status, *hits], **model)

        gr.api(h.api_ask, api_name="ask", concurrency_id=MODEL_GROUP)
        gr.api(h.api_search, api_name="search", concurrency_id=MODEL_GROUP)
    return app


I18N = gr.I18n(nl=texts.UI_GRADIO_NL)

# Gradio writes some screen-reader labels and tooltips in English whatever the locale ("bot's message: …"
# with the raw Markdown, "Copy", "Select example 1: …"). This rewrites them in Dutch, without mark-up.
HEAD = """<style>
/* Outside the app's own container, where css= rules inside @media do not reach. */
@media (max-width: 600px) { .gradio-container .main.app { padding-left: 8px; padding-right: 8px; } }
</style>
<script>
(() => {
  const NL = %s;
  const ATTRS = ["aria-label", "title"];
  const fix = (el, attr) => {
    const v = el.getAttribute(attr);
    if (!v) return;
    for (const [en, nl] of NL) {
      if (v === en || v.startsWith(en + ":") || v.startsWith(en + " ")) {
        const rest = v.slice(en.length).replace(/<[^>]*>/g, " ").replace(/[*_>#]+/g, "").replace(/\\s+/g, " ");
        el.setAttribute(attr, nl + rest);
        return;
      }
    }
  };
  const scan = (node) => {
    if (node.nodeType !== 1) return;
    for (const attr of ATTRS) {
      if (node.hasAttribute(attr)) fix(node, attr);
      node.querySelectorAll("[" + attr + "]").forEach((el) => fix(el, attr));
    }
  };
  new MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === "attributes") fix(c.target, c.attributeName);
      else c.addedNodes.forEach(scan);
    }
  }).observe(document.documentElement, {subtree: true, childList: true, attributes: true, attributeFilter: ATTRS});
})();
</script>""" % json.dumps(list(texts.UI_ARIA_NL.items()), ensure_ascii=False)


def launch(app: gr.Blocks, settings: Settings, **kwargs):
    """Queue and serve `app` on the configured host and port (blocks unless prevent_thread_lock=True)."""
    app.queue(default_concurrency_limit=settings.concurrency)
    return app.launch(
        server_name=settings.host,
        server_port=settings.port,
        theme=THEME,
        css=CSS,
        i18n=I18N,
        head=HEAD,
        footer_links=["api"],
        show_error=False,
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        enable_monitoring=False,
        **kwargs,
    )


def embed_snippet(url: str) -> str:
    """HTML that puts the chat on the practice's website as Gradio's web component `<gradio-app>`.

    The component's script is loaded from the app itself rather than from Gradio's
    CDN, so the visitor's browser talks to no one but the practice. Its file name
    changes with each Gradio release: regenerate the snippet after upgrading.
    """
    url = url.rstrip("/") + "/"
    return (f'<script type="module" src="{url}{_web_component_script()}"></script>\n'
            f'<gradio-app src="{url}"></gradio-app>')


def _web_component_script() -> str:
    loader = Path(gr.__file__).parent / "templates" / "frontend" / "gradio.js"
    found = re.search(r"""import\(["'`]\./(assets/[^"'`]+\.js)["'`]\)""", loader.read_text(encoding="utf-8"))
    if not found:
        raise ChatbotError(f"cannot find the web component's script in {loader} (Gradio {gr.__version__})")
    return found.group(1)


def main() -> int:
    """`python app.py`: load model and index (first start: fetch and build, with progress), then serve."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        assistant = Assistant(settings)
        started = time.perf_counter()
        log.info("loading model and index (the first start fetches the model and builds the index)")
        assistant.warm_up()
        log.info("model and index ready in %.1f s", time.perf_counter() - started)
        app = build_app(assistant)
    except ChatbotError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    try:
        launch(app, settings)
    except OSError as exc:  # e.g. the port is taken
        print(f"Fout: de app kan niet starten op {settings.host}:{settings.port} ({exc}). "
              "Kies zo nodig een andere poort met CHATBOT_PORT.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


# -- rendering ------------------------------------------------------------------


def _reply_messages(answer: Answer) -> list[dict]:
    """The chat messages for one answer: the text, then (for quoted answers) a collapsed Bronnen block."""
    if answer.kind == "urgent":
        # A marked-up block so that the reply stands out and screen readers announce it at once.
        body = (f'<div class="urgent-reply" role="alert">\n\n<span class="urgent-label">{texts.UI_URGENT_LABEL}'
                f"</span>\n\n{answer.answer}\n\n</div>")
        return [{"role": "assistant", "content": body}]
    if not answer.citations:
        return [{"role": "assistant", "content": answer.answer}]
    sources = "\n\n".join(
        f"{texts.UI_SOURCE_ITEM.format(n=c.n, section=c.section)}\n\n{_blockquote(c.text)}" for c in answer.citations
    )
    return [
        {"role": "assistant", "content": _without_sources_list(answer.answer)},
        {"role": "assistant", "content": sources,
         "metadata": {"title": texts.UI_SOURCES_TITLE, "status": "done",
                      "log": _count(len(answer.citations))}},
    ]


def _count(n: int) -> str:
    return texts.UI_SOURCES_COUNT_ONE if n == 1 else texts.UI_SOURCES_COUNT.format(n=n)


def _without_sources_list(markdown: str) -> str:
    """The answer without its "**Bronnen**" paragraph: the chat shows the sources in their own block."""
    paragraphs = markdown.split("\n\n")
    return "\n\n".join(p for p in paragraphs if not p.startswith(texts.SOURCES_HEADING))


def _blockquote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def _score(score: float) -> str:
    return f"{score:.2f}".replace(".", ",")


# -- conversation ---------------------------------------------------------------


def _text_of(content) -> str:
    """A message's text as typed: the chat shows questions HTML-escaped, so undo that here."""
    return html.unescape(message_text(content))


def _plain_history(messages) -> list:
    """Earlier turns as {"role", "content": str} dicts (strings pass through); source blocks are left out."""
    turns = []
    for m in messages or ():
        if isinstance(m, str):
            turns.append(m)
        elif isinstance(m, dict) and not (m.get("metadata") or {}).get("title"):
            text = _text_of(m.get("content"))
            if text:
                turns.append({"role": m.get("role", "user"), "content": text})
    return turns


def _first_index(index) -> int | None:
    if isinstance(index, (list, tuple)):
        return index[0] if index else None
    return index
