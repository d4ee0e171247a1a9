"""Every Dutch sentence the chatbot itself says (not quoted from the knowledge base).

Kept in one module so the practice can read and change its wording in one place.
Tone: calm, respectful, B1-level Dutch, "je"-form. Placeholders in braces are
filled from the settings (practice name, phone, e-mail, links).
"""

# --- urgent routing (router.py, safety/) --------------------------------------
# The emergency advice comes first; no exercises and no psoas explanation here.
# A reply = the reason line of its category + the action of its route + the footer.
# Phone numbers are tel: links, so a patient on a phone can tap them.

# Link texts hold a word besides the number: "[112]" alone would read as a citation marker [n].
CALL_112_NOW = "[Bel nu 112](tel:112)"
CALL_112_THEN = "[bel dan 112](tel:112)"
CALL_112_THEN_START = "[Bel dan 112](tel:112)"
TEL_113 = "[bel 113](tel:113)"
TEL_0800_0113 = "[0800-0113](tel:08000113)"

URGENT_FOOTER = "_Ik ben een automatische assistent. Ik kan niet beoordelen wat er aan de hand is._"

# Why this needs a doctor, per urgent category (safety/categories.toml). Calm, no diagnosis.
URGENT_REASONS = {
    "chest": "Pijn of druk op de borst kan van het hart komen. Dat moet meteen bekeken worden.",
    "breathing": "Ernstige benauwdheid moet meteen bekeken worden.",
    "stroke": (
        "Een scheve mond, minder kracht in een arm of been aan één kant, moeite met praten of plotseling "
        "heel erge hoofdpijn kunnen tekenen zijn van een beroerte. Dan telt elke minuut."
    ),
    "aneurysm": (
        "Plotselinge, heel erge pijn in buik of rug, zeker als je bleek, zweterig of duizelig wordt, "
        "moet meteen bekeken worden."
    ),
    "collapse": "Iemand die niet reageert, niet normaal ademt of een aanval heeft, heeft meteen hulp nodig.",
    "anaphylaxis": "Zwelling van lippen, tong of keel kan een ernstige allergische reactie zijn.",
    "heavy_bleeding": "Een bloeding die niet stopt, of bloed braken of ophoesten, moet meteen bekeken worden.",
    "overdose": "Te veel medicijnen of iets giftigs kan levensgevaarlijk zijn, ook als je je nu nog goed voelt.",
    "pe_dvt": (
        "Een dikke, warme, pijnlijke kuit kan een trombosebeen zijn. Plotseling benauwd worden of pijn bij het "
        "inademen kan betekenen dat een stolsel in de longen zit: **" + CALL_112_THEN + ".**"
    ),
    "cauda_equina": (
        "Een doof gevoel tussen je benen of rond je anus, of je plas of ontlasting niet meer goed kunnen "
        "ophouden of juist niet kunnen plassen, kan betekenen dat zenuwen onderin je rug bekneld raken. "
        "Dat moet nu bekeken worden, niet pas morgen."
    ),
    "spinal_infection": "Rugpijn met koorts of koude rillingen, en je erg ziek voelen, moet snel bekeken worden.",
    "kidney_infection": (
        "Pijn in je zij of flank met koorts, rillingen of branderig plassen kan op een ontsteking van de nier "
        "wijzen. Dat moet snel bekeken worden."
    ),
    "acute_abdomen": (
        "Plotselinge, heel erge buikpijn, een harde buik of blijven overgeven moet snel door een arts "
        "bekeken worden."
    ),
    "trauma": (
        "Na een val of ongeluk niet kunnen staan of steunen, een been dat vreemd staat, of je hoofd "
        "gestoten hebben: laat dat snel door een arts bekijken."
    ),
    "neuro_progressive": (
        "Steeds minder kracht of gevoel in je been of voet kan betekenen dat een zenuw in de knel zit. "
        "Dat moet snel bekeken worden."
    ),
    "sick_infant": (
        "Een baby of jong kind dat ziek is, slap is, moeilijk wakker wordt of niet drinkt, moet snel door een "
        "arts gezien worden. Is je kind blauw rond de lippen of reageert het niet? **" + CALL_112_THEN_START + ".**"
    ),
    "malignancy": (
        "Rugpijn samen met onbedoeld afvallen, nachtzweten, pijn die 's nachts niet minder wordt, of kanker in "
        "je voorgeschiedenis, moet door je huisarts onderzocht worden."
    ),
}

