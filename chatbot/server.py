"""The web server: one FastAPI app with the patient chat at "/", the front desk at "/balie", and the widget.

`create_app(assistant)` builds it; `main()` is what `python app.py` runs. Routes:

| route         | what |
|---------------|------|
| `/`           | the patient chat (Gradio), with the API endpoints `ask` and `search` |
| `/balie`      | the front-desk lookup (Gradio), behind a login when desk_user/desk_password are set |
| `/widget.js`  | the floating chat button for the practice's own website (one <script> tag) |
| `/health`     | model, index build, data folder, queue: no patient data |
| `/ui/page.js` | the pages' own script (Dutch labels, scrolling, copy buttons) |

Around all of it, `Shield` (pure ASGI, so it sees every byte before anyone
parses it) refuses bodies over `max_body_bytes`, uploads and Gradio routes the
app does not use, POSTs from pages of origins that are not allowed, and adds
the security headers (CSP with frame-ancestors from `allowed_origins`, nosniff,
Referrer-Policy). Starlette's CORSMiddleware answers only the allowed origins
(Gradio then adds no CORS headers of its own).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

# Before gradio is imported: no usage statistics leave the practice's server.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from fastapi.responses import JSONResponse, Response  # noqa: E402
from starlette.datastructures import Headers, MutableHeaders  # noqa: E402
from starlette.middleware.cors import CORSMiddleware  # noqa: E402

from . import texts  # noqa: E402
from .assistant import Assistant  # noqa: E402
from .errors import ChatbotError, ConfigError  # noqa: E402
from .feedback import FeedbackStore, private_folder  # noqa: E402
from .settings import Settings  # noqa: E402
from .ui import ChatHandlers, DeskHandlers, ModelGate, RateLimits, build_desk_app, build_patient_app  # noqa: E402
from .ui.pages import DESK_CSS, I18N, PAGE_JS, PATIENT_CSS, THEME, WIDGET_JS  # noqa: E402

log = logging.getLogger(__name__)

DESK_PATH = "/balie"
# Gradio workers for the model group beyond the gate's limit, so that the gate sees an overflow (and says
# "even druk" at once) instead of the overflow waiting unseen in Gradio's queue.
EXTRA_WORKERS = 4
# Gradio routes this app never uses (after the mount prefix): refused before Gradio sees them.
CLOSED_ROUTES = (
    "/gradio_api/upload", "/gradio_api/file=", "/gradio_api/file/", "/gradio_api/proxy=", "/gradio_api/stream",
    "/gradio_api/process_recording", "/gradio_api/vibe", "/gradio_api/undo-vibe", "/gradio_api/run-history",
    "/gradio_api/runs", "/gradio_api/deep_link", "/gradio_api/api/", "/gradio_api/openapi.json",
    "/gradio_api/mcp", "/gradio_api/dev", "/gradio_api/custom_component", "/gradio_api/reset", "/monitoring",
    "/pwa_icon", "/manifest.json", "/file=", "/upload", "/docs", "/redoc", "/openapi.json",
)
# How long /health trusts its last check of the data folder (seconds).
DATA_CHECK_SECONDS = 10.0


# -- the app ---------------------------------------------------------------------------


def create_app(assistant: Assistant, settings: Settings | None = None, *, feedback: FeedbackStore | None = None,
               warm_up: bool = True) -> FastAPI:
    """The whole web app over one shared `assistant`.

    `settings` (default: the assistant's) configure the web layer: origins,
    limits, sessions, the desk login. The model is loaded in a background
    thread (`warm_up`); until it is ready, questions wait a little and then get
    a Dutch "wordt opgestart" reply, and /health says "starting".
    """
    settings = settings or assistant.settings
    origins = allowed_origins(settings.allowed_origins)
    gate = ModelGate(settings.concurrency, settings.max_queue)
    limits = RateLimits.from_settings(settings)
    data = DataFolder(settings.data_dir)
    feedback = feedback or FeedbackStore.from_settings(settings)
    chat = ChatHandlers(assistant, feedback, gate, limits, settings)
    desk = DeskHandlers(assistant, gate, settings)

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.gate, app.state.data, app.state.assistant, app.state.settings = gate, data, assistant, settings

    @app.get("/health")
    def health() -> JSONResponse:
        report = health_report(assistant, settings, gate, data)
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503,
                            headers={"Cache-Control": "no-store"})

    widget = widget_script(settings)
    page = page_script()

    @app.get("/widget.js")
    def widget_js() -> Response:
        return Response(widget, media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=300",
                                 "Cross-Origin-Resource-Policy": "cross-origin"})

    @app.get("/ui/page.js")
    def page_js() -> Response:
        return Response(page, media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "no-cache"})

    common = {"footer_links": [], "run_history": False, "show_error": False, "ssr_mode": False, "pwa": False,
              "mcp_server": False, "enable_monitoring": False, "i18n": I18N, "theme": THEME, "max_file_size": 1,
              "server_name": settings.host, "server_port": settings.port}
    workers = settings.concurrency + settings.max_queue + EXTRA_WORKERS
    for blocks in (desk_app := build_desk_app(desk, settings)), (patient := build_patient_app(chat, settings)):
        blocks.queue(default_concurrency_limit=workers, max_size=4 * workers)
        blocks.state_session_capacity = settings.max_sessions
    auth = (settings.desk_user, settings.desk_password) if settings.desk_password else None
    gr.mount_gradio_app(app, desk_app, path=DESK_PATH, css_paths=[DESK_CSS], auth=auth,
                        auth_message=texts.UI_LOGIN_MESSAGE if auth else None, **common)
    gr.mount_gradio_app(app, patient, path="/", css_paths=[PATIENT_CSS], **common)

    app.add_middleware(CORSMiddleware, allow_origins=sorted(origins), allow_methods=["GET", "POST"],
                       allow_headers=["content-type"], allow_credentials=False, max_age=600)
    app.add_middleware(Shield, settings=settings, origins=origins)

    if warm_up:
        threading.Thread(target=_warm_up, args=(assistant, gate, data), name="warm-up", daemon=True).start()
    else:
        gate.ready.set()
    return app


def _warm_up(assistant: Assistant, gate: ModelGate, data: DataFolder, on_failure=None) -> None:
    started = time.perf_counter()
    log.info("loading model and index (the first start fetches the model and builds the index)")
    data.check(log_result=True)
    try:
        assistant.warm_up()
    except Exception as exc:  # noqa: BLE001 - reported on /health and to the patient; main() stops the app
        gate.failed = str(exc) if isinstance(exc, ChatbotError) else type(exc).__name__
        log.error("the model or index could not be loaded: %s", gate.failed)
        gate.ready.set()
        if on_failure is not None:
            on_failure(exc)
        return
    log.info("model and index ready in %.1f s", time.perf_counter() - started)
    gate.ready.set()


# -- health ---------------------------------------------------------------------------------


class DataFolder:
    """Whether the data folder (feedback, insights) can be written; checked at start and by /health."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._checked_at = -DATA_CHECK_SECONDS
        self._writable = False
        self._lock = threading.Lock()

    def writable(self) -> bool:
        with self._lock:
            if time.monotonic() - self._checked_at >= DATA_CHECK_SECONDS:
                self._writable = self._probe()
                self._checked_at = time.monotonic()
            return self._writable

    def check(self, log_result: bool = False) -> bool:
        """Check now (not from the cache); with `log_result`, one clear log line when it cannot be written."""
        with self._lock:
            self._writable = self._probe()
            self._checked_at = time.monotonic()
        if log_result and not self._writable:
            log.error("the data folder %s cannot be written: feedback will not be stored "
                      "(set CHATBOT_DATA_DIR to a folder this user can write)", self.folder)
        return self._writable

    def _probe(self) -> bool:
        try:
            private_folder(self.folder)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".write-check-"):
                pass
            return True
        except OSError:
            return False


