"""Input hygiene: what a typed question becomes before anything else looks at it.

Patients paste all sorts of things. Markup is neutralised (HTML tags and
script blocks removed, Markdown links reduced to their text), control
characters and null bytes dropped, white space folded, and the text cut to a
maximum length. The cleaned text is never echoed back as HTML: answers quote
only the knowledge base and fixed templates.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

_SCRIPT = re.compile(r"<\s*(script|style)\b.*?(<\s*/\s*\1\s*>|$)", re.I | re.S)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL_SCHEME = re.compile(r"\b(?:javascript|data|vbscript):", re.I)


@dataclass(frozen=True)
class CleanQuestion:
    text: str
    truncated: bool = False

    @property
    def empty(self) -> bool:
        return not self.text


def clean_question(raw, limit: int = 1000) -> CleanQuestion:
    """Neutralised, length-limited question text (possibly empty)."""
    text = "" if raw is None else str(raw)
    text = unicodedata.normalize("NFC", text)
    # Control characters (Cc, also NUL), format characters used to hide text (Cf), stray surrogates (Cs).
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") else ch for ch in text)
    text = html.unescape(text)  # "&lt;script&gt;" is a tag too
    text = _SCRIPT.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = text.replace("<", " ").replace(">", " ")
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _URL_SCHEME.sub(" ", text)
    text = re.sub(r"[`*_#|\[\]{}\\]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    truncated = len(text) > limit
    if truncated:
        cut = text[:limit]
        space = cut.rfind(" ")
        text = (cut[:space] if space > limit * 0.8 else cut).strip()
    return CleanQuestion(text, truncated)
