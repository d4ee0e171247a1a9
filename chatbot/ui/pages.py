"""The two Gradio apps: the patient chat (served at "/") and the front desk (served at "/balie").

Built in functions, over handlers that hold the shared Assistant, so that a
test can build them around any assistant. Styles and the page script are asset
files next to this module (assets/); chatbot/server.py mounts both apps and
serves the assets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr
from gradio.data_classes import GradioRootModel

from .. import texts
from ..settings import Settings
from . import render
from .chat import ChatHandlers
from .desk import DeskHandlers

ASSETS = Path(__file__).resolve().parent / "assets"
PATIENT_CSS = ASSETS / "patient.css"
DESK_CSS = ASSETS / "desk.css"
PAGE_JS = ASSETS / "page.js"
WIDGET_JS = ASSETS / "widget.js"

# Events that run the model share this Gradio concurrency group; the ModelGate does the real limiting.
MODEL_GROUP = "assistant"
# Temporary files (there should be none: no upload or file component): swept every 10 minutes.
DELETE_CACHE = (600, 600)

THEME = gr.themes.Default(
    primary_hue="teal",
    secondary_hue="slate",
    neutral_hue="slate",
    radius_size="md",
    # Fonts that Gradio serves itself: no request to a font service with the patient's address.
    font=(gr.themes.LocalFont("Source Sans Pro", weights=(400, 600, 700)), "ui-sans-serif", "system-ui", "sans-serif"),
    font_mono=(gr.themes.LocalFont("IBM Plex Mono"), "ui-monospace", "monospace"),
).set(
    # WCAG AA contrast for the teal buttons and links, also in dark mode.
    button_primary_background_fill="#0f766e",
    button_primary_background_fill_hover="#115e59",
    button_primary_text_color="#ffffff",
    link_text_color="#0f5f58",
    link_text_color_visited="#0f5f58",
    link_text_color_dark="#5eead4",
    link_text_color_visited_dark="#5eead4",
    body_text_color_subdued="#475569",
    body_text_color_subdued_dark="#cbd5e1",
    input_text_size="16px",
)

I18N = gr.I18n(nl=texts.UI_GRADIO_NL)


class _RawMessages(GradioRootModel):
    """The chat's value as the browser sent it, unchecked: `render.chat_messages` reads it.

    Gradio validates a component's input with its data model before any
    handler runs, and prints a failed validation with the input in it: a
    malformed message would put the patient's text in the log.
    """

    root: Any = None


def build_patient_app(chat: ChatHandlers, settings: Settings) -> gr.Blocks:
    """The patient page: intro, sticky emergency line, chat, question box, contact row; plus /ask and /search."""
    ttl = settings.session_minutes * 60
    with gr.Blocks(title=texts.UI_PAGE_TITLE.format(practice=settings.practice_name), analytics_enabled=False,
                   fill_height=True, delete_cache=DELETE_CACHE) as app:
        gr.Markdown(render.intro_html(settings), elem_id="intro-block", padding=False, container=False)
        gr.Markdown(render.emergency_html(settings), elem_id="emergency", padding=False, container=False)
        answers = gr.State({}, time_to_live=ttl)
        about = gr.State("", time_to_live=ttl)  # the answer a "Wat miste je?" note is about
        chatbot = gr.Chatbot(
            label=texts.UI_CHAT_LABEL,
            show_label=False,
            elem_id="chat",
            scale=1,
            min_height=240,
            layout="bubble",
            buttons=["copy"],
            feedback_options=("Like", "Dislike"),
            placeholder=texts.UI_CHAT_EMPTY,
            examples=[{"text": q} for q in texts.UI_EXAMPLES],
            sanitize_html=True,
            allow_tags=False,  # no custom tags survive the sanitiser
            latex_delimiters=[],  # a "$" in a question or answer is a dollar sign
            autoscroll=False,  # page.js scrolls to the start of the answer instead of its end
            group_consecutive_messages=False,
        )
        # The chat's input is read by our handlers, not validated by pydantic (see _RawMessages). An instance
        # attribute, not a subclass: Gradio writes a .pyi file next to every module that defines a component.
        chatbot.data_model = _RawMessages
        question = gr.Textbox(
            label=texts.UI_QUESTION_LABEL,
            placeholder=texts.UI_QUESTION_PLACEHOLDER,
            elem_id="question",
            lines=1,
            max_lines=4,
            submit_btn=texts.UI_SEND,
            autofocus=False,
        )
        contact = render.contact_html(settings)
        if contact:
            gr.Markdown(contact, elem_id="contact", padding=False, container=False)
        status = gr.Markdown("", elem_id="feedback-status", padding=False, container=False)
        with gr.Group(visible=False, elem_id="missed") as missed:
            note = gr.Textbox(label=texts.UI_MISSED_LABEL, placeholder=texts.UI_MISSED_PLACEHOLDER, lines=2,
                              max_lines=4, elem_id="missed-note", max_length=500)
            send_note = gr.Button(texts.UI_MISSED_SEND, elem_id="missed-send", size="md")

        # The page's own events stay out of the API; `ask` and `search` are the API.
        # preprocess=False: the handlers read the browser's raw values themselves (render.chat_messages), so
        # that a malformed message never reaches Gradio's parser, which would log it whole.
        private = {"api_visibility": "private", "preprocess": False}
        model = {"concurrency_id": MODEL_GROUP, "show_progress": "hidden", **private}
        question.submit(chat.add_question, [question, chatbot], [question, chatbot], queue=False, **private).then(
            chat.respond, [chatbot, answers], [chatbot, answers], **model)
        chatbot.example_select(chat.add_example, [chatbot], [chatbot], queue=False, **private).then(
            chat.respond, [chatbot, answers], [chatbot, answers], **model)
        chatbot.like(chat.on_like, [answers], [status, missed, about], show_progress="hidden", **private)
        send_note.click(chat.send_missed, [note, about], [note, missed, about, status], show_progress="hidden",
                        **private)
        note.submit(chat.send_missed, [note, about], [note, missed, about, status], show_progress="hidden",
                    **private)

        gr.api(chat.api_ask, api_name="ask", concurrency_id=MODEL_GROUP)
        gr.api(chat.api_search, api_name="search", concurrency_id=MODEL_GROUP)
    return app


def build_desk_app(desk: DeskHandlers, settings: Settings) -> gr.Blocks:
    """The front-desk page: a search box and the matching sections with label, highlights and copy buttons."""
    with gr.Blocks(title=texts.UI_DESK_PAGE_TITLE.format(practice=settings.practice_name), analytics_enabled=False,
                   delete_cache=DELETE_CACHE) as app:
        gr.Markdown(f'<header id="desk-intro"><h1>{texts.UI_DESK_TITLE}</h1><p>{texts.UI_DESK_INTRO}</p></header>',
                    padding=False, container=False)
        query = gr.Textbox(label=texts.UI_LOOKUP_LABEL, placeholder=texts.UI_LOOKUP_PLACEHOLDER,
                           elem_id="lookup-query", submit_btn=texts.UI_LOOKUP_BUTTON, lines=1, max_lines=2)
        results = gr.Markdown("", elem_id="lookup-results", padding=False, container=False)
        query.submit(desk.lookup, [query], [results], concurrency_id=MODEL_GROUP, show_progress="hidden",
                     api_visibility="private", preprocess=False)
    return app
