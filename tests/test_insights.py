"""Insights for the practice: what is stored (scrubbed, only gaps), the retention purge, grouping, the CLI."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from chatbot import Assistant, insights
from chatbot.cli import main
from chatbot.errors import ConfigError
from chatbot.records import Answer, Citation

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
NOT_IN_KB = Answer("no_answer", "Daarover staat niets in onze informatie.", reason="not_in_kb")
ANSWERED = Answer("answer", "De psoas … [1]", citations=(
    Citation(1, "psoas.md", "De psoas › Ademhaling", "ademhaling", "tekst", ("zin",)),))


@pytest.fixture()
def on(tmp_path, settings):
    return settings.replace(data_dir=tmp_path / "data", insights=True)


def rows(settings):
    with sqlite3.connect(insights.database_path(settings)) as db:
        return db.execute("SELECT created_at, question, kind, reason, verdict, sections FROM questions "
                          "ORDER BY id").fetchall()


def test_insights_are_off_by_default_and_then_nothing_is_written(tmp_path, settings):
    off = settings.replace(data_dir=tmp_path / "data")
    assert off.insights is False
    assert insights.record(off, "Helpt yoga bij een strakke psoas?", NOT_IN_KB) is False
    assert not (tmp_path / "data").exists()


def test_personal_data_is_scrubbed_before_the_question_is_stored(on):
    question = ("Hoi, ik ben Jan de Vries (06-12345678, jan@devries.nl), geboren 12-03-1985. "
                "Mag ik met een nieuwe heup mijn psoas rekken?")
    assert insights.record(on, question, NOT_IN_KB, now=NOW)
    [(created_at, stored, kind, reason, verdict, sections)] = rows(on)
    assert stored == ("Hoi, ik ben [NAAM] ([TELEFOON], [EMAIL]), geboren [DATUM]. "
                      "Mag ik met een nieuwe heup mijn psoas rekken?")
    assert (created_at, kind, reason, verdict, sections) == ("2026-06-01T12:00:00Z", "no_answer", "not_in_kb",
                                                             None, "[]")
    raw = insights.database_path(on).read_bytes()
    assert b"Vries" not in raw and b"12345678" not in raw and b"devries" not in raw
    assert insights.database_path(on).stat().st_mode & 0o777 == 0o600  # readable by the app's user only


def test_markup_is_cleaned_as_ask_cleans_it_before_storage(on):
    insights.record(on, "<script>alert(1)</script>Helpt <b>yoga</b>?", NOT_IN_KB, now=NOW)
    assert rows(on)[0][1] == "Helpt yoga ?"


def test_only_gaps_and_thumbs_down_are_stored_never_urgent_or_empty_messages(on):
    urgent = Answer("urgent", "Bel nu 112.", reason="chest")
    practice = Answer("no_answer", "Neem contact op.", reason="practice")
    empty = Answer("no_answer", "Ik heb nog geen vraag gelezen.", reason="empty")
    assert not insights.record(on, "druk op de borst en geen lucht", urgent, now=NOW)
    assert not insights.record(on, "druk op de borst en geen lucht", urgent, verdict="down", now=NOW)
    assert not insights.record(on, "   ", empty, verdict="down", now=NOW)
    assert not insights.record(on, "zijn jullie op zaterdag open", practice, now=NOW)
    assert not insights.record(on, "Wat doet de psoas?", ANSWERED, now=NOW)
    assert not insights.record(on, "Wat doet de psoas?", ANSWERED, verdict="up", now=NOW)
    assert insights.record(on, "Wat doet de psoas bij stress?", ANSWERED, verdict="down", now=NOW)
    assert insights.record(on, "kost het veel moeite om de psoas te ontspannen", practice, verdict=False, now=NOW)
    assert [(r[1], r[2], r[4], r[5]) for r in rows(on)] == [
        ("Wat doet de psoas bij stress?", "answer", "down", '["psoas.md › De psoas › Ademhaling"]'),
        ("kost het veel moeite om de psoas te ontspannen", "no_answer", "down", "[]"),
    ]


def test_a_thumbs_down_on_a_stored_no_answer_marks_that_row_instead_of_adding_one(on):
    insights.record(on, "Helpt yoga bij een strakke psoas?", NOT_IN_KB, now=NOW)
    insights.record(on, "Helpt yoga bij een strakke psoas?", NOT_IN_KB, verdict="down", now=NOW + timedelta(minutes=2))
    assert [(r[1], r[4]) for r in rows(on)] == [("Helpt yoga bij een strakke psoas?", "down")]


def test_a_bad_verdict_is_named():
    with pytest.raises(ValueError, match="verdict must be 'up', 'down', a bool or None, got 'meh'"):
        insights.record(None, "vraag", NOT_IN_KB, verdict="meh")


def test_every_write_deletes_rows_older_than_the_retention_period(on):
    on = on.replace(insights_retention_days=90)
    for days_ago in (200, 95, 89, 1):
        insights.record(on, f"vraag van {days_ago} dagen geleden over yoga", NOT_IN_KB,
                        now=NOW - timedelta(days=days_ago))
    # Each write purged what was already too old at its own time: nothing older than 90 days survives.
    assert [r[1] for r in rows(on)] == ["vraag van 89 dagen geleden over yoga", "vraag van 1 dagen geleden over yoga"]
    insights.record(on, "nieuwe vraag over pilates", NOT_IN_KB, now=NOW + timedelta(days=2))
    assert [r[1] for r in rows(on)] == ["vraag van 1 dagen geleden over yoga", "nieuwe vraag over pilates"]


def test_reading_purges_too_so_the_practice_never_sees_expired_questions(on):
    insights.record(on, "Helpt yoga?", NOT_IN_KB, now=NOW)
    assert insights.stored(on, now=NOW + timedelta(days=30)) != []
    assert insights.stored(on, now=NOW + timedelta(days=91)) == []
    assert rows(on) == []


def test_a_retention_below_one_day_is_refused_with_its_value(on):
    with pytest.raises(ConfigError, match="insights_retention_days must be at least 1, got 0"):
        insights.record(on.replace(insights_retention_days=0), "Helpt yoga?", NOT_IN_KB)


def test_an_unwritable_database_is_logged_and_skipped_not_raised(on, caplog):
    on.data_dir.mkdir(parents=True)
    insights.database_path(on).mkdir()  # a folder where the file should be
    assert insights.record(on, "Helpt yoga?", NOT_IN_KB) is False
    assert "insights: cannot write" in caplog.text and "yoga" not in caplog.text


def test_a_real_out_of_scope_question_ends_as_a_gap_and_is_stored(on, assistant):
    answer = assistant.ask("heb je een lekker recept voor erwtensoep")
    assert answer.kind == "no_answer" and answer.reason in insights.GAP_REASONS
    assert insights.record(on, "heb je een lekker recept voor erwtensoep", answer)


QUESTIONS = [
    ("mag ik psoas oefeningen doen als ik zwanger ben?", 3),
    ("kan ik de psoas trainen tijdens mijn zwangerschap", 1),
    ("is psoas stretchen veilig in de zwangerschap", 1),
    ("helpt yoga tegen een strakke psoas", 1),
    ("is yoga goed voor de psoas", 1),
    ("heb je een recept voor erwtensoep", 1),
]


def test_the_same_row_within_minutes_is_stored_once(on):
    assert insights.record(on, "welke pijnstiller bij rugpijn", NOT_IN_KB, now=NOW)
    assert not insights.record(on, "welke pijnstiller bij rugpijn", NOT_IN_KB, now=NOW + timedelta(minutes=2))
    assert insights.record(on, "welke pijnstiller bij rugpijn", NOT_IN_KB, now=NOW + timedelta(minutes=30))
    assert len(insights.stored(on, now=NOW + timedelta(minutes=31))) == 2


def test_similar_questions_are_grouped_with_counts_and_examples(on, embedder):
    for question, times in QUESTIONS:
        for n in range(times):
            insights.record(on, question, NOT_IN_KB, now=NOW - timedelta(hours=n))
    groups = insights.groups(on, embedder, now=NOW)
    assert [g.count for g in groups] == [5, 2, 1]
    pregnancy, yoga, soup = groups
    assert pregnancy.examples[0] == "mag ik psoas oefeningen doen als ik zwanger ben?"  # the most asked first
    assert set(pregnancy.examples) == {q for q, _ in QUESTIONS[:3]}
    assert set(yoga.examples) == {"helpt yoga tegen een strakke psoas", "is yoga goed voor de psoas"}
    assert soup.examples == ("heb je een recept voor erwtensoep",)
    assert pregnancy.first_seen == "2026-06-01T10:00:00Z" and pregnancy.last_seen == "2026-06-01T12:00:00Z"


def test_the_insights_command_says_how_to_switch_them_on_when_off(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CHATBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CHATBOT_INSIGHTS", raising=False)
    assert main(["insights"]) == 0
    assert "CHATBOT_INSIGHTS=true" in capsys.readouterr().out


def test_the_insights_command_says_when_nothing_is_stored_yet(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CHATBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CHATBOT_INSIGHTS", "true")
    assert main(["insights"]) == 0
    assert "Nog geen vragen bewaard in de afgelopen 90 dagen" in capsys.readouterr().out


def test_the_insights_command_refuses_a_bad_count_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CHATBOT_DATA_DIR", str(tmp_path / "data"))
    assert main(["insights", "--top", "0"]) == 1
    assert capsys.readouterr().err.strip() == "Error: --top and --examples must be at least 1, got 0 and 3"


def test_the_insights_command_prints_the_largest_groups_with_examples_and_a_section(on, embedder, capsys):
    now = datetime.now(UTC)
    for question, times in QUESTIONS:
        for n in range(times):
            insights.record(on, question, NOT_IN_KB, now=now - timedelta(hours=n))
    assert main(["insights", "--top", "2", "--examples", "2"], assistant=Assistant(on, embedder=embedder)) == 0
    out = capsys.readouterr().out
    assert "8 vragen zonder goed antwoord in de afgelopen 90 dagen, in 3 groepen" in out
    assert "1. 5× gesteld, 0× duim omlaag" in out and "2. 2× gesteld" in out and "3." not in out
    assert "   - mag ik psoas oefeningen doen als ik zwanger ben?" in out
    assert "… en nog 1 andere formulering(en)" in out
    assert "erwtensoep" not in out
    assert "Kwam het dichtst bij: psoas.md › " in out and "kb/psoas.vragen.md" in out
