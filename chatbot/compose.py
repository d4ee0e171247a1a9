"""Composing an answer from retrieved passages: extractive, cited, no generated text.

Sentences are chosen from the top passages by relevance to the question
(cosine with the precomputed sentence vectors, plus the passage's own score)
with MMR to avoid saying the same thing twice. A chosen sentence that leans on
the one before it ("Dit …", "Hierdoor …") brings that one along. Sentences
keep their reading order within a source; each source's sentences stand on
one line followed by its marker `[n]`, so every quote can be checked against
its source. The only other text comes from the fixed templates in texts.py,
on lines of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from . import texts
from .index import SearchIndex
from .records import Citation, Passage

# How many sentences an answer quotes at most, and aims for at least.
MAX_SENTENCES = 5
MIN_SENTENCES = 2
# Passages further than this below the best one do not contribute sentences.
PASSAGE_MARGIN = 0.08
MAX_PASSAGES = 3
# Relevance = SENTENCE_WEIGHT * cos(question, sentence) + rest * passage score.
SENTENCE_WEIGHT = 0.6
MMR_LAMBDA = 0.75
# A candidate this far below the best candidate is not worth quoting (beyond MIN_SENTENCES).
SENTENCE_MARGIN = 0.10
# Sentences that start like this refer back to the sentence before them.
_LEANS_BACK = re.compile(
    r"^(dit|deze|dat|die|hierdoor|daardoor|daarom|daarmee|hiermee|hierbij|daarbij|zo|hij|ze|zij|"
    r"gevolg|bovendien|ook|wanneer dit|als gevolg)\b",
    re.I,
)
# Sentences with fewer words than this bring the next sentence along.
SHORT_SENTENCE_WORDS = 8
# Quoted sentences must not carry characters that break the "[n]" marker syntax.
_MARKER_CHARS = re.compile(r"[\[\]]")


@dataclass(frozen=True)
class _Pick:
    chunk: int  # index into SearchIndex.chunks
    pos: int  # sentence position within the chunk


def choose_sentences(index: SearchIndex, qvec: np.ndarray, passages: list[Passage]) -> list[_Pick]:
    """The sentences to quote, as (chunk, position) picks in no particular order."""
    if not passages:
        return []
    chunk_pos = {c.id: i for i, c in enumerate(index.chunks)}
    best = passages[0].score
    candidates: list[int] = []  # sentence-ref ids
    passage_score: dict[int, float] = {}
    for p in passages[:MAX_PASSAGES]:
        if p.score < best - PASSAGE_MARGIN:
            break
        ci = chunk_pos[p.chunk.id]
        passage_score[ci] = p.score
        candidates.extend(index.sentences_of_chunk[ci])
    if not candidates:
        return []
    vecs = index.sentence_vectors[candidates]
    relevance = SENTENCE_WEIGHT * (vecs @ qvec) + (1 - SENTENCE_WEIGHT) * np.array(
        [passage_score[index.sentence_refs[s].chunk] for s in candidates])
    chosen: list[int] = []
    top = float(relevance.max())
    while len(chosen) < len(candidates):
        if chosen:
            redundancy = (vecs @ vecs[chosen].T).max(axis=1)
        else:
            redundancy = np.zeros(len(candidates))
        mmr = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * redundancy
        mmr[chosen] = -np.inf
        pick = int(np.argmax(mmr))
        if len(chosen) >= MIN_SENTENCES and relevance[pick] < top - SENTENCE_MARGIN:
            break
        size = _count_with_context(index, [candidates[i] for i in chosen + [pick]])
        if chosen and size > MAX_SENTENCES:
            break
        chosen.append(pick)
        if size >= MAX_SENTENCES:
            break
    picks = [_Pick(index.sentence_refs[candidates[i]].chunk, index.sentence_refs[candidates[i]].pos) for i in chosen]
    return _with_context(index, picks)


def _leans_back(sentence: str) -> bool:
    return bool(_LEANS_BACK.match(sentence.strip()))


def _context_positions(index: SearchIndex, chunk: int, pos: int) -> list[int]:
    """`pos` plus the sentences before it that it leans on (at most two back).

    A very short sentence ("De psoas fungeert als een energiebrug.") says
    little alone, so it brings the sentence after it as well.
    """
    sentences = index.chunks[chunk].sentences
    positions = [pos]
    while len(positions) < 3 and _leans_back(sentences[positions[-1]]) and positions[-1] > 0:
        prev = positions[-1] - 1
        if len(sentences[prev].split()) < 3:  # "Voorbeeld:" is a label, not context
            break
        positions.append(prev)
    if len(sentences[pos].split()) < SHORT_SENTENCE_WORDS and pos + 1 < len(sentences):
        positions.append(pos + 1)
    return positions


def _count_with_context(index: SearchIndex, ref_ids: list[int]) -> int:
    seen = set()
    for r in ref_ids:
        ref = index.sentence_refs[r]
        seen.update((ref.chunk, p) for p in _context_positions(index, ref.chunk, ref.pos))
    return len(seen)


def _with_context(index: SearchIndex, picks: list[_Pick]) -> list[_Pick]:
    out: dict[tuple[int, int], _Pick] = {}
    for pick in picks:
        for p in _context_positions(index, pick.chunk, pick.pos):
            key = (pick.chunk, p)
            if key not in out:
                out[key] = _Pick(pick.chunk, p)
    return list(out.values())


def _runs(quotes: tuple[str, ...]) -> list[list[str]]:
    """Group quotes into lines; a quote without closing punctuation ("… onder andere:") ends its line.

    So every line splits into whole sentences at ". ", "! " or "? ", which is how
    a reader (or a checker) matches a quote against its source.
    """
    runs: list[list[str]] = [[]]
    for quote in quotes:
        runs[-1].append(quote)
        if not quote.endswith((".", "!", "?")):
            runs.append([])
    return [r for r in runs if r]


def compose(index: SearchIndex, qvec: np.ndarray, passages: list[Passage], practice: str,
            booking_url: str = "") -> tuple[str, tuple[Citation, ...]]:
    """Markdown answer and its numbered citations, quoting only sentences of the cited passages."""
    picks = choose_sentences(index, qvec, passages)
    if not picks:
        return "", ()
    rank_of = {c.id: r for r, c in enumerate(p.chunk for p in passages)}
    by_chunk: dict[int, list[int]] = {}
    for pick in picks:
        by_chunk.setdefault(pick.chunk, []).append(pick.pos)
    # Sources in retrieval order; sentences in reading order within a source.
    ordered = sorted(by_chunk, key=lambda ci: rank_of.get(index.chunks[ci].id, len(rank_of)))
    lines = [texts.ANSWER_INTRO.format(practice=practice), ""]
    citations = []
    for n, ci in enumerate(ordered, 1):
        chunk = index.chunks[ci]
        quotes = tuple(_MARKER_CHARS.sub("", chunk.sentences[p]).strip() for p in sorted(by_chunk[ci]))
        lines += [" ".join(run) + f" [{n}]" for run in _runs(quotes)] + [""]
        citations.append(Citation(n=n, doc=chunk.doc, section=chunk.section, anchor=chunk.anchor,
                                  text=chunk.text, quotes=quotes))
    lines.append(texts.SOURCES_HEADING)
    lines += [f"{c.n}. {c.doc} › {c.section}" for c in citations]
    lines += ["", texts.ANSWER_CLOSING.format(booking=f": {booking_url}" if booking_url else "")]
    return "\n".join(lines), tuple(citations)
