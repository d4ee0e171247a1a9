"""The real pages in Debian's Chromium: phone and desktop, the widget on another origin, Dutch only, axe-core.

One app (in-process, over the session's model) serves the module; a second
origin (a small static site on another port) holds the widget. Screenshots go
to test-artifacts/ (git-ignored); `python scripts/screenshots.py` makes the ones in docs/.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest

from chatbot import texts
from chatbot.feedback import FILENAME, FeedbackStore

from .apps import PRACTICE, practice_assistant, serve

pytestmark = [pytest.mark.app, pytest.mark.browser, pytest.mark.model]

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE, DESKTOP = (390, 844), (1280, 800)
BREATHING = "Wat heeft de psoas met ademhaling te maken?"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# English words of Gradio's interface that must not reach a patient (visible text or aria-label).
ENGLISH = re.compile(r"\b(Loading|Error|Connection|Scroll|Copy|Copied|message|Like|Dislike|Clear|Submit|queue|"
                     r"processing|Use via API|Built with|Settings|Select example|bot's|user's|conversation)\b")


# -- servers and browser -------------------------------------------------------------------


class _Site:
    """A static site on another port of 127.0.0.1: another origin than the app."""

    def __init__(self, folder: Path):
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.folder = folder
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = _Site(tmp_path_factory.mktemp("site"))
    yield site
    site.close()


@pytest.fixture(scope="module")
def practice(embedder, settings):
    return practice_assistant(embedder, settings)


@pytest.fixture(scope="module")
def app(practice, site, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    with serve(practice, allowed_origins=site.origin, rate_limit="off", feedback_text=True, data_dir=data) as server:
        server.data_dir = data
        yield server


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open(browser, url: str, size=DESKTOP, locale: str = "en-US"):
    """A page as a visitor whose browser prefers English: the app must be Dutch all the same."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.locator("#question textarea, #lookup-query textarea").first.wait_for()
    return page


@pytest.fixture
def page(browser, app):
    page = _open(browser, app.url)
    yield page
    page.context.close()


@pytest.fixture
def phone(browser, app):
    page = _open(browser, app.url, PHONE)
    yield page
    page.context.close()


def _ask(page, question: str, root=None) -> str:
    """Type a question, wait for the reply and return its visible text."""
    root = root or page
    bot = root.locator('#chat [data-testid="bot"]')
    before = bot.count()
    root.locator("#question textarea").fill(question)
    root.locator("#question textarea").press("Enter")
    bot.nth(before).wait_for(timeout=60_000)
    return bot.nth(before).inner_text()


def _settle(page):
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.wait_for_timeout(200)


def _screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    _settle(page)
    page.screenshot(path=str(ARTIFACTS / name))
    return ARTIFACTS / name


def _axe(page_or_frame) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page_or_frame, options=WCAG)
    return [f"{v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']}" for v in results.response["violations"]]


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["x"] >= 0 \
        and box["x"] + box["width"] <= size["width"]


def _texts_and_labels(page_or_frame) -> list[str]:
    return page_or_frame.evaluate("""() => {
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            if (n.nodeValue.trim() && el && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
                out.push(n.nodeValue.trim());
        }
        for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]'))
            for (const a of ['aria-label', 'title', 'placeholder'])
              if (el.getAttribute(a)) out.push(el.getAttribute(a));
        return out;
    }""")


# -- the chat page -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_question_box_is_on_the_first_screen_with_16px_text(browser, app, size):
    page = _open(browser, app.url, size)
    try:
        box = page.locator("#question textarea")
        assert _in_view(page, box), box.bounding_box()
        assert page.evaluate("getComputedStyle(document.querySelector('#question textarea')).fontSize") == "16px"
        assert _in_view(page, page.locator("#emergency-line"))
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
        _screenshot(page, f"chat-first-screen-{size[0]}.png")
    finally:
        page.context.close()


def test_after_an_answer_the_phone_shows_the_question_and_the_answers_start(phone):
    reply = _ask(phone, BREATHING)

    assert "[1]" in reply
    first_words = phone.locator('#chat [data-testid="bot"] p').first
    assert _in_view(phone, first_words), "the start of the answer is not on the screen"
    assert _in_view(phone, phone.locator('#chat [data-testid="user"]').last)
    assert _in_view(phone, phone.locator("#question textarea"))
    sources = phone.locator("#chat details.sources").last
    assert sources.get_attribute("open") is None  # Bronnen collapsed
    _screenshot(phone, "chat-phone-answer.png")


