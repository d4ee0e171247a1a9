"""The real app over HTTP: routes, limits, headers and origins, health; real model, real server on 127.0.0.1.

Every loop here is bounded in count and time, and every request goes to the
app on loopback (127.0.0.1, and 127.0.0.2 as a second client).
"""

from __future__ import annotations

import concurrent.futures
import logging
import time

import httpx
import pytest
from gradio_client import Client

from chatbot import texts

from .apps import call, practice_assistant, serve

pytestmark = [pytest.mark.app, pytest.mark.model]

BREATHING = "Wat heeft de psoas met ademhaling te maken?"
OTHER_SITE = "https://www.praktijk.nl"


@pytest.fixture(scope="module")
def practice(embedder, settings):
    return practice_assistant(embedder, settings)


@pytest.fixture(scope="module")
def app(practice, tmp_path_factory):
    with serve(practice, allowed_origins=OTHER_SITE, rate_limit="off",
               data_dir=tmp_path_factory.mktemp("data")) as server:
        yield server.url


# -- routes --------------------------------------------------------------------------------


def test_the_widget_script_is_served_by_the_app_with_its_labels(app):
    response = httpx.get(app + "widget.js")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert "Vraag het de assistent" in response.text and "Fysiotherapie De Psoas" in response.text
    assert "__TEXTS__" not in response.text
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"


def test_the_front_desk_page_is_reachable_but_not_linked_from_the_patient_page_or_the_widget(app):
    desk = httpx.get(app + "balie/")
    patient = httpx.get(app)
    widget = httpx.get(app + "widget.js")

    assert desk.status_code == 200 and texts.UI_DESK_TITLE in desk.text
    assert patient.status_code == 200
    assert "balie" not in patient.text.lower() and "balie" not in widget.text.lower()
    assert '<html\n\tlang="nl"' in patient.text or 'lang="nl"' in patient.text.split(">", 2)[1]
    assert '<script src="/ui/page.js"></script>' in patient.text


def test_the_patient_page_loads_nothing_from_other_hosts(app):
    page = httpx.get(app).text

    assert "googleapis" not in page and "githubusercontent" not in page and "cdn" not in page.lower()


def test_uploads_and_unused_gradio_routes_are_refused(app):
    upload = httpx.post(app + "gradio_api/upload", files={"files": ("x.txt", b"hallo", "text/plain")})
    desk_upload = httpx.post(app + "balie/gradio_api/upload", files={"files": ("x.txt", b"hallo", "text/plain")})

    assert upload.status_code == 403 and upload.json()["error"] == texts.UI_UPLOAD_REFUSED
    assert desk_upload.status_code == 403
    for path in ("gradio_api/runs", "monitoring", "gradio_api/file=/etc/passwd", "manifest.json",
                 "gradio_api/api/ask", "docs", "gradio_api/openapi.json"):
        assert httpx.get(app + path).status_code == 404, path


def test_health_reports_model_index_data_folder_and_queue_without_patient_data(app):
    call(app, "ask", [BREATHING, None])

    response = httpx.get(app + "health")

    report = response.json()
    assert response.status_code == 200 and report["status"] == "ok"
    assert report["model"]["loaded"] is True and report["index"]["build"] and report["index"]["sections"] > 10
    assert report["data_folder"] == {"writable": True}
    assert set(report["queue"]) == {"running", "waiting", "concurrency", "max_waiting"}
    text = response.text
    assert "ademhaling" not in text.lower() and "/tmp" not in text and "127.0.0.1" not in text


