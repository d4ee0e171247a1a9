"""The search index on disk: FAISS vectors for sections and sentences, chunk records and a manifest.

Layout of `index/`:

    CURRENT                 name of the build in use (replaced atomically)
    builds/<stamp>/         one complete build:
        manifest.json       model id, weight hash, dtype, KB hash, chunker version, counts, build time
        chunks.jsonl        the Chunk records, in index order
        sections.faiss      one normalised vector per chunk (inner product = cosine)
        sentences.faiss     one normalised vector per sentence (for retrieval and answer composition)
        sentences.jsonl     which chunk and position each sentence vector belongs to

A build is written to `builds/.tmp-*` and only then named in CURRENT, so an
interrupted build never replaces a working index. Loading checks the manifest
against the current KB, model and chunker; a mismatch or unreadable files
lead to a rebuild (with a log line) or a clear error, never a crash.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from .chunks import CHUNKER_VERSION, chunk_documents, embedding_title
from .errors import IndexCorrupt, IndexMissing, IndexProblem, IndexStale
from .kb import content_hash, load_documents
from .records import Chunk
from .settings import Settings

log = logging.getLogger(__name__)

FORMAT = 1
# Sentences shorter than this many words ("Voorbeeld:") get no vector of their own.
MIN_SENTENCE_WORDS = 3
# Manifest keys that must match the current KB/model/chunker for an index to be used.
FRESHNESS_KEYS = ("format", "model", "weights", "dtype", "kb_hash", "chunker_version", "max_section_chars")


@dataclass(frozen=True)
class SentenceRef:
    chunk: int  # position of the chunk in SearchIndex.chunks
    pos: int  # position of the sentence in chunk.sentences
    text: str


class SearchIndex:
    """A loaded index: chunk records and their section and sentence vectors (read-only, shared)."""

    def __init__(self, folder: Path, manifest: dict, chunks: list[Chunk], sections, sentences,
                 sentence_refs: list[SentenceRef]):
        self.folder = folder
        self.manifest = manifest
        self.chunks = chunks
        self.sections = sections  # faiss.IndexFlatIP over chunk vectors
        self.sentences = sentences  # faiss.IndexFlatIP over sentence vectors
        self.sentence_refs = sentence_refs
        self.section_vectors = _vectors(sections)
        self.sentence_vectors = _vectors(sentences)
        self.sentences_of_chunk: list[list[int]] = [[] for _ in chunks]
        for i, ref in enumerate(sentence_refs):
            self.sentences_of_chunk[ref.chunk].append(i)

    @property
    def version(self) -> str:
        return self.folder.name

    @classmethod
    def load(cls, folder: Path) -> "SearchIndex":
        import faiss

        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            chunks = [_chunk_from_json(json.loads(line)) for line in
                      (folder / "chunks.jsonl").read_text(encoding="utf-8").splitlines() if line]
            refs = [SentenceRef(**json.loads(line)) for line in
                    (folder / "sentences.jsonl").read_text(encoding="utf-8").splitlines() if line]
            sections = faiss.read_index(str(folder / "sections.faiss"))
            sentences = faiss.read_index(str(folder / "sentences.faiss"))
        except FileNotFoundError as exc:
            raise IndexCorrupt(f"index build {folder} is incomplete: {exc.filename} is missing") from None
        except (OSError, ValueError, TypeError, KeyError, RuntimeError) as exc:
            raise IndexCorrupt(f"index build {folder} cannot be read: {exc}") from None
        problems = []
        if sections.ntotal != len(chunks) or manifest.get("chunks") != len(chunks):
            problems.append(f"{sections.ntotal} section vectors for {len(chunks)} chunks")
        if sentences.ntotal != len(refs) or manifest.get("sentences") != len(refs):
            problems.append(f"{sentences.ntotal} sentence vectors for {len(refs)} sentences")
        if sections.d != manifest.get("dimension") or sentences.d != manifest.get("dimension"):
            problems.append(f"vector dimension {sections.d}, manifest says {manifest.get('dimension')}")
        if any(r.chunk >= len(chunks) or r.pos >= len(chunks[r.chunk].sentences) for r in refs):
            problems.append("a sentence refers to a chunk or position that does not exist")
        if problems:
            raise IndexCorrupt(f"index build {folder} is inconsistent: {'; '.join(problems)}")
        return cls(folder, manifest, chunks, sections, sentences, refs)


def _vectors(faiss_index) -> np.ndarray:
    if faiss_index.ntotal == 0:
        return np.zeros((0, faiss_index.d), dtype=np.float32)
    return faiss_index.reconstruct_n(0, faiss_index.ntotal)


def _chunk_from_json(d: dict) -> Chunk:
    return Chunk(id=d["id"], doc=d["doc"], heading_path=tuple(d["heading_path"]), anchor=d["anchor"],
                 text=d["text"], sentences=tuple(d["sentences"]), order=d["order"])


def _chunk_to_json(c: Chunk) -> dict:
    return {"id": c.id, "doc": c.doc, "heading_path": list(c.heading_path), "anchor": c.anchor,
            "text": c.text, "sentences": list(c.sentences), "order": c.order}


def current_build(index_dir: Path) -> Path | None:
    """The build folder CURRENT names, or None when there is none."""
    try:
        name = (index_dir / "CURRENT").read_text().strip()
    except OSError:
        return None
    if not name or "/" in name or name.startswith("."):
        return None
    return index_dir / "builds" / name


def expected_state(settings: Settings, model_id: str, weights: str, dtype: str) -> dict:
    """The manifest values an index must have to be used with this KB, model and chunker."""
    return {
        "format": FORMAT,
        "model": model_id,
        "weights": weights,
        "dtype": dtype,
        "kb_hash": content_hash(settings.kb_dir),
        "chunker_version": CHUNKER_VERSION,
        "max_section_chars": settings.max_section_chars,
    }


def stale_reasons(manifest: dict, expected: dict) -> list[str]:
    """Human-readable differences between a manifest and the expected state (empty = fresh)."""
    names = {"kb_hash": "knowledge base changed", "weights": "model weights changed", "model": "model changed",
             "dtype": "model precision changed", "chunker_version": "chunker changed",
             "format": "index format changed", "max_section_chars": "section size setting changed"}
    return [names[k] for k in FRESHNESS_KEYS if manifest.get(k) != expected.get(k)]


@contextlib.contextmanager
def _build_lock(index_dir: Path):
    """One build at a time per index folder (another process waits rather than racing)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def build_index(settings: Settings, embedder, show_progress: bool = True) -> Path:
    """Chunk the KB, embed sections and sentences, write a new build and make it CURRENT.

    Returns the new build folder. Older builds are removed after the switch.
    """
    import faiss

    started = time.perf_counter()
    docs = load_documents(settings.kb_dir)
    kb_hash = content_hash(settings.kb_dir)
    chunks = chunk_documents(docs, settings.max_section_chars)
    refs = [SentenceRef(ci, si, s) for ci, c in enumerate(chunks) for si, s in enumerate(c.sentences)
            if len(s.split()) >= MIN_SENTENCE_WORDS]
    if show_progress:
        print(f"Index bouwen: {len(docs)} document(en), {len(chunks)} secties, {len(refs)} zinnen",
              file=sys.stderr)
    t0 = time.perf_counter()
    section_vecs = embedder.encode_documents([embedding_title(c) for c in chunks], [c.text for c in chunks],
                                             show_progress=show_progress)
    t1 = time.perf_counter()
    sentence_vecs = embedder.encode_documents([embedding_title(chunks[r.chunk]) for r in refs],
                                              [r.text for r in refs], show_progress=show_progress)
    t2 = time.perf_counter()

    index_dir = settings.index_dir
    builds = index_dir / "builds"
    with _build_lock(index_dir):
        builds.mkdir(parents=True, exist_ok=True)
        for stale in builds.glob(".tmp-*"):  # left by an interrupted build
            shutil.rmtree(stale, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=builds))
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        manifest = expected_state(settings, embedder.model_id, embedder.fingerprint, embedder.dtype) | {
            "kb_hash": kb_hash,
            "model_ref": embedder.model_ref,
            "dimension": int(section_vecs.shape[1]),
            "chunks": len(chunks),
            "sentences": len(refs),
            "documents": [d.name for d in docs],
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "build_seconds": {"sections": round(t1 - t0, 2), "sentences": round(t2 - t1, 2),
                              "total": round(time.perf_counter() - started, 2)},
        }
        for name, vecs in (("sections.faiss", section_vecs), ("sentences.faiss", sentence_vecs)):
            flat = faiss.IndexFlatIP(section_vecs.shape[1])
            flat.add(vecs)
            faiss.write_index(flat, str(tmp / name))
        with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as f:
            for c in chunks:
                f.write(json.dumps(_chunk_to_json(c), ensure_ascii=False) + "\n")
        with open(tmp / "sentences.jsonl", "w", encoding="utf-8") as f:
            for r in refs:
                f.write(json.dumps({"chunk": r.chunk, "pos": r.pos, "text": r.text}, ensure_ascii=False) + "\n")
        # The manifest is written last: a build without it is never complete.
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        final = builds / stamp
        os.replace(tmp, final)
        pointer = index_dir / ".CURRENT.tmp"
        pointer.write_text(stamp + "\n")
        os.replace(pointer, index_dir / "CURRENT")
        for old in builds.iterdir():
            if old.name != stamp and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
    log.info("index built: %d chunks, %d sentences in %.1fs (%s)", len(chunks), len(refs),
             time.perf_counter() - started, final.name)
    return final


