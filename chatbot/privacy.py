"""Scrubbing personal data from Dutch text before it is stored or logged.

`scrub(text)` replaces what could identify a patient with a placeholder:
[EMAIL], [IBAN], [TELEFOON], [BSN], [DATUM], [POSTCODE], [ADRES] and [NAAM].
It is tuned for what patients type into a chat box ("ik ben Jan de Vries,
bereikbaar op 06-12345678") and leaves ordinary questions about the psoas
untouched, so the practice can still read what was asked.

What is found, in this order (earlier patterns protect their digits from later ones):
- e-mail addresses and Dutch IBANs;
- dates: 12-03-1985, 12/3/85, 1985-03-12, "12 maart 1985", "3 mei", and a
  year after "geboren (in)" or "geboortejaar";
- postcodes, with the house number when one follows: "1234 AB 12", "1234AB, 5a";
  a year-like "2019 MS" (MS, RA, … are diagnoses too) only with a house number;
- street + house number: "Kerkstraat 12", "Van Goghlaan 3a" (streets named with
  a usual suffix: -straat, -laan, -weg, -plein, -gracht, …);
- BSN: nine digits (also 1234.56.782 or 123 456 782) that pass the elfproef, and
  any 8 or 9 digits right after "bsn", "burgerservicenummer" or "sofinummer";
- phone numbers: 06-12345678, 06 1234 5678, +31 6 1234 5678, 0031 20 123 4567,
  (020) 123 45 67, 020-1234567, 0591-123456, 0800-1234, 0900-1234567;
- patient, client and file numbers: "patiëntnummer 123456", "cliëntnr: A-12345",
  "dossiernummer 2023-0456" → [NUMMER];
- names after "ik ben", "ik heet", "mijn naam is", a greeting ("groetjes,",
  "met vriendelijke groet,", "mvg", "Beste Anna,"), a relative ("mijn dochter
  Lisa", "moeder van Sara") or a title ("dokter Bakker", "dr. Jansen"), with
  tussenvoegsels ("Jan van der Berg").
  After "ik ben" / "dit is" a lower-case word counts as a name too ("ik ben jan"),
  unless it is in privacy_not_names.txt ("ik ben zwanger", "ik ben bang") or looks
  like an adjective or participle (-ig, -lijk, -isch, ge-…-d/t); after a greeting the
  name must start with a capital; after "mijn naam is" / "ik heet" any word counts.

Cases live in tests/data/privacy_cases.jsonl, with the misses we know of listed
in tests/data/privacy_known_misses.txt.

It errs on the side of removing too much: a placeholder costs the practice a
word, a leaked name costs a patient their privacy. Names elsewhere in a
sentence ("vandaag zei Anja dat …") are not found; that is the known limit of
rules without a name list.

Why not the `deduce` package (Dutch medical de-identification, LGPL): it was
evaluated here (deduce 3.0.6) and does recognise names and places well, but
1. it pins `regex<2025`, while transformers 5.24 (our embedding stack) needs
   `regex>=2025.10.22`: both cannot be installed from one requirements file;
2. its lookup lists take ~1.1 GB of memory, as much as the embedding model;
3. its first start builds those lists for 1.5 minutes and pickles them into
   site-packages (later starts still take ~7 s).
The rules below cover what the issue asks for without any of that.
"""

from __future__ import annotations

import re
from pathlib import Path

_NOT_NAMES_FILE = Path(__file__).with_name("privacy_not_names.txt")

_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december")
_MONTHS_SHORT = r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUM = r"(?:0?[1-9]|1[0-2])"
_UPPER = "A-ZÀ-ÖØ-Þ"
_LETTER = r"[^\W\d_]"

# The lookbehind makes a match start only where a word starts: linear, not quadratic, on 100 KB of digits.
_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_IBAN = re.compile(r"\bNL ?\d{2} ?[A-Z]{4}(?: ?\d){10}\b", re.I)

_DATES = [
    # 12-03-1985, 12/3/85, 1.3.1985
    re.compile(rf"(?<![\d.,/-]){_DAY}([-/.]){_MONTH_NUM}\1(?:19|20)?\d{{2}}(?![\d-])"),
    # 1985-03-12
    re.compile(rf"(?<![\d-])(?:19|20)\d{{2}}-{_MONTH_NUM}-{_DAY}(?![\d-])"),
    # 12 maart 1985, 3 mei, 1e januari '85, 12 mrt. 1985
    re.compile(rf"(?<!\d){_DAY}(?:e|ste|de)?\s+(?:(?:{_MONTHS})(?:\s+(?:(?:19|20)\d{{2}}|'\d{{2}}))?"
               rf"|(?:{_MONTHS_SHORT})\.?\s+(?:(?:19|20)\d{{2}}|'\d{{2}}))\b", re.I),
]
# "geboren in 1985", "geboortejaar: 1985", "geb. 1985"
_BIRTH_YEAR = re.compile(r"\b((?:geboren|geb\.|geboortejaar|geboortedatum)\s*(?:op|in)?\s*:?\s*)"
                         r"(?:19|20)\d{2}\b", re.I)