def test_a_data_folder_that_cannot_be_written_shows_in_health(practice, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    with serve(practice, data_dir=tmp_path / "a-file" / "data") as server:
        response = httpx.get(server.url + "health")

    assert response.status_code == 503
    assert response.json()["status"] == "degraded" and response.json()["data_folder"] == {"writable": False}


# -- headers and origins -----------------------------------------------------------------------


def test_security_headers_are_on_every_response_and_there_is_no_server_banner(app):
    for path in ("", "balie/", "health", "widget.js", "gradio_api/info"):
        headers = httpx.get(app + path).headers
        csp = headers["content-security-policy"]
        assert f"frame-ancestors 'self' {OTHER_SITE}" in csp, path
        assert "default-src 'self'" in csp and "connect-src 'self'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "server" not in headers


def test_cors_answers_the_allowed_origin_and_refuses_another(app):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}

    allowed = httpx.options(app + "gradio_api/call/ask", headers={"Origin": OTHER_SITE, **preflight})
    refused = httpx.options(app + "gradio_api/call/ask", headers={"Origin": "https://evil.example", **preflight})
    post = httpx.post(app + "gradio_api/call/ask", json={"data": ["x", None]}, headers={"Origin": "https://evil.example"})
    simple = httpx.get(app + "gradio_api/info", headers={"Origin": "https://evil.example"})

    assert allowed.headers["access-control-allow-origin"] == OTHER_SITE
    assert "access-control-allow-credentials" not in allowed.headers
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    assert post.status_code == 403 and post.json()["error"] == texts.UI_FORBIDDEN_ORIGIN
    assert "access-control-allow-origin" not in simple.headers


# -- bounded work ------------------------------------------------------------------------------------


def test_a_10_mb_body_is_refused_fast_with_a_dutch_message(app):
    body = b'{"data": ["' + b"a" * 10_000_000 + b'", null]}'
    started = time.perf_counter()
    response = httpx.post(app + "gradio_api/call/ask", content=body, headers={"content-type": "application/json"})
    seconds = time.perf_counter() - started

    assert response.status_code == 413 and response.json()["error"] == texts.UI_TOO_LARGE
    assert seconds < 2, f"refusing 10 MB took {seconds:.1f} s"


def test_a_large_body_without_a_length_is_cut_off_while_it_streams(app):
    def chunks():
        for _ in range(200):  # 200 × 64 KB = 12.5 MB, announced by no Content-Length
            yield b"a" * 65_536

    response = httpx.post(app + "gradio_api/call/ask", content=chunks(), headers={"content-type": "application/json"})

    assert response.status_code == 413


def test_the_api_returns_only_the_cleaned_question(app):
    _, script = call(app, "ask", ["<script>alert(1)</script>", None])
    _, bold = call(app, "ask", ["<b>Wat heeft de psoas met ademhaling te maken?</b>", None])

    assert script["question"] == "" and script["kind"] == "no_answer" and "script" not in script["answer"]
    assert bold["question"] == BREATHING and bold["kind"] == "answer"


def test_top_k_is_clamped_to_twenty_and_a_word_is_refused_in_dutch(app):
    _, many = call(app, "search", ["lang zitten", 10**9])
    _, none = call(app, "search", ["lang zitten", 0])
    event, refused = call(app, "search", ["lang zitten", "veel"])

    assert len(many) == 20 and len(none) == 1
    assert event == "error" and "top_k moet een heel getal zijn" in str(refused)


def test_bad_input_gets_a_friendly_dutch_reply(app):
    for question in ("", " \x00\x07 ", "<img src=x onerror=alert(1)>", "Как растянуть поясничную мышцу?",
                     "psoas " * 3000):
        event, answer = call(app, "ask", [question, None])
        assert event == "complete", question[:20]
        assert answer["kind"] in ("answer", "no_answer", "urgent") and answer["answer"]
        assert "Traceback" not in answer["answer"]


