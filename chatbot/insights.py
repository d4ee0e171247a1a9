"""Privacy-safe insights for the practice: which questions the chatbot could not answer well.

Off by default; `CHATBOT_INSIGHTS=true` is the one switch. Then `record` keeps,
in an SQLite file under `data_dir`, the questions that show a gap in `kb/`:

- a no-answer because nothing in the knowledge base matched ("not_in_kb") or
  nothing could be quoted ("nothing_to_quote");
- any answer or no-answer that got a thumbs-down (also a practical question
  sent to the practice: that may be a knowledge question taken for one).

Not kept: empty messages, practical questions without a thumbs-down
(appointments, costs: routed to the practice by design, not a gap in `kb/`),
and never urgent messages (the most sensitive text there is, and no
knowledge-base page fixes them).

Only the scrubbed question is stored (privacy.scrub: names, phone numbers,
e-mail, BSN, dates, addresses), after the same input cleaning `ask` does, with
its kind, reason, cited sections, thumbs-down and a UTC timestamp. Every write
first deletes rows older than `insights_retention_days`. `store_question_text`
is not consulted: insights store no raw text at all.

`groups` embeds the stored questions with the project's model and joins
similar ones by average-linkage clustering (scipy, which sentence-transformers
installs): within a group the mean cosine between questions is at least
`threshold`. `python -m chatbot insights` prints the largest groups.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from .errors import ChatbotError, ConfigError
from .inputs import clean_question
from .privacy import scrub
from .records import VERDICTS, Answer
from .retrieval import Query
from .settings import Settings

log = logging.getLogger(__name__)

DB_NAME = "insights.sqlite3"
# No-answer reasons that point at a gap in kb/ ("empty" and "practice" do not).
GAP_REASONS = frozenset({"not_in_kb", "outside_topic", "nothing_to_quote"})
# Average cosine within a group; calibrated on EmbeddingGemma: "zwanger" questions group at
# 0.90+, "zwanger" vs "yoga" questions stay apart at 0.70, two cost questions join at 0.75.
DEFAULT_THRESHOLD = 0.72
# A thumbs-down this soon after the same question's no-answer marks that row instead of adding one.
# An identical row (question, kind, reason, verdict) within this window is not stored twice.
_DEDUPE = timedelta(minutes=10)
_SAME_TURN = timedelta(hours=1)
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,          -- UTC, YYYY-MM-DDTHH:MM:SSZ (sorts as text)
    question TEXT NOT NULL,            -- scrubbed
    kind TEXT NOT NULL,                -- answer | no_answer
    reason TEXT NOT NULL,              -- not_in_kb | outside_topic | nothing_to_quote | '' (answer)
    verdict TEXT,                      -- 'down' or NULL
    sections TEXT NOT NULL DEFAULT '[]'  -- JSON list of cited "doc › section"
);
CREATE INDEX IF NOT EXISTS questions_created_at ON questions (created_at);
"""


@dataclass(frozen=True)
class Group:
    """Similar stored questions: how many, a few distinct examples (most typical first), when."""

    count: int
    thumbs_down: int
    examples: tuple[str, ...]
    first_seen: str
    last_seen: str
    # The section these questions most likely belonged to ("" when not asked or nothing is close):
    # the place to add a question key, if the page does answer them.
    section: str = ""
    heading: str = ""
    section_score: float | None = None


def database_path(settings: Settings) -> Path:
    return settings.data_dir / DB_NAME


def should_record(answer: Answer, verdict: str | None = None) -> bool:
    """Whether this answer (with this thumbs-up/down) is worth showing to the practice."""
    if answer.kind == "urgent" or answer.reason == "empty":
        return False
    if verdict == "down":
        return True
    return verdict is None and answer.kind == "no_answer" and answer.reason in GAP_REASONS


