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

URGENT_OTHER_LANGUAGE = (
    "_In English: this may need help right away. Call 112 in an emergency, otherwise your GP (huisarts) "
    "today or the huisartsenpost outside office hours. Suicidal thoughts: call 113 or 0800-0113, day and night._"
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

UI_PAGE_TITLE = "Psoas-assistent · {practice}"
UI_TITLE = "Vragen over de psoas"
UI_INTRO = (
    "Je praat hier met een **automatische assistent**, niet met een mens. "
    "De assistent antwoordt alleen met de informatie van {practice} over de psoas, "
    "en laat bij elk antwoord zien waar het staat. "
    "De assistent stelt **geen diagnose** en geeft geen persoonlijk advies."
)
UI_EMERGENCY = (
    "**Spoed?** Bel **112**. Twijfel je, of heb je snel een arts nodig? "
    "Bel je **huisarts**, of 's avonds, 's nachts en in het weekend de **huisartsenpost**."
)
UI_PRIVACY = "Typ geen naam, geboortedatum of andere gegevens waaraan iemand jou kan herkennen."

UI_TAB_CHAT = "Chat"
UI_TAB_LOOKUP = "Opzoeken"

UI_CHAT_LABEL = "Gesprek met de assistent"
UI_CHAT_EMPTY = "Stel je vraag hieronder, of kies een voorbeeld:"
UI_QUESTION_LABEL = "Je vraag"
UI_QUESTION_PLACEHOLDER = "Typ je vraag over de psoas…"
UI_SEND = "Versturen"
UI_EXAMPLES = (
    "Wat heeft de psoas met ademhaling te maken?",
    "Wat heeft de Moro-reflex met de psoas te maken?",
    "Is lang zitten slecht voor mijn psoas?",
    "Hoe kan ik mijn psoas veilig stretchen?",
)
UI_SOURCES_TITLE = "Bronnen"
UI_SOURCES_COUNT_ONE = "1 fragment uit de informatie van de praktijk"
UI_SOURCES_COUNT = "{n} fragmenten uit de informatie van de praktijk"
UI_SOURCE_ITEM = "**[{n}] {section}**"
UI_URGENT_LABEL = "Belangrijk"
UI_ERROR = (
    "Sorry, er ging iets mis bij het beantwoorden van je vraag. Probeer het over een paar minuten opnieuw. "
    "Heb je nu hulp nodig? Neem dan contact op met {practice}, of bel bij spoed **112**."
)

UI_LOOKUP_INTRO = (
    "Voor de balie: zoek een onderwerp op en lees de tekst uit de informatie van de praktijk voor, "
    "of kopieer hem. De beste treffer staat bovenaan. Er wordt niets samengevat of opgeslagen."
)
UI_LOOKUP_LABEL = "Onderwerp of vraag"
UI_LOOKUP_PLACEHOLDER = "Bijvoorbeeld: lang zitten, ademhaling, Moro-reflex…"
UI_LOOKUP_BUTTON = "Zoeken"
UI_LOOKUP_HIT = "{rank}. {section} · relevantie {score}"
UI_LOOKUP_NONE = "Niets gevonden voor deze zoekvraag. Probeer andere woorden."
UI_LOOKUP_EMPTY = "Typ eerst een onderwerp of vraag."
UI_LOOKUP_ERROR = "Het zoeken lukte niet. Probeer het opnieuw; blijft het misgaan, herstart dan de app."
UI_LOOKUP_COUNT = "{n} secties gevonden, de beste eerst."

# Gradio's own interface strings that its Dutch translation lacks (keys from
# gradio's frontend translation files; see ui.py).
UI_GRADIO_NL = {
    "chat_interface.message_placeholder": UI_QUESTION_PLACEHOLDER,
    "chat_interface.new_chat": "Nieuw gesprek",
    "chat_interface.chatbot": "Chat",
    "chat_interface.conversation": "Gesprek",
    "chat_interface.additional_inputs": "Meer invoer",
    "chatbot.copy_message": "Bericht kopiëren",
    "chatbot.copied_message": "Bericht gekopieerd",
    "chatbot.complete": "Klaar",
    "chatbot.clear": "Gesprek wissen",
    "chatbot.like": "Nuttig antwoord",
    "chatbot.dislike": "Niet nuttig",
    "common.complete": "Klaar",
    "common.progress": "Voortgang",
    "common.download_all": "Alles downloaden",
}
# Screen-reader labels and tooltips that Gradio writes in English whatever the locale: English start → Dutch.
UI_ARIA_NL = {
    "Copy": "Kopiëren",
    "Copied": "Gekopieerd",
    "Select example": "Kies voorbeeld",
    "bot's message": "Bericht van de assistent",
    "user's message": "Jouw bericht",
    "chatbot conversation": "Gesprek met de assistent",
    "Liked": "Nuttig antwoord (gekozen)",
    "Disliked": "Niet nuttig (gekozen)",
    "More tabs": "Meer tabbladen",
    "Gradio footer navigation": "Voettekst",
}

# --- insights (insights.py, `python -m chatbot insights`) ---------------------
# Read by the practice: which questions the chatbot could not answer well.

INSIGHTS_OFF = (
    "Inzichten staan uit. Zet ze aan met CHATBOT_INSIGHTS=true: de chatbot bewaart dan, zonder "
    "persoonsgegevens, de vragen die hij niet kon beantwoorden of die een duim omlaag kregen."
)
INSIGHTS_OFF_NOTE = "Let op: inzichten staan nu uit; hieronder staat wat eerder is bewaard."
INSIGHTS_EMPTY = "Nog geen vragen bewaard in de afgelopen {days} dagen."
INSIGHTS_HEADER = (
    "{questions} vragen zonder goed antwoord in de afgelopen {days} dagen, in {groups} groepen "
    "van vergelijkbare vragen. De grootste {shown}:"
)
INSIGHTS_GROUP = "{rank}. {count}× gesteld, {down}× duim omlaag ({period})"
INSIGHTS_PERIOD = "{first} tot en met {last}"
INSIGHTS_MORE = "   … en nog {more} andere formulering(en)"
INSIGHTS_TIP = (
    "Komt een onderwerp vaak terug? Dan is het een goede kandidaat voor een nieuwe sectie in kb/. "
    "Persoonsgegevens zijn vervangen door [NAAM], [TELEFOON], [DATUM] enzovoort."
)
