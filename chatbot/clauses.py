"""Splitting a message into sentences and clauses, so each part can be judged on its own.

Patients tell an alarm in passing and end with an ordinary question ("Ik doe
jullie oefeningen, maar sinds vanochtend hangt mijn mondhoek. Mag ik
doorgaan?"). Judged as one message the question dilutes the alarm; judged per
clause it cannot. Long stories also retrieve better when each clause gets a
vector of its own. Sentences come from pysbd (Dutch abbreviations such as
"bijv." and "o.a." do not end a sentence); clauses split a sentence at commas,
semicolons, colons, dashes and before conjunctions that start a new statement.
"""

from __future__ import annotations

import functools
import re

# At most this many parts per message: bounds the cost of one batched forward pass.
MAX_PARTS = 12
# Parts with fewer words are glued to the next one ("Ik heb er" says nothing alone).
MIN_WORDS = 4

_CLAUSE_BREAK = re.compile(
    r"\s*(?:[,;:]|\s[-–—]\s|\.\.\.|…)\s*"
    r"|\s+(?=(?:maar|omdat|want|terwijl|sinds|sindsdien|dus|alleen|behalve|hoewel|zodat|waardoor|daarna|"
    r"en nu|en sinds|en toen|but|because|while|since|although|and now|and since)\b)",
    re.I,
)

# "niet alleen …, maar ook …" is one statement: its first half alone ("ik wil niet alleen …") reads as something
# else, so a split inside the pair is undone.
_NOT_ONLY = re.compile(r"\b(?:niet|nie|not|nicht)\s+(?:alleen|enkel|slechts|only|just|nur)\b", re.I)
_NOT_END = re.compile(r"\b(?:niet|nie|not|nicht)$", re.I)
_ONLY_START = re.compile(r"^(?:alleen|enkel|slechts|only|just|nur)\b", re.I)
_BUT_ALSO = re.compile(r"^(?:maar|but|sondern)\b", re.I)


@functools.lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="nl", clean=False)


# Where pysbd can end a sentence. A line with none of these before its last character is one sentence: pysbd
# returned it whole for all 5,958 such lines of the routing bank, at ~0.5 ms each, now saved.
_SENTENCE_END = re.compile(r"[.!?…]")


def sentences(text: str) -> list[str]:
    """The sentences of `text`, line by line (a line break always ends a sentence)."""
    out = []
    for line in re.split(r"[\r\n]+", text or ""):
        line = line.strip()
        if not line:
            continue
        if not _SENTENCE_END.search(line[:-1]):
            out.append(line)
        else:
            out += [s.strip() for s in _segmenter().segment(line) if s.strip()]
    return out


def _correlatives(parts: list[str]) -> list[str]:
    """Undo splits inside "niet alleen …, maar ook …" (and "not only … but", "nicht nur … sondern")."""
    merged: list[str] = []
    for part in parts:
        part = part.strip()
        if merged and ((_ONLY_START.match(part) and _NOT_END.search(merged[-1]))
                       or (_BUT_ALSO.match(part) and _NOT_ONLY.search(merged[-1]))):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def _glue(parts: list[str]) -> list[str]:
    """Join parts shorter than MIN_WORDS to the next part (the last one to the previous)."""
    merged: list[str] = []
    buffer = ""
    for part in parts:
        buffer = f"{buffer} {part}".strip()
        if len(buffer.split()) >= MIN_WORDS:
            merged.append(buffer)
            buffer = ""
    if buffer:
        if merged:
            merged[-1] = f"{merged[-1]} {buffer}"
        else:
            merged.append(buffer)
    return merged


def clauses(text: str, limit: int = MAX_PARTS) -> list[str]:
    """The message's sentences (when there are several) and their clauses, without the whole message.

    A one-clause message gives []: the message itself is all there is. Order
    is reading order, sentences before their own clauses; duplicates dropped.
    """
    whole = " ".join((text or "").split())
    found = sentences(text)
    parts: list[str] = []
    for sentence in found:
        if len(found) > 1 and len(sentence.split()) >= MIN_WORDS:
            parts.append(sentence)
        pieces = _glue(_correlatives([p for p in _CLAUSE_BREAK.split(sentence) if p and p.strip()]))
        if len(pieces) > 1:
            parts += pieces
    unique = []
    for part in parts:
        part = " ".join(part.split())
        if part and part != whole and part not in unique:
            unique.append(part)
    return unique[:limit]
