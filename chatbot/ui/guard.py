"""Bounded work: who may ask now, and how many answers are computed or waiting at once.

- `ModelGate`: at most `concurrency` answers at once (their forward passes are
  shared by the embedder's `QueryBatcher`) and at most
  `max_queue` waiting for the model; the next one gets `Busy` at once instead of
  waiting for minutes. It also holds back questions until the model is loaded.
- `RateLimits`: per-client limits (the `limits` library, moving window, in
  memory) for questions, and per-client and per-session limits for feedback,
  so that a script cannot write feedback or insights faster than a person could.
- `client_address`: the peer address, or the client named by X-Forwarded-For
  when the peer is one of the trusted reverse proxies.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from ..errors import ChatbotError, ConfigError
from ..settings import Settings

# Thumbs and "Wat miste je?" notes: a person gives a few per minute at most.
FEEDBACK_PER_CLIENT = "30/minute;300/hour"
FEEDBACK_PER_SESSION = "10/minute;60/hour"
# How long a question waits for the model to finish loading before it is told to come back later.
STARTUP_WAIT_SECONDS = 60.0


class Busy(ChatbotError):
    """The model has as many questions waiting as the app allows (CHATBOT_MAX_QUEUE)."""


class NotReady(ChatbotError):
    """The model and index are still being loaded (or failed to load)."""


class ModelGate:
    """At most `concurrency` holders at once, at most `max_waiting` more waiting; beyond that `Busy` at once."""

    def __init__(self, concurrency: int, max_waiting: int):
        self.concurrency = concurrency
        self.max_waiting = max_waiting
        self._slots = threading.BoundedSemaphore(concurrency)
        self._lock = threading.Lock()
        self._admitted = 0
        self._running = 0
        self.ready = threading.Event()
        self.failed: str | None = None

    @contextmanager
    def slot(self, startup_wait: float = STARTUP_WAIT_SECONDS) -> Iterator[None]:
        """Hold one model slot for the `with` block; raises Busy or NotReady without waiting for a slot."""
        if not self.ready.wait(startup_wait) or self.failed:
            raise NotReady(self.failed or "the model is still loading")
        with self._lock:
            if self._admitted >= self.concurrency + self.max_waiting:
                raise Busy(f"{self._admitted} questions are being answered or waiting")
            self._admitted += 1
        try:
            with self._slots:
                with self._lock:
                    self._running += 1
                try:
                    yield
                finally:
                    with self._lock:
                        self._running -= 1
        finally:
            with self._lock:
                self._admitted -= 1

    def state(self) -> dict:
        """Running and waiting questions, for /health."""
        with self._lock:
            return {"running": self._running, "waiting": self._admitted - self._running,
                    "concurrency": self.concurrency, "max_waiting": self.max_waiting}


class RateLimits:
    """Per-client limits on questions and per-client and per-session limits on feedback."""

    def __init__(self, questions: str, feedback_client: str = FEEDBACK_PER_CLIENT,
                 feedback_session: str = FEEDBACK_PER_SESSION):
        self._questions = _parse_limits(questions, "rate_limit")
        self._feedback_client = _parse_limits(feedback_client, "feedback limit")
        self._feedback_session = _parse_limits(feedback_session, "feedback limit")
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        # Test-then-hit must be one step: without the lock, parallel requests of one client all pass the
        # test before any hit counts (a load test's flood got 21 answers under a 20/minute limit).
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimits:
        return cls(settings.rate_limit)

    def question(self, client: str) -> bool:
        """Count one question for `client`; False when it is over the limit (nothing counted then)."""
        return self._hit(self._questions, "q", client)

    def feedback(self, client: str, session: str) -> bool:
        """Count one feedback write for this client and session; False when either is over its limit."""
        return self._hit(self._feedback_client, "fc", client) and self._hit(self._feedback_session, "fs", session)

    def _hit(self, limits: list, kind: str, key: str) -> bool:
        with self._lock:
            if not all(self._limiter.test(limit, kind, key) for limit in limits):
                return False
            for limit in limits:
                self._limiter.hit(limit, kind, key)
            return True


def _parse_limits(text: str, name: str) -> list:
    if (text or "").strip().lower() in ("", "off", "none", "0"):
        return []
    try:
        return parse_many(text.replace(",", ";"))
    except ValueError:
        raise ConfigError(f"{name} must look like '20/minute' or '20/minute;200/hour' (or 'off'), "
                          f"got {text!r}") from None


def trusted_proxies(text: str) -> frozenset:
    """The addresses of CHATBOT_TRUSTED_PROXY as ip_address objects; a bad one is named."""
    proxies = set()
    for part in (text or "").split(","):
        if part.strip():
            try:
                proxies.add(ipaddress.ip_address(part.strip()))
            except ValueError:
                raise ConfigError(f"trusted_proxy must list IP addresses, got {part.strip()!r}") from None
    return frozenset(proxies)


def client_address(peer: str | None, forwarded_for: str | None, proxies: frozenset) -> str:
    """Who is asking: the peer, or (from a trusted proxy) the right-most X-Forwarded-For that is no proxy."""
    peer = peer or "unknown"
    if not proxies or _ip(peer) not in proxies or not forwarded_for:
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",")]):
        address = _ip(hop)
        if address is None:
            return peer  # a forged or garbled header: count it against the proxy, not a made-up client
        if address not in proxies:
            return str(address)
    return peer


def _ip(text: str):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
