"""Embedding questions and knowledge-base text with a sentence-transformers model.

The model runs on ONNX Runtime with int8 weights where its export passed the
quality guard (`runtime.py`, CHATBOT_BACKEND=auto), else on torch; the rest of
the package sees one `Embedder` either way.

Uses the model's own prompts where it has them: EmbeddingGemma was trained with
`task: search result | query: …` for questions and `title: … | text: …` for
documents, and scores worse without them. Vectors are L2-normalised float32,
so inner product equals cosine similarity (what the FAISS index uses).

Questions asked at the same time share one forward pass (`QueryBatcher`): on a
2-core CPU one pass over sixteen short questions costs far less than sixteen
passes, and a lock around the model would make them wait in line instead.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from .errors import ModelError
from .models import resolve_model, weights_fingerprint
from .settings import Settings

log = logging.getLogger(__name__)


def _cpu_has_native_bf16() -> bool:
    """bfloat16 is fast on CPUs with AVX512-BF16 or AMX; elsewhere it is emulated and slow."""
    try:
        with open("/proc/cpuinfo") as f:
            flags = f.read()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def choose_dtype(setting: str) -> str:
    if setting != "auto":
        return setting
    return "bfloat16" if _cpu_has_native_bf16() else "float32"


# oneDNN keeps a compiled kernel per input shape, 1,024 by default. Questions come in ever new shapes
# (batch size x token count), so the serving process grew without end: +36 % RSS in a 30-minute soak, still
# growing. With 16 it levels off within two minutes (16 threads asking dev2 questions: 1,700 MB against
# 1,860 MB and rising at 1,024, and 1,830 MB and rising at 256), and no slower at this model size.
ONEDNN_CACHE_CAPACITY = 16

# Texts padded together inside one batcher pass (see Embedder._encode_pass).
PASS_GROUP = 8


def query_texts(prompts: dict, questions: list[str]) -> list[str]:
    """Questions with the model's query prompt (EmbeddingGemma: "task: search result | query: ")."""
    return [prompts.get("query", "") + q for q in questions]


def document_texts(prompts: dict, titles: list[str], texts: list[str]) -> list[str]:
    """Knowledge-base texts with the model's document prompt, the heading as title where the model has one."""
    prompt = prompts.get("document", "")
    if prompt.startswith("title:"):  # models trained with "title: … | text: …" documents
        return [f"title: {t or 'none'} | text: {x}" for t, x in zip(titles, texts, strict=True)]
    if prompt:
        return [f"{prompt}{t}\n{x}" for t, x in zip(titles, texts, strict=True)]
    return [f"{t}\n{x}" if t else x for t, x in zip(titles, texts, strict=True)]


@dataclass(eq=False)
class _Job:
    texts: list[str]
    done: threading.Event = field(default_factory=threading.Event)
    vectors: np.ndarray | None = None
    error: BaseException | None = None


class QueryBatcher:
    """Gathers concurrent `encode` calls into one forward pass of at most `max_texts` texts.

    One worker thread (started on the first call) owns the model's query
    passes. A call that finds the model idle is encoded at once after at most
    `wait_s` for company; calls that arrive while a pass runs wait for the
    next one, which takes all of them (up to `max_texts`). So a lone question
    pays at most `wait_s`, and under load the passes grow instead of the queue.
    A call's texts are never split over two passes; an error in a pass is
    raised in every call that was part of it.
    """

    def __init__(self, encode, wait_s: float = 0.002, max_texts: int = 16):
        if max_texts < 1 or wait_s < 0:
            raise ValueError(f"max_texts must be at least 1 and wait_s at least 0, got {max_texts} and {wait_s}")
        self._encode = encode
        self.wait_s = wait_s
        self.max_texts = max_texts
        self._pending: list[_Job] = []
        self._wake = threading.Condition()
        self._worker: threading.Thread | None = None
        self.passes = 0  # forward passes run, and the texts they held: for the bench and tests
        self.texts = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        job = _Job(list(texts))
        with self._wake:
            self._pending.append(job)
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="query-batcher", daemon=True)
                self._worker.start()
            self._wake.notify()
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.vectors

    def _run(self) -> None:
        while True:
            jobs = self._take()
            texts = [t for job in jobs for t in job.texts]
            try:
                vectors = self._encode(texts)
            except BaseException as exc:  # handed to every caller of this pass, the worker goes on
                for job in jobs:
                    job.error = exc
                    job.done.set()
                continue
            self.passes += 1
            self.texts += len(texts)
            start = 0
            for job in jobs:
                job.vectors = vectors[start:start + len(job.texts)]
                start += len(job.texts)
                job.done.set()

    def _take(self) -> list[_Job]:
        """The next pass: the oldest call and every call after it that fits, after at most `wait_s` for more."""
        with self._wake:
            while not self._pending:
                self._wake.wait()
            deadline = time.monotonic() + self.wait_s
            while sum(len(j.texts) for j in self._pending) < self.max_texts:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._wake.wait(left)
            jobs, size = [], 0
            while self._pending and (not jobs or size + len(self._pending[0].texts) <= self.max_texts):
                size += len(self._pending[0].texts)
                jobs.append(self._pending.pop(0))
            return jobs


