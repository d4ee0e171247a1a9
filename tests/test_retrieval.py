"""Retrieval on the real model and the real index."""

import json

import pytest

from chatbot.cli import main


def _fold(text):
    import re

    text = re.sub(r"[*_#>`•\[\]]", " ", text or "")
    return re.sub(r"\s+", " ", text).strip().lower()


def test_the_breathing_question_finds_the_breathing_section_first(assistant):
    passages = assistant.search("wat heeft de psoas met ademhaling te maken")
    assert passages[0].chunk.heading_path[0] == "De psoas en ademhaling"
    assert passages[0].score > passages[-1].score


def test_misspelled_and_english_questions_find_their_section(assistant):
    assert "Moro" in assistant.search("wat is de mororeflex bij babys")[0].chunk.section
    assert any("zitten" in p.chunk.section.lower()
               for p in assistant.search("Why does sitting all day make my hip flexor tight?", top_k=3))


def test_a_compound_of_two_kb_words_is_no_typo_and_its_function_word_part_is_no_search_term(assistant):
    from chatbot.retrieval import _stemmer, _tokens

    coverage = assistant.retriever.coverage
    assert coverage.repair("zielspier", strict=False) == "zielspier"  # not "bilspier", the gluteus maximus
    assert coverage.repair("psoasspaning", strict=False) == "psoasspanning"  # a typo is still repaired
    tokens = _tokens(coverage, "voor het slapengaan")
    assert _stemmer().stemWord("slapen") in tokens and _stemmer().stemWord("gaan") not in tokens


def test_search_returns_top_k_passages_best_first(assistant):
    passages = assistant.search("psoas stretchen", top_k=5)
    assert len(passages) == 5
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)


def test_top_k_below_one_is_refused_with_the_value(assistant):
    with pytest.raises(ValueError, match="top_k must be a whole number of at least 1, got 0"):
        assistant.search("psoas", top_k=0)


# Reached on dev: recall@3 0.909, MRR 0.852 (docs/quality.md). A small margin absorbs
# harmless float differences between machines; a real regression falls below it.
MIN_RECALL_AT_3 = 0.87
MIN_MRR = 0.82


def test_dev_set_recall_does_not_regress(assistant, dev_questions):
    questions = [q for q in dev_questions if q["kind"] in ("in_kb", "non_dutch")]
    hits3 = 0
    rr = 0.0
    for q in questions:
        gold = [_fold(g) for g in q["gold"]]
        passages = assistant.search(q["question"], top_k=10)
        rank = next((r for r, p in enumerate(passages)
                     if any(g in _fold(p.chunk.section + " " + p.chunk.text) for g in gold)), None)
        if rank is not None:
            hits3 += rank < 3
            rr += 1 / (rank + 1)
    recall3, mrr = hits3 / len(questions), rr / len(questions)
    assert recall3 >= MIN_RECALL_AT_3, f"recall@3 {recall3:.3f}"
    assert mrr >= MIN_MRR, f"MRR {mrr:.3f}"


def test_search_cli_prints_ranked_sections_with_paths_and_scores(assistant, capsys):
    assert main(["search", "wat heeft de psoas met ademhaling te maken", "-k", "3"], assistant=assistant) == 0
    lines = capsys.readouterr().out.strip("\n").splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(" 1. 0.") and "psoas.md › De psoas en ademhaling" in lines[0]
    assert lines[1].startswith(" 2. ")


def test_search_cli_json_has_doc_section_text_and_score(assistant, capsys):
    assert main(["search", "moro reflex", "--json", "-k", "2"], assistant=assistant) == 0
    items = json.loads(capsys.readouterr().out)
    assert len(items) == 2 and {"doc", "section", "text", "score"} <= set(items[0])

