"""`python -m chatbot bench`: where the time goes, measured in one run on this machine.

Measures, in this order:
1. model load (seconds, as the Embedder timed it);
2. an index build of `kb/` into a temporary folder (the real index is not
   touched): seconds, sections and sentences per second;
3. per question, `Assistant.ask` end to end with its stage timings
   (language, embed, embed_clauses, search, route, compose, and "other" =
   total minus the stages), and right after it the bare `embedder.encode_queries([q])` of the
   same question: the model's forward pass, the cost no code of ours removes;
4. peak RSS of the process, and its RSS after all questions (what a serving
   process holds);
5. the forward passes the `QueryBatcher` ran and the texts they held
   (one question per pass here: the bench asks one at a time; the load test
   shows batching).

6. with another backend than torch: the same questions' bare encode on torch
   (`torch_bare_p50_ms`, `speedup_vs_torch`), and the quality guard: recall@3
   and MRR of the sections `search` ranks for the eval sets' answerable
   questions (a gold sentence in the section), against a torch index built
   in a temporary folder, and how often the top-3 sections are the same.
   Torch is loaded after the serving figures are taken, so they hold only
   what the backend needs.

The headline is `ratio` = p50 of `ask` / p50 of the bare encode, over the
questions that were embedded (every routed question is: the router's
classifier reads its vector; only empty or refused input never embeds, and
would only flatter the ratio); the goal is at most 1.25.
`ratio_all` is the same over every question. Load average before and after is
reported too: other processes on the machine make every figure slower.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..errors import ChatbotError
from ..index import build_index
from ..settings import PROJECT_ROOT

DEFAULT_QUESTIONS = PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl"
GUARD_QUESTIONS = (DEFAULT_QUESTIONS, PROJECT_ROOT.parent / "shared" / "eval" / "dev2.jsonl")
GUARD_MAX_DELTA = 0.01  # recall@3 and MRR within this of torch
GUARD_MIN_TOP3 = 0.90  # and the same top-3 sections for at least this share of questions
STAGES = ("language", "embed", "embed_clauses", "search", "route", "compose", "other", "total")
GOAL_RATIO = 1.25


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[str]:
    """The "question" of every line of a JSONL file (like the dev set)."""
    questions = [str(item["question"]) for _, item in _question_lines(path)]
    if not questions:
        raise ChatbotError(f"{path} holds no questions")
    return questions


def _question_lines(path: Path) -> list[tuple[int, dict]]:
    """(line number, object) of every non-empty line of a JSONL file; each must be an object with a "question"."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ChatbotError(f"cannot read the questions file {path}: {exc.strerror}; "
                           "pass another one with --questions FILE") from None
    items = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or "question" not in item:
                raise TypeError
        except (ValueError, TypeError):
            raise ChatbotError(f"{path} line {n} is not a JSON object with a 'question'") from None
        items.append((n, item))
    return items


def run(assistant, questions: list[str], kb_dir: Path | None = None, repeat: int = 3,
        show_progress: bool = False, guard_files: tuple[Path, ...] | None = GUARD_QUESTIONS) -> dict:
    """Run the benchmark with `assistant` (its model is loaded if it was not) and return the figures.

    `kb_dir` is the knowledge base the index build is timed on (default: the
    assistant's own); the questions are answered from the assistant's index,
    `repeat` times each (percentiles are over all samples). With
    `show_progress`, each step is announced on stderr.
    """
    if not questions:
        raise ChatbotError("the benchmark needs at least one question")
    if repeat < 1:
        raise ChatbotError(f"repeat must be at least 1, got {repeat}")

    def say(message: str) -> None:
        if show_progress:
            print(f"bench: {message}", file=sys.stderr, flush=True)

    load_before = os.getloadavg()
    say("loading the model")
    embedder = assistant.embedder
    say("building an index in a temporary folder")
    build = _time_build(assistant.settings, embedder, kb_dir)
    say(f"answering {len(questions)} questions {repeat}x, each next to a bare encode of the same question")
    assistant.warm_up()
    assistant.ask(questions[0])  # first ask: lazy imports, caches

    stages: dict[str, list[float]] = {s: [] for s in STAGES}
    end_to_end, bare, retrieval_pairs = [], [], []
    kinds: dict[str, int] = {}
    for round_ in range(repeat):
        for question in questions:
            # Alternate which goes first, so neither profits from caches the other warmed.
            if round_ % 2:
                encode = _time_ms(embedder.encode_queries, [question])[0]
                total, answer = _time_ms(assistant.ask, question)
            else:
                total, answer = _time_ms(assistant.ask, question)
                encode = _time_ms(embedder.encode_queries, [question])[0]
            end_to_end.append(total)
            bare.append(encode)
            if round_ == 0:
                kinds[answer.kind] = kinds.get(answer.kind, 0) + 1
            timings = dict(answer.timings_ms)
            timings["other"] = timings.get("total", total) - sum(v for k, v in timings.items() if k != "total")
            for stage in STAGES:
                if stage in timings:
                    stages[stage].append(timings[stage])
            if "embed" in timings:
                retrieval_pairs.append((total, encode))

    e2e_retrieval = [t for t, _ in retrieval_pairs] or end_to_end
    bare_retrieval = [b for _, b in retrieval_pairs] or bare
    bare_encode = _percentiles(bare_retrieval)
    peak_serving, rss_serving = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), rss_mb()
    if embedder.backend == "torch":
        versus = {"torch_bare_p50_ms": bare_encode["p50"], "speedup_vs_torch": 1.0}
        if guard_files:
            versus |= {"recall3_delta_vs_torch": 0.0, "mrr_delta_vs_torch": 0.0, "top3_agreement": 1.0}
    else:
        say("loading torch for the comparison")
        versus = compare_with_torch(assistant, questions, repeat, bare_encode["p50"], guard_files, say)
    return {
        "machine": machine(embedder),
        "model": {"id": embedder.model_id, "dtype": embedder.dtype, "load_s": round(embedder.load_seconds, 2)},
        "backend": embedder.backend,
        "index_build": build,
        "index": assistant.index.version,
        "questions": len(questions),
        "repeat": repeat,
        "kinds": kinds,
        "retrieval_questions": len(retrieval_pairs) // repeat,
        "latency_ms": {s: _percentiles(v) for s, v in stages.items() if v},
        "ask_ms": _percentiles(e2e_retrieval),
        "ask_all_ms": _percentiles(end_to_end),
        "bare_encode_ms": bare_encode,
        "bare_p50_ms": bare_encode["p50"],
        "ratio": _ratio(e2e_retrieval, bare_retrieval),
        "ratio_all": _ratio(end_to_end, bare),
        "goal_ratio": GOAL_RATIO,
        "peak_rss_mb": peak_serving,
        "rss_serving_mb": rss_serving,
        **versus,
        "batches": {"passes": embedder.batcher.passes, "texts": embedder.batcher.texts},
        "load_average": {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)},
    }


