"""Typed records that flow between the stages: kb → chunks → index → retrieval → answer.

All records are frozen so that a chunk loaded once can be shared by every request
without one request changing what another sees. `dataclasses.asdict` turns any of
them into the JSON the CLI and the API print.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

# Separator between the parts of a heading path, as shown to people.
PATH_SEP = " › "

# What kind of reply an Answer is.
Kind = Literal["answer", "no_answer", "urgent"]
KINDS: tuple[str, ...] = Kind.__args__
# Which step of the router decided, in the order the router tries them.
Step = Literal["urgent", "practice", "small_talk", "not_in_kb", "answer"]
# Why an Answer is what it is (Answer.reason); "" for an ordinary quoted answer.
Reason = Literal["", "empty", "urgent", "practice", "small_talk", "not_in_kb", "outside_topic", "not_understood",
                 "nothing_to_quote", "rate_limited", "busy", "error"]
REASONS: tuple[str, ...] = Reason.__args__
# A thumb on an answer.
Verdict = Literal["up", "down"]
VERDICTS: tuple[str, ...] = Verdict.__args__


@dataclass(frozen=True)
class Chunk:
    """One retrievable section of a knowledge-base document.

    `text` is the section's own Markdown body (verbatim practice sentences),
    `heading_path` the headings above it from the top of the document, and
    `sentences` the body split into sentences (list items count as one sentence).
    `questions` are the section's question keys (kb/*.vragen.md): embedded to
    find the section, never quoted; `sentence_keys` are (sentence position,
    question) pairs that pick which sentence to quote first. `roles` says per
    sentence what it is in the page's structure (text, lead_in, item, label,
    example), so an answer can quote a list with its lead-in and leave case
    stories out unless asked.
    """

    id: str
    doc: str
    heading_path: tuple[str, ...]
    anchor: str
    text: str
    sentences: tuple[str, ...]
    order: int
    questions: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # per sentence: text, lead_in, item, label or example (chunks.ROLES)
    sentence_keys: tuple[tuple[int, str], ...] = ()  # (position in sentences, question that sentence answers)

    @property
    def section(self) -> str:
        """Heading path as one readable string, e.g. "De psoas en ademhaling › Effect ..."."""
        return PATH_SEP.join(self.heading_path)

    @property
    def label(self) -> str:
        """Document and heading path, as citations show them: "psoas.md › De psoas en ademhaling"."""
        return PATH_SEP.join((self.doc, *self.heading_path))

    def to_dict(self) -> dict:
        """JSON-ready fields (tuples as lists), as stored in an index build's chunks.jsonl."""
        return {"id": self.id, "doc": self.doc, "heading_path": list(self.heading_path), "anchor": self.anchor,
                "text": self.text, "sentences": list(self.sentences), "order": self.order,
                "questions": list(self.questions), "roles": list(self.roles),
                "sentence_keys": [list(k) for k in self.sentence_keys]}

    @classmethod
    def from_dict(cls, d: dict) -> Chunk:
        return cls(id=d["id"], doc=d["doc"], heading_path=tuple(d["heading_path"]), anchor=d["anchor"],
                   text=d["text"], sentences=tuple(d["sentences"]), order=d["order"],
                   questions=tuple(d.get("questions", ())), roles=tuple(d.get("roles", ())),
                   sentence_keys=tuple((int(p), str(q)) for p, q in d.get("sentence_keys", ())))


@dataclass(frozen=True)
class Passage:
    """A chunk as retrieved for one question, with its relevance score (cosine, higher is better)."""

    chunk: Chunk
    score: float

    def to_json(self) -> dict:
        return {
            "doc": self.chunk.doc,
            "section": self.chunk.section,
            "anchor": self.chunk.anchor,
            "id": self.chunk.id,
            "text": self.chunk.text,
            "score": round(float(self.score), 4),
        }


@dataclass(frozen=True)
class Citation:
    """A numbered source under an answer: the whole cited passage plus the sentences quoted from it."""

    n: int
    doc: str
    section: str
    anchor: str
    text: str
    quotes: tuple[str, ...]

    @property
    def label(self) -> str:
        """"psoas.md › De psoas en ademhaling › …": how the Bronnen list, the log and insights name it."""
        return f"{self.doc}{PATH_SEP}{self.section}"

    def to_json(self) -> dict:
        return asdict(self) | {"quotes": list(self.quotes)}


@dataclass(frozen=True)
class Evidence:
    """One signal behind a route: which rule or classifier fired, on which part of the message, how strongly."""

    signal: str  # "rule", "classifier", "history", "coverage", "relevance"
    name: str  # rule id, class or category, outside term, …
    score: float | None = None
    part: str = "message"  # "message", "clause 2", "previous turn", "with previous turn"

    def to_json(self) -> dict:
        return {"signal": self.signal, "name": self.name, "part": self.part,
                "score": None if self.score is None else round(float(self.score), 3)}


@dataclass(frozen=True)
class Route:
    """Where the router sent a message, and why: enough to diagnose a wrong route without the question.

    service: for urgent routes "112", "huisarts_now", "huisarts_today" or "113".
    alarm: the urgent category whose alarm note heads the answer or fixed reply ("" for none).
    """

    step: Step
    reason: Reason = ""
    category: str = ""
    service: str = ""
    alarm: str = ""
    evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> dict:
        return {"step": self.step, "reason": self.reason, "category": self.category, "service": self.service,
                "alarm": self.alarm, "evidence": [e.to_json() for e in self.evidence]}


@dataclass(frozen=True)
class Answer:
    """What `chatbot.ask` returns.

    kind: "answer" (quoted from the knowledge base), "no_answer" (not covered,
    practical or small talk; points to the practice) or "urgent" (possible
    emergency; points to 112, huisarts/huisartsenpost or 113 and nothing else).
    `answer` is Markdown for people; `alarm` the urgent category of the alarm
    note on top of an answer ("" for none); `route` the router's decision and
    evidence; `timings_ms` maps stage name to milliseconds.
    """

    kind: Kind
    answer: str
    citations: tuple[Citation, ...] = ()
    passages: tuple[Passage, ...] = ()
    language: str = "nl"
    question: str = ""
    reason: Reason = ""
    alarm: str = ""
    route: Route | None = None
    timings_ms: dict = field(default_factory=dict, compare=False, hash=False)

    def to_json(self, top_k: int = 10) -> dict:
        return {
            "question": self.question,
            "kind": self.kind,
            "answer": self.answer,
            "citations": [c.to_json() for c in self.citations],
            "passages": [p.to_json() for p in self.passages[:top_k]],
            "language": self.language,
            "reason": self.reason,
            "alarm": self.alarm,
            "route": self.route.to_json() if self.route else None,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }
