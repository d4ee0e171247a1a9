"""Urgent routing and practice questions: everyday phrasings that must, and must not, be routed.

The phrasings are written by hand for these tests (typos on purpose), not taken
from any evaluation set. False alarms count as much as missed emergencies.
"""

from __future__ import annotations

import pytest

from chatbot import texts
from chatbot.safety import Triage, _normalise, is_practice_question, triage

# --- phrasings that need 112 now ------------------------------------------------

CALL_112 = [
    # chest
    ("Ik heb sinds een half uur pijn op de borst", "chest"),
    ("druk op mijn borst en ik krijg moeilijk lucht", "chest"),
    ("het voelt alsof er een olifant op mn borst zit", "chest"),
    ("pijn op de borts die uitstraalt naar mijn linkerarm", "chest"),
    ("Mijn man heeft ineens een drukkend gevoel op de borst en zweet heel erg", "chest"),
    ("de pijn straalt uit naar mijn kaak en ik ben misselijk en klam", "chest"),
    ("pijn in mijn arm en kaak, wat moet ik doen", "chest"),
    ("I have chest pain and feel sick", "chest"),
    ("Ich habe starke Brustschmerzen", "chest"),
    ("j'ai une douleur thoracique depuis ce matin", "chest"),
    ("göğüs ağrısı var", "chest"),
    ("ik denk dat ik een hartaanval heb", "chest"),
    # breathing
    ("ik krijg geen lucht!!", "breathing"),
    ("Ik kan ineens niet meer ademen", "breathing"),
    ("help ik stik", "breathing"),
    ("mijn vader hapt naar adem", "breathing"),
    ("I can't breathe", "breathing"),
    ("ik krijg bijna geen lucht meer en mijn lippen worden blauw", "breathing"),
    ("mijn kuit is dik en ik ben ineens erg kortademig", "pulmonary_embolism"),
    # stroke
    ("mijn moeder haar gezicht hangt ineens scheef", "stroke"),
    ("hangende mondhoek en hij praat onduidelijk", "stroke"),
    ("mijn vrouw praat ineens dubbel", "stroke"),
    ("Ik kan opeens mijn arm niet meer goed bewegen, hij is helemaal slap", "stroke"),
    ("plotseling krachtverlies in mijn arm en been aan een kant", "stroke"),
    ("linkerkant van mijn lichaam is verlamd", "stroke"),
    ("ik kan ineens niet meer praten", "stroke"),
    ("volgens mij heeft mijn opa een beroerte", "stroke"),
    ("my dad's face is drooping and his speech is slurred", "stroke"),
    # aorta
    ("ik heb plotseling ondraaglijke pijn in mijn buik en rug en ik ben lijkbleek", "aneurysm"),
    ("Opeens heftige rugpijn, ik zweet en voel me flauw", "aneurysm"),
    ("vreselijke pijn in mijn buik en ik voel iets kloppen in mijn buik", "aneurysm"),
    ("sudden tearing pain in my back and I feel faint", "aneurysm"),
    # general
    ("mijn moeder is bewusteloos", "unconscious"),
    ("hij reageert niet meer en ademt raar", "unconscious"),
    ("mijn man ademt niet", "unconscious"),
    ("my husband is unconscious", "unconscious"),
    ("er komt heel veel bloed uit de wond en het stopt niet met bloeden", "bleeding"),
    ("mijn dochter heeft een koortsstuip", "seizure"),
    ("mijn keel zwelt op na een wespensteek", "allergic_reaction"),
    # children
    ("mijn baby heeft blauwe lipjes", "sick_child"),
    ("ons kindje is met koorts bijna niet wakker te krijgen", "sick_child"),
    ("mijn kind heeft vlekjes die niet wegdrukken", "sick_child"),
    # suicide attempt
    ("ik heb een hele strip pillen geslikt omdat ik er een eind aan wil maken", "suicide_attempt"),
    # more everyday wording, dialect spelling and longer messages
    ("drukop de borst", "chest"),
    ("ik kan nie ademe", "breathing"),
    ("mn moeder d'r mond hangt scheef", "stroke"),
    ("plotseling uitval van mijn arm", "stroke"),
    ("Ik heb pijn op de borst en ben misselijk, ik denk dat het van mijn psoas komt", "chest"),
    ("Ik krijg ineens slecht lucht en heb pijn in mijn borst na een lange vliegreis", "chest"),
    ("plotseling scheurende pijn in mijn rug en buik", "aneurysm"),
    ("Mijn moeder is net van de trap gevallen en reageert niet", "unconscious"),
    ("er is iemand onwel geworden en reageert niet", "unconscious"),
    ("hij is flauwgevallen en komt niet meer bij", "unconscious"),
    ("ik bloed heel hevig na de bevalling", "bleeding"),
    ("na een wespensteek zwelt mijn tong op en krijg ik moeilijk lucht", "breathing"),
    ("Mein Vater ist bewusstlos", "unconscious"),
    ("nefes alamıyorum", "breathing"),
]

