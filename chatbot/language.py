"""Which language a question is in, with langdetect made deterministic.

langdetect is a statistical guesser: on a few words it often says Afrikaans,
Norwegian or German for plain Dutch ("psoas ademhaling"). So very short input,
low-confidence guesses and Afrikaans count as Dutch; only a confident guess of
another language on a real sentence makes the answer start with the
"we answer in Dutch" line.
"""

from __future__ import annotations

import functools
import re
import threading

DUTCH = "nl"
# Fewer different words than this cannot be told apart reliably.
MIN_WORDS = 4
MIN_CONFIDENCE = 0.80
_lock = threading.Lock()

# Frequent Dutch function words: a question full of them is Dutch whatever langdetect says.
_DUTCH_WORDS = frozenset(
    "de het een en ik je jij mijn is van dat die niet ook maar met wat hoe waarom kan heb heeft "
    "bij voor op te zijn er nog wel als naar dan of mijn zit doet komt wordt".split()
)


@functools.lru_cache(maxsize=1)
def _factory():
    from langdetect import DetectorFactory, detector_factory

    DetectorFactory.seed = 0
    detector_factory.init_factory()
    return detector_factory


def detect_language(text: str) -> str:
    """ISO 639-1 code of the question's language; "nl" when unsure."""
    plain = re.sub(r"https?://\S+|[\d\W_]+", " ", text or "").strip()
    words = plain.lower().split()
    if len(set(words)) < MIN_WORDS:
        return DUTCH
    if sum(w in _DUTCH_WORDS for w in words) / len(words) >= 0.2:
        return DUTCH
    factory = _factory()
    try:
        with _lock:  # langdetect's seeded detector is not thread-safe
            detector = factory._factory.create()
            detector.append(plain)
            guesses = detector.get_probabilities()
    except Exception:  # LangDetectException on text without features
        return DUTCH
    if not guesses:
        return DUTCH
    best = guesses[0]
    if best.lang in (DUTCH, "af") or best.prob < MIN_CONFIDENCE:
        return DUTCH
    return best.lang
