"""The one API that the CLI, the app and the tests use: `search` and `ask`.

An `Assistant` owns one model, one index and one retriever, loaded on first
use (or by `warm_up`) and shared by every request of the process. Nothing is
loaded at import time.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
import time

from . import insights, texts
from .compose import compose
from .embedding import Embedder
from .followup import retrieval_query, user_turns
from .errors import IndexProblem
from .index import SearchIndex, current_build, open_index
from .inputs import clean_question
from .language import DUTCH, detect_language
from .logs import log_answer
from .records import Answer, Passage
from .retrieval import Retriever
from .safety import SUICIDE_PROTOTYPES, is_practice_question, semantic_triage, triage
from .settings import Settings

log = logging.getLogger(__name__)


class Assistant:
    """Model + index + retrieval + composition for one knowledge base."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings.from_env()
        self._lock = threading.RLock()
        self._embedder: Embedder | None = None
        self._retriever: Retriever | None = None
        self._checked_at = time.monotonic()

    # -- loading --------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = Embedder(self.settings)
        return self._embedder

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            with self._lock:
                if self._retriever is None:
                    self._retriever = Retriever(open_index(self.settings, self.embedder))
        return self._retriever

    @property
    def index(self) -> SearchIndex:
        return self.retriever.index

    @functools.cached_property
    def _suicide_prototypes(self):
        """Vectors of safety.SUICIDE_PROTOTYPES (a few short encodes, once per process)."""
        return self.embedder.encode_queries(list(SUICIDE_PROTOTYPES))

    def warm_up(self) -> "Assistant":
        """Load model and index now (fetching and building when needed) instead of on the first question."""
        self.retriever  # noqa: B018 - loading is the point
        self._suicide_prototypes  # noqa: B018 - also the first forward pass, which initialises kernels
        # Language profiles (~0.5 s) and the safety regexes load on first use: not on a patient's time.
        detect_language("Does the psoas muscle affect breathing and posture?")
        triage("warming up")
        return self

    def _fresh_retriever(self) -> Retriever:
        """The retriever, switched to a newer build when `index build` ran since it was loaded.

        Checks the CURRENT pointer at most every RELOAD_CHECK_SECONDS, so a
        practice that edits kb/ and runs `python -m chatbot index build` sees the
        change without restarting the app. A new build that cannot be read or was
        made with another model is ignored (with a log line); the old one keeps serving.
        """
        retriever = self.retriever
        now = time.monotonic()
        if now - self._checked_at < RELOAD_CHECK_SECONDS:
            return retriever
        self._checked_at = now
        folder = current_build(self.settings.index_dir)
        if folder is None or folder == retriever.index.folder:
            return retriever
        try:
            index = SearchIndex.load(folder)
        except IndexProblem as problem:
            log.warning("new index build not used: %s", problem)
            return retriever
        manifest, embedder = index.manifest, self.embedder
        if (manifest.get("model"), manifest.get("weights"), manifest.get("dtype")) != (
                embedder.model_id, embedder.fingerprint, embedder.dtype):
            log.warning("new index build %s was made with another model; keeping %s", folder.name,
                        retriever.index.version)
            return retriever
        with self._lock:
            self._retriever = Retriever(index)
        log.info("switched to index build %s", folder.name)
        return self._retriever

    # -- questions ------------------------------------------------------------

    def search(self, question: str, top_k: int | None = None, method: str = "hybrid") -> list[Passage]:
        """Ranked sections for a question, best first (no composition, no safety routing)."""
        top_k = self.settings.top_k if top_k is None else top_k
        retriever = self._fresh_retriever()
        # The same hygiene as ask: no control characters or lone surrogates reach the tokenizer,
        # and a pasted 100 KB text costs what its first max_question_chars cost.
        question = clean_question(question, self.settings.max_question_chars).text
        qvec = self.embedder.encode_queries([question])[0]
        return retriever.search(qvec, question, top_k=top_k, method=method)

    def ask(self, question: str, history=(), method: str = "hybrid") -> Answer:
        """Answer a patient's question: urgent route, practice route, no-answer, or quoted answer.

        `history` holds earlier turns (strings, or {"role", "content"} dicts as
        Gradio sends them); a short follow-up is resolved against them for retrieval.
        Never raises for any input text.
        """
        started = time.perf_counter()
        timings: dict[str, float] = {}
        clean = clean_question(question, self.settings.max_question_chars)
        notes = [texts.TRUNCATED_NOTE.format(limit=self.settings.max_question_chars)] if clean.truncated else []
        if clean.empty:
            return self._finish(Answer("no_answer", texts.EMPTY_QUESTION, reason="empty"), started, timings, clean.text)

        t = time.perf_counter()
        language = detect_language(clean.text)
        timings["language"] = _ms(t)
        if language != DUTCH:
            notes.insert(0, texts.OTHER_LANGUAGE_NOTE)

        t = time.perf_counter()
        urgent = triage(clean.text)
        practice = urgent is None and is_practice_question(clean.text)
        timings["safety"] = _ms(t)
        if urgent is not None:
            return self._finish(Answer("urgent", _urgent_text(urgent.message, language), language=language,
                                       reason=urgent.category), started, timings, clean.text)
        if practice:
            body = texts.PRACTICE_QUESTION.format(practice=self.settings.practice_name, contact=self._contact())
            return self._finish(Answer("no_answer", _join(notes, body), language=language, reason="practice"),
                                started, timings, clean.text)

        retriever = self._fresh_retriever()
        query = retrieval_query(clean.text, user_turns(history))
        t = time.perf_counter()
        qvec = self.embedder.encode_queries([query])[0]
        timings["embed"] = _ms(t)
        if query == clean.text:  # a follow-up's vector carries the previous turn too
            urgent = semantic_triage(float((self._suicide_prototypes @ qvec).max()))
            if urgent is not None:
                return self._finish(Answer("urgent", _urgent_text(urgent.message, language), language=language,
                                           reason=urgent.category), started, timings, clean.text)
        t = time.perf_counter()
        passages = retriever.search(qvec, query, top_k=self.settings.top_k, method=method)
        timings["search"] = _ms(t)
        if not passages or passages[0].score < self.min_relevance:
            body = texts.NO_ANSWER.format(practice=self.settings.practice_name, contact=self._contact())
            return self._finish(Answer("no_answer", _join(notes, body), passages=tuple(passages),
                                       language=language, reason="not_in_kb"), started, timings, clean.text)
        t = time.perf_counter()
        body, citations = compose(retriever.index, qvec, passages, self.settings.practice_name,
                                  self.settings.booking_url)
        timings["compose"] = _ms(t)
        if not citations:
            body = texts.NO_ANSWER.format(practice=self.settings.practice_name, contact=self._contact())
            return self._finish(Answer("no_answer", _join(notes, body), passages=tuple(passages),
                                       language=language, reason="nothing_to_quote"), started, timings, clean.text)
        return self._finish(Answer("answer", _join(notes, body), citations, tuple(passages), language),
                            started, timings, clean.text)

    @property
    def min_relevance(self) -> float:
        return self.settings.min_relevance or MIN_RELEVANCE

    def _contact(self) -> str:
        s = self.settings
        parts = [tmpl.format(**kw) for tmpl, kw, value in (
            (texts.CONTACT_PHONE, {"phone": s.practice_phone}, s.practice_phone),
            (texts.CONTACT_EMAIL, {"email": s.practice_email}, s.practice_email),
            (texts.CONTACT_BOOKING, {"url": s.booking_url}, s.booking_url),
            (texts.CONTACT_HOURS, {"url": s.hours_url}, s.hours_url),
        ) if value]
        return "\n\n" + "\n".join(f"- {p}" for p in parts) if parts else ""

    def _finish(self, answer: Answer, started: float, timings: dict, question: str) -> Answer:
        """Stamp the timings, write the request log line and (when switched on) the insights row."""
        timings["total"] = _ms(started)
        answer = dataclasses.replace(answer, question=question, timings_ms=timings)
        version = self._retriever.index.version if self._retriever is not None else None
        log_answer(self.settings, answer, version)
        insights.record(self.settings, question, answer)
        return answer


# How often (seconds) ask/search look for a newer index build.
RELOAD_CHECK_SECONDS = 2.0

# Below this hybrid score the best section is taken not to answer the question
# (calibrated on the dev set's in-scope vs out-of-scope scores: docs/quality.md).
MIN_RELEVANCE = 0.41


def _urgent_text(message: str, language: str) -> str:
    """The urgent reply; for a question in another language one short English line follows it.

    The Dutch advice stays first: nothing may come before it.
    """
    return message if language == DUTCH else f"{message}\n\n{texts.URGENT_OTHER_LANGUAGE}"


def _join(notes: list[str], body: str) -> str:
    return "\n\n".join([*notes, body])


_default: Assistant | None = None
_default_lock = threading.Lock()


def default_assistant() -> Assistant:
    """The process-wide assistant built from `Settings.from_env()`."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Assistant()
    return _default


def search(question: str, top_k: int | None = None) -> list[Passage]:
    """Ranked passages for `question` from the default assistant."""
    return default_assistant().search(question, top_k)


def ask(question: str, history=()) -> Answer:
    """Answer `question` with the default assistant (see Assistant.ask)."""
    return default_assistant().ask(question, history)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000