def health_report(assistant: Assistant, settings: Settings, gate: ModelGate, data: DataFolder) -> dict:
    """What /health says: no question, no answer, no path, no address; only the state of the parts."""
    ready = gate.ready.is_set() and not gate.failed
    index = None
    if ready:
        try:
            index = {"build": assistant.index.version, "sections": len(assistant.index.chunks)}
        except Exception as exc:  # noqa: BLE001
            index = {"error": type(exc).__name__}
    writable = data.writable()
    status = "failed" if gate.failed else "starting" if not ready else "ok" if writable else "degraded"
    return {
        "status": status,
        "model": {"name": settings.model if settings.model_is_default else Path(settings.model).name,
                  "loaded": ready, "backend": assistant.embedder.backend if ready else None},
        "index": index,
        "data_folder": {"writable": writable},
        "queue": gate.state(),
    }


# -- origins and headers -------------------------------------------------------------------


def allowed_origins(text: str) -> frozenset[str]:
    """CHATBOT_ALLOWED_ORIGINS as a set of "scheme://host[:port]"; anything else is named as an error."""
    origins = set()
    for part in (text or "").split(","):
        part = part.strip().rstrip("/")
        if not part:
            continue
        url = urlsplit(part)
        if url.scheme not in ("http", "https") or not url.netloc or url.path or url.query or "*" in part:
            raise ConfigError(f"allowed_origins must list origins like https://www.praktijk.nl, got {part!r}")
        origins.add(f"{url.scheme}://{url.netloc.lower()}")
    return frozenset(origins)