def test_the_intro_is_one_line_with_the_full_text_one_tap_away(phone):
    more = phone.locator("#intro details")
    assert not more.locator("p").first.is_visible()

    more.locator("summary").click()

    assert "geen diagnose" in more.inner_text()


def test_emergency_and_practice_numbers_are_tap_to_call_links(page):
    hrefs = page.eval_on_selector_all("a[href^='tel:']", "els => els.map(e => e.getAttribute('href'))")

    assert {"tel:112", "tel:113", "tel:08000113", "tel:09001234567", "tel:0201234567"} <= set(hrefs)
    assert page.get_by_role("link", name=texts.UI_BOOK).get_attribute("href") == PRACTICE["booking_url"]


def test_a_red_flag_gets_the_urgent_reply_with_a_tap_to_call_112(page):
    _ask(page, "Ik heb pijn op de borst die uitstraalt naar mijn arm en ik krijg moeilijk lucht")

    alert = page.locator('#chat [role="alert"]').last
    assert "Bel nu 112" in alert.inner_text()
    assert alert.locator("a[href='tel:112']").count() >= 1


def test_the_users_bubble_shows_markdown_as_text_and_the_browser_contacts_no_other_host(browser, app):
    page = _open(browser, app.url)
    elsewhere = []
    page.on("request", lambda r: None if r.url.startswith(app.url) or r.url.startswith(("data:", "blob:"))
            else elsewhere.append(r.url))
    try:
        _ask(page, '![x](http://example.invalid/x.png) [klik](http://example.invalid) '
                   '<img src="x" onerror="window.__xss = 1"> Wat is de psoas?')
        bubble = page.locator('#chat [data-testid="user"]').last
        assert "![x](http://example.invalid/x.png)" in bubble.inner_text()
        assert bubble.locator("img, a").count() == 0
        assert page.evaluate("window.__xss") is None
    finally:
        page.context.close()
    assert elsewhere == []


def test_everything_visible_and_announced_is_dutch_even_for_an_english_browser(page):
    _ask(page, BREATHING)
    page.locator("#chat details.sources summary").last.click()

    english = [t for t in _texts_and_labels(page) if ENGLISH.search(t) and "psoas" not in t.lower()]
    assert not english, english
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.get_by_role("button", name="Niet nuttig").count() >= 1
    assert page.get_by_text("Gebruik via API").count() == 0


def test_the_chat_with_an_answer_and_bronnen_open_has_no_axe_violations(page):
    _ask(page, BREATHING)
    page.locator("#chat details.sources summary").last.click()
    _settle(page)

    assert _axe(page) == []
    _screenshot(page, "chat-desktop-bronnen.png")


def test_the_keyboard_reaches_send_bronnen_and_the_thumbs_with_a_visible_focus(page):
    _ask(page, BREATHING)
    page.locator("#question textarea").focus()
    page.keyboard.type("x")

    reached, outlines = [], []
    for _ in range(60):
        page.keyboard.press("Shift+Tab")
        info = page.evaluate("""() => { const el = document.activeElement;
            return [el.tagName, el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40),
                    getComputedStyle(el).outlineStyle]; }""")
        reached.append(info[1])
        outlines.append(info[2])
        if info[1].startswith("Bronnen"):
            break
    assert any(r == "Niet nuttig" for r in reached) and reached[-1].startswith("Bronnen")
    assert all(o != "none" for o in outlines), list(zip(reached, outlines, strict=True))
    page.keyboard.press("Enter")
    assert page.locator("#chat details.sources").last.get_attribute("open") is not None


def test_thumbs_are_acknowledged_and_a_thumbs_down_asks_what_was_missing(page, app):
    _ask(page, "Wat is de rol van de psoas bij stress?")

    page.get_by_role("button", name="Nuttig antwoord").last.click()
    page.get_by_text(texts.UI_THANKS).wait_for()
    page.get_by_role("button", name="Niet nuttig").last.click()
    page.get_by_text(texts.UI_THANKS_DOWN).wait_for()
    page.locator("#missed-note textarea").fill("Ik miste iets over hardlopen. Groetjes, Marieke")
    page.get_by_role("button", name=texts.UI_MISSED_SEND).click()
    page.get_by_text(texts.UI_MISSED_THANKS).wait_for()

    records = FeedbackStore(app.data_dir / FILENAME).records()
    assert any(r.verdict == "down" and r.comment == "Ik miste iets over hardlopen. Groetjes, [NAAM]" for r in records)
    assert all(r.question is None for r in records)


