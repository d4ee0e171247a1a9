"""The index on disk: manifest rules, vector reuse, atomic builds, damaged files, interruptions at every step.

Build mechanics run on a small KB with the deterministic fake embedder (tests/fakes.py),
so they take milliseconds; what the vectors mean is tested with the real model elsewhere.
"""

import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from types import SimpleNamespace

import numpy as np
import pytest

from chatbot.errors import IndexCorrupt, IndexMissing, IndexStale
from chatbot.index import SearchIndex, build_index, current_build, open_index, status, switch_build, write_build

from .conftest import REPO, small_kb


@pytest.fixture()
def small(tmp_path, settings):
    return settings.replace(kb_dir=small_kb(tmp_path), index_dir=tmp_path / "index")


def test_a_build_writes_a_manifest_with_a_checksum_for_every_file(small, fake_embedder):
    folder = build_index(small, fake_embedder, show_progress=False)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert (manifest["model"], manifest["weights"], manifest["backend"]) == ("fake/bag-of-words", "sha256:fake", "fake")
    assert manifest["dimension"] == 64 and manifest["chunks"] == 3 and manifest["keys"] == 0
    assert manifest["documents"] == ["adem.md", "moro.md"]
    files = {p.name for p in folder.iterdir()} - {"manifest.json"}
    assert set(manifest["files"]) == files and all(len(h) == 64 for h in manifest["files"].values())
    assert current_build(small.index_dir) == folder


def test_question_keys_get_vectors_that_point_at_their_section(small, fake_embedder):
    (small.kb_dir / "adem.vragen.md").write_text("## Zitten\n- Is de hele dag zitten slecht?\n- kantoorwerk psoas\n")
    index = SearchIndex.load(build_index(small, fake_embedder, show_progress=False))
    assert [index.chunks[k.chunk].heading_path[-1] for k in index.key_refs] == ["Zitten", "Zitten"]
    assert index.key_vectors.shape == (2, 64)


def test_a_rebuild_embeds_only_the_text_that_changed(small, fake_embedder):
    build_index(small, fake_embedder, show_progress=False)
    fake_embedder.encoded.clear()
    (small.kb_dir / "moro.md").write_text("# Moro\n\n## Moro-reflex\n\nDe Moro-reflex is een schrikreflex.\n")
    build_index(small, fake_embedder, show_progress=False)
    assert fake_embedder.encoded and all("schrikreflex" in t for t in fake_embedder.encoded)


def test_a_missing_index_raises_or_is_built(small, fake_embedder):
    with pytest.raises(IndexMissing, match="python -m chatbot index build"):
        open_index(small, fake_embedder, rebuild=False)
    assert len(open_index(small, fake_embedder, rebuild=True).chunks) == 3


def test_a_changed_kb_makes_the_index_stale_and_triggers_a_rebuild_with_a_log_line(small, fake_embedder, caplog):
    first = open_index(small, fake_embedder)
    (small.kb_dir / "extra.md").write_text("# Extra\n\n## Nieuw\n\nEen nieuwe sectie over de psoas.\n")
    with pytest.raises(IndexStale, match="knowledge base changed"):
        open_index(small, fake_embedder, rebuild=False)
    with caplog.at_level(logging.WARNING, logger="chatbot.index"):
        second = open_index(small, fake_embedder)
    assert "rebuilding the index" in caplog.text
    assert second.version != first.version and len(second.chunks) == 4


def test_another_model_precision_or_runtime_makes_the_index_stale(small, fake_embedder):
    build_index(small, fake_embedder, show_progress=False)
    base = dict(model_id=fake_embedder.model_id, fingerprint=fake_embedder.fingerprint, dtype="float32",
                backend="fake")
    assert status(small, SimpleNamespace(**base))["state"] == "ok"
    for change, reason in ((dict(model_id="other/model"), "model changed"),
                           (dict(dtype="float16"), "model precision changed"),
                           (dict(backend="onnx"), "model runtime changed")):
        info = status(small, SimpleNamespace(**(base | change)))
        assert info["state"] == "stale" and reason in info["reasons"]


def test_a_file_changed_after_the_build_is_refused_and_rebuilt(small, fake_embedder):
    folder = build_index(small, fake_embedder, show_progress=False)
    data = bytearray((folder / "sections.faiss").read_bytes())
    data[-8:] = os.urandom(8)  # sizes intact, vector bytes not
    (folder / "sections.faiss").write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match="damaged: sections.faiss does not match its checksum"):
        open_index(small, fake_embedder, rebuild=False)
    assert status(small)["state"] == "corrupt"
    rebuilt = open_index(small, fake_embedder)
    assert rebuilt.folder != folder and len(rebuilt.chunks) == 3


def test_vectors_that_are_not_finite_are_refused_even_with_matching_checksums(small, fake_embedder, tmp_path):
    class NaNEmbedder(type(fake_embedder)):
        def encode_texts(self, texts, show_progress=False):
            vectors = super().encode_texts(texts)
            vectors[0, 0] = np.nan
            return vectors

    folder = build_index(small, NaNEmbedder(), show_progress=False)
    with pytest.raises(IndexCorrupt, match="not finite"):
        SearchIndex.load(folder)


