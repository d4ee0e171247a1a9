"""Ranking knowledge-base sections for a question.

Only the question is embedded at query time; section and sentence vectors come
from the index. The default method ("hybrid") scores each section by a blend
of the question's cosine with the whole section and with its best-matching
sentence: the section vector catches questions about a topic, the sentence
vector catches a question about one detail inside a long section (or one
sub-point in a short one). BM25 with a Dutch stemmer is kept as a measured
alternative; docs/quality.md has the figures that decided between them.
"""

from __future__ import annotations

import functools
import re

import numpy as np

from .index import SearchIndex
from .records import Passage

METHODS = ("hybrid", "dense", "sentence", "bm25", "rrf")
# Weight of the section vector in the hybrid score (the rest goes to the best sentence).
SECTION_WEIGHT = 0.6


class Retriever:
    """Scores every section of one loaded index; cheap enough to score them all (hundreds)."""

    def __init__(self, index: SearchIndex):
        self.index = index
        n = len(index.chunks)
        # owner[i] = chunk of sentence i, for a vectorised max per chunk.
        self._owner = np.array([r.chunk for r in index.sentence_refs], dtype=np.int64)
        self._has_sentences = np.zeros(n, dtype=bool)
        self._has_sentences[self._owner] = True

    # -- scores ---------------------------------------------------------------

    def section_scores(self, qvec: np.ndarray) -> np.ndarray:
        return self.index.section_vectors @ qvec

    def sentence_scores(self, qvec: np.ndarray) -> np.ndarray:
        """Cosine of the question with every sentence vector, in index order."""
        return self.index.sentence_vectors @ qvec

    def best_sentence_scores(self, qvec: np.ndarray, sent: np.ndarray | None = None) -> np.ndarray:
        """Per chunk, the best sentence cosine (the section's own score where it has no sentence vectors)."""
        sent = self.sentence_scores(qvec) if sent is None else sent
        best = np.full(len(self.index.chunks), -1.0, dtype=np.float32)
        np.maximum.at(best, self._owner, sent)
        return np.where(self._has_sentences, best, self.section_scores(qvec))

    def scores(self, qvec: np.ndarray, question: str = "", method: str = "hybrid") -> np.ndarray:
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
        if method == "dense":
            return self.section_scores(qvec)
        if method == "sentence":
            return self.best_sentence_scores(qvec)
        if method == "bm25":
            return self._bm25_scores(question)
        hybrid = SECTION_WEIGHT * self.section_scores(qvec) + (1 - SECTION_WEIGHT) * self.best_sentence_scores(qvec)
        if method == "hybrid":
            return hybrid
        return _rrf([hybrid, self._bm25_scores(question)])

    def search(self, qvec: np.ndarray, question: str = "", top_k: int = 10, method: str = "hybrid") -> list[Passage]:
        """The `top_k` best sections, best first, with their scores."""
        if top_k < 1:
            raise ValueError(f"top_k must be at least 1, got {top_k}")
        scores = self.scores(qvec, question, method)
        order = np.argsort(-scores, kind="stable")[:top_k]
        return [Passage(self.index.chunks[i], float(scores[i])) for i in order]

    # -- BM25 -----------------------------------------------------------------

    @functools.cached_property
    def _bm25(self):
        import bm25s

        retriever = bm25s.BM25()
        corpus = [" ".join(c.heading_path) + "\n" + c.text for c in self.index.chunks]
        retriever.index(_tokenize(corpus), show_progress=False)
        return retriever

    def _bm25_scores(self, question: str) -> np.ndarray:
        tokens = _tokenize([question or ""])
        if not tokens.vocab:
            return np.zeros(len(self.index.chunks), dtype=np.float32)
        ids = {v: k for k, v in tokens.vocab.items()}
        words = [ids[t] for t in tokens.ids[0]]
        return np.asarray(self._bm25.get_scores(words), dtype=np.float32)


@functools.lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


def _tokenize(texts: list[str]):
    import bm25s

    cleaned = [re.sub(r"[^\w\s]", " ", t.lower()) for t in texts]
    return bm25s.tokenize(cleaned, stopwords="nl", stemmer=_stemmer(), show_progress=False)


def _rrf(score_lists: list[np.ndarray], k: int = 60) -> np.ndarray:
    """Reciprocal rank fusion of several score arrays over the same items."""
    fused = np.zeros_like(score_lists[0], dtype=np.float64)
    for scores in score_lists:
        ranks = np.empty(len(scores), dtype=np.int64)
        ranks[np.argsort(-scores, kind="stable")] = np.arange(len(scores))
        fused += 1.0 / (k + 1 + ranks)
    return fused.astype(np.float32)
