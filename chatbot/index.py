"""The search index on disk: vectors for sections, sentences and question keys, chunk records, a manifest.

Layout of `index/`:

    CURRENT                 name of the build in use (replaced atomically)
    builds/<stamp>/         one complete build:
        manifest.json       model, weight hash, dtype, backend, KB hash, chunker version, counts,
                            build time, and the sha256 of every other file of the build
        chunks.jsonl        the Chunk records, in index order (with their question keys)
        sections.faiss      one normalised vector per chunk (inner product = cosine)
        sentences.faiss     one normalised vector per sentence (retrieval and answer composition)
        sentences.jsonl     which chunk and position each sentence vector belongs to
        keys.faiss          one normalised vector per question key and sentence key (kb/*.vragen.md)
        keys.jsonl          which chunk (and, for a sentence key, which sentence) each key vector points at
        embedded.json       sha1 of the exact text behind every vector, so the next build
                            re-embeds only what changed

A build happens in three steps: embed (the slow part; vectors of unchanged
text are taken from the build in use), write (into `builds/.tmp-*`, manifest
last) and switch (rename, then replace CURRENT). An interruption anywhere
before the switch leaves the build in use untouched.

Loading checks the manifest against the current KB, model and chunker, every
file against its sha256, and every vector for being finite and of unit length:
a mismatch leads to a rebuild (with a log line) or a clear error, never to
answers from vectors that lie. FAISS is the file container; scoring is an
exact numpy product over all vectors (a few thousand), because retrieval fuses
section, sentence and key scores of *every* section (docs/quality.md).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .chunks import CHUNKER_VERSION, chunk_documents, embedding_title
from .errors import IndexCorrupt, IndexMissing, IndexProblem, IndexStale
from .kb import Document, content_hash, load_documents
from .records import Chunk
from .settings import Settings

log = logging.getLogger(__name__)

FORMAT = 3
# Sentences shorter than this many words ("Voorbeeld:") get no vector of their own.
MIN_SENTENCE_WORDS = 3
# Manifest keys that must match the current KB/model/chunker for an index to be used.
FRESHNESS_KEYS = ("format", "model", "weights", "dtype", "backend", "kb_hash", "chunker_version",
                  "max_section_chars")
_STALE_REASONS = {"kb_hash": "knowledge base changed", "weights": "model weights changed", "model": "model changed",
                  "dtype": "model precision changed", "backend": "model runtime changed",
                  "chunker_version": "chunker changed", "format": "index format changed",
                  "max_section_chars": "section size setting changed"}
# |norm - 1| above this means a vector was not written by us (or was damaged).
_NORM_TOLERANCE = 1e-2
_VECTOR_FILES = ("sections", "sentences", "keys")
# The manifest key that counts the records behind each vector file.
_COUNT_KEYS = {"sections": "chunks", "sentences": "sentences", "keys": "keys"}


@dataclass(frozen=True)
class SentenceRef:
    chunk: int  # position of the chunk in SearchIndex.chunks
    pos: int  # position of the sentence in chunk.sentences
    text: str


@dataclass(frozen=True)
class KeyRef:
    chunk: int  # position of the chunk the question key points at
    text: str
    pos: int = -1  # a sentence key: position of the sentence in chunk.sentences; -1: a key of the whole section


class SearchIndex:
    """A loaded index: chunk records and their section, sentence and key vectors (read-only, shared)."""

    def __init__(self, folder: Path, manifest: dict, chunks: list[Chunk], vectors: dict[str, np.ndarray],
                 sentence_refs: list[SentenceRef], key_refs: list[KeyRef]):
        self.folder = folder
        self.manifest = manifest
        self.chunks = chunks
        self.section_vectors = vectors["sections"]
        self.sentence_vectors = vectors["sentences"]
        self.key_vectors = vectors["keys"]
        self.sentence_refs = sentence_refs
        self.key_refs = key_refs
        self.sentences_of_chunk: list[list[int]] = [[] for _ in chunks]
        for i, ref in enumerate(sentence_refs):
            self.sentences_of_chunk[ref.chunk].append(i)
        # The two kinds of key, split once: section keys find their section (retrieval.py); sentence keys choose
        # a sentence inside it (compose.py), each standing for an index into sentence_refs. A key of a sentence too
        # short to have a vector of its own is left out.
        section = np.array([k.pos < 0 for k in key_refs], dtype=bool)
        self.section_key_vectors = self.key_vectors[section]
        self.section_key_owner = np.array([k.chunk for k in key_refs], dtype=np.int64)[section]
        ref_at = {(r.chunk, r.pos): i for i, r in enumerate(sentence_refs)}
        target = np.array([ref_at.get((k.chunk, k.pos), -1) if k.pos >= 0 else -1 for k in key_refs], dtype=np.int64)
        self.sentence_key_vectors = self.key_vectors[target >= 0]
        self.sentence_key_target = target[target >= 0]

    @property
    def version(self) -> str:
        return self.folder.name

    @classmethod
    def load(cls, folder: Path) -> SearchIndex:
        """Read and verify one build folder; IndexCorrupt names what is wrong."""
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            _verify_files(folder, manifest)
            chunks = [Chunk.from_dict(d) for d in _jsonl(folder / "chunks.jsonl")]
            refs = [SentenceRef(**d) for d in _jsonl(folder / "sentences.jsonl")]
            keys = [KeyRef(**d) for d in _jsonl(folder / "keys.jsonl")]
            vectors = {name: _read_vectors(folder / f"{name}.faiss") for name in _VECTOR_FILES}
        except FileNotFoundError as exc:
            raise IndexCorrupt(f"index build {folder} is incomplete: {exc.filename} is missing") from None
        except (OSError, ValueError, TypeError, KeyError, RuntimeError) as exc:
            raise IndexCorrupt(f"index build {folder} cannot be read: {exc}") from None
        problems = []
        dim = manifest.get("dimension")
        for name, count in (("sections", len(chunks)), ("sentences", len(refs)), ("keys", len(keys))):
            vecs = vectors[name]
            if len(vecs) != count or manifest.get(_COUNT_KEYS[name]) != count:
                problems.append(f"{len(vecs)} {name} vectors for {count} records")
            if len(vecs) and vecs.shape[1] != dim:
                problems.append(f"{name} vector dimension {vecs.shape[1]}, manifest says {dim}")
            if not np.isfinite(vecs).all():
                problems.append(f"{name} vectors hold values that are not finite")
            elif len(vecs) and np.abs(np.linalg.norm(vecs, axis=1) - 1).max() > _NORM_TOLERANCE:
                problems.append(f"{name} vectors are not of unit length")
        if any(r.chunk >= len(chunks) or r.pos >= len(chunks[r.chunk].sentences) for r in refs):
            problems.append("a sentence refers to a chunk or position that does not exist")
        if any(k.chunk >= len(chunks) or k.pos >= len(chunks[k.chunk].sentences) for k in keys):
            problems.append("a question key refers to a chunk or sentence that does not exist")
        if problems:
            raise IndexCorrupt(f"index build {folder} is inconsistent: {'; '.join(problems)}")
        return cls(folder, manifest, chunks, vectors, refs, keys)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _read_vectors(path: Path) -> np.ndarray:
    import faiss

    flat = faiss.read_index(str(path))
    if flat.ntotal == 0:
        return np.zeros((0, flat.d), dtype=np.float32)
    return flat.reconstruct_n(0, flat.ntotal)


def _write_vectors(path: Path, vectors: np.ndarray, dimension: int) -> None:
    import faiss

    flat = faiss.IndexFlatIP(dimension)
    if len(vectors):
        flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
    faiss.write_index(flat, str(path))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _verify_files(folder: Path, manifest: dict) -> None:
    """Every file the manifest lists has the sha256 it records (a damaged or swapped file is refused)."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexCorrupt(f"index build {folder} has no file checksums in its manifest")
    for name, digest in files.items():
        if "/" in name or name.startswith("."):
            raise IndexCorrupt(f"index build {folder} lists a file outside the build: {name!r}")
        if _sha256(folder / name) != digest:
            raise IndexCorrupt(f"index build {folder} is damaged: {name} does not match its checksum")


