"""The reverse letter (反向衔接): after 不起诉, the procuratorate asks the competent agency to impose an administrative
penalty. Legal bases: 刑事诉讼法#177.3 and 刑事诉讼规则#373.2 (检察意见 with the 不起诉决定书 attached, the agency to
report back), 行政处罚法#27.1 (司法机关 hand cases back to the agency). Penalty clauses come from the review index's
administrative counterpart, narrowed to those whose condition the facts meet."""
from __future__ import annotations

from assistant.llm.guarded import nest_quotes as nest

from .casefacts import you
from .compose import DraftContext, SectionBuilder, decision_basis_names, require_charge
from .lawtext import measures_of, select_penalty_provisions
from .model import Recommendation, ReplyRequest, Section

CPL_OPINION = "刑事诉讼法#177.3"
RULES_OPINION = "刑事诉讼规则#373.2"
HANDBACK = "行政处罚法#27.1"
LIMITATION = "行政处罚法#36.1"
Q_CPL = "对被不起诉人需要给予行政处罚、处分或者需要没收其违法所得的，人民检察院应当提出检察意见，移送有关主管机关处理"
NP_WORDS = {"酌定不起诉": "犯罪情节轻微，不需要判处刑罚", "存疑不起诉": "证据不足，不符合起诉条件",
            "法定不起诉": "具有法定不追究刑事责任的情形"}


def case_section(ctx: DraftContext) -> Section:
    sb = SectionBuilder(ctx, "case", "案件来源与不起诉决定")
    c = ctx.case
    charge = ctx.charge.name + "罪" if ctx.charge else "犯罪"
    basis = decision_basis_names(sb, c.decision_basis)
    when = f"于{c.decision_date.year}年{c.decision_date.month}月{c.decision_date.day}日" if c.decision_date else ""
    doc = f"以{c.decision_number}不起诉决定书" if c.decision_number else ""
    why = f"以{NP_WORDS[c.non_prosecution_type]}为由，" if c.non_prosecution_type in NP_WORDS else ""
    law = f"依据{basis}的规定，" if basis else ""
    sb.add(f"{ctx.who}涉嫌{charge}一案，本院经依法审查，{when}{doc}{'，' if (when or doc) else ''}{why}{law}"
           f"决定对{ctx.name}不起诉。")
    if not c.decision_date or not c.decision_number:
        missing = "、".join(x for x, ok in (("不起诉决定日期", c.decision_date), ("不起诉决定书文号", c.decision_number))
                           if not ok)
        ctx.notes.append(f"案件材料中没有{missing}，文书中未写，请补充。")
    return sb.build()


def facts_section(ctx: DraftContext) -> Section:
    sb = SectionBuilder(ctx, "facts", "案件事实")
    if not sb.add_established_facts():
        sb.add(f"经审查查明：{ctx.who}实施了{ctx.charge.name if ctx.charge else ''}行为，具体事实见所附不起诉决定书。")
    return sb.build()


def _penalty_plan(ctx: DraftContext) -> tuple[list[str], dict[str, str]]:
    """(penalty provision IDs that fit the facts, {ID: the sentence of it that applies})."""
    d = ctx.review.direction
    chosen, others = select_penalty_provisions(ctx.law, d.penalty_provisions, ctx.basis())
    if others:
        ctx.notes.append(f"审查索引还列有处罚依据 {'、'.join(others)}，其适用条件与本案查明的事实不符，未写入建议；"
                         "如有相应情节，请修改。")
    rules = {}
    for pid in chosen:
        unit = ctx.law.penalty_rule(pid, ctx.basis())
        if unit:
            rules[pid] = unit.text
    return chosen, rules


def reasoning_section(ctx: DraftContext, rules: dict[str, str]) -> Section:
    sb = SectionBuilder(ctx, "reasoning", "检察机关认为")
    d = ctx.review.direction
    violated = []
    for pid in d.violated_provisions:
        unit = ctx.law.best_unit(pid, ctx.basis())
        if unit is None:
            continue
        q = unit.text[:-1] if unit.text.endswith("的") and unit.item else unit.text
        name = sb.name(pid, q, unit.item)
        if name:
            violated.append(f"{name}关于“{nest(q)}”的规定")
    first = f"本院认为，{ctx.who}的上述行为" + (f"违反了{'和'.join(violated)}，" if violated else "") + "依法应当给予行政处罚。"
    for pid, rule in rules.items():
        name = sb.name(pid, rule)
        if name:
            first += f"{name}规定：“{nest(rule)}”。"
    sb.add(first)
    second = f"本院已依法对{ctx.name}作出不起诉决定。"
    cpl = sb.quote(CPL_OPINION, Q_CPL)
    if cpl:
        second += f"{ctx.law.name(CPL_OPINION)}规定：“{nest(cpl)}”"
        rules_name = sb.name(RULES_OPINION)
        second += f"；{rules_name}亦作了相应规定。" if rules_name else "。"
    lim = d.limitation
    if lim and lim.status == "running" and lim.start and ctx.law.exists(lim.source):
        name = sb.name(lim.source)
        second += (f"{ctx.who}的违法行为终了于{lim.start.year}年{lim.start.month}月{lim.start.day}日，"
                   f"尚在{name}规定的行政处罚期限内。")
    sb.add(second)
    return sb.build()


