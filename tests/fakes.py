"""A small deterministic stand-in for the embedding model, for tests of pure mechanics (index builds, switching).

It maps every word to a fixed random direction (seeded by the word's hash) and
sums them, so texts that share words are close and the same text always gives
the same unit vector. It knows nothing about meaning: tests of retrieval
quality use the real model.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np


class FakeEmbedder:
    model_id = "fake/bag-of-words"
    model_ref = "fake/bag-of-words"
    fingerprint = "sha256:fake"
    dtype = "float32"
    backend = "fake"
    dimension = 64

    def __init__(self):
        self.encoded: list[str] = []  # every text encoded, in order (tests check what was re-embedded)

    def query_texts(self, questions: list[str]) -> list[str]:
        return [f"query: {q}" for q in questions]

    def document_texts(self, titles: list[str], texts: list[str]) -> list[str]:
        return [f"title: {t} | text: {x}" for t, x in zip(titles, texts, strict=True)]

    def encode_texts(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        self.encoded.extend(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                seed = int.from_bytes(hashlib.sha1(word.encode()).digest()[:4], "little")
                out[i] += np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)
            norm = np.linalg.norm(out[i])
            out[i] = out[i] / norm if norm else np.eye(self.dimension, dtype=np.float32)[0]
        return out

    def encode_queries(self, questions: list[str]) -> np.ndarray:
        return self.encode_texts(self.query_texts(questions))
