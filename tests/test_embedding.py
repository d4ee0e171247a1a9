"""Questions asked at the same time share a forward pass, and each caller gets its own vectors back."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from chatbot import Assistant
from chatbot.embedding import QueryBatcher


class SlowEncoder:
    """Stands in for the model: each text becomes [its length, its number], every pass takes `seconds`."""

    def __init__(self, seconds: float = 0.05, fail_on: str | None = None):
        self.seconds = seconds
        self.fail_on = fail_on
        self.passes: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.passes.append(list(texts))
        time.sleep(self.seconds)
        if self.fail_on in texts:
            raise RuntimeError(f"cannot encode {self.fail_on!r}")
        return np.array([[len(t), int(t.split()[-1])] for t in texts], dtype=np.float32)


def _ask_together(batcher: QueryBatcher, calls: list[list[str]]) -> list:
    start = threading.Barrier(len(calls))

    def one(texts):
        start.wait()
        try:
            return batcher.encode(texts)
        except RuntimeError as exc:
            return exc

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(one, calls))


def test_concurrent_calls_share_passes_and_each_gets_its_own_rows():
    encoder = SlowEncoder()
    batcher = QueryBatcher(encoder, wait_s=0.002, max_texts=16)
    calls = [[f"vraag {n}"] if n % 3 else [f"vraag {n}", f"met context {n}", f"vorige {n}"] for n in range(12)]

    results = _ask_together(batcher, calls)

    for texts, vectors in zip(calls, results, strict=True):
        assert vectors.shape == (len(texts), 2)
        assert [int(v[1]) for v in vectors] == [int(t.split()[-1]) for t in texts]
        assert [int(v[0]) for v in vectors] == [len(t) for t in texts]
    assert len(encoder.passes) < len(calls)  # batched, not one pass per call
    assert all(len(p) <= 16 for p in encoder.passes)
    assert sorted(t for p in encoder.passes for t in p) == sorted(t for c in calls for t in c)
    assert (batcher.passes, batcher.texts) == (len(encoder.passes), sum(len(c) for c in calls))


def test_a_call_is_never_split_and_a_lone_call_is_answered_at_once():
    encoder = SlowEncoder(seconds=0.0)
    batcher = QueryBatcher(encoder, wait_s=0.002, max_texts=4)
    started = time.perf_counter()
    assert batcher.encode(["alleen 1"]).tolist() == [[8.0, 1.0]]
    assert time.perf_counter() - started < 0.5
    _ask_together(batcher, [["a 1", "b 2", "c 3"], ["d 4", "e 5"], ["f 6", "g 7", "h 8"]])
    for call in (["a 1", "b 2", "c 3"], ["d 4", "e 5"], ["f 6", "g 7", "h 8"]):
        assert any(p[i:i + len(call)] == call for p in encoder.passes for i in range(len(p)))


def test_an_error_reaches_every_caller_of_its_pass_and_the_batcher_goes_on():
    encoder = SlowEncoder(fail_on="kapot 0")
    batcher = QueryBatcher(encoder, wait_s=0.05, max_texts=16)
    results = _ask_together(batcher, [["kapot 0"], ["heel 1"]])
    failed = [r for r in results if isinstance(r, RuntimeError)]
    assert failed and all("kapot 0" in str(r) for r in failed)
    assert batcher.encode(["weer heel 2"]).tolist() == [[11.0, 2.0]]


def test_bad_batcher_settings_are_named():
    with pytest.raises(ValueError, match="max_texts must be at least 1.*got 0"):
        QueryBatcher(SlowEncoder(), max_texts=0)


@pytest.mark.model
def test_the_real_model_gives_each_concurrent_question_the_vector_it_gets_alone(embedder):
    questions = ["Wat is de psoas?", "Waarom is mijn onderrug stijf na lang zitten en wat kan ik eraan doen?",
                 "trauma en de moro reflex", "Hoe rek ik mijn heupbuiger veilig?", "psoas ademhaling middenrif",
                 "Mijn kuit is dik en warm", "Wat doet TRE precies met het zenuwstelsel?", "iliacus"]
    alone = np.vstack([embedder.encode_queries([q]) for q in questions])
    passes_before = embedder.batcher.passes

    together = _ask_together(embedder.batcher, [embedder.query_texts([q]) for q in questions])

    assert embedder.batcher.passes - passes_before < len(questions)
    for n, vectors in enumerate(together):
        assert vectors.shape == (1, embedder.dimension)
        assert float(vectors[0] @ alone[n]) > 0.99, questions[n]


@pytest.mark.model
def test_padding_to_a_multiple_bounds_the_shapes_and_keeps_the_vectors(torch_embedder):
    embedder = torch_embedder
    questions = ["psoas", "Waarom is mijn onderrug stijf na lang zitten?",
                 "Kan een gespannen psoas mijn ademhaling, mijn spijsvertering en mijn slaap beïnvloeden?"]
    module = embedder.model[0]
    assert embedder.pad_multiple == 16
    lengths = {module.preprocess(embedder.query_texts([q]))["input_ids"].shape[1] for q in questions}
    assert all(n % 16 == 0 for n in lengths), lengths
    padded = embedder.encode_texts(embedder.query_texts(questions))
    saved = module.processing_kwargs
    try:
        module.processing_kwargs = {**saved, "text": {k: v for k, v in saved["text"].items()
                                                      if k != "pad_to_multiple_of"}}
        assert module.preprocess(embedder.query_texts(["psoas"]))["input_ids"].shape[1] < 16
        unpadded = embedder.encode_texts(embedder.query_texts(questions))
    finally:
        module.processing_kwargs = saved
    assert np.all(np.sum(padded * unpadded, axis=1) > 0.99)


def test_a_pad_multiple_out_of_range_is_named():
    from chatbot.errors import ConfigError
    from chatbot.settings import Settings

    with pytest.raises(ConfigError, match="pad_multiple must be between 1 and 512, got 0"):
        Settings(pad_multiple=0)


@pytest.mark.parametrize(("flags", "vnni"), [
    ("fpu sse4_2 avx avx2 fma", False),  # AVX2 only (an AMD EPYC of this project): 7-bit weights
    ("fpu avx2 avx512f avx512_vnni", True),
    ("fpu avx2 avx_vnni", True),
    ("fpu avx2 avx512f amx_int8 amx_tile", True),
])
def test_int8_weights_lose_a_bit_on_a_cpu_without_vnni(tmp_path, flags, vnni):
    """Without VNNI, ONNX Runtime's u8 × s8 kernels saturate on full 8-bit weights (the guard failed there)."""
    from chatbot.runtime import has_vnni

    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nflags\t\t: {flags}\n\nprocessor\t: 1\nflags\t\t: {flags}\n")
    assert has_vnni(cpuinfo) is vnni
    assert has_vnni(tmp_path / "missing") is True  # unknown (another OS): full 8 bits, and the guard checks them
    (tmp_path / "arm").write_text("processor\t: 0\nFeatures\t: fp asimd\n")
    assert has_vnni(tmp_path / "arm") is True


