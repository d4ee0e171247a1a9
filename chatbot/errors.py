"""The library's own exceptions.

The CLI and the app catch `ChatbotError` and print its message as one clear,
actionable sentence instead of a traceback; every message names the bad value.
"""


class ChatbotError(Exception):
    """Base class: anything the chatbot can explain to a person."""


class BadRequest(ChatbotError, ValueError):
    """A caller passed an argument that cannot work (top_k, method, …); the message names it."""


class ConfigError(ChatbotError):
    """A setting has a value that cannot work (named in the message)."""


class KnowledgeBaseError(ChatbotError):
    """The knowledge base folder or one of its Markdown files cannot be used."""


class ModelError(ChatbotError):
    """The embedding model is missing, cannot be fetched, fails verification or cannot load."""


class IndexProblem(ChatbotError):
    """The search index is missing, outdated or unreadable."""


class IndexMissing(IndexProblem):
    """No index has been built yet."""


class IndexStale(IndexProblem):
    """The index was built from another knowledge base, model or chunker version."""


class IndexCorrupt(IndexProblem):
    """The index files exist but cannot be read or do not agree with each other."""


class AppNotStarted(ChatbotError):
    """The app (`python app.py`) started for a load test or the app tests did not come up."""