def test_gradio_client_gets_the_cli_json_and_sees_only_ask_and_search(app):
    client = Client(app, verbose=False, analytics_enabled=False)

    answer = client.predict(BREATHING, None, api_name="/ask")
    follow_up = client.predict("Hoe komt dat?", [{"role": "user", "content": "Is lang zitten slecht voor mijn psoas?"}],
                               api_name="/ask")
    endpoints = client.view_api(return_format="dict", print_info=False)["named_endpoints"]

    assert answer["kind"] == "answer" and "[1]" in answer["answer"] and answer["question"] == BREATHING
    assert set(answer["citations"][0]) == {"n", "doc", "section", "anchor", "text", "quotes"}
    assert follow_up["kind"] == "answer"
    assert set(endpoints) == {"/ask", "/search"}


def test_a_client_over_the_rate_limit_gets_rate_limited_while_another_is_served_within_2_s(practice, tmp_path):
    with serve(practice, rate_limit="3/minute", data_dir=tmp_path) as server:
        answers = [call(server.url, "ask", [BREATHING, None])[1] for _ in range(4)]
        started = time.perf_counter()
        _, other = call(server.url, "ask", [BREATHING, None], local_address="127.0.0.2")
        other_seconds = time.perf_counter() - started

    assert [a["reason"] for a in answers[:3]] == ["", "", ""]
    limited = answers[3]
    assert (limited["kind"], limited["reason"], limited["answer"]) == ("no_answer", "rate_limited",
                                                                       texts.UI_RATE_LIMITED)
    assert other["kind"] == "answer" and other_seconds < 2


def test_x_forwarded_for_names_the_client_only_behind_a_trusted_proxy(practice, tmp_path):
    def reasons(**changes):
        with serve(practice, rate_limit="1/minute", data_dir=tmp_path, **changes) as server:
            return [call(server.url, "ask", ["Wat is de psoas?", None],
                         headers={"X-Forwarded-For": f"198.51.100.{i}"})[1]["reason"] for i in range(2)]

    assert reasons() == ["", "rate_limited"]  # a header from anyone is no client
    assert reasons(trusted_proxy="127.0.0.1") == ["", ""]  # two clients behind the proxy


def test_with_the_queue_full_the_busy_reply_comes_at_once(practice, tmp_path):
    with serve(practice, concurrency=1, max_queue=1, rate_limit="off", data_dir=tmp_path) as server:
        def timed(question):
            started = time.perf_counter()
            result = call(server.url, "ask", [question, None])[1]
            return result, time.perf_counter() - started

        questions = [f"{BREATHING} ({i})" for i in range(8)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(timed, questions))

    busy = [seconds for answer, seconds in results if answer["reason"] == "busy"]
    answered = [answer for answer, _ in results if answer["reason"] != "busy"]
    assert busy, "eight questions at once with room for two never got the busy reply"
    assert max(busy) < 2, f"a busy reply took {max(busy):.1f} s"
    assert all(a["answer"] == texts.UI_BUSY.format(practice="Fysiotherapie De Psoas") for a, _ in results
               if a["reason"] == "busy")
    assert answered and all(a["kind"] == "answer" for a in answered)


def test_a_malformed_chat_event_logs_one_line_without_the_users_text(app, caplog, capfd):
    secret = "geheimevraag" * 2000
    info = httpx.get(app + "config").json()
    respond = next(d["id"] for d in info["dependencies"] if d.get("api_name") == "respond")
    with caplog.at_level(logging.INFO):
        httpx.post(app + "gradio_api/queue/join", json={
            "data": [[{"role": "user", "content": {"bad": secret}}, 7], {"x": secret}],
            "fn_index": respond, "session_hash": "malformed1", "event_data": None, "trigger_id": None})
        time.sleep(1)

    out, err = capfd.readouterr()
    logged = caplog.text + out + err
    assert "geheimevraag" not in logged
    assert logged.count("\n") < 40


def test_the_app_limits_glibc_to_two_malloc_arenas_unless_the_operator_chose(monkeypatch):
    """Fewer arenas keep a long-running server's memory flat (docs/performance.md, fifth soak)."""
    import sys

    from chatbot.server import limit_malloc_arenas

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas() is sys.platform.startswith("linux")
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_malloc_arenas() is False