def compare_with_torch(assistant, questions: list[str], repeat: int, bare_p50: float,
                       guard_files: tuple[Path, ...] | None, say=lambda message: None) -> dict:
    """Speed and retrieval of the assistant's backend against torch (its own precision) in the same process."""
    from ..assistant import Assistant
    from ..embedding import Embedder

    settings = assistant.settings.replace(backend="torch")
    torch_embedder = Embedder(settings)
    torch_embedder.encode_queries(["warming up"])
    times = [_time_ms(torch_embedder.encode_queries, [q])[0] for _ in range(repeat) for q in questions]
    torch_p50 = _percentiles(times)["p50"]
    out = {"torch_dtype": torch_embedder.dtype, "torch_bare_p50_ms": torch_p50,
           "speedup_vs_torch": round(torch_p50 / bare_p50, 2) if bare_p50 > 0 else None}
    if not guard_files:
        return out
    gold = load_gold(guard_files)
    with tempfile.TemporaryDirectory(prefix="chatbot-bench-torch-") as tmp:
        say(f"building a torch index and ranking {len(gold)} answerable questions with both backends")
        reference = Assistant(settings.replace(index_dir=Path(tmp) / "index"), embedder=torch_embedder)
        ours, theirs = _ranks(assistant, gold), _ranks(reference, gold)
    out |= {
        "guard_questions": len(gold),
        "recall3": ours["recall3"], "torch_recall3": theirs["recall3"],
        "recall3_delta_vs_torch": round(ours["recall3"] - theirs["recall3"], 4),
        "mrr": ours["mrr"], "torch_mrr": theirs["mrr"],
        "mrr_delta_vs_torch": round(ours["mrr"] - theirs["mrr"], 4),
        "top3_agreement": round(sum(a == b for a, b in zip(ours["top3"], theirs["top3"], strict=True)) / len(gold), 4),
    }
    out["guard_passed"] = (abs(out["recall3_delta_vs_torch"]) <= GUARD_MAX_DELTA
                           and abs(out["mrr_delta_vs_torch"]) <= GUARD_MAX_DELTA
                           and out["top3_agreement"] >= GUARD_MIN_TOP3)
    return out


def load_gold(paths: tuple[Path, ...]) -> list[tuple[str, list[str]]]:
    """(question, gold sentences) of every answerable question (kind in_kb or non_dutch) in the eval files."""
    gold = [(str(item["question"]), [_fold(g) for g in item["gold"]])
            for path in paths for _, item in _question_lines(path)
            if item.get("kind") in ("in_kb", "non_dutch") and item.get("gold")]
    if not gold:
        raise ChatbotError(f"no answerable questions with gold sentences in {', '.join(map(str, paths))}")
    return gold


def _fold(text: str) -> str:
    """Lower case, Markdown marks and runs of white space folded: how a gold sentence is found in a section."""
    return " ".join(re.sub(r"[*_#>`•\[\]]", " ", text or "").split()).lower()


