"""The one API that the CLI, the app and the tests use: `search` and `ask`.

An `Assistant` owns one model, one index, one route classifier and one rule
book, loaded on first use (or by `warm_up`) and shared by every request of the
process. Nothing is loaded at import time. A model can be handed in
(`Assistant(settings, embedder=…)`), so tests and tools share one.

`ask` runs: clean → language → one batched forward pass (the retrieval query,
the message, its clauses and, for a follow-up, the previous turn) → retrieval →
router → reply (urgent advice, practice contact, small talk, "not in our
information", or quoted sentences with an optional alarm note).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
import time

from . import insights, texts
from .clauses import clauses
from .compose import compose
from .coverage import Coverage
from .embedding import Embedder
from .errors import BadRequest, IndexProblem
from .followup import cited_sections, is_followup, user_turns
from .index import SearchIndex, current_build, expected_state, open_index, stale_reasons
from .inputs import clean_question
from .language import DUTCH, detect_language
from .logs import log_answer
from .records import Answer, Passage, Route
from .retrieval import METHODS, Query, Retriever
from .router import Router, Signals
from .safety.classifier import RouteClassifier, load_or_train
from .safety.rules import RuleBook, rulebook
from .settings import Settings

log = logging.getLogger(__name__)

# How often (seconds) ask/search look for a newer index build.
RELOAD_CHECK_SECONDS = 2.0
# Earlier user turns whose urgent rules still count for a follow-up.
HISTORY_TURNS = 2


@dataclasses.dataclass(frozen=True)
class _Loaded:
    """What one index build brings: its retriever and its word coverage (swapped together)."""

    retriever: Retriever
    coverage: Coverage


class Assistant:
    """Model + index + router + composition for one knowledge base."""

    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None):
        self.settings = settings or Settings.from_env()
        self._lock = threading.RLock()
        self._embedder = embedder
        self._loaded: _Loaded | None = None
        self._classifier: RouteClassifier | None = None
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
    def rules(self) -> RuleBook:
        return rulebook()

    @property
    def classifier(self) -> RouteClassifier:
        if self._classifier is None:
            with self._lock:
                if self._classifier is None:
                    self._classifier = load_or_train(self.settings.model_cache, self.embedder,
                                                     set(self.rules.categories), show_progress=True)
        return self._classifier

    @property
    def _current(self) -> _Loaded:
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = _load(open_index(self.settings, self.embedder))
        return self._loaded

    @property
    def retriever(self) -> Retriever:
        return self._current.retriever

    @property
    def index(self) -> SearchIndex:
        return self.retriever.index

    @functools.cached_property
    def router(self) -> Router:
        return Router(self.rules)

    def warm_up(self) -> Assistant:
        """Load model, index, classifier and rules now (fetching, building, training when needed).

        Also sets numpy's BLAS to one thread for this process (`_one_blas_thread`).
        """
        _one_blas_thread()
        self._current  # noqa: B018 - loading is the point
        self.classifier  # noqa: B018
        self.embedder.encode_queries(["warming up"])  # the first forward pass initialises kernels
        # Language profiles (~0.5 s), the rules and the speller load on first use: not on a patient's time.
        detect_language("Does the psoas muscle affect breathing and posture?")
        self.rules.urgent("warming up")
        self._current.coverage.check("ademhalign psoasspanning")
        return self

    def _fresh(self) -> _Loaded:
        """The loaded build, switched to a newer one when `index build` ran since it was loaded.

        Checks the CURRENT pointer at most every RELOAD_CHECK_SECONDS, so a
        practice that edits kb/ and runs `python -m chatbot index build` sees the
        change without restarting the app. A new build that fails its checks or
        was made with another model is ignored (with a log line); the old one keeps serving.
        """
        loaded = self._current
        now = time.monotonic()
        if now - self._checked_at < RELOAD_CHECK_SECONDS:
            return loaded
        self._checked_at = now
        folder = current_build(self.settings.index_dir)
        if folder is None or folder == loaded.retriever.index.folder:
            return loaded
        try:
            index = SearchIndex.load(folder)
        except IndexProblem as problem:
            log.warning("new index build not used: %s", problem)
            return loaded
        model_keys = ("model", "weights", "dtype", "backend")
        expected = expected_state(self.settings, self.embedder)
        if any(reason in stale_reasons(index.manifest, expected) for reason in
               ("model changed", "model weights changed", "model precision changed", "model runtime changed")):
            log.warning("new index build %s was made with another model (%s); keeping %s", folder.name,
                        ", ".join(f"{k}={index.manifest.get(k)}" for k in model_keys), loaded.retriever.index.version)
            return loaded
        with self._lock:
            self._loaded = _load(index)
        log.info("switched to index build %s", folder.name)
        return self._loaded

    # -- questions ------------------------------------------------------------

    def search(self, question: str, top_k: int | None = None, method: str = "fused") -> list[Passage]:
        """Ranked sections for a question, best first (no composition, no routing)."""
        top_k = self.settings.top_k if top_k is None else top_k
        _check_search_args(top_k, method)
        retriever = self._fresh().retriever
        # The same hygiene as ask: no control characters reach the tokenizer, and a
        # pasted 100 KB text costs what its first max_question_chars cost.
        question = clean_question(question, self.settings.max_question_chars).text
        qvec = self.embedder.encode_queries([question])[0]
        return retriever.search(Query(qvec, question), top_k=top_k, method=method)

    def ask(self, question: str, history=(), method: str = "fused") -> Answer:
        """Answer a patient's question: urgent, practice, small talk, not in the KB, or a quoted answer.

        `history` holds earlier turns (strings, or {"role", "content"} dicts as
        Gradio sends them); a follow-up is searched together with the previous
        turn, and an alarm in an earlier turn still routes it. Never raises for
        any input text.
        """
        _check_search_args(1, method)
        started = time.perf_counter()
        timings: dict[str, float] = {}
        clean = clean_question(question, self.settings.max_question_chars)
        notes = [texts.TRUNCATED_NOTE.format(limit=self.settings.max_question_chars)] if clean.truncated else []
        if clean.empty:
            return self._finish(Answer("no_answer", texts.EMPTY_QUESTION, reason="empty",
                                       route=Route("not_in_kb", "empty")), started, timings, clean.text)
        text = clean.text

        t = time.perf_counter()
        language = detect_language(text)
        timings["language"] = _ms(t)
        if language != DUTCH:
            notes.insert(0, texts.OTHER_LANGUAGE_NOTE)

        loaded = self._fresh()
        turns = user_turns(history)
        parts = clauses(text)
        # One batched forward pass: the message and, with a history, the message read with the previous
        # turn and that turn itself (retrieval fuses both readings; routing looks at each).
        with_previous = f"{turns[-1]} {text}" if turns else None
        t = time.perf_counter()
        vectors = self.embedder.encode_queries([text] + ([with_previous, turns[-1]] if turns else []))
        timings["embed"] = _ms(t)
        scores = self.classifier.scores(vectors)
        # The clauses get vectors of their own only when the message leans even slightly urgent: below
        # that, no clause score can change the route (router.Thresholds.clause_pass). The urgent rules
        # read every clause regardless; they need no vectors.
        clause_scores = ()
        if len(parts) >= 2 and scores[0].urgent >= self.router.t.clause_pass:
            t = time.perf_counter()
            clause_scores = tuple(self.classifier.scores(self.embedder.encode_queries(parts)))
            timings["embed_clauses"] = _ms(t)
        followup = bool(turns) and is_followup(text)
        if followup:  # "en bij kinderen?": the previous turn, and what its answer cited, say what it is about
            query = Query(vectors[1], with_previous, second=vectors[0], cited=tuple(cited_sections(history)))
        else:  # a new question after earlier turns stands on its own, with the conversation in the background
            query = Query(vectors[0], text, second=vectors[1] if turns else None)

        t = time.perf_counter()
        passages = loaded.retriever.search(query, top_k=self.settings.top_k, method=method)
        timings["search"] = _ms(t)

        t = time.perf_counter()
        history_rule = None
        for earlier in reversed(turns[-HISTORY_TURNS:]):
            history_rule = self.rules.urgent(earlier, clauses(earlier))
            if history_rule is not None:
                break
        foreign = language != DUTCH
        coverage = loaded.coverage.check(text, foreign=foreign)
        signals = Signals(
            text=text, clauses=tuple(parts), message=scores[0], clause_scores=clause_scores,
            with_previous=scores[1] if turns else None, followup=followup,
            history_rule=history_rule, history=scores[2] if turns else None, previous=turns[-1] if turns else "",
            coverage=coverage,
            # Which clause names the outside topic: one set long ago is the patient's history (router._told_as_past).
            clause_coverage=(tuple(loaded.coverage.check(p, foreign=foreign) for p in parts)
                             if coverage.outside and len(parts) >= 2 else ()),
            relevance=passages[0].score if passages else None, min_relevance=self.settings.min_relevance,
            # A word-for-word quote of the page counts as the closest echo there is.
            kb_echo=(1.0 if loaded.coverage.quotes_page(text)
                     else float(loaded.retriever.best_sentence_scores(vectors[0]).max())),
        )
        route = self.router.route(signals)
        timings["route"] = _ms(t)
        if route.step != "answer":
            return self._finish(self._reply(route, text, language, notes, passages), started, timings, text)

        t = time.perf_counter()
        body, citations = compose(loaded.retriever.index, query.vector, passages, self.settings.practice_name,
                                  self.settings.booking_url, question=text)
        timings["compose"] = _ms(t)
        if not citations:
            route = Route("not_in_kb", "nothing_to_quote", evidence=route.evidence)
            return self._finish(self._reply(route, text, language, notes, passages), started, timings, text)
        if route.alarm:
            notes.insert(0, self._alarm_note(route))
        return self._finish(Answer("answer", _join(notes, body), citations, tuple(passages), language,
                                   alarm=route.alarm, route=route), started, timings, text)

    # -- replies ----------------------------------------------------------------

    def _reply(self, route: Route, text: str, language: str, notes: list[str], passages) -> Answer:
        """The fixed Dutch reply for a route that does not quote the KB."""
        s = self.settings
        if route.step == "urgent":
            body = self._urgent_text(route)
            if language != DUTCH:
                body = f"{body}\n\n{texts.URGENT_OTHER_LANGUAGE}"  # the Dutch advice stays first
            return Answer("urgent", body, language=language, reason="urgent", route=route)
        if route.step == "practice":
            body = texts.PRACTICE_QUESTION.format(practice=s.practice_name, contact=self._contact())
            passages = ()  # sections about the psoas say nothing about the practice's logistics
        elif route.step == "small_talk":
            kind = self.rules.small_talk_kind(text)
            body = texts.SMALL_TALK.get(kind, texts.SMALL_TALK["other"]).format(practice=s.practice_name)
            passages = ()
        else:  # kept for diagnosis ("which section came closest?"); never quoted
            body = texts.NO_ANSWER.format(practice=s.practice_name, contact=self._contact())
        if route.alarm:
            notes.insert(0, self._alarm_note(route))
        return Answer("no_answer", _join(notes, body), passages=tuple(passages), language=language,
                      reason=route.reason, alarm=route.alarm, route=route)

    def _alarm_note(self, route: Route) -> str:
        """The line on top of a reply whose message suggests an alarm: 113 for dark thoughts, else huisarts/112."""
        if self.rules.categories[route.alarm].route == "113":
            return texts.ALARM_NOTE_113
        return texts.ALARM_NOTE.format(hap=self._hap())

    def _urgent_text(self, route: Route) -> str:
        hap = self._hap()
        if route.category == "overdose":
            return texts.URGENT_112_OVERDOSE
        if route.service == "113":
            template = texts.URGENT_113_SELF_HARM if route.category == "self_harm" else texts.URGENT_113
            return template.format(hap=hap)
        reason = texts.URGENT_REASONS.get(route.category, "")
        action = texts.URGENT_ACTIONS[route.service].format(hap=hap)
        # What to do comes first, then why, then that this is an automatic assistant.
        return "\n\n".join(p for p in (action, reason, texts.URGENT_FOOTER) if p)

    def _hap(self) -> str:
        phone = self.settings.huisartsenpost_phone
        return texts.URGENT_HAP_NUMBER.format(phone=phone, tel=_tel(phone)) if phone else ""

    def _contact(self) -> str:
        s = self.settings
        parts = [tmpl.format(**kw) for tmpl, kw, value in (
            (texts.CONTACT_PHONE, {"phone": s.practice_phone, "tel": _tel(s.practice_phone)}, s.practice_phone),
            (texts.CONTACT_EMAIL, {"email": s.practice_email}, s.practice_email),
            (texts.CONTACT_BOOKING, {"url": s.booking_url}, s.booking_url),
            (texts.CONTACT_HOURS, {"url": s.hours_url}, s.hours_url),
        ) if value]
        return "\n\n" + "\n".join(f"- {p}" for p in parts) if parts else ""

    def _finish(self, answer: Answer, started: float, timings: dict, question: str) -> Answer:
        """Stamp the timings, write the request log line and (when switched on) the insights row."""
        timings["total"] = _ms(started)
        answer = dataclasses.replace(answer, question=question, timings_ms=timings)
        version = self._loaded.retriever.index.version if self._loaded is not None else None
        log_answer(self.settings, answer, version)
        insights.record(self.settings, question, answer)
        return answer


def _load(index: SearchIndex) -> _Loaded:
    coverage = Coverage.from_chunks(index.chunks)
    return _Loaded(Retriever(index, coverage), coverage)


def _check_search_args(top_k, method: str) -> None:
    if not isinstance(top_k, int) or isinstance(top_k, bool) or top_k < 1:
        raise BadRequest(f"top_k must be a whole number of at least 1, got {top_k!r}")
    if method not in METHODS:
        raise BadRequest(f"method must be one of {', '.join(METHODS)}, got {method!r}")


def _tel(phone: str) -> str:
    """A tel: target for a Dutch phone number as people write it ("0800-0113" → "08000113")."""
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


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


def _one_blas_thread() -> None:
    """Numpy's OpenBLAS to one thread in this process.

    Retrieval does a few small matrix-vector products per question (~3,000 x
    768). Two BLAS threads gain nothing on those, but next to torch's threads
    on a 2-core server they spin and wait for cores: under a 16-session load,
    search took a tenth of the app's CPU (py-spy). Only OpenBLAS is limited:
    torch's own threads (OpenMP, or MKL where torch uses it) keep theirs.
    """
    from threadpoolctl import ThreadpoolController

    ThreadpoolController().select(internal_api="openblas").limit(limits=1)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000
