"""The human-readable Chinese summary of a Review (CLI output, chat panel, audit log)."""
from __future__ import annotations

from .model import DIRECTION_CN, STATUS_CN, Review

_LIMIT_CN = {"expired": "可能已过时效", "expiring": "即将届满", "running": "未过时效", "unknown": "无法计算"}


def summarize(r: Review, max_thresholds: int = 4) -> str:
    lines: list[str] = [f"案件 {r.case_id} 审查意见（供参考，由检察官决定）"]
    if r.conduct_date:
        lines.append(f"行为日期：{r.conduct_date.isoformat()}；主体：{r.subject}")
    lines.append("")
    if r.abstained:
        lines.append(f"罪名：不作推断。{r.abstain_reason}")
    else:
        lines.append("涉嫌罪名（按可能性排序）：")
        for i, c in enumerate(r.charges, 1):
            lines.append(f"  {i}. {c.name}罪（{c.article}），置信度 {c.confidence:.2f}；{c.reason}")
    if r.thresholds:
        lines.append("")
        lines.append(f"立案追诉标准：{STATUS_CN.get(r.threshold_status or 'unknown')}")
        shown = sorted(r.thresholds, key=lambda t: (t.status == "unknown", bool(t.condition)))[:max_thresholds]
        for t in shown:
            lines.append(f"  - {t.sentence()}")
            lines.append(f"    原文：“{t.quote}”")
        if len(r.thresholds) > max_thresholds:
            lines.append(f"  （另有 {len(r.thresholds) - max_thresholds} 项标准，见 --json 输出）")
    d = r.direction
    lines.append("")
    lines.append(f"衔接方向：{DIRECTION_CN[d.kind]}" + (f"；主管机关：{d.agency}" if d.agency else ""))
    for reason in d.reasons:
        lines.append(f"  - {reason}")
    if d.kind == "reverse":
        if d.penalty_provisions:
            lines.append(f"  处罚依据：{'、'.join(d.penalty_provisions)}；可给予：{'、'.join(d.penalties)}")
        if d.limitation:
            lines.append(f"  行政处罚时效（{d.limitation.source}）：{_LIMIT_CN[d.limitation.status]}。{d.limitation.note}")
        for c in d.checks:
            lines.append(f"  * 核查：{c}")
    if d.provisions:
        lines.append(f"  依据：{'、'.join(d.provisions)}")
    if r.deadlines:
        lines.append("")
        lines.append("期限提示：")
        for dl in r.deadlines:
            lines.append(f"  - {dl.message}（{dl.source}）")
    if r.evidence_table:
        lines.append("")
        lines.append("证据审查：")
        for g in r.evidence_table:
            mark = "缺口" if g.gap else "已有"
            lines.append(f"  - [{mark}] {g.element}：{g.gap or '、'.join(g.present)}" + (f"；{g.how_to_fill}" if g.how_to_fill else ""))
    if r.warnings:
        lines.append("")
        lines.append("提示：")
        for w in dict.fromkeys(r.warnings):
            lines.append(f"  ! {w}")
    lines.append("")
    lines.append(f"所引条文：{'、'.join(r.citations) or '无'}（均已在法规索引中核实）")
    return "\n".join(lines)
