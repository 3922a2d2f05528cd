"""The "总体情况" narrative: an offline text composed from the computed figures, or — when an LLM is configured — the
model's text from the same figures, kept only if it passes the guard (assistant/llm/guarded.py: every number in it
must occur among the computed figures, citations only from the allowed list); otherwise the offline text, and why.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .classes import Comparison
from .convert import money
from .model import CLUE_NAMES, CLUE_TYPES, Clue
from .recommend import Recommendation
from .stats import Overview

PROMPT_ID = "report_summary"


@dataclass
class Summary:
    text: str
    used_model: bool = False
    model: str | None = None
    prompt_version: str | None = None
    notes: list[str] = field(default_factory=list)


def figures(period: str, ov: Overview, clues: list[Clue], recs: list[Recommendation], excluded: int,
            cmp: Comparison | None) -> dict[str, str]:
    """The numbers the narrative may use, with their labels: the model's only source of figures."""
    t = ov.total
    out = {
        "统计期间": period, "导入案件数": f"{t.cases}件", "执法机关数": f"{len(ov.by_agency)}个", "执法领域数": f"{len(ov.by_field)}个",
        "本月行政立案": f"{ov.new_cases}件", "作出行政处罚": f"{t.penalized}件", "罚款合计": money(t.fines),
        "移送公安机关": f"{t.transferred}件", "移送率": f"{t.transfer_rate:.1%}", "公安机关立案": f"{t.police_filed}件",
        "公安机关不予立案": f"{t.police_declined}件", "不起诉": f"{t.non_prosecuted}件",
        "发出检察意见书（反向移送）": f"{t.opinions}件", "行政机关已回复": f"{t.replies}件", "监督线索合计": f"{len(clues)}条",
    }
    for ty in CLUE_TYPES:
        out[f"线索：{CLUE_NAMES[ty]}"] = f"{sum(c.type == ty for c in clues)}条"
    out["建议制发检察建议的机关"] = f"{sum(r.kind == '检察建议' for r in recs)}个"
    out["未纳入分析的行"] = f"{excluded}行"
    if cmp:
        for ch in cmp.totals[:3]:
            out[f"上月{ch.label}"] = f"{ch.previous:g}件"
    return out


def offline_text(period: str, ov: Overview, clues: list[Clue], recs: list[Recommendation], excluded: int,
                 cmp: Comparison | None) -> str:
    t = ov.total
    p1 = (f"{period}，本院共导入行政执法与刑事司法衔接信息共享平台案件{t.cases}件，涉及{len(ov.by_agency)}个执法机关、"
          f"{len(ov.by_field)}个执法领域，其中本月行政立案{ov.new_cases}件。行政执法机关作出行政处罚{t.penalized}件，"
          f"罚款合计{money(t.fines)}；移送公安机关{t.transferred}件，移送率{t.transfer_rate:.1%}；公安机关立案"
          f"{t.police_filed}件、不予立案{t.police_declined}件；检察机关作出不起诉决定{t.non_prosecuted}件，发出检察意见书"
          f"{t.opinions}件，行政机关已回复{t.replies}件。")
    if cmp:
        p1 += "与上月相比，" + "".join(s.rstrip("。") + "；" for s in cmp.sentences[:3]).rstrip("；") + "。"
    counts = [(CLUE_NAMES[ty], sum(c.type == ty for c in clues)) for ty in CLUE_TYPES]
    listed = "；".join(f"{name}{n}条" for name, n in counts if n)
    n_rec = sum(r.kind == "检察建议" for r in recs)
    p2 = f"经比对立案追诉标准和办理期限，共发现监督线索{len(clues)}条" + (f"：{listed}。" if listed else "。")
    p2 += f"建议向{n_rec}个机关制发检察建议。" if n_rec else "暂无达到制发检察建议条件的机关。"
    if excluded:
        p2 += f"另有{excluded}行数据因缺少关键信息或案件编号重复未纳入分析，详见数据质量部分。"
    return p1 + "\n" + p2


def narrative(period: str, ov: Overview, clues: list[Clue], recs: list[Recommendation], excluded: int,
              cmp: Comparison | None, chat=None, allowed_ids: list[str] | None = None) -> Summary:
    offline = offline_text(period, ov, clues, recs, excluded, cmp)
    if chat is None or getattr(chat, "is_offline", True):
        return Summary(offline)
    from assistant.llm.guarded import generate_section
    from assistant.verify import default_verifier

    verifier = default_verifier()
    allowed = list(dict.fromkeys(allowed_ids or []))
    provisions = "\n".join(f"[{pid}] {p.text[:120]}" for pid in allowed if (p := verifier.store.get(pid)) is not None)
    figs = "\n".join(f"{k}：{v}" for k, v in figures(period, ov, clues, recs, excluded, cmp).items())
    res = generate_section(chat, PROMPT_ID, {"period": period, "figures": figs, "provisions": provisions or "（无）"},
                           allowed, offline, verifier, trim_order=("provisions",), copy_ok=("figures",))
    return Summary(res.text, res.used_model, res.model, res.prompt_version, res.notes)
