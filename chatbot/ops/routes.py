"""`python -m chatbot routes`: how well the router routes, per category, on messages it has not seen.

Two measurements:

- `routes FILE.jsonl`: every message of FILE through `Assistant.ask` (the whole
  router: rules, classifier on message and clauses, history, coverage,
  relevance). Lines are cases (`text`, `label`, `category`, optional `id`,
  `history`) or evaluation questions (`question`, `kind`: red_flag, in_kb,
  non_dutch, out_of_scope). Case labels are the bank's (urgent, in_scope,
  out_of_scope, practice, smalltalk) plus `not_urgent`: anything but an
  emergency reply is right.
- `routes --cv`: grouped cross-validation on the routing bank. The bank is cut
  into folds by *template* (near-paraphrases stay together), the classifier is
  trained on the other folds, and the held-out messages go through the
  router's urgent, practice and small-talk steps with rules and clause scores,
  so every figure is for phrasings the classifier never saw.

Both print per-category urgent recall, false urgent (ordinary messages sent to
emergency care; hard negatives counted apart), decline rate (out of scope,
practice and small talk that got no quoted answer) and false decline
(answerable questions refused), and list the misroutes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..clauses import clauses
from ..errors import ChatbotError
from ..router import Router, Signals
from ..safety.bank import BANK_DIR, load_bank
from ..safety.classifier import RouteClassifier, bank_vectors, vector_cache_path

# Eval-set kinds → router labels.
_KIND_LABEL = {"red_flag": "urgent", "in_kb": "in_scope", "non_dutch": "in_scope", "out_of_scope": "out_of_scope"}
DECLINED = ("out_of_scope", "practice", "smalltalk")
CASE_LABELS = ("urgent", "in_scope", "not_urgent", *DECLINED)
# Bank categories of ordinary messages written to look alarming (hard negatives, long stories,
# emotions and follow-ups, short everyday messages).
HARD_NEGATIVE_PREFIXES = ("hn_", "hn2_", "hn3_", "hn4_", "ls_", "ef_", "sb_")


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    label: str
    category: str = ""
    history: tuple[str, ...] = ()


@dataclass
class Report:
    """Counts per label and category, and the misroutes."""

    urgent: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # category -> [routed, total]
    noted: int = 0  # urgent cases not routed urgent that still got an answer with the alarm note
    false_urgent: list = field(default_factory=list)
    hard_negatives: list = field(default_factory=lambda: [0, 0])  # [called urgent, total]
    declined: list = field(default_factory=lambda: [0, 0])
    false_decline: list = field(default_factory=list)
    in_scope_total: int = 0
    missed: list = field(default_factory=list)
    not_declined: list = field(default_factory=list)

    def add(self, case: Case, step: str, kind: str, alarm: str = "") -> None:
        """Count one routed case: `kind` is the Answer kind (urgent, no_answer, answer), `alarm` its alarm note."""
        if case.label == "urgent":
            ok = kind == "urgent"
            cell = self.urgent[case.category or "-"]
            cell[0] += ok
            cell[1] += 1
            if not ok:
                self.noted += bool(alarm)
                self.missed.append((case.id, case.category, step + (" + alarm note" if alarm else ""),
                                    case.text[:100]))
            return
        if kind == "urgent":
            self.false_urgent.append((case.id, case.label, case.category, case.text[:100]))
        if case.category.startswith(HARD_NEGATIVE_PREFIXES):
            self.hard_negatives[0] += kind == "urgent"
            self.hard_negatives[1] += 1
        if case.label in DECLINED:
            self.declined[0] += kind == "no_answer"
            self.declined[1] += 1
            if kind != "no_answer":
                self.not_declined.append((case.id, case.label, step, case.text[:100]))
        elif case.label == "in_scope":
            self.in_scope_total += 1
            if kind == "no_answer":
                self.false_decline.append((case.id, step, case.text[:100]))

    def as_json(self) -> dict:
        total_urgent = sum(v[1] for v in self.urgent.values())
        others = self.declined[1] + self.in_scope_total
        return {
            "urgent_recall": _ratio(sum(v[0] for v in self.urgent.values()), total_urgent),
            "urgent_or_alarm_note": _ratio(sum(v[0] for v in self.urgent.values()) + self.noted, total_urgent),
            "urgent_recall_by_category": {k: _ratio(*v) for k, v in sorted(self.urgent.items())},
            "urgent_counts": {k: f"{v[0]}/{v[1]}" for k, v in sorted(self.urgent.items())},
            "false_urgent": len(self.false_urgent),
            "false_urgent_rate": _ratio(len(self.false_urgent), others),
            "false_urgent_hard_negatives": _ratio(*self.hard_negatives),
            "decline_ok": _ratio(*self.declined),
            "false_decline": _ratio(len(self.false_decline), self.in_scope_total),
            "missed": self.missed, "false_urgent_cases": self.false_urgent,
            "not_declined": self.not_declined, "false_decline_cases": self.false_decline,
        }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def load_cases(path: Path) -> list[Case]:
    """Cases from a JSONL file of cases (text, label) or of evaluation questions (question, kind)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ChatbotError(f"cannot read {path}: {exc.strerror}") from None
    cases = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item.get("text", item.get("question"))
            label = item.get("label") or _KIND_LABEL[item["kind"]]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ChatbotError(f"{path} line {n} is not a case (text, label) or a question (question, kind)") from None
        if not isinstance(text, str):
            raise ChatbotError(f"{path} line {n} has no text")
        if label not in CASE_LABELS:
            raise ChatbotError(f"{path} line {n} has label {label!r}; use one of {', '.join(CASE_LABELS)}")
        cases.append(Case(str(item.get("id", n)), text, label, item.get("category", ""),
                          tuple(item.get("history") or ())))
    return cases


