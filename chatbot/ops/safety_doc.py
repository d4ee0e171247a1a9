"""Render the safety data as docs/safety-rules.md, for a clinician to review without reading code.

`python -m chatbot routes --render` writes it; a test checks the committed file
is up to date, so the document and the data cannot drift apart.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .. import texts
from ..coverage import load_outside_terms
from ..safety.bank import load_bank
from ..safety.rules import RuleBook
from ..settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "safety-rules.md"
_ROUTE_NAMES = {"112": "112 nu", "huisarts_now": "huisarts / huisartsenpost nu",
                "huisarts_today": "huisarts vandaag", "113": "113 (0800-0113)"}


def render(rules: RuleBook | None = None) -> str:
    rules = rules or RuleBook.load()
    bank = load_bank(categories=set(rules.categories))
    per_category = Counter(e.category for e in bank if e.label == "urgent")
    per_label = Counter(e.label for e in bank)
    out = [
        "# Veiligheidsregels en routering",
        "",
        "_Gegenereerd uit `chatbot/safety/` met `python -m chatbot routes --render`; niet met de hand bewerken._",
        "",
        "De chatbot beslist per bericht, in deze volgorde: **spoed** → **praktijkvraag** → **small talk** → "
        "**buiten de informatie** → **antwoord** (eventueel met een waarschuwingsregel bovenaan). Spoed wordt "
        "herkend door regels (hieronder) op het hele bericht en op elke zin en bijzin, en door een classifier op "
        "de betekenis, getraind op de voorbeeldenbank.",
        "",
        "## Spoedcategorieën",
        "",
        "| categorie | waar naartoe | waaraan herkend | voorbeelden in de bank |",
        "|---|---|---|---|",
    ]
    for name, cat in rules.categories.items():
        out.append(f"| {name} | {_ROUTE_NAMES[cat.route]} | {cat.about} | {per_category.get(name, 0)} |")
    out += ["", "Het antwoord bestaat uit de reden (per categorie) en de actie (per route):", ""]
    for name, reason in texts.URGENT_REASONS.items():
        out.append(f"- **{name}**: {reason}")
    out += ["", "## Regels", "",
            "Een regel vuurt als al zijn begrippen (`needs`) voorkomen en geen van zijn uitzonderingen (`unless`). "
            "De eerste regel die vuurt, beslist.", "",
            "| regel | route | nodig | tenzij |", "|---|---|---|---|"]
    for rule in rules.rules:
        out.append(f"| {rule.id} | {_ROUTE_NAMES[rule.route]} | {', '.join(rule.needs)} | "
                   f"{', '.join(rule.unless) or '–'} |")
    out += ["", "## Begrippen", "",
            "Elk begrip is een lijst van formuleringen (reguliere expressies op tekst zonder hoofdletters en "
            "accenten). Een ontkenning vlak ervoor (`geen koorts`) telt niet, behalve bij contextbegrippen.", "",
            "| begrip | soort | aantal formuleringen |", "|---|---|---|"]
    for name, concept in rules.concepts.items():
        kind = "context (hele bericht)" if concept.message_scope else "context" if concept.context else "klacht"
        out.append(f"| {name} | {kind} | {concept.pattern.pattern.count('|(?:') + 1} |")
    out += ["", "## Praktijkvragen", "",
            "Deze onderwerpen krijgen de contactgegevens van de praktijk: " + ", ".join(rules.practice) + ".", "",
            "## Voorbeeldenbank", "",
            f"{len(bank)} berichten: " + ", ".join(f"{n} {label}" for label, n in sorted(per_label.items())) + ".",
            "", "## Onderwerpen buiten de informatie", ""]
    for topic, terms in load_outside_terms().items():
        out.append(f"- **{topic}** ({len(terms)}): {', '.join(terms[:12])}{' …' if len(terms) > 12 else ''}")
    return "\n".join(out) + "\n"


def write_safety_doc(path: Path = DOC) -> Path:
    path.write_text(render(), encoding="utf-8")
    return path
