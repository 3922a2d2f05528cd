"""Test doubles for retrieval, registered through the same plugin hook as the built-in backends.

`FakeEmbedder` is deterministic and fast: a bag of character bigrams hashed into `dim` buckets, L2-normalised, so
texts sharing wording get a high cosine. It counts the texts it embeds, which lets tests see cache hits/misses.
"""
from __future__ import annotations

import hashlib

import numpy as np


class FakeEmbedder:
    backend = "fake"

    def __init__(self, dim: int = 512, name: str = "fake-bigram-512"):
        self.dim = dim
        self.name = name
        self.embedded: list[str] = []

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        grams = [text[i:i + 2] for i in range(max(1, len(text) - 1))]
        for g in grams:
            h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little")
            v[h % self.dim] += 1.0
        n = float(np.linalg.norm(v))
        return v / n if n else v

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vec(text)


def register_backends(register) -> None:
    register("embedder", "fake", FakeEmbedder)


def make_corpus_subset(dest, shorts, source=None):
    """Copy the manifest entries (all versions) of the given short names and their files into `dest`."""
    import shutil
    from pathlib import Path

    import yaml

    from index.corpus import CORPUS_ROOT

    source = Path(source or CORPUS_ROOT)
    dest = Path(dest)
    data = yaml.safe_load((source / "manifest.yaml").read_text(encoding="utf-8"))
    keep = [e for e in data["documents"] if e["short"] in set(shorts)]
    for entry in keep:
        target = dest / entry["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / entry["file"], target)
    data["documents"] = keep
    (dest / "manifest.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest
