"""Loading the knowledge base: every Markdown file in `kb/` with its front matter.

A document starts with optional front matter between `---` lines (simple
`key: value` pairs: title, language, source, last_updated). HTML comments
(`<!-- video: … -->`, `<!-- button: … -->`) mark page elements that are not
knowledge; the chunker drops them, so they are never indexed or quoted.

Question keys: beside `psoas.md`, the file `psoas.vragen.md` lists under each
heading of the page the questions that section answers, in patients' words
("## Langdurig zitten" then "- Is de hele dag zitten slecht voor mijn psoas?").
They are embedded as extra vectors that point at their section, so a question
phrased unlike the page still finds it; they are never quoted. The practice
reads and extends them like the page itself.

Sentence keys: under a heading, a line "> " with one of that section's
sentences, followed by "- " questions, says which questions that sentence
answers best. They do not find the section; they help choose which of its
sentences the answer quotes first (compose.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KnowledgeBaseError

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
# The question-key file of `name.md` is `name.vragen.md`.
KEYS_SUFFIX = ".vragen.md"
_KEY_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_KEY_ITEM = re.compile(r"^\s*[-*]\s+(.+?)\s*$")
_KEY_SENTENCE = re.compile(r"^\s*>\s*(.+?)\s*$")


@dataclass(frozen=True)
class Document:
    """One Markdown file of the knowledge base."""

    name: str  # file name, e.g. "psoas.md": what citations show as the document
    body: str  # Markdown after the front matter
    meta: dict = field(default_factory=dict, compare=False, hash=False)
    # Question keys: heading text -> questions that section answers (from `name.vragen.md`).
    questions: dict = field(default_factory=dict, compare=False, hash=False)
    # Sentence keys: heading text -> ((sentence of that section, question it answers best), …).
    sentence_questions: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.name


def parse_document(name: str, text: str) -> Document:
    """Split front matter from body; the body is kept byte for byte."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        for n, line in enumerate(match.group(1).splitlines(), start=2):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, sep, value = line.partition(":")
            if not sep or not key.strip():
                raise KnowledgeBaseError(f"{name}: front matter line {n} is not 'key: value': {line!r}")
            meta[key.strip()] = value.strip().strip("'\"")
        text = text[match.end():]
    return Document(name=name, body=text, meta=meta)


def parse_keys(name: str, text: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[tuple[str, str], ...]]]:
    """Section keys (heading -> questions) and sentence keys (heading -> (sentence, question) pairs).

    "- " items under a heading are the section's keys until a "> " line names
    one of its sentences; the items after that line are that sentence's keys,
    until the next "> " line or heading. Other text is ignored.
    """
    questions: dict[str, list[str]] = {}
    sentence_questions: dict[str, list[tuple[str, str]]] = {}
    heading = sentence = None
    for n, line in enumerate(text.replace("\r\n", "\n").splitlines(), 1):
        match = _KEY_HEADING.match(line)
        if match:
            heading, sentence = match.group(1).strip(), None
            if heading in questions:
                raise KnowledgeBaseError(f"{name} line {n}: heading {heading!r} appears twice")
            questions[heading], sentence_questions[heading] = [], []
            continue
        if heading is None:
            continue
        quoted = _KEY_SENTENCE.match(line)
        if quoted:
            sentence = quoted.group(1)
            continue
        item = _KEY_ITEM.match(line)
        if item and sentence is None:
            questions[heading].append(item.group(1))
        elif item:
            sentence_questions[heading].append((sentence, item.group(1)))
    return ({h: tuple(q) for h, q in questions.items() if q},
            {h: tuple(q) for h, q in sentence_questions.items() if q})


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"cannot read {path}: {exc}") from None


def _kb_files(kb_dir: Path) -> list[Path]:
    return sorted(p for p in kb_dir.rglob("*.md") if p.is_file() and not p.name.startswith("."))


def load_documents(kb_dir: Path) -> list[Document]:
    """Every `*.md` file under `kb_dir` with its question keys, sorted by path so ids and order are stable."""
    if not kb_dir.is_dir():
        raise KnowledgeBaseError(f"knowledge base folder {kb_dir} does not exist")
    files = _kb_files(kb_dir)
    pages = [p for p in files if not p.name.endswith(KEYS_SUFFIX)]
    if not pages:
        raise KnowledgeBaseError(f"knowledge base folder {kb_dir} holds no .md files")
    docs = []
    for path in pages:
        doc = parse_document(path.relative_to(kb_dir).as_posix(), _read(path))
        keys = path.with_name(path.name[: -len(".md")] + KEYS_SUFFIX)
        if keys.is_file():
            doc = Document(doc.name, doc.body, doc.meta, *parse_keys(keys.name, _read(keys)))
        docs.append(doc)
    orphans = [p.name for p in files if p.name.endswith(KEYS_SUFFIX)
               and not p.with_name(p.name[: -len(KEYS_SUFFIX)] + ".md").is_file()]
    if orphans:
        raise KnowledgeBaseError(f"question-key file(s) without a page: {', '.join(orphans)}")
    return docs


def content_hash(kb_dir: Path) -> str:
    """sha256 over the names and bytes of every KB file: changes when anything in `kb/` changes."""
    h = hashlib.sha256()
    for path in _kb_files(kb_dir):
        h.update(path.relative_to(kb_dir).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()
