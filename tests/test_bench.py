"""The benchmark: it runs end to end on a few questions and reports every figure (not their values)."""

import json

import pytest

from chatbot.cli import main
from chatbot.errors import ChatbotError
from chatbot.ops import bench

from .conftest import small_kb

QUESTIONS = [
    "Wat heeft de psoas met ademhaling te maken?",
    "zijn jullie op zaterdag open",
    "heb je een lekker recept voor erwtensoep",
]


@pytest.fixture(scope="module")
def result(assistant, tmp_path_factory):
    kb = small_kb(tmp_path_factory.mktemp("bench"))
    return bench.run(assistant, QUESTIONS, kb_dir=kb, repeat=2, guard_files=None)


def test_the_bench_reports_model_index_build_stages_ratio_and_memory(result, assistant):
    assert result["questions"] == 3 and sum(result["kinds"].values()) == 3
    # The router reads every question's vector (its classifier needs it), so all three embed.
    assert result["retrieval_questions"] == 3
    assert result["model"]["dtype"] == assistant.embedder.dtype and result["model"]["load_s"] > 0
    build = result["index_build"]
    assert (build["chunks"], build["sentences"]) == (3, 4)
    assert build["seconds"] > 0 and build["chunks_per_s"] > 0 and build["sentences_per_s"] > 0
    assert {"language", "embed", "search", "route", "compose", "other", "total"} <= set(result["latency_ms"])
    assert result["repeat"] == 2 and result["latency_ms"]["embed"]["n"] == 6 and result["latency_ms"]["total"]["n"] == 6
    for key in ("ask_ms", "bare_encode_ms", "ask_all_ms"):
        assert set(result[key]) == {"p50", "p95", "n"}
    assert result["ratio"] > 0 and result["ratio_all"] > 0 and result["goal_ratio"] == 1.25
    assert result["peak_rss_mb"] > 100 and 100 < result["rss_serving_mb"] <= result["peak_rss_mb"]
    assert result["backend"] == assistant.embedder.backend and result["bare_p50_ms"] > 0
    assert result["batches"]["passes"] > 0 and result["batches"]["texts"] >= result["batches"]["passes"]
    assert result["index"] == assistant.index.version
    assert {"cpu", "cores", "ram_gb", "torch", "dtype"} <= set(result["machine"])
    # The same questions on torch, in the same run (the default backend is int8 ONNX on this CPU).
    assert result["torch_bare_p50_ms"] > 0
    assert result["speedup_vs_torch"] == pytest.approx(result["torch_bare_p50_ms"] / result["bare_p50_ms"], rel=0.02)


def test_the_bench_builds_into_a_temporary_folder_and_leaves_the_real_index_alone(result, assistant, settings):
    assert (settings.index_dir / "builds" / assistant.index.version).is_dir()
    assert not any(p.name.startswith("chatbot-bench-") for p in settings.index_dir.iterdir())


def test_the_result_is_one_json_object_and_a_table(result):
    assert json.loads(json.dumps(result)) == result
    table = bench.format_table(result)
    assert "ratio ask / bare encode (p50)" in table and "peak RSS" in table and "embed" in table
    assert "forward passes" in table


def test_questions_come_from_a_jsonl_file_and_a_bad_line_is_named(tmp_path):
    good = tmp_path / "q.jsonl"
    good.write_text('{"id": 1, "question": "Wat is de psoas?"}\n\n{"question": "En de iliacus?"}\n')
    assert bench.load_questions(good) == ["Wat is de psoas?", "En de iliacus?"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "ok"}\nnot json\n')
    with pytest.raises(ChatbotError, match="bad.jsonl line 2 is not a JSON object with a 'question'"):
        bench.load_questions(bad)


def test_the_bench_command_names_a_missing_questions_file_in_one_line(tmp_path, capsys):
    assert main(["bench", "--questions", str(tmp_path / "missing.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: cannot read the questions file") and "--questions FILE" in err
    assert len(err.strip().splitlines()) == 1
