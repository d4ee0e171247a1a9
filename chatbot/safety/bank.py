"""The labelled routing bank: example messages the route classifier learns from.

Every `bank/*.jsonl` file holds one message per line:
`{"text": …, "label": …, "category": …, "template": …}`.

- label: urgent | in_scope | out_of_scope | practice | smalltalk
- category: for urgent messages one of categories.toml (the classifier learns
  each category, which picks the reply); for the others a free kind used in
  reports ("hn_tre", "medication", "callback", …)
- template: near-paraphrases of one situation share a template, so a
  cross-validation can hold whole templates out and measure phrasings the
  classifier never saw.

The bank is written by the team from the knowledge base and from how patients
write, never from an evaluation set. `starter.jsonl` is the shared starter bank
(admin questions relabelled `practice`, small talk `smalltalk`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

BANK_DIR = Path(__file__).resolve().parent / "bank"
LABELS = ("urgent", "in_scope", "out_of_scope", "practice", "smalltalk")


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    category: str
    template: str
    source: str  # file name

    @property
    def target(self) -> str:
        """The class the classifier learns: the category for urgent messages, else the label."""
        return f"urgent:{self.category}" if self.label == "urgent" else self.label


def load_bank(folder: Path = BANK_DIR, categories: set[str] | None = None) -> list[Example]:
    """Every example of every `*.jsonl` file in `folder`, validated; exact duplicate texts kept once.

    `categories`: the known urgent categories; an urgent example with another
    category is an error (a typo would otherwise train a class of its own).
    """
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise ConfigError(f"routing bank folder {folder} holds no .jsonl files")
    examples: list[Example] = []
    seen: set[str] = set()
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name} line {n}"
            try:
                item = json.loads(line)
            except ValueError:
                raise ConfigError(f"{where} is not valid JSON") from None
            if not isinstance(item, dict):
                raise ConfigError(f"{where} is not a JSON object")
            text, label = item.get("text"), item.get("label")
            category, template = item.get("category"), item.get("template")
            if not isinstance(text, str) or not text.strip():
                raise ConfigError(f"{where} has no text")
            if label not in LABELS:
                raise ConfigError(f"{where} has label {label!r}; use one of {', '.join(LABELS)}")
            if not category or not template:
                raise ConfigError(f"{where} needs a category and a template")
            if label == "urgent" and categories is not None and category not in categories:
                raise ConfigError(f"{where} has unknown urgent category {category!r}")
            key = " ".join(text.split()).lower()
            if key in seen:
                continue
            seen.add(key)
            examples.append(Example(text.strip(), label, category, template, path.name))
    return examples


def bank_hash(folder: Path = BANK_DIR) -> str:
    """sha256 over the bank files: an index build records it, and a change retrains the classifier."""
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.jsonl")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