# What to do now, per route. {hap}: the huisartsenpost's number as a link, when the practice set it.
URGENT_ACTIONS = {
    "112": (
        "**" + CALL_112_NOW + ".** Zeg wat er aan de hand is en waar je bent. "
        "Vraag iemand om bij je te blijven, als dat kan. Wacht niet af en doe geen oefeningen."
    ),
    "huisarts_now": (
        "**Bel nu je huisarts.** Is de praktijk dicht ('s avonds, 's nachts of in het weekend)? "
        "**Bel dan nu de huisartsenpost{hap}.** Wacht niet af en doe eerst geen oefeningen. "
        "Wordt het snel erger, of gaat het erg slecht? **" + CALL_112_THEN_START + ".**"
    ),
    "huisarts_today": (
        "**Bel vandaag nog je huisarts** voor een afspraak. Is de praktijk dicht? Bel dan de "
        "huisartsenpost{hap}. Wordt het snel erger, of voel je je erg ziek? **" + CALL_112_THEN_START + ".**"
    ),
}
URGENT_HAP_NUMBER = " ([{phone}](tel:{tel}))"

URGENT_113 = (
    "Wat naar dat je je zo voelt. Fijn dat je het hier deelt: je hoeft dit niet alleen te dragen.\n\n"
    "**Praat erover met 113 Zelfmoordpreventie:** **" + TEL_113 + "** of gratis **" + TEL_0800_0113 + "**, "
    "dag en nacht. Chatten kan ook, via **113.nl**. Je praat anoniem met iemand die naar je luistert.\n\n"
    "Ben je nu in direct gevaar? **" + CALL_112_THEN_START + ".** "
    "Je kunt ook je huisarts bellen, of 's avonds en in het weekend de huisartsenpost{hap}.\n\n"
    "_Ik ben een automatische assistent. Ik kan je hier niet goed bij helpen, de mensen van 113 wel._"
)
URGENT_113_SELF_HARM = (
    "Wat fijn dat je dit durft te vertellen. Jezelf pijn doen is vaak een manier om met iets heel zwaars om te "
    "gaan, en je verdient daar echte hulp bij.\n\n"
    "**Praat erover met 113 Zelfmoordpreventie**, ook als je niet aan de dood denkt: **" + TEL_113 + "** of "
    "gratis **" + TEL_0800_0113 + "**, dag en nacht, of chat via **113.nl**. Je huisarts kan ook met je "
    "meedenken.\n\n"
    "Is een wond diep of stopt het bloeden niet? **" + CALL_112_THEN_START + ".**\n\n"
    "_Ik ben een automatische assistent. Ik kan je hier niet goed bij helpen, de mensen van 113 wel._"
)
URGENT_112_OVERDOSE = (
    "**" + CALL_112_NOW + ".** Wat je beschrijft kan levensgevaarlijk zijn, ook als je je nu nog goed "
    "voelt.\n\n"
    "Zeg aan de telefoon wat er is ingenomen, hoeveel en wanneer, en waar je bent. Vraag iemand om bij je te "
    "blijven, als dat kan.\n\n"
    "Wil je daarna met iemand praten? Dat kan bij 113 Zelfmoordpreventie: **" + TEL_113 + "** of gratis **"
    + TEL_0800_0113 + "**, dag en nacht, of chat via **113.nl**.\n\n" + URGENT_FOOTER
)

URGENT_OTHER_LANGUAGE = (
    "_In English: this may need help right away. Call 112 in an emergency, otherwise your GP (huisarts) "
    "now or the huisartsenpost outside office hours. Suicidal thoughts: call 113 or 0800-0113, day and night._"
)

# The alarm note: an answer still comes, with this line on top, when a message mentions an alarm
# symptom without enough to call it an emergency.
ALARM_NOTE = (
    "**Let op:** je noemt een klacht die soms snel hulp nodig heeft. Is die nieuw, heel erg of wordt hij snel "
    "erger? Bel dan je huisarts of de huisartsenpost{hap}; bij direct gevaar: " + CALL_112_NOW + "."
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
CONTACT_PHONE = "Telefoon: [{phone}](tel:{tel})"
CONTACT_EMAIL = "E-mail: [{email}](mailto:{email})"
CONTACT_BOOKING = "Afspraak maken: {url}"
CONTACT_HOURS = "Openingstijden: {url}"

# Small talk: a short, friendly reply, by kind (safety/smalltalk.toml).
SMALL_TALK = {
    "thanks": "Graag gedaan! Heb je nog een vraag over de psoas? Stel hem gerust.",
    "goodbye": "Graag gedaan, en het beste! Je kunt hier altijd terugkomen met een vraag over de psoas.",
    "greeting": (
        "Hallo! Ik ben de automatische assistent van {practice}. Ik beantwoord vragen over de psoas met de "
        "informatie van de praktijk. Waar kan ik je mee helpen?"
    ),
    "other": (
        "Ik ben een automatische assistent van {practice}, geen mens. Ik beantwoord vragen over de psoas met de "
        "informatie van de praktijk, bijvoorbeeld: 'Wat heeft de psoas met ademhaling te maken?'"
    ),
}

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
