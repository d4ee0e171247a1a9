"""The urgent rules and the practice topics, read from TOML data files and checked when loaded.

A rule is a *combination of concepts*. A concept is a small list of regex
alternatives for one idea ("fever", "back", "can't stand", "long ago") with its
paraphrases, misspellings and a few forms in other languages. A rule fires when
all of its `needs` concepts are found and none of its `unless` concepts. Single
keywords are not enough, because the knowledge base itself is about
benauwdheid, plassen, trillen, baby's and old falls: "benauwd bij stress" is an
ordinary question, "druk op de borst en ik krijg geen lucht" is not.

How text is matched:
- `normalise` lowercases, strips accents (NFKD), unifies apostrophes and
  collapses white space, so "knieën" and "knieen" match alike.
- Every alternative matches whole words: `rug` does not match "terug".
- A match right after a negation ("geen koorts", "zonder koorts", "no fever",
  at most two words in between) does not count, except for context concepts
  (time, "als kind", ...): in "ik kan niet plassen als er iemand staat" the
  "niet" belongs to "plassen".
- `near` alternatives accept two word groups in either order within a window,
  so main-clause and subordinate-clause word order ("ik voel daar niets" /
  "omdat ik daar niets voel") match alike.
- Two concepts are derived: `past_only` (it happened long ago and nothing says
  "net/vandaag/ineens") and `habitual_only` (it happens "soms", "bij stress"
  and nothing says "nu/ineens").

Rules run on the whole message and on each of its sentences and clauses, so a
question elsewhere in the message ("mag ik daarbij blijven sporten?") cannot
cancel an alarm. Concepts with `scope = "message"` describe the whole story
(time long ago, the flu, one's childhood) and are inherited by every clause.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent

ROUTES = ("112", "huisarts_now", "huisarts_today", "113")
DERIVED = ("past_only", "habitual_only")
# Context that says a symptom is not acute, whatever the words around it: what `vetoes` looks for.
# ("conditional" and "after_exercise" stay with the rules: "als ik…" and "oefening" are in every other question.)
CONTEXT_VETOES = ("past_only", "habitual_only", "menstrual", "menopause", "own_childhood", "had_before",
                  "intentional", "stress_leak", "fever_question", "bereavement")
# Context that asks more of the classifier for every category, though no rule needs it: the symptom is over, or
# a doctor has already called it harmless ("de koorts is al weg", "de huisarts zei dat dat normaal is"), or the
# story is about a turning point in life that the page names as a cause of tension (a divorce, a burn-out).
CLASSIFIER_VETOES = ("reassured", "recovered", "life_event")
# …except that signs of a stroke or of the heart that have passed still need care now: "het is weer
# weg" after a drooping mouth is a TIA.
OVER_STILL_URGENT = {"recovered": ("stroke", "chest")}
# For the categories that are chronic by nature the vetoes above do not apply; only these ask more of the classifier
# there: grief for thoughts of death ("sinds mijn man overleden is …"); an accident for a cut ("bij het groente
# snijden": the classifier hears "ik sneed me") or stretching until it hurts; and months of back pain told with the
# alarm signs denied ("geen uitstraling en verder geen gekke dingen": the classifier hears a cancer story in "52, al
# maanden pijn"); and a goal of treatment or plans for tomorrow for thoughts of death ("ik wil van die stijfheid af
# en fitter worden", "oké, ik ga het proberen, tot morgen").
CHRONIC_VETOES = {"suicide": ("bereavement", "recovery_goal", "looks_ahead"),
                  "self_harm": ("bereavement", "accidental", "stretch_to_pain"),
                  "malignancy": ("denies_alarm", "life_event")}
# Time words that make a message about now, and the chronic contexts they lift for the classifier: leaking
# when coughing is a known pattern, "sinds gisteren verlies ik urine zonder het te voelen" is not.
ACUTE = frozenset({"recent", "sudden", "worsening"})
# Concepts the router asks about by name (RuleBook.mentions): a history told as long ago, a goodbye's finality.
ROUTER_CONCEPTS = ("long_ago", "finality")
LIFTED_BY_ACUTE = ("stress_leak", "menstrual")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'", "\u0131": "i", "\u00df": "ss"})

_MACROS = {
    # Up to three other words, never a negation ("kan {w}niet" = "kan ik echt niet").
    "{w}": r"(?:(?!(?:niet|nie|geen|not|no|never|nooit)\b)\S+ ){0,3}",
    # A possessive or article, in Dutch spelling variants and in English.
    "{poss}": r"(?:mijn|m'?n|mn|mij|me|men|zijn|z'?n|haar|d'?r|je|jouw|de|het|een|my|his|her|the|a)",
    "{not}": r"(?:niet|nie|niett|nit)",
    "{can}": r"(?:kan|ken|kun|kunt|kon|konden|kunnen|lukt|lukte)",
    "{cant}": r"(?:can'?t|cannot|can not|could ?n'?t|unable to|not able to)",
}
_LIST_REF = re.compile(r"\{@(\w+)\}")
_DOUBLED_ESCAPE = re.compile(r"\\\\[a-zA-Z]")

_NEGATION_BEFORE = re.compile(
    r"(?:^|\s)(?:geen|niet|nie|zonder|nooit|no|not|without|never|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|"
    r"isn'?t|aren'?t|wasn'?t|kein\w*|nicht|sans)\s+(?:\w+\s+){0,2}$"
)


def normalise(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes and collapse white space."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


@dataclass(frozen=True)
class Concept:
    name: str
    pattern: re.Pattern
    context: bool = False  # a negation before it does not cancel it
    message_scope: bool = False  # found anywhere in the message, it holds for every clause


@dataclass(frozen=True)
class Rule:
    """Route to `route` as `category` when every `needs` concept is found and no `unless` concept."""

    id: str  # "<category>.<n>", stable while the file keeps its order
    category: str
    route: str
    needs: tuple[str, ...]
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleHit:
    """An urgent rule that fired, and on which part of the message."""

    rule: str
    category: str
    route: str
    segment: int  # -1: the whole message; else the index of the clause


@dataclass(frozen=True)
class Category:
    name: str
    route: str
    about: str


class RuleBook:
    """Concepts, urgent rules, categories and practice topics; immutable once loaded."""

    def __init__(self, concepts: dict[str, Concept], rules: tuple[Rule, ...], categories: dict[str, Category],
                 practice: dict[str, re.Pattern], small_talk: dict[str, re.Pattern] | None = None,
                 adversarial: re.Pattern | None = None):
        self.concepts = concepts
        self.rules = rules
        self.categories = categories
        self.practice = practice
        self.small_talk = small_talk or {}
        self.adversarial = adversarial

    @classmethod
    def load(cls, folder: Path = DATA_DIR) -> RuleBook:
        """Read concepts, rules, categories, practice, smalltalk and adversarial .toml from `folder`; validate them.

        Raises ConfigError naming the file and the bad value: an unknown concept
        in a rule, an unknown list in a pattern, a pattern that does not compile,
        an unknown route or category, an unknown key.
        """
        concepts_data = _read(folder / "concepts.toml")
        lists = concepts_data.pop("lists", {})
        raw_concepts = concepts_data.pop("concept", {})
        _no_extra(concepts_data, "concepts.toml", "top-level table")
        concepts = {name: _concept(name, spec, lists) for name, spec in raw_concepts.items()}

        categories_data = _read(folder / "categories.toml")
        categories = {}
        for name, spec in categories_data.pop("category", {}).items():
            _no_extra({k: v for k, v in spec.items() if k not in ("route", "about")}, "categories.toml", name)
            if spec.get("route") not in ROUTES:
                raise ConfigError(f"categories.toml: category {name!r} has route {spec.get('route')!r}; "
                                  f"use one of {', '.join(ROUTES)}")
            categories[name] = Category(name, spec["route"], spec.get("about", ""))
        _no_extra(categories_data, "categories.toml", "top-level table")

        rules_data = _read(folder / "rules.toml")
        known = set(concepts) | set(DERIVED)
        missing = (set(CONTEXT_VETOES) | set(CLASSIFIER_VETOES) | ACUTE | set(LIFTED_BY_ACUTE) | set(ROUTER_CONCEPTS)
                   | {c for vetoing in CHRONIC_VETOES.values() for c in vetoing}) - known
        if missing:
            raise ConfigError(f"concepts.toml: the concept(s) {', '.join(sorted(missing))} that the code relies on "
                              "are missing")
        rules = []
        counts: dict[str, int] = {}
        for n, spec in enumerate(rules_data.pop("rule", []), 1):
            _no_extra({k: v for k, v in spec.items() if k not in ("category", "route", "needs", "unless")},
                      "rules.toml", f"rule {n}")
            category, route = spec.get("category"), spec.get("route")
            if category not in categories:
                raise ConfigError(f"rules.toml: rule {n} names unknown category {category!r}")
            if route not in ROUTES:
                raise ConfigError(f"rules.toml: rule {n} ({category}) has route {route!r}; use one of "
                                  f"{', '.join(ROUTES)}")
            needs, unless = tuple(spec.get("needs", ())), tuple(spec.get("unless", ()))
            if not needs:
                raise ConfigError(f"rules.toml: rule {n} ({category}) needs at least one concept")
            for name in needs + unless:
                if name not in known:
                    raise ConfigError(f"rules.toml: rule {n} ({category}) names unknown concept {name!r}")
            counts[category] = counts.get(category, 0) + 1
            rules.append(Rule(f"{category}.{counts[category]}", category, route, needs, unless))
        _no_extra(rules_data, "rules.toml", "top-level table")

        practice = _pattern_table(folder / "practice.toml", "topic")
        small_talk = _pattern_table(folder / "smalltalk.toml", "kind")

        adversarial_data = _read(folder / "adversarial.toml")
        adversarial = _compile("adversarial.toml", adversarial_data.pop("patterns", []), {})
        _no_extra(adversarial_data, "adversarial.toml", "top-level table")
        return cls(concepts, tuple(rules), categories, practice, small_talk, adversarial)

    # -- matching ---------------------------------------------------------------

    def found(self, normalised: str) -> set[str]:
        """Names of the concepts (and derived concepts) present in already normalised text."""
        found = set()
        for name, concept in self.concepts.items():
            if concept.context:
                if concept.pattern.search(normalised):
                    found.add(name)
            elif _mentions(concept.pattern, normalised):
                found.add(name)
        if "long_ago" in found and not found & {"recent", "worsening"}:
            found.add("past_only")
        if "habitual" in found and not found & (ACUTE | {"now"}):
            found.add("habitual_only")
        return found

    def urgent(self, message: str, clauses: list[str] = ()) -> RuleHit | None:
        """The first rule (in file order) that fires on the message or on any of its clauses, else None."""
        whole = self.found(normalise(message))
        inherited = {n for n in whole if n in self.concepts and self.concepts[n].message_scope}
        if "past_only" in whole:
            inherited.add("past_only")
        parts = [(-1, whole)]
        for i, clause in enumerate(clauses):
            found = self.found(normalise(clause)) | inherited
            if "recent" in found and "past_only" in found and "past_only" not in self.found(normalise(clause)):
                found.discard("past_only")  # "drie jaar geleden … maar sinds vanochtend …": this clause is now
            parts.append((i, found))
        for rule in self.rules:
            for segment, found in parts:
                if all(n in found for n in rule.needs) and not any(u in found for u in rule.unless):
                    return RuleHit(rule.id, rule.category, rule.route, segment)
        return None

    def mentions(self, message: str, concept: str) -> bool:
        """True when the message holds `concept` (a name from concepts.toml or a derived one)."""
        if concept not in self.concepts and concept not in DERIVED:
            raise ConfigError(f"unknown concept {concept!r}")
        return concept in self.found(normalise(message))

    def vetoes(self, message: str, category: str) -> set[str]:
        """The concepts in the message that veto some urgent rule of `category` ("na het fietsen", "vroeger", …).

        The classifier knows meaning but not the time and context logic of the
        rules; when the message holds what would stop a rule of the same
        category, the router asks more of the classifier.
        """
        vetoing = ({u for r in self.rules if r.category == category for u in r.unless} & set(CONTEXT_VETOES)
                   | set(DERIVED) | set(CLASSIFIER_VETOES))
        vetoing -= {concept for concept, categories in OVER_STILL_URGENT.items() if category in categories}
        found = self.found(normalise(message))
        if found & ACUTE:
            vetoing -= set(LIFTED_BY_ACUTE)
        return found & vetoing

    def chronic_vetoes(self, message: str, category: str) -> set[str]:
        """The concepts in the message that ask more of the classifier for a chronic category (CHRONIC_VETOES)."""
        vetoing = set(CHRONIC_VETOES.get(category, ()))
        return self.found(normalise(message)) & vetoing if vetoing else set()

    def only_past_or_habitual(self, message: str) -> bool:
        """True when the message tells of long ago or of what usually happens, and of nothing happening now."""
        found = self.found(normalise(message))
        return bool(found & {"past_only", "habitual_only"})

    def is_adversarial(self, message: str) -> bool:
        """A message that tries to change the chatbot's instructions or role."""
        return self.adversarial is not None and self.adversarial.search(normalise(message)) is not None

    def small_talk_kind(self, message: str) -> str:
        """"thanks", "goodbye", "greeting" or "other": which small-talk reply fits."""
        text = normalise(message)
        return next((kind for kind, pattern in self.small_talk.items() if pattern.search(text)), "other")

    def practice_topic(self, message: str) -> str | None:
        """The practical topic ("hours", "costs", …) a message asks about, or None."""
        text = normalise(message)
        for topic, pattern in self.practice.items():
            if pattern.search(text):
                return topic
        return None


