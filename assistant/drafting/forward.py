"""The forward letter (正向衔接): an agency kept (and perhaps fined) a case that reached the prosecution threshold; the
procuratorate asks it to transfer the case to the police. Legal bases: 刑事诉讼规则#557.3 (检察意见 asking the agency to
transfer), 移送涉嫌犯罪案件规定#3.1 (must transfer), #11.1 (no fine instead of transfer), #11.3 (a fine is set off
against 罚金), #5.2 (time to decide and transfer), #6 (materials), 行政处罚法#27.1."""
from __future__ import annotations

from assistant.llm.guarded import nest_quotes as nest

from .casefacts import cn_amount, number_text, you
from .compose import DraftContext, SectionBuilder, require_charge
from .model import Recommendation, ReplyRequest, Section

RULES_FORWARD = "刑事诉讼规则#557.3"
MUST_TRANSFER = "移送涉嫌犯罪案件规定#3.1"
NO_FINE_INSTEAD = "移送涉嫌犯罪案件规定#11.1"
FINE_SET_OFF = "移送涉嫌犯罪案件规定#11.3"
TRANSFER_TIME = "移送涉嫌犯罪案件规定#5.2"
PROCEDURE = "移送涉嫌犯罪案件规定#5"
MATERIALS = "移送涉嫌犯罪案件规定#6"
TO_JUSTICE = "行政处罚法#27.1"
Q_MUST = "涉嫌构成犯罪，依法需要追究刑事责任的，必须依照本规定向公安机关移送"
Q_NO_FINE = "行政执法机关对应当向公安机关移送的涉嫌犯罪案件，不得以行政处罚代替移送"
Q_SET_OFF = "行政执法机关向公安机关移送涉嫌犯罪案件前，已经依法给予当事人罚款的，人民法院判处罚金时，依法折抵相应罚金"
Q_TO_JUSTICE = "违法行为涉嫌犯罪的，行政机关应当及时将案件移送司法机关，依法追究刑事责任"


def _value(t) -> str:
    if t.unit == "元":
        return f"{t.metric}{cn_amount(t.case_value)}"
    return f"{t.metric}{number_text(t.case_value)}{t.unit}"


def _penalties_text(ctx: DraftContext) -> str:
    kinds: list[str] = []
    for dec in ctx.case.administrative_decisions:
        for k in dec.penalty_kinds:
            k = f"罚款{cn_amount(dec.fine_amount)}" if k == "罚款" and dec.fine_amount else k
            if k not in kinds:
                kinds.append(k)
    return "、".join(kinds)


def case_section(ctx: DraftContext, agency: str) -> Section:
    sb = SectionBuilder(ctx, "case", "案件来源")
    charge = ctx.charge.name + "罪" if ctx.charge else "犯罪"
    dec = next((d for d in ctx.case.administrative_decisions if d.number or d.date), None)
    text = f"本院在履行法律监督职责中发现，{you(agency)}查处的{ctx.who}涉嫌{charge}一案"
    if dec:
        when = f"于{dec.date.year}年{dec.date.month}月{dec.date.day}日" if dec.date else ""
        doc = f"以{dec.number}行政处罚决定书" if dec.number else ""
        kinds = _penalties_text(ctx)
        text += f"，{you(agency)}已{when}{doc}对其作出{kinds + '的' if kinds else ''}行政处罚"
    text += "，案件材料未显示已将该案移送公安机关。"
    sb.add(text)
    return sb.build()


def facts_section(ctx: DraftContext) -> Section:
    sb = SectionBuilder(ctx, "facts", "案件事实")
    sb.add_established_facts()
    met = ctx.met_thresholds()
    by_source: dict[str, list] = {}
    for t in met:
        by_source.setdefault(t.source, []).append(t)
    parts = []
    for source, items in by_source.items():
        values = "、".join(_value(t) for t in items if t.case_value is not None and t.metric != "情节")
        quotes = []
        for t in items:
            q = t.quote.lstrip("（）一二三四五六七八九十")
            q = q[:-1] if q.endswith("的") else q
            if q not in quotes and sb.ctx.law.exact(source, q):
                quotes.append(q)
                sb.ctx.cite(source, q)
        name = sb.name(source)
        if not name:
            continue
        cmp = "分别达到" if len(quotes) > 1 else "达到"
        if not quotes:
            continue
        quoted = "和".join(f"“{nest(q)}”" for q in quotes)
        if values:
            parts.append(f"{values}，{cmp}{name}规定的{quoted}的立案追诉标准")
        else:                       # a qualitative circumstance (情节): the facts match the wording itself
            parts.append(f"具有{name}规定的{quoted}情形，已达立案追诉标准")
    if parts:
        sb.add(f"经审查，{ctx.who}" + "；".join(parts) + "。")
    else:
        ctx.notes.append("审查没有认定达到立案追诉标准（或所达标准附有本案未查明的条件），事实部分未写立案标准，"
                         "请核实涉案数额或情节后再制发。")
    return sb.build()