def _pad_to_multiple(model, multiple: int) -> int:
    """Have the model's tokenizer pad every batch to a multiple of `multiple` tokens; the multiple in effect.

    With padding only to the longest text, every new question length is a new
    input shape: oneDNN compiles kernels for it, and the process grew by
    ~300 MB over 800 passes of mixed lengths before levelling off. Padded to
    multiples of 16 the same passes kept RSS flat and ran ~40 % faster
    (docs/performance.md). The padding is masked, so the vectors do not change.
    A model whose first module has no `processing_kwargs` keeps its own padding.
    """
    module = model[0] if len(model) else None
    if multiple <= 1 or not isinstance(getattr(module, "processing_kwargs", None), dict):
        return 1
    kwargs = dict(module.processing_kwargs)
    kwargs["text"] = {**kwargs.get("text", {}), "pad_to_multiple_of": multiple}
    module.processing_kwargs = kwargs
    return multiple


class Embedder:
    """A loaded model plus the prompts to use with it.

    Thread-safe: questions go through a `QueryBatcher`, and every pass (the
    batcher's and document encoding for an index build) holds one lock.
    """

    def __init__(self, settings: Settings | None = None, fetch: bool | None = None, show_progress: bool = True):
        settings = settings or Settings.from_env()
        self.model_ref = resolve_model(settings, fetch=fetch)
        self.model_id = settings.model
        weights = weights_fingerprint(self.model_ref)
        started = time.perf_counter()
        self._onnx = self._load_onnx(settings, weights, show_progress) if settings.backend != "torch" else None
        if self._onnx is not None:
            from .runtime import identity

            manifest = self._onnx.manifest
            self.model = None
            self.backend, self.dtype, self.fingerprint = identity(manifest, weights)
            self.pad_multiple = 1
            prompts, self.dimension = manifest["prompts"], int(manifest["dimension"])
        else:
            self.backend = "torch"
            self.model, self.dtype = self._load(self.model_ref, choose_dtype(settings.dtype))
            self.pad_multiple = _pad_to_multiple(self.model, settings.pad_multiple)
            self.fingerprint = weights
            prompts = getattr(self.model, "prompts", None) or {}
            dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
            self.dimension = int(dim() or 0)
        self.load_seconds = time.perf_counter() - started
        self.prompts = dict(prompts)
        self._lock = threading.Lock()
        self.batcher = QueryBatcher(self._encode_pass, settings.batch_wait_ms / 1000, settings.max_batch)
        log.info("model %s loaded in %.1fs (%s, %s, dim %d)", self.model_id, self.load_seconds, self.backend,
                 self.dtype, self.dimension)

    def _load_onnx(self, settings: Settings, weights: str, show_progress: bool):
        """The ONNX encoder, exported on first use; None (torch) when `auto` finds it unusable or slower."""
        from . import runtime

        try:
            folder = runtime.ensure(settings, self.model_ref, weights, show_progress=show_progress)
            manifest = runtime.usable(settings, folder)
            return None if manifest is None else runtime.OnnxEncoder(folder, manifest)
        except Exception as exc:  # export and ONNX Runtime fail in many library-specific ways
            if settings.backend == "onnx":
                raise ModelError(f"CHATBOT_BACKEND is onnx, but the ONNX model cannot be used: {exc}") from exc
            log.warning("ONNX backend unavailable (%s); using torch", exc)
            return None

    @staticmethod
    def _load(model_ref: str, dtype: str):
        """The model and the dtype it actually loaded in (a failed bfloat16 load falls back to float32)."""
        # Before torch's first oneDNN call, which reads it (an operator's own setting wins).
        os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", str(ONEDNN_CACHE_CAPACITY))
        import torch
        from sentence_transformers import SentenceTransformer

        torch_dtype = getattr(torch, dtype)
        try:
            return SentenceTransformer(model_ref, device="cpu", model_kwargs={"dtype": torch_dtype}), dtype
        except Exception as exc:  # a model can fail in many library-specific ways
            if dtype != "float32":
                log.warning("loading %s as %s failed (%s); falling back to float32", model_ref, dtype, exc)
                return Embedder._load(model_ref, "float32")
            raise ModelError(
                f"cannot load the embedding model {model_ref!r}: {exc}. Check CHATBOT_MODEL, "
                "or run `python -m chatbot models fetch` for the default model"
            ) from exc

    def _encode(self, texts: list[str], batch_size: int = 16, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            if self._onnx is not None:
                return self._onnx.encode(texts, batch_size=batch_size)
            vectors = self.model.encode(
                texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                show_progress_bar=show_progress,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _encode_pass(self, texts: list[str]) -> np.ndarray:
        """One batcher pass. sentence-transformers sorts the texts by length, and padding them in groups of
        PASS_GROUP instead of all to the longest was ~15 % faster on 16 mixed questions (2-core Xeon, bf16)."""
        return self._encode(texts, batch_size=PASS_GROUP)

    def encode_texts(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """(n, dim) normalised vectors for texts that already carry their prompt (query_texts/document_texts)."""
        return self._encode(texts, show_progress=show_progress)

    def query_texts(self, questions: list[str]) -> list[str]:
        return query_texts(self.prompts, questions)

    def document_texts(self, titles: list[str], texts: list[str]) -> list[str]:
        return document_texts(self.prompts, titles, texts)

    def encode_queries(self, questions: list[str]) -> np.ndarray:
        """(n, dim) normalised vectors for questions; concurrent calls share a forward pass."""
        if not questions:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if len(questions) > self.batcher.max_texts:
            return self._encode(self.query_texts(questions))
        return self.batcher.encode(self.query_texts(questions))

    def encode_documents(self, titles: list[str], texts: list[str], show_progress: bool = False) -> np.ndarray:
        """(n, dim) normalised vectors for knowledge-base text, each with its heading as title."""
        return self._encode(self.document_texts(titles, texts), show_progress=show_progress)
