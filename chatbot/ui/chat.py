"""What the patient page's events and the two API endpoints do, over one shared Assistant.

Every handler turns an unexpected exception into a calm Dutch message (the log
keeps one line or the traceback, never the patient's text); none lets a
traceback reach the page. Every question passes the client's rate limit and the
model gate first, so a flood gets "even druk" replies instead of a queue of minutes.

Session state holds, per shown answer, only what its feedback may store: a
random id, the kind, the reason, the cited sections and, only when the practice
switched on storing questions or insights, the cleaned question scrubbed of
personal details. Never the raw question, never the whole Answer.
"""

from __future__ import annotations

import logging
import re
import uuid

import gradio as gr

from .. import insights, texts
from ..assistant import Assistant
from ..errors import ChatbotError
from ..feedback import FeedbackStore
from ..inputs import clean_question
from ..privacy import scrub
from ..records import Answer, Citation
from ..settings import Settings
from . import render
from .guard import Busy, ModelGate, NotReady, RateLimits, client_address, trusted_proxies

log = logging.getLogger(__name__)

# The largest top_k the search API accepts; larger values are clamped to it.
MAX_TOP_K = 20
# A question is cut to this many times max_question_chars before any per-character work.
RAW_QUESTION_FACTOR = 4
# Answers per session whose feedback is remembered (the oldest are forgotten first).
RATED_ANSWERS = 50
# Longest "Wat miste je?" note that is kept (characters).
MISSED_CHARS = 500


