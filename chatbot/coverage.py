"""What the knowledge base covers, word by word: its vocabulary, typo repair against it, outside-topic terms.

A question can sit close to the page in meaning and still not be answered by it
("welke pijnstiller bij een gespannen psoas?" lands near the psoas sections).
Two word-level signals help the router tell "near the topic" from "answered":

- **known share**: how many of the question's content words the KB uses
  (page, headings and question keys), after repairing typos against the KB's
  own vocabulary (`symspellpy`), matching word forms by their Dutch stem and
  splitting compounds ("psoasspanning" = psoas + spanning). A two-word keyword
  query made of KB terms ("colon sigmoid") is clearly about the page.
- **topical words**: the known words that are rarer than everyday Dutch
  (`wordfreq`'s Zipf frequency below EVERYDAY_ZIPF): "buikholte" and "limbisch"
  say the question is about the page; "zoon", "loopt" and "maanden" are in the
  page too, but say nothing about what the question is about.
- **keyboard mashing**: "asdkjh", "lkjlkj", "qwqwqw" are no word in any
  language; a message made mostly of them is nonsense, whatever page words it
  also holds ("asdfgh psoas heup").
- **outside terms**: words from `safety/outside_terms.txt` (medication, imaging,
  surgery, other diagnoses, pregnancy, animals, …) that the question uses and
  the KB never does. Terms the KB itself uses are dropped when loading, so a
  practice that adds a page about pregnancy automatically covers "zwanger".
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

log = logging.getLogger(__name__)

OUTSIDE_TERMS = Path(__file__).resolve().parent / "safety" / "outside_terms.txt"
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
# Words this short are never repaired or split (too many false friends).
_MIN_REPAIR = 5
# A message of at least this many words that is a run of the page's own words quotes the page.
PAGE_QUOTE_WORDS = 5
_MIN_PART = 3
_LINKS = ("", "s", "e", "en", "er")
# Zipf frequency (log10 per billion words) from which a Dutch word is everyday ("pijn" 5.1, "rug" 4.9):
# below it a KB word is topical ("spanning" 4.5, "heup" 3.6, "psoas" 1.3).
EVERYDAY_ZIPF = 4.6
# A word this common in Dutch is a word, not a typo: the coverage check never "repairs" it into a KB word
# ("zwanger" is not "zanger", "liter" is not "later", "overgeven" is not "overleven"). Lexical retrieval
# keeps the lenient repair: its near misses ("noemt" → "noem") scored slightly better on the dev sets.
REPAIR_ZIPF = 3.0
# Share of a question key's words that must be the page's words or Dutch function words for the key to count.
DUTCH_KEY_SHARE = 0.5
# Keyboard mashing (is_keyboard_mash). The shapes were checked against every message of the routing bank and the
# team's measuring sets (Turkish "hafta", German "klafft" or "schlaff" and Polish "szcz" must not look mashed):
_HOME_ROW = frozenset("asdfghjkl")
_HOME_CONSONANTS = re.compile(r"[sdfghjkl]{4}")  # four home-row consonants in a row ("sdkjfh", "lkjlkj")
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_AT = {key: (row, col) for row, keys in enumerate(_KEY_ROWS) for col, key in enumerate(keys)}
_NEIGHBOUR_SHARE = 0.8  # share of letter pairs that are neighbouring keys of one row ("qwertz", "zxcvb")
_MASH_MIN = 4  # shorter strings ("qwe", "jkl", "mn", "ff") are too often abbreviations

# Everyday words of questions that say nothing about the topic (on top of the Dutch and English stop lists).
_QUESTION_WORDS = frozenset("""
wat waarom hoe wanneer waar welke welk wie kan kun kunt kunnen mag mogen moet moeten wil wilt willen zou zouden
heb hebt heeft hebben had ben bent is zijn was doe doet doen krijg krijgt krijgen komt komen gaat gaan word wordt
worden voel voelt voelen merk merkt merken last klacht klachten vraag vragen iets echt heel erg veel beetje
graag even gewoon eigenlijk soms vaak altijd nog steeds wel niet geen ook maar dan dus want omdat als of en
mijn mn m'n jouw jullie ons onze je jij u uw ik me mij hij zij ze het de een dit dat deze die er daar hier
goed slecht normaal beter best meer minder hallo hoi dag dank bedankt alstublieft aub please
betekent betekenen betekenis bedoelt bedoelen bedoeld pagina site website webpagina
what why how when where which who can could should would do does did is are was were have has had my your the a
""".split())


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Lower-case words without accents ("knieën" → "knieen"; "echo's" → "echo")."""
    return [re.sub(r"'s$", "", w) for w in _WORD.findall(_fold(text))]


