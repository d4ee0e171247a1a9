"""`python -m chatbot loadtest`: the real app under concurrent API sessions, against the same work in-process.

In one run:
1. starts `python app.py` on 127.0.0.1 on a free port (its data folder in a
   temporary directory, so feedback or insights never reach the practice's
   own files) and waits until it serves and /health says the model and index are loaded;
2. runs `sessions` threads, each with its own `gradio_client.Client`, that ask
   `questions_per_session` questions one after another through the `/ask`
   endpoint. All sessions start together; no request is submitted after the
   time budget ran out, and requests still unanswered then are given up
   (counted as `unfinished`, apart from the errors);
3. stops the app (always: also on errors and Ctrl-C);
4. answers the same questions sequentially with an in-process `Assistant`
   (model and index loaded by `warm_up` first, not timed), as the app does.

Latency is per request as a client sees it: from submit to result, so it
includes waiting in the app's queue (the app answers `settings.concurrency`
questions at a time). Throughput is answered requests per second of wall time.
With `flood=True` (`--flood`) it is an abuse test instead: the app keeps its
rate limit (`CHATBOT_RATE_LIMIT`), each session is its own client (its own
X-Forwarded-For, the app trusting 127.0.0.1 as a proxy) asking at a person's
pace (one question per PERSON_PACE_S), and one more client asks as fast as it
can from several threads. The sessions must get 0 errors (a refusal counts as one); the report says
how many of the flood's questions were answered and how many limited.

The app's resident memory is sampled every few seconds during the load
(`app_rss_mb`); with `in_process=False` (`--no-in-process`) the run is a soak:
a long load (say `--sessions 8 --questions-per-session 100000
--timeout-seconds 1800`) that only watches the app's errors and memory.

`ratio` = server throughput / in-process throughput: what the server layer
costs, or, above 1, what the app's concurrency gains. The clients can only run
on this machine (the app listens on loopback), so their CPU, reported as
`load_cpu_s["clients"]`, is charged to the server layer too. Other processes
slow every figure, torch's two threads most (each waits for the other when a
core is taken), so the report says how much CPU they used during the run.
"""

from __future__ import annotations

import dataclasses
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from gradio_client import Client
from tqdm import tqdm

from ..assistant import Assistant
from ..errors import AppNotStarted, ChatbotError
from ..settings import PROJECT_ROOT, Settings
from .bench import machine, rss_mb

# Loading the model and index takes 10-20 s; a first start also fetches the model and builds the index.
STARTUP_SECONDS = 300
KINDS = ("answer", "no_answer", "urgent")
# Replies of the app that are no answer: over the rate limit, queue full, or a failure inside the app.
REFUSALS = ("rate_limited", "busy", "error")
# How many distinct error messages the report keeps (the count covers all of them).
ERROR_EXAMPLES = 5


# -- the app in a subprocess -----------------------------------------------------