@pytest.mark.model
def test_the_default_backend_is_onnx_int8_and_it_agrees_with_torch_on_the_dev_questions(
        assistant, embedder, torch_embedder, settings, tmp_path_factory):
    """The quality guard: the int8 ONNX model ranks the dev questions' sections as torch does."""
    from chatbot.ops.bench import GUARD_MAX_DELTA, GUARD_MIN_TOP3, _ranks, load_gold

    from .conftest import DEV_SET

    assert (embedder.backend, embedder.dtype) == ("onnx", "int8"), "auto should pick ONNX on this CPU"
    assert embedder.model is None and "+onnx:" in embedder.fingerprint
    # The serving tokenizer (SentencePiece, without torch) gives the sentence-transformers tokenizer's ids.
    texts = embedder.query_texts(["psoas", "Mijn heupbuiger doet pijn 😣", "  dubbele  spaties\ten tab", "ademhalign"])
    assert embedder._onnx.token_ids(texts) == [list(ids) for ids in torch_embedder.model.tokenizer(texts)["input_ids"]]
    gold = load_gold((DEV_SET,))
    questions = [q for q, _ in gold]
    cosine = np.sum(embedder.encode_queries(questions) * torch_embedder.encode_queries(questions), axis=1)
    assert cosine.mean() > 0.98 and cosine.min() > 0.95, (cosine.mean(), cosine.min())

    reference = Assistant(settings.replace(backend="torch", index_dir=tmp_path_factory.mktemp("torch") / "index"),
                          embedder=torch_embedder)
    ours, theirs = _ranks(assistant, gold), _ranks(reference, gold)
    assert abs(ours["recall3"] - theirs["recall3"]) <= GUARD_MAX_DELTA + 1 / len(gold), (ours, theirs)
    agreement = np.mean([a == b for a, b in zip(ours["top3"], theirs["top3"], strict=True)])
    assert agreement >= GUARD_MIN_TOP3 - 0.05, agreement


@pytest.mark.model
def test_a_failed_onnx_export_falls_back_to_torch_and_onnx_alone_raises(settings, tmp_path, caplog):
    """The export runs in a child process; here it fails (the knowledge base it checks against is missing)."""
    from chatbot.embedding import Embedder
    from chatbot.errors import ModelError

    cache = tmp_path / "models"
    cache.mkdir()
    (cache / settings.default_model_dir.name).symlink_to(settings.default_model_dir.resolve())
    broken = settings.replace(model_cache=cache, kb_dir=tmp_path / "no-kb", backend="auto")
    with caplog.at_level(logging.WARNING, logger="chatbot.embedding"):
        fallback = Embedder(broken, show_progress=False)
    assert fallback.backend == "torch" and fallback.model is not None
    assert any("ONNX backend unavailable" in r.getMessage() and "export" in r.getMessage() for r in caplog.records)
    assert fallback.encode_queries(["psoas"]).shape == (1, fallback.dimension)
    # The failure is remembered: the next start under `auto` does not export again, and says how to retry.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="chatbot.embedding"):
        assert Embedder(broken, show_progress=False).backend == "torch"
    assert any("earlier ONNX export failed" in r.getMessage() and "models export" in r.getMessage()
               for r in caplog.records)
    with pytest.raises(ModelError, match="CHATBOT_BACKEND is onnx"):
        Embedder(broken.replace(backend="onnx"), show_progress=False)


def test_an_unknown_backend_is_named():
    from chatbot.errors import ConfigError
    from chatbot.settings import Settings

    with pytest.raises(ConfigError, match="backend must be auto, torch or onnx, got 'tensorrt'"):
        Settings(backend="tensorrt")