@functools.lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return _dutch_stopwords() | _english_stopwords() | _QUESTION_WORDS


@functools.lru_cache(maxsize=1)
def _dutch_stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DUTCH

    return frozenset(_fold(w) for w in STOPWORDS_DUTCH)


@functools.lru_cache(maxsize=1)
def _english_stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(_fold(w) for w in STOPWORDS_EN) - _dutch_stopwords()


@functools.lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common `word` is in Dutch: wordfreq's Zipf scale, 0 for words it does not know."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl")


@dataclass(frozen=True)
class CoverageCheck:
    """The word-level view of one question."""

    words: int  # words outside links
    content_words: tuple[str, ...]  # after typo repair
    known: tuple[str, ...]  # content words the KB uses (directly, by stem or as a compound)
    outside: tuple[str, ...]  # "topic:term" for outside terms the question uses
    topical: tuple[str, ...] = ()  # known words rarer than everyday Dutch (EVERYDAY_ZIPF)
    # Content words the KB never uses that are rarer than everyday Dutch ("liter", "slagader", "hartslagzone"):
    # what the question is about, and the page does not know it.
    unknown_topical: tuple[str, ...] = ()
    nonsense: tuple[str, ...] = ()  # keyboard mashing ("asdkjh", "qwqwqw"), see is_keyboard_mash

    @property
    def known_share(self) -> float:
        return len(self.known) / len(self.content_words) if self.content_words else 0.0


