"""Precision and recall of the clue detection per clue type, on generated months against their planted ground truth.

Each month goes the whole way a user's file goes: generated → written as XLSX → read back → reviewed → clues.

    data = run_report(settings)            # {"months": [...], "per_type": {...}, "macro": {...}}
    print(markdown(data))
"""
from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from pathlib import Path

from .model import CLUE_NAMES, CLUE_TYPES, Clue

MONTHS = (("2026-09", 11), ("2026-10", 12))
ROWS = 2000


def score(clues: list[Clue], truth: dict[str, list[str]]) -> dict[str, dict]:
    pred: dict[str, set[str]] = defaultdict(set)
    gold: dict[str, set[str]] = defaultdict(set)
    for c in clues:
        pred[c.type].add(c.number)
    for number, types in truth.items():
        for t in types:
            gold[t].add(number)
    out = {}
    for t in CLUE_TYPES:
        tp = len(pred[t] & gold[t])
        fp, fn = len(pred[t] - gold[t]), len(gold[t] - pred[t])
        out[t] = {"tp": tp, "fp": fp, "fn": fn,
                  "precision": tp / (tp + fp) if tp + fp else None, "recall": tp / (tp + fn) if tp + fn else None,
                  "false_positives": sorted(pred[t] - gold[t])[:10], "missed": sorted(gold[t] - pred[t])[:10]}
    return out


def evaluate_month(month: str, seed: int, rows: int, settings, workdir: Path) -> dict:
    from .clues import ClueDetector, detect
    from .demo import MonthGenerator
    from .pipeline import _engine_and_rules
    from .reader import read_cases
    from .workbook import write_rows

    engine, rules = _engine_and_rules(settings)
    gen = MonthGenerator(month, engine, rules, seed=seed)
    m = gen.generate(rows)
    path = write_rows(workdir / f"{month}.xlsx", m.header, m.rows)
    t = time.perf_counter()
    imported = read_cases(path, m.as_of)
    det = detect(imported.rows, ClueDetector(engine, rules, m.as_of))
    return {"month": month, "seed": seed, "rows": rows, "seconds": round(time.perf_counter() - t, 2),
            "per_type": score(det.clues, m.truth)}


def run_report(settings=None, months=MONTHS, rows: int = ROWS) -> dict:
    from assistant.settings import get_settings

    s = settings or get_settings()
    with tempfile.TemporaryDirectory() as tmp:
        results = [evaluate_month(m, seed, rows, s, Path(tmp)) for m, seed in months]
    per_type = {}
    for t in CLUE_TYPES:
        tp = sum(r["per_type"][t]["tp"] for r in results)
        fp = sum(r["per_type"][t]["fp"] for r in results)
        fn = sum(r["per_type"][t]["fn"] for r in results)
        per_type[t] = {"tp": tp, "fp": fp, "fn": fn, "precision": tp / (tp + fp) if tp + fp else None,
                       "recall": tp / (tp + fn) if tp + fn else None}
    ps = [v["precision"] for v in per_type.values() if v["precision"] is not None]
    rs = [v["recall"] for v in per_type.values() if v["recall"] is not None]
    macro = {"precision": sum(ps) / len(ps) if ps else None, "recall": sum(rs) / len(rs) if rs else None}
    return {"months": results, "per_type": per_type, "macro": macro}


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def markdown(data: dict) -> str:
    months = "、".join(f"{m['month']}（{m['rows']}行，种子{m['seed']}）" for m in data["months"])
    lines = ["## 类案监督月报：线索识别", "", f"生成月份：{months}。与埋设的真值逐案比对。", "",
             "| 线索类型 | 真值 | 命中 | 误报 | 漏报 | 精确率 | 召回率 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for t, v in data["per_type"].items():
        lines.append(f"| {CLUE_NAMES[t]} | {v['tp'] + v['fn']} | {v['tp']} | {v['fp']} | {v['fn']} | "
                     f"{_f(v['precision'])} | {_f(v['recall'])} |")
    lines += ["", f"宏平均：精确率 {_f(data['macro']['precision'])}，召回率 {_f(data['macro']['recall'])}。", ""]
    return "\n".join(lines)
