#!/usr/bin/env python3
"""Check that kb/psoas.md keeps the text of the practice's psoas web page verbatim.

Usage (from the repository root):

    python scripts/check_kb_verbatim.py [--seed PATH] [--kb PATH]

Both sides are folded the same way before comparing: Unicode NFC, lower case,
the characters * _ # > ` • [ ] removed, every run of whitespace (including
non-breaking spaces) collapsed to one space.

1. Missing: the seed page is split into units (each non-empty line, then split
   after . ! or ? followed by whitespace). Units that are video/button calls to
   action, pure enumerators ("01", "1."), shouting banners, or heading-like
   (no . ! ? and at most 8 words; list items are never heading-like) are
   ignored. Every other unit must occur inside one line of the KB (front
   matter and HTML comments removed; headings count, list markers stripped).
2. Invented: every KB body line (not a heading, comment or front matter, list
   marker stripped) must equal one whole line of the seed page, so no text was
   added, and no paragraph was split across lines or joined with another.
3. Counts: a seed line that appears in the KB body must appear there as often
   as in the seed (catches a dropped repeated line such as "Voorbeeld:").

Exit status 1 if anything is missing, invented or miscounted, else 0.
Standard library only.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED_CANDIDATES = [
    ROOT.parent / "shared" / "seed" / "psoas-webpage.txt",
    ROOT / "shared" / "seed" / "psoas-webpage.txt",
    ROOT / "psoas-webpage.txt",
]
DEFAULT_KB = ROOT / "kb" / "psoas.md"

_FOLD_CHARS = re.compile(r"[*_#>`•\[\]]")
_SPLIT = re.compile(r"(?<=[.!?])\s+")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
# Seed-side markers: bullets "  • item", enumerators "1. Title", "1.Title", "01".
_SEED_MARKER = re.compile(r"^\s*(?:•\s*|\d{1,2}[.)]\s*)")
# KB-side list markers: "- item", "* item", "1. item".
_KB_MARKER = re.compile(r"^\s*(?:[-*+]\s+|\d{1,2}[.)]\s+)")
# Calls to action on the page: video links and buttons.
_CTA = re.compile(r"^(kijk hier de video\b|ik wil\b)", re.I)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = _FOLD_CHARS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def is_shouting(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def is_ignorable(unit: str, is_list_item: bool) -> bool:
    """CTA, enumerator, banner or heading-like unit: not a sentence of the body text."""
    if not any(c.isalpha() for c in unit):
        return True  # "01", "1."
    if _CTA.match(unit):
        return True
    if is_list_item:
        return False
    if is_shouting(unit) and not re.search(r"[.!?]$", unit):
        return True
    return not re.search(r"[.!?]", unit) and len(unit.split()) <= 8


def seed_units(seed_text: str) -> list[str]:
    """Sentences of the seed page that must be found in the KB (unfolded, for reporting)."""
    units = []
    for raw in seed_text.splitlines():
        line = raw.replace("\xa0", " ").strip()
        if not line:
            continue
        is_list_item = line.startswith("•")
        body = _SEED_MARKER.sub("", line).strip()
        if not body or is_ignorable(line, is_list_item) or is_ignorable(body, is_list_item):
            continue
        for part in _SPLIT.split(body):
            part = part.strip()
            if part and any(c.isalpha() for c in part):
                units.append(part)
    return units


def seed_lines(seed_text: str) -> list[str]:
    """Folded whole lines of the seed page, markers stripped."""
    out = []
    for raw in seed_text.splitlines():
        line = _SEED_MARKER.sub("", raw.replace("\xa0", " ").strip()).strip()
        if line:
            out.append(fold(line))
    return out


def kb_parts(kb_text: str) -> tuple[list[str], list[tuple[int, str]]]:
    """(folded lines incl. headings, [(line number, raw body line)]) of the KB file."""
    kb_text = kb_text.replace("\r\n", "\n").lstrip("\ufeff")
    offset = 0
    m = _FRONT_MATTER.match(kb_text)
    if m:
        offset = kb_text[: m.end()].count("\n")
        kb_text = kb_text[m.end():]
    # Blank out comments but keep line numbers.
    kb_text = _COMMENT.sub(lambda c: "\n" * c.group(0).count("\n"), kb_text)
    all_lines, body = [], []
    for n, raw in enumerate(kb_text.split("\n"), start=offset + 1):
        if not raw.strip():
            continue
        stripped = _KB_MARKER.sub("", raw).strip()
        all_lines.append(fold(stripped))
        if not _HEADING.match(raw):
            body.append((n, raw))
    return all_lines, body


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=Path, default=None, help="raw text of the web page")
    ap.add_argument("--kb", type=Path, default=DEFAULT_KB, help="Markdown file to check")
    args = ap.parse_args(argv)

    seed_path = args.seed or next((p for p in DEFAULT_SEED_CANDIDATES if p.is_file()), None)
    if seed_path is None or not seed_path.is_file():
        print("seed page not found; pass --seed PATH", file=sys.stderr)
        return 2
    seed_text = seed_path.read_text(encoding="utf-8")
    kb_text = args.kb.read_text(encoding="utf-8")

    kb_lines, kb_body = kb_parts(kb_text)
    units = seed_units(seed_text)

    missing = [u for u in units if not any(fold(u) in line for line in kb_lines)]
    found = len(units) - len(missing)

    s_lines = seed_lines(seed_text)
    s_set = set(s_lines)
    invented = []
    body_folded = []
    for n, raw in kb_body:
        f = fold(_KB_MARKER.sub("", raw).strip())
        body_folded.append(f)
        if f not in s_set:
            invented.append((n, raw.strip()))

    s_count, k_count = Counter(s_lines), Counter(body_folded)
    miscounted = [(line, s_count[line], k_count[line])
                  for line in k_count if line in s_count and s_count[line] != k_count[line]]

    print(f"seed: {seed_path}")
    print(f"kb:   {args.kb}")
    print(f"seed sentences found verbatim: {found}/{len(units)}")
    print(f"missing seed sentences: {len(missing)}")
    for u in missing:
        print(f"  MISSING: {u}")
    print(f"KB body lines not present in the seed: {len(invented)}")
    for n, raw in invented:
        print(f"  INVENTED (line {n}): {raw}")
    print(f"seed lines with a different count in the KB: {len(miscounted)}")
    for line, s, k in miscounted:
        print(f"  COUNT seed={s} kb={k}: {line}")
    return 1 if (missing or invented or miscounted) else 0


if __name__ == "__main__":
    sys.exit(main())