class Coverage:
    """The KB's vocabulary and the outside-topic lexicon, ready to check questions against."""

    def __init__(self, kb_texts: list[str], outside: dict[str, list[str]], page_texts: tuple[str, ...] = (),
                 foreign_texts: tuple[str, ...] = ()):
        """`kb_texts`: the KB's Dutch words (page, headings, Dutch question keys); `page_texts`: the page's
        sections; `foreign_texts`: question keys in other languages, whose words count only for a message
        that is not in Dutch."""
        # One line of folded words per section, for quotes_page.
        self.page = "\n".join(f" {' '.join(words(t))} " for t in page_texts)
        counts = Counter(w for t in kb_texts for w in words(t))
        self.vocabulary = frozenset(counts)
        stem = _stemmer().stemWord
        self._stems = frozenset(stem(w) for w in counts)
        foreign = Counter(w for t in foreign_texts for w in words(t))
        self._foreign = frozenset(foreign) | frozenset(stem(w) for w in foreign)
        # Typo repair looks in every key, whatever its language (what lexical retrieval has always matched).
        self._counts = counts + foreign
        zipf("psoas")  # loads wordfreq's Dutch list now, not on a patient's first question
        kb_joined = " " + " ".join(w for text in kb_texts for w in words(text)) + " "
        self.outside: dict[str, list[str]] = {}
        dropped = []
        for topic, terms in outside.items():
            kept = []
            for term in terms:
                if " " in term:
                    used = f" {term.rstrip('*')}" in kb_joined
                else:
                    used = any(self._term_matches(term, w) for w in counts)
                (dropped if used else kept).append(term)
            self.outside[topic] = kept
        # One-word terms as a set and a tuple of prefixes ("abces*"): whether a word hits a topic at all is
        # then two lookups; only a hit (rare) looks for which term it was, in the file's order.
        self._single = {topic: (frozenset(t for t in kept if " " not in t and not t.endswith("*")),
                                tuple(t[:-1] for t in kept if " " not in t and t.endswith("*")))
                        for topic, kept in self.outside.items()}
        if dropped:
            log.debug("outside terms the KB itself uses, ignored: %s", ", ".join(dropped))

    @classmethod
    def from_chunks(cls, chunks, outside_path: Path = OUTSIDE_TERMS) -> Coverage:
        """The vocabulary of the page, its headings and its question keys.

        Keys in other languages count only for messages in other languages: "Can an old
        inguinal hernia cause …" must not make "hernia" (in Dutch a slipped disc, which
        the page never covers) a KB word for a Dutch question.
        """
        page = [t for c in chunks for t in (" ".join(c.heading_path), c.text)]
        page_words = frozenset(w for t in page for w in words(t))
        dutch, foreign = [], []
        for key in (q for c in chunks for q in c.questions):
            (dutch if _dutch_key(key, page_words) else foreign).append(key)
        return cls(page + dutch, load_outside_terms(outside_path), page_texts=tuple(c.text for c in chunks),
                   foreign_texts=tuple(foreign))

    def quotes_page(self, text: str) -> bool:
        """Whether `text` is a run of at least PAGE_QUOTE_WORDS words of one section of the page, word for word.

        A patient who pastes a sentence of the page asks about it; the page holds no emergencies. Short
        list items ("verminderde schokabsorptie in voet en enkel.") sit too far from any sentence vector
        for the cosine echo (router.Thresholds.kb_echo), so the words decide here.
        """
        found = words(text)
        return len(found) >= PAGE_QUOTE_WORDS and f" {' '.join(found)} " in self.page

    @functools.cached_property
    def _speller(self):
        from symspellpy import SymSpell

        speller = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in self._counts.items():
            if len(word) >= _MIN_REPAIR - 1:
                speller.create_dictionary_entry(word, count)
        return speller

    # -- per word -------------------------------------------------------------

    def _known_abroad(self, word: str) -> bool:
        return word in self._foreign or _stemmer().stemWord(word) in self._foreign

    def _known(self, word: str) -> bool:
        return word in self.vocabulary or _stemmer().stemWord(word) in self._stems

    @staticmethod
    def is_stopword(word: str) -> bool:
        """A function word or everyday question word that says nothing about the topic."""
        return word in _stopwords()

    def compound_parts(self, word: str) -> list[str] | None:
        """Two known parts that make up `word` ("psoasspanning" → psoas, spanning), else None."""
        for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            for link in _LINKS:
                if link and not head.endswith(link):
                    continue
                stem_head = head[: len(head) - len(link)] if link else head
                if len(stem_head) >= _MIN_PART and self._known(stem_head) and self._known(tail):
                    return [stem_head, tail]
        return None

    def repair(self, word: str, strict: bool = True) -> str:
        """The KB word a typo stands for ("ademhalign" → "ademhaling"); the word itself when known or unsure.

        `strict` leaves common Dutch words alone (REPAIR_ZIPF): they are words, not typos. A compound of two KB
        words is no typo either: "zielspier" (ziel + spier) was "repaired" into "bilspier", and retrieval
        then quoted the gluteus maximus.
        """
        if self._known(word) or len(word) < _MIN_REPAIR or word.isdigit() or (strict and zipf(word) >= REPAIR_ZIPF):
            return word
        if self.compound_parts(word):
            return word
        from symspellpy import Verbosity

        distance = 1 if len(word) < 8 else 2
        found = self._speller.lookup(word, Verbosity.TOP, max_edit_distance=distance)
        return found[0].term if found else word

    def is_keyboard_mash(self, word: str) -> bool:
        """Whether `word` (folded) is keyboard mashing rather than a word, a typo or a word of another language.

        Only Latin letters, at least _MASH_MIN of them, unknown to the KB and to Dutch, no typo of a KB word,
        and typed along the keyboard: four home-row consonants in a row ("sdkjfh", "lkjlkj"), mostly
        neighbouring keys of one row ("qwertyuiop", "zxcvb"), or one or two letters repeated ("qwqwqw",
        "jjjjj"). A single such word is no reason to decline; Coverage.check reports them and the router
        decides on the message.
        """
        if len(word) < _MASH_MIN or not word.isascii() or not word.isalpha():
            return False
        shaped = (
            (_HOME_CONSONANTS.search(word) is not None and sum(c in _HOME_ROW for c in word) >= 0.8 * len(word))
            or _neighbour_share(word) >= _NEIGHBOUR_SHARE
            or any(len(word) >= 3 * k and word == (word[:k] * len(word))[: len(word)] for k in (1, 2)))
        return (shaped and not self._known(word) and not self.compound_parts(word) and zipf(word) == 0
                and self.repair(word, strict=False) == word)

    @staticmethod
    def _term_matches(term: str, word: str) -> bool:
        return word.startswith(term[:-1]) if term.endswith("*") else word == term

    # -- per question -----------------------------------------------------------

    def normalised(self, text: str) -> list[str]:
        """The question's words with typos repaired against the KB (what lexical matching should see)."""
        return [self.repair(w, strict=False) for w in words(text)]

    def check(self, text: str, foreign: bool = False) -> CoverageCheck:
        """The word-level view of `text`; `foreign`: the message is not in Dutch, so the words of the
        question keys in other languages count as the KB's too."""
        every = words(_URL.sub(" ", text))
        raw = [w for w in every if w not in _stopwords() and len(w) > 2 and not w.isdigit()]
        joined = f" {' '.join(every)} "
        outside = [f"{topic}:{term}" for topic, terms in self.outside.items() for term in terms
                   if " " in term and f" {term.rstrip('*')}" in joined]
        content, known = [], []
        for word in raw:
            parts = [word] + (self.compound_parts(word) or [])
            for topic, terms in self.outside.items():
                exact, prefixes = self._single[topic]
                if not any(p in exact or p.startswith(prefixes) for p in parts):
                    continue
                hit = next((t for t in terms if " " not in t for p in parts if self._term_matches(t, p)), None)
                if hit and f"{topic}:{hit}" not in outside:
                    outside.append(f"{topic}:{hit}")
            fixed = self.repair(word)
            content.append(fixed)
            if self._known(fixed) or self.compound_parts(fixed) or (foreign and self._known_abroad(word)):
                known.append(fixed)
        topical = tuple(w for w in known if zipf(w) < EVERYDAY_ZIPF)
        unknown_topical = tuple(w for w in content if w not in known and zipf(w) < EVERYDAY_ZIPF)
        nonsense = tuple(w for w in every if self.is_keyboard_mash(w))
        return CoverageCheck(len(every), tuple(content), tuple(known), tuple(outside), topical, unknown_topical,
                             nonsense)


