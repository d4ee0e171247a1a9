"""Feedback storage: by default only verdict, kind, cited sections and time; never the conversation."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from chatbot import Settings
from chatbot.feedback import FILENAME, FeedbackStore

QUESTION = "Ik heb sinds gisteren pijn in mijn lies, wat heeft mijn psoas daarmee te maken?"
SECTIONS = ["De psoas en ademhaling › Effect van ademhaling op de psoas", "De psoas en ademhaling"]


def test_a_thumbs_down_stores_verdict_kind_sections_and_time_but_no_question(tmp_path):
    store = FeedbackStore(tmp_path / FILENAME)
    store.record("a1", "down", "answer", SECTIONS, question=QUESTION)

    [record] = store.records()
    assert (record.answer_id, record.verdict, record.kind, record.sections) == ("a1", "down", "answer", tuple(SECTIONS))
    assert record.question is None
    assert record.created_at.endswith("+00:00")
    assert QUESTION.encode() not in (tmp_path / FILENAME).read_bytes()


def test_the_question_is_stored_only_when_the_practice_switches_it_on(tmp_path):
    store = FeedbackStore(tmp_path / FILENAME, store_question_text=True)
    store.record("a1", "up", "answer", SECTIONS, question=QUESTION)

    assert store.records()[0].question == QUESTION


def test_the_store_follows_the_settings_for_folder_and_question_text(tmp_path):
    store = FeedbackStore.from_settings(Settings(data_dir=tmp_path / "data", store_question_text=True))

    store.record("a1", "up", "no_answer", [], question="Wat zijn jullie openingstijden?")

    assert (tmp_path / "data" / FILENAME).is_file()
    assert store.records()[0].question == "Wat zijn jullie openingstijden?"


def test_a_second_click_on_the_same_answer_replaces_the_verdict(tmp_path):
    store = FeedbackStore(tmp_path / FILENAME)
    store.record("a1", "down", "urgent", [])
    store.record("a1", "up", "urgent", [])

    assert [(r.answer_id, r.verdict) for r in store.records()] == [("a1", "up")]


def test_withdrawing_forgets_only_that_answer(tmp_path):
    store = FeedbackStore(tmp_path / FILENAME)
    store.record("a1", "down", "answer", SECTIONS)
    store.record("a2", "up", "answer", SECTIONS)

    store.withdraw("a1")
    store.withdraw("never-rated")

    assert [r.answer_id for r in store.records()] == ["a2"]


def test_nothing_is_written_until_someone_gives_feedback(tmp_path):
    store = FeedbackStore(tmp_path / "data" / FILENAME)

    assert store.records() == []
    assert not (tmp_path / "data").exists()


def test_the_table_holds_no_column_for_the_answer_or_the_conversation(tmp_path):
    store = FeedbackStore(tmp_path / FILENAME)
    store.record("a1", "up", "answer", SECTIONS)

    with sqlite3.connect(tmp_path / FILENAME) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(feedback)")]
    assert columns == ["answer_id", "verdict", "kind", "sections", "question", "created_at", "comment"]


@pytest.mark.parametrize(
    ("answer_id", "verdict", "kind", "message"),
    [
        ("a1", "meh", "answer", "verdict must be one of up, down, got 'meh'"),
        ("a1", "up", "chat", "kind must be one of answer, no_answer, urgent, got 'chat'"),
        ("", "up", "answer", "answer_id must not be empty"),
    ],
)
def test_bad_values_are_refused_and_named(tmp_path, answer_id, verdict, kind, message):
    store = FeedbackStore(tmp_path / FILENAME)

    with pytest.raises(ValueError, match=message):
        store.record(answer_id, verdict, kind, [])
    assert store.records() == []


def test_many_threads_can_give_feedback_at_once(tmp_path):
    store = FeedbackStore(tmp_path / FILENAME)
    threads = [threading.Thread(target=store.record, args=(f"a{i}", "up", "answer", SECTIONS)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(r.answer_id for r in store.records()) == sorted(f"a{i}" for i in range(20))


def test_a_stored_question_is_scrubbed_of_personal_details(tmp_path):
    store = FeedbackStore(tmp_path / FILENAME, store_question_text=True)
    store.record("a1", "down", "answer", [], question="Mijn naam is Jan de Vries, bel me op 06-12345678")
    (row,) = store.records()
    assert "Jan" not in row.question and "06-12345678" not in row.question
    assert "[NAAM]" in row.question and "[TELEFOON]" in row.question


def test_the_data_folder_is_0700_and_the_database_0600(tmp_path):
    store = FeedbackStore(tmp_path / "data" / FILENAME)
    store.record("a1", "up", "answer", SECTIONS)

    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "data" / FILENAME).stat().st_mode & 0o777 == 0o600


def test_an_existing_world_readable_database_is_made_private(tmp_path):
    (tmp_path / FILENAME).touch(mode=0o644)
    (tmp_path / FILENAME).chmod(0o644)

    FeedbackStore(tmp_path / FILENAME).record("a1", "up", "answer", SECTIONS)

    assert (tmp_path / FILENAME).stat().st_mode & 0o777 == 0o600


def test_a_wat_miste_je_note_is_stored_scrubbed_on_the_verdict_it_belongs_to(tmp_path):
    store = FeedbackStore(tmp_path / FILENAME)
    store.record("a1", "down", "answer", SECTIONS)

    assert store.comment("a1", "ik ben jan, bel me op 06-12345678: ik miste oefeningen")
    assert not store.comment("never-rated", "tekst")
    assert store.records()[0].comment == "ik ben [NAAM], bel me op [TELEFOON]: ik miste oefeningen"


def test_a_database_from_before_the_comment_column_gets_it(tmp_path):
    with sqlite3.connect(tmp_path / FILENAME) as db:
        db.execute("CREATE TABLE feedback (answer_id TEXT PRIMARY KEY, verdict TEXT NOT NULL, kind TEXT NOT NULL, "
                   "sections TEXT NOT NULL, question TEXT, created_at TEXT NOT NULL)")
        db.execute("INSERT INTO feedback VALUES ('old', 'up', 'answer', '[]', NULL, '2026-01-01T00:00:00+00:00')")

    store = FeedbackStore(tmp_path / FILENAME)
    store.comment("old", "iets")

    assert [(r.answer_id, r.comment) for r in store.records()] == [("old", "iets")]
