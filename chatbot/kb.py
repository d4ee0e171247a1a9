"""Loading the knowledge base: every Markdown file in `kb/` with its front matter.

A document starts with optional front matter between `---` lines (simple
`key: value` pairs: title, language, source, last_updated). HTML comments
(`<!-- video: … -->`, `<!-- button: … -->`) mark page elements that are not
knowledge; the chunker drops them, so they are never indexed or quoted.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KnowledgeBaseError

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


@dataclass(frozen=True)
class Document:
    """One Markdown file of the knowledge base."""

    name: str  # file name, e.g. "psoas.md": what citations show as the document
    body: str  # Markdown after the front matter
    meta: dict = field(default_factory=dict, compare=False, hash=False)

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


def load_documents(kb_dir: Path) -> list[Document]:
    """Every `*.md` file under `kb_dir`, sorted by path so ids and order are stable."""
    if not kb_dir.is_dir():
        raise KnowledgeBaseError(f"knowledge base folder {kb_dir} does not exist")
    paths = sorted(p for p in kb_dir.rglob("*.md") if p.is_file() and not p.name.startswith("."))
    if not paths:
        raise KnowledgeBaseError(f"knowledge base folder {kb_dir} holds no .md files")
    docs = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KnowledgeBaseError(f"cannot read {path}: {exc}") from None
        docs.append(parse_document(path.relative_to(kb_dir).as_posix(), text))
    return docs


def content_hash(kb_dir: Path) -> str:
    """sha256 over the names and bytes of every KB file: changes when anything in `kb/` changes."""
    h = hashlib.sha256()
    for path in sorted(p for p in kb_dir.rglob("*.md") if p.is_file() and not p.name.startswith(".")):
        h.update(path.relative_to(kb_dir).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()
