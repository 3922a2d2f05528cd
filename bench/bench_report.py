"""Monthly report benchmark: N generated rows → DOCX + HTML + XLSX, wall time per stage, peak memory, and the clue
detection's precision/recall against the planted truth.

    .venv/bin/python bench/bench_report.py                    # 10,000 rows (goal: ≤ 60 s on 2 cores)
    .venv/bin/python bench/bench_report.py --rows 10000 100000
    .venv/bin/python bench/bench_report.py --keep var/bench   # keep the generated months and the reports

Each size runs the report in a fresh child process, as `xianjie report monthly` would (imports, loading the review
index and statutes, reading the XLSX, reviewing every case, charts, the three outputs), so that the peak RSS printed is
that of one report. Generating the month is not part of the timing.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "passive")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOAL_SECONDS = 60


def child(path: str, month: str, out: str) -> None:
    t0 = time.perf_counter()
    from assistant.report.evaluate import score
    from assistant.report.pipeline import build_report, write_outputs

    t_import = time.perf_counter() - t0
    report = build_report(path, month)
    write_outputs(report, out)
    det = report.current.detection
    truth = json.loads(Path(path).with_name(Path(path).stem + ".truth.json").read_text(encoding="utf-8"))["cases"]
    print(json.dumps({
        "total": time.perf_counter() - t0, "import": t_import, "stages": report.timings,
        "rows": len(report.current.imported.rows), "reviewed": det.reviewed, "review_seconds": det.review_seconds,
        "clues": len(report.clues), "score": score(report.clues, truth),
        "sizes": {k: Path(p).stat().st_size for k, p in
                  (("docx", out), ("html", Path(out).with_suffix(".html")),
                   ("xlsx", Path(out).with_name(Path(out).stem + ".clues.xlsx")))},
    }, ensure_ascii=False))


def generate(rows: int, month: str, seed: int, d: Path) -> Path:
    from assistant.report.demo import MonthGenerator
    from assistant.report.pipeline import _engine_and_rules
    from assistant.report.workbook import truth_path, write_rows, write_truth
    from assistant.settings import get_settings

    s = get_settings()
    engine, rules = _engine_and_rules(s)
    m = MonthGenerator(month, engine, rules, seed=seed).generate(rows)
    path = write_rows(d / f"cases-{rows}.xlsx", m.header, m.rows)
    write_truth(truth_path(path), m.truth_json({}))
    return path


def run(rows: int, d: Path, month: str) -> dict:
    t = time.perf_counter()
    path = generate(rows, month, 1, d)
    gen = time.perf_counter() - t
    out = d / f"report-{rows}.docx"
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", str(path), month, str(out)], capture_output=True,
                          text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"报告子进程失败：\n{proc.stderr[-3000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res.update(wall=wall, generate=gen, peak_rss_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return res


def show(rows: int, r: dict) -> None:
    print(f"\n== {rows:,} 行（纳入分析 {r['rows']:,} 件，线索 {r['clues']:,} 条）")
    print(f"  总耗时（子进程墙钟）: {r['wall']:.1f} s   目标 ≤ {GOAL_SECONDS} s：{'达到' if r['wall'] <= GOAL_SECONDS else '未达到'}")
    print(f"  峰值内存（RSS）:     {r['peak_rss_mb']:.0f} MB")
    print(f"  生成数据（不计时）:   {r['generate']:.1f} s")
    print(f"  导入模块:            {r['import']:.1f} s")
    for k, v in r["stages"].items():
        print(f"  {k:<18}{v:7.2f} s")
    per = r["review_seconds"] / r["rows"] * 1000 if r["rows"] else 0
    print(f"  逐案审查:            {r['reviewed']:,} 件调用审查引擎，平均每行 {per:.2f} ms（含线索规则）")
    print("  文件大小:            " + "，".join(f"{k} {v / 1024:.0f} KB" for k, v in r["sizes"].items()))
    print("  线索识别（对照埋设真值）:")
    for t, s in r["score"].items():
        p = "—" if s["precision"] is None else f"{s['precision']:.3f}"
        rc = "—" if s["recall"] is None else f"{s['recall']:.3f}"
        print(f"    {t:<22} 真值 {s['tp'] + s['fn']:5d}  P {p}  R {rc}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000])
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--keep", type=Path, help="keep generated months and reports in this folder")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(*a.child)
        return
    print(f"CPU: {os.cpu_count()} 核；Python {sys.version.split()[0]}")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        d = a.keep or Path(tmp)
        d.mkdir(parents=True, exist_ok=True)
        for n in a.rows:
            # RUSAGE_CHILDREN keeps the maximum over all children: run the sizes from small to large
            results[n] = run(n, d, a.month)
            show(n, results[n])
    if len(results) > 1:
        sizes = sorted(results)
        lo, hi = sizes[0], sizes[-1]
        ratio = results[hi]["wall"] / results[lo]["wall"]
        review = (results[hi]["review_seconds"] / results[lo]["review_seconds"]) if results[lo]["review_seconds"] else 0
        print(f"\n增长：行数 ×{hi / lo:.0f} → 总耗时 ×{ratio:.1f}，逐案审查 ×{review:.1f}"
              f"（固定开销：导入与加载审查索引、图表、DOCX 约 {results[lo]['wall'] - results[lo]['review_seconds']:.0f} s）")


if __name__ == "__main__":
    main()
