"""Assemble an `OpinionLetter` (offline, deterministic): header, number, addressee, the direction's sections, the
closing, and the 审查提示 that tell the procurator what to check before the letter is signed."""
from __future__ import annotations

import re

from assistant.review.model import DIRECTION_CN

from .casefacts import region_of
from .compose import DraftContext, DraftingError, require_charge
from .forward import compose_forward
from .model import CitedProvision, OpinionLetter
from .reverse import compose_reverse

# words that show a named agency is of the type the review index names (for the addressee)
AGENCY_WORDS = {
    "市场监督管理": ("市场监督管理", "市场监管"),
    "交通管理": ("交通警察", "交警", "交通管理"),
    "生态环境": ("生态环境", "环境保护"),
    "应急管理": ("应急管理",),
    "税务": ("税务",),
    "烟草专卖": ("烟草专卖", "烟草"),
    "林业": ("林业", "林草"),
    "自然资源": ("自然资源",),
    "农业农村": ("农业农村", "农业", "渔政"),
    "卫生健康": ("卫生健康", "卫健"),
    "药品监督管理": ("药品监督管理", "药监"),
    "人力资源": ("人力资源", "劳动保障"),
    "海关": ("海关",),
    "文化": ("文化", "综合执法"),
}


def _matches_type(name: str, agency_type: str) -> bool:
    for key, words in AGENCY_WORDS.items():
        if key in agency_type:
            return any(w in name for w in words)
    core = re.sub(r"(?:部门|机关|主管|行政)", "", agency_type)
    return bool(core) and core in name


def addressee_for(ctx: DraftContext, given: str | None) -> str:
    """Who the letter is addressed to. Given > the agency named in the case (if of the right type) > the agency
    type the review index names, prefixed with our region (and a note: the procurator writes the exact name)."""
    if given and given.strip():
        return given.strip().rstrip("：:")
    d = ctx.review.direction
    agency_type = d.agency or ""
    named = [a for a in [ctx.case.agency, *(x.agency for x in ctx.case.administrative_decisions)] if a]
    if ctx.direction == "forward":
        if named:
            return named[0]
    else:
        for a in named:
            if agency_type and _matches_type(a, agency_type):
                return a
    if not agency_type:
        raise DraftingError("无法确定主送机关：审查未能确定主管机关，请用 --to 指定主送机关。")
    region = ctx.case.region or region_of(ctx.procuratorate)
    ctx.notes.append(f"主送机关按审查索引的主管机关类型（{d.agency_detail or agency_type}）和辖区拟定为“{region}{agency_type}”，"
                     "请改为具体机关全称（或用 --to 指定）。")
    return f"{region}{agency_type}"


def _review_notes(ctx: DraftContext) -> list[str]:
    d = ctx.review.direction
    out = [f"本文书为系统生成的草稿，须经检察官审核、依照规定报请检察长批准后制发（"
           f"{'刑事诉讼规则#373.2' if ctx.direction == 'reverse' else '刑事诉讼规则#557.3'}：经检察长批准）。"]
    if ctx.review_kind and ctx.review_kind != ctx.direction:
        out.append(f"审查结论为“{DIRECTION_CN[ctx.review_kind]}”，本文书按指定方向“{DIRECTION_CN[ctx.direction]}”起草，请核实。")
    out += ctx.notes
    if ctx.direction == "reverse":
        lim = d.limitation
        if lim and lim.status in ("expired", "expiring", "unknown"):
            word = {"expired": "可能已过", "expiring": "即将届满", "unknown": "无法计算"}[lim.status]
            out.append(f"行政处罚时效{word}（{lim.source}）：{lim.note}")
        out += [f"核查：{c}" for c in d.checks]
    out += [f"审查提示：{w}" for w in dict.fromkeys(ctx.review.warnings)]
    return list(dict.fromkeys(out))


def compose_letter(ctx: DraftContext, number: str, addressee: str | None = None) -> OpinionLetter:
    if ctx.direction not in ("reverse", "forward"):
        raise DraftingError(f"不支持的衔接方向：{ctx.direction}（应为 reverse 或 forward）")
    require_charge(ctx)
    to = addressee_for(ctx, addressee)
    parts = compose_reverse(ctx, to) if ctx.direction == "reverse" else compose_forward(ctx, to)
    return OpinionLetter(
        direction=ctx.direction, organ=ctx.procuratorate, number=number, addressee=to,
        case=parts["case"], facts=parts["facts"], reasoning=parts["reasoning"],
        recommendation=parts["recommendation"], reply=parts["reply"], attachments=parts["attachments"],
        date=ctx.today, review_notes=_review_notes(ctx), cited=cited_list(ctx),
    )


def cited_list(ctx: DraftContext) -> list[CitedProvision]:
    """One record per (ID, quote): the IDs of the letter with every verbatim quote it makes of them."""
    return list(ctx.cited.values())
