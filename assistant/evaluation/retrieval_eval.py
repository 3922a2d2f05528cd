"""Retrieval figures on eval/retrieval_queries.jsonl: recall@1/@5, MRR, nDCG@10 per mode (bm25, dense, fused).

Queries with gold IDs are scored on the ranked hit IDs (k = 10; the ID-matching rule is in metrics.py). Queries with
an empty gold list are measured apart: the evidence gate must answer them with nothing, and the figure is the share that
got no hit at all. A real query the gate silenced scores 0 everywhere and is also counted (`silenced`).
The query set has no dev/test split: all of it is reported.
The gold IDs are statute provisions, so hits from the review index and typical cases (审查索引#…, 案例#…), which the
index also holds for the chat panel, are left out of the ranking that is scored (searched with room for them).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.errors import UserError
from assistant.settings import REPO_ROOT

from .labeled import read_jsonl
from .metrics import mean, ndcg_at, rate, recall_at, reciprocal_rank

QUERIES = REPO_ROOT / "eval" / "retrieval_queries.jsonl"
MODES = ("bm25", "dense", "fused")
K = 10
GUIDE_PREFIXES = ("审查索引#", "案例#")
GUIDE_ROOM = 10


def load_queries(path: Path | None = None) -> list[dict[str, Any]]:
    p = Path(path or QUERIES)
    if not p.is_file():
        raise UserError(f"找不到检索评测问题集：{p}")
    out = []
    for n, q in read_jsonl(p, "检索评测问题集"):
        if not isinstance(q.get("query"), str) or not isinstance(q.get("gold"), list):
            raise UserError(f"检索评测问题集第 {n} 行缺少 query 或 gold 字段")
        out.append(q)
    return out


def score_query(ranked: list[str], gold: list[str]) -> dict[str, float]:
    return {"recall@1": recall_at(ranked, gold, 1), "recall@5": recall_at(ranked, gold, 5),
            "mrr": reciprocal_rank(ranked, gold), "ndcg@10": ndcg_at(ranked, gold, K)}


def summarize(per_query: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures of one mode from its per-query records ({"gold", "ranked"})."""
    real = [q for q in per_query if q["gold"]]
    empty = [q for q in per_query if not q["gold"]]
    scores = [score_query(q["ranked"], q["gold"]) for q in real]
    out: dict[str, Any] = {name: mean(s[name] for s in scores) for name in ("recall@1", "recall@5", "mrr", "ndcg@10")}
    out["n"] = len(real)
    out["silenced"] = sum(1 for q in real if not q["ranked"])
    quiet = sum(1 for q in empty if not q["ranked"])
    out["no_answer"] = {"n": len(empty), "returned_nothing": quiet, "share": rate(quiet, len(empty))}
    return out


def run_retrieval(retriever, queries: list[dict[str, Any]], modes: tuple[str, ...] = MODES) -> dict[str, Any]:
    """Search every query in every mode; figures per mode plus the queries fused retrieval missed at 5."""
    result: dict[str, Any] = {"queries": len(queries), "k": K}
    misses: list[dict[str, Any]] = []
    for mode in modes:
        records = []
        for q in queries:
            hits = retriever.search(q["query"], k=K + GUIDE_ROOM, mode=mode, as_of=q.get("as_of"))
            ranked = [h.id for h in hits if not h.id.startswith(GUIDE_PREFIXES)][:K]
            records.append({"id": q.get("id"), "query": q["query"], "gold": q["gold"], "ranked": ranked})
        result[mode] = summarize(records)
        if mode == "fused":
            for r in records:
                if r["gold"] and recall_at(r["ranked"], r["gold"], 5) < 1:
                    misses.append({"id": r["id"], "query": r["query"], "gold": r["gold"], "top5": r["ranked"][:5]})
                elif not r["gold"] and r["ranked"]:
                    misses.append({"id": r["id"], "query": r["query"], "gold": [], "top5": r["ranked"][:5]})
    result["fused_misses"] = misses
    return result


def open_retriever(settings):
    """The serving index, or a Chinese error saying how to build it."""
    from index.build import IndexCorruptError, IndexMissingError
    from index.retriever import HybridRetriever

    try:
        return HybridRetriever.from_settings(settings)
    except (IndexMissingError, IndexCorruptError) as exc:
        raise UserError(f"{exc}（检索评测需要已构建的索引：`xianjie index build --if-stale`）") from None