def reasoning_section(ctx: DraftContext, agency: str) -> Section:
    sb = SectionBuilder(ctx, "reasoning", "检察机关认为")
    charge = require_charge(ctx)
    article = sb.name(charge.article)
    if ctx.met_thresholds():
        first = (f"本院认为，{ctx.who}的上述行为涉嫌构成{charge.name}罪"
                 + (f"（{article}）" if article else "") + "，依法需要追究刑事责任，应当移送公安机关。")
    else:
        first = (f"本院认为，{ctx.who}的上述行为存在涉嫌{charge.name}罪"
                 + (f"（{article}）" if article else "") + "的合理嫌疑，应当移送公安机关依法审查。")
    must = sb.quote(MUST_TRANSFER, Q_MUST)
    if must:
        first += f"{ctx.law.name(MUST_TRANSFER)}规定，行政执法机关在依法查处违法行为过程中，发现违法事实“{nest(must)}”。"
    no_fine = sb.quote(NO_FINE_INSTEAD, Q_NO_FINE)
    if no_fine:
        first += f"{ctx.law.name(NO_FINE_INSTEAD)}规定：“{nest(no_fine)}”。"
    to_justice = sb.quote(TO_JUSTICE, Q_TO_JUSTICE)
    if to_justice:
        first += f"{ctx.law.name(TO_JUSTICE)}亦规定：“{nest(to_justice)}”。"
    sb.add(first)
    if ctx.case.administrative_decisions:
        second = f"{you(agency)}对{ctx.who}作出的行政处罚，不能代替案件移送。"
        if any(d.fine_amount or "罚款" in d.penalty_kinds for d in ctx.case.administrative_decisions):
            set_off = sb.quote(FINE_SET_OFF, Q_SET_OFF)
            if set_off:
                second += f"依照{ctx.law.name(FINE_SET_OFF)}的规定，“{nest(set_off)}”。"
        sb.add(second)
    return sb.build()


def _materials(ctx: DraftContext) -> list[str]:
    """The transfer materials, verbatim from 移送涉嫌犯罪案件规定#6's items (the catch-all last item left out)."""
    items = [u.text for u in ctx.law.units(MATERIALS) if u.item]
    return [i for i in items if not i.startswith("其他")]


def recommendation(ctx: DraftContext, agency: str) -> Recommendation:
    sb = SectionBuilder(ctx, "recommendation", "检察意见")
    charge = ctx.charge.name + "罪" if ctx.charge else "犯罪"
    basis = sb.names([RULES_FORWARD])
    how = sb.names([PROCEDURE, MATERIALS])
    materials = _materials(ctx)
    text = (f"根据{basis}的规定，本院提出如下检察意见：" if basis else "本院提出如下检察意见：")
    text += f"建议{you(agency)}" + (f"依照{how}的规定，" if how else "")
    text += f"将{ctx.who}涉嫌{charge}一案移送同级公安机关依法处理"
    text += (f"，并附送{'、'.join(materials)}等材料。" if materials else "。")
    sb.add(text)
    return Recommendation(kind="transfer", agency=agency, measures=["移送公安机关"],
                          provisions=[MUST_TRANSFER, NO_FINE_INSTEAD, PROCEDURE, MATERIALS], section=sb.build())


def reply_request(ctx: DraftContext, agency: str) -> ReplyRequest:
    sb = SectionBuilder(ctx, "reply", "回复要求")
    name = sb.name(TRANSFER_TIME)
    if name:
        sb.add(f"请{you(agency)}依照{name}规定的期限作出移送决定、办理移送，并将办理情况书面回复本院。")
    else:
        sb.add(f"请{you(agency)}及时办理移送，并将办理情况书面回复本院。")
    note = ("语料中没有行政执法机关回复正向检察意见的期限规定，文书未写回复期限；移送本身的期限（批准移送的决定与"
            "二十四小时内移送）见移送涉嫌犯罪案件规定#5.2。")
    ctx.notes.append(note)
    return ReplyRequest(time_limit="依移送涉嫌犯罪案件规定第五条第二款" if name else None,
                        source=TRANSFER_TIME if name else None, note=note, section=sb.build())


def compose_forward(ctx: DraftContext, agency: str) -> dict:
    require_charge(ctx)
    dec = next((d for d in ctx.case.administrative_decisions if d.number), None)
    attachments = [f"{dec.number}行政处罚决定书（复印件）"] if dec else []
    return {
        "case": case_section(ctx, agency),
        "facts": facts_section(ctx),
        "reasoning": reasoning_section(ctx, agency),
        "recommendation": recommendation(ctx, agency),
        "reply": reply_request(ctx, agency),
        "attachments": attachments,
    }