def _ranks(assistant, gold: list[tuple[str, list[str]]]) -> dict:
    """recall@3, MRR (first section holding a gold sentence, of the top 10) and each question's top-3 set."""
    hits, top3 = [], []
    for question, sentences in gold:
        passages = assistant.search(question, top_k=10)
        folded = [_fold(f"{p.chunk.section} {p.chunk.text}") for p in passages]
        hits.append(next((rank for rank, text in enumerate(folded) if any(g in text for g in sentences)), None))
        top3.append(frozenset(p.chunk.id for p in passages[:3]))
    return {"recall3": round(sum(h is not None and h < 3 for h in hits) / len(hits), 4),
            "mrr": round(sum(1 / (h + 1) for h in hits if h is not None) / len(hits), 4), "top3": top3}


def _time_ms(fn, *args):
    """(milliseconds, result) of one call."""
    started = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - started) * 1000, result


def _time_build(settings, embedder, kb_dir: Path | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="chatbot-bench-") as tmp:
        bench_settings = settings.replace(index_dir=Path(tmp) / "index", kb_dir=kb_dir or settings.kb_dir)
        started = time.perf_counter()
        folder = build_index(bench_settings, embedder, show_progress=False)
        seconds = time.perf_counter() - started
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {
        "seconds": round(seconds, 2),
        "chunks": manifest["chunks"],
        "sentences": manifest["sentences"],
        "chunks_per_s": round(manifest["chunks"] / seconds, 2),
        "sentences_per_s": round(manifest["sentences"] / seconds, 2),
        "stages_s": manifest["build_seconds"],
    }


def machine(embedder=None) -> dict:
    """CPU model, cores, RAM, Python and torch versions (without importing torch), model dtype."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        torch_version = version("torch")
    except PackageNotFoundError:
        torch_version = None
    info = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "python": platform.python_version(),
        "torch": torch_version,
    }
    if embedder is not None:
        info["dtype"] = embedder.dtype
    return info


def _cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float | None:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def rss_mb(pid: int | str = "self") -> float | None:
    """Resident memory of process `pid` now (Linux /proc), in MB; None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50": round(statistics.median(ordered), 1), "p95": round(_quantile(ordered, 0.95), 1),
            "n": len(ordered)}


def _quantile(ordered: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), for a sorted list."""
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _ratio(end_to_end: list[float], bare: list[float]) -> float | None:
    base = statistics.median(bare)
    return round(statistics.median(end_to_end) / base, 3) if base > 0 else None


def format_table(result: dict) -> str:
    """The figures as a plain-text table (what `python -m chatbot bench` prints)."""
    m, b = result["machine"], result["index_build"]
    lines = [
        (f"machine      {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, torch {m['torch']}, "
         f"python {m['python']}"),
        f"model        {result['model']['id']} ({result['model']['dtype']}): loaded in {result['model']['load_s']} s",
        (f"index build  {b['seconds']} s for {b['chunks']} sections and {b['sentences']} sentences "
         f"({b['chunks_per_s']} sections/s, {b['sentences_per_s']} sentences/s)"),
        (f"questions    {result['questions']} x {result['repeat']} rounds "
         f"({', '.join(f'{k} {v}' for k, v in sorted(result['kinds'].items()))}); "
         f"{result['retrieval_questions']} went through retrieval"),
        "",
        f"{'stage':<22}{'p50 ms':>10}{'p95 ms':>10}{'n':>6}",
    ]
    for stage, p in result["latency_ms"].items():
        lines.append(f"{stage:<22}{p['p50']:>10.1f}{p['p95']:>10.1f}{p['n']:>6}")
    for label, key in (("ask (retrieval)", "ask_ms"), ("bare encode", "bare_encode_ms"), ("ask (all)", "ask_all_ms")):
        p = result[key]
        lines.append(f"{label:<22}{p['p50']:>10.1f}{p['p95']:>10.1f}{p['n']:>6}")
    ratio = result["ratio"]
    verdict = "" if ratio is None else ("  (goal met)" if ratio <= result["goal_ratio"] else "  (above goal)")
    lines += [
        "",
        (f"ratio ask / bare encode (p50): {ratio} (goal <= {result['goal_ratio']}){verdict}; "
         f"all questions: {result['ratio_all']}"),
        f"backend      {result['backend']}; {result['batches']['passes']} forward passes for "
        f"{result['batches']['texts']} texts (a question with history is up to three)",
        f"memory       peak RSS {result['peak_rss_mb']} MB, {result['rss_serving_mb']} MB after the questions",
        (f"vs torch     bare encode {result['torch_bare_p50_ms']} ms on torch: {result['speedup_vs_torch']}x faster"
         + (f"; recall@3 {result['recall3_delta_vs_torch']:+}, MRR {result['mrr_delta_vs_torch']:+}, "
            f"top-3 the same for {result['top3_agreement']:.0%}"
            + ("" if result.get("guard_passed", True) else " (GUARD FAILED)")
            if "top3_agreement" in result else "")),
        f"load average {result['load_average']['before']} before, {result['load_average']['after']} after",
    ]
    return "\n".join(lines)
