"""Composing an answer from retrieved passages: extractive, cited, no generated text.

An answer reads like one: the **lead**, the one sentence that best answers the
question (by its own vector, or by the sentence keys the practice wrote for it in
kb/*.vragen.md), comes first; at most three supporting sentences follow; the rest of
each cited section stays one tap away under Bronnen. Every quoted sentence is
the practice's own, word for word, on a line that ends with its source marker
`[n]`, so every quote can be checked against its source.

Sentences are quoted by their role in the page (chunks.ROLES):
- a list item comes with the sentence that introduces the list, as a Markdown list;
- a case story ("Voorbeeld: Een administratief medewerker …") is quoted only when
  the question asks for an example or nothing else answers it, and then from
  its first sentence, which introduces the person the rest calls "hij" or "ze";
- a sentence that leans on the one before it ("Dit …", "Hierdoor …", "hij" with
  no noun before it) brings that sentence along, or is not quoted;
- labels ("Voorbeeld:", "1. Beperking van …:") are never quoted alone.
The only other text comes from the fixed templates in texts.py, on lines of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from . import texts
from .index import SearchIndex
from .records import Citation, Passage

# Passages further than this below the best one do not contribute sentences.
PASSAGE_MARGIN = 0.06
MAX_PASSAGES = 3
# Relevance = SENTENCE_WEIGHT * cos(question, sentence) + rest * passage score.
SENTENCE_WEIGHT = 0.6
# A sentence key (kb/*.vragen.md, "> sentence" then questions) counts this much less than its cosine: measured
# 0.05-0.20 on dev, dev2 and rounds 7-12; 0.15 gave the best lead on dev2 (docs/quality.md, round twelve).
SENTENCE_KEY_OFFSET = 0.15
# At most this many sentences after the lead (list items of one list count as one).
MAX_SUPPORT = 3
# A second section this close to the best one in retrieval score also gets its best sentence quoted.
TIE_MARGIN = 0.04
# Sections this close to the best one in retrieval score compete for the lead sentence: retrieval cannot tell
# them apart, the sentence vectors can.
LEAD_TIE = 0.02
# A lead shorter than this many words takes the next sentence of its paragraph along.
LEAD_WORDS = 40
# Supporting sentences stop once the answer quotes about this many words.
WORD_BUDGET = 55
# A supporting sentence must be at least this relevant, relative to the lead.
SUPPORT_MARGIN = 0.08
MMR_LAMBDA = 0.75
# Case stories rank this much lower unless the question asks for an example.
EXAMPLE_PENALTY = 0.07
# Lists longer than this are quoted up to their most relevant items.
MAX_LIST_ITEMS = 6

_ASKS_FOR_EXAMPLE = re.compile(
    r"\b(voorbeeld\w*|bijvoorbeeld|casus|iemand die|herken\w*|ervaring\w*|example|for instance|beispiel)\b", re.I)
# Sentences that start like this refer back to the sentence before them.
_LEANS_BACK = re.compile(
    r"^(dit|deze|dat|die|hierdoor|daardoor|daarom|daarmee|hiermee|hierbij|daarbij|zo|hij|ze|zij|hem|haar|zijn|"
    r"gevolg|bovendien|ook|wanneer dit|als gevolg|van daaruit|daarnaast|tegelijkertijd)\b",
    re.I,
)
# A personal pronoun inside a sentence, with no noun before it that it could point to.
_PRONOUN = re.compile(r"\b(hij|zij|ze|hem|haar|zijn)\b", re.I)
_ANTECEDENT = re.compile(r"\b(psoas\w*|spier\w*|man|vrouw|moeder|ouder|medewerker|hardloper|kind\w*|persoon|"
                         r"iemand|patiënt\w*|lichaam|reflex|diafragma|heupbuiger\w*|iliopsoas)\b", re.I)
# Quoted sentences must not carry characters that break the "[n]" marker syntax.
_MARKER_CHARS = re.compile(r"[\[\]]")


@dataclass(frozen=True)
class _Sentence:
    ref: int  # index into SearchIndex.sentence_refs (-1: a sentence without a vector, e.g. a short item)
    chunk: int
    pos: int


def _leans_back(sentences: tuple[str, ...], roles: tuple[str, ...], pos: int) -> bool:
    sentence = sentences[pos].strip()
    if roles[pos] == "example" and pos > 0 and roles[pos - 1] == "example":
        return True  # "Bij het opstaan voelt hij …": the story's first sentence introduces "hij"
    if _LEANS_BACK.match(sentence):
        return True
    pronoun = _PRONOUN.search(sentence)
    return bool(pronoun) and not _ANTECEDENT.search(sentence[: pronoun.start()])


def _unit(index: SearchIndex, chunk: int, pos: int) -> list[int]:
    """The positions a sentence must be quoted with, in reading order: itself plus what it leans on.

    List items bring their lead-in; a leaning sentence brings the sentences
    before it (at most three back); a story sentence brings the story's start.
    Returns [] when a sentence cannot stand (a label, or a chain that runs out).
    """
    c = index.chunks[chunk]
    roles = c.roles or ("text",) * len(c.sentences)
    if roles[pos] == "label":
        return []
    if roles[pos] == "item":
        start = pos
        while start > 0 and roles[start - 1] == "item":
            start -= 1
        lead = [start - 1] if start > 0 and roles[start - 1] == "lead_in" else []
        return lead + [pos]
    if roles[pos] == "lead_in":
        items = []
        for p in range(pos + 1, len(c.sentences)):
            if roles[p] != "item":
                break
            items.append(p)
        return [pos] + items[:MAX_LIST_ITEMS]
    positions = [pos]
    while _leans_back(c.sentences, roles, positions[0]):
        prev = positions[0] - 1
        if prev < 0 and _ANTECEDENT.search(c.section):
            break  # "Hij tilt het bovenbeen …" opens "De functies van de psoas major": the heading names "hij"
        if prev < 0 or roles[prev] in ("label", "item") or len(positions) > 3:
            return []  # the sentence it leans on is not quotable: better not to quote it at all
        positions.insert(0, prev)
    return positions


def _candidates(index: SearchIndex, passages: list[Passage]) -> tuple[list[_Sentence], dict[int, float]]:
    chunk_pos = {c.id: i for i, c in enumerate(index.chunks)}
    best = passages[0].score
    found: list[_Sentence] = []
    passage_score: dict[int, float] = {}
    for p in passages[:MAX_PASSAGES]:
        if p.score < best - PASSAGE_MARGIN:
            break
        ci = chunk_pos[p.chunk.id]
        passage_score[ci] = p.score
        found += [_Sentence(r, ci, index.sentence_refs[r].pos) for r in index.sentences_of_chunk[ci]]
    return found, passage_score


def choose(index: SearchIndex, qvec: np.ndarray, passages: list[Passage], question: str = ""
           ) -> list[tuple[int, list[int]]]:
    """The lead and supporting units, best first: [(chunk, [positions in reading order]), …]."""
    if not passages:
        return []
    candidates, passage_score = _candidates(index, passages)
    if not candidates:
        return []
    refs = [c.ref for c in candidates]
    vecs = index.sentence_vectors[refs]
    relevance = SENTENCE_WEIGHT * _similarity(index, refs, qvec) + (1 - SENTENCE_WEIGHT) * np.array(
        [passage_score[c.chunk] for c in candidates])
    wants_example = bool(_ASKS_FOR_EXAMPLE.search(question or ""))
    roles = [(index.chunks[c.chunk].roles or ("text",) * 999)[c.pos] for c in candidates]
    if not wants_example:
        relevance = relevance - EXAMPLE_PENALTY * np.array([r == "example" for r in roles])
    units = [_unit(index, c.chunk, c.pos) for c in candidates]
    order = [i for i in np.argsort(-relevance) if units[i]]
    if not order:
        return []
    # The lead comes from the best passage (or one within LEAD_TIE of it) when it has a quotable sentence:
    # retrieval ranks whole sections better than one sentence vector ranks single sentences.
    best = passage_score[candidates[0].chunk]
    near = {c for c, score in passage_score.items() if best - score <= LEAD_TIE}
    lead = next((i for i in order if candidates[i].chunk in near), order[0])
    units[lead] = _lead_paragraph(index, candidates[lead].chunk, units[lead])
    chosen = [lead]
    taken = {(candidates[lead].chunk, p) for p in units[lead]}
    words = _words(index, candidates[lead].chunk, units[lead])
    top = relevance[lead]
    support = 0
    # A runner-up section that retrieval nearly tied with the best one gets its best sentence quoted
    # too: when two sections answer about equally, the patient should see both.
    runner_up = _runner_up(passage_score, candidates[lead].chunk)
    if runner_up is not None:
        pick = next((i for i in order if candidates[i].chunk == runner_up), None)
        if pick is not None:
            chosen.append(pick)
            taken |= {(candidates[pick].chunk, p) for p in units[pick]}
            words += _words(index, candidates[pick].chunk, units[pick])
            support += 1
    while support < MAX_SUPPORT and words < WORD_BUDGET:
        redundancy = (vecs @ vecs[chosen].T).max(axis=1)
        mmr = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * redundancy
        pick = next((i for i in np.argsort(-mmr) if units[i] and i not in chosen
                     and not {(candidates[i].chunk, p) for p in units[i]} <= taken), None)
        if pick is None or relevance[pick] < top - SUPPORT_MARGIN:
            break
        new = [p for p in units[pick] if (candidates[pick].chunk, p) not in taken]
        extra = _words(index, candidates[pick].chunk, new)
        if words + extra > WORD_BUDGET * 1.4:
            break
        chosen.append(pick)
        taken |= {(candidates[pick].chunk, p) for p in units[pick]}
        words += extra
        support += 1
    return [(candidates[i].chunk, units[i]) for i in chosen]


def _similarity(index: SearchIndex, refs: list[int], qvec: np.ndarray) -> np.ndarray:
    """How well each sentence matches the question: its own cosine, or its best sentence key's less
    SENTENCE_KEY_OFFSET when that is higher (a question matches a question better than it matches a statement)."""
    own = index.sentence_vectors[refs] @ qvec
    if not len(index.sentence_key_target):
        return own
    best = np.full(len(index.sentence_refs), -np.inf, dtype=np.float32)
    np.maximum.at(best, index.sentence_key_target, index.sentence_key_vectors @ qvec)
    return np.maximum(own, best[refs] - SENTENCE_KEY_OFFSET)


def _runner_up(passage_score: dict[int, float], lead_chunk: int) -> int | None:
    """The best other section when its retrieval score is within TIE_MARGIN of the lead's section, else None.

    When the lead came from a section just below the best one (LEAD_TIE), that is the best section itself.
    """
    others = sorted(((s, c) for c, s in passage_score.items() if c != lead_chunk), reverse=True)
    if others and passage_score[lead_chunk] - others[0][0] <= TIE_MARGIN:
        return others[0][1]
    return None


def _lead_paragraph(index: SearchIndex, chunk: int, unit: list[int]) -> list[int]:
    """The lead unit plus the sentence right after it, when the lead is short and that sentence carries on.

    A one-sentence lead often states the point and the next sentence gives the
    reason ("… leidt tot verkorting van de psoas. De spier blijft in een
    verkorte positie …"): together they read as the answer's first paragraph.
    """
    c = index.chunks[chunk]
    roles = c.roles or ("text",) * len(c.sentences)
    nxt = unit[-1] + 1
    if (nxt < len(c.sentences) and roles[nxt] == roles[unit[-1]] and roles[nxt] in ("text", "example")
            and _words(index, chunk, unit) < LEAD_WORDS):
        return unit + [nxt]
    return unit


def _words(index: SearchIndex, chunk: int, positions: list[int]) -> int:
    return sum(len(index.chunks[chunk].sentences[p].split()) for p in positions)


def compose(index: SearchIndex, qvec: np.ndarray, passages: list[Passage], practice: str,
            booking_url: str = "", question: str = "") -> tuple[str, tuple[Citation, ...]]:
    """Markdown answer and its numbered citations, quoting only sentences of the cited passages.

    The lead unit comes first; supporting units follow, those of one source
    together in reading order. Sources are numbered in the order they are first quoted.
    """
    units = choose(index, qvec, passages, question)
    if not units:
        return "", ()
    numbers: dict[int, int] = {}
    quoted: dict[int, set[int]] = {}
    blocks: list[tuple[int, list[int]]] = []
    for chunk, positions in units:
        numbers.setdefault(chunk, len(numbers) + 1)
        fresh = [p for p in positions if p not in quoted.setdefault(chunk, set())]
        quoted[chunk] |= set(fresh)
        if not fresh:
            continue
        if blocks and blocks[-1][0] == chunk and len(blocks) > 1:
            blocks[-1] = (chunk, sorted(set(blocks[-1][1]) | set(fresh)))
        else:
            blocks.append((chunk, fresh))
    # Supporting blocks of one source sit together, after the lead, in reading order.
    lead, rest = blocks[0], blocks[1:]
    merged: dict[int, list[int]] = {}
    for chunk, positions in rest:
        merged.setdefault(chunk, []).extend(positions)
    lines = [texts.ANSWER_INTRO.format(practice=practice), ""]
    lines += _render(index, *lead, numbers[lead[0]])
    for chunk, positions in merged.items():
        lines += _render(index, chunk, sorted(set(positions)), numbers[chunk])
    citations = []
    for chunk, n in sorted(numbers.items(), key=lambda x: x[1]):
        c = index.chunks[chunk]
        quotes = tuple(_clean(c.sentences[p]) for p in sorted(quoted[chunk]))
        citations.append(Citation(n=n, doc=c.doc, section=c.section, anchor=c.anchor, text=c.text, quotes=quotes))
    lines.append(texts.SOURCES_HEADING)
    lines += [f"{c.n}. {c.label}" for c in citations]
    lines += ["", texts.ANSWER_CLOSING.format(booking=f": {booking_url}" if booking_url else "")]
    return "\n".join(lines), tuple(citations)


def _clean(sentence: str) -> str:
    return _MARKER_CHARS.sub("", sentence).strip()


def _render(index: SearchIndex, chunk: int, positions: list[int], n: int) -> list[str]:
    """Lines for consecutive quotes of one source: running text on one line, list items one per line.

    A quote without closing punctuation ("… onder andere:") ends its line, so
    every line splits into whole sentences at ". ", "! " or "? ". The sentence
    that introduces a quoted list stands above it without a marker of its own:
    it is the list's caption and the items carry the source, so the first
    marked line is the item that answers rather than "… zijn onder andere:".
    """
    c = index.chunks[chunk]
    roles = c.roles or ("text",) * len(c.sentences)
    lines: list[str] = []
    run: list[str] = []

    def flush():
        if run:
            lines.append(" ".join(run) + f" [{n}]")
            run.clear()

    for i, p in enumerate(positions):
        sentence = _clean(c.sentences[p])
        if roles[p] == "item":
            flush()
            lines.append(f"- {sentence} [{n}]")
        elif roles[p] == "lead_in" and i + 1 < len(positions) and roles[positions[i + 1]] == "item":
            flush()
            lines.append(sentence)
        else:
            run.append(sentence)
            if not sentence.endswith((".", "!", "?")):
                flush()
    flush()
    return lines + [""]
