"""Shared fixtures: one real model and one real index for the whole session.

The model is EmbeddingGemma-300M as fetched by `python -m chatbot models fetch`
(scripts/test.sh does that first); the index is the project's own `index/`,
rebuilt automatically when `kb/` changed. Tests that damage an index work on
their own copy in a temporary folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatbot import Assistant, Settings

REPO = Path(__file__).resolve().parents[1]
DEV_SET = REPO.parent / "shared" / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="session")
def assistant(settings) -> Assistant:
    return Assistant(settings).warm_up()


@pytest.fixture(scope="session")
def embedder(assistant):
    return assistant.embedder


@pytest.fixture(scope="session")
def index(assistant):
    return assistant.index


@pytest.fixture(scope="session")
def dev_questions() -> list[dict]:
    if not DEV_SET.is_file():
        pytest.skip(f"evaluation set {DEV_SET} is not present")
    return [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def small_kb(folder: Path, extra: str = "") -> Path:
    """A two-document knowledge base for tests that build their own index."""
    kb = folder / "kb"
    kb.mkdir(parents=True, exist_ok=True)
    (kb / "adem.md").write_text(
        "---\ntitle: Adem\nlanguage: nl\n---\n\n# Adem\n\n## Ademhaling\n\n"
        "De psoas en het diafragma zijn met elkaar verbonden. Een rustige buikademhaling ontspant de psoas.\n\n"
        "## Zitten\n\nLangdurig zitten verkort de psoas.\n" + extra,
        encoding="utf-8",
    )
    (kb / "moro.md").write_text(
        "# Moro\n\n## Moro-reflex\n\nDe Moro-reflex verdwijnt rond de leeftijd van 4 tot 6 maanden.\n",
        encoding="utf-8",
    )
    return kb
