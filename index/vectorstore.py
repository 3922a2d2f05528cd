"""Dense-vector storage: the `VectorStore` protocol and its Chroma implementations.

Two ways to reach Chroma behind one class: an embedded `PersistentClient` (default: a directory inside the index
build) or a Chroma server through `HttpClient` when a URL is configured — the way to outgrow one machine.
Offline rules: telemetry is off, and the collection never gets Chroma's default embedding function (its first use
downloads a model); every add and query passes vectors computed by our own `Embedder`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlparse

import numpy as np

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,510}[A-Za-z0-9]$")


class VectorStoreError(RuntimeError):
    """The vector store cannot be reached or used; the message is Chinese."""


@dataclass
class VectorMatch:
    id: str
    score: float                  # cosine similarity (1 = identical direction)
    document: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class VectorStore(Protocol):
    """Filters (`where`) use Chroma's operator syntax: {"doc_short": "刑法"}, {"eff_from": {"$lte": 738000}},
    {"$and": [...]}."""

    name: str

    def add(self, ids: list[str], embeddings: np.ndarray, documents: list[str],
            metadatas: list[dict[str, Any]]) -> None: ...

    def query(self, embedding: np.ndarray, k: int, where: dict | None = None) -> list[VectorMatch]: ...

    def delete(self, ids: list[str] | None = None, where: dict | None = None) -> None: ...

    def count(self) -> int: ...

    def drop(self) -> None: ...


def check_collection_name(name: str) -> str:
    if not _NAME_RE.match(name):
        raise VectorStoreError(f"向量库集合名“{name}”无效：只能用 3–512 个 ASCII 字母、数字、. _ -，且首尾为字母或数字")
    return name


def _clean_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """Chroma metadata values must be str/int/float/bool; None is dropped."""
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if value is None:
            continue
        if not isinstance(value, (str, int, float, bool)):
            value = str(value)
        out[key] = value
    return out


def _chroma_settings():
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


# One insertion thread makes the graph the same on every build, whatever else the machine is doing (a graph built by
# racing threads differed between runs under load, and so did a near-tie in the dense ranking); a wider search beam
# keeps the approximate neighbours equal to the exact ones on a corpus of this size.
_HNSW = {"space": "cosine", "num_threads": 1, "ef_construction": 200, "ef_search": 200}


class ChromaStore:
    """A Chroma collection with cosine distance and no embedding function of its own."""

    def __init__(self, client, collection: str, label: str):
        self.client = client
        self.collection_name = check_collection_name(collection)
        self.name = label
        try:
            self._col = client.get_or_create_collection(
                self.collection_name, embedding_function=None, configuration={"hnsw": _HNSW})
        except Exception as exc:  # connection refused, incompatible server, locked directory …
            raise VectorStoreError(f"无法打开向量库（{label}）：{exc}") from exc

    def add(self, ids: list[str], embeddings: np.ndarray, documents: list[str],
            metadatas: list[dict[str, Any]]) -> None:
        if not (len(ids) == len(embeddings) == len(documents) == len(metadatas)):
            raise ValueError("ids, embeddings, documents and metadatas must have the same length")
        if not ids:
            return
        batch = max(1, int(self.client.get_max_batch_size()))
        emb = np.asarray(embeddings, dtype=np.float32)
        for s in range(0, len(ids), batch):
            self._col.add(ids=list(ids[s:s + batch]), embeddings=emb[s:s + batch],
                          documents=list(documents[s:s + batch]),
                          metadatas=[_clean_metadata(m) for m in metadatas[s:s + batch]])

    def query(self, embedding: np.ndarray, k: int, where: dict | None = None) -> list[VectorMatch]:
        n = min(int(k), self.count())
        if n <= 0:
            return []
        res = self._col.query(query_embeddings=[np.asarray(embedding, dtype=np.float32)], n_results=n,
                              where=where or None, include=["distances", "documents", "metadatas"])
        ids, dists = res["ids"][0], res["distances"][0]
        docs = (res.get("documents") or [[None] * len(ids)])[0]
        metas = (res.get("metadatas") or [[{}] * len(ids)])[0]
        return [VectorMatch(i, 1.0 - float(d), doc, dict(m or {})) for i, d, doc, m in zip(ids, dists, docs, metas)]

    def get(self, ids: list[str]) -> list[VectorMatch]:
        res = self._col.get(ids=list(ids), include=["documents", "metadatas"])
        return [VectorMatch(i, 1.0, d, dict(m or {}))
                for i, d, m in zip(res["ids"], res["documents"], res["metadatas"])]

    def delete(self, ids: list[str] | None = None, where: dict | None = None) -> None:
        if ids is None and where is None:
            raise ValueError("delete() needs ids or where")
        self._col.delete(ids=list(ids) if ids is not None else None, where=where)

    def count(self) -> int:
        return int(self._col.count())

    def drop(self) -> None:
        self.client.delete_collection(self.collection_name)


def chroma_persistent(path: str | Path, collection: str) -> ChromaStore:
    import chromadb

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    try:
        client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
    except Exception as exc:
        raise VectorStoreError(f"无法打开本地向量库目录 {path}：{exc}") from exc
    return ChromaStore(client, collection, f"chroma:{path}")


def chroma_http(url: str, collection: str) -> ChromaStore:
    import chromadb

    parsed = urlparse(url if "://" in url else f"http://{url}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise VectorStoreError(f"向量库服务地址“{url}”无效，应形如 http://127.0.0.1:8000")
    ssl = parsed.scheme == "https"
    try:
        client = chromadb.HttpClient(host=parsed.hostname, port=parsed.port or (443 if ssl else 8000), ssl=ssl,
                                     settings=_chroma_settings())
    except Exception as exc:
        raise VectorStoreError(f"无法连接向量库服务 {url}：{exc}") from exc
    return ChromaStore(client, collection, f"chroma:{url}")


def open_chroma(collection: str, path: str | Path | None = None, url: str | None = None) -> ChromaStore:
    """The registered "chroma" backend: a server when `url` is set, else the embedded store at `path`."""
    if url:
        return chroma_http(url, collection)
    if path is None:
        raise VectorStoreError("本地向量库需要目录（path）")
    return chroma_persistent(path, collection)