@functools.lru_cache(maxsize=4)
def rulebook(folder: Path = DATA_DIR) -> RuleBook:
    """The rule book of `folder`, loaded once per process."""
    return RuleBook.load(folder)


# -- loading helpers --------------------------------------------------------------


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"safety data file {path} is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name} is not valid TOML: {exc}") from None


def _pattern_table(path: Path, table: str) -> dict[str, re.Pattern]:
    """name -> compiled patterns from a file of `[<table>.<name>] patterns = [...]` sections."""
    data = _read(path)
    out = {}
    for name, spec in data.pop(table, {}).items():
        _no_extra({k: v for k, v in spec.items() if k != "patterns"}, path.name, name)
        out[name] = _compile(f"{path.name} {table} {name!r}", spec.get("patterns", []), {})
    _no_extra(data, path.name, "top-level table")
    return out


def _no_extra(table: dict, file: str, where: str) -> None:
    if table:
        raise ConfigError(f"{file}: {where} has unknown key(s) {', '.join(sorted(table))}")


def _concept(name: str, spec: dict, lists: dict) -> Concept:
    extra = {k: v for k, v in spec.items() if k not in ("patterns", "near", "context", "scope")}
    _no_extra(extra, "concepts.toml", f"concept {name!r}")
    scope = spec.get("scope", "clause")
    if scope not in ("clause", "message"):
        raise ConfigError(f"concepts.toml: concept {name!r} has scope {scope!r}; use clause or message")
    alternatives = list(spec.get("patterns", []))
    for near in spec.get("near", []):
        unknown = set(near) - {"first", "second", "words"}
        if unknown or "first" not in near or "second" not in near:
            raise ConfigError(f"concepts.toml: concept {name!r} has a near entry without first/second "
                              f"or with unknown keys {sorted(unknown)}")
        alternatives += _near(near["first"], near["second"], int(near.get("words", 4)))
    if not alternatives:
        raise ConfigError(f"concepts.toml: concept {name!r} has no patterns")
    return Concept(name, _compile(f"concepts.toml concept {name!r}", alternatives, lists),
                   context=bool(spec.get("context", False)), message_scope=scope == "message")


