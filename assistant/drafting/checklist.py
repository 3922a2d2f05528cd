"""Compose the 证据缺口清单 from a review: per element of the charge, the evidence required (with how administrative
evidence of that kind can be used), the evidence present, the gap, how to fill it, and the provisions it rests on.

Which evidence an agency collected may be used as it is in criminal proceedings, and which must be collected again,
is 刑事诉讼法#54.2 (物证、书证、视听资料、电子数据); testimony (询问笔录、陈述) is not in that list and is taken again
by the investigators; 鉴定意见/检验报告 must come from a qualified body."""
from __future__ import annotations

from assistant.llm.guarded import nest_quotes as nest

from assistant.llm.guarded import check_citations
from assistant.review.gaps import CONVERSION_CN
from assistant.review.model import DIRECTION_CN, STATUS_CN

from .compose import DraftContext, DraftingError, SectionBuilder
from .model import ChecklistRow, EvidenceChecklist

SHORT = {"direct": "可直接使用", "recollect": "需重新收集", "appraisal": "需鉴定/检验"}
LONG_TO_SHORT = {CONVERSION_CN[k]: v for k, v in SHORT.items()}
EVIDENCE_USE = "刑事诉讼法#54.2"
Q_EVIDENCE_USE = "行政机关在行政执法和查办案件过程中收集的物证、书证、视听资料、电子数据等证据材料，在刑事诉讼中可以作为证据使用"


def _short_conversion(text: str) -> str:
    parts = [LONG_TO_SHORT.get(p.strip(), p.strip()) for p in text.split("；") if p.strip()]
    return "；".join(dict.fromkeys(parts))


def compose_checklist(ctx: DraftContext) -> EvidenceChecklist:
    r = ctx.review
    if r.top is None or not r.evidence_table:
        reason = r.abstain_reason or "审查未能确定涉嫌罪名"
        raise DraftingError(f"无法生成证据缺口清单：{reason}。请在案件材料中写明罪名（JSON 的 charge_hint 字段）后重试。")
    entry = ctx.index.get(r.top.name)
    items = {el.element: {i.name: i.conversion for i in el.evidence} for el in (entry.elements if entry else [])}
    rows, requirements = [], SectionBuilder(ctx, "requirements", "各要件的证明要求")
    for g in r.evidence_table:
        conv = items.get(g.element, {})
        required = [f"{name}（{SHORT[conv[name]]}）" if name in conv else name for name in g.required]
        # what the element rests on: the provisions its requirement names (刑法、解释), then the evidence rule
        named = [c.id for c in ctx.law.verifier.verify_text(g.requirement).checks if c.status.value == "VERIFIED"]
        pids = [p for p in dict.fromkeys(named + list(g.provisions)) if ctx.cite(p)]
        def human(text: str, element: str = g.element) -> str:
            """IDs → official names; a bare 第八条 the index wrote without its document cannot be verified: it is
            taken out and reported (never guessed)."""
            clean, _, removed = check_citations(ctx.law.humanize_ids(text), ctx.law.verifier, None)
            for c in removed:
                ctx.notes.append(f"{element}：审查索引的说明中“{c.id}”未写明所属法律文件，无法核实，已从清单中删除。")
            return clean
        rows.append(ChecklistRow(element=g.element, requirement=human(g.requirement), required=required,
                                 present=g.present, gap=human(g.gap), how_to_fill=human(g.how_to_fill), conversion=_short_conversion(g.conversion),
                                 provisions=pids, provision_names=[ctx.law.name(p) for p in pids]))
        requirements.add(f"{g.element}：{human(g.requirement)}")
    gaps = [x for x in r.evidence_table if x.gap]
    charge = f"{r.top.name}罪"
    who = ctx.who
    ident = ctx.case.decision_number or next((d.number for d in ctx.case.administrative_decisions if d.number), None)
    case_line = (f"案件：{who}涉嫌{charge}一案" + (f"（{ident}）" if ident else "") + "。"
                 f"审查结论：{DIRECTION_CN[r.direction.kind]}；立案追诉标准：{STATUS_CN.get(r.threshold_status or 'unknown')}。"
                 f"共{len(r.evidence_table)}个要件，" + (f"其中{len(gaps)}个存在缺口（{'、'.join(x.element for x in gaps)}）。"
                                                     if gaps else "均已有相应证据。"))
    note = SectionBuilder(ctx, "conversion", "行政机关所收集证据的使用")
    q = note.quote(EVIDENCE_USE, Q_EVIDENCE_USE)
    if q:
        note.add(f"{ctx.law.name(EVIDENCE_USE)}规定：“{nest(q)}”。据此，表中标注“可直接使用”的物证、书证、视听资料、电子数据，"
                 "经查证属实、收集程序合法的，可以在刑事诉讼中作为证据使用。")
    note.add("行政机关制作的询问笔录、当事人陈述等言词证据不在上述列举之内，标注“需重新收集”的，应当由侦查机关依法重新询问或者讯问；"
             "标注“需鉴定/检验”的，应当由具备资质的机构出具鉴定意见或者检验报告，并载明证明该要件所需的内容。")
    for row in rows:
        if row.gap:
            ctx.notes.append(f"{row.element}：{row.gap}。")
    notes = list(dict.fromkeys(ctx.notes + [f"审查提示：{w}" for w in r.warnings]))
    return EvidenceChecklist(organ=ctx.procuratorate, case_line=case_line, rows=rows, conversion_note=note.build(),
                             requirements=requirements.build(), date=ctx.today, review_notes=notes,
                             cited=list(ctx.cited.values()))