def test_records_that_disagree_with_the_vectors_are_detected(small, fake_embedder):
    folder = build_index(small, fake_embedder, show_progress=False)
    lines = (folder / "chunks.jsonl").read_text().splitlines()
    (folder / "chunks.jsonl").write_text("\n".join(lines[:-1]) + "\n")
    with pytest.raises(IndexCorrupt):
        SearchIndex.load(folder)


# --- interruptions: before, during and at the switch ------------------------------------------


def _edit(small):
    (small.kb_dir / "adem.md").write_text("# Adem\n\n## Anders\n\nGewijzigde tekst over de psoas.\n")


def test_a_failure_while_embedding_leaves_the_old_index_in_use(small, fake_embedder):
    old = build_index(small, fake_embedder, show_progress=False)

    class Exploding(type(fake_embedder)):
        def encode_texts(self, *args, **kwargs):
            raise RuntimeError("power cut")

    _edit(small)
    with pytest.raises(RuntimeError, match="power cut"):
        build_index(small, Exploding(), show_progress=False)
    assert current_build(small.index_dir) == old and len(SearchIndex.load(old).chunks) == 3


def test_a_failure_half_way_through_writing_leaves_the_old_index_in_use(small, fake_embedder):
    old = build_index(small, fake_embedder, show_progress=False)

    def write_half(folder, plan, vectors, hashes, manifest):
        (folder / "chunks.jsonl").write_text("half")
        raise OSError("disk full")

    _edit(small)
    with pytest.raises(OSError, match="disk full"):
        build_index(small, fake_embedder, show_progress=False, write=write_half)
    assert current_build(small.index_dir) == old and len(SearchIndex.load(old).chunks) == 3
    assert list((small.index_dir / "builds").glob(".tmp-*"))  # the half build is left aside, never used
    assert len(open_index(small, fake_embedder).chunks) == 2  # the next build clears it and completes
    assert not list((small.index_dir / "builds").glob(".tmp-*"))


def test_a_failure_at_the_switch_leaves_the_old_index_in_use(small, fake_embedder):
    old = build_index(small, fake_embedder, show_progress=False)

    def switch_fails(index_dir, tmp, stamp):
        raise OSError("rename failed")

    _edit(small)
    with pytest.raises(OSError, match="rename failed"):
        build_index(small, fake_embedder, show_progress=False, switch=switch_fails)
    assert current_build(small.index_dir) == old and len(SearchIndex.load(old).chunks) == 3


def test_a_failure_after_the_rename_but_before_the_pointer_leaves_the_old_index_in_use(small, fake_embedder):
    old = build_index(small, fake_embedder, show_progress=False)

    def rename_then_fail(index_dir, tmp, stamp):
        os.replace(tmp, index_dir / "builds" / stamp)
        raise OSError("power cut before CURRENT")

    _edit(small)
    with pytest.raises(OSError):
        build_index(small, fake_embedder, show_progress=False, switch=rename_then_fail)
    assert current_build(small.index_dir) == old and len(SearchIndex.load(old).chunks) == 3


KILLED_WRITER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {repo!r})
    from tests.fakes import FakeEmbedder
    from chatbot.index import build_index, write_build
    from chatbot.settings import Settings

    def slow_write(folder, plan, vectors, hashes, manifest):
        (folder / "sections.faiss").write_bytes(b"half a file")
        print("writing", flush=True)
        time.sleep(60)  # killed here, with a half-written .tmp-* build on disk
        write_build(folder, plan, vectors, hashes, manifest)

    settings = Settings.from_env(kb_dir={kb!r}, index_dir={index!r})
    build_index(settings, FakeEmbedder(), show_progress=False, write=slow_write)
""")


def test_a_build_process_killed_while_writing_leaves_the_old_index_serving(small, fake_embedder):
    old = build_index(small, fake_embedder, show_progress=False)
    _edit(small)
    script = KILLED_WRITER.format(repo=str(REPO), kb=str(small.kb_dir), index=str(small.index_dir))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=REPO)
    assert proc.stdout.readline().strip() == "writing", proc.stderr.read()
    deadline = time.time() + 10
    while not list((small.index_dir / "builds").glob(".tmp-*/sections.faiss")) and time.time() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert list((small.index_dir / "builds").glob(".tmp-*"))
    assert current_build(small.index_dir) == old and len(SearchIndex.load(old).chunks) == 3
    assert len(open_index(small, fake_embedder).chunks) == 2  # the next build completes and clears the debris
    assert not list((small.index_dir / "builds").glob(".tmp-*"))


def test_write_and_switch_are_the_default_steps(small, fake_embedder):
    """The replaceable steps are the real ones (the fault tests above replace exactly these)."""
    import inspect

    params = inspect.signature(build_index).parameters
    assert params["write"].default is write_build and params["switch"].default is switch_build
