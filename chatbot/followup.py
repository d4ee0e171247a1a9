"""Follow-up questions: resolving "en bij kinderen?" against the conversation so far.

A short or referring question ("hoe komt dat?", "welke oefeningen dan?") means
little on its own, so for retrieval it is read together with the previous user
question. A self-contained question (long enough, no referring words) starts a
new topic and is searched on its own.
"""

from __future__ import annotations

import re

from .inputs import clean_question

# Words that point back to something said before.
_REFERRING = re.compile(
    r"\b(dat|dit|daar|daarvan|daarbij|daarmee|daardoor|daarna|daartegen|die|deze|dezelfde|hetzelfde|"
    r"hem|ervan|erbij|ertegen|erdoor|er ?tegen|dan|ook|zo'?n|zoiets|ondertussen|intussen|tussentijd|tot die tijd|"
    r"that|this|it|those|them|meanwhile)\b",
    re.I,
)
_CONTINUES = re.compile(
    r"^\s*(en|maar|of|dus|ook|ok|oke|oké|okay|ja|nee|goed|prima|and|but|what about|en wat|wat als)\b", re.I)
# Up to this many words a question may be a follow-up; longer ones stand on their own.
MAX_FOLLOWUP_WORDS = 14
SHORT_WORDS = 1


def is_followup(question: str) -> bool:
    words = question.split()
    if not words or len(words) > MAX_FOLLOWUP_WORDS:
        return False
    return len(words) <= SHORT_WORDS or bool(_CONTINUES.match(question)) or bool(_REFERRING.search(question))


def retrieval_query(question: str, previous_questions: list[str]) -> str:
    """The text to search for: the question, preceded by the last user turn when it is a follow-up."""
    if previous_questions and is_followup(question):
        return f"{previous_questions[-1].strip()} {question.strip()}"
    return question


def user_turns(history) -> list[str]:
    """The user's earlier messages, oldest first, cleaned like a question.

    Accepts strings, (user, bot) pairs and role/content dicts as Gradio sends
    them. Anything else in the history is ignored rather than trusted.
    """
    turns = []
    for item in history or ():
        if isinstance(item, str):
            turns.append(item)
        elif isinstance(item, dict):
            if item.get("role") == "user":
                turns.append(message_text(item.get("content")))
        elif isinstance(item, (list, tuple)) and item and isinstance(item[0], str):
            turns.append(item[0])
    return [clean_question(t).text for t in turns if t]


# "1. psoas.md › De psoas en ademhaling › …": a source line of an answer's Bronnen list.
_SOURCE_LINE = re.compile(r"^\s*\d+\.\s+(\S+\.md\s+›\s+.+?)\s*$", re.M)


def cited_sections(history) -> list[str]:
    """The section labels the last assistant answer in the history cited ("psoas.md › …"), else []."""
    for item in reversed(list(history or ())):
        text = ""
        if isinstance(item, dict) and item.get("role") == "assistant":
            text = message_text(item.get("content"))
        elif isinstance(item, (list, tuple)) and len(item) > 1 and isinstance(item[1], str):
            text = item[1]
        if text:
            return [" ".join(m.split()) for m in _SOURCE_LINE.findall(text)]
    return []


def message_text(content) -> str:
    """Plain text of a chat message's content: a string, or Gradio 6's list of {"type": "text", "text": …} parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return message_text(content.get("text")) if content.get("type", "text") == "text" else ""
    if isinstance(content, (list, tuple)):
        return " ".join(t for t in (message_text(part) for part in content) if t)
    return ""
