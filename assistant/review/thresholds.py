"""Threshold evaluation: the case's amounts and quantities against the rules in force on the conduct date.

Each applicable rule becomes a ThresholdFinding: met, ≥80% (提前介入, seed 麻城), not met, or unknown with the
missing fact named. "10万余元" counts as at least 100,000 and is flagged approximate. A measure the case does not
state is never silently replaced by another: where one is a sound lower bound for the other (已销售金额 within
非法经营数额) it is used with a note saying so.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Callable

from assistant.intake.case import Amount, Case, Quantity
from assistant.review_index import ChargeEntry, ReviewIndex, ThresholdRule

from .circumstances import GENERIC_VARIANT, CircumstanceMatcher, condition_contradicted
from .model import ThresholdFinding, ThresholdStatus, format_number

RATIO = 0.8
_UNIT_ALIASES = {
    "吨": {"吨", "t"}, "千克": {"千克", "公斤", "kg"}, "克": {"克", "g"}, "立方米": {"立方米", "方", "m3", "m³"},
    "只": {"只", "头", "羽"}, "株": {"株", "棵"}, "亩": {"亩"}, "平方米": {"平方米", "㎡", "m2"},
    "mg/100ml": {"mg/100ml", "毫克/100毫升"}, "人": {"人", "名"}, "次": {"次"}, "份": {"份", "张", "册", "本"},
    "瓶": {"瓶"}, "盒": {"盒"}, "支": {"支"}, "件": {"件"}, "条": {"条"}, "倍": {"倍"},
    "部": {"部"}, "个": {"个"},
}
_UNIT_CANON = {alias: canon for canon, aliases in _UNIT_ALIASES.items() for alias in aliases}
_PAREN = re.compile(r"[（(][^）)]*[）)]")
_MONEY = "元"
_ORDER = {"met": 3, "near": 2, "not_met": 1, "unknown": 0}
# measure asked by the rule → measures that are a sound lower bound of it, with the note shown to the user
_STAND_INS = {
    "非法经营数额": (("销售金额", "已销售金额计入非法经营数额，按其比对（未含尚未销售部分的价值）"),
                ("货值金额", "按货值金额比对非法经营数额"), ("价值", "按涉案价值比对非法经营数额")),
    "生产销售金额": (("销售金额", "按销售金额比对"),),
    "矿产品价值": (("销售金额", "按销售所得认定矿产品价值，需核实价格认定"), ("价值", "按涉案价值比对")),
    "价值": (("销售金额", "按销售金额认定价值，需核实价格认定"),),
    "货值金额": (("价值", "按涉案价值比对货值金额"),),
    # the intake reads a tax figure as evaded tax unless 虚开 is said beside it; in a 虚开 review it is the invoices' tax
    "虚开税款数额": (("逃避缴纳税款数额", "按文中所述税款数额比对虚开税款数额，需核实是否为虚开的税款"),),
}
_GENERIC_STAND_IN = ("销售金额", "非法经营数额", "货值金额", "生产销售金额", "价值", "直接经济损失", "矿产品价值")


def _unit_key(unit: str) -> str:
    u = _PAREN.sub("", unit).strip()
    return _UNIT_CANON.get(u, u)


def _unit_keys(unit: str) -> set[str]:
    """A rule's unit and the alternatives its source gives in brackets: 件（部） counts films as well."""
    alts = [a for p in _PAREN.findall(unit) for a in re.split(r"[、/或]", p.strip("（）()")) if a]
    return {_unit_key(unit)} | {_UNIT_CANON.get(a, a) for a in alts}


def subject_of(case: Case) -> str:
    units = [p for p in case.parties if p.kind == "单位" and p.role != "单位负责人"]
    return "单位" if units else "个人"


def conduct_date_of(case: Case) -> date | None:
    return case.conduct_end or case.conduct_start


def _amount_for(case: Case, metric: str) -> tuple[Amount | None, str]:
    a = case.amount(metric)
    if a is not None:
        return a, ""
    for other, note in _STAND_INS.get(metric, ()):
        a = case.amount(other)
        if a is not None:
            return a, note
    generic = case.amount("涉案金额")
    if generic is not None and metric in _GENERIC_STAND_IN:
        return generic, f"案件材料只写明“涉案金额”，暂按{metric}比对，需核实"
    return None, ""


def _quantity_for(case: Case, rule: ThresholdRule) -> Quantity | None:
    want = _unit_keys(rule.unit)
    cands = [q for q in case.quantities if _unit_key(q.unit) in want
             and (rule.metric == "数量" or q.what in (rule.metric, "数量"))]
    # an upper bound (接近三吨) only when no quantity is stated, as for amounts
    cands = [q for q in cands if q.qualifier != "不足"] or cands
    return max(cands, key=lambda q: q.value) if cands else None


