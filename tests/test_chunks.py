"""The knowledge base and the chunker, on literal Markdown and on the real kb/."""

import re
import subprocess
import sys

import pytest

from chatbot.chunks import chunk_document, chunk_documents, split_sentences
from chatbot.errors import KnowledgeBaseError
from chatbot.kb import load_documents, parse_document

from .conftest import REPO

DOC = """---
title: Test
language: nl
---

# Titel van de pagina

## Ademhaling

De psoas en het diafragma zijn verbonden. Dit beïnvloedt de ademhaling, bijv. bij stress.

<!-- video: Kijk hier de video -->

### Effect van ademhaling

Een rustige ademhaling ontspant de psoas.

- eerste punt;
- tweede punt.

## Functies

### Heupflexie

Hij tilt het bovenbeen.

### Bekkenbalans

Speelt een rol bij staan op één been.

<!-- button: Ik wil een behandeling -->
"""


def test_front_matter_is_read_and_body_starts_after_it():
    doc = parse_document("test.md", DOC)
    assert doc.meta == {"title": "Test", "language": "nl"}
    assert doc.body.lstrip().startswith("# Titel van de pagina")


def test_bad_front_matter_line_names_the_file_and_line():
    with pytest.raises(KnowledgeBaseError, match=r"x\.md: front matter line 2"):
        parse_document("x.md", "---\nzonder dubbele punt\n---\n# T\n")


def test_each_section_becomes_a_chunk_with_its_heading_path():
    chunks = chunk_document(parse_document("test.md", DOC))
    paths = [c.heading_path for c in chunks]
    assert paths == [("Ademhaling",), ("Ademhaling", "Effect van ademhaling"), ("Functies",)]
    assert chunks[1].section == "Ademhaling › Effect van ademhaling"
    assert chunks[1].anchor == "effect-van-ademhaling"


def test_comments_for_videos_and_buttons_are_never_indexed():
    chunks = chunk_document(parse_document("test.md", DOC))
    text = " ".join(c.text + " ".join(c.sentences) for c in chunks)
    assert "video" not in text and "Ik wil een behandeling" not in text and "<!--" not in text


def test_sentences_are_not_split_at_dutch_abbreviations():
    assert split_sentences("Dit beïnvloedt de ademhaling, bijv. bij stress. Tweede zin o.a. hier.") == [
        "Dit beïnvloedt de ademhaling, bijv. bij stress.",
        "Tweede zin o.a. hier.",
    ]


def test_list_items_are_sentences_without_their_bullet():
    chunks = chunk_document(parse_document("test.md", DOC))
    assert chunks[1].sentences == ("Een rustige ademhaling ontspant de psoas.", "eerste punt;", "tweede punt.")


def test_short_sibling_sections_are_merged_under_their_parent():
    functies = chunk_document(parse_document("test.md", DOC))[2]
    assert functies.heading_path == ("Functies",)
    assert "**Heupflexie**" in functies.text and "**Bekkenbalans**" in functies.text
    assert functies.sentences == ("Hij tilt het bovenbeen.", "Speelt een rol bij staan op één been.")


def test_long_sections_split_at_paragraph_boundaries_keeping_voorbeeld_with_its_example():
    body = "# T\n\n## Lang\n\n" + "\n\n".join(
        [("Eerste alinea met een zin. " * 8).strip(), "Voorbeeld:",
         ("Een voorbeeldzin die erbij hoort. " * 8).strip(), ("Slot. " * 20).strip()])
    chunks = chunk_document(parse_document("lang.md", body), max_chars=300)
    assert len(chunks) > 1
    for c in chunks:
        assert not c.text.rstrip().endswith("Voorbeeld:")
        assert c.heading_path == ("Lang",) and c.anchor == "lang"
    rejoined = "\n\n".join(c.text for c in chunks)
    assert rejoined == parse_document("lang.md", body).body.split("## Lang", 1)[1].strip()


def test_chunk_ids_are_stable_and_unique():
    first = chunk_document(parse_document("test.md", DOC))
    again = chunk_document(parse_document("test.md", DOC))
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)


# -- the real knowledge base ---------------------------------------------------


@pytest.fixture(scope="module")
def kb_chunks():
    return chunk_documents(load_documents(REPO / "kb"))


def _fold(text):
    return re.sub(r"\s+", " ", re.sub(r"[*_#>`•\[\]]", " ", text)).strip().lower()


def test_the_real_kb_keeps_every_seed_sentence_verbatim():
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "check_kb_verbatim.py")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_heading_of_the_real_kb_is_in_a_chunk(kb_chunks):
    body = (REPO / "kb" / "psoas.md").read_text(encoding="utf-8")
    headings = re.findall(r"^#{2,6}\s+(.+?)\s*$", body, re.M)
    indexed = " ".join(c.section + " " + c.text for c in kb_chunks)
    missing = [h for h in headings if h not in indexed]
    assert not missing


def test_every_sentence_of_the_real_kb_is_in_exactly_one_chunk(kb_chunks):
    body = re.sub(r"<!--.*?-->", "", (REPO / "kb" / "psoas.md").read_text(encoding="utf-8"), flags=re.S)
    body = body.split("\n---\n", 1)[1]
    for line in body.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        for sentence in split_sentences(line):
            holders = [c for c in kb_chunks if sentence in c.sentences]
            if sentence == "Voorbeeld:":  # a label that recurs; it must stay with its example
                assert holders
                continue
            assert len(holders) == 1, sentence


def test_no_chunk_of_the_real_kb_carries_call_to_action_text(kb_chunks):
    for c in kb_chunks:
        assert "Kijk hier de video" not in c.text
        assert "Ik wil een behandeling" not in c.text
        assert "Ik wil mijn Psoas ontspannen" not in c.text


