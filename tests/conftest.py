"""Shared fixtures: one real model and one real index for the whole session, and an isolated environment.

Layers (markers registered in pyproject.toml, --strict-markers):
- unmarked: pure logic, no model (data validation, rules, router decisions on
  synthetic scores, chunking, the fake embedder); seconds;
- `model`: the real EmbeddingGemma model and the project's own index (loaded
  once per session, shared through the `assistant` fixture);
- `app`: the real Gradio server; `browser`: real Chromium on top of it.
`bash scripts/test.sh` runs everything, as CI does; `python -m pytest -m "not model and not app and not
browser"` runs the fast layer.

Every test runs with the CHATBOT_* variables of the shell removed and a fresh
data folder, so no test writes into the repository's data/ or depends on the
developer's settings. Tests that damage an index work on their own copy.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from chatbot import Assistant, Settings

from .fakes import FakeEmbedder

REPO = Path(__file__).resolve().parents[1]
DEV_SET = REPO.parent / "shared" / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def session_data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path, session_data_dir):
    """No CHATBOT_* setting leaks in from the shell; the data folder is a temporary one."""
    for key in list(os.environ):
        if key.startswith("CHATBOT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("CHATBOT_DATA_DIR", str(session_data_dir))


@pytest.fixture(scope="session")
def settings(session_data_dir) -> Settings:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATBOT_")}
    return Settings.from_env(env, data_dir=session_data_dir)


@pytest.fixture(scope="session")
def assistant(settings) -> Assistant:
    return Assistant(settings).warm_up()


@pytest.fixture(scope="session")
def embedder(assistant):
    return assistant.embedder


@pytest.fixture(scope="session")
def torch_embedder(settings, embedder):
    """The model on torch (the default runs on ONNX where its export passed the guard): the reference."""
    from chatbot.embedding import Embedder

    return embedder if embedder.backend == "torch" else Embedder(settings.replace(backend="torch"))


@pytest.fixture(scope="session")
def index(assistant):
    return assistant.index


@pytest.fixture()
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="session")
def dev_questions() -> list[dict]:
    if not DEV_SET.is_file():
        pytest.skip(f"evaluation set {DEV_SET} is not present")
    return [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def pytest_collection_modifyitems(items):
    """Tests that use the real model (directly or through the app) carry the `model` marker."""
    for item in items:
        if {"assistant", "embedder", "index"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


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
