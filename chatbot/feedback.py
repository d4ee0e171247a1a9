"""Thumbs up/down on answers, kept in SQLite under `data_dir` with as little as possible.

Health questions are special-category data under the AVG (GDPR art. 9), so a
feedback record holds by default only the verdict, the kind of answer, the
cited sections and a timestamp: never the conversation. The question text is
stored only when the practice turns `store_question_text` on deliberately.

Each answer gets a random id when it is shown; a second click on the same
answer replaces the earlier verdict, and undoing the click withdraws it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .privacy import scrub
from .settings import Settings

VERDICTS = ("up", "down")
KINDS = ("answer", "no_answer", "urgent")
FILENAME = "feedback.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    answer_id  TEXT PRIMARY KEY,
    verdict    TEXT NOT NULL CHECK (verdict IN ('up', 'down')),
    kind       TEXT NOT NULL,
    sections   TEXT NOT NULL,  -- JSON list of heading paths
    question   TEXT,           -- NULL unless store_question_text is on
    created_at TEXT NOT NULL   -- UTC, ISO 8601, whole seconds
)
"""


@dataclass(frozen=True)
class FeedbackRecord:
    """One stored verdict, as read back from the database."""

    answer_id: str
    verdict: str
    kind: str
    sections: tuple[str, ...]
    question: str | None
    created_at: str


class FeedbackStore:
    """Writes and reads feedback records in one SQLite file; safe to share between threads."""

    def __init__(self, path: Path, store_question_text: bool = False):
        self.path = Path(path)
        self.store_question_text = store_question_text
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(settings.data_dir / FILENAME, settings.store_question_text)

    def record(self, answer_id: str, verdict: str, kind: str, sections: Sequence[str],
               question: str | None = None) -> None:
        """Store (or replace) the verdict on one answer; `question` is dropped unless storing it is switched on."""
        if not answer_id:
            raise ValueError("answer_id must not be empty")
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, got {verdict!r}")
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        # Even when the practice stores questions, personal details are scrubbed first.
        kept_question = scrub(question) if self.store_question_text and question else None
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as db:
            db.execute(
                "INSERT INTO feedback (answer_id, verdict, kind, sections, question, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (answer_id) DO UPDATE SET verdict = excluded.verdict, created_at = excluded.created_at",
                (answer_id, verdict, kind, json.dumps(list(sections), ensure_ascii=False), kept_question, now),
            )

    def withdraw(self, answer_id: str) -> None:
        """Forget the verdict on one answer (the person clicked the same thumb again)."""
        with self._connect() as db:
            db.execute("DELETE FROM feedback WHERE answer_id = ?", (answer_id,))

    def records(self) -> list[FeedbackRecord]:
        """Every stored record, oldest first."""
        if not self.path.exists():
            return []
        with self._connect() as db:
            rows = db.execute(
                "SELECT answer_id, verdict, kind, sections, question, created_at FROM feedback "
                "ORDER BY created_at, rowid"
            ).fetchall()
        return [FeedbackRecord(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4], r[5]) for r in rows]

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One short-lived connection per operation, committed on success, serialised by the lock."""
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path)
            try:
                with db:  # commits, or rolls back on an exception
                    db.execute(_SCHEMA)
                    yield db
            finally:
                db.close()
