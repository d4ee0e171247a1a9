"""Structured request logs: one JSON line per answered question on the logger "chatbot.requests".

The line holds what operations needs (kind, reason, language, stage timings,
cited sections, best retrieval score, the router's decision with its evidence,
index version) and never the question
itself, unless the practice turned on `log_questions`; even then the question
is logged scrubbed (privacy.scrub). The message is the JSON object, so any
handler writes a parseable line; the same dict rides along as
`record.request` for JSON formatters. Where the lines go (stderr, a file) is
up to the app's logging configuration; they are INFO lines.
"""

from __future__ import annotations

import json
import logging
import math
from datetime import UTC, datetime

from .privacy import scrub
from .records import Answer
from .settings import Settings

log = logging.getLogger("chatbot.requests")


def request_record(settings: Settings, answer: Answer, index_version: str | None,
                   question: str | None = None) -> dict:
    """The fields of one log line (see module doc); `question` is used only with `log_questions`."""
    record = {
        "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "event": "answer",
        "kind": answer.kind,
        "reason": answer.reason,
        "language": answer.language,
        "timings_ms": {stage: round(ms, 1) for stage, ms in answer.timings_ms.items()},
        "sections": [c.label for c in answer.citations],
        "top_score": _score(answer.passages[0].score) if answer.passages else None,
        "alarm": answer.alarm,
        "route": answer.route.to_json() if answer.route else None,
        "index": index_version,
    }
    if settings.log_questions:
        record["question"] = scrub(question if question is not None else answer.question)
    return record


def _score(value: float) -> float | None:
    """Rounded score; None for NaN or infinity, which JSON cannot carry."""
    return round(float(value), 4) if math.isfinite(value) else None


def log_answer(settings: Settings, answer: Answer, index_version: str | None, question: str | None = None) -> None:
    """Write the request line for `answer` (INFO on "chatbot.requests")."""
    if not log.isEnabledFor(logging.INFO):
        return
    record = request_record(settings, answer, index_version, question)
    log.info(json.dumps(record, ensure_ascii=False), extra={"request": record})