# --- phrasings that need the huisarts today ------------------------------------

CALL_HUISARTS = [
    # cauda equina
    ("ik plas in mijn broek en heb rugpijn", "cauda_equina"),
    ("Sinds gisteren kan ik mijn plas niet meer ophouden", "cauda_equina"),
    ("ik merk niet meer wanneer ik moet plassen", "cauda_equina"),
    ("ik heb een doof gevoel tussen mijn benen", "cauda_equina"),
    ("mijn kruis is helemaal gevoelloos en mijn rug doet zeer", "cauda_equina"),
    ("gevoeloos rond mijn anus sinds mijn hernia", "cauda_equina"),
    ("een verdoofd gevoel in het rijbroekgebied", "cauda_equina"),
    ("ik kan sinds vanochtend niet meer plassen en heb lage rugpijn", "cauda_equina"),
    ("geen controle meer over mijn blaas", "cauda_equina"),
    ("I can't control my bladder and my back hurts", "cauda_equina"),
    ("numbness between my legs with sciatica", "cauda_equina"),
    # serious causes of back pain
    ("ik heb rugpijn en koorts", "back_fever"),
    ("pijn in mijn onderrug en 39 graden koorts", "back_fever"),
    ("back pain with a fever", "back_fever"),
    ("s nachts veel pijn en nachtzweten", "back_night_sweats"),
    ("rugpijn en ik ben 8 kilo afgevallen zonder dat ik lijn", "back_weight_loss"),
    ("ik heb borstkanker gehad en nu nieuwe rugpijn", "cancer"),
    ("ik heb prostaatkanker en steeds meer pijn in mijn rug", "cancer"),
    # falls and accidents
    ("mijn oma van 84 is gevallen en heeft pijn in haar heup", "fall"),
    ("ik ben net van de trap gevallen en kan niet op mijn been staan", "fall"),
    ("Ik ben vandaag van de ladder gevallen, heel veel pijn in mijn rug", "fall"),
    ("opa is gevallen, zijn been is korter en naar buiten gedraaid", "fall"),
    ("ik ben gisteren aangereden door een auto en mijn nek doet pijn", "fall"),
    ("na het ongeluk kan ik niet meer lopen", "fall"),
    ("My grandmother fell and can't walk", "fall"),
    # legs
    ("mijn voet klapt neer bij het lopen", "leg_weakness"),
    ("ik kan mijn voet niet meer optillen", "leg_weakness"),
    ("mijn been wordt steeds slapper", "leg_weakness"),
    ("mijn benen worden gevoelloos", "leg_weakness"),
    ("ik heb krachtverlies in mijn been sinds de hernia", "leg_weakness"),
    ("I think I have foot drop", "leg_weakness"),
    # thrombosis
    ("mijn kuit is dik, rood en warm", "thrombosis"),
    ("sinds de vlucht is mijn kuit gezwollen en doet pijn", "thrombosis"),
    ("My calf is swollen and red", "thrombosis"),
    # abdomen
    ("ik heb buikpijn en koorts", "abdomen"),
    ("al de hele dag buikpijn en ik moet steeds overgeven", "abdomen"),
    ("ineens hevige buikpijn rechtsonder", "abdomen"),
    # sick child
    ("mijn baby heeft koorts en drinkt niet", "sick_child"),
    ("onze zoon van 2 is heel slap en lusteloos", "sick_child"),
    ("mijn dochtertje wil niet meer drinken", "sick_child"),
    ("my baby has a fever", "sick_child"),
    # recurring chest pain still needs a check, not a psoas answer
    ("Ik heb soms pijn op de borst als ik gestrest ben", "chest"),
    ("pijn op de borst bij het traplopen", "chest"),
    # more everyday wording, dialect spelling and longer messages
    ("ik kan me plas nie ophouwe", "cauda_equina"),
    ("Is het normaal dat ik sinds vanmiddag mijn plas niet kan ophouden? Ik heb ook rugpijn", "cauda_equina"),
    ("sinds de hernia voel ik niks meer als ik mijn billen afveeg", "cauda_equina"),
    ("ik kan al 12 uur niet plassen", "cauda_equina"),
    ("ik plas ineens in mijn broek, is dat mijn bekkenbodem?", "cauda_equina"),
    ("mijn onderrug doet pijn en ik ben vandaag al twee keer in mijn broek geplast", "cauda_equina"),
    ("I wet myself and my back is killing me", "cauda_equina"),
    ("mijn psoas doet pijn en ik heb 38.9", "back_fever"),
    ("had kanker, nu rugpijn die niet weggaat", "cancer"),
    ("I had breast cancer and now I have back pain", "cancer"),
    ("ik word s nachts wakker van de pijn in mijn rug en ben 5 kilo kwijt", "back_weight_loss"),
    ("ben gevalle van de trap en kan nie lope", "fall"),
    ("Mijn vader (81) is vanochtend in de badkamer gevallen en kan zijn been niet meer bewegen.", "fall"),
    ("I fell off a ladder and my hip is killing me", "fall"),
    ("Sinds twee dagen voel ik mijn rechtervoet niet goed meer en ik kan hem niet optillen", "leg_weakness"),
    ("mn bene worden steeds slapper", "leg_weakness"),
    ("is dit trombose? mijn kuit is dik en hard", "thrombosis"),
    ("mijn buik is keihard en doet pijn", "abdomen"),
    ("ik heb al twee dagen hoge koorts, buikpijn rechtsonder en ik moet overgeven", "abdomen"),
    ("Hoi, mijn zoontje van 10 maanden heeft 40 graden koorts en wil niet drinken", "sick_child"),
]

