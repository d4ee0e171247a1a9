"""Structured request logs: one JSON line per question, without the question unless switched on."""

import json
import logging

import pytest

from chatbot.logs import log_answer

QUESTION = "Ik ben Jan de Vries, 06-12345678: wat doet de psoas bij ademhaling?"


@pytest.fixture()
def answer(assistant):
    return assistant.ask(QUESTION)


def lines(caplog):
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "chatbot.requests"]


def test_one_json_line_holds_kind_timings_sections_and_index_version_but_not_the_question(
        settings, answer, assistant, caplog):
    with caplog.at_level(logging.INFO, logger="chatbot.requests"):
        log_answer(settings, answer, assistant.index.version)
    [line] = lines(caplog)
    assert line["event"] == "answer" and line["kind"] == "answer" and line["reason"] == ""
    assert line["language"] == "nl" and line["index"] == assistant.index.version
    assert set(line["timings_ms"]) >= {"language", "embed", "search", "route", "compose", "total"}
    assert line["route"]["step"] == "answer" and line["alarm"] == ""
    assert line["sections"] and all(s.startswith("psoas.md › ") for s in line["sections"])
    assert 0 < line["top_score"] <= 1
    assert "question" not in line
    text = caplog.text
    assert "Jan" not in text and "12345678" not in text and "ademhaling?" not in text
    assert caplog.records[0].request == line  # for JSON formatters


def test_with_log_questions_on_the_question_is_logged_scrubbed(settings, answer, caplog):
    with caplog.at_level(logging.INFO, logger="chatbot.requests"):
        log_answer(settings.replace(log_questions=True), answer, "v1", question=QUESTION)
    [line] = lines(caplog)
    assert line["question"] == "Ik ben [NAAM], [TELEFOON]: wat doet de psoas bij ademhaling?"


def test_an_urgent_route_is_logged_with_its_evidence_and_without_sections(settings, assistant, caplog):
    urgent = assistant.ask("ik heb druk op de borst en krijg geen lucht")
    with caplog.at_level(logging.INFO, logger="chatbot.requests"):
        log_answer(settings, urgent, "v1")
    [line] = lines(caplog)
    assert line["kind"] == "urgent" and line["reason"] == "urgent" and line["sections"] == []
    assert line["top_score"] is None
    route = line["route"]
    assert (route["step"], route["category"], route["service"]) == ("urgent", "chest", "112")
    assert route["evidence"][0]["signal"] == "rule" and route["evidence"][0]["name"].startswith("chest.")


def test_nothing_is_built_when_info_lines_are_off(settings, answer, caplog):
    with caplog.at_level(logging.WARNING, logger="chatbot.requests"):
        log_answer(settings, answer, "v1")
    assert lines(caplog) == []