@dataclass
class AppProcess:
    """`python app.py` serving on 127.0.0.1; a context manager that stops it on exit."""

    url: str
    process: subprocess.Popen
    log: Path
    start_s: float

    def stop(self) -> None:
        """Terminate the app (kill it when it does not exit within 15 s); safe to call twice."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_app(log: Path, env: dict[str, str] | None = None, startup_seconds: float = STARTUP_SECONDS) -> AppProcess:
    """Start `python app.py` on 127.0.0.1 on a free port and return once it serves.

    `env` adds CHATBOT_* variables to this process's environment; host and port
    are always set here (never any address but loopback). The app's output goes
    to `log`. Raises AppNotStarted, with the end of the log, when the app exits
    or does not serve within `startup_seconds`; the process is stopped then.
    """
    port = free_port()
    env = os.environ | (env or {}) | {"CHATBOT_HOST": "127.0.0.1", "CHATBOT_PORT": str(port),
                                      "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    with open(log, "w") as out:
        # A session of its own: Ctrl-C reaches only us, and we stop the app in order.
        process = subprocess.Popen([sys.executable, "app.py"], cwd=PROJECT_ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    app = AppProcess(f"http://127.0.0.1:{port}/", process, log, 0.0)
    try:
        deadline = time.monotonic() + startup_seconds
        while not serves(app.url):
            if process.poll() is not None or time.monotonic() > deadline:
                why = f"exited with code {process.returncode}" if process.poll() is not None else \
                    f"did not serve within {startup_seconds:g} s"
                raise AppNotStarted(f"the app {why}; end of its log {log}:\n{_tail(log)}")
            time.sleep(0.5)
    except BaseException:
        app.stop()
        raise
    app.start_s = round(time.perf_counter() - started, 1)
    return app


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serves(url: str) -> bool:
    """Whether the app at `url` is ready for questions: /health says "ok" (200) once model and index are loaded.

    The app serves its pages before that (the model loads in the background),
    so waiting for the port alone would charge the model load to the first
    questions of a load.
    """
    try:
        with urllib.request.urlopen(url + "health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return "(no log)"


# -- the report ----------------------------------------------------------------


@dataclass(frozen=True)
class Latency:
    """Milliseconds over `n` requests (p95 interpolated between closest ranks)."""

    p50: float
    p95: float
    max: float
    n: int


@dataclass(frozen=True)
class Phase:
    """One way of answering the questions: through the app, or sequentially in-process."""

    requests: int  # answered without error
    wall_s: float
    throughput_rps: float
    latency_ms: Latency | None


@dataclass(frozen=True)
class LoadReport:
    """What `python -m chatbot loadtest` prints (`--json`: `dataclasses.asdict` of this)."""

    sessions: int
    questions_per_session: int
    planned: int
    submitted: int
    errors: int  # exceptions and responses without a known kind and a non-empty answer
    unfinished: int  # submitted, but given up when the time budget ran out
    error_examples: list[str]
    stopped_by_time_budget: bool
    timeout_seconds: float
    kinds: dict[str, int]
    server: Phase
    # Assistant.ask inside the app (the answer's timings_ms["total"]): the same work without queue and HTTP,
    # but with the wait for the model's shared forward passes (embedding.QueryBatcher).
    server_ask_ms: Latency | None
    # CPU seconds during the load phase: the app's process, and this process's client sessions.
    load_cpu_s: dict[str, float | None]
    in_process: Phase | None  # None for a soak (in_process=False)
    ratio: float | None  # server throughput / in-process throughput
    # The app's RSS during the load: after its first minute (or first tenth), at the end, the most, and the
    # growth from the first to the end in percent (a leak shows as steady growth over a long run).
    app_rss_mb: dict[str, float | int | None]
    # With flood=True: the flooding client's requests and how they ended (answered, rate_limited, busy,
    # lost, errors, and error_examples); None otherwise. "lost": gradio_client raised CancelledError, i.e. it
    # lost a reply the app sent (LOST).
    flood: dict | None
    app: dict
    machine: dict
    # Other processes on the machine slow every figure (torch's two threads wait for each other when
    # one core is taken): the 1-minute load average before and after, and the CPU seconds that processes
    # other than this one and its app used during the run (None where /proc/stat is missing).
    load_average: dict[str, float]
    other_cpu_s: float | None


def session_questions(questions: list[str], sessions: int, per_session: int) -> list[list[str]]:
    """The questions of each session: the list rotated by `session × per_session`, first `per_session`.

    Deterministic, and consecutive sessions take consecutive stretches of the
    list, so a load covers as much of the dev set's mix of kinds as it can.
    """
    n = len(questions)
    return [[questions[(s * per_session + i) % n] for i in range(per_session)] for s in range(sessions)]


def run(questions: list[str], sessions: int = 16, questions_per_session: int = 10, timeout_seconds: float = 600,
        settings: Settings | None = None, show_progress: bool = False, in_process: bool = True,
        flood: bool = False, app_log: Path | None = None) -> LoadReport:
    """Start the app, load it with `sessions` concurrent API sessions, stop it, then time the same in-process.

    `timeout_seconds` bounds the load phase and, separately, the in-process phase
    (the app's start-up has its own limit, STARTUP_SECONDS). `settings` are for
    the in-process run; the app reads the same CHATBOT_* environment variables.
    The app's own log goes to a temporary file that is deleted with the run, or to
    `app_log` when given (to read what the server did with a request that failed).
    """
    if sessions < 1:
        raise ChatbotError(f"sessions must be at least 1, got {sessions}")
    if questions_per_session < 1:
        raise ChatbotError(f"questions per session must be at least 1, got {questions_per_session}")
    if timeout_seconds <= 0:
        raise ChatbotError(f"timeout seconds must be more than 0, got {timeout_seconds}")
    if not questions:
        raise ChatbotError("there are no questions to ask")
    settings = settings or Settings.from_env()
    plan = session_questions(questions, sessions, questions_per_session)
    say = _say if show_progress else (lambda message: None)
    load_before, busy_before = os.getloadavg()[0], _cpu_seconds()

    with tempfile.TemporaryDirectory(prefix="chatbot-loadtest-") as tmp:
        data_dir = Path(tmp) / "data"
        say("starting the app (python app.py) on 127.0.0.1 …")
        # The queue holds every session. Without a flood all sessions come from one address, so the per-client
        # rate limit is off: this measures how fast the app answers, not its limits. With a flood each session
        # is its own client behind a trusted proxy (127.0.0.1), and the limit stays as configured.
        app_env = {"CHATBOT_DATA_DIR": str(data_dir), "CHATBOT_MAX_QUEUE": str(max(settings.max_queue, sessions))}
        app_env |= ({"CHATBOT_TRUSTED_PROXY": "127.0.0.1", "CHATBOT_RATE_LIMIT": settings.rate_limit} if flood
                    else {"CHATBOT_RATE_LIMIT": "off"})
        with start_app(app_log or Path(tmp) / "app.log", app_env) as app:
            say(f"app serves at {app.url} (started in {app.start_s} s); "
                f"{sessions} sessions × {questions_per_session} questions …")
            load = _load(app, plan, timeout_seconds, show_progress, flood)
        answered = [r.question for r in load.results if not r.error]
        if in_process:
            say(f"app stopped; now the {len(answered)} answered questions sequentially in-process …")
            sequential = _in_process(answered, settings.replace(data_dir=data_dir), timeout_seconds)
        else:
            sequential = None

    errors = [r.error for r in load.results if r.error and r.error != _TIMEOUT] + load.connect_errors
    server = _phase([r.ms for r in load.results if not r.error], load.wall_s)
    ratio = (round(server.throughput_rps / sequential.throughput_rps, 3)
             if sequential and sequential.throughput_rps and server.requests else None)
    return LoadReport(
        sessions=sessions,
        questions_per_session=questions_per_session,
        planned=sessions * questions_per_session,
        submitted=len(load.results),
        errors=len(errors),
        unfinished=sum(r.error == _TIMEOUT for r in load.results),
        error_examples=list(dict.fromkeys(errors))[:ERROR_EXAMPLES],
        stopped_by_time_budget=load.out_of_time or bool(sequential and sequential.requests < len(answered)),
        timeout_seconds=timeout_seconds,
        kinds=dict(sorted(Counter(r.kind for r in load.results if r.kind).items())),
        server=server,
        server_ask_ms=_latency([r.server_ms for r in load.results if r.server_ms is not None]),
        load_cpu_s=load.cpu_s,
        in_process=sequential,
        ratio=ratio,
        app_rss_mb=load.rss_mb,
        flood=load.flood,
        app={"url": app.url, "start_s": app.start_s, "concurrency": settings.concurrency},
        machine=machine(),
        load_average={"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        other_cpu_s=_other_cpu_seconds(busy_before),
    )


def format_table(report: LoadReport) -> str:
    """The report as plain text (what `python -m chatbot loadtest` prints)."""
    m, r = report.machine, report
    budget = (f"ran out: of {r.planned} questions {r.planned - r.submitted} not asked and {r.unfinished} unanswered "
              f"through the app, "
              f"{r.server.requests - r.in_process.requests if r.in_process else '-'} not asked in-process"
              if r.stopped_by_time_budget else "not reached")
    lines = [
        (f"machine      {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, torch {m['torch']}, "
         f"python {m['python']}"),
        (f"app          {r.app['url']} started in {r.app['start_s']} s, answers {r.app['concurrency']} "
         "at a time (CHATBOT_CONCURRENCY)"),
        (f"load         {r.sessions} sessions x {r.questions_per_session} questions = {r.planned} planned, "
         f"{r.submitted} asked, {r.errors} errors"),
        f"time budget  {r.timeout_seconds:g} s per phase: {budget}",
        (f"elsewhere    load average {r.load_average['before']} before, {r.load_average['after']} after; "
         f"other processes used {'-' if r.other_cpu_s is None else r.other_cpu_s} CPU s during the run"),
        f"kinds        {', '.join(f'{k} {v}' for k, v in r.kinds.items()) or '-'}",
        "",
        f"{'':<26}{'requests':>9}{'wall s':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}",
    ]
    rows = [(f"app, {r.sessions} sessions", r.server), ("in-process, sequential", r.in_process)]
    for label, phase in rows:
        if phase is None:
            lines.append(f"{label:<26}{'(not run)':>9}")
            continue
        lat = phase.latency_ms
        times = f"{lat.p50:>9.1f}{lat.p95:>9.1f}{lat.max:>9.1f}" if lat else f"{'-':>9}" * 3
        lines.append(f"{label:<26}{phase.requests:>9}{phase.wall_s:>9.1f}{phase.throughput_rps:>8.2f}{times}")
    if r.server_ask_ms:
        s = r.server_ask_ms
        lines.append(f"{'  ask inside the app':<26}{s.n:>9}{'':>9}{'':>8}{s.p50:>9.1f}{s.p95:>9.1f}{s.max:>9.1f}")
    cpu = r.load_cpu_s
    lines.append(f"{'':<26}CPU during the load: app {_or_dash(cpu['app'])} s, clients {_or_dash(cpu['clients'])} s "
                 f"of {r.server.wall_s * (m['cores'] or 0):.1f} s ({m['cores']} cores x wall)")
    mem = r.app_rss_mb
    lines += ["", f"ratio        app / in-process throughput = {r.ratio if r.ratio is not None else '-'}",
              (f"app memory   RSS {_or_dash(mem['after_warmup'])} MB after warm-up, {_or_dash(mem['last'])} MB at the "
               f"end, {_or_dash(mem['max'])} MB at most ({_or_dash(mem['growth_pct'])} % growth, "
               f"{mem['samples']} samples)")]
    if r.flood is not None:
        f = r.flood
        lines.append(f"flood        one client asked {f['requests']} times as fast as it could: "
                     f"{f['answered']} answered, {f['rate_limited']} rate limited, {f['busy']} busy, "
                     f"{f['lost']} lost by gradio_client, {f['errors']} errors")
    for example in r.error_examples:
        lines.append(f"error        {example}")
    return "\n".join(lines)


# -- the load --------------------------------------------------------------------


@dataclass(frozen=True)
class _Result:
    question: str
    ms: float
    kind: str | None = None
    server_ms: float | None = None
    error: str | None = None


@dataclass
class _Load:
    results: list[_Result]
    connect_errors: list[str]
    wall_s: float
    out_of_time: bool
    cpu_s: dict[str, float | None]
    rss_mb: dict[str, float | int | None]
    flood: dict | None


# With a flood, a well-behaved session asks at most one question per this many seconds (15 a minute).
PERSON_PACE_S = 4.0
FLOOD_ADDRESS = "10.255.255.1"
# The flooding client asks from this many threads at once, each as fast as it can.
FLOOD_THREADS = 8
# How gradio_client reports a reply it lost: `Job.result` raises CancelledError when the session's shared event
# stream closed while the job waited. The app's own log showed it answered every such request (a 30-minute soak,
# docs/performance.md). A flooding client, whose refusals come back at once, meets this race far more often than
# a person; for the well-behaved sessions it still counts as an error.
LOST = "CancelledError"


def _session_address(n: int) -> str:
    return f"10.1.{n // 250}.{n % 250 + 1}"


def _load(app: AppProcess, plan: list[list[str]], timeout_seconds: float, show_progress: bool,
          flood: bool = False) -> _Load:
    """Run one thread per session, each with its own client; returns every asked question's result.

    The clients connect first (fetching the app's config is not a request), then
    all sessions start together and the clock and the time budget start. With
    `flood`, sessions are separate clients at a person's pace, and one more
    client asks the first question over and over from FLOOD_THREADS threads
    until the sessions are done.
    """
    results: list[_Result] = []
    connect_errors: list[str] = []
    rss: list[tuple[float, float]] = []
    lock = threading.Lock()
    stop = threading.Event()
    out_of_time = threading.Event()
    clients = []
    flood_counts: dict | None = None
    flood_errors: list[str] = []
    progress = None
    try:
        for n, questions in enumerate(plan):
            try:
                clients.append(_client(app.url, _session_address(n) if flood else None))
            except Exception as exc:  # noqa: BLE001 - every question of this session is then an error
                clients.append(None)
                connect_errors.extend([f"cannot connect: {_describe(exc)}"] * len(questions))
        progress = tqdm(total=sum(map(len, plan)), desc="requests", unit="q", disable=not show_progress,
                        file=sys.stderr)
        deadline = time.monotonic() + timeout_seconds

        def session(client, questions: list[str]) -> None:
            for question in questions:
                if stop.is_set():
                    return
                if time.monotonic() >= deadline:
                    out_of_time.set()
                    return
                asked = time.monotonic()
                result = _ask(client, question, deadline)
                with lock:
                    results.append(result)
                progress.update()
                if flood:
                    stop.wait(max(0.0, PERSON_PACE_S - (time.monotonic() - asked)))

        def flooder(client, counts: dict[str, int]) -> None:
            while not stop.is_set() and not sessions_done.is_set() and time.monotonic() < deadline:
                result = _ask(client, plan[0][0], deadline)
                key = result.kind if result.kind else (result.error or "").removeprefix("refused: ")
                outcome = (key if key in ("rate_limited", "busy") else "answered" if result.kind
                           else "lost" if result.error == LOST else "errors")
                with lock:
                    counts["requests"] += 1
                    counts[outcome] += 1
                    if outcome == "errors" and len(flood_errors) < ERROR_EXAMPLES:
                        flood_errors.append(result.error)

        threads = [threading.Thread(target=session, args=(client, qs), name=f"loadtest-session-{n}", daemon=True)
                   for n, (client, qs) in enumerate(zip(clients, plan, strict=False)) if client is not None]
        cpu_before = _process_cpu_seconds(app.process.pid), _own_cpu_seconds()
        sampler = threading.Thread(target=_sample_rss, args=(app.process.pid, rss, stop), name="loadtest-rss",
                                   daemon=True)
        started = time.perf_counter()
        sampler.start()
        sessions_done = threading.Event()
        if flood:
            flood_counts = dict.fromkeys(("requests", "answered", "rate_limited", "busy", "lost", "errors"), 0)
            flood_counts["error_examples"] = flood_errors
            flood_client = _client(app.url, FLOOD_ADDRESS)
            clients.append(flood_client)
            threads += [threading.Thread(target=flooder, args=(flood_client, flood_counts), name=f"loadtest-flood-{n}",
                                         daemon=True) for n in range(FLOOD_THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            if t.name.startswith("loadtest-flood"):
                sessions_done.set()
            while t.is_alive():  # short joins, so that Ctrl-C is seen at once
                t.join(timeout=0.5)
        # Given-up requests wait for their cancel to reach the app: that tail is not serving time.
        wall = min(time.perf_counter() - started, timeout_seconds)
        cpu_after = _process_cpu_seconds(app.process.pid), _own_cpu_seconds()
    finally:
        stop.set()
        if progress is not None:
            progress.close()
        # Each close waits up to 1 s for the client's heartbeat thread: close them all at once.
        closing = [threading.Thread(target=c.close, daemon=True) for c in clients if c is not None]
        for t in closing:
            t.start()
        for t in closing:
            t.join(timeout=5)
    return _Load(results, connect_errors, round(wall, 2),
                 out_of_time.is_set() or any(r.error == _TIMEOUT for r in results),
                 {"app": _difference(cpu_before[0], cpu_after[0]), "clients": _difference(cpu_before[1], cpu_after[1])},
                 _rss_summary(rss), flood_counts)


RSS_EVERY_S = 5.0


def _sample_rss(pid: int, samples: list[tuple[float, float]], stop: threading.Event) -> None:
    """(seconds since start, RSS MB) of process `pid` every RSS_EVERY_S until `stop` or the process is gone."""
    started = time.monotonic()
    while (mb := rss_mb(pid)) is not None:
        samples.append((time.monotonic() - started, mb))
        if stop.wait(RSS_EVERY_S):
            return


def _rss_summary(samples: list[tuple[float, float]]) -> dict[str, float | int | None]:
    """RSS after warm-up (the first sample past one minute or a tenth of the run), at the end, the most, growth %."""
    if not samples:
        return {"after_warmup": None, "last": None, "max": None, "growth_pct": None, "samples": 0}
    warm_at = min(60.0, samples[-1][0] / 10)
    after_warmup = next(mb for t, mb in samples if t >= warm_at)
    last = samples[-1][1]
    return {"after_warmup": round(after_warmup, 1), "last": round(last, 1),
            "max": round(max(mb for _, mb in samples), 1),
            "growth_pct": round((last - after_warmup) / after_warmup * 100, 2), "samples": len(samples)}


def _client(url: str, address: str | None = None) -> Client:
    """A gradio_client session; `address`: the client it claims to be (X-Forwarded-For, for a trusted proxy)."""
    # analytics_enabled=False: otherwise the client reports the app's URL to Hugging Face.
    return Client(url, verbose=False, analytics_enabled=False, download_files=False,
                  headers={"X-Forwarded-For": address} if address else None)


_TIMEOUT = "no answer within the time budget"


def _ask(client, question: str, deadline: float) -> _Result:
    """One `/ask` request, timed from submit to result; never raises."""
    started = time.perf_counter()
    job = None
    try:
        job = client.submit(question, None, api_name="/ask")
        data = job.result(timeout=max(deadline - time.monotonic(), 0.01))
    except TimeoutError:
        if job is not None:
            job.cancel()
        return _Result(question, _ms(started), error=_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - any failure is a counted error, not a crash
        return _Result(question, _ms(started), error=_describe(exc))
    ms = _ms(started)
    problem = _problem(data)
    if problem:
        return _Result(question, ms, error=problem)
    server_ms = (data.get("timings_ms") or {}).get("total")
    return _Result(question, ms, data["kind"], server_ms if isinstance(server_ms, (int, float)) else None)


def _problem(data) -> str | None:
    """Why a response is not an answer of the documented shape, or None when it is."""
    if not isinstance(data, dict):
        return f"response is a {type(data).__name__}, not a JSON object"
    if data.get("kind") not in KINDS:
        return f"response kind is {data.get('kind')!r}, not one of {', '.join(KINDS)}"
    if data.get("reason") in REFUSALS:
        return f"refused: {data['reason']}"
    if not isinstance(data.get("answer"), str) or not data["answer"].strip():
        return f"response of kind {data['kind']} has an empty answer"
    return None


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


# -- in-process ------------------------------------------------------------------


def _in_process(questions: list[str], settings: Settings, timeout_seconds: float) -> Phase:
    """`Assistant.ask` on each question in turn, after an untimed `warm_up` (as the app does at start)."""
    assistant = Assistant(settings).warm_up()
    deadline = time.monotonic() + timeout_seconds
    times = []
    started = time.perf_counter()
    for question in questions:
        if time.monotonic() >= deadline:
            break
        t = time.perf_counter()
        assistant.ask(question)
        times.append(_ms(t))
    return _phase(times, time.perf_counter() - started)


def _phase(times_ms: list[float], wall_s: float) -> Phase:
    return Phase(len(times_ms), round(wall_s, 2), round(len(times_ms) / wall_s, 3) if wall_s > 0 else 0.0,
                 _latency(times_ms))


def _latency(times_ms: list[float]) -> Latency | None:
    if not times_ms:
        return None
    ordered = sorted(times_ms)
    p95 = statistics.quantiles(ordered, n=20, method="inclusive")[18] if len(ordered) > 1 else ordered[0]
    return Latency(round(statistics.median(ordered), 1), round(p95, 1), round(ordered[-1], 1), len(ordered))


def _cpu_seconds() -> tuple[float, float] | None:
    """(CPU seconds the whole machine spent busy, those of this process and its waited-for children)."""
    try:
        with open("/proc/stat") as f:
            user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in f.readline().split()[1:9])
    except (OSError, ValueError):
        return None
    own = sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for field in ("ru_utime", "ru_stime"))
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK"), own


def _process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a running process (from /proc; None where that is missing)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _difference(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else round(after - before, 1)


def _or_dash(value) -> str:
    return "-" if value is None else str(value)


def _other_cpu_seconds(before: tuple[float, float] | None) -> float | None:
    after = _cpu_seconds()
    if before is None or after is None:
        return None
    return round(max((after[0] - before[0]) - (after[1] - before[1]), 0.0), 1)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def as_json(report: LoadReport) -> dict:
    """The report as one JSON-ready dict, with the headline throughputs at the top level too."""
    return dataclasses.asdict(report) | {
        "app_rps": report.server.throughput_rps,
        "inprocess_rps": report.in_process.throughput_rps if report.in_process else None}
