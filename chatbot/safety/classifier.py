"""The route classifier: which kind of message is this, judged by meaning on the model's own vectors.

Rules know words; patients use endlessly many ("het hoeft voor mij niet meer",
"ik voel niks als ik me afveeg", Turkish, WhatsApp spelling). A multinomial
logistic regression on the normalised question vectors (the same query-prompt
vectors retrieval uses, so routing costs no extra model pass for the message)
learns every urgent category and the other labels from the routing bank
(safety/bank.py). The vectors of the bank are computed once per model and
bank, and the fitted weights are cached under `models/router/`: a model, a
runtime or a bank change retrains it (about a minute on two cores).

Weights are stored as a NumPy .npz (no pickle); prediction is a matrix product
and a softmax, so scikit-learn is needed only to train.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from .bank import BANK_DIR, Example, bank_hash, load_bank

log = logging.getLogger(__name__)

# Inverse regularisation strength of the logistic regression, and the share of the training weight that
# goes to urgent examples (spread evenly over the categories; the other labels share the rest evenly).
# Both chosen by grouped cross-validation on the bank (`python -m chatbot routes --cv`, docs/routing.md).
C = 16.0
URGENT_SHARE = 0.35
# The solver runs to this tolerance: the regression is nearly separable, and at scikit-learn's default (1e-4)
# lbfgs stops early where the optimum is flat, so vectors that differ in their fifth decimal (another CPU,
# another batch size) gave weights up to 0.19 apart and probabilities up to 0.03 apart. At 1e-6 it reaches
# the optimum (probabilities within 0.001); training takes about 10 s instead of 5.
TOL = 1e-6
URGENT_PREFIX = "urgent:"


@dataclass(frozen=True)
class RouteScores:
    """What the classifier says about one text: a probability per label, and the likeliest urgent category."""

    urgent: float
    category: str
    in_scope: float
    out_of_scope: float
    practice: float
    smalltalk: float


class RouteClassifier:
    """Softmax over the bank's classes: one per urgent category, plus in_scope, out_of_scope, practice, smalltalk."""

    def __init__(self, classes: tuple[str, ...], coef: np.ndarray, intercept: np.ndarray, info: dict | None = None):
        if coef.shape[0] != len(classes) or intercept.shape[0] != len(classes):
            raise ConfigError(f"route classifier has {coef.shape[0]} weight rows for {len(classes)} classes")
        self.classes = classes
        self.coef = coef.astype(np.float32)
        self.intercept = intercept.astype(np.float32)
        self.info = info or {}
        self._urgent = np.array([c.startswith(URGENT_PREFIX) for c in classes])
        self._index = {c: i for i, c in enumerate(classes)}

    @classmethod
    def train(cls, vectors: np.ndarray, targets: list[str], c: float = C, urgent_share: float = URGENT_SHARE,
              info: dict | None = None, tol: float = TOL) -> RouteClassifier:
        """Fit on (n, dim) normalised vectors and their classes (Example.target); see sample_weights."""
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=c, tol=tol, max_iter=20000)
        model.fit(vectors, np.array(targets), sample_weight=sample_weights(targets, urgent_share))
        return cls(tuple(str(x) for x in model.classes_), model.coef_, model.intercept_, info)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """(n, classes) softmax probabilities for (n, dim) vectors."""
        logits = np.atleast_2d(vectors) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def scores(self, vectors: np.ndarray) -> list[RouteScores]:
        out = []
        for row in self.probabilities(vectors):
            urgent = np.where(self._urgent, row, 0.0)
            best = int(np.argmax(urgent))
            out.append(RouteScores(
                urgent=float(urgent.sum()),
                category=self.classes[best][len(URGENT_PREFIX):],
                **{label: float(row[self._index[label]]) if label in self._index else 0.0
                   for label in ("in_scope", "out_of_scope", "practice", "smalltalk")},
            ))
        return out

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, classes=np.array(self.classes), coef=self.coef, intercept=self.intercept,
                 info=np.array(json.dumps(self.info)))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> RouteClassifier:
        with np.load(path, allow_pickle=False) as data:
            return cls(tuple(str(x) for x in data["classes"]), data["coef"], data["intercept"],
                       json.loads(str(data["info"])))