_HOUSE_NUMBER = r"\d{1,5}(?:[ ]?[a-zA-Z](?![a-zA-Z]))?(?:[-/]\d{1,4}[a-zA-Z]?)?(?!\d)"
# "onderweg 2 uur", "2019 MS 3 keer per dag": a number followed by a unit is no house number.
_NO_UNIT = (r"(?![ \t]*(?:x\b|keer|uur|min\b|minuten|sec\b|seconden|dag|dagen|week|weken|maand|maanden|jaar|"
            r"km\b|kilometer|kg\b|kilo|cm\b|meter|m\b|%|procent))")
_POSTCODE_CORE = r"(?<!\d)(?:[1-9]\d{3} ?[A-Z]{2}|[1-9]\d{3}[a-z]{2})\b"
# The place after a postcode goes with it: "1234 AB Amsterdam", "2500 AA Den Haag".
_PLACE = rf"(?:[ ,]+[{_UPPER}][\w'-]+(?:[ -][{_UPPER}][\w'-]+)?)?"
# A postcode with a house number after it ("1234 AB 12", "1234AB, 5a").
_POSTCODE_NUMBER = re.compile(rf"{_POSTCODE_CORE}[ ,]{{1,3}}(?:nr\.? ?)?{_HOUSE_NUMBER}{_NO_UNIT}{_PLACE}")
# A postcode alone, but not a year with a diagnosis ("sinds 2019 MS").
_POSTCODE = re.compile(rf"(?<!\d)(?:[1-9]\d{{3}}[A-Z]{{2}}|[1-9]\d{{3}}[a-z]{{2}}|(?!19|20)[1-9]\d{{3}} [A-Z]{{2}})"
                       rf"\b{_PLACE}")

_STREET_SUFFIX = (r"straat|str\.|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|steeg|park|markt|plantsoen|"
                  r"boulevard|allee|promenade|kwartier")
# Capitalised words before the street word belong to it: "Burgemeester de Vlugtlaan 12", "Van Goghstraat 3".
_STREET = re.compile(
    rf"(?<![\w-])(?:[{_UPPER}][\w'-]*[ \t]+(?:(?:van|de|der|den|'t)[ \t]+)*){{0,3}}"
    rf"(?i:{_LETTER}[\w'-]+?(?:{_STREET_SUFFIX}))[ \t]+(?:nr\.? ?)?{_HOUSE_NUMBER}{_NO_UNIT}"
)

_BSN_KEYWORD = re.compile(r"\b((?:bsn|burger ?service ?nummer|sofi-?nummer)(?:-?nummer)?\s*(?:is|:)?\s*)"
                          r"\d(?:[ .-]?\d){7,8}(?!\d)", re.I)
_NINE_DIGITS = re.compile(r"(?<![\d.,-])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}([ .-])\d{3}\1\d{3})(?![\d,]|\.\d)")

_SEP = r"[ \t]?[-./)]?[ \t]?"
_PHONES = [
    # +31 6 1234 5678, 0031 20 1234567, +31 (0)6-12345678
    re.compile(rf"(?<![\w+])(?:\+|00)[ \t]?31[ \t]?(?:\(0\)[ \t]?)?\d(?:{_SEP}\d){{8}}(?!\d)"),
    # 06-12345678, (020) 123 45 67, 0591-123456: 0 and nine digits; "(" only around an area code
    re.compile(rf"(?<![\w+])(?:\((?=0\d{{1,3}}\)))?0\d(?:{_SEP}\d){{8}}(?!\d)"),
    # 0800-1234, 0900-1234567, 0906 / 0909
    re.compile(rf"(?<![\w+])0[89]0\d(?:{_SEP}\d){{4}}(?:(?:{_SEP}\d){{3}})?(?!\d)"),
]

