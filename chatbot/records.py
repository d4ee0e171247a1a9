"""Typed records that flow between the stages: kb → chunks → index → retrieval → answer.

All records are frozen so that a chunk loaded once can be shared by every request
without one request changing what another sees. `dataclasses.asdict` turns any of
them into the JSON the CLI and the API print.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Separator between the parts of a heading path, as shown to people.
PATH_SEP = " › "


@dataclass(frozen=True)
class Chunk:
    """One retrievable section of a knowledge-base document.

    `text` is the section's own Markdown body (verbatim practice sentences),
    `heading_path` the headings above it from the top of the document, and
    `sentences` the body split into sentences (list items count as one sentence).
    """

    id: str
    doc: str
    heading_path: tuple[str, ...]
    anchor: str
    text: str
    sentences: tuple[str, ...]
    order: int

    @property
    def section(self) -> str:
        """Heading path as one readable string, e.g. "De psoas en ademhaling › Effect ..."."""
        return PATH_SEP.join(self.heading_path)


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

    def to_json(self) -> dict:
        return asdict(self) | {"quotes": list(self.quotes)}


@dataclass(frozen=True)
class Answer:
    """What `chatbot.ask` returns.

    kind: "answer" (quoted from the knowledge base), "no_answer" (not covered;
    points to the practice) or "urgent" (possible emergency; points to 112,
    huisarts/huisartsenpost or 113 and nothing else).
    `answer` is Markdown for people; `timings_ms` maps stage name to milliseconds.
    """

    kind: str
    answer: str
    citations: tuple[Citation, ...] = ()
    passages: tuple[Passage, ...] = ()
    language: str = "nl"
    question: str = ""
    reason: str = ""
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
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }
