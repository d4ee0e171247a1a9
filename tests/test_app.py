"""The real app (`python app.py` in a subprocess) driven in headless Chromium and through gradio_client.

One app process serves the whole module: it loads the real model and index
once (10-20 s). Screenshots go to test-artifacts/ (git-ignored); one desktop
screenshot of a real answer is copied to docs/screenshot-chat.png for the README.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from chatbot import Answer, Citation, Settings, texts
from chatbot.errors import AppNotStarted
from chatbot.feedback import FILENAME, FeedbackStore
from chatbot.loadtest import start_app
from chatbot.ui import MODEL_GROUP, Handlers, _plain_history, build_app, embed_snippet

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = "020 123 45 67"

BREATHING = "Wat heeft de psoas met ademhaling te maken?"
RED_FLAG = "Ik heb pijn op de borst die uitstraalt naar mijn arm en ik krijg moeilijk lucht"
OUT_OF_SCOPE = "Wat zijn jullie openingstijden?"

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"browser tests need Debian's chromium at {CHROMIUM}")


# -- the app ----------------------------------------------------------------------


@dataclass
class RunningApp:
    url: str
    data_dir: Path
    log: Path
    builds_before: list[str]  # index builds that existed before the app started

    def feedback(self) -> list:
        return FeedbackStore(self.data_dir / FILENAME).records()


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> RunningApp:
    folder = tmp_path_factory.mktemp("app")
    env = {
        "CHATBOT_DATA_DIR": str(folder / "data"),
        "CHATBOT_PRACTICE_NAME": "Fysiotherapie De Psoas",
        "CHATBOT_PRACTICE_PHONE": PHONE,
        "CHATBOT_STORE_QUESTION_TEXT": "false",
    }
    builds_before = _index_builds()
    try:
        server = start_app(folder / "app.log", env)
    except AppNotStarted as exc:
        pytest.fail(str(exc))
    with server:
        yield RunningApp(server.url, folder / "data", server.log, builds_before)


def _index_builds() -> list[str]:
    builds = Settings.from_env().index_dir / "builds"
    return sorted(p.name for p in builds.iterdir()) if builds.is_dir() else []


def test_starting_with_a_ready_index_loads_it_without_rebuilding(app):
    if not app.builds_before:
        pytest.skip("there was no index before the app started (scripts/test.sh builds one first)")
    assert _index_builds() == app.builds_before, "the app built a new index at start-up"
    assert "Index bouwen" not in app.log.read_text()


# -- the browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open(browser, app: RunningApp, width: int = 1280, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(app.url)
    page.locator("#question textarea").wait_for()
    return page


@pytest.fixture
def page(browser, app):
    page = _open(browser, app)
    yield page
    page.context.close()


def _ask(page, question: str) -> str:
    """Type a question, wait for the reply and return the reply's visible text."""
    bot = page.locator('#chat [data-testid="bot"]')
    before = bot.count()
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#chat [data-testid=\"bot\"]').length > n", arg=before, timeout=60_000)
    return "\n".join(bot.nth(i).inner_text() for i in range(before, bot.count()))


def _open_sources(page):
    """Expand the last Bronnen block and return it."""
    title = page.locator("#chat .thought-group .title", has_text="Bronnen").last
    title.click()
    block = page.locator("#chat .thought-group").last
    block.locator("blockquote").first.wait_for()
    _settle(page)
    return block


