"""Ranking knowledge-base sections for a question.

Only the question is embedded at query time; every other vector comes from the
index. The default method, "fused", scores each section by a convex
combination of four normalised signals:

- the question's cosine with the whole section (catches questions about a topic),
- with the section's best sentence (catches one detail inside a long section),
- with the section's best question key (kb/*.vragen.md: catches questions
  phrased the way patients ask, unlike the page),
- BM25 over headings, text and keys, after repairing typos against the KB's
  vocabulary and splitting Dutch compounds (catches rare exact terms, such as
  "colon sigmoid"), divided by its best score so it lies in 0–1 like the cosines.

A message after earlier turns is read twice, with and without the previous
turn (the reading that leads depends on whether it is a follow-up); the second
reading's scores are averaged in with a fixed weight. (Per-clause vectors
added +0.008 recall@3, within noise, at twice the model work: not used.)
Reciprocal rank fusion was measured and lowered recall, so scores are combined
by value. docs/quality.md has the figures per method and per question style.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .coverage import Coverage
from .errors import BadRequest
from .index import SearchIndex
from .records import Passage

METHODS = ("fused", "hybrid", "dense", "sentence", "keys", "bm25")
# Weights of the fused score: section, best sentence, best question key, lexical (sum 1).
WEIGHTS = {"section": 0.27, "sentence": 0.18, "key": 0.45, "lexical": 0.10}
# Weight of the second reading of a message after earlier turns (see Query).
SECOND_WEIGHT = 0.5
# Added to the score of a section the previous answer cited, for a follow-up ("en bij kinderen?").
CITED_BOOST = 0.03
# Section weight of the older "hybrid" method (section + best sentence only).
HYBRID_SECTION_WEIGHT = 0.6


@dataclass(frozen=True)
class Query:
    """What a question brings to retrieval: its vectors (one model pass) and its text.

    vector: the leading reading (a follow-up read together with the previous turn; else the message);
    second: the other reading, weighted SECOND_WEIGHT; cited: labels of the sections the previous
    answer cited ("psoas.md › …"), which a follow-up most likely asks more about (CITED_BOOST).
    """

    vector: np.ndarray
    text: str = ""
    second: np.ndarray | None = None
    cited: tuple[str, ...] = ()


class Retriever:
    """Scores every section of one loaded index; cheap enough to score them all (a few thousand vectors)."""

    def __init__(self, index: SearchIndex, coverage: Coverage):
        self.index = index
        self.coverage = coverage
        n = len(index.chunks)
        self._sentence_owner = np.array([r.chunk for r in index.sentence_refs], dtype=np.int64)
        # Only the section keys find a section; sentence keys choose a sentence inside it (compose.py).
        self._key_owner = index.section_key_owner
        self._has_sentences = np.zeros(n, dtype=bool)
        self._has_sentences[self._sentence_owner] = True
        self._has_keys = np.zeros(n, dtype=bool)
        self._has_keys[self._key_owner] = True

    # -- scores ---------------------------------------------------------------

    def section_scores(self, qvec: np.ndarray) -> np.ndarray:
        return self.index.section_vectors @ qvec

    def _best_per_chunk(self, scores: np.ndarray, owner: np.ndarray, present: np.ndarray,
                        fallback: np.ndarray) -> np.ndarray:
        best = np.full(len(self.index.chunks), -1.0, dtype=np.float32)
        np.maximum.at(best, owner, scores)
        return np.where(present, best, fallback)

    def best_sentence_scores(self, qvec: np.ndarray) -> np.ndarray:
        """Per chunk, the best sentence cosine (the section's own score where it has no sentence vectors)."""
        return self._best_per_chunk(self.index.sentence_vectors @ qvec, self._sentence_owner, self._has_sentences,
                                    self.section_scores(qvec))

    def best_key_scores(self, qvec: np.ndarray) -> np.ndarray:
        """Per chunk, the best question-key cosine (the section's own score where it has no keys)."""
        return self._best_per_chunk(self.index.section_key_vectors @ qvec, self._key_owner, self._has_keys,
                                    self.section_scores(qvec))

    def lexical_scores(self, question: str) -> np.ndarray:
        """BM25 of the question against headings, text and keys, divided by its best score (0–1)."""
        tokens = [t for t in _tokens(self.coverage, question) if t in self._bm25.vocab_dict]
        if not tokens:
            return np.zeros(len(self.index.chunks), dtype=np.float32)
        scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
        top = float(scores.max()) if len(scores) else 0.0
        return scores / top if top > 0 else scores

    def vector_scores(self, qvec: np.ndarray, method: str) -> np.ndarray:
        if method == "dense":
            return self.section_scores(qvec)
        if method == "sentence":
            return self.best_sentence_scores(qvec)
        if method == "keys":
            return self.best_key_scores(qvec)
        if method == "hybrid":
            return (HYBRID_SECTION_WEIGHT * self.section_scores(qvec)
                    + (1 - HYBRID_SECTION_WEIGHT) * self.best_sentence_scores(qvec))
        w = WEIGHTS
        return (w["section"] * self.section_scores(qvec) + w["sentence"] * self.best_sentence_scores(qvec)
                + w["key"] * self.best_key_scores(qvec))

    def scores(self, query: Query, method: str = "fused") -> np.ndarray:
        """One relevance score per chunk, in index order (higher is better)."""
        if method not in METHODS:
            raise BadRequest(f"method must be one of {', '.join(METHODS)}, got {method!r}")
        if method == "bm25":
            return self.lexical_scores(query.text)
        scores = self.vector_scores(query.vector, method)
        if query.second is not None:
            scores = (scores + SECOND_WEIGHT * self.vector_scores(query.second, method)) / (1 + SECOND_WEIGHT)
        if method == "fused":
            scores = scores + WEIGHTS["lexical"] * self.lexical_scores(query.text)
        if query.cited:
            cited = set(query.cited)
            scores = scores + CITED_BOOST * np.array([c.label in cited for c in self.index.chunks])
        return scores

    def search(self, query: Query, top_k: int = 10, method: str = "fused") -> list[Passage]:
        """The `top_k` best sections, best first, with their scores."""
        if top_k < 1:
            raise BadRequest(f"top_k must be at least 1, got {top_k}")
        scores = self.scores(query, method)
        order = np.argsort(-scores, kind="stable")[:top_k]
        return [Passage(self.index.chunks[i], float(scores[i])) for i in order]

    # -- BM25 -----------------------------------------------------------------

    @functools.cached_property
    def _bm25(self):
        import bm25s

        retriever = bm25s.BM25()
        corpus = [_tokens(self.coverage, " ".join((*c.heading_path, c.text, *c.questions))) for c in self.index.chunks]
        retriever.index(corpus, show_progress=False)
        return retriever


@functools.lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


def _tokens(coverage: Coverage, text: str) -> list[str]:
    """Stemmed content words with typos repaired and compounds split ("psoasspanning" → psoas, spann)."""
    stem = _stemmer().stemWord
    out = []
    for word in coverage.normalised(text):
        if coverage.is_stopword(word):
            continue
        out.append(stem(word))
        out += [stem(p) for p in coverage.compound_parts(word) or () if not coverage.is_stopword(p)]
    return out
