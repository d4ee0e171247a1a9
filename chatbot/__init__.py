"""Psoas knowledge-base chatbot: retrieval and extractive, cited Dutch answers.

Public API:
    ask(question, history=()) -> Answer
    search(question, top_k=None) -> list[Passage]
    Assistant(settings)        the same, with explicit settings
"""

from .assistant import Assistant, ask, default_assistant, search
from .errors import ChatbotError
from .records import Answer, Chunk, Citation, Passage
from .settings import Settings

__all__ = ["Answer", "Assistant", "ChatbotError", "Chunk", "Citation", "Passage", "Settings", "ask",
           "default_assistant", "search"]