def _settle(page):
    """Wait until Gradio's transitions (e.g. a block sliding open) have finished."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def _screenshot(page, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    _settle(page)
    page.screenshot(path=str(path), full_page=full_page)
    return path


# -- patient chat -----------------------------------------------------------------


@needs_chromium
def test_a_breathing_question_gets_a_cited_answer_with_a_bronnen_block(page):
    reply = _ask(page, BREATHING)

    assert "[1]" in reply
    assert "Bronnen" in reply
    sources = _open_sources(page)
    assert "ademhaling" in sources.locator("strong").first.inner_text().lower()
    assert "diafragma" in sources.inner_text()
    # The question at the top of the chat, then the answer and its sources.
    page.locator('#chat [data-testid="user"]').last.evaluate(
        "el => { el.scrollIntoView({block: 'start'}); el.closest('[role=log]').scrollTop -= 24; }")
    assert sources.locator("blockquote").first.is_visible()
    shot = _screenshot(page, "chat-desktop.png", full_page=True)
    shutil.copyfile(shot, REPO / "docs" / "screenshot-chat.png")


@needs_chromium
def test_a_red_flag_question_gets_the_urgent_reply_that_stands_out(page):
    reply = _ask(page, RED_FLAG)

    assert "112" in reply
    alert = page.locator('#chat [role="alert"]').last
    assert "Bel nu 112" in alert.inner_text()
    assert "urgent-reply" in alert.get_attribute("class")
    assert page.locator("#chat .thought-group").count() == 0  # no psoas sources under an emergency
    _screenshot(page, "chat-urgent.png")


@needs_chromium
def test_markup_in_a_question_is_shown_as_text_and_never_run(page):
    reply = _ask(page, '<img src="x" onerror="window.__xss = 1"> <script>window.__xss = 2</script> Wat is de psoas?')

    assert reply
    assert page.evaluate("window.__xss") is None
    assert page.locator('#chat [data-testid="user"] img').count() == 0


@needs_chromium
def test_clicking_an_example_question_asks_it(page):
    bot = page.locator('#chat [data-testid="bot"]')
    page.get_by_text("Hoe kan ik mijn psoas veilig stretchen?").click()

    bot.first.wait_for()
    assert "stretch" in page.locator('#chat [data-testid="user"]').first.inner_text()
    assert "[1]" in bot.first.inner_text()


@needs_chromium
def test_an_out_of_scope_question_points_to_the_practice(page):
    reply = _ask(page, OUT_OF_SCOPE)

    assert "contact" in reply
    assert PHONE in reply
    assert "[1]" not in reply


@needs_chromium
def test_a_follow_up_question_is_read_with_the_conversation(page):
    _ask(page, "Is lang zitten slecht voor mijn psoas?")
    reply = _ask(page, "Hoe komt dat?")  # on its own this finds nothing

    assert "[1]" in reply
    assert "zitten" in _open_sources(page).inner_text().lower()


@needs_chromium
def test_the_chat_is_usable_at_phone_width(browser, app):
    page = _open(browser, app, width=390, height=844)
    try:
        reply = _ask(page, BREATHING)
        assert "[1]" in reply
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at phone width"
        assert page.locator("#question textarea").is_visible()
        _screenshot(page, "chat-phone-answer.png")
        page.evaluate("window.scrollTo(0, 0)")
        _screenshot(page, "chat-phone.png")
    finally:
        page.context.close()


ENGLISH_LABEL_WORDS = ("message", "Like", "Copy", "Clear", "conversation", "Type a", "Select")


@needs_chromium
def test_the_interface_speaks_dutch_to_screen_readers(page):
    _ask(page, BREATHING)

    labels = page.eval_on_selector_all("[aria-label]", "els => els.map(e => e.getAttribute('aria-label'))")
    english = [label for label in labels
               if any(word in label for word in ENGLISH_LABEL_WORDS)]
    assert not english, english
    assert page.get_by_label("Je vraag").is_visible()
    assert page.get_by_role("button", name="Niet nuttig").count() >= 1
    assert page.locator("#question textarea").get_attribute("placeholder").startswith("Typ je vraag")


@needs_chromium
def test_the_page_fetches_nothing_from_other_hosts(browser, app):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    elsewhere = []
    page.on("request", lambda r: None if r.url.startswith(app.url) or r.url.startswith("data:")
            else elsewhere.append(r.url))
    try:
        page.goto(app.url)
        page.locator("#question textarea").wait_for()
        _ask(page, BREATHING)
    finally:
        context.close()
    assert elsewhere == []


@needs_chromium
def test_the_chat_works_embedded_in_another_site_as_web_component_and_iframe(browser, app, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Praktijk</title></head><body>'
        f"<h1>Website van de praktijk</h1>{embed_snippet(app.url)}"
        f'<iframe src="{app.url}" title="Psoas-assistent" width="100%" height="700" style="border:0"></iframe>'
        "</body></html>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/index.html")  # another origin than the app
        box = page.locator("gradio-app #question textarea")
        box.fill("Is lang zitten slecht voor mijn psoas?")
        box.press("Enter")
        reply = page.locator('gradio-app #chat [data-testid="bot"]').first
        reply.wait_for(timeout=60_000)
        assert "zitten" in reply.inner_text()
        assert page.frame_locator("iframe").locator("#question textarea").is_visible()
    finally:
        context.close()
        server.shutdown()
        server.server_close()


# -- feedback ---------------------------------------------------------------------


def _wait_for(condition, seconds: float = 10):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)
    return condition()


@needs_chromium
def test_thumbs_down_stores_the_verdict_without_the_question_and_a_second_click_withdraws_it(page, app):
    question = "Wat is de rol van de psoas bij stress?"
    _ask(page, question)
    page.get_by_role("button", name="Niet nuttig").last.click()

    assert _wait_for(lambda: any(r.verdict == "down" for r in app.feedback()))
    [record] = [r for r in app.feedback() if r.verdict == "down"]
    assert record.kind == "answer"
    assert record.sections and all(record.sections)
    assert record.question is None
    assert question.encode() not in (app.data_dir / FILENAME).read_bytes()

    page.get_by_role("button", name="Niet nuttig (gekozen)").click()
    assert _wait_for(lambda: record.answer_id not in {r.answer_id for r in app.feedback()})


# -- front desk ---------------------------------------------------------------------


@needs_chromium
def test_the_lookup_tab_lists_sections_with_their_full_text_and_a_copy_button(page):
    page.get_by_role("tab", name="Opzoeken").click()
    page.locator("#lookup-query textarea").fill("lang zitten")
    page.locator("#lookup-query textarea").press("Enter")

    first = page.locator(".lookup-hit").first
    first.locator("textarea").wait_for()
    page.wait_for_function("() => document.querySelector('.lookup-hit textarea')?.value.length > 100")
    assert "Langdurig zitten" in first.inner_text()
    assert "zitten" in first.locator("textarea").input_value()
    assert first.get_by_role("button", name="Kopiëren").is_visible()
    _screenshot(page, "lookup-desktop.png")


# -- API ----------------------------------------------------------------------------


def test_the_api_answers_and_searches_with_the_cli_json(app):
    from gradio_client import Client

    client = Client(app.url, verbose=False, analytics_enabled=False)
    answer = client.predict(BREATHING, None, api_name="/ask")
    assert set(answer) >= {"question", "kind", "answer", "citations", "passages", "language", "reason", "timings_ms"}
    assert answer["kind"] == "answer" and answer["question"] == BREATHING
    assert "[1]" in answer["answer"]
    assert set(answer["citations"][0]) == {"n", "doc", "section", "anchor", "text", "quotes"}
    assert any("ademhaling" in c["section"].lower() for c in answer["citations"])

    urgent = client.predict(RED_FLAG, None, api_name="/ask")
    assert urgent["kind"] == "urgent" and "112" in urgent["answer"]

    follow_up = client.predict("Hoe komt dat?", [{"role": "user", "content": "Is lang zitten slecht voor mijn psoas?"}],
                               api_name="/ask")
    assert follow_up["kind"] == "answer"

    hits = client.predict("lang zitten", 3, api_name="/search")
    assert len(hits) == 3
    assert set(hits[0]) == {"doc", "section", "anchor", "id", "text", "score"}
    assert "Langdurig zitten" in hits[0]["section"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_several_api_callers_at_once_all_get_their_answer(app):
    from gradio_client import Client

    client = Client(app.url, verbose=False, analytics_enabled=False)
    questions = [BREATHING, "Is lang zitten slecht voor mijn psoas?", OUT_OF_SCOPE, "Wat is de Moro-reflex?"]
    jobs = [client.submit(q, None, api_name="/ask") for q in questions]

    kinds = [job.result(timeout=60)["kind"] for job in jobs]
    assert kinds == ["answer", "answer", "no_answer", "answer"]


def test_the_api_lists_only_ask_and_search(app):
    from gradio_client import Client

    endpoints = Client(app.url, verbose=False, analytics_enabled=False).view_api(return_format="dict", print_info=False)["named_endpoints"]
    assert set(endpoints) == {"/ask", "/search"}


# -- pure helpers -------------------------------------------------------------------


def test_gradio_messages_become_plain_history_without_source_blocks():
    messages = [
        {"role": "user", "content": [{"type": "text", "text": "Is lang zitten &lt;echt&gt; slecht?"}],
         "metadata": None},
        {"role": "assistant", "content": [{"type": "text", "text": "Dit staat er … [1]"}]},
        {"role": "assistant", "content": "**[1] Langdurig zitten**", "metadata": {"title": "Bronnen"}},
        "En hoe komt dat?",
    ]

    assert _plain_history(messages) == [
        {"role": "user", "content": "Is lang zitten <echt> slecht?"},
        {"role": "assistant", "content": "Dit staat er … [1]"},
        "En hoe komt dat?",
    ]


class _BrokenAssistant:
    settings = Settings(practice_name="Fysiotherapie De Psoas")

    def ask(self, question, history=()):
        raise RuntimeError("index on fire")

    def search(self, question, top_k=None):
        raise RuntimeError("index on fire")


def test_a_failing_answer_shows_a_calm_dutch_message_instead_of_a_traceback(tmp_path):
    handlers = Handlers(_BrokenAssistant(), FeedbackStore(tmp_path / FILENAME))

    messages, answers = handlers.respond([{"role": "user", "content": "Wat doet de psoas?"}], {})

    assert messages[-1] == {"role": "assistant", "content": texts.UI_ERROR.format(practice="Fysiotherapie De Psoas")}
    assert "fire" not in str(messages) and "Traceback" not in str(messages)
    assert answers == {}
    status, *boxes = handlers.lookup("lang zitten")
    assert status == texts.UI_LOOKUP_ERROR
    assert not any(box.visible for box in boxes)


class _OneAnswerAssistant:
    settings = Settings(store_question_text=False)

    def __init__(self):
        self.histories = []

    def ask(self, question, history=()):
        self.histories.append(history)
        citation = Citation(1, "psoas.md", "De psoas en ademhaling", "de-psoas-en-ademhaling", "Tekst.", ("Tekst.",))
        return Answer("answer", f"Intro:\n\nTekst. [1]\n\n{texts.SOURCES_HEADING}\n1. psoas.md › De psoas en "
                      "ademhaling\n\n_Slot._", (citation,))


def test_a_reply_shows_the_answer_then_a_collapsed_bronnen_block_and_remembers_what_feedback_may_store(tmp_path):
    assistant = _OneAnswerAssistant()
    handlers = Handlers(assistant, FeedbackStore(tmp_path / FILENAME))
    earlier = [{"role": "user", "content": [{"type": "text", "text": "Is lang zitten slecht?"}]},
               {"role": "assistant", "content": [{"type": "text", "text": "Ja. [1]"}]}]

    messages, answers = handlers.respond(earlier + [{"role": "user", "content": "Hoe komt dat?"}], {})

    answer, sources = messages[3:]
    assert answer["content"] == "Intro:\n\nTekst. [1]\n\n_Slot._"
    assert sources["metadata"]["title"] == "Bronnen" and sources["metadata"]["status"] == "done"
    assert "**[1] De psoas en ademhaling**" in sources["content"] and "> Tekst." in sources["content"]
    assert assistant.histories == [[{"role": "user", "content": "Is lang zitten slecht?"},
                                    {"role": "assistant", "content": "Ja. [1]"}]]
    [(index, info)] = answers.items()
    assert index == 3
    assert (info["kind"], info["sections"], info["question"]) == ("answer", ["De psoas en ademhaling"], None)


def test_the_embed_snippet_loads_the_web_component_from_the_app_itself():
    snippet = embed_snippet("https://chat.praktijk.nl")

    assert '<gradio-app src="https://chat.praktijk.nl/"></gradio-app>' in snippet
    assert 'src="https://chat.praktijk.nl/assets/' in snippet


def test_every_event_that_uses_the_model_shares_one_concurrency_group(tmp_path):
    app = build_app(_OneAnswerAssistant(), FeedbackStore(tmp_path / FILENAME))

    queued = {fn.api_name: fn.concurrency_id for fn in app.fns.values() if fn.queue}
    assert set(queued) == {"respond", "respond_1", "lookup", "ask", "search"}
    assert set(queued.values()) == {MODEL_GROUP}


def test_a_thumbs_down_also_reaches_insights_when_the_practice_turned_them_on(tmp_path, monkeypatch):
    recorded = []
    monkeypatch.setattr("chatbot.ui.insights.record", lambda *args: recorded.append(args))
    assistant = _OneAnswerAssistant()
    assistant.settings = Settings(insights=True, data_dir=tmp_path)
    handlers = Handlers(assistant, FeedbackStore(tmp_path / FILENAME))
    messages, answers = handlers.respond([{"role": "user", "content": "Hoe komt dat?"}], {})

    handlers.on_like(_Like(index=1, liked=True), answers)
    handlers.on_like(_Like(index=1, liked=False), answers)

    [(settings, question, answer, verdict)] = recorded
    assert (question, answer.kind, verdict) == ("Hoe komt dat?", "answer", "down")
    assert [r.verdict for r in FeedbackStore(tmp_path / FILENAME).records()] == ["down"]


@dataclass
class _Like:
    index: int
    liked: bool | str