# --- phrasings that need 113 ----------------------------------------------------

CALL_113 = [
    "ik wil er een eind aan maken",
    "Ik denk aan zelfmoord",
    "ik hoop gewoon dat ik niet meer wakker word",
    "ik wil niet meer leven",
    "soms wil ik dood",
    "ik wil mezelf iets aandoen",
    "ik snij soms in mezelf als het te veel wordt",
    "ik zie het leven niet meer zitten",
    "Sinds mijn man overleden is wil ik er niet meer zijn",
    "I want to kill myself",
    "I don't want to live anymore",
    "i just want to end my life",
    "ich will mich umbringen",
    "je pense au suicide",
    "selfmoord gedachten",
    "ik wil er een eind aan make",
    "ik wil niet meer lefen",
    "ik wil er gewoon niet meer zijn",
    "ik heb geen zin meer in het leven",
    "ik zie geen uitweg meer",
    "Ik ben zo moe van de pijn dat ik er een einde aan wil maken",
    "sorry voor de vraag maar ik wil eigenlijk dood",
    "I've been thinking about ending my life",
    "kendimi öldürmek istiyorum",
]

# --- ordinary questions: knowledge base or otherwise not urgent ----------------

NOT_URGENT = [
    # stress, fear, panic, hyperventilation, breathing
    "Ik ben benauwd bij stress, kan dat van mijn psoas komen?",
    "Bij een paniekaanval krijg ik het gevoel dat ik geen lucht krijg, helpt ademhaling?",
    "Ik heb vaak hartkloppingen en word duizelig als ik hyperventileer",
    "Waarom adem ik zo oppervlakkig?",
    "Ik heb een hoge ademhaling in mijn borstkas, hoe leer ik buikademhaling?",
    "Ik kan niet diep ademhalen door mijn gespannen psoas",
    "Ik word snel kortademig bij lichte inspanning",
    "Kan angst de psoas gespannen maken?",
    "Wat is het verband tussen het diafragma en de psoas?",
    "I feel anxious and my hips are tight",
    # back, hip, groin, buttock
    "Ik heb lage rugpijn na lang zitten",
    "pijn in mijn lies bij het opstaan",
    "tintelingen in mijn bil en achterbeen na lang zitten, is dat de piriformis?",
    "Mijn been slaapt als ik lang zit",
    "ik heb een oude hernia, mag ik de psoas rekken?",
    "Kan een verkorte psoas knieklachten geven?",
    "mijn heup kraakt bij het bewegen",
    "ik heb rugpijn maar geen koorts",
    "Kan ik niet lang staan door mijn psoas?",
    "Wat helpt tegen een stijve onderrug in de ochtend?",
    # pelvic floor, bladder, bowel
    "Ik heb moeite met ontspannen plassen",
    "ik moet heel vaak plassen, kan dat door een gespannen psoas komen?",
    "Ik heb een constante aandrang om te plassen",
    "ik verlies een beetje urine bij het niezen sinds de bevalling",
    "Ik kan niet plassen als er iemand naast me staat",
    "Ik heb PDS en ben vaak opgeblazen",
    "Ik heb PDS met buikpijn en soms moet ik overgeven",
    "Heeft de psoas invloed op de darmen?",
    # women's health, scars, old injuries
    "Bij mijn menstruatie heb ik veel buikpijn, heeft dat met de psoas te maken?",
    "Ik heb endometriose, wat kan ik doen voor mijn psoas?",
    "Ik heb vijf jaar geleden een keizersnede gehad en nu heupklachten",
    "Ik heb een oude liesbreuk, kan dat mijn psoas beinvloeden?",
    "Ik ben jaren geleden van de trap gevallen en heb sindsdien rugpijn",
    "vorig jaar een kop-staartbotsing gehad met whiplash",
    "Na een auto-ongeluk heb ik whiplash, helpen oogoefeningen?",
    "Als kind ben ik vaak gevallen, kan dat nu nog klachten geven?",
    "ik had vorig jaar pijn op de borst, dat bleek hyperventilatie",
    "Ik heb 3 jaar geleden een beroerte gehad, mag ik psoasoefeningen doen?",
    # emotions, grief, trauma
    "Sinds mijn moeder is overleden heb ik veel spanning in mijn buik",
    "Mijn moeder is aan kanker overleden en ik heb veel rugpijn van verdriet",
    "Kan een gespannen psoas kanker veroorzaken?",
    "Ik moest huilen na de behandeling, is dat normaal?",
    "Kan trauma in de psoas worden opgeslagen?",
    "Ik ben doodmoe na een dag werken",
    "ik wil de dood van mijn vader beter verwerken",
    "Ik kan niet goed praten over mijn emoties",
    "Ik heb last van bruxisme en kaakklemmen",
    # babies, Moro reflex, TRE
    "Op welke leeftijd verdwijnt de Moro-reflex bij baby's?",
    "Mijn baby schrikt heel erg van harde geluiden, is dat de Moro-reflex?",
    "Ik had als kind vaak koorts, kan dat mijn Moro-reflex beinvloed hebben?",
    "Ik draag mijn kind altijd op mijn linkerheup, krijg ik daar rugpijn van?",
    "Mijn benen trillen tijdens de TRE oefening, is dat goed?",
    # other harmless things that share words with emergencies
    "Mijn psoas reageert niet op stretchen",
    "Ik heb per ongeluk te hard gerekt en nu is mijn lies stijf",
    "Wat is de route van de psoas door het bekken?",
    "Ik val moeilijk in slaap door stress",
    "Ik wil afvallen, helpt een sterke psoas daarbij?",
    "Mijn kuiten zijn dik van het fietsen",
    "Ik voel mijn hartslag kloppen in mijn buik als ik op mijn rug lig",
    "Can a tight psoas cause lower back pain?",
    "Helps stretching the psoas with hip pain after running?",
    "Welche Übungen helfen bei einem verspannten Psoas?",
    # found while probing: shared words, other meanings, time and context
    "Mijn psoas reageert niet.",
    "mijn baby reageert niet op geluid",
    "Mijn buik ademt niet meer mee",
    "ik verlies veel bloed bij mijn menstruatie",
    "Ik ben 10 kilo afgevallen door een dieet en mijn rugpijn is minder",
    "Mijn baby wordt s nachts niet meer wakker, is dat normaal?",
    "Na de TRE oefening worden mijn benen slap",
    "Mijn kuiten zijn warm en dik na het fietsen",
    "Mag ik met koorts mijn psoas rekken?",
    "is de psoas gevoelig voor koorts?",
    "Ik voel een strak gevoel in mijn borstkas als ik diep inadem",
    "ik ben gisteren gevallen op mijn knie, het doet een beetje pijn",
    "Ik praat onduidelijk als ik moe ben",
    "nachtzweten door de overgang en s nachts pijn in mijn heup",
    "Ik ben 5 jaar geleden gevallen en nu heb ik nog steeds pijn in mijn heup",
    "I had a car accident years ago and now my neck hurts badly",
    "Mijn kind eet slecht en heeft buikpijn",
    "ik wil dood graag weten hoe dit werkt",
    "Mijn keel voelt dichtgeknepen bij stress",
    "Mijn opa is vorig jaar gevallen en loopt nu met een rollator, kan hij de psoas trainen?",
    "Mijn moeder van 82 heeft rugpijn, welke oefeningen kan ze doen?",
    "Ik voel soms mijn hartslag in mijn onderbuik, is dat de psoas?",
    "Waarom kan ik mijn been niet hoog optillen bij het hardlopen?",
    "Mijn been voelt soms doof als ik lang in de auto zit",
    "Ik moet vaak overgeven als ik heel zenuwachtig ben",
    "Ik ben zo moe van de pijn, ik kan niet meer",
    "ik ga dood van de spierpijn haha",
    "ik ben doodsbang voor de behandeling",
    "ik wil niet meer zo gespannen zijn",
    "ik heb moeite om mijn plas op te houden bij hoesten",
    "Ik heb een tijdje geleden kanker gehad, mag ik TRE doen?",
    "I sometimes feel breathless when anxious",
    "I fell asleep on the couch and now my back hurts",
    "My back is killing me after gardening",
]