def evaluate(assistant, cases: list[Case]) -> Report:
    """Every case through the whole pipeline (`ask`)."""
    report = Report()
    for case in cases:
        answer = assistant.ask(case.text, history=case.history)
        report.add(case, answer.route.step if answer.route else "", answer.kind, answer.alarm)
    return report


def cross_validate(assistant, folds: int = 5, bank_dir: Path = BANK_DIR, show_progress: bool = False) -> Report:
    """Grouped k-fold on the bank: classifier trained without the held-out templates, router steps on top."""
    from sklearn.model_selection import GroupKFold

    if folds < 2:
        raise ChatbotError(f"folds must be at least 2, got {folds}")
    rules = assistant.rules
    examples = load_bank(bank_dir, set(rules.categories))
    cache = vector_cache_path(assistant.settings.model_cache, assistant.embedder)
    vectors = bank_vectors(assistant.embedder, examples, cache, show_progress)
    parts = [clauses(e.text) for e in examples]
    flat = [p for ps in parts for p in ps]
    flat_vectors = bank_vectors(assistant.embedder, [_Text(p) for p in flat], cache, show_progress) if flat else None
    offsets = np.cumsum([0] + [len(ps) for ps in parts])
    targets = [e.target for e in examples]
    router = Router(rules)
    report = Report()
    splitter = GroupKFold(n_splits=folds)
    for train, test in splitter.split(vectors, targets, [e.template for e in examples]):
        classifier = RouteClassifier.train(vectors[train], [targets[i] for i in train])
        message_scores = classifier.scores(vectors[test])
        for row, i in enumerate(test):
            e = examples[i]
            clause_scores = (classifier.scores(flat_vectors[offsets[i]:offsets[i + 1]])
                             if offsets[i + 1] > offsets[i] else [])
            route = router.route(Signals(text=e.text, clauses=tuple(parts[i]), message=message_scores[row],
                                         clause_scores=tuple(clause_scores)))
            kind = "urgent" if route.step == "urgent" else "answer" if route.step == "answer" else "no_answer"
            report.add(Case(f"{e.source}:{e.template}", e.text, e.label, e.category), route.step, kind, route.alarm)
    return report


@dataclass(frozen=True)
class _Text:
    """Duck-types Example for bank_vectors (only .text is read)."""

    text: str


def format_report(report: Report, title: str) -> str:
    data = report.as_json()
    lines = [title, "",
             f"urgent recall          {data['urgent_recall']} (urgent or a reply with the alarm note: "
             f"{data['urgent_or_alarm_note']})",
             f"false urgent           {data['false_urgent']} ({data['false_urgent_rate']} of the others; "
             f"hard negatives {data['false_urgent_hard_negatives']})",
             f"declined (oos/practice/small talk)  {data['decline_ok']}",
             f"false decline          {data['false_decline']}", "", "urgent recall per category:"]
    lines += [f"  {k:18s} {data['urgent_counts'][k]:>7s}  {v}" for k, v in data["urgent_recall_by_category"].items()]
    for name, key in (("missed urgent", "missed"), ("false urgent", "false_urgent_cases"),
                      ("not declined", "not_declined"), ("false decline", "false_decline_cases")):
        if data[key]:
            lines += ["", f"{name} ({len(data[key])}):"] + [f"  {' | '.join(map(str, x))}" for x in data[key][:60]]
    return "\n".join(lines)
