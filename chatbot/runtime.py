"""The model on ONNX Runtime: exported once from the verified weights, quantised to int8, checked, cached.

Why: on a 2-core CPU one PyTorch forward pass of EmbeddingGemma costs
100–170 ms and the process holds ~1.6 GB. The same model on ONNX Runtime with
int8 weights answers in ~35 ms and holds ~600 MB, without torch in the
serving process at all (docs/performance.md).

How the int8 model is made (`export`, run in a child process so the serving
process never imports torch):
1. the sentence-transformers model (token ids and mask in, normalised
   sentence embedding out) is exported with `torch.onnx.export(dynamo=True)`;
2. every weight matrix multiply is quantised to int8 per output channel
   (`quantize_dynamic`), except the MLP's output projections (`down_proj` and
   its kin in other architectures) and the first and last two layers:
   quantising the output projections cost the most quality by far (mean
   cosine to float32 0.966 with, 0.994 without), and the four outer layers
   lifted the top-3 agreement with torch on dev + dev2 from 0.85 to 0.91
   (docs/performance.md); on a CPU without VNNI the weights get 7 bits instead of 8
   (`has_vnni`): there full 8-bit weights saturate ONNX Runtime's int8 kernels;
3. the token-embedding table (262,144 × 768 in float32: 800 MB of the 1.2 GB)
   is stored as int8 with one scale per row, dequantised after the lookup;
4. a guard compares the int8 model with torch float32 on the knowledge base
   and the routing bank's in-scope questions (never on the eval sets): vector
   cosine, the top-1 and top-3 sections per question, identical token ids. `auto` uses ONNX only when
   the guard passed and ONNX was faster on this CPU.

The folder `models/onnx/<model>-<weights>/` holds `model.onnx`, the
tokenizer, and `manifest.json` with the model's sha256, its prompts and the
guard's figures. A file whose sha256 does not match is exported again.
"""

from __future__ import annotations

import fcntl
import functools
import json
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from .errors import ModelError
from .models import sha256_file
from .settings import PROJECT_ROOT, Settings

log = logging.getLogger(__name__)

# Bump when the export or quantisation recipe changes: the folder name carries it, so a new recipe exports anew
# (and the index, whose vectors come from the model file, is rebuilt: its fingerprint includes the file's sha256).
RECIPE = "int8pc-r2"
# Module names (the last part of the torch module path) whose matrix multiplies stay float32.
KEEP_FLOAT = ("down_proj", "fc2", "dense_4h_to_h", "wo", "c_proj", "output.dense")
# Transformer layers kept float32 at each end of the stack.
KEEP_FLOAT_OUTER_LAYERS = 2
# Guard thresholds, against torch float32: the vectors of the guard texts, and the sections each question
# ranks first and in its top 3 by section vectors alone. That plain ranking has many near-ties: torch's own
# bfloat16 keeps the top 3 for 0.95 of the questions and the top 1 for 0.98, the int8 model 0.82-0.84 and 0.95
# (docs/performance.md). The thresholds catch a quantisation that broke the model; whether the answers keep
# their quality is what `bench` checks, on the full retrieval.
GUARD_MIN_MEAN_COSINE = 0.99
GUARD_MIN_TOP1 = 0.90
GUARD_MIN_TOP3 = 0.75
GUARD_QUESTIONS = 300  # the routing bank's in-scope questions, spread over the bank
MANIFEST = "manifest.json"
MODEL_FILE = "model.onnx"
SENTENCEPIECE_FILE = "tokenizer.model"


def onnx_dir(settings: Settings, fingerprint: str) -> Path:
    """Where the ONNX model for these weights lives."""
    model = re.sub(r"[^A-Za-z0-9]+", "-", settings.model).strip("-")
    weights = fingerprint.replace("sha256:", "").replace("hub:", "")[:12]
    # 7-bit weights on a CPU without VNNI are another model file (and a cache made before that existed was
    # exported with 8 bits there and failed its guard): their own folder, so such a machine exports once more.
    bits = "" if has_vnni() else "-7bit"
    return settings.model_cache / "onnx" / f"{model}-{weights}-{RECIPE}{bits}"