def current_build(index_dir: Path) -> Path | None:
    """The build folder CURRENT names, or None when there is none."""
    try:
        name = (index_dir / "CURRENT").read_text().strip()
    except OSError:
        return None
    if not name or "/" in name or name.startswith("."):
        return None
    return index_dir / "builds" / name


def model_state(embedder) -> dict:
    """What the index records about the model that made its vectors."""
    return {"model": embedder.model_id, "weights": embedder.fingerprint, "dtype": embedder.dtype,
            "backend": getattr(embedder, "backend", "torch")}


def expected_state(settings: Settings, embedder) -> dict:
    """The manifest values an index must have to be used with this KB, model and chunker."""
    return {"format": FORMAT, **model_state(embedder), "kb_hash": content_hash(settings.kb_dir),
            "chunker_version": CHUNKER_VERSION, "max_section_chars": settings.max_section_chars}


def stale_reasons(manifest: dict, expected: dict) -> list[str]:
    """Human-readable differences between a manifest and the expected state (empty = fresh)."""
    return [_STALE_REASONS[k] for k in FRESHNESS_KEYS if manifest.get(k) != expected.get(k)]


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


# -- building ------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildPlan:
    """What a build will hold, before any model work: documents, chunks, sentence and key records."""

    docs: list[Document]
    kb_hash: str
    chunks: list[Chunk]
    sentence_refs: list[SentenceRef]
    key_refs: list[KeyRef]


