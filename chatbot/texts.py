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

# The same note when the suggested alarm is suicidal thoughts or self-harm: 113 is where to talk.
ALARM_NOTE_113 = (
    "**Let op:** heb je sombere gedachten of doe je jezelf pijn? Praat erover met 113: **" + TEL_113 + "** of gratis **"
    + TEL_0800_0113 + "**, dag en nacht. Bij direct gevaar: " + CALL_112_NOW + "."
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

# --- user interface (chatbot/ui/, chatbot/server.py) --------------------------
# Everything a patient or the front desk reads or hears from a screen reader, also what Gradio itself
# would say in English. Placeholders in braces are filled in by the app.

UI_PAGE_TITLE = "Psoas-assistent · {practice}"
UI_TITLE = "Vragen over de psoas"
# One line on top; the rest is one tap away (a <details> block).
UI_INTRO_SHORT = "Automatische assistent van {practice}: antwoorden uit de informatie van de praktijk."
UI_INTRO_MORE = "Meer uitleg"
UI_INTRO = (
    "Je praat hier met een **automatische assistent**, niet met een mens. "
    "De assistent antwoordt alleen met de informatie van {practice} over de psoas, "
    "en laat bij elk antwoord zien waar het staat. "
    "De assistent stelt **geen diagnose** en geeft geen persoonlijk advies."
)
UI_PRIVACY = "Typ geen naam, geboortedatum of andere gegevens waaraan iemand jou kan herkennen."
# The sticky emergency line: short enough for two lines on a phone. {hap}: " · Huisartsenpost 0900-…" or "".
UI_EMERGENCY_LABEL = "Spoed en hulp"
UI_EMERGENCY = (
    '<strong>Spoed?</strong> <a href="tel:112">Bel 112</a>{hap}'
    ' · Donkere gedachten? <a href="tel:113">113</a> of <a href="tel:08000113">0800-0113</a>'
)
UI_EMERGENCY_HAP = ' · <a href="tel:{tel}">Huisartsenpost {phone}</a>'

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
# The row under the question box, shown when the practice filled in its phone number or booking link.
UI_CONTACT_LABEL = "Contact met de praktijk"
UI_CALL_PRACTICE = "Bel de praktijk"
UI_BOOK = "Afspraak maken"

UI_SOURCES_TITLE = "Bronnen"
UI_SOURCES_SUMMARY_ONE = "Bronnen (1 fragment uit de informatie van de praktijk)"
UI_SOURCES_SUMMARY = "Bronnen ({n} fragmenten uit de informatie van de praktijk)"
UI_SOURCE_ITEM = "**[{n}] {section}**"
UI_URGENT_LABEL = "Belangrijk"
UI_ERROR = (
    "Sorry, er ging iets mis bij het beantwoorden van je vraag. Probeer het over een paar minuten opnieuw. "
    "Heb je nu hulp nodig? Neem dan contact op met {practice}, of bel bij spoed [112](tel:112)."
)
# Replies when the app cannot take a question now (also the `answer` of the /ask JSON then).
UI_BUSY = (
    "Het is even druk. Probeer het over een minuutje opnieuw. "
    "Heb je nu hulp nodig? Bel bij spoed [112](tel:112), of neem contact op met {practice}."
)
UI_RATE_LIMITED = (
    "Je stelt veel vragen kort na elkaar. Wacht even een minuutje en probeer het dan opnieuw. "
    "Bij spoed: [bel 112](tel:112)."
)
UI_STARTING = (
    "De assistent wordt net opgestart en is over een paar minuten klaar. Probeer het zo opnieuw. "
    "Bij spoed: [bel 112](tel:112)."
)
UI_TOO_LARGE = "Je bericht of het gesprek is te lang om te versturen. Maak je vraag korter, of laad de pagina opnieuw."
UI_UPLOAD_REFUSED = "Bestanden versturen kan hier niet."
UI_NOT_FOUND = "Deze pagina bestaat niet."
UI_FORBIDDEN_ORIGIN = "Deze website mag de assistent niet gebruiken."
UI_TOP_K = "top_k moet een heel getal zijn (1 tot en met {most}), niet {value!r}."
UI_BAD_REQUEST = "Dit verzoek kan de assistent niet lezen. Stel je vraag als tekst."

# Thumbs up/down.
UI_THANKS = "Bedankt voor je reactie."
UI_THANKS_DOWN = "Bedankt voor je reactie. We gebruiken die om de informatie beter te maken."
UI_MISSED_LABEL = "Wat miste je? (mag leeg blijven)"
UI_MISSED_PLACEHOLDER = "Bijvoorbeeld: ik zocht iets over…"
UI_MISSED_SEND = "Opmerking versturen"
UI_MISSED_THANKS = "Bedankt, je opmerking is bewaard (zonder persoonsgegevens)."
UI_FEEDBACK_FAILED = "Je reactie kon niet worden bewaard. Probeer het later nog eens."
UI_FEEDBACK_LIMITED = "Je reactie is niet bewaard: je gaf er net al veel. Probeer het later nog eens."
UI_FEEDBACK_WITHDRAWN = "Je reactie is ingetrokken."

# The front desk (/balie).
UI_DESK_PAGE_TITLE = "Opzoeken · {practice}"
UI_DESK_TITLE = "Opzoeken voor de balie"
UI_DESK_INTRO = (
    "Zoek een onderwerp op en lees de tekst uit de informatie van de praktijk voor, of kopieer hem. "
    "De beste match staat bovenaan. Er wordt niets samengevat of opgeslagen."
)
UI_LOOKUP_LABEL = "Onderwerp of vraag"
UI_LOOKUP_PLACEHOLDER = "Bijvoorbeeld: lang zitten, ademhaling, Moro-reflex…"
UI_LOOKUP_BUTTON = "Zoeken"
UI_LOOKUP_GOOD = "goede match"
UI_LOOKUP_POSSIBLE = "mogelijke match"
UI_LOOKUP_WEAK = "zwakke match"
UI_LOOKUP_FOUND = "{n} secties, de beste eerst."
UI_LOOKUP_NO_GOOD_MATCH = (
    "Geen goede match: de informatie van de praktijk zegt hier waarschijnlijk niets over. "
    "Hieronder staan de secties die er het dichtst bij komen."
)
UI_LOOKUP_EMPTY = "Typ eerst een onderwerp of vraag."
UI_LOOKUP_ERROR = "Het zoeken lukte niet. Probeer het zo opnieuw; blijft het misgaan, meld het dan bij de beheerder."
UI_LOOKUP_COPY = "Kopieer sectie"
UI_LOOKUP_COPY_LABEL = "Kopieer de sectie {section} met kopje"
UI_LOOKUP_COPIED = "Gekopieerd"
UI_LOOKUP_RESULTS = "Zoekresultaten"
UI_LOGIN_MESSAGE = "Log in met de gegevens van de balie."

# The floating widget (/widget.js) on the practice's own website. The button's language follows
# data-lang ("nl" or "en"); the chat inside is Dutch. {practice}: data-practice or the app's practice name.
WIDGET_LABELS = {
    "nl": {
        "open": "Vraag het de assistent",
        "close": "Chat sluiten",
        "title": "Psoas-assistent van {practice}",
        "frame": "Chat met de psoas-assistent van {practice}",
    },
    "en": {
        "open": "Ask our assistant",
        "close": "Close chat",
        "title": "Psoas assistant of {practice}",
        "frame": "Chat with the psoas assistant of {practice} (in Dutch)",
    },
}

# Gradio's own interface strings (keys of its frontend translation files) in Dutch: Gradio's Dutch
# translation lacks some, and the page is Dutch whatever language the visitor's browser prefers.
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
    "chatbot.retry": "Opnieuw",
    "chatbot.undo": "Ongedaan maken",
    "chatbot.edit": "Bewerken",
    "chatbot.submit": "Versturen",
    "chatbot.cancel": "Annuleren",
    "common.complete": "Klaar",
    "common.progress": "Voortgang",
    "common.download_all": "Alles downloaden",
    "common.error": "Foutmelding",
    "common.loading": "Bezig met laden",
    "common.clear": "Wissen",
    "common.submit": "Versturen",
    "common.empty": "Leeg",
    "blocks.lost_connection": "De verbinding was weg. Je vraag wordt opnieuw verstuurd…",
    "blocks.connection_can_break": "Op een telefoon kan de verbinding wegvallen als je een andere app opent.",
    "blocks.long_requests_queue": "Het is even druk. Je vraag komt zo aan de beurt.",
    "blocks.waiting_for_inputs": "Even geduld…",
    "status.queue_position": "In de wachtrij: {position} van {size}",
    "login.login": "Inloggen",
    "login.username": "Gebruikersnaam",
    "login.password": "Wachtwoord",
    "login.incorrect_credentials": "Gebruikersnaam of wachtwoord klopt niet",
    "login.enable_cookies": "Sta cookies toe om in te loggen.",
    "login.login_successful": "Ingelogd",
    "errors.use_via_api": "Gebruik via API",
}
# Text and labels that Gradio writes in English whatever the locale: English start → Dutch. The page's
# script (chatbot/ui/assets/page.js) rewrites aria-labels, titles and text nodes with them.
UI_ENGLISH_NL = {
    "Copy": "Kopiëren",
    "Copied": "Gekopieerd",
    "Copy message": "Bericht kopiëren",
    "Copied message": "Bericht gekopieerd",
    "Select example": "Kies voorbeeld",
    "bot's message": "Bericht van de assistent",
    "user's message": "Jouw bericht",
    "chatbot conversation": "Gesprek met de assistent",
    "Like": "Nuttig antwoord",
    "Dislike": "Niet nuttig",
    "Liked": "Nuttig antwoord (gekozen)",
    "Disliked": "Niet nuttig (gekozen)",
    "Clear": "Gesprek wissen",
    "More tabs": "Meer tabbladen",
    "Gradio footer navigation": "Voettekst",
    "Loading response": "De assistent schrijft een antwoord",
    "Loading content": "Even geduld, het antwoord komt eraan",
    "Scroll down": "Naar beneden",
    "Scroll to bottom": "Naar beneden",
    "Scroll to latest message": "Naar het laatste bericht",
    "Close": "Sluiten",
    "Error": "Foutmelding",
    "Loading...": "Bezig met laden…",
    "Loading": "Bezig met laden",
    "processing": "bezig",
    "Processing": "Bezig",
    "Thinking": "Bezig",
    "Connection to the server was lost. Attempting reconnection...": (
        "De verbinding met de assistent is weg. We proberen opnieuw te verbinden. "
        "Spoed? Bel 112."
    ),
}
# What the connection-lost message becomes as a tappable line (page.js adds it below the message).
UI_CONNECTION_LOST_CALL = '<a href="tel:112">Bel 112</a> bij spoed.'

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
INSIGHTS_SECTION = (
    "   Kwam het dichtst bij: {section}. Beantwoordt die sectie deze vragen wel? Zet er dan een als vraagsleutel "
    "onder '## {heading}' in kb/psoas.vragen.md. Zo niet, dan ontbreekt het onderwerp op de pagina."
)
INSIGHTS_MORE = "   … en nog {more} andere formulering(en)"
INSIGHTS_TIP = (
    "Komt een onderwerp vaak terug? Dan is het een goede kandidaat voor een nieuwe sectie in kb/. "
    "Persoonsgegevens zijn vervangen door [NAAM], [TELEFOON], [DATUM] enzovoort."
)
