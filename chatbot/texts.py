"""Every Dutch sentence the chatbot itself says (not quoted from the knowledge base).

Kept in one module so the practice can read and change its wording in one place.
Tone: calm, respectful, B1-level Dutch, "je"-form. Placeholders in braces are
filled from the settings (practice name, phone, e-mail, links).
"""

# --- urgent routing (safety.py) ----------------------------------------------
# The emergency advice comes first; no exercises and no psoas explanation here.
# Each text names 112, huisarts(enpost) or 113 literally.

URGENT_FOOTER = "_Ik ben een automatische assistent. Ik kan niet beoordelen wat er aan de hand is._"

URGENT_112 = (
    "Wat je beschrijft kan een spoedgeval zijn. **Bel nu 112.**\n\n"
    "Zeg aan de telefoon wat er aan de hand is en waar je bent. "
    "Vraag iemand om bij je te blijven, als dat kan. "
    "Wacht niet af en doe geen oefeningen.\n\n" + URGENT_FOOTER
)

URGENT_HUISARTS = (
    "Wat je beschrijft moet snel door een arts bekeken worden. "
    "**Bel vandaag nog je huisarts.** Is de praktijk gesloten ('s avonds, 's nachts of in het weekend)? "
    "**Bel dan nu de huisartsenpost.**\n\n"
    "Wacht niet af en doe eerst geen oefeningen. "
    "Wordt het snel erger, of gaat het erg slecht? **Bel dan 112.**\n\n" + URGENT_FOOTER
)

URGENT_113 = (
    "Wat naar dat je je zo voelt. Fijn dat je het hier deelt: je hoeft dit niet alleen te dragen.\n\n"
    "**Praat erover met 113 Zelfmoordpreventie.** Bel **113** of gratis **0800-0113**, dag en nacht. "
    "Chatten kan ook, via **113.nl**. Je praat anoniem met iemand die naar je luistert.\n\n"
    "Ben je nu in direct gevaar? **Bel dan 112.** "
    "Je kunt ook je huisarts bellen, of 's avonds en in het weekend de huisartsenpost.\n\n"
    "_Ik ben een automatische assistent. Ik kan je hier niet goed bij helpen, de mensen van 113 wel._"
)

URGENT_112_SUICIDE_ATTEMPT = (
    "**Bel nu 112.** Wat je beschrijft kan levensgevaarlijk zijn, ook als je je nu nog goed voelt.\n\n"
    "Zeg aan de telefoon wat er is gebeurd en waar je bent. Vraag iemand om bij je te blijven, als dat kan.\n\n"
    "Wil je daarna met iemand praten? Dat kan bij 113 Zelfmoordpreventie: bel **113** of gratis **0800-0113**, "
    "dag en nacht, of chat via **113.nl**.\n\n" + URGENT_FOOTER
)

# --- answers (compose.py) ----------------------------------------------------

ANSWER_INTRO = "Dit staat er in de informatie van {practice} over:"
SOURCES_HEADING = "**Bronnen**"
ANSWER_CLOSING = (
    "_Dit is algemene informatie, geen persoonlijk advies. "
    "Wil je weten wat jouw psoas nodig heeft? Maak een afspraak{booking}._"
)
OTHER_LANGUAGE_NOTE = (
    "Je vraag is niet in het Nederlands gesteld. Ik antwoord in het Nederlands, de taal van onze informatie. "
    "(Your question is not in Dutch; I answer in Dutch, the language of our information.)"
)
TRUNCATED_NOTE = (
    "Je bericht was erg lang. Ik heb alleen de eerste {limit} tekens gelezen; "
    "stel je vraag gerust korter als iets ontbreekt."
)

# --- refusals and input hygiene ----------------------------------------------

EMPTY_QUESTION = (
    "Ik heb nog geen vraag van je gelezen. Typ gerust een vraag over de psoas, bijvoorbeeld: "
    "'Wat heeft de psoas met ademhaling te maken?'"
)
NO_ANSWER = (
    "Daarover staat niets in onze informatie, dus ik kan je vraag niet goed beantwoorden. "
    "Neem gerust contact op met {practice}, dan denken we met je mee.{contact}\n\n"
    "Heb je een andere medische vraag? Bespreek die dan met je huisarts."
)
PRACTICE_QUESTION = (
    "Voor praktische vragen over afspraken, openingstijden, kosten, vergoeding of verwijzing "
    "kun je het beste direct contact opnemen met {practice}. Deze chatbot weet daar niets over.{contact}"
)
CONTACT_PHONE = "Telefoon: {phone}"
CONTACT_EMAIL = "E-mail: {email}"
CONTACT_BOOKING = "Afspraak maken: {url}"
CONTACT_HOURS = "Openingstijden: {url}"

# --- user interface (ui.py) --------------------------------------------------
