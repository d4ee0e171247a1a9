"""The index on disk: manifest rules, atomic builds, damaged files. Real model, small KB."""

import json
import logging
import os
import signal
import subprocess
import sys
import time

import pytest

from chatbot.errors import IndexCorrupt, IndexMissing, IndexStale
from chatbot.index import SearchIndex, build_index, current_build, open_index, status
from chatbot.settings import Settings

from .conftest import REPO, small_kb


@pytest.fixture()
def small(tmp_path, settings):
    kb = small_kb(tmp_path)
    return settings.replace(kb_dir=kb, index_dir=tmp_path / "index")


def test_a_build_writes_a_manifest_that_describes_it(small, embedder):
    folder = build_index(small, embedder, show_progress=False)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["model"] == small.model and manifest["weights"].startswith("sha256:")
    assert manifest["dimension"] == 768 and manifest["chunks"] == 3
    assert manifest["documents"] == ["adem.md", "moro.md"]
    assert {"kb_hash", "chunker_version", "built_at", "dtype"} <= set(manifest)
    assert current_build(small.index_dir) == folder


def test_a_missing_index_raises_or_is_built(small, embedder):
    with pytest.raises(IndexMissing, match="python -m chatbot index build"):
        open_index(small, embedder, rebuild=False)
    assert len(open_index(small, embedder, rebuild=True).chunks) == 3


def test_a_changed_kb_makes_the_index_stale_and_triggers_a_rebuild_with_a_log_line(small, embedder, caplog):
    first = open_index(small, embedder)
    (small.kb_dir / "extra.md").write_text("# Extra\n\n## Nieuw\n\nEen nieuwe sectie over de psoas.\n")
    with pytest.raises(IndexStale, match="knowledge base changed"):
        open_index(small, embedder, rebuild=False)
    with caplog.at_level(logging.WARNING, logger="chatbot.index"):
        second = open_index(small, embedder)
    assert "rebuilding the index" in caplog.text
    assert second.version != first.version and len(second.chunks) == 4


def test_another_model_or_precision_makes_the_index_stale(small, embedder):
    build_index(small, embedder, show_progress=False)
    info = status(small, "other/model", embedder.fingerprint, embedder.dtype)
    assert info["state"] == "stale" and "model changed" in info["reasons"]
    info = status(small, small.model, embedder.fingerprint, "float16")
    assert "model precision changed" in info["reasons"]


def test_corrupt_index_files_give_a_clear_error_or_a_rebuild(small, embedder):
    folder = build_index(small, embedder, show_progress=False)
    (folder / "sections.faiss").write_bytes(b"not a faiss index")
    with pytest.raises(IndexCorrupt, match="cannot be read"):
        open_index(small, embedder, rebuild=False)
    assert status(small)["state"] == "corrupt"
    rebuilt = open_index(small, embedder)
    assert rebuilt.folder != folder and len(rebuilt.chunks) == 3


def test_inconsistent_index_files_are_detected(small, embedder):
    folder = build_index(small, embedder, show_progress=False)
    lines = (folder / "chunks.jsonl").read_text().splitlines()
    (folder / "chunks.jsonl").write_text("\n".join(lines[:-1]) + "\n")
    with pytest.raises(IndexCorrupt, match="inconsistent"):
        SearchIndex.load(folder)


def test_a_build_that_fails_half_way_leaves_the_old_index_in_use(small, embedder):
    old = build_index(small, embedder, show_progress=False)

    class Exploding:
        model_id, fingerprint, dtype = embedder.model_id, embedder.fingerprint, embedder.dtype

        def encode_documents(self, *args, **kwargs):
            raise RuntimeError("power cut")

    (small.kb_dir / "adem.md").write_text("# Adem\n\n## Anders\n\nGewijzigde tekst over de psoas.\n")
    with pytest.raises(RuntimeError):
        build_index(small, Exploding(), show_progress=False)
    assert current_build(small.index_dir) == old
    assert len(SearchIndex.load(old).chunks) == 3


def test_a_killed_build_process_leaves_the_old_index_serving(small, embedder, tmp_path):
    old = build_index(small, embedder, show_progress=False)
    (small.kb_dir / "adem.md").write_text((small.kb_dir / "adem.md").read_text() + "\n## Meer\n\nNog een zin.\n")
    env = os.environ | {"CHATBOT_KB_DIR": str(small.kb_dir), "CHATBOT_INDEX_DIR": str(small.index_dir),
                        "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "chatbot", "index", "build"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    # Kill it once it is busy (model loaded and encoding), well before it can finish.
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        line = proc.stderr.readline()
        if "Index bouwen" in line:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert current_build(small.index_dir) == old
    assert len(SearchIndex.load(current_build(small.index_dir)).chunks) == 3
    # The next build completes and clears what the killed one left behind.
    assert len(open_index(small, embedder).chunks) == 4
    assert not list((small.index_dir / "builds").glob(".tmp-*"))