def plan_build(settings: Settings) -> BuildPlan:
    kb_hash = content_hash(settings.kb_dir)
    docs = load_documents(settings.kb_dir)
    chunks = chunk_documents(docs, settings.max_section_chars)
    refs = [SentenceRef(ci, si, s) for ci, c in enumerate(chunks) for si, s in enumerate(c.sentences)
            if len(s.split()) >= MIN_SENTENCE_WORDS]
    keys = [KeyRef(ci, q) for ci, c in enumerate(chunks) for q in c.questions]
    keys += [KeyRef(ci, q, pos) for ci, c in enumerate(chunks) for pos, q in c.sentence_keys]
    return BuildPlan(docs, kb_hash, chunks, refs, keys)


def _text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _reusable_vectors(index_dir: Path, embedder) -> dict[str, np.ndarray]:
    """sha1 of embedded text -> vector, from the build in use when the same model made it."""
    folder = current_build(index_dir)
    if folder is None:
        return {}
    try:
        index = SearchIndex.load(folder)
        embedded = json.loads((folder / "embedded.json").read_text(encoding="utf-8"))
    except (IndexProblem, OSError, ValueError):
        return {}
    if any(index.manifest.get(k) != v for k, v in model_state(embedder).items()):
        return {}
    known = {}
    for name, vecs in (("sections", index.section_vectors), ("sentences", index.sentence_vectors),
                       ("keys", index.key_vectors)):
        hashes = embedded.get(name, [])
        if len(hashes) == len(vecs):
            known.update(zip(hashes, vecs, strict=True))
    return known


def embed_build(plan: BuildPlan, embedder, known: dict[str, np.ndarray] | None = None,
                show_progress: bool = True) -> tuple[dict[str, np.ndarray], dict[str, list[str]]]:
    """Vectors for sections, sentences and keys, plus the hash of each embedded text.

    Texts whose hash is in `known` (vectors of the previous build, same model)
    are not embedded again, so editing one section re-embeds only that section.
    """
    known = known or {}
    chunks = plan.chunks
    texts = {
        "sections": embedder.document_texts([embedding_title(c) for c in chunks], [c.text for c in chunks]),
        "sentences": embedder.document_texts([embedding_title(chunks[r.chunk]) for r in plan.sentence_refs],
                                             [r.text for r in plan.sentence_refs]),
        "keys": embedder.query_texts([k.text for k in plan.key_refs]),
    }
    hashes = {name: [_text_hash(t) for t in items] for name, items in texts.items()}
    todo = list(dict.fromkeys(t for name in texts for t, h in zip(texts[name], hashes[name], strict=True)
                              if h not in known))
    if show_progress:
        reused = len({h for name in hashes for h in hashes[name] if h in known})
        print(f"Index bouwen: {len(plan.docs)} document(en), {len(chunks)} secties, {len(plan.sentence_refs)} "
              f"zinnen, {len(plan.key_refs)} vraagsleutels ({len(todo)} teksten inbedden, {reused} hergebruikt)",
              file=sys.stderr)
    fresh = embedder.encode_texts(todo, show_progress=show_progress) if todo else None
    lookup = dict(known)
    for text, vec in zip(todo, fresh if fresh is not None else (), strict=True):
        lookup[_text_hash(text)] = vec
    dim = embedder.dimension
    vectors = {name: (np.stack([lookup[h] for h in hashes[name]]).astype(np.float32) if hashes[name]
                      else np.zeros((0, dim), dtype=np.float32)) for name in texts}
    return vectors, hashes


def write_build(folder: Path, plan: BuildPlan, vectors: dict[str, np.ndarray], hashes: dict[str, list[str]],
                manifest: dict) -> None:
    """Write every file of a build into `folder`; the manifest, with the files' sha256, comes last."""
    dim = manifest["dimension"]
    for name in _VECTOR_FILES:
        _write_vectors(folder / f"{name}.faiss", vectors[name], dim)
    with open(folder / "chunks.jsonl", "w", encoding="utf-8") as f:
        for c in plan.chunks:
            f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    with open(folder / "sentences.jsonl", "w", encoding="utf-8") as f:
        for r in plan.sentence_refs:
            f.write(json.dumps({"chunk": r.chunk, "pos": r.pos, "text": r.text}, ensure_ascii=False) + "\n")
    with open(folder / "keys.jsonl", "w", encoding="utf-8") as f:
        for k in plan.key_refs:
            f.write(json.dumps({"chunk": k.chunk, "text": k.text, "pos": k.pos}, ensure_ascii=False) + "\n")
    (folder / "embedded.json").write_text(json.dumps(hashes), encoding="utf-8")
    files = {p.name: _sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}
    (folder / "manifest.json").write_text(json.dumps(manifest | {"files": files}, indent=2, ensure_ascii=False),
                                          encoding="utf-8")