def record(settings: Settings, question: str, answer: Answer, verdict: str | bool | None = None,
           *, now: datetime | None = None) -> bool:
    """Store the scrubbed question when insights are on and it shows a gap; True when stored.

    `verdict` is "up", "down" or None (no feedback); a bool counts as Gradio's `liked`.
    Called by `Assistant.ask` (verdict None) and by the feedback handler; a
    thumbs-down for a question just stored as a no-answer marks that row.
    A database that cannot be written is logged and skipped: answering
    patients matters more than insights.
    """
    verdict = _verdict(verdict)
    if not settings.insights or not should_record(answer, verdict):
        return False
    text = scrub(clean_question(question, settings.max_question_chars).text)
    if not text:
        return False
    now = _utc(now)
    sections = json.dumps([c.label for c in answer.citations], ensure_ascii=False)
    try:
        with _connect(settings) as db:
            _purge(db, settings, now)
            if verdict == "down":
                marked = db.execute(
                    "UPDATE questions SET verdict = 'down' WHERE id = (SELECT id FROM questions WHERE question = ? "
                    "AND kind = ? AND verdict IS NULL AND created_at >= ? ORDER BY id DESC LIMIT 1)",
                    (text, answer.kind, _stamp(now - _SAME_TURN))).rowcount
                if marked:
                    return True
            repeated = db.execute(
                "SELECT 1 FROM questions WHERE question = ? AND kind = ? AND reason = ? AND verdict IS ? "
                "AND created_at BETWEEN ? AND ? LIMIT 1",
                (text, answer.kind, answer.reason, verdict, _stamp(now - _DEDUPE), _stamp(now + _DEDUPE))).fetchone()
            if repeated:  # the same row again within minutes: a retry or a script, not a new patient
                return False
            db.execute("INSERT INTO questions (created_at, question, kind, reason, verdict, sections) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (_stamp(now), text, answer.kind, answer.reason, verdict, sections))
        return True
    except (sqlite3.Error, OSError) as exc:
        log.warning("insights: cannot write %s: %s", database_path(settings), exc)
        return False


def stored(settings: Settings, *, now: datetime | None = None) -> list[dict]:
    """All rows within the retention period, oldest first (older rows are deleted first)."""
    if not database_path(settings).is_file():
        return []
    try:
        with _connect(settings) as db:
            _purge(db, settings, _utc(now))
            rows = db.execute("SELECT created_at, question, kind, reason, verdict, sections FROM questions "
                              "ORDER BY created_at, id").fetchall()
    except sqlite3.Error as exc:
        raise ChatbotError(f"cannot read the insights database {database_path(settings)}: {exc}") from None
    return [{"created_at": r[0], "question": r[1], "kind": r[2], "reason": r[3], "verdict": r[4],
             "sections": json.loads(r[5])} for r in rows]


def groups(settings: Settings, embedder, threshold: float = DEFAULT_THRESHOLD, *,
           now: datetime | None = None, retriever=None) -> list[Group]:
    """Stored questions grouped by meaning, largest group first.

    With a `retriever`, each group also names the section its questions came
    closest to, so the practice can add a question key there (or see that the
    page really lacks the topic).
    """
    if not 0 < threshold <= 1:
        raise ConfigError(f"threshold must be between 0 and 1, got {threshold}")
    rows = stored(settings, now=now)
    if not rows:
        return []
    texts = sorted({r["question"] for r in rows})
    vectors = embedder.encode_queries(texts)
    labels = cluster(vectors, threshold)
    by_text = {t: [r for r in rows if r["question"] == t] for t in texts}
    result = []
    for label in set(labels):
        members = [i for i, lab in enumerate(labels) if lab == label]
        centre = vectors[members].mean(axis=0)
        # Most frequent first, then the most typical (closest to the group's centre).
        members.sort(key=lambda i: (-len(by_text[texts[i]]), -float(vectors[i] @ centre), texts[i]))
        member_rows = [r for i in members for r in by_text[texts[i]]]
        stamps = [r["created_at"] for r in member_rows]
        section = {}
        if retriever is not None:
            best = retriever.search(Query(centre / np.linalg.norm(centre), texts[members[0]]), top_k=1)[0]
            section = {"section": best.chunk.label,
                       "heading": best.chunk.heading_path[-1], "section_score": round(best.score, 3)}
        result.append(Group(count=len(member_rows), thumbs_down=sum(r["verdict"] == "down" for r in member_rows),
                            examples=tuple(texts[i] for i in members), first_seen=min(stamps),
                            last_seen=max(stamps), **section))
    result.sort(key=lambda g: (g.last_seen, g.examples), reverse=True)  # among equals, most recent first
    return sorted(result, key=lambda g: -g.count)


def cluster(vectors: np.ndarray, threshold: float) -> list[int]:
    """A group label per row of (n, dim) normalised vectors: average-linkage, mean cosine ≥ threshold."""
    n = len(vectors)
    if n < 2:
        return [0] * n
    from scipy.cluster.hierarchy import fcluster, linkage

    tree = linkage(np.asarray(vectors, dtype=np.float64), method="average", metric="cosine")
    return [int(label) for label in fcluster(tree, t=1 - threshold, criterion="distance")]


# -- storage ------------------------------------------------------------------

@contextlib.contextmanager
def _connect(settings: Settings):
    """A connection in one transaction (committed on success), closed afterwards; the file is private."""
    if settings.insights_retention_days < 1:
        raise ConfigError(f"insights_retention_days must be at least 1, got {settings.insights_retention_days}")
    path = database_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    db = sqlite3.connect(path, timeout=10)
    try:
        db.executescript(_SCHEMA)
        with db:
            yield db
    finally:
        db.close()


def _purge(db: sqlite3.Connection, settings: Settings, now: datetime) -> int:
    cutoff = now - timedelta(days=settings.insights_retention_days)
    return db.execute("DELETE FROM questions WHERE created_at < ?", (_stamp(cutoff),)).rowcount


def _verdict(verdict) -> str | None:
    if isinstance(verdict, bool):
        return "up" if verdict else "down"
    if verdict is None or verdict in VERDICTS:
        return verdict
    raise ValueError(f"verdict must be 'up', 'down', a bool or None, got {verdict!r}")


def _utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_TIME_FORMAT)
