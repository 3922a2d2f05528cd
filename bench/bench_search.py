"""Search benchmark and retrieval evaluation on the built index.

    .venv/bin/python bench/bench_search.py                  # warm latency p50/p95 per mode, peak RSS
    .venv/bin/python bench/bench_search.py --eval           # + recall@1/@5, MRR for bm25 / dense / fused, gate
    .venv/bin/python bench/bench_search.py --eval --sweep   # + fused quality for several dense/BM25 weightings

Queries come from eval/retrieval_queries.jsonl ({"query", "gold": [provision IDs], "as_of"}); an empty gold list
means the evidence gate must return nothing. Evaluation is at article level: a hit 刑事诉讼法#177.3 counts for the gold
刑事诉讼法#177 and for 刑事诉讼法#177.3; recall@k = share of a query's gold articles among its first k distinct
articles, averaged; MRR = 1 / rank of the first gold article.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "passive")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.retriever import HybridRetriever  # noqa: E402

QUERIES = ROOT / "eval" / "retrieval_queries.jsonl"


def article(pid: str) -> str:
    head, _, tail = pid.partition("#")
    return f"{head}#{tail.split('.')[0]}"


def load_queries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ranked_articles(hits) -> list[str]:
    return list(dict.fromkeys(article(h.id) for h in hits))


def evaluate(r: HybridRetriever, queries: list[dict], mode: str, k: int = 10) -> dict[str, float]:
    r1 = r5 = mrr = 0.0
    real = [q for q in queries if q["gold"]]
    empty = [q for q in queries if not q["gold"]]
    silenced = 0
    for q in real:
        arts = ranked_articles(r.search(q["query"], k=k, mode=mode, as_of=q.get("as_of")))
        gold = {article(g) for g in q["gold"]}
        silenced += not arts
        r1 += len(gold & set(arts[:1])) / len(gold)
        r5 += len(gold & set(arts[:5])) / len(gold)
        rank = next((i for i, a in enumerate(arts, 1) if a in gold), None)
        mrr += 1 / rank if rank else 0.0
    blocked = sum(1 for q in empty if not r.search(q["query"], k=k, mode=mode, as_of=q.get("as_of")))
    n = max(1, len(real))
    return {"R@1": r1 / n, "R@5": r5 / n, "MRR": mrr / n, "gated_real": silenced, "n_real": len(real),
            "blocked_empty": blocked, "n_empty": len(empty)}


def latency(r: HybridRetriever, queries: list[str], mode: str, rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            r.search(q, k=10, mode=mode)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index-dir", type=Path, default=None)
    ap.add_argument("--queries", type=Path, default=QUERIES)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval", action="store_true")
    ap.add_argument("--sweep", action="store_true")
    args = ap.parse_args()

    t = time.perf_counter()
    r = HybridRetriever.open(args.index_dir, embed_threads=args.threads)
    r.search("预热 检索", k=1)  # loads the model and touches every structure once
    print(f"index: {len(r.chunks)} chunks, embedder {r.manifest['embedder']['name']}, "
          f"open+warm-up {time.perf_counter() - t:.2f} s")
    queries = load_queries(args.queries)
    texts = [q["query"] for q in queries]
    for mode in ("bm25", "dense", "fused"):
        p50, p95 = latency(r, texts, mode, args.rounds)
        print(f"search {mode:5s}: p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   ({len(texts) * args.rounds} warm queries)")
    if args.eval:
        print(f"\nretrieval quality on {args.queries.name} (article level; weights dense {r.dense_weight:g} / "
              f"bm25 {r.bm25_weight:g}, rrf_k {r.rrf_k})")
        for mode in ("bm25", "dense", "fused"):
            m = evaluate(r, queries, mode)
            print(f"  {mode:5s}: R@1 {m['R@1']:.3f}  R@5 {m['R@5']:.3f}  MRR {m['MRR']:.3f}   gate: "
                  f"{m['blocked_empty']}/{m['n_empty']} no-law queries answered with nothing, "
                  f"{m['gated_real']}/{m['n_real']} real queries wrongly silenced")
    if args.sweep:
        print("\nfusion weights (fused mode):")
        for dw, bw in ((1, 1), (1.5, 1), (2, 1), (3, 1), (4, 1), (1, 0)):
            r.dense_weight, r.bm25_weight = float(dw), float(bw)
            m = evaluate(r, queries, "fused")
            print(f"  dense {dw:>3} / bm25 {bw}: R@1 {m['R@1']:.3f}  R@5 {m['R@5']:.3f}  MRR {m['MRR']:.3f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