def open_index(settings: Settings, embedder, rebuild: bool | None = None) -> SearchIndex:
    """Load the current index, rebuilding it when it is missing, outdated or unreadable.

    With `rebuild=False` (or settings.auto_build off) those cases raise
    IndexMissing / IndexStale / IndexCorrupt with the reason instead.
    """
    rebuild = settings.auto_build if rebuild is None else rebuild
    expected = expected_state(settings, embedder.model_id, embedder.fingerprint, embedder.dtype)
    folder = current_build(settings.index_dir)
    try:
        if folder is None:
            raise IndexMissing(f"no index in {settings.index_dir}; run `python -m chatbot index build`")
        index = SearchIndex.load(folder)
        reasons = stale_reasons(index.manifest, expected)
        if reasons:
            raise IndexStale(f"index {folder.name} is outdated ({', '.join(reasons)}); "
                             "run `python -m chatbot index build`")
        return index
    except IndexProblem as problem:
        if not rebuild:
            raise
        log.warning("%s: rebuilding the index", problem)
        return SearchIndex.load(build_index(settings, embedder))


def status(settings: Settings, model_id: str | None = None, weights: str | None = None,
           dtype: str | None = None) -> dict:
    """What `index status` prints: the current build's manifest and whether it is fresh."""
    folder = current_build(settings.index_dir)
    if folder is None:
        return {"state": "missing", "index_dir": str(settings.index_dir)}
    try:
        index = SearchIndex.load(folder)
    except IndexCorrupt as exc:
        return {"state": "corrupt", "build": folder.name, "error": str(exc)}
    result = {"state": "ok", "build": folder.name} | {
        k: index.manifest.get(k) for k in ("model", "weights", "dtype", "chunks", "sentences", "dimension",
                                           "documents", "built_at", "kb_hash", "chunker_version")}
    if model_id and weights and dtype:
        reasons = stale_reasons(index.manifest, expected_state(settings, model_id, weights, dtype))
        if reasons:
            result["state"] = "stale"
            result["reasons"] = reasons
    return result