# Names: a capitalised word plus more capitalised words, with tussenvoegsels and a title in front.
_TUSSEN = r"(?:van|de|der|den|het|ter|ten|te|'t|el|al|la|le|du|da|di|bin|von|vd\.?)"
_TITLE = r"(?i:(?:dr|drs|dhr|mw|mevr|mr|ir|prof)\.?[ \t]+)?"
_CAP = rf"[{_UPPER}][\w'’-]*"
_CAP_NAME = rf"{_TITLE}{_CAP}(?:[ \t]+(?:{_TUSSEN}[ \t]+)*{_CAP})*"
# After "mijn naam is" / "ik heet" the first word is a name even in lower case; a lower-case
# surname is only taken after a tussenvoegsel ("jan de vries").
_ANY_NAME = rf"{_LETTER}[\w'’-]*(?:[ \t]+(?:{_TUSSEN}[ \t]+)+{_LETTER}[\w'’-]*|[ \t]+{_CAP})*"
_NAME_AFTER = [
    re.compile(rf"(?i:\b(?:mijn naam is|ik heet|mijn naam:|naam:|my name is)[ \t]*)({_ANY_NAME})"),
    # Greetings: the name may stand on the next line ("Groetjes,\nMarieke").
    re.compile(r"(?i:(?<![\w.])(?:groetjes|groet|groeten|gr\.|mvg|m\.v\.g\.|(?:met )?vriendelijke groet(?:en)?|"
               rf"hartelijke groet(?:en)?|liefs)[,:!.]?\s+)({_CAP_NAME})"),
    # Introductions, salutations ("Beste Anna,"), relatives ("mijn dochter Lisa", "moeder van Sara"), titles.
    re.compile(r"(?i:(?<![\w.])(?:ik ben|dit is|namens|beste|hoi|hallo|hey|goedemorgen|goedemiddag|goedenavond|"
               r"(?:mijn|onze) (?:dochter(?:tje)?|zoon(?:tje)?|man|vrouw|partner|vriend(?:in)?|moeder|vader|oma|"
               r"opa|broer(?:tje)?|zus(?:je)?|kind|baby|collega|buurman|buurvrouw)|"
               r"(?:moeder|vader|ouder|oma|opa|oom|tante) van|"
               rf"dokter|dr\.|huisarts|fysio(?:therapeut)?|mevrouw|mevr\.|meneer|dhr\.|mw\.),?[ \t]+)({_CAP_NAME})"),
]
# Capitalised words that follow "Ik ben" / "Dit is" at the start of a sentence but are no name.
_NOT_NAMES = frozenset("""
    Ik Je Jij Het De Een Er Dat Dit Die Wat Nederlands Nederlandse Engels Duits Turks Marokkaans Surinaams
    Psoas Fysio Fysiotherapeut Huisarts Zwanger Benieuwd Bang Moe Niet Al Ook Net Sinds Bij Na In Op
    Mijn Kan Kun Hoe Waarom Wanneer Welke Is Heb Graag Mag Moet Helpt Daar Hier Even Nog Allemaal Team
    """.split())


# "patiëntnummer 123456", "cliëntnr: A-12345", "dossiernummer is 2023-0456", "mijn klantnummer 998877".
_FILE_NUMBER = re.compile(
    r"(?i:\b((?:pati[eë]nt|cli[eë]nt|dossier|klant|lid|relatie|verzekerden?|registratie|zorgpas|polis)"
    r"[ -]?(?:nummer|nr\.?|no\.?)\s*(?:is|:)?\s*))[A-Z0-9][A-Z0-9./-]{2,}(?<![./-])")
# A lower-case name right after "ik ben" / "dit is" (the capitalised case is in _NAME_AFTER).
_LOWER_NAME = re.compile(rf"(?i:(?<![\w.])(?:ik ben|dit is)[ \t]+)([a-zà-öø-ÿ][\w'’-]*"
                         rf"(?:[ \t]+(?:{_TUSSEN}[ \t]+)+[a-zà-öø-ÿ][\w'’-]*)?)(?=[ \t]*(?:[,.!?;:)]|$|[ \t]+en\b))")
_NOT_A_NAME_SUFFIX = re.compile(r"(?:ig|lijk|isch|baar|loos|zaam|end|ende|er|st)$|^ge\w+[dt]$|^\d")


def _not_names() -> frozenset[str]:
    words = set()
    for line in _NOT_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            if " " in line:
                raise ValueError(f"{_NOT_NAMES_FILE.name}: one word a line, got {line!r}")
            words.add(line.lower())
    return frozenset(words)


_NOT_NAMES_LOWER = _not_names()


def _lower_name(match: re.Match) -> str:
    word = match.group(1).split()[0].lower()
    if word in _NOT_NAMES_LOWER or _NOT_A_NAME_SUFFIX.search(word):
        return match.group(0)
    return match.group(0)[: match.start(1) - match.start(0)] + "[NAAM]"


def _elfproef(digits: str) -> bool:
    """The BSN check: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not all zeros)."""
    if len(digits) != 9 or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def _nine_digits(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return "[BSN]" if _elfproef(digits) else match.group(0)


def _name(match: re.Match) -> str:
    if match.group(1).split()[0] in _NOT_NAMES:
        return match.group(0)
    return match.group(0)[: match.start(1) - match.start(0)] + "[NAAM]"


def scrub(text: str) -> str:
    """`text` with e-mail, IBAN, dates, postcodes, addresses, BSN, phone numbers and names replaced.

    Never raises; returns "" for empty input. Applying it twice changes nothing more.
    """
    if not text:
        return ""
    text = _EMAIL.sub("[EMAIL]", text)
    text = _IBAN.sub("[IBAN]", text)
    for pattern in _DATES:
        text = pattern.sub("[DATUM]", text)
    text = _BIRTH_YEAR.sub(r"\1[DATUM]", text)
    text = _POSTCODE_NUMBER.sub("[POSTCODE]", text)
    text = _POSTCODE.sub("[POSTCODE]", text)
    text = _STREET.sub("[ADRES]", text)
    text = _BSN_KEYWORD.sub(r"\1[BSN]", text)
    text = _FILE_NUMBER.sub(r"\1[NUMMER]", text)
    text = _NINE_DIGITS.sub(_nine_digits, text)
    for pattern in _PHONES:
        text = pattern.sub("[TELEFOON]", text)
    for pattern in _NAME_AFTER:
        text = pattern.sub(_name, text)
    return _LOWER_NAME.sub(_lower_name, text)
