"""Faults: a KB edited while the chatbot runs, missing or unreachable models, damaged indexes."""

import logging
import os
import subprocess
import sys

import pytest

from chatbot import Assistant
from chatbot import assistant as assistant_module
from chatbot.cli import main
from chatbot.index import build_index, current_build

from .conftest import REPO, small_kb


def _cli(args, **env):
    return subprocess.run([sys.executable, "-m", "chatbot", *args], capture_output=True, text=True,
                          cwd=REPO, env=os.environ | {"HF_HUB_OFFLINE": "1"} | env, timeout=300)


@pytest.fixture()
def small_assistant(tmp_path, settings, embedder, monkeypatch):
    monkeypatch.setattr(assistant_module, "RELOAD_CHECK_SECONDS", 0.0)
    small = settings.replace(kb_dir=small_kb(tmp_path), index_dir=tmp_path / "index")
    return Assistant(small, embedder=embedder)  # the session's model: one model per process, as in the app


def test_a_kb_edit_is_picked_up_by_a_running_assistant_after_index_build(small_assistant, tmp_path):
    before = small_assistant.search("Wat doet de piriformis?", top_k=1)[0]
    assert "piriformis" not in before.chunk.text
    (small_assistant.settings.kb_dir / "spieren.md").write_text(
        "# Spieren\n\n## De piriformis\n\nDe piriformis is een diepe bilspier die het bovenbeen naar buiten roteert.\n")
    # What `python -m chatbot index build` does, from the outside:
    build_index(small_assistant.settings, small_assistant.embedder, show_progress=False)
    after = small_assistant.search("Wat doet de piriformis?", top_k=1)[0]
    assert after.chunk.section == "De piriformis"


def test_a_new_build_made_with_another_model_is_not_used(small_assistant, fake_embedder):
    small_assistant.search("psoas", top_k=1)
    old = small_assistant.index.version
    build_index(small_assistant.settings, fake_embedder, show_progress=False)
    assert current_build(small_assistant.settings.index_dir).name != old
    small_assistant.search("psoas", top_k=1)
    assert small_assistant.index.version == old


def test_a_new_build_with_damaged_vectors_is_not_swapped_in(small_assistant):
    small_assistant.search("psoas", top_k=1)
    old = small_assistant.index.version
    (small_assistant.settings.kb_dir / "adem.md").write_text("# Adem\n\n## Anders\n\nAndere tekst over de psoas.\n")
    new = build_index(small_assistant.settings, small_assistant.embedder, show_progress=False)
    data = bytearray((new / "keys.faiss").read_bytes())
    (new / "keys.faiss").write_bytes(bytes(data[:-4]) + b"\xff\xff\xff\x7f")
    answer = small_assistant.ask("Hoe ontspant een rustige buikademhaling de psoas?")
    assert small_assistant.index.version == old and answer.kind == "answer"


def test_a_missing_model_without_fetching_gives_an_actionable_message_not_a_traceback(tmp_path):
    result = _cli(["ask", "Wat is TRE?"], CHATBOT_MODEL_CACHE=str(tmp_path / "geen-cache"), CHATBOT_AUTO_FETCH="false")
    assert result.returncode == 1
    assert "python -m chatbot models fetch" in result.stderr and "het model ontbreekt" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unusable_model_cache_gives_an_actionable_message(tmp_path):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("not a folder")
    result = _cli(["models", "fetch"], CHATBOT_MODEL_CACHE=str(blocker))
    assert result.returncode == 1
    assert str(blocker) in result.stderr and "Traceback" not in result.stderr


@pytest.mark.model
def test_a_model_path_that_does_not_exist_is_named_in_the_message(tmp_path):
    result = _cli(["search", "psoas"], CHATBOT_MODEL=str(tmp_path / "nergens"), CHATBOT_INDEX_DIR=str(tmp_path / "i"))
    assert result.returncode == 1
    assert "nergens" in result.stderr and "CHATBOT_MODEL" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_corrupt_index_is_reported_and_rebuilt_by_the_cli(tmp_path, settings, embedder, capsys, caplog):
    small = settings.replace(kb_dir=small_kb(tmp_path), index_dir=tmp_path / "index")
    assistant = Assistant(small, embedder=embedder)
    build_index(small, embedder, show_progress=False)
    build = next((tmp_path / "index" / "builds").iterdir())
    (build / "manifest.json").write_text("{ kapot")
    assert main(["index", "status"], assistant=assistant) == 2
    assert '"state": "corrupt"' in capsys.readouterr().out
    with caplog.at_level(logging.WARNING, logger="chatbot.index"):
        assert main(["search", "ademhaling"], assistant=assistant) == 0
    assert "rebuilding the index" in caplog.text and "Ademhaling" in capsys.readouterr().out