def sample_weights(targets: list[str], urgent_share: float = URGENT_SHARE) -> np.ndarray:
    """Weights that give urgent examples `urgent_share` of the total, evenly per category, the rest evenly per label.

    Plain class balancing would give the ~20 urgent categories together ~85 %
    of the weight and call every worried question urgent; no balancing would
    let the large in-scope label drown the small categories.
    """
    targets = np.asarray(targets)
    urgent = np.char.startswith(targets.astype(str), URGENT_PREFIX)
    weights = np.empty(len(targets))
    categories, counts = np.unique(targets[urgent], return_counts=True)
    for category, count in zip(categories, counts, strict=True):
        weights[targets == category] = urgent_share / len(categories) / count
    labels, counts = np.unique(targets[~urgent], return_counts=True)
    for label, count in zip(labels, counts, strict=True):
        weights[targets == label] = (1 - urgent_share) / len(labels) / count
    return weights * len(targets) / weights.sum()


def bank_vectors(embedder, examples: list[Example], cache: Path | None = None,
                 show_progress: bool = False) -> np.ndarray:
    """Query-prompt vectors of the bank's texts: the same kind of vector a patient's message gets.

    With `cache` (an .npz of text hashes and vectors for this model), only texts
    not embedded before are embedded, so adding examples to the bank is quick.
    """
    texts = embedder.query_texts([e.text for e in examples])
    hashes = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.is_file():
        try:
            with np.load(cache, allow_pickle=False) as data:
                known = dict(zip((str(h) for h in data["hashes"]), data["vectors"], strict=True))
        except (OSError, ValueError, KeyError) as exc:
            log.warning("bank vector cache %s cannot be read (%s); embedding again", cache, exc)
    todo = [i for i, h in enumerate(hashes) if h not in known]
    if show_progress:
        print(f"Routeringsvoorbeelden inbedden: {len(todo)} van {len(examples)} berichten", file=sys.stderr)
    if todo:
        fresh = embedder.encode_texts([texts[i] for i in todo], show_progress=show_progress)
        known.update((hashes[i], v) for i, v in zip(todo, fresh, strict=True))
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(".tmp.npz")
            np.savez(tmp, hashes=np.array(list(known)), vectors=np.stack(list(known.values())).astype(np.float32))
            tmp.replace(cache)
    return np.stack([known[h] for h in hashes]).astype(np.float32)


def _model_slug(embedder) -> str:
    model = re.sub(r"[^A-Za-z0-9]+", "-", str(embedder.model_id)).strip("-")
    weights = str(embedder.fingerprint).replace("sha256:", "")[:12]
    return f"{model}-{weights}-{embedder.dtype}-{getattr(embedder, 'backend', 'torch')}"


def cache_path(model_cache: Path, embedder, digest: str) -> Path:
    """One file per model, precision, runtime, bank and training recipe: any change trains anew."""
    return model_cache / "router" / f"{_model_slug(embedder)}-c{C:g}-u{URGENT_SHARE:g}-t{TOL:g}-{digest[:12]}.npz"


def vector_cache_path(model_cache: Path, embedder) -> Path:
    return model_cache / "router" / f"{_model_slug(embedder)}-vectors.npz"


def load_or_train(model_cache: Path, embedder, categories: set[str], bank_dir: Path = BANK_DIR,
                  show_progress: bool = False) -> RouteClassifier:
    """The classifier for this model and bank: from the cache, or trained now and cached."""
    digest = bank_hash(bank_dir)
    path = cache_path(model_cache, embedder, digest)
    if path.is_file():
        try:
            return RouteClassifier.load(path)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("route classifier %s cannot be read (%s); training it again", path, exc)
    examples = load_bank(bank_dir, categories)
    vectors = bank_vectors(embedder, examples, vector_cache_path(model_cache, embedder), show_progress)
    classifier = RouteClassifier.train(vectors, [e.target for e in examples],
                                       info={"bank_hash": digest, "examples": len(examples)})
    classifier.save(path)
    for old in path.parent.glob(f"{_model_slug(embedder)}-c*.npz"):  # earlier banks or recipes
        if old != path:
            old.unlink(missing_ok=True)
    log.info("route classifier trained on %d examples (%s)", len(examples), path.name)
    return classifier