def test_sentences_of_every_chunk_are_verbatim_in_its_text(kb_chunks):
    for c in kb_chunks:
        for s in c.sentences:
            assert _fold(s) in _fold(c.text)


ROLES_DOC = """# T

## Herstel

De psoas reageert op houding. Effectieve interventies zijn onder andere:

- bewuste houdingscorrectie;
- myofasciale release.

Voorbeeld:

Een medewerker zit acht uur per dag. Bij het opstaan voelt hij een trekkend gevoel.

## Lage rugpijn (voorbeeld)

Een hardloper krijgt knieklachten.
"""


def test_each_sentence_carries_its_role_in_the_page():
    [herstel, story] = chunk_document(parse_document("t.md", ROLES_DOC))
    assert list(zip(herstel.roles, herstel.sentences, strict=True)) == [
        ("text", "De psoas reageert op houding."),
        ("lead_in", "Effectieve interventies zijn onder andere:"),
        ("item", "bewuste houdingscorrectie;"),
        ("item", "myofasciale release."),
        ("label", "Voorbeeld:"),
        ("example", "Een medewerker zit acht uur per dag."),
        ("example", "Bij het opstaan voelt hij een trekkend gevoel."),
    ]
    assert story.roles == ("example",)


def test_case_stories_are_known_by_their_headings_and_one_paragraph_cases_are_not():
    doc = parse_document("t.md", """## Ademhaling en de psoas: voorbeelden

### Zingen en ademhaling

Een zanger mist ademsteun bij lange frasen. Na ontspanning van de psoas zingt hij makkelijker.

## De psoas en het brein

### Voorbeelden: whiplash en kaakklachten

Whiplash: oogvolgoefeningen verminderen de spanning in de psoas.

### Voorbeeld van een interventie bij PDS

Een patiënt met PDS krijgt viscerale mobilisatie. Binnen enkele weken beweegt hij soepeler.
""")
    roles = {c.section.split(" › ")[-1]: set(c.roles) for c in chunk_document(doc, short_chars=0)}
    assert roles["Zingen en ademhaling"] == {"example"}
    assert roles["Voorbeeld van een interventie bij PDS"] == {"example"}
    assert roles["Voorbeelden: whiplash en kaakklachten"] == {"text"}


def test_question_keys_are_attached_to_their_section_and_never_to_its_text(tmp_path):
    (tmp_path / "t.md").write_text(ROLES_DOC)
    (tmp_path / "t.vragen.md").write_text("Uitleg voor de praktijk.\n\n## Herstel\n"
                                          "- Wat helpt tegen een stijve psoas?\n"
                                          "- psoas losmaken\n")
    [doc] = load_documents(tmp_path)
    chunks = chunk_documents([doc])
    assert chunks[0].questions == ("Wat helpt tegen een stijve psoas?", "psoas losmaken")
    assert "psoas losmaken" not in chunks[0].text and "Wat helpt" not in " ".join(chunks[0].sentences)
    assert chunks[1].questions == ()


def test_sentence_keys_point_at_their_sentence_and_do_not_become_section_keys(tmp_path):
    (tmp_path / "t.md").write_text(ROLES_DOC)
    (tmp_path / "t.vragen.md").write_text("## Herstel\n- Wat helpt tegen een stijve psoas?\n\n"
                                          "> De psoas reageert op **houding**.\n"
                                          "- Heeft mijn houding invloed op de psoas?\n"
                                          "- zithouding psoas\n"
                                          "> myofasciale release\n"
                                          "- Wat is myofasciale release?\n")
    [doc] = load_documents(tmp_path)
    herstel = chunk_documents([doc])[0]
    assert herstel.questions == ("Wat helpt tegen een stijve psoas?",)
    assert [(herstel.sentences[pos], q) for pos, q in herstel.sentence_keys] == [
        ("De psoas reageert op houding.", "Heeft mijn houding invloed op de psoas?"),
        ("De psoas reageert op houding.", "zithouding psoas"),
        ("myofasciale release.", "Wat is myofasciale release?")]


def test_a_sentence_key_for_a_sentence_its_section_lacks_is_an_error(tmp_path):
    (tmp_path / "t.md").write_text(ROLES_DOC)
    (tmp_path / "t.vragen.md").write_text("## Lage rugpijn (voorbeeld)\n> De psoas reageert op houding.\n- Waarom?\n")
    with pytest.raises(KnowledgeBaseError, match="'De psoas reageert op houding.'"):
        chunk_documents(load_documents(tmp_path))


def test_question_keys_under_a_heading_the_page_lacks_are_an_error(tmp_path):
    (tmp_path / "t.md").write_text(ROLES_DOC)
    (tmp_path / "t.vragen.md").write_text("## Hernieuwd herstel\n- Wat helpt?\n")
    with pytest.raises(KnowledgeBaseError, match="'Hernieuwd herstel'"):
        chunk_documents(load_documents(tmp_path))


def test_a_question_key_file_without_its_page_is_an_error(tmp_path):
    (tmp_path / "t.md").write_text(ROLES_DOC)
    (tmp_path / "weg.vragen.md").write_text("## Herstel\n- Wat helpt?\n")
    with pytest.raises(KnowledgeBaseError, match="weg.vragen.md"):
        load_documents(tmp_path)


def test_every_section_of_the_real_kb_has_question_keys(kb_chunks):
    assert all(len(c.questions) >= 10 for c in kb_chunks), [c.section for c in kb_chunks if len(c.questions) < 10]
