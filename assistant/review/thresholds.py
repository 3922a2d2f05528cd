"""Threshold evaluation: the case's amounts and quantities against the rules in force on the conduct date.

Each applicable numeric rule becomes a ThresholdFinding: met, ≥80% (提前介入, seed 麻城), not met, or unknown
with the missing fact named. An amount written as "10万余元" counts as at least 100,000 and is flagged as
approximate; an amount the text does not attribute to a metric (涉案金额) is never silently taken for 销售金额:
it is used only with a note asking to verify.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from assistant.intake.case import Amount, Case, Quantity
from assistant.review_index import ChargeEntry, ReviewIndex, ThresholdRule

from .model import ThresholdFinding, ThresholdStatus

RATIO = 0.8
_UNIT_ALIASES = {
    "吨": {"吨", "t"}, "千克": {"千克", "公斤", "kg"}, "克": {"克", "g"}, "立方米": {"立方米", "方", "m3", "m³"},
    "只": {"只", "头", "羽", "条"}, "株": {"株", "棵"}, "亩": {"亩"}, "平方米": {"平方米", "㎡", "m2"},
    "mg/100ml": {"mg/100ml", "毫克/100毫升"}, "人": {"人", "名"}, "次": {"次"}, "份": {"份", "张"}, "张": {"张", "份"},
    "瓶": {"瓶"}, "盒": {"盒"}, "支": {"支"}, "件": {"件"}, "条": {"条"}, "倍": {"倍"},
}
_UNIT_CANON = {alias: canon for canon, aliases in {
    "吨": ("吨", "t"), "千克": ("千克", "公斤", "kg"), "克": ("克", "g"), "立方米": ("立方米", "方", "m3", "m³"),
    "株": ("株", "棵"), "平方米": ("平方米", "㎡", "m2"), "mg/100ml": ("mg/100ml", "毫克/100毫升"),
    "人": ("人", "名"),
}.items() for alias in aliases}
_MONEY = "元"
_VARIANT_SPLIT = re.compile(r"[、，,（）()“”\s/]+|或者|或|及|和|等")
_GENERIC_VARIANT = ("其他", "一般")
# everyday words for a few variants whose index wording is formal
_VARIANT_SYNONYMS = {
    "烟草专卖品": ("卷烟", "香烟", "烟草", "烟叶", "雪茄"),
    "非法买卖外汇": ("外汇", "换汇", "美元"),
    "非法从事资金支付结算业务": ("支付结算", "POS机", "套现", "地下钱庄"),
    "醉酒驾驶": ("醉酒驾驶", "醉驾", "醉酒驾车", "醉酒后驾驶"),
    "追逐竞驶": ("追逐竞驶", "飙车"),
    "商品林地": ("商品林",),
}
_ORDER = {"met": 3, "near": 2, "not_met": 1, "unknown": 0}


def _units(unit: str) -> set[str]:
    canon = _UNIT_CANON.get(unit, unit)
    return _UNIT_ALIASES.get(canon, {canon}) | {unit}


def variant_terms(variant: str) -> list[str]:
    v = variant.split("以外的")[-1]  # "永久基本农田以外的耕地" is about 耕地
    terms = [t for t in _VARIANT_SPLIT.split(v) if len(t) >= 2 and not t.startswith(_GENERIC_VARIANT)]
    for key, syn in _VARIANT_SYNONYMS.items():
        if key in variant:
            terms.extend(syn)
    return terms


def variant_matches(variant: str, facts: str) -> bool:
    if not variant or variant.startswith(_GENERIC_VARIANT):
        return False
    if "以外的" in variant and variant.split("以外的")[0] in facts:
        return False
    return any(t in facts for t in variant_terms(variant))


def subject_of(case: Case) -> str:
    units = [p for p in case.parties if p.kind == "单位" and p.role != "单位负责人"]
    return "单位" if units else "个人"


def conduct_date_of(case: Case) -> date | None:
    return case.conduct_end or case.conduct_start


def _amount_for(case: Case, metric: str) -> tuple[Amount | None, str]:
    a = case.amount(metric)
    if a is not None:
        return a, ""
    # 违法所得 / 销售金额 are distinct measures; only the unattributed 涉案金额 may stand in, with a note
    generic = case.amount("涉案金额")
    if generic is not None and metric in ("销售金额", "非法经营数额", "货值金额", "生产销售金额", "价值", "直接经济损失"):
        return generic, f"案件材料只写明“涉案金额”，暂按{metric}比对，需核实"
    return None, ""


def _quantity_for(case: Case, rule: ThresholdRule) -> Quantity | None:
    units = _units(rule.unit)
    cands = [q for q in case.quantities if (q.unit in units or _UNIT_CANON.get(q.unit) in units) and (rule.metric == "数量" or q.what == rule.metric
                                                                  or q.what == "数量")]
    return max(cands, key=lambda q: q.value) if cands else None


def evaluate_rule(rule: ThresholdRule, case: Case, charge: str) -> ThresholdFinding:
    f = ThresholdFinding(
        charge=charge, metric=rule.metric, op=rule.op, value=rule.value, unit=rule.unit, level=rule.level,
        subject=rule.subject, source=rule.source, quote=rule.quote, effective_from=rule.effective_from,
        effective_to=rule.effective_to, variant=rule.variant, condition=rule.condition, note=rule.note,
    )
    if rule.op != "present":
        f.early_intervention_value = rule.value * RATIO if rule.level == "立案追诉" else None
    if rule.op == "present":
        if rule.variant and variant_matches(rule.variant, case.facts or ""):
            f.status = "met"
            f.note = (f.note + "；事实中出现该情形的表述，需结合证据核实").strip("；")
        else:
            f.missing = "该项为定性情节，需结合证据人工判断是否具备"
        return f
    value: Decimal | None = None
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
    if value is None:
        f.missing = f"案件事实中没有{rule.metric}（{rule.unit}）的数据"
        return f
    v = float(value)
    f.case_value = v
    f.ratio = round(v / rule.value, 4) if rule.value else None
    met = v > rule.value if rule.op == ">" else v >= rule.value
    if met:
        f.status = "met"
    elif rule.level == "立案追诉" and v >= rule.value * RATIO:
        f.status = "near"
    else:
        f.status = "not_met"
    if rule.condition:
        f.note = (f.note + f"；另须具备：{rule.condition}").strip("；")
    return f


def evaluate(index: ReviewIndex, entry: ChargeEntry, case: Case) -> tuple[ThresholdStatus, list[ThresholdFinding], list[str]]:
    """All findings for the charge, the overall status (on unconditional 立案追诉 rules) and warnings."""
    warnings: list[str] = []
    on = conduct_date_of(case)
    if on is None:
        warnings.append("未能确定行为发生日期，按现行有效的标准比对；请核实行为时间。")
    subject = subject_of(case)
    rules = index.applicable_thresholds(entry, on, subject)
    facts = case.facts or ""
    variants = {r.variant for r in rules if r.variant}
    matched = {v for v in variants if variant_matches(v, facts)}
    if matched:
        rules = [r for r in rules if not r.variant or r.variant in matched]
    elif variants:
        general = [r for r in rules if not r.variant or r.variant.startswith(_GENERIC_VARIANT)]
        if any(r.op != "present" for r in general):
            rules = general
    findings = [evaluate_rule(r, case, entry.charge) for r in rules]
    numeric = [f for f in findings if f.op != "present"]
    qualitative_only = not numeric
    decisive = [f for f in findings if f.level == "立案追诉" and not f.condition and (f.op != "present" or f.status == "met")]
    per_variant: dict[str, ThresholdStatus] = {}
    for f in decisive:
        cur = per_variant.get(f.variant, "unknown")
        if _ORDER[f.status] > _ORDER[cur]:
            per_variant[f.variant] = f.status
    status: ThresholdStatus = "unknown"
    if per_variant:
        known = [v for v in per_variant.values() if v != "unknown"]
        if len(per_variant) > 1 and not matched and known:
            # the facts do not say which kind (地类/物种/商品) applies: the strictest reading decides, and we say so
            status = min(known, key=lambda x: _ORDER[x])
            warnings.append("未能从事实中确定适用的具体情形（如地类、物种、商品种类），按较高的入罪门槛判断，请核实。")
        else:
            status = max(per_variant.values(), key=lambda x: _ORDER[x])
    if status == "unknown" and any(f.status == "met" and f.level != "立案追诉" for f in numeric):
        status = "met"  # a higher level (情节严重) met implies the filing level is met
    if any(f.status == "met" and f.condition for f in numeric) and status != "met":
        warnings.append("有附条件的立案标准在数额上已达到，需核实其附加条件是否具备。")
    if qualitative_only:
        warnings.append(f"{entry.charge}罪的立案标准为定性情节，需结合证据判断。")
    if any(f.approximate for f in numeric if f.status in ("met", "near")):
        warnings.append("比对所用数额为约数（如“余”“约”），需核实准确数额。")
    shown = [f for f in findings if f.op != "present" or f.status == "met"] or findings
    return status, shown, warnings