def read_manifest(folder: Path) -> dict | None:
    """The manifest of a complete export, or None when there is none (or it cannot be read)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("recipe") == RECIPE else None


def verified(folder: Path) -> dict | None:
    """The manifest when `model.onnx` is the file it describes, else None.

    The sha256 is computed when the file's size or modification time differ
    from what the last check recorded (a full hash costs ~1 s per start).
    """
    manifest = read_manifest(folder)
    path = folder / MODEL_FILE
    if manifest is None or not path.is_file():
        return None
    stat = path.stat()
    stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    checked = folder / ".checked"
    try:
        if checked.read_text() == f"{stamp}:{manifest['sha256']}":
            return manifest
    except OSError:
        pass
    if sha256_file(path) != manifest["sha256"]:
        log.warning("%s does not match the sha256 in its manifest", path)
        return None
    try:
        checked.write_text(f"{stamp}:{manifest['sha256']}")
    except OSError:
        pass  # a read-only cache is fine: we hash again next time
    return manifest


def usable(settings: Settings, folder: Path) -> dict | None:
    """The manifest when `settings.backend` runs this export, else None (with a log line saying why).

    `onnx` runs any verified export; `auto` only one whose guard passed and
    that was faster than torch on this CPU.
    """
    manifest = verified(folder)
    if manifest is None or settings.backend == "onnx":
        return manifest
    guard = manifest["guard"]
    if not guard["passed"]:
        log.warning("the ONNX model failed its quality guard (%s); using torch", guard)
        return None
    if guard["onnx_p50_ms"] >= guard["torch_p50_ms"]:
        log.warning("the ONNX model is not faster than torch on this CPU (%s ms against %s ms); using torch",
                    guard["onnx_p50_ms"], guard["torch_p50_ms"])
        return None
    return manifest


def identity(manifest: dict, weights: str) -> tuple[str, str, str]:
    """(backend, dtype, fingerprint) of an ONNX export: what the index and the route classifier record.

    The int8 weights are other weights than the float ones, so the fingerprint
    names both: an index built on torch is rebuilt for ONNX and back.
    """
    return "onnx", "int8", f"{weights}+onnx:{manifest['sha256'][:12]}"


class OnnxEncoder:
    """An exported model on ONNX Runtime: texts in, normalised float32 vectors out.

    Tokenises with the model's SentencePiece file where it gives the same
    token ids as the sentence-transformers tokenizer (checked at export on
    every guard text), else with its `tokenizer.json`: for Gemma's 262k
    vocabulary the `tokenizers` library holds ~280 MB, SentencePiece ~45 MB.
    Pads each batch to its longest text.
    """

    def __init__(self, folder: Path, manifest: dict, threads: int = 0):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Without ONNX Runtime's own memory arena: it grows to the largest batch it has seen and never gives
        # memory back; plain malloc measured 50 MB less at the same speed.
        options.enable_cpu_mem_arena = False
        self.session = ort.InferenceSession(str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"])
        self.max_length = int(manifest["max_seq_length"])
        self.pad_id = int(manifest["pad_token_id"])
        self.manifest = manifest
        recipe = manifest.get("tokenizer") or {"kind": "tokenizers"}
        if recipe["kind"] == "sentencepiece":
            import sentencepiece

            self._pieces = sentencepiece.SentencePieceProcessor(model_file=str(folder / SENTENCEPIECE_FILE))
            self._wrap = ([recipe["bos"]] if recipe["bos"] is not None else [],
                          [recipe["eos"]] if recipe["eos"] is not None else [])
        else:
            from tokenizers import Tokenizer

            self._pieces = None
            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            self.tokenizer.no_padding()
            self.tokenizer.enable_truncation(self.max_length)

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        if self._pieces is None:
            return [e.ids for e in self.tokenizer.encode_batch(texts)]
        bos, eos = self._wrap
        keep = self.max_length - len(bos) - len(eos)
        return [bos + ids[:keep] + eos for ids in self._pieces.encode(texts)]

    def encode(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        """(n, dim) normalised vectors; texts sorted by length so a batch pads little."""
        ids = self.token_ids(texts)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.empty((len(ids), int(self.manifest["dimension"])), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            width = max(len(ids[i]) for i in rows)
            input_ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                input_ids[r, :len(ids[i])] = ids[i]
                mask[r, :len(ids[i])] = 1
            vectors = self.session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
            out[rows] = vectors
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def ensure(settings: Settings, model_ref: str, fingerprint: str, show_progress: bool = True) -> Path:
    """The folder of a verified ONNX export for this model, exporting it (in a child process) when needed.

    Raises ModelError when the export fails; the caller decides to fall back.
    """
    folder = onnx_dir(settings, fingerprint)
    if verified(folder) is not None:
        return folder
    failed = folder.with_name(folder.name + ".failed")
    if settings.backend == "auto" and failed.is_file():
        # An export that failed once fails again: `auto` does not spend minutes on it at every start.
        raise ModelError(f"an earlier ONNX export failed ({failed.read_text(encoding='utf-8').strip()}); "
                         "`python -m chatbot models export` tries again")
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / ".export.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two processes starting together export once
        if verified(folder) is None:
            try:
                _export_in_child(settings, model_ref, folder, show_progress)
            except ModelError as exc:
                failed.write_text(str(exc), encoding="utf-8")
                raise
            failed.unlink(missing_ok=True)
    if verified(folder) is None:
        raise ModelError(f"the ONNX export of {model_ref} left no verified model in {folder}")
    return folder


def _export_in_child(settings: Settings, model_ref: str, folder: Path, show_progress: bool) -> None:
    """`python -m chatbot models export`: torch is loaded there, and its memory goes when the child ends."""
    if show_progress:
        print("Model omzetten naar ONNX Runtime (eenmalig, een paar minuten)…", file=sys.stderr, flush=True)
    log.info("exporting %s to ONNX in %s", model_ref, folder)
    cmd = [sys.executable, "-m", "chatbot", "models", "export", "--model-ref", model_ref, "--out", str(folder)]
    env = dict(os.environ, CHATBOT_MODEL=settings.model, CHATBOT_MODEL_CACHE=str(settings.model_cache),
               CHATBOT_KB_DIR=str(settings.kb_dir), CHATBOT_DTYPE=settings.dtype)
    # The child's messages are shown as they come (progress) and its last lines kept for the error message.
    child = subprocess.Popen(cmd, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, errors="replace")
    last: list[str] = []
    for line in child.stdout:
        if show_progress:
            print(line, end="", file=sys.stderr, flush=True)
        last = (last + [line.strip()])[-3:]
    if child.wait() != 0:
        raise ModelError(f"the ONNX export of {model_ref} failed (exit {child.returncode}): {' '.join(last)[-400:]}")


# ---------------------------------------------------------------------------------------------------------------
# The export itself (runs in `python -m chatbot models export`, where torch may be loaded).


def export(model_ref: str, folder: Path, guard_texts, show_progress: bool = True) -> dict:
    """Export, quantise and check `model_ref` into `folder`; returns the manifest.

    `guard_texts(prompts)` gives (questions, documents) with the model's
    prompts applied: what the guard compares. Writes into a temporary folder beside `folder` and renames it
    into place last, so an interrupted export never looks complete.
    """
    import shutil
    import tempfile

    folder.parent.mkdir(parents=True, exist_ok=True)  # fails fast on a cache that cannot be written
    work = Path(tempfile.mkdtemp(prefix=".export-", dir=folder.parent))
    try:
        say = _say(show_progress)
        started = time.perf_counter()
        say("model laden (float32)")
        import torch
        from sentence_transformers import SentenceTransformer

        try:
            model = SentenceTransformer(model_ref, device="cpu", model_kwargs={"dtype": torch.float32}).eval()
        except Exception as exc:  # a model can fail in many library-specific ways
            raise ModelError(f"cannot load {model_ref!r} to export it: {exc}") from None
        say("exporteren naar ONNX")
        _export_float(model, work / "float.onnx")
        reduce_range = not has_vnni()
        say("kwantiseren naar int8" + (" (7-bits gewichten: deze CPU heeft geen VNNI)" if reduce_range else ""))
        _quantise(work / "float.onnx", work / MODEL_FILE, reduce_range=reduce_range)
        for leftover in work.glob("float.onnx*"):
            leftover.unlink()
        model.tokenizer.save_pretrained(str(work))
        if not (work / "tokenizer.json").is_file():
            raise ModelError(f"{model_ref} has no fast tokenizer (tokenizer.json): it cannot run on ONNX Runtime")
        prompts = dict(getattr(model, "prompts", None) or {})
        questions, documents = guard_texts(prompts)
        manifest = {
            "recipe": RECIPE,
            "model_ref": model_ref,
            "sha256": sha256_file(work / MODEL_FILE),
            "dimension": int((getattr(model, "get_embedding_dimension", None)
                              or model.get_sentence_embedding_dimension)()),
            "max_seq_length": int(model.max_seq_length or 512),
            "pad_token_id": int(model.tokenizer.pad_token_id or 0),
            "prompts": prompts,
            "tokenizer": _sentencepiece(model, Path(model_ref), work, questions + documents) or {"kind": "tokenizers"},
            "versions": _versions(),
            "reduce_range": reduce_range,
        }
        say("kwaliteit controleren tegen torch")
        manifest["guard"] = _guard(model, OnnxEncoder(work, manifest), questions, documents)
        manifest["seconds"] = round(time.perf_counter() - started, 1)
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(work, folder)
        say(f"klaar in {manifest['seconds']} s; guard {'geslaagd' if manifest['guard']['passed'] else 'NIET geslaagd'}")
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _say(show: bool):
    def say(message: str) -> None:
        if show:
            print(f"ONNX: {message}…", file=sys.stderr, flush=True)
    return say


def _sentencepiece(model, source: Path, work: Path, texts: list[str]) -> dict | None:
    """{"kind": "sentencepiece", "bos", "eos"} when the model's SentencePiece file, with those tokens around it,
    gives exactly the sentence-transformers tokenizer's ids for every text; else None (keep tokenizer.json)."""
    if not (source / SENTENCEPIECE_FILE).is_file():
        return None
    try:
        import sentencepiece
    except ImportError:
        return None
    import shutil

    pieces = sentencepiece.SentencePieceProcessor(model_file=str(source / SENTENCEPIECE_FILE))
    encoded = model.tokenizer(texts, truncation=True, max_length=model.max_seq_length)
    wanted = [list(ids) for ids in encoded["input_ids"]]
    plain = pieces.encode(texts)
    for bos in (pieces.bos_id(), None):
        for eos in (pieces.eos_id(), None):
            wrap = ([bos] if bos is not None else [], [eos] if eos is not None else [])
            keep = int(model.max_seq_length) - len(wrap[0]) - len(wrap[1])
            if all(wrap[0] + ids[:keep] + wrap[1] == want for ids, want in zip(plain, wanted, strict=True)):
                shutil.copyfile(source / SENTENCEPIECE_FILE, work / SENTENCEPIECE_FILE)
                return {"kind": "sentencepiece", "bos": bos, "eos": eos}
    return None