# -- the widget on another origin ------------------------------------------------------------------


def _widget_page(site, app, name: str = "index.html") -> str:
    (site.folder / name).write_text(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Praktijk</title></head><body>'
        "<main><h1>Website van de praktijk</h1><p>Welkom.</p></main>"
        f'<script src="{app.url}widget.js" data-practice="Fysiotherapie De Psoas" data-color="#7c2d12" '
        'data-position="left" data-lang="nl"></script></body></html>', encoding="utf-8")
    return f"{site.origin}/{name}"


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_widget_opens_answers_and_keeps_the_conversation_on_another_origin(browser, app, site, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(_widget_page(site, app))
        button = page.get_by_role("button", name="Vraag het de assistent")
        assert button.is_visible()
        button.click()
        frame = page.frame_locator("#psoas-chat-widget iframe")
        assert "Vraag het de assistent" not in [b.inner_text() for b in page.get_by_role("button").all()
                                                if b.is_visible()]
        reply = _ask(page, "Is lang zitten slecht voor mijn psoas?", root=frame)
        assert "zitten" in reply.lower()
        panel = page.locator("#psoas-chat-widget").evaluate(
            "h => h.shadowRoot.querySelector('.panel').getBoundingClientRect().toJSON()")
        if size == PHONE:
            assert panel["width"] == PHONE[0] and panel["height"] >= PHONE[1] - 1  # full screen
        _screenshot(page, f"widget-open-{size[0]}.png")

        page.get_by_role("button", name="Chat sluiten").click()
        assert button.is_visible()
        button.click()
        assert frame.locator('#chat [data-testid="bot"]').count() == 1  # the same conversation
    finally:
        context.close()


def test_the_widget_open_has_no_axe_violations_on_the_site_or_in_the_chat(browser, app, site):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(_widget_page(site, app, "axe.html"))
        page.get_by_role("button", name="Vraag het de assistent").click()
        frame_locator = page.frame_locator("#psoas-chat-widget iframe")
        _ask(page, BREATHING, root=frame_locator)
        frame = next(f for f in page.frames if f.url.startswith(app.url))
        _settle(page)

        assert _axe(page) == []
        assert _axe(frame) == []
    finally:
        context.close()


def test_a_site_that_is_not_allowed_cannot_show_the_chat_in_a_frame(browser, app, tmp_path):
    other = _Site(tmp_path)  # another port: an origin that is not in CHATBOT_ALLOWED_ORIGINS
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(_widget_page(other, app))
        page.get_by_role("button", name="Vraag het de assistent").click()
        page.wait_for_timeout(3000)
        frame = next((f for f in page.frames if f.url.startswith(app.url)), None)
        assert frame is None or frame.locator("#question textarea").count() == 0
    finally:
        context.close()
        other.close()


# -- the front desk -------------------------------------------------------------------------------


def test_the_front_desk_finds_labels_highlights_and_has_no_axe_violations(browser, app):
    page = _open(browser, app.url + "balie/")
    try:
        page.locator("#lookup-query textarea").fill("lang zitten")
        page.locator("#lookup-query textarea").press("Enter")
        first = page.locator(".lookup-hit").first
        first.wait_for()
        marks = [m.inner_text().lower() for m in first.locator("mark").all()]
        assert any(m.startswith("zit") for m in marks) and any(m.startswith("lang") for m in marks), marks
        assert first.locator(".hit-label").inner_text() in (texts.UI_LOOKUP_GOOD, texts.UI_LOOKUP_POSSIBLE)
        assert "relevantie" not in page.content()
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        first.get_by_role("button").click()
        first.get_by_role("button", name=texts.UI_LOOKUP_COPIED).wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        heading = first.locator(".hit-title").inner_text()
        assert copied.startswith(heading + "\n\n") and "zitten" in copied and "<" not in copied
        assert _axe(page) == []
        _screenshot(page, "desk-desktop.png")

        page.locator("#lookup-query textarea").fill("openingstijden")
        page.locator("#lookup-query textarea").press("Enter")
        page.get_by_text("Geen goede match").wait_for()
    finally:
        page.context.close()