# --- practice questions -----------------------------------------------------------

PRACTICE = [
    "Wat zijn jullie openingstijden?",
    "zijn jullie op zaterdag open?",
    "Hoeveel kost een behandeling?",
    "Wat zijn de tarieven?",
    "Wordt dit vergoed door mijn zorgverzekering?",
    "heb ik een verwijzing nodig van de huisarts?",
    "Hoe maak ik een afspraak?",
    "Ik wil mijn afspraak van morgen afzeggen",
    "kan ik mijn afspraak verzetten?",
    "Kan ik bij jullie parkeren?",
    "Wat is het adres van de praktijk?",
    "Hoe kom ik bij jullie met het OV?",
    "Moet ik een mondkapje dragen?",
    "Hoe lang is de wachttijd?",
    "Wat is jullie telefoonnummer?",
    "Wat is het e-mailadres?",
    "How much does a session cost?",
    "Can I book an appointment?",
    "Valt dit onder de basisverzekering?",
    "Waar kan ik mijn auto kwijt?",
    "Tot hoe laat zijn jullie open?",
    "Kan ik zonder verwijzing komen?",
    "Hoe kan ik annuleren?",
]

NOT_PRACTICE = [
    "Wat doen jullie in de praktijk met een gespannen psoas?",
    "Welke behandeling helpt bij een verkorte psoas?",
    "Hoe lang duurt het voordat mijn psoas ontspant?",
    "Kost het veel tijd om de psoas te ontspannen?",
    "Wat is de route van de psoas door het bekken?",
    "Kan de psoas pijn verwijzen naar de knie?",
    "Hoe lang moet ik wachten met sporten na een blessure?",
    "Is een psoas behandeling pijnlijk?",
    "Hoe vaak moet ik de oefeningen doen?",
    "Waar zit de psoas precies?",
    "Kan long covid mijn psoas beinvloeden?",
    "Helpt TRE bij rouw?",
    "Ik draag een masker voor mijn emoties",
    "Moet ik met rugpijn naar de huisarts?",
]