def security_headers(origins: frozenset[str]) -> dict[str, str]:
    """The headers on every response: what the browser may load, who may frame the app, no sniffing."""
    ancestors = " ".join(["'self'", *sorted(origins)])
    csp = "; ".join([
        "default-src 'self'",
        # Gradio's page puts its config in an inline script and sets inline styles.
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "media-src 'self' blob:",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {ancestors}",
    ])
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if not origins:
        headers["X-Frame-Options"] = "SAMEORIGIN"
    return headers


class Shield:
    """Pure ASGI middleware: body cap, closed routes, origin check on POST, security headers, Dutch page HTML."""

    def __init__(self, app, settings: Settings, origins: frozenset[str]):
        self.app = app
        self.max_body = settings.max_body_bytes
        self.origins = origins
        self.headers = security_headers(origins)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        method = scope.get("method", "GET")
        request_headers = Headers(scope=scope)
        refusal = self._refusal(path, method, request_headers)
        if refusal is not None:
            await _send_json(send, *refusal, self.headers)
            return

        received = 0
        refused = False
        started = False

        async def limited_receive():
            # A body without (or with a false) Content-Length is counted as it arrives; past the cap the
            # client gets 413 at once and the app sees a disconnect (FastAPI would turn an error into a 400).
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    refused = True
                    log.info("refused a streamed request body over %d bytes on %s", self.max_body, _route(path))
                    if not started:
                        await _send_json(send, 413, texts.UI_TOO_LARGE, self.headers)
                    return {"type": "http.disconnect"}
            return message

        rewrite = method == "GET" and _is_page(path)
        held: dict = {}
        body = bytearray()

        async def send_with_headers(message):
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:
                        headers[name] = value
                if "server" in headers:
                    del headers["server"]
                if rewrite and headers.get("content-type", "").startswith("text/html"):
                    held["start"] = message
                    return
            elif message["type"] == "http.response.body" and "start" in held:
                body.extend(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = _dutch_page(bytes(body))
                start = held.pop("start")
                MutableHeaders(scope=start)["content-length"] = str(len(page))
                await send(start)
                await send({"type": "http.response.body", "body": page})
                return
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except Exception:
            if not refused:
                raise

    def _refusal(self, path: str, method: str, headers: Headers) -> tuple[int, str] | None:
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            log.info("refused a request body of %s bytes on %s", length[:20], _route(path))
            return 413, texts.UI_TOO_LARGE
        inner = path[len(DESK_PATH):] if path == DESK_PATH or path.startswith(DESK_PATH + "/") else path
        if inner.startswith(("/gradio_api/upload", "/upload")):
            return 403, texts.UI_UPLOAD_REFUSED
        if inner.startswith(CLOSED_ROUTES):
            return 404, texts.UI_NOT_FOUND
        origin = headers.get("origin")
        if method not in ("GET", "HEAD", "OPTIONS") and origin and not self._origin_allowed(origin, headers):
            log.info("refused a %s from another origin on %s", method, _route(path))
            return 403, texts.UI_FORBIDDEN_ORIGIN
        return None

    def _origin_allowed(self, origin: str, headers: Headers) -> bool:
        origin = origin.lower().rstrip("/")
        if origin in self.origins:
            return True
        host = (headers.get("host") or "").lower()
        return bool(host) and urlsplit(origin).netloc == host  # the app's own page


def _is_page(path: str) -> bool:
    return path in ("/", DESK_PATH, DESK_PATH + "/")


_HTML_LANG = re.compile(rb'(<html\b[^>]*?\blang=")en(")')
# Social-media preview tags point at Gradio's images on other hosts; a patient's page does not need them.
_OUTSIDE_META = re.compile(rb'<meta\b[^>]*\bcontent="(?:https?:)?//[^"]*"[^>]*>\s*')


def _dutch_page(page: bytes) -> bytes:
    """Gradio's page made Dutch before any of its scripts run: lang="nl" and our script first in <head>."""
    page = _HTML_LANG.sub(rb"\1nl\2", page, count=1)
    page = _OUTSIDE_META.sub(b"", page)
    return page.replace(b"<head>", b'<head>\n<script src="/ui/page.js"></script>', 1)


async def _send_json(send, status: int, message: str, headers: dict[str, str]) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode()),
           (b"connection", b"close")]
    raw += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def _route(path: str) -> str:
    """The path for a log line, cut short (it may hold anything a client typed)."""
    return json.dumps(path[:80])


