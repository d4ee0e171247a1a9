"""Helpers for the tests of the real web app: serve it in-process, call its API over HTTP.

The app runs in this process (uvicorn in a thread) over an Assistant that
shares the session's one model (`embedder` fixture): no second model is loaded.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from functools import lru_cache

import httpx

from chatbot import Assistant, Settings
from chatbot.server import ServerThread, create_app

PRACTICE = {"practice_name": "Fysiotherapie De Psoas", "practice_phone": "020 123 45 67",
            "huisartsenpost_phone": "0900-1234567", "booking_url": "https://www.praktijk.nl/afspraak"}


@lru_cache(maxsize=1)
def _practice_assistant(embedder, settings: Settings) -> Assistant:
    return Assistant(settings.replace(**PRACTICE), embedder=embedder).warm_up()


def practice_assistant(embedder, settings: Settings) -> Assistant:
    """An Assistant with the practice's contact details, sharing the session's model (one per session)."""
    return _practice_assistant(embedder, settings)


@contextmanager
def serve(assistant: Assistant, **changes):
    """The whole app (create_app) on 127.0.0.1 on a free port, with `changes` to the assistant's settings."""
    settings = assistant.settings.replace(**changes)
    app = create_app(assistant, settings, warm_up=False)
    with ServerThread(app) as server:
        yield server


def call(url: str, api: str, data: list, *, local_address: str | None = None, timeout: float = 60,
         headers: dict | None = None) -> tuple[str, object]:
    """One call of a named endpoint through Gradio's HTTP protocol: ("complete", value) or ("error", message).

    `local_address` sends it from another loopback address (127.0.0.2, …): another client to the app.
    """
    transport = httpx.HTTPTransport(local_address=local_address) if local_address else None
    with httpx.Client(transport=transport, timeout=timeout, headers=headers) as client:
        started = client.post(f"{url}gradio_api/call/{api}", json={"data": data})
        started.raise_for_status()
        event_id = started.json()["event_id"]
        event = None
        with client.stream("GET", f"{url}gradio_api/call/{api}/{event_id}") as stream:
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    event = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and event in ("complete", "error"):
                    payload = json.loads(line.split(":", 1)[1].strip())
                    return event, payload[0] if event == "complete" and isinstance(payload, list) else payload
    return "none", None