def evaluate_rule(rule: ThresholdRule, case: Case, charge: str, matcher: CircumstanceMatcher) -> ThresholdFinding:
    f = ThresholdFinding(
        charge=charge, metric=rule.metric, op=rule.op, value=rule.value, unit=rule.unit, level=rule.level,
        subject=rule.subject, source=rule.source, quote=rule.quote, effective_from=rule.effective_from,
        effective_to=rule.effective_to, variant=rule.variant, condition=rule.condition, note=rule.note,
    )
    facts = case.facts or ""
    if rule.op == "present":
        if rule.variant and matcher.core_conduct(rule.variant, charge):
            f.status = "met"
            f.note = (f.note + "；实施该行为即应立案追诉（行为犯），关键在于对涉案物品性质的认定").strip("；")
        elif rule.variant and matcher.variant(rule.variant, facts, rule.quote, qualitative=True):
            f.status = "met"
            f.note = (f.note + "；事实中出现该情形的表述，需结合证据核实").strip("；")
        else:
            f.missing = "该项为定性情节，需结合证据人工判断是否具备"
        return f
    f.early_intervention_value = rule.value * RATIO if rule.level == "立案追诉" else None
    value: Decimal | None = None
    a = None
    if rule.unit == _MONEY:
        a, note = _amount_for(case, rule.metric)
        if a is not None:
            value, f.case_raw, f.approximate = a.value, a.raw, a.approximate
            if note:
                f.note = (f.note + "；" + note).strip("；")
    else:
        q = _quantity_for(case, rule)
        if q is not None:
            value, f.case_raw, f.approximate = q.value, q.raw, q.approximate
            a = q
    if value is None:
        f.missing = f"案件事实中没有{rule.metric}（{rule.unit}）的数据"
        return f
    v = float(value)
    f.case_value = v
    f.ratio = round(v / rule.value, 4) if rule.value else None
    below = a is not None and a.qualifier == "不足"      # an Amount or a Quantity
    if below and v > rule.value:
        # 不足十万元 against a standard of 五万元: the amount may fall either side of the standard
        f.case_value, f.ratio = None, None
        f.missing = f"数额只表述为“{f.case_raw}”（低于该数），无法判断是否达到{format_number(rule.value)}{rule.unit}，需查清准确数额"
        return f
    if below and v >= rule.value * RATIO and rule.level == "立案追诉":
        # 不足五万元 / 近5万元 against 五万元: under the standard, and close to it
        f.status = "near"
        f.note = (f.note + f"；数额表述为“{f.case_raw}”，实际数额低于该数，需查清准确数额").strip("；")
    elif (v > rule.value) if rule.op == ">" else (v >= rule.value):
        f.status = "met"
    elif rule.level == "立案追诉" and v >= rule.value * RATIO:
        f.status = "near"
    else:
        f.status = "not_met"
    if rule.condition:
        f.note = (f.note + f"；另须具备：{rule.condition}").strip("；")
    return f


def _select(rules: list[ThresholdRule], facts: str, matcher: CircumstanceMatcher, case: Case | None = None,
            kinds: int = 2) -> tuple[list[ThresholdRule], bool]:
    """Keep the rules of the variants the facts describe; without any, the general ones. Returns (rules, matched)."""
    variants = {r.variant for r in rules if r.variant}
    quotes: dict[str, str] = {}
    for r in rules:
        if r.variant:
            quotes[r.variant] = quotes.get(r.variant, "") + r.quote
    matched = {v for v in variants if matcher.variant(v, facts, quotes[v])}
    if case is not None and case.amount("货值金额") is not None:
        # unsold goods were valued: the 尚未销售 standard applies alongside the sales one
        matched |= {r.variant for r in rules if r.variant.startswith("尚未销售") and r.metric == "货值金额"}
    if matched:
        return [r for r in rules if not r.variant or r.variant in matched or r.op == "present"], True
    general = [r for r in rules if not r.variant or r.variant.startswith(GENERIC_VARIANT) or r.op == "present"]
    if any(r.op != "present" for r in general):
        return general, False
    if kinds >= 2:
        return rules, False      # kinds the facts do not name (地类, 物种): all are compared, the strictest decides
    # the charge's only special case (走私 of doping substances) is no kind of it at large: it does not apply unnamed
    return general, False


