"""What the pages show, as text: replies, the user's own bubble, the contact lines, front-desk results.

Pure functions over records and settings, so each can be tested without a server.
Everything that ends up as HTML is escaped here; the only mark-up that is not
escaped is our own (texts.py templates and the knowledge base's Markdown).
"""

from __future__ import annotations

import html
import re

import Stemmer

from .. import texts
from ..followup import message_text
from ..records import Answer, Passage
from ..settings import Settings

# Earlier turns given to the assistant as history (it reads the last user turns only).
HISTORY_MESSAGES = 8

# Characters that Markdown, LaTeX or an autolinker could read as mark-up in a user's own text.
_MARKUP = re.compile(r"[^\w\s]", re.UNICODE)


def user_bubble(question: str) -> str:
    """The user's question as it is shown in their own chat bubble: text, never mark-up.

    Every punctuation character becomes an HTML character reference, which
    Markdown treats as a literal character: no images, links, autolinks
    ("http&#58;//…"), emphasis, lists, headings or LaTeX, and no HTML. The
    browser shows the text as typed; `text_of` turns it back into the question.
    """
    return _MARKUP.sub(lambda m: f"&#{ord(m.group(0))};", question)


def text_of(content) -> str:
    """A chat message's text as typed (user bubbles are entity-encoded, see `user_bubble`)."""
    return html.unescape(message_text(content))


def chat_messages(raw) -> list[dict]:
    """The chat's messages as the browser sent them, reduced to {"role", "content": str} for user and assistant.

    The page's events take their input unparsed (preprocess=False), so that a
    malformed message reaches no parser that would log it: anything that is not
    such a message is dropped here.
    """
    if not isinstance(raw, list):
        return []
    messages = []
    for m in raw:
        if isinstance(m, dict) and m.get("role") in ("user", "assistant"):
            content = message_text(m.get("content"))
            if content:
                messages.append({"role": m["role"], "content": content})
    return messages


def plain_history(messages, limit: int = HISTORY_MESSAGES) -> list:
    """The last `limit` turns as {"role", "content": str} dicts (strings pass through), for `Assistant.ask`.

    Anything that is not a string or a role/content dict is ignored: the
    history comes from the browser and is not trusted.
    """
    turns: list = []
    for m in list(messages or ())[-limit:]:
        if isinstance(m, str):
            turns.append(m)
        elif isinstance(m, dict) and m.get("role") in ("user", "assistant"):
            text = text_of(m.get("content"))
            if m["role"] == "assistant":
                text = _without_details(text)
            if text:
                turns.append({"role": m["role"], "content": text})
    return turns


def reply_markdown(answer: Answer) -> str:
    """One chat message for an answer: the text, then a collapsed Bronnen block (details/summary)."""
    if answer.kind == "urgent":
        # Marked up so that it stands out, and role="alert" so that screen readers read it at once.
        return (f'<div class="urgent-reply" role="alert">\n\n<span class="urgent-label">{texts.UI_URGENT_LABEL}'
                f"</span>\n\n{answer.answer}\n\n</div>")
    if not answer.citations:
        return answer.answer
    n = len(answer.citations)
    summary = texts.UI_SOURCES_SUMMARY_ONE if n == 1 else texts.UI_SOURCES_SUMMARY.format(n=n)
    sources = "\n\n".join(
        f"{texts.UI_SOURCE_ITEM.format(n=c.n, section=_escape_md(c.section))}\n\n{_blockquote(c.text)}"
        for c in answer.citations)
    return (f"{without_sources_list(answer.answer)}\n\n<details class=\"sources\">\n<summary>{summary}</summary>\n\n"
            f"{sources}\n\n</details>")


def without_sources_list(markdown: str) -> str:
    """The answer without its "**Bronnen**" paragraph: the chat shows the sources in their own block."""
    paragraphs = markdown.split("\n\n")
    return "\n\n".join(p for p in paragraphs if not p.startswith(texts.SOURCES_HEADING))


def emergency_html(settings: Settings) -> str:
    """The sticky emergency line: 112, the huisartsenpost when set, 113 and 0800-0113, all tap-to-call."""
    phone = settings.huisartsenpost_phone
    hap = texts.UI_EMERGENCY_HAP.format(phone=html.escape(phone), tel=tel(phone)) if phone else ""
    return (f'<nav id="emergency-line" aria-label="{texts.UI_EMERGENCY_LABEL}"><p>'
            f"{texts.UI_EMERGENCY.format(hap=hap)}</p></nav>")


def intro_html(settings: Settings) -> str:
    """The title, one line about the assistant, and the full explanation one tap away."""
    practice = html.escape(settings.practice_name)
    full = _inline_bold(html.escape(texts.UI_INTRO.format(practice=settings.practice_name)))
    return (f'<header id="intro"><h1>{texts.UI_TITLE}</h1>'
            f'<p class="intro-line">{texts.UI_INTRO_SHORT.format(practice=practice)}</p>'
            f'<details class="intro-more"><summary>{texts.UI_INTRO_MORE}</summary>'
            f"<p>{full}</p><p>{html.escape(texts.UI_PRIVACY)}</p></details></header>")


