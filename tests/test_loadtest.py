"""`python -m chatbot loadtest`: small loads on the real app (two starts, ~45 s), and the pure helpers.

Timings are not asserted (speed lives in the command's own figures); errors,
counts and the shape of the report are.
"""

from __future__ import annotations

import json

import pytest

from chatbot import ChatbotError
from chatbot.cli import main
from chatbot.errors import AppNotStarted
from chatbot.ops.loadtest import KINDS, _problem, _rss_summary, as_json, format_table, run, session_questions, start_app

QUESTIONS = [
    "Wat heeft de psoas met ademhaling te maken?",
    "Is lang zitten slecht voor mijn psoas?",
    "Wat zijn jullie openingstijden?",
    "Ik heb pijn op de borst die uitstraalt naar mijn arm en ik krijg moeilijk lucht",
    "How do I stretch my psoas safely?",
    "Wat is de Moro-reflex?",
]


@pytest.mark.app
@pytest.mark.model
def test_forty_sessions_through_the_real_app_give_no_errors_and_a_full_report(tmp_path, capsys):
    # 40 questions at once from one address: more than the app's default rate limit (20/minute) and queue
    # (16 + 16) would take, which the load test lifts for its own app; batching answers them all.
    questions = tmp_path / "questions.jsonl"
    questions.write_text("".join(json.dumps({"question": q}) + "\n" for q in QUESTIONS), encoding="utf-8")

    code = main(["loadtest", "--sessions", "40", "--questions-per-session", "1", "--timeout-seconds", "180",
                 "--questions", str(questions), "--json"])

    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == 0, report["error_examples"]
    assert code == 0
    assert (report["planned"], report["submitted"], report["unfinished"]) == (40, 40, 0)
    assert report["stopped_by_time_budget"] is False
    assert set(report["kinds"]) <= set(KINDS) and sum(report["kinds"].values()) == 40
    assert "urgent" in report["kinds"]
    for phase in ("server", "in_process"):
        assert report[phase]["requests"] == 40
        assert set(report[phase]) == {"requests", "wall_s", "throughput_rps", "latency_ms"}
        assert set(report[phase]["latency_ms"]) == {"p50", "p95", "max", "n"}
        assert report[phase]["throughput_rps"] > 0
    assert report["server_ask_ms"]["n"] == 40
    assert report["ratio"] > 0 and report["app_rps"] == report["server"]["throughput_rps"] > 0
    assert report["inprocess_rps"] == report["in_process"]["throughput_rps"] > 0
    assert report["app"]["url"].startswith("http://127.0.0.1:")
    assert {"cpu", "cores"} <= set(report["machine"])
    assert set(report["load_average"]) == {"before", "after"}
    assert report["other_cpu_s"] is None or report["other_cpu_s"] >= 0


@pytest.mark.app
@pytest.mark.model
def test_a_load_cut_short_by_the_time_budget_says_so_and_exits_with_2(tmp_path, capsys):
    questions = tmp_path / "questions.jsonl"
    questions.write_text("".join(json.dumps({"question": q}) + "\n" for q in QUESTIONS), encoding="utf-8")

    code = main(["loadtest", "--sessions", "2", "--questions-per-session", "500", "--timeout-seconds", "2",
                 "--questions", str(questions), "--json"])

    report = json.loads(capsys.readouterr().out)
    assert code == 2
    assert report["stopped_by_time_budget"] is True
    assert report["errors"] == 0
    assert report["submitted"] < report["planned"] == 1000
    assert report["unfinished"] <= 2
    answered = report["submitted"] - report["unfinished"]
    assert report["in_process"]["requests"] == report["server"]["requests"] == answered


@pytest.mark.app
@pytest.mark.model
def test_a_flooding_client_is_rate_limited_while_the_sessions_are_all_answered():
    # Also a short soak: no in-process phase, the app's memory sampled.
    report = run(QUESTIONS, sessions=4, questions_per_session=3, timeout_seconds=120, in_process=False, flood=True)

    assert report.errors == 0, report.error_examples
    assert (report.submitted, report.server.requests, report.stopped_by_time_budget) == (12, 12, False)
    flood = report.flood
    assert flood["rate_limited"] > 0
    # The flood is not judged (a fresh-clone CI run once saw one error in 363 flood requests), within reason.
    # Replies gradio_client lost (CancelledError, see loadtest.LOST; 6 of 357 in one CI run) are counted apart.
    assert flood["errors"] <= flood["requests"] // 100, flood["error_examples"]
    assert flood["answered"] <= 20  # CHATBOT_RATE_LIMIT's default, 20/minute, in a run of well under a minute
    assert flood["requests"] == (flood["answered"] + flood["rate_limited"] + flood["busy"] + flood["lost"]
                                 + flood["errors"])
    assert report.in_process is None and report.ratio is None
    assert as_json(report)["inprocess_rps"] is None and as_json(report)["app_rps"] > 0
    memory = report.app_rss_mb
    assert memory["samples"] >= 2 and 100 < memory["after_warmup"] <= memory["max"]
    assert memory["last"] <= memory["max"]
    table = format_table(report)
    assert "(not run)" in table and "MB after warm-up" in table and "rate limited" in table


def test_memory_growth_is_measured_from_the_first_sample_after_warm_up():
    samples = [(0.0, 900.0), (5.0, 1000.0), (30.0, 1010.0), (60.0, 1000.0), (300.0, 1010.0), (600.0, 1020.0)]
    assert _rss_summary(samples) == {"after_warmup": 1000.0, "last": 1020.0, "max": 1020.0, "growth_pct": 2.0,
                                     "samples": 6}
    assert _rss_summary([])["samples"] == 0


@pytest.mark.app
@pytest.mark.model
def test_an_app_that_cannot_start_is_reported_with_the_end_of_its_log(tmp_path):
    with pytest.raises(AppNotStarted, match="exited with code 1(.|\n)*top_k must be at least 1, got 0"):
        start_app(tmp_path / "app.log", {"CHATBOT_TOP_K": "0"}, startup_seconds=120)


def test_each_session_asks_its_own_stretch_of_the_questions_wrapping_around():
    assert session_questions(["a", "b", "c", "d", "e"], sessions=3, per_session=2) == [
        ["a", "b"], ["c", "d"], ["e", "a"]]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"sessions": 0}, "sessions must be at least 1, got 0"),
    ({"questions_per_session": -1}, "questions per session must be at least 1, got -1"),
    ({"timeout_seconds": 0}, "timeout seconds must be more than 0, got 0"),
])
def test_a_load_that_cannot_work_is_refused_before_the_app_starts(kwargs, message):
    with pytest.raises(ChatbotError, match=message):
        run(QUESTIONS, **kwargs)


@pytest.mark.parametrize(("response", "problem"), [
    ({"kind": "answer", "answer": "De psoas … [1]"}, None),
    ({"kind": "maybe", "answer": "x"}, "kind is 'maybe'"),
    ({"kind": "no_answer", "answer": "  "}, "empty answer"),
    ({"kind": "urgent"}, "empty answer"),
    ({"kind": "no_answer", "answer": "Het is even druk.", "reason": "busy"}, "refused: busy"),
    ({"kind": "no_answer", "answer": "Even rustig aan.", "reason": "rate_limited"}, "refused: rate_limited"),
    (["answer"], "not a JSON object"),
])
def test_a_response_counts_as_an_error_unless_it_has_a_known_kind_and_an_answer(response, problem):
    found = _problem(response)
    assert found is None if problem is None else problem in found