def recommendation(ctx: DraftContext, agency: str, chosen: list[str], rules: dict[str, str]) -> Recommendation:
    sb = SectionBuilder(ctx, "recommendation", "检察意见")
    measures: list[str] = []
    for pid in chosen:
        for m in measures_of(rules.get(pid, "")):
            if m not in measures:
                measures.append(m)
    bases = sb.names([CPL_OPINION, RULES_OPINION, HANDBACK])
    penalty = sb.names(chosen)
    text = f"根据{bases}的规定，本院提出如下检察意见：建议{you(agency)}" if bases else f"本院建议{you(agency)}"
    text += f"依照{penalty}的规定，" if penalty else ""
    if measures:
        shown = ["处以罚款" if m == "罚款" else m for m in measures]
        text += f"对{ctx.who}依法给予行政处罚：" + "；".join(shown) + "。"
    else:
        text += f"对{ctx.who}依法给予相应的行政处罚。"
        ctx.notes.append("未能从处罚条文中确定具体处罚种类，建议部分只写“依法给予相应的行政处罚”，请检察官补充。")
    prior = [k for dec in ctx.case.administrative_decisions for k in dec.penalty_kinds]
    if prior:
        ctx.notes.append(f"案件材料显示已作出过行政处罚（{'、'.join(dict.fromkeys(prior))}）：同一违法行为不得给予两次以上罚款"
                         "（行政处罚法#29），已给予的处罚不再建议，请核实后删改建议内容。")
    sb.add(text)
    return Recommendation(kind="administrative_penalty", agency=agency, measures=measures, provisions=chosen,
                          section=sb.build())


def reply_request(ctx: DraftContext, agency: str) -> ReplyRequest:
    """The two-month reply comes from the review index's `agency_reply` rule (its source is only a quotation of
    the 2021 衔接规定, so the letter states the limit without an article number and the notes say why)."""
    sb = SectionBuilder(ctx, "reply", "回复要求")
    rule = ctx.index.deadline("agency_reply")
    if rule and ctx.law.exact(rule.source, rule.quote):
        ctx.cite(rule.source, rule.quote)
        limit = "两个月以内" if "两个月" in rule.quote else f"{rule.days}日以内"
        sb.add(f"请{you(agency)}自收到本检察意见书之日起{limit}将处理结果或者办理情况书面回复本院。")
        status = ctx.law.source_status(rule.source)
        note = ""
        if status != "full_text":
            note = (f"回复期限“{limit}”出自《最高人民检察院关于推进行政执法与刑事司法衔接工作的规定》，语料中只有他人转述"
                    f"（{rule.source}，条号不详），制发前请与正式文本核对。")
            ctx.notes.append(note)
        return ReplyRequest(time_limit=limit, source=rule.source, source_status=status, note=note, section=sb.build())
    name = sb.name(CPL_OPINION)
    sb.add(f"请{you(agency)}依照{name}的规定，将处理结果及时书面通知本院。")
    note = "审查索引中没有回复期限规则（agency_reply），文书只写“及时”通知，请核对。"
    ctx.notes.append(note)
    return ReplyRequest(time_limit=None, source=CPL_OPINION, note=note, section=sb.build())


def compose_reverse(ctx: DraftContext, agency: str) -> dict:
    require_charge(ctx)
    d = ctx.review.direction
    if not d.penalty_provisions:
        ctx.notes.append("审查索引没有该罪名的行政处罚依据，建议部分请检察官补充具体条文。")
    chosen, rules = _penalty_plan(ctx)
    attachments = [f"{ctx.case.decision_number}不起诉决定书" if ctx.case.decision_number else "不起诉决定书"]
    return {
        "case": case_section(ctx),
        "facts": facts_section(ctx),
        "reasoning": reasoning_section(ctx, rules),
        "recommendation": recommendation(ctx, agency, chosen, rules),
        "reply": reply_request(ctx, agency),
        "attachments": attachments,
    }