@pytest.mark.parametrize("text, category", CALL_112)
def test_life_threatening_signs_route_to_112(text, category):
    result = triage(text)
    assert result is not None, f"missed: {text!r}"
    assert (result.route, result.category) == ("112", category)
    assert "112" in result.message


@pytest.mark.parametrize("text, category", CALL_HUISARTS)
def test_red_flags_route_to_the_huisarts_today(text, category):
    result = triage(text)
    assert result is not None, f"missed: {text!r}"
    assert (result.route, result.category) == ("huisarts", category)
    assert "huisarts" in result.message and "huisartsenpost" in result.message and "112" in result.message


@pytest.mark.parametrize("text", CALL_113)
def test_suicidal_thoughts_route_to_113(text):
    result = triage(text)
    assert result is not None, f"missed: {text!r}"
    assert (result.route, result.category) == ("113", "suicide")
    for literal in ("113", "0800-0113", "113.nl", "112"):
        assert literal in result.message


@pytest.mark.parametrize("text", NOT_URGENT)
def test_ordinary_questions_are_not_urgent(text):
    result = triage(text)
    assert result is None, f"false alarm {result and (result.route, result.category)} for {text!r}"


@pytest.mark.parametrize("text", PRACTICE)
def test_practical_questions_about_the_practice_are_recognised(text):
    assert is_practice_question(text)