def _near(first: str, second: str, words: int) -> list[str]:
    """Alternatives matching `first` and `second` within `words` words, in either order."""
    gap = rf"[,;:]?(?: \S+){{0,{words}}} "  # a comma may follow the first word: "een dikke, warme kuit"
    return [rf"(?:{first})\w*{gap}(?:{second})", rf"(?:{second})\w*{gap}(?:{first})"]


def _expand(pattern: str, lists: dict, where: str) -> str:
    def list_regex(match: re.Match) -> str:
        name = match.group(1)
        if name not in lists:
            raise ConfigError(f"{where} uses unknown list {{@{name}}}")
        return "(?:" + "|".join(lists[name]) + ")"

    pattern = _LIST_REF.sub(list_regex, pattern)
    for macro, regex in _MACROS.items():
        pattern = pattern.replace(macro, regex)
    return pattern


def _compile(where: str, alternatives: list[str], lists: dict) -> re.Pattern:
    """One regex matching any alternative as whole words (the engine backtracks into the group)."""
    parts = []
    for alt in alternatives:
        if _DOUBLED_ESCAPE.search(alt):
            # '\\S' in a single-quoted TOML string is a backslash and an S, not "a non-space": the pattern
            # would silently never match. (In double-quoted strings TOML itself turns "\\S" into \S.)
            raise ConfigError(f"{where}: pattern {alt!r} has a doubled backslash before a letter; "
                              "in single quotes write one backslash")
        expanded = _expand(alt, lists, where)
        try:
            re.compile(expanded)
        except re.error as exc:
            raise ConfigError(f"{where}: pattern {alt!r} does not compile: {exc}") from None
        parts.append(f"(?:{expanded})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def _mentions(pattern: re.Pattern, text: str) -> bool:
    """True when the pattern matches somewhere that is not right after a negation."""
    return any(
        not _NEGATION_BEFORE.search(text[max(0, m.start() - 40): m.start()]) for m in pattern.finditer(text)
    )