def switch_build(index_dir: Path, tmp: Path, stamp: str) -> Path:
    """Make the finished build in `tmp` the one in use: rename it, then replace CURRENT atomically."""
    final = index_dir / "builds" / stamp
    os.replace(tmp, final)
    pointer = index_dir / ".CURRENT.tmp"
    pointer.write_text(stamp + "\n")
    os.replace(pointer, index_dir / "CURRENT")
    return final


def build_index(settings: Settings, embedder, show_progress: bool = True, *, write=write_build,
                switch=switch_build) -> Path:
    """Chunk the KB, embed what changed, write a new build and make it CURRENT; returns its folder.

    `write` and `switch` are the last two steps, replaceable so tests can
    interrupt a build exactly there. Older builds are removed after the switch.
    """
    started = time.perf_counter()
    plan = plan_build(settings)
    index_dir = settings.index_dir
    t0 = time.perf_counter()
    vectors, hashes = embed_build(plan, embedder, _reusable_vectors(index_dir, embedder), show_progress)
    embed_seconds = time.perf_counter() - t0
    builds = index_dir / "builds"
    with _build_lock(index_dir):
        builds.mkdir(parents=True, exist_ok=True)
        for stale in builds.glob(".tmp-*"):  # left by an interrupted build
            shutil.rmtree(stale, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=builds))
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        manifest = {"format": FORMAT, **model_state(embedder), "kb_hash": plan.kb_hash,
                    "chunker_version": CHUNKER_VERSION, "max_section_chars": settings.max_section_chars,
                    "model_ref": str(getattr(embedder, "model_ref", "")), "dimension": int(embedder.dimension),
                    "chunks": len(plan.chunks), "sentences": len(plan.sentence_refs), "keys": len(plan.key_refs),
                    "documents": [d.name for d in plan.docs],
                    "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "build_seconds": {"embed": round(embed_seconds, 2),
                                      "total": round(time.perf_counter() - started, 2)}}
        write(tmp, plan, vectors, hashes, manifest)
        final = switch(index_dir, tmp, stamp)
        for old in builds.iterdir():
            if old.name != stamp and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
    log.info("index built: %d chunks, %d sentences, %d keys in %.1fs (%s)", len(plan.chunks),
             len(plan.sentence_refs), len(plan.key_refs), time.perf_counter() - started, final.name)
    return final


def open_index(settings: Settings, embedder, rebuild: bool | None = None) -> SearchIndex:
    """Load the current index, rebuilding it when it is missing, outdated or unreadable.

    With `rebuild=False` (or settings.auto_build off) those cases raise
    IndexMissing / IndexStale / IndexCorrupt with the reason instead.
    """
    rebuild = settings.auto_build if rebuild is None else rebuild
    folder = current_build(settings.index_dir)
    try:
        if folder is None:
            raise IndexMissing(f"no index in {settings.index_dir}; run `python -m chatbot index build`")
        index = SearchIndex.load(folder)
        reasons = stale_reasons(index.manifest, expected_state(settings, embedder))
        if reasons:
            raise IndexStale(f"index {folder.name} is outdated ({', '.join(reasons)}); "
                             "run `python -m chatbot index build`")
        return index
    except IndexProblem as problem:
        if not rebuild:
            raise
        log.warning("%s: rebuilding the index", problem)
        return SearchIndex.load(build_index(settings, embedder))


def status(settings: Settings, embedder=None) -> dict:
    """What `index status` prints: the current build's manifest and whether it is fresh.

    `embedder`: anything with model_id, fingerprint, dtype (and backend); without it freshness
    against the model is not checked.
    """
    folder = current_build(settings.index_dir)
    if folder is None:
        return {"state": "missing", "index_dir": str(settings.index_dir)}
    try:
        index = SearchIndex.load(folder)
    except IndexCorrupt as exc:
        return {"state": "corrupt", "build": folder.name, "error": str(exc)}
    result = {"state": "ok", "build": folder.name} | {
        k: index.manifest.get(k) for k in ("model", "weights", "dtype", "backend", "chunks", "sentences", "keys",
                                           "dimension", "documents", "built_at", "kb_hash", "chunker_version")}
    if embedder is not None:
        reasons = stale_reasons(index.manifest, expected_state(settings, embedder))
        if reasons:
            result["state"] = "stale"
            result["reasons"] = reasons
    return result