def _versions() -> dict:
    import onnx
    import onnxruntime
    import torch

    return {"torch": torch.__version__, "onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__}


def _export_float(model, path: Path) -> None:
    """The whole sentence-transformers pipeline as one ONNX graph with dynamic batch and length."""
    import onnx
    import torch

    class Pipeline(torch.nn.Module):
        def __init__(self, st):
            super().__init__()
            self.st = st

        def forward(self, input_ids, attention_mask):
            return self.st({"input_ids": input_ids, "attention_mask": attention_mask})["sentence_embedding"]

    sample = model.tokenizer(["a short text", "a somewhat longer text to export with"], padding=True,
                             return_tensors="pt")
    batch = torch.export.Dim("batch", min=1, max=1024)
    length = torch.export.Dim("length", min=2, max=max(int(model.max_seq_length or 512), 8))
    with torch.no_grad():
        program = torch.onnx.export(
            Pipeline(model).eval(), (sample["input_ids"], sample["attention_mask"]),
            input_names=["input_ids", "attention_mask"], output_names=["sentence_embedding"],
            dynamic_shapes={"input_ids": {0: batch, 1: length}, "attention_mask": {0: batch, 1: length}},
            dynamo=True, external_data=True, optimize=True,
        )
    program.save(str(path), external_data=True)
    # The exporter's intermediate shape annotations trip the quantiser's shape inference: drop them.
    graph = onnx.load(str(path))
    del graph.graph.value_info[:]
    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    onnx.save(graph, str(path), save_as_external_data=True, location=path.name + ".data")


@functools.cache
def has_vnni(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether this x86 CPU multiplies int8 with VNNI (AVX-512 VNNI, AVX-VNNI or AMX).

    Why: without VNNI, ONNX Runtime's int8 kernels add pairs of u8 × s8 products in 16 bits, which
    saturates with full 8-bit weights. On an AVX2-only AMD EPYC the int8 model then drifted from torch
    (mean cosine 0.971, top-1 sections agreeing for 0.83) and failed the guard, so the chatbot fell back to
    torch. Weights of 7 bits (`reduce_range`) cannot saturate. Unreadable or not x86: assume VNNI (full
    8 bits), and the guard still checks the result.
    """
    try:
        flags = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True
    if not re.search(r"^flags\s*:", flags, re.M):
        return True
    return bool(re.search(r"\b(avx512_vnni|avx_vnni|amx_int8)\b", flags))


def _quantise(src: Path, dst: Path, reduce_range: bool = False) -> None:
    """Per-channel dynamic int8 for the weight matrix multiplies except KEEP_FLOAT; int8 rows for the embeddings.

    `reduce_range`: 7-bit weights, for CPUs without VNNI (has_vnni)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(src), load_external_data=False)
    weights = {i.name for i in graph.graph.initializer}
    layers = [int(m) for n in graph.graph.node for m in re.findall(r"\.layers\.(\d+)'", _scopes(n))]
    count = max(layers, default=-1) + 1
    outer = {*range(KEEP_FLOAT_OUTER_LAYERS), *range(count - KEEP_FLOAT_OUTER_LAYERS, count)} if count else set()
    keep = [n.name for n in graph.graph.node if n.op_type in ("MatMul", "Gemm")
            and (not any(i in weights for i in n.input) or _keeps_float(n, outer))]
    quantize_dynamic(str(src), str(dst) + ".tmp", per_channel=True, weight_type=QuantType.QInt8,
                     reduce_range=reduce_range, op_types_to_quantize=["MatMul", "Gemm"], nodes_to_exclude=keep)
    graph = onnx.load(str(dst) + ".tmp")
    _int8_embeddings(graph)
    onnx.save(graph, str(dst))
    for tmp in dst.parent.glob(dst.name + ".tmp*"):
        tmp.unlink()


def _scopes(node) -> str:
    """The torch module path the exporter recorded for a node ("['', 'st', 'st.0', …, 'st.0.model.layers.3', …]")."""
    return next((p.value for p in node.metadata_props if p.key == "pkg.torch.onnx.name_scopes"), "")


def _keeps_float(node, outer_layers: set[int]) -> bool:
    """True for a matrix multiply inside a module named in KEEP_FLOAT or inside one of `outer_layers`."""
    scopes = _scopes(node)
    if any(re.search(rf"\.{re.escape(name)}'", scopes) for name in KEEP_FLOAT):
        return True
    return any(int(m) in outer_layers for m in re.findall(r"\.layers\.(\d+)'", scopes))


def _int8_embeddings(graph, min_rows: int = 10_000) -> None:
    """Replace a large embedding-table lookup by an int8 table with one float scale per row.

    Gather(table, ids) becomes Cast(Gather(table_int8, ids)) * Gather(scale, ids):
    a row keeps cosine ≥ 0.9996 with its float32 original, at a quarter of the memory.
    """
    from onnx import TensorProto, helper, numpy_helper

    tables = {i.name: i for i in graph.graph.initializer if len(i.dims) == 2 and i.dims[0] >= min_rows
              and i.data_type == TensorProto.FLOAT}
    for node in [n for n in graph.graph.node if n.op_type == "Gather" and n.input[0] in tables]:
        table = tables.pop(node.input[0])
        values = numpy_helper.to_array(table).astype(np.float32)
        scale = np.maximum(np.abs(values).max(axis=1, keepdims=True) / 127.0, 1e-12).astype(np.float32)
        quantised = np.clip(np.rint(values / scale), -127, 127).astype(np.int8)
        graph.graph.initializer.remove(table)
        graph.graph.initializer.extend([numpy_helper.from_array(quantised, table.name + "_int8"),
                                        numpy_helper.from_array(scale, table.name + "_scale")])
        at = list(graph.graph.node).index(node)
        graph.graph.node.remove(node)
        ids, out = node.input[1], node.output[0]
        replacement = [
            helper.make_node("Gather", [table.name + "_int8", ids], [out + "_int8"], name=node.name + "_int8"),
            helper.make_node("Cast", [out + "_int8"], [out + "_float"], to=TensorProto.FLOAT, name=node.name + "_cast"),
            helper.make_node("Gather", [table.name + "_scale", ids], [out + "_scale"], name=node.name + "_scale"),
            helper.make_node("Mul", [out + "_float", out + "_scale"], [out], name=node.name + "_dequantise"),
        ]
        for k, new in enumerate(replacement):
            graph.graph.node.insert(at + k, new)


def _guard(model, encoder: OnnxEncoder, questions: list[str], documents: list[str]) -> dict:
    """Compare the int8 model with torch float32 (and time both, torch in its serving precision)."""
    import torch

    def torch_encode(texts):
        return np.asarray(model.encode(texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True),
                          dtype=np.float32)

    same_tokens = encoder.token_ids(questions + documents) == [
        list(ids) for ids in model.tokenizer(questions + documents, truncation=True,
                                             max_length=model.max_seq_length)["input_ids"]]
    ref_q, ref_d = torch_encode(questions), torch_encode(documents)
    got_q, got_d = encoder.encode(questions), encoder.encode(documents)
    cosine = np.concatenate([(ref_q * got_q).sum(1), (ref_d * got_d).sum(1)])
    top_ref = np.argsort(-(ref_q @ ref_d.T), axis=1)[:, :3]
    top_got = np.argsort(-(got_q @ got_d.T), axis=1)[:, :3]
    top3 = float(np.mean([set(a) == set(b) for a, b in zip(top_ref, top_got, strict=True)]))
    top1 = float(np.mean(top_ref[:, 0] == top_got[:, 0]))
    timing = questions[:30]
    onnx_ms = _p50_ms(lambda t: encoder.encode([t]), timing)
    serving = _serving_dtype()
    model.to(getattr(torch, serving))
    torch_ms = _p50_ms(lambda t: model.encode([t]), timing)
    result = {
        "questions": len(questions), "documents": len(documents),
        "same_tokens": bool(same_tokens),
        "mean_cosine": round(float(cosine.mean()), 4), "min_cosine": round(float(cosine.min()), 4),
        "top1_agreement": round(top1, 4), "top3_agreement": round(top3, 4),
        "onnx_p50_ms": onnx_ms, "torch_p50_ms": torch_ms, "torch_dtype": serving,
    }
    result["passed"] = bool(same_tokens and result["mean_cosine"] >= GUARD_MIN_MEAN_COSINE
                            and top1 >= GUARD_MIN_TOP1 and top3 >= GUARD_MIN_TOP3)
    return result


def _serving_dtype() -> str:
    from .embedding import choose_dtype

    return choose_dtype(Settings.from_env().dtype)


def _p50_ms(fn, texts: list[str]) -> float:
    fn(texts[0])
    times = []
    for text in texts:
        started = time.perf_counter()
        fn(text)
        times.append((time.perf_counter() - started) * 1000)
    return round(float(np.median(times)), 1)
