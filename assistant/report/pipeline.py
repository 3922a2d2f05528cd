"""The monthly report from start to end: read → detect clues → statistics → class analysis → recommendations →
narrative → charts → DOCX + HTML + XLSX, reporting progress by stage.

    report = build_report("cases.xlsx", "2026-10", previous="prev.xlsx", progress=callback)
    paths = write_outputs(report, "report.docx")      # report.docx, report.html, report.clues.xlsx
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from assistant.errors import UserError

from .classes import ClassAnalysis, Comparison, analyse, compare
from .clues import ClueDetector, Detection, detect
from .demo import month_bounds
from .model import Clue
from .reader import ImportResult, read_cases
from .recommend import Recommendation, recommend
from .rules import ClueRules
from .stats import Overview, overview
from .summary import Summary, narrative

# progress(stage, done, total): stage is a Chinese label; total None when unknown
Progress = Callable[[str, int, int | None], None]


@dataclass
class MonthResult:
    month: str
    start: date
    end: date
    as_of: date
    imported: ImportResult
    detection: Detection
    overview: Overview


@dataclass
class MonthlyReport:
    current: MonthResult
    previous: MonthResult | None
    classes: ClassAnalysis
    comparison: Comparison | None
    recommendations: list[Recommendation]
    summary: Summary
    settings: dict
    procuratorate: str
    generated: date
    warnings: list[str] = field(default_factory=list)
    charts: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def clues(self) -> list[Clue]:
        return self.current.detection.clues

    @property
    def period(self) -> str:
        return f"{self.current.start.year}年{self.current.start.month}月"


def parse_month(month: str) -> str:
    import re

    m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*", month or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise UserError(f"月份格式应为 YYYY-MM（如 2026-10）：{month}")
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"


def previous_month(month: str) -> str:
    y, m = (int(x) for x in month.split("-"))
    return f"{y - (m == 1):04d}-{(m - 2) % 12 + 1:02d}"


def _engine_and_rules(settings):
    from assistant.review.engine import default_engine

    engine = default_engine()
    rules = ClueRules.build(engine.index, engine.store, settings.report_stall_days_admin,
                            settings.report_stall_days_police)
    return engine, rules


def _month(path, month: str, as_of: date | None, engine, rules, progress: Progress | None, label: str) -> MonthResult:
    start, end = month_bounds(month)
    as_of = as_of or end
    tick = (lambda stage: (lambda n: progress(stage, n, None))) if progress else (lambda stage: None)
    imported = read_cases(path, as_of, progress=tick(f"读取{label}"))
    if progress:
        progress(f"读取{label}", imported.total_rows, imported.total_rows)
    total = len(imported.rows)
    det = detect(imported.rows, ClueDetector(engine, rules, as_of),
                 (lambda n: progress(f"审查{label}", n, total)) if progress else None)
    if progress:
        progress(f"审查{label}", total, total)
    return MonthResult(month, start, end, as_of, imported, det, overview(imported.rows, start, end))


def build_report(path: str | Path, month: str, *, previous: str | Path | None = None, as_of: date | None = None,
                 progress: Progress | None = None, settings=None, chat=None, charts: bool = True) -> MonthlyReport:
    from assistant.settings import get_settings

    from .charts import all_charts, font_warning

    s = settings or get_settings()
    month = parse_month(month)
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    engine, rules = _engine_and_rules(s)
    times["加载审查索引"] = time.perf_counter() - t0
    t = time.perf_counter()
    cur = _month(path, month, as_of, engine, rules, progress, "本月数据")
    times["读取与审查"] = time.perf_counter() - t
    prev = None
    if previous:
        t = time.perf_counter()
        prev = _month(previous, previous_month(month), None, engine, rules, progress, "上月数据")
        times["上月数据"] = time.perf_counter() - t
    t = time.perf_counter()
    if progress:
        progress("统计与类案分析", 0, None)
    classes = analyse(cur.imported.rows, cur.detection.clues, cur.overview)
    cmp = compare(prev.month, cur.overview, cur.detection.clues, prev.overview, prev.detection.clues) if prev else None
    recs = recommend(cur.detection.clues, rules, s.report_recommend_min_clues)
    notes: list[str] = []
    if chat is None and s.llm_backend != "offline":
        from assistant.llm import chat_from_settings

        try:
            chat = chat_from_settings(s)
        except Exception as exc:  # a misconfigured backend must not cost the whole report
            notes.append(f"语言模型“{s.llm_backend}”不可用（{exc}），“总体情况”使用离线文本。")
    allowed = sorted({p for r in recs for p in r.provisions})
    period = f"{cur.start.year}年{cur.start.month}月"
    summ = narrative(period, cur.overview, cur.detection.clues, recs, cur.imported.excluded, cmp, chat, allowed)
    times["统计、类案分析与建议"] = time.perf_counter() - t
    report = MonthlyReport(cur, prev, classes, cmp, recs, summ, settings={
        "report_stall_days_admin": s.report_stall_days_admin, "report_stall_days_police": s.report_stall_days_police,
        "report_recommend_min_clues": s.report_recommend_min_clues, "report_docx_max_rows": s.report_docx_max_rows},
        procuratorate=s.procuratorate, generated=date.today())
    report.warnings = rules.warnings() + notes + summ.notes + cur.detection.errors[:20]
    if len(cur.detection.errors) > 20:
        report.warnings.append(f"另有{len(cur.detection.errors) - 20}行审查出错，未列出。")
    if charts:
        t = time.perf_counter()
        if progress:
            progress("绘制图表", 0, None)
        report.charts = all_charts(cur.overview, cur.detection.clues, prev.overview if prev else None,
                                   prev.detection.clues if prev else None)
        if (w := font_warning()):
            report.warnings.append(w)
        times["图表"] = time.perf_counter() - t
    report.timings = times
    return report


def output_paths(out: str | Path) -> dict[str, Path]:
    p = Path(out)
    if p.suffix.lower() != ".docx":
        raise UserError(f"输出文件应以 .docx 结尾：{p.name}")
    return {"docx": p, "html": p.with_suffix(".html"), "xlsx": p.with_name(p.stem + ".clues.xlsx")}


def write_outputs(report: MonthlyReport, out: str | Path, progress: Progress | None = None) -> dict[str, Path]:
    from .render_docx import write_docx
    from .render_html import write_html
    from .render_xlsx import write_xlsx

    paths = output_paths(out)
    for key, label, fn in (("docx", "生成 DOCX", write_docx), ("html", "生成 HTML", write_html),
                           ("xlsx", "生成线索清单 XLSX", write_xlsx)):
        if progress:
            progress(label, 0, None)
        t = time.perf_counter()
        fn(report, paths[key])
        report.timings[label] = time.perf_counter() - t
    return paths