@pytest.mark.parametrize("text", NOT_PRACTICE + NOT_URGENT[:20])
def test_health_questions_are_not_practice_questions(text):
    assert not is_practice_question(text)


@pytest.mark.parametrize("text", PRACTICE)
def test_practice_questions_are_not_urgent(text):
    assert triage(text) is None


@pytest.mark.parametrize(
    "negated",
    ["ik heb geen pijn op de borst, wel in mijn heup", "rugpijn zonder koorts", "no chest pain, just a stiff hip"],
)
def test_a_negated_symptom_does_not_count(negated):
    assert triage(negated) is None


@pytest.mark.parametrize(
    "text, route",
    [("net gevallen en ik kan niet staan", "huisarts"), ("jaren geleden gevallen en kan niet lang staan", None)],
)
def test_time_words_separate_a_fresh_fall_from_an_old_one(text, route):
    result = triage(text)
    assert (result and result.route) == route


def test_triage_returns_a_frozen_record():
    result = triage("ik krijg geen lucht")
    assert isinstance(result, Triage)
    with pytest.raises(AttributeError):
        result.route = "huisarts"


def test_accents_and_spacing_do_not_matter():
    assert _normalise("  Knieën\tDOEN  pijn ") == "knieen doen pijn"
    assert triage("ik heb pijn op de borst") == triage("Ik heb PIJN op   de bórst")


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_input_is_neither_urgent_nor_practical(text):
    assert triage(text) is None
    assert is_practice_question(text) is False


def test_every_urgent_text_names_where_to_go():
    for name in ("URGENT_112", "URGENT_HUISARTS", "URGENT_113", "URGENT_112_SUICIDE_ATTEMPT"):
        message = getattr(texts, name)
        assert any(word in message for word in ("112", "huisarts", "huisartsenpost", "113")), name


def test_the_113_text_gives_all_three_ways_to_reach_113():
    for literal in ("113", "0800-0113", "113.nl"):
        assert literal in texts.URGENT_113


def test_a_suicide_attempt_gets_112_and_still_mentions_113():
    result = triage("ik heb al mijn slaappillen ingenomen want ik wil dood")
    assert result is not None and result.route == "112"
    assert "112" in result.message and "0800-0113" in result.message


def test_urgent_messages_contain_no_exercise_advice():
    for name in ("URGENT_112", "URGENT_HUISARTS", "URGENT_113"):
        message = getattr(texts, name).lower()
        assert "psoas" not in message
        assert "oefening " not in message and "oefeningen" not in message.replace("geen oefeningen", "")


@pytest.mark.parametrize("text, route", [
    ("Ik voel mijn benen steeds minder en struikel de hele tijd, het wordt elke dag erger", "huisarts"),
    ("I fell down the stairs and now I can't put any weight on my hip", "huisarts"),
    ("ik heb zo'n hoofdpijn, de ergste ooit, ineens gekregen", "112"),
    ("Ik heb plotseling hevige hoofdpijn en ben misselijk", "112"),
])
def test_progressive_weakness_a_fall_in_english_and_a_sudden_worst_headache_are_urgent(text, route):
    assert triage(text).route == route


@pytest.mark.parametrize("text", ["ik heb soms hoofdpijn door spanning in mijn nek", "Kan de psoas hoofdpijn geven?"])
def test_ordinary_headache_questions_are_not_urgent(text):
    assert triage(text) is None