def evaluate(index: ReviewIndex, entry: ChargeEntry, case: Case, matcher: CircumstanceMatcher,
             provision_text: Callable[[str], str | None] | None = None
             ) -> tuple[ThresholdStatus, list[ThresholdFinding], list[str]]:
    """All findings for the charge, the overall status (on the 立案追诉 rules whose conditions hold) and warnings."""
    warnings: list[str] = []
    on = conduct_date_of(case)
    if on is None:
        warnings.append("未能确定行为发生日期，按现行有效的标准比对；请核实行为时间。")
    facts = case.facts or ""
    kinds = len({r.variant for r in entry.thresholds if r.op != "present" and r.variant})
    rules, matched = _select(index.applicable_thresholds(entry, on, subject_of(case)), facts, matcher, case, kinds)
    findings = [evaluate_rule(r, case, entry.charge, matcher) for r in rules]
    combined = combine_sold_unsold(findings, case, provision_text) if provision_text else None
    if combined is not None:
        findings.append(combined)
    filing = [f for f in findings if f.level == "立案追诉" and (f.op != "present" or f.status == "met")]
    decisive = [f for f in filing if matcher.condition(f.condition, facts, case)]
    if not any(not f.condition for f in filing if f.op != "present") and not any(f.op != "present" for f in decisive):
        # every numeric standard of this charge carries a condition (逃税: 占应纳税额10%且经追缴不补缴): the amount
        # decides the status, and the conditions are listed for the procurator to verify
        decisive = [f for f in filing if f.op != "present" or f in decisive]
        conds = sorted({f.condition for f in filing if f.condition and f.status in ("met", "near")})
        if conds:
            warnings.append("数额已达标准，另须核实：" + "；".join(conds[:3]))
    for f in decisive:
        if f.status == "met" and f.condition and condition_contradicted(f.condition, facts):
            # 逃税 paid back after the notice: 刑法#201.4 — no criminal liability unless the five-year exception holds
            f.status = "not_met"
            f.note = (f.note + "；文书载明已按追缴通知补缴税款，该项附加条件不具备（刑法#201.4），需核实是否已缴纳滞纳金、"
                      "履行行政处罚").strip("；")
    per_variant: dict[str, ThresholdStatus] = {}
    for f in decisive:
        key = "" if f.op == "present" else f.variant
        if _ORDER[f.status] > _ORDER[per_variant.get(key, "unknown")]:
            per_variant[key] = f.status
    status: ThresholdStatus = "unknown"
    if per_variant.get("") == "met":
        status = "met"
    elif per_variant:
        known = [v for v in per_variant.values() if v != "unknown"]
        if len(per_variant) > 1 and not matched and known:
            # the facts do not say which kind (地类/物种/商品) applies: the strictest reading decides, and we say so
            status = min(known, key=lambda x: _ORDER[x])
            warnings.append("未能从事实中确定适用的具体情形（如地类、物种、商品种类），按较高的入罪门槛判断，请核实。")
        else:
            status = max(per_variant.values(), key=lambda x: _ORDER[x])
    if status != "met" and any(f.status == "met" and f.condition for f in findings):
        warnings.append("有附条件的立案标准在数额上已达到，需核实其附加条件是否具备。")
    if not any(f.op != "present" for f in findings):
        warnings.append(f"{entry.charge}罪的立案标准为定性情节，需结合证据判断。")
    if any(f.approximate for f in findings if f.status in ("met", "near")):
        warnings.append("比对所用数额为约数（如“余”“约”），需核实准确数额。")
    shown = [f for f in findings if f.op != "present" or f.status == "met"] or findings
    return status, shown, warnings


_COMBINED = re.compile(r"[^。；\n]*(?:已销售|销售金额)[^。；\n]*合计[^。；\n]*")


def combine_sold_unsold(findings: list[ThresholdFinding], case: Case, provision_text) -> ThresholdFinding | None:
    """已销售 + 尚未销售: where the source provision says the sold amount (×3 in 立案追诉标准（一）#16) and the
    unsold goods' value are added up (…合计十五万元以上), evaluate that sum. Returns the finding, or None."""
    unsold = next((f for f in findings if f.metric == "货值金额" and f.variant.startswith("尚未销售") and not f.condition), None)
    sold = case.amount("销售金额")
    goods = case.amount("货值金额")
    if unsold is None or sold is None or goods is None:
        return None
    text = provision_text(unsold.source) or ""
    m = _COMBINED.search(text)
    if not m:
        return None
    quote = m.group(0).strip()
    multiple = 3 if "乘以三倍" in quote else 1
    total = float(sold.value) * multiple + float(goods.value)
    f = unsold.model_copy(update={
        "metric": "货值金额", "variant": "已销售与尚未销售合计", "quote": quote, "case_value": total,
        "case_raw": f"{sold.raw} + {goods.raw}", "approximate": sold.approximate or goods.approximate,
        "ratio": round(total / unsold.value, 4),
        "note": (f"已销售金额{'×3' if multiple == 3 else ''}与尚未销售货值合计 {total:g} 元"),
    })
    f.status = "met" if total >= unsold.value else "near" if total >= unsold.value * RATIO else "not_met"
    return f
