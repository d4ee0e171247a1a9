"""What the front-desk page (/balie) does: look a topic up and show the sections, best first."""

from __future__ import annotations

import logging

import gradio as gr

from .. import texts
from ..assistant import Assistant
from ..settings import Settings
from . import render
from .guard import Busy, ModelGate, NotReady

log = logging.getLogger(__name__)

# Sections shown per search (best first).
LOOKUP_HITS = 5


class DeskHandlers:
    """The front desk's search; shares the model gate with the patient page."""

    def __init__(self, assistant: Assistant, gate: ModelGate, settings: Settings | None = None):
        self.assistant = assistant
        self.gate = gate
        self.settings = settings or assistant.settings

    @property
    def threshold(self) -> float:
        """The answer threshold: below it the chat would say "dat staat niet in onze informatie"."""
        return self.settings.min_relevance

    def lookup(self, query: str, request: gr.Request = None) -> str:
        """The results as HTML: a status line, then the sections with label, highlighted text and copy button."""
        query = (query if isinstance(query, str) else "")[: self.settings.max_question_chars]
        if not query.strip():
            return f'<p id="lookup-status" role="status">{texts.UI_LOOKUP_EMPTY}</p>'
        try:
            with self.gate.slot():
                hits = self.assistant.search(query, top_k=LOOKUP_HITS)
        except (Busy, NotReady):
            return f'<p id="lookup-status" role="status">{texts.UI_LOOKUP_ERROR}</p>'
        except Exception as exc:  # noqa: BLE001
            log.error("lookup failed: %s", type(exc).__name__, exc_info=exc)
            return f'<p id="lookup-status" role="status">{texts.UI_LOOKUP_ERROR}</p>'
        return render.desk_results_html(query, hits, self.threshold)