class ChatHandlers:
    """The patient page's events and the API; shared by all sessions of the process."""

    def __init__(self, assistant: Assistant, feedback: FeedbackStore, gate: ModelGate, limits: RateLimits,
                 settings: Settings | None = None):
        self.assistant = assistant
        self.feedback = feedback
        self.gate = gate
        self.limits = limits
        self.settings = settings or assistant.settings
        self._proxies = trusted_proxies(self.settings.trusted_proxy)

    # -- the chat ----------------------------------------------------------------

    def add_question(self, question: str, messages: list | None):
        """Show the typed question in the chat at once (as text, never mark-up) and empty the box."""
        question, messages = self._cut(question), render.chat_messages(messages)
        if not question.strip():
            return "", messages
        return "", messages + [{"role": "user", "content": render.user_bubble(question)}]

    def add_example(self, example: gr.SelectData, messages: list | None):
        value = example.value if isinstance(example.value, dict) else {}
        text = self._cut(str(value.get("text") or ""))
        return render.chat_messages(messages) + [{"role": "user", "content": render.user_bubble(text)}]

    def respond(self, messages: list | None, answers: dict | None, request: gr.Request):
        """Answer the last user message with the conversation before it as history."""
        messages = render.chat_messages(messages)
        answers = dict(answers or {})
        if not messages or messages[-1]["role"] != "user":
            return messages, answers
        question = self._cut(render.text_of(messages[-1]["content"]))
        answer, refusal = self._ask(question, render.plain_history(messages[:-1]), request)
        if answer is None:
            return messages + [{"role": "assistant", "content": refusal}], answers
        answers[str(len(messages))] = self._rated(answer)
        for old in list(answers)[:-RATED_ANSWERS]:
            del answers[old]
        return messages + [{"role": "assistant", "content": render.reply_markdown(answer)}], answers

    def on_like(self, data: gr.LikeData, answers: dict | None, request: gr.Request):
        """Store a thumbs up/down (or its withdrawal) and say so; a thumbs-down may ask "Wat miste je?".

        Returns the status line, the "Wat miste je?" group's visibility and the
        id of the answer that note would be about.
        """
        info = (answers or {}).get(str(_first_index(data.index)))
        hidden = gr.update(visible=False)
        if info is None:
            return "", hidden, ""
        if not self.limits.feedback(self._client(request), _session(request)):
            return _status(texts.UI_FEEDBACK_LIMITED), hidden, ""
        try:
            if data.liked is True or data.liked is False:
                verdict = "up" if data.liked else "down"
                self.feedback.record(info["id"], verdict, info["kind"], info["sections"], info["question"])
            else:  # the same thumb clicked again: no verdict any more
                self.feedback.withdraw(info["id"])
                return _status(texts.UI_FEEDBACK_WITHDRAWN), hidden, ""
        except Exception as exc:  # noqa: BLE001 - the patient hears it did not work; the chat goes on
            log.warning("storing feedback failed: %s", type(exc).__name__)
            return _status(texts.UI_FEEDBACK_FAILED), hidden, ""
        if verdict == "down" and info.get("question") and not info.get("insight_sent"):
            # Once per answer: another click on the same thumb adds no second insights row.
            info["insight_sent"] = insights.record(self.settings, info["question"], _light_answer(info), "down")
        if verdict == "up":
            return _status(texts.UI_THANKS), hidden, ""
        ask_more = gr.update(visible=self.settings.feedback_text)
        return _status(texts.UI_THANKS_DOWN), ask_more, info["id"] if self.settings.feedback_text else ""

    def send_missed(self, note: str, answer_id: str, request: gr.Request):
        """Store the "Wat miste je?" note (scrubbed) for the answer it is about; only when switched on."""
        hidden = gr.update(visible=False)
        if not self.settings.feedback_text or not answer_id or not (note or "").strip():
            return "", hidden, "", ""
        if not self.limits.feedback(self._client(request), _session(request)):
            return "", hidden, "", _status(texts.UI_FEEDBACK_LIMITED)
        text = scrub(clean_question(self._cut(note), MISSED_CHARS).text)
        try:
            stored = self.feedback.comment(answer_id, text)
        except Exception as exc:  # noqa: BLE001
            log.warning("storing a feedback note failed: %s", type(exc).__name__)
            stored = False
        return "", hidden, "", _status(texts.UI_MISSED_THANKS if stored else texts.UI_FEEDBACK_FAILED)

    # -- the API --------------------------------------------------------------------

    def api_ask(self, question: str, history: list | None = None, request: gr.Request = None) -> dict:
        """Answer a patient's question as the chat does: the JSON of `python -m chatbot ask --json`.

        history: earlier turns, oldest first, as {"role", "content"} dicts or plain strings (user turns).
        A limited or refused question gets the same JSON with kind "no_answer" and reason
        "rate_limited" or "busy" (or "error"), and the Dutch message as answer.
        """
        question = self._cut(question if isinstance(question, str) else "")
        turns = [self._cut(t) if isinstance(t, str) else t for t in list(history or [])[-render.HISTORY_MESSAGES:]] \
            if isinstance(history, list) else []
        answer, refusal = self._ask(question, render.plain_history(turns), request)
        if answer is None:
            reason = {texts.UI_RATE_LIMITED: "rate_limited", self._busy(): "busy"}.get(refusal, "error")
            cleaned = clean_question(question, self.settings.max_question_chars).text
            answer = Answer("no_answer", refusal, question=cleaned, reason=reason)
        return answer.to_json()

    def api_search(self, question: str, top_k: int = 10, request: gr.Request = None) -> list:
        """Matching knowledge-base sections, best first: the JSON of `python -m chatbot search --json`.

        top_k: a whole number; values outside 1-20 are clamped to it.
        """
        try:
            top_k = min(max(int(top_k), 1), MAX_TOP_K)
        except (TypeError, ValueError, OverflowError):
            log.info("api search refused: top_k is not a whole number")
            raise gr.Error(texts.UI_TOP_K.format(most=MAX_TOP_K, value=str(top_k)[:20])) from None
        if not self.limits.question(self._client(request)):
            raise gr.Error(_plain(texts.UI_RATE_LIMITED))
        try:
            with self.gate.slot():
                return [p.to_json() for p in self.assistant.search(self._cut(question), top_k=top_k)]
        except Busy:
            raise gr.Error(_plain(self._busy())) from None
        except NotReady:
            raise gr.Error(_plain(texts.UI_STARTING)) from None
        except ChatbotError as exc:
            log.info("api search refused: %s", type(exc).__name__)
            raise gr.Error(texts.UI_LOOKUP_ERROR) from None
        except Exception:
            log.exception("api search failed")
            raise gr.Error(texts.UI_LOOKUP_ERROR) from None

    # -- helpers ----------------------------------------------------------------------

    def _ask(self, question: str, history: list, request) -> tuple[Answer | None, str]:
        """The answer, or None and the Dutch reply when the client is limited, the app busy or it failed."""
        if not self.limits.question(self._client(request)):
            return None, texts.UI_RATE_LIMITED
        try:
            with self.gate.slot():
                return self.assistant.ask(question, history=history), ""
        except Busy:
            return None, self._busy()
        except NotReady:
            return None, texts.UI_STARTING
        except Exception as exc:  # noqa: BLE001 - the log has the traceback, the patient a calm message
            log.error("answering a question failed: %s", type(exc).__name__, exc_info=exc)
            return None, texts.UI_ERROR.format(practice=self.settings.practice_name)

    def _rated(self, answer: Answer) -> dict:
        keep_question = self.settings.store_question_text or self.settings.insights
        return {
            "id": uuid.uuid4().hex,
            "kind": answer.kind,
            "reason": answer.reason,
            "sections": [c.section for c in answer.citations],
            "docs": [c.doc for c in answer.citations],
            "question": scrub(answer.question) if keep_question else None,
        }

    def _cut(self, text) -> str:
        """At most RAW_QUESTION_FACTOR × max_question_chars characters, before anything looks at them."""
        return (text if isinstance(text, str) else "")[: self.settings.max_question_chars * RAW_QUESTION_FACTOR]

    def _client(self, request) -> str:
        if request is None:
            return "local"
        peer = request.client.host if getattr(request, "client", None) else None
        return client_address(peer, request.headers.get("x-forwarded-for"), self._proxies)

    def _busy(self) -> str:
        return texts.UI_BUSY.format(practice=self.settings.practice_name)


def _light_answer(info: dict) -> Answer:
    """Enough of an Answer for `insights.record`: kind, reason and the cited sections."""
    citations = tuple(Citation(n, doc, section, "", "", ())
                      for n, (doc, section) in enumerate(zip(info["docs"], info["sections"], strict=True), 1))
    return Answer(info["kind"], "", citations, reason=info["reason"])


def _status(text: str) -> str:
    return f'<p class="feedback-status">{text}</p>'


def _plain(markdown: str) -> str:
    """A message without Markdown links, for gr.Error (shown as text)."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)


def _session(request) -> str:
    return getattr(request, "session_hash", None) or "none"


def _first_index(index):
    if isinstance(index, (list, tuple)):
        return index[0] if index else None
    return index