# -- scripts ------------------------------------------------------------------------------------


def page_script() -> str:
    """page.js with the Dutch texts filled in (they live in texts.py like every other Dutch string)."""
    values = {"NL": list(texts.UI_ENGLISH_NL.items()), "CALL_112": texts.UI_CONNECTION_LOST_CALL,
              "COPIED": texts.UI_LOOKUP_COPIED}
    return PAGE_JS.read_text(encoding="utf-8").replace("__TEXTS__", json.dumps(values, ensure_ascii=False))


def widget_script(settings: Settings) -> str:
    """widget.js with its labels and the practice's name filled in."""
    values = {"labels": texts.WIDGET_LABELS, "practice": settings.practice_name}
    return WIDGET_JS.read_text(encoding="utf-8").replace("__TEXTS__", json.dumps(values, ensure_ascii=False))


# -- serving -----------------------------------------------------------------------------------


def uvicorn_config(app, host: str, port: int, **kwargs) -> uvicorn.Config:
    """No `server` banner, and no X-Forwarded-For taken from anyone (Shield and the rate limit decide that)."""
    return uvicorn.Config(app, host=host, port=port, server_header=False, proxy_headers=False,
                          timeout_keep_alive=5, log_config=None, **kwargs)


class ServerThread:
    """The app served by uvicorn in a background thread (tests, screenshots); `url` once it serves."""

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0):
        self.server = uvicorn.Server(uvicorn_config(app, host, port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)
        self.url = ""

    def start(self, timeout: float = 60) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise ChatbotError("the app did not start serving")
            time.sleep(0.05)
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        self.url = f"http://{host}:{port}/"
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt parameter number (malloc.h)


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Let glibc keep at most `arenas` malloc arenas; returns whether it took effect.

    Why: glibc gives each thread that allocates concurrently an arena of its own
    (up to 8 per core) and returns memory to the system per arena, so a server whose
    16 answer threads allocate in turn fragments across many arenas and its memory
    creeps up for hours. Two arenas measured less growth at the same speed (see
    docs/performance.md, soak). Called before any answer thread starts. An operator's
    own MALLOC_ARENA_MAX wins; on a C library other than glibc this does nothing.
    """
    if os.environ.get("MALLOC_ARENA_MAX") or not sys.platform.startswith("linux"):
        return False
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(_M_ARENA_MAX, arenas))
    except (OSError, AttributeError):
        return False


def main() -> int:
    """`python app.py`: serve at once, load model and index in the background (first start: fetch and build)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os.umask(0o077)  # everything the app writes (feedback, insights, temporary files) is the app user's alone
    limit_malloc_arenas()
    try:
        settings = Settings.from_env()
        assistant = Assistant(settings)
        app = create_app(assistant, settings, warm_up=False)
    except ChatbotError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    server = uvicorn.Server(uvicorn_config(app, settings.host, settings.port))
    failure: list[BaseException] = []

    def stop(exc: BaseException) -> None:
        failure.append(exc)
        server.should_exit = True

    threading.Thread(target=_warm_up, args=(assistant, app.state.gate, app.state.data, stop), name="warm-up",
                     daemon=True).start()
    log.info("serving on http://%s:%d/ (front desk: %s)", settings.host, settings.port, DESK_PATH)
    try:
        server.run()
    except KeyboardInterrupt:
        return 130
    if failure:
        print(f"Error: {failure[0]}", file=sys.stderr)
        return 1
    if not server.started:
        print(f"Fout: de app kan niet starten op {settings.host}:{settings.port}. "
              "Kies zo nodig een andere poort met CHATBOT_PORT.", file=sys.stderr)
        return 1
    return 0