def _neighbour_share(word: str) -> float:
    """Share of the distinct neighbouring letter pairs of `word` that are neighbouring keys of one keyboard row
    (0 with fewer than three such pairs: "qwe" is too short to tell)."""
    pairs = [(a, b) for a, b in zip(word, word[1:], strict=False) if a != b]
    if len(pairs) < 3:
        return 0.0
    near = 0
    for a, b in pairs:
        at_a, at_b = _KEY_AT.get(a), _KEY_AT.get(b)
        near += at_a is not None and at_b is not None and at_a[0] == at_b[0] and abs(at_a[1] - at_b[1]) == 1
    return near / len(pairs)


def _dutch_key(key: str, page_words: frozenset[str]) -> bool:
    """Whether a question key is Dutch: at least half its words are the page's words or Dutch function words,
    and English function words are few. (langdetect is slower and calls many short foreign keys Dutch.)"""
    found = words(key)
    dutch = sum(w in page_words or w in _dutch_stopwords() for w in found)
    english = sum(w in _english_stopwords() for w in found)
    return bool(found) and dutch >= DUTCH_KEY_SHARE * len(found) and english * 3 <= dutch


def load_outside_terms(path: Path = OUTSIDE_TERMS) -> dict[str, list[str]]:
    """Topic → terms from the lexicon file ("[topic]" lines, one term per line, "#" comments)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the outside-topic terms {path}: {exc.strerror}") from None
    topics: dict[str, list[str]] = {}
    topic = None
    for n, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            topic = line[1:-1].strip()
            if not topic or topic in topics:
                raise ConfigError(f"{path.name} line {n}: empty or repeated topic {line!r}")
            topics[topic] = []
            continue
        if topic is None:
            raise ConfigError(f"{path.name} line {n}: term {line!r} before any [topic]")
        term = _fold(line)
        if not re.fullmatch(r"[a-z0-9][a-z0-9' -]*\*?", term):
            raise ConfigError(f"{path.name} line {n}: {line!r} is not a term (letters, digits, '-', a final '*')")
        topics[topic].append(term)
    return topics