def contact_html(settings: Settings) -> str:
    """"Bel de praktijk" and "Afspraak maken" under the question box, each only when the practice set it."""
    links = []
    if settings.practice_phone:
        links.append(f'<a class="contact-button" href="tel:{tel(settings.practice_phone)}">'
                     f"{texts.UI_CALL_PRACTICE}</a>")
    if _web_link(settings.booking_url):
        links.append(f'<a class="contact-button" href="{html.escape(settings.booking_url)}" target="_blank" '
                     f'rel="noopener">{texts.UI_BOOK}</a>')
    if not links:
        return ""
    return f'<nav id="contact-row" aria-label="{texts.UI_CONTACT_LABEL}">{"".join(links)}</nav>'


def tel(phone: str) -> str:
    """A tel: target for a Dutch phone number as people write it ("0800-0113" → "08000113")."""
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


# -- the front desk ---------------------------------------------------------------

# Above the answer threshold by this much a section is a "goede match".
GOOD_MARGIN = 0.10


def match_label(score: float, threshold: float) -> str:
    """Plain words for a retrieval score: goede / mogelijke / zwakke match (threshold = answer threshold)."""
    if score >= threshold + GOOD_MARGIN:
        return texts.UI_LOOKUP_GOOD
    if score >= threshold:
        return texts.UI_LOOKUP_POSSIBLE
    return texts.UI_LOOKUP_WEAK


def desk_results_html(query: str, hits: list[Passage], threshold: float) -> str:
    """The front desk's results: a status line, then per section its heading, label, text and a copy button.

    Below the answer threshold the status says "geen goede match" first. The
    copy button copies the heading and the text (page.js does the copying).
    """
    if not hits:
        return f'<p id="lookup-status" role="status">{texts.UI_LOOKUP_NO_GOOD_MATCH}</p>'
    best = hits[0].score
    status = texts.UI_LOOKUP_FOUND.format(n=len(hits)) if best >= threshold else texts.UI_LOOKUP_NO_GOOD_MATCH
    words = search_words(query)
    items = []
    for rank, p in enumerate(hits, 1):
        label = match_label(p.score, threshold)
        section = p.chunk.section
        items.append(
            f'<article class="lookup-hit {_label_class(label)}" aria-labelledby="hit-{rank}">'
            f'<h2 id="hit-{rank}"><span class="hit-rank">{rank}.</span> <span class="hit-title">{html.escape(section)}'
            f"</span></h2>"
            f'<p class="hit-label">{label}</p>'
            f'<div class="hit-text">{highlight(p.chunk.text, words)}</div>'
            f'<button type="button" class="copy-section" '
            f'aria-label="{html.escape(texts.UI_LOOKUP_COPY_LABEL.format(section=section), quote=True)}">'
            f"{texts.UI_LOOKUP_COPY}</button></article>")
    return (f'<p id="lookup-status" role="status">{status}</p>'
            f'<section aria-label="{texts.UI_LOOKUP_RESULTS}">{"".join(items)}</section>')


_STEMMER = Stemmer.Stemmer("dutch")

# Words too common to highlight.
_STOP = frozenset("""de het een en of in op van voor met bij aan te is zijn wat hoe waarom wie welke die dat dit
    deze er ik je jij mijn mij me we wij ze zij hij zo ook niet wel nog al om tot uit over als dan maar door kan
    kun mag moet heb heeft hebben""".split())


def search_words(query: str) -> list[str]:
    """The query's words worth highlighting (lower case, at least three letters, no stop words)."""
    words = re.findall(r"[^\W\d_]{3,}", (query or "").lower())
    return list(dict.fromkeys(w for w in words if w not in _STOP))


def highlight(text: str, words: list[str]) -> str:
    """`text` as escaped HTML paragraphs with the words of the query in <mark>.

    Words are compared by their Dutch stem (Snowball, PyStemmer), and a longer
    word in the text counts when its stem starts with a query word's stem: "zitten"
    marks "zit" and "zitten", "ademhaling" marks "ademhalingsoefening".
    """
    stems = {s for s in _STEMMER.stemWords(words) if len(s) >= 3}

    def mark(m: re.Match) -> str:
        stem = _STEMMER.stemWord(m.group(0).lower())
        return f"<mark>{m.group(0)}</mark>" if any(stem.startswith(s) for s in stems) else m.group(0)

    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        escaped = html.escape(_strip_md(block), quote=False)
        if stems:
            escaped = re.sub(r"[^\W\d_]{3,}", mark, escaped)
        paragraphs.append(f"<p>{escaped}</p>")
    return "".join(paragraphs)


# -- helpers ----------------------------------------------------------------------------


def _label_class(label: str) -> str:
    return {texts.UI_LOOKUP_GOOD: "good", texts.UI_LOOKUP_POSSIBLE: "possible"}.get(label, "weak")


def _strip_md(block: str) -> str:
    """A knowledge-base paragraph without its Markdown markers (for reading aloud and copying)."""
    block = re.sub(r"<!--.*?-->", "", block, flags=re.S)
    block = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", block)
    block = re.sub(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1", r"\2", block)
    return re.sub(r"^\s*(?:[-*+]|#+)\s+", "", block, flags=re.M)


def _escape_md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def _blockquote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def _without_details(markdown: str) -> str:
    return re.sub(r"<details.*?</details>", "", markdown, flags=re.S).strip()


def _inline_bold(escaped: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)


def _web_link(url: str) -> bool:
    return url.startswith(("https://", "http://"))
