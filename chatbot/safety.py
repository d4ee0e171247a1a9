"""Urgent routing: spot messages that describe an emergency or a red flag, before any retrieval.

A patient who types "ik plas ineens in mijn broek en mijn rug doet zeer" must not
get a psoas exercise: they must be told to call their huisarts now. `triage`
returns the route ("112", "huisarts" or "113"), a short category id and the Dutch
reply from `texts.py`, or None for an ordinary question.

Design: every rule is a *combination of concepts*. A concept is a small list of
regex alternatives for one idea ("fever", "back", "can't stand", "long ago")
with its paraphrases, common misspellings and a few English, German, French and
Turkish forms. A rule fires when all of its `needs` concepts are found and none
of its `unless` concepts. Single keywords are not enough, because the knowledge
base itself is about benauwdheid, plassen, trillen, baby's, oude val- en
ongelukservaringen: "benauwd bij stress", "moeite met ontspannen plassen" or
"vorig jaar een kop-staartbotsing gehad" are ordinary questions, while "druk op
de borst en ik krijg geen lucht" or "net gevallen en ik kan niet staan" are not.

How text is matched:
- `_normalise` lowercases, strips accents (NFKD), unifies apostrophes and
  collapses whitespace, so "knieën" and "knieen" match alike.
- Every alternative is matched as whole words: `rug` does not match "terug";
  write `rug\\w*` to also match "rugpijn".
- A match right after a negation ("geen koorts", "zonder koorts", "no fever",
  "niet gevallen", at most two words in between) does not count.
  Context concepts (time, "als kind", "bij het hoesten", ...) are exempt: in
  "ik kan niet plassen als er iemand staat" the "niet" belongs to "plassen".
- Two derived concepts look at time: `past_only` (it happened months or years
  ago and nothing says "net/vandaag/gisteren/ineens") and `habitual_only` (it
  happens "soms", "bij stress", "als ik traploop" and nothing says "nu/ineens").

Order matters: the first rule that fires wins, so life-threatening rules come
first, then 113, then the huisarts rules. Callers should run `triage` before
`is_practice_question` and before retrieval.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import texts


@dataclass(frozen=True)
class Triage:
    """Where to send someone whose message describes a possible emergency."""

    route: str  # "112" (call now), "huisarts" (today / huisartsenpost now) or "113" (suicidal thoughts)
    category: str  # short id, e.g. "cauda_equina", "chest", "stroke", "suicide"
    message: str  # the full Dutch reply (Markdown) from texts.py


# --- normalisation -------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'", "\u0131": "i", "\u00df": "ss"})


def _normalise(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes and collapse whitespace."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


# --- building blocks for the concept regexes -------------------------------------
# After normalisation words are separated by exactly one space.

_MACROS = {
    # Up to three other words, never a negation ("kan {w}niet" = "kan ik echt niet").
    "{w}": r"(?:(?!(?:niet|nie|geen|not|no|never|nooit)\b)\S+ ){0,3}",
    # A possessive or article, in Dutch spelling variants and in English.
    "{poss}": r"(?:mijn|m'?n|mn|mij|me|men|zijn|z'?n|haar|d'?r|je|jouw|de|het|een|my|his|her|the|a)",
    "{not}": r"(?:niet|nie|niett|nit)",
    "{can}": r"(?:kan|ken|kun|kunt|kon|konden|kunnen|lukt|lukte)",
    "{cant}": r"(?:can'?t|cannot|can not|could ?n'?t|unable to|not able to)",
}


def _expand(pattern: str) -> str:
    for macro, regex in _MACROS.items():
        pattern = pattern.replace(macro, regex)
    return pattern


def _near(first: list[str], second: list[str], words: int = 4) -> list[str]:
    """Alternatives matching a `first` and a `second` phrase within `words` words, in either order."""
    a, b = "|".join(first), "|".join(second)
    gap = rf"(?: \S+){{0,{words}}} "
    return [rf"(?:{a})\w*{gap}(?:{b})", rf"(?:{b})\w*{gap}(?:{a})"]


# Reused word lists (alternatives, not whole concepts).
_LEG = [r"been", r"benen", r"bene", r"beenen", r"voet", r"voeten", r"leg", r"legs", r"foot", r"feet"]
_NUMB = [
    r"gevoel(?:s)?l?oo?s", r"doof", r"dove", r"verdoofd", r"geen gevoel", r"weinig gevoel", r"minder gevoel",
    r"tintel\w*", r"numb\w*", r"no feeling", r"taub", r"engourdi\w*", r"uyusuk",
    r"(?:voel|merk) (?:\S+ )?(?:niks|niets|weinig)",
]
_SADDLE = [
    r"tussen {poss} (?:benen|bene|billen)", r"kruis", r"schaamstreek", r"schaamlippen", r"schaamdelen",
    r"geslachtsdelen", r"genitali\w*", r"vagina", r"penis", r"balzak", r"anus", r"aars", r"bilnaad", r"perineum",
    r"rijbroek\w*", r"zadel\w*", r"binnenkant (?:van )?{poss} ?(?:dijen|bovenbenen|billen)",
    r"between (?:my|the) legs", r"groin", r"genitals?", r"saddle( area)?", r"inner thighs?", r"private parts",
    r"crotch", r"rond {poss} (?:anus|kont|poep|billen)", r"af ?veeg\w*", r"afvegen", r"(?:toilet|wc)-? ?papier",
]
_CALF = [r"kuit", r"kuiten", r"onderbeen", r"been", r"calf", r"calves", r"lower leg", r"wade", r"mollet"]
_SWOLLEN = [
    r"dik", r"dikker", r"gezwollen", r"opgezwollen", r"opgezet", r"zwelling", r"swollen", r"swelling",
    r"geschwollen", r"enfle",
]
_PAIN = [
    r"\w*pijn\w*", r"zeer", r"au", r"pain\w*", r"hurts?", r"hurting", r"sore", r"aches?", r"schmerz\w*",
    r"douleurs?", r"agri\w*", r"doet zeer",
]


# --- concepts --------------------------------------------------------------------
# name -> regex alternatives. Each alternative is matched as whole words.

_CONCEPTS: dict[str, list[str]] = {
    # -- time and context --------------------------------------------------------
    "long_ago": [
        (r"(?:\d+|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|vijftien|twintig|paar|aantal|"
         r"enkele|vele|meerdere|ettelijke|anderhalf|half) (?:jaar|jaren|maand|maanden) (?:\S+ )?geleden"),
        r"(?:jaren|maanden|lang|heel lang|tijd|tijdje|eeuwen) geleden",
        r"vorig(?:e)? (?:jaar|maand|zomer|winter|voorjaar|najaar|herfst|lente)", r"afgelopen (?:jaar|zomer|winter)",
        r"vroeger", r"ooit", r"destijds", r"in (?:19|20)\d\d", r"in mijn (?:jeugd|kindertijd|tienertijd|studententijd)",
        r"als (?:kind|tiener|puber|baby|jongere|student)", r"toen ik (?:\S+ ){0,3}(?:was|jong|klein|kind)",
        r"(?:years|months) ago", r"last (?:year|month|summer|winter)", r"long ago", r"a while ago",
        r"when i was", r"as a (?:child|kid|teen|teenager|baby)", r"vor (?:\S+ )?jahren", r"il y a \S+ ans",
    ],
    # When it happened: today, yesterday, just now. Cancels `long_ago` (and so `past_only`).
    "recent": [
        r"net(?! (?:als|zo|wat|iets|even|niet|genoeg|boven|onder|te))", r"zojuist", r"daarnet", r"daarstraks",
        r"vandaag", r"gisteren", r"gisteravond", r"gistermiddag", r"eergisteren", r"vannacht", r"vanochtend",
        r"vanmorgen", r"vanmiddag", r"vanavond", r"sinds (?:kort|vandaag|gisteren|vanochtend|vanmorgen|vannacht)",
        r"(?:een|\d+|half) (?:uur|uurtje|kwartier) geleden", r"ineens", r"opeens", r"plotseling", r"plots",
        r"nu (?:ineens|opeens|plotseling|weer)", r"today", r"yesterday", r"tonight", r"last night", r"this morning",
        r"just now", r"an hour ago", r"suddenly", r"all of a sudden", r"heute", r"gestern", r"aujourd'hui",
    ],
    # Happening at this moment. Cancels `habitual` (and so `habitual_only`), but not `long_ago`:
    # "5 jaar geleden gevallen en nu nog pijn" is still an old fall.
    "now": [
        r"nu(?! al)", r"op dit moment", r"momenteel", r"op het moment", r"right now", r"now", r"currently",
        r"at the moment", r"jetzt", r"maintenant",
    ],
    "sudden": [
        r"ineens", r"opeens", r"plotseling", r"plots", r"acuut", r"uit het niets", r"in een keer", r"sudden",
        r"suddenly", r"out of nowhere", r"all of a sudden", r"plotzlich", r"soudain\w*", r"aniden",
    ],
    "habitual": [
        r"soms", r"vaak", r"regelmatig", r"af en toe", r"geregeld", r"altijd", r"elke keer", r"iedere keer",
        r"telkens", r"wel ?eens", r"meestal", r"steeds als", r"sometimes", r"often", r"usually", r"always",
        r"every time", r"whenever", r"occasionally",
        (r"(?:bij|tijdens|door|van|na|met) (?:de |het |een |mijn |m'n |veel )?(?:stress|spanning|spanningen|paniek|"
         r"paniekaanval\w*|angst\w*|zenuwen|drukte|hyperventil\w*|inspanning|sporten|sport|traplopen|trap lopen|"
         r"hardlopen|rennen|fietsen|werk|ruzie|examen\w*|menstruatie|ongesteld\w*|emoties?)"),
        (r"als ik (?:\S+ ){0,2}(?:gestrest|gespannen|angstig|bang|nerveus|zenuwachtig|in paniek|hyperventileer|"
         r"sport|ren|ongesteld|moe)"), r"paniekaanval\w*", r"hyperventil\w*", r"panic attacks?", r"anxiety",
        r"when (?:i'?m|i am|i get) (?:\S+ )?(?:stressed|anxious|nervous|panicky)", r"stress\w*",
        r"(?:als|wanneer|zodra) ik", r"(?:bij|tijdens) het \w+en", r"when i",
    ],
    "conditional": [r"(?:als|wanneer|zodra|when|if) (?:er )?(?:ik|iemand|je|i|anderen|mensen|someone)"],
    # "had a heart attack / stroke / thrombosis before": not the same as having one now.
    "had_before": [
        (r"(?:hartaanval|hartinfarct|infarct|beroerte|herseninfarct|hersenbloeding|tia|trombose|stroke|"
         r"heart attack|longembolie) (?:\S+ ){0,3}(?:gehad|gekregen|overleefd)"),
        (r"(?:na|sinds) (?:mijn|een|de|haar|zijn|m'n) (?:hartaanval|hartinfarct|infarct|beroerte|herseninfarct|"
         r"hersenbloeding|tia|trombose)"), r"(?:had|have had|after) (?:a|an|my) (?:heart attack|stroke|tia|dvt)",
        r"history of",
    ],
    "own_childhood": [
        r"als (?:kind|baby|peuter|kleuter|tiener|puber)", r"toen ik (?:\S+ ){0,3}(?:kind|klein|baby|jong)",
        r"in mijn (?:jeugd|kindertijd)", r"as a (?:child|kid|baby)",
        r"when i was (?:a )?(?:child|kid|baby|little|young)",
    ],
    "bereavement": [
        r"overleden", r"gestorven", r"overlijden", r"verloren aan", r"rouw\w*", r"died", r"passed away", r"funeral",
        r"begrafenis", r"verstorben",
    ],
    "fever_question": [
        (r"(?:mag|kan|moet|mogen|kun|kunnen) (?:ik|je|jij|men|mijn \S+) "
         r"(?:\S+ ){0,4}(?:met|bij|tijdens) (?:\S+ )?koorts"),
        r"(?:can|should|may) (?:i|you) (?:\S+ ){0,4}with (?:a )?fever",
    ],
    "menstrual": [r"menstru\w*", r"ongesteld\w*", r"maandstonden", r"endometriose", r"periods?"],
    "intentional": [
        r"dieet", r"diet\w*", r"lijn", r"lijnen", r"afvallen (?:wil|wou|probeer)", r"expres", r"bewust",
        r"gezonder (?:eten|leven)", r"door (?:het |meer )?(?:sporten|sport|dieet|minder eten)", r"on purpose",
        r"(?:wil|wou|probeer|proberen) (?:\S+ ){0,2}af te vallen",
    ],
    "menopause": [r"overgang", r"menopauze", r"opvlieger\w*", r"menopaus\w*", r"hot flushes"],
    "after_exercise": [
        r"tre", r"oefening\w*", r"training", r"trainen", r"sporten", r"sport", r"hardlopen", r"fietsen",
        r"wandelen", r"workout", r"exercis\w*", r"zenuwen", r"spanning",
    ],
    "flu": [r"griep\w*", r"verkouden\w*", r"verkoudheid", r"flu", r"a cold", r"covid\w*", r"corona\w*"],
    # -- body regions and pain ---------------------------------------------------
    "pain": _PAIN,
    "back": [
        r"rug\w*", r"onderrug\w*", r"bovenrug\w*", r"lende\w*", r"lumba\w*", r"spit", r"ischias", r"hernia",
        r"wervel\w*", r"psoas\w*", r"heup\w*", r"flank\w*", r"nierpijn", r"back\w*", r"spine", r"sciatica",
        r"ruecken\w*", r"rucken\w*", r"dos", r"bel agri\w*", r"bel ağri\w*", r"sirt\w*",
    ],
    "belly": [
        r"buikpijn\w*", r"buikkramp\w*", r"pijn (?:\S+ ){0,2}(?:in|aan|rechts|links) (?:\S+ ){0,3}(?:onder|boven)?buik",
        r"(?:onder|boven)?buik (?:\S+ )?(?:doet|deed) (?:\S+ ){0,2}(?:pijn|zeer)", r"maagpijn", r"maagkramp\w*",
        r"stomach ?ache", r"stomach pain", r"abdominal pain", r"belly ?ache", r"tummy ?ache",
        r"pain in (?:my |the )?(?:stomach|belly|abdomen|tummy)", r"(?:stomach|belly|tummy) (?:hurts|is hurting)",
        r"bauchschmerz\w*", r"mal au ventre", r"douleurs? abdominales?", r"karin agri\w*",
    ],
    "belly_or_back": [r"buik\w*", r"rug\w*", r"onderrug\w*", r"flank\w*", r"stomach", r"abdom\w*", r"belly", r"back"],
    "severe_pain": [
        (r"(?:heftige|hevige|ondraaglijke|verschrikkelijke|vreselijke|extreme|enorme|scheurende|ernstige|helse|"
         r"onhoudbare|gruwelijke|(?:heel |ontzettend |super |echt |zo'?n )?erge) (?:\S+ )?(?:pijn|buikpijn|rugpijn|"
         r"hoofdpijn|steek)"),
        r"(?:heel|ontzettend|enorm|vreselijk|verschrikkelijk|zo|echt|super) ?veel pijn",
        (r"(?:vreselijk|verschrikkelijk|ontzettend|enorm|heel erg|afschuwelijk|gruwelijk|mega|super|zo ontzettend)"
         r" (?:veel )?(?:pijn|zeer)"), r"(?:is|are|it'?s) killing me",
        (r"(?:pijn|buikpijn|rugpijn) (?:\S+ ){0,3}(?:niet (?:meer )?(?:te harden|uit te houden|te houden)|"
         r"ondraaglijk|verschrikkelijk|heftig|hevig|extreem|enorm)"),
        r"(?:vergaan|krimpen|krimp|kronkel\w*|schreeuw\w*|gillen|gil|huil\w*|creperen|creperend) van (?:de )?pijn",
        r"(?:10|tien) (?:uit|op|van de) (?:10|tien)", r"10/10",
        (r"(?:severe|excruciating|unbearable|tearing|ripping|terrible|intense|agonizing|agonising|horrible|extreme) "
         r"(?:\S+ )?(?:pain|ache)"), r"pain (?:is )?(?:unbearable|excruciating|so bad)", r"worst pain",
    ],
    # -- 112: collapse, breathing, bleeding -----------------------------------------
    "unresponsive": [
        r"bewuste?lo+s\w*", r"bewustloos", r"buiten bewustzijn", r"bewustzijn (?:\S+ )?(?:verloren|kwijt)",
        r"(?:niet|nauwelijks) (?:meer )?aanspreekbaar", r"niet (?:meer )?wakker te krijgen",
        r"krijg (?:hem|haar|\S+) niet (?:meer )?wakker",
        (r"(?:hij|zij|ze|iemand|mijn (?:man|vrouw|moeder|vader|kind|baby|zoon|dochter|opa|oma|partner|vriend\w*|"
         r"collega|broer|zus|buurman|buurvrouw)) (?:\S+ ){0,8}reageert (?:niet|nergens|nauwelijks)(?: meer)?"
         r"(?! op (?!aanspreken|schudden|roepen|pijn|mij\b|ons\b|me\b))"),
        r"reageert (?:niet|nergens) (?:meer )?op (?:aanspreken|schudden|roepen|pijnprikkels)",
        r"ademt (?:niet|nauwelijks) meer(?! mee)", r"ademt niet(?=[.!?,]|$| en\b)", r"stopt (?:steeds )?met ademen",
        r"geen ademhaling", r"hartstilstand", r"komt niet (?:meer )?bij(?: kennis)?",
        r"(?:flauwgevallen|gevallen|onwel \S+) (?:\S+ ){0,3}(?:wordt|komt) (?:\S+ )?niet (?:meer )?(?:wakker|bij)",
        r"reanim\w*", r"hartmassage",
        r"unconscious", r"unresponsive", r"not breathing", r"stopped breathing", r"(?:isn'?t|is not) breathing",
        r"no pulse", r"won'?t wake up", r"bewusstlos", r"atmet nicht", r"inconscient\w*", r"ne respire (?:pas|plus)",
        r"bilinci kapal\w*", r"nefes almiyor",
    ],
    "heavy_bleeding": [
        (r"bloedt (?:\S+ )?(?:hevig|heel erg|enorm|flink|"
         r"als een rund|ontzettend)"), r"bloeding (?:\S+ ){0,2}(?:stopt|stelpt) niet", r"stopt niet met bloeden",
        r"bloed\w* (?:heel |erg |zo |ontzettend |enorm )?(?:hevig|erg|veel|enorm|ontzettend|flink|als een rund)",
        r"bloed\w* (?:\S+ ){0,5}(?:stopt|stelpt|houdt) (?:\S+ )?niet(?: op)?",
        r"(?:bleeding|bleeds) (?:heavily|a lot|badly|profusely)", r"won'?t stop bleeding", r"heavy bleeding",
    ],
    "seizure": [
        r"stuip\w*", r"koortsstuip\w*", r"convulsie\w*", r"epileptische aanval", r"insult", r"seizure\w*",
        r"krampfanfall",
    ],
    "throat_swelling": [
        r"(?:keel|tong|lippen) (?:\S+ ){0,2}(?:zwelt|zwellen|dik|zit dicht|gezwollen)",
        r"anafyla\w*", r"anaphyla\w*", r"(?:throat|tongue) (?:is )?(?:closing|swelling|swollen)",
    ],
    "breathless": [
        (r"(?:geen|gene|bijna geen|haast geen|nauwelijks|amper|moeilijk|slecht|weinig|moeizaam) "
         r"(?:\S+ )?(?:lucht|lugt|luct)"
         r"(?! (?:door|via) (?:mijn|m'?n|de) neus)"),
        r"{can} {w}{not} (?:meer )?(?:goed |normaal )?(?:ademen|adem ?halen|ademhalen|ademe|inademen|door ?ademen)",
        r"{can} {w}(?:nauwelijks|amper) (?:ademen|adem ?halen|ademhalen)",
        r"(?:ik )?stik(?:ken)?", r"ga stikken", r"verstik\w*", r"naar (?:adem|lucht) (?:happen|snakken|hap|snak)",
        r"(?:hap|snak)\w* (?:\S+ )?naar (?:adem|lucht)", r"ademnood", r"acute benauwdheid",
        r"(?:ernstig|extreem|vreselijk|verschrikkelijk) benauwd", r"zo benauwd dat",
        r"{cant} (?:breathe|breath|get (?:enough )?air|catch my breath)", r"struggling to breathe",
        r"(?:trouble|difficulty|problems?) breathing", r"gasping for (?:air|breath)", r"choking", r"suffocat\w*",
        r"keine luft", r"atemnot", r"kann nicht (?:mehr )?atmen", r"n'arrive (?:pas|plus) a respirer",
        r"j'etouffe", r"ne peux (?:pas|plus) respirer", r"du mal a respirer", r"nefes alam\w*",
    ],
    "short_of_breath": [
        r"kortademig\w*", r"benauwd\w*", r"buiten adem", r"short(?:ness)? of breath", r"breathless\w*",
        r"out of breath", r"essouffl\w*",
    ],
    "blue_lips": [
        r"blauwe? (?:lippen|lipjes|mond)",
        (r"(?:lippen|lipjes|gezicht|gezichtje) (?:\S+ )?(?:worden |zijn |wordt |is )?"
          r"(?:blauw|grauw)"), r"blauw (?:\S+ )?(?:aangelopen|rond de mond)", r"blue lips", r"turning blue",
        r"lips (?:are )?(?:turning )?blue",
    ],
    # -- 112: heart -----------------------------------------------------------------
    "chest_pain": [
        (r"(?:pijn|steek|steken|steke|zeer) (?:\S+ )?(?:op|in|aan|rond|achter|midden op) "
         r"(?:de |mijn |m'n |mn |me |zijn |haar )?(?:borst|borts|borstkas|borstbeen)"),
        r"(?:borst|borts|borstkas|borstbeen) ?pijn",
        r"(?:borst|borstkas) (?:\S+ )?(?:doet|deed) (?:\S+ )?(?:pijn|zeer)",
        r"drukop (?:de |mijn |m'n |mn |me )?(?:borst|borts|borstkas)",
        (r"(?:druk|drukkend gevoel|drukkende pijn|beklemming|beklemmend gevoel|knellend gevoel|benauwd gevoel|"
         r"zwaar gevoel|band|olifant|gewicht|klem) (?:\S+ ){0,2}(?:op|in|om|rond) "
         r"(?:de |mijn |m'n |mn |me |zijn |haar )?(?:borst|borts|borstkas)"),
        r"(?:borst|borstkas) (?:voelt|zit|is) (?:\S+ )?(?:dicht|beklemd|zwaar|samengeknepen|in een bankschroef)",
        r"chest (?:pain|pains|tightness|pressure|hurts|is hurting|feels (?:tight|heavy))",
        r"pain in (?:my |the |his |her )?chest", r"tight(?:ness in (?:my|the))? chest",
        r"(?:pressure|weight|squeezing|crushing) (?:\S+ ){0,2}(?:on|in) (?:my |the |his |her )?chest",
        r"brust ?schmerz\w*", r"schmerzen in der brust", r"druck auf der brust", r"engegefuhl",
        r"douleurs? (?:a la |dans la |de |de la )?(?:thoracique|poitrine)", r"mal (?:a|dans) la poitrine",
        r"oppression (?:thoracique|dans la poitrine)", r"gogus ?agri\w*", r"gogsum\w* (?:agri\w*|bask\w*)",
    ],
    "heart_attack_now": [
        (r"(?:denk|bang|vrees|volgens mij|misschien|krijg|krijgt|heb|heeft|is dit|is het|having|think|might be) "
         r"(?:\S+ ){0,3}(?:een )?(?:hartaanval|hart aanval|hartinfarct|heart attack|herzinfarkt|crise cardiaque|"
         r"kalp kriz\w*)"),
    ],
    "arm_and_jaw": [
        r"(?:arm|armen) en (?:\S+ )?(?:kaak|kaken)", r"(?:kaak|kaken) en (?:\S+ )?(?:linker ?)?(?:arm|armen)",
        r"(?:arm and jaw|jaw and (?:\S+ )?arm)",
    ],
    "radiating_arm_jaw": [
        (r"(?:straalt|straalde|trekt|uitstraling|uitstralend|schiet) (?:\S+ ){0,3}(?:naar|in) (?:\S+ )?"
         r"(?:linker ?arm|arm|armen|kaak|kaken|hals)"),
        r"radiat\w* (?:\S+ ){0,3}(?:to|into|down) (?:\S+ )?(?:left )?(?:arm|jaw)",
    ],
    "cold_sweat": [
        r"zweet\w*", r"zweten\w*", r"bezweet", r"klam\w*", r"koud zweet", r"sweat\w*", r"clammy",
        r"misselijk\w*", r"nause\w*",
    ],
    # -- 112: stroke ----------------------------------------------------------------
    "face_droop": [
        (r"(?:scheef|scheve|hangend|hangende|afhangend|afhangende|verlamd|verlamde|halve) (?:\S+ )?"
         r"(?:gezicht|mond|mondhoek|mondhoeken|gelaat|glimlach)"),
        r"(?:gezicht|mond|mondhoek|gelaat) (?:\S+ ){0,3}(?:hangt|scheef|zakt|trekt scheef|valt weg|verlamd)",
        r"(?:face|mouth|smile) (?:is )?(?:droop\w*|crooked|lopsided|uneven)", r"droop\w* (?:face|mouth|smile)",
        r"gesicht (?:\S+ )?(?:hangt|schief)", r"visage (?:paralyse|de travers)",
    ],
    "speech_trouble": [
        (r"(?:onduidelijk|dubbel|lallend|brabbelend|onverstaanbaar|wartaal|brabbel|lallen) (?:\S+ )?(?:te )?"
         r"(?:praten|spreken|praat|spreekt|prate)"),
        (r"(?:praat|spreekt|prate|praten) (?:\S+ )?(?:ineens |opeens |plotseling )?(?:onduidelijk|dubbel|"
         r"onverstaanbaar|wartaal|brabbel\w*|lallend|raar|vreemd)"),
        (r"{can} (?:ineens |opeens |plotseling )?{not} (?:meer )?(?:goed |normaal |duidelijk )?(?:praten|spreken)"
         r"(?! (?:over|met|erover))"),
        r"(?:woorden|woord) (?:\S+ )?(?:komen|kwamen|komt) (?:\S+ )?{not} (?:meer )?(?:goed )?(?:uit|eruit)",
        r"kan {w}{not} (?:meer )?uit (?:mijn|zijn|haar|m'?n) woorden komen",
        r"spraak (?:\S+ ){0,2}(?:weg|onduidelijk|verward|raar|slecht|uitgevallen)", r"afasie",
        r"slurr\w*", r"{cant} (?:speak|talk)(?! (?:about|to|with))", r"(?:trouble|difficulty) (?:speaking|talking)",
        r"speech (?:is )?(?:slurred|garbled|gone|strange)", r"verwaschen\w*", r"undeutlich",
    ],
    "one_sided_weakness": [
        (r"(?:arm|hand|gezicht|lichaamshelft|kant|zijde) (?:\S+ ){0,3}(?:ineens|opeens|plotseling|plots) (?:\S+ ){0,2}"
         r"(?:slap|krachteloos|verlamd|gevoelloos|doof|lam|valt weg|hangt)"),
        (r"(?:ineens|opeens|plotseling|plots) (?:\S+ ){0,4}(?:arm|hand|gezicht) (?:\S+ ){0,2}"
         r"(?:slap|krachteloos|verlamd|gevoelloos|doof|lam|valt weg)"),
        (r"(?:ineens|opeens|plotseling|plots) (?:\S+ ){0,3}(?:arm|hand) (?:\S+ )?{not} (?:meer )?(?:goed )?"
         r"(?:bewegen|optillen|gebruiken|heffen)"),
        (r"(?:ineens|opeens|plotseling|plots) (?:\S+ )?(?:krachtverlies|verlamming|geen kracht) (?:\S+ ){0,2}(?:arm|"
         r"hand|gezicht)"),
        r"halfzijdig\w*", r"uitval (?:van|in|aan) (?:\S+ )?(?:arm|hand|gezicht|arm en been|been en arm)",
        (r"(?:een|1|linker|rechter|halve) ?(?:kant|zijde|lichaam) (?:\S+ ){0,4}"
         r"(?:verlamd|krachteloos|slap|gevoelloos|lam)"),
        (r"(?:verlamd|krachteloos|gevoelloos|slap|verlamming|krachtverlies|kracht kwijt|geen kracht) (?:\S+ ){0,4}aan "
         r"(?:een|1|de linker|de rechter|mijn linker|"
         r"mijn rechter|m'?n linker|m'?n rechter) ?(?:kant|zijde)"),
        r"(?:arm en been|been en arm) (?:\S+ ){0,3}(?:slap|krachteloos|verlamd|gevoelloos|lam|zwak)",
        r"(?:weakness|numbness|paralysis) (?:on|in|of) one side", (r"one side (?:of (?:my|his|her) (?:body|face) )?"
         r"(?:is )?(?:weak|numb|paraly\w*)"), (r"(?:sudden|suddenly) (?:\S+ ){0,3}(?:weak|numb|paraly\w*) (?:\S+ ){0,3}"
         r"(?:arm|face|one side)"), r"lahmung", r"felc",
    ],
    "stroke_now": [
        (r"(?:denk|bang|vrees|volgens mij|misschien|krijg|krijgt|heb|heeft|is dit|is het|having|think|might be) "
         r"(?:\S+ ){0,3}(?:een )?(?:beroerte|beroerde|herseninfarct|hersenbloeding|tia|cva|stroke|schlaganfall|avc)"),
        r"fast[- ]?test", r"fast (?:symptom|signal|sign)\w*",
    ],
    # -- 112: aorta -------------------------------------------------------------------
    "shock_signs": [
        r"zweet\w*", r"zweten", r"klam\w*", r"koud zweet", r"bleek", r"lijkbleek", r"grauw", r"flauw\w*",
        r"weg ?raken", r"raakte weg", r"kloppend\w*", r"pulserend\w*", r"bonzend\w*", r"pulseert",
        r"sweat\w*", r"clammy", r"pale", r"faint\w*", r"passed out", r"pulsat\w*", r"throbbing",
    ],
    "tearing_pain": [r"(?:scheurende|scheurend|tearing|ripping) (?:\S+ )?(?:pijn|pain)"],
    "pulsating": [
        r"kloppend\w*", r"pulserend\w*", r"bonzend\w*", r"pulseert", r"voel (?:\S+ ){0,3}kloppen", r"pulsat\w*",
        r"throbbing",
    ],
    # -- 113 ------------------------------------------------------------------------------
    "suicidal": [
        r"(?:zelf|self|zel)[ -]?moord\w*", r"zelfmoort\w*", r"suicid\w*", r"suizid\w*", r"selbstmord\w*",
        r"zelfdoding", r"er (?:een |n )?(?:eind|einde|end) aan (?:\S+ )?(?:maken|te maken|maak|make|te make)",
        r"(?:eind|einde) (?:\S+ )?aan {poss} leven", r"{poss} leven (?:\S+ )?(?:be)?eindigen",
        (r"(?:wil|wou|willen) (?:ik )?(?:gewoon |echt |graag |het liefst |eigenlijk |liever |soms )?"
         r"dood(?: zijn| gaan)?(?! graag)"),
        r"(?:was|had) ik maar (?:nooit|niet) (?:geboren|geleefd|bestaan)",
        r"(?:heb|had) (?:\S+ )?in (?:mezelf|mijzelf|mijn (?:arm|armen|pols|polsen|benen|been)) (?:ge)?(?:sneden|krast)",
        r"(?:mezelf|mijzelf) (?:\S+ )?(?:gekrast|beschadigd|verwond)",
        r"(?:liever|beter|maar) dood", r"dood (?:wil|willen) (?:zijn|gaan)", r"(?:wil|willen) doodgaan",
        r"doodgaan (?:wil|willen)",
        r"(?:wil|wou) (?:\S+ ){0,2}niet meer (?:leven|bestaan)", r"niet meer (?:willen|wil) (?:leven|bestaan)",
        r"(?:wil|wou) (?:ik )?er (?:gewoon |echt |eigenlijk |liever )?niet meer (?:zijn|wezen)",
        r"(?:wil|wou) (?:ik )?(?:gewoon |echt |eigenlijk )?niet meer (?:lefen|leve|leefe)",
        r"er niet meer (?:willen|wil) zijn",
        r"(?:hoop|wil|wens|zou willen|liefst|bid|wou) (?:\S+ ){0,4}niet meer wakker (?:word|worden|te worden)",
        r"niet meer wakker (?:willen|wil) worden",
        r"(?:mezelf|mijzelf|mij zelf|me zelf) (?:\S+ )?(?:iets|wat) (?:aan ?(?:te )?doen|aandoen)",
        (r"(?:mezelf|mijzelf) (?:\S+ )?(?:van kant (?:te )?maken|op ?(?:te )?hangen|verwonden|snijden|pijn doen|"
         r"beschadigen|dood ?maken)"),
        r"(?:snijd|snij|snijden|kras|krassen) (?:\S+ )?in (?:mezelf|mijzelf|mijn (?:armen|arm|benen|polsen))",
        r"(?:mezelf|mijzelf) (?:\S+ )?(?:snijd|snij|snijden)", r"zelfbeschadig\w*", r"automutil\w*",
        r"zelfverwond\w*", r"zie het (?:leven )?(?:echt |helemaal )?niet meer zitten",
        r"(?:het|mijn) leven (?:\S+ ){0,2}(?:heeft )?geen zin (?:meer)?",
        r"geen zin meer (?:in|om te) (?:het |mijn )?leven", r"zie (?:\S+ )?geen (?:uitweg|toekomst) meer",
        r"(?:beter af|beter) zonder mij", r"better off without me",
        r"(?:van|voor) (?:een|de) (?:brug|flat|trein|dak) (?:\S+ )?(?:springen|spring|gaan liggen)",
        r"kill(?:ing)? myself", r"end(?:ing)? (?:my|it) (?:life|all)", r"ending it", r"take my (?:own )?life",
        r"(?:don'?t|do not|no longer) want to (?:live|be alive|be here|wake up)", r"want(?:s)? to die",
        r"wanna die", r"better off dead", r"self[- ]?harm\w*", r"hurt(?:ing)? myself", r"cut(?:ting)? myself",
        r"no reason to live", r"umbringen", r"nicht mehr leben", r"(?:will|mochte) sterben", r"me tuer",
        r"envie de mourir", r"veux mourir", r"en finir", r"intihar\w*", r"olmek istiyorum", r"kendimi oldur\w*",
    ],
    "overdose": [
        r"overdosis", r"overdose\w*",
        (r"(?:alle|heel veel|een hoop|een doos|een strip|een handvol|al mijn) (?:\S+ ){0,2}(?:pillen|tabletten|"
         r"medicijnen|slaappillen|paracetamol) (?:\S+ ){0,2}(?:geslikt|ingenomen|genomen)"),
        r"took (?:\S+ ){0,3}(?:pills|tablets)",
    ],
    "took_pills": [
        (r"(?:pillen|pil|tabletten|medicijnen|slaappillen|paracetamol|oxazepam) (?:\S+ ){0,3}(?:geslikt|ingenomen|"
         r"genomen|opgegeten)"), r"took (?:\S+ ){0,3}(?:pills|tablets)",
    ],
    # -- huisarts: cauda equina -----------------------------------------------------
    "bladder_bowel_loss": [
        (r"(?:plas|plast|plassen|poep|poept|pies|urineer|urine|ontlasting)\w* (?:\S+ ){0,2}in {poss} (?:broek|"
         r"onderbroek)"),
        r"in {poss} (?:broek|onderbroek) (?:\S+ )?(?:geplast|gepoept|geplassd|gedaan|geplast)",
        (r"{can} {w}(?:plas|urine|ontlasting|poep|blaas|darmen|stoelgang) (?:\S+ )?{not} (?:meer )?"
         r"(?:op ?houden|tegen ?houden|in ?houden|binnen ?houden|op ?houwe[n]?|op ?houde)"),
        (r"(?:plas|urine|ontlasting|poep) (?:\S+ ){0,3}{not} (?:meer )?(?:{can} )?"
         r"(?:op ?houden|tegen ?houden|in ?houden|op ?houwe[n]?)"),
        (r"(?:merk|voel|merkt|voelt) (?:\S+ )?{not} (?:meer )?(?:dat|wanneer|of) (?:ik|hij|ze) "
         r"(?:\S+ )?(?:plas|poep|lek)"),
        (r"(?:verlies|verloor|lek) (?:\S+ ){0,2}(?:ineens|opeens|plotseling|zomaar|ongemerkt) (?:\S+ )?(?:urine|plas|"
         r"ontlasting)"),
        (r"(?:merk|voel|weet|merkt|voelt)(?: \S+){0,3} (?:niet|nie|geen) (?:meer )?(?:\S+ )?(?:wanneer|of|dat) "
         r"(?:ik|je|hij|ze) (?:\S+ ){0,2}(?:moet|moeten|ga|heb|moest)(?: \S+){0,2} (?:plassen|poepen|plas|"
         r"ontlasting|naar de wc|naar het toilet)"),
        (r"(?:geen|gene) (?:\S+ )?(?:gevoel|controle|controlle|kontrole|grip) (?:\S+ ){0,2}(?:over|op|in|bij) "
         r"(?:\S+ ){0,2}(?:blaas|plas|plassen|urine|ontlasting|darmen|sluitspier|anus|poep|stoelgang)"),
        (r"(?:blaas|plas|darmen|ontlasting|sluitspier|urine) (?:\S+ ){0,3}(?:niet meer onder controle|lekt|"
         r"loopt (?:\S+ )?weg)"),
        r"incontinent (?:geworden|sinds)", (r"(?:ineens|opeens|plotseling) (?:\S+ ){0,3}(?:incontinent|urineverlies|"
         r"urine verlies|ongewild urine)"),
        r"{cant} (?:control|hold) (?:\S+ ){0,2}(?:bladder|bowels?|pee|urine|poo|poop|wee)",
        r"(?:lost|losing|no) control (?:of|over) (?:\S+ ){0,2}(?:bladder|bowels?|pee|urine)",
        r"(?:wet|peed|pissed|soiled) (?:my|him|her)sel(?:f|ves)",
        r"(?:pee|peeing|urinating|leaking urine) (?:\S+ ){0,2}without (?:noticing|feeling|knowing)",
        r"(?:don'?t|can'?t|cannot) (?:feel|notice|tell) (?:when|if) i (?:need|have) to (?:pee|urinate|go)",
        r"urin (?:\S+ )?nicht (?:mehr )?halten", r"ne (?:peux|peut) plus retenir",
    ],
    "stress_leak": [
        (r"(?:bij|tijdens) (?:het )?(?:hoesten|niezen|lachen|springen|sporten|tillen|rennen|hardlopen|"
         r"trampoline\w*|persen)"), r"als ik (?:\S+ )?(?:hoest|nies|lach|spring|ren|til|sport)",
        r"na (?:de|mijn|een) (?:bevalling|zwangerschap|keizersnede)", r"bekkenbodem\w*", r"overgang", r"menopauze",
        r"when i (?:cough|sneeze|laugh|jump|run)", r"druppel\w*", r"beetje urine", r"after (?:giving birth|pregnancy)",
    ],
    "urine_retention": [
        r"{can} (?:\S+ ){0,4}{not} (?:meer )?(?:plassen|plasse|plasen|urineren|pissen)",
        r"lukt (?:\S+ )?{not} (?:meer )?om te (?:plassen|urineren)",
        r"(?:komt|kwam) (?:\S+ )?(?:geen|niks|niets) (?:plas|urine) (?:meer )?uit",
        r"{cant} (?:pee|urinate|wee|pass urine)", r"(?:haven'?t|have not) (?:been able to )?(?:peed|urinated)",
    ],
    "saddle_numb": _near(_NUMB, _SADDLE, words=6),
    # -- huisarts: legs -------------------------------------------------------------
    "leg_weakness": [
        (r"(?:voet|voeten|tenen) (?:\S+ ){0,3}(?:klapt|klappen|slaat|slaan|valt|flapt) (?:\S+ )?(?:neer|dubbel|"
         r"naar beneden|op de grond)"),
        r"klapvoet", r"dropvoet", r"klap ?voet",
        (r"{can} {w}(?:voet|voeten|tenen|enkel) (?:\S+ )?{not} (?:meer )?(?:op ?tillen|optrekken|heffen|"
         r"omhoog (?:krijgen|doen|trekken|houden)|bewegen)"),
        r"{can} {w}(?:been|benen) (?:\S+ )?{not} (?:meer )?(?:op ?tillen|bewegen|optrekken)",
        (r"(?:\w*voet|\w*been|tenen) (?:\S+ ){0,8}(?:kan|ken|krijg) (?:ik )?(?:hem|het|ze|'m) (?:\S+ )?{not} (?:meer )?"
         r"(?:op ?tillen|optrekken|omhoog)"),
        r"(?:sleep|sleept|slepen) (?:\S+ ){0,2}(?:voet|been)", r"(?:voet|been) (?:\S+ ){0,2}(?:sleept|sleep)",
        r"(?:" + "|".join(_LEG) + r") (?:\S+ ){0,3}(?:wordt|worden|word|raakt|raken|steeds|getting|becoming) "
        r"(?:\S+ ){0,2}(?:slapper|zwakker|krachtelozer|gevoellozer|dover|weaker|number|gevoel(?:s)?l?oo?s|doof|"
        r"verlamd|lam|krachteloos|slap|numb)",
        (r"(?:steeds|telkens|alsmaar|meer en meer|steeds meer) (?:\S+ ){0,2}(?:krachtverlies|kracht kwijt|"
         r"minder kracht|gevoel(?:s)?l?oo?s|doof|slapper|zwakker)"),
        r"krachtverlies (?:\S+ ){0,3}(?:" + "|".join(_LEG) + ")",
        (r"voel (?:\S+ ){0,2}(?:" + "|".join(_LEG) + r") (?:\S+ ){0,2}(?:steeds|elke dag|iedere dag) (?:\S+ )?"
         r"(?:minder|slechter)"),
        r"(?:" + "|".join(_LEG) + r") (?:\S+ ){0,3}(?:geen kracht|krachtverlies|begeeft|begeven|zakt weg|"
        r"zakken weg|zakt door|zakken door|houden me niet)",
        r"verlamd (?:\S+ ){0,3}(?:been|benen|voet|voeten)", r"(?:been|benen|voet|voeten) (?:\S+ ){0,2}verlamd",
        r"(?:ineens|opeens|plotseling|plots) (?:\S+ ){0,4}(?:" + "|".join(_LEG) + r") (?:\S+ ){0,2}"
        r"(?:gevoel(?:s)?l?oo?s|doof|slap|krachteloos|verlamd|lam)",
        (r"(?:beide|allebei|allebij) (?:\S+ )?(?:benen|voeten) (?:\S+ ){0,3}(?:gevoel(?:s)?l?oo?s|doof|slap|"
         r"krachteloos|verlamd)"),
        r"foot ?drop", r"drop ?foot", r"{cant} (?:lift|raise|move) (?:my )?(?:foot|feet|toes|legs?)",
        r"(?:drag|dragging) (?:my )?(?:foot|leg)", r"(?:losing|lost) (?:\S+ )?strength in (?:my )?(?:legs?|foot)",
        r"both (?:my )?legs (?:\S+ ){0,2}(?:numb|weak)",
    ],
    # -- huisarts: thrombosis ----------------------------------------------------------
    "calf_swollen": _near(_CALF, _SWOLLEN, words=4),
    "red_warm": [
        r"rood", r"roder", r"rode", r"warm", r"warmer", r"heet", r"gloeit", r"gloeiend", r"glanzend", r"red",
        r"hot", r"rot", r"rouge", r"kirmizi",
    ],
    "calf_only_swollen": _near([r"kuit", r"kuiten", r"calf"], _SWOLLEN, words=4),
    "thrombosis_now": [
        (r"(?:denk|bang|vrees|volgens mij|misschien|is dit|is het|heb ik|think|might be|could (?:it|this) be) "
         r"(?:\S+ ){0,3}(?:trombose|thrombose|tromboze|trombosebeen|dvt|blood clot|bloedprop|stolsel)"),
    ],
    # -- huisarts: falls and accidents ------------------------------------------------
    "fall_event": [
        r"gevallen(?<!slaap gevallen)(?<!smaak gevallen)", r"gevalen", r"gevalle", r"gestruikeld", r"uitgegleden",
        r"onderuit ?gegaan", r"(?:een|de|mijn|zijn|haar|na|bij) val", r"valpartij", r"smak gemaakt", r"viel",
        r"(?<!per )ongeluk", r"ongeval", r"aangereden", r"aanrijding", r"\S*botsing", r"(?:auto|fiets|verkeers)ongeluk",
        r"van (?:de|een) (?:trap|ladder|fiets|paard|stoel|trapleer|steiger)",
        r"(?:fell|fallen)(?! asleep)", r"(?<!the )fall(?! asleep| apart)", r"slipped", r"tripped",
        r"(?<!by )accident", r"(?:car )?crash", r"hit by", r"run over", r"gesturzt", r"unfall", r"tombe\w*",
        r"chute", r"dustum",
    ],
    "collision": [
        r"aangereden", r"aanrijding", r"\S*botsing", r"(?:auto|fiets|verkeers|scooter|brommer)-?ongeluk",
        r"hit by a (?:car|bike|truck)", r"car (?:crash|accident)", r"run over",
    ],
    "cannot_bear": [
        (r"{can} {w}{not} (?:meer )?(?:op (?:\S+ )?(?:been|benen|voet|heup|bene) )?(?:staan|lopen|lope|opstaan|"
         r"overeind (?:komen|staan)|steunen|belasten)"),
        r"{can} {w}(?:\S+ )?(?:been|benen|voet|heup) (?:\S+ )?{not} (?:meer )?(?:belasten|bewegen|neerzetten)",
        r"(?:kom|komt|kwam|kwamen) (?:\S+ ){0,2}niet (?:meer )?(?:overeind|omhoog|van de grond)",
        r"ligt (?:\S+ ){0,3}op de (?:grond|vloer)", r"{cant} (?:stand|walk|get up|put weight|bear weight|move)",
        r"(?:can'?t|cannot|unable to) (?:\S+ )?(?:stand|walk) on",
        r"{cant} (?:put|bear) (?:any |my |much )?weight",
    ],
    "leg_deformed": [
        (r"(?:been|voet) (?:\S+ ){0,3}(?:korter|naar buiten (?:gedraaid|gedraaid|staat|wijst)|in een rare (?:stand|"
         r"hoek))"),
        r"(?:korter|naar buiten gedraaide?) been", r"gebroken", r"gebroke", r"breuk", r"fractuur", r"fracture\w*",
        r"broken", r"bot (?:steekt|stak) uit",
        r"(?:leg|foot) (?:\S+ ){0,3}(?:shorter|turned out|rotated|at a (?:weird|strange) angle|deformed)",
    ],
    "head_injury": [
        r"(?:hoofd|kop|achterhoofd) (?:\S+ ){0,2}(?:gestoten|geraakt|bezeerd|geklapt)",
        r"op (?:mijn|zijn|haar|het|m'?n) (?:hoofd|achterhoofd) (?:gevallen|geklapt|terechtgekomen)",
        r"hersenschudding", r"concussion", r"hit (?:my|his|her) head",
    ],
    "elderly": [
        r"oma", r"opa", r"grootmoeder", r"grootvader", r"bejaard\w*", r"oudere", r"ouderen", r"hoogbejaard\w*",
        r"verpleeghuis", r"verzorgingshuis", r"(?:van|is|ben|wordt|word) [7-9]\d(?: jaar)?",
        r"[7-9]\d[- ]?(?:jaar|jarige|jr)",
        r"grandma", r"grandpa", r"grandmother", r"grandfather", r"elderly", r"aged? [7-9]\d",
        r"[7-9]\d[- ]?years?[- ]old",
    ],
    # -- huisarts: serious causes of back pain ----------------------------------------
    "fever": [
        (r"(?:heb|had|hebt|heeft|met|en|ook|krijg|kreeg|plus|gekregen|sinds|beetje|erg|flinke|hoge) (?:\S+ ){0,2}"
         r"(?:koorts|koors|koords|koortz|korts|koorst)"),
        r"(?:koorts|koors) (?:van|boven|tot) \d", r"koortsig\w*", r"rillerig", r"koude rillingen",
        r"(?:heb|had|heeft|met|en|ook) (?:\S+ ){0,2}verhoging(?! van)",
        r"(?:3[89]|4[01])(?:[.,]\d)? ?(?:graden|°c?|c)",
        r"(?:heb|had|heeft|met|van|is|was|temp\w*|koorts|koors) (?:\S+ )?(?:3[89]|4[01])[.,]\d",
        r"temperatuur (?:\S+ ){0,2}(?:3[89]|4[01])",
        r"fever\w*", r"high temperature", r"fieber", r"fievre", r"ates(?:im|i)?", r"(?:,|\+|&) ?(?:koorts|koors)",
    ],
    "night_pain": [
        r"(?:'?s ?nachts|snachts|nachtelijke|in de nacht|'?s avonds laat|at night|night ?time|during the night)"
        r"(?: \S+){0,5} (?:" + "|".join(_PAIN) + ")",
        r"(?:" + "|".join(_PAIN) + r")(?: \S+){0,5} (?:'?s ?nachts|snachts|in de nacht|at night)",
        r"wakker (?:\S+ ){0,3}(?:van|door) (?:de )?pijn", r"night pain", r"pain wakes me", r"nachtpijn",
    ],
    "night_sweats": [
        r"nachtzweten", r"(?:'?s ?nachts|snachts|in de nacht) (?:\S+ ){0,4}(?:zweet|zweten|bezweet|nat)",
        r"(?:zweet|zweten) (?:\S+ )?(?:'?s ?nachts|snachts)", r"kletsnat (?:wakker|in bed)",
        r"badend in het zweet", r"doorweekt", r"night sweats?", r"sweating at night", r"nachtschweiss",
    ],
    "weight_loss": [
        (r"(?:onverklaard|onverklaarbaar|onverklaarbare|onbedoeld|ongewenst|zomaar|vanzelf|zonder reden)"
         r" (?:\S+ ){0,2}(?:afgevallen|gewichtsverlies|afvallen|kilo|kg|af)"),
        r"afgevallen (?:zonder|terwijl)",
        (r"(?:\d+|veel|flink|paar|heel wat) (?:kilo|kg|kilo'?s|kilos) (?:\S+ ){0,3}(?:afgevallen|kwijt|lichter|"
         r"verloren)"),
        r"val (?:\S+ ){0,2}af zonder", r"(?:unexplained|unintentional|unexplainable) weight ?loss",
        r"lost (?:\S+ ){0,3}(?:weight|kilos|pounds|kg) without",
    ],
    "cancer_history": [
        r"(?:ik|i) (?:heb|had|have|hab|hebt) (?:\S+ ){0,4}(?:\w*kanker|tumou?r\w*|uitzaaiing\w*|cancer|krebs|kanser)",
        r"(?:heb|had) ik (?:\S+ ){0,3}(?:\w*kanker|tumor\w*|uitzaaiing\w*)",
        (r"ik (?:ben|was) (?:\S+ ){0,3}(?:behandeld|geopereerd|bestraald|genezen) (?:\S+ ){0,2}(?:voor|aan|van) "
         r"(?:\S+ ){0,2}(?:\w*kanker|tumor)"),
        r"(?:mijn|my|m'?n) (?:\w*kanker|tumou?r|uitzaaiing\w*|cancer|chemo\w*|bestraling\w*)",
        r"^(?:\w*kanker|tumor|uitzaaiingen|cancer)(?: \S+){0,3} (?:gehad|gekregen)",
        r"(?:ik|i) (?:\S+ ){0,3}(?:chemo|chemotherapie|bestraling|bestraald|radiotherapie|chemotherapy|radiation)",
        r"(?:na|sinds|after) (?:mijn|de|my) (?:\w*kanker|chemo\w*|bestraling\w*|cancer)",
        r"^(?:had|heb|heb gehad|had ooit) (?:\S+ ){0,2}(?:\w*kanker|tumou?r|cancer)",
        r"history of cancer", r"cancer survivor", r"kankerpatient\w*", r"uitzaaiingen (?:\S+ ){0,2}(?:in|naar)",
    ],
    # -- huisarts: abdomen -------------------------------------------------------------
    "vomiting": [
        r"overgeven", r"over geven", r"overgegeven", r"geef (?:\S+ )?over", r"gaf (?:\S+ )?over", r"braken",
        r"braak", r"gebraakt", r"spugen", r"gespuugd", r"spuug", r"kotsen", r"gekotst", r"kots", r"vomit\w*",
        r"throwing up", r"threw up", r"erbrechen", r"vomi\w*", r"kusuyorum", r"kusma",
    ],
    # -- 112: sudden worst-ever headache (possible brain bleed) -------------------------------
    "thunderclap_headache": [
        r"ergste hoofdpijn", r"hoofdpijn\W+(?:\S+ ){0,4}(?:ergste|ooit|van mijn leven)",
        (r"(?:plotseling|plotselinge|ineens|opeens|in een klap) (?:\S+ ){0,3}(?:hevige|heftige|enorme|barstende|"
         r"vreselijke|ondraaglijke) hoofdpijn"),
        r"(?:hevige|heftige|enorme|barstende|vreselijke) hoofdpijn (?:\S+ ){0,3}(?:ineens|opeens|plotseling)",
        r"worst headache", r"thunderclap headache", r"sudden (?:\S+ )?(?:severe|terrible) headache",
    ],
    "rigid_belly": [
        r"(?:buik|stomach|belly) (?:\S+ ){0,2}(?:keihard|hard als een plank|plankhard|rock hard)", r"keiharde buik",
        r"rigid (?:stomach|belly|abdomen)",
    ],
    # -- sick child ----------------------------------------------------------------------
    "child": [
        r"baby\w*", r"babie\w*", r"zuigeling\w*", r"pasgeboren\w*", r"kindje", r"kind(?! of)", r"kinderen",
        r"dochter\w*",
        r"zoon\w*", r"peuter\w*", r"kleuter\w*", r"dreumes", r"child", r"kid", r"son", r"daughter", r"toddler",
        r"infant", r"newborn", r"little one", r"kleintje",
    ],
    "not_drinking": [
        r"(?:drinkt|drinken|drink|voeding|fles|flesje) (?:\S+ ){0,3}(?:niet|nie|nauwelijks|amper|slecht|weinig)",
        r"(?:wil|wilt) (?:\S+ ){0,2}(?:niet|nie) (?:meer )?(?:drinken|de fles|het flesje|aan de borst)",
        r"weigert (?:\S+ ){0,2}(?:fles|flesje|borst|voeding|drinken|te drinken)",
        r"(?:geen|weinig|minder) natte luiers?", (r"(?:not|won'?t|isn'?t|refus\w*) (?:\S+ )?(?:drink|drinking|feed|"
         r"feeding)"), r"(?:no|few) wet nappies",
    ],
    "limp": [
        r"slap", r"lusteloos", r"suf", r"sufferig", r"futloos", r"apathisch", r"floppy", r"limp",
        r"lethargic", r"listless",
    ],
    "hard_to_wake": [
        r"(?:moeilijk|slecht|niet|nauwelijks) (?:\S+ )?wakker (?:te )?(?:krijgen|maken)",
        r"(?:hard|difficult|impossible) to wake", r"won'?t wake up",
        r"reageert (?:\S+ )?(?:nauwelijks|amper|niet meer)",
    ],
    "child_breathing": [
        r"kreunt", r"kreunend", r"kreunerig", r"hijgt", r"snelle ademhaling", r"ademt (?:\S+ )?snel",
        r"intrekkingen", r"neusvleugelen", r"grunting", r"breathing (?:\S+ )?fast",
    ],
    "non_blanching_rash": [
        r"(?:vlekjes|vlekken|puntjes) (?:\S+ ){0,3}niet (?:weg ?drukken|wegdrukbaar|weg te drukken|verdwijnen)",
        r"niet[- ]wegdrukbare", r"rash (?:\S+ ){0,3}(?:doesn'?t|does not|won'?t) fade",
    ],
}

# Context concepts describe the situation, not a symptom, so a negation before them does not
# cancel them: in "ik kan niet plassen als er iemand staat" the "niet" belongs to "plassen".
_CONTEXT = frozenset({
    "long_ago", "recent", "now", "sudden", "habitual", "conditional", "had_before", "own_childhood", "bereavement",
    "flu",
    "stress_leak", "child", "elderly", "fever_question", "menstrual", "menopause", "after_exercise",
})


@dataclass(frozen=True)
class _Rule:
    """Route `route` as `category` when every `needs` concept is found and no `unless` concept."""

    category: str
    route: str
    needs: tuple[str, ...]
    unless: tuple[str, ...] = ()


_NOT_PAST = ("past_only",)
_NOT_CHILDHOOD = ("past_only", "own_childhood")

# First match wins: life-threatening first, then 113, then the huisarts rules.
_RULES: tuple[_Rule, ...] = (
    # -- 112 ---------------------------------------------------------------------------
    _Rule("suicide_attempt", "112", ("suicidal", "took_pills")),
    _Rule("suicide_attempt", "112", ("overdose",), unless=_NOT_PAST),
    _Rule("sick_child", "112", ("child", "blue_lips"), unless=_NOT_CHILDHOOD),
    _Rule("sick_child", "112", ("child", "hard_to_wake"), unless=_NOT_CHILDHOOD),
    _Rule("sick_child", "112", ("child", "non_blanching_rash"), unless=_NOT_CHILDHOOD),
    _Rule("unconscious", "112", ("unresponsive",), unless=_NOT_PAST),
    _Rule("bleeding", "112", ("heavy_bleeding",), unless=("past_only", "menstrual")),
    _Rule("seizure", "112", ("seizure",), unless=_NOT_CHILDHOOD),
    _Rule("allergic_reaction", "112", ("throat_swelling",), unless=("past_only", "habitual_only")),
    _Rule("chest", "112", ("chest_pain",), unless=("past_only", "habitual_only")),
    _Rule("chest", "112", ("heart_attack_now",), unless=("past_only", "had_before")),
    _Rule("chest", "112", ("arm_and_jaw",), unless=_NOT_PAST),
    _Rule("chest", "112", ("radiating_arm_jaw", "cold_sweat"), unless=_NOT_PAST),
    _Rule("breathing", "112", ("breathless",), unless=("past_only", "habitual_only")),
    _Rule("breathing", "112", ("blue_lips",), unless=("past_only", "habitual_only")),
    _Rule("pulmonary_embolism", "112", ("calf_swollen", "short_of_breath"), unless=_NOT_PAST),
    _Rule("stroke", "112", ("face_droop",), unless=_NOT_PAST),
    _Rule("stroke", "112", ("speech_trouble",), unless=("past_only", "habitual_only")),
    _Rule("stroke", "112", ("one_sided_weakness",), unless=_NOT_PAST),
    _Rule("stroke", "112", ("stroke_now",), unless=("past_only", "had_before")),
    _Rule("brain_bleed", "112", ("thunderclap_headache",), unless=("past_only", "habitual_only")),
    _Rule("aneurysm", "112", ("sudden", "severe_pain", "belly_or_back", "shock_signs"), unless=_NOT_PAST),
    _Rule("aneurysm", "112", ("severe_pain", "belly_or_back", "pulsating"), unless=_NOT_PAST),
    _Rule("aneurysm", "112", ("sudden", "tearing_pain", "belly_or_back"), unless=_NOT_PAST),
    # -- 113 (no time veto: past suicidal thoughts still deserve the warm 113 reply) ----
    _Rule("suicide", "113", ("suicidal",)),
    # -- huisarts ------------------------------------------------------------------------
    _Rule("chest", "huisarts", ("chest_pain",), unless=_NOT_PAST),  # recurring chest pain: get it checked
    _Rule("sick_child", "huisarts", ("child", "fever"), unless=("past_only", "own_childhood", "fever_question")),
    _Rule("sick_child", "huisarts", ("child", "not_drinking"), unless=_NOT_CHILDHOOD),
    _Rule("sick_child", "huisarts", ("child", "limp"), unless=_NOT_CHILDHOOD),
    _Rule("sick_child", "huisarts", ("child", "child_breathing"), unless=_NOT_CHILDHOOD),
    _Rule("cauda_equina", "huisarts", ("saddle_numb",), unless=_NOT_PAST),
    _Rule("cauda_equina", "huisarts", ("bladder_bowel_loss",), unless=("past_only", "stress_leak")),
    # new, even if it leaks on coughing
    _Rule("cauda_equina", "huisarts", ("bladder_bowel_loss", "recent"), unless=_NOT_PAST),
    _Rule("cauda_equina", "huisarts", ("urine_retention",), unless=("past_only", "conditional", "habitual_only")),
    _Rule("thrombosis", "huisarts", ("calf_swollen", "red_warm"), unless=("past_only", "after_exercise")),
    _Rule("thrombosis", "huisarts", ("calf_only_swollen", "pain"), unless=("past_only", "after_exercise")),
    _Rule("thrombosis", "huisarts", ("thrombosis_now",), unless=("past_only", "had_before")),
    _Rule("fall", "huisarts", ("fall_event", "cannot_bear"), unless=_NOT_PAST),
    _Rule("fall", "huisarts", ("fall_event", "leg_deformed"), unless=_NOT_PAST),
    _Rule("fall", "huisarts", ("fall_event", "severe_pain"), unless=_NOT_PAST),
    _Rule("fall", "huisarts", ("fall_event", "head_injury"), unless=_NOT_PAST),
    _Rule("fall", "huisarts", ("fall_event", "elderly", "pain"), unless=_NOT_PAST),
    _Rule("fall", "huisarts", ("collision", "recent", "pain"), unless=_NOT_PAST),
    _Rule("leg_weakness", "huisarts", ("leg_weakness",), unless=_NOT_PAST),
    _Rule("abdomen", "huisarts", ("sudden", "severe_pain", "belly"), unless=_NOT_PAST),
    _Rule("abdomen", "huisarts", ("belly", "fever"), unless=("past_only", "habitual_only", "fever_question")),
    _Rule("abdomen", "huisarts", ("belly", "vomiting"), unless=("past_only", "habitual_only")),
    _Rule("abdomen", "huisarts", ("rigid_belly", "pain"), unless=_NOT_PAST),
    _Rule("back_fever", "huisarts", ("back", "fever"), unless=("past_only", "flu", "fever_question")),
    _Rule("back_night_sweats", "huisarts", ("night_pain", "night_sweats"), unless=("menopause",)),
    _Rule("back_weight_loss", "huisarts", ("night_pain", "weight_loss"), unless=("intentional",)),
    _Rule("back_weight_loss", "huisarts", ("back", "weight_loss"), unless=("intentional",)),
    _Rule("cancer", "huisarts", ("cancer_history", "pain"), unless=("bereavement",)),
)

# The Dutch reply for each route (category-specific where one exists), read from texts.py at call time.
_MESSAGE_NAMES = {"112": "URGENT_112", "huisarts": "URGENT_HUISARTS", "113": "URGENT_113"}
_CATEGORY_MESSAGE_NAMES = {"suicide_attempt": "URGENT_112_SUICIDE_ATTEMPT"}

_NEGATION_BEFORE = re.compile(
    r"(?:^|\s)(?:geen|niet|nie|zonder|nooit|no|not|without|never|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|"
    r"isn'?t|aren'?t|wasn'?t|kein\w*|nicht|sans)\s+(?:\w+\s+){0,2}$"
)

_compiled: dict[str, re.Pattern] | None = None


def _whole_words(alternatives: list[str]) -> re.Pattern:
    """One regex matching any alternative as whole words (the engine backtracks into the group)."""
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{_expand(alt)})" for alt in alternatives) + r")(?!\w)")


def _patterns() -> dict[str, re.Pattern]:
    """Concept regexes, compiled on first use."""
    global _compiled
    if _compiled is None:
        _compiled = {name: _whole_words(alternatives) for name, alternatives in _CONCEPTS.items()}
    return _compiled


def _mentions(pattern: re.Pattern, text: str) -> bool:
    """True when the pattern matches somewhere that is not right after a negation."""
    return any(
        not _NEGATION_BEFORE.search(text[max(0, m.start() - 40) : m.start()]) for m in pattern.finditer(text)
    )


def _found(text: str) -> set[str]:
    """Names of the concepts (and derived concepts) present in normalised text."""
    found = {
        name for name, pattern in _patterns().items()
        if (pattern.search(text) if name in _CONTEXT else _mentions(pattern, text))
    }
    if "long_ago" in found and "recent" not in found:
        found.add("past_only")
    if "habitual" in found and not found & {"now", "recent", "sudden"}:
        found.add("habitual_only")
    return found


def _message(route: str, category: str) -> str:
    return getattr(texts, _CATEGORY_MESSAGE_NAMES.get(category, _MESSAGE_NAMES[route]))


def triage(text: str) -> Triage | None:
    """Return the urgent route for a message that describes a possible emergency or red flag, else None.

    Rules are tried in order (112, then 113, then huisarts); the first whose
    concepts are all present, and whose `unless` concepts are all absent, wins.
    """
    if not text or not text.strip():
        return None
    found = _found(_normalise(text))
    for rule in _RULES:
        if all(n in found for n in rule.needs) and not any(u in found for u in rule.unless):
            return Triage(rule.route, rule.category, _message(rule.route, rule.category))
    return None


# --- practice questions ----------------------------------------------------------------
# Logistics the knowledge base never answers. Each alternative is specific enough on its
# own: "route" alone would also match "de route van de psoas door het bekken".

_PRACTICE: dict[str, list[str]] = {
    "hours": [
        r"openingstijd\w*", r"openingsuren", r"opening ?(?:hours|times)",
        r"(?:zijn|is|bent|zijt) (?:jullie|u|de praktijk|julie|jullie praktijk) (?:\S+ ){0,3}(?:open|dicht|gesloten)",
        (r"open (?:op|in|tijdens|rond|met) (?:zaterdag|zondag|maandag|dinsdag|woensdag|donderdag|vrijdag|"
         r"feestdag\w*|kerst\w*|pasen|de vakantie|de feestdagen|het weekend|weekend|'?s avonds|'?s ochtends)"),
        r"hoe laat (?:\S+ ){0,3}(?:open|dicht|beginnen|sluiten|gaan)", r"tot hoe laat", r"(?:avond|weekend)spreekuur",
        r"wanneer (?:zijn|is|bent) (?:jullie|u|de praktijk) (?:open|bereikbaar|geopend)",
        r"(?:are|is) (?:you|the practice) open", r"when (?:are you|is the practice) open", r"offnungszeit\w*",
        r"horaires?",
    ],
    "costs": [
        r"wat kost\w*", r"hoeveel kost\w*", (r"kost (?:een|de|het|zo ?n) (?:\S+ ){0,2}(?:behandeling|sessie|consult|"
         r"afspraak|intake|les|training|workshop|cursus|traject)"), r"kosten", r"prijs", r"prijzen", r"tarief\w*",
        r"tarif\w*", r"tarieven", r"(?:moet|zelf) (?:ik )?(?:\S+ )?betalen", r"eigen risico", r"eigen bijdrage",
        r"factuur",
        r"how much (?:does|is|do|will)", r"what does (?:\S+ ){0,3}cost", r"costs?", r"prices?", r"fees?", r"prix",
        r"preis\w*", r"fiyat\w*", r"ucret\w*",
    ],
    "insurance": [
        r"vergoed\w*", r"\w*verzeker\w*", r"basispakket", r"aanvullend\w* (?:pakket|verzekering)",
        r"polis", r"zorgpolis", r"insurance", r"insured", r"covered by", r"reimburs\w*", r"versicher\w*",
        r"mutuelle", r"assurance", r"sigorta\w*",
    ],
    "referral": [
        r"verwijzing\w*", r"verwijsbrief", r"doorverwijz\w*", r"verwezen (?:worden|door)",
        r"direct toegankelijk\w*", r"zonder (?:\S+ )?verwijzing", r"referral", r"uberweisung",
    ],
    "appointment": [
        r"afspraak\w*", r"afspraken", r"intake", r"inplannen", r"afzeggen", r"afmelden", r"annuler\w*",
        r"verzetten", r"boeken", r"reserveren", r"appointment\w*", r"book (?:a|an|my|in)", r"booking",
        r"reschedul\w*", r"cancel\w*", r"termin", r"rendez[- ]vous", r"randevu\w*",
        r"hoe lang duurt (?:een|de|het) (?:eerste )?(?:behandeling|sessie|consult|afspraak|intake)",
    ],
    "parking": [
        r"parkeer\w*", r"parkeren", r"waar kan ik (?:mijn |de )?(?:auto|fiets|scooter) (?:kwijt|neerzetten|stallen)",
        r"parking", r"parkplatz", r"stationnement", r"otopark"],
    "address": [
        r"adres\w*", r"address\w*", r"routebeschrijving",
        r"route (?:naar|to) (?:jullie|u|de praktijk|you|the practice)",
        r"hoe kom (?:ik|je) (?:\S+ ){0,2}(?:bij|naar) (?:jullie|u|de praktijk|jullie praktijk)",
        r"waar (?:zit|zitten|is|zijn|ligt|vind ik) (?:jullie|u|de praktijk|jullie praktijk)",
        r"bereikbaar (?:met|per) (?:ov|openbaar vervoer|bus|trein|auto|fiets|rolstoel)", r"rolstoeltoegankelijk",
        r"where (?:are you|is the practice)", r"how do i get (?:to you|to the practice|there)",
    ],
    "visit_rules": [
        r"mondkap\w*", r"mondmasker\w*", r"mond ?kapje\w*", r"face ?masks?", r"(?:wear|need|bring) a mask", r"maske",
        r"masque",
        r"(?:corona|covid)\w*[- ]?(?:regel\w*|maatregel\w*|beleid|test\w*|rules?|measures?)",
        r"(?:maatregel|regel)\w* (?:\S+ ){0,3}(?:corona|covid)\w*", r"anderhalve meter", r"1[,.]5 meter",
        (r"mag ik (?:\S+ ){0,3}(?:komen|langskomen) (?:als|met) (?:ik )?(?:\S+ )?(?:verkouden|griep|koorts|corona|"
         r"klachten)"),
    ],
    "waiting": [
        r"wachttijd\w*", r"wachtlijst\w*", r"hoe lang (?:is|zijn|duurt) de wacht\w*",
        r"hoe lang (?:\S+ ){0,3}wachten (?:op|voor) (?:een |de )?(?:afspraak|behandeling|intake|plek|plekje)",
        r"wanneer kan ik (?:\S+ ){0,3}(?:terecht|langskomen|beginnen|starten)",
        r"hoe snel kan ik (?:\S+ )?(?:terecht|komen)",
        r"(?:waiting (?:time|list))", r"how (?:long|soon) (?:\S+ ){0,4}(?:wait|be seen|get an appointment)",
    ],
    "contact": [
        r"telefoon ?nummer\w*", r"tel\.? ?nr", r"phone ?number", r"bellen naar (?:jullie|de praktijk)",
        r"(?:jullie|u|de praktijk) (?:\S+ ){0,2}(?:bellen|mailen|bereiken|contacteren|appen|whatsappen)",
        r"hoe (?:kan|bereik) ik (?:\S+ ){0,2}(?:jullie|u|de praktijk)", r"contact ?(?:gegevens|formulier|opnemen)",
        r"contact (?:\S+ ){0,2}opnemen", r"e-?mail\w*", r"mailadres", r"whatsapp\w*", r"call you",
        r"contact (?:you|the practice|details|us|info\w*)", r"email",
    ],
}

_practice_compiled: re.Pattern | None = None


def is_practice_question(text: str) -> bool:
    """True for practical questions about the practice itself (hours, costs, insurance, referral,
    appointments, parking, address, visit rules, waiting time, contact).

    The knowledge base never answers these; the caller replies with the practice's
    contact route instead of retrieving. Health questions that merely mention the
    practice ("Wat doen jullie in de praktijk met een gespannen psoas?") are not.
    """
    global _practice_compiled
    if not text or not text.strip():
        return False
    if _practice_compiled is None:
        _practice_compiled = _whole_words([alt for alts in _PRACTICE.values() for alt in alts])
    return _practice_compiled.search(_normalise(text)) is not None


# --- meaning, not only words: suicidal thoughts -----------------------------------
#
# Thoughts of not wanting to live are written in endlessly many ways ("iedereen is
# beter af zonder mij", "Ich will nicht mehr leben"), often without a keyword the
# rules know. The question's vector (computed for retrieval anyway) is compared
# with these prototypes. Only this category works this way: for physical red flags
# the meaning-level similarity could not tell "veel bloed bij mijn menstruatie"
# from heavy bleeding, or "kortademig bij inspanning" from an emergency (measured;
# see docs/quality.md), so those stay with the rules and their time/negation checks.
SUICIDE_PROTOTYPES = (
    "Ik wil dood, ik wil niet meer leven",
    "Ik denk erover om een einde aan mijn leven te maken",
    "Iedereen is beter af zonder mij",
    "Ik zie het leven niet meer zitten en zie geen uitweg",
    "Ik wil slapen en nooit meer wakker worden",
    "I want to end my life",
    "I don't want to live anymore",
)
# Highest similarity of an ordinary question in our negative sets: 0.645
# ("ik wil dood graag weten hoe dit werkt"); our suicidal phrasings: median above 0.85.
# No prototype about harming oneself ("mezelf iets aandoen"): it sat at 0.78 from
# "wat kan ik zelf doen?", the most ordinary follow-up there is; the rules catch self-harm.
SUICIDE_SIMILARITY = 0.70


def semantic_triage(similarity_to_prototypes: float) -> Triage | None:
    """The 113 route when a question's cosine with the nearest SUICIDE_PROTOTYPES is high enough."""
    if similarity_to_prototypes >= SUICIDE_SIMILARITY:
        return Triage(route="113", category="suicide_meaning", message=_message("113", "suicide"))
    return None
