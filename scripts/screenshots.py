"""Make the screenshots in docs/ (phone and desktop chat, the widget, the front desk) from the real app.

    python scripts/screenshots.py

Starts the app in this process on 127.0.0.1 (the model loads once), asks one
question in Debian's Chromium and writes docs/screenshot-*.png. The tests never
write into docs/; this command is the only thing that does.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from chatbot import Assistant, Settings  # noqa: E402
from chatbot.server import ServerThread, create_app  # noqa: E402

QUESTION = "Wat heeft de psoas met ademhaling te maken?"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(data_dir=Path(tmp) / "data", practice_name="Fysiotherapie De Psoas",
                                     practice_phone="020 123 45 67", huisartsenpost_phone="0900-1234567",
                                     booking_url="https://www.praktijk.nl/afspraak")
        assistant = Assistant(settings).warm_up()
        with ServerThread(create_app(assistant, settings, warm_up=False)) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for name, size in (("phone", (390, 844)), ("desktop", (1280, 800))):
                page = browser.new_page(viewport={"width": size[0], "height": size[1]}, locale="nl-NL")
                page.goto(server.url)
                page.locator("#question textarea").fill(QUESTION)
                page.locator("#question textarea").press("Enter")
                page.locator('#chat [data-testid="bot"]').first.wait_for(timeout=60_000)
                page.wait_for_timeout(800)
                page.screenshot(path=str(REPO / "docs" / f"screenshot-{name}.png"))
                if name == "desktop":
                    page.screenshot(path=str(REPO / "docs" / "screenshot-chat.png"))
                page.close()
            page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="nl-NL")
            page.goto(server.url + "balie/")
            page.locator("#lookup-query textarea").fill("lang zitten")
            page.locator("#lookup-query textarea").press("Enter")
            page.locator(".lookup-hit").first.wait_for()
            page.wait_for_timeout(500)
            page.screenshot(path=str(REPO / "docs" / "screenshot-balie.png"))
            browser.close()
    print("docs/screenshot-phone.png, screenshot-desktop.png, screenshot-chat.png, screenshot-balie.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
