"""Thumbs up/down on answers, kept in SQLite under `data_dir` with as little as possible.

Health questions are special-category data under the AVG (GDPR art. 9), so a
feedback record holds by default only the verdict, the kind of answer, the
cited sections and a timestamp: never the conversation. The question text is
stored only when the practice turns `store_question_text` on deliberately.

Each answer gets a random id when it is shown; a second click on the same
answer replaces the earlier verdict, and undoing the click withdraws it.
After a thumbs-down the practice may ask "Wat miste je?" (`feedback_text`):
that note is stored scrubbed, in the `comment` column of the same row.

The folder is made private (0700) and the database file is created 0600:
feedback says something about a patient's health even without the question.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .privacy import scrub
from .records import KINDS, VERDICTS
from .settings import Settings

FILENAME = "feedback.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    answer_id  TEXT PRIMARY KEY,
    verdict    TEXT NOT NULL CHECK (verdict IN ('up', 'down')),
    kind       TEXT NOT NULL,
    sections   TEXT NOT NULL,  -- JSON list of heading paths
    question   TEXT,           -- NULL unless store_question_text is on
    created_at TEXT NOT NULL,  -- UTC, ISO 8601, whole seconds
    comment    TEXT            -- "Wat miste je?", scrubbed; NULL unless feedback_text is on
)
"""
# Databases made before the comment column existed get it on first use.
_MIGRATIONS = {"comment": "ALTER TABLE feedback ADD COLUMN comment TEXT"}


@dataclass(frozen=True)
class FeedbackRecord:
    """One stored verdict, as read back from the database."""

    answer_id: str
    verdict: str
    kind: str
    sections: tuple[str, ...]
    question: str | None
    created_at: str
    comment: str | None = None


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

    def comment(self, answer_id: str, text: str) -> bool:
        """Add a (scrubbed) "Wat miste je?" note to the verdict on one answer; False when there is no verdict."""
        text = scrub(text or "").strip()
        if not answer_id or not text:
            return False
        with self._connect() as db:
            return db.execute("UPDATE feedback SET comment = ? WHERE answer_id = ?", (text, answer_id)).rowcount > 0

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
                "SELECT answer_id, verdict, kind, sections, question, created_at, comment FROM feedback "
                "ORDER BY created_at, rowid"
            ).fetchall()
        return [FeedbackRecord(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4], r[5], r[6]) for r in rows]

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One short-lived connection per operation, committed on success, serialised by the lock."""
        with self._lock:
            private_folder(self.path.parent)
            private_file(self.path)
            db = sqlite3.connect(self.path, timeout=10)
            try:
                with db:  # commits, or rolls back on an exception
                    db.execute(_SCHEMA)
                    columns = {row[1] for row in db.execute("PRAGMA table_info(feedback)")}
                    for column, statement in _MIGRATIONS.items():
                        if column not in columns:
                            db.execute(statement)
                    yield db
            finally:
                db.close()


def private_folder(folder: Path) -> None:
    """Create `folder` (and its parents) if needed, 0700; an existing one of ours is made 0700 too.

    A shared folder with the sticky bit (such as /tmp) is left as it is.
    """
    folder = Path(folder)
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = folder.stat()
    if mode.st_mode & 0o077 and not mode.st_mode & stat.S_ISVTX and mode.st_uid == os.getuid():
        folder.chmod(0o700)


def private_file(path: Path) -> None:
    """Create `path` readable and writable by its owner only (0600), or make an existing one so."""
    path = Path(path)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    elif path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():
        path.chmod(0o600)
